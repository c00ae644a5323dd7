//! H2 (issue 15, items 5 and 6): every public page answers in English with `?lang=en`; the
//! organiser's English title and summary are shown to English readers, and the French content
//! they get without translation is marked `lang="fr"`.

use crate::helpers::*;

fn html_lang(body: &str) -> &str {
    between(body, "<html lang=\"", "\"")
}

/// Asserts that `page` is English, holds `english` and none of the French `french`.
fn assert_english(path: &str, page: &Page, english: &[&str], french: &[&str]) {
    assert_eq!(html_lang(&page.body), "en", "{path}");
    for text in english {
        assert!(page.body.contains(text), "{path}: no {text:?} in\n{}", page.body);
    }
    for text in french {
        assert!(!page.body.contains(text), "{path}: French {text:?} left in\n{}", page.body);
    }
}

#[tokio::test]
async fn an_event_shows_its_english_title_and_summary_and_marks_its_french_body() {
    let app = spawn_app().await;
    let mut draft = event_draft("Journée BlueHats", 10);
    draft.title_en = "BlueHats Day".into();
    draft.summary_en = "A day about free software in government.".into();
    app.add_event(draft).await;
    app.add_event(event_draft("Atelier sans traduction", 12)).await;

    let page = app.get("/evenements/journee-bluehats?lang=en").await;
    let list = app.get("/evenements?lang=en").await;
    let french = app.get("/evenements/journee-bluehats?lang=fr").await;

    assert_eq!(page.status, 200);
    assert_english(
        "event",
        &page,
        &[
            "<h1 id=\"titre-evenement\">BlueHats Day</h1>",
            "A day about free software in government.</p>",
            "<title>BlueHats Day — ",
            ">Practical information</h2>",
            ">Add to my calendar</a>",
            ">One-day event</p>",
            "<div class=\"ren-body\" lang=\"fr\">",
        ],
        &["Informations pratiques", "Ajouter à mon agenda", "Journée BlueHats</h1>"],
    );
    assert!(page.body.contains(", 10:00 – 17:00</time>"), "English dates: {}", page.body);
    assert_english(
        "events",
        &list,
        &[
            ">Upcoming events</h1>",
            "2 events announced, soonest first.",
            ">BlueHats Day</a>",
            "<a href=\"/evenements/atelier-sans-traduction\" lang=\"fr\">Atelier sans traduction</a>",
            "lang=\"fr\">Résumé de « Atelier sans traduction ».</p>",
        ],
        &["événements annoncés", "Journée BlueHats</a>"],
    );
    assert!(french.body.contains("<h1 id=\"titre-evenement\">Journée BlueHats</h1>"));
    assert!(french.body.contains("<div class=\"ren-body\">"), "no lang mark for French readers");
    assert!(!french.body.contains("BlueHats Day"));
}

#[tokio::test]
async fn the_home_archives_and_tag_pages_answer_in_english() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier proche", 5)).await;
    app.add_event(event_draft("Journée récente", -10)).await;

    let home = app.get("/?lang=en").await;
    let archives = app.get("/archives?lang=en").await;
    let tags = app.get("/etiquettes?lang=en").await;
    let tag = app.get("/etiquettes/bluehats?lang=en").await;

    assert_english(
        "/",
        &home,
        &[">Upcoming events</h2>", ">Recent editions</h2>", ">Browse by tag</h2>", ">Follow the events</h2>"],
        &["Prochains événements", "Éditions récentes", "Suivre les événements"],
    );
    assert_english(
        "/archives",
        &archives,
        &[">Past editions</h1>", "<title>Past editions — "],
        &["Éditions passées</h1>"],
    );
    assert_english("/etiquettes", &tags, &[">Tags</h1>", ", 2 events</span>"], &["Chaque étiquette", "2 événements"]);
    assert_english(
        "/etiquettes/bluehats",
        &tag,
        &["Tag “bluehats”</h1>", ">Upcoming</h2>", ">Past editions</h2>", "aria-label=\"You are here:\""],
        &["À venir</h2>", "Vous êtes ici"],
    );
}

#[tokio::test]
async fn the_legal_pages_and_the_gazette_answer_in_english() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier proche", 5)).await;

    let accessibility = app.get("/accessibilite?lang=en").await;
    let notice = app.get("/mentions-legales?lang=en").await;
    let data = app.get("/donnees-personnelles?lang=en").await;
    let map = app.get("/plan-du-site?lang=en").await;
    let gazette = app.get("/gazette?lang=en").await;

    assert_english(
        "/accessibilite",
        &accessibility,
        &[
            ">Accessibility statement</h1>",
            "is <strong>not compliant</strong> with the French accessibility standard",
            ": no compliance audit has been carried out yet.",
            ">Compliance status</h2>",
            ">Remedies</h2>",
        ],
        &["État de conformité", "Voies de recours", "non conforme</strong>"],
    );
    let headings: Vec<&str> =
        accessibility.body.split("<h2 id=\"").skip(1).map(|h| h.split('"').next().unwrap()).collect();
    assert_eq!(headings, ["etat", "resultats", "contenus", "etablissement", "contact", "recours"], "same structure");
    assert_english(
        "/mentions-legales",
        &notice,
        &[">Legal notice</h1>", ">Publisher</h2>", ">Hosting</h2>"],
        &["Éditeur"],
    );
    assert_english(
        "/donnees-personnelles",
        &data,
        &[">Personal data</h1>", ">Your rights</h2>", "<strong>Legal basis:</strong>"],
        &["Vos droits", "Base légale"],
    );
    assert_english("/plan-du-site", &map, &[">Site map</h1>", ">Upcoming events</a>"], &["Plan du site</h1>"]);
    assert_english(
        "/gazette",
        &gazette,
        &[">The gazette</h1>", ">Subscribe me</button>", "No issue has been published yet."],
        &["M’inscrire", "Les numéros"],
    );
}

#[tokio::test]
async fn a_missing_page_and_a_bad_gazette_form_answer_in_english() {
    let app = spawn_app().await;
    app.get("/?lang=en").await;

    let missing = app.get("/cette-page-n-existe-pas?lang=en").await;
    let refused = app.post_form("/gazette", &[("email", "pas-une-adresse")]).await;

    assert_eq!(missing.status, 404);
    assert_english(
        "404",
        &missing,
        &[">Page not found</h1>", ">Error 404</p>", "<title>Page not found — "],
        &["Page non trouvée", "Erreur 404"],
    );
    assert_eq!(refused.status, 422);
    assert_english(
        "/gazette (422)",
        &refused,
        &["The email address is not valid", "Tick the box to agree to receive the gazette."],
        &["n’est pas valide"],
    );
}

#[tokio::test]
async fn the_programme_pages_answer_in_english_with_french_items_marked() {
    let app = spawn_app().await;
    crate::programme::seed_draft(&app).await;
    crate::programme::release(&app, "Première").await;
    let base = format!("/evenements/{}/programme", crate::programme::SLUG);

    let days = app.get(&format!("{base}?lang=en")).await;
    let rooms = app.get(&format!("{base}/salles?lang=en")).await;
    let versions = app.get(&format!("{base}/versions?lang=en")).await;

    assert_eq!(days.status, 200);
    assert_english(
        "programme",
        &days,
        &[
            ">All days</a>",
            ">By room</a>",
            "Version “Première”, published on ",
            ">Download the programme</h2>",
            ">Time</th>",
        ],
        &["Tous les jours", "Télécharger le programme", "heure de Paris"],
    );
    assert!(days.body.contains(" lang=\"fr\">Temps de rencontre</a>"), "French items are marked: {}", days.body);
    assert!(days.body.contains(">Talk<"), "item kinds in English");
    assert_english("rooms", &rooms, &["Capacity: 80 places", ">Programme by room — "], &["Capacité"]);
    assert_english("versions", &versions, &[">Programme history — "], &["Historique du programme"]);
}

#[tokio::test]
async fn the_public_board_answers_in_english() {
    let app = spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    let event = crate::board::garagethon(&app, "Garagethon ouvert", 10).await;
    let (org, csrf) = crate::board::organiser(&app).await;
    org.post(&format!("/organisation/evenements/{}/tableau/reglages", event.id), &[("csrf", &csrf), ("public", "1")])
        .await;

    let board = app.get("/evenements/garagethon-ouvert/tableau?lang=en").await;
    let live = app.get("/evenements/garagethon-ouvert/tableau/direct?lang=en").await;

    assert_eq!(board.status, 200);
    assert_english(
        "board",
        &board,
        &[
            ">Garagethon board</h1>",
            "<title>Board: Garagethon ouvert — ",
            ">Requests for help</h2>",
            "</strong> projects</li>",
        ],
        &["Tableau du garagethon", "Demandes d’aide", "projet(s)"],
    );
    assert!(board.body.contains("lang=\"fr\">Garagethon ouvert</a>"), "the French title is marked");
    assert_english("live", &live, &[">Lightning talks</h2>"], &["Présentations éclair"]);
}

#[tokio::test]
async fn the_organiser_form_keeps_the_english_title_and_summary() {
    let app = crate::organiser::spawn().await;
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let b = crate::organiser::signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let mut fields = crate::organiser::event_fields(&csrf, "Hackathon des communs");
    fields.push(("title_en", "Commons hackathon"));
    fields.push(("summary_en", "Two days to contribute."));

    let created = b.post("/organisation/evenements", &fields).await;
    let form = b.get(created.header("location")).await;
    let stored = rencontres::store::event::find_by_slug(&app.db, "hackathon-des-communs").await.unwrap().unwrap();

    assert_eq!(created.status, 303, "{}", created.body);
    assert!(form.body.contains(">Titre en anglais"), "the French label of the field");
    assert!(form.body.contains("value=\"Commons hackathon\""), "the field shows the stored title");
    assert_eq!(
        (stored.draft.title_en.as_str(), stored.draft.summary_en.as_str()),
        ("Commons hackathon", "Two days to contribute.")
    );
}

#[tokio::test]
async fn a_participant_board_and_its_form_errors_answer_in_english() {
    let app = spawn_app().await;
    let event = crate::board::garagethon(&app, "Garagethon estival", 10).await;
    let alice = crate::board::participant(&app, &event, "alice@example.org").await;
    let base = format!("/inscription/{alice}/tableau");
    let added = app.post_form(&format!("{base}/projets"), &[("url", "https://codeberg.org/dinum/outil")]).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let entry = rencontres::store::board::load(&app.db, event.id).await.unwrap().projects[0].entry_id.to_string();
    let objective = app
        .post_form(
            &format!("{base}/objectifs"),
            &[("project", &entry), ("title", "Traduire l'aide"), ("estimate", "3")],
        )
        .await;
    assert_eq!(objective.status, 303, "{}", objective.body);

    let page = app.get(&format!("{base}?lang=en")).await;
    assert_eq!(page.status, 200);
    assert_english(
        "participant board",
        &page,
        &[
            "<title>My board: Garagethon estival — ",
            ">My board</h1>",
            "You are <strong>alice</strong>.",
            ">My registration</a>",
            "</strong> project</li>",
            "</strong> objectives achieved out of 1</li>",
            ">Add an objective</h2>",
            "(3 hours, alice)",
            "<option value=\"in_progress\"",
            ">In progress</option>",
            ">Bug fix</option>",
            "Title of your lightning talk",
            ">Save my review</button>",
        ],
        &["Mon tableau", "Ajouter", "projet(s)", "Correction de bogue", "Enregistrer", "Statut"],
    );

    // The language chosen with ?lang=en is kept for the forms of the page.
    let failed =
        app.post_form(&format!("{base}/objectifs"), &[("project", "x"), ("title", ""), ("estimate", "beaucoup")]).await;
    assert_eq!(failed.status, 422);
    assert_english(
        "objective refused",
        &failed,
        &[
            "The form contains errors: they are shown under the fields concerned.",
            "Choose the project this objective belongs to.",
            "Give an estimated time: a number of hours from 1 to 16, “half-day” or “day”.",
            "value=\"beaucoup\"",
        ],
        &["Le formulaire contient des erreurs", "Choisissez", "Indiquez une durée"],
    );
    let talk = app.post_form(&format!("{base}/eclair"), &[("title", "Mon outil"), ("minutes", "42")]).await;
    assert_eq!(talk.status, 422);
    assert_english("talk refused", &talk, &["A lightning talk lasts from 1 to 10 minutes."], &["dure de 1 à 10"]);
    let url = app.post_form(&format!("{base}/projets"), &[("url", "http://localhost/depot")]).await;
    assert_eq!(url.status, 422);
    assert_english(
        "repository refused",
        &url,
        &["Address refused: internal or local addresses (localhost, IP addresses, private network) are not accepted."],
        &["Adresse refusée"],
    );
    let french = app.get(&format!("{base}?lang=fr")).await;
    assert!(french.body.contains(">Mon tableau</h1>") && french.body.contains(">En cours</option>"), "{}", french.body);
}

/// H2: a refusal of the registration rules reached through a private link's action shows on
/// the error page in the reader's language (French stays the domain's own sentence).
#[tokio::test]
async fn a_refused_action_on_a_registration_answers_in_english() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier refusé", 20)).await;
    app.open_registrations(&event, 10).await;
    let alice = crate::board::participant(&app, &event, "alice@example.org").await;

    // A confirmed registration was offered nothing: accepting an offer is refused.
    app.get("/?lang=en").await;
    let english = app.post_form(&format!("/inscription/{alice}/accepter"), &[]).await;
    app.get("/?lang=fr").await;
    let french = app.post_form(&format!("/inscription/{alice}/accepter"), &[]).await;

    assert_eq!(english.status, 422, "{}", english.body);
    assert_english(
        "refused action",
        &english,
        &["This registration does not allow this action in its current state."],
        &["Cette inscription n'accepte pas"],
    );
    assert_eq!(french.status, 422);
    assert!(
        french.body.contains("Cette inscription n&#39;accepte pas cette action dans son état actuel."),
        "{}",
        french.body
    );
}

/// H2: the registration form's own refusals (an address outside the allowed domains, then
/// registration closed) come in English on English pages.
#[tokio::test]
async fn the_registration_form_refuses_in_english() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier réservé", 20)).await;
    let mut settings = rencontres::domain::registration::EventSettings {
        rules: rencontres::domain::registration::Settings {
            mode: rencontres::domain::registration::Mode::FirstCome,
            places: 10,
            opens_at: None,
            closes_at: None,
            offer_hours: 48,
            email_hours: 48,
            allowed_statuses: vec![],
            allowed_domains: vec!["gouv.fr".into()],
        },
        decisions_at: None,
        external_url: None,
        consent_text: String::new(),
        retention_days: 90,
    };
    app.save_settings(&event, &settings).await;
    app.get("/?lang=en").await;

    let wrong_domain = app.register(&event, "alice@example.org").await;
    settings.rules.closes_at = Some(jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60));
    app.save_settings(&event, &settings).await;
    let closed_form = app.get("/evenements/atelier-reserve/inscription").await;

    assert_eq!(wrong_domain.status, 422);
    assert_english(
        "refused domain",
        &wrong_domain,
        &["Registration is reserved for addresses from certain domains."],
        &["Les inscriptions sont réservées"],
    );
    assert_english("closed form", &closed_form, &["Registration is closed."], &["Les inscriptions sont closes."]);
}
