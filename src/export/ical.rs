//! A4: iCalendar (RFC 5545) for one event or all of them. UIDs are built from the slug and
//! the site's host, so they stay the same across runs and re-imports; times carry
//! TZID=Europe/Paris with its VTIMEZONE; text is escaped and lines folded at 75 octets.
//! An event held in separate sessions gives one VEVENT per session (UID `slug-YYYYMMDD`):
//! every calendar application imports those, whereas RDATE is ignored by some and cannot
//! give sessions different hours.

use super::host_of;
use crate::domain::event::{Event, EventDates, PARIS};
use crate::markdown;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

pub(crate) const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Returns a whole VCALENDAR holding one VEVENT per event.
pub fn calendar(events: &[Event], name: &str, base_url: &str) -> String {
    let mut out = String::with_capacity(1024 + events.len() * 1024);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rencontres//rencontres//FR\r\n");
    out.push_str("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    push_line(&mut out, &format!("X-WR-TIMEZONE:{PARIS}"));
    let timed = |e: &Event| !e.draft.dates.is_all_day() || e.draft.sessions.iter().any(|s| s.start_time.is_some());
    if events.iter().any(timed) {
        out.push_str(VTIMEZONE);
    }
    for e in events {
        vevent(&mut out, e, base_url);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn vevent(out: &mut String, e: &Event, base_url: &str) {
    let d = &e.draft;
    let host = host_of(base_url);
    if d.sessions.is_empty() {
        vevent_at(out, e, base_url, &format!("{}@{host}", d.slug), &d.dates, &d.title);
        return;
    }
    let n = d.sessions.len();
    for (i, s) in d.sessions.iter().enumerate() {
        let uid = format!("{}-{}@{host}", d.slug, ymd(s.date));
        let dates = EventDates { start_date: s.date, end_date: s.date, start_time: s.start_time, end_time: s.end_time };
        vevent_at(out, e, base_url, &uid, &dates, &format!("{} (séance {} sur {n})", d.title, i + 1));
    }
}

/// One VEVENT of event `e` at `dates`, under `uid` and `summary`.
fn vevent_at(out: &mut String, e: &Event, base_url: &str, uid: &str, dates: &EventDates, summary: &str) {
    let d = &e.draft;
    let url = format!("{base_url}/evenements/{}", d.slug);
    out.push_str("BEGIN:VEVENT\r\n");
    push_line(out, &format!("UID:{uid}"));
    push_line(out, &format!("DTSTAMP:{}", utc(e.updated_at)));
    push_line(out, &format!("LAST-MODIFIED:{}", utc(e.updated_at)));
    push_line(out, &format!("CREATED:{}", utc(e.created_at)));
    match (dates.start_time, dates.end_time) {
        (None, _) => {
            push_line(out, &format!("DTSTART;VALUE=DATE:{}", ymd(dates.start_date)));
            let after = dates.end_date.tomorrow().unwrap_or(dates.end_date);
            push_line(out, &format!("DTEND;VALUE=DATE:{}", ymd(after)));
        }
        (Some(start), Some(end)) if dates.is_multi_day() => {
            // "De 10 h à 17 h les deux jours": one occurrence per day, not one 31-hour block.
            let days = (dates.end_date - dates.start_date).get_days() + 1;
            push_line(out, &format!("DTSTART;TZID={PARIS}:{}", local(dates.start_date.to_datetime(start))));
            push_line(out, &format!("DTEND;TZID={PARIS}:{}", local(dates.start_date.to_datetime(end))));
            push_line(out, &format!("RRULE:FREQ=DAILY;COUNT={days}"));
        }
        (Some(_), _) => {
            push_line(out, &format!("DTSTART;TZID={PARIS}:{}", local(dates.start())));
            push_line(out, &format!("DTEND;TZID={PARIS}:{}", local(dates.end())));
        }
    }
    push_line(out, &format!("SUMMARY:{}", escape(summary)));
    let mut description = String::new();
    if !d.sessions.is_empty() {
        // Each session's entry names them all: a calendar shows one occurrence at a time.
        description.push_str(&format!("Toutes les séances : {}.\n\n", crate::domain::french::sessions(&d.sessions)));
    }
    if !d.summary.is_empty() {
        description.push_str(&d.summary);
        description.push_str("\n\n");
    }
    let body = markdown::to_plain_text(&d.body_md);
    description.push_str(&truncate_chars(&body, 2000));
    description.push_str("\n\n");
    description.push_str(&url);
    push_line(out, &format!("DESCRIPTION:{}", escape(description.trim())));
    let location: Vec<&str> = [d.venue.name.as_deref(), d.venue.room.as_deref(), d.venue.address.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !location.is_empty() {
        push_line(out, &format!("LOCATION:{}", escape(&location.join(", "))));
    }
    push_line(out, &format!("URL:{url}"));
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    out.push_str("STATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\n");
    out.push_str("END:VEVENT\r\n");
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn local(dt: DateTime) -> String {
    format!("{}T{:02}{:02}{:02}", ymd(dt.date()), dt.hour(), dt.minute(), dt.second())
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
pub fn push_line(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            used = 0;
            budget = 74; // the leading space counts toward the 75 octets
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_text_special_characters() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn fold_keeps_lines_within_75_octets() {
        let mut out = String::new();

        push_line(&mut out, &format!("SUMMARY:{}", "é".repeat(100)));

        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(100)));
    }

    proptest! {
        #[test]
        fn folding_round_trips_any_text(s in "\\PC{0,300}") {
            let mut out = String::new();
            let line = format!("DESCRIPTION:{}", escape(&s));
            push_line(&mut out, &line);
            prop_assert!(out.split("\r\n").all(|l| l.len() <= 75));
            prop_assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        }
    }

    proptest! {
        #![proptest_config(crate::properties::config(256))]

        // Any characters, four-byte ones included, at any position relative to the fold.
        #[test]
        fn folded_lines_fit_75_octets_whole_characters_and_unfold_back(s in crate::properties::any_text(400), name in "[A-Z]{1,20}") {
            let mut out = String::new();
            let line = format!("{name}:{}", escape(&s));

            push_line(&mut out, &line);

            let body = out.strip_suffix("\r\n").unwrap();
            for (k, physical) in body.as_bytes().split(|b| *b == b'\n').enumerate() {
                let physical = physical.strip_suffix(b"\r").unwrap_or(physical);
                prop_assert!(physical.len() <= 75, "{} octets", physical.len());
                prop_assert!(std::str::from_utf8(physical).is_ok(), "line {k} splits a character");
                prop_assert!(k == 0 || physical.starts_with(b" "), "line {k} is not a continuation");
            }
            prop_assert!(!line.contains(['\r', '\n']));
            prop_assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        }
    }
}
