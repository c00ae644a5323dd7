//! A1: the event and its parts (dates, venue, image, tags, links). Pure.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The time zone every event date is expressed in.
pub const PARIS: &str = "Europe/Paris";

/// Returns the Europe/Paris zone from the bundled database (never the host's files).
pub fn paris() -> TimeZone {
    TimeZone::get(PARIS).expect("the bundled tz database has Europe/Paris")
}

/// Why a value given for an event field was refused; the message is French, for pages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error(
        "L'identifiant d'adresse (slug) ne peut contenir que des lettres minuscules sans accents, des chiffres et des tirets."
    )]
    Slug,
    #[error("Le titre est obligatoire.")]
    TitleMissing,
    #[error("Le titre ne peut pas dépasser 200 caractères.")]
    TitleTooLong,
    #[error("La date de fin précède la date de début.")]
    EndBeforeStart,
    #[error("L'heure de fin précède l'heure de début.")]
    EndTimeBeforeStartTime,
    #[error("L'adresse électronique n'est pas valide.")]
    Email,
    #[error("Le lien doit commencer par https:// ou http://.")]
    Url,
    #[error("Une image visible doit avoir un texte alternatif.")]
    AltMissing,
    #[error("Étiquette invalide : lettres, chiffres et tirets uniquement.")]
    Tag,
    #[error("Deux séances ont la même date : une séance par jour.")]
    SessionTwice,
    #[error("Trop de séances : 200 au plus.")]
    TooManySessions,
    #[error("Les dates de l’événement doivent aller de la première à la dernière séance.")]
    SessionsOutsideDates,
    /// A cancelled event stays cancelled: publishing or withdrawing it would hide that.
    #[error("Cet événement est annulé : il ne peut plus être publié, dépublié ni annulé de nouveau.")]
    Cancelled,
}

/// The identifier of an event, parsed once at the edge (a path, a form, a row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(i64);

impl EventId {
    /// Wraps an id read from the database or the command line.
    pub const fn new(id: i64) -> EventId {
        EventId(id)
    }

    /// The number, for SQL and URLs.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq<EventId> for i64 {
    fn eq(&self, other: &EventId) -> bool {
        *self == other.0
    }
}

impl PartialEq<i64> for EventId {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

/// A URL-safe identifier: lowercase ASCII letters, digits and single dashes, 1 to 120 chars.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Accepts an already well-formed slug; refuses anything else rather than fixing it.
    pub fn parse(s: &str) -> Result<Slug, Invalid> {
        let ok = !s.is_empty()
            && s.len() <= 120
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok { Ok(Slug(s.to_owned())) } else { Err(Invalid::Slug) }
    }

    /// Derives a slug from free text: accents folded, emoji and punctuation dropped,
    /// words joined by dashes. Returns `None` when nothing usable is left (e.g. only emoji).
    pub fn derive(text: &str) -> Option<Slug> {
        let mut out = String::with_capacity(text.len());
        let mut dash = false;
        for c in text.chars() {
            match fold_char(c) {
                Some(folded) => {
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.push_str(folded);
                }
                None => dash = true,
            }
        }
        // Cut on a word boundary so that a long title keeps whole words.
        if out.len() > 80 {
            let cut = out[..80].rfind('-').unwrap_or(80);
            out.truncate(cut);
        }
        let out = out.trim_matches('-').to_owned();
        Slug::parse(&out).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `s` as a comparison key: lowercase, accents folded, every run of spaces or punctuation
/// (apostrophes of any kind, hyphens, dots) one space. « Ministère de l’Intérieur » and
/// "ministere de l'interieur " give the same key. Letters outside Latin are kept, lowercased.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let folded =
            fold_char(c).map(str::to_owned).or_else(|| c.is_alphanumeric().then(|| c.to_lowercase().collect()));
        match folded {
            Some(f) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push_str(&f);
            }
            None => space = true,
        }
    }
    out
}

/// Folds one character to lowercase ASCII for slugs and tags; `None` for a separator.
fn fold_char(c: char) -> Option<&'static str> {
    const ASCII: [&str; 36] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii_lowercase() {
        return Some(ASCII[(lower as u8 - b'a') as usize]);
    }
    if lower.is_ascii_digit() {
        return Some(ASCII[26 + (lower as u8 - b'0') as usize]);
    }
    Some(match lower {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' | 'ý' => "y",
        'ñ' => "n",
        'ß' => "ss",
        _ => return None,
    })
}

/// The kind of event; it decides wording and, later, which features apply (E: garagethon board).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Hackathon,
    Garagethon,
    Day,
    HalfDay,
    Conference,
    Workshop,
    Meetup,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Hackathon,
        EventKind::Garagethon,
        EventKind::Day,
        EventKind::HalfDay,
        EventKind::Conference,
        EventKind::Workshop,
        EventKind::Meetup,
        EventKind::Other,
    ];

    /// The stored spelling, also used in URLs and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Hackathon => "hackathon",
            EventKind::Garagethon => "garagethon",
            EventKind::Day => "day",
            EventKind::HalfDay => "half_day",
            EventKind::Conference => "conference",
            EventKind::Workshop => "workshop",
            EventKind::Meetup => "meetup",
            EventKind::Other => "other",
        }
    }

    /// Returns the kind for a stored spelling, or `None` for an unknown one.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The French label shown on pages.
    pub fn label_fr(self) -> &'static str {
        match self {
            EventKind::Hackathon => "Hackathon",
            EventKind::Garagethon => "Garagethon",
            EventKind::Day => "Journée",
            EventKind::HalfDay => "Demi-journée",
            EventKind::Conference => "Conférence",
            EventKind::Workshop => "Atelier",
            EventKind::Meetup => "Rencontre",
            EventKind::Other => "Événement",
        }
    }
}

/// When an event happens, in Europe/Paris civil time: from `start_date` to `end_date`
/// (inclusive), and, when known, the daily hours ("de 10h à 17h les deux jours").
/// No times means an all-day event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDates {
    pub start_date: Date,
    pub end_date: Date,
    pub start_time: Option<Time>,
    pub end_time: Option<Time>,
}

impl EventDates {
    /// The same dates about a year later on the same weekdays (52 weeks on): a Friday
    /// garagethon stays a Friday, one or two days earlier in the calendar (issue 19).
    pub fn next_year(&self) -> EventDates {
        let shift = |date: Date| date.checked_add(jiff::Span::new().weeks(52)).unwrap_or(date);
        EventDates { start_date: shift(self.start_date), end_date: shift(self.end_date), ..*self }
    }

    /// Checks the order of dates and of daily hours.
    pub fn new(
        start_date: Date,
        end_date: Date,
        start_time: Option<Time>,
        end_time: Option<Time>,
    ) -> Result<EventDates, Invalid> {
        if end_date < start_date {
            return Err(Invalid::EndBeforeStart);
        }
        if let (Some(s), Some(e)) = (start_time, end_time)
            && e <= s
        {
            return Err(Invalid::EndTimeBeforeStartTime);
        }
        Ok(EventDates { start_date, end_date, start_time, end_time })
    }

    /// A one-day event with no hours.
    pub fn all_day(date: Date) -> EventDates {
        EventDates { start_date: date, end_date: date, start_time: None, end_time: None }
    }

    pub fn is_all_day(&self) -> bool {
        self.start_time.is_none()
    }

    pub fn is_multi_day(&self) -> bool {
        self.end_date > self.start_date
    }

    /// The first moment of the event: its start time, or midnight for an all-day event.
    pub fn start(&self) -> DateTime {
        self.start_date.to_datetime(self.start_time.unwrap_or(Time::midnight()))
    }

    /// The last moment of the event: the end time on the last day, or the next midnight
    /// (exclusive) when no end time is known.
    pub fn end(&self) -> DateTime {
        match self.end_time {
            Some(t) => self.end_date.to_datetime(t),
            None => self.end_date.tomorrow().unwrap_or(self.end_date).to_datetime(Time::midnight()),
        }
    }

    /// The start as an instant, for sorting and comparing with now.
    pub fn start_instant(&self) -> Timestamp {
        to_instant(self.start())
    }

    /// The end as an instant: an event is past once this is past.
    pub fn end_instant(&self) -> Timestamp {
        to_instant(self.end())
    }
}

/// One session of an event held on separate days (a series of online sessions, two
/// afternoons a month apart): its day and, when known, its hours, in Paris civil time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Session {
    pub date: Date,
    pub start_time: Option<Time>,
    pub end_time: Option<Time>,
}

impl Session {
    /// Checks the order of the hours.
    pub fn new(date: Date, start_time: Option<Time>, end_time: Option<Time>) -> Result<Session, Invalid> {
        if let (Some(s), Some(e)) = (start_time, end_time)
            && e <= s
        {
            return Err(Invalid::EndTimeBeforeStartTime);
        }
        Ok(Session { date, start_time, end_time })
    }

    /// The session's own first moment (midnight when it has no hours).
    pub fn start(&self) -> DateTime {
        self.date.to_datetime(self.start_time.unwrap_or(Time::midnight()))
    }

    /// The session's end: its end time, or the next midnight (exclusive) when unknown.
    pub fn end(&self) -> DateTime {
        match self.end_time {
            Some(t) => self.date.to_datetime(t),
            None => self.date.tomorrow().unwrap_or(self.date).to_datetime(Time::midnight()),
        }
    }

    /// The same session 52 weeks on, on the same weekday (see `EventDates::next_year`).
    pub fn next_year(&self) -> Session {
        Session { date: self.date.checked_add(jiff::Span::new().weeks(52)).unwrap_or(self.date), ..*self }
    }
}

/// Checks a list of sessions and puts it in order: sorted by day, one session a day, hours in
/// order, at most 200. An empty list means the event runs continuously over its `EventDates`.
pub fn parse_sessions(mut sessions: Vec<Session>) -> Result<Vec<Session>, Invalid> {
    if sessions.len() > 200 {
        return Err(Invalid::TooManySessions);
    }
    for s in &sessions {
        Session::new(s.date, s.start_time, s.end_time)?;
    }
    sessions.sort();
    if sessions.windows(2).any(|w| w[0].date == w[1].date) {
        return Err(Invalid::SessionTwice);
    }
    Ok(sessions)
}

/// The overall span of sorted sessions, kept in `EventDates` so that code that only needs
/// "from when to when" (registrations, the door, sorting, `is_past`) keeps working: the first
/// day with the first session's start, the last day with the last session's end. When every
/// session has the same hours they are the daily hours. `None` for no sessions.
pub fn span_of_sessions(sessions: &[Session]) -> Option<EventDates> {
    let (first, last) = (sessions.first()?, sessions.last()?);
    Some(EventDates {
        start_date: first.date,
        end_date: last.date,
        start_time: first.start_time,
        end_time: last.end_time,
    })
}

/// True when `sessions` all share the same hours (`None` hours included).
pub fn same_hours(sessions: &[Session]) -> bool {
    sessions.windows(2).all(|w| (w[0].start_time, w[0].end_time) == (w[1].start_time, w[1].end_time))
}

/// Resolves a Paris civil time to an instant; an hour skipped by DST moves forward.
pub fn to_instant(dt: DateTime) -> Timestamp {
    paris().to_ambiguous_zoned(dt).compatible().map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Where an event happens. Every part is optional: an online event has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub room: Option<String>,
    pub osm_url: Option<String>,
}

impl Venue {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.address.is_none() && self.room.is_none() && self.osm_url.is_none()
    }
}

/// The illustration of an event. A hidden image is kept (for feeds and sharing) but not shown
/// on the page; a shown image must carry alt text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub path: String,
    pub alt: String,
    pub hidden: bool,
}

impl Image {
    /// Refuses a visible image with no alt text.
    pub fn new(path: String, alt: String, hidden: bool) -> Result<Image, Invalid> {
        if !hidden && alt.trim().is_empty() {
            return Err(Invalid::AltMissing);
        }
        Ok(Image { path, alt, hidden })
    }
}

/// A labelled action link shown on the event page ("S'inscrire", "Proposer une intervention").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLink {
    pub label: String,
    pub text: String,
    pub url: String,
}

/// Whether the public can see an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Draft,
    Published,
    /// Cancelled by its organisers (issue 19): its public page says so, registrations and
    /// the call are closed.
    Cancelled,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<EventStatus> {
        match s {
            "draft" => Some(EventStatus::Draft),
            "published" => Some(EventStatus::Published),
            "cancelled" => Some(EventStatus::Cancelled),
            _ => None,
        }
    }
}

/// Normalises a tag: folded like a slug ("BlueHats" and "bluehats" are one tag).
pub fn parse_tag(raw: &str) -> Result<String, Invalid> {
    Slug::derive(raw.trim().trim_start_matches('#')).map(|s| s.0).ok_or(Invalid::Tag)
}

/// Checks the shape of an email address: one `@`, a non-empty local part, a dotted domain,
/// no spaces or angle brackets. Deliverability is proven later by a confirmation mail (B4).
pub fn parse_email(raw: &str) -> Result<String, Invalid> {
    let s = raw.trim();
    let (local, domain) = s.rsplit_once('@').ok_or(Invalid::Email)?;
    // U+FFFD is what a wrongly encoded byte becomes: such an address cannot be right.
    let bad = |c: char| c.is_whitespace() || c.is_control() || c == '\u{FFFD}' || "<>()[],;:\"\\".contains(c);
    if local.is_empty()
        || local.len() > 64
        || s.len() > 254
        || local.chars().any(bad)
        || local.contains('@')
        || domain.is_empty()
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.chars().any(|c| bad(c) || c == '@')
    {
        return Err(Invalid::Email);
    }
    Ok(s.to_owned())
}

/// Accepts only absolute http(s) links, the only ones we render as venue or action links.
pub fn parse_web_url(raw: &str) -> Result<String, Invalid> {
    let s = raw.trim();
    let lower = s.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).ok_or(Invalid::Url)?;
    if rest.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Invalid::Url);
    }
    Ok(s.to_owned())
}

/// Everything needed to create or replace an event; what a form or an imported post produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    pub body_md: String,
    pub kind: EventKind,
    pub dates: EventDates,
    /// The sessions of an event held on separate days, sorted, one a day; empty for an event
    /// that runs continuously from `dates.start_date` to `dates.end_date`. When not empty,
    /// `dates` is their span (`span_of_sessions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<Session>,
    pub venue: Venue,
    pub audience: Option<String>,
    pub image: Option<Image>,
    pub tags: Vec<String>,
    pub links: Vec<EventLink>,
    pub contact_email: Option<String>,
    pub status: EventStatus,
    /// The day the announcement was first published, when it came from an older site.
    pub published_on: Option<Date>,
}

impl EventDraft {
    /// Checks the rules that do not depend on other events (title length, image alt).
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.title.trim().is_empty() {
            return Err(Invalid::TitleMissing);
        }
        if self.title.chars().count() > 200 {
            return Err(Invalid::TitleTooLong);
        }
        if let Some(img) = &self.image {
            Image::new(img.path.clone(), img.alt.clone(), img.hidden)?;
        }
        let sessions = parse_sessions(self.sessions.clone())?;
        if span_of_sessions(&sessions).is_some_and(|span| span != self.dates) {
            return Err(Invalid::SessionsOutsideDates);
        }
        Ok(())
    }

    /// Sets the sessions (checked and sorted) and, when there are any, the dates to their span.
    pub fn set_sessions(&mut self, sessions: Vec<Session>) -> Result<(), Invalid> {
        let sessions = parse_sessions(sessions)?;
        if let Some(span) = span_of_sessions(&sessions) {
            self.dates = span;
        }
        self.sessions = sessions;
        Ok(())
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    #[serde(flatten)]
    pub draft: EventDraft,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Event {
    /// True once the event has ended.
    pub fn is_past(&self, now: Timestamp) -> bool {
        self.draft.dates.end_instant() <= now
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_year_keeps_the_weekdays_of_a_two_day_event() {
        let d = EventDates::new(jiff::civil::date(2026, 12, 4), jiff::civil::date(2026, 12, 5), None, None).unwrap();

        let next = d.next_year();

        assert_eq!((next.start_date, next.end_date), (jiff::civil::date(2027, 12, 3), jiff::civil::date(2027, 12, 4)));
        assert_eq!(next.start_date.weekday(), d.start_date.weekday());
    }

    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn slug_from_title_folds_accents_and_drops_emoji() {
        let slug = Slug::derive("Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024").unwrap();

        assert_eq!(slug.as_str(), "garagethon-bluehats-les-9-et-10-janvier-2024");
    }

    #[test]
    fn slug_from_french_title_keeps_words() {
        let slug = Slug::derive("Journée BlueHats « Mutualisons ! » le 1er juillet 2022").unwrap();

        assert_eq!(slug.as_str(), "journee-bluehats-mutualisons-le-1er-juillet-2022");
    }

    #[test]
    fn slug_from_only_emoji_is_none() {
        assert_eq!(Slug::derive("🧢 🎉 !!"), None);
    }

    #[test]
    fn slug_parse_refuses_uppercase_slash_and_double_dash() {
        assert_eq!(Slug::parse("Abc"), Err(Invalid::Slug));
        assert_eq!(Slug::parse("a/b"), Err(Invalid::Slug));
        assert_eq!(Slug::parse("a--b"), Err(Invalid::Slug));
        assert_eq!(Slug::parse("-a"), Err(Invalid::Slug));
        assert_eq!(Slug::parse("a-b-2024").unwrap().as_str(), "a-b-2024");
    }

    #[test]
    fn slug_of_long_title_is_cut_on_a_word() {
        let title = "mot ".repeat(60);

        let slug = Slug::derive(&title).unwrap();

        assert!(slug.as_str().len() <= 80);
        assert!(slug.as_str().split('-').all(|w| w == "mot"));
    }

    #[test]
    fn dates_refuse_end_before_start() {
        let r = EventDates::new(date(2024, 1, 10), date(2024, 1, 9), None, None);

        assert_eq!(r, Err(Invalid::EndBeforeStart));
    }

    #[test]
    fn dates_all_day_end_is_next_midnight() {
        let d = EventDates::all_day(date(2021, 11, 9));

        assert_eq!(d.end(), date(2021, 11, 10).to_datetime(Time::midnight()));
    }

    #[test]
    fn dates_instant_uses_paris_offset_in_winter_and_summer() {
        let winter =
            EventDates::new(date(2024, 1, 9), date(2024, 1, 10), Some(time(10, 0, 0, 0)), Some(time(17, 0, 0, 0)))
                .unwrap();
        let summer =
            EventDates::new(date(2022, 7, 1), date(2022, 7, 1), Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0)))
                .unwrap();

        assert_eq!(winter.start_instant().to_string(), "2024-01-09T09:00:00Z");
        assert_eq!(winter.end_instant().to_string(), "2024-01-10T16:00:00Z");
        assert_eq!(summer.start_instant().to_string(), "2022-07-01T07:00:00Z");
    }

    fn session(day: Date, hours: Option<(i8, i8)>) -> Session {
        Session {
            date: day,
            start_time: hours.map(|h| time(h.0, 0, 0, 0)),
            end_time: hours.map(|h| time(h.1, 0, 0, 0)),
        }
    }

    #[test]
    fn sessions_are_sorted_and_give_the_span() {
        let given = vec![session(date(2024, 5, 14), Some((14, 16))), session(date(2024, 3, 12), Some((14, 16)))];

        let sorted = parse_sessions(given).unwrap();
        let span = span_of_sessions(&sorted).unwrap();

        assert_eq!(sorted.iter().map(|s| s.date).collect::<Vec<_>>(), [date(2024, 3, 12), date(2024, 5, 14)]);
        assert_eq!((span.start_date, span.end_date), (date(2024, 3, 12), date(2024, 5, 14)));
        assert_eq!(span.end_instant().to_string(), "2024-05-14T14:00:00Z");
    }

    #[test]
    fn sessions_refuse_a_day_twice_and_hours_out_of_order() {
        let twice = vec![session(date(2024, 3, 12), Some((9, 11))), session(date(2024, 3, 12), Some((14, 16)))];
        let reversed = vec![session(date(2024, 3, 12), Some((16, 14)))];

        assert_eq!(parse_sessions(twice), Err(Invalid::SessionTwice));
        assert_eq!(parse_sessions(reversed), Err(Invalid::EndTimeBeforeStartTime));
        assert_eq!(parse_sessions(vec![session(date(2024, 1, 1), None); 201]), Err(Invalid::TooManySessions));
        assert_eq!(span_of_sessions(&[]), None);
    }

    #[test]
    fn a_draft_whose_dates_are_not_the_span_of_its_sessions_is_refused() {
        let mut d = EventDraft {
            slug: Slug::parse("cycle").unwrap(),
            title: "Cycle".into(),
            summary: String::new(),
            body_md: String::new(),
            kind: EventKind::Meetup,
            dates: EventDates::all_day(date(2024, 1, 1)),
            sessions: Vec::new(),
            venue: Venue::default(),
            audience: None,
            image: None,
            tags: vec![],
            links: vec![],
            contact_email: None,
            status: EventStatus::Draft,
            published_on: None,
        };
        d.set_sessions(vec![session(date(2024, 3, 12), Some((14, 16))), session(date(2024, 4, 9), None)]).unwrap();
        assert_eq!(d.validate(), Ok(()));
        assert_eq!((d.dates.start_date, d.dates.end_date), (date(2024, 3, 12), date(2024, 4, 9)));

        d.dates = EventDates::all_day(date(2024, 3, 12));

        assert_eq!(d.validate(), Err(Invalid::SessionsOutsideDates));
    }

    #[test]
    fn sessions_next_year_keep_their_weekdays() {
        let s = session(date(2026, 3, 10), Some((14, 16)));

        let next = s.next_year();

        assert_eq!(next.date.weekday(), s.date.weekday());
        assert_eq!(next.date.year(), 2027);
        assert_eq!(next.start_time, s.start_time);
    }

    #[test]
    fn image_visible_without_alt_is_refused() {
        assert_eq!(Image::new("a.png".into(), " ".into(), false), Err(Invalid::AltMissing));
        assert!(Image::new("a.png".into(), String::new(), true).is_ok());
    }

    #[test]
    fn tag_is_folded() {
        assert_eq!(parse_tag("#BlueHats").unwrap(), "bluehats");
        assert_eq!(parse_tag("Rencontre").unwrap(), "rencontre");
        assert_eq!(parse_tag("🧢"), Err(Invalid::Tag));
    }

    #[test]
    fn email_shapes() {
        assert_eq!(parse_email(" bluehats@code.gouv.fr ").unwrap(), "bluehats@code.gouv.fr");
        assert_eq!(parse_email("no-at-sign"), Err(Invalid::Email));
        assert_eq!(parse_email("a@b"), Err(Invalid::Email));
        assert_eq!(parse_email("a b@c.fr"), Err(Invalid::Email));
        assert_eq!(parse_email("<a@c.fr>"), Err(Invalid::Email));
    }

    #[test]
    fn web_url_refuses_javascript_and_relative() {
        assert_eq!(parse_web_url("javascript:alert(1)"), Err(Invalid::Url));
        assert_eq!(parse_web_url("/fr/bluehats/"), Err(Invalid::Url));
        assert_eq!(
            parse_web_url("https://osm.org/go/0BOdSvERD?node=9825094308").unwrap(),
            "https://osm.org/go/0BOdSvERD?node=9825094308"
        );
    }
}
