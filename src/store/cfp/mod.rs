//! C1 C2 C3 C4: the call for talks in the database, by use case: its settings, proposals
//! by their proposers, the review, decisions announced in one batch of mails, and the
//! accepted talks handed to the programme draft. Each public function is one transaction;
//! the mails it causes (composed by the caller) are queued in it. Here: the reads and row
//! decoding every use case shares.

pub mod decisions;
pub mod programme;
pub mod proposals;
pub mod review;
pub mod settings;
pub mod speakers;

use super::message::{self, NewMessage};
use super::{Db, StoreError};
use crate::domain::cfp::{CallSettings, Decision, Proposal, Speaker, SpeakerAnswer, Window};
use crate::domain::event::EventId;
use crate::domain::message::Composed;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::{AnyConnection, Row};

/// Returns the call settings of an event, or `None` when it has no call for talks.
pub async fn find_settings(db: &Db, event_id: EventId) -> Result<Option<CallSettings>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    load_settings(&mut conn, event_id).await
}

fn json_list<T: serde::de::DeserializeOwned>(raw: &str, what: &str) -> Result<Vec<T>, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(format!("call {what}: {e}")))
}

async fn load_settings(conn: &mut AnyConnection, event_id: EventId) -> Result<Option<CallSettings>, StoreError> {
    let row = sqlx::query(
        "SELECT opens_at, closes_at, decisions_by, programme_by, intro, formats, questions, criteria, anonymous, \
         show_accepted, announced_at FROM cfp_settings WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let ts = |v: i64| Timestamp::from_second(v).map_err(|e| StoreError::Corrupt(e.to_string()));
    let date = |v: Option<String>| v.and_then(|d| d.parse::<Date>().ok());
    let announced: Option<i64> = row.try_get("announced_at")?;
    Ok(Some(CallSettings {
        window: Window { opens_at: ts(row.try_get("opens_at")?)?, closes_at: ts(row.try_get("closes_at")?)? },
        decisions_by: date(row.try_get("decisions_by")?),
        programme_by: date(row.try_get("programme_by")?),
        intro: row.try_get("intro")?,
        formats: json_list(&row.try_get::<String, _>("formats")?, "formats")?,
        questions: json_list(&row.try_get::<String, _>("questions")?, "questions")?,
        criteria: json_list(&row.try_get::<String, _>("criteria")?, "criteria")?,
        anonymous: row.try_get::<i64, _>("anonymous")? != 0,
        show_accepted: row.try_get::<i64, _>("show_accepted")? != 0,
        announced_at: announced.map(ts).transpose()?,
    }))
}

const COLUMNS: &str = "id, event_id, email, title, summary, administration, subject, audience, format, minutes, notes, \
    answers, withdrawn, decision, speaker_answer, created_at, updated_at, lang, siret";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Proposal, StoreError> {
    let decision: Option<String> = row.try_get("decision")?;
    let answer: Option<String> = row.try_get("speaker_answer")?;
    Ok(Proposal {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        email: row.try_get("email")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        administration: row.try_get("administration")?,
        subject: row.try_get("subject")?,
        audience: row.try_get("audience")?,
        format: row.try_get("format")?,
        minutes: row.try_get::<i64, _>("minutes")?.clamp(0, i64::from(u32::MAX)) as u32,
        notes: row.try_get("notes")?,
        answers: json_list(&row.try_get::<String, _>("answers")?, "answers")?,
        withdrawn: row.try_get::<i64, _>("withdrawn")? != 0,
        decision: decision.as_deref().and_then(Decision::parse),
        speaker_answer: answer.as_deref().and_then(SpeakerAnswer::parse),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        lang: crate::i18n::Lang::from_stored(&row.try_get::<String, _>("lang")?),
        siret: row.try_get("siret")?,
        speakers: Vec::new(),
    })
}

async fn load_speakers(conn: &mut AnyConnection, proposals: &mut [Proposal]) -> Result<(), StoreError> {
    for p in proposals.iter_mut() {
        let rows = sqlx::query(
            "SELECT id, position, name, email, organisation, bio, consent_publish, confirmed_at FROM proposal_speakers \
             WHERE proposal_id = $1 ORDER BY position",
        )
        .bind(p.id)
        .fetch_all(&mut *conn)
        .await?;
        p.speakers = rows
            .iter()
            .map(|r| -> Result<Speaker, StoreError> {
                Ok(Speaker {
                    id: r.try_get("id")?,
                    position: r.try_get("position")?,
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    organisation: r.try_get("organisation")?,
                    bio: r.try_get("bio")?,
                    consent_publish: r.try_get::<i64, _>("consent_publish")? != 0,
                    confirmed: r.try_get::<Option<i64>, _>("confirmed_at")?.is_some(),
                })
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(())
}

async fn load_one(conn: &mut AnyConnection, id: i64) -> Result<Proposal, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM proposals WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut v = vec![from_row(&row)?];
    load_speakers(conn, &mut v).await?;
    Ok(v.pop().expect("one proposal"))
}

/// Every proposal of an event (withdrawn included), oldest first, with speakers.
pub async fn list(db: &Db, event_id: EventId) -> Result<Vec<Proposal>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM proposals WHERE event_id = $1 ORDER BY id")))
            .bind(event_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut v: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    load_speakers(&mut conn, &mut v).await?;
    Ok(v)
}

/// Queues a composed message of the call in `conn`, to leave at once.
async fn queue(
    conn: &mut AnyConnection,
    event_id: EventId,
    kind: &str,
    key: &str,
    to: &str,
    composed: Composed,
    now: Timestamp,
) -> Result<(), StoreError> {
    message::enqueue(conn, &NewMessage::composed(key.to_owned(), Some(event_id), kind, to, composed), now).await?;
    Ok(())
}
