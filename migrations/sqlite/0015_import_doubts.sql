-- A3, issue 18: the facts the importer was unsure of (a venue read from a sentence, hours
-- from a programme, a date that contradicted the front matter), with the sentence each came
-- from, for organisers to confirm or correct. Replaced when the post is imported again;
-- confirmed_at set when an organiser confirms it.
CREATE TABLE import_doubts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    fact          TEXT   NOT NULL,
    value         TEXT   NOT NULL,
    source        TEXT   NOT NULL,
    sentence      TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT
);
CREATE INDEX import_doubts_event ON import_doubts (event_id);
