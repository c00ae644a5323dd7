//! B1 B3: the event's own questions (with conditions checked by the server) and invitation
//! mode (personal links sent by mail, only they register, for their own address).

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user};
use rencontres::domain::event::EventId;
use rencontres::domain::registration::Mode;

async fn organiser(app: &TestApp, event_id: EventId) -> (Browser, String) {
    add_user(app, "admin@example.org", true).await;
    let b = Browser::new(app);
    assert_eq!(b.login("admin@example.org", PASSWORD).await.status, 303);
    let csrf = b.csrf(&format!("/organisation/evenements/{event_id}/inscriptions")).await;
    (b, csrf)
}

fn question_ids(html: &str) -> Vec<String> {
    html.split("data-question=\"q").skip(1).map(|r| r[..r.find('"').unwrap()].to_owned()).collect()
}

#[tokio::test]
async fn conditional_questions_are_checked_by_the_server_and_their_answers_kept() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier questions", 20)).await;
    app.open_registrations(&event, 10).await;
    let (b, csrf) = organiser(&app, event.id).await;
    let add = format!("/organisation/evenements/{}/inscriptions/questions", event.id);
    let q1 = b
        .post(
            &add,
            &[
                ("csrf", &csrf),
                ("form", "registration"),
                ("label", "Venez-vous avec un projet ?"),
                ("kind", "yes_no"),
                ("required", "oui"),
            ],
        )
        .await;
    let ids = question_ids(&app.get(&format!("/evenements/{}/inscription", event.draft.slug)).await.body);
    let first = ids[0].clone();
    let q2 = b
        .post(
            &add,
            &[
                ("csrf", &csrf),
                ("form", "registration"),
                ("label", "<b>Quel dépôt</b> ?"),
                ("kind", "short_text"),
                ("required", "oui"),
                ("show_if", &first),
                ("show_value", "oui"),
            ],
        )
        .await;
    let bad_condition = b
        .post(
            &add,
            &[
                ("csrf", &csrf),
                ("form", "registration"),
                ("label", "Pourquoi ?"),
                ("kind", "long_text"),
                ("show_if", &first),
                ("show_value", "peut-être"),
            ],
        )
        .await;
    let one_choice = b
        .post(
            &add,
            &[("csrf", &csrf), ("form", "registration"), ("label", "Langage"), ("kind", "single"), ("choices", "Rust")],
        )
        .await;
    let form = app.get(&format!("/evenements/{}/inscription", event.draft.slug)).await;
    let ids = question_ids(&form.body);
    let second = ids[1].clone();
    let url = format!("/evenements/{}/inscription", event.draft.slug);
    let base =
        [("name", "Alix Martin"), ("email", "alix@example.org"), ("status", "public_agent"), ("organisation", "DINUM")];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(String, String)> {
        base.iter().chain(extra.iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let (f1, f2) = (format!("q{first}"), format!("q{second}"));
    let missing_dependent =
        post_pairs(&app, &url, with(&[]).into_iter().chain([(f1.clone(), "oui".to_owned())]).collect()).await;
    let wrong_value =
        post_pairs(&app, &url, with(&[]).into_iter().chain([(f1.clone(), "bof".to_owned())]).collect()).await;
    let hidden_answer = post_pairs(
        &app,
        &url,
        with(&[]).into_iter().chain([(f1.clone(), "non".to_owned()), (f2.clone(), "ignorée".to_owned())]).collect(),
    )
    .await;
    let stored = rencontres::store::registration::list(&app.db, event.id).await.unwrap();

    assert_eq!((q1.status, q2.status), (303, 303));
    assert!(bad_condition.header("location").contains("erreur_question"), "{:?}", bad_condition.headers);
    assert!(one_choice.header("location").contains("erreur_question"));
    assert_eq!(ids.len(), 2, "refused questions are not added");
    assert!(
        form.body.contains("&lt;b&gt;Quel dépôt&lt;&#x2f;b&gt; ?")
            || form.body.contains("&lt;b&gt;Quel dépôt&lt;/b&gt; ?"),
        "labels are escaped"
    );
    assert!(form.body.contains("Seulement si vous avez répondu « oui » à « Venez-vous avec un projet ? »."));
    assert!(form.body.contains("/assets/questions.js"));
    assert_eq!(missing_dependent.status, 422);
    assert!(missing_dependent.body.contains(&format!("id=\"{f2}-erreur\"")));
    assert!(missing_dependent.body.contains("value=\"Alix Martin\""), "input is kept");
    assert_eq!(wrong_value.status, 422);
    assert!(wrong_value.body.contains("Répondez par oui ou par non."));
    assert_eq!(hidden_answer.status, 303, "{}", hidden_answer.body);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].answers, format!("{{\"{first}\":[\"non\"]}}"), "the hidden question's answer is dropped");
    let list = b.get(&format!("/organisation/evenements/{}/inscriptions", event.id)).await;
    assert!(list.body.contains("Venez-vous avec un projet ? : non"));
}

async fn post_pairs(app: &TestApp, path: &str, mut fields: Vec<(String, String)>) -> Page {
    fields.push(("csrf".into(), app.csrf_token().await));
    let res = app.client.post(format!("{}{path}", app.base)).form(&fields).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    Page { status, headers, body: res.text().await.unwrap() }
}

#[tokio::test]
async fn invitation_links_alone_register_and_only_for_their_address() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Rencontre sur invitation", 25)).await;
    app.open_registrations(&event, 20).await;
    let mut settings = rencontres::store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    settings.rules.mode = Mode::Invitation;
    app.save_settings(&event, &settings).await;
    let (b, csrf) = organiser(&app, event.id).await;
    let url = format!("/organisation/evenements/{}/inscriptions/invitations", event.id);
    let pasted = "camille@exemple.gouv.fr, \"Dominique\" <dominique@exemple.gouv.fr>\nnot-an-address";
    let file = "\u{feff}eve@exemple.gouv.fr\ncamille@exemple.gouv.fr\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("list", pasted)
        .part("file", reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("liste.csv"));
    let sent = b.post_multipart(&url, form).await;
    let latin1 = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(b"h\xe9l\xe8ne@exemple.fr\n".to_vec()).file_name("liste.txt"));
    let refused = b.post_multipart(&url, latin1).await;
    let again = b
        .post_multipart(
            &url,
            reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("list", "eve@exemple.gouv.fr"),
        )
        .await;
    app.deliver_queued_mail().await;
    let mails = sink.mails();
    let link_of = |to: &str| -> String {
        let m = mails.iter().find(|m| m["rcpt_tos"][0] == to).unwrap_or_else(|| panic!("no mail to {to}"));
        let text = m["text"].as_str().unwrap();
        let start = text.find("/evenements/").unwrap();
        text[start..].split_whitespace().next().unwrap().to_owned()
    };
    let camille = link_of("camille@exemple.gouv.fr");
    let token = camille.split("invitation=").nth(1).unwrap().to_owned();
    let slug = event.draft.slug.to_string();
    let plain = app.get(&format!("/evenements/{slug}/inscription")).await;
    let opened = app.get(&camille).await;
    let fields = |email: &'static str, token: String| {
        vec![
            ("name".to_owned(), "Camille".to_owned()),
            ("email".to_owned(), email.to_owned()),
            ("status".to_owned(), "public_agent".to_owned()),
            ("invitation".to_owned(), token),
        ]
    };
    let without =
        post_pairs(&app, &format!("/evenements/{slug}/inscription"), fields("camille@exemple.gouv.fr", String::new()))
            .await;
    let other_address =
        post_pairs(&app, &format!("/evenements/{slug}/inscription"), fields("intrus@exemple.fr", token.clone())).await;
    let forged =
        post_pairs(&app, &format!("/evenements/{slug}/inscription"), fields("camille@exemple.gouv.fr", "0".repeat(64)))
            .await;
    let ok =
        post_pairs(&app, &format!("/evenements/{slug}/inscription"), fields("camille@exemple.gouv.fr", token.clone()))
            .await;
    let list = b.get(&url).await;
    let eve_id = rencontres::store::registration::invitation::list(&app.db, event.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.email == "eve@exemple.gouv.fr")
        .unwrap()
        .id;
    b.post(&format!("{url}/retirer"), &[("csrf", &csrf), ("invitation", &eve_id.to_string())]).await;
    let eve = link_of("eve@exemple.gouv.fr");
    let revoked = app.get(&eve).await;

    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(between(&sent.body, "id=\"resultat\"", "</div>").contains("<strong>3</strong> invitation(s) envoyée(s)"));
    assert!(sent.body.contains("not-an-address"));
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("Le fichier n’est pas en UTF-8")
            || refused.body.contains("Le fichier n&#x27;est pas en UTF-8")
            || refused.body.contains("pas en UTF-8")
    );
    assert!(again.body.contains("<strong>1</strong> adresse(s) déjà invitée(s)"));
    assert_eq!(mails.len(), 3, "one mail per new address, none for the repeated one");
    assert!(plain.body.contains("se font sur invitation"), "no form without a link");
    assert!(!plain.body.contains("id=\"email\""), "no registration form (the footer keeps its gazette form)");
    assert!(opened.body.contains("value=\"camille@exemple.gouv.fr\" readonly"));
    assert_eq!(without.status, 422);
    assert_eq!(other_address.status, 422);
    assert!(other_address.body.contains("réservé à une autre adresse"));
    assert_eq!(forged.status, 422);
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(app.states(&event).await, [("camille@exemple.gouv.fr".to_owned(), "pending_email".to_owned())]);
    assert!(list.body.contains("Inscription faite"));
    assert!(revoked.body.contains("n’est pas valide ou a été retiré") || revoked.body.contains("retiré"));
    assert!(!revoked.body.contains("id=\"email\""), "a revoked link shows no registration form");
}

#[tokio::test]
async fn participants_correct_their_details_and_answers_from_the_private_page() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier modifiable", 20)).await;
    app.open_registrations(&event, 10).await;
    let (b, csrf) = organiser(&app, event.id).await;
    b.post(
        &format!("/organisation/evenements/{}/inscriptions/questions", event.id),
        &[
            ("csrf", &csrf),
            ("form", "registration"),
            ("label", "Régime alimentaire"),
            ("kind", "single"),
            ("choices", "Aucun\nVégétarien\nSans gluten"),
        ],
    )
    .await;
    app.register(&event, "rita@example.org").await;
    app.deliver_queued_mail().await;
    let link = sink.last_link_to("rita@example.org");
    let page = app.get(&link).await;
    let field = between(&page.body, "data-question=\"", "\"").to_owned();
    let refused = app
        .post_form(&format!("{link}/modifier"), &[("name", ""), ("organisation", "Insee"), (&field, "Carnivore")])
        .await;
    let saved = app
        .post_form(
            &format!("{link}/modifier"),
            &[("name", "Rita Moreau"), ("organisation", "Insee"), (&field, "Végétarien")],
        )
        .await;
    let after = app.get(&link).await;
    app.post_form(&format!("{link}/annuler"), &[("confirme", "oui")]).await;
    let closed = app.post_form(&format!("{link}/modifier"), &[("name", "Autre"), ("organisation", "")]).await;
    let reg = rencontres::store::registration::list(&app.db, event.id).await.unwrap().pop().unwrap();

    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Le nom est obligatoire."));
    assert!(refused.body.contains("Choisissez une des réponses proposées."));
    assert_eq!(saved.status, 303);
    assert!(after.body.contains("<dt>Régime alimentaire</dt><dd>Végétarien</dd>"));
    assert!(
        after.body.contains("Vos informations sont enregistrées.")
            || saved.header("location").ends_with("fait=modifiee")
    );
    assert_eq!(closed.status, 422, "a cancelled registration is not edited");
    assert_eq!((reg.name.as_str(), reg.organisation.as_str()), ("Rita Moreau", "Insee"));
}

#[tokio::test]
async fn the_form_follows_a_change_of_settings_made_outside_the_server() {
    // The form's context is kept in memory by content version (`web/contexts.rs`); a change
    // written by another process (here the store, as the command line does) must show at once.
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Atelier en cache", 20)).await;
    app.open_registrations(&event, 10).await;
    let url = format!("/evenements/{}/inscription", event.draft.slug);
    let before = app.get(&url).await;
    let mut settings = rencontres::store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    settings.consent_text = "Nous gardons votre nom pour la liste d'émargement.".into();
    app.save_settings(&event, &settings).await;
    let after = app.get(&url).await;
    settings.rules.mode = Mode::Invitation;
    app.save_settings(&event, &settings).await;
    let invitation_only = app.register(&event, "zoe@example.org").await;

    assert!(!before.body.contains("Nous gardons votre nom pour la liste"));
    assert!(after.body.contains("Nous gardons votre nom pour la liste"), "{}", after.body);
    assert_eq!(invitation_only.status, 422, "the cached context must not let a plain form register");
    assert!(app.states(&event).await.is_empty());
}
