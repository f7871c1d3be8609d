-- bench/run.sh: the PostgreSQL twin of sqlite.sql (same rows, one transaction, one reused bcrypt
-- hash). Run with psql -X -q -t -A -v ON_ERROR_STOP=1. Prints "<min id> <max id>".
BEGIN;
CREATE TEMP TABLE bench_depts AS
  SELECT (ROW_NUMBER() OVER (ORDER BY dept_id) - 1)::int AS k, dept_id FROM sys_dept WHERE del_flag = '0';
INSERT INTO sys_user (dept_id, user_name, nick_name, user_type, email, phonenumber, sex, avatar, password,
                      status, del_flag, login_ip, login_date, pwd_update_date, create_by, create_time,
                      update_by, update_time, remark)
SELECT (SELECT dept_id FROM bench_depts WHERE k = n % (SELECT COUNT(*) FROM bench_depts)),
       'bench' || n, '压测用户' || n, '00', 'bench' || n || '@example.com', '139' || lpad(n::text, 8, '0'),
       (n % 2)::text, '', '$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2',
       CASE WHEN n % 10 = 0 THEN '1' ELSE '0' END, '0', '127.0.0.1', NULL,
       LOCALTIMESTAMP(0), 'bench', LOCALTIMESTAMP(0), '', NULL, 'bench seed'
FROM generate_series(1, __USERS__) AS n;
INSERT INTO sys_user_role (user_id, role_id) SELECT user_id, 2 FROM sys_user WHERE create_by = 'bench';
INSERT INTO sys_user_post (user_id, post_id) SELECT user_id, 4 FROM sys_user WHERE create_by = 'bench';
COMMIT;
ANALYZE;
SELECT MIN(user_id) || ' ' || MAX(user_id) FROM sys_user WHERE create_by = 'bench';
