-- B1 B3 B5: an event's own questions (on the registration form and the follow-up survey),
-- personal invitations, and the organisers' pending selection decisions announced in one batch.
CREATE TABLE questions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id          BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- 'registration' or 'survey'
    form              TEXT   NOT NULL,
    position          BIGINT NOT NULL,
    label             TEXT   NOT NULL,
    kind              TEXT   NOT NULL,
    required          BIGINT NOT NULL DEFAULT 0,
    -- JSON array of the choices of a single or multiple choice question
    choices           TEXT   NOT NULL DEFAULT '[]',
    show_if_question  BIGINT,
    show_if_answer    TEXT
);
CREATE INDEX questions_event ON questions (event_id, form, position);

CREATE TABLE invitations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id          BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email             TEXT   NOT NULL,
    token_hash        TEXT   NOT NULL UNIQUE,
    registration_id   BIGINT REFERENCES registrations (id) ON DELETE SET NULL,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT,
    UNIQUE (event_id, email)
);

-- A decision taken by organisers but not yet announced: 'select', 'waitlist' or 'decline',
-- with its rank (the order of a draw, or of the decisions).
ALTER TABLE registrations ADD COLUMN decision TEXT;
ALTER TABLE registrations ADD COLUMN decision_rank BIGINT;
-- Answers to the follow-up survey, as JSON; NULL until answered.
ALTER TABLE registrations ADD COLUMN survey_answers TEXT;
ALTER TABLE registration_settings ADD COLUMN quota_per_organisation BIGINT;
-- When the pending decisions are to be announced (NULL: not scheduled).
ALTER TABLE registration_settings ADD COLUMN announce_at BIGINT;
-- The last draw, as JSON (seed, quota, explanation), shown to organisers.
ALTER TABLE registration_settings ADD COLUMN last_draw TEXT;
-- When the follow-up survey was sent (NULL: not yet).
ALTER TABLE registration_settings ADD COLUMN survey_sent_at BIGINT;
