//! A5: the static export writes every public page the server shows.

use crate::helpers::*;

#[tokio::test]
async fn static_export_writes_pages_feeds_and_assets_equal_to_the_server() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier exporté", 8)).await;
    let issue = rencontres::domain::gazette::IssueDraft::parse("31", "Gazette n°31", "Texte.").unwrap();
    let now = jiff::Timestamp::now();
    rencontres::store::gazette_issue::import_archived(&app.db, &issue, now, now).await.unwrap();
    let out = app.dir.path().join("site");

    let summary = rencontres::web::static_site::export(app.app.clone(), &out).await.unwrap();

    assert_eq!(
        summary.pages, 16,
        "home, events, archives, tags, atom, ics, the four H1 pages, the gazette's archive, feed and one issue, event page, event ics, tag page"
    );
    let page = std::fs::read_to_string(out.join("evenements/atelier-exporte/index.html")).unwrap();
    assert_eq!(page, app.get("/evenements/atelier-exporte").await.body);
    assert!(out.join("evenements/atelier-exporte/calendrier.ics").is_file());
    assert!(out.join("etiquettes/bluehats/index.html").is_file());
    assert!(out.join("flux.atom").is_file());
    assert!(out.join("gazette/flux.atom").is_file());
    assert_eq!(std::fs::read_to_string(out.join("gazette/31/index.html")).unwrap(), app.get("/gazette/31").await.body);
    assert!(out.join("404.html").is_file());
    assert!(out.join("accessibilite/index.html").is_file());
    assert!(out.join("donnees-personnelles/index.html").is_file());
    assert!(out.join("assets/dsfr/dsfr.min.css").is_file());
}
