//! D1 D2 D3 D4: the programme from draft to release to the public pages and the exports,
//! read by real consumers (xmllint with the published XSD, jsonschema with the published
//! JSON schema, Python's icalendar and xml.etree).

use crate::helpers::*;
use jiff::Timestamp;
use jiff::civil::{DateTime, date, time};
use rencontres::domain::account::EditRight;
use rencontres::domain::event::{EventDates, EventDraft};
use rencontres::domain::programme::{Colour, ItemInput, ItemKind, ReleaseOutcome, RoomInput, Warning};
use rencontres::domain::refusal::Refusal;
use rencontres::store::StoreError;
use rencontres::store::programme;
use serde_json::{Value, json};
use std::process::Command;

pub(crate) const SLUG: &str = "garagethon-bluehats-2024";

fn garagethon() -> EventDraft {
    let mut d = event_draft("Garagethon BlueHats 2024", 0);
    d.dates =
        EventDates::new(date(2024, 1, 9), date(2024, 1, 10), Some(time(9, 0, 0, 0)), Some(time(18, 0, 0, 0))).unwrap();
    d
}

fn at(day: i8, h: i8, m: i8) -> DateTime {
    date(2024, 1, day).at(h, m, 0, 0)
}

fn item(kind: ItemKind, title: &str, start: DateTime, minutes: u32, room: Option<i64>, speakers: &[&str]) -> ItemInput {
    ItemInput {
        kind,
        title: title.into(),
        summary: String::new(),
        start,
        minutes,
        room_id: room,
        track_id: None,
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        proposal_id: None,
        format_max_minutes: None,
    }
}

/// The command line's right on the garagethon, for the store functions the tests call.
async fn right(app: &TestApp) -> EditRight {
    let event = rencontres::store::event::find_by_slug(&app.db, SLUG).await.unwrap().unwrap();
    EditRight::command_line(event.id)
}

/// The first draft: two rooms, a track, five items over two days.
pub(crate) async fn seed_draft(app: &TestApp) {
    app.add_event(garagethon()).await;
    programme::edit_draft(&app.db, &right(app).await, "test", Timestamp::now(), |d| {
        let a = d.add_room(RoomInput {
            name: "Salle Ségur".into(),
            capacity: Some(80),
            accessibility: Some("Accessible en fauteuil roulant".into()),
            opens: None,
            closes: None,
        })?;
        let b = d.add_room(RoomInput {
            name: "Atelier 2".into(),
            capacity: Some(20),
            accessibility: None,
            opens: None,
            closes: None,
        })?;
        let t = d.add_track("Communs numériques", Colour::parse("#000091")?)?;
        d.add_item(item(ItemKind::Welcome, "Accueil et café", at(9, 9, 0), 30, None, &[]))?;
        d.add_item(ItemInput {
            track_id: Some(t),
            summary: "Pourquoi & comment ; mutualiser".into(),
            ..item(ItemKind::Talk, "Temps de rencontre", at(9, 9, 30), 60, Some(a), &["Anne Martin"])
        })?;
        d.add_item(item(ItemKind::Meal, "Pause déjeuner", at(9, 12, 30), 90, None, &[]))?;
        d.add_item(item(
            ItemKind::Workshop,
            "Ateliers (session 1)",
            at(9, 14, 30),
            90,
            Some(b),
            &["Paul Durand", "Léa Petit"],
        ))?;
        d.add_item(item(ItemKind::Talk, "Éclairs", at(10, 10, 0), 20, Some(a), &["Léa Petit"]))?;
        Ok(())
    })
    .await
    .unwrap();
}

pub(crate) async fn release(app: &TestApp, name: &str) -> rencontres::domain::programme::Release {
    let outcome = programme::release(&app.db, &right(app).await, name, false, None, Timestamp::now()).await.unwrap();
    app.app.refresh_content_version().await.unwrap();
    match outcome {
        ReleaseOutcome::Released(r) => r,
        ReleaseOutcome::Blocked(w) => panic!("blocked: {w:?}"),
    }
}

/// The item titles of a programme page's tables, in page order.
fn table_titles(html: &str) -> Vec<String> {
    html.split("<td><a href=\"/evenements/")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            unescape(&text[..text.find("</a>").unwrap()])
        })
        .collect()
}

fn schemas() -> String {
    format!("{}/../shared/schemas", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test]
async fn programme_with_only_a_draft_is_not_public_anywhere() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.add_item(item(ItemKind::Text, "Secret du brouillon", at(9, 16, 0), 30, None, &[]))
    })
    .await
    .unwrap();

    let mut statuses = Vec::new();
    for path in [
        "",
        "/salles",
        "/versions",
        "/jour/2024-01-09",
        "/1",
        "/1/agenda.ics",
        "/schedule.xml",
        "/schedule.json",
        "/programme.ics",
        "/programme.csv",
        "/couleurs.css",
    ] {
        let page = app.get(&format!("/evenements/{SLUG}/programme{path}")).await;
        assert!(!page.body.contains("Secret du brouillon"), "{path} leaks the draft");
        statuses.push(page.status);
    }

    assert_eq!(statuses, [404; 11]);
}

#[tokio::test]
async fn programme_after_release_shows_the_release_not_later_draft_edits() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.add_item(item(ItemKind::Text, "Ajout non publié", at(9, 17, 0), 30, None, &[]))?;
        d.remove_item(1)
    })
    .await
    .unwrap();

    let page = app.get(&format!("/evenements/{SLUG}/programme")).await;
    let json: Value =
        serde_json::from_str(&app.get(&format!("/evenements/{SLUG}/programme/schedule.json")).await.body).unwrap();

    assert_eq!(page.status, 200);
    assert_eq!(
        table_titles(&page.body),
        ["Accueil et café", "Temps de rencontre", "Pause déjeuner", "Ateliers (session 1)", "Éclairs"]
    );
    assert!(!page.body.contains("Ajout non publié"));
    assert_eq!(json["schedule"]["version"], json!("v1"));
    assert!(page.body.contains("<caption>Programme du mardi 9 janvier 2024, heure de Paris</caption>"));
    assert!(
        page.body
            .contains("<th scope=\"row\"><time datetime=\"2024-01-09T09:30:00+01:00\">9 h 30 – 10 h 30</time></th>")
    );
}

#[tokio::test]
async fn event_page_links_the_programme_only_once_released() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    let link =
        format!("<a class=\"fr-btn fr-btn--secondary\" href=\"/evenements/{SLUG}/programme\">Voir le programme</a>");

    let before = app.get(&format!("/evenements/{SLUG}")).await;
    release(&app, "v1").await;
    let after = app.get(&format!("/evenements/{SLUG}")).await;

    assert!(!before.body.contains(&link));
    assert!(after.body.contains(&link));
}

#[tokio::test]
async fn programme_day_tab_shows_only_that_day() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let day2 = app.get(&format!("/evenements/{SLUG}/programme/jour/2024-01-10")).await;
    let none = app.get(&format!("/evenements/{SLUG}/programme/jour/2024-01-11")).await;

    assert_eq!(table_titles(&day2.body), ["Éclairs"]);
    assert!(day2.body.contains("aria-current=\"page\">Mercredi 10 janvier</a>"));
    assert_eq!(none.status, 404);
}

#[tokio::test]
async fn programme_by_room_lists_capacity_and_accessibility() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/salles")).await;

    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<li>Capacité : 80 places</li><li>Accessibilité : Accessible en fauteuil roulant</li>"),
        "{}",
        page.body
    );
    assert_eq!(
        table_titles(&page.body),
        ["Temps de rencontre", "Éclairs", "Ateliers (session 1)", "Accueil et café", "Pause déjeuner"]
    );
}

#[tokio::test]
async fn programme_item_page_offers_its_own_calendar() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/2")).await;
    let ics = app.get(&format!("/evenements/{SLUG}/programme/2/agenda.ics")).await;
    let parsed = python_check("check_ical.py", &ics.body);

    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1 id=\"titre-element\">Temps de rencontre</h1>"));
    assert!(page.body.contains("href=\"/evenements/garagethon-bluehats-2024/programme/2/agenda.ics\" type=\"text/calendar\" download>Ajouter à mon agenda</a>"));
    let ev = &parsed["events"][0];
    assert_eq!(parsed["events"].as_array().unwrap().len(), 1);
    assert_eq!(ev["summary"], json!("Temps de rencontre"));
    assert_eq!(ev["dtstart"], json!("2024-01-09T09:30:00"));
    assert_eq!(ev["dtend"], json!("2024-01-09T10:30:00"));
    assert_eq!(ev["tzid"], json!("Europe/Paris"));
    assert_eq!(
        ev["location"],
        json!("Salle Ségur, Lieu de la Transformation Publique, 77 avenue de Ségur, 75015 Paris")
    );
    assert_eq!(ev["url"], json!(format!("https://rencontres.example.org/evenements/{SLUG}/programme/2")));
}

#[tokio::test]
async fn programme_release_with_warnings_needs_override_which_is_recorded() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    // Léa Petit is in the workshop at 14 h 30 and now in a talk at 15 h.
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.add_item(item(ItemKind::Talk, "Conflit", at(9, 15, 0), 30, Some(1), &["léa petit"]))
    })
    .await
    .unwrap();

    let blocked = programme::release(&app.db, &right(&app).await, "v1", false, None, Timestamp::now()).await.unwrap();
    let not_public = app.get(&format!("/evenements/{SLUG}/programme")).await;
    let forced = programme::release(&app.db, &right(&app).await, "v1", true, None, Timestamp::now()).await.unwrap();

    assert_eq!(
        blocked,
        ReleaseOutcome::Blocked(vec![Warning::SpeakerClash { speaker: "Léa Petit".into(), item_ids: vec![4, 6] }])
    );
    assert_eq!(not_public.status, 404);
    let ReleaseOutcome::Released(r) = forced else { panic!("not released") };
    assert_eq!((r.number, r.overridden, r.warnings.len()), (1, true, 1));
}

#[tokio::test]
async fn programme_versions_page_shows_the_exact_change_log() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.update_item(
            2,
            ItemInput {
                track_id: Some(1),
                ..item(ItemKind::Talk, "Temps de rencontre", at(9, 9, 30), 60, Some(2), &["Anne Martin"])
            },
        )?;
        d.update_item(
            4,
            item(ItemKind::Workshop, "Ateliers (session 1)", at(9, 14, 30), 90, Some(2), &["Paul Durand"]),
        )?;
        d.update_item(5, item(ItemKind::Talk, "Éclairs BlueHats", at(10, 10, 0), 20, Some(1), &["Léa Petit"]))?;
        d.remove_item(3)
    })
    .await
    .unwrap();
    let v2 = release(&app, "Programme définitif").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/versions")).await;

    assert_eq!(v2.number, 2);
    let lines: Vec<String> = page
        .body
        .split("<li><strong>")
        .skip(1)
        .map(|l| {
            unescape(&l[..l.find("</li>").unwrap()].replace("</strong>", ""))
                .split('<')
                .map(|p| p.split_once('>').map_or(p, |x| x.1))
                .collect()
        })
        .collect();
    assert_eq!(
        lines[..4],
        [
            "Déplacement : Temps de rencontre — mardi 9 janvier 2024, 9 h 30 – 10 h 30, Salle Ségur → mardi 9 janvier 2024, 9 h 30 – 10 h 30, Atelier 2",
            "Intervenants modifiés : Ateliers (session 1) — avant : Paul Durand, Léa Petit ; après : Paul Durand",
            "Nouveau titre : Éclairs BlueHats — auparavant « Éclairs »",
            "Annulation : Pause déjeuner — prévu mardi 9 janvier 2024, 12 h 30 – 14 h, Espace commun",
        ]
    );
    assert_eq!(lines.len(), 4 + 5, "then the five additions of v1");
    assert!(page.body.contains("<h2 class=\"fr-h4\" id=\"titre-version-2\">Version « Programme définitif »</h2>"));
}

#[tokio::test]
async fn schedule_xml_validates_against_the_xsd_and_reads_like_an_app() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/schedule.xml")).await;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &page.body).unwrap();
    let lint = Command::new("xmllint")
        .args(["--noout", "--schema", &format!("{}/schedule.xml.xsd", schemas())])
        .arg(file.path())
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    let read = python_check("check_schedule.py", &page.body);

    assert!(lint.status.success(), "{}\n{}", String::from_utf8_lossy(&lint.stderr), page.body);
    assert_eq!(page.header("content-type"), "application/xml; charset=utf-8");
    assert_eq!(read["version"], json!("v1"));
    assert_eq!(read["acronym"], json!("garagethon_bluehats_2024"));
    assert_eq!(read["time_zone_name"], json!("Europe/Paris"));
    assert_eq!(read["timeslot_duration"], json!("00:05"));
    let day1 = &read["days"][0];
    assert_eq!(
        (day1["date"].clone(), day1["start"].clone(), day1["end"].clone()),
        (json!("2024-01-09"), json!("2024-01-09T09:00:00+01:00"), json!("2024-01-09T18:00:00+01:00"))
    );
    let rooms: Vec<&str> = day1["rooms"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(rooms, ["Salle Ségur", "Atelier 2", "Espace commun"]);
    let talk = &day1["rooms"][0]["events"][0];
    assert_eq!(talk["id"], json!(2));
    assert_eq!(talk["title"], json!("Temps de rencontre"));
    assert_eq!(talk["type"], json!("talk"));
    assert_eq!(talk["track"], json!("Communs numériques"));
    assert_eq!(talk["date"], json!("2024-01-09T09:30:00+01:00"));
    assert_eq!(talk["start_utc"], json!("2024-01-09T08:30:00+00:00"));
    assert_eq!(talk["duration"], json!("01:00"));
    assert_eq!(talk["slug"], json!("garagethon_bluehats_2024-2-temps-de-rencontre"));
    assert_eq!(talk["persons"], json!(["Anne Martin"]));
}

#[tokio::test]
async fn schedule_json_validates_against_the_schema_with_pretalx_event_fields() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/schedule.json")).await;
    let read = python_check("check_schedule.py", &page.body);
    let ours: Value = serde_json::from_str(&page.body).unwrap();
    let pretalx: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{}/pretalx-democon.json", schemas())).unwrap()).unwrap();

    assert_eq!(page.header("content-type"), "application/json");
    assert_eq!(read["version"], json!("v1"));
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let our_event = &ours["schedule"]["conference"]["days"][0]["rooms"]["Salle Ségur"][0];
    let their_event = &pretalx["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][0];
    assert_eq!(keys(our_event), keys(their_event));
    assert_eq!(keys(&ours["schedule"]["conference"]["days"][0]), keys(&pretalx["schedule"]["conference"]["days"][0]));
    let their_conf = keys(&pretalx["schedule"]["conference"]);
    assert!(their_conf.iter().all(|k| ours["schedule"]["conference"].get(k).is_some()), "{their_conf:?}");
    assert_eq!(our_event["persons"][0]["public_name"], json!("Anne Martin"));
    assert_eq!(ours["schedule"]["conference"]["time_zone_name"], json!("Europe/Paris"));
    assert_eq!(ours["schedule"]["conference"]["timeslot_duration"], json!("00:05"));
    assert_eq!(
        ours["schedule"]["conference"]["tracks"],
        json!([{ "name": "Communs numériques", "slug": "communs-numeriques", "color": "#000091" }])
    );
}

#[tokio::test]
async fn exports_keep_ids_and_guids_across_releases() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;
    let v1: Value =
        serde_json::from_str(&app.get(&format!("/evenements/{SLUG}/programme/schedule.json")).await.body).unwrap();
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.update_item(5, item(ItemKind::Talk, "Éclairs", at(9, 16, 0), 20, Some(2), &["Léa Petit"]))
    })
    .await
    .unwrap();
    release(&app, "v2").await;

    let v2: Value =
        serde_json::from_str(&app.get(&format!("/evenements/{SLUG}/programme/schedule.json")).await.body).unwrap();

    let find = |v: &Value, id: i64| -> Value {
        for day in v["schedule"]["conference"]["days"].as_array().unwrap() {
            for events in day["rooms"].as_object().unwrap().values() {
                if let Some(e) = events.as_array().unwrap().iter().find(|e| e["id"] == json!(id)) {
                    return e.clone();
                }
            }
        }
        panic!("no event {id}");
    };
    let (before, after) = (find(&v1, 5), find(&v2, 5));
    assert_eq!(before["guid"], after["guid"]);
    assert_eq!(after["guid"], json!(rencontres::domain::programme::item_guid(SLUG, 5)));
    assert_eq!(
        (before["date"].clone(), after["date"].clone()),
        (json!("2024-01-10T10:00:00+01:00"), json!("2024-01-09T16:00:00+01:00"))
    );
    assert_eq!((before["room"].clone(), after["room"].clone()), (json!("Salle Ségur"), json!("Atelier 2")));
    assert_eq!(v2["schedule"]["version"], json!("v2"));
}

#[tokio::test]
async fn exports_carry_etag_and_last_modified_and_answer_304() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    let r = release(&app, "v1").await;
    let http_date = r.released_at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();

    for file in ["schedule.xml", "schedule.json", "programme.ics", "programme.csv"] {
        let path = format!("/evenements/{SLUG}/programme/{file}");
        let first = app.get(&path).await;
        let by_etag = app.get_with(&path, &[("if-none-match", first.header("etag"))]).await;
        let by_date = app.get_with(&path, &[("if-modified-since", &http_date)]).await;

        assert_eq!(first.status, 200, "{file}");
        assert!(first.header("etag").starts_with('"'), "{file}");
        assert_eq!(first.header("last-modified"), http_date, "{file}");
        assert_eq!((by_etag.status, by_etag.body.as_str()), (304, ""), "{file}");
        assert_eq!(by_date.status, 304, "{file}");
    }
}

#[tokio::test]
async fn programme_calendar_of_a_release_holds_every_item_in_paris_time() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/programme.ics")).await;
    let parsed = python_check("check_ical.py", &page.body);

    let got: Vec<(String, String, String)> = parsed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["summary"].as_str().unwrap().to_owned(),
                e["dtstart"].as_str().unwrap().to_owned(),
                e["tzid"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned(), "Europe/Paris".to_owned());
    assert_eq!(
        got,
        [
            s("Accueil et café", "2024-01-09T09:00:00"),
            s("Temps de rencontre", "2024-01-09T09:30:00"),
            s("Pause déjeuner", "2024-01-09T12:30:00"),
            s("Ateliers (session 1)", "2024-01-09T14:30:00"),
            s("Éclairs", "2024-01-10T10:00:00"),
        ]
    );
    assert_eq!(
        parsed["events"][1]["uid"],
        json!(format!("{}@rencontres.example.org", rencontres::domain::programme::item_guid(SLUG, 2)))
    );
}

#[tokio::test]
async fn programme_csv_lists_one_line_per_item() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/programme.csv")).await;

    let lines: Vec<&str> = page.body.split("\r\n").collect();
    // Issue 19: `;` and a byte-order mark, like the other French exports.
    assert_eq!(
        lines[0],
        "\u{feff}id;guid;date;debut_europe_paris;fin_europe_paris;duree_minutes;salle;type;titre;theme;intervenants;url"
    );
    let g = rencontres::domain::programme::item_guid(SLUG, 4);
    assert_eq!(
        lines[4],
        format!(
            "4;{g};2024-01-09;14:30;16:00;90;Atelier 2;workshop;Ateliers (session 1);;Paul Durand, Léa Petit;https://rencontres.example.org/evenements/{SLUG}/programme/4"
        )
    );
    assert_eq!(lines.len(), 7, "header, five items, empty after the last CRLF");
    assert_eq!(page.header("content-type"), "text/csv; charset=utf-8");
}

/// Issue 12: the public programme.csv went through its own writer, which did not defuse
/// formulas; titles and speakers typed by organisers and speakers must stay text.
#[tokio::test]
async fn programme_csv_defuses_cells_a_spreadsheet_would_run_as_formulas() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.add_item(item(ItemKind::Talk, "=HYPERLINK(\"http://x\")", at(9, 17, 0), 15, None, &["@Anne", "+Paul"]))?;
        d.add_item(item(ItemKind::Talk, "-2+3", at(9, 17, 15), 15, None, &[]))
    })
    .await
    .unwrap();
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme/programme.csv")).await;

    let titles: Vec<&str> = page
        .body
        .split("\r\n")
        .filter(|l| l.contains("/programme/6") || l.contains("/programme/7"))
        .map(|l| l.split(';').nth(8).unwrap_or(""))
        .collect();
    assert_eq!(titles, ["\"'=HYPERLINK(\"\"http://x\"\")\"", "'-2+3"]);
    assert!(page.body.contains(";'@Anne, +Paul;"), "{}", page.body);
}

#[tokio::test]
async fn track_colours_come_with_an_aa_text_colour() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;

    let css = app.get(&format!("/evenements/{SLUG}/programme/couleurs.css")).await;

    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        css.body,
        "/* D1: track colours of the released programme */\n.ren-track-1 { background-color: #000091; color: #ffffff; }\n.ren-track-border-1 { border-left-color: #000091; }\n"
    );
}

#[tokio::test]
async fn programme_of_a_draft_event_is_not_found() {
    let app = spawn_app().await;
    let mut d = garagethon();
    d.status = rencontres::domain::event::EventStatus::Draft;
    app.add_event(d).await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.add_item(item(ItemKind::Text, "Secret", at(9, 10, 0), 30, None, &[]))
    })
    .await
    .unwrap();
    release(&app, "v1").await;

    let page = app.get(&format!("/evenements/{SLUG}/programme")).await;

    assert_eq!(page.status, 404);
    assert!(!page.body.contains("Secret"));
}

#[tokio::test]
async fn static_export_writes_the_released_programme_equal_to_the_server() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;
    let out = app.dir.path().join("site");

    let summary = rencontres::web::static_site::export(app.app.clone(), &out, "/").await.unwrap();

    assert_eq!(
        summary.pages,
        15 + 21,
        "the site (with its four H1 pages and the gazette's archive and feed), then the programme: 6 pages (2 of them days), its stylesheet, 4 exports, 5 items and their calendars"
    );
    let base = format!("/evenements/{SLUG}/programme");
    let page = std::fs::read_to_string(out.join(format!("evenements/{SLUG}/programme/index.html"))).unwrap();
    assert_eq!(page, served_as_exported(&app, &app.get(&base).await.body, &out, "/"));
    let xml = std::fs::read_to_string(out.join(format!("evenements/{SLUG}/programme/schedule.xml"))).unwrap();
    assert_eq!(xml, app.get(&format!("{base}/schedule.xml")).await.body);
    assert!(out.join(format!("evenements/{SLUG}/programme/2/agenda.ics")).is_file());
    assert!(out.join(format!("evenements/{SLUG}/programme/jour/2024-01-10/index.html")).is_file());
}

#[tokio::test]
async fn release_notifying_mails_only_the_speakers_whose_item_changed() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.programme.contacts.insert("Anne Martin".into(), "anne@example.org".into());
        d.programme.contacts.insert("Léa Petit".into(), "lea@example.org".into());
        Ok(())
    })
    .await
    .unwrap();
    let release_draft = rencontres::web::organiser::programme::release_draft;
    release_draft(&app.app, &right(&app).await, "v1", false, true, Timestamp::now()).await.unwrap();
    let after_first = rencontres::store::message::list(&app.db, None, 10).await.unwrap();
    programme::edit_draft(&app.db, &right(&app).await, "test", Timestamp::now(), |d| {
        d.move_item(2, at(9, 11, 0), Some(2))
    })
    .await
    .unwrap();

    release_draft(&app.app, &right(&app).await, "v2", false, true, Timestamp::now()).await.unwrap();

    let messages = rencontres::store::message::list(&app.db, None, 10).await.unwrap();
    assert_eq!(after_first.len(), 0, "a first release only adds: nobody is told");
    let sent: Vec<(&str, &str)> = messages.iter().map(|m| (m.to.as_str(), m.subject.as_str())).collect();
    assert_eq!(sent, [("anne@example.org", "Programme modifié : Garagethon BlueHats 2024")]);
    assert_eq!(
        messages[0].body_text,
        format!(
            "Bonjour Anne Martin,\n\nLa version « v2 » du programme de Garagethon BlueHats 2024 change ce qui vous concerne :\n\n- « Temps de rencontre » est déplacé : mardi 9 janvier 2024, 9 h 30 – 10 h 30, Salle Ségur → mardi 9 janvier 2024, 11 h – 12 h, Atelier 2\n\nLe programme à jour : https://rencontres.example.org/evenements/{SLUG}/programme\n\nL'équipe Rencontres BlueHats\n"
        )
    );
}

/// D3: notices worded from a draft that was edited before the release's transaction are
/// refused with the release, so that no speaker is told of a programme that is not released.
#[tokio::test]
async fn release_with_notices_of_a_stale_basis_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    let right = right(&app).await;
    let basis = programme::release_basis(&app.db, &right).await.unwrap();
    programme::edit_draft(&app.db, &right, "test", Timestamp::now(), |d| d.remove_item(1)).await.unwrap();

    let refused = programme::release(&app.db, &right, "v1", false, Some((&basis, &[])), Timestamp::now()).await;

    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(Refusal::Programme(rencontres::domain::programme::Invalid::ChangedMeanwhile)))
        ),
        "{refused:?}"
    );
    assert_eq!(programme::latest_release_name(&app.db, right.event_id()).await.unwrap(), None);
}

/// D2: the grid's forms, as a browser without JavaScript sends them.
#[tokio::test]
async fn the_grid_moves_adds_and_removes_items_without_javascript() {
    use crate::organiser::{Browser, PASSWORD, add_user};
    let app = spawn_app().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Journée grille", 12)).await;
    let day = event.draft.dates.start_date.to_string();
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let grid = format!("/organisation/evenements/{}/programme/grille", event.id);
    let csrf = b.csrf(&grid).await;
    let added = b
        .post(
            &format!("{grid}/ajouter"),
            &[
                ("csrf", &csrf),
                ("kind", "talk"),
                ("title", "Ouverture <b>"),
                ("date", &day),
                ("start", "09:30"),
                ("minutes", "30"),
                ("room", ""),
                ("speakers", "Ada, Grace"),
            ],
        )
        .await;
    let off_grid = b
        .post(
            &format!("{grid}/deplacer"),
            &[("csrf", &csrf), ("item", "1"), ("date", &day), ("start", "10:02"), ("room", ""), ("minutes", "30")],
        )
        .await;
    let bad_duration = b
        .post(
            &format!("{grid}/deplacer"),
            &[("csrf", &csrf), ("item", "1"), ("date", &day), ("start", "10:00"), ("room", ""), ("minutes", "7")],
        )
        .await;
    let moved = b
        .post(
            &format!("{grid}/deplacer"),
            &[("csrf", &csrf), ("item", "1"), ("date", &day), ("start", "11:15"), ("room", ""), ("minutes", "45")],
        )
        .await;
    let page = b.get(&grid).await;
    let draft = rencontres::store::programme::get_draft(&app.db, event.draft.slug.as_str()).await.unwrap();
    b.post(
        &format!("{grid}/ajouter"),
        &[
            ("csrf", &csrf),
            ("kind", "break"),
            ("title", "Pause"),
            ("date", &day),
            ("start", "15:00"),
            ("minutes", "20"),
            ("room", ""),
            ("speakers", ""),
        ],
    )
    .await;
    let swapped = b.post(&format!("{grid}/echanger"), &[("csrf", &csrf), ("item", "1"), ("with", "2")]).await;
    let after_swap = rencontres::store::programme::get_draft(&app.db, event.draft.slug.as_str()).await.unwrap();
    let start_of = |id: i64| after_swap.programme.item(id).unwrap().start.time().to_string();
    assert_eq!(swapped.status, 303);
    assert_eq!(
        (start_of(1), start_of(2)),
        ("15:00:00".to_owned(), "11:15:00".to_owned()),
        "swapped starts, durations kept"
    );
    assert_eq!(after_swap.programme.item(1).unwrap().minutes, 45);
    b.post(&format!("{grid}/supprimer"), &[("csrf", &csrf), ("item", "2")]).await;
    let removed = b.post(&format!("{grid}/supprimer"), &[("csrf", &csrf), ("item", "1")]).await;
    let after = rencontres::store::programme::get_draft(&app.db, event.draft.slug.as_str()).await.unwrap();

    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(off_grid.status, 422);
    assert!(
        off_grid.body.contains("L&#x27;heure de début doit tomber sur un multiple de 5 minutes.")
            || off_grid.body.contains("multiple de 5 minutes")
    );
    assert_eq!(bad_duration.status, 422);
    assert_eq!(moved.status, 303);
    assert!(moved.header("location").ends_with("fait=deplace&element=1#element-1"));
    let item = &draft.programme.items[0];
    assert_eq!((item.start.time().to_string().as_str(), item.minutes), ("11:15:00", 45));
    assert_eq!(item.speakers, ["Ada", "Grace"]);
    assert!(page.body.contains("rowspan=\"3\""), "45 minutes cover three 15-minute rows");
    assert!(page.body.contains("Ouverture &lt;b&gt;"));
    assert_eq!(removed.status, 303);
    assert!(after.programme.items.is_empty());
}

/// D4: a third-party reader of frab XML, `schedule-convert` from PyPI, reads our export and
/// writes it as iCalendar; Python's `icalendar` then finds every item at its time and room.
#[tokio::test]
async fn a_third_party_reader_converts_our_schedule_xml() {
    let app = spawn_app().await;
    seed_draft(&app).await;
    release(&app, "v1").await;
    let xml = app.get(&format!("/evenements/{SLUG}/programme/schedule.xml")).await.body;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schedule.xml"), &xml).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let tool = format!("{root}/tests/tools/.venv/bin/schedule_convert");
    let out = Command::new(&tool)
        .arg(dir.path().join("schedule.xml"))
        .args(["-f", "ical", "-o"])
        .arg(dir.path().join("out.ics"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e} (run scripts/install-test-deps.sh)"));
    assert!(out.status.success(), "schedule_convert refused our XML:\n{}", String::from_utf8_lossy(&out.stderr));
    let script = r#"
import sys, json, icalendar, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
rows = []
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART')
    rows.append([str(e.get('SUMMARY')), start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M'), str(e.get('LOCATION', ''))])
print(json.dumps(sorted(rows, key=lambda r: (r[1], r[2]))))
"#;
    let python = format!("{root}/tests/tools/.venv/bin/python3");
    let read = Command::new(&python).arg("-c").arg(script).arg(dir.path().join("out.ics")).output().unwrap();
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let rows: Vec<(String, String, String)> = serde_json::from_slice(&read.stdout).unwrap();
    let ours = python_check("check_schedule.py", &xml);
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for day in ours["days"].as_array().unwrap() {
        for room in day["rooms"].as_array().unwrap() {
            for e in room["events"].as_array().unwrap() {
                let utc = e["start_utc"].as_str().unwrap()[..16].to_owned();
                expected.push((
                    e["title"].as_str().unwrap().to_owned(),
                    utc,
                    room["name"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    expected.sort_by(|a, b| (&a.1, &a.2).cmp(&(&b.1, &b.2)));

    assert_eq!(rows.len(), expected.len(), "every item comes out of the third-party reader");
    for (got, want) in rows.iter().zip(&expected) {
        assert!(got.0.starts_with(&want.0), "title {:?} for {:?}", got.0, want.0);
        assert_eq!((&got.1, &got.2), (&want.1, &want.2));
    }
}

/// G4 D1 D3: each programme write leaves exactly one audit entry naming its account (issue
/// 12); a refused import and a blocked release leave none; the command line's entries carry
/// no account and the audit log says they came from the command line.
#[tokio::test]
async fn programme_import_and_release_each_leave_one_audit_entry() {
    use crate::organiser::{Browser, PASSWORD, add_user};
    let app = spawn_app().await;
    let admin = add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(garagethon()).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/programme", event.id);
    let csrf = b.csrf(&base).await;
    let yaml = "rooms:\n  - { name: Salle 1 }\nitems:\n  - { kind: talk, title: Un, start: \"2024-01-09 09:30\", minutes: 30, room: Salle 1 }\n  - { kind: talk, title: Deux, start: \"2024-01-09 09:45\", minutes: 30, room: Salle 1 }\n";
    let since: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetch_one(app.db.pool()).await.unwrap();

    b.post(
        &format!("{base}/importer"),
        &[
            ("csrf", &csrf),
            (
                "yaml",
                "items:\n  - { kind: talk, title: Un, start: \"2024-01-09 09:30\", minutes: 30, room: Nulle part }\n",
            ),
        ],
    )
    .await;
    b.post(&format!("{base}/importer"), &[("csrf", &csrf), ("yaml", yaml)]).await;
    b.post(&format!("{base}/publier"), &[("csrf", &csrf), ("name", "v1")]).await;
    b.post(&format!("{base}/publier"), &[("csrf", &csrf), ("name", "v1"), ("override_warnings", "1")]).await;
    programme::edit_draft(&app.db, &right(&app).await, "programme.remove_item", Timestamp::now(), |d| d.remove_item(2))
        .await
        .unwrap();
    let journal = b.get("/organisation/journal").await;

    type Entry = (Option<i64>, String, String, Option<i64>, String);
    let entries: Vec<Entry> = sqlx::query_as(
        "SELECT user_id, action, object_kind, object_id, details FROM audit_log WHERE id > $1 ORDER BY id",
    )
    .bind(since)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let id = Some(event.id.get());
    assert_eq!(
        entries,
        [
            (Some(admin), "programme.import".into(), "event".into(), id, r#"{"items":2,"rooms":1,"tracks":0}"#.into()),
            (
                Some(admin),
                "programme.release".into(),
                "event".into(),
                id,
                r#"{"name":"v1","number":1,"overridden":true}"#.into()
            ),
            (None, "programme.remove_item".into(), "event".into(), id, r#"{"via":"command_line"}"#.into()),
        ]
    );
    assert!(
        journal.body.contains("<td>Ligne de commande</td><td>a retiré un créneau du programme</td>"),
        "{}",
        journal.body
    );
}
