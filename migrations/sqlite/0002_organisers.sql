-- G1 G4: accounts, roles per event, server-side sessions, one-time tokens, audit log.
-- Secrets are never stored in clear: sessions and one-time tokens keep the SHA-256 of the
-- random value the browser or the link holds; passwords keep their argon2id PHC string.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL DEFAULT '',
    password_hash  TEXT,
    is_admin       BIGINT  NOT NULL DEFAULT 0,
    disabled       BIGINT  NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE event_roles (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id  BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role      TEXT   NOT NULL CHECK (role IN ('organiser', 'reviewer')),
    PRIMARY KEY (user_id, event_id, role)
);
CREATE INDEX event_roles_event ON event_roles (event_id);

CREATE TABLE sessions (
    id_hash     TEXT   PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_secret TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE one_time_tokens (
    token_hash  TEXT   PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT   NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           BIGINT NOT NULL,
    user_id      BIGINT,
    action       TEXT   NOT NULL,
    object_kind  TEXT   NOT NULL,
    object_id    BIGINT,
    details      TEXT   NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
