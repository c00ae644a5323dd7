//! B6: at the door: check-in, and marking as absent those who did not come.

use super::*;

/// B6: marks a confirmed (or absent) participant as present at the door; refuses any other
/// state. Recorded in the audit log with the account's id, or the check-in link's (G5).
pub async fn check_in(
    db: &Db,
    right: &crate::domain::account::DoorRight,
    registration_id: i64,
    now: Timestamp,
) -> Result<State, StoreError> {
    let mut tx = db.begin_write().await?;
    let reg = load(&mut tx, registration_id).await?;
    crate::store::ensure_same_event(right.event_id(), reg.event_id)?;
    let to = rules::apply(reg.state, Action::CheckIn)?;
    let by = if right.link_id().is_some() { "check_in_link" } else { "organiser" };
    set_state(&mut tx, &reg, to, now, by, Some("checked in at the door")).await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.check_in",
        "registration",
        Some(reg.id),
        crate::store::audit::door_details(right, serde_json::json!({ "event_id": reg.event_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// B6: after the event has started, marks every participant still only confirmed as absent;
/// returns how many. Those who come late can still be checked in.
pub async fn mark_no_shows(
    db: &Db,
    right: &crate::domain::account::EditRight,
    event: &Event,
    now: Timestamp,
) -> Result<u32, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    if now < event.draft.dates.start_instant() {
        return Err(Refusal::NotStartedYet.into());
    }
    let mut tx = db.begin_write().await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1 AND state = 'confirmed' ORDER BY id")
            .bind(event.id)
            .fetch_all(&mut *tx)
            .await?;
    for id in &ids {
        let reg = load(&mut tx, *id).await?;
        let to = rules::apply(reg.state, Action::MarkNoShow)?;
        set_state(&mut tx, &reg, to, now, "organiser", Some("not checked in")).await?;
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.no_shows",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "absent": ids.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len() as u32)
}

/// Who comes to the desk without a place (issue 19).
#[derive(Debug, Clone)]
pub struct WalkIn {
    pub name: String,
    pub email: crate::domain::email::Email,
    pub organisation: String,
    pub status: crate::domain::registration::ParticipantStatus,
}

/// B6: records a person let in at the desk without a place (issue 19): present at once, even
/// when the event is full (the organisers chose to let them in, so the counters may pass the
/// capacity), without any mail. Returns the registration's id, or `None` when the address is
/// already registered for the event (the desk then checks that registration in instead).
/// Audited as `registration.walk_in`.
pub async fn walk_in(
    db: &Db,
    right: &crate::domain::account::EditRight,
    event: &Event,
    person: &WalkIn,
    now: Timestamp,
) -> Result<Option<i64>, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let (_, placeholder_hash) = crate::store::token::generate();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, email, name, organisation, participant_status, answers, state, \
         token_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, '{}', 'attended', $6, $7, $7) \
         ON CONFLICT (event_id, email) DO NOTHING RETURNING id",
    )
    .bind(event.id)
    .bind(person.email.as_str())
    .bind(&person.name)
    .bind(&person.organisation)
    .bind(person.status.as_str())
    .bind(&placeholder_hash)
    .bind(now.as_second())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else { return Ok(None) };
    // The registration gets its private link like any other (for its data and erasure).
    current_link(&mut tx, db.links(), id).await?;
    adjust_counters(&mut tx, event.id, None, State::Attended).await?;
    transition(&mut tx, id, None, State::Attended, now, "organiser", Some("walk-in at the desk")).await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.walk_in",
        "registration",
        Some(id),
        serde_json::json!({ "event_id": event.id }),
    )
    .await?;
    crate::store::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The id of the registration of `email` for the event of `right`, or `None`.
pub async fn find_id_by_email(
    db: &Db,
    right: &crate::domain::account::DoorRight,
    email: &crate::domain::email::Email,
) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1 AND email = $2")
        .bind(right.event_id())
        .bind(email.as_str())
        .fetch_optional(db.pool())
        .await?)
}

/// The registration whose check-in code (`domain::door_code`) is `code`, with its event; or
/// `None` when no registration has that code today (mistyped, or its link was revoked).
pub async fn find_by_door_code(db: &Db, code: &str) -> Result<Option<(i64, EventId)>, StoreError> {
    let Some((id, canonical)) = crate::domain::door_code::parse(code) else { return Ok(None) };
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT event_id, link_generation FROM registrations WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    let Some((event_id, generation)) = row else { return Ok(None) };
    let token = db.links().registration(id, generation);
    Ok((crate::domain::door_code::code(id, &token) == canonical).then_some((id, EventId::new(event_id))))
}
