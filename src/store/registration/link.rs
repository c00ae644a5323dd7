//! B4: the private link of a registration. It is the same in every mail of the registration's
//! life (see `store::token`); it is mailed again on request, and only an organiser revoking a
//! leaked link changes it.

use super::register::resend_key;
use super::{current_link, load, queue};
use crate::domain::account::EditRight;
use crate::domain::email::Email;
use crate::domain::event::{Event, EventId};
use crate::domain::registration::letter::{Letter, Letters};
use crate::store::{Db, StoreError, token};
use jiff::Timestamp;

/// The events where `email` has a registration, oldest first: those whose link a request
/// for lost links mails again.
pub async fn events_of_address(db: &Db, email: &Email) -> Result<Vec<EventId>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT event_id FROM registrations WHERE email = $1 ORDER BY event_id")
        .bind(email.as_str())
        .fetch_all(db.pool())
        .await?;
    Ok(ids.into_iter().map(EventId::new).collect())
}

/// Mails the private link of `email`'s registration of `event` again, when there is one,
/// and does nothing otherwise: the caller answers the same either way, so that the form
/// tells nobody who is registered. At most one such mail per registration per quarter of an
/// hour. Returns whether a registration was found, for tests and logs by id only.
pub async fn resend(
    db: &Db,
    letters: &Letters,
    event: &Event,
    email: &Email,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1 AND email = $2")
        .bind(event.id)
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else { return Ok(false) };
    let token = current_link(&mut tx, db.links(), id).await?;
    let reg = load(&mut tx, id).await?;
    queue(&mut tx, letters, event, &reg, Letter::Link, &resend_key(id, &token, now), &token, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Revokes the private link of a registration (leaked, forwarded…): its link generation
/// goes up, so the old link stops working at once, and the new one is mailed to its
/// address. The only thing that changes a registration's link.
pub async fn revoke(
    db: &Db,
    letters: &Letters,
    right: &EditRight,
    event: &Event,
    registration_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let mut tx = db.begin_write().await?;
    let reg = load(&mut tx, registration_id).await?;
    crate::store::ensure_same_event(right.event_id(), reg.event_id)?;
    let generation: i64 = sqlx::query_scalar("SELECT link_generation FROM registrations WHERE id = $1")
        .bind(reg.id)
        .fetch_one(&mut *tx)
        .await?;
    let generation = generation + 1;
    let token = db.links().registration(reg.id, generation);
    sqlx::query("UPDATE registrations SET link_generation = $1, token_hash = $2, updated_at = $3 WHERE id = $4")
        .bind(generation)
        .bind(token::hash(&token))
        .bind(now.as_second())
        .bind(reg.id)
        .execute(&mut *tx)
        .await?;
    let key = format!("registration:{}:link-revoked:{generation}", reg.id);
    queue(&mut tx, letters, event, &reg, Letter::Link, &key, &token, now).await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.renew_link",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "registration": reg.id, "generation": generation }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
