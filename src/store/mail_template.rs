//! G3 C3: the wording of an event's messages, as its organisers changed it (the decision
//! mails of the call for talks included). A kind without a row here uses the default
//! template `templates/mail/{kind}.md`. The only writer of `mail_templates`.

use super::{Db, StoreError};
use crate::domain::account::EditRight;
use crate::domain::cfp::DECISION_KINDS;
use crate::domain::event::EventId;
use crate::domain::message::Wording;
use jiff::Timestamp;

/// The kinds of message an organiser may reword, with their French names.
pub const EDITABLE: &[(&str, &str)] = &[
    ("registration_confirm_email", "Confirmation de l'adresse"),
    ("registration_confirmed", "Inscription confirmée"),
    ("registration_waitlisted", "Liste d'attente"),
    ("registration_offer", "Place proposée depuis la liste d'attente"),
    ("registration_preregistered", "Préinscription reçue"),
    ("registration_declined", "Préinscription non retenue"),
    ("registration_cancelled", "Inscription annulée"),
    ("registration_link", "Nouveau lien personnel"),
    ("registration_invitation", "Invitation"),
    ("registration_survey", "Questionnaire de suivi"),
];

/// True for the kinds listed on the messages' page (`EDITABLE`).
pub fn is_editable(kind: &str) -> bool {
    EDITABLE.iter().any(|(k, _)| *k == kind)
}

/// True for every kind an event may reword: the messages' page and the call's decision mails.
fn is_rewordable(kind: &str) -> bool {
    is_editable(kind) || DECISION_KINDS.contains(&kind)
}

/// The event's own wording of `kind`, or `None` when the default is used.
pub async fn find(db: &Db, event_id: EventId, kind: &str) -> Result<Option<Wording>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT subject, body FROM mail_templates WHERE event_id = $1 AND kind = $2")
            .bind(event_id)
            .bind(kind)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(subject, body)| Wording { subject, body }))
}

/// The event's wording for every kind it changed.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<(String, Wording)>, StoreError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, subject, body FROM mail_templates WHERE event_id = $1 ORDER BY kind")
            .bind(event_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(k, subject, body)| (k, Wording { subject, body })).collect())
}

/// Saves the event's wording of `kind` (already checked by rendering it).
pub async fn save(db: &Db, right: &EditRight, kind: &str, o: &Wording, now: Timestamp) -> Result<(), StoreError> {
    if !is_rewordable(kind) {
        return Err(StoreError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO mail_templates (event_id, kind, subject, body, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (event_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(right.event_id())
    .bind(kind)
    .bind(&o.subject)
    .bind(&o.body)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    // Registration mails are written from a context cached by content version.
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "mail_template.save",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "kind": kind }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Goes back to the default wording of `kind`.
pub async fn reset(db: &Db, right: &EditRight, kind: &str, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM mail_templates WHERE event_id = $1 AND kind = $2")
        .bind(right.event_id())
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "mail_template.reset",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "kind": kind }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
