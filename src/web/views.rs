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
        dates_text: french::span(&d.dates),
        start_iso: iso_start(e),
        venue_name: d.venue.name.clone(),
        tags: d.tags.iter().map(|t| TagLink { name: t.clone(), url: tag_url(t) }).collect(),
        image: d.image.as_ref().map(|i| ImageView { url: i.path.clone(), alt: i.alt.clone(), hidden: i.hidden }),
    }
}

pub fn event_page(e: &Event, now: jiff::Timestamp) -> EventPage {
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
        card: card(e),
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
    let mut v: Vec<TagCount> = counts
        .into_iter()
        .map(|(name, count)| TagCount { name: name.to_owned(), url: tag_url(name), count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}
