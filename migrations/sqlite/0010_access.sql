-- G5: the check-in role (door volunteers of one event) and time-limited check-in links.
-- SQLite cannot change a CHECK constraint: event_roles is rebuilt with the new role allowed
-- (no table references it, so dropping it is safe).
CREATE TABLE event_roles_new (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id  BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role      TEXT   NOT NULL CHECK (role IN ('organiser', 'reviewer', 'check_in')),
    PRIMARY KEY (user_id, event_id, role)
);
INSERT INTO event_roles_new (user_id, event_id, role) SELECT user_id, event_id, role FROM event_roles;
DROP TABLE event_roles;
ALTER TABLE event_roles_new RENAME TO event_roles;
CREATE INDEX event_roles_event ON event_roles (event_id);

-- A link handed to a volunteer without an account: it opens one event's check-in page until
-- it expires or is revoked. Only the SHA-256 of its random token is kept.
CREATE TABLE check_in_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    token_hash  TEXT   NOT NULL UNIQUE,
    label       TEXT   NOT NULL DEFAULT '',
    created_by  BIGINT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX check_in_links_event ON check_in_links (event_id);
