//! C1 C2 C3 C4: the call for talks over a real socket and a real SMTP server: proposing,
//! the deadline, editing and withdrawing, co-speakers, anonymised review, role checks,
//! decisions announced in one batch at a chosen time, speakers' confirmation, the programme.

use crate::helpers::*;
use crate::organiser::{Browser, PASSWORD, add_user, grant};
use jiff::civil::DateTime;
use jiff::{SignedDuration, Timestamp};
use rencontres::domain::account::{Role, authorise_edit};
use rencontres::domain::cfp::{CallSettings, ProposalInput, SpeakerInput};
use rencontres::domain::cfp::{Window, parse_format_line};
use rencontres::domain::event::{Event, paris};
use rencontres::domain::refusal::Refusal;
use rencontres::mail::cfp::CallMail;
use rencontres::store::{self, StoreError};

struct Cfp {
    app: TestApp,
    sink: SmtpSink,
    admin_id: i64,
    event: Event,
}

fn local(t: Timestamp) -> DateTime {
    t.to_zoned(paris()).datetime()
}

/// An app over http with a real SMTP sink, an administrator and an event whose call is open
/// from yesterday to `closes`.
async fn open_call_until(closes: DateTime, anonymous: bool) -> Cfp {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_with(|c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
        c.login_attempts_per_minute = 100_000;
    })
    .await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Après-midi BlueHats", 40)).await;
    let cfp = Cfp { app, sink, admin_id, event };
    cfp.configure(closes, anonymous).await;
    cfp
}

async fn open_call(anonymous: bool) -> Cfp {
    open_call_until(local(Timestamp::now() + SignedDuration::from_hours(24 * 10)), anonymous).await
}

impl Cfp {
    async fn right(&self) -> rencontres::domain::account::EditRight {
        let admin = store::account::get_account(&self.app.db, self.admin_id).await.unwrap();
        authorise_edit(&admin, self.event.id).unwrap()
    }

    async fn configure(&self, closes: DateTime, anonymous: bool) {
        let opens = local(Timestamp::now() - SignedDuration::from_hours(24 * 30));
        let settings = CallSettings {
            window: Window::from_paris(opens, closes),
            decisions_by: Some(jiff::civil::date(2030, 12, 1)),
            programme_by: None,
            intro: "Parlez-nous de **vos** logiciels libres.".into(),
            formats: vec![
                parse_format_line("Intervention courte | 5 | 20").unwrap(),
                parse_format_line("Éclair | 5").unwrap(),
            ],
            questions: vec!["Avez-vous déjà présenté ce sujet ?".into()],
            criteria: vec!["Intérêt".into(), "Clarté".into()],
            anonymous,
            show_accepted: true,
            announced_at: None,
        };
        store::cfp::settings::save_settings(&self.app.db, &self.right().await, &settings, Timestamp::now())
            .await
            .unwrap();
        self.app.app.refresh_content_version().await.unwrap();
    }

    fn slug(&self) -> String {
        self.event.draft.slug.to_string()
    }

    /// Sends the public form for `email`, with one co-speaker when given.
    async fn propose(&self, title: &str, email: &str, cospeaker: Option<&str>) -> Page {
        let mut fields = vec![
            ("title", title),
            ("summary", "Comment nous avons mutualisé un outil entre trois ministères."),
            ("administration", "Direction interministérielle du numérique"),
            ("subject", "Mutualisation"),
            ("audience", "Agents publics"),
            ("format", "Intervention courte"),
            ("minutes", "15"),
            ("answer_0", "Non"),
            ("s0_name", "Camille Agent"),
            ("s0_email", email),
            ("s0_organisation", "DINUM"),
            ("s0_consent", "oui"),
        ];
        if let Some(co) = cospeaker {
            fields.extend([("s1_name", "Dominique Second"), ("s1_email", co)]);
        }
        self.app.post_form(&format!("/evenements/{}/appel", self.slug()), &fields).await
    }

    /// The first link to `prefix` in the last mail `to` received.
    fn link_to(&self, to: &str, prefix: &str) -> String {
        let mails = self.sink.mails();
        let mail = mails
            .iter()
            .rev()
            .find(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to))
            .unwrap_or_else(|| panic!("no mail to {to}"));
        let text = mail["text"].as_str().unwrap();
        let start = text.find(prefix).unwrap_or_else(|| panic!("no {prefix} link in {text}"));
        text[start..].split_whitespace().next().unwrap().to_owned()
    }

    /// Composes the decision mails of every decided proposal with the default wording and
    /// puts them in the outbox, as the organiser's « préparer » button does.
    async fn prepare_decisions(&self, right: &rencontres::domain::account::EditRight, now: Timestamp) {
        let settings = store::cfp::find_settings(&self.app.db, self.event.id).await.unwrap().unwrap();
        let mail = CallMail {
            composer: &self.app.app.composer,
            base_url: self.app.app.config.base_url(),
            event: &self.event,
            settings: &settings,
            wordings: &[],
        };
        let drafts = mail.decisions(&store::cfp::list(&self.app.db, self.event.id).await.unwrap()).unwrap();
        store::cfp::decisions::prepare_decisions(&self.app.db, right, &drafts, now).await.unwrap();
    }

    async fn organiser(&self) -> Browser {
        let b = Browser::new(&self.app);
        assert_eq!(b.login("admin@example.org", PASSWORD).await.status, 303);
        b
    }

    async fn proposal_id(&self, title: &str) -> i64 {
        store::cfp::list(&self.app.db, self.event.id).await.unwrap().into_iter().find(|p| p.title == title).unwrap().id
    }
}

fn input(email: &str) -> ProposalInput {
    ProposalInput {
        title: "Un titre".into(),
        summary: "Un résumé".into(),
        administration: "DINUM".into(),
        subject: "Sujet".into(),
        audience: "Tous".into(),
        format: "Éclair".into(),
        minutes: 5,
        notes: String::new(),
        answers: vec![String::new()],
        speakers: vec![SpeakerInput {
            name: "Camille".into(),
            email: email.into(),
            organisation: String::new(),
            bio: String::new(),
            consent_publish: true,
        }],
        lang: Default::default(),
        siret: String::new(),
    }
}

#[tokio::test]
async fn proposal_gets_a_receipt_with_a_private_link_that_lists_and_edits_it() {
    let c = open_call(false).await;

    let call = c.app.get(&format!("/evenements/{}/appel", c.slug())).await;
    let sent = c.propose("Mutualiser sans douleur", "camille@example.org", None).await;
    c.propose("Une seconde idée", "camille@example.org", None).await;
    let pass = c.app.deliver_queued_mail().await;
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let list = c.app.get(&link).await;
    let id = c.proposal_id("Une seconde idée").await;
    let edited = c
        .app
        .post_form(
            &format!("{link}/{id}"),
            &[
                ("title", "Une seconde idée, précisée"),
                ("summary", "Plus court."),
                ("administration", "DINUM"),
                ("subject", "Mutualisation"),
                ("audience", "Décideurs"),
                ("format", "Éclair"),
                ("minutes", "5"),
                ("s0_name", "Camille Agent"),
                ("s0_email", "camille@example.org"),
            ],
        )
        .await;
    let again = c.app.deliver_queued_mail().await;

    assert_eq!(call.status, 200);
    assert!(call.body.contains("Propositions reçues jusqu’au <strong>"), "{}", call.body);
    assert!(call.body.contains("Intervention courte : 5 à 20 minutes"));
    assert!(call.body.contains("Réponse de l’équipe au plus tard le dimanche 1er décembre 2030"));
    assert_eq!((sent.status, sent.header("location")), (303, "/evenements/apres-midi-bluehats/appel/envoyee"));
    assert_eq!(pass.sent, 2);
    assert_eq!(
        c.sink.subjects_to("camille@example.org"),
        ["Proposition reçue : Mutualiser sans douleur", "Proposition reçue : Une seconde idée"]
    );
    assert_eq!(list.status, 200);
    assert_eq!(list.header("cache-control"), "no-store");
    assert_eq!(list.body.matches("Envoyée, en cours d’examen").count(), 2, "both proposals of the address are listed");
    assert_eq!(edited.status, 303, "{}", edited.body);
    let p = store::cfp::list(&c.app.db, c.event.id).await.unwrap().into_iter().find(|p| p.id == id).unwrap();
    assert_eq!(
        (p.title.as_str(), p.audience.as_str(), p.format.as_str(), p.minutes),
        ("Une seconde idée, précisée", "Décideurs", "Éclair", 5)
    );
    assert_eq!(again.sent, 0, "an edit sends nothing and nothing is sent twice");
}

#[tokio::test]
async fn bad_proposal_shows_french_errors_next_to_fields_and_keeps_the_input() {
    let c = open_call(false).await;
    let huge = "x".repeat(300);

    let page = c
        .app
        .post_form(
            &format!("/evenements/{}/appel", c.slug()),
            &[
                ("title", &huge),
                ("summary", "<script>alert(1)</script>"),
                ("administration", ""),
                ("subject", "Sujet gardé"),
                ("audience", "Tous"),
                ("format", "Intervention courte"),
                ("minutes", "25"),
                ("s0_name", "Camille"),
                ("s0_email", "pas-une-adresse"),
                ("s1_name", "Sans adresse"),
            ],
        )
        .await;

    assert_eq!(page.status, 422);
    assert!(
        page.body
            .contains("id=\"f-title-error\" class=\"fr-error-text\">Le titre ne peut pas dépasser 200 caractères."),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"f-minutes-error\" class=\"fr-error-text\">La durée doit être comprise entre 5 et 20 minutes pour le format « Intervention courte »."));
    assert!(
        page.body
            .contains("id=\"f-administration-error\" class=\"fr-error-text\">L&#39;administration est obligatoire."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(
            "id=\"f-s0_email-error\" class=\"fr-error-text\">L&#39;adresse électronique n&#39;est pas valide"
        )
    );
    assert!(
        page.body
            .contains("id=\"f-s1_email-error\" class=\"fr-error-text\">L&#39;adresse électronique est obligatoire.")
    );
    assert!(page.body.contains("value=\"Sujet gardé\""), "input kept");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"), "hostile text kept, inert");
    assert!(store::cfp::list(&c.app.db, c.event.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn deadline_takes_the_last_second_of_the_closing_minute_and_refuses_the_next() {
    // 15 November 23:59 in Paris is 22:59 UTC (winter time).
    let c = open_call_until(jiff::civil::date(2030, 11, 15).at(23, 59, 0, 0), false).await;
    let settings = store::cfp::find_settings(&c.app.db, c.event.id).await.unwrap().unwrap();
    let mail = CallMail {
        composer: &c.app.app.composer,
        base_url: c.app.app.config.base_url(),
        event: &c.event,
        settings: &settings,
        wordings: &[],
    };
    let (last_input, late_input) = (input("last@example.org"), input("late@example.org"));
    let (receipt, invitations) = (mail.receipt(&last_input).unwrap(), mail.invitations(&last_input).unwrap());
    let at = |s: &str| s.parse::<Timestamp>().unwrap();

    let last = store::cfp::proposals::submit(
        &c.app.db,
        c.event.id,
        &last_input,
        &receipt,
        &invitations,
        at("2030-11-15T22:59:59Z"),
    )
    .await;
    let late = store::cfp::proposals::submit(
        &c.app.db,
        c.event.id,
        &late_input,
        &receipt,
        &invitations,
        at("2030-11-15T23:00:00Z"),
    )
    .await;
    let token = last.as_ref().unwrap().token.clone();
    let id = last.as_ref().unwrap().id;
    let edit_late = store::cfp::proposals::update(
        &c.app.db,
        c.event.id,
        &token,
        id,
        &last_input,
        &invitations,
        at("2030-11-15T23:00:00Z"),
    )
    .await;
    let withdraw_late = store::cfp::proposals::withdraw(&c.app.db, &token, id, at("2030-11-15T23:00:01Z")).await;
    let withdraw_in_time = store::cfp::proposals::withdraw(&c.app.db, &token, id, at("2030-11-15T22:59:30Z")).await;
    let edit_withdrawn = store::cfp::proposals::update(
        &c.app.db,
        c.event.id,
        &token,
        id,
        &last_input,
        &invitations,
        at("2030-11-15T22:59:40Z"),
    )
    .await;

    assert!(last.is_ok());
    let closed = "L’appel à interventions est clos depuis le vendredi 15 novembre 2030 à 23 h 59 : les propositions ne peuvent plus être envoyées ni modifiées.";
    assert!(matches!(&late, Err(StoreError::Refused(Refusal::Call(r))) if r.to_string() == closed), "{late:?}");
    assert!(
        matches!(&edit_late, Err(StoreError::Refused(Refusal::Call(r))) if r.to_string() == closed),
        "{edit_late:?}"
    );
    assert!(matches!(withdraw_late, Err(StoreError::Refused(Refusal::Call(_)))));
    assert!(withdraw_in_time.is_ok());
    assert!(
        matches!(&edit_withdrawn, Err(StoreError::Refused(Refusal::Call(r))) if r.to_string() == "Cette proposition a été retirée.")
    );
    let all = store::cfp::list(&c.app.db, c.event.id).await.unwrap();
    assert_eq!(all.iter().map(|p| (p.email.as_str(), p.withdrawn)).collect::<Vec<_>>(), [("last@example.org", true)]);
}

#[tokio::test]
async fn closed_call_page_refuses_edits_with_a_clear_message() {
    let c = open_call(false).await;
    c.propose("Avant la clôture", "camille@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let id = c.proposal_id("Avant la clôture").await;
    c.configure(local(Timestamp::now() - SignedDuration::from_hours(1)), false).await;

    let call = c.app.get(&format!("/evenements/{}/appel", c.slug())).await;
    let sent = c.propose("Trop tard", "bob@example.org", None).await;
    let page = c.app.get(&format!("{link}/{id}")).await;
    let edit = c
        .app
        .post_form(
            &format!("{link}/{id}"),
            &[
                ("title", "Changé"),
                ("summary", "x"),
                ("administration", "x"),
                ("subject", "x"),
                ("audience", "x"),
                ("format", "Éclair"),
                ("minutes", "5"),
                ("s0_name", "C"),
                ("s0_email", "camille@example.org"),
            ],
        )
        .await;
    let withdraw = c.app.post_form(&format!("{link}/{id}/retirer"), &[]).await;

    assert!(call.body.contains("id=\"appel-clos\""), "{}", call.body);
    assert!(!call.body.contains("Envoyer ma proposition"));
    assert_eq!(sent.status, 422);
    assert!(sent.body.contains("L’appel à interventions est clos depuis le"), "{}", sent.body);
    assert!(!page.body.contains("Enregistrer les modifications"), "no edit form after the deadline");
    assert_eq!(edit.status, 422);
    assert!(edit.body.contains("L’appel à interventions est clos depuis le"));
    assert_eq!(withdraw.status, 422);
    assert_eq!(store::cfp::list(&c.app.db, c.event.id).await.unwrap()[0].title, "Avant la clôture");
}

#[tokio::test]
async fn cospeaker_confirms_from_the_mailed_link_with_consent_to_publish() {
    let c = open_call(false).await;
    c.propose("À deux voix", "camille@example.org", Some("dominique@example.org")).await;
    c.app.deliver_queued_mail().await;
    let before = store::cfp::list(&c.app.db, c.event.id).await.unwrap().remove(0);
    let link = c.link_to("dominique@example.org", "/intervenant/").replace("http://127.0.0.1", "");

    let page = c.app.get(&link).await;
    let done = c.app.post_form(&link, &[("answer", "confirmer"), ("consent", "oui")]).await;
    let after = store::cfp::list(&c.app.db, c.event.id).await.unwrap().remove(0);
    let stranger = c.app.get(&format!("/intervenant/{}", "0".repeat(64))).await;

    assert_eq!(c.sink.subjects_to("dominique@example.org"), ["Confirmez votre participation : À deux voix"]);
    assert_eq!(
        before.speakers.iter().map(|s| (s.email.as_str(), s.confirmed)).collect::<Vec<_>>(),
        [("camille@example.org", true), ("dominique@example.org", false)]
    );
    assert!(page.body.contains("Camille Agent vous cite comme co-intervenant"), "{}", page.body);
    assert_eq!(done.status, 303);
    assert_eq!(
        after.speakers.iter().map(|s| (s.confirmed, s.consent_publish)).collect::<Vec<_>>(),
        [(true, true), (true, true)]
    );
    assert_eq!(stranger.status, 404);
}

/// Issue 13: an edit by the proposer kept rewriting every speaker's consent from the
/// proposer's form; a confirmed co-speaker's refusal and name are theirs alone.
#[tokio::test]
async fn proposer_edit_keeps_a_confirmed_cospeakers_refusal_and_name() {
    let c = open_call(false).await;
    c.propose("À deux voix", "camille@example.org", Some("dominique@example.org")).await;
    c.app.deliver_queued_mail().await;
    let cospeaker = c.link_to("dominique@example.org", "/intervenant/").replace("http://127.0.0.1", "");
    c.app.post_form(&cospeaker, &[("answer", "confirmer")]).await;
    let proposer = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let id = c.proposal_id("À deux voix").await;

    let edited = c
        .app
        .post_form(
            &format!("{proposer}/{id}"),
            &[
                ("title", "À deux voix"),
                ("summary", "Comment nous avons mutualisé un outil entre trois ministères."),
                ("administration", "DINUM"),
                ("subject", "Mutualisation"),
                ("audience", "Agents publics"),
                ("format", "Intervention courte"),
                ("minutes", "15"),
                ("answer_0", "Non"),
                ("s0_name", "Camille Agent"),
                ("s0_email", "camille@example.org"),
                ("s0_consent", "oui"),
                ("s1_name", "Dominique Renommée"),
                ("s1_email", "dominique@example.org"),
                ("s1_consent", "oui"),
            ],
        )
        .await;

    assert_eq!(edited.status, 303, "{}", edited.body);
    let p = store::cfp::list(&c.app.db, c.event.id).await.unwrap().remove(0);
    assert_eq!(
        p.speakers.iter().map(|s| (s.name.as_str(), s.confirmed, s.consent_publish)).collect::<Vec<_>>(),
        [("Camille Agent", true, true), ("Dominique Second", true, false)]
    );
}

#[tokio::test]
async fn anonymised_review_hides_speakers_from_reviewers_on_pages_and_export() {
    let c = open_call(true).await;
    add_user(&c.app, "relecteur@example.org", false).await;
    grant(&c.app, c.admin_id, "relecteur@example.org", Role::Reviewer, c.event.id).await;
    c.propose("Anonyme s'il vous plaît", "camille@example.org", Some("dominique@example.org")).await;
    let id = c.proposal_id("Anonyme s'il vous plaît").await;
    // As if ProConnect had filled the form: the SIRET names the organisation too.
    sqlx::query("UPDATE proposals SET siret = '13002526500013' WHERE id = $1")
        .bind(id)
        .execute(c.app.db.pool())
        .await
        .unwrap();
    let reviewer = Browser::new(&c.app);
    assert_eq!(reviewer.login("relecteur@example.org", PASSWORD).await.status, 303);
    let base = format!("/organisation/evenements/{}/appel", c.event.id);

    let list = reviewer.get(&format!("{base}/propositions")).await;
    let page = reviewer.get(&format!("{base}/proposition?n={id}")).await;
    let csv = reviewer.get(&format!("{base}/propositions.csv")).await;
    let ods = reviewer.get(&format!("{base}/propositions.ods")).await;
    let csrf = between(&page.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let scored = reviewer
        .post(
            &format!("{base}/evaluer"),
            &[("csrf", &csrf), ("proposal", &id.to_string()), ("score_0", "4"), ("score_1", "2"), ("comment", "Utile")],
        )
        .await;
    let bad_score = reviewer
        .post(&format!("{base}/evaluer"), &[("csrf", &csrf), ("proposal", &id.to_string()), ("score_0", "9")])
        .await;
    let decide = reviewer
        .post(&format!("{base}/decider"), &[("csrf", &csrf), ("proposal", &id.to_string()), ("decision", "accepted")])
        .await;
    let organiser = c.organiser().await;
    let org_page = organiser.get(&format!("{base}/proposition?n={id}")).await;
    let org_csv = organiser.get(&format!("{base}/propositions.csv")).await;
    let org_ods = organiser.get(&format!("{base}/propositions.ods")).await;

    // The ODS is a ZIP of stored (uncompressed) entries: its XML can be searched as text.
    for (what, body) in [("list", &list.body), ("page", &page.body), ("csv", &csv.body), ("ods", &ods.body)] {
        for secret in [
            "Camille",
            "camille@example.org",
            "Dominique",
            "dominique@example.org",
            "Direction interministérielle",
            "DINUM",
            "13002526500013",
        ] {
            assert!(!body.contains(secret), "{what} shows {secret}:\n{body}");
        }
    }
    assert!(list.body.contains("Anonyme s&#39;il vous plaît"), "{}", list.body);
    assert!(page.body.contains("id=\"anonyme\""));
    assert_eq!(
        csv.body.lines().next().unwrap(),
        "\u{feff}Numéro;Titre;Format;Durée (min);Sujet;Public visé;Résumé;Note moyenne;Évaluations;Décision;Réponse de l’intervenant"
    );
    assert_eq!(scored.status, 303);
    assert_eq!(bad_score.status, 400);
    assert_eq!(decide.status, 403, "reviewers do not decide");
    assert!(org_page.body.contains("Camille Agent &lt;camille@example.org&gt;"), "organisers see who proposed");
    assert!(org_page.body.contains("<dd>13002526500013</dd>"), "organisers see the SIRET:\n{}", org_page.body);
    assert!(org_page.body.contains("Moyenne : 3,00 ; écart entre relecteurs : 0,00."), "{}", org_page.body);
    assert!(org_csv.body.contains("\"Camille Agent (DINUM), Dominique Second\""), "{}", org_csv.body);
    assert!(org_csv.body.contains(";3,00;1;\"À décider\";"), "{}", org_csv.body);
    assert_eq!(ods.header("content-type"), "application/vnd.oasis.opendocument.spreadsheet");
    assert!(ods.body.contains("<text:p>Anonyme s'il vous plaît</text:p>"), "{}", ods.body);
    assert!(org_ods.body.contains("<text:p>Camille Agent (DINUM), Dominique Second</text:p>"), "{}", org_ods.body);
}

#[tokio::test]
async fn reviewer_of_another_event_and_other_proposers_see_nothing() {
    let c = open_call(false).await;
    let other = c.app.add_event(event_draft("Autre rencontre", 50)).await;
    add_user(&c.app, "ailleurs@example.org", false).await;
    grant(&c.app, c.admin_id, "ailleurs@example.org", Role::Reviewer, other.id).await;
    c.propose("Secret", "camille@example.org", None).await;
    c.propose("Autre", "bob@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let id = c.proposal_id("Secret").await;
    let bob_link = c.link_to("bob@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let b = Browser::new(&c.app);
    assert_eq!(b.login("ailleurs@example.org", PASSWORD).await.status, 303);
    let base = format!("/organisation/evenements/{}/appel", c.event.id);

    let list = b.get(&format!("{base}/propositions")).await;
    let page = b.get(&format!("{base}/proposition?n={id}")).await;
    let csv = b.get(&format!("{base}/propositions.csv")).await;
    let own_event = b.get(&format!("/organisation/evenements/{}/appel/proposition?n={id}", other.id)).await;
    let bob_reads_camille = c.app.get(&format!("{bob_link}/{id}")).await;
    let bob_list = c.app.get(&bob_link).await;

    assert_eq!((list.status, page.status, csv.status), (403, 403, 403));
    assert_eq!(own_event.status, 404, "a proposal of another event is not found through one's own event");
    assert_eq!(bob_reads_camille.status, 404);
    assert!(bob_list.body.contains("Autre") && !bob_list.body.contains("Secret"), "{}", bob_list.body);
}

#[tokio::test]
async fn decisions_stay_hidden_until_announced_then_leave_once_at_the_chosen_time() {
    let c = open_call(false).await;
    c.propose("Retenue", "camille@example.org", None).await;
    c.propose("Pas retenue", "bob@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let camille_link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let (yes, no) = (c.proposal_id("Retenue").await, c.proposal_id("Pas retenue").await);
    let b = c.organiser().await;
    let base = format!("/organisation/evenements/{}/appel", c.event.id);
    let csrf = b.csrf(&base).await;
    b.post(&format!("{base}/decider"), &[("csrf", &csrf), ("proposal", &yes.to_string()), ("decision", "accepted")])
        .await;
    b.post(&format!("{base}/decider"), &[("csrf", &csrf), ("proposal", &no.to_string()), ("decision", "declined")])
        .await;
    let custom = b
        .post(
            &format!("{base}/modele"),
            &[
                ("csrf", &csrf),
                ("kind", "proposal_declined"),
                ("subject", "Merci pour « {{ proposal.title }} »"),
                ("body", "Bonjour {{ name }}, ce sera pour une autre fois."),
            ],
        )
        .await;

    let hidden = c.app.get(&format!("{camille_link}/{yes}")).await;
    let prepared = b.post(&format!("{base}/courriels"), &[("csrf", &csrf)]).await;
    let outbox = b.get(&base).await;
    let before_announce = c.app.deliver_queued_mail().await;
    let send_at = local(Timestamp::now() + SignedDuration::from_hours(2)).strftime("%Y-%m-%dT%H:%M").to_string();
    let announced = b.post(&format!("{base}/annoncer"), &[("csrf", &csrf), ("send_at", &send_at)]).await;
    let too_early = c.app.deliver_queued_mail().await;
    let still_hidden = c.app.get(&format!("{camille_link}/{yes}")).await;
    let at_time = c.app.deliver_queued_mail_after(2 * 3600 + 60).await;
    let twice = c.app.deliver_queued_mail_after(2 * 3600 + 120).await;
    let second = b.post(&format!("{base}/annoncer"), &[("csrf", &csrf), ("send_at", "")]).await;

    assert_eq!(custom.status, 303);
    assert!(hidden.body.contains("Envoyée, en cours d’examen"), "{}", hidden.body);
    assert_eq!(prepared.status, 303);
    assert!(outbox.body.contains("camille@example.org — Proposition acceptée : Retenue"), "{}", outbox.body);
    assert!(outbox.body.contains("bob@example.org — Merci pour « Pas retenue »"));
    assert_eq!(before_announce.sent, 0, "the outbox waits for the announcement");
    assert_eq!(announced.status, 303);
    assert_eq!(too_early.sent, 0, "nothing leaves before the chosen time");
    assert!(still_hidden.body.contains("Envoyée, en cours d’examen"));
    assert_eq!(at_time.sent, 2);
    assert_eq!(twice.sent, 0, "nothing is sent twice");
    assert_eq!(second.status, 422);
    assert_eq!(
        c.sink.subjects_to("camille@example.org"),
        ["Proposition reçue : Retenue", "Proposition acceptée : Retenue"]
    );
    assert_eq!(
        c.sink.subjects_to("bob@example.org"),
        ["Proposition reçue : Pas retenue", "Merci pour « Pas retenue »"]
    );
    let accepted_mail = c.sink.mails().into_iter().find(|m| m["subject"] == "Proposition acceptée : Retenue").unwrap();
    assert!(
        accepted_mail["text"]
            .as_str()
            .unwrap()
            .contains("http://127.0.0.1/evenements/apres-midi-bluehats/calendrier.ics")
    );
    // The event itself is attached, and a real iCalendar parser reads it.
    let attachment = &accepted_mail["attachments"][0];
    assert_eq!(attachment["filename"], "evenement.ics");
    assert_eq!(attachment["content_type"], "text/calendar");
    // Python gives text parts with bare LF; on the wire they are CRLF, as iCalendar wants.
    let ics = python_check(
        "check_ical.py",
        &attachment["content"].as_str().unwrap().replace("\r\n", "\n").replace('\n', "\r\n"),
    );
    assert_eq!(ics["events"].as_array().unwrap().len(), 1, "{ics}");
    let declined_mail = c.sink.mails().into_iter().find(|m| m["subject"] == "Merci pour « Pas retenue »").unwrap();
    assert!(declined_mail["attachments"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn accepted_speaker_confirms_and_the_talk_goes_to_the_programme_draft() {
    let c = open_call(false).await;
    c.propose("Au programme", "camille@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let id = c.proposal_id("Au programme").await;
    let right = c.right().await;
    let now = Timestamp::now();
    store::cfp::decisions::decide(&c.app.db, &right, id, Some(rencontres::domain::cfp::Decision::Accepted), now)
        .await
        .unwrap();
    c.prepare_decisions(&right, now).await;
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let early = c.app.post_form(&format!("{link}/{id}/confirmer"), &[]).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    c.app.app.refresh_content_version().await.unwrap();
    c.app.deliver_queued_mail().await;
    let decision_link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");

    let page = c.app.get(&decision_link).await;
    let confirmed = c.app.post_form(&format!("{decision_link}/confirmer"), &[]).await;
    let public = c.app.get(&format!("/evenements/{}/interventions", c.slug())).await;
    let b = c.organiser().await;
    // Issue 19: a welcome coffee on the event's first slot, where talks used to land.
    let day = c.event.draft.dates.start_date;
    store::programme::edit_draft(&c.app.db, &right, "test", now, |d| {
        d.add_item(rencontres::domain::programme::ItemInput {
            kind: rencontres::domain::programme::ItemKind::Welcome,
            title: "Café d’accueil".into(),
            summary: String::new(),
            start: day.at(10, 0, 0, 0),
            minutes: 30,
            room_id: None,
            track_id: None,
            speakers: vec![],
            proposal_id: None,
            format_max_minutes: None,
        })
    })
    .await
    .unwrap();
    let before = b.get(&format!("/organisation/evenements/{}/programme", c.event.id)).await;
    let csrf = b.csrf(&format!("/organisation/evenements/{}/appel", c.event.id)).await;
    let added = b.post(&format!("/organisation/evenements/{}/appel/programme", c.event.id), &[("csrf", &csrf)]).await;
    b.post(&format!("/organisation/evenements/{}/appel/programme", c.event.id), &[("csrf", &csrf)]).await;
    let grid = b.get(&format!("/organisation/evenements/{}/programme/grille", c.event.id)).await;
    let waiting = store::programme::get_draft(&c.app.db, &c.slug()).await.unwrap();
    let warnings_while_waiting = store::programme::check_draft(&c.app.db, &c.slug()).await.unwrap();
    let place = format!("/organisation/evenements/{}/programme/a-placer/placer", c.event.id);
    let waiting_id = waiting.unplaced.first().map(|u| u.id.to_string()).unwrap_or_default();
    let day_text = day.to_string();
    let placed = b
        .post(&place, &[("csrf", &csrf), ("id", &waiting_id), ("date", &day_text), ("start", "10:30"), ("room", "")])
        .await;
    let after_placing = store::programme::get_draft(&c.app.db, &c.slug()).await.unwrap();
    let fields =
        [("csrf", csrf.as_str()), ("subject", "Répétition"), ("body", "Rendez-vous à 9 h {{ pas un modèle }}.")];
    // Issue 19: the first post shows the message and its recipients, and sends nothing.
    let preview = b.post(&format!("/organisation/evenements/{}/appel/message", c.event.id), &fields).await;
    let queued_after_preview =
        store::message::list(&c.app.db, None, 100).await.unwrap().iter().filter(|m| m.subject == "Répétition").count();
    let mut confirmed_fields = fields.to_vec();
    confirmed_fields.push(("confirme", "oui"));
    let message = b.post(&format!("/organisation/evenements/{}/appel/message", c.event.id), &confirmed_fields).await;
    c.app.deliver_queued_mail().await;

    assert_eq!(early.status, 422, "nothing to confirm before the announcement");
    assert!(page.body.contains("Acceptée : merci de confirmer votre venue"), "{}", page.body);
    assert_eq!(confirmed.status, 303);
    assert!(public.body.contains("Au programme") && public.body.contains("Camille Agent"), "{}", public.body);
    assert!(
        before.body.contains("Au programme"),
        "the programme page lists accepted talks not yet placed: {}",
        before.body
    );
    assert_eq!(added.status, 303);
    let draft = &waiting;
    // Issue 19: the talk waits for its slot instead of landing on the event's first one.
    let items: Vec<_> =
        draft.unplaced.iter().map(|i| (i.title.as_str(), i.minutes, i.speakers.clone(), i.proposal_id)).collect();
    assert_eq!(items, [("Au programme", 15, vec!["Camille Agent".to_owned()], Some(id))], "added once");
    assert_eq!(waiting.programme.items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Café d’accueil"]);
    assert_eq!(warnings_while_waiting, []);
    assert!(
        between(&grid.body, "<ul class=\"ren-unplaced\" id=\"interventions-a-placer\">", "</ul>")
            .contains("Au programme"),
        "the grid lists the waiting talk: {}",
        grid.body
    );
    assert_eq!(placed.status, 303, "{}", placed.body);
    assert_eq!(
        placed.header("location"),
        format!("/organisation/evenements/{}/programme/element?id={waiting_id}&fait=element-place", c.event.id)
    );
    let talk = after_placing.programme.items.iter().find(|i| i.proposal_id == Some(id)).unwrap();
    assert_eq!((talk.start, talk.minutes, talk.room_id), (day.at(10, 30, 0, 0), 15, None));
    assert!(after_placing.unplaced.is_empty());
    assert_eq!(draft.programme.contacts.get("Camille Agent").map(String::as_str), Some("camille@example.org"));
    assert_eq!(preview.status, 200);
    assert_eq!(
        unescape(between(&preview.body, "<p class=\"fr-text--lead\" id=\"destinataires\">", "</p>")),
        "Il partira vers 1 intervenant retenu de « Après-midi BlueHats »."
    );
    assert!(preview.body.contains("Rendez-vous à 9 h {{ pas un modèle }}."), "{}", preview.body);
    assert_eq!(queued_after_preview, 0, "the preview sends nothing");
    assert_eq!(message.status, 303);
    assert_eq!(c.sink.subjects_to("camille@example.org").last().map(String::as_str), Some("Répétition"));
    let last = c.sink.mails().into_iter().rev().find(|m| m["subject"] == "Répétition").unwrap();
    assert!(last["text"].as_str().unwrap().contains("Rendez-vous à 9 h {{ pas un modèle }}."));
}

#[tokio::test]
async fn command_line_opens_shows_and_exports_a_call() {
    let c = open_call(false).await;
    c.propose("Vue du terminal", "camille@example.org", None).await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rencontres"))
            .args(args)
            .args(["--database-url", &c.app.database_url])
            .current_dir(c.app.dir.path())
            .env("RENCONTRES_LOG", "warn")
            .output()
            .unwrap()
    };
    let slug = c.slug();

    let open = run(&[
        "cfp",
        "open",
        &slug,
        "--closes",
        "2030-11-15T23:59",
        "--opens",
        "2030-09-01T09:00",
        "--format",
        "Éclair | 5",
    ]);
    let bad = run(&["cfp", "open", &slug, "--closes", "2030-11-15T23:59", "--format", "Éclair | 9 | 5"]);
    let show = run(&["cfp", "show", &slug]);
    let export = run(&["cfp", "export", &slug]);

    assert_eq!(
        String::from_utf8_lossy(&open.stdout),
        format!("call for talks of {slug} open until vendredi 15 novembre 2030 à 23 h 59 (Europe/Paris)\n")
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with("error: --format: Ligne « Éclair | 9 | 5 »"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let show = String::from_utf8_lossy(&show.stdout).into_owned();
    assert!(show.starts_with("opens   dimanche 1er septembre 2030 à 9 h 00\ncloses  vendredi 15 novembre 2030 à 23 h 59\nstate   closed\nformats Éclair (5-5 min)\n"), "{show}");
    assert!(show.contains("  undecided    15 min  Vue du terminal\n"), "{show}");
    let csv = String::from_utf8_lossy(&export.stdout).into_owned();
    assert!(csv.contains(";\"Vue du terminal\";\"Intervention courte\";15;"), "{csv}");
    assert!(csv.contains("\"camille@example.org\""), "{csv}");
}

/// The actions of the audit log written after the entry `after`, oldest first.
async fn audit_after(c: &Cfp, after: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT action, object_kind FROM audit_log WHERE id > $1 ORDER BY id")
        .bind(after)
        .fetch_all(c.app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_organiser_write_of_the_call_leaves_one_audit_entry() {
    let c = open_call(false).await;
    c.propose("Auditée", "camille@example.org", None).await;
    let id = c.proposal_id("Auditée").await.to_string();
    let b = c.organiser().await;
    let base = format!("/organisation/evenements/{}/appel", c.event.id);
    let csrf = b.csrf(&base).await;
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(c.app.db.pool()).await.unwrap();

    let statuses = [
        b.post(
            &format!("{base}/evaluer"),
            &[("csrf", &csrf), ("proposal", &id), ("score_0", "3"), ("score_1", "4"), ("comment", "Clair.")],
        )
        .await
        .status,
        b.post(&format!("{base}/decider"), &[("csrf", &csrf), ("proposal", &id), ("decision", "accepted")])
            .await
            .status,
        b.post(
            &format!("{base}/modele"),
            &[
                ("csrf", &csrf),
                ("kind", "proposal_accepted"),
                ("subject", "Oui pour « {{ proposal.title }} »"),
                ("body", "Bonjour {{ name }}, à bientôt : {{ link }}"),
            ],
        )
        .await
        .status,
        b.post(&format!("{base}/courriels"), &[("csrf", &csrf)]).await.status,
        b.post(&format!("{base}/annoncer"), &[("csrf", &csrf), ("send_at", "")]).await.status,
        b.post(
            &format!("{base}/message"),
            &[("csrf", &csrf), ("subject", "Répétition"), ("body", "À 9 h."), ("confirme", "oui")],
        )
        .await
        .status,
        b.post(&format!("{base}/programme"), &[("csrf", &csrf)]).await.status,
        b.post(
            &format!("{base}/reglages"),
            &[
                ("csrf", &csrf),
                ("opens", "2030-01-01T00:00"),
                ("closes", "2030-11-15T23:59"),
                ("formats", "Intervention courte | 5 | 20"),
                ("criteria", "Intérêt"),
            ],
        )
        .await
        .status,
    ];

    assert_eq!(statuses, [303; 8]);
    assert_eq!(
        audit_after(&c, last).await,
        [
            ("cfp.review", "proposal"),
            ("cfp.decide", "proposal"),
            ("mail_template.save", "event"),
            ("cfp.prepare_decisions", "event"),
            ("cfp.announce", "event"),
            ("cfp.message", "event"),
            ("cfp.to_programme", "event"),
            ("cfp.configure", "event"),
        ]
        .map(|(a, k)| (a.to_owned(), k.to_owned()))
    );
}

#[tokio::test]
async fn programme_hand_over_with_the_right_of_another_event_is_forbidden() {
    let c = open_call(false).await;
    let other = c.app.add_event(event_draft("Autre rencontre", 50)).await;

    let result = store::cfp::programme::add_to_programme(&c.app.db, &c.right().await, &other, Timestamp::now()).await;

    assert!(matches!(result, Err(StoreError::Forbidden)), "{result:?}");
}

#[tokio::test]
async fn event_cancel_mails_accepted_speakers_once_and_not_declined_ones() {
    let c = open_call(false).await;
    c.propose("Retenue", "camille@example.org", None).await;
    c.propose("Écartée", "dora@example.org", None).await;
    let right = c.right().await;
    let now = Timestamp::now();
    for (title, decision) in [
        ("Retenue", rencontres::domain::cfp::Decision::Accepted),
        ("Écartée", rencontres::domain::cfp::Decision::Declined),
    ] {
        let id = c.proposal_id(title).await;
        store::cfp::decisions::decide(&c.app.db, &right, id, Some(decision), now).await.unwrap();
    }
    c.prepare_decisions(&right, now).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    let b = c.organiser().await;
    let csrf = b.csrf("/organisation").await;

    let cancelled = b
        .post(&format!("/organisation/evenements/{}/annuler", c.event.id), &[("csrf", &csrf), ("confirme", "oui")])
        .await;
    c.app.deliver_queued_mail().await;

    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    let notices =
        |to: &str| c.sink.subjects_to(to).into_iter().filter(|s| s.starts_with("Événement annulé")).collect::<Vec<_>>();
    assert_eq!(notices("camille@example.org"), [format!("Événement annulé : {}", c.event.draft.title)]);
    assert_eq!(notices("dora@example.org"), Vec::<String>::new());
}

/// C4 (issue 19): an accepted speaker of a released programme has a public page with bio and
/// photo, linked from the talk; a co-speaker who did not consent has none, and nobody has one
/// before the release.
#[tokio::test]
async fn accepted_speakers_of_a_released_programme_have_a_public_page_with_bio_and_photo() {
    let c = open_call(false).await;
    let fields = [
        ("title", "Au programme"),
        ("summary", "Un résumé."),
        ("administration", "DINUM"),
        ("subject", "Mutualisation"),
        ("audience", "Agents publics"),
        ("format", "Intervention courte"),
        ("minutes", "15"),
        ("answer_0", "Non"),
        ("s0_name", "Camille Agent"),
        ("s0_email", "camille@example.org"),
        ("s0_organisation", "DINUM"),
        ("s0_bio", "Développeuse à la DINUM.\n\nContribue à des logiciels libres."),
        ("s0_consent", "oui"),
        ("s1_name", "Dominique Discret"),
        ("s1_email", "dominique@example.org"),
    ];
    assert_eq!(c.app.post_form(&format!("/evenements/{}/appel", c.slug()), &fields).await.status, 303);
    c.app.deliver_queued_mail().await;
    let id = c.proposal_id("Au programme").await;
    let right = c.right().await;
    let now = Timestamp::now();
    store::cfp::decisions::decide(&c.app.db, &right, id, Some(rencontres::domain::cfp::Decision::Accepted), now)
        .await
        .unwrap();
    c.prepare_decisions(&right, now).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    c.app.deliver_queued_mail().await;
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    c.app.post_form(&format!("{link}/confirmer"), &[]).await;
    let speakers = store::cfp::list(&c.app.db, c.event.id).await.unwrap()[0].speakers.clone();
    let (camille, dominique) = (speakers[0].id, speakers[1].id);
    let csrf = c.app.csrf_token().await;
    let form = reqwest::multipart::Form::new().text("csrf", csrf).text("speaker", camille.to_string()).part(
        "photo",
        reqwest::multipart::Part::bytes(crate::organiser::png(40, 40))
            .file_name("moi.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let uploaded = c.app.client.post(format!("{}{link}/photo", c.app.base)).multipart(form).send().await.unwrap();
    let before = c.app.get(&format!("/evenements/{}/intervenants/{camille}", c.slug())).await;
    store::cfp::programme::add_to_programme(&c.app.db, &right, &c.event, now).await.unwrap();
    let start = c.event.draft.dates.start_date.at(10, 0, 0, 0);
    store::programme::edit_draft(&c.app.db, &right, "test", now, |d| {
        let waiting = d.unplaced[0].id;
        d.place(waiting, start, None)
    })
    .await
    .unwrap();
    store::programme::release(&c.app.db, &right, "Première version", true, None, now).await.unwrap();
    c.app.app.refresh_content_version().await.unwrap();
    let item = store::programme::get_public(&c.app.db, &c.slug()).await.unwrap().1.programme.items[0].id;

    let page = c.app.get(&format!("/evenements/{}/intervenants/{camille}", c.slug())).await;
    let hidden = c.app.get(&format!("/evenements/{}/intervenants/{dominique}", c.slug())).await;
    let talk = c.app.get(&format!("/evenements/{}/programme/{item}", c.slug())).await;

    assert_eq!(uploaded.status().as_u16(), 303);
    assert!(uploaded.headers()["location"].to_str().unwrap().ends_with("?fait=photo#photos"));
    assert_eq!(before.status, 404, "no page before the release");
    assert_eq!(page.status, 200);
    assert_eq!(between(&page.body, "<h1 id=\"nom-intervenant\">", "</h1>"), "Camille Agent");
    let bio: Vec<String> = between(&page.body, "<div id=\"biographie\">", "</div>")
        .split("<p>")
        .skip(1)
        .map(|p| unescape(between(p, "", "</p>")))
        .collect();
    assert_eq!(bio, ["Développeuse à la DINUM.", "Contribue à des logiciels libres."]);
    let photo = between(&page.body, "<img class=\"ren-speaker-photo\" src=\"", "\"").to_owned();
    assert!(photo.starts_with(&format!("/media/{}/intervenants/", c.slug())) && photo.ends_with(".png"), "{photo}");
    assert_eq!(c.app.get(&photo).await.status, 200);
    assert!(page.body.contains(&format!("<a href=\"/evenements/{}/programme/{item}\">Au programme</a>", c.slug())));
    assert_eq!(hidden.status, 404, "no consent, no page");
    assert!(
        talk.body.contains(&format!("<a href=\"/evenements/{}/intervenants/{camille}\">Camille Agent</a>", c.slug())),
        "{}",
        talk.body
    );
}

/// Issue 19: co-speakers are told the decision too, by their name, without the proposer's
/// private link.
#[tokio::test]
async fn co_speakers_get_the_decision_mail_too() {
    let c = open_call(false).await;
    c.propose("À deux voix", "camille@example.org", Some("dominique@example.org")).await;
    c.app.deliver_queued_mail().await;
    let id = c.proposal_id("À deux voix").await;
    let right = c.right().await;
    let now = Timestamp::now();
    store::cfp::decisions::decide(&c.app.db, &right, id, Some(rencontres::domain::cfp::Decision::Accepted), now)
        .await
        .unwrap();

    c.prepare_decisions(&right, now).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    c.app.deliver_queued_mail().await;

    assert_eq!(
        c.sink.subjects_to("dominique@example.org").last().map(String::as_str),
        Some("Proposition acceptée : À deux voix")
    );
    let mail = c.sink.mails().into_iter().rev().find(|m| m["rcpt_tos"][0] == "dominique@example.org").unwrap();
    let text = mail["text"].as_str().unwrap();
    assert!(text.starts_with("Bonjour Dominique Second,"), "{text}");
    assert!(text.contains("la proposition à laquelle vous participez"), "{text}");
    assert!(!text.contains("/propositions/"), "no proposer link for a co-speaker: {text}");
    assert_eq!(
        c.sink.subjects_to("camille@example.org").last().map(String::as_str),
        Some("Proposition acceptée : À deux voix")
    );
}

/// Issue 19: when an accepted speaker changes the title or the duration, the organisers see
/// it on the list of proposals and on the proposal's page.
#[tokio::test]
async fn an_accepted_speakers_change_of_title_or_duration_is_shown_to_organisers() {
    let c = open_call(false).await;
    c.propose("Avant", "camille@example.org", None).await;
    c.propose("Sans changement", "camille@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let id = c.proposal_id("Avant").await;
    let right = c.right().await;
    store::cfp::decisions::decide(
        &c.app.db,
        &right,
        id,
        Some(rencontres::domain::cfp::Decision::Accepted),
        Timestamp::now(),
    )
    .await
    .unwrap();

    let edited = c
        .app
        .post_form(
            &format!("{link}/{id}"),
            &[
                ("title", "Après"),
                ("summary", "Un résumé."),
                ("administration", "DINUM"),
                ("subject", "Mutualisation"),
                ("audience", "Agents publics"),
                ("format", "Intervention courte"),
                ("minutes", "20"),
                ("answer_0", "Non"),
                ("s0_name", "Camille Agent"),
                ("s0_email", "camille@example.org"),
                ("s0_consent", "oui"),
            ],
        )
        .await;
    let b = c.organiser().await;
    let list = b.get(&format!("/organisation/evenements/{}/appel/propositions", c.event.id)).await;
    let page = b.get(&format!("/organisation/evenements/{}/appel/proposition?n={id}", c.event.id)).await;

    assert_eq!(edited.status, 303, "{}", edited.body);
    assert_eq!(list.body.matches("Modifiée après acceptation").count(), 1, "{}", list.body);
    assert!(list.body.contains("Modifiée après acceptation : titre, durée"), "{}", list.body);
    assert_eq!(
        unescape(between(
            &page.body,
            "<div class=\"fr-alert fr-alert--warning fr-alert--sm fr-mb-3w\" id=\"modifiee-apres-acceptation\"><p>",
            "</p>"
        )),
        "L’intervenant a modifié sa proposition après son acceptation : titre, durée. Vérifiez le programme."
    );
}

/// I3 (issue 16): the call's happenings are queued for a webhook subscription in their own
/// transactions: a proposal sent, its decision only once announced and leaving at the
/// announcement's time, the speaker's confirmation.
#[tokio::test]
async fn the_calls_happenings_reach_webhooks_and_a_decision_waits_for_its_announcement() {
    use rencontres::domain::webhook::EventType;
    let c = open_call(false).await;
    let right = c.right().await;
    let owner = store::webhook::Owner::Event(&right);
    let types = [EventType::ProposalSubmitted, EventType::ProposalDecided, EventType::ProposalConfirmed];
    let sub =
        store::webhook::create(&c.app.db, owner, "https://93.184.215.14/hook", &types, Timestamp::now()).await.unwrap();
    let queued = || async {
        let mut log = store::webhook::deliveries(&c.app.db, owner, sub.id, 100).await.unwrap();
        log.reverse();
        log.into_iter().map(|d| (d.event_type, d.payload, d.not_before)).collect::<Vec<_>>()
    };
    c.propose("Suivie", "camille@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let id = c.proposal_id("Suivie").await;
    let token = c.link_to("camille@example.org", "/propositions/").rsplit('/').next().unwrap().to_owned();
    let now = Timestamp::now();
    let accepted = Some(rencontres::domain::cfp::Decision::Accepted);

    store::cfp::decisions::decide(&c.app.db, &right, id, accepted, now).await.unwrap();
    c.prepare_decisions(&right, now).await;
    let before_announcement = queued().await.len();
    let at = now + SignedDuration::from_hours(2);
    store::cfp::decisions::announce(&c.app.db, &right, at, now).await.unwrap();
    let later = at + SignedDuration::from_mins(5);
    let speaker = rencontres::domain::cfp::SpeakerAnswer::Confirmed;
    store::cfp::proposals::answer(&c.app.db, &token, id, speaker, later).await.unwrap();

    assert_eq!(before_announcement, 1, "a decision is not sent before its announcement");
    let log = queued().await;
    let kinds: Vec<&str> = log.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(kinds, ["proposal.submitted", "proposal.decided", "proposal.confirmed"]);
    let decided: serde_json::Value = serde_json::from_str(&log[1].1).unwrap();
    assert_eq!(decided["data"]["proposal"], serde_json::json!({ "id": id, "decision": "accepted" }));
    assert_eq!(log[1].2, at.as_second(), "the decision leaves at the announcement's time");
}

/// C3 F2 (issue 14): an accepted speaker who has neither confirmed nor declined a few days
/// after the announcement gets one reminder with a private link that works; a speaker who
/// answered, a declined proposal, and a second sweep get none.
#[tokio::test]
async fn accepted_speakers_who_have_not_answered_get_one_reminder() {
    let c = open_call(false).await;
    for (title, who) in
        [("Silencieuse", "camille@example.org"), ("Confirmée", "dora@example.org"), ("Écartée", "eli@example.org")]
    {
        c.propose(title, who, None).await;
    }
    let right = c.right().await;
    let now = Timestamp::now();
    for (title, decision) in [
        ("Silencieuse", rencontres::domain::cfp::Decision::Accepted),
        ("Confirmée", rencontres::domain::cfp::Decision::Accepted),
        ("Écartée", rencontres::domain::cfp::Decision::Declined),
    ] {
        let id = c.proposal_id(title).await;
        store::cfp::decisions::decide(&c.app.db, &right, id, Some(decision), now).await.unwrap();
    }
    c.prepare_decisions(&right, now).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    c.app.deliver_queued_mail().await;
    let dora = c.link_to("dora@example.org", "/propositions/").replace("http://127.0.0.1", "");
    assert_eq!(c.app.post_form(&format!("{dora}/confirmer"), &[]).await.status, 303);
    let remind = |days: i64| {
        let app = c.app.app.clone();
        async move {
            let at = Timestamp::now() + SignedDuration::from_hours(24 * days);
            rencontres::mail::cfp::remind_unconfirmed(&app.db, &app.composer, "http://127.0.0.1", 3, at).await.unwrap()
        }
    };

    let too_early = remind(2).await;
    let due = remind(4).await;
    let again = remind(5).await;
    c.app.deliver_queued_mail_after(6 * 24 * 3600).await;

    assert_eq!((too_early, due, again), (0, 1, 0));
    let reminders = |to: &str| {
        c.sink.subjects_to(to).into_iter().filter(|s| s.starts_with("Pouvez-vous confirmer")).collect::<Vec<_>>()
    };
    assert_eq!(reminders("camille@example.org"), ["Pouvez-vous confirmer votre intervention ? Silencieuse"]);
    assert!(reminders("dora@example.org").is_empty() && reminders("eli@example.org").is_empty());
    let link = c.link_to("camille@example.org", "/propositions/").replace("http://127.0.0.1", "");
    let id = c.proposal_id("Silencieuse").await;
    assert!(link.ends_with(&format!("/{id}")), "{link}");
    assert_eq!(c.app.post_form(&format!("{link}/confirmer"), &[]).await.status, 303, "the reminder's link works");
}

/// F2 (issue 14): a message to the accepted speakers reaches the proposer of an accepted talk
/// once, with a link to their proposals, and never the speaker of a declined one.
#[tokio::test]
async fn a_message_to_accepted_speakers_carries_their_proposals_link() {
    let c = open_call(false).await;
    c.propose("Retenue", "camille@example.org", None).await;
    c.propose("Écartée", "dora@example.org", None).await;
    let right = c.right().await;
    let now = Timestamp::now();
    for (title, decision) in [
        ("Retenue", rencontres::domain::cfp::Decision::Accepted),
        ("Écartée", rencontres::domain::cfp::Decision::Declined),
    ] {
        let id = c.proposal_id(title).await;
        store::cfp::decisions::decide(&c.app.db, &right, id, Some(decision), now).await.unwrap();
    }
    c.prepare_decisions(&right, now).await;
    store::cfp::decisions::announce(&c.app.db, &right, now, now).await.unwrap();
    c.app.deliver_queued_mail().await;
    let b = c.organiser().await;
    let path = format!("/organisation/evenements/{}/messages", c.event.id);
    let csrf = b.csrf(&path).await;

    let sent = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("audience", "speakers"),
                ("subject", "Votre salle"),
                ("body", "Vous serez en salle 2."),
                ("action", "envoyer"),
                ("confirme", "oui"),
            ],
        )
        .await;
    c.app.deliver_queued_mail().await;
    let link = c.link_to("camille@example.org", "/propositions/");
    let opened = c.app.get(&link).await;

    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(c.sink.subjects_to("camille@example.org").iter().filter(|s| *s == "Votre salle").count(), 1);
    assert_eq!(c.sink.subjects_to("dora@example.org").iter().filter(|s| *s == "Votre salle").count(), 0);
    assert_eq!(opened.status, 200);
    assert!(opened.body.contains("Retenue"), "{}", opened.body);
}

/// H2: a proposal sent in English keeps its language: its receipt and its decision come in
/// English, from the English default even where the event has its own (French) wording; a
/// French one stays French.
#[tokio::test]
async fn a_proposal_sent_in_english_gets_english_mails_and_a_french_one_french() {
    let c = open_call(false).await;
    c.app.get("/?lang=en").await;
    let call = c.app.get(&format!("/evenements/{}/appel", c.slug())).await;
    let refused = c.app.post_form(&format!("/evenements/{}/appel", c.slug()), &[("title", "")]).await;
    let too_long = c
        .app
        .post_form(&format!("/evenements/{}/appel", c.slug()), &[("format", "Intervention courte"), ("minutes", "90")])
        .await;
    let sent = c.propose("In English", "alex@example.org", None).await;
    c.app.get("/?lang=fr").await;
    c.propose("En français", "camille@example.org", None).await;
    c.app.deliver_queued_mail().await;
    let (en, fr) = (c.proposal_id("In English").await, c.proposal_id("En français").await);
    let b = c.organiser().await;
    let base = format!("/organisation/evenements/{}/appel", c.event.id);
    let csrf = b.csrf(&base).await;
    for (id, decision) in [(en, "declined"), (fr, "declined")] {
        b.post(&format!("{base}/decider"), &[("csrf", &csrf), ("proposal", &id.to_string()), ("decision", decision)])
            .await;
    }
    b.post(
        &format!("{base}/modele"),
        &[
            ("csrf", &csrf),
            ("kind", "proposal_declined"),
            ("subject", "Merci pour « {{ proposal.title }} »"),
            ("body", "Bonjour {{ name }}, ce sera pour une autre fois."),
        ],
    )
    .await;
    b.post(&format!("{base}/courriels"), &[("csrf", &csrf)]).await;
    b.post(&format!("{base}/annoncer"), &[("csrf", &csrf), ("send_at", "")]).await;
    c.app.deliver_queued_mail().await;

    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(call.body.contains("<h1>Call for talks</h1>"), "{}", call.body);
    assert!(call.body.contains(">Send my proposal</button>"));
    assert!(call.body.contains("Intervention courte: 5 to 20 minutes"), "{}", call.body);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("The title is required."), "{}", refused.body);
    // The rules' own refusals beside the fields come in English too.
    assert!(refused.body.contains("Choose one of the formats offered."), "{}", refused.body);
    assert!(refused.body.contains("Give the length you would like, in minutes."), "{}", refused.body);
    assert!(!refused.body.contains("Choisissez un des formats"), "{}", refused.body);
    assert!(
        too_long.body.contains("The duration must be between 5 and 20 minutes for the format “Intervention courte”."),
        "{}",
        too_long.body
    );
    assert!(refused.body.contains("The form contains errors"));
    let stored = store::cfp::list(&c.app.db, c.event.id).await.unwrap();
    let lang = |id: i64| stored.iter().find(|p| p.id == id).unwrap().lang;
    assert_eq!((lang(en), lang(fr)), (rencontres::i18n::Lang::En, rencontres::i18n::Lang::Fr));
    assert_eq!(
        c.sink.subjects_to("alex@example.org"),
        ["Proposal received: In English", "About your proposal: In English"]
    );
    assert_eq!(
        c.sink.subjects_to("camille@example.org"),
        ["Proposition reçue : En français", "Merci pour « En français »"]
    );
    let receipt = c.sink.mails().into_iter().find(|m| m["subject"] == "Proposal received: In English").unwrap();
    let text = receipt["text"].as_str().unwrap();
    assert!(text.contains("The team will answer by Sunday 1 December 2030 at the latest."), "{text}");
}
