//! F1: gazette issues: written and scheduled by organisers, imported from the old site, and
//! sent through the G3 queue in batches. Queuing is a job that resumes where its last batch
//! stopped (`queued_through`, committed with the batch), and every message has its
//! idempotency key `gazette:{issue}:{subscriber}`: a killed server neither loses nor doubles one.

use super::{Db, StoreError, audit, bump_content_version};
use crate::domain::gazette::{IssueDraft, IssueStatus};
use crate::domain::message::{Draft, Hole};
use crate::domain::refusal::Refusal;
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

/// One issue.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub body_md: String,
    pub status: IssueStatus,
    pub send_at: Option<i64>,
    pub published_at: Option<i64>,
    pub queued_through: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, number, title, body_md, status, send_at, published_at, queued_through, created_at, updated_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Issue, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(Issue {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        title: row.try_get("title")?,
        body_md: row.try_get("body_md")?,
        status: IssueStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("issue status {status:?}")))?,
        send_at: row.try_get("send_at")?,
        published_at: row.try_get("published_at")?,
        queued_through: row.try_get("queued_through")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn number_taken(e: sqlx::Error) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.is_unique_violation() => {
            Refusal::Form("Ce numéro est déjà celui d’un autre numéro de la gazette.".into()).into()
        }
        _ => StoreError::Db(e),
    }
}

/// Stores a new draft written by `user_id`; returns its id.
pub async fn create(db: &Db, user_id: Option<i64>, draft: &IssueDraft, now: Timestamp) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gazette_issues (number, title, body_md, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $4) RETURNING id",
    )
    .bind(draft.number)
    .bind(&draft.title)
    .bind(&draft.body_md)
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await
    .map_err(number_taken)?;
    audit::record(&mut tx, now, user_id, "gazette_issue_created", "gazette_issue", Some(id), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes the wording of an issue not sent yet.
pub async fn update(
    db: &Db,
    user_id: Option<i64>,
    id: i64,
    draft: &IssueDraft,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, id).await?;
    if !issue.status.is_editable() {
        return Err(Refusal::Form("Ce numéro est déjà parti : il ne peut plus être modifié.".into()).into());
    }
    sqlx::query("UPDATE gazette_issues SET number = $1, title = $2, body_md = $3, updated_at = $4 WHERE id = $5")
        .bind(draft.number)
        .bind(&draft.title)
        .bind(&draft.body_md)
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(number_taken)?;
    audit::record(&mut tx, now, user_id, "gazette_issue_updated", "gazette_issue", Some(id), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Issue, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM gazette_issues WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

pub async fn get(db: &Db, id: i64) -> Result<Issue, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, id).await
}

/// Every issue, newest number first (the organiser page).
pub async fn list(db: &Db) -> Result<Vec<Issue>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM gazette_issues ORDER BY number DESC")))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The issues the public sees (sent or imported), newest first.
pub async fn list_public(db: &Db) -> Result<Vec<Issue>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM gazette_issues WHERE status IN ('sending', 'paused', 'sent', 'archived') \
         ORDER BY published_at DESC, number DESC"
    )))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// The newest public issue (the home page).
pub async fn latest_public(db: &Db) -> Result<Option<Issue>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM gazette_issues WHERE status IN ('sending', 'paused', 'sent', 'archived') \
         ORDER BY published_at DESC, number DESC LIMIT 1"
    )))
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// A public issue by its number.
pub async fn get_public(db: &Db, number: i64) -> Result<Issue, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM gazette_issues WHERE number = $1")))
        .bind(number)
        .fetch_optional(db.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
    let issue = from_row(&row)?;
    if issue.status.is_public() { Ok(issue) } else { Err(StoreError::NotFound) }
}

/// Schedules the sending of a draft at `send_at` (now or later); refuses an issue already
/// sent. Scheduling again moves the date.
pub async fn schedule(
    db: &Db,
    user_id: Option<i64>,
    id: i64,
    send_at: Timestamp,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, id).await?;
    if !issue.status.is_editable() {
        return Err(Refusal::Form("Ce numéro est déjà parti.".into()).into());
    }
    sqlx::query("UPDATE gazette_issues SET status = 'scheduled', send_at = $1, updated_at = $2 WHERE id = $3")
        .bind(send_at.as_second())
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        user_id,
        "gazette_issue_scheduled",
        "gazette_issue",
        Some(id),
        serde_json::json!({ "send_at": send_at.as_second() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Queues an issue to its writer's own address (a test send), under a key of its own.
pub async fn test_send(
    db: &Db,
    user_id: Option<i64>,
    issue_id: i64,
    to: &str,
    composed: crate::domain::message::Composed,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let key = format!("gazette-test:{issue_id}:{}:{}", user_id.unwrap_or(0), now.as_nanosecond());
    let message = super::message::NewMessage::composed(key, None, "gazette_test", to, composed);
    super::message::enqueue(&mut tx, &message, now).await?;
    audit::record(
        &mut tx,
        now,
        user_id,
        "gazette_issue_test_sent",
        "gazette_issue",
        Some(issue_id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a scheduled issue back to draft (its date is dropped).
pub async fn unschedule(db: &Db, user_id: Option<i64>, id: i64, now: Timestamp) -> Result<(), StoreError> {
    set_status(db, user_id, id, &[IssueStatus::Scheduled], IssueStatus::Draft, "gazette_issue_unscheduled", now).await
}

/// Pauses a send: no more batches are queued, and its queued messages are held (with the
/// reason `paused`, which only `resume` releases).
pub async fn pause(db: &Db, user_id: Option<i64>, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, id).await?;
    if !matches!(issue.status, IssueStatus::Sending | IssueStatus::Sent) {
        return Err(Refusal::Form("Seul un envoi en cours peut être mis en pause.".into()).into());
    }
    sqlx::query(
        "INSERT INTO message_transitions (message_id, from_status, to_status, at, actor, reason) \
         SELECT id, 'queued', 'held', $1, 'organiser', 'paused' FROM messages WHERE issue_id = $2 AND status = 'queued'",
    )
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE messages SET status = 'held', last_error = 'paused' WHERE issue_id = $1 AND status = 'queued'")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // A fully queued issue (`sent`) is paused too: its messages not delivered yet are held.
    sqlx::query("UPDATE gazette_issues SET status = 'paused', updated_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, now, user_id, "gazette_issue_paused", "gazette_issue", Some(id), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Resumes a paused send: its held messages go back to the queue and queuing goes on.
pub async fn resume(db: &Db, user_id: Option<i64>, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, id).await?;
    if issue.status != IssueStatus::Paused {
        return Err(Refusal::Form("Cet envoi n’est pas en pause.".into()).into());
    }
    sqlx::query(
        "INSERT INTO message_transitions (message_id, from_status, to_status, at, actor, reason) \
         SELECT id, 'held', 'queued', $1, 'organiser', 'resumed' FROM messages \
         WHERE issue_id = $2 AND status = 'held' AND last_error = 'paused'",
    )
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE messages SET status = 'queued', last_error = NULL, not_before = $1 \
         WHERE issue_id = $2 AND status = 'held' AND last_error = 'paused'",
    )
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE gazette_issues SET status = 'sending', updated_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, now, user_id, "gazette_issue_resumed", "gazette_issue", Some(id), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn set_status(
    db: &Db,
    user_id: Option<i64>,
    id: i64,
    from: &[IssueStatus],
    to: IssueStatus,
    action: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, id).await?;
    if !from.contains(&issue.status) {
        return Err(Refusal::Form("Ce numéro n’est pas dans un état qui le permet.".into()).into());
    }
    sqlx::query("UPDATE gazette_issues SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, now, user_id, action, "gazette_issue", Some(id), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Starts the scheduled issues whose date has come: they become public and `sending`.
/// Returns their ids.
pub async fn start_due(db: &Db, now: Timestamp) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "UPDATE gazette_issues SET status = 'sending', published_at = COALESCE(published_at, $1), updated_at = $1 \
         WHERE status = 'scheduled' AND send_at <= $1 RETURNING id",
    )
    .bind(now.as_second())
    .fetch_all(&mut *tx)
    .await?;
    if !ids.is_empty() {
        bump_content_version(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(ids)
}

/// The issues whose messages are being queued.
pub async fn sending(db: &Db) -> Result<Vec<Issue>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM gazette_issues WHERE status = 'sending' ORDER BY id"
    )))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// An issue's mail, composed once: every subscriber's private link is the `Token` hole.
pub struct IssueMail {
    pub draft: Draft,
    /// H2: the same message for subscribers who subscribed in English, when it has an English
    /// version (an event's announcement; an issue is sent as its organisers wrote it).
    pub english: Option<Draft>,
    /// The one-click leaving link (`List-Unsubscribe`), with the same hole.
    pub unsubscribe: String,
}

/// The kind of an issue's messages in the queue.
pub const ISSUE_KIND: &str = "gazette_issue";

/// Queues the messages of the next `batch` confirmed subscribers of a `sending` issue, after
/// the last one queued, in one transaction that also moves the issue's `queued_through`; the
/// issue becomes `sent` once nobody is left. Returns how many messages were queued (0 when
/// the issue is not sending: paused meanwhile).
pub async fn queue_batch(
    db: &Db,
    issue_id: i64,
    mail: &IssueMail,
    batch: i64,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let issue = load(&mut tx, issue_id).await?;
    if issue.status != IssueStatus::Sending {
        return Ok(0);
    }
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, email, link_generation FROM gazette_subscribers \
         WHERE status = 'confirmed' AND gazette = 1 AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(issue.queued_through)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    // One INSERT per 100 messages: far fewer round trips, well under both engines' limits
    // on bound parameters.
    for chunk in rows.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO messages (idempotency_key, kind, to_addr, subject, body_text, body_html, list_unsubscribe, \
             status, attempts, not_before, created_at, issue_id, subscriber_id) VALUES ",
        );
        for i in 0..chunk.len() {
            let p: Vec<String> = (1..=10).map(|k| format!("${}", i * 10 + k)).collect();
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "({}, '{ISSUE_KIND}', {}, {}, {}, {}, {}, 'queued', 0, {}, {}, {}, {})",
                p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]
            ));
        }
        sql.push_str(" ON CONFLICT (idempotency_key) DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, email, generation) in chunk {
            let link = db.links().subscriber(*id, *generation);
            let composed = mail.draft.fill(&[(Hole::Token, &link)]);
            q = q
                .bind(format!("gazette:{issue_id}:{id}"))
                .bind(email.clone())
                .bind(composed.subject)
                .bind(composed.text)
                .bind(composed.html)
                .bind(mail.unsubscribe.replace(Hole::Token.placeholder(), &link))
                .bind(now.as_second())
                .bind(now.as_second())
                .bind(issue_id)
                .bind(*id);
        }
        q.execute(&mut *tx).await?;
    }
    let done = (rows.len() as i64) < batch;
    let through = rows.last().map_or(issue.queued_through, |r| r.0);
    sqlx::query("UPDATE gazette_issues SET queued_through = $1, status = $2 WHERE id = $3")
        .bind(through)
        .bind(if done { "sent" } else { "sending" })
        .bind(issue_id)
        .execute(&mut *tx)
        .await?;
    if done {
        let data = serde_json::json!({ "issue": { "id": issue_id, "number": issue.number, "title": &issue.title } });
        let ty = crate::domain::webhook::EventType::GazetteSent;
        super::webhook::emit(&mut tx, None, ty, &format!("gazette:{issue_id}:sent"), data, now, now).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Where the messages of an issue stand.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Waiting in the queue (or being handed over, or retried after a soft failure).
    pub queued: i64,
    /// Held by a pause.
    pub paused: i64,
    pub sent: i64,
    /// Given up after retries, or not sent because the subscriber left.
    pub failed: i64,
    /// Refused for good by the receiving server (SMTP 5xx).
    pub bounced: i64,
}

pub async fn progress(db: &Db, issue_id: i64) -> Result<Progress, StoreError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*), COALESCE(SUM(CASE WHEN last_error LIKE 'hard bounce%' THEN 1 ELSE 0 END), 0) \
         FROM messages WHERE issue_id = $1 GROUP BY status",
    )
    .bind(issue_id)
    .fetch_all(db.pool())
    .await?;
    let mut p = Progress::default();
    for (status, n, bounced) in rows {
        match status.as_str() {
            "sent" => p.sent += n,
            "failed" => {
                p.bounced += bounced;
                p.failed += n - bounced;
            }
            "held" => p.paused += n,
            _ => p.queued += n,
        }
    }
    Ok(p)
}

/// What importing a past issue did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Added,
    Updated,
    Unchanged,
}

/// Stores a past issue as `archived` under its number, dated `published_at`: a second import
/// of the same file changes nothing, an edited file updates it. An issue written here under
/// that number is never overwritten (refused).
pub async fn import_archived(
    db: &Db,
    draft: &IssueDraft,
    published_at: Timestamp,
    now: Timestamp,
) -> Result<Imported, StoreError> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM gazette_issues WHERE number = $1")))
        .bind(draft.number)
        .fetch_optional(&mut *tx)
        .await?;
    let outcome = match row.as_ref().map(from_row).transpose()? {
        None => {
            sqlx::query(
                "INSERT INTO gazette_issues (number, title, body_md, status, published_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'archived', $4, $5, $5)",
            )
            .bind(draft.number)
            .bind(&draft.title)
            .bind(&draft.body_md)
            .bind(published_at.as_second())
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
            Imported::Added
        }
        Some(old) if old.status != IssueStatus::Archived => {
            return Err(
                Refusal::Form(format!("issue {} was written on the site: not overwritten", draft.number)).into()
            );
        }
        Some(old)
            if old.title == draft.title
                && old.body_md == draft.body_md
                && old.published_at == Some(published_at.as_second()) =>
        {
            Imported::Unchanged
        }
        Some(old) => {
            sqlx::query(
                "UPDATE gazette_issues SET title = $1, body_md = $2, published_at = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(&draft.title)
            .bind(&draft.body_md)
            .bind(published_at.as_second())
            .bind(now.as_second())
            .bind(old.id)
            .execute(&mut *tx)
            .await?;
            Imported::Updated
        }
    };
    if outcome != Imported::Unchanged {
        bump_content_version(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}
