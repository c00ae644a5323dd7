-- B1-B7: registration settings per event, registrations with their lifecycle, custom
-- questions and invitations. Every state change is kept in registration_transitions.
CREATE TABLE registration_settings (
    event_id          BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    mode              TEXT   NOT NULL,
    places            BIGINT NOT NULL,
    opens_at          BIGINT,
    closes_at         BIGINT,
    offer_hours       BIGINT NOT NULL DEFAULT 48,
    email_hours       BIGINT NOT NULL DEFAULT 48,
    decisions_at      BIGINT,
    external_url      TEXT,
    consent_text      TEXT   NOT NULL DEFAULT '',
    allowed_statuses  TEXT   NOT NULL DEFAULT '',
    allowed_domains   TEXT   NOT NULL DEFAULT '',
    retention_days    BIGINT NOT NULL DEFAULT 365,
    -- Kept in step with registrations in the same transactions, so that a rush does not
    -- count thousands of rows for every decision: places held, people waiting, and the
    -- last waitlist number given.
    taken             BIGINT NOT NULL DEFAULT 0,
    waiting           BIGINT NOT NULL DEFAULT 0,
    last_waitlist_seq BIGINT NOT NULL DEFAULT 0,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE registrations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id          BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email             TEXT   NOT NULL,
    name              TEXT   NOT NULL,
    organisation      TEXT   NOT NULL DEFAULT '',
    participant_status TEXT  NOT NULL,
    answers           TEXT   NOT NULL DEFAULT '{}',
    state             TEXT   NOT NULL,
    token_hash        TEXT   NOT NULL UNIQUE,
    email_expires_at  BIGINT,
    offer_expires_at  BIGINT,
    waitlist_seq      BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (event_id, email)
);
CREATE INDEX registrations_event_state ON registrations (event_id, state, waitlist_seq);

CREATE TABLE registration_transitions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id  BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    from_state       TEXT,
    to_state         TEXT   NOT NULL,
    at               BIGINT NOT NULL,
    actor            TEXT   NOT NULL,
    reason           TEXT
);
CREATE INDEX registration_transitions_registration ON registration_transitions (registration_id);
