//! C4 (issue 19): speakers in public: the speakers the public may read about (accepted,
//! announced, consenting, not withdrawn nor declined) and their optional photo.

use crate::domain::cfp::{Decision, SpeakerAnswer};
use crate::domain::event::EventId;
use crate::store::{Db, StoreError};
use jiff::Timestamp;
use sqlx::Row;

/// A speaker as their public page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSpeaker {
    pub id: i64,
    pub proposal_id: i64,
    pub name: String,
    pub organisation: String,
    pub bio: String,
    pub photo_path: Option<String>,
}

/// The speakers of `event_id` whose talk is accepted and announced (at `now`), not withdrawn
/// nor declined, who consented to publishing their name. Whether their talk is in the
/// released programme is for the caller to check against the release.
pub async fn public_speakers(db: &Db, event_id: EventId, now: Timestamp) -> Result<Vec<PublicSpeaker>, StoreError> {
    let Some(settings) = super::find_settings(db, event_id).await? else { return Ok(Vec::new()) };
    if !settings.announced(now) {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT s.id, s.proposal_id, s.name, s.organisation, s.bio, s.photo_path, p.decision, p.speaker_answer \
         FROM proposal_speakers s JOIN proposals p ON p.id = s.proposal_id \
         WHERE p.event_id = $1 AND p.withdrawn = 0 AND s.consent_publish = 1 ORDER BY s.proposal_id, s.position",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let decision: Option<String> = row.try_get("decision")?;
        let answer: Option<String> = row.try_get("speaker_answer")?;
        if decision.as_deref().and_then(Decision::parse) != Some(Decision::Accepted)
            || answer.as_deref().and_then(SpeakerAnswer::parse) == Some(SpeakerAnswer::Declined)
        {
            continue;
        }
        out.push(PublicSpeaker {
            id: row.try_get("id")?,
            proposal_id: row.try_get("proposal_id")?,
            name: row.try_get("name")?,
            organisation: row.try_get("organisation")?,
            bio: row.try_get("bio")?,
            photo_path: row.try_get("photo_path")?,
        });
    }
    Ok(out)
}

/// The photo of each speaker of proposal `id`, by speaker id, for its proposer's page.
pub async fn photos(db: &Db, proposal_id: i64) -> Result<Vec<(i64, Option<String>)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, photo_path FROM proposal_speakers WHERE proposal_id = $1 ORDER BY position")
        .bind(proposal_id)
        .fetch_all(db.pool())
        .await?)
}

/// Sets (or with `None` removes) the photo of speaker `speaker_id` of proposal `id`, for the
/// holder of its proposer's link `token`; `NotFound` for anyone else or another proposal's
/// speaker. Raises the content version: public speaker pages are cached.
pub async fn set_photo(
    db: &Db,
    token: &str,
    id: i64,
    speaker_id: i64,
    photo_path: Option<&str>,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    super::proposals::owned(&mut tx, token, id).await?;
    let done = sqlx::query("UPDATE proposal_speakers SET photo_path = $1 WHERE id = $2 AND proposal_id = $3")
        .bind(photo_path)
        .bind(speaker_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    crate::store::bump_content_version(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Demo data only: an accepted, confirmed talk of `event_id` by one consenting speaker, its
/// decisions announced at `now`, made without mail; returns the proposal id. The event must
/// have call settings.
pub(crate) async fn seed_accepted(
    db: &Db,
    event_id: EventId,
    title: &str,
    minutes: u32,
    speaker: (&str, &str, &str, &str),
    now: Timestamp,
) -> Result<i64, StoreError> {
    let (name, email, organisation, bio) = speaker;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO proposals (event_id, email, title, summary, administration, subject, audience, format, minutes, \
         notes, answers, decision, speaker_answer, created_at, updated_at) \
         VALUES ($1, $2, $3, '', $4, '', '', 'Éclair', $5, '', '[]', 'accepted', 'confirmed', $6, $6) RETURNING id",
    )
    .bind(event_id)
    .bind(email)
    .bind(title)
    .bind(organisation)
    .bind(i64::from(minutes))
    .bind(now.as_second())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO proposal_speakers (proposal_id, position, name, email, organisation, bio, consent_publish, \
         confirmed_at) VALUES ($1, 0, $2, $3, $4, $5, 1, $6)",
    )
    .bind(id)
    .bind(name)
    .bind(email)
    .bind(organisation)
    .bind(bio)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE cfp_settings SET announced_at = $1 WHERE event_id = $2")
        .bind(now.as_second())
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}
