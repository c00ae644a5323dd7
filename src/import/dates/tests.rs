//! A3: the date search on the prose of real posts.

use super::*;
use jiff::civil::{date, time};

fn find(texts: &[&str], published: Option<Date>) -> Option<Found> {
    Sources::new(texts, published).find_event()
}

fn f(start: Date, end: Date, hours: Option<(Time, Time)>) -> Found {
    Found { start, end, start_time: hours.map(|h| h.0), end_time: hours.map(|h| h.1) }
}

#[test]
fn dates_list_with_les_found() {
    let r = find(&["Garagethon #BlueHats 🧢 les 9 et 10 janvier 2024"], None);

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
}

#[test]
fn dates_list_without_article_found() {
    let r = find(&["Hackathon #BlueHats 🧢 9 et 10 janvier 2024"], None);

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
}

#[test]
fn dates_first_of_month_with_hours_found() {
    let r = find(&["Cette journée aura lieu le **1er juillet 2022 de 9h à 18h** au lieu"], None);

    assert_eq!(r, Some(f(date(2022, 7, 1), date(2022, 7, 1), Some((time(9, 0, 0, 0), time(18, 0, 0, 0))))));
}

#[test]
fn dates_emphasis_and_hours_on_next_line_found() {
    let body =
        "L'après-midi aura lieu le *4 décembre 2024* dans la\nsalle 124/125M en mezzanine des Congrès de 13h à 18h";

    let r = find(&[body], None);

    assert_eq!(r, Some(f(date(2024, 12, 4), date(2024, 12, 4), Some((time(13, 0, 0, 0), time(18, 0, 0, 0))))));
}

#[test]
fn dates_range_same_month_found() {
    let r = find(&["Rendez-vous du 3 au 5 mars 2025 à Lyon"], None);

    assert_eq!(r, Some(f(date(2025, 3, 3), date(2025, 3, 5), None)));
}

#[test]
fn dates_range_across_months_found() {
    let r = find(&["du 30 juin au 2 juillet 2025"], None);

    assert_eq!(r, Some(f(date(2025, 6, 30), date(2025, 7, 2), None)));
}

#[test]
fn dates_range_across_years_found() {
    let r = find(&["du 30 décembre au 2 janvier 2025"], None);

    assert_eq!(r, Some(f(date(2024, 12, 30), date(2025, 1, 2), None)));
}

#[test]
fn dates_without_year_take_first_after_publication() {
    let body = "retrouvez-nous le 9 novembre en salle 223M";

    let autumn = find(&[body], Some(date(2021, 10, 1)));
    let december = find(&[body], Some(date(2021, 12, 1)));

    assert_eq!(autumn, Some(f(date(2021, 11, 9), date(2021, 11, 9), None)));
    assert_eq!(december, Some(f(date(2022, 11, 9), date(2022, 11, 9), None)));
}

#[test]
fn dates_without_year_or_publication_ignored() {
    assert_eq!(find(&["le 9 novembre"], None), None);
}

#[test]
fn dates_hour_forms_read() {
    let cases = [
        ("le 9 mars 2024 de 10 h à 17 h", (10, 0), (17, 0)),
        ("le 9 mars 2024 de 9 h 30 à 12h", (9, 30), (12, 0)),
        ("le 9 mars 2024 de 10h30 à 16h45", (10, 30), (16, 45)),
        ("le 9 mars 2024, entre 13h et 18h", (13, 0), (18, 0)),
        ("le 9 mars 2024 (14h-18h)", (14, 0), (18, 0)),
        ("le 9 mars 2024 de 9h à midi", (9, 0), (12, 0)),
        ("le 9 mars 2024 de 14:00 à 17:30", (14, 0), (17, 30)),
    ];

    for (text, s, e) in cases {
        let r = find(&[text], None).unwrap();

        assert_eq!((r.start_time, r.end_time), (Some(time(s.0, s.1, 0, 0)), Some(time(e.0, e.1, 0, 0))), "{text}");
    }
}

#[test]
fn dates_list_with_repeated_article_found() {
    let r = find(&["le 9 et le 10 janvier 2024"], None);

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), None)));
}

#[test]
fn dates_numeric_found() {
    let r = find(&["Rendez-vous le 09/01/2024 en salle 124/125M"], None);

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 9), None)));
}

#[test]
fn dates_start_time_right_after_date_read() {
    let r = find(&["Apéro BlueHats le 12 mars 2025 à 18h30, au bar"], None).unwrap();

    assert_eq!((r.start_time, r.end_time), (Some(time(18, 30, 0, 0)), None));
}

#[test]
fn dates_morning_and_afternoon_ranges_span_the_day() {
    let r = find(&["le 9 mars 2024 de 9h30 à 12h et de 14h à 17h"], None).unwrap();

    assert_eq!((r.start_time, r.end_time), (Some(time(9, 30, 0, 0)), Some(time(17, 0, 0, 0))));
}

#[test]
fn dates_start_only_hour_read() {
    let r = find(&["le 9 mars 2024 à partir de 14h"], None).unwrap();

    assert_eq!((r.start_time, r.end_time), (Some(time(14, 0, 0, 0)), None));
}

#[test]
fn dates_hours_for_both_days_read() {
    let r = find(
        &["les 9 et 10 janvier 2024 au Lieu, au 77 avenue de Ségur 75015 Paris, de 10h à 17h les deux jours."],
        None,
    );

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 10), Some((time(10, 0, 0, 0), time(17, 0, 0, 0))))));
}

#[test]
fn dates_deadlines_skipped() {
    let body = "Envoyez vos propositions d'ici le 15 novembre 23h59, avant le 22 novembre.\n\
                Préinscription jusqu'au 2 janvier. Date limite : 3 janvier.\n\n\
                L'événement a lieu le 9 janvier.";

    let r = find(&["Titre", "", body], Some(date(2023, 11, 1)));

    assert_eq!(r, Some(f(date(2024, 1, 9), date(2024, 1, 9), None)));
}

#[test]
fn dates_deadline_only_gives_nothing() {
    assert_eq!(find(&["Appel à interventions avant le 15 novembre 2024"], None), None);
}

#[test]
fn dates_bare_years_and_numbers_ignored() {
    let r = find(&["Après les salons 2018 et 2019, 2 place de la porte Maillot 75017 Paris, de 5 à 20 minutes"], None);

    assert_eq!(r, None);
}

#[test]
fn dates_in_link_targets_ignored() {
    let r = find(&["[formulaire](https://framaforms.org/garagethon-9-10-janvier-2024-1702471895)"], None);

    assert_eq!(r, None);
}

#[test]
fn dates_title_wins_over_body() {
    let r = find(&["Journée du 4 décembre 2024", "", "Publié le 1 octobre 2024"], Some(date(2024, 10, 1)));

    assert_eq!(r.map(|r| r.start), Some(date(2024, 12, 4)));
}

#[test]
fn dates_body_prefers_future_over_past_edition() {
    let body = "Après la journée du 9 novembre 2021, rendez-vous le 4 décembre 2024.";

    let r = find(&["Titre", "", body], Some(date(2024, 10, 15)));

    assert_eq!(r.map(|r| r.start), Some(date(2024, 12, 4)));
}

#[test]
fn dates_hours_found_at_later_mention() {
    let sources = Sources::new(
        &[
            "Journée le 1er juillet 2022",
            "",
            "## Sauvez la date : 1er juillet 2022\n\n- 9h Accueil\n\nC'est le **1er juillet 2022 de 9h à 18h**.",
        ],
        None,
    );

    let r = sources.find_event();

    assert_eq!(r, Some(f(date(2022, 7, 1), date(2022, 7, 1), Some((time(9, 0, 0, 0), time(18, 0, 0, 0))))));
}

#[test]
fn dates_for_known_start_take_end_and_hours() {
    let sources = Sources::new(&["", "les 9 et 10 janvier 2024 de 10h à 17h"], None);

    let r = sources.find_for_start(date(2024, 1, 9));

    assert_eq!(r, f(date(2024, 1, 9), date(2024, 1, 10), Some((time(10, 0, 0, 0), time(17, 0, 0, 0)))));
}

#[test]
fn dates_written_date_parsed() {
    assert_eq!(parse_written_date("9 novembre 2021"), Some(date(2021, 11, 9)));
    assert_eq!(parse_written_date("le 1er juillet 2022"), Some(date(2022, 7, 1)));
    assert_eq!(parse_written_date("bientôt"), None);
}

// Properties (G5): any text is searched without panic and in bounded time, what is found is
// a real span, and what the site writes in French is read back.

/// Date words, numbers and punctuation the search looks for.
const DATE_PIECES: &[&str] = &[
    "le ",
    "les ",
    "du ",
    "au ",
    "et ",
    "de ",
    "à ",
    "dès ",
    "partir ",
    "entre ",
    "avant ",
    "jusqu'au ",
    "lundi ",
    "1er ",
    "9 ",
    "10 ",
    "31 ",
    "0 ",
    "99 ",
    "2024 ",
    "2199 ",
    "1899 ",
    "janvier ",
    "février ",
    "déc. ",
    "juin ",
    "10h",
    "h ",
    "h30 ",
    "14:00 ",
    "midi ",
    "/",
    ".",
    ",",
    "-",
    "–",
    "&",
    "\n",
    "\n\n",
    "# ",
    "[",
    "](",
    ")",
];

fn event_dates() -> impl proptest::strategy::Strategy<Value = crate::domain::event::EventDates> {
    use proptest::prelude::*;
    let day = (1900i16..=2199, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d));
    let hours = proptest::option::of((0i8..23, 0i8..4, 0i8..4).prop_map(|(h, m, more)| {
        let start = time(h, m * 15, 0, 0);
        let end = (more > 0 && h + more <= 23).then(|| time(h + more, m * 15, 0, 0));
        (start, end)
    }));
    (day, 0i64..40, hours).prop_filter_map("a valid span", |(start, days, hours)| {
        let end = start.checked_add(jiff::Span::new().days(days)).ok()?;
        crate::domain::event::EventDates::new(start, end, hours.map(|h| h.0), hours.and_then(|h| h.1)).ok()
    })
}

proptest::proptest! {
    #![proptest_config(crate::properties::config(128))]

    #[test]
    fn dates_any_text_found_span_starts_before_it_ends(
        title in crate::properties::text_of(DATE_PIECES, 40),
        body in crate::properties::text_of(DATE_PIECES, 120),
        published in proptest::option::of((1900i16..2199, 1i8..=12, 1i8..=28)),
    ) {
        let published = published.map(|(y, m, d)| date(y, m, d));

        let found = Sources::new(&[&title, "", &body], published).find_event();

        if let Some(f) = found {
            proptest::prop_assert!(f.start <= f.end, "{f:?}");
            proptest::prop_assert!(f.end_time.is_none() || f.start_time.is_some(), "{f:?}");
        }
        let _ = parse_written_date(&body);
    }

    #[test]
    fn dates_any_unicode_never_panics(s in crate::properties::any_text(300)) {
        let _ = Sources::new(&[&s, &s], Some(date(2024, 1, 1))).find_event();
        let _ = parse_written_date(&s);
    }

    #[test]
    fn dates_written_by_the_site_are_read_back(dates in event_dates()) {
        let sentence = crate::domain::french::span(&dates);

        let found = find(&[&sentence], None);

        let expected = Found { start: dates.start_date, end: dates.end_date, start_time: dates.start_time, end_time: dates.end_time };
        proptest::prop_assert_eq!(found, Some(expected), "{}", sentence);
        proptest::prop_assert_eq!(parse_written_date(&crate::domain::french::date(dates.start_date)), Some(dates.start_date));
    }
}

proptest::proptest! {
    #![proptest_config(crate::properties::config(3))]

    #[test]
    fn dates_100_kb_searched_in_bounded_time(s in crate::properties::large_text_of(DATE_PIECES, 100_000)) {
        let _ = crate::properties::within(std::time::Duration::from_secs(3), "date search of 100 KB", || {
            Sources::new(&["", "", &s], Some(date(2024, 1, 1))).find_event()
        })?;
    }
}
