//! A2: what templates receive about events, already in the reader's language (H2: the
//! catalogue's words, `i18n::dates`, and the organiser's English title and summary when there
//! is one). Built from domain types only.

use crate::domain::event::Event;
use crate::i18n::{self, Lang, t, t_args};
use crate::markdown;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TagCount {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct ImageView {
    pub url: String,
    pub alt: String,
    pub hidden: bool,
}

/// An event in a list.
#[derive(Debug, Serialize)]
pub struct Card {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// H2: `Some("fr")` when an English reader gets the French title (no English version):
    /// the element carries `lang="fr"`.
    pub title_lang: Option<&'static str>,
    pub summary_lang: Option<&'static str>,
    pub kind_label: String,
    pub dates_text: String,
    pub start_iso: String,
    pub venue_name: Option<String>,
    pub tags: Vec<TagLink>,
    pub image: Option<ImageView>,
    /// The registration state in a few words (« Complet — liste d'attente »), computed at
    /// the time of the page (issue 19); `None` without registration here.
    pub registration_text: Option<String>,
    /// The call for talks' state and deadline (« Appel à interventions ouvert jusqu'au … »).
    pub call_text: Option<String>,
}

/// What is live about an event: its registration and its call for talks, at a given time.
#[derive(Debug, Default)]
pub struct Live {
    pub registration: Option<RegistrationBox>,
    pub call_text: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct VenueView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub room: Option<String>,
    pub osm_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LinkView {
    pub label: String,
    pub text: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub label: String,
    pub url: String,
}

/// An event on its own page.
#[derive(Debug, Serialize)]
pub struct EventPage {
    #[serde(flatten)]
    pub card: Card,
    pub body_html: String,
    /// H2: `Some("fr")` for an English reader: the body is the organiser's French.
    pub body_lang: Option<&'static str>,
    pub venue: Option<VenueView>,
    pub links: Vec<LinkView>,
    pub contact_email: Option<String>,
    pub ics_url: String,
    pub is_past: bool,
    pub audience: Option<String>,
    pub breadcrumb: Vec<Crumb>,
    /// The live state of registration (A2), when the event takes registrations here.
    pub registration: Option<RegistrationBox>,
    /// Each session of an event held on separate days (issue 18), empty otherwise.
    pub sessions: Vec<SessionView>,
}

/// One session on the event page: "mardi 12 mars 2024, 14 h – 16 h".
#[derive(Debug, Serialize)]
pub struct SessionView {
    pub text: String,
    pub iso: String,
}

/// What the event page says about registering.
#[derive(Debug, Serialize)]
pub struct RegistrationBox {
    pub status_text: String,
    /// The state in a few words, for cards.
    pub short_text: String,
    /// The form (or the external site); `None` when registering is not possible.
    pub url: Option<String>,
    pub button: String,
}

/// Where registration to an event stands, in one word: what `registration_box` words for
/// the pages and the API (I2) gives as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationState {
    /// Registration happens on another site.
    External,
    /// Not open yet.
    NotOpenYet,
    /// Closed, with the rule's reason (deadline passed, event started, no registration).
    Closed(crate::domain::registration::Refusal),
    /// Pre-registration open (selection mode).
    Preregistration,
    /// Invitation only.
    Invitation,
    /// Open, every place taken: new registrations go to the waitlist.
    Full,
    /// Open with places left.
    Open,
}

/// The registration state of `e` at `now`, from its settings and counts.
pub fn registration_state(
    e: &Event,
    s: &crate::domain::registration::EventSettings,
    counts: crate::domain::registration::Counts,
    now: jiff::Timestamp,
) -> RegistrationState {
    use crate::domain::registration::{Mode, Refusal, check_open};
    if s.rules.mode == Mode::External {
        return RegistrationState::External;
    }
    match check_open(&s.rules, e.draft.dates.start_instant(), now, s.rules.mode == Mode::Invitation) {
        Err(Refusal::NotOpenYet) => RegistrationState::NotOpenYet,
        Err(r) => RegistrationState::Closed(r),
        Ok(()) => match s.rules.mode {
            Mode::Selection => RegistrationState::Preregistration,
            Mode::Invitation => RegistrationState::Invitation,
            _ if counts.taken >= s.rules.places => RegistrationState::Full,
            _ => RegistrationState::Open,
        },
    }
}

/// Describes the registration state in French: open with places left, full (waitlist),
/// pre-registration, not open yet, closed, or on another site.
pub fn registration_box(
    e: &Event,
    s: &crate::domain::registration::EventSettings,
    counts: crate::domain::registration::Counts,
    now: jiff::Timestamp,
) -> RegistrationBox {
    let lang = i18n::lang();
    let deadline = |at| i18n::dates::deadline(lang, at, now);
    let datetime = |at| i18n::dates::datetime(lang, at);
    let form = format!("{}/inscription", event_url(e.draft.slug.as_str()));
    let closed = || RegistrationBox {
        status_text: String::new(),
        short_text: t("registration-closed"),
        url: None,
        button: String::new(),
    };
    match registration_state(e, s, counts, now) {
        RegistrationState::External => RegistrationBox {
            status_text: match s.rules.closes_at {
                Some(at) => t_args("registration-external-until", &[("date", datetime(at).into())]),
                None => t("registration-external"),
            },
            short_text: t("registration-external-short"),
            url: s.external_url.clone(),
            button: t("registration-external-button"),
        },
        RegistrationState::NotOpenYet => RegistrationBox {
            status_text: t_args(
                "registration-opens-on",
                &[("date", s.rules.opens_at.map(datetime).unwrap_or_default().into())],
            ),
            short_text: match s.rules.opens_at {
                Some(at) => t_args("registration-opens-from", &[("date", deadline(at).into())]),
                None => t("registration-opens-soon"),
            },
            url: None,
            button: String::new(),
        },
        RegistrationState::Closed(r) => RegistrationBox { status_text: refusal_text(r), ..closed() },
        RegistrationState::Preregistration => RegistrationBox {
            status_text: match s.rules.closes_at {
                Some(at) => t_args("registration-preregistration-until", &[("date", datetime(at).into())]),
                None => t("registration-preregistration"),
            },
            short_text: match s.rules.closes_at {
                Some(at) => t_args("registration-preregistration-until-short", &[("date", deadline(at).into())]),
                None => t("registration-preregistration-short"),
            },
            url: Some(form),
            button: t("registration-preregister"),
        },
        RegistrationState::Invitation => RegistrationBox {
            status_text: t("registration-invitation"),
            short_text: t("registration-invitation-short"),
            url: None,
            button: String::new(),
        },
        RegistrationState::Full => RegistrationBox {
            status_text: t("registration-full"),
            short_text: t("registration-full-short"),
            url: Some(form),
            button: t("registration-waitlist"),
        },
        RegistrationState::Open => RegistrationBox {
            status_text: t("registration-open"),
            short_text: match s.rules.closes_at {
                Some(at) => t_args("registration-open-until-short", &[("date", deadline(at).into())]),
                None => t("registration-open-short"),
            },
            url: Some(form),
            button: t("registration-register"),
        },
    }
}

/// A registration refusal in the current language: the catalogue's words for those a public
/// page shows, the domain's French for the others.
pub fn refusal_text(r: crate::domain::registration::Refusal) -> String {
    use crate::domain::registration::Refusal;
    let id = match r {
        Refusal::NotOpenYet => "refusal-not-open-yet",
        Refusal::Closed => "refusal-closed",
        Refusal::EventStarted => "refusal-event-started",
        Refusal::InvitationOnly => "refusal-invitation-only",
        Refusal::External => "refusal-external",
        Refusal::NoRegistration => "refusal-no-registration",
        Refusal::StatusNotEligible => "refusal-status-not-eligible",
        Refusal::DomainNotEligible => "refusal-domain-not-eligible",
        Refusal::NotAllowed => "refusal-not-allowed",
        Refusal::OfferExpired => "refusal-offer-expired",
        Refusal::InvitationForAnotherAddress => "refusal-invitation-for-another-address",
        Refusal::InvitationInvalid => "refusal-invitation-invalid",
        _ => return r.to_string(),
    };
    t(id)
}

/// A call-for-talks refusal in the current language: the catalogue's words for those a
/// speaker meets, the domain's French for the organisers' own (their space is French).
pub fn call_refusal_text(r: &crate::domain::cfp::Refusal) -> String {
    use crate::domain::cfp::Refusal;
    let when = |at: jiff::Timestamp| i18n::dates::datetime(i18n::lang(), at);
    match r {
        Refusal::NoCall => t("call-refusal-no-call"),
        Refusal::NotYetOpen(at) => t_args("call-refusal-not-yet-open", &[("date", when(*at).into())]),
        Refusal::Closed(at) => t_args("call-refusal-closed", &[("date", when(*at).into())]),
        Refusal::Withdrawn => t("call-refusal-withdrawn"),
        Refusal::DurationOutOfRange { format, min, max } => t_args(
            "call-refusal-duration-out-of-range",
            &[("format", format.as_str().into()), ("min", min.to_string().into()), ("max", max.to_string().into())],
        ),
        Refusal::UnknownFormat => t("call-refusal-unknown-format"),
        Refusal::NothingToConfirm => t("call-refusal-nothing-to-confirm"),
        Refusal::MissingDuration => t("call-refusal-missing-duration"),
        Refusal::DurationNotANumber => t("call-refusal-duration-not-a-number"),
        Refusal::DuplicateSpeaker => t("call-refusal-duplicate-speaker"),
        other => other.to_string(),
    }
}

/// Any refusal of a rule, as a page shows it: in the reader's language where a participant
/// or a speaker may meet it, in the domain's French otherwise (the organiser space).
pub fn refusal_message(r: &crate::domain::refusal::Refusal) -> String {
    use crate::domain::refusal::Refusal;
    match r {
        Refusal::Registration(r) => refusal_text(*r),
        Refusal::Call(r) => call_refusal_text(r),
        Refusal::Board(r) => board_refusal_text(r),
        other => other.to_string(),
    }
}

/// A board refusal in the current language, for those a participant meets beside a field.
pub fn board_refusal_text(r: &crate::domain::board::Refusal) -> String {
    use crate::domain::board::Refusal;
    match r {
        Refusal::ProjectAlreadyListed => t("board-refusal-project-already-listed"),
        Refusal::AlreadySignedUp => t("board-refusal-already-signed-up"),
        other => other.to_string(),
    }
}

/// What pages say about a call for talks (issue 19): when it opens, until when it takes
/// proposals, or that it is closed; `None` once the event is over.
pub fn call_status(call: &crate::domain::cfp::CallSettings, e: &Event, now: jiff::Timestamp) -> Option<String> {
    if e.is_past(now) {
        return None;
    }
    let lang = i18n::lang();
    let w = &call.window;
    Some(if now < w.opens_at {
        t_args("call-opens-from", &[("date", i18n::dates::deadline(lang, w.opens_at, now).into())])
    } else if w.is_open(now) {
        t_args("call-open-until", &[("date", i18n::dates::deadline(lang, w.closes_at, now).into())])
    } else {
        t("call-closed")
    })
}

/// A card with what is live about its event (issue 19).
pub fn card_live(e: &Event, live: &Live) -> Card {
    Card {
        registration_text: live.registration.as_ref().map(|r| r.short_text.clone()),
        call_text: live.call_text.clone(),
        ..card(e)
    }
}

pub fn event_url(slug: &str) -> String {
    format!("/evenements/{slug}")
}

pub fn tag_url(tag: &str) -> String {
    format!("/etiquettes/{tag}")
}

pub fn ics_url(slug: &str) -> String {
    format!("/evenements/{slug}/calendrier.ics")
}

fn iso_start(e: &Event) -> String {
    let d = &e.draft.dates;
    match d.start_time {
        Some(t) => format!("{}T{:02}:{:02}", d.start_date, t.hour(), t.minute()),
        None => d.start_date.to_string(),
    }
}

/// The organiser's text for the current reader: the English version when there is one and
/// the reader reads English, else the French one, marked `fr` for an English reader.
pub fn localized(french: &str, english: &str) -> (String, Option<&'static str>) {
    match i18n::lang() {
        Lang::En if !english.trim().is_empty() => (english.to_owned(), None),
        Lang::En => (french.to_owned(), Some("fr")),
        Lang::Fr => (french.to_owned(), None),
    }
}

/// An event's kind in the current language (`event-kind-…` in the catalogue).
pub fn kind_label(kind: crate::domain::event::EventKind) -> String {
    t(&format!("event-kind-{}", kind.as_str().replace('_', "-")))
}

pub fn card(e: &Event) -> Card {
    let d = &e.draft;
    let (title, title_lang) = localized(&d.title, &d.title_en);
    let (summary, summary_lang) = localized(&d.summary, &d.summary_en);
    Card {
        slug: d.slug.to_string(),
        url: event_url(d.slug.as_str()),
        title,
        summary,
        title_lang,
        summary_lang: summary_lang.filter(|_| !d.summary.is_empty()),
        kind_label: kind_label(d.kind),
        dates_text: i18n::dates::when(i18n::lang(), d),
        start_iso: iso_start(e),
        venue_name: d.venue.name.clone(),
        tags: d.tags.iter().map(|t| TagLink { name: t.clone(), url: tag_url(t) }).collect(),
        image: d.image.as_ref().map(|i| ImageView { url: i.path.clone(), alt: i.alt.clone(), hidden: i.hidden }),
        registration_text: None,
        call_text: None,
    }
}

pub fn event_page(e: &Event, now: jiff::Timestamp, live: Live) -> EventPage {
    let d = &e.draft;
    let venue = (!d.venue.is_empty()).then(|| VenueView {
        name: d.venue.name.clone(),
        address: d.venue.address.clone(),
        room: d.venue.room.clone(),
        osm_url: d.venue.osm_url.clone(),
    });
    let is_past = e.is_past(now);
    let breadcrumb = vec![
        Crumb { label: t("nav-home"), url: "/".into() },
        if is_past {
            Crumb { label: t("nav-archives"), url: "/archives".into() }
        } else {
            Crumb { label: t("nav-events"), url: "/evenements".into() }
        },
    ];
    EventPage {
        card: card_live(e, &live),
        body_html: markdown::to_safe_html(&d.body_md),
        body_lang: (i18n::lang() == Lang::En && !d.body_md.trim().is_empty()).then_some("fr"),
        venue,
        links: d
            .links
            .iter()
            .map(|l| LinkView { label: l.label.clone(), text: l.text.clone(), url: l.url.clone() })
            .collect(),
        contact_email: d.contact_email.clone(),
        ics_url: ics_url(d.slug.as_str()),
        is_past,
        audience: d.audience.clone(),
        breadcrumb,
        registration: live.registration,
        sessions: d
            .sessions
            .iter()
            .map(|s| SessionView {
                text: i18n::dates::session(i18n::lang(), s),
                iso: match s.start_time {
                    Some(t) => format!("{}T{:02}:{:02}", s.date, t.hour(), t.minute()),
                    None => s.date.to_string(),
                },
            })
            .collect(),
    }
}

/// Counts published events per tag, most used first, then by name.
pub fn tag_counts(events: &[Event]) -> Vec<TagCount> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for e in events {
        for t in &e.draft.tags {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut v: Vec<TagCount> =
        counts.into_iter().map(|(name, count)| TagCount { name: name.to_owned(), url: tag_url(name), count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}
