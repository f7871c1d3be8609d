-- bench/run.sh: __USERS__ users spread over the live departments, each with role 2 (common) and
-- post 4, in one transaction. Every row reuses one bcrypt hash (admin123, cost 10): seeding must
-- not pay for 10,000 hashes. Every 10th user has status '1' so the list's status filter matters.
-- Prints "<min id> <max id>" of the seeded users.
.timeout 10000
BEGIN;
CREATE TEMP TABLE bench_depts AS
  SELECT ROW_NUMBER() OVER (ORDER BY dept_id) - 1 AS k, dept_id FROM sys_dept WHERE del_flag = '0';
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < __USERS__)
INSERT INTO sys_user (dept_id, user_name, nick_name, user_type, email, phonenumber, sex, avatar, password,
                      status, del_flag, login_ip, login_date, pwd_update_date, create_by, create_time,
                      update_by, update_time, remark)
SELECT (SELECT dept_id FROM bench_depts WHERE k = n % (SELECT COUNT(*) FROM bench_depts)),
       'bench' || n, '压测用户' || n, '00', 'bench' || n || '@example.com', printf('139%08d', n),
       CAST(n % 2 AS TEXT), '', '$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2',
       CASE WHEN n % 10 = 0 THEN '1' ELSE '0' END, '0', '127.0.0.1', NULL,
       datetime('now','localtime'), 'bench', datetime('now','localtime'), '', NULL, 'bench seed'
FROM seq;
INSERT INTO sys_user_role (user_id, role_id) SELECT user_id, 2 FROM sys_user WHERE create_by = 'bench';
INSERT INTO sys_user_post (user_id, post_id) SELECT user_id, 4 FROM sys_user WHERE create_by = 'bench';
COMMIT;
ANALYZE;
SELECT MIN(user_id) || ' ' || MAX(user_id) FROM sys_user WHERE create_by = 'bench';
