-- At most one live user per user_name, enforced by the database: the service's check-then-insert
-- cannot stop two instances (or two requests on PostgreSQL's READ COMMITTED) from adding the same
-- name at once. Deleted rows (del_flag '2') keep their names and may repeat them.
CREATE UNIQUE INDEX uq_sys_user_live_name ON sys_user (user_name) WHERE del_flag = '0'
