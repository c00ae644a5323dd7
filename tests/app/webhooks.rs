//! I3 (issue 16): signed webhooks. A real HTTP receiver on loopback
//! (`tests/tools/webhook_receiver.py`) checks every signature with the `standardwebhooks`
//! package, an independent implementation of the specification; deliveries are triggered by
//! real registrations through the public forms; the SSRF filter is tried at subscription
//! and at delivery; subscriptions stay within their event.

use crate::board::{garagethon, participant};
use crate::helpers::*;
use crate::organiser::{Browser, add_user, grant, signed_in};
use rencontres::domain::account::{EditRight, Role};
use rencontres::domain::event::Event;
use rencontres::domain::webhook::{DeliveryStatus, EventType};
use rencontres::store::webhook::{Delivery, Owner};
use rencontres::webhook::Deliverer;
use rencontres::webhook::worker::{Pass, deliver_due, deliver_due_at};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The receiver: a Python HTTP server that verifies each request with `standardwebhooks`.
struct Receiver {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Receiver {
    /// Starts a receiver answering 500 to the first `fail_first` requests, or a redirection
    /// to `redirect` to every one.
    fn start(fail_first: u32, redirect: Option<&str>) -> Receiver {
        let dir = tempfile::tempdir().unwrap();
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("python3")
            .arg(format!("{root}/tests/tools/webhook_receiver.py"))
            .args(["--dir", dir.path().to_str().unwrap(), "--port", "0", "--fail-first", &fail_first.to_string()])
            .args(redirect.map(|r| vec!["--redirect", r]).unwrap_or_default())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the webhook receiver (scripts/install-test-deps.sh)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("receiver said {line:?}"));
        Receiver { child: Some(child), port, dir }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/webhooks/rencontres", self.port)
    }

    /// The secrets the receiver verifies with from now on.
    fn trust(&self, secrets: &[&str]) {
        std::fs::write(self.dir.path().join("secrets"), secrets.join("\n")).unwrap();
    }

    /// Every request received, in order.
    fn received(&self) -> Vec<serde_json::Value> {
        let Ok(text) = std::fs::read_to_string(self.dir.path().join("received.jsonl")) else { return vec![] };
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").args(["-TERM", &c.id().to_string()]).status();
            let _ = c.wait();
        }
    }
}

/// An app whose organiser cookies work over http, with the test setting admitting loopback
/// receivers when `loopback` is true.
async fn spawn(loopback: bool) -> TestApp {
    spawn_app_with(move |c| {
        c.base_url = "http://127.0.0.1".into();
        c.login_attempts_per_minute = 100_000;
        c.webhooks.allow_http_loopback = loopback;
    })
    .await
}

fn deliverer(app: &TestApp) -> Deliverer {
    Deliverer::from_config(&app.app.config.webhooks)
}

async fn deliver(app: &TestApp) -> Pass {
    deliver_due(&app.db, &deliverer(app)).await.unwrap()
}

/// Delivers as if `secs` seconds had passed (back-off is over).
async fn deliver_after(app: &TestApp, secs: i64) -> Pass {
    let later = move || jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs);
    deliver_due_at(&app.db, &deliverer(app), later).await.unwrap()
}

/// Subscribes `url` to `types` of `event` through the organiser page; returns the page.
async fn subscribe(b: &Browser, event: &Event, url: &str, types: &[&str]) -> Page {
    let path = format!("/organisation/evenements/{}/webhooks", event.id);
    let csrf = b.csrf(&path).await;
    let mut fields = vec![("csrf", csrf.as_str()), ("url", url)];
    fields.extend(types.iter().map(|t| ("types", *t)));
    b.post(&path, &fields).await
}

/// The secret a page shows once.
fn shown_secret(page: &Page) -> String {
    between(&page.body, "<code id=\"secret\">", "</code>").to_owned()
}

/// The subscriptions of `event` and their deliveries, newest first.
async fn deliveries(app: &TestApp, event: &Event) -> Vec<Delivery> {
    let right = EditRight::command_line(event.id);
    let mut all = Vec::new();
    for sub in rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap() {
        all.extend(rencontres::store::webhook::deliveries(&app.db, Owner::Event(&right), sub.id, 100).await.unwrap());
    }
    all
}

/// A subscription written straight into the store, as if its URL had passed the form's
/// check and its name resolved elsewhere since.
async fn stored_subscription(app: &TestApp, event: &Event, url: &str, types: &[EventType]) -> String {
    let right = EditRight::command_line(event.id);
    let now = jiff::Timestamp::now();
    rencontres::store::webhook::create(&app.db, Owner::Event(&right), url, types, now).await.unwrap().secret
}

fn field_error(page: &Page) -> String {
    unescape(between(&page.body, "id=\"f-url-error\" class=\"fr-error-text\">", "</p>"))
}

#[tokio::test]
async fn registration_confirmed_reaches_a_receiver_that_verifies_its_signature() {
    let app = spawn(true).await;
    let receiver = Receiver::start(0, None);
    let event = garagethon(&app, "Garagethon des webhooks", 20).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let created = subscribe(&b, &event, &receiver.url(), &["registration.confirmed"]).await;
    let secret = shown_secret(&created);
    receiver.trust(&[&secret]);

    let token = participant(&app, &event, "alice@example.org").await;
    let pass = deliver(&app).await;
    let again = deliver(&app).await;

    assert_eq!(created.status, 200, "{}", created.body);
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(pass, Pass { succeeded: 1, failed_attempts: 0 });
    assert_eq!(again, Pass::default());
    let received = receiver.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["verified"], true, "standardwebhooks refused {:?}", received[0]);
    let body: serde_json::Value = serde_json::from_str(received[0]["body"].as_str().unwrap()).unwrap();
    let registration_id = rencontres::store::registration::list(&app.db, event.id).await.unwrap()[0].id;
    assert_eq!(body["type"], "registration.confirmed");
    assert_eq!(
        body["data"],
        serde_json::json!({
            "registration": { "id": registration_id, "state": "confirmed" },
            "event": { "id": event.id.get(), "slug": "garagethon-des-webhooks", "title": "Garagethon des webhooks" },
        })
    );
    assert!(!body.to_string().contains("alice"), "no personal data in payloads: {body}");
    assert!(!token.is_empty());
    let log = deliveries(&app, &event).await;
    assert_eq!(log.len(), 1);
    assert_eq!(received[0]["id"].as_str(), Some(log[0].webhook_id.as_str()));
    assert_eq!((log[0].status, log[0].attempts, log[0].last_status_code), (DeliveryStatus::Succeeded, 1, Some(204)));
    let page = b.get(&format!("/organisation/evenements/{}/webhooks", event.id)).await;
    let row = unescape(between(&page.body, &format!("<code>{}</code>", log[0].webhook_id), "</tr>"));
    assert_eq!(
        row.split("</td><td>").skip(1).take(4).collect::<Vec<_>>(),
        ["Inscription confirmée", "Livrée", "204", "1"]
    );
}

#[tokio::test]
async fn a_receiver_failing_twice_gets_the_delivery_on_the_third_attempt() {
    let app = spawn(true).await;
    let receiver = Receiver::start(2, None);
    let event = garagethon(&app, "Garagethon têtu", 20).await;
    let secret = stored_subscription(&app, &event, &receiver.url(), &[EventType::RegistrationConfirmed]).await;
    receiver.trust(&[&secret]);
    participant(&app, &event, "bob@example.org").await;

    let first = deliver(&app).await;
    let too_early = deliver(&app).await;
    let second = deliver_after(&app, 31).await;
    let third = deliver_after(&app, 31 + 61).await;

    assert_eq!(first, Pass { succeeded: 0, failed_attempts: 1 });
    assert_eq!(too_early, Pass::default(), "back-off: nothing is due yet");
    assert_eq!(second, Pass { succeeded: 0, failed_attempts: 1 });
    assert_eq!(third, Pass { succeeded: 1, failed_attempts: 0 });
    let log = deliveries(&app, &event).await;
    assert_eq!(log.len(), 1, "one delivery, retried");
    assert_eq!((log[0].status, log[0].attempts, log[0].last_status_code), (DeliveryStatus::Succeeded, 3, Some(204)));
    let received = receiver.received();
    let answered: Vec<i64> = received.iter().map(|r| r["answered"].as_i64().unwrap()).collect();
    assert_eq!(answered, [500, 500, 204]);
    assert!(received.iter().all(|r| r["id"].as_str() == Some(log[0].webhook_id.as_str())), "same webhook-id");
    assert!(received.iter().all(|r| r["verified"] == true));
}

#[tokio::test]
async fn internal_addresses_are_refused_at_subscription_with_a_french_message() {
    let app = spawn(false).await;
    let event = garagethon(&app, "Garagethon prudent", 20).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;

    let private = subscribe(&b, &event, "https://10.1.2.3/hook", &["registration.confirmed"]).await;
    let metadata = subscribe(&b, &event, "https://169.254.169.254/latest/meta-data/", &["proposal.submitted"]).await;
    let localhost = subscribe(&b, &event, "https://localhost:8443/hook", &["registration.confirmed"]).await;
    let plain = subscribe(&b, &event, "http://127.0.0.1:9/hook", &["registration.confirmed"]).await;
    let no_type = subscribe(&b, &event, "https://93.184.215.14/hook", &[]).await;

    assert_eq!(private.status, 422);
    assert_eq!(
        field_error(&private),
        "Cette adresse mène à 10.1.2.3 (réseau privé) : seules les adresses publiques d’Internet sont acceptées."
    );
    assert!(private.body.contains("value=\"https://10.1.2.3/hook\""), "the URL typed is kept");
    assert!(private.body.contains("value=\"registration.confirmed\" checked"), "the types ticked are kept");
    assert_eq!(
        field_error(&metadata),
        "Cette adresse mène à 169.254.169.254 (service de métadonnées d’un hébergeur) : seules les adresses \
         publiques d’Internet sont acceptées."
    );
    let local = field_error(&localhost);
    assert!(
        local.starts_with("Cette adresse mène à ")
            && local.ends_with(" (boucle locale) : seules les adresses publiques d’Internet sont acceptées."),
        "{local}"
    );
    assert_eq!(field_error(&plain), "Seules les adresses en https:// sont acceptées.");
    assert_eq!(no_type.status, 422);
    assert!(unescape(&no_type.body).contains("Choisissez au moins un type d’événement à suivre."));
    assert!(rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap().is_empty());
}

#[tokio::test]
async fn internal_addresses_are_refused_again_at_delivery_without_connecting() {
    let app = spawn(false).await;
    let event = garagethon(&app, "Garagethon rebondi", 20).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let types = [EventType::RegistrationConfirmed];
    stored_subscription(&app, &event, &format!("https://localhost:{port}/hook"), &types).await;
    stored_subscription(&app, &event, "https://169.254.169.254/latest/meta-data/", &types).await;
    stored_subscription(&app, &event, "https://[::ffff:10.0.0.7]/hook", &types).await;
    participant(&app, &event, "carol@example.org").await;

    let pass = deliver(&app).await;

    assert_eq!(pass, Pass { succeeded: 0, failed_attempts: 3 });
    let mut log: Vec<(DeliveryStatus, i64, String)> = deliveries(&app, &event)
        .await
        .into_iter()
        .map(|d| (d.status, d.attempts, d.last_error.unwrap_or_default()))
        .collect();
    log.sort_by(|a, b| a.2.cmp(&b.2));
    assert!(log.iter().all(|(s, a, _)| (*s, *a) == (DeliveryStatus::Failed, 1)), "failed at once: {log:?}");
    let errors: Vec<&str> = log.iter().map(|l| l.2.as_str()).collect();
    assert!(errors.contains(&"refused address ::ffff:10.0.0.7 (private address)"), "{errors:?}");
    assert!(errors.contains(&"refused address 169.254.169.254 (cloud metadata address)"), "{errors:?}");
    let loopback = ["refused address 127.0.0.1 (loopback address)", "refused address ::1 (loopback address)"];
    assert!(errors.iter().any(|e| loopback.contains(e)), "{errors:?}");
    assert_eq!(
        listener.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "nothing connected to the loopback port"
    );
}

#[tokio::test]
async fn a_redirection_is_not_followed() {
    let app = spawn(true).await;
    let elsewhere = Receiver::start(0, None);
    let receiver = Receiver::start(0, Some(&elsewhere.url()));
    let event = garagethon(&app, "Garagethon redirigé", 20).await;
    let secret = stored_subscription(&app, &event, &receiver.url(), &[EventType::RegistrationConfirmed]).await;
    receiver.trust(&[&secret]);
    participant(&app, &event, "dan@example.org").await;

    let pass = deliver(&app).await;

    assert_eq!(pass, Pass { succeeded: 0, failed_attempts: 1 });
    let log = deliveries(&app, &event).await;
    assert_eq!((log[0].status, log[0].last_status_code), (DeliveryStatus::Retrying, Some(302)));
    assert_eq!(log[0].last_error.as_deref(), Some(format!("redirect not followed (to {})", elsewhere.url()).as_str()));
    assert_eq!(receiver.received().len(), 1);
    assert!(elsewhere.received().is_empty(), "the redirection's target got nothing");
}

#[tokio::test]
async fn after_a_rotation_both_secrets_verify_and_a_replay_keeps_its_webhook_id() {
    let app = spawn(true).await;
    let receiver = Receiver::start(0, None);
    let event = garagethon(&app, "Garagethon tournant", 20).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let old = shown_secret(&subscribe(&b, &event, &receiver.url(), &["registration.confirmed"]).await);
    let path = format!("/organisation/evenements/{}/webhooks", event.id);
    let sub = rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap()[0].id.to_string();
    let csrf = b.csrf(&path).await;
    let rotated = b.post(&format!("{path}/secret"), &[("csrf", &csrf), ("abonnement", &sub)]).await;
    let new = shown_secret(&rotated);
    receiver.trust(&[&old]);
    participant(&app, &event, "eve@example.org").await;
    deliver(&app).await;
    receiver.trust(&[&new]);
    let delivery = deliveries(&app, &event).await[0].clone();

    let replayed =
        b.post(&format!("{path}/rejouer"), &[("csrf", &csrf), ("livraison", &delivery.id.to_string())]).await;
    deliver(&app).await;

    assert_eq!(rotated.status, 200);
    assert_ne!(old, new);
    assert_eq!(replayed.header("location"), format!("{path}?fait=webhook-rejoue"));
    let received = receiver.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0]["signature"].as_str().unwrap().split(' ').count(), 2, "signed with both secrets");
    assert_eq!((received[0]["verified"].as_bool(), received[1]["verified"].as_bool()), (Some(true), Some(true)));
    assert_eq!(received[0]["id"], received[1]["id"], "a replay keeps its webhook-id");
    assert_eq!(received[0]["body"], received[1]["body"]);
    let page = b.get(&format!("{path}?fait=webhook-rejoue")).await;
    assert!(unescape(&page.body).contains("La livraison est remise dans la file d’envoi."));
}

#[tokio::test]
async fn a_paused_subscription_gets_nothing_until_resumed() {
    let app = spawn(true).await;
    let receiver = Receiver::start(0, None);
    let event = garagethon(&app, "Garagethon en pause", 20).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    // A name, not an address: resolved and checked at delivery, then connected to as checked.
    let url = receiver.url().replace("127.0.0.1", "localhost");
    let secret = shown_secret(&subscribe(&b, &event, &url, &["registration.confirmed"]).await);
    receiver.trust(&[&secret]);
    let path = format!("/organisation/evenements/{}/webhooks", event.id);
    let sub = rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap()[0].id.to_string();
    let csrf = b.csrf(&path).await;

    let paused = b.post(&format!("{path}/pause"), &[("csrf", &csrf), ("abonnement", &sub), ("pause", "oui")]).await;
    participant(&app, &event, "fanny@example.org").await;
    let while_paused = deliver(&app).await;
    b.post(&format!("{path}/pause"), &[("csrf", &csrf), ("abonnement", &sub), ("pause", "non")]).await;
    participant(&app, &event, "gael@example.org").await;
    let resumed = deliver(&app).await;

    assert_eq!(paused.header("location"), format!("{path}?fait=webhook-pause"));
    assert_eq!(while_paused, Pass::default());
    assert_eq!(resumed, Pass { succeeded: 1, failed_attempts: 0 }, "only what happened after the resumption");
    assert_eq!(receiver.received().len(), 1);
}

#[tokio::test]
async fn an_organiser_of_another_event_cannot_see_or_touch_its_webhooks() {
    let app = spawn(true).await;
    let receiver = Receiver::start(0, None);
    let mine = garagethon(&app, "Garagethon gardé", 20).await;
    let theirs = garagethon(&app, "Garagethon voisin", 30).await;
    let admin = add_user(&app, "admin@example.org", true).await;
    add_user(&app, "voisine@example.org", false).await;
    grant(&app, admin, "voisine@example.org", Role::Organiser, theirs.id).await;
    let secret = stored_subscription(&app, &mine, &receiver.url(), &[EventType::RegistrationConfirmed]).await;
    receiver.trust(&[&secret]);
    participant(&app, &mine, "hugo@example.org").await;
    let sub = rencontres::store::webhook::list(&app.db, Some(mine.id)).await.unwrap()[0].id.to_string();
    let delivery = deliveries(&app, &mine).await[0].id.to_string();
    let b = signed_in(&app, "voisine@example.org").await;
    let theirs_path = format!("/organisation/evenements/{}/webhooks", theirs.id);
    let csrf = b.csrf(&theirs_path).await;

    let page = b.get(&format!("/organisation/evenements/{}/webhooks", mine.id)).await;
    let site = b.get("/organisation/webhooks").await;
    let own = b.get(&theirs_path).await;
    let replay = b.post(&format!("{theirs_path}/rejouer"), &[("csrf", &csrf), ("livraison", &delivery)]).await;
    let rotate = b.post(&format!("{theirs_path}/secret"), &[("csrf", &csrf), ("abonnement", &sub)]).await;
    let delete = b
        .post(&format!("{theirs_path}/supprimer"), &[("csrf", &csrf), ("abonnement", &sub), ("confirme", "oui")])
        .await;

    assert_eq!((page.status, site.status), (403, 403));
    assert_eq!(own.status, 200);
    assert!(!own.body.contains(&receiver.url()), "another event's URL never shows");
    assert_eq!((replay.status, rotate.status, delete.status), (404, 404, 404));
    assert_eq!(rencontres::store::webhook::list(&app.db, Some(mine.id)).await.unwrap().len(), 1);
    assert_eq!(rencontres::store::webhook::list(&app.db, Some(mine.id)).await.unwrap()[0].secret, secret);
}

#[tokio::test]
async fn deleting_a_subscription_asks_first_then_removes_it_and_its_log() {
    let app = spawn(true).await;
    let event = garagethon(&app, "Garagethon nettoyé", 20).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    stored_subscription(&app, &event, "https://93.184.215.14/hook", &[EventType::RegistrationConfirmed]).await;
    participant(&app, &event, "ines@example.org").await;
    let path = format!("/organisation/evenements/{}/webhooks", event.id);
    let sub = rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap()[0].id.to_string();
    let csrf = b.csrf(&path).await;

    let asked = b.post(&format!("{path}/supprimer"), &[("csrf", &csrf), ("abonnement", &sub)]).await;
    let still = rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap().len();
    let done =
        b.post(&format!("{path}/supprimer"), &[("csrf", &csrf), ("abonnement", &sub), ("confirme", "oui")]).await;

    assert_eq!(asked.status, 200);
    assert_eq!(unescape(between(&asked.body, "<h1>", "</h1>")), "Supprimer cet abonnement ?");
    assert_eq!(still, 1);
    assert_eq!(done.header("location"), format!("{path}?fait=webhook-supprime"));
    assert!(rencontres::store::webhook::list(&app.db, Some(event.id)).await.unwrap().is_empty());
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn site_wide_subscriptions_follow_every_event_and_the_gazette_choice_is_theirs_only() {
    let app = spawn(true).await;
    let receiver = Receiver::start(0, None);
    let first = garagethon(&app, "Garagethon un", 20).await;
    let second = garagethon(&app, "Garagethon deux", 30).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/webhooks").await;
    let created = b
        .post(
            "/organisation/webhooks",
            &[
                ("csrf", &csrf),
                ("url", &receiver.url()),
                ("types", "registration.confirmed"),
                ("types", "gazette.sent"),
            ],
        )
        .await;
    receiver.trust(&[&shown_secret(&created)]);
    let event_page = b.get(&format!("/organisation/evenements/{}/webhooks", first.id)).await;

    participant(&app, &first, "jean@example.org").await;
    participant(&app, &second, "kim@example.org").await;
    let pass = deliver(&app).await;

    assert_eq!(created.status, 200, "{}", created.body);
    assert!(b.get("/organisation/webhooks").await.body.contains("value=\"gazette.sent\""));
    assert!(!event_page.body.contains("value=\"gazette.sent\""), "the gazette is not an event's");
    assert_eq!(pass, Pass { succeeded: 2, failed_attempts: 0 });
    let slugs: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
            body["data"]["event"]["slug"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(slugs, ["garagethon-un", "garagethon-deux"]);
}

#[tokio::test]
async fn deleting_an_event_deletes_its_subscriptions_and_their_log() {
    let app = spawn(true).await;
    let event = app.add_event(event_draft("Journée éphémère", 20)).await;
    let site = rencontres::domain::account::AdminRight::command_line();
    let now = jiff::Timestamp::now();
    stored_subscription(&app, &event, "https://93.184.215.14/hook", &[EventType::ProgrammeReleased]).await;
    let types = [EventType::GazetteSent];
    rencontres::store::webhook::create(&app.db, Owner::Site(&site), "https://93.184.215.14/site", &types, now)
        .await
        .unwrap();

    rencontres::store::event::delete(&app.db, &EditRight::command_line(event.id), now).await.unwrap();

    let left: Vec<Option<i64>> =
        sqlx::query_scalar("SELECT event_id FROM webhook_subscriptions").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(left, [None], "only the site-wide subscription stays");
}

#[tokio::test]
async fn a_programme_release_and_a_sent_gazette_are_queued_for_their_subscriptions() {
    use rencontres::domain::message::{Composed, Draft};
    use rencontres::store::gazette_issue;
    let app = spawn(true).await;
    let event = app.add_event(event_draft("Journée programmée", 20)).await;
    let right = EditRight::command_line(event.id);
    let site = rencontres::domain::account::AdminRight::command_line();
    let now = jiff::Timestamp::now();
    let types = [EventType::ProgrammeReleased, EventType::GazetteSent];
    let event_sub =
        rencontres::store::webhook::create(&app.db, Owner::Event(&right), "https://93.184.215.14/e", &types, now)
            .await
            .unwrap();
    let site_sub =
        rencontres::store::webhook::create(&app.db, Owner::Site(&site), "https://93.184.215.14/s", &types, now)
            .await
            .unwrap();

    rencontres::store::programme::release(&app.db, &right, "v1", true, None, now).await.unwrap();
    let draft =
        rencontres::domain::gazette::IssueDraft {
            number: 7, title: "Gazette n° 7".into(), body_md: "Bonjour.".into()
        };
    let issue = gazette_issue::create(&app.db, None, &draft, now).await.unwrap();
    gazette_issue::schedule(&app.db, None, issue, now, now).await.unwrap();
    gazette_issue::start_due(&app.db, now).await.unwrap();
    let composed = Composed { subject: "Gazette".into(), text: "Bonjour.".into(), html: "<p>Bonjour.</p>".into() };
    let mail = gazette_issue::IssueMail { draft: Draft::ready(composed), english: None, unsubscribe: String::new() };
    gazette_issue::queue_batch(&app.db, issue, &mail, 100, now).await.unwrap();

    let kinds = |log: Vec<Delivery>| log.into_iter().rev().map(|d| d.event_type).collect::<Vec<_>>();
    let of_event =
        rencontres::store::webhook::deliveries(&app.db, Owner::Event(&right), event_sub.id, 10).await.unwrap();
    let of_site = rencontres::store::webhook::deliveries(&app.db, Owner::Site(&site), site_sub.id, 10).await.unwrap();
    let release: serde_json::Value = serde_json::from_str(&of_event[0].payload).unwrap();
    assert_eq!(kinds(of_event), ["programme.released"], "the gazette is the site's, not an event's");
    assert_eq!(kinds(of_site), ["programme.released", "gazette.sent"]);
    assert_eq!(release["data"]["release"], serde_json::json!({ "number": 1, "name": "v1" }));
}

#[tokio::test]
async fn a_board_objective_done_is_queued_once() {
    let app = spawn(true).await;
    let event = garagethon(&app, "Garagethon accompli", 10).await;
    let right = EditRight::command_line(event.id);
    let types = [EventType::BoardObjectiveDone];
    let now = jiff::Timestamp::now();
    let sub = rencontres::store::webhook::create(&app.db, Owner::Event(&right), "https://93.184.215.14/b", &types, now)
        .await
        .unwrap();
    let alice = participant(&app, &event, "alice@example.org").await;
    app.post_form(&format!("/inscription/{alice}/tableau/projets"), &[("url", "https://github.com/etalab/outil")])
        .await;
    let entry = rencontres::store::board::load(&app.db, event.id).await.unwrap().projects[0].entry_id.to_string();
    app.post_form(
        &format!("/inscription/{alice}/tableau/objectifs"),
        &[("project", &entry), ("title", "Écrire les tests"), ("estimate", "3")],
    )
    .await;
    let id = rencontres::store::board::load(&app.db, event.id).await.unwrap().objectives[0].id;
    let path = format!("/inscription/{alice}/tableau/objectifs/{id}");

    let started = app.post_form(&path, &[("status", "in_progress"), ("link", "")]).await;
    let done = app.post_form(&path, &[("status", "done"), ("link", "https://github.com/etalab/outil/pull/7")]).await;
    let link_only =
        app.post_form(&path, &[("status", "done"), ("link", "https://github.com/etalab/outil/pull/8")]).await;

    assert_eq!((started.status, done.status, link_only.status), (303, 303, 303));
    let log = rencontres::store::webhook::deliveries(&app.db, Owner::Event(&right), sub.id, 10).await.unwrap();
    assert_eq!(log.len(), 1, "a new link alone is no new happening");
    let payload: serde_json::Value = serde_json::from_str(&log[0].payload).unwrap();
    assert_eq!(payload["type"], "board.objective_done");
    assert_eq!(payload["data"]["objective"], serde_json::json!({ "id": id, "title": "Écrire les tests" }));
}
