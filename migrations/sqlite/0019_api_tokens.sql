-- I2 (issue 16): bearer tokens of the organiser API. The token itself is shown once to its
-- owner; only its SHA-256 is kept. A token acts in its owner's name, on the events of its
-- scope only, and never beyond the owner's own rights at the time of each request.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    token_hash  TEXT   NOT NULL UNIQUE,
    -- 'read' or 'write'
    access      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The events a token may reach.
CREATE TABLE api_token_events (
    token_id  BIGINT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    event_id  BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, event_id)
);
