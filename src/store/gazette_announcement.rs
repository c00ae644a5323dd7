//! F1 (issue 14): the announcement of a new event to the subscribers of the announcements
//! list, once per event (the row `store::event::set_status` makes at the first publication)
//! and once per subscriber (the key `announce:{event}:{subscriber}`), queued in batches like
//! an issue: `queued_through` is committed with each batch, so a crash resumes after it.

use super::gazette_issue::IssueMail;
use super::message::{NewMessage, enqueue};
use super::{Db, StoreError};
use crate::domain::event::EventId;
use crate::domain::message::Hole;
use jiff::Timestamp;

/// The kind of an announcement's messages in the queue.
pub const KIND: &str = "gazette_announcement";

/// The events whose announcement is not fully queued yet, oldest first.
pub async fn pending(db: &Db) -> Result<Vec<EventId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT event_id FROM event_announcements WHERE done_at IS NULL ORDER BY created_at, event_id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(ids.into_iter().map(EventId::new).collect())
}

/// Gives up the announcement of an event that is no longer to announce (withdrawn, past).
pub async fn skip(db: &Db, event_id: EventId, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("UPDATE event_announcements SET done_at = $1 WHERE event_id = $2 AND done_at IS NULL")
        .bind(now.as_second())
        .bind(event_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Queues the announcement of `event_id` to the next `batch` subscribers of the list; returns
/// how many. The announcement is done once a batch comes back short.
pub async fn queue_batch(
    db: &Db,
    event_id: EventId,
    mail: &IssueMail,
    batch: i64,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let through: Option<i64> =
        sqlx::query_scalar("SELECT queued_through FROM event_announcements WHERE event_id = $1 AND done_at IS NULL")
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(through) = through else { return Ok(0) };
    let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, email, link_generation, lang FROM gazette_subscribers \
         WHERE status = 'confirmed' AND announcements = 1 AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(through)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    for (id, email, generation, lang) in &rows {
        let link = db.links().subscriber(*id, *generation);
        // H2: in the language the subscriber subscribed in.
        let draft = match (crate::i18n::Lang::from_stored(lang), &mail.english) {
            (crate::i18n::Lang::En, Some(english)) => english,
            _ => &mail.draft,
        };
        let mut message = NewMessage::composed(
            format!("announce:{event_id}:{id}"),
            Some(event_id),
            KIND,
            email,
            draft.fill(&[(Hole::Token, &link)]),
        );
        message.list_unsubscribe = Some(mail.unsubscribe.replace(Hole::Token.placeholder(), &link));
        if enqueue(&mut tx, &message, now).await? {
            // Tied to the subscriber, as an issue's messages: leaving fails it if still
            // queued and blanks the address (`store::gazette::leave`).
            sqlx::query("UPDATE messages SET subscriber_id = $1 WHERE idempotency_key = $2")
                .bind(id)
                .bind(&message.idempotency_key)
                .execute(&mut *tx)
                .await?;
        }
    }
    let done = (rows.len() as i64) < batch;
    sqlx::query("UPDATE event_announcements SET queued_through = $1, done_at = $2 WHERE event_id = $3")
        .bind(rows.last().map_or(through, |r| r.0))
        .bind(done.then_some(now.as_second()))
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows.len())
}
