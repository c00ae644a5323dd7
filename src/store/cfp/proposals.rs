//! C2 C3: proposals by their proposers: sent, changed and withdrawn through a private
//! link, co-speakers invited and confirming, and the speaker's answer to an acceptance.

use super::{COLUMNS, from_row, load_one, load_settings, load_speakers, queue};
use crate::domain::cfp::{
    self as rules, CallSettings, CospeakerDrafts, Proposal, ProposalInput, Refusal, Speaker, SpeakerAnswer,
    SpeakerInput,
};
use crate::domain::event::EventId;
use crate::domain::message::{Draft, Hole};
use crate::store::{Db, StoreError, token};
use jiff::Timestamp;
use sqlx::AnyConnection;

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
/// and queues the receipt and one invitation per co-speaker (composed by the caller).
pub async fn submit(
    db: &Db,
    event_id: EventId,
    input: &ProposalInput,
    receipt: &Draft,
    invitations: &CospeakerDrafts,
    now: Timestamp,
) -> Result<Submitted, StoreError> {
    let mut tx = db.begin_write().await?;
    let settings = load_settings(&mut tx, event_id).await?.ok_or(Refusal::NoCall)?;
    check_input(&settings, input, now)?;
    let email = input.speakers[0].email.to_lowercase();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO proposals (event_id, email, title, summary, administration, subject, audience, format, minutes, notes, \
         answers, created_at, updated_at, lang, siret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, \
         $14) RETURNING id",
    )
    .bind(event_id)
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
    .bind(input.lang.code())
    .bind(&input.siret)
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
    queue(
        &mut tx,
        event_id,
        "proposal_receipt",
        &format!("cfp:{id}:receipt"),
        &email,
        receipt.fill(&[(Hole::Token, &token)]),
        now,
    )
    .await?;
    invite(&mut tx, event_id, id, invitations, invites, now).await?;
    let data = serde_json::json!({ "proposal": { "id": id } });
    let (ty, cause) = (crate::domain::webhook::EventType::ProposalSubmitted, format!("proposal:{id}:submitted"));
    crate::store::webhook::emit(&mut tx, Some(event_id), ty, &cause, data, now, now).await?;
    tx.commit().await?;
    Ok(Submitted { id, token })
}

/// Queues the invitation of each new co-speaker, with their fresh link.
async fn invite(
    conn: &mut AnyConnection,
    event_id: EventId,
    id: i64,
    drafts: &CospeakerDrafts,
    invites: Vec<(SpeakerInput, String)>,
    now: Timestamp,
) -> Result<(), StoreError> {
    for (speaker, tok) in invites {
        let email = speaker.email.to_lowercase();
        let draft =
            drafts.to(&email).ok_or_else(|| StoreError::Corrupt(format!("no invitation composed for {email}")))?;
        queue(
            conn,
            event_id,
            "proposal_cospeaker",
            &format!("cfp:{id}:cospeaker:{}", &tok[..16]),
            &speaker.email,
            draft.fill(&[(Hole::Token, &tok)]),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Replaces the speakers of a proposal. The proposer is confirmed at once; a co-speaker
/// already listed under the same address keeps their own consent to publish their name, and
/// once confirmed their name, organisation and biography too: only they change those (issue
/// 13); new co-speakers get a link. Returns the speakers to invite with their tokens.
async fn write_speakers(
    conn: &mut AnyConnection,
    id: i64,
    proposer: &str,
    speakers: &[SpeakerInput],
    now: Timestamp,
) -> Result<Vec<(SpeakerInput, String)>, StoreError> {
    let old: Vec<KeptSpeaker> = sqlx::query_as(
        "SELECT email, confirmed_at, token_hash, consent_publish, name, organisation, bio \
         FROM proposal_speakers WHERE proposal_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM proposal_speakers WHERE proposal_id = $1").bind(id).execute(&mut *conn).await?;
    let mut invites = Vec::new();
    for (i, s) in speakers.iter().enumerate() {
        let email = s.email.to_lowercase();
        let before = old.iter().find(|k| k.0 == email);
        let mut row = s.clone();
        let (confirmed_at, token_hash) = if i == 0 || email == proposer {
            (Some(now.as_second()), None)
        } else if let Some((_, confirmed, hash, consent, name, organisation, bio)) = before {
            row.consent_publish = *consent != 0;
            if confirmed.is_some() {
                (row.name, row.organisation, row.bio) = (name.clone(), organisation.clone(), bio.clone());
            }
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
        .bind(&row.name)
        .bind(&email)
        .bind(&row.organisation)
        .bind(&row.bio)
        .bind(i64::from(row.consent_publish))
        .bind(token_hash)
        .bind(confirmed_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(invites)
}

/// A co-speaker's row as stored: address, confirmation, link, consent, name, organisation, bio.
type KeptSpeaker = (String, Option<i64>, Option<String>, i64, String, String, String);

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

/// H2: the language of each speaker of `event`'s proposals, by lowercased address: the language
/// of the latest proposal they speak in (programme notices reach speakers by address).
pub async fn speaker_languages(
    db: &Db,
    event: EventId,
) -> Result<std::collections::HashMap<String, crate::i18n::Lang>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.email, p.lang FROM proposal_speakers s JOIN proposals p ON p.id = s.proposal_id \
         WHERE p.event_id = $1 ORDER BY p.id",
    )
    .bind(event.get())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(email, lang)| (email.to_lowercase(), crate::i18n::Lang::from_stored(&lang))).collect())
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

pub(super) async fn owned(conn: &mut AnyConnection, token: &str, id: i64) -> Result<Proposal, StoreError> {
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
    event_id: EventId,
    token: &str,
    id: i64,
    input: &ProposalInput,
    invitations: &CospeakerDrafts,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let p = owned(&mut tx, token, id).await?;
    if p.event_id != event_id {
        return Err(StoreError::NotFound);
    }
    let settings = load_settings(&mut tx, event_id).await?.ok_or(Refusal::NoCall)?;
    if p.withdrawn {
        return Err(Refusal::Withdrawn.into());
    }
    check_input(&settings, input, now)?;
    // Issue 19: the organisers see what an accepted speaker changed since the decision.
    if p.decision == Some(crate::domain::cfp::Decision::Accepted) {
        let mut changed: Vec<&str> = Vec::new();
        if p.title != input.title {
            changed.push("title");
        }
        if p.minutes != input.minutes {
            changed.push("minutes");
        }
        if !changed.is_empty() {
            let before: Option<String> =
                sqlx::query_scalar("SELECT changed_after_decision FROM proposals WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let mut all: Vec<String> =
                before.as_deref().unwrap_or("").split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect();
            for c in changed {
                if !all.iter().any(|a| a == c) {
                    all.push(c.to_owned());
                }
            }
            sqlx::query("UPDATE proposals SET changed_after_decision = $1 WHERE id = $2")
                .bind(all.join(","))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query(
        "UPDATE proposals SET title = $1, summary = $2, administration = $3, subject = $4, audience = $5, format = $6, \
         minutes = $7, notes = $8, answers = $9, updated_at = $10, lang = $12 WHERE id = $11",
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
    .bind(input.lang.code())
    .execute(&mut *tx)
    .await?;
    // The proposer stays the owner: the first speaker's address cannot move the proposal.
    let mut speakers = input.speakers.clone();
    speakers[0].email = p.email.clone();
    let invites = write_speakers(&mut tx, id, &p.email, &speakers, now).await?;
    invite(&mut tx, event_id, id, invitations, invites, now).await?;
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
    if answer == SpeakerAnswer::Confirmed {
        let data = serde_json::json!({ "proposal": { "id": id } });
        let ty = crate::domain::webhook::EventType::ProposalConfirmed;
        crate::store::webhook::emit(&mut tx, Some(p.event_id), ty, &format!("proposal:{id}:confirmed"), data, now, now)
            .await?;
    }
    crate::store::bump_content_version(&mut tx).await?;
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
    crate::store::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
