//! A2: dates and times written the French way for pages and mails
//! ("mardi 9 janvier 2024, 10 h – 17 h"). Pure.

use super::event::{EventDates, EventDraft, Session, same_hours};
use jiff::civil::{Date, Time, Weekday};

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

pub fn weekday(d: Date) -> &'static str {
    match d.weekday() {
        Weekday::Monday => "lundi",
        Weekday::Tuesday => "mardi",
        Weekday::Wednesday => "mercredi",
        Weekday::Thursday => "jeudi",
        Weekday::Friday => "vendredi",
        Weekday::Saturday => "samedi",
        Weekday::Sunday => "dimanche",
    }
}

/// "1er" for the first of the month, the number otherwise.
fn day_number(d: Date) -> String {
    if d.day() == 1 { "1er".to_owned() } else { d.day().to_string() }
}

fn month(d: Date) -> &'static str {
    MONTHS[(d.month() - 1) as usize]
}

/// "mardi 9 janvier 2024".
pub fn long_date(d: Date) -> String {
    format!("{} {} {} {}", weekday(d), day_number(d), month(d), d.year())
}

/// "9 janv. 2024"-free short form used in lists: "9 janvier 2024".
pub fn date(d: Date) -> String {
    format!("{} {} {}", day_number(d), month(d), d.year())
}

/// "10 h", "9 h 30": the typographic convention of French administration.
pub fn time(t: Time) -> String {
    if t.minute() == 0 { format!("{} h", t.hour()) } else { format!("{} h {:02}", t.hour(), t.minute()) }
}

/// The daily hours, "10 h – 17 h", or "à partir de 10 h" when the end is unknown.
fn hours(dates: &EventDates) -> Option<String> {
    match (dates.start_time, dates.end_time) {
        (Some(s), Some(e)) => Some(format!("{} – {}", time(s), time(e))),
        (Some(s), None) => Some(format!("à partir de {}", time(s))),
        _ => None,
    }
}

/// The whole span of an event as a sentence fragment:
/// - "mardi 9 janvier 2024, 10 h – 17 h"
/// - "du mardi 9 au mercredi 10 janvier 2024, 10 h – 17 h chaque jour"
/// - "du lundi 30 décembre 2024 au jeudi 2 janvier 2025"
pub fn span(dates: &EventDates) -> String {
    let (s, e) = (dates.start_date, dates.end_date);
    let days = if s == e {
        long_date(s)
    } else if s.year() == e.year() && s.month() == e.month() {
        format!("du {} {} au {}", weekday(s), day_number(s), long_date(e))
    } else if s.year() == e.year() {
        format!("du {} {} {} au {}", weekday(s), day_number(s), month(s), long_date(e))
    } else {
        format!("du {} au {}", long_date(s), long_date(e))
    };
    match hours(dates) {
        Some(h) if dates.is_multi_day() => format!("{days}, {h} chaque jour"),
        Some(h) => format!("{days}, {h}"),
        None => days,
    }
}

/// The hours of one session, "14 h – 16 h", "à partir de 14 h", or `None`.
fn session_hours(s: &Session) -> Option<String> {
    hours(&EventDates { start_date: s.date, end_date: s.date, start_time: s.start_time, end_time: s.end_time })
}

/// One session in full, for a list: "mardi 12 mars 2024, 14 h – 16 h".
pub fn session(s: &Session) -> String {
    match session_hours(s) {
        Some(h) => format!("{}, {h}", long_date(s.date)),
        None => long_date(s.date),
    }
}

/// Sorted sessions as a sentence fragment, days of one year sharing it:
/// - "le 12 mars 2024, 14 h – 16 h" (one session)
/// - "les 12 mars, 9 avril et 14 mai 2024, 14 h – 16 h" (same hours)
/// - "les 10 décembre 2024 et 14 janvier 2025" (no hours, two years)
/// - "les 12 mars 2024 (14 h – 16 h) et 9 avril 2024 (10 h – 12 h)" (hours that differ)
pub fn sessions(list: &[Session]) -> String {
    let article = if list.len() == 1 { "le" } else { "les" };
    let shared = same_hours(list);
    let mut parts: Vec<String> = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let year_follows = list.get(i + 1).is_some_and(|n| n.date.year() == s.date.year());
        let mut part = format!("{} {}", day_number(s.date), month(s.date));
        if !year_follows || !shared {
            part = format!("{part} {}", s.date.year());
        }
        if !shared && let Some(h) = session_hours(s) {
            part = format!("{part} ({h})");
        }
        parts.push(part);
    }
    let days = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
        None => String::new(),
    };
    match list.first().and_then(session_hours) {
        Some(h) if shared => format!("{article} {days}, {h}"),
        _ => format!("{article} {days}"),
    }
}

/// When an event happens: its sessions when it has some, else its span (`span`).
pub fn when(draft: &EventDraft) -> String {
    if draft.sessions.is_empty() { span(&draft.dates) } else { sessions(&draft.sessions) }
}

/// "mercredi 10 janvier 2024 à 17 h 30", in Paris time.
pub fn datetime(t: jiff::Timestamp) -> String {
    let z = t.to_zoned(super::event::paris());
    let time = z.time();
    format!("{} à {} h {:02}", long_date(z.date()), time.hour(), time.minute())
}

/// A deadline in a sentence, in Paris time: "15 novembre à 23 h 59", with the year when it is
/// not the year of `now` ("15 janvier 2027 à 23 h 59").
pub fn deadline(t: jiff::Timestamp, now: jiff::Timestamp) -> String {
    let z = t.to_zoned(super::event::paris());
    let d = z.date();
    let year =
        if d.year() == now.to_zoned(super::event::paris()).year() { String::new() } else { format!(" {}", d.year()) };
    format!("{} {}{year} à {} h {:02}", day_number(d), month(d), z.hour(), z.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_drops_the_year_of_now_and_keeps_another() {
        let t: jiff::Timestamp = "2026-11-15T22:59:00Z".parse().unwrap();
        let now: jiff::Timestamp = "2026-10-01T10:00:00Z".parse().unwrap();
        let before: jiff::Timestamp = "2025-12-01T10:00:00Z".parse().unwrap();

        assert_eq!(deadline(t, now), "15 novembre à 23 h 59");
        assert_eq!(deadline(t, before), "15 novembre 2026 à 23 h 59");
    }
    use jiff::civil::{date as d, time as t};

    #[test]
    fn span_one_day_with_hours() {
        let dates = EventDates::new(d(2024, 1, 9), d(2024, 1, 9), Some(t(10, 0, 0, 0)), Some(t(17, 0, 0, 0))).unwrap();

        assert_eq!(span(&dates), "mardi 9 janvier 2024, 10 h – 17 h");
    }

    #[test]
    fn span_two_days_same_month() {
        let dates = EventDates::new(d(2024, 1, 9), d(2024, 1, 10), Some(t(10, 0, 0, 0)), Some(t(17, 0, 0, 0))).unwrap();

        assert_eq!(span(&dates), "du mardi 9 au mercredi 10 janvier 2024, 10 h – 17 h chaque jour");
    }

    #[test]
    fn span_first_of_month_and_minutes() {
        let dates = EventDates::new(d(2022, 7, 1), d(2022, 7, 1), Some(t(9, 30, 0, 0)), None).unwrap();

        assert_eq!(span(&dates), "vendredi 1er juillet 2022, à partir de 9 h 30");
    }

    #[test]
    fn span_across_years_all_day() {
        let dates = EventDates::new(d(2024, 12, 30), d(2025, 1, 2), None, None).unwrap();

        assert_eq!(span(&dates), "du lundi 30 décembre 2024 au jeudi 2 janvier 2025");
    }

    fn sess(day: jiff::civil::Date, hours: Option<(i8, i8)>) -> Session {
        Session::new(day, hours.map(|h| t(h.0, 0, 0, 0)), hours.map(|h| t(h.1, 0, 0, 0))).unwrap()
    }

    #[test]
    fn sessions_same_hours_share_the_year_and_the_hours() {
        let list = [
            sess(d(2024, 3, 12), Some((14, 16))),
            sess(d(2024, 4, 9), Some((14, 16))),
            sess(d(2024, 5, 14), Some((14, 16))),
        ];

        assert_eq!(sessions(&list), "les 12 mars, 9 avril et 14 mai 2024, 14 h – 16 h");
    }

    #[test]
    fn sessions_across_years_name_each_year_once() {
        let list = [sess(d(2024, 12, 10), None), sess(d(2025, 1, 1), None), sess(d(2025, 2, 11), None)];

        assert_eq!(sessions(&list), "les 10 décembre 2024, 1er janvier et 11 février 2025");
    }

    #[test]
    fn sessions_with_different_hours_give_each_its_own() {
        let list =
            [sess(d(2024, 3, 12), Some((14, 16))), sess(d(2024, 4, 9), Some((10, 12))), sess(d(2024, 5, 14), None)];

        assert_eq!(sessions(&list), "les 12 mars 2024 (14 h – 16 h), 9 avril 2024 (10 h – 12 h) et 14 mai 2024");
    }

    #[test]
    fn one_session_is_singular_and_a_list_item_is_long() {
        let one = sess(d(2024, 3, 12), Some((14, 16)));

        assert_eq!(sessions(&[one]), "le 12 mars 2024, 14 h – 16 h");
        assert_eq!(session(&one), "mardi 12 mars 2024, 14 h – 16 h");
    }

    #[test]
    fn span_across_months() {
        let dates = EventDates::new(d(2025, 5, 31), d(2025, 6, 1), None, None).unwrap();

        assert_eq!(span(&dates), "du samedi 31 mai au dimanche 1er juin 2025");
    }
}
