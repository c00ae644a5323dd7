-- G1, issue 13: one-time links that lift the login back-off of an account, mailed to its
-- owner after repeated wrong passwords. Stored as the SHA-256 of the token, like the other
-- links; created_at also tells when the last one was mailed (one mail per period).
CREATE TABLE login_unlock_tokens (
    token_hash  TEXT   PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX login_unlock_tokens_user ON login_unlock_tokens (user_id, created_at);
