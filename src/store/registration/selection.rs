//! B5: selection by organisers. Decisions (select, waitlist, decline) are recorded as
//! pending on each pre-registration, by hand or by a seeded draw, and stay invisible to
//! participants until they are announced all at once, now or at a time the organisers chose.
//! Announcing applies them in one transaction, re-checking the capacity, and queues one mail
//! per person.

use super::{Registration, capacity, current_link, load, load_settings, lock_event, queue_at, set_state};
use crate::domain::account::EditRight;
use crate::domain::event::Event;
use crate::domain::event::EventId;
use crate::domain::registration::letter::{Letter, Letters};
use crate::domain::registration::{self as rules, Candidate, Decision, Draw, State};
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// The pending decisions of an event: `(registration id, decision, rank)`.
pub async fn pending(db: &Db, event_id: EventId) -> Result<Vec<(i64, Decision, i64)>, StoreError> {
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, decision, decision_rank FROM registrations WHERE event_id = $1 AND decision IS NOT NULL AND state = 'preregistered' ORDER BY decision_rank, id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().filter_map(|(id, d, r)| Decision::parse(&d).map(|d| (id, d, r.unwrap_or(0)))).collect())
}

/// Records (or, with `None`, withdraws) a pending decision on each pre-registration of
/// `ids`; others are ignored. Returns how many changed. Logged in the audit log.
pub async fn decide(
    db: &Db,
    right: &EditRight,
    ids: &[i64],
    decision: Option<Decision>,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut rank: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(decision_rank), 0) FROM registrations WHERE event_id = $1")
            .bind(right.event_id())
            .fetch_one(&mut *tx)
            .await?;
    let mut changed = 0;
    for id in ids {
        let event_id: Option<EventId> = sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        // An unknown id is ignored, like one no longer pre-registered; another event's is refused.
        if let Some(event_id) = event_id {
            crate::store::ensure_same_event(right.event_id(), event_id)?;
        }
        rank += 1;
        let done = sqlx::query(
            "UPDATE registrations SET decision = $1, decision_rank = $2, updated_at = $3 \
             WHERE id = $4 AND event_id = $5 AND state = 'preregistered'",
        )
        .bind(decision.map(Decision::as_str))
        .bind(decision.map(|_| rank))
        .bind(now.as_second())
        .bind(id)
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
        changed += done.rows_affected();
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.decide",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "registrations": ids, "decision": decision.map(Decision::as_str) }),
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// Runs the seeded draw over every pre-registration still without a decision, for the places
/// not yet taken nor promised, with an optional quota per organisation; records the result
/// as pending decisions (drawn order as rank) and keeps its explanation for the organisers.
pub async fn run_draw(
    db: &Db,
    right: &EditRight,
    seed: u64,
    quota: Option<u32>,
    now: Timestamp,
) -> Result<Draw, StoreError> {
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), right.event_id()).await?;
    let settings =
        load_settings(&mut tx, right.event_id()).await?.ok_or(StoreError::from(rules::Refusal::NoRegistration))?;
    let (taken, _) = capacity(&mut tx, right.event_id()).await?;
    let promised: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND state = 'preregistered' AND decision = 'select'",
    )
    .bind(right.event_id())
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, organisation FROM registrations WHERE event_id = $1 AND state = 'preregistered' AND decision IS NULL ORDER BY id",
    )
    .bind(right.event_id())
    .fetch_all(&mut *tx)
    .await?;
    let candidates: Vec<Candidate> =
        rows.into_iter().map(|(id, organisation)| Candidate { id, organisation }).collect();
    let places = settings.rules.places.saturating_sub(taken).saturating_sub(promised.max(0) as u32);
    let result = rules::draw(&candidates, places, quota, seed);
    let mut rank: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(decision_rank), 0) FROM registrations WHERE event_id = $1")
            .bind(right.event_id())
            .fetch_one(&mut *tx)
            .await?;
    for (ids, decision) in [(&result.selected, Decision::Select), (&result.waitlist, Decision::Waitlist)] {
        for id in ids {
            rank += 1;
            sqlx::query("UPDATE registrations SET decision = $1, decision_rank = $2, updated_at = $3 WHERE id = $4")
                .bind(decision.as_str())
                .bind(rank)
                .bind(now.as_second())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let record = serde_json::json!({
        "seed": seed.to_string(), "quota": quota, "places": places, "candidates": candidates.len(),
        "at": now.as_second(), "explanation": result.explanation,
    });
    sqlx::query("UPDATE registration_settings SET last_draw = $1, quota_per_organisation = $2 WHERE event_id = $3")
        .bind(record.to_string())
        .bind(quota.map(i64::from))
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.draw",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "seed": seed.to_string(), "quota": quota, "selected": result.selected.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// The last draw as recorded (JSON), for the page that explains it.
pub async fn last_draw(db: &Db, event_id: EventId) -> Result<Option<serde_json::Value>, StoreError> {
    let text: Option<Option<String>> =
        sqlx::query_scalar("SELECT last_draw FROM registration_settings WHERE event_id = $1")
            .bind(event_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(text.flatten().and_then(|t| serde_json::from_str(&t).ok()))
}

/// When the pending decisions will be announced, if scheduled.
pub async fn announce_at(db: &Db, event_id: EventId) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<Option<i64>> =
        sqlx::query_scalar("SELECT announce_at FROM registration_settings WHERE event_id = $1")
            .bind(event_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(at.flatten().and_then(|s| Timestamp::from_second(s).ok()))
}

/// Schedules (or, with `None`, cancels) the announcement of the pending decisions.
pub async fn schedule(db: &Db, right: &EditRight, at: Option<Timestamp>, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("UPDATE registration_settings SET announce_at = $1 WHERE event_id = $2")
        .bind(at.map(|t| t.as_second()))
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::from(rules::Refusal::NoRegistration));
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.schedule_announcement",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "at": at.map(|t| t.as_second()) }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organiser announces the pending decisions of the event the right is for now (see
/// `announce_in`), with an audit entry.
pub async fn announce(
    db: &Db,
    letters: &Letters,
    right: &EditRight,
    event: &Event,
    now: Timestamp,
) -> Result<u32, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    announce_in(db, letters, Some(right), event, now).await
}

/// The clock announces the pending decisions of `event` at the time the organisers chose.
pub async fn announce_scheduled(db: &Db, letters: &Letters, event: &Event, now: Timestamp) -> Result<u32, StoreError> {
    announce_in(db, letters, None, event, now).await
}

/// Applies every pending decision of the event, in rank order, and queues one mail each:
/// confirmed, waitlisted (at the end of the line) or declined. A selection beyond the
/// places left goes to the waitlist instead: capacity is counted inside this transaction.
/// Returns how many registrations changed. Clears any scheduled announcement.
async fn announce_in(
    db: &Db,
    letters: &Letters,
    right: Option<&EditRight>,
    event: &Event,
    now: Timestamp,
) -> Result<u32, StoreError> {
    let actor = right.map_or_else(|| "clock".to_owned(), |r| format!("organiser:{}", r.user_id()));
    let actor = actor.as_str();
    let mut tx = db.begin_write().await?;
    lock_event(&mut tx, db.backend(), event.id).await?;
    let settings = load_settings(&mut tx, event.id).await?.ok_or(StoreError::from(rules::Refusal::NoRegistration))?;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, decision FROM registrations WHERE event_id = $1 AND decision IS NOT NULL AND state = 'preregistered' ORDER BY decision_rank, id",
    )
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut done = 0;
    for (id, decision) in rows {
        let Some(mut decision) = Decision::parse(&decision) else { continue };
        let (taken, _) = capacity(&mut tx, event.id).await?;
        if decision == Decision::Select && taken >= settings.rules.places {
            decision = Decision::Waitlist;
        }
        let reg: Registration = load(&mut tx, id).await?;
        let to = rules::apply(reg.state, decision.action())?;
        set_state(
            &mut tx,
            &reg,
            to,
            now,
            actor,
            Some(match decision {
                Decision::Select => "selected",
                Decision::Waitlist => "put on the waitlist",
                Decision::Decline => "not selected",
            }),
        )
        .await?;
        let mut position = 0;
        if to == State::Waitlisted {
            let seq: i64 = sqlx::query_scalar(
                "UPDATE registration_settings SET last_waitlist_seq = last_waitlist_seq + 1 WHERE event_id = $1 RETURNING last_waitlist_seq",
            )
            .bind(event.id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE registrations SET waitlist_seq = $1 WHERE id = $2")
                .bind(seq)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let (_, waiting) = capacity(&mut tx, event.id).await?;
            position = i64::from(waiting);
        }
        sqlx::query("UPDATE registrations SET decision = NULL, decision_rank = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let token = current_link(&mut tx, db.links(), id).await?;
        let reg = load(&mut tx, id).await?;
        let letter = match to {
            State::Confirmed => Letter::Confirmed,
            State::Waitlisted => Letter::Waitlisted,
            _ => Letter::Declined,
        };
        let key = format!("registration:{id}:decision:{}", to.as_str());
        queue_at(&mut tx, letters, event, &reg, letter, &key, &token, position, now).await?;
        done += 1;
    }
    sqlx::query("UPDATE registration_settings SET announce_at = NULL WHERE event_id = $1")
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
    if done > 0 {
        crate::store::bump_content_version(&mut tx).await?;
    }
    if let Some(right) = right {
        crate::store::audit::record(
            &mut tx,
            now,
            right.account_id(),
            "registration.announce",
            "event",
            Some(event.id.get()),
            serde_json::json!({ "announced": done }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// The events whose scheduled announcement has come by `now`.
pub async fn due_for_announcement(db: &Db, now: Timestamp) -> Result<Vec<EventId>, StoreError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT event_id FROM registration_settings WHERE announce_at IS NOT NULL AND announce_at <= $1",
    )
    .bind(now.as_second())
    .fetch_all(db.pool())
    .await?;
    Ok(due.into_iter().map(EventId::new).collect())
}

/// B5 (issue 19): gives every registration of the event whose organisation is one of the
/// variants `keys` (as `rules::normalise_organisation` writes them) the organisation `to`,
/// so that the counts and the draw's quota see one organisation. Audited with the variants
/// and the count. Returns how many registrations changed.
pub async fn merge_organisations(
    db: &Db,
    right: &EditRight,
    keys: &[String],
    to: &str,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, organisation FROM registrations WHERE event_id = $1 ORDER BY id")
            .bind(right.event_id())
            .fetch_all(&mut *tx)
            .await?;
    let mut changed = 0;
    let mut variants: Vec<String> = Vec::new();
    for (id, organisation) in rows {
        let key = rules::normalise_organisation(&organisation);
        if organisation.trim().is_empty() || !keys.contains(&key) || organisation == to {
            continue;
        }
        if !variants.contains(&organisation) {
            variants.push(organisation);
        }
        sqlx::query("UPDATE registrations SET organisation = $1, updated_at = $2 WHERE id = $3 AND event_id = $4")
            .bind(to)
            .bind(now.as_second())
            .bind(id)
            .bind(right.event_id())
            .execute(&mut *tx)
            .await?;
        changed += 1;
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "registration.merge_organisations",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "from": variants, "to": to, "registrations": changed }),
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}
