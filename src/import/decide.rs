//! A3: weighs what a post's front matter, title, description, body and programme say about
//! its dates, hours, venue and deadlines, keeps where each fact came from (see
//! [`super::facts`]) and says which source won when two disagree. Posts that are not events
//! (a gazette, a report on a past event) are refused with the reason. Pure.

use super::dates::{DeadlineKind, Mention, Sources, programme_hours};
use super::facts::{Confidence, Fact, Facts, Source};
use super::front_matter::FrontMatter;
use super::{ImportError, venue, venue_prose};
use crate::domain::event::{Session, Venue};
use jiff::civil::{Date, Time};

/// Words of a title that make a post a periodical rather than an event.
const GAZETTE_WORDS: [&str; 6] =
    ["gazette", "newsletter", "lettre d'information", "lettre d'info", "revue de presse", "bulletin"];

/// Words that, in a title or the opening paragraph, make a post a report on a past event.
const REPORT_WORDS: [&str; 9] = [
    "retour sur",
    "a eu lieu",
    "s'est tenu",
    "s'est déroulé",
    "a participé",
    "la semaine dernière",
    " dernier,",
    " dernier.",
    "compte-rendu",
];

/// How far before a front matter event date a year-less date of the text is looked for.
const YEAR_REFERENCE_DAYS: i64 = 180;

/// The parts of a post the decision reads.
pub struct Inputs<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body_md: &'a str,
    /// The body as written in the file and the file line it starts on, to say "body line N".
    pub raw_body: &'a str,
    pub body_line: usize,
    pub yaml: &'a str,
    pub fm: &'a FrontMatter,
    pub published: Option<(Date, Source)>,
    /// Venues named by the other posts of the folder, with the file that named them.
    pub known_venues: &'a [(String, String)],
}

/// The decision: the facts with their sources, the venue to store, and notes in English.
pub struct Decided {
    pub facts: Facts,
    pub venue: Venue,
    pub warnings: Vec<String>,
}

/// Decides the event's facts, or says why the post is not an event.
pub fn decide(inp: &Inputs<'_>, file: &str) -> Result<Decided, ImportError> {
    let title_lower = inp.title.to_lowercase();
    if let Some(w) = GAZETTE_WORDS.iter().find(|w| title_lower.contains(*w)) {
        return Err(ImportError::NotAnEvent(format!("the title names a periodical (\"{w}\"), not an event")));
    }
    let fm_date = front_matter_date(inp);
    let reference =
        inp.published.as_ref().map(|p| p.0).or_else(|| {
            fm_date.as_ref().and_then(|d| d.1.checked_sub(jiff::Span::new().days(YEAR_REFERENCE_DAYS)).ok())
        });
    let sources = Sources::new(&[inp.title, inp.summary, inp.body_md], reference);
    let mentions: Vec<Vec<Mention>> = (0..3).map(|s| sources.mentions(s)).collect();
    let mut decisions = Vec::new();
    let mut warnings = Vec::new();
    let line_of = |m: &Mention| find_line(inp.raw_body, inp.body_line, &m.day, m.month.as_deref());
    let source_of = |m: &Mention| match m.source {
        0 => Source::Title,
        1 => Source::Summary,
        _ => Source::Body(line_of(m)),
    };
    let body_explicit = mentions[2].iter().find(|m| m.explicit_year);
    let year_only_differs = |a: Date, b: Date| a.year() != b.year() && a.month() == b.month() && a.day() == b.day();

    let (mut start, mut end, from_texts): (Fact<Date>, Fact<Date>, Option<Mention>) =
        if let Some((source, s, e, _)) = fm_date.clone() {
            match body_explicit.filter(|b| year_only_differs(b.start, s)) {
                Some(b) => {
                    let note =
                        format!("{source} says {s}, {} says {}: the body's explicit date wins", source_of(b), b.start);
                    warnings.push(format!("{file}:{}: {note}", line_of(b)));
                    decisions.push(note);
                    let f = Fact::new(b.start, source_of(b), Confidence::Unsure, &b.excerpt);
                    (f.clone(), Fact { value: b.end, ..f }, Some(b.clone()))
                }
                None => {
                    let sentence = fm_sentence(inp.yaml, &source);
                    let end = if e > s {
                        e
                    } else {
                        (0..3).find_map(|k| mentions[k].iter().find(|m| m.start == s).map(|m| m.end)).unwrap_or(s)
                    };
                    let f = Fact::new(s, source.clone(), Confidence::Sure, &sentence);
                    (f.clone(), Fact { value: end, ..f }, None)
                }
            }
        } else {
            let on_or_after = |m: &&Mention| reference.is_none_or(|p| m.start >= p);
            let chosen = mentions[0]
                .first()
                .or_else(|| mentions[1].iter().find(on_or_after))
                .or_else(|| mentions[2].iter().find(on_or_after))
                .or_else(|| mentions[1].first())
                .or_else(|| mentions[2].first());
            let Some(chosen) = chosen else {
                return Err(ImportError::NotAnEvent(
                    "no event date in the title, description, body or fields; the publication date is not the event's"
                        .to_owned(),
                ));
            };
            let mut chosen = chosen.clone();
            if chosen.source != 2
                && let Some(b) = body_explicit.filter(|b| year_only_differs(b.start, chosen.start))
            {
                let note = format!(
                    "{} says {}, {} says {}: the body's explicit date wins",
                    source_of(&chosen),
                    chosen.start,
                    source_of(b),
                    b.start
                );
                warnings.push(format!("{file}:{}: {note}", line_of(b)));
                decisions.push(note);
                chosen = b.clone();
            }
            if chosen.source != 0 && is_report(inp) {
                return Err(ImportError::NotAnEvent(format!(
                    "a report on a past event: the date it mentions ({}) is not in its title",
                    chosen.start
                )));
            }
            let confidence = if !decisions.is_empty() {
                Confidence::Unsure
            } else if chosen.explicit_year {
                Confidence::Sure
            } else {
                Confidence::Likely
            };
            let f = Fact::new(chosen.start, source_of(&chosen), confidence, &chosen.excerpt);
            (f.clone(), Fact { value: chosen.end, ..f }, Some(chosen))
        };

    // A series of sessions on different days, each with its hours: the event has them all,
    // and spans the first to the last.
    let mut sessions: Vec<Session> = Vec::new();
    if from_texts.is_some() {
        let mut found: Vec<Session> = Vec::new();
        for m in mentions[2].iter().filter(|m| m.start == m.end) {
            let Some((from, to)) = m.hours else { continue };
            if found.iter().any(|s| s.date == m.start) {
                continue;
            }
            // Hours out of order keep their start: the session is still on that day.
            let session = Session::new(m.start, Some(from), to).unwrap_or(Session {
                date: m.start,
                start_time: Some(from),
                end_time: None,
            });
            found.push(session);
        }
        found.sort();
        if found.len() >= 2 && found.iter().any(|s| s.date == start.value) {
            let (first, last) = (found[0].date, found[found.len() - 1].date);
            decisions.push(format!("a series of {} sessions from {first} to {last}", found.len()));
            start = Fact { value: first, confidence: Confidence::Unsure, ..start };
            end = Fact { value: last, confidence: Confidence::Unsure, ..end };
            sessions = found;
        }
    }

    let hours = decide_hours(inp, &sources, &mentions, &start, from_texts.as_ref(), &fm_date, &line_of);
    let (registration_deadline, call_deadline) = deadlines(inp, &sources);
    let (venue, venue_fact) = decide_venue(inp);
    let title = Fact::new(inp.title.to_owned(), Source::FrontMatter("title".into()), Confidence::Sure, inp.title);
    let facts = Facts {
        title,
        start,
        end,
        hours,
        venue: venue_fact,
        registration_deadline,
        call_deadline,
        sessions,
        decisions,
    };
    Ok(Decided { facts, venue, warnings })
}

/// The event date of the front matter: `event_start_date` (Jekyll), then a structured field.
fn front_matter_date(inp: &Inputs<'_>) -> Option<(Source, Date, Date, Option<Time>)> {
    if let Some((d, t)) = inp.fm.event_start {
        let end = inp.fm.event_end.filter(|e| *e >= d).unwrap_or(d);
        return Some((Source::FrontMatter("event_start_date".into()), d, end, t));
    }
    inp.fm.structured_date.as_ref().map(|(key, s, e, t)| {
        let source = if key.contains('.') { Source::Field(key.clone()) } else { Source::FrontMatter(key.clone()) };
        (source, *s, *e, *t)
    })
}

/// The front matter line a source points at, as written.
fn fm_sentence(yaml: &str, source: &Source) -> String {
    let key = match source {
        Source::FrontMatter(k) => k.as_str(),
        Source::Field(k) => k.rsplit('.').next().unwrap_or(k),
        _ => return String::new(),
    };
    let found =
        yaml.lines().find(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')));
    found.unwrap_or("").trim().to_owned()
}

/// Whether the title or the opening paragraph reports on a past event.
fn is_report(inp: &Inputs<'_>) -> bool {
    let opening: String = inp
        .body_md
        .split("\n\n")
        .filter(|p| !p.trim().is_empty() && !p.trim_start().starts_with(['*', '#', '<', '!']))
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let text = format!("{} {} {}", inp.title, inp.summary, opening).to_lowercase().replace('’', "'");
    REPORT_WORDS.iter().any(|w| text.contains(w))
}

/// The hours: next to the chosen date, from the front matter time, next to another mention
/// of the start day, from a structured field, or from a programme.
#[allow(clippy::too_many_arguments)]
fn decide_hours(
    inp: &Inputs<'_>,
    _sources: &Sources,
    mentions: &[Vec<Mention>],
    start: &Fact<Date>,
    chosen: Option<&Mention>,
    fm_date: &Option<(Source, Date, Date, Option<Time>)>,
    line_of: &dyn Fn(&Mention) -> usize,
) -> Option<Fact<(Time, Option<Time>)>> {
    let from_mention = |m: &Mention, confidence| {
        let source = match m.source {
            0 => Source::Title,
            1 => Source::Summary,
            _ => Source::Body(line_of(m)),
        };
        m.hours.map(|h| Fact::new(h, source, confidence, &m.excerpt))
    };
    if let Some(f) = chosen.and_then(|m| from_mention(m, Confidence::Sure)) {
        return Some(f);
    }
    let same_day = mentions.iter().flatten().find(|m| m.start == start.value && m.hours.is_some());
    if let Some(f) = same_day.and_then(|m| from_mention(m, Confidence::Sure)) {
        return Some(f);
    }
    if let Some((source, s, _, Some(t))) = fm_date
        && *s == start.value
    {
        return Some(Fact::new((*t, None), source.clone(), Confidence::Sure, fm_sentence(inp.yaml, source)));
    }
    if let Some((key, h, raw)) = &inp.fm.hours_field {
        return Some(Fact::new(*h, Source::Field(key.clone()), Confidence::Sure, raw));
    }
    let (h, line) = programme_hours(inp.raw_body)?;
    let sentence = inp.raw_body.lines().nth(line).unwrap_or("").trim().to_owned();
    Some(Fact::new(h, Source::Table(inp.body_line + line), Confidence::Unsure, sentence))
}

/// The first registration and call deadlines the texts state.
fn deadlines(inp: &Inputs<'_>, sources: &Sources) -> (Option<Fact<Date>>, Option<Fact<Date>>) {
    let all = sources.deadlines();
    let fact = |kind| {
        all.iter().find(|d| d.kind == kind).map(|d| {
            let source = match d.source {
                0 => Source::Title,
                1 => Source::Summary,
                _ => Source::Body(find_line(inp.raw_body, inp.body_line, &d.day, d.month.as_deref())),
            };
            Fact::new(d.date, source, Confidence::Likely, &d.excerpt)
        })
    };
    (fact(DeadlineKind::Registration), fact(DeadlineKind::Call))
}

/// The venue: a structured field or `lieu`, a map link or a name before an address, a
/// sentence of the prose, a name before a street, or a venue known from another post.
fn decide_venue(inp: &Inputs<'_>) -> (Venue, Option<Fact<String>>) {
    let found = venue::find_venue(inp.body_md);
    let plain = super::text::plain(inp.body_md, false);
    let mut v = Venue {
        name: None,
        address: inp.fm.venue_address.clone().or(found.address.clone()),
        room: inp.fm.venue_room.clone().or(found.room.clone()),
        osm_url: found.osm_url.clone(),
    };
    let line = |needle: &str| find_text_line(inp.raw_body, inp.body_line, needle);
    let fact: Option<Fact<String>> = if let Some((key, raw)) = &inp.fm.structured_venue {
        let source = if key.contains('.') { Source::Field(key.clone()) } else { Source::FrontMatter(key.clone()) };
        match venue_prose::clean_name(raw) {
            Some(name) => Some(Fact::new(name, source, Confidence::Sure, raw)),
            None => {
                // Online: no venue, and the prose is not searched for one.
                v.address = None;
                v.room = None;
                return (v, None);
            }
        }
    } else if let Some(name) = inp.fm.venue_name.as_deref().and_then(venue_prose::clean_name) {
        Some(Fact::new(name.clone(), Source::FrontMatter("lieu".into()), Confidence::Sure, name))
    } else if let Some(name) = found.name.clone() {
        Some(Fact::new(name.clone(), Source::Body(line(&name)), Confidence::Likely, name))
    } else if let Some(p) = venue_prose::find(&plain) {
        if v.room.is_none() {
            v.room = p.room.clone();
        }
        Some(Fact::new(p.name.clone(), Source::Body(line(&p.name)), Confidence::Unsure, p.sentence))
    } else if let Some(p) = venue_prose::name_before_street(&plain.text) {
        Some(Fact::new(p.name.clone(), Source::Body(line(&p.name)), Confidence::Unsure, p.sentence))
    } else {
        let names: Vec<String> = inp.known_venues.iter().map(|(n, _)| n.clone()).collect();
        venue_prose::find_known(&plain.text, &names).map(|(name, sentence)| {
            let from = inp.known_venues.iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone()).unwrap_or_default();
            let source = Source::KnownVenue { line: line(&name.replace(['[', ']'], "")), from };
            Fact::new(name, source, Confidence::Unsure, sentence)
        })
    };
    v.name = fact.as_ref().map(|f| f.value.clone());
    let trim = |s: Option<String>| {
        s.map(|s| s.trim().trim_end_matches([',', ';']).trim().to_owned()).filter(|s| !s.is_empty())
    };
    v.address = trim(v.address);
    v.room = trim(v.room);
    (v, fact)
}

/// The file line of the body that holds a date: the first line with its month word and day
/// (or its day alone), else the body's first line.
fn find_line(raw_body: &str, body_line: usize, day: &str, month: Option<&str>) -> usize {
    let has_day = |l: &str| l.split(|c: char| !c.is_ascii_digit()).any(|n| n.trim_start_matches('0') == day);
    raw_body
        .lines()
        .position(|l| {
            let l = l.to_lowercase();
            has_day(&l) && month.is_none_or(|m| l.contains(m))
        })
        .map_or(body_line, |n| body_line + n)
}

/// The file line of the body that holds a text (case-insensitive), else the body's first.
fn find_text_line(raw_body: &str, body_line: usize, needle: &str) -> usize {
    let needle = needle.to_lowercase();
    let first_word = needle.split(' ').next().unwrap_or("");
    raw_body
        .lines()
        .position(|l| l.to_lowercase().contains(&needle))
        .or_else(|| raw_body.lines().position(|l| l.to_lowercase().contains(first_word)))
        .map_or(body_line, |n| body_line + n)
}
