//! C2 C3: the call for talks' mails, composed before the write that queues them: the
//! receipt of a proposal, the co-speakers' invitations, the decision mails (the acceptance
//! with the event as a calendar file) and the organisers' message to accepted speakers.
//! A private link is made inside the write, so drafts carry `Hole::Token` in its place.

use super::compose::{Composer, link as link_value};
use crate::domain::cfp::{CallSettings, CospeakerDrafts, DecisionDraft, Proposal, ProposalInput};
use crate::domain::event::Event;
use crate::domain::message::{Composed, Draft, Hole, Wording};
use crate::i18n;
use minijinja::{Value, context};

/// What every mail of a call is written from: the composer, the site's address, the event,
/// its call, and the wording its organisers gave to some kinds (read beforehand).
pub struct CallMail<'a> {
    /// Renders the templates and the event's wordings.
    pub composer: &'a Composer,
    /// The site's address, without a trailing slash, that links start with.
    pub base_url: &'a str,
    /// The event the call is for.
    pub event: &'a Event,
    /// The call, for its closing date and the date of the answers.
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
            closes_text => i18n::dates::datetime(i18n::lang(), self.settings.window.closes_at),
            decisions_by => self.settings.decisions_by.map(|d| i18n::dates::long_date(i18n::lang(), d)),
        };
        context! { ..extra, ..base }
    }

    fn compose(&self, kind: &str, ctx: Value) -> Result<Draft, minijinja::Error> {
        Ok(Draft(self.composer.compose(kind, self.wording(kind), ctx)?))
    }

    /// The receipt of a proposal to its proposer, with a hole for their private link, in the
    /// proposal's language (H2), as are the co-speakers' invitations.
    pub fn receipt(&self, input: &ProposalInput) -> Result<Draft, minijinja::Error> {
        let link = format!("{}/propositions/{}", self.base_url, Hole::Token.placeholder());
        let about = About { title: &input.title, format: &input.format, minutes: input.minutes };
        i18n::with(input.lang, || {
            self.compose(
                "proposal_receipt",
                self.context(&about, &input.speakers[0].name, context! { link => link_value(link) }),
            )
        })
    }

    /// One invitation per co-speaker the proposal names (the store sends those it has not
    /// invited before), each with a hole for the co-speaker's link.
    pub fn invitations(&self, input: &ProposalInput) -> Result<CospeakerDrafts, minijinja::Error> {
        i18n::with(input.lang, || self.invitations_in(input))
    }

    fn invitations_in(&self, input: &ProposalInput) -> Result<CospeakerDrafts, minijinja::Error> {
        let about = About { title: &input.title, format: &input.format, minutes: input.minutes };
        let proposer = &input.speakers[0].name;
        let link = format!("{}/intervenant/{}", self.base_url, Hole::Token.placeholder());
        let mut drafts = Vec::new();
        for s in input.speakers.iter().skip(1) {
            let ctx = self.context(&about, &s.name, context! { link => link_value(link.clone()), proposer });
            drafts.push((s.email.to_lowercase(), self.compose("proposal_cospeaker", ctx)?));
        }
        Ok(CospeakerDrafts(drafts))
    }

    /// The decision mail of every decided proposal not withdrawn, each with a hole for the
    /// fresh private link; an acceptance carries the event as a calendar file. Each is in its
    /// proposal's language (H2), for its co-speakers too.
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
            // Co-speakers get the same news, addressed to them, with the event page as link.
            let event_link = format!("{}/evenements/{}", self.base_url, self.event.draft.slug);
            let (draft, cospeaker_draft) = i18n::with(p.lang, || {
                let cospeaker = self.context(
                    &about,
                    Hole::Name.placeholder(),
                    context! { link => link_value(event_link), cospeaker => true },
                );
                let own = self.context(&about, name, context! { link => link_value(link), cospeaker => false });
                Ok::<_, minijinja::Error>((self.compose(kind, own)?, self.compose(kind, cospeaker)?))
            })?;
            drafts.push(DecisionDraft {
                proposal_id: p.id,
                updated_at: p.updated_at,
                kind,
                draft,
                cospeaker_draft,
                // C3: a decision mail carries the event itself, as a calendar file to open.
                calendar: kind.starts_with("proposal_accepted").then(|| calendar.clone()),
            });
        }
        Ok(drafts)
    }
}

impl CallMail<'_> {
    /// The reminder to the proposer of an accepted talk who has not answered yet, with a hole
    /// for a fresh private link.
    pub fn confirm_reminder(&self, p: &Proposal) -> Result<Draft, minijinja::Error> {
        let name = p.speakers.first().map(|s| s.name.as_str()).unwrap_or("");
        let link = format!("{}/propositions/{}/{}", self.base_url, Hole::Token.placeholder(), p.id);
        let about = About { title: &p.title, format: &p.format, minutes: p.minutes };
        i18n::with(p.lang, || {
            self.compose(
                crate::store::cfp::decisions::CONFIRM_REMINDER_KIND,
                self.context(&about, name, context! { link => link_value(link) }),
            )
        })
    }
}

/// Queues, once per talk, the reminder to accepted speakers who have neither confirmed nor
/// declined `days` days after the decisions were announced, for events not started yet
/// (`mail.speaker_reminder_days`; 0 turns it off). Returns how many were queued.
pub async fn remind_unconfirmed(
    db: &crate::store::Db,
    composer: &Composer,
    base_url: &str,
    days: u32,
    now: jiff::Timestamp,
) -> anyhow::Result<usize> {
    use crate::store::{self, cfp as cfp_store};
    if days == 0 {
        return Ok(0);
    }
    let announced_before = now - jiff::SignedDuration::from_hours(24 * i64::from(days));
    let waiting = cfp_store::decisions::awaiting_confirmation(db, announced_before).await?;
    let mut total = 0;
    let mut by_event: Vec<(crate::domain::event::EventId, Vec<Proposal>)> = Vec::new();
    for p in waiting {
        match by_event.last_mut() {
            Some((id, list)) if *id == p.event_id => list.push(p),
            _ => by_event.push((p.event_id, vec![p])),
        }
    }
    for (event_id, proposals) in by_event {
        let event = store::event::get(db, event_id).await?;
        let cancelled = event.draft.status != crate::domain::event::EventStatus::Published;
        if cancelled || event.draft.dates.start_instant() <= now {
            continue;
        }
        let Some(settings) = cfp_store::find_settings(db, event_id).await? else { continue };
        let wordings = store::mail_template::list(db, event_id).await?;
        let mail = CallMail { composer, base_url, event: &event, settings: &settings, wordings: &wordings };
        let mut reminders = Vec::with_capacity(proposals.len());
        for p in proposals {
            let draft = mail.confirm_reminder(&p)?;
            reminders.push((p, draft));
        }
        total += cfp_store::decisions::queue_confirm_reminders(db, &reminders, now).await?;
    }
    Ok(total)
}

/// The organisers' message to the accepted speakers: their subject and Markdown body as
/// written. They are values, never evaluated as a template, so no `{% raw %}` can be closed
/// from inside them (issue 13).
pub fn speaker_message(
    composer: &Composer,
    base_url: &str,
    event: &Event,
    message: &Wording,
) -> Result<Composed, minijinja::Error> {
    let template = Wording { subject: "{{ subject }}".into(), body: "{{ body }}".into() };
    composer.compose(
        "",
        Some(&template),
        context! {
            event => event_context(event, base_url),
            subject => Value::from_safe_string(message.subject.clone()),
            body => Value::from_safe_string(message.body.clone()),
        },
    )
}

fn event_context(event: &Event, base_url: &str) -> Value {
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    context! {
        title => &event.draft.title,
        dates_text => i18n::dates::when(i18n::lang(), &event.draft),
        venue => venue.join(", "),
        url => link_value(format!("{}/evenements/{}", base_url, event.draft.slug.as_str())),
        ics => link_value(format!("{}/evenements/{}/calendrier.ics", base_url, event.draft.slug.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cfp::{Decision, Format, Speaker, SpeakerInput, Window};
    use crate::domain::event::{EventDates, EventDraft, EventId, EventKind, EventStatus, Slug, Venue};
    use jiff::civil::date;
    use minijinja::Environment;
    use std::sync::Arc;

    fn composer() -> Composer {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_global("site", context! { name => "Rencontres" });
        for (name, source) in [
            ("mail/proposal_receipt.md", include_str!("../../templates/mail/proposal_receipt.md")),
            ("mail/proposal_cospeaker.md", include_str!("../../templates/mail/proposal_cospeaker.md")),
            ("mail/proposal_accepted.md", include_str!("../../templates/mail/proposal_accepted.md")),
            ("mail/proposal_declined.md", include_str!("../../templates/mail/proposal_declined.md")),
        ] {
            env.add_template(name, source).unwrap();
        }
        Composer::new(Arc::new(env))
    }

    fn event() -> Event {
        let day = date(2030, 12, 4);
        Event {
            id: EventId::new(3),
            draft: EventDraft {
                slug: Slug::derive("Après-midi BlueHats").unwrap(),
                title: "Après-midi BlueHats".into(),
                summary: String::new(),
                title_en: String::new(),
                summary_en: String::new(),
                body_md: String::new(),
                kind: EventKind::Day,
                dates: EventDates::new(day, day, None, None).unwrap(),
                sessions: Vec::new(),
                venue: Venue { name: Some("Ségur".into()), address: None, room: None, osm_url: None },
                audience: None,
                image: None,
                tags: vec![],
                links: vec![],
                contact_email: None,
                status: EventStatus::Published,
                published_on: None,
            },
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    fn settings() -> CallSettings {
        CallSettings {
            window: Window::from_paris(date(2030, 9, 1).at(0, 0, 0, 0), date(2030, 11, 15).at(23, 59, 0, 0)),
            decisions_by: None,
            programme_by: None,
            intro: String::new(),
            formats: vec![Format { name: "Éclair".into(), min_minutes: 5, max_minutes: 5 }],
            questions: vec![],
            criteria: vec![],
            anonymous: false,
            show_accepted: false,
            announced_at: None,
        }
    }

    fn speaker(name: &str, email: &str) -> SpeakerInput {
        SpeakerInput {
            name: name.into(),
            email: email.into(),
            organisation: String::new(),
            bio: String::new(),
            consent_publish: true,
        }
    }

    fn input() -> ProposalInput {
        ProposalInput {
            title: "Mutualiser".into(),
            summary: String::new(),
            administration: String::new(),
            subject: String::new(),
            audience: String::new(),
            format: "Éclair".into(),
            minutes: 5,
            notes: String::new(),
            answers: vec![],
            speakers: vec![speaker("Camille", "camille@example.org"), speaker("Dominique", "Dom@Example.org")],
            lang: Default::default(),
            siret: String::new(),
        }
    }

    #[test]
    fn receipt_and_invitations_leave_a_hole_for_the_link_made_in_the_write() {
        let (composer, event, settings) = (composer(), event(), settings());
        let mail = CallMail {
            composer: &composer,
            base_url: "https://x.org",
            event: &event,
            settings: &settings,
            wordings: &[],
        };

        let receipt = mail.receipt(&input()).unwrap().fill(&[(Hole::Token, "t0k")]);
        let invitations = mail.invitations(&input()).unwrap();

        assert_eq!(receipt.subject, "Proposition reçue : Mutualiser");
        assert!(receipt.text.contains("Bonjour Camille,"), "{}", receipt.text);
        assert!(receipt.text.contains("https://x.org/propositions/t0k\n"), "{}", receipt.text);
        assert!(receipt.text.contains("le vendredi 15 novembre 2030 à 23 h 59"), "{}", receipt.text);
        assert_eq!(invitations.0.len(), 1);
        let invitation = invitations.to("dom@example.org").unwrap().fill(&[(Hole::Token, "c0")]);
        assert!(invitation.text.contains("Camille vous cite"), "{}", invitation.text);
        assert!(invitation.text.contains("https://x.org/intervenant/c0\n"), "{}", invitation.text);
    }

    #[test]
    fn decisions_use_the_event_wording_and_attach_the_event_to_acceptances_only() {
        let (composer, event, settings) = (composer(), event(), settings());
        let wordings = [(
            "proposal_declined".to_owned(),
            Wording { subject: "Merci pour « {{ proposal.title }} »".into(), body: "Bonjour {{ name }}.".into() },
        )];
        let mail = CallMail {
            composer: &composer,
            base_url: "https://x.org",
            event: &event,
            settings: &settings,
            wordings: &wordings,
        };
        let proposal = |id: i64, decision: Option<Decision>, withdrawn: bool| Proposal {
            id,
            event_id: event.id,
            email: "camille@example.org".into(),
            title: format!("Proposition {id}"),
            summary: String::new(),
            administration: String::new(),
            subject: String::new(),
            audience: String::new(),
            format: "Éclair".into(),
            minutes: 5,
            notes: String::new(),
            answers: vec![],
            withdrawn,
            decision,
            speaker_answer: None,
            created_at: 0,
            updated_at: 10 + id,
            lang: Default::default(),
            siret: String::new(),
            speakers: vec![Speaker {
                id: 1,
                position: 0,
                name: "Camille".into(),
                email: "camille@example.org".into(),
                organisation: String::new(),
                bio: String::new(),
                consent_publish: true,
                confirmed: true,
            }],
        };
        let proposals = [
            proposal(1, Some(Decision::Accepted), false),
            proposal(2, Some(Decision::Declined), false),
            proposal(3, None, false),
            proposal(4, Some(Decision::Accepted), true),
        ];

        let drafts = mail.decisions(&proposals).unwrap();

        let seen: Vec<(i64, i64, &str, bool)> =
            drafts.iter().map(|d| (d.proposal_id, d.updated_at, d.kind, d.calendar.is_some())).collect();
        assert_eq!(seen, [(1, 11, "proposal_accepted", true), (2, 12, "proposal_declined", false)]);
        assert_eq!(drafts[1].draft.0.subject, "Merci pour « Proposition 2 »");
        let accepted = drafts[0].draft.fill(&[(Hole::Token, "t0k")]);
        assert!(accepted.text.contains("https://x.org/propositions/t0k/1\n"), "{}", accepted.text);
        assert!(drafts[0].calendar.as_deref().unwrap().starts_with("BEGIN:VCALENDAR"));
    }
}
