//! H2: dates and times in the reader's language. French is `domain::french` (« mardi 9 janvier
//! 2024, 10 h – 17 h »); English follows the British order and the 24-hour clock that an
//! international audience reads without doubt ("Tuesday 9 January 2024, 10:00 – 17:00"). Pure.

use super::Lang;
use crate::domain::event::{EventDates, EventDraft, Session};
use crate::domain::french;
use jiff::civil::{Date, Time, Weekday};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday(d: Date) -> &'static str {
    match d.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn month(d: Date) -> &'static str {
    MONTHS[(d.month() - 1) as usize]
}

fn english_time(t: Time) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

fn english_long_date(d: Date) -> String {
    format!("{} {} {} {}", weekday(d), d.day(), month(d), d.year())
}

/// "mardi 9 janvier 2024" / "Tuesday 9 January 2024".
pub fn long_date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Fr => french::long_date(d),
        Lang::En => english_long_date(d),
    }
}

/// "9 janvier 2024" / "9 January 2024".
pub fn date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Fr => french::date(d),
        Lang::En => format!("{} {} {}", d.day(), month(d), d.year()),
    }
}

/// "9 h 30" / "9:30".
pub fn time(lang: Lang, t: Time) -> String {
    match lang {
        Lang::Fr => french::time(t),
        Lang::En => english_time(t),
    }
}

/// The whole span of an event (see `french::span`):
/// - "Tuesday 9 January 2024, 10:00 – 17:00"
/// - "Tuesday 9 – Wednesday 10 January 2024, 10:00 – 17:00 each day"
/// - "Monday 30 December 2024 – Thursday 2 January 2025"
pub fn span(lang: Lang, dates: &EventDates) -> String {
    if lang == Lang::Fr {
        return french::span(dates);
    }
    let (s, e) = (dates.start_date, dates.end_date);
    let days = if s == e {
        english_long_date(s)
    } else if s.year() == e.year() && s.month() == e.month() {
        format!("{} {} – {}", weekday(s), s.day(), english_long_date(e))
    } else if s.year() == e.year() {
        format!("{} {} {} – {}", weekday(s), s.day(), month(s), english_long_date(e))
    } else {
        format!("{} – {}", english_long_date(s), english_long_date(e))
    };
    match english_hours(dates.start_time, dates.end_time) {
        Some(h) if dates.is_multi_day() => format!("{days}, {h} each day"),
        Some(h) => format!("{days}, {h}"),
        None => days,
    }
}

fn english_hours(start: Option<Time>, end: Option<Time>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) => Some(format!("{} – {}", english_time(s), english_time(e))),
        (Some(s), None) => Some(format!("from {}", english_time(s))),
        _ => None,
    }
}

/// One session in full, for a list: "mardi 12 mars 2024, 14 h – 16 h" / "Tuesday 12 March
/// 2024, 14:00 – 16:00".
pub fn session(lang: Lang, s: &Session) -> String {
    if lang == Lang::Fr {
        return french::session(s);
    }
    match english_hours(s.start_time, s.end_time) {
        Some(h) => format!("{}, {h}", english_long_date(s.date)),
        None => english_long_date(s.date),
    }
}

/// Sorted sessions as a sentence fragment (see `french::sessions`): "12 March, 9 April and
/// 14 May 2024, 14:00 – 16:00", or each with its hours when they differ.
pub fn sessions(lang: Lang, list: &[Session]) -> String {
    if lang == Lang::Fr {
        return french::sessions(list);
    }
    let shared = list.windows(2).all(|w| (w[0].start_time, w[0].end_time) == (w[1].start_time, w[1].end_time));
    let mut parts: Vec<String> = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let year_follows = list.get(i + 1).is_some_and(|n| n.date.year() == s.date.year());
        let mut part = format!("{} {}", s.date.day(), month(s.date));
        if !year_follows || !shared {
            part = format!("{part} {}", s.date.year());
        }
        if !shared && let Some(h) = english_hours(s.start_time, s.end_time) {
            part = format!("{part} ({h})");
        }
        parts.push(part);
    }
    let days = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    match list.first().and_then(|s| english_hours(s.start_time, s.end_time)) {
        Some(h) if shared => format!("{days}, {h}"),
        _ => days,
    }
}

/// When an event happens: its sessions when it has some, else its span.
pub fn when(lang: Lang, draft: &EventDraft) -> String {
    if draft.sessions.is_empty() { span(lang, &draft.dates) } else { sessions(lang, &draft.sessions) }
}

/// "mercredi 10 janvier 2024 à 17 h 30" / "Wednesday 10 January 2024 at 17:30", Paris time.
pub fn datetime(lang: Lang, t: jiff::Timestamp) -> String {
    if lang == Lang::Fr {
        return french::datetime(t);
    }
    let z = t.to_zoned(crate::domain::event::paris());
    format!("{} at {}", english_long_date(z.date()), english_time(z.time()))
}

/// A deadline in a sentence, Paris time, with the year only when it is not `now`'s:
/// "15 novembre à 23 h 59" / "15 November at 23:59".
pub fn deadline(lang: Lang, t: jiff::Timestamp, now: jiff::Timestamp) -> String {
    if lang == Lang::Fr {
        return french::deadline(t, now);
    }
    let paris = crate::domain::event::paris();
    let z = t.to_zoned(paris.clone());
    let d = z.date();
    let year = if d.year() == now.to_zoned(paris).year() { String::new() } else { format!(" {}", d.year()) };
    format!("{} {}{year} at {}", d.day(), month(d), english_time(z.time()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date as d, time as t};

    #[test]
    fn english_spans_read_like_the_french_ones() {
        let one = EventDates::new(d(2024, 1, 9), d(2024, 1, 9), Some(t(10, 0, 0, 0)), Some(t(17, 0, 0, 0))).unwrap();
        let two = EventDates::new(d(2024, 1, 9), d(2024, 1, 10), Some(t(9, 30, 0, 0)), None).unwrap();
        let months = EventDates::new(d(2025, 5, 31), d(2025, 6, 1), None, None).unwrap();
        let years = EventDates::new(d(2024, 12, 30), d(2025, 1, 2), None, None).unwrap();

        assert_eq!(span(Lang::En, &one), "Tuesday 9 January 2024, 10:00 – 17:00");
        assert_eq!(span(Lang::En, &two), "Tuesday 9 – Wednesday 10 January 2024, from 9:30 each day");
        assert_eq!(span(Lang::En, &months), "Saturday 31 May – Sunday 1 June 2025");
        assert_eq!(span(Lang::En, &years), "Monday 30 December 2024 – Thursday 2 January 2025");
        assert_eq!(span(Lang::Fr, &one), "mardi 9 janvier 2024, 10 h – 17 h");
    }

    fn sess(date: Date, hours: Option<(i8, i8)>) -> Session {
        Session { date, start_time: hours.map(|(s, _)| t(s, 0, 0, 0)), end_time: hours.map(|(_, e)| t(e, 0, 0, 0)) }
    }

    #[test]
    fn english_sessions_share_the_year_and_hours_like_the_french_ones() {
        let same = [sess(d(2024, 3, 12), Some((14, 16))), sess(d(2024, 4, 9), Some((14, 16)))];
        let differ = [sess(d(2024, 12, 10), Some((14, 16))), sess(d(2025, 1, 1), None)];

        assert_eq!(sessions(Lang::En, &same), "12 March and 9 April 2024, 14:00 – 16:00");
        assert_eq!(sessions(Lang::En, &differ), "10 December 2024 (14:00 – 16:00) and 1 January 2025");
        assert_eq!(sessions(Lang::En, &same[..1]), "12 March 2024, 14:00 – 16:00");
        assert_eq!(session(Lang::En, &same[0]), "Tuesday 12 March 2024, 14:00 – 16:00");
        assert_eq!(sessions(Lang::Fr, &same), "les 12 mars et 9 avril 2024, 14 h – 16 h");
    }

    #[test]
    fn english_deadlines_and_times() {
        let at: jiff::Timestamp = "2026-11-15T22:59:00Z".parse().unwrap();
        let now: jiff::Timestamp = "2026-10-01T10:00:00Z".parse().unwrap();
        let before: jiff::Timestamp = "2025-12-01T10:00:00Z".parse().unwrap();

        assert_eq!(deadline(Lang::En, at, now), "15 November at 23:59");
        assert_eq!(deadline(Lang::En, at, before), "15 November 2026 at 23:59");
        assert_eq!(datetime(Lang::En, at), "Sunday 15 November 2026 at 23:59");
        assert_eq!(time(Lang::En, t(9, 5, 0, 0)), "9:05");
        assert_eq!(date(Lang::En, d(2024, 3, 1)), "1 March 2024");
        assert_eq!(date(Lang::Fr, d(2024, 3, 1)), "1er mars 2024");
    }
}
