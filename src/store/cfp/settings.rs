//! C1: the settings of a call for talks, written by its organisers or the command line.

use crate::domain::account::EditRight;
use crate::domain::cfp::CallSettings;
use crate::domain::event::EventId;
use crate::store::{Db, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;

/// Creates or replaces the call settings of an event; the announcement is kept. The command
/// line and the demo data act with `EditRight::command_line`.
pub async fn save_settings(db: &Db, right: &EditRight, s: &CallSettings, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    write_settings(&mut tx, right.event_id(), s, now).await?;
    crate::store::audit::record_edit(&mut tx, now, right, "cfp.configure", serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_settings(
    conn: &mut AnyConnection,
    event_id: EventId,
    s: &CallSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO cfp_settings (event_id, opens_at, closes_at, decisions_by, programme_by, intro, formats, questions, \
         criteria, anonymous, show_accepted, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (event_id) DO UPDATE SET opens_at = excluded.opens_at, closes_at = excluded.closes_at, \
         decisions_by = excluded.decisions_by, programme_by = excluded.programme_by, intro = excluded.intro, \
         formats = excluded.formats, questions = excluded.questions, criteria = excluded.criteria, \
         anonymous = excluded.anonymous, show_accepted = excluded.show_accepted, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(s.window.opens_at.as_second())
    .bind(s.window.closes_at.as_second())
    .bind(s.decisions_by.map(|d| d.to_string()))
    .bind(s.programme_by.map(|d| d.to_string()))
    .bind(&s.intro)
    .bind(to_json(&s.formats))
    .bind(to_json(&s.questions))
    .bind(to_json(&s.criteria))
    .bind(i64::from(s.anonymous))
    .bind(i64::from(s.show_accepted))
    .bind(now.as_second())
    .execute(&mut *conn)
    .await?;
    crate::store::bump_content_version(conn).await?;
    Ok(())
}

/// JSON text of the settings' lists (strings and formats always serialise).
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("lists of strings and formats serialise")
}
