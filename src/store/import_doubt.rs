//! A3 (issue 18): the facts an import was unsure of, kept for organisers to confirm or
//! correct. An import replaces the open doubts of the events it creates or updates.

use super::{Db, StoreError, audit};
use crate::domain::account::AdminRight;
use crate::import::facts::Doubt;
use jiff::Timestamp;

/// An open doubt with its event, as the organiser page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenDoubt {
    pub id: i64,
    pub event_id: i64,
    pub event_title: String,
    pub fact: String,
    pub value: String,
    pub source: String,
    pub sentence: String,
}

/// Replaces the open doubts of the event imported from `source_path` by `doubts`, in one
/// transaction; confirmed doubts stay. Nothing happens when no event has that source.
pub async fn replace(db: &Db, source_path: &str, doubts: &[Doubt], now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event: Option<i64> = sqlx::query_scalar("SELECT id FROM events WHERE source_path = $1")
        .bind(source_path)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(event_id) = event else { return Ok(()) };
    sqlx::query("DELETE FROM import_doubts WHERE event_id = $1 AND confirmed_at IS NULL")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    for d in doubts {
        sqlx::query(
            "INSERT INTO import_doubts (event_id, fact, value, source, sentence, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event_id)
        .bind(d.fact.as_str())
        .bind(&d.value)
        .bind(&d.source)
        .bind(&d.sentence)
        .bind(now.as_second())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every open doubt, by event then fact order of insertion.
pub async fn open(db: &Db, _admin: &AdminRight) -> Result<Vec<OpenDoubt>, StoreError> {
    let rows = sqlx::query_as(
        "SELECT d.id, d.event_id, e.title AS event_title, d.fact, d.value, d.source, d.sentence \
         FROM import_doubts d JOIN events e ON e.id = d.event_id \
         WHERE d.confirmed_at IS NULL ORDER BY e.start_date DESC, d.event_id, d.id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// Confirms doubt `id`: the imported value is right. `NotFound` for an unknown or already
/// confirmed doubt. Audited as `import_doubt_confirmed` on its event.
pub async fn confirm(db: &Db, admin: &AdminRight, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT event_id, fact, value FROM import_doubts WHERE id = $1 AND confirmed_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (event_id, fact, value) = row.ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE import_doubts SET confirmed_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "doubt_id": id, "fact": fact, "value": value });
    audit::record(&mut tx, now, admin.account_id(), "import_doubt_confirmed", "event", Some(event_id), details).await?;
    tx.commit().await?;
    Ok(())
}
