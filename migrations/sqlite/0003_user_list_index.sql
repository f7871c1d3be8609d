-- The user list's filter and count (del_flag, status, ordered by user_id) from the index alone,
-- instead of evaluating every row (make bench: 17x the cost of a get without it).
CREATE INDEX idx_sys_user_del_status ON sys_user (del_flag, status, user_id);
