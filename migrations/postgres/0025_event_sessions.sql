-- Issue 18: the sessions of an event held on separate days (a series of online sessions).
-- No row for an event that runs continuously from its start date to its end date; with rows,
-- the event's start and end are those of its first and last session.
CREATE TABLE event_sessions (
    event_id     BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    session_date TEXT   NOT NULL,
    start_time   TEXT,
    end_time     TEXT,
    PRIMARY KEY (event_id, session_date)
);
