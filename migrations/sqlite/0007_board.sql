-- E1-E5: the garagethon board. A repository is one project across editions (board_projects,
-- keyed by its normalised URL); board_entries puts it on one edition's board. People are
-- registration ids without a foreign key: when registrations are erased after their retention
-- period (B7), the archived board keeps its projects and objectives, without names.
CREATE TABLE board_settings (
    event_id    BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    public      BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE board_projects (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    repo_key    TEXT   NOT NULL UNIQUE,
    url         TEXT   NOT NULL,
    forge       TEXT   NOT NULL,
    path        TEXT,
    name        TEXT   NOT NULL,
    publisher   TEXT   NOT NULL DEFAULT '',
    licence     TEXT   NOT NULL DEFAULT '',
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE board_entries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    project_id  BIGINT NOT NULL REFERENCES board_projects (id),
    added_by    BIGINT NOT NULL,
    maintainers TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (event_id, project_id)
);
CREATE INDEX board_entries_project ON board_entries (project_id);

CREATE TABLE board_objectives (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entry_id    BIGINT NOT NULL REFERENCES board_entries (id) ON DELETE CASCADE,
    owner       BIGINT NOT NULL,
    title       TEXT   NOT NULL,
    estimate    TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    link        TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX board_objectives_event ON board_objectives (event_id);

CREATE TABLE board_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entry_id    BIGINT NOT NULL REFERENCES board_entries (id) ON DELETE CASCADE,
    owner       BIGINT NOT NULL,
    kind        TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    details     TEXT   NOT NULL DEFAULT '',
    skills      TEXT   NOT NULL DEFAULT '',
    newcomers   BIGINT NOT NULL DEFAULT 0,
    priority    BIGINT,
    pinned      BIGINT NOT NULL DEFAULT 0,
    theme       TEXT   NOT NULL DEFAULT '',
    is_open     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX board_requests_event ON board_requests (event_id);

CREATE TABLE board_offers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    request_id  BIGINT NOT NULL REFERENCES board_requests (id) ON DELETE CASCADE,
    helper      BIGINT NOT NULL,
    message     TEXT   NOT NULL DEFAULT '',
    state       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (request_id, helper)
);
CREATE INDEX board_offers_event ON board_offers (event_id);

CREATE TABLE board_talks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    speaker     BIGINT NOT NULL,
    title       TEXT   NOT NULL,
    minutes     BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (event_id, speaker)
);

CREATE TABLE board_retros (
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    participant BIGINT NOT NULL,
    done        TEXT   NOT NULL DEFAULT '',
    learned     TEXT   NOT NULL DEFAULT '',
    links       TEXT   NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, participant)
);

-- Every change to a board, with who made it: facilitators see the moves (E3).
CREATE TABLE board_moves (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    what        TEXT   NOT NULL
);
CREATE INDEX board_moves_event ON board_moves (event_id, id);
