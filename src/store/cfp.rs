//! C1 C2 C3 C4: the call for talks in the database: its settings, proposals and their
//! speakers, private links, reviews, decisions announced in one batch of mails, and the
//! accepted talks handed to the programme draft. Each public function is one transaction;
//! the mails it causes are queued in it.

use super::message::{self, NewMessage};
use super::registration::Mailing;
use super::{Db, StoreError, token};
use crate::domain::account::{EditRight, ReviewRight};
use crate::domain::cfp::{self as rules, Decision, Format, PublicState, Refusal, Scores, SpeakerAnswer, Window};
use crate::domain::event::Event;
use crate::domain::event::EventId;
use crate::domain::french;
use crate::domain::message::Wording;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// The kinds of the decision mails, prepared and released as one batch.
pub const DECISION_KINDS: [&str; 3] = ["proposal_accepted", "proposal_declined", "proposal_waitlisted"];
/// The most co-speakers a proposal names besides its proposer.
pub const MAX_COSPEAKERS: usize = 3;

/// The settings of an event's call for talks.
#[derive(Debug, Clone, PartialEq)]
pub struct CallSettings {
    pub window: Window,
    /// Shown on the call page: when the organisers answer, when the programme is out.
    pub decisions_by: Option<Date>,
    pub programme_by: Option<Date>,
    /// Markdown shown above the form.
    pub intro: String,
    pub formats: Vec<Format>,
    /// The event's own questions, each answered in a text field.
    pub questions: Vec<String>,
    /// What reviewers score, each from 0 to `MAX_SCORE`.
    pub criteria: Vec<String>,
    /// Reviewers who are not organisers never see who proposed.
    pub anonymous: bool,
    /// Show the accepted talks on a public page before the programme exists.
    pub show_accepted: bool,
    /// When the decisions were made visible and their mails released.
    pub announced_at: Option<Timestamp>,
}

impl CallSettings {
    /// True once the decisions are visible to proposers.
    pub fn announced(&self, now: Timestamp) -> bool {
        self.announced_at.is_some_and(|t| t <= now)
    }
}

/// A speaker as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerInput {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub bio: String,
    /// The speaker agrees to have their name published with the talk.
    pub consent_publish: bool,
}

/// A proposal as the form gives it, already checked field by field; the store checks the
/// window and the duration. `speakers[0]` is the proposer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalInput {
    pub title: String,
    pub summary: String,
    pub administration: String,
    pub subject: String,
    pub audience: String,
    pub format: String,
    pub minutes: u32,
    pub notes: String,
    /// Answers to the call's questions, in their order.
    pub answers: Vec<String>,
    pub speakers: Vec<SpeakerInput>,
}

/// A stored speaker.
#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub bio: String,
    pub consent_publish: bool,
    pub confirmed: bool,
}

/// A stored proposal with its speakers.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub id: i64,
    pub event_id: EventId,
    pub email: String,
    pub title: String,
    pub summary: String,
    pub administration: String,
    pub subject: String,
    pub audience: String,
    pub format: String,
    pub minutes: u32,
    pub notes: String,
    pub answers: Vec<String>,
    pub withdrawn: bool,
    pub decision: Option<Decision>,
    pub speaker_answer: Option<SpeakerAnswer>,
    pub created_at: i64,
    pub updated_at: i64,
    pub speakers: Vec<Speaker>,
}

impl Proposal {
    /// What the proposer sees, given whether the decisions are announced.
    pub fn public_state(&self, announced: bool) -> PublicState {
        rules::public_state(self.withdrawn, self.decision, self.speaker_answer, announced)
    }

    /// Accepted, announced and confirmed by the speaker: ready for the programme (C4).
    pub fn is_confirmed(&self) -> bool {
        !self.withdrawn
            && self.decision == Some(Decision::Accepted)
            && self.speaker_answer == Some(SpeakerAnswer::Confirmed)
    }

    /// The names that may be published: speakers who agreed, in order.
    pub fn public_speakers(&self) -> Vec<String> {
        self.speakers.iter().filter(|s| s.consent_publish && s.confirmed).map(|s| s.name.clone()).collect()
    }
}

/// One reviewer's review of a proposal.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub proposal_id: i64,
    pub user_id: i64,
    pub reviewer: String,
    pub scores: Scores,
    pub comment: String,
}

// ---------------------------------------------------------------- settings (C1)

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

/// Creates or replaces the call settings of an event; the announcement is kept.
pub async fn save_settings(db: &Db, right: &EditRight, s: &CallSettings, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    write_settings(&mut tx, right.event_id(), s, now).await?;
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.configure",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Like `save_settings`, for the command line and the demo data, whose operator holds
/// every right on the machine (recorded in the audit log without an account).
pub async fn save_settings_as_operator(
    db: &Db,
    event_id: EventId,
    s: &CallSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    write_settings(&mut tx, event_id, s, now).await?;
    super::audit::record(
        &mut tx,
        now,
        None,
        "cfp.configure",
        "event",
        Some(event_id.get()),
        serde_json::json!({ "by": "command line" }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn write_settings(
    conn: &mut AnyConnection,
    event_id: EventId,
    s: &CallSettings,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO cfp_settings (event_id, opens_at, closes_at, decisions_by, programme_by, intro, formats, questions, \
         criteria, anonymous, show_accepted, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (event_id) DO UPDATE SET opens_at = excluded.opens_at, closes_at = excluded.closes_at, \
         decisions_by = excluded.decisions_by, programme_by = excluded.programme_by, intro = excluded.intro, \
         formats = excluded.formats, questions = excluded.questions, criteria = excluded.criteria, \
         anonymous = excluded.anonymous, show_accepted = excluded.show_accepted, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(s.window.opens_at.as_second())
    .bind(s.window.closes_at.as_second())
    .bind(s.decisions_by.map(|d| d.to_string()))
    .bind(s.programme_by.map(|d| d.to_string()))
    .bind(&s.intro)
    .bind(to_json(&s.formats))
    .bind(to_json(&s.questions))
    .bind(to_json(&s.criteria))
    .bind(i64::from(s.anonymous))
    .bind(i64::from(s.show_accepted))
    .bind(now.as_second())
    .execute(&mut *conn)
    .await?;
    super::bump_content_version(conn).await?;
    Ok(())
}

/// JSON text of the settings' lists (strings and formats always serialise).
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("lists of strings and formats serialise")
}

// ---------------------------------------------------------------- proposals (C2)

const COLUMNS: &str = "id, event_id, email, title, summary, administration, subject, audience, format, minutes, notes, \
    answers, withdrawn, decision, speaker_answer, created_at, updated_at";

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

/// What `submit` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: i64,
    /// The proposer's private link token (also mailed).
    pub token: String,
}

fn check_input(settings: &CallSettings, input: &ProposalInput, now: Timestamp) -> Result<(), StoreError> {
    settings.window.check(now)?;
    rules::check_duration(&settings.formats, &input.format, input.minutes)?;
    Ok(())
}

/// Records a proposal inside the call's window, with a fresh private link for its proposer,
/// and queues the receipt and one invitation per co-speaker.
pub async fn submit(
    db: &Db,
    mailing: &Mailing<'_>,
    event: &Event,
    input: &ProposalInput,
    now: Timestamp,
) -> Result<Submitted, StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event.id).await?.ok_or(Refusal::NoCall)?;
    check_input(&settings, input, now)?;
    let email = input.speakers[0].email.to_lowercase();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO proposals (event_id, email, title, summary, administration, subject, audience, format, minutes, notes, \
         answers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(event.id)
    .bind(&email)
    .bind(&input.title)
    .bind(&input.summary)
    .bind(&input.administration)
    .bind(&input.subject)
    .bind(&input.audience)
    .bind(&input.format)
    .bind(i64::from(input.minutes))
    .bind(&input.notes)
    .bind(serde_json::to_string(&input.answers).expect("strings serialise"))
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    let invites = write_speakers(&mut tx, id, &email, &input.speakers, now).await?;
    let (token, token_hash) = token::generate();
    sqlx::query("INSERT INTO proposer_links (token_hash, email, created_at) VALUES ($1, $2, $3)")
        .bind(&token_hash)
        .bind(&email)
        .bind(now.as_second())
        .execute(&mut *tx)
        .await?;
    let proposal = load_one(&mut tx, id).await?;
    let ctx =
        |extra: minijinja::Value| mail_context(mailing, event, &settings, &proposal, &input.speakers[0].name, extra);
    let link = format!("{}/propositions/{token}", mailing.base_url);
    queue(
        &mut tx,
        mailing,
        event,
        "proposal_receipt",
        &format!("cfp:{id}:receipt"),
        &email,
        ctx(minijinja::context! { link }),
        None,
        false,
        now,
    )
    .await?;
    for (speaker, tok) in invites {
        let link = format!("{}/intervenant/{tok}", mailing.base_url);
        let c = mail_context(
            mailing,
            event,
            &settings,
            &proposal,
            &speaker.name,
            minijinja::context! { link, proposer => &input.speakers[0].name },
        );
        queue(
            &mut tx,
            mailing,
            event,
            "proposal_cospeaker",
            &format!("cfp:{id}:cospeaker:{}", &tok[..16]),
            &speaker.email,
            c,
            None,
            false,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Submitted { id, token })
}

/// Replaces the speakers of a proposal. The proposer is confirmed at once; a co-speaker
/// already confirmed under the same address stays confirmed; new co-speakers get a link.
/// Returns the speakers to invite with their tokens.
async fn write_speakers(
    conn: &mut AnyConnection,
    id: i64,
    proposer: &str,
    speakers: &[SpeakerInput],
    now: Timestamp,
) -> Result<Vec<(SpeakerInput, String)>, StoreError> {
    let old: Vec<(String, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT email, confirmed_at, token_hash FROM proposal_speakers WHERE proposal_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    sqlx::query("DELETE FROM proposal_speakers WHERE proposal_id = $1").bind(id).execute(&mut *conn).await?;
    let mut invites = Vec::new();
    for (i, s) in speakers.iter().enumerate() {
        let email = s.email.to_lowercase();
        let before = old.iter().find(|(e, _, _)| *e == email);
        let (confirmed_at, token_hash) = if i == 0 || email == proposer {
            (Some(now.as_second()), None)
        } else if let Some((_, confirmed, hash)) = before {
            (*confirmed, hash.clone())
        } else {
            let (tok, hash) = token::generate();
            invites.push((s.clone(), tok));
            (None, Some(hash))
        };
        sqlx::query(
            "INSERT INTO proposal_speakers (proposal_id, position, name, email, organisation, bio, consent_publish, token_hash, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&s.name)
        .bind(&email)
        .bind(&s.organisation)
        .bind(&s.bio)
        .bind(i64::from(s.consent_publish))
        .bind(token_hash)
        .bind(confirmed_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(invites)
}

/// The address a proposer's private link opens, or `None` for an unknown or malformed token.
pub async fn proposer_email(db: &Db, token: &str) -> Result<Option<String>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    Ok(sqlx::query_scalar("SELECT email FROM proposer_links WHERE token_hash = $1")
        .bind(token::hash(token))
        .fetch_optional(db.pool())
        .await?)
}

/// Every proposal sent from `email`, newest first, with speakers.
pub async fn list_for_email(db: &Db, email: &str) -> Result<Vec<Proposal>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM proposals WHERE email = $1 ORDER BY id DESC")))
            .bind(email)
            .fetch_all(&mut *conn)
            .await?;
    let mut v: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    load_speakers(&mut conn, &mut v).await?;
    Ok(v)
}

/// The proposal `id` when the private link `token` belongs to its proposer; `NotFound`
/// otherwise (the same answer for someone else's proposal as for none).
pub async fn get_for_proposer(db: &Db, token: &str, id: i64) -> Result<Proposal, StoreError> {
    let email = proposer_email(db, token).await?.ok_or(StoreError::NotFound)?;
    let mut conn = db.pool().acquire().await?;
    let p = load_one(&mut conn, id).await?;
    if p.email != email {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

async fn owned(conn: &mut AnyConnection, token: &str, id: i64) -> Result<Proposal, StoreError> {
    if !token::looks_valid(token) {
        return Err(StoreError::NotFound);
    }
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM proposer_links WHERE token_hash = $1")
        .bind(token::hash(token))
        .fetch_optional(&mut *conn)
        .await?;
    let p = load_one(conn, id).await?;
    if Some(&p.email) != email.as_ref() {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

/// Replaces the content of a proposal; refused after the deadline or once withdrawn.
/// New co-speakers are invited by mail.
pub async fn update(
    db: &Db,
    mailing: &Mailing<'_>,
    event: &Event,
    token: &str,
    id: i64,
    input: &ProposalInput,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let p = owned(&mut tx, token, id).await?;
    if p.event_id != event.id {
        return Err(StoreError::NotFound);
    }
    let settings = load_settings(&mut tx, event.id).await?.ok_or(Refusal::NoCall)?;
    if p.withdrawn {
        return Err(Refusal::Withdrawn.into());
    }
    check_input(&settings, input, now)?;
    sqlx::query(
        "UPDATE proposals SET title = $1, summary = $2, administration = $3, subject = $4, audience = $5, format = $6, \
         minutes = $7, notes = $8, answers = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(&input.title)
    .bind(&input.summary)
    .bind(&input.administration)
    .bind(&input.subject)
    .bind(&input.audience)
    .bind(&input.format)
    .bind(i64::from(input.minutes))
    .bind(&input.notes)
    .bind(serde_json::to_string(&input.answers).expect("strings serialise"))
    .bind(now.as_second())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // The proposer stays the owner: the first speaker's address cannot move the proposal.
    let mut speakers = input.speakers.clone();
    speakers[0].email = p.email.clone();
    let invites = write_speakers(&mut tx, id, &p.email, &speakers, now).await?;
    let proposal = load_one(&mut tx, id).await?;
    for (speaker, tok) in invites {
        let link = format!("{}/intervenant/{tok}", mailing.base_url);
        let c = mail_context(
            mailing,
            event,
            &settings,
            &proposal,
            &speaker.name,
            minijinja::context! { link, proposer => &speakers[0].name },
        );
        queue(
            &mut tx,
            mailing,
            event,
            "proposal_cospeaker",
            &format!("cfp:{id}:cospeaker:{}", &tok[..16]),
            &speaker.email,
            c,
            None,
            false,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Withdraws a proposal; refused after the deadline (organisers are told otherwise).
pub async fn withdraw(db: &Db, token: &str, id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let p = owned(&mut tx, token, id).await?;
    let settings = load_settings(&mut tx, p.event_id).await?.ok_or(Refusal::NoCall)?;
    settings.window.check(now)?;
    sqlx::query("UPDATE proposals SET withdrawn = 1, updated_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records the speaker's answer to an announced acceptance (C3): confirmed or declined.
pub async fn answer(db: &Db, token: &str, id: i64, answer: SpeakerAnswer, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let p = owned(&mut tx, token, id).await?;
    let settings = load_settings(&mut tx, p.event_id).await?.ok_or(Refusal::NoCall)?;
    rules::check_can_answer(p.withdrawn, p.decision, settings.announced(now))?;
    sqlx::query("UPDATE proposals SET speaker_answer = $1, updated_at = $2 WHERE id = $3")
        .bind(answer.as_str())
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    super::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The co-speaker a link opens and their proposal, or `None`.
pub async fn find_cospeaker(db: &Db, token: &str) -> Result<Option<(Speaker, Proposal)>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let mut conn = db.pool().acquire().await?;
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT id, proposal_id FROM proposal_speakers WHERE token_hash = $1")
        .bind(token::hash(token))
        .fetch_optional(&mut *conn)
        .await?;
    let Some((speaker_id, proposal_id)) = row else { return Ok(None) };
    let p = load_one(&mut conn, proposal_id).await?;
    let s = p.speakers.iter().find(|s| s.id == speaker_id).cloned().ok_or(StoreError::NotFound)?;
    Ok(Some((s, p)))
}

/// A co-speaker confirms (or withdraws from) their participation, with their consent to
/// publishing their name.
pub async fn confirm_cospeaker(
    db: &Db,
    token: &str,
    confirm: bool,
    consent_publish: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    if !token::looks_valid(token) {
        return Err(StoreError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let n = sqlx::query("UPDATE proposal_speakers SET confirmed_at = $1, consent_publish = $2 WHERE token_hash = $3")
        .bind(confirm.then_some(now.as_second()))
        .bind(i64::from(consent_publish && confirm))
        .bind(token::hash(token))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    super::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- review (C3)

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

/// One proposal of the event the right is for; `NotFound` for another event's proposal.
pub async fn get_for_review(db: &Db, right: &ReviewRight, id: i64) -> Result<Proposal, StoreError> {
    let mut conn = db.pool().acquire().await?;
    let p = load_one(&mut conn, id).await?;
    if p.event_id != right.event_id() {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

/// Every review of the event's proposals, with the reviewer's name or address.
pub async fn reviews(db: &Db, event_id: EventId) -> Result<Vec<Review>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.proposal_id, r.user_id, u.name, u.email, r.scores, r.comment FROM proposal_reviews r \
         JOIN proposals p ON p.id = r.proposal_id JOIN users u ON u.id = r.user_id WHERE p.event_id = $1 ORDER BY r.proposal_id, u.email",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            let email: String = r.try_get("email")?;
            Ok(Review {
                proposal_id: r.try_get("proposal_id")?,
                user_id: r.try_get("user_id")?,
                reviewer: if name.trim().is_empty() { email } else { name },
                scores: json_list(&r.try_get::<String, _>("scores")?, "scores")?,
                comment: r.try_get("comment")?,
            })
        })
        .collect()
}

/// How many accounts may review the event (its reviewers and organisers), for coverage.
pub async fn reviewer_count(db: &Db, event_id: EventId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM event_roles WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(db.pool())
        .await?)
}

/// Saves the holder's review of a proposal of their event, replacing their previous one.
pub async fn save_review(
    db: &Db,
    right: &ReviewRight,
    id: i64,
    scores: &Scores,
    comment: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let event_id: Option<EventId> =
        sqlx::query_scalar("SELECT event_id FROM proposals WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    if event_id != Some(right.event_id()) {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "INSERT INTO proposal_reviews (proposal_id, user_id, scores, comment, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (proposal_id, user_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(right.user_id())
    .bind(serde_json::to_string(scores).expect("scores serialise"))
    .bind(comment)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

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
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.decide",
        "proposal",
        Some(id),
        serde_json::json!({ "decision": decision.map(Decision::as_str) }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Composes one decision mail per decided proposal and holds them in the outbox for the
/// organisers to read; a batch prepared before is replaced. Returns how many were prepared.
pub async fn prepare_decisions(
    db: &Db,
    mailing: &Mailing<'_>,
    right: &EditRight,
    event: &Event,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event.id).await?.ok_or(Refusal::NoCall)?;
    if settings.announced_at.is_some() {
        return Err(Refusal::AlreadyAnnounced.into());
    }
    message::discard_held_batch(&mut tx, event.id, &DECISION_KINDS).await?;
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.prepare_decisions",
        "event",
        Some(event.id.get()),
        serde_json::json!({}),
    )
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM proposals WHERE event_id = $1 AND withdrawn = 0 AND decision IS NOT NULL ORDER BY id"
    )))
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut proposals: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    load_speakers(&mut tx, &mut proposals).await?;
    let mut n = 0;
    for p in &proposals {
        let decision = p.decision.expect("selected with a decision");
        let name = p.speakers.first().map(|s| s.name.as_str()).unwrap_or("");
        // Links are stored hashed: the mail carries a fresh one, the older ones keep working.
        let (tok, hash) = token::generate();
        sqlx::query("INSERT INTO proposer_links (token_hash, email, created_at) VALUES ($1, $2, $3)")
            .bind(&hash)
            .bind(&p.email)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        let link = format!("{}/propositions/{tok}/{}", mailing.base_url, p.id);
        let c = mail_context(mailing, event, &settings, p, name, minijinja::context! { link });
        queue(
            &mut tx,
            mailing,
            event,
            decision.mail_kind(),
            &format!("cfp:{}:decision:{}", event.id, p.id),
            &p.email,
            c,
            None,
            true,
            now,
        )
        .await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}

/// The decision mails waiting in the outbox for the organisers' go.
pub async fn outbox(db: &Db, event_id: EventId) -> Result<Vec<message::Message>, StoreError> {
    let mut conn = db.pool().acquire().await?;
    message::held_batch(&mut conn, event_id, &DECISION_KINDS).await
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
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.announce",
        "event",
        Some(right.event_id().get()),
        serde_json::json!({ "mails": n, "at": at.as_second() }),
    )
    .await?;
    super::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(n)
}

/// Queues one message to every speaker of an accepted, announced proposal not withdrawn
/// nor cancelled. Returns the number of recipients.
pub async fn message_accepted(
    db: &Db,
    mailing: &Mailing<'_>,
    right: &EditRight,
    event: &Event,
    subject: &str,
    body: &str,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event.id).await?.ok_or(Refusal::NoCall)?;
    if !settings.announced(now) {
        return Err(Refusal::NothingToConfirm.into());
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM proposals WHERE event_id = $1 AND withdrawn = 0 AND decision = 'accepted' \
         AND (speaker_answer IS NULL OR speaker_answer = 'confirmed') ORDER BY id"
    )))
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut proposals: Vec<Proposal> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    load_speakers(&mut tx, &mut proposals).await?;
    let mut to: Vec<String> =
        proposals.iter().flat_map(|p| p.speakers.iter().filter(|s| s.confirmed).map(|s| s.email.clone())).collect();
    to.sort();
    to.dedup();
    let stamp = super::token::hash(&format!("{}\n{subject}\n{body}", now.as_millisecond()));
    let custom = Wording { subject: subject.to_owned(), body: body.to_owned() };
    for addr in &to {
        let ctx = minijinja::context! { event => event_ctx(event, mailing) };
        let composed = mailing
            .composer
            .compose("", Some(&custom), ctx)
            .map_err(|e| StoreError::Corrupt(format!("speaker message: {e:#}")))?;
        message::enqueue(
            &mut tx,
            &NewMessage::composed(
                format!("cfp:{}:message:{}:{addr}", event.id, &stamp[..16]),
                Some(event.id),
                "proposal_message",
                addr,
                composed,
            ),
            now,
        )
        .await?;
    }
    super::audit::record(
        &mut tx,
        now,
        Some(right.user_id()),
        "cfp.message",
        "event",
        Some(event.id.get()),
        serde_json::json!({ "recipients": to.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(to.len())
}

// ---------------------------------------------------------------- programme (C4)

/// Accepted and confirmed proposals of the event that no item of the programme draft holds.
pub async fn not_placed(db: &Db, event: &Event) -> Result<Vec<Proposal>, StoreError> {
    let draft = super::programme::get_draft(db, event.draft.slug.as_str()).await?;
    let placed: Vec<i64> = draft.programme.items.iter().filter_map(|i| i.proposal_id).collect();
    Ok(list(db, event.id).await?.into_iter().filter(|p| p.is_confirmed() && !placed.contains(&p.id)).collect())
}

/// Adds every accepted, confirmed proposal not yet in the draft as a talk at the event's
/// first start time, without a room, for the organisers to place. Returns the number added.
/// `right` proves the caller may edit the event; the draft's store function audits the edit.
pub async fn add_to_programme(db: &Db, right: &EditRight, event: &Event, now: Timestamp) -> Result<usize, StoreError> {
    let settings = find_settings(db, event.id).await?.ok_or(Refusal::NoCall)?;
    let todo = not_placed(db, event).await?;
    let start = event.draft.dates.start();
    let start = start.with().second(0).subsec_nanosecond(0).build().unwrap_or(start);
    let grid = crate::domain::programme::GRID_MINUTES;
    super::ensure_same_event(right.event_id(), event.id)?;
    let result = super::programme::edit_draft(db, right, "cfp.add_to_programme", now, |draft| {
        let mut n = 0;
        for p in &todo {
            if draft.programme.items.iter().any(|i| i.proposal_id == Some(p.id)) {
                continue;
            }
            let minutes = p.minutes.div_ceil(grid).max(1) * grid;
            let speakers = p.public_speakers();
            for s in p.speakers.iter().filter(|s| s.consent_publish && s.confirmed) {
                draft.programme.contacts.insert(s.name.clone(), s.email.clone());
            }
            draft.add_item(crate::domain::programme::ItemInput {
                kind: crate::domain::programme::ItemKind::Talk,
                title: p.title.clone(),
                summary: p.summary.clone(),
                start: start.with().minute(start.minute() - start.minute() % grid as i8).build().unwrap_or(start),
                minutes,
                room_id: None,
                track_id: None,
                speakers,
                proposal_id: Some(p.id),
                format_max_minutes: settings.formats.iter().find(|f| f.name == p.format).map(|f| f.max_minutes),
            })?;
            n += 1;
        }
        Ok(n)
    })
    .await;
    result.map_err(|e| match e {
        StoreError::Refused(crate::domain::refusal::Refusal::Programme(e)) => {
            StoreError::Corrupt(format!("programme draft: {e}"))
        }
        e => e,
    })
}

/// Accepted talks the public may see before the programme ("au fil de l'eau"): announced,
/// accepted, not withdrawn nor cancelled; speaker names only with their consent.
pub async fn public_accepted(db: &Db, event_id: EventId, now: Timestamp) -> Result<Option<Vec<Proposal>>, StoreError> {
    let Some(settings) = find_settings(db, event_id).await? else { return Ok(None) };
    if !settings.show_accepted || !settings.announced(now) {
        return Ok(None);
    }
    Ok(Some(
        list(db, event_id)
            .await?
            .into_iter()
            .filter(|p| {
                !p.withdrawn
                    && p.decision == Some(Decision::Accepted)
                    && p.speaker_answer != Some(SpeakerAnswer::Declined)
            })
            .collect(),
    ))
}

// ---------------------------------------------------------------- exports and mail

/// A CSV cell, quoted, with formulas defused (a cell starting with `=`, `+`, `-`, `@`).
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The proposals as a table: header and rows of plain text, for the CSV and ODS exports.
/// With `hide_speakers` (an anonymised review seen by a reviewer) the speakers, addresses and
/// administration are left out of the table, not blanked.
pub fn table(
    proposals: &[Proposal],
    stats: &[(i64, Option<f64>, usize)],
    announced: bool,
    hide_speakers: bool,
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut head = vec!["Numéro", "Titre", "Format", "Durée (min)", "Sujet", "Public visé", "Résumé"];
    if !hide_speakers {
        head.extend(["Administration", "Adresse", "Intervenants", "Publication des noms acceptée"]);
    }
    head.extend(["Note moyenne", "Évaluations", "Décision", "Réponse de l’intervenant"]);
    let rows = proposals
        .iter()
        .map(|p| {
            let (mean, reviews) = stats.iter().find(|s| s.0 == p.id).map(|s| (s.1, s.2)).unwrap_or((None, 0));
            let mut row = vec![
                p.id.to_string(),
                p.title.clone(),
                p.format.clone(),
                p.minutes.to_string(),
                p.subject.clone(),
                p.audience.clone(),
                p.summary.clone(),
            ];
            if !hide_speakers {
                let names: Vec<String> = p
                    .speakers
                    .iter()
                    .map(|s| {
                        if s.organisation.is_empty() {
                            s.name.clone()
                        } else {
                            format!("{} ({})", s.name, s.organisation)
                        }
                    })
                    .collect();
                let consents: Vec<&str> =
                    p.speakers.iter().map(|s| if s.consent_publish { "oui" } else { "non" }).collect();
                row.extend([p.administration.clone(), p.email.clone(), names.join(", "), consents.join(", ")]);
            }
            let decision =
                if p.withdrawn { "Retirée" } else { p.decision.map(Decision::label_fr).unwrap_or("À décider") };
            let answer = match (announced, p.speaker_answer) {
                (true, Some(SpeakerAnswer::Confirmed)) => "Confirmée",
                (true, Some(SpeakerAnswer::Declined)) => "Désistement",
                _ => "",
            };
            row.extend([
                mean.map(rules::score_fr).unwrap_or_default(),
                reviews.to_string(),
                decision.to_owned(),
                answer.to_owned(),
            ]);
            row
        })
        .collect();
    (head, rows)
}

/// The table as CSV (semicolon-separated, UTF-8 with BOM, for spreadsheets set to French);
/// numbers unquoted, text quoted with formulas defused.
pub fn csv(
    proposals: &[Proposal],
    stats: &[(i64, Option<f64>, usize)],
    announced: bool,
    hide_speakers: bool,
) -> String {
    let (head, rows) = table(proposals, stats, announced, hide_speakers);
    let numeric = |i: usize| matches!(head[i], "Numéro" | "Durée (min)" | "Note moyenne" | "Évaluations");
    let mut out = String::from("\u{feff}");
    out.push_str(&head.join(";"));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> =
            row.iter().enumerate().map(|(i, c)| if numeric(i) { c.clone() } else { cell(c) }).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn event_ctx(event: &Event, mailing: &Mailing<'_>) -> minijinja::Value {
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    minijinja::context! {
        title => &event.draft.title,
        dates_text => french::span(&event.draft.dates),
        venue => venue.join(", "),
        url => format!("{}/evenements/{}", mailing.base_url, event.draft.slug.as_str()),
        ics => format!("{}/evenements/{}/calendrier.ics", mailing.base_url, event.draft.slug.as_str()),
    }
}

fn mail_context(
    mailing: &Mailing<'_>,
    event: &Event,
    settings: &CallSettings,
    p: &Proposal,
    name: &str,
    extra: minijinja::Value,
) -> minijinja::Value {
    let base = minijinja::context! {
        name,
        event => event_ctx(event, mailing),
        proposal => minijinja::context! { title => &p.title, format => &p.format, minutes => p.minutes },
        closes_text => rules::datetime_fr(settings.window.closes_at),
        decisions_by => settings.decisions_by.map(french::long_date),
    };
    minijinja::context! { ..extra, ..base }
}

/// Composes `kind` (with the event's own wording when set) and queues it in `conn`.
#[allow(clippy::too_many_arguments)]
async fn queue(
    conn: &mut AnyConnection,
    mailing: &Mailing<'_>,
    event: &Event,
    kind: &str,
    key: &str,
    to: &str,
    ctx: minijinja::Value,
    not_before: Option<Timestamp>,
    held: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    let custom: Option<(String, String)> =
        sqlx::query_as("SELECT subject, body FROM mail_templates WHERE event_id = $1 AND kind = $2")
            .bind(event.id)
            .bind(kind)
            .fetch_optional(&mut *conn)
            .await?;
    let custom = custom.map(|(subject, body)| Wording { subject, body });
    let composed = mailing
        .composer
        .compose(kind, custom.as_ref(), ctx)
        .map_err(|e| StoreError::Corrupt(format!("mail template {kind}: {e:#}")))?;
    message::enqueue(
        conn,
        &NewMessage {
            not_before,
            held,
            // C3: a decision mail carries the event itself, as a calendar file to open.
            calendar: kind.starts_with("proposal_accepted").then(|| {
                crate::export::ical::calendar(std::slice::from_ref(event), &event.draft.title, mailing.base_url)
            }),
            ..NewMessage::composed(key.to_owned(), Some(event.id), kind, to, composed)
        },
        now,
    )
    .await?;
    Ok(())
}

/// The event's own wording of a decision mail, or `None` when the default is used.
pub async fn find_template(db: &Db, event_id: EventId, kind: &str) -> Result<Option<Wording>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT subject, body FROM mail_templates WHERE event_id = $1 AND kind = $2")
            .bind(event_id)
            .bind(kind)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(subject, body)| Wording { subject, body }))
}

/// Saves the event's wording of a decision mail (the next prepared batch uses it).
pub async fn save_template(
    db: &Db,
    right: &EditRight,
    kind: &str,
    o: &Wording,
    now: Timestamp,
) -> Result<(), StoreError> {
    if !DECISION_KINDS.contains(&kind) {
        return Err(StoreError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO mail_templates (event_id, kind, subject, body, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (event_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(right.event_id())
    .bind(kind)
    .bind(&o.subject)
    .bind(&o.body)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
