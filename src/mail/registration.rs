//! B1 B2 B4 B5: composing the registration mails of an event (its own wording or the default
//! templates), before the transactions that queue them; and the periodic jobs that need them
//! (expiries and offers, scheduled announcements), one event at a time.

use super::compose::Composer;
use crate::domain::event::Event;
use crate::domain::french;
use crate::domain::message::{Draft, Hole, Wording};
use crate::domain::registration::letter::{Letter, Letters};
use crate::store::{self, Db, StoreError};
use jiff::Timestamp;
use minijinja::Value;

/// The event as every registration mail describes it.
fn event_value(event: &Event) -> Value {
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    minijinja::context! {
        title => &event.draft.title,
        dates_text => french::when(&event.draft),
        venue => venue.join(", "),
        room => event.draft.venue.room.as_deref(),
        map_url => event.draft.venue.osm_url.as_deref().map(super::compose::link),
        contact => event.draft.contact_email.as_deref(),
    }
}

/// Writes every registration letter of `event`: its own wording where it has one (`wording`,
/// by kind), else the default template. `decisions_at` (selection mode) is when the organisers
/// plan to answer. `meeting_url` (an online event's) reaches the confirmation letter only:
/// nobody else may read it (issue 19). A letter whose template fails keeps the error, given
/// when it is sent.
pub fn letters(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    decisions_at: Option<Timestamp>,
    meeting_url: Option<&str>,
    wording: &[(String, Wording)],
) -> Letters {
    let ctx = minijinja::context! {
        name => Hole::Name.placeholder(),
        event => event_value(event),
        link => super::compose::link(format!("{base_url}/inscription/{}", Hole::Token.placeholder())),
        expires_text => Hole::When.placeholder(),
        position => Hole::Position.placeholder(),
        decision_text => decisions_at.map(|t| format!("au plus tard le {}", french::datetime(t))),
        door_code => Hole::DoorCode.placeholder(),
        door_qr_url => format!("{base_url}/code-accueil/{}.png", Hole::DoorCode.placeholder()),
    };
    let drafts = Letter::ALL
        .into_iter()
        .map(|letter| {
            let kind = letter.kind();
            let custom = wording.iter().find(|(k, _)| k == kind).map(|(_, w)| w);
            let ctx = match (letter, meeting_url) {
                (Letter::Confirmed, Some(url)) => {
                    minijinja::context! { meeting_url => super::compose::link(url.to_owned()), ..ctx.clone() }
                }
                _ => ctx.clone(),
            };
            let draft = composer.compose(kind, custom, ctx).map(Draft).map_err(|e| format!("{e:#}"));
            (letter, draft)
        })
        .collect();
    Letters::new(drafts)
}

/// Reads what the letters of `event` depend on (its settings and wording) and writes them.
pub async fn letters_for(db: &Db, composer: &Composer, base_url: &str, event: &Event) -> Result<Letters, StoreError> {
    let settings = store::registration::find_settings(db, event.id).await?;
    let wording = store::mail_template::list(db, event.id).await?;
    let meeting_url = store::event::find_meeting_url(db, event.id).await?;
    Ok(letters(composer, base_url, event, settings.and_then(|s| s.decisions_at), meeting_url.as_deref(), &wording))
}

/// B1: the invitation of `event`, with a hole for the token of each personal link.
pub fn invitation(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    wording: Option<&Wording>,
) -> Result<Draft, StoreError> {
    const KIND: &str = "registration_invitation";
    let ctx = minijinja::context! {
        name => "",
        event => event_value(event),
        link => super::compose::link(format!("{base_url}/evenements/{}/inscription?invitation={}", event.draft.slug, Hole::Token.placeholder())),
    };
    composer
        .compose(KIND, wording, ctx)
        .map(Draft)
        .map_err(|e| StoreError::Corrupt(format!("mail template {KIND}: {e:#}")))
}

/// Reads the event's wording of the invitation and writes it.
pub async fn invitation_for(db: &Db, composer: &Composer, base_url: &str, event: &Event) -> Result<Draft, StoreError> {
    let wording = store::mail_template::list(db, event.id).await?;
    let custom = wording.iter().find(|(k, _)| k == "registration_invitation").map(|(_, w)| w);
    invitation(composer, base_url, event, custom)
}

/// Expires addresses never confirmed and offers never answered, event by event, each with its
/// own letters for the places offered; returns how many registrations expired.
pub async fn sweep(db: &Db, composer: &Composer, base_url: &str, now: Timestamp) -> Result<u32, StoreError> {
    let mut expired = 0;
    for event_id in store::registration::due_for_sweep(db, now).await? {
        let Some(event) = store::event::find_by_id(db, event_id).await? else { continue };
        let letters = letters_for(db, composer, base_url, &event).await?;
        expired += store::registration::sweep_event(db, &letters, &event, now).await?;
    }
    Ok(expired)
}

/// Announces the decisions of every event whose scheduled time has come; returns how many
/// registrations changed.
pub async fn announce_due(db: &Db, composer: &Composer, base_url: &str, now: Timestamp) -> Result<u32, StoreError> {
    let mut total = 0;
    for event_id in store::registration::selection::due_for_announcement(db, now).await? {
        let Some(event) = store::event::find_by_id(db, event_id).await? else { continue };
        let letters = letters_for(db, composer, base_url, &event).await?;
        total += store::registration::selection::announce_scheduled(db, &letters, &event, now).await?;
    }
    Ok(total)
}

/// B4 F2: mails the reminder, with the event's `.ics` attached, to everyone holding a place
/// in a published event that starts within `days` days; once per registration (its key).
/// Returns how many reminders were queued. `days` 0 turns reminders off.
pub async fn remind_due(
    db: &Db,
    composer: &Composer,
    base_url: &str,
    days: u32,
    now: Timestamp,
) -> Result<u32, StoreError> {
    if days == 0 {
        return Ok(0);
    }
    let horizon = now + jiff::SignedDuration::from_hours(24 * i64::from(days));
    let mut total = 0;
    for event in store::event::list_published(db).await? {
        let start = event.draft.dates.start_instant();
        if start <= now || start > horizon || event.draft.status != crate::domain::event::EventStatus::Published {
            continue;
        }
        let letters = letters_for(db, composer, base_url, &event).await?;
        let ics = crate::export::ical::calendar(std::slice::from_ref(&event), &event.draft.title, base_url);
        total += store::registration::reminder::send(db, &letters, &event, &ics, now).await?;
    }
    Ok(total)
}
