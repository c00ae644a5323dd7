//! F2 (issue 14): organisers write to one group of an event. A message is recorded with its
//! group and time; when the time comes (at once, or later through `send_due`'s caller, the
//! server's job), one transaction marks it sent and queues one mail per recipient under the
//! key `event_message:{id}:{recipient}`, each with the recipient's private link: the
//! registration's for participants, a fresh proposer link for the proposer of an accepted
//! talk. A co-speaker, who has no link listing their talks, gets the event's page.

use super::message::{NewMessage, enqueue};
use super::{Db, StoreError, token};
use crate::domain::account::EditRight;
use crate::domain::event::EventId;
use crate::domain::event_message::Audience;
use crate::domain::message::{Hole, LangDrafts};
use crate::i18n::Lang;
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

/// The kind of every message written to a group.
pub const KIND: &str = "event_message";

/// The message composed for each kind of recipient (`mail::event_message::drafts`), with
/// `Hole::Token` where the private link's secret goes; in each language (H2), each recipient
/// getting the one of their registration or proposal. The organisers' words stay as written.
pub struct Drafts {
    /// Participants: the link is `/inscription/{token}`.
    pub participant: LangDrafts,
    /// The proposer of an accepted talk: `/propositions/{token}`.
    pub proposer: LangDrafts,
    /// A co-speaker: the event's public page (no hole).
    pub cospeaker: LangDrafts,
}

/// A message as recorded.
#[derive(Debug, Clone)]
pub struct EventMessage {
    pub id: i64,
    pub event_id: EventId,
    pub audience: Audience,
    pub subject: String,
    pub body_md: String,
    pub send_at: i64,
    pub sent_at: Option<i64>,
    pub recipients: Option<i64>,
}

/// What an organiser asks to send.
pub struct NewEventMessage<'a> {
    pub audience: Audience,
    pub subject: &'a str,
    pub body_md: &'a str,
    pub send_at: Timestamp,
}

enum To {
    Registration(i64),
    Proposer,
    Cospeaker,
}

struct Recipient {
    key: String,
    email: String,
    to: To,
    lang: Lang,
}

/// The people `audience` reaches now, each address once.
async fn recipients(
    conn: &mut AnyConnection,
    event_id: EventId,
    audience: Audience,
    now: Timestamp,
) -> Result<Vec<Recipient>, StoreError> {
    let mut out = Vec::new();
    if let Some(states) = audience.states() {
        // The states are our own constants, never input.
        let list = states.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
        let sql =
            format!("SELECT id, email, lang FROM registrations WHERE event_id = $1 AND state IN ({list}) ORDER BY id");
        for row in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(event_id).fetch_all(&mut *conn).await? {
            out.push(registration_recipient(&row)?);
        }
    } else if audience == Audience::Board {
        let rows = sqlx::query(
            "SELECT r.id, r.email, r.lang FROM registrations r WHERE r.event_id = $1 AND r.state IN ('confirmed', 'attended') AND (\
             r.id IN (SELECT added_by FROM board_entries WHERE event_id = $1) \
             OR r.id IN (SELECT owner FROM board_objectives WHERE event_id = $1) \
             OR r.id IN (SELECT owner FROM board_requests WHERE event_id = $1) \
             OR r.id IN (SELECT helper FROM board_offers WHERE event_id = $1) \
             OR r.id IN (SELECT speaker FROM board_talks WHERE event_id = $1) \
             OR r.id IN (SELECT participant FROM board_retros WHERE event_id = $1)) ORDER BY r.id",
        )
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            out.push(registration_recipient(&row)?);
        }
    } else {
        // The speakers the cancellation writes to (`store::event::cancel`): of an accepted
        // talk whose decision was announced, not withdrawn nor declined by its speakers.
        let rows = sqlx::query(
            "SELECT s.id, s.email, p.email, p.lang FROM proposal_speakers s JOIN proposals p ON p.id = s.proposal_id \
             JOIN cfp_settings c ON c.event_id = p.event_id \
             WHERE p.event_id = $1 AND p.decision = 'accepted' AND p.withdrawn = 0 \
             AND (p.speaker_answer IS NULL OR p.speaker_answer = 'confirmed') AND s.confirmed_at IS NOT NULL \
             AND c.announced_at IS NOT NULL AND c.announced_at <= $2 ORDER BY s.id",
        )
        .bind(event_id)
        .bind(now.as_second())
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let (id, email, proposer): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            let to = if email.eq_ignore_ascii_case(&proposer) { To::Proposer } else { To::Cospeaker };
            let lang = Lang::from_stored(&row.try_get::<String, _>(3)?);
            out.push(Recipient { key: format!("speaker:{id}"), email, to, lang });
        }
        // A proposer of several talks is told once, with the link that lists them all.
        out.sort_by_key(|r| !matches!(r.to, To::Proposer));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| !r.email.is_empty() && seen.insert(r.email.to_lowercase()));
    Ok(out)
}

/// How many people each group of the event would reach now.
pub async fn counts(db: &Db, event_id: EventId, now: Timestamp) -> Result<Vec<(Audience, usize)>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let mut out = Vec::new();
    for audience in Audience::ALL {
        out.push((audience, recipients(&mut conn, event_id, audience, now).await?.len()));
    }
    Ok(out)
}

/// Queues the message `id` to its group; returns how many mails.
async fn queue(
    conn: &mut AnyConnection,
    db: &Db,
    id: i64,
    event_id: EventId,
    audience: Audience,
    drafts: &Drafts,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let to = recipients(conn, event_id, audience, now).await?;
    for r in &to {
        let composed = match r.to {
            To::Registration(reg) => {
                let tok = super::registration::current_link(conn, db.links(), reg).await?;
                drafts.participant.get(r.lang).fill(&[(Hole::Token, &tok)])
            }
            To::Proposer => {
                // Proposer links are stored hashed: the mail carries a fresh one.
                let (tok, hash) = token::generate();
                sqlx::query("INSERT INTO proposer_links (token_hash, email, created_at) VALUES ($1, $2, $3)")
                    .bind(&hash)
                    .bind(&r.email)
                    .bind(now.as_second())
                    .execute(&mut *conn)
                    .await?;
                drafts.proposer.get(r.lang).fill(&[(Hole::Token, &tok)])
            }
            To::Cospeaker => drafts.cospeaker.get(r.lang).fill(&[]),
        };
        let key = format!("event_message:{id}:{}", r.key);
        enqueue(conn, &NewMessage::composed(key, Some(event_id), KIND, &r.email, composed), now).await?;
    }
    sqlx::query("UPDATE event_messages SET sent_at = $1, recipients = $2 WHERE id = $3")
        .bind(now.as_second())
        .bind(to.len() as i64)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(to.len())
}

/// Records a message; with `drafts` (a message to send now) queues its mails in the same
/// transaction. Returns its id and, when sent, how many mails were queued.
pub async fn create(
    db: &Db,
    right: &EditRight,
    m: &NewEventMessage<'_>,
    drafts: Option<&Drafts>,
    now: Timestamp,
) -> Result<(i64, Option<usize>), StoreError> {
    let event_id = right.event_id();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO event_messages (event_id, audience, subject, body_md, send_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(m.audience.as_str())
    .bind(m.subject)
    .bind(m.body_md)
    .bind(m.send_at.as_second())
    .bind(right.account_id())
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    let sent = match drafts {
        Some(d) => Some(queue(&mut tx, db, id, event_id, m.audience, d, now).await?),
        None => None,
    };
    let (action, details) = match sent {
        Some(n) => (
            "event_message.send",
            serde_json::json!({ "message": id, "audience": m.audience.as_str(), "recipients": n }),
        ),
        None => (
            "event_message.schedule",
            serde_json::json!({ "message": id, "audience": m.audience.as_str(), "at": m.send_at.as_second() }),
        ),
    };
    super::audit::record_edit(&mut tx, now, right, action, details).await?;
    tx.commit().await?;
    Ok((id, sent))
}

/// Queues the mails of the scheduled message `id` if it is still unsent; returns how many
/// (0 when another instance sent it meanwhile).
pub async fn send_scheduled(
    db: &Db,
    message: &EventMessage,
    drafts: &Drafts,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query("UPDATE event_messages SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL")
        .bind(now.as_second())
        .bind(message.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    let n = queue(&mut tx, db, message.id, message.event_id, message.audience, drafts, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// A test send: the message to the organiser's own address, audited.
pub async fn test_send(
    db: &Db,
    right: &EditRight,
    to: &str,
    composed: crate::domain::message::Composed,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let key = format!("event_message:test:{}:{}:{}", right.event_id(), right.user_id(), now.as_millisecond());
    enqueue(&mut tx, &NewMessage::composed(key, Some(right.event_id()), KIND, to, composed), now).await?;
    super::audit::record_edit(&mut tx, now, right, "event_message.test", serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

const COLUMNS: &str = "id, event_id, audience, subject, body_md, send_at, sent_at, recipients";

fn from_row(row: &sqlx::any::AnyRow) -> Result<EventMessage, StoreError> {
    let audience: String = row.try_get(2)?;
    Ok(EventMessage {
        id: row.try_get(0)?,
        event_id: EventId::new(row.try_get(1)?),
        audience: Audience::parse(&audience)
            .ok_or_else(|| StoreError::Corrupt(format!("event message audience {audience:?}")))?,
        subject: row.try_get(3)?,
        body_md: row.try_get(4)?,
        send_at: row.try_get(5)?,
        sent_at: row.try_get(6)?,
        recipients: row.try_get(7)?,
    })
}

/// The messages of an event, newest first.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<EventMessage>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM event_messages WHERE event_id = $1 ORDER BY id DESC");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(event_id).fetch_all(db.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// The scheduled messages whose time has come, oldest first.
pub async fn due(db: &Db, now: Timestamp) -> Result<Vec<EventMessage>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM event_messages WHERE sent_at IS NULL AND send_at <= $1 ORDER BY send_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now.as_second()).fetch_all(db.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// A recipient from a row of `id, email, lang` of `registrations`.
fn registration_recipient(row: &sqlx::any::AnyRow) -> Result<Recipient, StoreError> {
    let id: i64 = row.try_get(0)?;
    Ok(Recipient {
        key: format!("registration:{id}"),
        email: row.try_get(1)?,
        to: To::Registration(id),
        lang: Lang::from_stored(&row.try_get::<String, _>(2)?),
    })
}
