//! B4 F2: the reminder a few days before the event, to everyone holding a place, with the
//! event's calendar file; exactly once per registration (the key `registration:{id}:reminder`).

use super::{current_link, load};
use crate::domain::event::Event;
use crate::domain::registration::letter::{Letter, Letters, Recipient};
use crate::store::message::{NewMessage, enqueue};
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// Queues the reminder to each confirmed registration of `event` that has not had it, with
/// `ics` attached; returns how many.
pub async fn send(db: &Db, letters: &Letters, event: &Event, ics: &str, now: Timestamp) -> Result<u32, StoreError> {
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT r.id FROM registrations r WHERE r.event_id = $1 AND r.state = 'confirmed' \
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key = 'registration:' || CAST(r.id AS TEXT) || ':reminder') ORDER BY r.id",
    )
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    for id in &ids {
        let token = current_link(&mut tx, db.links(), *id).await?;
        let reg = load(&mut tx, *id).await?;
        let door_code = crate::domain::door_code::code(reg.id, &token);
        let to = Recipient {
            name: &reg.name,
            token: &token,
            expires: None,
            position: 0,
            door_code: &door_code,
            lang: reg.lang,
        };
        let mail = letters
            .write(Letter::Reminder, &to)
            .map_err(|e| StoreError::Corrupt(format!("mail template {}: {e}", Letter::Reminder.kind())))?;
        let mut message = NewMessage::composed(
            format!("registration:{id}:reminder"),
            Some(event.id),
            Letter::Reminder.kind(),
            &reg.email,
            mail,
        );
        message.calendar = Some(ics.to_owned());
        enqueue(&mut tx, &message, now).await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u32)
}
