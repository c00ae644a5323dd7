-- F2 (issue 14): organisers write to one group of an event (confirmed, waitlisted,
-- pre-registered, offered, attended, accepted speakers, board participants). A message is
-- recorded here; once its time has come (`send_at`), one transaction queues one mail per
-- recipient (key `event_message:{id}:{recipient}`) and sets `sent_at` and `recipients`.
CREATE TABLE event_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    audience    TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body_md     TEXT    NOT NULL,
    send_at     BIGINT  NOT NULL,
    sent_at     BIGINT,
    recipients  BIGINT,
    created_by  BIGINT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX event_messages_event ON event_messages (event_id);
CREATE INDEX event_messages_due ON event_messages (sent_at, send_at);

-- F1 (issue 14): an event published for the first time is announced to the subscribers who
-- chose the announcements list. The row is made when the event is first published (never
-- again: publishing it after a withdrawal announces nothing); the gazette's job then queues
-- the messages in batches, `queued_through` being the last subscriber queued.
CREATE TABLE event_announcements (
    event_id       BIGINT  PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    queued_through BIGINT  NOT NULL DEFAULT 0,
    done_at        BIGINT,
    created_at     BIGINT  NOT NULL
);
