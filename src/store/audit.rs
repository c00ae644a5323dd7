//! G4: the audit log of organiser actions: who (a user id), what, on which object, when.
//! Entries are written inside the transaction of the action they describe, and hold ids only,
//! never an address or a name.

use super::{Db, StoreError};
use crate::domain::account::{AdminRight, DoorRight, EditRight};
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

/// Appends the entry of an administrator's action on an account (G5), inside the caller's
/// transaction: the administrator's account or, for the command line, no account and
/// `"via": "command_line"` added to `details` (an object).
pub async fn record_admin(
    conn: &mut AnyConnection,
    now: Timestamp,
    right: &AdminRight,
    action: &str,
    user_id: i64,
    mut details: serde_json::Value,
) -> Result<(), StoreError> {
    if right.is_command_line()
        && let Some(map) = details.as_object_mut()
    {
        map.insert("via".into(), COMMAND_LINE.into());
    }
    record(conn, now, right.account_id(), action, "user", Some(user_id), details).await
}

/// Adds to `details` (an object) the check-in link a door right came from, if any
/// (`"via": "check_in_link"`, `"link_id"`), so that the journal tells a volunteer's check-in
/// from an account's.
pub fn door_details(right: &DoorRight, mut details: serde_json::Value) -> serde_json::Value {
    if let (Some(link), Some(map)) = (right.link_id(), details.as_object_mut()) {
        map.insert("via".into(), CHECK_IN_LINK.into());
        map.insert("link_id".into(), link.into());
    }
    details
}

/// The `via` of the entries written through a check-in link.
pub const CHECK_IN_LINK: &str = "check_in_link";

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
