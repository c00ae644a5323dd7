-- A1: events, their tags and action links; site_state carries the version that page caches watch.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    slug            TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL DEFAULT '',
    body_md         TEXT    NOT NULL DEFAULT '',
    kind            TEXT    NOT NULL,
    start_date      TEXT    NOT NULL,
    end_date        TEXT    NOT NULL,
    start_time      TEXT,
    end_time        TEXT,
    starts_at       BIGINT  NOT NULL,
    ends_at         BIGINT  NOT NULL,
    venue_name      TEXT,
    venue_address   TEXT,
    venue_room      TEXT,
    venue_osm_url   TEXT,
    audience        TEXT,
    image_path      TEXT,
    image_alt       TEXT,
    image_hidden    BIGINT  NOT NULL DEFAULT 0,
    contact_email   TEXT,
    status          TEXT    NOT NULL,
    published_on    TEXT,
    source_path     TEXT UNIQUE,
    source_hash     TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX events_status_starts ON events (status, starts_at);

CREATE TABLE event_tags (
    event_id  BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    tag       TEXT   NOT NULL,
    position  BIGINT NOT NULL,
    PRIMARY KEY (event_id, tag)
);
CREATE INDEX event_tags_tag ON event_tags (tag);

CREATE TABLE event_links (
    event_id  BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    label     TEXT   NOT NULL,
    text      TEXT   NOT NULL,
    url       TEXT   NOT NULL,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE site_state (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO site_state (id, version) VALUES (1, 1);
