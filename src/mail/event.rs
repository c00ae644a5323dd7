//! A1: the mail that tells participants and accepted speakers that an event is cancelled
//! (issue 19), composed before the transaction that cancels the event and queues it.

use super::compose::Composer;
use crate::domain::event::Event;
use crate::domain::message::{Draft, Hole, LangDrafts};
use crate::i18n::{self, Lang};

/// The kind (and template) of the cancellation mail.
pub const CANCELLED: &str = "event_cancelled";

/// The cancellation of `event`, greeting the recipient by name (`Hole::Name`, empty for a
/// speaker known only by address).
/// One per language (H2): each recipient reads it in the language of their registration or
/// proposal.
pub fn cancelled(composer: &Composer, base_url: &str, event: &Event) -> Result<LangDrafts, minijinja::Error> {
    let url = format!("{base_url}/evenements/{}", event.draft.slug.as_str());
    let mut drafts = Vec::new();
    for lang in Lang::ALL {
        let composed = i18n::with(lang, || {
            composer.compose(
                CANCELLED,
                None,
                minijinja::context! {
                    name => Hole::Name.placeholder(),
                    event => minijinja::context! {
                        title => &event.draft.title,
                        dates_text => i18n::dates::when(lang, &event.draft),
                        url => super::compose::link(url.clone()),
                    },
                },
            )
        })?;
        drafts.push((lang, Draft(composed)));
    }
    Ok(LangDrafts(drafts))
}
