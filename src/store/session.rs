//! G1: server-side sessions. The browser holds a random token (`store::token`); the database
//! keeps only its SHA-256, so a leaked database copy opens no session. Sessions live in the database so that
//! they survive a restart and work across instances.

use super::token::{self, hash as hash_token};
use super::{Db, StoreError, audit};
use crate::domain::account::{AdminRight, session_expires_at};
use jiff::Timestamp;

/// A live session: whose it is and the secret its forms must echo (CSRF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub csrf_secret: String,
}

/// Opens a session for `user_id` and returns its token (for the cookie). The session named
/// by `replaced`, if any, is closed in the same transaction: the id changes at every login,
/// so a token planted before login (session fixation) is worth nothing after it.
pub async fn open(db: &Db, user_id: i64, replaced: Option<&str>, now: Timestamp) -> Result<String, StoreError> {
    let mut tx = db.begin_write().await?;
    let token = open_in(&mut tx, user_id, replaced, None, serde_json::json!({}), now).await?;
    tx.commit().await?;
    Ok(token)
}

/// `open` in the caller's transaction; `id_token` is kept when the session was opened
/// through an OpenID Connect provider (I1), for its logout. Audited as `login` with `details`.
pub(super) async fn open_in(
    tx: &mut sqlx::AnyConnection,
    user_id: i64,
    replaced: Option<&str>,
    id_token: Option<&str>,
    details: serde_json::Value,
    now: Timestamp,
) -> Result<String, StoreError> {
    let token = token::generate().0;
    let now_s = now.as_second();
    if let Some(old) = replaced {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash_token(old)).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_secret, created_at, last_seen, expires_at, id_token) \
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(token::generate().0)
    .bind(now_s)
    .bind(session_expires_at(now_s, now_s))
    .bind(id_token)
    .execute(&mut *tx)
    .await?;
    audit::record(tx, now, Some(user_id), "login", "user", Some(user_id), details).await?;
    Ok(token)
}

/// Returns the live session for `token`, or `None` when unknown or expired. Each use pushes
/// the expiry forward (sliding), written at most once a minute to spare the database.
pub async fn find(db: &Db, token: &str, now: Timestamp) -> Result<Option<Session>, StoreError> {
    let id_hash = hash_token(token);
    let now_s = now.as_second();
    let row: Option<(i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.user_id, s.csrf_secret, s.created_at, s.last_seen, s.expires_at FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND u.disabled = 0",
    )
    .bind(&id_hash)
    .fetch_optional(db.pool())
    .await?;
    let Some((user_id, csrf_secret, created_at, last_seen, expires_at)) = row else { return Ok(None) };
    if expires_at <= now_s {
        return Ok(None);
    }
    if now_s - last_seen >= 60 {
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE id_hash = $3")
            .bind(now_s)
            .bind(session_expires_at(created_at, now_s))
            .bind(&id_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(Session { user_id, csrf_secret }))
}

/// Closes the session of `token` (logout); closing an unknown one is not an error.
pub async fn close(db: &Db, token: &str, user_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash_token(token)).execute(&mut *tx).await?;
    audit::record(&mut tx, now, Some(user_id), "logout", "user", Some(user_id), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes every session of `user_id` on every device ("logout everywhere"); returns how many.
pub async fn close_all(db: &Db, user_id: i64, now: Timestamp) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    let closed = done.rows_affected();
    audit::record(
        &mut tx,
        now,
        Some(user_id),
        "logout_everywhere",
        "user",
        Some(user_id),
        serde_json::json!({ "sessions": closed }),
    )
    .await?;
    tx.commit().await?;
    Ok(closed)
}

/// G5: an administrator closes every session of account `user_id` (a lost laptop, a
/// departure); returns how many. `NotFound` for an unknown account.
pub async fn close_all_of(db: &Db, admin: &AdminRight, user_id: i64, now: Timestamp) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let known: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1").bind(user_id).fetch_optional(&mut *tx).await?;
    known.ok_or(StoreError::NotFound)?;
    let closed =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?.rows_affected();
    audit::record_admin(
        &mut tx,
        now,
        admin,
        "user_sessions_closed",
        user_id,
        serde_json::json!({ "sessions": closed }),
    )
    .await?;
    tx.commit().await?;
    Ok(closed)
}

/// Deletes expired sessions and returns how many; run now and then, never needed for safety
/// (`find` already ignores them).
pub async fn purge_expired(db: &Db, now: Timestamp) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let done =
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now.as_second()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
