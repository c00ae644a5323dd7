//! C3: the organisers' decisions, their mails prepared in an outbox and announced in one
//! batch, and the organisers' messages to accepted speakers.

use super::{COLUMNS, from_row, load_settings, load_speakers};
use crate::domain::account::EditRight;
use crate::domain::cfp::{DECISION_KINDS, Decision, DecisionDraft, Proposal, Refusal};
use crate::domain::event::EventId;
use crate::domain::message::{Composed, Hole, Wording};
use crate::store::message::{self, NewMessage};
use crate::store::{Db, StoreError, token};
use jiff::Timestamp;
use sqlx::AnyConnection;

/// Records (or clears) the organisers' decision on a proposal. Decisions stay invisible to
/// proposers until announced; once announced they are final.
pub async fn decide(
    db: &Db,
    right: &EditRight,
    id: i64,
    decision: Option<Decision>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, right.event_id()).await?.ok_or(Refusal::NoCall)?;
    if settings.announced_at.is_some() {
        return Err(Refusal::AlreadyAnnounced.into());
    }
    let n = sqlx::query("UPDATE proposals SET decision = $1, updated_at = $2 WHERE id = $3 AND event_id = $4")
        .bind(decision.map(Decision::as_str))
        .bind(now.as_second())
        .bind(id)
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "cfp.decide",
        "proposal",
        Some(id),
        serde_json::json!({ "decision": decision.map(Decision::as_str) }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Holds one decision mail per decided proposal in the outbox for the organisers to read
/// (composed by the caller from the proposals as it read them); a batch prepared before is
/// replaced. Refused when a proposal changed since. Returns how many were prepared.
pub async fn prepare_decisions(
    db: &Db,
    right: &EditRight,
    drafts: &[DecisionDraft],
    now: Timestamp,
) -> Result<usize, StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event_id).await?.ok_or(Refusal::NoCall)?;
    if settings.announced_at.is_some() {
        return Err(Refusal::AlreadyAnnounced.into());
    }
    message::discard_held_batch(&mut tx, event_id, &DECISION_KINDS).await?;
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "cfp.prepare_decisions",
        "event",
        Some(event_id.get()),
        serde_json::json!({}),
    )
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM proposals WHERE event_id = $1 AND withdrawn = 0 AND decision IS NOT NULL ORDER BY id"
    )))
    .bind(event_id)
    .fetch_all(&mut *tx)
    .await?;
    let proposals: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let mut n = 0;
    for p in &proposals {
        let decision = p.decision.expect("selected with a decision");
        let mail = drafts
            .iter()
            .find(|d| d.proposal_id == p.id && d.updated_at == p.updated_at && d.kind == decision.mail_kind())
            .ok_or(Refusal::ChangedMeanwhile)?;
        // Links are stored hashed: the mail carries a fresh one, the older ones keep working.
        let (tok, hash) = token::generate();
        sqlx::query("INSERT INTO proposer_links (token_hash, email, created_at) VALUES ($1, $2, $3)")
            .bind(&hash)
            .bind(&p.email)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        message::enqueue(
            &mut tx,
            &NewMessage {
                held: true,
                calendar: mail.calendar.clone(),
                ..NewMessage::composed(
                    format!("cfp:{event_id}:decision:{}", p.id),
                    Some(event_id),
                    mail.kind,
                    &p.email,
                    mail.draft.fill(&[(Hole::Token, &tok)]),
                )
            },
            now,
        )
        .await?;
        n += 1;
        // Issue 19: each co-speaker (another address than the proposer's) gets the news too.
        let mut speakers = vec![p.clone()];
        load_speakers(&mut tx, &mut speakers).await?;
        let mut told = vec![p.email.to_lowercase()];
        for s in &speakers[0].speakers {
            if told.contains(&s.email.to_lowercase()) {
                continue;
            }
            told.push(s.email.to_lowercase());
            message::enqueue(
                &mut tx,
                &NewMessage {
                    held: true,
                    calendar: mail.calendar.clone(),
                    ..NewMessage::composed(
                        format!("cfp:{event_id}:decision:{}:speaker:{}", p.id, s.id),
                        Some(event_id),
                        mail.kind,
                        &s.email,
                        mail.cospeaker_draft.fill(&[(Hole::Name, &s.name)]),
                    )
                },
                now,
            )
            .await?;
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// The decision mails of the right's event waiting in the outbox for the organisers' go.
pub async fn outbox(db: &Db, right: &EditRight) -> Result<Vec<message::Message>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    message::held_batch(&mut conn, right.event_id(), &DECISION_KINDS).await
}

/// Announces every decision at once: they become visible to proposers at `send_at` (now
/// at the earliest) and the prepared mails are released to leave at that time through the
/// queue. Refuses a second announcement. Returns how many mails were released.
pub async fn announce(db: &Db, right: &EditRight, send_at: Timestamp, now: Timestamp) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, right.event_id()).await?.ok_or(Refusal::NoCall)?;
    if settings.announced_at.is_some() {
        return Err(Refusal::AlreadyAnnounced.into());
    }
    let at = send_at.max(now);
    sqlx::query("UPDATE cfp_settings SET announced_at = $1, updated_at = $2 WHERE event_id = $3")
        .bind(at.as_second())
        .bind(now.as_second())
        .bind(right.event_id())
        .execute(&mut *tx)
        .await?;
    let n = message::release_held_batch(
        &mut tx,
        right.event_id(),
        &DECISION_KINDS,
        at,
        &format!("user:{}", right.user_id()),
        now,
    )
    .await?;
    // I3: one `proposal.decided` per decision, leaving when the decisions become visible.
    let decided: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, decision FROM proposals WHERE event_id = $1 AND withdrawn = 0 AND decision IS NOT NULL ORDER BY id",
    )
    .bind(right.event_id())
    .fetch_all(&mut *tx)
    .await?;
    for (id, decision) in decided {
        let data = serde_json::json!({ "proposal": { "id": id, "decision": decision } });
        let ty = crate::domain::webhook::EventType::ProposalDecided;
        crate::store::webhook::emit(
            &mut tx,
            Some(right.event_id()),
            ty,
            &format!("proposal:{id}:decided"),
            data,
            at,
            now,
        )
        .await?;
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "cfp.announce",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "mails": n, "at": at.as_second() }),
    )
    .await?;
    crate::store::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(n)
}

/// The addresses a message to every accepted speaker reaches: the confirmed speakers of
/// accepted talks not withdrawn nor declined, each once, sorted.
async fn accepted_addresses(conn: &mut AnyConnection, event_id: EventId) -> Result<Vec<String>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM proposals WHERE event_id = $1 AND withdrawn = 0 AND decision = 'accepted' \
         AND (speaker_answer IS NULL OR speaker_answer = 'confirmed') ORDER BY id"
    )))
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut proposals: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    load_speakers(conn, &mut proposals).await?;
    let mut to: Vec<String> =
        proposals.iter().flat_map(|p| p.speakers.iter().filter(|s| s.confirmed).map(|s| s.email.clone())).collect();
    to.sort();
    to.dedup();
    Ok(to)
}

/// How many addresses `message_accepted` would write to now, for its confirmation page.
pub async fn accepted_recipient_count(db: &Db, right: &EditRight) -> Result<usize, StoreError> {
    let mut conn = db.pool().acquire().await?;
    Ok(accepted_addresses(&mut conn, right.event_id()).await?.len())
}

/// Queues one message to every speaker of an accepted, announced proposal not withdrawn
/// nor cancelled: `composed` (by the caller) from the organisers' `wording`. Returns the
/// number of recipients.
pub async fn message_accepted(
    db: &Db,
    right: &EditRight,
    wording: &Wording,
    composed: &Composed,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event_id).await?.ok_or(Refusal::NoCall)?;
    if !settings.announced(now) {
        return Err(Refusal::NothingToConfirm.into());
    }
    let to = accepted_addresses(&mut tx, event_id).await?;
    let stamp = token::hash(&format!("{}\n{}\n{}", now.as_millisecond(), wording.subject, wording.body));
    for addr in &to {
        message::enqueue(
            &mut tx,
            &NewMessage::composed(
                format!("cfp:{event_id}:message:{}:{addr}", &stamp[..16]),
                Some(event_id),
                "proposal_message",
                addr,
                composed.clone(),
            ),
            now,
        )
        .await?;
    }
    crate::store::audit::record(
        &mut tx,
        now,
        right.account_id(),
        "cfp.message",
        "event",
        Some(event_id.get()),
        serde_json::json!({ "recipients": to.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(to.len())
}

/// The kind of the reminder to accepted speakers who have not answered (C3 F2).
pub const CONFIRM_REMINDER_KIND: &str = "proposal_confirm_reminder";

fn reminder_key(event_id: i64, proposal_id: i64) -> String {
    format!("cfp:{event_id}:confirm_reminder:{proposal_id}")
}

/// The accepted proposals, not withdrawn, whose speaker has neither confirmed nor declined
/// though the decisions were announced at `announced_before` or earlier, and that have not
/// been reminded yet; by event.
pub async fn awaiting_confirmation(db: &Db, announced_before: Timestamp) -> Result<Vec<Proposal>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM proposals WHERE withdrawn = 0 AND decision = 'accepted' AND speaker_answer IS NULL \
         AND event_id IN (SELECT event_id FROM cfp_settings WHERE announced_at IS NOT NULL AND announced_at <= $1) \
         ORDER BY event_id, id"
    )))
    .bind(announced_before.as_second())
    .fetch_all(db.pool())
    .await?;
    let mut proposals: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let mut conn = db.pool().acquire().await?;
    load_speakers(&mut conn, &mut proposals).await?;
    drop(conn);
    let mut waiting = Vec::with_capacity(proposals.len());
    for p in proposals {
        let sent: Option<i64> = sqlx::query_scalar("SELECT id FROM messages WHERE idempotency_key = $1")
            .bind(reminder_key(p.event_id.get(), p.id))
            .fetch_optional(db.pool())
            .await?;
        if sent.is_none() {
            waiting.push(p);
        }
    }
    Ok(waiting)
}

/// Queues the reminder of each `(proposal, draft)` still unanswered, once per proposal, each
/// with a fresh private link of its proposer (the draft carries `Hole::Token`). Returns how
/// many were queued.
pub async fn queue_confirm_reminders(
    db: &Db,
    reminders: &[(Proposal, crate::domain::message::Draft)],
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut n = 0;
    for (p, draft) in reminders {
        let key = reminder_key(p.event_id.get(), p.id);
        // Answered or reminded since it was read: nothing to do.
        let still: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM proposals WHERE id = $1 AND withdrawn = 0 AND decision = 'accepted' AND speaker_answer IS NULL \
             AND NOT EXISTS (SELECT 1 FROM messages WHERE idempotency_key = $2)",
        )
        .bind(p.id)
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await?;
        if still.is_none() {
            continue;
        }
        let (tok, hash) = token::generate();
        sqlx::query("INSERT INTO proposer_links (token_hash, email, created_at) VALUES ($1, $2, $3)")
            .bind(&hash)
            .bind(&p.email)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        let message = NewMessage::composed(
            key,
            Some(p.event_id),
            CONFIRM_REMINDER_KIND,
            &p.email,
            draft.fill(&[(Hole::Token, &tok)]),
        );
        if message::enqueue(&mut tx, &message, now).await? {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}
