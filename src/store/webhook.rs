//! I3 (issue 16): webhook subscriptions and their delivery queue. `emit` runs inside the
//! transaction of its cause, like `message::enqueue`, so a delivery exists exactly when its
//! cause was committed, once per subscription (idempotency key). The worker claims one due
//! delivery at a time with a lease, as the mail worker does (`SKIP LOCKED` on PostgreSQL).
//!
//! Unlike mail, a delivery cut off by a dead process is sent again (receivers deduplicate on
//! the `webhook-id` header, which every attempt and replay keeps): at least once, never lost.

use super::{Backend, Db, StoreError, audit};
use crate::domain::account::{AdminRight, EditRight};
use crate::domain::event::EventId;
use crate::domain::webhook::{self, DeliveryStatus, EventType};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// Who acts on subscriptions: an event's organiser (its subscriptions) or an administrator
/// (the site-wide ones, which follow every event and the gazette).
#[derive(Clone, Copy)]
pub enum Owner<'a> {
    Event(&'a EditRight),
    Site(&'a AdminRight),
}

impl Owner<'_> {
    fn event_id(&self) -> Option<EventId> {
        match self {
            Owner::Event(r) => Some(r.event_id()),
            Owner::Site(_) => None,
        }
    }
}

/// One subscription. The secrets are needed in clear to sign; pages show them only when
/// just made.
#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub id: i64,
    pub event_id: Option<EventId>,
    pub url: String,
    pub event_types: Vec<EventType>,
    #[serde(skip)]
    pub secret: String,
    #[serde(skip)]
    pub previous_secret: Option<String>,
    pub previous_until: Option<i64>,
    pub paused: bool,
    pub created_at: i64,
}

impl Subscription {
    /// The secrets that sign at `now`: the current one, and the previous one during the
    /// days after a rotation.
    pub fn signing_secrets(&self, now: Timestamp) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) = (&self.previous_secret, self.previous_until)
            && until > now.as_second()
        {
            secrets.push(previous);
        }
        secrets
    }
}

/// One delivery of the log.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: String,
    pub subscription_id: i64,
    pub event_type: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub not_before: i64,
    pub last_error: Option<String>,
    pub last_status_code: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

const SUB_COLUMNS: &str = "id, event_id, url, event_types, secret, previous_secret, previous_until, paused, created_at";
const DELIVERY_COLUMNS: &str = "id, webhook_id, subscription_id, event_type, payload, status, attempts, not_before, \
    last_error, last_status_code, last_attempt_at, created_at, delivered_at";

fn sub_from_row(row: &sqlx::any::AnyRow) -> Result<Subscription, StoreError> {
    let event_id: Option<i64> = row.try_get("event_id")?;
    let types: String = row.try_get("event_types")?;
    let paused: i64 = row.try_get("paused")?;
    Ok(Subscription {
        id: row.try_get("id")?,
        event_id: event_id.map(EventId::new),
        url: row.try_get("url")?,
        event_types: webhook::parse_types(&types),
        secret: row.try_get("secret")?,
        previous_secret: row.try_get("previous_secret")?,
        previous_until: row.try_get("previous_until")?,
        paused: paused != 0,
        created_at: row.try_get("created_at")?,
    })
}

fn delivery_from_row(row: &sqlx::any::AnyRow) -> Result<Delivery, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(Delivery {
        id: row.try_get("id")?,
        webhook_id: row.try_get("webhook_id")?,
        subscription_id: row.try_get("subscription_id")?,
        event_type: row.try_get("event_type")?,
        payload: row.try_get("payload")?,
        status: DeliveryStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("delivery status {status:?}")))?,
        attempts: row.try_get("attempts")?,
        not_before: row.try_get("not_before")?,
        last_error: row.try_get("last_error")?,
        last_status_code: row.try_get("last_status_code")?,
        last_attempt_at: row.try_get("last_attempt_at")?,
        created_at: row.try_get("created_at")?,
        delivered_at: row.try_get("delivered_at")?,
    })
}

/// A fresh secret: `whsec_` and 24 random bytes in base64.
fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    webhook::format_secret(&bytes)
}

/// A fresh `webhook-id`: `msg_` and 12 random bytes in hexadecimal.
fn new_webhook_id() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("msg_{hex}")
}

async fn audit_owner(
    conn: &mut AnyConnection,
    owner: Owner<'_>,
    action: &str,
    id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let details = serde_json::json!({ "webhook": id });
    match owner {
        Owner::Event(right) => audit::record_edit(conn, now, right, action, details).await,
        Owner::Site(right) => audit::record(conn, now, right.account_id(), action, "webhook", Some(id), details).await,
    }
}

/// Subscribes `url` (checked by the caller: `crate::webhook::check_url`) to `types`, for the
/// owner's event or the whole site; audited `webhook.create`. Returns the subscription, whose
/// secret the page shows once.
pub async fn create(
    db: &Db,
    owner: Owner<'_>,
    url: &str,
    types: &[EventType],
    now: Timestamp,
) -> Result<Subscription, StoreError> {
    let mut tx = db.begin_write().await?;
    let secret = new_secret();
    let created_by = match owner {
        Owner::Event(r) => r.account_id(),
        Owner::Site(r) => r.account_id(),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO webhook_subscriptions (event_id, url, event_types, secret, paused, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $6) RETURNING id",
    )
    .bind(owner.event_id())
    .bind(url)
    .bind(webhook::format_types(types))
    .bind(&secret)
    .bind(created_by)
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    audit_owner(&mut tx, owner, "webhook.create", id, now).await?;
    let sub = load(&mut tx, owner, id).await?;
    tx.commit().await?;
    Ok(sub)
}

/// The subscription `id` if the owner may act on it; `NotFound` otherwise (an organiser of
/// another event learns nothing of it).
async fn load(conn: &mut AnyConnection, owner: Owner<'_>, id: i64) -> Result<Subscription, StoreError> {
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SUB_COLUMNS} FROM webhook_subscriptions WHERE id = $1")))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)?;
    let sub = sub_from_row(&row)?;
    if sub.event_id != owner.event_id() {
        return Err(StoreError::NotFound);
    }
    Ok(sub)
}

/// The subscription `id` as its owner sees it.
pub async fn get(db: &Db, owner: Owner<'_>, id: i64) -> Result<Subscription, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, owner, id).await
}

/// The event a subscription belongs to (`Some(None)` for a site-wide one), or `None` when
/// there is no such subscription: the command line finds the owner to act as.
pub async fn event_of(db: &Db, id: i64) -> Result<Option<Option<EventId>>, StoreError> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT event_id FROM webhook_subscriptions WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(e,)| e.map(EventId::new)))
}

/// The subscription a delivery belongs to, or `None` when there is no such delivery.
pub async fn subscription_of(db: &Db, delivery_id: i64) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT subscription_id FROM webhook_deliveries WHERE id = $1")
        .bind(delivery_id)
        .fetch_optional(db.pool())
        .await?)
}

/// The subscriptions of `event_id`, or the site-wide ones for `None`, oldest first.
pub async fn list(db: &Db, event_id: Option<EventId>) -> Result<Vec<Subscription>, StoreError> {
    let rows = match event_id {
        Some(id) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {SUB_COLUMNS} FROM webhook_subscriptions WHERE event_id = $1 ORDER BY id"
            )))
            .bind(id)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {SUB_COLUMNS} FROM webhook_subscriptions WHERE event_id IS NULL ORDER BY id"
            )))
            .fetch_all(db.pool())
            .await?
        }
    };
    rows.iter().map(sub_from_row).collect()
}

/// Pauses (no new delivery, queued ones wait) or resumes a subscription; audited
/// `webhook.pause` or `webhook.resume`.
pub async fn set_paused(db: &Db, owner: Owner<'_>, id: i64, paused: bool, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    load(&mut tx, owner, id).await?;
    sqlx::query("UPDATE webhook_subscriptions SET paused = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(paused))
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let action = if paused { "webhook.pause" } else { "webhook.resume" };
    audit_owner(&mut tx, owner, action, id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a subscription and its delivery log; audited `webhook.delete`.
pub async fn delete(db: &Db, owner: Owner<'_>, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    load(&mut tx, owner, id).await?;
    // Deliveries first: SQLite enforces the cascade only with foreign keys on.
    sqlx::query("DELETE FROM webhook_deliveries WHERE subscription_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM webhook_subscriptions WHERE id = $1").bind(id).execute(&mut *tx).await?;
    audit_owner(&mut tx, owner, "webhook.delete", id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a new secret; the current one keeps signing beside it for
/// `PREVIOUS_SECRET_HOURS`. Audited `webhook.rotate`. Returns the subscription, whose new
/// secret the page shows once.
pub async fn rotate(db: &Db, owner: Owner<'_>, id: i64, now: Timestamp) -> Result<Subscription, StoreError> {
    let mut tx = db.begin_write().await?;
    let sub = load(&mut tx, owner, id).await?;
    let until = now.as_second() + webhook::PREVIOUS_SECRET_HOURS * 3600;
    sqlx::query(
        "UPDATE webhook_subscriptions SET secret = $1, previous_secret = $2, previous_until = $3, updated_at = $4 \
         WHERE id = $5",
    )
    .bind(new_secret())
    .bind(&sub.secret)
    .bind(until)
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit_owner(&mut tx, owner, "webhook.rotate", id, now).await?;
    let sub = load(&mut tx, owner, id).await?;
    tx.commit().await?;
    Ok(sub)
}

/// The deliveries of subscription `id`, newest first, at most `limit`.
pub async fn deliveries(db: &Db, owner: Owner<'_>, id: i64, limit: i64) -> Result<Vec<Delivery>, StoreError> {
    get(db, owner, id).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2"
    )))
    .bind(id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(delivery_from_row).collect()
}

/// Sends a delivery again now, with the same `webhook-id` and body (« Rejouer »), whatever
/// its outcome was; refuses one being delivered at this moment. Audited `webhook.replay`.
pub async fn replay(db: &Db, owner: Owner<'_>, delivery_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT subscription_id, status FROM webhook_deliveries WHERE id = $1")
            .bind(delivery_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (subscription_id, status) = row.ok_or(StoreError::NotFound)?;
    load(&mut tx, owner, subscription_id).await?;
    if status == DeliveryStatus::Delivering.as_str() {
        return Err(StoreError::Conflict(super::Conflict::NotRetryable));
    }
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'queued', attempts = 0, not_before = $1, lease_until = NULL WHERE id = $2",
    )
    .bind(now.as_second())
    .bind(delivery_id)
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "webhook": subscription_id, "delivery": delivery_id });
    match owner {
        Owner::Event(right) => audit::record_edit(&mut tx, now, right, "webhook.replay", details).await?,
        Owner::Site(right) => {
            audit::record(&mut tx, now, right.account_id(), "webhook.replay", "webhook", Some(subscription_id), details)
                .await?
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Queues, in the caller's transaction, one delivery of `event_type` to every active
/// subscription following it: those of `event_id` and the site-wide ones (only the site-wide
/// ones for `None`). `cause` names the happening ("registration_transition:42"): emitting the
/// same cause again does nothing. `data` is the payload's `data`; an event's id, slug and
/// title are added under `event`. Deliveries leave from `not_before`. Returns how many were
/// queued.
pub async fn emit(
    conn: &mut AnyConnection,
    event_id: Option<EventId>,
    event_type: EventType,
    cause: &str,
    mut data: serde_json::Value,
    not_before: Timestamp,
    now: Timestamp,
) -> Result<usize, StoreError> {
    // The common case (no subscription at all) costs this one indexed read.
    let subs: Vec<(i64, String)> =
        match event_id {
            Some(id) => {
                sqlx::query_as(
                    "SELECT id, event_types FROM webhook_subscriptions \
                 WHERE paused = 0 AND (event_id IS NULL OR event_id = $1) ORDER BY id",
                )
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
            }
            None => sqlx::query_as(
                "SELECT id, event_types FROM webhook_subscriptions WHERE paused = 0 AND event_id IS NULL ORDER BY id",
            )
            .fetch_all(&mut *conn)
            .await?,
        };
    let subs: Vec<i64> = subs
        .into_iter()
        .filter(|(_, types)| webhook::parse_types(types).contains(&event_type))
        .map(|(id, _)| id)
        .collect();
    if subs.is_empty() {
        return Ok(0);
    }
    if let (Some(id), Some(map)) = (event_id, data.as_object_mut()) {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT slug, title FROM events WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
        if let Some((slug, title)) = row {
            map.insert("event".into(), serde_json::json!({ "id": id.get(), "slug": slug, "title": title }));
        }
    }
    let payload = serde_json::json!({
        "type": event_type.as_str(),
        "timestamp": now.to_string(),
        "data": data,
    })
    .to_string();
    let mut queued = 0;
    for sub in subs {
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO webhook_deliveries (idempotency_key, webhook_id, subscription_id, event_type, payload, status, \
             attempts, not_before, created_at) VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7) \
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        )
        .bind(format!("{cause}:{sub}"))
        .bind(new_webhook_id())
        .bind(sub)
        .bind(event_type.as_str())
        .bind(&payload)
        .bind(not_before.as_second())
        .bind(now.as_second())
        .fetch_optional(&mut *conn)
        .await?;
        queued += usize::from(inserted.is_some());
    }
    Ok(queued)
}

/// Like `emit` for a registration that just moved to `state`, in its transaction: the
/// registration's event is read here. `transition_id` is the cause.
pub async fn emit_registration(
    conn: &mut AnyConnection,
    registration_id: i64,
    event_type: EventType,
    state: &str,
    transition_id: i64,
    now: Timestamp,
) -> Result<usize, StoreError> {
    // Nothing to read when nobody subscribed (the registration rush goes through here).
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM webhook_subscriptions WHERE paused = 0 LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_one(&mut *conn)
        .await?;
    let data = serde_json::json!({ "registration": { "id": registration_id, "state": state } });
    let cause = format!("registration_transition:{transition_id}");
    emit(conn, Some(EventId::new(event_id)), event_type, &cause, data, now, now).await
}

/// A delivery the worker holds, with where to send it and the secrets that sign it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: Delivery,
    pub url: String,
    pub secrets: Vec<String>,
}

/// Takes the next due delivery of an active subscription and leases it for `lease`, or
/// returns `None`. Deliveries whose lease ran out (their process died) go back to
/// `retrying` first: receivers deduplicate on `webhook-id`.
pub async fn claim_next(db: &Db, now: Timestamp, lease: std::time::Duration) -> Result<Option<Claimed>, StoreError> {
    // A read first: an idle queue costs no write transaction (SQLite has one writer).
    let pending: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM webhook_deliveries WHERE status IN ('queued', 'retrying', 'delivering') LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?;
    if pending.is_none() {
        return Ok(None);
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'retrying', lease_until = NULL, \
         last_error = 'delivery interrupted; sent again' WHERE status = 'delivering' AND lease_until < $1",
    )
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    // PostgreSQL: several instances may deliver at once; SKIP LOCKED hands each a different
    // delivery. SQLite: the write transaction already excludes every other writer.
    let lock = match db.backend() {
        Backend::Postgres => " FOR UPDATE OF d SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let until = now.as_second() + lease.as_secs().max(1) as i64;
    let sql = format!(
        "UPDATE webhook_deliveries SET status = 'delivering', lease_until = $1 WHERE id = (\
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id \
         WHERE d.status IN ('queued', 'retrying') AND d.not_before <= $2 AND s.paused = 0 \
         ORDER BY d.not_before, d.id LIMIT 1{lock}) RETURNING {DELIVERY_COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(until).bind(now.as_second()).fetch_optional(&mut *tx).await?;
    let Some(row) = row else {
        tx.commit().await?;
        return Ok(None);
    };
    let delivery = delivery_from_row(&row)?;
    let row =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SUB_COLUMNS} FROM webhook_subscriptions WHERE id = $1")))
            .bind(delivery.subscription_id)
            .fetch_one(&mut *tx)
            .await?;
    let sub = sub_from_row(&row)?;
    tx.commit().await?;
    let secrets = sub.signing_secrets(now).into_iter().map(str::to_owned).collect();
    Ok(Some(Claimed { delivery, url: sub.url, secrets }))
}

/// What one attempt gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// A 2xx answer.
    Succeeded { code: u16 },
    /// Another answer, a timeout or a connection error: tried again with back-off, `failed`
    /// after the last attempt.
    Failed { code: Option<u16>, error: String },
    /// The address is refused (SSRF filter) or the URL unusable: `failed` at once, trying
    /// again would be refused again.
    Refused { error: String },
}

/// Records the outcome of an attempt on a leased delivery; returns its new status.
pub async fn record_attempt(db: &Db, id: i64, attempt: &Attempt, now: Timestamp) -> Result<DeliveryStatus, StoreError> {
    let mut tx = db.begin_write().await?;
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM webhook_deliveries WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let attempts = attempts + 1;
    let (status, not_before, code, error, delivered) = match attempt {
        Attempt::Succeeded { code } => (DeliveryStatus::Succeeded, now.as_second(), Some(*code), None, Some(now)),
        Attempt::Failed { code, error } => match webhook::after_failure(attempts as u32) {
            Some(wait) => {
                (DeliveryStatus::Retrying, now.as_second() + wait.as_secs() as i64, *code, Some(error.as_str()), None)
            }
            None => (DeliveryStatus::Failed, now.as_second(), *code, Some(error.as_str()), None),
        },
        Attempt::Refused { error } => (DeliveryStatus::Failed, now.as_second(), None, Some(error.as_str()), None),
    };
    let error: Option<String> = error.map(|e| e.chars().take(500).collect());
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = $2, not_before = $3, lease_until = NULL, \
         last_error = $4, last_status_code = $5, last_attempt_at = $6, delivered_at = COALESCE($7, delivered_at) \
         WHERE id = $8",
    )
    .bind(status.as_str())
    .bind(attempts)
    .bind(not_before)
    .bind(error)
    .bind(code.map(i64::from))
    .bind(now.as_second())
    .bind(delivered.map(|t| t.as_second()))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(status)
}
