//! I2 (issue 16): bearer tokens of the organiser API. A token holds 32 random bytes shown
//! once; the database keeps only their SHA-256 (`store::token`). Creating and revoking one
//! are audited in their transaction, in the owner's name. What a token may do is decided at
//! each request (`domain::api_token`), from its scope and its owner's rights at that time.

use super::token::{self, hash as hash_token};
use super::{Db, StoreError, audit};
use crate::domain::account::EditRight;
use crate::domain::api_token::{ApiToken, TokenAccess};
use crate::domain::event::EventId;
use jiff::Timestamp;

/// What a token's secret starts with, so that secret scanners and people recognise it.
pub const PREFIX: &str = "rct_";

const COLUMNS: &str = "id, user_id, name, access, created_at, expires_at, revoked_at";

type Row = (i64, i64, String, String, i64, i64, Option<i64>);

async fn with_events(
    conn: &mut sqlx::AnyConnection,
    (id, user_id, name, access, created_at, expires_at, revoked_at): Row,
) -> Result<ApiToken, StoreError> {
    let events: Vec<i64> =
        sqlx::query_scalar("SELECT event_id FROM api_token_events WHERE token_id = $1 ORDER BY event_id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let access = TokenAccess::parse(&access).ok_or_else(|| StoreError::Corrupt(format!("token access {access}")))?;
    Ok(ApiToken {
        id,
        user_id,
        name,
        access,
        events: events.into_iter().map(EventId::new).collect(),
        created_at,
        expires_at,
        revoked_at,
    })
}

/// Creates a token for the account holding `rights` (one per event of its scope, each made
/// by `domain::account::authorise_edit`, so the scope never exceeds the owner's rights),
/// valid until `expires_at`; returns it with its secret (shown once, never stored).
/// `Forbidden` when the rights are empty or not all the same account's.
pub async fn create(
    db: &Db,
    rights: &[EditRight],
    name: &str,
    access: TokenAccess,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<(ApiToken, String), StoreError> {
    let owner = rights.first().and_then(EditRight::account_id).ok_or(StoreError::Forbidden)?;
    if rights.iter().any(|r| r.account_id() != Some(owner)) {
        return Err(StoreError::Forbidden);
    }
    let (secret, hash) = token::generate();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, access, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner)
    .bind(name)
    .bind(&hash)
    .bind(access.as_str())
    .bind(now.as_second())
    .bind(expires_at.as_second())
    .fetch_one(&mut *tx)
    .await?;
    let mut events: Vec<i64> = rights.iter().map(|r| r.event_id().get()).collect();
    events.sort_unstable();
    events.dedup();
    for event in &events {
        sqlx::query("INSERT INTO api_token_events (token_id, event_id) VALUES ($1, $2)")
            .bind(id)
            .bind(event)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        now,
        Some(owner),
        "api_token_created",
        "api_token",
        Some(id),
        serde_json::json!({ "name": name, "access": access.as_str(), "events": events }),
    )
    .await?;
    let token = with_events(
        &mut tx,
        (id, owner, name.to_owned(), access.as_str().to_owned(), now.as_second(), expires_at.as_second(), None),
    )
    .await?;
    tx.commit().await?;
    Ok((token, format!("{PREFIX}{secret}")))
}

/// Every token of account `user_id`, newest first, expired and revoked ones included.
pub async fn list_for_user(db: &Db, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user_id).fetch_all(db.pool()).await?;
    let mut conn = db.pool().acquire().await?;
    let mut tokens = Vec::with_capacity(rows.len());
    for row in rows {
        tokens.push(with_events(&mut conn, row).await?);
    }
    Ok(tokens)
}

/// Returns the token whose secret is `secret`, valid or not, or `None` for an unknown or
/// malformed one; `ApiToken::is_valid` decides whether it still opens the API.
pub async fn find(db: &Db, secret: &str) -> Result<Option<ApiToken>, StoreError> {
    let Some(raw) = secret.strip_prefix(PREFIX).filter(|s| token::looks_valid(s)) else { return Ok(None) };
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1");
    let row: Option<Row> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(hash_token(raw)).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Ok(None) };
    let mut conn = db.pool().acquire().await?;
    Ok(Some(with_events(&mut conn, row).await?))
}

/// Revokes token `token_id` of account `user_id` at `now`: it stops working at once.
/// `NotFound` for an unknown token or another account's; revoking twice keeps the first date
/// and writes no second entry.
pub async fn revoke(db: &Db, user_id: i64, token_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let owner: Option<i64> = sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE id = $1")
        .bind(token_id)
        .fetch_optional(&mut *tx)
        .await?;
    if owner != Some(user_id) {
        return Err(StoreError::NotFound);
    }
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now.as_second())
        .bind(token_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        audit::record(
            &mut tx,
            now,
            Some(user_id),
            "api_token_revoked",
            "api_token",
            Some(token_id),
            serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds the event `right` is for to the scope of token `token_id` (an event created through
/// the token: its owner became its organiser).
pub async fn add_event(db: &Db, token_id: i64, right: &EditRight) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO api_token_events (token_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(token_id)
        .bind(right.event_id())
        .execute(db.pool())
        .await?;
    Ok(())
}
