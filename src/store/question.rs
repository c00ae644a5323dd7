//! B3 B5: the questions an event adds to its registration form and to its follow-up survey.

use super::{Db, StoreError};
use crate::domain::account::EditRight;
use crate::domain::event::EventId;
use crate::domain::question::{self, Condition, Form, Kind, NewQuestion, Question};
use crate::domain::refusal::Refusal;
use jiff::Timestamp;
use sqlx::Row;

/// The questions of one form of an event, in the order they are asked.
pub async fn list(db: &Db, event_id: EventId, form: Form) -> Result<Vec<Question>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, label, kind, required, choices, show_if_question, show_if_answer FROM questions \
         WHERE event_id = $1 AND form = $2 ORDER BY position, id",
    )
    .bind(event_id)
    .bind(form.as_str())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let choices: String = row.try_get("choices")?;
            let show_q: Option<i64> = row.try_get("show_if_question")?;
            let show_a: Option<String> = row.try_get("show_if_answer")?;
            Ok(Question {
                id: row.try_get("id")?,
                label: row.try_get("label")?,
                kind: Kind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("question kind {kind:?}")))?,
                required: row.try_get::<i64, _>("required")? != 0,
                choices: serde_json::from_str(&choices)
                    .map_err(|e| StoreError::Corrupt(format!("question choices: {e}")))?,
                show_if: show_q.zip(show_a).map(|(question, answer)| Condition { question, answer }),
            })
        })
        .collect()
}

/// Adds a question at the end of the form, after checking it against the earlier ones.
/// `Err(StoreError::Refused)` carries the French reason.
pub async fn add(db: &Db, right: &EditRight, form: Form, q: &NewQuestion, now: Timestamp) -> Result<i64, StoreError> {
    let earlier = list(db, right.event_id(), form).await?;
    if earlier.len() >= 50 {
        return Err(crate::domain::registration::Refusal::TooManyQuestions.into());
    }
    question::check_new(&q.label, q.kind, &q.choices, q.show_if.as_ref(), &earlier)
        .map_err(|m| StoreError::Refused(Refusal::Form(m)))?;
    let choices = if matches!(q.kind, Kind::Single | Kind::Multiple) { q.choices.clone() } else { vec![] };
    let mut tx = db.begin_write().await?;
    let position: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE event_id = $1 AND form = $2")
            .bind(right.event_id())
            .bind(form.as_str())
            .fetch_one(&mut *tx)
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO questions (event_id, form, position, label, kind, required, choices, show_if_question, show_if_answer) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(right.event_id())
    .bind(form.as_str())
    .bind(position)
    .bind(q.label.trim())
    .bind(q.kind.as_str())
    .bind(i64::from(q.required))
    .bind(serde_json::to_string(&choices).unwrap_or_else(|_| "[]".into()))
    .bind(q.show_if.as_ref().map(|c| c.question))
    .bind(q.show_if.as_ref().map(|c| c.answer.clone()))
    .fetch_one(&mut *tx)
    .await?;
    // The public form is cached by content version (see `registration::FormContext`).
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "question.add",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "question": id, "form": form.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a question and the questions shown only after it. Answers already given stay
/// in the registrations (they are shown with the question's id when it is gone).
pub async fn remove(db: &Db, right: &EditRight, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event_id: Option<EventId> =
        sqlx::query_scalar("SELECT event_id FROM questions WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    super::ensure_same_event(right.event_id(), event_id.ok_or(StoreError::NotFound)?)?;
    let done = sqlx::query("DELETE FROM questions WHERE event_id = $1 AND (id = $2 OR show_if_question = $2)")
        .bind(right.event_id())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "question.remove",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "question": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The form and the questions of that form of the event of question `id`, checked against
/// `right`.
async fn form_of(db: &Db, right: &EditRight, id: i64) -> Result<(Form, Vec<Question>), StoreError> {
    let row: Option<(EventId, String)> =
        sqlx::query_as("SELECT event_id, form FROM questions WHERE id = $1").bind(id).fetch_optional(db.pool()).await?;
    let (event_id, form) = row.ok_or(StoreError::NotFound)?;
    super::ensure_same_event(right.event_id(), event_id)?;
    let form = Form::parse(&form).ok_or_else(|| StoreError::Corrupt(format!("question form {form:?}")))?;
    Ok((form, list(db, event_id, form).await?))
}

/// Changes the wording of question `id` (label, required, choices; its kind and condition
/// stay), refused in French when `question::check_edit` refuses (issue 19). Answers already
/// given keep their text.
pub async fn update(
    db: &Db,
    right: &EditRight,
    id: i64,
    label: &str,
    required: bool,
    choices: &[String],
    now: Timestamp,
) -> Result<(), StoreError> {
    let (form, questions) = form_of(db, right, id).await?;
    question::check_edit(&questions, id, label, choices).map_err(|m| StoreError::Refused(Refusal::Form(m)))?;
    let kind = questions.iter().find(|q| q.id == id).map(|q| q.kind).ok_or(StoreError::NotFound)?;
    let choices = if kind.has_choices() { choices.to_vec() } else { vec![] };
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE questions SET label = $1, required = $2, choices = $3 WHERE id = $4 AND event_id = $5")
        .bind(label.trim())
        .bind(i64::from(required))
        .bind(serde_json::to_string(&choices).unwrap_or_else(|_| "[]".into()))
        .bind(id)
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "question.update",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "question": id, "form": form.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves question `id` one place up (or down) in its form, refused in French when
/// `question::moved` refuses (issue 19).
pub async fn move_question(db: &Db, right: &EditRight, id: i64, up: bool, now: Timestamp) -> Result<Form, StoreError> {
    let (form, questions) = form_of(db, right, id).await?;
    let order = question::moved(&questions, id, up).map_err(|m| StoreError::Refused(Refusal::Form(m)))?;
    let mut tx = db.begin_write().await?;
    for (position, qid) in order.iter().enumerate() {
        sqlx::query("UPDATE questions SET position = $1 WHERE id = $2 AND event_id = $3")
            .bind(position as i64 + 1)
            .bind(qid)
            .bind(right.event_id())
            .execute(&mut *tx)
            .await?;
    }
    super::bump_content_version(&mut tx).await?;
    super::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "question.move",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "question": id, "form": form.as_str(), "up": up }),
    )
    .await?;
    tx.commit().await?;
    Ok(form)
}
