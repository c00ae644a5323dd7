//! A3: where each fact of an imported post was found and how sure the importer is, and the
//! table `rencontres import` prints of them (`--dry-run` prints it without writing). Pure.

use crate::domain::event::Session;
use jiff::civil::{Date, Time};
use std::fmt;

/// Where in the post a fact was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A top-level front matter key (`event_start_date`, `lieu`, `date`).
    FrontMatter(String),
    /// A structured field: a nested key or a list entry (`event.location.name`,
    /// `champs_informations: Horaires`).
    Field(String),
    Title,
    /// The `description` (or `chapeau-text`).
    Summary,
    /// A line of the file (1-based), in the body's prose.
    Body(usize),
    /// A programme (table or list of times) starting on this file line.
    Table(usize),
    /// The date at the start of the file name (`2021-10-01-journee.md`).
    FileName,
    /// A venue named in another post of the same folder, seen on this file line.
    KnownVenue {
        line: usize,
        from: String,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::FrontMatter(key) => write!(f, "front matter `{key}`"),
            Source::Field(key) => write!(f, "field `{key}`"),
            Source::Title => f.write_str("title"),
            Source::Summary => f.write_str("description"),
            Source::Body(line) => write!(f, "body line {line}"),
            Source::Table(line) => write!(f, "programme line {line}"),
            Source::FileName => f.write_str("file name"),
            Source::KnownVenue { line, from } => write!(f, "body line {line}, venue known from {from}"),
        }
    }
}

/// How sure the importer is of a fact. `Unsure` facts are shown to organisers to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Unsure,
    Likely,
    Sure,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Sure => "sure",
            Confidence::Likely => "likely",
            Confidence::Unsure => "unsure",
        }
    }
}

/// One fact with its origin: the source, how sure, and the words it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact<T> {
    pub value: T,
    pub source: Source,
    pub confidence: Confidence,
    /// The sentence or value the fact was read from, as written (shortened).
    pub sentence: String,
}

impl<T> Fact<T> {
    pub fn new(value: T, source: Source, confidence: Confidence, sentence: impl Into<String>) -> Fact<T> {
        Fact { value, source, confidence, sentence: shorten(&sentence.into()) }
    }
}

/// Which fact a doubt is about (stored as its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactName {
    Start,
    End,
    Hours,
    Venue,
    RegistrationDeadline,
    CallDeadline,
}

impl FactName {
    pub fn as_str(self) -> &'static str {
        match self {
            FactName::Start => "start",
            FactName::End => "end",
            FactName::Hours => "hours",
            FactName::Venue => "venue",
            FactName::RegistrationDeadline => "registration_deadline",
            FactName::CallDeadline => "call_deadline",
        }
    }
}

/// An unsure fact, as organisers will see it: which fact, its value, where and from what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    pub fact: FactName,
    pub value: String,
    pub source: String,
    pub sentence: String,
}

/// Everything the importer read about one event, each fact with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub title: Fact<String>,
    pub start: Fact<Date>,
    pub end: Fact<Date>,
    pub hours: Option<Fact<(Time, Option<Time>)>>,
    pub venue: Option<Fact<String>>,
    pub registration_deadline: Option<Fact<Date>>,
    pub call_deadline: Option<Fact<Date>>,
    /// The sessions of a series on different dates, each with the hours written next to it
    /// (empty for one run of days); the event spans the first to the last.
    pub sessions: Vec<Session>,
    /// Which source won where two disagreed, in English.
    pub decisions: Vec<String>,
}

impl Facts {
    /// The facts the importer is unsure of, for organisers to confirm or correct.
    pub fn doubts(&self) -> Vec<Doubt> {
        let mut out = Vec::new();
        let mut add = |fact: FactName, value: String, source: &Source, sentence: &str| {
            out.push(Doubt { fact, value, source: source.to_string(), sentence: sentence.to_owned() })
        };
        if self.start.confidence == Confidence::Unsure {
            add(FactName::Start, self.start.value.to_string(), &self.start.source, &self.start.sentence);
        }
        if self.end.confidence == Confidence::Unsure && self.end.value != self.start.value {
            add(FactName::End, self.end.value.to_string(), &self.end.source, &self.end.sentence);
        }
        if let Some(h) = self.hours.as_ref().filter(|h| h.confidence == Confidence::Unsure) {
            add(FactName::Hours, hours_text(h.value), &h.source, &h.sentence);
        }
        if let Some(v) = self.venue.as_ref().filter(|v| v.confidence == Confidence::Unsure) {
            add(FactName::Venue, v.value.clone(), &v.source, &v.sentence);
        }
        for (name, d) in [
            (FactName::RegistrationDeadline, &self.registration_deadline),
            (FactName::CallDeadline, &self.call_deadline),
        ] {
            if let Some(d) = d.as_ref().filter(|d| d.confidence == Confidence::Unsure) {
                add(name, d.value.to_string(), &d.source, &d.sentence);
            }
        }
        out
    }
}

/// "10:00–17:00", or "19:00" when only the start is known.
pub fn hours_text((start, end): (Time, Option<Time>)) -> String {
    let hm = |t: Time| format!("{:02}:{:02}", t.hour(), t.minute());
    match end {
        Some(e) => format!("{}–{}", hm(start), hm(e)),
        None => hm(start),
    }
}

/// The provenance table of imported posts, one block per file, in English (for the
/// command line): each fact with its value, where it was found and how sure.
pub fn table(rows: &[(&str, &Facts)]) -> String {
    let mut out = String::new();
    for (file, f) in rows {
        out.push_str(&format!("{file}\n"));
        let line = |name: &str, fact: Option<(String, &Source, Confidence)>| match fact {
            Some((value, source, confidence)) => {
                format!("  {name:<22} {value:<24} {source} ({})\n", confidence.as_str())
            }
            None => format!("  {name:<22} -\n"),
        };
        out.push_str(&line("title", Some((f.title.value.clone(), &f.title.source, f.title.confidence))));
        out.push_str(&line("start", Some((f.start.value.to_string(), &f.start.source, f.start.confidence))));
        out.push_str(&line("end", Some((f.end.value.to_string(), &f.end.source, f.end.confidence))));
        out.push_str(&line("hours", f.hours.as_ref().map(|h| (hours_text(h.value), &h.source, h.confidence))));
        out.push_str(&line("venue", f.venue.as_ref().map(|v| (v.value.clone(), &v.source, v.confidence))));
        out.push_str(&line("registration deadline", date_fact(&f.registration_deadline)));
        out.push_str(&line("call deadline", date_fact(&f.call_deadline)));
        if !f.sessions.is_empty() {
            let days: Vec<String> = f.sessions.iter().map(session_text).collect();
            out.push_str(&format!("  {:<22} {}\n", "sessions", days.join(", ")));
        }
        for d in &f.decisions {
            out.push_str(&format!("  {:<22} {d}\n", "decided"));
        }
    }
    out
}

/// "2023-10-03 11:00–12:00", or the day alone when no hours were written.
pub fn session_text(s: &Session) -> String {
    match s.start_time {
        Some(t) => format!("{} {}", s.date, hours_text((t, s.end_time))),
        None => s.date.to_string(),
    }
}

fn date_fact(d: &Option<Fact<Date>>) -> Option<(String, &Source, Confidence)> {
    d.as_ref().map(|d| (d.value.to_string(), &d.source, d.confidence))
}

/// At most 200 characters, cut on a word.
fn shorten(s: &str) -> String {
    let s = super::text::collapse_ws(s);
    if s.chars().count() <= 200 {
        return s;
    }
    let cut: String = s.chars().take(199).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |at| &cut[..at]);
    format!("{cut}…")
}
