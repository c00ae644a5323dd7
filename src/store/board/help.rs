//! E2 E3: help requests, their priority set by facilitators, and the offers of help.

use super::{NewRequest, Priority, audit_facilitator, check_actor, check_entry, log};
use crate::domain::account::EditRight;
use crate::domain::board::{self as rules, Actor, OfferAction, OfferState, Refusal};
use crate::domain::event::EventId;
use crate::store::{Db, StoreError, audit};
use jiff::Timestamp;
use sqlx::AnyConnection;

/// Adds a help request owned by `owner` (E2). Returns its id.
pub async fn add_request(
    db: &Db,
    event_id: EventId,
    owner: i64,
    r: &NewRequest,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    check_entry(&mut tx, event_id, r.entry_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO board_requests (event_id, entry_id, owner, kind, title, details, skills, newcomers, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(event_id)
    .bind(r.entry_id)
    .bind(owner)
    .bind(r.kind.as_str())
    .bind(&r.title)
    .bind(&r.details)
    .bind(&r.skills)
    .bind(i64::from(r.newcomers))
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    log(&mut tx, event_id, Actor::Participant(owner), &format!("a demandé de l'aide : « {} »", r.title), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Closes or reopens a help request; its owner or a facilitator only.
pub async fn set_request_open(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    request_id: i64,
    open: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let (owner, title) = request_owner(&mut tx, event_id, request_id).await?;
    rules::may_edit(actor, owner)?;
    sqlx::query("UPDATE board_requests SET is_open = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(open))
        .bind(now.as_second())
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let what =
        if open { format!("a rouvert la demande « {title} »") } else { format!("a clos la demande « {title} »") };
    log(&mut tx, event_id, actor, &what, now).await?;
    let details = serde_json::json!({ "request": request_id, "open": open });
    audit_facilitator(&mut tx, actor, "board.request_open", details, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn request_owner(
    tx: &mut AnyConnection,
    event_id: EventId,
    request_id: i64,
) -> Result<(i64, String), StoreError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT owner, title FROM board_requests WHERE id = $1 AND event_id = $2")
            .bind(request_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    row.ok_or(StoreError::NotFound)
}

/// Facilitators order, pin and group a request (E3), audited as "board.prioritise".
pub async fn prioritise(
    db: &Db,
    right: &EditRight,
    request_id: i64,
    p: &Priority,
    now: Timestamp,
) -> Result<(), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let (_, title) = request_owner(&mut tx, event_id, request_id).await?;
    sqlx::query("UPDATE board_requests SET priority = $1, pinned = $2, theme = $3, updated_at = $4 WHERE id = $5")
        .bind(p.priority)
        .bind(i64::from(p.pinned))
        .bind(&p.theme)
        .bind(now.as_second())
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let priority = p.priority.map(|n| format!("priorité {n}")).unwrap_or_else(|| "sans priorité".into());
    let pinned = if p.pinned { ", épinglée" } else { "" };
    let theme = if p.theme.is_empty() { String::new() } else { format!(", thème « {} »", p.theme) };
    log(
        &mut tx,
        event_id,
        Actor::facilitator(right),
        &format!("a classé la demande « {title} » : {priority}{pinned}{theme}"),
        now,
    )
    .await?;
    audit::record_edit(&mut tx, now, right, "board.prioritise", serde_json::json!({ "request": request_id })).await?;
    tx.commit().await?;
    Ok(())
}

/// `helper` offers help on a request (E2). Returns the offer's id.
pub async fn offer_help(
    db: &Db,
    event_id: EventId,
    helper: i64,
    request_id: i64,
    message: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT owner, is_open, title FROM board_requests WHERE id = $1 AND event_id = $2")
            .bind(request_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (owner, open, title) = row.ok_or(StoreError::NotFound)?;
    rules::may_offer(helper, owner, open == 1)?;
    let previous: Option<(i64, String)> =
        sqlx::query_as("SELECT id, state FROM board_offers WHERE request_id = $1 AND helper = $2")
            .bind(request_id)
            .bind(helper)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match previous {
        // A withdrawn offer may be made again; any other is already there.
        Some((id, state)) if state == OfferState::Withdrawn.as_str() => {
            sqlx::query("UPDATE board_offers SET state = 'offered', message = $1, updated_at = $2 WHERE id = $3")
                .bind(message)
                .bind(now.as_second())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        Some(_) => return Err(Refusal::AlreadyOffered.into()),
        None => {
            sqlx::query_scalar(
                "INSERT INTO board_offers (event_id, request_id, helper, message, state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'offered', $5, $5) RETURNING id",
            )
            .bind(event_id)
            .bind(request_id)
            .bind(helper)
            .bind(message)
            .bind(now.as_second())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    log(&mut tx, event_id, Actor::Participant(helper), &format!("propose son aide sur « {title} »"), now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Accepts, declines or withdraws an offer, by the rules of `domain::board::apply_offer`.
pub async fn act_on_offer(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    offer_id: i64,
    action: OfferAction,
    now: Timestamp,
) -> Result<OfferState, StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT o.state, o.helper, r.owner, r.title FROM board_offers o JOIN board_requests r ON r.id = o.request_id \
         WHERE o.id = $1 AND o.event_id = $2",
    )
    .bind(offer_id)
    .bind(event_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (state, helper, owner, title) = row.ok_or(StoreError::NotFound)?;
    let state = OfferState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("offer state {state:?}")))?;
    let to = rules::apply_offer(state, action, actor, owner, helper)?;
    sqlx::query("UPDATE board_offers SET state = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now.as_second())
        .bind(offer_id)
        .execute(&mut *tx)
        .await?;
    let what = match to {
        OfferState::Accepted => format!("a accepté une aide sur « {title} »"),
        OfferState::Declined => format!("a décliné une aide sur « {title} »"),
        _ => format!("a retiré son aide sur « {title} »"),
    };
    log(&mut tx, event_id, actor, &what, now).await?;
    let details = serde_json::json!({ "offer": offer_id, "state": to.as_str() });
    audit_facilitator(&mut tx, actor, "board.offer", details, now).await?;
    tx.commit().await?;
    Ok(to)
}
