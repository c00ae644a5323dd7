//! A2: dates and times written the French way for pages and mails
//! ("mardi 9 janvier 2024, 10 h – 17 h"). Pure.

use super::event::EventDates;
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

    #[test]
    fn span_across_months() {
        let dates = EventDates::new(d(2025, 5, 31), d(2025, 6, 1), None, None).unwrap();

        assert_eq!(span(&dates), "du samedi 31 mai au dimanche 1er juin 2025");
    }
}
