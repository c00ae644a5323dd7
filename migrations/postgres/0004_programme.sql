-- D1 D3: the working draft of each event's programme and its immutable releases.
-- The draft is one JSON document (rooms, tracks, items, next free ids): it is always read,
-- checked and edited whole, inside one write transaction. A release is written once and
-- never updated; the public pages and every export read the one with the highest number.
CREATE TABLE programme_drafts (
    event_id    BIGINT NOT NULL PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    body        TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE programme_releases (
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    number       BIGINT NOT NULL,
    name         TEXT   NOT NULL,
    released_at  BIGINT NOT NULL,
    programme    TEXT   NOT NULL,
    changes      TEXT   NOT NULL,
    warnings     TEXT   NOT NULL,
    overridden   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, number)
);
