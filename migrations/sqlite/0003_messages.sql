-- G3: the mail queue. Every message is stored before it is sent, with an idempotency key so
-- that the cause of a message can never queue it twice; every status change is kept.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    event_id         BIGINT  REFERENCES events (id) ON DELETE SET NULL,
    kind             TEXT    NOT NULL,
    to_addr          TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body_text        TEXT    NOT NULL,
    body_html        TEXT,
    list_unsubscribe TEXT,
    status           TEXT    NOT NULL,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    not_before       BIGINT  NOT NULL,
    lease_until      BIGINT,
    last_error       TEXT,
    created_at       BIGINT  NOT NULL,
    sent_at          BIGINT
);
CREATE INDEX messages_due ON messages (status, not_before);
CREATE INDEX messages_event ON messages (event_id);

CREATE TABLE message_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  BIGINT  NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    at          BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    reason      TEXT
);
CREATE INDEX message_transitions_message ON message_transitions (message_id);

-- Per-event wording of each kind of message, in Markdown with minijinja placeholders.
CREATE TABLE mail_templates (
    event_id   BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, kind)
);
