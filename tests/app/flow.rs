//! Issue 19 (A2 B6 C4 G2): the flows of organisers, participants and speakers: pages that
//! tell the truth, the door, speakers' pages, organiser feedback, programme in the browser.

use crate::helpers::*;
use crate::organiser::{Browser, add_user, create_event, event_fields, signed_in};
use crate::registration::register_and_confirm;
use rencontres::domain::cfp::{CallSettings, Window, parse_format_line};
use rencontres::domain::event::{Event, EventDates};
use rencontres::store;

/// An app over http with a real SMTP sink, so that organisers' cookies and mails both work.
pub(crate) async fn spawn_with_mail() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_with(move |c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    (app, sink)
}

/// Opens a call for talks on `event` from `opens` to `closes` (Paris time).
pub(crate) async fn open_call(
    app: &TestApp,
    event: &Event,
    opens: jiff::civil::DateTime,
    closes: jiff::civil::DateTime,
) {
    let settings = CallSettings {
        window: Window::from_paris(opens, closes),
        decisions_by: None,
        programme_by: None,
        intro: String::new(),
        formats: vec![parse_format_line("Intervention | 5 | 20").unwrap()],
        questions: vec![],
        criteria: vec![],
        anonymous: false,
        show_accepted: false,
        announced_at: None,
    };
    let right = rencontres::domain::account::EditRight::command_line(event.id);
    store::cfp::settings::save_settings(&app.db, &right, &settings, jiff::Timestamp::now()).await.unwrap();
    app.app.refresh_content_version().await.unwrap();
}

/// The texts of the live lines (`.ren-card__live li`) of the card titled `title` on `html`.
fn card_states(html: &str, title: &str) -> Vec<String> {
    let card = html.split("<div class=\"fr-card ").find(|c| c.contains(&format!(">{title}</a>"))).unwrap_or("");
    card.split("<li class=\"ren-card__").skip(1).map(|li| unescape(between(li, "\">", "</li>").trim())).collect()
}

#[tokio::test]
async fn event_page_and_cards_tell_the_call_deadline_and_a_full_registration_live() {
    let (app, sink) = spawn_with_mail().await;
    let mut draft = event_draft("Journée des communs", 10);
    draft.dates = EventDates::new(jiff::civil::date(2099, 12, 1), jiff::civil::date(2099, 12, 1), None, None).unwrap();
    let event = app.add_event(draft).await;
    app.open_registrations(&event, 1).await;
    open_call(
        &app,
        &event,
        jiff::civil::datetime(2020, 1, 1, 0, 0, 0, 0),
        jiff::civil::datetime(2099, 11, 15, 23, 59, 0, 0),
    )
    .await;
    let home_before = app.get("/").await;

    register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let home_after = app.get("/").await;
    let page = app.get("/evenements/journee-des-communs").await;
    let listed = app.get("/evenements").await;

    assert_eq!(
        card_states(&home_before.body, "Journée des communs"),
        ["Inscriptions ouvertes", "Appel à interventions ouvert jusqu'au 15 novembre 2099 à 23 h 59"]
    );
    // The last place taken raises the content version: the cached home page is not served.
    assert_eq!(
        card_states(&home_after.body, "Journée des communs"),
        ["Complet — liste d'attente", "Appel à interventions ouvert jusqu'au 15 novembre 2099 à 23 h 59"]
    );
    assert_eq!(card_states(&listed.body, "Journée des communs")[0], "Complet — liste d'attente");
    assert_eq!(
        unescape(between(&page.body, "<dd id=\"etat-appel\">", "</dd>")),
        "Appel à interventions ouvert jusqu'au 15 novembre 2099 à 23 h 59"
    );
    assert_eq!(
        unescape(between(&page.body, "<dd id=\"etat-inscription\">", "</dd>")),
        "Complet : les nouvelles inscriptions vont sur liste d'attente."
    );
}

#[tokio::test]
async fn a_call_not_yet_open_says_when_and_a_closed_one_says_so() {
    let app = spawn_app().await;
    let mut later = event_draft("Rencontre future", 10);
    later.dates = EventDates::new(jiff::civil::date(2099, 12, 1), jiff::civil::date(2099, 12, 1), None, None).unwrap();
    let later = app.add_event(later).await;
    let closed = app.add_event(event_draft("Rencontre proche", 10)).await;
    open_call(
        &app,
        &later,
        jiff::civil::datetime(2099, 10, 1, 9, 0, 0, 0),
        jiff::civil::datetime(2099, 11, 1, 23, 59, 0, 0),
    )
    .await;
    open_call(
        &app,
        &closed,
        jiff::civil::datetime(2020, 1, 1, 0, 0, 0, 0),
        jiff::civil::datetime(2020, 2, 1, 23, 59, 0, 0),
    )
    .await;

    let home = app.get("/").await;

    assert_eq!(
        card_states(&home.body, "Rencontre future"),
        ["Appel à interventions ouvert à partir du 1er octobre 2099 à 9 h 00"]
    );
    assert_eq!(card_states(&home.body, "Rencontre proche"), ["Appel à interventions clos"]);
}

#[tokio::test]
async fn the_meeting_link_reaches_confirmed_participants_only() {
    let (app, sink) = spawn_with_mail().await;
    add_user(&app, "orga@example.org", true).await;
    let b: Browser = signed_in(&app, "orga@example.org").await;
    let id = create_event(&b, "Atelier en ligne").await;
    let edit = format!("/organisation/evenements/{id}/modifier");
    let csrf = b.csrf(&edit).await;
    let mut fields = event_fields(&csrf, "Atelier en ligne");
    fields.push(("meeting_url", "javascript:alert(1)"));
    let refused = b.post(&edit, &fields).await;
    fields.pop();
    fields.push(("meeting_url", "https://visio.example.org/salle-secrete"));
    let saved = b.post(&edit, &fields).await;
    b.action(&format!("/organisation/evenements/{id}/publier")).await;
    app.app.refresh_content_version().await.unwrap();
    let event = store::event::get(&app.db, rencontres::domain::event::EventId::new(id)).await.unwrap();
    app.open_registrations(&event, 1).await;

    let alice = register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let bob = register_and_confirm(&app, &sink, &event, "bob@example.org").await;

    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Le lien doit commencer par https:// ou http://."), "{}", refused.body);
    assert_eq!(saved.status, 303);
    assert!(b.get(&edit).await.body.contains("value=\"https://visio.example.org/salle-secrete\""));
    let texts = |to: &str| -> Vec<String> {
        sink.mails()
            .iter()
            .filter(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to))
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let with_link = |texts: Vec<String>| texts.iter().filter(|t| t.contains("visio.example.org")).count();
    assert_eq!(with_link(texts("alice@example.org")), 1, "the confirmation mail carries the link");
    assert_eq!(with_link(texts("bob@example.org")), 0, "waitlisted: no link");
    let alice_page = app.get(&alice).await.body;
    assert_eq!(unescape(between(&alice_page, "<p id=\"lien-reunion\">", " <a ")), "Lien de la réunion en ligne :");
    assert!(alice_page.contains("href=\"https://visio.example.org/salle-secrete\""));
    assert!(!app.get(&bob).await.body.contains("visio.example.org"));
    for path in [
        "/",
        "/evenements",
        "/evenements/atelier-en-ligne",
        "/evenements/atelier-en-ligne/calendrier.ics",
        "/flux.atom",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.body.contains("visio.example.org"), "{path} shows the meeting link");
    }
}

/// An event with registrations open (`places`), a registration question, and the organiser
/// `orga@example.org` (administrator) signed in.
async fn door_setup(app: &TestApp, places: u32) -> (Event, Browser, i64) {
    use rencontres::domain::question::{Form, Kind, NewQuestion};
    let event = app.add_event(event_draft("Journée de la porte", 20)).await;
    app.open_registrations(&event, places).await;
    let right = rencontres::domain::account::EditRight::command_line(event.id);
    let question = NewQuestion {
        label: "Déjeuner sur place ?".into(),
        kind: Kind::ShortText,
        required: false,
        choices: vec![],
        show_if: None,
    };
    let qid =
        store::question::add(&app.db, &right, Form::Registration, &question, jiff::Timestamp::now()).await.unwrap();
    app.app.refresh_content_version().await.unwrap();
    add_user(app, "orga@example.org", true).await;
    (event, signed_in(app, "orga@example.org").await, qid)
}

/// Registers `email` as `name` answering `lunch`, and confirms the address from the mail.
async fn register_with_answer(
    app: &TestApp,
    sink: &SmtpSink,
    event: &Event,
    name: &str,
    email: &str,
    qid: i64,
    lunch: &str,
) -> String {
    let field = format!("q{qid}");
    let page = app
        .post_form(
            &format!("/evenements/{}/inscription", event.draft.slug),
            &[("name", name), ("email", email), ("organisation", "DINUM"), ("status", "public_agent"), (&field, lunch)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.deliver_queued_mail().await;
    let link = sink.last_link_to(email);
    assert_eq!(app.post_form(&format!("{link}/confirmer"), &[]).await.status, 303);
    app.deliver_queued_mail().await;
    link
}

#[tokio::test]
async fn door_lists_carry_the_answers_and_a_signature_column() {
    let (app, sink) = spawn_with_mail().await;
    let (event, b, qid) = door_setup(&app, 10).await;
    register_with_answer(&app, &sink, &event, "Zoé Martin", "zoe@example.org", qid, "oui, végétarien").await;
    register_with_answer(&app, &sink, &event, "Élodie Bernard", "elodie@example.org", qid, "non").await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);

    let (status, _, csv) = b.get_bytes(&format!("{base}.csv")).await;
    let print = b.get(&format!("{base}/emargement")).await;

    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Nom;Adresse électronique;Organisation;Statut;État;Déjeuner sur place ?;Signature");
    assert_eq!(
        lines[1],
        "\"Élodie Bernard\";\"elodie@example.org\";\"DINUM\";\"Agent public\";\"Inscription confirmée\";\"non\";\"\""
    );
    assert_eq!(print.status, 200);
    assert_eq!(print.header("cache-control"), "no-store");
    let head = between(&print.body, "<thead>", "</thead>");
    let columns: Vec<String> =
        head.split("<th scope=\"col\"").skip(1).map(|th| unescape(between(th, ">", "</th>"))).collect();
    assert_eq!(columns, ["Nom", "Organisation", "Déjeuner sur place ?", "Signature"]);
    let body = between(&print.body, "<tbody>", "</tbody>");
    let names: Vec<String> =
        body.split("<th scope=\"row\">").skip(1).map(|th| unescape(between(th, "", "</th>").trim())).collect();
    assert_eq!(names, ["Élodie Bernard", "Zoé Martin"]);
    assert!(body.contains("<td>oui, végétarien</td>"), "{body}");
}

/// The names of the desk page's list, in order.
fn desk_names(html: &str) -> Vec<String> {
    html.split("<li class=\"fr-mb-2w\" data-search=")
        .skip(1)
        .map(|li| unescape(between(li, "<strong>", "</strong>")))
        .collect()
}

#[tokio::test]
async fn the_desk_lists_everyone_alphabetically_and_a_plain_search_narrows_it() {
    let (app, sink) = spawn_with_mail().await;
    let (event, b, qid) = door_setup(&app, 10).await;
    for (name, email) in [
        ("Zoé Martin", "zoe@example.org"),
        ("Élodie Bernard", "elodie@example.org"),
        ("Marc Petit", "marc@example.org"),
    ] {
        register_with_answer(&app, &sink, &event, name, email, qid, "").await;
    }
    let desk = format!("/organisation/evenements/{}/inscriptions/accueil", event.id);

    let all = b.get(&desk).await;
    let narrowed = b.get(&format!("{desk}?q=MARTIN")).await;
    let accents = b.get(&format!("{desk}?q=elodie")).await;

    assert_eq!(desk_names(&all.body), ["Élodie Bernard", "Marc Petit", "Zoé Martin"]);
    assert_eq!(desk_names(&narrowed.body), ["Zoé Martin"]);
    assert_eq!(desk_names(&accents.body), ["Élodie Bernard"]);
    assert!(all.body.contains("<script src=\"/assets/desk.js?v="), "the live filter is a file (CSP)");
    assert_eq!(all.header("permissions-policy"), "camera=(self), microphone=(), geolocation=(), interest-cohort=()");
}

#[tokio::test]
async fn a_walk_in_is_present_at_once_even_when_full_and_audited() {
    let (app, sink) = spawn_with_mail().await;
    let (event, b, qid) = door_setup(&app, 1).await;
    register_with_answer(&app, &sink, &event, "Zoé Martin", "zoe@example.org", qid, "").await;
    let path = format!("/organisation/evenements/{}/inscriptions/sur-place", event.id);
    let csrf = b.csrf(&format!("/organisation/evenements/{}/inscriptions/accueil", event.id)).await;
    let mark = app.audit_mark().await;

    let added = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Chloé Venue"),
                ("email", "chloe@example.org"),
                ("organisation", ""),
                ("status", "public_agent"),
            ],
        )
        .await;
    let again = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Zoé"),
                ("email", "zoe@example.org"),
                ("organisation", ""),
                ("status", "public_agent"),
            ],
        )
        .await;
    let refused = b.post(&path, &[("csrf", &csrf), ("name", ""), ("email", "pas-une-adresse"), ("status", "x")]).await;
    let mails = app.deliver_queued_mail().await;

    assert_eq!(added.status, 303);
    assert_eq!(
        added.header("location"),
        format!("/organisation/evenements/{}/inscriptions/accueil?fait=sur-place&q=Chlo%C3%A9+Venue", event.id)
    );
    assert!(again.header("location").contains("fait=ok"), "{}", again.header("location"));
    assert!(refused.header("location").ends_with("?fait=sur-place-invalide"));
    assert_eq!(
        app.states(&event).await,
        [
            ("zoe@example.org".to_owned(), "attended".to_owned()),
            ("chloe@example.org".to_owned(), "attended".to_owned())
        ]
    );
    assert_eq!(app.audit_actions_since(mark).await, ["registration.walk_in", "registration.check_in"]);
    assert_eq!(mails.sent, 0, "a walk-in gets no mail");
    let counts = store::registration::counters(&app.db, event.id).await.unwrap();
    assert_eq!(counts, (2, 0), "the counters follow the walk-in past the capacity");
}

#[tokio::test]
async fn the_check_in_code_of_the_confirmation_mail_finds_the_person_at_the_desk() {
    let (app, sink) = spawn_with_mail().await;
    let (event, b, qid) = door_setup(&app, 10).await;
    let link = register_with_answer(&app, &sink, &event, "Zoé Martin", "zoe@example.org", qid, "").await;
    register_with_answer(&app, &sink, &event, "Marc Petit", "marc@example.org", qid, "").await;
    let zoe = store::registration::list(&app.db, event.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.email == "zoe@example.org")
        .unwrap();
    let code = rencontres::domain::door_code::code(zoe.id, link.trim_start_matches("/inscription/"));
    let desk = format!("/organisation/evenements/{}/inscriptions/accueil", event.id);

    let mail = sink
        .mails()
        .into_iter()
        .rfind(|m| {
            m["subject"].as_str() == Some("Inscription confirmée : Journée de la porte")
                && m["rcpt_tos"][0] == "zoe@example.org"
        })
        .unwrap();
    let (status, headers, png) = b.get_bytes(&format!("/code-accueil/{code}.png")).await;
    let by_code = b.get(&format!("{desk}?code={}", code.to_lowercase())).await;
    let wrong = b.get(&format!("{desk}?code={}-AAAAAA", zoe.id)).await;
    let from_camera = b.get(&format!("/organisation/pointage?code={code}")).await;
    let private = app.get(&link).await;

    assert!(mail["text"].as_str().unwrap().contains(&code), "{}", mail["text"]);
    assert!(
        mail["html"].as_str().unwrap().contains(&format!("http://127.0.0.1/code-accueil/{code}.png")),
        "{}",
        mail["html"]
    );
    assert_eq!((status, headers["content-type"].to_str().unwrap()), (200, "image/png"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(desk_names(&by_code.body), ["Zoé Martin"]);
    assert!(wrong.body.contains("Ce code ne correspond à aucune inscription de cet événement."));
    assert_eq!(desk_names(&wrong.body), Vec::<String>::new());
    assert_eq!((from_camera.status, from_camera.header("location")), (303, format!("{desk}?code={code}").as_str()));
    assert_eq!(unescape(between(&private.body, "votre code : <strong>", "</strong>")), code);
    assert!(private.body.contains("role=\"img\" aria-label=\"Code QR d’accueil"));
    assert_eq!(app.get(&format!("/code-accueil/{}.png", "pas-un-code")).await.status, 404);
}

#[tokio::test]
async fn administrators_see_stuck_mail_and_put_it_back_in_the_queue() {
    let (app, sink) = spawn_with_mail().await;
    let event = app.add_event(event_draft("Journée du courrier", 20)).await;
    app.open_registrations(&event, 5).await;
    register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM messages ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    let (failed, batch) = (ids[0], ids[1]);
    sqlx::query(
        "UPDATE messages SET status = 'failed', last_error = '550 mailbox unavailable', attempts = 8 WHERE id = $1",
    )
    .bind(failed)
    .execute(app.db.pool())
    .await
    .unwrap();
    // Held without an error: a batch organisers are still reviewing, never retried from here.
    sqlx::query("UPDATE messages SET status = 'held', last_error = NULL WHERE id = $1")
        .bind(batch)
        .execute(app.db.pool())
        .await
        .unwrap();
    add_user(&app, "admin@example.org", true).await;
    add_user(&app, "orga@example.org", false).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let organiser = signed_in(&app, "orga@example.org").await;
    let mark = app.audit_mark().await;

    let page = admin.get("/organisation/file-courriels").await;
    let csrf = admin.csrf("/organisation/file-courriels").await;
    let retried = admin
        .post("/organisation/file-courriels/reessayer", &[("csrf", &csrf), ("message", &failed.to_string())])
        .await;
    let refused =
        admin.post("/organisation/file-courriels/reessayer", &[("csrf", &csrf), ("message", &batch.to_string())]).await;
    let after = admin.get(retried.header("location")).await;
    let forbidden = organiser.get("/organisation/file-courriels").await;

    let rows = between(&page.body, "<tbody>", "</tbody>");
    assert_eq!(rows.matches("<tr>").count(), 1, "only the failed message is to act on: {rows}");
    assert!(rows.contains("550 mailbox unavailable") && rows.contains("alice@example.org"), "{rows}");
    assert_eq!(retried.header("location"), "/organisation/file-courriels?fait=reessaye");
    assert_eq!(refused.header("location"), "/organisation/file-courriels?fait=non-reessayable");
    assert_eq!(
        unescape(between(&after.body, "id=\"message-action\"><p>", "</p>")),
        "Le message est remis dans la file d’envoi."
    );
    assert!(after.body.contains("Aucun courriel en échec ni interrompu."));
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM messages WHERE id IN ($1, $2) ORDER BY id")
        .bind(failed)
        .bind(batch)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(statuses, ["queued", "held"]);
    assert_eq!(app.audit_actions_since(mark).await, ["message.retry"]);
    assert_eq!(forbidden.status, 403);
}

#[tokio::test]
async fn each_event_action_says_what_it_did() {
    let app = crate::organiser::spawn().await;
    add_user(&app, "orga@example.org", true).await;
    let b = signed_in(&app, "orga@example.org").await;
    let id = create_event(&b, "Journée annoncée").await;
    let edit = format!("/organisation/evenements/{id}/modifier");
    let message = |body: &str| unescape(between(body, "id=\"message-action\"><p>", "</p>"));

    let created = b.get(&format!("{edit}?fait=cree")).await;
    let csrf = b.csrf(&edit).await;
    let saved = b.post(&edit, &event_fields(&csrf, "Journée annoncée")).await;
    let saved_page = b.get(saved.header("location")).await;
    let published = b.action(&format!("/organisation/evenements/{id}/publier")).await;
    let published_page = b.get(published.header("location")).await;
    let deleted = b.confirmed_action(&format!("/organisation/evenements/{id}/supprimer")).await;
    let deleted_page = b.get(deleted.header("location")).await;

    assert_eq!(message(&created.body), "Événement créé (brouillon, invisible du public).");
    assert_eq!(saved.header("location"), format!("{edit}?fait=enregistre"));
    assert_eq!(message(&saved_page.body), "Événement enregistré.");
    assert_eq!(message(&published_page.body), "Événement publié : il est visible sur le site.");
    assert_eq!(message(&deleted_page.body), "Événement supprimé.");
}

#[tokio::test]
async fn registration_questions_are_edited_and_reordered_in_the_browser() {
    let app = crate::organiser::spawn().await;
    let (event, b, lunch) = door_setup(&app, 10).await;
    let right = rencontres::domain::account::EditRight::command_line(event.id);
    let diet = rencontres::domain::question::NewQuestion {
        label: "Régime".into(),
        kind: rencontres::domain::question::Kind::ShortText,
        required: false,
        choices: vec![],
        show_if: None,
    };
    let diet = store::question::add(
        &app.db,
        &right,
        rencontres::domain::question::Form::Registration,
        &diet,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;
    let mark = app.audit_mark().await;

    let edited = b
        .post(
            &format!("{base}/questions/modifier"),
            &[("csrf", &csrf), ("question", &lunch.to_string()), ("label", "Déjeunerez-vous ?"), ("required", "oui")],
        )
        .await;
    let moved = b
        .post(
            &format!("{base}/questions/deplacer"),
            &[("csrf", &csrf), ("question", &diet.to_string()), ("sens", "haut")],
        )
        .await;
    let refused = b
        .post(
            &format!("{base}/questions/deplacer"),
            &[("csrf", &csrf), ("question", &diet.to_string()), ("sens", "haut")],
        )
        .await;
    let emptied = b
        .post(
            &format!("{base}/questions/modifier"),
            &[("csrf", &csrf), ("question", &diet.to_string()), ("label", " ")],
        )
        .await;
    let form = app.get(&format!("/evenements/{}/inscription", event.draft.slug)).await;

    assert!(edited.header("location").contains("fait=question-modifiee"));
    assert!(moved.header("location").contains("fait=question-deplacee"));
    assert!(
        refused
            .header("location")
            .contains("erreur_question=La%20question%20est%20d%C3%A9j%C3%A0%20la%20premi%C3%A8re."),
        "{}",
        refused.header("location")
    );
    assert!(emptied.header("location").contains("erreur_question="));
    let questions =
        store::question::list(&app.db, event.id, rencontres::domain::question::Form::Registration).await.unwrap();
    let shown: Vec<(&str, bool)> = questions.iter().map(|q| (q.label.as_str(), q.required)).collect();
    assert_eq!(shown, [("Régime", false), ("Déjeunerez-vous ?", true)]);
    assert_eq!(app.audit_actions_since(mark).await, ["question.update", "question.move"]);
    let first = form.body.find("Régime").unwrap();
    let second = form.body.find("Déjeunerez-vous ?").unwrap();
    assert!(first < second, "the public form follows the new order");
}

#[tokio::test]
async fn the_programme_page_says_published_and_whether_the_draft_changed_since() {
    use rencontres::domain::event::EventKind;
    let app = crate::organiser::spawn().await;
    rencontres::demo::install(&app.db, &app.app.composer, app.app.config.base_url(), today(), jiff::Timestamp::now())
        .await
        .unwrap();
    let event = store::event::list_published(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.kind == EventKind::Garagethon)
        .unwrap();
    add_user(&app, "orga@example.org", true).await;
    let b = signed_in(&app, "orga@example.org").await;
    let path = format!("/organisation/evenements/{}/programme", event.id);

    let same = b.get(&path).await;
    let right = rencontres::domain::account::EditRight::command_line(event.id);
    store::programme::edit_draft(&app.db, &right, "programme.test", jiff::Timestamp::now(), |d| {
        let id = d.programme.items[0].id;
        d.remove_item(id)
    })
    .await
    .unwrap();
    let changed = b.get(&path).await;

    assert_eq!(
        between(&same.body, "<span class=\"fr-badge fr-badge--success\" id=\"etat-publication\">", "</span>"),
        "Publié"
    );
    assert!(same.body.contains("Le brouillon est identique à la version publiée."), "{}", same.body);
    assert!(changed.body.contains("Le brouillon a changé depuis la dernière version publiée"), "{}", changed.body);
}

#[tokio::test]
async fn the_grid_starts_at_the_events_hours_and_shows_a_speaker_in_two_places() {
    let app = crate::organiser::spawn().await;
    add_user(&app, "orga@example.org", true).await;
    let b = signed_in(&app, "orga@example.org").await;
    // 10 h – 17 h every day.
    let event = app.add_event(event_draft("Journée des conflits", 12)).await;
    let day = event.draft.dates.start_date.to_string();
    let grid = format!("/organisation/evenements/{}/programme/grille", event.id);
    let csrf = b.csrf(&grid).await;
    for (title, room) in [("Atelier A", ""), ("Atelier B", "")] {
        let added = b
            .post(
                &format!("{grid}/ajouter"),
                &[
                    ("csrf", &csrf),
                    ("kind", "workshop"),
                    ("title", title),
                    ("date", &day),
                    ("start", "11:00"),
                    ("minutes", "30"),
                    ("room", room),
                    ("speakers", "Ada Lovelace"),
                ],
            )
            .await;
        assert_eq!(added.status, 303, "{}", added.body);
    }

    let page = b.get(&grid).await;

    let first_slot = between(&page.body, "data-time=\"", "\"");
    assert_eq!(first_slot, "10:00", "the grid starts at the event's opening, not at 9 h");
    assert_eq!(page.body.matches("Conflit : Ada Lovelace intervient ailleurs au même moment").count(), 2);
}
