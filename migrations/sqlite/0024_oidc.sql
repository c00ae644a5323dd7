-- I1 (issue 16): sign-in with OpenID Connect (ProConnect).
-- An identity at a provider, named by (issuer, subject) as OpenID Connect says it must be,
-- linked to one account. The address is the one the provider gave at the last sign-in.
CREATE TABLE oidc_identities (
    issuer        TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email         TEXT   NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_login_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A sign-in under way: the SHA-256 of its `state`, the `nonce` and PKCE verifier to check the
-- answer with, what it is for (an organiser's sign-in, or prefilling a participant's form)
-- and where to come back. Used once; purged when expired.
CREATE TABLE oidc_flows (
    state_hash  TEXT   PRIMARY KEY,
    nonce       TEXT   NOT NULL,
    verifier    TEXT   NOT NULL,
    purpose     TEXT   NOT NULL,
    target      TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- What the provider vouched for, handed to the participant's form (registration or
-- proposal) through a cookie holding the random token whose SHA-256 is kept here.
CREATE TABLE oidc_prefills (
    token_hash    TEXT   PRIMARY KEY,
    name          TEXT   NOT NULL,
    email         TEXT   NOT NULL,
    siret         TEXT   NOT NULL DEFAULT '',
    public_agent  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);

-- The ID token of a session opened through the provider, for its logout (`id_token_hint`).
ALTER TABLE sessions ADD COLUMN id_token TEXT;

-- The SIRET the provider gave for a registration or a proposal filled from it.
ALTER TABLE registrations ADD COLUMN siret TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN siret TEXT NOT NULL DEFAULT '';
