//! G4: the audit log of organiser actions: who (a user id), what, on which object, when.
//! Entries are written inside the transaction of the action they describe, and hold ids only,
//! never an address or a name.

use super::{Db, StoreError};
use crate::domain::account::{AdminRight, EditRight};
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

/// Appends the entry of an action done with `right` on its event, inside the caller's
/// transaction: the account holding the right or, for the command line, no account and
/// `"via": "command_line"` added to `details` (an object).
pub async fn record_edit(
    conn: &mut AnyConnection,
    now: Timestamp,
    right: &EditRight,
    action: &str,
    mut details: serde_json::Value,
) -> Result<(), StoreError> {
    if right.is_command_line()
        && let Some(map) = details.as_object_mut()
    {
        map.insert("via".into(), COMMAND_LINE.into());
    }
    record(conn, now, right.account_id(), action, "event", Some(right.event_id().get()), details).await
}

/// The `via` of the entries written with the command line's right.
pub const COMMAND_LINE: &str = "command_line";

impl Entry {
    /// True when the entry was written with the command line's right (`record_edit`).
    pub fn by_command_line(&self) -> bool {
        self.user_id.is_none()
            && serde_json::from_str::<serde_json::Value>(&self.details)
                .is_ok_and(|d| d.get("via").and_then(|v| v.as_str()) == Some(COMMAND_LINE))
    }
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
