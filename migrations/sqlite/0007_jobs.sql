-- Scheduled jobs (API.md §3.6, §5, §6): sys_job, sys_job_log, the scheduler's bookkeeping, the
-- 定时任务 page with its buttons, the job dictionaries and the three seed jobs.

CREATE TABLE sys_job (
    job_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name        VARCHAR(64) DEFAULT '',
    job_group       VARCHAR(64) DEFAULT 'default',
    job_executor    VARCHAR(64) DEFAULT 'default',
    invoke_target   VARCHAR(500) NOT NULL,
    job_args        VARCHAR(255) DEFAULT '',
    job_kwargs      VARCHAR(255) DEFAULT '',
    cron_expression VARCHAR(255) DEFAULT '',
    misfire_policy  VARCHAR(20) DEFAULT '3',
    concurrent      CHAR(1) DEFAULT '1',
    status          CHAR(1) DEFAULT '0',
    create_by       VARCHAR(64) DEFAULT '',
    create_time     TEXT,
    update_by       VARCHAR(64) DEFAULT '',
    update_time     TEXT,
    remark          VARCHAR(500) DEFAULT ''
);

-- start_time / end_time keep milliseconds as text 'YYYY-MM-DDTHH:MM:SS.mmm' in both dialects (the
-- wire form, API.md §3.6, sorting in time order).
CREATE TABLE sys_job_log (
    job_log_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_name       VARCHAR(64) NOT NULL,
    job_group      VARCHAR(64) NOT NULL,
    job_executor   VARCHAR(64) NOT NULL,
    invoke_target  VARCHAR(500) NOT NULL,
    job_args       VARCHAR(255) DEFAULT '',
    job_kwargs     VARCHAR(255) DEFAULT '',
    job_trigger    VARCHAR(255) DEFAULT '',
    job_message    VARCHAR(500),
    status         CHAR(1) DEFAULT '0',
    exception_info VARCHAR(2000) DEFAULT '',
    start_time     VARCHAR(23),
    end_time       VARCHAR(23),
    create_time    TEXT
);
CREATE INDEX idx_sys_job_log_ct ON sys_job_log (create_time);

-- Scheduler bookkeeping (not API). One row per claimed cron firing: the unique (job_id, fire_time)
-- makes each firing run on exactly one instance, manual runs have fire_time NULL. state 'R' running
-- (lease_until renewed while it runs), 'D' done. The latest fire_time per job is where a restart resumes.
CREATE TABLE sys_job_firing (
    firing_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      BIGINT NOT NULL,
    fire_time   TEXT,
    instance    VARCHAR(64) DEFAULT '',
    state       CHAR(1) DEFAULT 'R',
    claimed_at  TEXT,
    lease_until TEXT
);
CREATE UNIQUE INDEX uq_sys_job_firing ON sys_job_firing (job_id, fire_time);
CREATE INDEX idx_sys_job_firing_state ON sys_job_firing (job_id, state);
-- One row: bumped by every write to sys_job, polled by every instance (changes apply everywhere).
CREATE TABLE sys_job_version (id INT PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0);
INSERT INTO sys_job_version (id, version) VALUES (1, 0);

INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (110, '定时任务', 2, 2, 'job', 'monitor/job/index', '', '', 1, 0, 'C', '0', '0', 'monitor:job:list', 'job', 'admin', datetime('now','localtime'), '', NULL, '定时任务菜单');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1049, '任务查询', 110, 1, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:query', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1050, '任务新增', 110, 2, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:add', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1051, '任务修改', 110, 3, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:edit', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1052, '任务删除', 110, 4, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:remove', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1053, '状态修改', 110, 5, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:changeStatus', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_menu (menu_id, menu_name, parent_id, order_num, path, component, query, route_name, is_frame, is_cache, menu_type, visible, status, perms, icon, create_by, create_time, update_by, update_time, remark) VALUES (1054, '任务导出', 110, 6, '#', '', '', '', 1, 0, 'F', '0', '0', 'monitor:job:export', '#', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 110);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1049);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1050);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1051);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1052);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1053);
INSERT INTO sys_role_menu (role_id, menu_id) VALUES (2, 1054);

INSERT INTO sys_dict_type (dict_id, dict_name, dict_type, status, create_by, create_time, update_by, update_time, remark) VALUES (4, '任务状态', 'sys_job_status', '0', 'admin', datetime('now','localtime'), '', NULL, '任务状态列表');
INSERT INTO sys_dict_type (dict_id, dict_name, dict_type, status, create_by, create_time, update_by, update_time, remark) VALUES (5, '任务分组', 'sys_job_group', '0', 'admin', datetime('now','localtime'), '', NULL, '任务分组列表');
INSERT INTO sys_dict_type (dict_id, dict_name, dict_type, status, create_by, create_time, update_by, update_time, remark) VALUES (6, '任务执行器', 'sys_job_executor', '0', 'admin', datetime('now','localtime'), '', NULL, '任务执行器列表');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (8, 1, '正常', '0', 'sys_job_status', '', 'primary', 'Y', '0', 'admin', datetime('now','localtime'), '', NULL, '正常状态');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (9, 2, '暂停', '1', 'sys_job_status', '', 'danger', 'N', '0', 'admin', datetime('now','localtime'), '', NULL, '停用状态');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (10, 1, '默认', 'default', 'sys_job_group', '', '', 'Y', '0', 'admin', datetime('now','localtime'), '', NULL, '默认分组');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (11, 2, '数据库', 'sqlalchemy', 'sys_job_group', '', '', 'N', '0', 'admin', datetime('now','localtime'), '', NULL, '数据库分组');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (12, 3, 'redis', 'redis', 'sys_job_group', '', '', 'N', '0', 'admin', datetime('now','localtime'), '', NULL, 'redis分组');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (13, 1, '默认', 'default', 'sys_job_executor', '', '', 'N', '0', 'admin', datetime('now','localtime'), '', NULL, '默认调度器');
INSERT INTO sys_dict_data (dict_code, dict_sort, dict_label, dict_value, dict_type, css_class, list_class, is_default, status, create_by, create_time, update_by, update_time, remark) VALUES (14, 2, '进程池', 'processpool', 'sys_job_executor', '', '', 'N', '0', 'admin', datetime('now','localtime'), '', NULL, '进程池调度器');

INSERT INTO sys_job (job_id, job_name, job_group, job_executor, invoke_target, job_args, job_kwargs, cron_expression, misfire_policy, concurrent, status, create_by, create_time, update_by, update_time, remark) VALUES (1, '系统默认（无参）', 'default', 'default', 'module_task.scheduler_test.job', NULL, NULL, '0/10 * * * * ?', '3', '1', '1', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_job (job_id, job_name, job_group, job_executor, invoke_target, job_args, job_kwargs, cron_expression, misfire_policy, concurrent, status, create_by, create_time, update_by, update_time, remark) VALUES (2, '系统默认（有参）', 'default', 'default', 'module_task.scheduler_test.job', 'test', NULL, '0/15 * * * * ?', '3', '1', '1', 'admin', datetime('now','localtime'), '', NULL, '');
INSERT INTO sys_job (job_id, job_name, job_group, job_executor, invoke_target, job_args, job_kwargs, cron_expression, misfire_policy, concurrent, status, create_by, create_time, update_by, update_time, remark) VALUES (3, '系统默认（多参）', 'default', 'default', 'module_task.scheduler_test.job', 'new', '{"test": 111}', '0/20 * * * * ?', '3', '1', '1', 'admin', datetime('now','localtime'), '', NULL, '');
DELETE FROM sqlite_sequence WHERE name = 'sys_job';
INSERT INTO sqlite_sequence (name, seq) VALUES ('sys_job', 99);
