-- F1: the gazette. Subscribers confirm their address (double opt-in); their private link is
-- derived from the site's link key, their id and link generation (only its SHA-256 is kept).
CREATE TABLE gazette_subscribers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT    NOT NULL UNIQUE,
    -- pending (address not confirmed yet), confirmed, suspended (bounces)
    status          TEXT    NOT NULL,
    gazette         BIGINT  NOT NULL DEFAULT 1,
    announcements   BIGINT  NOT NULL DEFAULT 0,
    link_generation BIGINT  NOT NULL DEFAULT 0,
    token_hash      TEXT    NOT NULL UNIQUE,
    source          TEXT    NOT NULL,
    consent_at      BIGINT,
    created_at      BIGINT  NOT NULL,
    confirmed_at    BIGINT,
    hard_bounces    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX gazette_subscribers_status ON gazette_subscribers (status, id);

-- F1: addresses that left, kept only as a keyed hash: no import or form re-adds them
-- without a new confirmation.
CREATE TABLE gazette_suppressions (
    email_hash TEXT   PRIMARY KEY,
    at         BIGINT NOT NULL
);

-- F1: issues, written in the browser or imported. `queued_through` is the id of the last subscriber
-- whose message was queued: queuing resumes after it (batches commit it).
CREATE TABLE gazette_issues (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    number       BIGINT  NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    body_md      TEXT    NOT NULL,
    -- draft, scheduled, sending, paused, sent, archived (imported, never mailed)
    status       TEXT    NOT NULL,
    send_at      BIGINT,
    published_at BIGINT,
    queued_through BIGINT  NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);

-- F1: a message of an issue names its issue and subscriber (progress, bounces, leaving).
ALTER TABLE messages ADD COLUMN issue_id BIGINT;
ALTER TABLE messages ADD COLUMN subscriber_id BIGINT;
CREATE INDEX messages_issue ON messages (issue_id, status);
CREATE INDEX messages_subscriber ON messages (subscriber_id);
