//! B7: one person's data, on request: everything kept about a registration as JSON, and its
//! erasure (the place it held goes to the next person, the mails sent keep only their fate).

use super::{State, load, load_settings, lock_event, promote, set_state};
use crate::domain::account::EditRight;
use crate::domain::event::Event;
use crate::domain::question;
use crate::domain::registration::letter::Letters;
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// Everything stored about one registration of `event`: identity, answers (with their
/// questions), state history and the mails sent to the address for this event.
pub async fn export(db: &Db, event: &Event, registration_id: i64) -> Result<serde_json::Value, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let reg = load(&mut conn, registration_id).await?;
    if reg.event_id != event.id {
        return Err(StoreError::NotFound);
    }
    drop(conn);
    let questions = crate::store::question::list(db, event.id, question::Form::Registration).await?;
    let survey_questions = crate::store::question::list(db, event.id, question::Form::Survey).await?;
    let survey: Option<Option<String>> = sqlx::query_scalar("SELECT survey_answers FROM registrations WHERE id = $1")
        .bind(reg.id)
        .fetch_optional(db.pool())
        .await?;
    let history = super::history(db, reg.id).await?;
    let mails: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT kind, subject, status, created_at FROM messages WHERE event_id = $1 AND to_addr = $2 ORDER BY id",
    )
    .bind(event.id)
    .bind(&reg.email)
    .fetch_all(db.pool())
    .await?;
    let at = |s: i64| Timestamp::from_second(s).map(|t| t.to_string()).unwrap_or_default();
    let pairs = |qs: &[question::Question], json: &str| -> Vec<serde_json::Value> {
        question::labelled(qs, &question::answers_from_json(json))
            .into_iter()
            .map(|(q, a)| serde_json::json!({ "question": q, "answer": a }))
            .collect()
    };
    Ok(serde_json::json!({
        "event": { "title": event.draft.title, "slug": event.draft.slug.as_str() },
        "registration": {
            "name": reg.name,
            "email": reg.email,
            "organisation": reg.organisation,
            "siret": (!reg.siret.is_empty()).then_some(&reg.siret),
            "status": reg.status.label_fr(),
            "state": reg.state.label_fr(),
            "registered_at": at(reg.created_at),
            "answers": pairs(&questions, &reg.answers),
            "survey_answers": survey.flatten().map(|s| pairs(&survey_questions, &s)),
        },
        "history": history.iter().map(|(_, from, to, when, actor, why)| serde_json::json!({
            "from": from, "to": to, "at": at(*when), "by": actor, "reason": why,
        })).collect::<Vec<_>>(),
        "mails": mails.iter().map(|(kind, subject, status, created)| serde_json::json!({
            "kind": kind, "subject": subject, "status": status, "queued_at": at(*created),
        })).collect::<Vec<_>>(),
    }))
}

/// B7: the participant erases their own registration of `event` (see `erase_in`).
pub async fn erase_own(
    db: &Db,
    letters: &Letters,
    event: &Event,
    registration_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    erase_in(db, letters, None, event, registration_id, now).await
}

/// B7: an organiser erases a registration of the event the right is for, on request.
pub async fn erase(
    db: &Db,
    letters: &Letters,
    right: &EditRight,
    event: &Event,
    registration_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    erase_in(db, letters, Some(right), event, registration_id, now).await
}

/// Erases a registration of `event` and what refers to its address there (its invitation,
/// the content of the mails sent to it). A place it held is offered to the next person.
/// Without a right, the participant erases it through their private link.
async fn erase_in(
    db: &Db,
    letters: &Letters,
    right: Option<&EditRight>,
    event: &Event,
    registration_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let actor = right.map_or_else(|| "participant".to_owned(), |r| format!("organiser:{}", r.user_id()));
    let actor = actor.as_str();
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let reg = load(&mut tx, registration_id).await?;
    if reg.event_id != event.id {
        return Err(StoreError::NotFound);
    }
    // Through `Cancelled` so that the counters follow, then gone.
    if !reg.state.is_closed() {
        set_state(&mut tx, &reg, State::Cancelled, now, actor, Some("erased on request")).await?;
    }
    sqlx::query("DELETE FROM registrations WHERE id = $1").bind(reg.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM invitations WHERE event_id = $1 AND email = $2")
        .bind(event.id)
        .bind(&reg.email)
        .execute(&mut *tx)
        .await?;
    // Mail not yet sent is not sent: a message in flight (`sending`) finishes, then is wiped.
    sqlx::query("DELETE FROM messages WHERE event_id = $1 AND to_addr = $2 AND status IN ('queued', 'held', 'retrying', 'failed')")
        .bind(event.id)
        .bind(&reg.email)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE messages SET to_addr = 'effacé', subject = '', body_text = '', body_html = NULL WHERE event_id = $1 AND to_addr = $2",
    )
    .bind(event.id)
    .bind(&reg.email)
    .execute(&mut *tx)
    .await?;
    if reg.state.holds_place()
        && let Some(s) = load_settings(&mut tx, event.id).await?
    {
        promote(&mut tx, db.links(), letters, event, &s.rules, now).await?;
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.map(EditRight::user_id),
        "registration.erase",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "registration": reg.id, "by": actor }),
    )
    .await?;
    crate::store::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
