//! H2 (issue 15 items 5 and 6): a person's language is kept with their registration or their
//! subscription, and every mail they get later comes in it, whatever language the page that
//! caused it was read in. Mails read from a real SMTP server.

use crate::helpers::*;
use rencontres::i18n::Lang;

async fn lang_of(app: &TestApp, event: &rencontres::domain::event::Event, email: &str) -> Lang {
    let list = rencontres::store::registration::list(&app.db, event.id).await.unwrap();
    list.into_iter().find(|r| r.email == email).unwrap().lang
}

fn text_of(sink: &SmtpSink, to: &str, subject: &str) -> String {
    let mails = sink.mails();
    let mail = mails
        .iter()
        .find(|m| m["rcpt_tos"][0] == to && m["subject"] == subject)
        .unwrap_or_else(|| panic!("no mail {subject:?} to {to}"));
    mail["text"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_registration_made_in_english_keeps_english_for_all_its_mails_and_a_french_one_french() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Garagethon", 20)).await;
    app.open_registrations(&event, 1).await;

    let bob = crate::registration::register_and_confirm(&app, &sink, &event, "bob@example.org").await;
    app.get("/?lang=en").await;
    let alice = crate::registration::register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    // Bob cancels from a browser that now reads English: his registration stays French.
    app.post_form(&format!("{bob}/annuler"), &[("confirme", "oui")]).await;
    app.deliver_queued_mail().await;
    app.post_form(&format!("{alice}/accepter"), &[]).await;
    app.deliver_queued_mail().await;
    app.post_form(&format!("{alice}/annuler"), &[("confirme", "oui")]).await;
    app.deliver_queued_mail().await;

    assert_eq!(lang_of(&app, &event, "alice@example.org").await, Lang::En);
    assert_eq!(lang_of(&app, &event, "bob@example.org").await, Lang::Fr);
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        [
            "Confirm your address for “Garagethon”",
            "Waiting list: Garagethon",
            "A place has become free: Garagethon",
            "Registration confirmed: Garagethon",
            "Registration cancelled: Garagethon",
        ]
    );
    assert_eq!(
        sink.subjects_to("bob@example.org"),
        [
            "Confirmez votre adresse pour « Garagethon »",
            "Inscription confirmée : Garagethon",
            "Inscription annulée : Garagethon",
        ]
    );
    let confirm = text_of(&sink, "alice@example.org", "Confirm your address for “Garagethon”");
    assert!(confirm.starts_with("Hello alice,"), "{confirm}");
    assert!(confirm.contains("This link expires on ") && confirm.contains(" at "), "{confirm}");
    let offer = text_of(&sink, "alice@example.org", "A place has become free: Garagethon");
    // Dates in English: "held for you until Wednesday 10 January 2024 at 17:30".
    assert!(offer.contains("it is held for you until "), "{offer}");
    for french in [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai ",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        " h ",
    ] {
        assert!(!offer.contains(french), "French date words in the English offer: {offer}");
    }
    let html = sink.mails().into_iter().find(|m| m["subject"] == "Registration confirmed: Garagethon").unwrap();
    assert!(html["html"].as_str().unwrap().contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn registering_again_in_the_other_language_changes_the_language_of_the_next_mails() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 5).await;

    app.register(&event, "alice@example.org").await;
    app.get("/?lang=en").await;
    app.register(&event, "alice@example.org").await;
    app.deliver_queued_mail().await;

    assert_eq!(lang_of(&app, &event, "alice@example.org").await, Lang::En);
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        ["Confirmez votre adresse pour « Atelier »", "Your registration for “Atelier”"]
    );
}

#[tokio::test]
async fn a_gazette_subscription_in_english_gets_english_mails_even_confirmed_from_a_french_browser() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;

    app.get("/?lang=en").await;
    app.post_form_raw("/gazette", &[("email", "alice@example.org"), ("consent", "oui")]).await;
    app.deliver_queued_mail().await;
    let mails = sink.mails();
    let text = mails[0]["text"].as_str().unwrap();
    let start = text.find("https://rencontres.example.org/gazette/confirmer/").unwrap();
    let confirm = text[start..].split(|c: char| c.is_whitespace() || c == ')' || c == '>').next().unwrap();
    // Another browser, without the cookie: the page is French, the welcome stays English.
    let page =
        reqwest::Client::new().get(confirm.replace("https://rencontres.example.org", &app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    app.deliver_queued_mail().await;

    assert_eq!(
        sink.subjects_to("alice@example.org"),
        [
            "Confirm your subscription to the Rencontres BlueHats gazette",
            "Welcome among the readers of the Rencontres BlueHats gazette",
        ]
    );
    assert!(text.contains("[Confirm my subscription]") || text.contains("Confirm my subscription"), "{text}");
    let lang: String = sqlx::query_scalar("SELECT lang FROM gazette_subscribers WHERE email = $1")
        .bind("alice@example.org")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(lang, "en");
}

/// H2: the participant pages answer in English: the registration form, its errors beside the
/// fields, the page after sending, the private page of a registration and its confirmation step.
#[tokio::test]
async fn participant_pages_answer_in_english_with_their_errors_beside_the_fields() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier", 20)).await;
    app.open_registrations(&event, 10).await;
    app.get("/?lang=en").await;

    let form = app.get("/evenements/atelier/inscription").await;
    let refused = app
        .post_form(
            "/evenements/atelier/inscription",
            &[("name", "  "), ("email", "not-an-address"), ("organisation", "DINUM"), ("status", "")],
        )
        .await;
    let sent = app.register(&event, "alice@example.org").await;
    let sent_page = app.get(sent.header("location")).await;
    app.deliver_queued_mail().await;
    let link = sink.last_link_to("alice@example.org");
    let private = app.get(&link).await;
    let cancel = app.post_form(&format!("{link}/annuler"), &[]).await;

    assert!(form.body.contains("<html lang=\"en\""));
    assert!(form.body.contains("<h1>Register</h1>"), "{}", form.body);
    assert!(form.body.contains(">Public servant</option>"));
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("<p id=\"name-erreur\" class=\"fr-error-text\">The name is required.</p>"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(
        "<p id=\"email-erreur\" class=\"fr-error-text\">The email address is not valid (example: firstname.lastname@example.org).</p>"
    ));
    assert!(refused.body.contains("<p id=\"status-erreur\" class=\"fr-error-text\">Please give your status.</p>"));
    assert!(refused.body.contains("value=\"not-an-address\""), "input kept");
    assert!(sent_page.body.contains("<h1>Check your inbox</h1>"), "{}", sent_page.body);
    assert!(private.body.contains("<h1>My registration</h1>"), "{}", private.body);
    assert!(private.body.contains(">Address to be confirmed</p>"));
    assert!(private.body.contains(">Cancel my registration</button>"));
    assert!(cancel.body.contains("<h1>Cancel your registration?</h1>"), "{}", cancel.body);
    for page in [&form.body, &refused.body, &sent_page.body, &private.body, &cancel.body] {
        assert!(!page.contains("Inscription") && !page.contains("inscription ?"), "French left: {page}");
    }
}

/// H2: the announcement of a new event reaches each subscriber in the language they
/// subscribed in.
#[tokio::test]
async fn a_new_event_is_announced_to_each_subscriber_in_their_language() {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_with(|c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let b = crate::organiser::signed_in(&app, "admin@example.org").await;
    rencontres::store::gazette::seed_confirmed(&app.db, &["ana@example.org".to_owned()], jiff::Timestamp::now())
        .await
        .unwrap();
    rencontres::store::gazette::seed_confirmed(&app.db, &["ben@example.org".to_owned()], jiff::Timestamp::now())
        .await
        .unwrap();
    sqlx::query("UPDATE gazette_subscribers SET announcements = 1, lang = CASE email WHEN 'ben@example.org' THEN 'en' ELSE 'fr' END")
        .execute(app.db.pool())
        .await
        .unwrap();
    let mut draft = event_draft("Forum des communs", 30);
    draft.status = rencontres::domain::event::EventStatus::Draft;
    let event = app.add_event(draft).await;

    b.action(&format!("/organisation/evenements/{}/publier", event.id)).await;
    let queued = rencontres::mail::gazette::queue_due(
        &app.db,
        &app.app.composer,
        app.app.config.base_url(),
        10,
        jiff::Timestamp::now(),
        || {},
    )
    .await
    .unwrap();
    app.deliver_queued_mail().await;

    assert_eq!(queued, 2);
    assert_eq!(sink.subjects_to("ana@example.org"), ["Nouvel événement : Forum des communs"]);
    assert_eq!(sink.subjects_to("ben@example.org"), ["New event: Forum des communs"]);
}
