-- ruoyi-cpp schema, SQLite. Timestamps are TEXT holding local time YYYY-MM-DD HH:MM:SS.
-- VARCHAR/CHAR widths are documentation only in SQLite: the application validates lengths.
-- Keep in step with migrations/postgres/0001_schema.sql.

-- sys_dept (部门表)
CREATE TABLE sys_dept (
    dept_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id   BIGINT DEFAULT 0,
    ancestors   VARCHAR(500) DEFAULT '',
    dept_name   VARCHAR(30) DEFAULT '',
    order_num   INT DEFAULT 0,
    leader      VARCHAR(20),
    phone       VARCHAR(11),
    email       VARCHAR(50),
    status      CHAR(1) DEFAULT '0',
    del_flag    CHAR(1) DEFAULT '0',
    create_by   VARCHAR(64) DEFAULT '',
    create_time TEXT,
    update_by   VARCHAR(64) DEFAULT '',
    update_time TEXT
);

-- sys_user (用户信息表)
CREATE TABLE sys_user (
    user_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dept_id         BIGINT,
    user_name       VARCHAR(30) NOT NULL,
    nick_name       VARCHAR(30) NOT NULL,
    user_type       VARCHAR(2) DEFAULT '00',
    email           VARCHAR(50) DEFAULT '',
    phonenumber     VARCHAR(11) DEFAULT '',
    sex             CHAR(1) DEFAULT '0',
    avatar          VARCHAR(100) DEFAULT '',
    password        VARCHAR(100) DEFAULT '',
    status          CHAR(1) DEFAULT '0',
    del_flag        CHAR(1) DEFAULT '0',
    login_ip        VARCHAR(128) DEFAULT '',
    login_date      TEXT,
    pwd_update_date TEXT,
    create_by       VARCHAR(64) DEFAULT '',
    create_time     TEXT,
    update_by       VARCHAR(64) DEFAULT '',
    update_time     TEXT,
    remark          VARCHAR(500)
);
CREATE INDEX idx_sys_user_user_name ON sys_user (user_name);
CREATE INDEX idx_sys_user_dept_id ON sys_user (dept_id);

-- sys_role (角色信息表)
CREATE TABLE sys_role (
    role_id             INTEGER PRIMARY KEY AUTOINCREMENT,
    role_name           VARCHAR(30) NOT NULL,
    role_key            VARCHAR(100) NOT NULL,
    role_sort           INT NOT NULL,
    data_scope          CHAR(1) DEFAULT '1',
    menu_check_strictly SMALLINT DEFAULT 1,
    dept_check_strictly SMALLINT DEFAULT 1,
    status              CHAR(1) DEFAULT '0',
    del_flag            CHAR(1) DEFAULT '0',
    create_by           VARCHAR(64) DEFAULT '',
    create_time         TEXT,
    update_by           VARCHAR(64) DEFAULT '',
    update_time         TEXT,
    remark              VARCHAR(500)
);

-- sys_menu (菜单权限表)
CREATE TABLE sys_menu (
    menu_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    menu_name   VARCHAR(50) NOT NULL,
    parent_id   BIGINT DEFAULT 0,
    order_num   INT DEFAULT 0,
    path        VARCHAR(200) DEFAULT '',
    component   VARCHAR(255),
    query       VARCHAR(255),
    route_name  VARCHAR(50) DEFAULT '',
    is_frame    INT DEFAULT 1,
    is_cache    INT DEFAULT 0,
    menu_type   CHAR(1),
    visible     CHAR(1) DEFAULT '0',
    status      CHAR(1) DEFAULT '0',
    perms       VARCHAR(100),
    icon        VARCHAR(100) DEFAULT '#',
    create_by   VARCHAR(64) DEFAULT '',
    create_time TEXT,
    update_by   VARCHAR(64) DEFAULT '',
    update_time TEXT,
    remark      VARCHAR(500) DEFAULT ''
);

-- sys_post (岗位信息表)
CREATE TABLE sys_post (
    post_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    post_code   VARCHAR(64) NOT NULL,
    post_name   VARCHAR(50) NOT NULL,
    post_sort   INT NOT NULL,
    status      CHAR(1) DEFAULT '0',
    create_by   VARCHAR(64) DEFAULT '',
    create_time TEXT,
    update_by   VARCHAR(64) DEFAULT '',
    update_time TEXT,
    remark      VARCHAR(500)
);

-- sys_user_role (用户和角色关联表)
CREATE TABLE sys_user_role (
    user_id BIGINT NOT NULL,
    role_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX idx_sys_user_role_role_id ON sys_user_role (role_id);

-- sys_user_post (用户与岗位关联表)
CREATE TABLE sys_user_post (
    user_id BIGINT NOT NULL,
    post_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX idx_sys_user_post_post_id ON sys_user_post (post_id);

-- sys_role_menu (角色和菜单关联表)
CREATE TABLE sys_role_menu (
    role_id BIGINT NOT NULL,
    menu_id BIGINT NOT NULL,
    PRIMARY KEY (role_id, menu_id)
);
CREATE INDEX idx_sys_role_menu_menu_id ON sys_role_menu (menu_id);

-- sys_role_dept (角色和部门关联表)
CREATE TABLE sys_role_dept (
    role_id BIGINT NOT NULL,
    dept_id BIGINT NOT NULL,
    PRIMARY KEY (role_id, dept_id)
);
CREATE INDEX idx_sys_role_dept_dept_id ON sys_role_dept (dept_id);

-- sys_dict_type (字典类型表)
CREATE TABLE sys_dict_type (
    dict_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    dict_name   VARCHAR(100) DEFAULT '',
    dict_type   VARCHAR(100) DEFAULT '',
    status      CHAR(1) DEFAULT '0',
    create_by   VARCHAR(64) DEFAULT '',
    create_time TEXT,
    update_by   VARCHAR(64) DEFAULT '',
    update_time TEXT,
    remark      VARCHAR(500),
    CONSTRAINT uk_sys_dict_type_dict_type UNIQUE (dict_type)
);

-- sys_dict_data (字典数据表)
CREATE TABLE sys_dict_data (
    dict_code   INTEGER PRIMARY KEY AUTOINCREMENT,
    dict_sort   INT DEFAULT 0,
    dict_label  VARCHAR(100) DEFAULT '',
    dict_value  VARCHAR(100) DEFAULT '',
    dict_type   VARCHAR(100) DEFAULT '',
    css_class   VARCHAR(100),
    list_class  VARCHAR(100),
    is_default  CHAR(1) DEFAULT 'N',
    status      CHAR(1) DEFAULT '0',
    create_by   VARCHAR(64) DEFAULT '',
    create_time TEXT,
    update_by   VARCHAR(64) DEFAULT '',
    update_time TEXT,
    remark      VARCHAR(500)
);
CREATE INDEX idx_sys_dict_data_dict_type ON sys_dict_data (dict_type);

-- sys_config (参数配置表)
CREATE TABLE sys_config (
    config_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    config_name  VARCHAR(100) DEFAULT '',
    config_key   VARCHAR(100) DEFAULT '',
    config_value VARCHAR(500) DEFAULT '',
    config_type  CHAR(1) DEFAULT 'N',
    create_by    VARCHAR(64) DEFAULT '',
    create_time  TEXT,
    update_by    VARCHAR(64) DEFAULT '',
    update_time  TEXT,
    remark       VARCHAR(500)
);

-- sys_notice (通知公告表)
CREATE TABLE sys_notice (
    notice_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_title   VARCHAR(50) NOT NULL,
    notice_type    CHAR(1) NOT NULL,
    notice_content TEXT,
    status         CHAR(1) DEFAULT '0',
    create_by      VARCHAR(64) DEFAULT '',
    create_time    TEXT,
    update_by      VARCHAR(64) DEFAULT '',
    update_time    TEXT,
    remark         VARCHAR(255)
);

-- sys_notice_read (公告已读记录表)
CREATE TABLE sys_notice_read (
    read_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id INT NOT NULL,
    user_id   BIGINT NOT NULL,
    read_time TEXT NOT NULL,
    CONSTRAINT uk_sys_notice_read_user_notice UNIQUE (user_id, notice_id)
);

-- sys_logininfor (系统访问记录)
CREATE TABLE sys_logininfor (
    info_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name      VARCHAR(50) DEFAULT '',
    ipaddr         VARCHAR(128) DEFAULT '',
    login_location VARCHAR(255) DEFAULT '',
    browser        VARCHAR(50) DEFAULT '',
    os             VARCHAR(50) DEFAULT '',
    status         CHAR(1) DEFAULT '0',
    msg            VARCHAR(255) DEFAULT '',
    login_time     TEXT
);
CREATE INDEX idx_sys_logininfor_s ON sys_logininfor (status);
CREATE INDEX idx_sys_logininfor_lt ON sys_logininfor (login_time);

-- sys_oper_log (操作日志记录)
CREATE TABLE sys_oper_log (
    oper_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    title          VARCHAR(50) DEFAULT '',
    business_type  INT DEFAULT 0,
    method         VARCHAR(100) DEFAULT '',
    request_method VARCHAR(10) DEFAULT '',
    operator_type  INT DEFAULT 0,
    oper_name      VARCHAR(50) DEFAULT '',
    dept_name      VARCHAR(50) DEFAULT '',
    oper_url       VARCHAR(255) DEFAULT '',
    oper_ip        VARCHAR(128) DEFAULT '',
    oper_location  VARCHAR(255) DEFAULT '',
    oper_param     VARCHAR(2000) DEFAULT '',
    json_result    VARCHAR(2000) DEFAULT '',
    status         INT DEFAULT 0,
    error_msg      VARCHAR(2000) DEFAULT '',
    oper_time      TEXT,
    cost_time      BIGINT DEFAULT 0
);
CREATE INDEX idx_sys_oper_log_bt ON sys_oper_log (business_type);
CREATE INDEX idx_sys_oper_log_s ON sys_oper_log (status);
CREATE INDEX idx_sys_oper_log_ot ON sys_oper_log (oper_time);
