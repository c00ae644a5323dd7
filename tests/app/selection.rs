//! B5: selection by organisers: pending decisions, the seeded draw with a quota, the
//! announcement scheduled for a time and sent once; the follow-up survey and its answers.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user};
use jiff::{SignedDuration, Timestamp};
use rencontres::domain::registration::Mode;
use rencontres::store::registration::selection;

async fn selection_event(app: &TestApp, places: u32) -> rencontres::domain::event::Event {
    let event = app.add_event(event_draft("Garagethon sélectif", 30)).await;
    app.open_registrations(&event, places).await;
    let mut settings = rencontres::store::registration::find_settings(&app.db, event.id).await.unwrap().unwrap();
    settings.rules.mode = Mode::Selection;
    app.save_settings(&event, &settings).await;
    event
}

async fn preregister(app: &TestApp, sink: &SmtpSink, event: &rencontres::domain::event::Event, who: &[(&str, &str)]) {
    for (email, org) in who {
        let page = app
            .post_form(
                &format!("/evenements/{}/inscription", event.draft.slug),
                &[
                    ("name", email.split('@').next().unwrap()),
                    ("email", email),
                    ("organisation", org),
                    ("status", "public_agent"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
    app.deliver_queued_mail().await;
    for (email, _) in who {
        let link = sink.last_link_to(email);
        assert_eq!(app.post_form(&format!("{link}/confirmer"), &[]).await.status, 303);
    }
    app.deliver_queued_mail().await;
}

#[tokio::test]
async fn decisions_stay_pending_until_the_scheduled_announcement_then_go_out_once() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = selection_event(&app, 2).await;
    let people = [
        ("ana@ex.fr", "DINUM"),
        ("ben@ex.fr", "DINUM"),
        ("cleo@ex.fr", "Dinum "),
        ("dan@ex.fr", "Insee"),
        ("eva@ex.fr", "Cnam"),
    ];
    preregister(&app, &sink, &event, &people).await;
    add_user(&app, "admin@example.org", true).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let page = format!("/organisation/evenements/{}/inscriptions/selection", event.id);
    let csrf = b.csrf(&page).await;
    let regs = rencontres::store::registration::list(&app.db, event.id).await.unwrap();
    let id = |email: &str| regs.iter().find(|r| r.email == email).unwrap().id.to_string();

    let declined = b
        .post(
            &format!("{page}/decider"),
            &[("csrf", &csrf), ("registration", &id("eva@ex.fr")), ("decision", "decline")],
        )
        .await;
    let none = b.post(&format!("{page}/decider"), &[("csrf", &csrf), ("decision", "select")]).await;
    let drawn = b.post(&format!("{page}/tirage"), &[("csrf", &csrf), ("seed", "20261125"), ("quota", "1")]).await;
    let shown = b.get(&page).await;
    let pending = selection::pending(&app.db, event.id).await.unwrap();
    let ana_private = app.get(&sink.last_link_to("ana@ex.fr")).await;
    let in_past = b.post(&format!("{page}/programmer"), &[("csrf", &csrf), ("at", "2001-01-01T09:00")]).await;
    let when = (Timestamp::now() + SignedDuration::from_hours(24)).to_zoned(rencontres::domain::event::paris());
    let at = when.datetime().strftime("%Y-%m-%dT%H:%M").to_string();
    let scheduled = b.post(&format!("{page}/programmer"), &[("csrf", &csrf), ("at", &at)]).await;
    let mails_before = sink.mails().len();
    let early = rencontres::mail::registration::announce_due(
        &app.db,
        &app.app.composer,
        app.app.config.base_url(),
        Timestamp::now(),
    )
    .await
    .unwrap();
    let later = Timestamp::now() + SignedDuration::from_hours(25);
    let announced =
        rencontres::mail::registration::announce_due(&app.db, &app.app.composer, app.app.config.base_url(), later)
            .await
            .unwrap();
    let twice = rencontres::mail::registration::announce_due(
        &app.db,
        &app.app.composer,
        app.app.config.base_url(),
        later + SignedDuration::from_hours(1),
    )
    .await
    .unwrap();
    // The messages were queued at the (simulated) announcement time.
    app.deliver_queued_mail_after(27 * 3600).await;
    let states = app.states(&event).await;
    let confirmed: Vec<&str> = states.iter().filter(|s| s.1 == "confirmed").map(|s| s.0.as_str()).collect();

    assert_eq!(declined.status, 303);
    assert!(none.header("location").ends_with("erreur=aucune"));
    assert_eq!(drawn.status, 303);
    assert!(
        shown.body.contains(
            "Graine <strong>20261125</strong>, 4 candidature(s) pour 2 place(s), quota de 1 par organisation."
        )
    );
    assert_eq!(pending.len(), 5, "the draw decided the four others: {pending:?}");
    // The draw is the domain's seeded draw: same seed, same candidates, same result.
    let candidates: Vec<rencontres::domain::registration::Candidate> = regs
        .iter()
        .filter(|r| r.email != "eva@ex.fr")
        .map(|r| rencontres::domain::registration::Candidate { id: r.id, organisation: r.organisation.clone() })
        .collect();
    let expected = rencontres::domain::registration::draw(&candidates, 2, Some(1), 20261125);
    let mut selected: Vec<i64> =
        pending.iter().filter(|p| p.1 == rencontres::domain::registration::Decision::Select).map(|p| p.0).collect();
    selected.sort();
    let mut want = expected.selected.clone();
    want.sort();
    assert_eq!(selected, want);
    assert!(ana_private.body.contains("Préinscription enregistrée"), "a pending decision is invisible to the person");
    assert!(in_past.header("location").ends_with("erreur=passe"));
    assert_eq!(scheduled.status, 303);
    assert_eq!(early, 0, "nothing before the chosen time");
    assert_eq!(sink.mails().len() - mails_before, 5, "five answers sent at the chosen time");
    assert_eq!(announced, 5);
    assert_eq!(twice, 0, "announced once");
    assert_eq!(confirmed.len(), 2);
    let orgs: Vec<String> = confirmed
        .iter()
        .map(|e| {
            rencontres::domain::registration::normalise_organisation(
                &regs.iter().find(|r| r.email == *e).unwrap().organisation,
            )
        })
        .collect();
    assert_ne!(orgs[0], orgs[1], "the quota of one per organisation holds");
    assert_eq!(states.iter().find(|s| s.0 == "eva@ex.fr").unwrap().1, "declined");
    assert_eq!(sink.subjects_to("eva@ex.fr").last().unwrap(), "Réponse à votre préinscription : Garagethon sélectif");
    assert_eq!(states.iter().filter(|s| s.1 == "waitlisted").count(), 2);
    let (taken, waiting) = rencontres::store::registration::counters(&app.db, event.id).await.unwrap();
    assert_eq!((taken, waiting), (2, 2), "counters follow the announcement");
}

#[tokio::test]
async fn a_selection_beyond_the_places_goes_to_the_waitlist_when_announced() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = selection_event(&app, 1).await;
    preregister(&app, &sink, &event, &[("a@ex.fr", "A"), ("b@ex.fr", "B")]).await;
    add_user(&app, "admin@example.org", true).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let page = format!("/organisation/evenements/{}/inscriptions/selection", event.id);
    let csrf = b.csrf(&page).await;
    let regs = rencontres::store::registration::list(&app.db, event.id).await.unwrap();
    let ids: Vec<(String, String)> = regs.iter().map(|r| ("registration".to_owned(), r.id.to_string())).collect();
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("csrf", &csrf));
    fields.push(("decision", "select"));
    b.post(&format!("{page}/decider"), &fields).await;
    let done = b.post(&format!("{page}/annoncer"), &[("csrf", &csrf)]).await;

    assert!(done.header("location").ends_with("fait=annonce-2"));
    assert_eq!(
        app.states(&event).await,
        [("a@ex.fr".to_owned(), "confirmed".to_owned()), ("b@ex.fr".to_owned(), "waitlisted".to_owned())]
    );
}

#[tokio::test]
async fn the_follow_up_survey_reaches_participants_once_and_organisers_read_the_answers() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let event = app.add_event(event_draft("Atelier suivi", 12)).await;
    app.open_registrations(&event, 5).await;
    for email in ["lea@ex.fr", "max@ex.fr"] {
        app.register(&event, email).await;
    }
    app.deliver_queued_mail().await;
    app.post_form(&format!("{}/confirmer", sink.last_link_to("lea@ex.fr")), &[]).await;
    add_user(&app, "admin@example.org", true).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/inscriptions", event.id);
    let csrf = b.csrf(&base).await;
    let empty = b.post(&format!("{base}/questionnaire/envoyer"), &[("csrf", &csrf)]).await;
    b.post(
        &format!("{base}/questions"),
        &[
            ("csrf", &csrf),
            ("form", "survey"),
            ("label", "Qu’attendez-vous de la journée ?"),
            ("kind", "long_text"),
            ("required", "oui"),
        ],
    )
    .await;
    let sent = b.post(&format!("{base}/questionnaire/envoyer"), &[("csrf", &csrf)]).await;
    app.deliver_queued_mail().await;
    let again = b.post(&format!("{base}/questionnaire/envoyer"), &[("csrf", &csrf)]).await;
    app.deliver_queued_mail().await;
    let link = sink.last_link_to("lea@ex.fr").trim_end_matches("/questionnaire").to_owned();
    let survey = app.get(&format!("{link}/questionnaire")).await;
    let field = between(&survey.body, "data-question=\"", "\"").to_owned();
    let blank = app.post_form(&format!("{link}/questionnaire"), &[(&field, "  ")]).await;
    let answered =
        app.post_form(&format!("{link}/questionnaire"), &[(&field, "Rencontrer d’autres mainteneurs")]).await;
    let list = b.get(&base).await;

    assert!(empty.header("location").contains("questionnaire-vide"));
    assert!(sent.header("location").contains("questionnaire-1"), "only the person holding a place: {:?}", sent.headers);
    assert!(again.header("location").contains("questionnaire-0"), "nobody gets it twice");
    assert_eq!(sink.subjects_to("lea@ex.fr").iter().filter(|s| s.starts_with("Quelques questions")).count(), 1);
    assert!(sink.subjects_to("max@ex.fr").iter().all(|s| !s.starts_with("Quelques questions")));
    assert_eq!(survey.status, 200, "{link}");
    assert_eq!(blank.status, 422);
    assert!(blank.body.contains("Répondez à la question"));
    assert_eq!(answered.status, 303);
    assert!(
        between(&list.body, "id=\"reponses-questionnaire\"", "</table>").contains("Rencontrer d’autres mainteneurs")
    );
}

/// B5 (issue 19): organisers merge spellings the quota cannot tell are one organisation
/// (« Min. Intérieur » and « Ministère de l’Intérieur »): the registrations take the chosen
/// name, the table counts them together and the draw's quota applies to them as one. A form
/// with nothing ticked or no name is refused beside it, with what was typed kept.
#[tokio::test]
async fn organisers_merge_spellings_of_one_organisation_and_the_quota_counts_them_once() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let event = selection_event(&app, 3).await;
    preregister(
        &app,
        &sink,
        &event,
        &[("ana@ex.fr", "Ministère de l'Intérieur"), ("bob@ex.fr", "Min. Intérieur"), ("cleo@ex.fr", "DINUM")],
    )
    .await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let page = format!("/organisation/evenements/{}/inscriptions/selection", event.id);
    let csrf = b.csrf(&page).await;
    let key = |s: &str| rencontres::domain::registration::normalise_organisation(s);
    let (interior, short) = (key("Ministère de l'Intérieur"), key("Min. Intérieur"));

    let nothing = b.post(&format!("{page}/organisations"), &[("csrf", &csrf), ("nom", "Ministère")]).await;
    let no_name =
        b.post(&format!("{page}/organisations"), &[("csrf", &csrf), ("organisation", &short), ("nom", " ")]).await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("organisation", &interior),
        ("organisation", &short),
        ("nom", "Ministère de l’Intérieur"),
    ];
    let asked = b.post(&format!("{page}/organisations"), &fields).await;
    let unchanged = rencontres::store::registration::list(&app.db, event.id).await.unwrap();
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirme", "oui"));
    let merged = b.post(&format!("{page}/organisations"), &confirmed).await;
    let after = b.get(merged.header("location")).await;
    let drawn = b.post(&format!("{page}/tirage"), &[("csrf", &csrf), ("seed", "7"), ("quota", "1")]).await;
    let pending = selection::pending(&app.db, event.id).await.unwrap();
    let regs = rencontres::store::registration::list(&app.db, event.id).await.unwrap();

    assert_eq!(nothing.status, 422);
    assert!(nothing.body.contains("Cochez au moins une organisation à fusionner."), "{}", nothing.body);
    assert!(nothing.body.contains("value=\"Ministère\""), "the name typed is kept");
    assert_eq!(no_name.status, 422);
    assert!(no_name.body.contains("aria-describedby=\"nom-organisation-erreur\""), "{}", no_name.body);
    assert!(no_name.body.contains(&format!("value=\"{short}\" checked")), "the ticked variant stays ticked");
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("Fusionner ces organisations ?"), "{}", asked.body);
    assert!(unchanged.iter().any(|r| r.organisation == "Min. Intérieur"), "nothing changes before the confirmation");
    assert_eq!(merged.status, 303);
    assert!(merged.header("location").contains("fait=organisations-2"), "{}", merged.header("location"));
    let orgs: Vec<&str> = regs.iter().map(|r| r.organisation.as_str()).collect();
    assert_eq!(orgs.iter().filter(|o| **o == "Ministère de l’Intérieur").count(), 2, "{orgs:?}");
    assert!(after.body.contains("Organisations fusionnées : 2 inscription(s)"), "{}", after.body);
    assert!(after.body.contains("<td>Ministère de l’Intérieur</td><td>2</td>"), "one row of two: {}", after.body);
    assert_eq!(drawn.status, 303);
    let selected: Vec<i64> =
        pending.iter().filter(|p| p.1 == rencontres::domain::registration::Decision::Select).map(|p| p.0).collect();
    let interior_selected =
        regs.iter().filter(|r| selected.contains(&r.id) && r.organisation == "Ministère de l’Intérieur").count();
    assert_eq!(interior_selected, 1, "a quota of 1 per organisation: the two spellings are one now");
    let audit = app.audit_actions_since(0).await;
    assert!(audit.iter().any(|a| a == "registration.merge_organisations"), "{audit:?}");
}
