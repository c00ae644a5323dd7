-- I3 (issue 16): signed webhooks. A subscription sends the happenings of one event (or, with
-- no event, of the whole site: administrators) to an https URL, signed per the Standard
-- Webhooks specification with its secret. After a rotation the previous secret still signs
-- until `previous_until`, so that receivers can switch without losing a delivery.
CREATE TABLE webhook_subscriptions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        BIGINT  REFERENCES events (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    -- Space-separated event types (`registration.confirmed proposal.submitted`).
    event_types     TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    previous_secret TEXT,
    previous_until  BIGINT,
    paused          BIGINT  NOT NULL DEFAULT 0,
    created_by      BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX webhook_subscriptions_event ON webhook_subscriptions (event_id);

-- The deliveries, a queue claimed like the mail queue (`messages`): one row per happening
-- and subscription, written in the transaction of its cause under an idempotency key.
-- `webhook_id` is the `webhook-id` header, the same for every attempt and replay.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    webhook_id       TEXT    NOT NULL UNIQUE,
    subscription_id  BIGINT  NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_type       TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    not_before       BIGINT  NOT NULL,
    lease_until      BIGINT,
    last_error       TEXT,
    last_status_code BIGINT,
    last_attempt_at  BIGINT,
    created_at       BIGINT  NOT NULL,
    delivered_at     BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, not_before);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id);
