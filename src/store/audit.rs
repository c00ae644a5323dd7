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

/// What the journal page asks for: entries about one event, by one account, between two
/// instants (seconds, `until` excluded), newest first, at most `limit`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub event_id: Option<i64>,
    pub user_id: Option<i64>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub limit: i64,
}

/// An entry with the names it points to, read when the journal is shown: the acting
/// account's name and address, the event's current title, the target account's name.
/// The entry itself keeps ids only; a deleted event's title is in its `details`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Listed {
    pub entry: Entry,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    pub event_title: Option<String>,
    pub subject_name: Option<String>,
    pub subject_email: Option<String>,
}

type ListedRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Returns the entries `filter` asks for, newest first, with the names they point to;
/// administrators only.
pub async fn list_filtered(db: &Db, _admin: &AdminRight, filter: &Filter) -> Result<Vec<Listed>, StoreError> {
    let mut sql = String::from(
        "SELECT a.id, a.at, a.user_id, a.action, a.object_kind, a.object_id, a.details, \
         actor.name, actor.email, e.title, subject.name, subject.email \
         FROM audit_log a \
         LEFT JOIN users actor ON actor.id = a.user_id \
         LEFT JOIN events e ON a.object_kind = 'event' AND e.id = a.object_id \
         LEFT JOIN users subject ON a.object_kind = 'user' AND subject.id = a.object_id \
         WHERE 1 = 1",
    );
    let mut binds: Vec<i64> = Vec::new();
    let mut clause = |sql: &mut String, text: &str, value: i64| {
        binds.push(value);
        sql.push_str(&text.replace('?', &format!("${}", binds.len())));
    };
    if let Some(event) = filter.event_id {
        clause(&mut sql, " AND a.object_kind = 'event' AND a.object_id = ?", event);
    }
    if let Some(user) = filter.user_id {
        clause(&mut sql, " AND a.user_id = ?", user);
    }
    if let Some(from) = filter.from {
        clause(&mut sql, " AND a.at >= ?", from);
    }
    if let Some(until) = filter.until {
        clause(&mut sql, " AND a.at < ?", until);
    }
    clause(&mut sql, " ORDER BY a.id DESC LIMIT ?", filter.limit);
    let mut query = sqlx::query_as::<_, ListedRow>(sqlx::AssertSqlSafe(sql));
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                at,
                user_id,
                action,
                object_kind,
                object_id,
                details,
                actor_name,
                actor_email,
                event_title,
                subject_name,
                subject_email,
            )| Listed {
                entry: Entry { id, at, user_id, action, object_kind, object_id, details },
                actor_name,
                actor_email,
                event_title,
                subject_name,
                subject_email,
            },
        )
        .collect())
}
