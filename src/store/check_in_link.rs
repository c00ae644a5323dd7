//! G5 B6: time-limited check-in links, handed to door volunteers without an account. The
//! link holds a random token; the database keeps only its SHA-256 (`store::token`). Creating
//! and revoking one is an organiser write, audited in its transaction; a check-in through a
//! link is audited with the link's id (`store::registration::check_in`).

use super::token::{self, hash as hash_token};
use super::{Db, StoreError, audit, ensure_same_event};
use crate::domain::account::{CheckInLink, EditRight};
use crate::domain::event::EventId;
use jiff::Timestamp;

const COLUMNS: &str = "id, event_id, label, created_at, expires_at, revoked_at";

type Row = (i64, i64, String, i64, i64, Option<i64>);

fn link_from((id, event_id, label, created_at, expires_at, revoked_at): Row) -> CheckInLink {
    CheckInLink { id, event_id: EventId::new(event_id), label, created_at, expires_at, revoked_at }
}

/// Creates a link to the check-in page of the right's event, valid `hours` from `now`, for
/// the volunteer named `label`; returns it with its token (shown once, never stored).
pub async fn create(
    db: &Db,
    right: &EditRight,
    label: &str,
    hours: i64,
    now: Timestamp,
) -> Result<(CheckInLink, String), StoreError> {
    let (token, hash) = token::generate();
    let expires_at = now.as_second() + hours * 3600;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO check_in_links (event_id, token_hash, label, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(right.event_id())
    .bind(&hash)
    .bind(label)
    .bind(right.account_id())
    .bind(now.as_second())
    .bind(expires_at)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_edit(
        &mut tx,
        now,
        right,
        "check_in_link_created",
        serde_json::json!({ "link_id": id, "hours": hours }),
    )
    .await?;
    tx.commit().await?;
    let link = CheckInLink {
        id,
        event_id: right.event_id(),
        label: label.to_owned(),
        created_at: now.as_second(),
        expires_at,
        revoked_at: None,
    };
    Ok((link, token))
}

/// Every link of `event_id`, newest first, expired and revoked ones included.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<CheckInLink>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM check_in_links WHERE event_id = $1 ORDER BY id DESC");
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(event_id).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(link_from).collect())
}

/// Returns the link whose token is `token`, valid or not, or `None` for an unknown token;
/// `domain::account::authorise_check_in_link` decides whether it still opens the door.
pub async fn find(db: &Db, token: &str) -> Result<Option<CheckInLink>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let sql = format!("SELECT {COLUMNS} FROM check_in_links WHERE token_hash = $1");
    let row: Option<Row> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(hash_token(token)).fetch_optional(db.pool()).await?;
    Ok(row.map(link_from))
}

/// Revokes link `link_id` of the right's event at `now`: it stops working at once.
/// `NotFound` for an unknown link, `Forbidden` for another event's; revoking twice keeps the
/// first date.
pub async fn revoke(db: &Db, right: &EditRight, link_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event: Option<i64> = sqlx::query_scalar("SELECT event_id FROM check_in_links WHERE id = $1")
        .bind(link_id)
        .fetch_optional(&mut *tx)
        .await?;
    ensure_same_event(right.event_id(), EventId::new(event.ok_or(StoreError::NotFound)?))?;
    sqlx::query("UPDATE check_in_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now.as_second())
        .bind(link_id)
        .execute(&mut *tx)
        .await?;
    audit::record_edit(&mut tx, now, right, "check_in_link_revoked", serde_json::json!({ "link_id": link_id })).await?;
    tx.commit().await?;
    Ok(())
}
