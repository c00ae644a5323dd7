//! B1 B2 B3 B4: registering through the form, confirming the address from the mail,
//! the waitlist and its offers, with mails read from a real SMTP server.

use crate::helpers::*;

async fn app_with_mail() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    (app, sink)
}

/// Registers `email` and confirms the address with the link from the mail.
pub(crate) async fn register_and_confirm(
    app: &TestApp,
    sink: &SmtpSink,
    event: &rencontres::domain::event::Event,
    email: &str,
) -> String {
    let page = app.register(event, email).await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.deliver_queued_mail().await;
    let link = sink.last_link_to(email);
    let done = app.post_form(&format!("{link}/confirmer"), &[]).await;
    assert_eq!(done.status, 303);
    app.deliver_queued_mail().await;
    link
}

#[tokio::test]
async fn registration_confirmed_by_mailed_link_gets_a_place_and_one_mail_each() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Garagethon", 20)).await;
    app.open_registrations(&event, 2).await;

    let page = app.register(&event, "alice@example.org").await;
    let before = app.states(&event).await;
    app.deliver_queued_mail().await;
    let link = sink.last_link_to("alice@example.org");
    let private = app.get(&link).await;
    app.post_form(&format!("{link}/confirmer"), &[]).await;
    app.deliver_queued_mail().await;
    let again = app.deliver_queued_mail().await;

    assert_eq!(page.status, 303);
    assert_eq!(page.header("location"), "/evenements/garagethon/inscription/envoyee");
    assert_eq!(before, [("alice@example.org".to_owned(), "pending_email".to_owned())]);
    assert_eq!(private.status, 200);
    assert_eq!(private.header("cache-control"), "no-store");
    assert_eq!(app.states(&event).await, [("alice@example.org".to_owned(), "confirmed".to_owned())]);
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        ["Confirmez votre adresse pour « Garagethon »", "Inscription confirmée : Garagethon"]
    );
    assert_eq!(again.sent, 0, "nothing is sent twice");
}

#[tokio::test]
async fn registration_when_full_goes_to_waitlist_and_a_cancellation_offers_the_place() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    register_and_confirm(&app, &sink, &event, "bob@example.org").await;
    register_and_confirm(&app, &sink, &event, "carol@example.org").await;
    let waitlist: Vec<String> = rencontres::store::registration::waitlist(&app.db, event.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.email)
        .collect();

    app.post_form(&format!("{alice}/annuler"), &[("confirme", "oui")]).await;
    app.deliver_queued_mail().await;
    let offer_link = sink.last_link_to("bob@example.org");
    let offer_page = app.get(&offer_link).await;
    app.post_form(&format!("{offer_link}/accepter"), &[]).await;
    app.deliver_queued_mail().await;

    assert_eq!(waitlist, ["bob@example.org", "carol@example.org"]);
    // Each waitlist mail states the person's own position, written in at confirmation.
    let mails = sink.mails();
    let text_to = |to: &str| -> String {
        mails
            .iter()
            .filter(|m| m["rcpt_tos"][0] == to && m["subject"].as_str().unwrap().starts_with("Liste d'attente"))
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .next()
            .unwrap()
    };
    assert!(text_to("bob@example.org").contains("en position 1."), "{}", text_to("bob@example.org"));
    assert!(text_to("carol@example.org").contains("en position 2."));
    assert!(!mails.iter().any(|m| m["text"].as_str().unwrap_or("").contains('\u{E000}')
        || m["html"].as_str().unwrap_or("").contains('\u{E000}')));
    assert_eq!(
        sink.subjects_to("bob@example.org"),
        [
            "Confirmez votre adresse pour « Atelier »",
            "Liste d'attente : Atelier",
            "Une place s'est libérée : Atelier",
            "Inscription confirmée : Atelier",
        ]
    );
    assert!(offer_page.body.contains("Une place vous est réservée jusqu’au"), "{}", offer_page.body);
    assert_eq!(
        app.states(&event).await,
        [
            ("alice@example.org".to_owned(), "cancelled".to_owned()),
            ("bob@example.org".to_owned(), "confirmed".to_owned()),
            ("carol@example.org".to_owned(), "waitlisted".to_owned()),
        ]
    );
    assert_eq!(sink.subjects_to("carol@example.org").len(), 2, "carol is still waiting, nothing new");
    assert_eq!(
        rencontres::store::registration::counters(&app.db, event.id).await.unwrap(),
        (1, 1),
        "counters match the rows"
    );
}

#[tokio::test]
async fn declined_offer_passes_to_the_next_person_and_cannot_be_accepted_later() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Journée", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    register_and_confirm(&app, &sink, &event, "bob@example.org").await;
    register_and_confirm(&app, &sink, &event, "carol@example.org").await;
    app.post_form(&format!("{alice}/annuler"), &[("confirme", "oui")]).await;
    app.deliver_queued_mail().await;
    let bob_offer = sink.last_link_to("bob@example.org");

    app.post_form(&format!("{bob_offer}/refuser"), &[]).await;
    let late = app.post_form(&format!("{bob_offer}/accepter"), &[]).await;
    app.deliver_queued_mail().await;

    assert_eq!(late.status, 422);
    assert!(
        late.body.contains("Cette inscription n&#39;accepte pas cette action dans son état actuel."),
        "{}",
        late.body
    );
    assert_eq!(sink.subjects_to("carol@example.org").last().unwrap(), "Une place s'est libérée : Journée");
    assert_eq!(app.states(&event).await[1], ("bob@example.org".to_owned(), "declined".to_owned()));
    assert_eq!(app.states(&event).await[2], ("carol@example.org".to_owned(), "offered".to_owned()));
    assert_eq!(
        rencontres::store::registration::counters(&app.db, event.id).await.unwrap(),
        (1, 0),
        "carol's offer holds the place"
    );
}

#[tokio::test]
async fn form_with_errors_is_shown_again_with_french_messages_and_input_kept() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;

    let page = app
        .post_form(
            "/evenements/atelier/inscription",
            &[("name", "  "), ("email", "pas-une-adresse"), ("organisation", "Ministère <b>X</b>"), ("status", "")],
        )
        .await;

    assert_eq!(page.status, 422);
    assert!(page.body.contains("<p id=\"name-erreur\" class=\"fr-error-text\">Le nom est obligatoire.</p>"));
    assert!(page.body.contains("<p id=\"email-erreur\" class=\"fr-error-text\">L&#39;adresse électronique n&#39;est pas valide (exemple : prenom.nom@exemple.fr).</p>"));
    assert!(page.body.contains("<p id=\"status-erreur\" class=\"fr-error-text\">Indiquez votre statut.</p>"));
    assert!(page.body.contains("value=\"pas-une-adresse\""), "input kept");
    assert!(page.body.contains("value=\"Ministère &lt;b&gt;X&lt;/b&gt;\""), "input kept, escaped");
    assert!(app.states(&event).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn malformed_form_bodies_get_french_messages_and_store_nothing() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;

    let csrf = app.csrf_token().await;
    let send = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(format!("{}/evenements/atelier/inscription", app.base))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let with_csrf = |body: &[u8]| [body, format!("&csrf={csrf}").as_bytes()].concat();
    let duplicate = send(with_csrf(b"name=a&name=b&email=a@b.fr"), "application/x-www-form-urlencoded").await.unwrap();
    let wrong_type = send(b"{\"name\": \"a\"}".to_vec(), "application/json").await.unwrap();
    let bad_bytes =
        send(with_csrf(b"name=%ff%fe&email=\xff@x.fr&status=public_agent"), "application/x-www-form-urlencoded")
            .await
            .unwrap();
    let huge = send(
        with_csrf(format!("name={}", "a".repeat(2 * 1024 * 1024)).as_bytes()),
        "application/x-www-form-urlencoded",
    )
    .await
    .unwrap();

    assert_eq!(duplicate.status().as_u16(), 400);
    assert!(duplicate.text().await.unwrap().contains("Le formulaire envoyé est illisible"));
    assert_eq!(wrong_type.status().as_u16(), 403, "no CSRF value can be read from it");
    assert_eq!(bad_bytes.status().as_u16(), 422, "undecodable bytes are replaced, then refused as an invalid address");
    assert!(bad_bytes.text().await.unwrap().contains("L&#39;adresse électronique n&#39;est pas valide"));
    assert_eq!(huge.status().as_u16(), 413);
    assert!(huge.text().await.unwrap().contains("Le formulaire envoyé est trop volumineux."));
    assert!(app.states(&event).await.is_empty());
}

#[tokio::test]
async fn registration_refused_when_closed_or_not_eligible() {
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
            allowed_statuses: vec![rencontres::domain::registration::ParticipantStatus::PublicAgent],
            allowed_domains: vec!["gouv.fr".into()],
        },
        decisions_at: None,
        external_url: None,
        consent_text: String::new(),
        retention_days: 90,
    };
    app.save_settings(&event, &settings).await;

    let wrong_domain = app.register(&event, "alice@example.org").await;
    settings.rules.closes_at = Some(jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60));
    app.save_settings(&event, &settings).await;
    let closed_form = app.get("/evenements/atelier-reserve/inscription").await;
    let closed = app.register(&event, "bob@numerique.gouv.fr").await;

    assert_eq!(wrong_domain.status, 422);
    assert!(wrong_domain.body.contains("Les inscriptions sont réservées aux adresses de certains domaines."));
    assert!(closed_form.body.contains("Les inscriptions sont closes."));
    assert!(!closed_form.body.contains("<form method=\"post\""));
    assert_eq!(closed.status, 422);
    assert!(app.states(&event).await.is_empty());
}

#[tokio::test]
async fn same_address_twice_mails_the_same_link_again_without_a_second_registration() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let first = app.register(&event, "alice@example.org").await;
    app.deliver_queued_mail().await;
    let link = sink.last_link_to("alice@example.org");

    let second = app.register(&event, "ALICE@example.org").await;
    app.deliver_queued_mail().await;

    assert_eq!(first.header("location"), second.header("location"), "same answer: no address enumeration");
    assert_eq!(app.states(&event).await.len(), 1);
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        ["Confirmez votre adresse pour « Atelier »", "Votre inscription à « Atelier »"]
    );
    assert_eq!(sink.last_link_to("alice@example.org"), link, "the same link, mailed again (issue 13)");
    assert_eq!(app.get(&link).await.status, 200, "typing someone's address never kills their link");
    let texts: Vec<String> = sink.mails().iter().map(|m| m["text"].as_str().unwrap().to_owned()).collect();
    assert!(texts.iter().all(|t| !t.contains("remplace")), "{texts:?}");
}

#[tokio::test]
async fn confirmation_link_still_opens_the_registration_after_an_offer() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let bob = register_and_confirm(&app, &sink, &event, "bob@example.org").await;

    app.post_form(&format!("{alice}/annuler"), &[("confirme", "oui")]).await;
    app.deliver_queued_mail().await;
    let offer_link = sink.last_link_to("bob@example.org");
    let page = app.get(&bob).await;

    assert_eq!(offer_link, bob, "the offer carries the link of the confirmation mail");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Une place vous est réservée jusqu’au"), "{}", page.body);
    assert_eq!(app.post_form(&format!("{bob}/accepter"), &[]).await.status, 303);
    assert_eq!(app.states(&event).await[1], ("bob@example.org".to_owned(), "confirmed".to_owned()));
}

#[tokio::test]
async fn confirmation_link_still_opens_the_registration_after_the_survey() {
    use rencontres::domain::account::EditRight;
    use rencontres::domain::question::{Form, Kind, NewQuestion};
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let link = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let right = EditRight::command_line(event.id);
    let question = NewQuestion {
        label: "Votre avis ?".into(),
        kind: Kind::ShortText,
        required: false,
        choices: vec![],
        show_if: None,
    };
    let now = jiff::Timestamp::now();
    rencontres::store::question::add(&app.db, &right, Form::Survey, &question, now).await.unwrap();
    let letters =
        rencontres::mail::registration::letters_for(&app.db, &app.app.composer, app.app.config.base_url(), &event)
            .await
            .unwrap();

    let sent = rencontres::store::registration::survey::send(&app.db, &letters, &right, &event, now).await.unwrap();
    app.deliver_queued_mail().await;

    assert_eq!(sent, 1);
    assert_eq!(sink.subjects_to("alice@example.org").last().unwrap(), "Quelques questions : Atelier");
    assert_eq!(sink.last_link_to("alice@example.org"), format!("{link}/questionnaire"));
    let page = app.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("alice@example.org"), "{}", page.body);
}

#[tokio::test]
async fn lost_link_form_mails_the_current_link_and_answers_the_same_for_an_unknown_address() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let link = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let form = app.get("/evenements/atelier/inscription/lien").await;

    let known = app.post_form("/evenements/atelier/inscription/lien", &[("email", "Alice@Example.org")]).await;
    let unknown = app.post_form("/evenements/atelier/inscription/lien", &[("email", "nobody@example.org")]).await;
    let everywhere = app.post_form("/inscription/lien", &[("email", "nobody@example.org")]).await;
    let answer = app.get(known.header("location")).await;
    app.deliver_queued_mail().await;

    assert_eq!(form.status, 200);
    assert!(form.body.contains("<form method=\"post\" action=\"/evenements/atelier/inscription/lien\" novalidate>"));
    assert_eq!(known.status, 303);
    assert_eq!(known.header("location"), "/evenements/atelier/inscription/lien?fait=envoye");
    assert_eq!(unknown.header("location"), known.header("location"), "same answer: no address enumeration");
    assert_eq!(everywhere.header("location"), "/inscription/lien?fait=envoye");
    assert!(answer.body.contains(
        "Si une inscription correspond à cette adresse, nous venons de lui envoyer son lien personnel par courriel."
    ));
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        [
            "Confirmez votre adresse pour « Atelier »",
            "Inscription confirmée : Atelier",
            "Votre inscription à « Atelier »"
        ]
    );
    assert_eq!(sink.last_link_to("alice@example.org"), link);
    assert!(sink.subjects_to("nobody@example.org").is_empty());
}

#[tokio::test]
async fn lost_link_form_refuses_a_malformed_address_in_french() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;

    let page = app.post_form("/evenements/atelier/inscription/lien", &[("email", "pas-une-adresse")]).await;
    let without_csrf = app.post_form_raw("/inscription/lien", &[("email", "alice@example.org")]).await;

    assert_eq!(page.status, 422);
    assert!(page.body.contains("<p id=\"email-erreur\" class=\"fr-error-text\">L&#39;adresse électronique n&#39;est pas valide (exemple : prenom.nom@exemple.fr).</p>"), "{}", page.body);
    assert_eq!(without_csrf.status, 403);
}

#[tokio::test]
async fn lost_link_form_is_rate_limited_like_the_other_public_forms() {
    let app = spawn_app_with(|c| c.public_forms_per_minute = 2).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;

    let mut statuses = Vec::new();
    for i in 0..3 {
        let page = app.post_form("/inscription/lien", &[("email", &format!("p{i}@example.org"))]).await;
        statuses.push(page.status);
    }

    assert_eq!(statuses, [303, 303, 429]);
}

#[tokio::test]
async fn revoked_link_shows_the_explanation_page_and_the_new_link_works() {
    use rencontres::domain::account::EditRight;
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let old = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let id = rencontres::store::registration::list(&app.db, event.id).await.unwrap()[0].id;
    let letters =
        rencontres::mail::registration::letters_for(&app.db, &app.app.composer, app.app.config.base_url(), &event)
            .await
            .unwrap();

    rencontres::store::registration::link::revoke(
        &app.db,
        &letters,
        &EditRight::command_line(event.id),
        &event,
        id,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    app.deliver_queued_mail().await;
    let new = sink.last_link_to("alice@example.org");
    let dead = app.get(&old).await;
    let dead_action = app.post_form(&format!("{old}/annuler"), &[]).await;

    assert_ne!(new, old);
    assert_eq!(app.get(&new).await.status, 200);
    assert_eq!(dead.status, 404);
    assert_eq!(between(&dead.body, "<h1>", "</h1>"), "Ce lien n’est plus valide");
    assert!(dead.body.contains("<form method=\"post\" action=\"/inscription/lien\" novalidate>"), "{}", dead.body);
    assert_eq!(dead.header("referrer-policy"), "no-referrer");
    assert_eq!(dead_action.status, 404);
    assert_eq!(between(&dead_action.body, "<h1>", "</h1>"), "Ce lien n’est plus valide");
    assert_eq!(app.states(&event).await, [("alice@example.org".to_owned(), "confirmed".to_owned())]);
}

#[tokio::test]
async fn dead_link_page_form_mails_the_links_of_every_registration_of_the_address() {
    let (app, sink) = app_with_mail().await;
    let atelier = app.add_event(event_draft("Atelier", 20)).await;
    let journee = app.add_event(event_draft("Journée", 30)).await;
    app.open_registrations(&atelier, 10).await;
    app.open_registrations(&journee, 10).await;
    let first = register_and_confirm(&app, &sink, &atelier, "alice@example.org").await;
    let second = register_and_confirm(&app, &sink, &journee, "alice@example.org").await;
    let fresh =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let dead = fresh.get(format!("{}/inscription/{}", app.base, "b".repeat(64))).send().await.unwrap();
    let cookie = dead.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body = dead.text().await.unwrap();
    let csrf = between(&body, "name=\"csrf\" value=\"", "\"").to_owned();

    let sent = fresh
        .post(format!("{}/inscription/lien", app.base))
        .form(&[("email", "alice@example.org"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    app.deliver_queued_mail().await;

    assert!(cookie.starts_with(&format!("__Host-rencontres_csrf={csrf};")), "{cookie}");
    assert_eq!(sent.status().as_u16(), 303);
    let links: Vec<String> = sink
        .mails()
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().starts_with("Votre inscription à"))
        .map(|m| {
            let text = m["text"].as_str().unwrap();
            let start = text.find("/inscription/").unwrap();
            text[start..].split_whitespace().next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(links, [first, second]);
}

#[tokio::test]
async fn link_made_before_derived_links_moves_to_its_derived_link_at_its_next_mail() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let derived = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    // A row as the migration leaves it: the hash of a random token, generation 0.
    let (legacy, legacy_hash) = rencontres::store::token::generate();
    sqlx::query("UPDATE registrations SET token_hash = $1").bind(&legacy_hash).execute(app.db.pool()).await.unwrap();
    let before = app.get(&format!("/inscription/{legacy}")).await;

    app.post_form("/evenements/atelier/inscription/lien", &[("email", "alice@example.org")]).await;
    app.deliver_queued_mail().await;

    assert_eq!(before.status, 200, "an old link works until a mail must carry the link");
    assert_eq!(sink.last_link_to("alice@example.org"), derived);
    assert_eq!(app.get(&derived).await.status, 200);
    assert_eq!(app.get(&format!("/inscription/{legacy}")).await.status, 404);
}

#[tokio::test]
async fn event_page_shows_the_live_registration_state() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 1).await;

    let open = app.get("/evenements/atelier").await;
    register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    app.app.refresh_content_version().await.unwrap();
    let full = app.get("/evenements/atelier").await;

    assert_eq!(
        between(&open.body, "<dd id=\"etat-inscription\">", "</dd>"),
        "Inscriptions ouvertes, dans la limite des places disponibles."
    );
    assert_eq!(
        between(&full.body, "<dd id=\"etat-inscription\">", "</dd>"),
        "Complet : les nouvelles inscriptions vont sur liste d&#39;attente."
    );
}

#[tokio::test]
async fn unknown_or_malformed_private_link_is_404() {
    let app = spawn_app().await;

    let junk = app.get("/inscription/..%2f..%2fetc").await;
    let unknown = app.get(&format!("/inscription/{}", "a".repeat(64))).await;

    assert_eq!(junk.status, 404);
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn registration_without_csrf_value_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    app.csrf_token().await;

    let page = app
        .post_form_raw(
            "/evenements/atelier/inscription",
            &[("name", "Alice"), ("email", "alice@example.org"), ("status", "public_agent")],
        )
        .await;

    assert_eq!(page.status, 403);
    assert!(app.states(&event).await.is_empty());
}

#[tokio::test]
async fn registration_burst_from_one_address_gets_429_in_french() {
    let app = spawn_app_with(|c| c.public_forms_per_minute = 3).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;

    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(app.register(&event, &format!("p{i}@example.org")).await);
    }

    assert_eq!(statuses.iter().map(|p| p.status).collect::<Vec<_>>(), [303, 303, 303, 429]);
    assert!(statuses[3].header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(statuses[3].body.contains("Trop de requêtes"), "{}", statuses[3].body);
    assert_eq!(app.states(&event).await.len(), 3);
}

#[tokio::test]
async fn personal_data_is_erased_once_the_retention_period_after_the_event_has_run_out() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let day = |n: i64| jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * n);

    let too_early = rencontres::store::registration::purge_expired(&app.db, day(20 + 89)).await.unwrap();
    let kept = app.states(&event).await.len();
    let erased = rencontres::store::registration::purge_expired(&app.db, day(20 + 91)).await.unwrap();

    assert_eq!(too_early, 0);
    assert_eq!(kept, 1);
    assert_eq!(erased, 1);
    assert!(app.states(&event).await.is_empty());
    let mails = rencontres::store::message::list(&app.db, None, 10).await.unwrap();
    assert_eq!(mails.len(), 2, "the queue keeps the outcome of each message");
    assert!(mails.iter().all(|m| m.to == "effacé" && m.body_text.is_empty()), "but not whom it was for");
    assert_eq!(rencontres::store::registration::counters(&app.db, event.id).await.unwrap(), (0, 0));
}

/// Issue 13: a name typed in the public form was rendered as Markdown in the HTML part, so a
/// registrant could put a link of their own into a mail sent from the site's address.
#[tokio::test]
async fn name_typed_by_the_public_is_text_in_every_part_of_the_mail() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Garagethon", 20)).await;
    app.open_registrations(&event, 2).await;
    let name = "[Votre compte expire](https://phish.example/x) **vite** <b>ok</b>";

    let page = app
        .post_form(
            &format!("/evenements/{}/inscription", event.draft.slug),
            &[("name", name), ("email", "eve@example.org"), ("organisation", "DINUM"), ("status", "public_agent")],
        )
        .await;
    app.deliver_queued_mail().await;

    assert_eq!(page.status, 303, "{}", page.body);
    let mails = sink.mails();
    let mail = mails.iter().find(|m| m["rcpt_tos"][0] == "eve@example.org").unwrap();
    let (text, html) = (mail["text"].as_str().unwrap(), mail["html"].as_str().unwrap());
    assert!(text.starts_with(&format!("Bonjour {name},\n")), "{text}");
    assert!(
        html.contains("<p>Bonjour [Votre compte expire](https://phish.example/x) **vite** &lt;b&gt;ok&lt;/b&gt;,</p>"),
        "{html}"
    );
    assert!(!html.contains("href=\"https://phish.example"), "{html}");
    // The site's own link is still a link.
    assert!(html.contains("<a href=\"https://rencontres.example.org/inscription/"), "{html}");
}

#[tokio::test]
async fn private_link_is_the_same_from_another_instance_of_the_same_database() {
    let (app, sink) = app_with_mail().await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    let link = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let other = rencontres::store::Db::connect(&app.app.config.database_url()).await.unwrap();
    let letters =
        rencontres::mail::registration::letters_for(&other, &app.app.composer, app.app.config.base_url(), &event)
            .await
            .unwrap();
    let email = rencontres::domain::email::Email::parse("alice@example.org").unwrap();

    let found = rencontres::store::registration::link::resend(&other, &letters, &event, &email, jiff::Timestamp::now())
        .await
        .unwrap();
    app.deliver_queued_mail().await;

    assert!(found);
    assert_eq!(sink.last_link_to("alice@example.org"), link, "the link key is shared through the database");
}

#[tokio::test]
async fn cancel_without_confirmation_asks_and_keeps_the_place() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;

    let asked = app.post_form(&format!("{alice}/annuler"), &[]).await;
    let states_after_asking = app.states(&event).await;
    let done = app.post_form(&format!("{alice}/annuler"), &[("confirme", "oui")]).await;

    assert_eq!(asked.status, 200);
    assert_eq!(between(&asked.body, "<h1>", "</h1>"), "Annuler votre inscription ?");
    assert!(asked.body.contains("name=\"confirme\" value=\"oui\""), "{}", asked.body);
    assert_eq!(states_after_asking, [("alice@example.org".to_owned(), "confirmed".to_owned())]);
    assert_eq!(done.status, 303);
    assert_eq!(app.states(&event).await, [("alice@example.org".to_owned(), "cancelled".to_owned())]);
}

#[tokio::test]
async fn erase_without_confirmation_asks_and_keeps_the_data() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;

    let asked = app.post_form(&format!("{alice}/effacer"), &[]).await;
    let states_after_asking = app.states(&event).await;
    let done = app.post_form(&format!("{alice}/effacer"), &[("confirme", "oui")]).await;

    assert_eq!(asked.status, 200);
    assert_eq!(between(&asked.body, "<h1>", "</h1>"), "Effacer vos données ?");
    assert_eq!(states_after_asking, [("alice@example.org".to_owned(), "confirmed".to_owned())]);
    assert_eq!(done.status, 200);
    assert_eq!(between(&done.body, "<h1>", "</h1>"), "Vos données sont effacées");
    assert_eq!(app.states(&event).await, Vec::<(String, String)>::new());
}
