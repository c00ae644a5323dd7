//! A2: what templates receive about events, already in French. Built from domain types only.

use crate::domain::event::Event;
use crate::domain::french;
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
    pub kind_label: &'static str,
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
    pub button: &'static str,
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
    use crate::domain::french::deadline;
    let form = format!("{}/inscription", event_url(e.draft.slug.as_str()));
    let closed = || RegistrationBox {
        status_text: String::new(),
        short_text: "Inscriptions closes".into(),
        url: None,
        button: "",
    };
    match registration_state(e, s, counts, now) {
        RegistrationState::External => {
            let until = s
                .rules
                .closes_at
                .map(|t| format!(" jusqu'au {}", crate::domain::french::datetime(t)))
                .unwrap_or_default();
            RegistrationBox {
                status_text: format!("Sur le site de l'organisateur{until}."),
                short_text: "Inscription sur le site de l'organisateur".into(),
                url: s.external_url.clone(),
                button: "S'inscrire sur le site externe",
            }
        }
        RegistrationState::NotOpenYet => RegistrationBox {
            status_text: format!(
                "Ouverture le {}.",
                s.rules.opens_at.map(crate::domain::french::datetime).unwrap_or_default()
            ),
            short_text: match s.rules.opens_at {
                Some(t) => format!("Inscriptions à partir du {}", deadline(t, now)),
                None => "Inscriptions bientôt ouvertes".into(),
            },
            url: None,
            button: "",
        },
        RegistrationState::Closed(r) => RegistrationBox { status_text: r.to_string(), ..closed() },
        RegistrationState::Preregistration => RegistrationBox {
            status_text: match s.rules.closes_at {
                Some(t) => {
                    format!("Préinscriptions ouvertes jusqu'au {}.", crate::domain::french::datetime(t))
                }
                None => "Préinscriptions ouvertes.".into(),
            },
            short_text: match s.rules.closes_at {
                Some(t) => format!("Préinscriptions ouvertes jusqu'au {}", deadline(t, now)),
                None => "Préinscriptions ouvertes".into(),
            },
            url: Some(form),
            button: "Se préinscrire",
        },
        RegistrationState::Invitation => RegistrationBox {
            status_text: "Sur invitation.".into(),
            short_text: "Sur invitation".into(),
            url: None,
            button: "",
        },
        RegistrationState::Full => RegistrationBox {
            status_text: "Complet : les nouvelles inscriptions vont sur liste d'attente.".into(),
            short_text: "Complet — liste d'attente".into(),
            url: Some(form),
            button: "S'inscrire sur liste d'attente",
        },
        RegistrationState::Open => RegistrationBox {
            status_text: "Inscriptions ouvertes, dans la limite des places disponibles.".into(),
            short_text: match s.rules.closes_at {
                Some(t) => format!("Inscriptions ouvertes jusqu'au {}", deadline(t, now)),
                None => "Inscriptions ouvertes".into(),
            },
            url: Some(form),
            button: "S'inscrire",
        },
    }
}

/// What pages say about a call for talks (issue 19): when it opens, until when it takes
/// proposals, or that it is closed; `None` once the event is over.
pub fn call_status(call: &crate::domain::cfp::CallSettings, e: &Event, now: jiff::Timestamp) -> Option<String> {
    use crate::domain::french::deadline;
    if e.is_past(now) {
        return None;
    }
    let w = &call.window;
    Some(if now < w.opens_at {
        format!("Appel à interventions ouvert à partir du {}", deadline(w.opens_at, now))
    } else if w.is_open(now) {
        format!("Appel à interventions ouvert jusqu'au {}", deadline(w.closes_at, now))
    } else {
        "Appel à interventions clos".to_owned()
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

pub fn card(e: &Event) -> Card {
    let d = &e.draft;
    Card {
        slug: d.slug.to_string(),
        url: event_url(d.slug.as_str()),
        title: d.title.clone(),
        summary: d.summary.clone(),
        kind_label: d.kind.label_fr(),
        dates_text: french::when(d),
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
        Crumb { label: "Accueil".into(), url: "/".into() },
        if is_past {
            Crumb { label: "Éditions passées".into(), url: "/archives".into() }
        } else {
            Crumb { label: "Événements".into(), url: "/evenements".into() }
        },
    ];
    EventPage {
        card: card_live(e, &live),
        body_html: markdown::to_safe_html(&d.body_md),
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
                text: french::session(s),
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
