//! A1: the mail that tells participants and accepted speakers that an event is cancelled
//! (issue 19), composed before the transaction that cancels the event and queues it.

use super::compose::Composer;
use crate::domain::event::Event;
use crate::domain::french;
use crate::domain::message::{Draft, Hole};

/// The kind (and template) of the cancellation mail.
pub const CANCELLED: &str = "event_cancelled";

/// The cancellation of `event`, greeting the recipient by name (`Hole::Name`, empty for a
/// speaker known only by address).
pub fn cancelled(composer: &Composer, base_url: &str, event: &Event) -> Result<Draft, minijinja::Error> {
    let url = format!("{base_url}/evenements/{}", event.draft.slug.as_str());
    Ok(Draft(composer.compose(
        CANCELLED,
        None,
        minijinja::context! {
            name => Hole::Name.placeholder(),
            event => minijinja::context! {
                title => &event.draft.title,
                dates_text => french::when(&event.draft),
                url => super::compose::link(url),
            },
        },
    )?))
}
