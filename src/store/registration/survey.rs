//! B5: the follow-up survey: its questions are the event's `survey` questions; organisers
//! send it to the people holding a place, each answers through their private link, and the
//! answers are shown to organisers.

use super::{current_link, load, queue};
use crate::domain::account::EditRight;
use crate::domain::event::Event;
use crate::domain::event::EventId;
use crate::domain::question::{self, Answers};
use crate::domain::registration::letter::{Letter, Letters};
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// Queues the survey mail to everyone holding a place who has not had it yet; returns how
/// many. Each mail carries the person's private link, the one of every other mail.
pub async fn send(
    db: &Db,
    letters: &Letters,
    right: &EditRight,
    event: &Event,
    now: Timestamp,
) -> Result<u32, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let questions = crate::store::question::list(db, event.id, question::Form::Survey).await?;
    if questions.is_empty() {
        return Err(crate::domain::registration::Refusal::SurveyWithoutQuestions.into());
    }
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT r.id FROM registrations r WHERE r.event_id = $1 AND r.state IN ('confirmed', 'attended', 'no_show') \
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key = 'registration:' || CAST(r.id AS TEXT) || ':survey') ORDER BY r.id",
    )
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    for id in &ids {
        let token = current_link(&mut tx, db.links(), *id).await?;
        let reg = load(&mut tx, *id).await?;
        queue(&mut tx, letters, event, &reg, Letter::Survey, &format!("registration:{id}:survey"), &token, now).await?;
    }
    sqlx::query("UPDATE registration_settings SET survey_sent_at = $1 WHERE event_id = $2")
        .bind(now.as_second())
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.survey_sent",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "sent": ids.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len() as u32)
}

/// The survey answers of the registration a private link opens, if any.
pub async fn answers(db: &Db, registration_id: i64) -> Result<Option<Answers>, StoreError> {
    let text: Option<Option<String>> = sqlx::query_scalar("SELECT survey_answers FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(text.flatten().map(|t| question::answers_from_json(&t)))
}

/// Stores the answers (already validated against the questions); answering again replaces them.
pub async fn answer(db: &Db, registration_id: i64, answers: &Answers, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE registrations SET survey_answers = $1, updated_at = $2 WHERE id = $3")
        .bind(question::answers_to_json(answers))
        .bind(now.as_second())
        .bind(registration_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Every answer given, as (participant name, answers), for organisers.
pub async fn all(db: &Db, event_id: EventId) -> Result<Vec<(String, Answers)>, StoreError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT name, survey_answers FROM registrations WHERE event_id = $1 AND survey_answers IS NOT NULL ORDER BY name")
            .bind(event_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(n, a)| (n, question::answers_from_json(&a))).collect())
}
