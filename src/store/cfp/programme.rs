//! C4: the accepted talks, handed to the programme draft or shown before it exists.

use super::{find_settings, list};
use crate::domain::account::EditRight;
use crate::domain::cfp::{Decision, Proposal, Refusal, SpeakerAnswer};
use crate::domain::event::{Event, EventId};
use crate::store::{Db, StoreError};
use jiff::Timestamp;

/// Accepted and confirmed proposals of the event that no item of the programme draft holds.
pub async fn not_placed(db: &Db, event: &Event) -> Result<Vec<Proposal>, StoreError> {
    let draft = crate::store::programme::get_draft(db, event.draft.slug.as_str()).await?;
    let placed = draft.proposal_ids();
    Ok(list(db, event.id).await?.into_iter().filter(|p| p.is_confirmed() && !placed.contains(&p.id)).collect())
}

/// Adds every accepted, confirmed proposal not yet in the draft as a talk waiting for its
/// slot (`Draft::unplaced`, issue 19: never onto a slot another item holds), for the
/// organisers to place. Returns the number added.
pub async fn add_to_programme(db: &Db, right: &EditRight, event: &Event, now: Timestamp) -> Result<usize, StoreError> {
    crate::store::ensure_same_event(right.event_id(), event.id)?;
    let settings = find_settings(db, event.id).await?.ok_or(Refusal::NoCall)?;
    let todo = not_placed(db, event).await?;
    let grid = crate::domain::programme::GRID_MINUTES;
    let result = crate::store::programme::edit_draft(db, right, "cfp.to_programme", now, |draft| {
        let mut n = 0;
        for p in &todo {
            if draft.proposal_ids().contains(&p.id) {
                continue;
            }
            let minutes = p.minutes.div_ceil(grid).max(1) * grid;
            let speakers = p.public_speakers();
            for s in p.speakers.iter().filter(|s| s.consent_publish && s.confirmed) {
                draft.programme.contacts.insert(s.name.clone(), s.email.clone());
            }
            draft.add_unplaced(crate::domain::programme::Unplaced {
                id: 0,
                kind: crate::domain::programme::ItemKind::Talk,
                title: p.title.clone(),
                summary: p.summary.clone(),
                minutes,
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
    // The talks come from accepted proposals: a programme rule refusing one is a bug here.
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
