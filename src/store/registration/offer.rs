//! B2 B4: the answers to an offered place, cancelling, and the sweep that expires what was
//! not answered in time; each freed place goes to the next person at once.

use super::*;

/// The participant accepts the place offered to them; refused once the hold ran out.
pub async fn accept_offer(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let reg = load_by_token(&mut tx, event.id, token).await?;
    if reg.state == State::Offered && reg.offer_expires_at.is_some_and(|t| t <= now.as_second()) {
        return Err(StoreError::from(Refusal::OfferExpired));
    }
    let to = rules::apply(reg.state, Action::AcceptOffer)?;
    set_state(&mut tx, &reg, to, now, "participant", Some("offer accepted")).await?;
    let reg = load(&mut tx, reg.id).await?;
    let key = format!("registration:{}:confirmed", reg.id);
    queue(&mut tx, letters, event, &reg, Letter::Confirmed, &key, token, now).await?;
    tx.commit().await?;
    Ok(to)
}

/// The participant turns the offered place down; it goes to the next person at once.
pub async fn decline_offer(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    finish(db, letters, event, token, Action::DeclineOffer, "offer declined", now).await
}

/// The participant cancels; a place they held goes to the next person at once.
pub async fn cancel(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    finish(db, letters, event, token, Action::Cancel, "cancelled by the participant", now).await
}

async fn finish(
    db: &Db,
    letters: &Letters,
    event: &Event,
    token: &str,
    action: Action,
    why: &str,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let reg = load_by_token(&mut tx, event.id, token).await?;
    let to = rules::apply(reg.state, action)?;
    set_state(&mut tx, &reg, to, now, "participant", Some(why)).await?;
    if to == State::Cancelled {
        let reg = load(&mut tx, reg.id).await?;
        let key = format!("registration:{}:cancelled:{}", reg.id, now.as_second());
        queue(&mut tx, letters, event, &reg, Letter::Cancelled, &key, token, now).await?;
    }
    if reg.state.holds_place() {
        let settings = load_settings(&mut tx, event.id).await?.ok_or(StoreError::from(Refusal::NoRegistration))?;
        promote(&mut tx, db.links(), letters, event, &settings.rules, now).await?;
        crate::store::bump_content_version(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(to)
}

/// The events with addresses never confirmed or offers never answered, due by `now`.
pub async fn due_for_sweep(db: &Db, now: Timestamp) -> Result<Vec<EventId>, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT event_id FROM registrations WHERE (state = 'pending_email' AND email_expires_at <= $1) \
         OR (state = 'offered' AND offer_expires_at <= $1) ORDER BY event_id",
    )
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    Ok(due.into_iter().map(EventId::new).collect())
}

/// Expires the addresses never confirmed and offers never answered of `event`, then offers
/// the freed places; returns how many registrations expired. Run periodically by the server.
pub async fn sweep_event(db: &Db, letters: &Letters, event: &Event, now: Timestamp) -> Result<u32, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM registrations WHERE event_id = $1 AND ((state = 'pending_email' AND email_expires_at <= $2) \
         OR (state = 'offered' AND offer_expires_at <= $2)) ORDER BY id",
    )
    .bind(event.id)
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut expired = 0;
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let mut freed = false;
    for id in &due {
        let reg = load(&mut tx, *id).await?;
        // Re-checked inside the transaction: the participant may have answered meanwhile.
        let still_due = match reg.state {
            State::PendingEmail => reg.email_expires_at.is_some_and(|t| t <= now.as_second()),
            State::Offered => reg.offer_expires_at.is_some_and(|t| t <= now.as_second()),
            _ => false,
        };
        if still_due {
            freed |= reg.state.holds_place();
            set_state(&mut tx, &reg, State::Expired, now, "clock", Some("no answer in time")).await?;
            expired += 1;
        }
    }
    if freed && let Some(s) = load_settings(&mut tx, event.id).await? {
        promote(&mut tx, db.links(), letters, event, &s.rules, now).await?;
    }
    tx.commit().await?;
    Ok(expired)
}
