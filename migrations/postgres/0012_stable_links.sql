-- B4: a registration keeps one private link for its whole life. The link is derived from
-- the site's link key, the registration id and its link generation (raised only when an
-- organiser revokes the link); only its SHA-256 stays in token_hash, as before.
CREATE TABLE site_keys (
    name   TEXT PRIMARY KEY,
    -- hex; created by the server on its first start after this migration
    value  TEXT NOT NULL
);
ALTER TABLE registrations ADD COLUMN link_generation BIGINT NOT NULL DEFAULT 0;
