-- Sessions that end (API.md §2): a token is valid only under the session_version it was issued with
-- (claim sv), or for the one session named in session_keep (the caller of updatePwd). resetPwd, a
-- disable and a delete bump the version; updatePwd bumps it and keeps the caller's session.
ALTER TABLE sys_user ADD COLUMN session_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sys_user ADD COLUMN session_keep VARCHAR(64) NOT NULL DEFAULT '';
