-- C1-C4: the call for talks of an event, its proposals with their speakers, reviewers'
-- scores and the decisions. Formats, custom questions and review criteria are JSON lists.
CREATE TABLE cfp_settings (
    event_id       BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    opens_at       BIGINT NOT NULL,
    -- The last minute proposals are taken in (inclusive to the minute, Europe/Paris).
    closes_at      BIGINT NOT NULL,
    decisions_by   TEXT,
    programme_by   TEXT,
    intro          TEXT   NOT NULL DEFAULT '',
    formats        TEXT   NOT NULL DEFAULT '[]',
    questions      TEXT   NOT NULL DEFAULT '[]',
    criteria       TEXT   NOT NULL DEFAULT '[]',
    anonymous      BIGINT NOT NULL DEFAULT 0,
    show_accepted  BIGINT NOT NULL DEFAULT 0,
    -- When the decisions become visible to proposers and their mails leave (one batch).
    announced_at   BIGINT,
    updated_at     BIGINT NOT NULL
);

-- A private link of a proposer: it opens every proposal sent from that address.
CREATE TABLE proposer_links (
    token_hash  TEXT   PRIMARY KEY,
    email       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX proposer_links_email ON proposer_links (email);

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email           TEXT   NOT NULL,
    title           TEXT   NOT NULL,
    summary         TEXT   NOT NULL,
    administration  TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    audience        TEXT   NOT NULL,
    format          TEXT   NOT NULL,
    minutes         BIGINT NOT NULL,
    notes           TEXT   NOT NULL DEFAULT '',
    answers         TEXT   NOT NULL DEFAULT '{}',
    withdrawn       BIGINT NOT NULL DEFAULT 0,
    decision        TEXT,
    speaker_answer  TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX proposals_event ON proposals (event_id);
CREATE INDEX proposals_email ON proposals (email);

CREATE TABLE proposal_speakers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id     BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    name            TEXT   NOT NULL,
    email           TEXT   NOT NULL,
    organisation    TEXT   NOT NULL DEFAULT '',
    bio             TEXT   NOT NULL DEFAULT '',
    consent_publish BIGINT NOT NULL DEFAULT 0,
    -- Co-speakers confirm through their own link; the proposer is confirmed at once.
    token_hash      TEXT   UNIQUE,
    confirmed_at    BIGINT
);
CREATE INDEX proposal_speakers_proposal ON proposal_speakers (proposal_id);

CREATE TABLE proposal_reviews (
    proposal_id  BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scores       TEXT   NOT NULL DEFAULT '[]',
    comment      TEXT   NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
