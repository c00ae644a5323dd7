//! A4: feeds and calendars, read by real parsers (Python `icalendar`, `feedparser`).

use crate::helpers::*;
use jiff::civil::{date, time};
use rencontres::domain::event::{EventDates, Session};
use serde_json::json;

#[tokio::test]
async fn event_calendar_is_read_by_icalendar_with_paris_times() {
    let app = spawn_app().await;
    let mut d = event_draft("Journée « Mutualisons ! », édition; spéciale", 0);
    d.dates =
        EventDates::new(date(2022, 7, 1), date(2022, 7, 1), Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0))).unwrap();
    d.summary = "Une ligne, avec virgule; et point-virgule\net retour à la ligne. ".repeat(5);
    let e = app.add_event(d).await;
    let slug = e.draft.slug.as_str();

    let page = app.get(&format!("/evenements/{slug}/calendrier.ics")).await;
    let parsed = python_check("check_ical.py", &page.body);

    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/calendar; charset=utf-8");
    let ev = &parsed["events"][0];
    assert_eq!(parsed["events"].as_array().unwrap().len(), 1);
    assert_eq!(ev["uid"], json!(format!("{slug}@rencontres.example.org")));
    assert_eq!(ev["summary"], json!("Journée « Mutualisons ! », édition; spéciale"));
    assert_eq!(ev["dtstart"], json!("2022-07-01T09:00:00"));
    assert_eq!(ev["dtend"], json!("2022-07-01T18:00:00"));
    assert_eq!(ev["tzid"], json!("Europe/Paris"));
    assert_eq!(ev["all_day"], json!(false));
    assert_eq!(ev["location"], json!("Lieu de la Transformation Publique, Salle 2, 77 avenue de Ségur, 75015 Paris"));
    assert_eq!(ev["url"], json!(format!("https://rencontres.example.org/evenements/{slug}")));
    assert!(ev["description"].as_str().unwrap().starts_with("Une ligne, avec virgule; et point-virgule\net retour"));
}

/// Issue 18: three sessions a month apart are three events in a calendar application, on
/// their own days and hours, never one run of two months.
#[tokio::test]
async fn a_series_of_sessions_is_one_vevent_per_session() {
    let app = spawn_app().await;
    let mut d = event_draft("Cycle en ligne", 0);
    let session = |m: i8, day: i8, from: i8, to: i8| Session {
        date: date(2024, m, day),
        start_time: Some(time(from, 0, 0, 0)),
        end_time: Some(time(to, 0, 0, 0)),
    };
    d.set_sessions(vec![session(5, 14, 14, 16), session(3, 12, 14, 16), session(4, 9, 10, 12)]).unwrap();
    let e = app.add_event(d).await;
    let slug = e.draft.slug.as_str();

    let one = python_check("check_ical.py", &app.get(&format!("/evenements/{slug}/calendrier.ics")).await.body);
    let all = python_check("check_ical.py", &app.get("/calendrier.ics").await.body);

    let got: Vec<(String, String, String, String)> = one["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("uid"), s("summary"), s("dtstart"), s("dtend"))
        })
        .collect();
    let uid = |day: &str| format!("{slug}-{day}@rencontres.example.org");
    assert_eq!(
        got,
        [
            (
                uid("20240312"),
                "Cycle en ligne (séance 1 sur 3)".into(),
                "2024-03-12T14:00:00".into(),
                "2024-03-12T16:00:00".into()
            ),
            (
                uid("20240409"),
                "Cycle en ligne (séance 2 sur 3)".into(),
                "2024-04-09T10:00:00".into(),
                "2024-04-09T12:00:00".into()
            ),
            (
                uid("20240514"),
                "Cycle en ligne (séance 3 sur 3)".into(),
                "2024-05-14T14:00:00".into(),
                "2024-05-14T16:00:00".into()
            ),
        ]
    );
    assert!(one["events"].as_array().unwrap().iter().all(|e| e["tzid"] == json!("Europe/Paris")));
    assert!(
        one["events"][1]["description"].as_str().unwrap().starts_with(
            "Toutes les séances : les 12 mars 2024 (14 h – 16 h), 9 avril 2024 (10 h – 12 h) et 14 mai 2024 (14 h – 16 h).\n\n"
        ),
        "{}",
        one["events"][1]["description"]
    );
    assert_eq!(all["events"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn calendar_uid_is_stable_across_databases() {
    let a = spawn_app().await;
    let b = spawn_app().await;
    a.add_event(event_draft("Autre chose", 2)).await;
    a.add_event(event_draft("Stable", 3)).await;
    b.add_event(event_draft("Stable", 3)).await;

    let ua = python_check("check_ical.py", &a.get("/evenements/stable/calendrier.ics").await.body);
    let ub = python_check("check_ical.py", &b.get("/evenements/stable/calendrier.ics").await.body);

    assert_eq!(ua["events"][0]["uid"], json!("stable@rencontres.example.org"));
    assert_eq!(ua["events"][0]["uid"], ub["events"][0]["uid"]);
}

#[tokio::test]
async fn all_events_calendar_holds_all_day_and_multi_day_events() {
    let app = spawn_app().await;
    let mut all_day = event_draft("Salon", 0);
    all_day.dates = EventDates::all_day(date(2021, 11, 9));
    app.add_event(all_day).await;
    let mut two_days = event_draft("Garagethon", 0);
    two_days.dates =
        EventDates::new(date(2024, 1, 9), date(2024, 1, 10), Some(time(10, 0, 0, 0)), Some(time(17, 0, 0, 0))).unwrap();
    app.add_event(two_days).await;

    let page = app.get("/calendrier.ics").await;
    let parsed = python_check("check_ical.py", &page.body);

    let events = parsed["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["summary"], json!("Salon"));
    assert_eq!(events[0]["all_day"], json!(true));
    assert_eq!(events[0]["dtstart"], json!("2021-11-09"));
    assert_eq!(events[0]["dtend"], json!("2021-11-10"));
    assert_eq!(events[1]["dtstart"], json!("2024-01-09T10:00:00"));
    assert_eq!(events[1]["dtend"], json!("2024-01-09T17:00:00"));
    assert!(page.body.contains("RRULE:FREQ=DAILY;COUNT=2\r\n"), "one occurrence per day");
}

#[tokio::test]
async fn atom_feed_is_read_by_feedparser() {
    let app = spawn_app().await;
    app.add_event(event_draft("Passé & lointain", -40)).await;
    let mut d = event_draft("À venir <bientôt>", 12);
    d.body_md = "Corps avec <script>x()</script> **gras**.".into();
    app.add_event(d).await;

    let page = app.get("/flux.atom").await;
    let feed = python_check("check_atom.py", &page.body);

    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "application/atom+xml; charset=utf-8");
    assert_eq!(feed["title"], json!("Rencontres BlueHats"));
    let titles: Vec<&str> = feed["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["À venir <bientôt>", "Passé & lointain"]);
    assert_eq!(feed["entries"][0]["link"], json!("https://rencontres.example.org/evenements/a-venir-bientot"));
    assert!(!page.body.contains("<script>"), "body HTML is sanitised then escaped");
}
