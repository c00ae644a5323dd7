//! E4: lightning-talk sign-up and order, and what each participant records at the end.

use super::{audit_facilitator, check_actor, log};
use crate::domain::account::EditRight;
use crate::domain::board::{self as rules, Actor, Refusal};
use crate::domain::event::EventId;
use crate::store::{Db, StoreError, audit};
use jiff::Timestamp;

/// Signs `speaker` up for a lightning talk at the end of the list (E4).
pub async fn sign_up_talk(
    db: &Db,
    event_id: EventId,
    speaker: i64,
    title: &str,
    minutes: u8,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM board_talks WHERE event_id = $1 AND speaker = $2")
        .bind(event_id)
        .bind(speaker)
        .fetch_optional(&mut *tx)
        .await?;
    if existing.is_some() {
        return Err(Refusal::AlreadySignedUp.into());
    }
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM board_talks WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO board_talks (event_id, speaker, title, minutes, position, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(event_id)
        .bind(speaker)
        .bind(title)
        .bind(i64::from(minutes))
        .bind(last.unwrap_or(0) + 1)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
    log(
        &mut tx,
        event_id,
        Actor::Participant(speaker),
        &format!("s'est inscrit pour une présentation éclair : « {title} »"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a lightning talk; its speaker or a facilitator only.
pub async fn withdraw_talk(
    db: &Db,
    event_id: EventId,
    actor: Actor,
    talk_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    check_actor(actor, event_id)?;
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT speaker, title FROM board_talks WHERE id = $1 AND event_id = $2")
            .bind(talk_id)
            .bind(event_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (speaker, title) = row.ok_or(StoreError::NotFound)?;
    rules::may_edit(actor, speaker)?;
    sqlx::query("DELETE FROM board_talks WHERE id = $1").bind(talk_id).execute(&mut *tx).await?;
    log(&mut tx, event_id, actor, &format!("a retiré la présentation éclair « {title} »"), now).await?;
    audit_facilitator(&mut tx, actor, "board.withdraw_talk", serde_json::json!({ "talk": talk_id }), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a talk one place up (`-1`) or down (`+1`) in the running order (E4), audited as
/// "board.move_talk".
pub async fn move_talk(db: &Db, right: &EditRight, talk_id: i64, delta: i64, now: Timestamp) -> Result<(), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let ids: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM board_talks WHERE event_id = $1 ORDER BY position, id")
            .bind(event_id)
            .fetch_all(&mut *tx)
            .await?;
    let at = ids.iter().position(|(id, _)| *id == talk_id).ok_or(StoreError::NotFound)?;
    let to = at as i64 + delta.signum();
    if to < 0 || to >= ids.len() as i64 {
        return Err(Refusal::Transition.into());
    }
    let mut order = ids.clone();
    order.swap(at, to as usize);
    // Positions are rewritten 1..n: the order stays dense whatever was withdrawn.
    for (i, (id, _)) in order.iter().enumerate() {
        sqlx::query("UPDATE board_talks SET position = $1 WHERE id = $2")
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    log(
        &mut tx,
        event_id,
        Actor::facilitator(right),
        &format!("a déplacé la présentation éclair « {} »", ids[at].1),
        now,
    )
    .await?;
    let details = serde_json::json!({ "talk": talk_id, "delta": delta.signum() });
    audit::record_edit(&mut tx, now, right, "board.move_talk", details).await?;
    tx.commit().await?;
    Ok(())
}

/// Records what `participant` did and learned (E4); replaces their previous answer.
pub async fn save_retro(
    db: &Db,
    event_id: EventId,
    participant: i64,
    done: &str,
    learned: &str,
    links: &[String],
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO board_retros (event_id, participant, done, learned, links, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (event_id, participant) DO UPDATE SET done = excluded.done, learned = excluded.learned, \
         links = excluded.links, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(participant)
    .bind(done)
    .bind(learned)
    .bind(links.join("\n"))
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    log(&mut tx, event_id, Actor::Participant(participant), "a rempli son bilan", now).await?;
    tx.commit().await?;
    Ok(())
}
