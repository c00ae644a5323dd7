//! A2: public pages over a real socket.

use crate::helpers::*;
use rencontres::domain::event::{EventDates, EventStatus, Image, Session};

#[tokio::test]
async fn home_lists_upcoming_earliest_first_and_recent_past_latest_first() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier lointain", 60)).await;
    app.add_event(event_draft("Atelier proche", 5)).await;
    app.add_event(event_draft("Journée ancienne", -300)).await;
    app.add_event(event_draft("Journée récente", -10)).await;

    let page = app.get("/").await;

    assert_eq!(page.status, 200);
    let upcoming = between(&page.body, "id=\"a-venir\"", "id=\"editions-recentes\"");
    assert_eq!(card_titles(upcoming), ["Atelier proche", "Atelier lointain"]);
    let past = between(&page.body, "id=\"editions-recentes\"", "id=\"etiquettes\"");
    assert_eq!(card_titles(past), ["Journée récente", "Journée ancienne"]);
}

#[tokio::test]
async fn draft_event_is_invisible_to_the_public() {
    let app = spawn_app().await;
    let mut draft = event_draft("Brouillon secret", 10);
    draft.status = EventStatus::Draft;
    app.add_event(draft).await;
    app.add_event(event_draft("Publié", 10)).await;

    let home = app.get("/").await;
    let page = app.get("/evenements/brouillon-secret").await;
    let feed = app.get("/flux.atom").await;
    let ics = app.get("/calendrier.ics").await;

    assert_eq!(card_titles(&home.body), ["Publié"]);
    assert_eq!(page.status, 404);
    assert!(!feed.body.contains("Brouillon secret"));
    assert!(!ics.body.contains("Brouillon secret"));
}

#[tokio::test]
async fn event_page_shows_french_dates_venue_and_map_link() {
    let app = spawn_app().await;
    let mut draft = event_draft("Garagethon d'hiver", 0);
    draft.dates = EventDates::new(
        jiff::civil::date(2024, 1, 9),
        jiff::civil::date(2024, 1, 10),
        Some(jiff::civil::time(10, 0, 0, 0)),
        Some(jiff::civil::time(17, 0, 0, 0)),
    )
    .unwrap();
    draft.image = Some(Image::new("/media/g/affiche.png".into(), "Affiche du garagethon".into(), false).unwrap());
    app.add_event(draft).await;

    let page = app.get("/evenements/garagethon-d-hiver").await;

    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(between(&page.body, "<h1 id=\"titre-evenement\">", "</h1>"), "Garagethon d&#39;hiver");
    assert_eq!(
        between(&page.body, "<time datetime=\"2024-01-09T10:00\">", "</time>"),
        "du mardi 9 au mercredi 10 janvier 2024, 10 h – 17 h chaque jour"
    );
    assert_eq!(
        between(&page.body, "<span class=\"ren-facts__strong\">", "</span>"),
        "Lieu de la Transformation Publique"
    );
    assert!(page.body.contains("href=\"https://osm.org/go/0BOdSvERD?node=9825094308\""));
    assert!(
        page.body
            .contains("<img class=\"fr-responsive-img\" src=\"/media/g/affiche.png\" alt=\"Affiche du garagethon\">")
    );
    assert!(page.body.contains("Cet événement est terminé."));
    assert_eq!(between(&page.body, "<title>", "</title>"), "Garagethon d&#39;hiver — Rencontres BlueHats");
}

/// Issue 18: an event held in three sessions says so on its page (each session listed), on
/// its card and in the archive, never « du 12 mars au 14 mai ».
#[tokio::test]
async fn a_series_of_sessions_is_listed_on_the_page_and_said_on_cards_and_in_the_archive() {
    let app = spawn_app().await;
    let mut draft = event_draft("Cycle en ligne", 0);
    let at = |m: i8, d: i8, h: i8| Session {
        date: jiff::civil::date(2024, m, d),
        start_time: Some(jiff::civil::time(h, 0, 0, 0)),
        end_time: Some(jiff::civil::time(h + 2, 0, 0, 0)),
    };
    draft.set_sessions(vec![at(3, 12, 14), at(4, 9, 14), at(5, 14, 14)]).unwrap();
    app.add_event(draft).await;

    let page = app.get("/evenements/cycle-en-ligne").await;
    let archives = app.get("/archives").await;

    assert_eq!(page.status, 200);
    let facts = between(&page.body, "<dt class=\"fr-icon-calendar-line\">Date</dt>", "</dd>");
    let listed: Vec<&str> =
        facts.split("<time datetime=\"").skip(1).map(|t| t.split_once("</time>").unwrap().0).collect();
    assert_eq!(
        listed,
        [
            "2024-03-12T14:00\">mardi 12 mars 2024, 14 h – 16 h",
            "2024-04-09T14:00\">mardi 9 avril 2024, 14 h – 16 h",
            "2024-05-14T14:00\">mardi 14 mai 2024, 14 h – 16 h",
        ]
    );
    assert!(facts.contains("3 séances :"), "{facts}");
    assert!(archives.body.contains("les 12 mars, 9 avril et 14 mai 2024, 14 h – 16 h"), "{}", archives.body);
    assert!(!archives.body.contains("du mardi 12 mars"), "{}", archives.body);
}

#[tokio::test]
async fn event_body_with_hostile_markup_is_rendered_inert() {
    let app = spawn_app().await;
    let mut draft = event_draft("Piège", 3);
    draft.body_md = "Texte <script>alert(1)</script><img src=x onerror=alert(2)> [lien](javascript:alert(3)) <a href=\"https://ok.example\" style=\"color:red\" onclick=\"x()\">ok</a>".into();
    draft.title = "<script>alert('titre')</script>".into();
    draft.slug = rencontres::domain::event::Slug::parse("piege").unwrap();
    app.add_event(draft).await;

    let page = app.get("/evenements/piege").await;

    assert_eq!(page.status, 200);
    let body = between(&page.body, "<div class=\"ren-body\">", "</div>");
    assert_eq!(
        body.trim(),
        "<p>Texte <img src=\"x\"> <a rel=\"noopener noreferrer\">lien</a> <a href=\"https://ok.example\" rel=\"noopener noreferrer\">ok</a></p>"
    );
    assert!(page.body.contains("&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert"));
}

#[tokio::test]
async fn tag_page_lists_upcoming_then_past_and_unknown_tag_is_404() {
    let app = spawn_app().await;
    let mut other = event_draft("Sans étiquette commune", 3);
    other.tags = vec!["autre".into()];
    app.add_event(other).await;
    app.add_event(event_draft("Rencontre passée", -30)).await;
    app.add_event(event_draft("Rencontre future", 30)).await;

    let page = app.get("/etiquettes/bluehats").await;
    let missing = app.get("/etiquettes/inconnue").await;

    assert_eq!(page.status, 200);
    assert_eq!(card_titles(&page.body), ["Rencontre future", "Rencontre passée"]);
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn tag_index_counts_events_per_tag() {
    let app = spawn_app().await;
    app.add_event(event_draft("Un", 3)).await;
    let mut two = event_draft("Deux", 4);
    two.tags = vec!["bluehats".into(), "garagethon".into()];
    app.add_event(two).await;

    let page = app.get("/etiquettes").await;

    assert_eq!(page.status, 200);
    let first = page.body.find("href=\"/etiquettes/bluehats\"").unwrap();
    let second = page.body.find("href=\"/etiquettes/garagethon\"").unwrap();
    assert!(first < second, "most used tag first");
}

#[tokio::test]
async fn archives_group_past_events_by_year_newest_first() {
    let app = spawn_app().await;
    for (title, y) in [("Édition 2021", 2021), ("Édition 2023", 2023), ("Autre 2023", 2023)] {
        let mut d = event_draft(title, 0);
        let day = jiff::civil::date(y, if title.starts_with("Autre") { 3 } else { 6 }, 1);
        d.dates = EventDates::all_day(day);
        app.add_event(d).await;
    }
    app.add_event(event_draft("Future", 10)).await;

    let page = app.get("/archives").await;

    assert_eq!(page.status, 200);
    assert_eq!(card_titles(&page.body), ["Édition 2023", "Autre 2023", "Édition 2021"]);
    assert!(page.body.find("id=\"annee-2023\"").unwrap() < page.body.find("id=\"annee-2021\"").unwrap());
}

#[tokio::test]
async fn unknown_page_is_a_french_404() {
    let app = spawn_app().await;

    let page = app.get("/nulle-part").await;

    assert_eq!(page.status, 404);
    assert_eq!(between(&page.body, "<title>", "</title>"), "Page introuvable — Rencontres BlueHats");
    assert!(page.body.contains("<html lang=\"fr\""));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    app.add_event(event_draft("Un", 3)).await;

    for path in ["/", "/evenements/un", "/nulle-part", "/assets/site.css", "/flux.atom"] {
        let page = app.get(path).await;

        assert_eq!(
            page.header("content-security-policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            "{path}"
        );
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(page.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(page.header("strict-transport-security"), "", "HSTS is off unless configured");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_configured() {
    let app = spawn_app_with(|c| c.hsts = true).await;

    let page = app.get("/").await;

    assert_eq!(page.header("strict-transport-security"), "max-age=31536000; includeSubDomains");
}

#[tokio::test]
async fn cached_page_answers_304_to_its_etag_and_changes_after_an_edit() {
    let app = spawn_app().await;
    app.add_event(event_draft("Premier", 3)).await;
    let first = app.get("/").await;
    let etag = first.header("etag").to_owned();

    let again = app.get_with("/", &[("if-none-match", &etag)]).await;
    app.add_event(event_draft("Second", 4)).await;
    let after = app.get_with("/", &[("if-none-match", &etag)]).await;

    assert_eq!(again.status, 304);
    assert_eq!(again.body, "");
    assert_eq!(after.status, 200);
    assert_eq!(card_titles(&after.body), ["Premier", "Second"]);
    assert_ne!(after.header("etag"), etag);
}

#[tokio::test]
async fn media_requests_cannot_leave_the_media_folder() {
    let app = spawn_app().await;
    app.put_media("ev/a.png", b"\x89PNG").await;
    std::fs::write(app.dir.path().join("secret.txt"), b"secret").unwrap();
    std::fs::create_dir_all(app.dir.path().join("media")).unwrap();
    std::fs::write(app.dir.path().join("media/b.png"), b"\x89PNG").unwrap();

    let ok = app.get("/media/ev/a.png").await;
    let escape = app.get("/media/..%2fsecret.txt").await;
    let escape2 = app.get("/media/ev/../../secret.txt").await;
    let disk = app.get("/media/b.png").await;

    assert_eq!(ok.status, 200);
    assert_eq!(disk.status, 404, "a running server reads images from the database only");
    assert_eq!(ok.header("content-type"), "image/png");
    assert_eq!(escape.status, 404);
    assert_eq!(escape2.status, 404);
}

#[tokio::test]
async fn embedded_assets_are_served_with_long_cache() {
    let app = spawn_app().await;

    let css = app.get("/assets/dsfr/dsfr.min.css").await;
    let missing = app.get("/assets/nope.css").await;

    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(css.header("cache-control"), "public, max-age=31536000, immutable");
    assert!(css.body.len() > 10_000);
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn neutral_theme_drops_state_branding() {
    let dsfr = spawn_app().await;
    let neutral = spawn_app_with(|c| c.theme = rencontres::config::Theme::Neutral).await;

    let a = dsfr.get("/").await;
    let b = neutral.get("/").await;

    assert!(a.body.contains("fr-logo"), "DSFR theme shows the Marianne block");
    assert!(!b.body.contains("fr-logo"));
    assert!(b.body.contains("/assets/neutral.css"));
    assert!(!a.body.contains("/assets/neutral.css"));
}

#[tokio::test]
async fn home_shows_the_twelve_next_events_and_the_list_shows_all() {
    let app = spawn_app().await;
    for i in 1..=14 {
        app.add_event(event_draft(&format!("Atelier {i:02}"), i)).await;
    }

    let home = app.get("/").await;
    let all = app.get("/evenements").await;

    let upcoming = between(&home.body, "id=\"a-venir\"", "id=\"etiquettes\"");
    assert_eq!(card_titles(upcoming), (1..=12).map(|i| format!("Atelier {i:02}")).collect::<Vec<_>>());
    assert_eq!(card_titles(&all.body).len(), 14);
}

/// Issue 13: an imported SVG with a script was served from our origin and read an
/// organiser's CSRF value. Only PNG, JPEG and WebP, by their signature, come out of /media/,
/// sandboxed and never sniffed.
#[tokio::test]
async fn media_serves_only_images_by_their_signature_and_sandboxed() {
    let app = spawn_app().await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>fetch('/organisation')</script></svg>";
    app.put_media("import/affiche.svg", svg).await;
    app.put_media("import/page.png", b"<!doctype html><script>alert(1)</script>").await;
    app.put_media("import/outil.js", b"alert(1)").await;
    app.put_media("import/photo.jpg", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").await;

    let svg = app.get("/media/import/affiche.svg").await;
    let html = app.get("/media/import/page.png").await;
    let js = app.get("/media/import/outil.js").await;
    let png = app.get("/media/import/photo.jpg").await;

    assert_eq!((svg.status, html.status, js.status), (404, 404, 404));
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), "image/png", "the signature decides, not the name");
    assert_eq!(png.header("content-security-policy"), "sandbox; default-src 'none'");
    assert_eq!(png.header("x-content-type-options"), "nosniff");
}

/// Issue 19: two icons used by the pages (beside « Inscription » and every export link) were
/// missing from the bundled DSFR subset and showed as black squares.
#[test]
fn every_icon_a_template_uses_is_in_the_shipped_css() {
    let root = env!("CARGO_MANIFEST_DIR");
    let css = std::fs::read_to_string(format!("{root}/assets/dsfr/utility/icons/icons.subset.css")).unwrap()
        + &std::fs::read_to_string(format!("{root}/assets/dsfr/dsfr.min.css")).unwrap();
    let mut used = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(format!("{root}/templates")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for part in text.split("fr-icon-").skip(1) {
            let name: String =
                part.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-').collect();
            // A name built at render time (`fr-icon-{{ … }}`) cannot be checked here.
            if !name.is_empty() && !name.ends_with('-') {
                used.insert(format!("fr-icon-{name}"));
            }
        }
    }

    let missing: Vec<&String> = used.iter().filter(|class| !css.contains(&format!(".{class}:"))).collect();

    assert!(used.contains("fr-icon-download-line") && used.contains("fr-icon-user-add-line"), "{used:?}");
    assert_eq!(missing, Vec::<&String>::new());
}

/// Issue 13: axum answered a path parameter or a query string it could not read with its own
/// English plain text.
#[tokio::test]
async fn malformed_path_parameter_or_query_string_gets_the_french_400_page() {
    let app = spawn_app().await;

    let path = app.get(&format!("/propositions/{}/abc", "0".repeat(64))).await;
    let query = app.get("/connexion?etat=a&etat=b").await;

    for page in [&path, &query] {
        assert_eq!(page.status, 400);
        assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
        assert_eq!(between(&page.body, "<title>", "</title>"), "Requête invalide — Rencontres BlueHats");
        assert_eq!(
            between(&page.body, "<p class=\"fr-text--lead\">", "</p>"),
            "L’adresse demandée contient une valeur qui n’est pas valide. Vérifiez le lien ou revenez à la page précédente."
        );
    }
}
