//! B1 B6: an event's registrations in the organiser space: settings, list, door list, check-in.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user};

#[tokio::test]
async fn organiser_configures_registrations_then_checks_people_in_from_the_list() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Journée à l'accueil", 15)).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let csrf = b.csrf(&format!("/organisation/evenements/{}/inscriptions", event.id)).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);

    let bad = b.post(&format!("{base}/reglages"), &[("csrf", &csrf), ("mode", "first_come"), ("places", "-3"), ("retention_days", "90")]).await;
    let saved = b.post(&format!("{base}/reglages"), &[("csrf", &csrf), ("mode", "first_come"), ("places", "2"), ("retention_days", "90"), ("consent", "")]).await;
    let slug = event.draft.slug.to_string();
    for (name, email) in [("=HYPERLINK(\"http://x\")", "formule@example.org"), ("Élodie Dupré", "elodie@example.org")] {
        let page = app
            .post_form(&format!("/evenements/{slug}/inscription"), &[("name", name), ("email", email), ("organisation", "Ministère de l'Écologie"), ("status", "contractor")])
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
    app.deliver_queued_mail().await;
    for to in ["formule@example.org", "elodie@example.org"] {
        let link = sink.last_link_to(to);
        app.post_form(&format!("{link}/confirmer"), &[]).await;
    }
    let list = b.get(&base).await;
    let elodie = rencontres::store::registration::list(&app.db, event.id).await.unwrap().into_iter().find(|r| r.email == "elodie@example.org").unwrap();
    let checked = b.post(&format!("{base}/presence"), &[("csrf", &csrf), ("registration", &elodie.id.to_string())]).await;
    let csv = b.get(&format!("{base}.csv")).await;

    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Indiquez un nombre de places entre 0 et 100 000."));
    assert_eq!(saved.status, 303);
    assert_eq!(between(&list.body, "<strong id=\"places-prises\">", "</strong>"), "2");
    assert_eq!(checked.status, 303);
    assert_eq!(app.states(&event).await.iter().find(|s| s.0 == "elodie@example.org").unwrap().1, "attended");
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.body,
        "\u{feff}Nom;Adresse électronique;Organisation;Statut;État\r\n\
         \"Élodie Dupré\";\"elodie@example.org\";\"Ministère de l'Écologie\";\"Prestataire du secteur public\";\"Présent\"\r\n\
         \"'=HYPERLINK(\"\"http://x\"\")\";\"formule@example.org\";\"Ministère de l'Écologie\";\"Prestataire du secteur public\";\"Inscription confirmée\"\r\n"
    );
}
