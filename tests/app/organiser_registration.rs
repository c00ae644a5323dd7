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

    let bad = b
        .post(
            &format!("{base}/reglages"),
            &[("csrf", &csrf), ("mode", "first_come"), ("places", "-3"), ("retention_days", "90")],
        )
        .await;
    let saved = b
        .post(
            &format!("{base}/reglages"),
            &[("csrf", &csrf), ("mode", "first_come"), ("places", "2"), ("retention_days", "90"), ("consent", "")],
        )
        .await;
    let slug = event.draft.slug.to_string();
    for (name, email) in [("=HYPERLINK(\"http://x\")", "formule@example.org"), ("Élodie Dupré", "elodie@example.org")]
    {
        let page = app
            .post_form(
                &format!("/evenements/{slug}/inscription"),
                &[
                    ("name", name),
                    ("email", email),
                    ("organisation", "Ministère de l'Écologie"),
                    ("status", "contractor"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
    app.deliver_queued_mail().await;
    for to in ["formule@example.org", "elodie@example.org"] {
        let link = sink.last_link_to(to);
        app.post_form(&format!("{link}/confirmer"), &[]).await;
    }
    let list = b.get(&base).await;
    let elodie = rencontres::store::registration::list(&app.db, event.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.email == "elodie@example.org")
        .unwrap();
    let checked =
        b.post(&format!("{base}/presence"), &[("csrf", &csrf), ("registration", &elodie.id.to_string())]).await;
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
        "\u{feff}Nom;Adresse électronique;Organisation;Statut;État;Signature\r\n\
         \"Élodie Dupré\";\"elodie@example.org\";\"Ministère de l'Écologie\";\"Prestataire du secteur public\";\"Présent\";\"\"\r\n\
         \"'=HYPERLINK(\"\"http://x\"\")\";\"formule@example.org\";\"Ministère de l'Écologie\";\"Prestataire du secteur public\";\"Inscription confirmée\";\"\"\r\n"
    );
}

/// Reads an .ods file with Python's zipfile and ElementTree: the first entry must be the
/// stored `mimetype`, and the cells come back as text, accents intact.
fn read_ods(bytes: &[u8]) -> Vec<Vec<String>> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let script = r#"
import sys, zipfile, json, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "bad CRC"
first = z.infolist()[0]
assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED, first
assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
ET.fromstring(z.read("META-INF/manifest.xml"))
ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0", "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
root = ET.fromstring(z.read("content.xml"))
rows = [["".join(p.itertext()) for p in row.findall("table:table-cell/text:p", ns)] for row in root.iter("{%s}table-row" % ns["table"])]
print(json.dumps(rows))
"#;
    let out = std::process::Command::new("python3").arg("-c").arg(script).arg(file.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn door_list_as_ods_phone_check_in_and_no_shows() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let admin = add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Journée émargement", 10)).await;
    app.open_registrations(&event, 5).await;
    let slug = event.draft.slug.to_string();
    for (name, email) in [
        ("Élodie Dupré", "elodie@example.org"),
        ("Zoé <Œuvre>", "zoe@example.org"),
        ("Bruno Petit", "bruno@example.org"),
    ] {
        app.post_form(
            &format!("/evenements/{slug}/inscription"),
            &[("name", name), ("email", email), ("organisation", "Préfecture"), ("status", "public_agent")],
        )
        .await;
    }
    app.deliver_queued_mail().await;
    for to in ["elodie@example.org", "zoe@example.org", "bruno@example.org"] {
        app.post_form(&format!("{}/confirmer", sink.last_link_to(to)), &[]).await;
    }
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;

    let (status, headers, ods) = b.get_bytes(&format!("{base}.ods")).await;
    let search = b.get(&format!("{base}/accueil?q=elodie")).await;
    let elodie_id = between(&search.body, "name=\"registration\" value=\"", "\"").to_owned();
    let ticked = b
        .post(
            &format!("{base}/presence"),
            &[("csrf", &csrf), ("registration", &elodie_id), ("retour", "accueil"), ("q", "elodie")],
        )
        .await;
    let after = b.get(ticked.header("location")).await;
    let too_early = b.post(&format!("{base}/absents"), &[("csrf", &csrf)]).await;
    let account = rencontres::store::account::get_account(&app.db, admin).await.unwrap();
    let right = rencontres::domain::account::authorise_edit(&account, event.id).unwrap();
    let after_start = event.draft.dates.start_instant() + jiff::SignedDuration::from_hours(2);
    let absent = rencontres::store::registration::mark_no_shows(&app.db, &right, &event, after_start).await.unwrap();
    let list = b.get(&base).await;

    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/vnd.oasis.opendocument.spreadsheet");
    assert_eq!(
        read_ods(&ods),
        vec![
            vec!["Nom", "Adresse électronique", "Organisation", "Statut", "État", "Signature"],
            vec!["Bruno Petit", "bruno@example.org", "Préfecture", "Agent public", "Inscription confirmée", ""],
            vec!["Élodie Dupré", "elodie@example.org", "Préfecture", "Agent public", "Inscription confirmée", ""],
            vec!["Zoé <Œuvre>", "zoe@example.org", "Préfecture", "Agent public", "Inscription confirmée", ""],
        ]
    );
    assert!(search.body.contains("Pointer Élodie Dupré"), "the search ignores accents");
    assert!(!search.body.contains("Bruno"));
    assert!(ticked.header("location").contains("/accueil?fait=ok&q=elodie"));
    assert!(after.body.contains("Présence enregistrée."));
    assert!(after.body.contains("<strong id=\"presents\">1</strong>"));
    assert_eq!(too_early.status, 422);
    assert!(
        too_early.body.contains("une fois l&#x27;événement commencé")
            || too_early.body.contains("une fois l'événement commencé")
            || too_early.body.contains("commencé")
    );
    assert_eq!(absent, 2);
    assert_eq!(app.states(&event).await.iter().filter(|s| s.1 == "no_show").count(), 2);
    let counts = rencontres::store::registration::counts(&app.db, event.id).await.unwrap();
    assert_eq!((counts.attended, counts.no_show, counts.taken), (1, 2, 3), "absent people still count as places held");
    assert_eq!(list.status, 200);
}

#[tokio::test]
async fn one_persons_data_is_exported_and_erased_on_request_and_the_place_passes_on() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier données", 10)).await;
    app.open_registrations(&event, 1).await;
    for to in ["first@example.org", "second@example.org"] {
        app.register(&event, to).await;
        app.deliver_queued_mail().await;
        app.post_form(&format!("{}/confirmer", sink.last_link_to(to)), &[]).await;
        app.deliver_queued_mail().await;
    }
    let link = sink.last_link_to("first@example.org");
    let export = app.get(&format!("{link}/donnees.json")).await;
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    let erased = app.post_form(&format!("{link}/effacer"), &[("confirme", "oui")]).await;
    let gone = app.get(&link).await;
    app.deliver_queued_mail().await;
    let left_in_queue: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE to_addr = 'first@example.org'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let second = rencontres::store::registration::list(&app.db, event.id).await.unwrap().pop().unwrap();
    let by_organiser =
        b.get(&format!("/organisation/evenements/{}/inscriptions/donnees?registration={}", event.id, second.id)).await;
    let other_event = app.add_event(event_draft("Autre atelier", 11)).await;
    let wrong_event = b
        .get(&format!("/organisation/evenements/{}/inscriptions/donnees?registration={}", other_event.id, second.id))
        .await;

    assert_eq!(export.status, 200);
    assert_eq!(
        export.header("content-disposition"),
        format!(
            "attachment; filename=\"donnees-inscription-{}.json\"",
            data["registration"]["email"].as_str().map(|_| second.id - 1).unwrap()
        )
    );
    assert_eq!(data["registration"]["email"], "first@example.org");
    assert_eq!(data["registration"]["state"], "Inscription confirmée");
    assert!(data["history"].as_array().unwrap().len() >= 2);
    assert!(
        data["mails"].as_array().unwrap().iter().any(|m| m["subject"] == "Inscription confirmée : Atelier données")
    );
    assert_eq!(erased.status, 200);
    assert!(erased.body.contains("Vos données sont effacées"));
    assert_eq!(gone.status, 404);
    assert_eq!(left_in_queue, 0, "no message keeps the erased address");
    assert_eq!(
        app.states(&event).await,
        [("second@example.org".to_owned(), "offered".to_owned())],
        "the place went to the next person"
    );
    assert_eq!(sink.subjects_to("second@example.org").last().unwrap(), "Une place s'est libérée : Atelier données");
    assert_eq!(by_organiser.status, 200);
    assert!(by_organiser.body.contains("second@example.org"));
    assert_eq!(wrong_event.status, 404, "a registration is exported only through its own event");
    let old = sink.last_link_to("second@example.org");
    let csrf = b.csrf(&format!("/organisation/evenements/{}/inscriptions", event.id)).await;
    let renewed = b
        .post(
            &format!("/organisation/evenements/{}/inscriptions/nouveau-lien", event.id),
            &[("csrf", &csrf), ("registration", &second.id.to_string())],
        )
        .await;
    app.deliver_queued_mail().await;
    let new = sink.last_link_to("second@example.org");
    assert_eq!(renewed.status, 303);
    assert_ne!(old, new);
    assert_eq!(app.get(&old).await.status, 404, "the revoked link is dead");
    assert_eq!(app.get(&new).await.status, 200);
}

#[tokio::test]
async fn organisers_reword_a_message_with_a_preview_and_broken_wording_is_refused() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier courriels", 10)).await;
    app.open_registrations(&event, 3).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let url = format!("/organisation/evenements/{}/courriels", event.id);
    let editor = b.get(&format!("{url}?type=registration_confirm_email")).await;
    let csrf = between(&editor.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let post = |subject: &'static str, body: &'static str, action: &'static str| {
        let csrf = csrf.clone();
        let b = &b;
        let url = url.clone();
        async move {
            b.post(
                &url,
                &[
                    ("csrf", &csrf),
                    ("kind", "registration_confirm_email"),
                    ("subject", subject),
                    ("body", body),
                    ("action", action),
                ],
            )
            .await
        }
    };
    let broken = post("Confirmez", "Bonjour {{ name ", "enregistrer").await;
    let preview = post(
        "Un mot pour {{ event.title }}",
        "Bonjour {{ name }}, cliquez : {{ link }}\n\n<script>alert(1)</script>",
        "apercu",
    )
    .await;
    let saved =
        post("Un mot pour {{ event.title }}", "Bonjour {{ name }}, **cliquez** : {{ link }}", "enregistrer").await;
    app.register(&event, "nina@example.org").await;
    app.deliver_queued_mail().await;
    let reset = post("", "", "retablir").await;
    app.register(&event, "omar@example.org").await;
    app.deliver_queued_mail().await;
    let mails = sink.mails();

    assert!(editor.body.contains("Confirmez votre adresse"), "the editor starts from the default wording");
    assert_eq!(broken.status, 422);
    assert!(broken.body.contains("Le modèle ne peut pas être utilisé"));
    assert_eq!(preview.status, 200);
    assert!(between(&preview.body, "id=\"apercu-objet\">", "</span>").contains("Un mot pour Atelier courriels"));
    assert!(!between(&preview.body, "id=\"apercu\">", "</div>").contains("<script>"), "the preview is sanitised");
    assert_eq!(saved.status, 303);
    assert_eq!(reset.status, 303);
    let nina = mails.iter().find(|m| m["rcpt_tos"][0] == "nina@example.org").unwrap();
    assert_eq!(nina["subject"], "Un mot pour Atelier courriels");
    assert!(
        nina["text"].as_str().unwrap().contains("Bonjour nina, cliquez : https://rencontres.example.org/inscription/")
    );
    assert!(nina["html"].as_str().unwrap().contains("<strong>cliquez</strong>"));
    let omar = mails.iter().find(|m| m["rcpt_tos"][0] == "omar@example.org").unwrap();
    assert_eq!(omar["subject"], "Confirmez votre adresse pour « Atelier courriels »", "the default is back");
}

#[tokio::test]
async fn eligibility_window_and_delays_are_set_from_the_settings_form() {
    let app = spawn_app().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Journée réservée", 20)).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;
    let form = |extra: Vec<(&'static str, &'static str)>| {
        let mut f = vec![("mode", "first_come"), ("places", "10"), ("retention_days", "90")];
        f.extend(extra);
        f
    };
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let csrf = csrf.clone();
        let b = &b;
        let url = format!("{base}/reglages");
        async move {
            let mut all: Vec<(&str, &str)> = fields;
            all.push(("csrf", &csrf));
            b.post(&url, &all).await
        }
    };
    let bad = post(form(vec![
        ("domains", "gouv.fr, pas un domaine"),
        ("offer_hours", "0"),
        ("opens", "2030-01-02T10:00"),
        ("closes", "2030-01-01T10:00"),
    ]))
    .await;
    let good = post(form(vec![
        ("status_public_agent", "oui"),
        ("domains", "@gouv.fr; Interieur.Gouv.FR"),
        ("offer_hours", "24"),
        ("email_hours", "12"),
    ]))
    .await;
    let slug = event.draft.slug.to_string();
    let register = |email: &'static str, status: &'static str| {
        let app = &app;
        let url = format!("/evenements/{slug}/inscription");
        async move { app.post_form(&url, &[("name", "Personne"), ("email", email), ("status", status)]).await }
    };
    let contractor = register("presta@numerique.gouv.fr", "contractor").await;
    let outside = register("agent@exemple.fr", "public_agent").await;
    let inside = register("agent@numerique.gouv.fr", "public_agent").await;
    let settings = rencontres::store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    let page = b.get(&base).await;

    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("« pas » n&#x27;est pas un nom de domaine")
            || bad.body.contains("n'est pas un nom de domaine")
            || bad.body.contains("pas un nom de domaine")
    );
    assert!(
        bad.body.contains("Indiquez un nombre d&#x27;heures entre 1 et 720.")
            || bad.body.contains("heures entre 1 et 720")
    );
    assert!(bad.body.contains("La clôture doit venir après l"));
    assert_eq!(good.status, 303);
    assert_eq!(settings.rules.allowed_domains, ["gouv.fr", "interieur.gouv.fr"]);
    assert_eq!((settings.rules.offer_hours, settings.rules.email_hours), (24, 12));
    assert_eq!(contractor.status, 422);
    assert!(contractor.body.contains("réservé aux agents publics"));
    assert_eq!(outside.status, 422);
    assert!(outside.body.contains("réservées aux adresses de certains domaines"));
    assert_eq!(inside.status, 303);
    assert!(page.body.contains("id=\"status_public_agent\" name=\"status_public_agent\" value=\"oui\" checked"));
    assert!(!page.body.contains("id=\"status_contractor\" name=\"status_contractor\" value=\"oui\" checked"));
}

/// Issue 19: an unknown `{{ variable }}` in a wording printed nothing in every mail; it is
/// refused when saving, with the variables the message has. Every default wording passes.
#[tokio::test]
async fn wording_with_an_unknown_variable_is_refused_and_every_default_is_accepted() {
    let app = spawn_app().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier courriels", 10)).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let url = format!("/organisation/evenements/{}/courriels", event.id);
    let editor = b.get(&format!("{url}?type=registration_confirmed")).await;
    let csrf = between(&editor.body, "name=\"csrf\" value=\"", "\"").to_owned();

    let misspelt = b
        .post(
            &url,
            &[
                ("csrf", &csrf),
                ("kind", "registration_confirmed"),
                ("subject", "Pour {{ event.titre }}"),
                ("body", "Bonjour {{ nom }}, à bientôt à {{ site.name }} : {{ link }}"),
                ("action", "enregistrer"),
            ],
        )
        .await;

    assert_eq!(misspelt.status, 422);
    assert!(
        unescape(&misspelt.body).contains("Variable inconnue : {{ event.titre }}, {{ nom }}. Les variables possibles"),
        "{}",
        misspelt.body
    );
    assert_eq!(rencontres::store::mail_template::list(&app.db, event.id).await.unwrap(), []);
    for (kind, _) in rencontres::store::mail_template::EDITABLE {
        let page = b.get(&format!("{url}?type={kind}")).await;
        let subject = unescape(
            between(&page.body, "name=\"subject\"", ">").split("value=\"").nth(1).unwrap().trim_end_matches('"'),
        );
        let body = unescape(between(&page.body, "name=\"body\"", "</textarea>").split_once('>').unwrap().1);
        let saved = b
            .post(
                &url,
                &[("csrf", &csrf), ("kind", kind), ("subject", &subject), ("body", &body), ("action", "enregistrer")],
            )
            .await;
        assert_eq!(saved.status, 303, "{kind}: {}", saved.body);
    }
}

/// Issue 19: lowering the capacity below the places already held was accepted with
/// « Réglages enregistrés. »; it is refused beside the field, and nobody loses a place.
#[tokio::test]
async fn capacity_below_the_places_held_is_refused_beside_the_field() {
    let app = spawn_app().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier plein", 20)).await;
    app.open_registrations(&event, 3).await;
    for email in ["a@example.org", "b@example.org"] {
        app.register(&event, email).await;
    }
    sqlx::query("UPDATE registrations SET state = 'confirmed' WHERE event_id = $1")
        .bind(event.id)
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE registration_settings SET taken = 2 WHERE event_id = $1")
        .bind(event.id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;

    let lowered = b
        .post(
            &format!("{base}/reglages"),
            &[("csrf", &csrf), ("mode", "first_come"), ("places", "1"), ("retention_days", "90")],
        )
        .await;
    let kept = b
        .post(
            &format!("{base}/reglages"),
            &[("csrf", &csrf), ("mode", "first_come"), ("places", "2"), ("retention_days", "90")],
        )
        .await;

    assert_eq!(lowered.status, 422);
    assert!(
        unescape(&lowered.body).contains(
            "2 personnes ont déjà une place (ou une place proposée) : il faut au moins 2 places. Annulez d'abord des inscriptions pour descendre à 1."
        ),
        "{}",
        lowered.body
    );
    assert_eq!(kept.status, 303);
    let settings = rencontres::store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    assert_eq!(settings.rules.places, 2);
}

#[tokio::test]
async fn organiser_erase_without_confirmation_names_the_person_and_keeps_the_registration() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Atelier données", 10)).await;
    app.open_registrations(&event, 1).await;
    app.register(&event, "first@example.org").await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;
    let id = rencontres::store::registration::list(&app.db, event.id).await.unwrap()[0].id.to_string();

    let asked = b.post(&format!("{base}/effacer"), &[("csrf", &csrf), ("registration", &id)]).await;
    let states_after_asking = app.states(&event).await;
    let erased =
        b.post(&format!("{base}/effacer"), &[("csrf", &csrf), ("registration", &id), ("confirme", "oui")]).await;

    assert_eq!(asked.status, 200);
    assert_eq!(unescape(between(&asked.body, "<h1>", "</h1>")), "Effacer les données de first ?");
    assert_eq!(states_after_asking, [("first@example.org".to_owned(), "pending_email".to_owned())]);
    assert_eq!((erased.status, erased.header("location")), (303, format!("{base}?fait=efface").as_str()));
    assert_eq!(app.states(&event).await, Vec::<(String, String)>::new());
}
