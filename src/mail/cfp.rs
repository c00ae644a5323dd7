//! C2 C3: the call for talks' mails, composed before the write that queues them: the
//! receipt of a proposal, the co-speakers' invitations, the decision mails (the acceptance
//! with the event as a calendar file) and the organisers' message to accepted speakers.
//! A private link is made inside the write, so drafts carry `Hole::Token` in its place.

use super::compose::Composer;
use crate::domain::cfp::{CallSettings, CospeakerDrafts, DecisionDraft, Proposal, ProposalInput, datetime_fr};
use crate::domain::event::Event;
use crate::domain::french;
use crate::domain::message::{Composed, Draft, Hole, Wording};
use minijinja::{Value, context};

/// What every mail of a call is written from: the composer, the site's address, the event,
/// its call, and the wording its organisers gave to some kinds (read beforehand).
pub struct CallMail<'a> {
    pub composer: &'a Composer,
    pub base_url: &'a str,
    pub event: &'a Event,
    pub settings: &'a CallSettings,
    /// The event's own wordings by kind, as `store::mail_template::list` returns them.
    pub wordings: &'a [(String, Wording)],
}

/// The proposal as its mails name it.
struct About<'a> {
    title: &'a str,
    format: &'a str,
    minutes: u32,
}

impl CallMail<'_> {
    fn wording(&self, kind: &str) -> Option<&Wording> {
        self.wordings.iter().find(|(k, _)| k == kind).map(|(_, w)| w)
    }

    fn context(&self, about: &About<'_>, name: &str, extra: Value) -> Value {
        let base = context! {
            name,
            event => event_context(self.event, self.base_url),
            proposal => context! { title => about.title, format => about.format, minutes => about.minutes },
            closes_text => datetime_fr(self.settings.window.closes_at),
            decisions_by => self.settings.decisions_by.map(french::long_date),
        };
        context! { ..extra, ..base }
    }

    fn compose(&self, kind: &str, ctx: Value) -> Result<Draft, minijinja::Error> {
        Ok(Draft(self.composer.compose(kind, self.wording(kind), ctx)?))
    }

    /// The receipt of a proposal to its proposer, with a hole for their private link.
    pub fn receipt(&self, input: &ProposalInput) -> Result<Draft, minijinja::Error> {
        let link = format!("{}/propositions/{}", self.base_url, Hole::Token.placeholder());
        let about = About { title: &input.title, format: &input.format, minutes: input.minutes };
        self.compose("proposal_receipt", self.context(&about, &input.speakers[0].name, context! { link }))
    }

    /// One invitation per co-speaker the proposal names (the store sends those it has not
    /// invited before), each with a hole for the co-speaker's link.
    pub fn invitations(&self, input: &ProposalInput) -> Result<CospeakerDrafts, minijinja::Error> {
        let about = About { title: &input.title, format: &input.format, minutes: input.minutes };
        let proposer = &input.speakers[0].name;
        let link = format!("{}/intervenant/{}", self.base_url, Hole::Token.placeholder());
        let mut drafts = Vec::new();
        for s in input.speakers.iter().skip(1) {
            let ctx = self.context(&about, &s.name, context! { link => &link, proposer });
            drafts.push((s.email.to_lowercase(), self.compose("proposal_cospeaker", ctx)?));
        }
        Ok(CospeakerDrafts(drafts))
    }

    /// The decision mail of every decided proposal not withdrawn, each with a hole for the
    /// fresh private link; an acceptance carries the event as a calendar file.
    pub fn decisions(&self, proposals: &[Proposal]) -> Result<Vec<DecisionDraft>, minijinja::Error> {
        let calendar =
            crate::export::ical::calendar(std::slice::from_ref(self.event), &self.event.draft.title, self.base_url);
        let mut drafts = Vec::new();
        for p in proposals.iter().filter(|p| !p.withdrawn) {
            let Some(decision) = p.decision else { continue };
            let kind = decision.mail_kind();
            let name = p.speakers.first().map(|s| s.name.as_str()).unwrap_or("");
            let link = format!("{}/propositions/{}/{}", self.base_url, Hole::Token.placeholder(), p.id);
            let about = About { title: &p.title, format: &p.format, minutes: p.minutes };
            drafts.push(DecisionDraft {
                proposal_id: p.id,
                updated_at: p.updated_at,
                kind,
                draft: self.compose(kind, self.context(&about, name, context! { link }))?,
                // C3: a decision mail carries the event itself, as a calendar file to open.
                calendar: kind.starts_with("proposal_accepted").then(|| calendar.clone()),
            });
        }
        Ok(drafts)
    }
}

/// The organisers' message to the accepted speakers, from their wording (already protected
/// from template evaluation by the caller).
pub fn speaker_message(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    wording: &Wording,
) -> Result<Composed, minijinja::Error> {
    composer.compose("", Some(wording), context! { event => event_context(event, base_url) })
}

fn event_context(event: &Event, base_url: &str) -> Value {
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    context! {
        title => &event.draft.title,
        dates_text => french::span(&event.draft.dates),
        venue => venue.join(", "),
        url => format!("{}/evenements/{}", base_url, event.draft.slug.as_str()),
        ics => format!("{}/evenements/{}/calendrier.ics", base_url, event.draft.slug.as_str()),
    }
}
