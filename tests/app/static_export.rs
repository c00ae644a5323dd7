//! A5: the static export writes every public page the server shows.

use crate::helpers::*;

#[tokio::test]
async fn static_export_writes_pages_feeds_and_assets_equal_to_the_server() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier exporté", 8)).await;
    let issue = rencontres::domain::gazette::IssueDraft::parse("31", "Gazette n°31", "Texte.").unwrap();
    let now = jiff::Timestamp::now();
    rencontres::store::gazette_issue::import_archived(&app.db, &issue, now, now).await.unwrap();
    app.put_media("atelier-exporte/affiche.png", b"\x89PNG\r\n\x1a\nimage").await;
    app.put_media("atelier-exporte/page.png", b"<script>alert(1)</script>").await;
    let out = app.dir.path().join("site");

    let summary = rencontres::web::static_site::export(app.app.clone(), &out, "/").await.unwrap();

    assert_eq!(
        summary.pages, 16,
        "home, events, archives, tags, atom, ics, the four H1 pages, the gazette's archive, feed and one issue, event page, event ics, tag page"
    );
    let page = std::fs::read_to_string(out.join("evenements/atelier-exporte/index.html")).unwrap();
    assert_eq!(page, served_as_exported(&app, &app.get("/evenements/atelier-exporte").await.body, &out, "/"));
    assert!(out.join("evenements/atelier-exporte/calendrier.ics").is_file());
    assert!(out.join("etiquettes/bluehats/index.html").is_file());
    assert!(out.join("flux.atom").is_file());
    assert!(out.join("gazette/flux.atom").is_file());
    let issue = std::fs::read_to_string(out.join("gazette/31/index.html")).unwrap();
    assert_eq!(issue, served_as_exported(&app, &app.get("/gazette/31").await.body, &out, "/"));
    assert!(
        issue.contains("action=\"https://rencontres.example.org/gazette\""),
        "the footer's subscription form posts to the live site"
    );
    assert!(out.join("404.html").is_file());
    assert!(out.join("accessibilite/index.html").is_file());
    assert!(out.join("donnees-personnelles/index.html").is_file());
    assert!(out.join("assets/dsfr/dsfr.min.css").is_file());
    // O1: images come from the database, and only images.
    assert_eq!(std::fs::read(out.join("media/atelier-exporte/affiche.png")).unwrap(), b"\x89PNG\r\n\x1a\nimage");
    assert!(!out.join("media/atelier-exporte/page.png").exists(), "what the server would not serve is not written");
    assert_eq!(summary.media, 1);
}

/// Every root-relative URL of the exported pages' attributes (`href`, `src`, `action`).
fn local_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href=\"", "src=\"", "action=\""] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            urls.push(unescape(value));
        }
    }
    urls
}

/// A5 (issue 19 #14): exported under a sub-path, pages link to what the copy holds under
/// that sub-path, and registration, proposals and every other live page go to `base_url`.
#[tokio::test]
async fn static_export_under_a_sub_path_links_inside_the_copy_or_to_the_live_site() {
    let app = spawn_app_with(|c| c.base_url = "https://live.example.org".into()).await;
    let event = app.add_event(event_draft("Atelier sous-dossier", 8)).await;
    app.open_registrations(&event, 20).await;
    let out = app.dir.path().join("site");

    rencontres::web::static_site::export(app.app.clone(), &out, "fr/bluehats").await.unwrap();

    let mut broken = Vec::new();
    let mut live = Vec::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for url in local_urls(&html) {
            if let Some(rest) = url.strip_prefix("https://live.example.org/") {
                live.push(format!("/{rest}"));
            } else if let Some(rest) = url.strip_prefix("/fr/bluehats/") {
                let path = format!("/{}", rest.split(['?', '#']).next().unwrap());
                if !exported_file(&out, &path).is_file() {
                    broken.push(format!("{}: {url}", entry.path().display()));
                }
            } else if url.starts_with('/') && !url.starts_with("//") {
                broken.push(format!("{}: {url} (outside the sub-path)", entry.path().display()));
            }
        }
    }
    assert_eq!(broken, Vec::<String>::new());
    let registration = "/evenements/atelier-sous-dossier/inscription";
    assert!(live.iter().any(|u| u == registration), "the registration link goes live: {live:?}");
    let page = std::fs::read_to_string(out.join("evenements/atelier-sous-dossier/index.html")).unwrap();
    assert!(page.contains("href=\"/fr/bluehats/assets/dsfr/dsfr.min.css"), "{page}");
}

/// Issue 18: the static copy of an event held in sessions lists them, and its calendar file
/// has one VEVENT per session.
#[tokio::test]
async fn static_export_shows_the_sessions_of_a_series() {
    let app = spawn_app().await;
    let mut d = event_draft("Cycle exporté", 8);
    let day = |n: i32| d.dates.start_date.checked_add(jiff::Span::new().days(n)).unwrap();
    let sessions = [0, 28, 56]
        .map(|n| rencontres::domain::event::Session { date: day(n), start_time: None, end_time: None })
        .to_vec();
    d.set_sessions(sessions.clone()).unwrap();
    app.add_event(d).await;
    let out = app.dir.path().join("site");

    rencontres::web::static_site::export(app.app.clone(), &out, "/").await.unwrap();

    let page = std::fs::read_to_string(out.join("evenements/cycle-exporte/index.html")).unwrap();
    let ics = std::fs::read_to_string(out.join("evenements/cycle-exporte/calendrier.ics")).unwrap();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for s in &sessions {
        assert!(page.contains(&format!("<li><time datetime=\"{}\">", s.date)), "{page}");
    }
    assert!(page.contains("3 séances :"), "{page}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    let sentence = rencontres::domain::french::sessions(&sessions);
    assert!(home.contains(&sentence), "{sentence} not in {home}");
}
