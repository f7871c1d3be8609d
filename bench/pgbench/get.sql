-- pgbench -M prepared: the database's own limit for `get` — the same single-row SELECT the
-- server's UserRepository::find_live runs, by a random seeded id (-D id_min=… -D id_max=…).
\set id random(:id_min, :id_max)
SELECT u.user_id, u.dept_id, u.user_name, u.nick_name, u.user_type, u.email, u.phonenumber, u.sex, u.avatar, u.status, u.del_flag, u.login_ip, u.login_date, u.pwd_update_date, u.create_by, u.create_time, u.update_by, u.update_time, u.remark FROM sys_user u WHERE u.user_id = :id AND u.del_flag = '0';
