//! H1: the pages a French public site must have, linked from every page, their facts read from
//! the settings and, for personal data, from each event's retention period.

use crate::helpers::*;
use rencontres::config::Compliance;

/// The links of the footer's bottom list, in order.
fn footer_links(body: &str) -> Vec<String> {
    let list = between(body, "<ul class=\"fr-footer__bottom-list\">", "</ul>");
    list.split("class=\"fr-footer__bottom-link\" href=\"")
        .skip(1)
        .map(|part| {
            let (href, rest) = part.split_once("\">").unwrap();
            let text = rest.split("</a>").next().unwrap();
            format!("{href} {}", unescape(text))
        })
        .collect()
}

#[tokio::test]
async fn every_page_links_the_four_mandatory_pages_in_order() {
    let app = spawn_app().await;
    app.add_event(event_draft("Journée BlueHats", 10)).await;

    let pages = [
        app.get("/").await,
        app.get("/evenements/journee-bluehats").await,
        app.get("/organisation/connexion").await,
        app.get("/cette-page-n-existe-pas").await,
        app.get("/accessibilite").await,
    ];

    for page in &pages {
        assert_eq!(
            footer_links(&page.body),
            [
                "/plan-du-site Plan du site",
                "/accessibilite Accessibilité : non conforme",
                "/mentions-legales Mentions légales",
                "/donnees-personnelles Données personnelles",
            ],
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn accessibility_statement_without_an_audit_is_non_conforme() {
    let app = spawn_app().await;

    let page = app.get("/accessibilite").await;

    assert_eq!(page.status, 200);
    assert!(page.body.contains("est <strong>non conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2 : aucun audit de conformité n’a encore été réalisé."), "{}", page.body);
    assert!(page.body.contains(
        "Aucun audit de conformité n’a encore été réalisé : il n’y a donc pas de taux de conformité à publier."
    ));
    let headings: Vec<&str> = page.body.split("<h2 id=\"").skip(1).map(|h| h.split('"').next().unwrap()).collect();
    assert_eq!(headings, ["etat", "resultats", "contenus", "etablissement", "contact", "recours"]);
    assert!(page.body.contains("Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"));
}

#[tokio::test]
async fn accessibility_statement_and_footer_follow_the_settings() {
    let app = spawn_app_with(|c| {
        c.accessibility.compliance = Compliance::Partial;
        c.accessibility.rate = Some("72".into());
        c.accessibility.auditor = Some("Access42".into());
        c.accessibility.audit_date = Some("12 mars 2027".into());
        c.accessibility.statement_date = Some("20 mars 2027".into());
        c.accessibility.non_conformities = vec!["La carte du lieu n’a pas d’alternative textuelle.".into()];
        c.accessibility.contact_email = Some("accessibilite@example.org".into());
    })
    .await;

    let statement = app.get("/accessibilite").await;
    let home = app.get("/").await;

    assert!(footer_links(&home.body).contains(&"/accessibilite Accessibilité : partiellement conforme".to_owned()));
    assert!(statement.body.contains("est <strong>partiellement conforme</strong>"), "{}", statement.body);
    assert!(statement.body.contains("L’audit de conformité réalisé par Access42 le 12 mars 2027 établit que 72 % des critères du RGAA version 4.1.2 sont respectés."));
    assert!(statement.body.contains("<li>La carte du lieu n’a pas d’alternative textuelle.</li>"));
    assert!(statement.body.contains("Cette déclaration a été établie le 20 mars 2027."));
    assert!(statement.body.contains("href=\"mailto:accessibilite@example.org\""));
}

#[tokio::test]
async fn legal_notice_names_publisher_director_and_host_from_the_settings() {
    let app = spawn_app_with(|c| {
        c.legal.publisher = Some("Direction interministérielle du numérique".into());
        c.legal.publisher_address = Some("20 avenue de Ségur, 75007 Paris".into());
        c.legal.publication_director = Some("Camille Martin".into());
        c.legal.host = Some("Hébergeur Exemple".into());
    })
    .await;

    let page = app.get("/mentions-legales").await;

    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(
            "Ce site est édité par Direction interministérielle du numérique, 20 avenue de Ségur, 75007 Paris."
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("<p>Camille Martin</p>"));
    assert!(page.body.contains("Ce site est hébergé par Hébergeur Exemple."));
}

#[tokio::test]
async fn personal_data_page_states_each_events_own_retention_period() {
    let app = spawn_app().await;
    let short = app.add_event(event_draft("Atelier court", 10)).await;
    let long = app.add_event(event_draft("Journée longue", 20)).await;
    app.add_event(event_draft("Sans inscription", 30)).await;
    app.open_registrations(&short, 10).await;
    app.open_registrations(&long, 10).await;
    sqlx::query("UPDATE registration_settings SET retention_days = 30 WHERE event_id = $1")
        .bind(short.id)
        .execute(app.db.pool())
        .await
        .unwrap();

    let page = app.get("/donnees-personnelles").await;

    assert_eq!(page.status, 200);
    let rows: Vec<String> = between(&page.body, "<tbody>", "</tbody>")
        .split("<tr>")
        .skip(1)
        .map(|r| {
            let title = between(r, "\">", "</a>");
            let days = r.rsplit("<td>").next().unwrap().split("</td>").next().unwrap();
            format!("{title}: {}", unescape(days))
        })
        .collect();
    assert_eq!(
        rows,
        ["Journée longue: 90 jours après la fin de l’événement", "Atelier court: 30 jours après la fin de l’événement"]
    );
    assert!(page.body.contains("aucun bandeau ne vous demande votre accord"));
}

#[tokio::test]
async fn site_map_lists_every_public_page_and_each_event() {
    let app = spawn_app().await;
    app.add_event(event_draft("Hackathon à venir", 10)).await;
    app.add_event(event_draft("Garagethon passé", -40)).await;

    let page = app.get("/plan-du-site").await;

    assert_eq!(page.status, 200);
    for href in [
        "/",
        "/evenements",
        "/evenements/hackathon-a-venir",
        "/archives",
        "/evenements/garagethon-passe",
        "/etiquettes",
        "/etiquettes/bluehats",
        "/flux.atom",
        "/calendrier.ics",
        "/accessibilite",
        "/mentions-legales",
        "/donnees-personnelles",
    ] {
        assert!(page.body.contains(&format!("href=\"{href}\"")), "{href} missing from {}", page.body);
    }
}

#[tokio::test]
async fn registration_form_links_the_personal_data_page_beside_its_consent() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Journée BlueHats", 10)).await;
    app.open_registrations(&event, 10).await;

    let form = app.get("/evenements/journee-bluehats/inscription").await;

    assert_eq!(form.status, 200);
    let notice = between(&form.body, "<p class=\"fr-text--sm\">Vos données servent", "</p>");
    assert!(
        notice.ends_with("<a href=\"/donnees-personnelles#inscriptions\">Vos données personnelles et vos droits</a>"),
        "{notice}"
    );
}
