-- O1 A1 A3: images and uploads live in the database, so that every instance serves them and
-- no instance keeps state of its own on disk. `path` is the part after `/media/` in the URL
-- the pages use; `sha256` (hex) is the ETag, and upload names already carry a prefix of it.
CREATE TABLE media (
    path          TEXT    PRIMARY KEY,
    sha256        TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    bytes         BYTEA   NOT NULL,
    created_at    BIGINT  NOT NULL
);
