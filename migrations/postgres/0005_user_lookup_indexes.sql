-- Login and the uniqueness checks look a user up by one column and del_flag = '0'. Without an index
-- that starts with that column, SQLite's planner picked idx_sys_user_del_status (del_flag, ...) for
-- `user_name = ? AND del_flag = '0'` and walked every live user (login of an unknown name: 8k → 300
-- req/s at 40k users), and phonenumber / email had no index at all. Two-column indexes give each
-- lookup an exact seek (and cover SELECT 1); the single-column user_name index is superseded.
CREATE INDEX idx_sys_user_name_del ON sys_user (user_name, del_flag);
CREATE INDEX idx_sys_user_phone_del ON sys_user (phonenumber, del_flag);
CREATE INDEX idx_sys_user_email_del ON sys_user (email, del_flag);
DROP INDEX idx_sys_user_user_name;
