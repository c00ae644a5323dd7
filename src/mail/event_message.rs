//! F2 (issue 14): a message organisers write to one group of their event. The organisers'
//! subject and Markdown body are sent as written (never evaluated as a template), followed by
//! a footer that names the event and carries the recipient's private link (`Hole::Token`).

use super::compose::{Composer, link};
use crate::domain::event::Event;
use crate::domain::french;
use crate::domain::message::{Composed, Draft, Hole, Wording};
use crate::store::event_message::{Drafts, EventMessage};
use crate::store::{Db, StoreError};
use minijinja::Value;

/// The message as mailed: the organisers' words, then the event and the private link.
fn wording() -> Wording {
    Wording {
        subject: "{{ subject }}".into(),
        body: "{{ body }}\n\n----\n\nCe message vous est adressé par l’équipe de « {{ event.title }} » \
               ({{ event.dates_text }}) : {{ event.url }}\n\n{{ link_label }} : {{ link }}\n"
            .into(),
    }
}

fn compose_one(
    composer: &Composer,
    event: &Event,
    base_url: &str,
    subject: &str,
    body: &str,
    link_label: &str,
    url: String,
) -> Result<Composed, minijinja::Error> {
    let event_url = format!("{base_url}/evenements/{}", event.draft.slug.as_str());
    composer.preview(
        &wording(),
        minijinja::context! {
            subject => Value::from_safe_string(subject.to_owned()),
            body => Value::from_safe_string(body.to_owned()),
            event => minijinja::context! {
                title => &event.draft.title,
                dates_text => french::when(&event.draft),
                url => link(event_url),
            },
            link_label,
            link => link(url),
        },
    )
}

/// The message for each kind of recipient, with a hole for each private link.
pub fn drafts(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    subject: &str,
    body: &str,
) -> Result<Drafts, minijinja::Error> {
    let hole = Hole::Token.placeholder();
    let event_url = format!("{base_url}/evenements/{}", event.draft.slug.as_str());
    Ok(Drafts {
        participant: Draft(compose_one(
            composer,
            event,
            base_url,
            subject,
            body,
            "Votre inscription (la consulter, la modifier ou l’annuler)",
            format!("{base_url}/inscription/{hole}"),
        )?),
        proposer: Draft(compose_one(
            composer,
            event,
            base_url,
            subject,
            body,
            "Vos propositions d’intervention",
            format!("{base_url}/propositions/{hole}"),
        )?),
        cospeaker: Draft(compose_one(composer, event, base_url, subject, body, "La page de l’événement", event_url)?),
    })
}

/// The message as a participant reads it, with a sample link: the preview and the test send.
pub fn sample(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    subject: &str,
    body: &str,
) -> Result<Composed, minijinja::Error> {
    Ok(drafts(composer, base_url, event, subject, body)?.participant.fill(&[(Hole::Token, "exemple")]))
}

/// Sends the scheduled messages whose time has come (the server's job); returns how many
/// mails were queued.
pub async fn send_due(db: &Db, composer: &Composer, base_url: &str, now: jiff::Timestamp) -> Result<usize, StoreError> {
    let mut total = 0;
    for m in crate::store::event_message::due(db, now).await? {
        // One message that cannot be sent does not hold back the others.
        match send_one(db, composer, base_url, &m, now).await {
            Ok(n) => total += n,
            Err(e) => tracing::error!(message_id = m.id, error = ?e, "a scheduled message to participants failed"),
        }
    }
    Ok(total)
}

async fn send_one(
    db: &Db,
    composer: &Composer,
    base_url: &str,
    m: &EventMessage,
    now: jiff::Timestamp,
) -> Result<usize, StoreError> {
    let Some(event) = crate::store::event::find_by_id(db, m.event_id).await? else { return Ok(0) };
    let drafts = drafts(composer, base_url, &event, &m.subject, &m.body_md)
        .map_err(|e| StoreError::Corrupt(format!("event message {}: {e:#}", m.id)))?;
    crate::store::event_message::send_scheduled(db, m, &drafts, now).await
}
