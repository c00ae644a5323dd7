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
