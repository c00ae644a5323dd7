//! G4: the audit log of organiser actions: who (a user id), what, on which object, when.
//! Entries are written inside the transaction of the action they describe, and hold ids only,
//! never an address or a name.

use super::{Db, StoreError};
use crate::domain::account::AdminRight;
use jiff::Timestamp;
use sqlx::AnyConnection;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub object_kind: String,
    pub object_id: Option<i64>,
    /// A JSON object of ids and flags (`{}` when there is nothing to add).
    pub details: String,
}

/// Appends an entry inside the caller's transaction, so that a rolled-back action leaves
/// no trace and a committed one always does.
pub async fn record(
    conn: &mut AnyConnection,
    now: Timestamp,
    user_id: Option<i64>,
    action: &str,
    object_kind: &str,
    object_id: Option<i64>,
    details: serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, object_kind, object_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now.as_second())
    .bind(user_id)
    .bind(action)
    .bind(object_kind)
    .bind(object_id)
    .bind(details.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

type EntryRow = (i64, i64, Option<i64>, String, String, Option<i64>, String);

/// Returns the latest `limit` entries, newest first; administrators only.
pub async fn list(db: &Db, _admin: &AdminRight, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT id, at, user_id, action, object_kind, object_id, details FROM audit_log \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, user_id, action, object_kind, object_id, details)| Entry {
            id,
            at,
            user_id,
            action,
            object_kind,
            object_id,
            details,
        })
        .collect())
}
