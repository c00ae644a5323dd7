//! G2: the event form as the browser sends it, parsed into an `EventDraft` with one French
//! message per refused field, and filled back from a stored event.

use crate::domain::event::{
    EventDates, EventDraft, EventKind, EventLink, EventStatus, Invalid, Session, Slug, Venue, parse_email,
    parse_sessions, parse_tag, parse_web_url, same_hours, span_of_sessions,
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
    pub body_md: String,
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub start_time: String,
    pub end_time: String,
    /// The sessions of an event held on separate days, one a line: `2024-03-12 14:00-16:00`.
    /// Empty for an event that runs continuously from the start date to the end date.
    pub sessions: String,
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
        // With sessions, the hours fields are only filled when every session shares them: the
        // span's first start and last end need not be daily hours.
        let hours = d.sessions.is_empty() || same_hours(&d.sessions);
        EventForm {
            action: String::new(),
            title: d.title.clone(),
            slug: d.slug.to_string(),
            summary: d.summary.clone(),
            body_md: d.body_md.clone(),
            kind: d.kind.as_str().to_owned(),
            start_date: d.dates.start_date.to_string(),
            end_date: d.dates.end_date.to_string(),
            start_time: d.dates.start_time.filter(|_| hours).map(hhmm).unwrap_or_default(),
            end_time: d.dates.end_time.filter(|_| hours).map(hhmm).unwrap_or_default(),
            sessions: d.sessions.iter().map(session_line).collect::<Vec<_>>().join("\n"),
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
        // Sessions, when given, decide the dates: the date and hours fields are then ignored.
        let sessions = parse_session_lines(&self.sessions)
            .map_err(|e| {
                errors.insert("sessions", e);
            })
            .unwrap_or_default();
        if !self.sessions.trim().is_empty() {
            for field in ["start_date", "end_date", "start_time", "end_time"] {
                errors.remove(field);
            }
        }
        let dates = span_of_sessions(&sessions).or(dates);
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
                body_md: self.body_md.replace("\r\n", "\n"),
                kind,
                dates,
                sessions,
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

/// A session as the form shows it: `2024-03-12 14:00-16:00`, `2024-03-12 14:00`, `2024-03-12`.
fn session_line(s: &Session) -> String {
    match (s.start_time, s.end_time) {
        (Some(a), Some(b)) => format!("{} {}-{}", s.date, hhmm(a), hhmm(b)),
        (Some(a), None) => format!("{} {}", s.date, hhmm(a)),
        _ => s.date.to_string(),
    }
}

/// Reads the sessions field, one session a line: a date (`2024-03-12` or `12/03/2024`), then
/// optionally hours (`14:00-16:00`, `14h-16h`, `de 14 h à 16 h 30`, `14:00`). Blank lines are
/// skipped. The first wrong line is refused with its number, in French.
pub fn parse_session_lines(text: &str) -> Result<Vec<Session>, String> {
    let mut sessions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = |why: &str| format!("Séances, ligne {} (« {line} ») : {why}", n + 1);
        let cut = line.find(|c: char| c.is_whitespace() || c == ',' || c == ';').unwrap_or(line.len());
        let (day, rest) = line.split_at(cut);
        let date = parse_day(day).ok_or_else(|| at("la date doit suivre la forme AAAA-MM-JJ ou JJ/MM/AAAA."))?;
        let (start, end) = parse_hours(rest.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';'))
            .ok_or_else(|| at("les heures doivent suivre la forme 14:00-16:00."))?;
        let session = Session::new(date, start, end).map_err(|e| at(&e.to_string()))?;
        sessions.push(session);
    }
    parse_sessions(sessions).map_err(|e| e.to_string())
}

fn parse_day(raw: &str) -> Option<Date> {
    if let Ok(d) = raw.parse::<Date>() {
        return Some(d);
    }
    let mut parts = raw.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `""` → no hours; `"14:00"` → a start; `"14:00-16:00"` → both.
fn parse_hours(raw: &str) -> Option<(Option<Time>, Option<Time>)> {
    let lower = raw.to_lowercase();
    let lower = lower.strip_prefix("de ").unwrap_or(&lower);
    if lower.trim().is_empty() {
        return Some((None, None));
    }
    let mut parts = lower.split(['-', '–', '—']).flat_map(|p| p.split(" à "));
    let start = parse_hour(parts.next()?)?;
    let end = match parts.next() {
        Some(p) => Some(parse_hour(p)?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((Some(start), end))
}

/// `14:00`, `14h`, `14 h 30`, `9h05`, `14`.
fn parse_hour(raw: &str) -> Option<Time> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let (h, m) = match compact.split_once([':', 'h']) {
        Some((h, "")) => (h, "0"),
        Some((h, m)) => (h, m),
        None => (compact.as_str(), "0"),
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
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
    fn form_sessions_decide_the_dates_and_round_trip() {
        let form = EventForm {
            start_date: String::new(),
            end_date: String::new(),
            sessions: "2027-05-11 de 14 h à 16 h\r\n\n12/03/2027 14h-16h\n2027-04-09 14:00–16:00".into(),
            ..filled()
        };

        let d = form.parse().unwrap();
        let again = EventForm::from_draft(&d);

        assert_eq!(d.sessions.len(), 3);
        assert_eq!(
            (d.dates.start_date.to_string(), d.dates.end_date.to_string()),
            ("2027-03-12".into(), "2027-05-11".into())
        );
        assert_eq!(again.sessions, "2027-03-12 14:00-16:00\n2027-04-09 14:00-16:00\n2027-05-11 14:00-16:00");
        assert_eq!(again.parse().unwrap(), d);
    }

    #[test]
    fn form_sessions_refuse_a_bad_line_and_a_day_twice_in_french() {
        let bad = EventForm { sessions: "2027-03-12 14:00-16:00\nle 9 avril".into(), ..filled() };
        let twice = EventForm { sessions: "2027-03-12\n12/03/2027 10:00".into(), ..filled() };
        let hours = EventForm { sessions: "2027-03-12 16:00-14:00".into(), ..filled() };

        assert_eq!(
            bad.parse().unwrap_err()["sessions"],
            "Séances, ligne 2 (« le 9 avril ») : la date doit suivre la forme AAAA-MM-JJ ou JJ/MM/AAAA."
        );
        assert_eq!(twice.parse().unwrap_err()["sessions"], "Deux séances ont la même date : une séance par jour.");
        assert_eq!(
            hours.parse().unwrap_err()["sessions"],
            "Séances, ligne 1 (« 2027-03-12 16:00-14:00 ») : L'heure de fin précède l'heure de début."
        );
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
            "sessions",
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
            "2027-01-12 10:00-12:00\n13/01/2027",
            "2027-01-12 17:00-10:00",
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
