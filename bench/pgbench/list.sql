-- pgbench -M prepared: the database's own limit for `list` — the count and page statements
-- UserRepository::page renders for ?pageNum=1..100&pageSize=10&status=0 (one transaction = one page).
\set page random(0, 99)
\set offset :page * 10
SELECT COUNT(*) FROM sys_user u WHERE (u.del_flag = '0') AND (u.status = '0');
SELECT u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, u.avatar, u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, u.update_by, u.update_time, u.remark FROM sys_user u WHERE (u.del_flag = '0') AND (u.status = '0') ORDER BY u.user_id LIMIT 10 OFFSET :offset;
