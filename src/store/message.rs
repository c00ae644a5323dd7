//! G3: the stored mail queue. `enqueue` runs inside the caller's transaction, so a message
//! exists exactly when its cause was committed; delivery claims one due message at a time.

use super::{Backend, Db, StoreError};
use crate::domain::event::EventId;
use crate::domain::message::{MessageStatus, after_failure};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// A message to queue. `idempotency_key` names its cause ("registration:12:confirmed"):
/// queuing the same key again does nothing.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub idempotency_key: String,
    pub event_id: Option<EventId>,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub list_unsubscribe: Option<String>,
    /// Not before this instant (a batch scheduled by an organiser); `None` means now.
    pub not_before: Option<Timestamp>,
    /// Held messages wait for an organiser to release them.
    pub held: bool,
    /// An iCalendar file sent as an attachment (`evenement.ics`).
    pub calendar: Option<String>,
}

impl NewMessage {
    /// A message written from a template, to send as soon as possible, under `key`.
    pub fn composed(
        key: String,
        event_id: Option<EventId>,
        kind: &str,
        to: &str,
        composed: crate::domain::message::Composed,
    ) -> NewMessage {
        NewMessage {
            idempotency_key: key,
            event_id,
            kind: kind.to_owned(),
            to: to.to_owned(),
            subject: composed.subject,
            body_text: composed.text,
            body_html: Some(composed.html),
            list_unsubscribe: None,
            not_before: None,
            held: false,
            calendar: None,
        }
    }
}

/// A stored message, as the worker and the `mail` command see it.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: i64,
    pub idempotency_key: String,
    pub event_id: Option<EventId>,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub list_unsubscribe: Option<String>,
    pub status: MessageStatus,
    pub attempts: i64,
    pub not_before: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// An iCalendar file sent as an attachment.
    pub calendar: Option<String>,
}

const COLUMNS: &str = "id, idempotency_key, event_id, kind, to_addr, subject, body_text, body_html, \
    list_unsubscribe, status, attempts, not_before, last_error, created_at, sent_at, calendar";

/// Queues a message in the caller's transaction; returns `false` when a message with the
/// same key already exists (nothing is written then).
pub async fn enqueue(conn: &mut AnyConnection, m: &NewMessage, now: Timestamp) -> Result<bool, StoreError> {
    // The first state is not written as a transition (one statement less per message, which
    // counts during a rush): `history` derives it from the message's own row.
    Ok(enqueue_many(conn, &[(m, now)]).await? == 1)
}

/// Rows a multi-row insert carries at most: 40 messages of 12 values stay far below the
/// bind limits of both databases (SQLite 32,766, PostgreSQL 65,535).
const ROWS_PER_INSERT: usize = 40;

/// Queues `messages` like `enqueue`, a few dozen per statement: a group of registrations
/// queues its mails in one or two round trips (`group::Scope`). A key already queued is
/// skipped, as with `enqueue`. Returns how many were queued.
pub(super) async fn enqueue_many<M: std::borrow::Borrow<NewMessage>>(
    conn: &mut AnyConnection,
    messages: &[(M, Timestamp)],
) -> Result<u64, StoreError> {
    let mut queued = 0;
    for chunk in messages.chunks(ROWS_PER_INSERT) {
        let mut sql = String::from(
            "INSERT INTO messages (idempotency_key, event_id, kind, to_addr, subject, body_text, \
             body_html, list_unsubscribe, status, attempts, not_before, created_at, calendar) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 12;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 0, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
                b + 11,
                b + 12
            ));
        }
        sql.push_str(" ON CONFLICT (idempotency_key) DO NOTHING");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (m, now) in chunk {
            let m: &NewMessage = std::borrow::Borrow::borrow(m);
            let status = if m.held { MessageStatus::Held } else { MessageStatus::Queued };
            query = query
                .bind(&m.idempotency_key)
                .bind(m.event_id)
                .bind(&m.kind)
                .bind(&m.to)
                .bind(&m.subject)
                .bind(&m.body_text)
                .bind(m.body_html.as_deref())
                .bind(m.list_unsubscribe.as_deref())
                .bind(status.as_str())
                .bind(m.not_before.unwrap_or(*now).as_second())
                .bind(now.as_second())
                .bind(m.calendar.as_deref());
        }
        queued += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(queued)
}

async fn record(
    conn: &mut AnyConnection,
    id: i64,
    from: Option<MessageStatus>,
    to: MessageStatus,
    now: Timestamp,
    actor: &str,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO message_transitions (message_id, from_status, to_status, at, actor, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(now.as_second())
    .bind(actor)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes the next due message and leases it for `lease` seconds, or returns `None`.
///
/// A message still `sending` after its lease ran out belonged to a process that died during
/// delivery: the SMTP server may or may not have accepted it. It is never resent blindly
/// (a message is never sent twice): it becomes `held`, visible with its reason, and a person
/// decides to retry it.
pub async fn claim_next(db: &Db, now: Timestamp, lease: std::time::Duration) -> Result<Option<Message>, StoreError> {
    advance(db, None, now, lease, true).await
}

/// One step of the delivery loop in one transaction: marks `sent` (the message just accepted
/// by the SMTP server) as sent, then leases the next due message. Only one message is ever
/// in flight, as with `mark_sent` then `claim_next`, in half the statements: during a rush
/// the worker shares the one SQLite writer with the registrations. `scan_interrupted` looks
/// for deliveries cut off by a dead process (once per pass is enough).
pub async fn advance(
    db: &Db,
    sent: Option<i64>,
    now: Timestamp,
    lease: std::time::Duration,
    scan_interrupted: bool,
) -> Result<Option<Message>, StoreError> {
    db.write(Advance { sent, now, lease, scan_interrupted, backend: db.backend() }).await
}

/// The transaction of `advance`; on SQLite it shares the writer's transaction with the
/// registrations waiting (group commit, see `store::group`). On PostgreSQL too: run beside
/// the queue, each step paid its own commit, and a rush of confirmations went 40 % slower
/// (bench/README.md, 2026-12-07 late).
struct Advance {
    sent: Option<i64>,
    now: Timestamp,
    lease: std::time::Duration,
    scan_interrupted: bool,
    backend: Backend,
}

impl super::group::GroupWrite for Advance {
    type Output = Option<Message>;
    fn run<'a>(
        &'a mut self,
        conn: &'a mut AnyConnection,
        _: &'a mut super::group::Scope,
    ) -> super::group::WriteFuture<'a, Self::Output> {
        Box::pin(advance_in(conn, self))
    }
}

async fn advance_in(tx: &mut AnyConnection, w: &Advance) -> Result<Option<Message>, StoreError> {
    let Advance { sent, now, lease, scan_interrupted, backend } = *w;
    if let Some(id) = sent {
        sqlx::query(
            "UPDATE messages SET status = 'sent', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2",
        )
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if scan_interrupted {
        let interrupted: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM messages WHERE status = 'sending' AND lease_until < $1")
                .bind(now.as_second())
                .fetch_all(&mut *tx)
                .await?;
        for id in interrupted {
            let why = "delivery interrupted: the SMTP server may have received it; check before retrying";
            sqlx::query("UPDATE messages SET status = 'held', lease_until = NULL, last_error = $1 WHERE id = $2")
                .bind(why)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            record(tx, id, Some(MessageStatus::Sending), MessageStatus::Held, now, "worker", Some(why)).await?;
        }
    }
    // PostgreSQL: several instances may deliver at once; SKIP LOCKED hands each a different
    // message. SQLite: the write transaction already excludes every other writer.
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let until = now.as_second() + lease.as_secs().max(1) as i64;
    let sql = format!(
        "UPDATE messages SET status = 'sending', lease_until = $1 WHERE id = (\
         SELECT id FROM messages WHERE status IN ('queued', 'retrying') AND not_before <= $2 \
         ORDER BY not_before, id LIMIT 1{lock}) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(until).bind(now.as_second()).fetch_optional(&mut *tx).await?;
    let claimed = match row {
        Some(row) => {
            let mut m = from_row(&row)?;
            // Only a failed attempt counts (`retry` starts again at zero): the message was
            // `retrying` when it has some, else `queued`.
            let from = if m.attempts > 0 { MessageStatus::Retrying } else { MessageStatus::Queued };
            m.status = MessageStatus::Sending;
            Some((m, from))
        }
        None => None,
    };
    // Both transitions in one statement.
    match (sent, &claimed) {
        (Some(done), Some((m, from))) => {
            sqlx::query(
                "INSERT INTO message_transitions (message_id, from_status, to_status, at, actor, reason) \
                 VALUES ($1, 'sending', 'sent', $2, 'worker', NULL), ($3, $4, 'sending', $2, 'worker', NULL)",
            )
            .bind(done)
            .bind(now.as_second())
            .bind(m.id)
            .bind(from.as_str())
            .execute(&mut *tx)
            .await?;
        }
        (Some(done), None) => {
            record(tx, done, Some(MessageStatus::Sending), MessageStatus::Sent, now, "worker", None).await?
        }
        (None, Some((m, from))) => record(tx, m.id, Some(*from), MessageStatus::Sending, now, "worker", None).await?,
        (None, None) => {}
    }
    Ok(claimed.map(|(m, _)| m))
}

/// Marks a leased message as accepted by the SMTP server.
pub async fn mark_sent(db: &Db, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE messages SET status = 'sent', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2",
    )
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, id, Some(MessageStatus::Sending), MessageStatus::Sent, now, "worker", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives back a message this worker claimed but did not hand to any server (O2: the server
/// is stopping): `queued` again, or `retrying` when it has failed attempts, due at once, so
/// that another instance (or this one after its restart) sends it rather than holding it as
/// an interrupted delivery. Does nothing to a message no longer `sending`.
pub async fn release(db: &Db, id: i64, reason: &str, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let attempts: Option<i64> =
        sqlx::query_scalar("SELECT attempts FROM messages WHERE id = $1 AND status = 'sending'")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(attempts) = attempts else { return Ok(()) };
    let to = if attempts > 0 { MessageStatus::Retrying } else { MessageStatus::Queued };
    sqlx::query("UPDATE messages SET status = $1, lease_until = NULL WHERE id = $2")
        .bind(to.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, id, Some(MessageStatus::Sending), to, now, "worker", Some(reason)).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a failed attempt: `retrying` with back-off, or `failed` after the last attempt.
/// Returns the new status.
pub async fn mark_failed_attempt(db: &Db, id: i64, error: &str, now: Timestamp) -> Result<MessageStatus, StoreError> {
    let mut tx = db.begin_write().await?;
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let attempts = attempts + 1;
    let (status, not_before) = match after_failure(attempts as u32) {
        Some(wait) => (MessageStatus::Retrying, now.as_second() + wait.as_secs() as i64),
        None => (MessageStatus::Failed, now.as_second()),
    };
    // Error texts come from the SMTP server; keep them short (no message content in them).
    let error: String = error.chars().take(500).collect();
    sqlx::query(
        "UPDATE messages SET status = $1, attempts = $2, not_before = $3, lease_until = NULL, last_error = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(attempts)
    .bind(not_before)
    .bind(&error)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, id, Some(MessageStatus::Sending), status, now, "worker", Some(&error)).await?;
    tx.commit().await?;
    Ok(status)
}

/// Records a permanent refusal (an SMTP 5xx answer, a hard bounce): the message is `failed`
/// at once, retrying would be refused again. A gazette subscriber's bounce is counted and,
/// at `bounce_limit`, suspends the address (F1).
pub async fn mark_bounced(db: &Db, id: i64, error: &str, bounce_limit: u32, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let error: String = format!("hard bounce: {}", error.chars().take(480).collect::<String>());
    let subscriber: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE messages SET status = 'failed', attempts = attempts + 1, lease_until = NULL, last_error = $1 \
         WHERE id = $2 RETURNING subscriber_id",
    )
    .bind(&error)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    record(&mut tx, id, Some(MessageStatus::Sending), MessageStatus::Failed, now, "worker", Some(&error)).await?;
    if let Some(Some(subscriber_id)) = subscriber {
        super::gazette::record_hard_bounce(&mut tx, subscriber_id, bounce_limit).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Puts a `failed` or `held` message back in the queue for delivery now; refuses others.
pub async fn retry(db: &Db, id: i64, actor: &str, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    requeue(&mut tx, id, actor, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn requeue(tx: &mut AnyConnection, id: i64, actor: &str, now: Timestamp) -> Result<(), StoreError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM messages WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    let from = status.as_deref().and_then(MessageStatus::parse).ok_or(StoreError::NotFound)?;
    if !matches!(from, MessageStatus::Failed | MessageStatus::Held) {
        return Err(StoreError::Conflict(super::Conflict::NotRetryable));
    }
    sqlx::query("UPDATE messages SET status = 'queued', attempts = 0, not_before = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record(&mut *tx, id, Some(from), MessageStatus::Queued, now, actor, Some("retry requested")).await?;
    Ok(())
}

/// G3 (issue 19): an administrator puts a failed message, or a held one whose delivery was
/// cut off, back in the queue from the browser; audited as `message.retry`. Refuses a held
/// message never handed to a server (a batch organisers are still reviewing: it leaves when
/// they announce it) with `NotRetryable`.
pub async fn retry_as(
    db: &Db,
    right: &crate::domain::account::AdminRight,
    id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(String, Option<String>)> = sqlx::query_as("SELECT status, last_error FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let (status, last_error) = row.ok_or(StoreError::NotFound)?;
    if status == "held" && last_error.is_none() {
        return Err(StoreError::Conflict(super::Conflict::NotRetryable));
    }
    requeue(&mut tx, id, "administrator", now).await?;
    super::audit::record(&mut tx, now, right.account_id(), "message.retry", "message", Some(id), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The messages an administrator may act on (issue 19): failed ones and held ones whose
/// delivery was cut off, newest first, at most `limit`.
pub async fn stuck(db: &Db, limit: i64) -> Result<Vec<Message>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM messages WHERE status = 'failed' OR (status = 'held' AND last_error IS NOT NULL) \
         ORDER BY id DESC LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Held messages of `event_id` of one of `kinds` that were never handed to a server (a batch
/// an organiser is reviewing), oldest first.
pub async fn held_batch(
    conn: &mut AnyConnection,
    event_id: EventId,
    kinds: &[&str],
) -> Result<Vec<Message>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM messages WHERE event_id = $1 AND status = 'held' AND last_error IS NULL ORDER BY id"
    )))
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await?;
    let all: Vec<Message> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok(all.into_iter().filter(|m| kinds.contains(&m.kind.as_str())).collect())
}

/// Deletes a batch that was prepared but never released (it is being prepared again).
pub async fn discard_held_batch(
    conn: &mut AnyConnection,
    event_id: EventId,
    kinds: &[&str],
) -> Result<usize, StoreError> {
    let batch = held_batch(conn, event_id, kinds).await?;
    for m in &batch {
        sqlx::query("DELETE FROM messages WHERE id = $1 AND status = 'held'").bind(m.id).execute(&mut *conn).await?;
    }
    Ok(batch.len())
}

/// Releases a held batch for delivery from `not_before` on, in the caller's transaction;
/// returns how many messages were released. Messages held after an interrupted delivery
/// (they carry a `last_error`) are not part of any batch and stay held.
pub async fn release_held_batch(
    conn: &mut AnyConnection,
    event_id: EventId,
    kinds: &[&str],
    not_before: Timestamp,
    actor: &str,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let batch = held_batch(conn, event_id, kinds).await?;
    for m in &batch {
        sqlx::query("UPDATE messages SET status = 'queued', not_before = $1 WHERE id = $2")
            .bind(not_before.as_second())
            .bind(m.id)
            .execute(&mut *conn)
            .await?;
        record(conn, m.id, Some(MessageStatus::Held), MessageStatus::Queued, now, actor, Some("batch released"))
            .await?;
    }
    Ok(batch.len())
}

/// Messages in the queue, newest first, optionally of one status.
pub async fn list(db: &Db, status: Option<MessageStatus>, limit: i64) -> Result<Vec<Message>, StoreError> {
    let rows = match status {
        Some(s) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM messages WHERE status = $1 ORDER BY id DESC LIMIT $2"
            )))
            .bind(s.as_str())
            .bind(limit)
            .fetch_all(db.pool())
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM messages ORDER BY id DESC LIMIT $1")))
                .bind(limit)
                .fetch_all(db.pool())
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// How many messages are in each status.
pub async fn counts(db: &Db) -> Result<Vec<(MessageStatus, i64)>, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM messages GROUP BY status ORDER BY status")
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().filter_map(|(s, n)| MessageStatus::parse(&s).map(|s| (s, n))).collect())
}

/// One transition of a message: `(from, to, at, actor, reason)`.
pub type Step = (Option<String>, String, i64, String, Option<String>);

/// The transitions of one message, oldest first. The first entry is the message's creation
/// (its first state, from its own row).
pub async fn history(db: &Db, id: i64) -> Result<Vec<Step>, StoreError> {
    let mut steps: Vec<Step> = sqlx::query_as(
        "SELECT from_status, to_status, at, actor, reason FROM message_transitions WHERE message_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let row: Option<(String, i64)> = sqlx::query_as("SELECT status, created_at FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    let Some((status, created_at)) = row else { return Ok(steps) };
    let first = steps.first().and_then(|s| s.0.clone()).unwrap_or(status);
    steps.insert(0, (None, first, created_at, "system".into(), None));
    Ok(steps)
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Message, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(Message {
        id: row.try_get("id")?,
        idempotency_key: row.try_get("idempotency_key")?,
        event_id: row.try_get("event_id")?,
        kind: row.try_get("kind")?,
        to: row.try_get("to_addr")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        body_html: row.try_get("body_html")?,
        list_unsubscribe: row.try_get("list_unsubscribe")?,
        status: MessageStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("message status {status:?}")))?,
        attempts: row.try_get("attempts")?,
        not_before: row.try_get("not_before")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        calendar: row.try_get("calendar")?,
    })
}
