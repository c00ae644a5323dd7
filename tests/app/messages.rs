//! F2 (issue 14): organisers write to one group of their event, through the queue, to a real
//! SMTP server: each member of the group gets one mail with their own link, nobody else gets
//! it; the preview, the test send, a scheduled send that leaves only at its time, and bad
//! input refused in French with the input kept.

use crate::helpers::*;
use crate::organiser::{Browser, add_user, signed_in};
use jiff::{SignedDuration, Timestamp};
use rencontres::domain::event::Event;

struct Fixture {
    app: TestApp,
    sink: SmtpSink,
    b: Browser,
    event: Event,
    /// The private links (`/inscription/…`) of alice (confirmed) and bob (waitlisted).
    alice: String,
    bob: String,
}

/// An event with one place: alice holds it, bob waits, carol never confirmed her address.
async fn fixture() -> Fixture {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_with(|c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let event = app.add_event(event_draft("Atelier des messages", 20)).await;
    app.open_registrations(&event, 1).await;
    let alice = crate::registration::register_and_confirm(&app, &sink, &event, "alice@example.org").await;
    let bob = crate::registration::register_and_confirm(&app, &sink, &event, "bob@example.org").await;
    app.register(&event, "carol@example.org").await;
    app.deliver_queued_mail().await;
    Fixture { app, sink, b, event, alice, bob }
}

impl Fixture {
    fn path(&self) -> String {
        format!("/organisation/evenements/{}/messages", self.event.id)
    }

    async fn post(&self, fields: &[(&str, &str)]) -> Page {
        let csrf = self.b.csrf(&self.path()).await;
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.b.post(&self.path(), &all).await
    }

    /// The texts of the mails `to` received with `subject`.
    fn texts(&self, to: &str, subject: &str) -> Vec<String> {
        self.sink
            .mails()
            .iter()
            .filter(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to) && m["subject"] == subject)
            .map(|m| m["text"].as_str().unwrap().to_owned())
            .collect()
    }
}

#[tokio::test]
async fn each_member_of_the_group_gets_one_message_with_their_own_link_and_nobody_else() {
    let f = fixture().await;

    let page = f.b.get(&f.path()).await;
    let sent = f
        .post(&[
            ("audience", "waitlisted"),
            ("subject", "Point sur la liste d’attente"),
            ("body", "Bonjour,\n\nIl reste **une** chance."),
            ("send_at", ""),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    let to_confirmed = f
        .post(&[
            ("audience", "confirmed"),
            ("subject", "Informations pratiques"),
            ("body", "Apportez votre ordinateur."),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    f.app.deliver_queued_mail().await;
    let after = f.b.get(&format!("{}?fait=message-envoye", f.path())).await;

    assert_eq!(page.status, 200);
    assert!(page.body.contains("Liste d’attente (1 personne)"), "{}", page.body);
    assert!(page.body.contains("Places confirmées (présents pointés compris) (1 personne)"), "{}", page.body);
    assert_eq!((sent.status, sent.header("location")), (303, format!("{}?fait=message-envoye", f.path()).as_str()));
    assert_eq!(to_confirmed.status, 303, "{}", to_confirmed.body);
    let bob = f.texts("bob@example.org", "Point sur la liste d’attente");
    assert_eq!(bob.len(), 1, "bob gets exactly one");
    assert!(bob[0].contains(&format!("http://127.0.0.1{}", f.bob)), "{}", bob[0]);
    assert!(!bob[0].contains(&f.alice));
    assert!(bob[0].contains("« Atelier des messages »"), "{}", bob[0]);
    assert!(bob[0].contains("Il reste une chance."), "the text part has no raw Markdown: {}", bob[0]);
    assert_eq!(f.texts("alice@example.org", "Point sur la liste d’attente").len(), 0);
    assert_eq!(f.texts("carol@example.org", "Point sur la liste d’attente").len(), 0);
    let alice = f.texts("alice@example.org", "Informations pratiques");
    assert_eq!(alice.len(), 1);
    assert!(alice[0].contains(&format!("http://127.0.0.1{}", f.alice)), "{}", alice[0]);
    assert_eq!(f.texts("bob@example.org", "Informations pratiques").len(), 0);
    assert!(after.body.contains("Message envoyé"), "{}", after.body);
    assert!(
        after.body.contains("« Point sur la liste d’attente » à liste d’attente : envoyé le"),
        "{}",
        between(&after.body, "<h2 class=\"fr-mt-6w\">", "</ul>")
    );
}

#[tokio::test]
async fn preview_shows_the_mail_and_the_test_send_goes_to_the_organiser_only() {
    let f = fixture().await;
    let fields =
        [("audience", "confirmed"), ("subject", "Un essai"), ("body", "Bonjour, **bienvenue**."), ("send_at", "")];
    let mark = f.app.audit_mark().await;

    let preview = f.post(&[&fields[..], &[("action", "apercu")][..]].concat()).await;
    let test = f.post(&[&fields[..], &[("action", "essai")][..]].concat()).await;
    f.app.deliver_queued_mail().await;
    let actions = f.app.audit_actions_since(mark).await;

    assert_eq!(preview.status, 200);
    let shown = between(&preview.body, "id=\"apercu\">", "</div>");
    assert!(shown.contains("<strong>bienvenue</strong>"), "{shown}");
    assert!(shown.contains("http://127.0.0.1/inscription/exemple"), "{shown}");
    assert!(preview.body.contains("Atelier des messages"));
    assert!(preview.body.contains(">Bonjour, **bienvenue**.</textarea>"), "the input stays");
    assert_eq!(test.status, 200);
    assert!(test.body.contains("Un essai vient de partir vers votre adresse"), "{}", test.body);
    assert!(test.body.contains(">Bonjour, **bienvenue**.</textarea>"), "the input stays");
    assert_eq!(f.texts("admin@example.org", "[Essai] Un essai").len(), 1);
    assert_eq!(f.texts("alice@example.org", "Un essai").len(), 0);
    assert_eq!(actions, ["event_message.test"]);
}

#[tokio::test]
async fn a_scheduled_message_leaves_only_at_its_time_and_once() {
    let f = fixture().await;
    let (composer, base_url) = (&f.app.app.composer, f.app.app.config.base_url());
    let send_due = |at: Timestamp| rencontres::mail::event_message::send_due(&f.app.db, composer, base_url, at);

    let scheduled = f
        .post(&[
            ("audience", "waitlisted"),
            ("subject", "Plus tard"),
            ("body", "Un message programmé."),
            ("send_at", &paris_local_in(2)),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    let early = send_due(Timestamp::now()).await.unwrap();
    f.app.deliver_queued_mail_after(3 * 3600).await;
    let before = f.texts("bob@example.org", "Plus tard").len();
    let page = f.b.get(&f.path()).await;
    let due = send_due(Timestamp::now() + SignedDuration::from_hours(3)).await.unwrap();
    let again = send_due(Timestamp::now() + SignedDuration::from_hours(4)).await.unwrap();
    // The job ran "three hours later": its mails are due from then.
    f.app.deliver_queued_mail_after(4 * 3600).await;

    assert_eq!(
        (scheduled.status, scheduled.header("location")),
        (303, format!("{}?fait=message-programme", f.path()).as_str())
    );
    assert_eq!((early, before), (0, 0), "nothing leaves before its time");
    assert!(page.body.contains("« Plus tard » à liste d’attente : programmé le"), "{}", page.body);
    assert_eq!((due, again), (1, 0));
    let bob = f.texts("bob@example.org", "Plus tard");
    assert_eq!(bob.len(), 1);
    assert!(bob[0].contains(&f.bob), "{}", bob[0]);
    assert_eq!(f.texts("alice@example.org", "Plus tard").len(), 0);
}

#[tokio::test]
async fn bad_input_is_refused_in_french_beside_its_field_and_kept() {
    let f = fixture().await;

    let empty = f
        .post(&[
            ("audience", "confirmed"),
            ("subject", "  "),
            ("body", "Mon texte gardé"),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    let unknown = f
        .post(&[
            ("audience", "tous"),
            ("subject", "Objet gardé"),
            ("body", "Texte"),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    let past = f
        .post(&[
            ("audience", "confirmed"),
            ("subject", "Objet"),
            ("body", "Texte"),
            ("send_at", &paris_local_in(-2)),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE kind = 'event_message'")
        .fetch_one(f.app.db.pool())
        .await
        .unwrap();

    assert_eq!(empty.status, 422);
    assert_eq!(
        unescape(between(&empty.body, "id=\"f-subject-error\" class=\"fr-error-text\">", "</p>")),
        "L’objet est obligatoire."
    );
    assert!(empty.body.contains(">Mon texte gardé</textarea>"), "{}", empty.body);
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Choisissez le groupe à qui écrire dans la liste."), "{}", unknown.body);
    assert!(unknown.body.contains("value=\"Objet gardé\""), "{}", unknown.body);
    assert_eq!(past.status, 422);
    assert!(unescape(&past.body).contains("La date d’envoi est passée"), "{}", past.body);
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn board_participants_are_those_who_wrote_on_the_board() {
    let f = fixture().await;
    // Alice signed up for a lightning talk on the board; bob holds no place and wrote nothing.
    let alice: i64 = sqlx::query_scalar("SELECT id FROM registrations WHERE email = 'alice@example.org'")
        .fetch_one(f.app.db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO board_talks (event_id, speaker, title, minutes, position, created_at) VALUES ($1, $2, 'Éclair', 5, 1, 0)",
    )
    .bind(f.event.id.get())
    .bind(alice)
    .execute(f.app.db.pool())
    .await
    .unwrap();

    let page = f.b.get(&f.path()).await;
    let sent = f
        .post(&[
            ("audience", "board"),
            ("subject", "Le tableau"),
            ("body", "Merci !"),
            ("action", "envoyer"),
            ("confirme", "oui"),
        ])
        .await;
    f.app.deliver_queued_mail().await;

    assert!(page.body.contains("Participants du tableau du garagethon (1 personne)"), "{}", page.body);
    assert_eq!(sent.status, 303);
    let alice = f.texts("alice@example.org", "Le tableau");
    assert_eq!(alice.len(), 1);
    assert!(alice[0].contains(&f.alice), "{}", alice[0]);
    assert_eq!(f.texts("bob@example.org", "Le tableau").len(), 0);
}

/// Mail cannot be called back: « Envoyer » first asks, naming how many people the message
/// reaches, and queues nothing until confirmed.
#[tokio::test]
async fn sending_asks_first_and_queues_nothing_before_the_confirmation() {
    let f = fixture().await;

    let asked = f
        .post(&[("audience", "waitlisted"), ("subject", "Une question"), ("body", "Texte."), ("action", "envoyer")])
        .await;
    f.app.deliver_queued_mail().await;

    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("Envoyer ce message ?"), "{}", asked.body);
    assert!(asked.body.contains("vers 1 personne(s)"), "{}", asked.body);
    assert!(asked.body.contains("name=\"confirme\" value=\"oui\""), "{}", asked.body);
    assert!(f.texts("bob@example.org", "Une question").is_empty(), "nothing leaves before the confirmation");
}
