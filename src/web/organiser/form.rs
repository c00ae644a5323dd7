//! G2: the event form as the browser sends it, parsed into an `EventDraft` with one French
//! message per refused field, and filled back from a stored event.

use crate::domain::event::{
    EventDates, EventDraft, EventKind, EventLink, EventStatus, Invalid, Slug, Venue, parse_email, parse_tag,
    parse_web_url,
};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// French error messages by field name, shown next to each field.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// Every A1 field an organiser edits, as text; what the form re-displays after an error.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EventForm {
    /// `preview` re-renders the form with the Markdown preview; anything else saves.
    #[serde(skip_serializing)]
    pub action: String,
    pub title: String,
    pub slug: String,
    pub summary: String,
    /// H2: the optional English title and summary.
    pub title_en: String,
    pub summary_en: String,
    pub body_md: String,
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub start_time: String,
    pub end_time: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_room: String,
    pub venue_osm_url: String,
    pub audience: String,
    /// Comma-separated.
    pub tags: String,
    /// One link a line: `text | https://…`.
    pub links: String,
    pub contact_email: String,
    /// The meeting link of an online event (issue 19): for confirmed participants only.
    pub meeting_url: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

impl EventForm {
    /// True when the organiser asked for the preview rather than saving.
    pub fn is_preview(&self) -> bool {
        self.action == "preview"
    }

    /// The form filled with a stored event.
    pub fn from_draft(d: &EventDraft) -> EventForm {
        EventForm {
            action: String::new(),
            title: d.title.clone(),
            slug: d.slug.to_string(),
            summary: d.summary.clone(),
            title_en: d.title_en.clone(),
            summary_en: d.summary_en.clone(),
            body_md: d.body_md.clone(),
            kind: d.kind.as_str().to_owned(),
            start_date: d.dates.start_date.to_string(),
            end_date: d.dates.end_date.to_string(),
            start_time: d.dates.start_time.map(hhmm).unwrap_or_default(),
            end_time: d.dates.end_time.map(hhmm).unwrap_or_default(),
            venue_name: d.venue.name.clone().unwrap_or_default(),
            venue_address: d.venue.address.clone().unwrap_or_default(),
            venue_room: d.venue.room.clone().unwrap_or_default(),
            venue_osm_url: d.venue.osm_url.clone().unwrap_or_default(),
            audience: d.audience.clone().unwrap_or_default(),
            tags: d.tags.join(", "),
            links: d.links.iter().map(|l| format!("{} | {}", l.text, l.url)).collect::<Vec<_>>().join("\n"),
            contact_email: d.contact_email.clone().unwrap_or_default(),
            meeting_url: String::new(),
        }
    }

    /// The meeting link, checked by `parse`; `None` when the field is empty.
    pub fn meeting_url(&self) -> Option<String> {
        opt(&self.meeting_url).and_then(|u| parse_web_url(&u).ok())
    }

    /// Parses every field; returns the draft (as a draft, without image) or every refusal.
    /// Refuses a body longer than `MAX_BODY_CHARS` beside its field, with every other check.
    pub fn parse(&self) -> Result<EventDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.insert("title", Invalid::TitleMissing.to_string());
        } else if title.chars().count() > 200 {
            errors.insert("title", Invalid::TitleTooLong.to_string());
        }
        if self.title_en.trim().chars().count() > 200 {
            errors.insert("title_en", Invalid::TitleTooLong.to_string());
        }
        // Far above any real post (the longest seed is 6,000 characters); the renderer has its
        // own, larger bound for imported posts (`markdown::MAX_LEN`).
        if self.body_md.chars().count() > MAX_BODY_CHARS {
            errors.insert(
                "body_md",
                format!("Le texte dépasse {} caractères : raccourcissez-le.", french_thousands(MAX_BODY_CHARS)),
            );
        }
        let slug = match opt(&self.slug) {
            Some(s) => Slug::parse(&s).map_err(|e| e.to_string()),
            None => Slug::derive(&title)
                .ok_or_else(|| "Donnez un identifiant d’adresse (slug) : le titre n’en fournit pas.".to_owned()),
        };
        let slug = slug
            .map_err(|e| {
                if !title.is_empty() {
                    errors.insert("slug", e);
                }
            })
            .ok();
        let kind = EventKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.insert("kind", "Choisissez un type d’événement.".into());
        }
        let date = |raw: &str| raw.trim().parse::<Date>().ok();
        let time = |raw: &str| -> Result<Option<Time>, ()> {
            match opt(raw) {
                None => Ok(None),
                Some(t) => t.parse::<Time>().map(Some).map_err(|_| ()),
            }
        };
        let start_date = date(&self.start_date);
        if start_date.is_none() {
            errors.insert("start_date", "Indiquez la date de début (format AAAA-MM-JJ).".into());
        }
        let end_date = match opt(&self.end_date) {
            None => start_date,
            Some(raw) => {
                let d = date(&raw);
                if d.is_none() {
                    errors.insert("end_date", "La date de fin n’est pas valide (format AAAA-MM-JJ).".into());
                }
                d
            }
        };
        let start_time = time(&self.start_time)
            .map_err(|_| {
                errors.insert("start_time", "L’heure de début n’est pas valide (format HH:MM).".into());
            })
            .ok()
            .flatten();
        let end_time = time(&self.end_time)
            .map_err(|_| {
                errors.insert("end_time", "L’heure de fin n’est pas valide (format HH:MM).".into());
            })
            .ok()
            .flatten();
        let dates = match (start_date, end_date) {
            (Some(s), Some(e)) => match EventDates::new(s, e, start_time, end_time) {
                Ok(d) => Some(d),
                Err(Invalid::EndBeforeStart) => {
                    errors.insert("end_date", Invalid::EndBeforeStart.to_string());
                    None
                }
                Err(other) => {
                    errors.insert("end_time", other.to_string());
                    None
                }
            },
            _ => None,
        };
        let osm_url = match opt(&self.venue_osm_url) {
            None => None,
            Some(u) => parse_web_url(&u)
                .map_err(|e| {
                    errors.insert("venue_osm_url", e.to_string());
                })
                .ok(),
        };
        let mut tags: Vec<String> = Vec::new();
        for raw in self.tags.split(',').filter(|t| !t.trim().is_empty()) {
            match parse_tag(raw) {
                Ok(t) if !tags.contains(&t) => tags.push(t),
                Ok(_) => {}
                Err(e) => {
                    errors.insert("tags", e.to_string());
                }
            }
        }
        let mut links = Vec::new();
        for line in self.links.lines().filter(|l| !l.trim().is_empty()) {
            let Some((text, url)) = line.rsplit_once('|') else {
                errors.insert("links", "Chaque ligne doit suivre la forme « texte | https://… ».".into());
                continue;
            };
            let text = text.trim().to_owned();
            match parse_web_url(url) {
                Ok(url) if !text.is_empty() => links.push(EventLink { label: text.clone(), text, url }),
                Ok(_) => {
                    errors.insert("links", "Chaque lien doit avoir un texte avant « | ».".into());
                }
                Err(e) => {
                    errors.insert("links", e.to_string());
                }
            }
        }
        let contact_email = match opt(&self.contact_email) {
            None => None,
            Some(m) => parse_email(&m)
                .map_err(|e| {
                    errors.insert("contact_email", e.to_string());
                })
                .ok(),
        };
        if let Some(u) = opt(&self.meeting_url)
            && let Err(e) = parse_web_url(&u)
        {
            errors.insert("meeting_url", e.to_string());
        }
        match (slug, kind, dates) {
            (Some(slug), Some(kind), Some(dates)) if errors.is_empty() => Ok(EventDraft {
                slug,
                title,
                summary: self.summary.trim().to_owned(),
                title_en: self.title_en.trim().to_owned(),
                summary_en: self.summary_en.trim().to_owned(),
                body_md: self.body_md.replace("\r\n", "\n"),
                kind,
                dates,
                venue: Venue {
                    name: opt(&self.venue_name),
                    address: opt(&self.venue_address),
                    room: opt(&self.venue_room),
                    osm_url,
                },
                audience: opt(&self.audience),
                image: None,
                tags,
                links,
                contact_email,
                status: EventStatus::Draft,
                published_on: None,
            }),
            _ => Err(errors),
        }
    }
}

/// The longest event body (Markdown) the form takes, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;

/// `n` with a narrow no-break space between thousands, as French writes it.
fn french_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> EventForm {
        EventForm {
            title: "Garagethon BlueHats 2027".into(),
            kind: "garagethon".into(),
            start_date: "2027-01-12".into(),
            end_date: "2027-01-13".into(),
            start_time: "10:00".into(),
            end_time: "17:00".into(),
            tags: "BlueHats, garagethon, bluehats".into(),
            links: "S’inscrire | https://example.org/inscription".into(),
            ..EventForm::default()
        }
    }

    #[test]
    fn form_complete_parses_with_derived_slug_and_folded_tags() {
        let d = filled().parse().unwrap();

        assert_eq!(d.slug.as_str(), "garagethon-bluehats-2027");
        assert_eq!(d.tags, ["bluehats", "garagethon"]);
        assert_eq!(d.links[0].url, "https://example.org/inscription");
        assert_eq!(d.dates.start_time.map(hhmm).as_deref(), Some("10:00"));
    }

    #[test]
    fn form_empty_refuses_title_kind_and_date_in_french() {
        let errors = EventForm::default().parse().unwrap_err();

        assert_eq!(
            errors,
            FieldErrors::from([
                ("kind", "Choisissez un type d’événement.".to_owned()),
                ("start_date", "Indiquez la date de début (format AAAA-MM-JJ).".to_owned()),
                ("title", "Le titre est obligatoire.".to_owned()),
            ])
        );
    }

    #[test]
    fn form_end_before_start_and_bad_url_are_refused() {
        let form = EventForm { end_date: "2027-01-10".into(), venue_osm_url: "javascript:alert(1)".into(), ..filled() };

        let errors = form.parse().unwrap_err();

        assert_eq!(errors["end_date"], "La date de fin précède la date de début.");
        assert_eq!(errors["venue_osm_url"], "Le lien doit commencer par https:// ou http://.");
    }

    #[test]
    fn form_round_trips_a_draft() {
        let d = filled().parse().unwrap();

        let again = EventForm::from_draft(&d).parse().unwrap();

        assert_eq!(again, d);
    }

    /// A field map as a browser, or anyone, may post it.
    fn any_form() -> impl proptest::strategy::Strategy<Value = EventForm> {
        use proptest::prelude::*;
        const FIELDS: &[&str] = &[
            "action",
            "title",
            "slug",
            "summary",
            "body_md",
            "kind",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "venue_name",
            "venue_address",
            "venue_room",
            "venue_osm_url",
            "audience",
            "tags",
            "links",
            "contact_email",
        ];
        const VALUES: &[&str] = &[
            "",
            " ",
            "garagethon",
            "meetup",
            "2027-01-12",
            "2027-01-13",
            "2026-12-31",
            "10:00",
            "17:00",
            "25:00",
            "a@b.fr",
            "https://a.fr/x",
            "javascript:alert(1)",
            "x | https://a.fr",
            " | ",
            "\u{0}",
            "\u{fffd}",
            "é",
            "a,b,,A",
            "\n",
            "\r\n",
            "<script>",
            "slug-ok",
            "-",
            "9999-99-99",
            "0000-01-01",
        ];
        const BASE: &[(&str, &str)] =
            &[("title", "Atelier"), ("kind", "meetup"), ("start_date", "2027-01-12"), ("links", "x | https://a.fr")];
        crate::properties::altered(BASE, FIELDS, VALUES).prop_map(|map| crate::properties::form(&map))
    }

    proptest::proptest! {
        #![proptest_config(crate::properties::config(256))]

        #[test]
        fn any_form_parses_to_a_valid_draft_that_fills_the_form_back(form in any_form()) {
            if let Ok(d) = form.parse() {
                proptest::prop_assert_eq!(d.validate(), Ok(()));
                proptest::prop_assert!(!d.title.is_empty() && d.title.chars().count() <= 200);
                proptest::prop_assert!(d.dates.start_date <= d.dates.end_date);
                proptest::prop_assert!(d.links.iter().all(|l| l.url.starts_with("https://") || l.url.starts_with("http://")));
                proptest::prop_assert_eq!(EventForm::from_draft(&d).parse(), Ok(d));
            }
        }
    }
}
