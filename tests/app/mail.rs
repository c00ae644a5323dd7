//! G3: the mail queue against a real SMTP server: retries when it is down, nothing sent
//! twice, nothing lost when rencontres is killed during delivery.

use crate::helpers::*;
use jiff::Timestamp;
use rencontres::store::message::{self, NewMessage};
use std::process::{Command, Stdio};

fn note(key: &str, to: &str) -> NewMessage {
    NewMessage {
        idempotency_key: key.into(),
        event_id: None,
        kind: "test".into(),
        to: to.into(),
        subject: format!("Message {key}"),
        body_text: "Bonjour,\n\nCeci est un essai.\n".into(),
        body_html: None,
        list_unsubscribe: Some("https://rencontres.example.org/gazette/desinscription/x".into()),
        not_before: None,
        held: false,
        calendar: None,
    }
}

async fn enqueue(app: &TestApp, m: &NewMessage) -> bool {
    let mut tx = app.db.begin_write().await.unwrap();
    let queued = message::enqueue(&mut tx, m, Timestamp::now()).await.unwrap();
    tx.commit().await.unwrap();
    queued
}

#[tokio::test]
async fn same_idempotency_key_is_queued_once_and_sent_once() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;

    let first = enqueue(&app, &note("cause:1", "alice@example.org")).await;
    let second = enqueue(&app, &note("cause:1", "alice@example.org")).await;
    let pass = app.deliver_queued_mail().await;
    let again = app.deliver_queued_mail().await;

    assert!(first);
    assert!(!second);
    assert_eq!(pass.sent, 1);
    assert_eq!(again.sent, 0);
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["subject"], "Message cause:1");
    assert_eq!(mails[0]["message_id"], "<cause.1@example.org>");
    assert_eq!(mails[0]["list_unsubscribe"], "<https://rencontres.example.org/gazette/desinscription/x>");
}

#[tokio::test]
async fn messages_wait_while_smtp_is_down_and_arrive_after_it_restarts() {
    let mut sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    sink.stop();
    enqueue(&app, &note("down:1", "alice@example.org")).await;

    let while_down = app.deliver_queued_mail().await;
    let status = message::list(&app.db, None, 10).await.unwrap()[0].status;
    let sink = sink.restart();
    let too_early = app.deliver_queued_mail().await;
    let after_backoff = app.deliver_queued_mail_after(3600).await;

    assert_eq!(while_down, rencontres::mail::worker::Pass { sent: 0, failed_attempts: 1 });
    assert_eq!(status.as_str(), "retrying");
    assert_eq!(too_early.sent, 0, "back-off is respected");
    assert_eq!(after_backoff.sent, 1);
    assert_eq!(sink.subjects_to("alice@example.org"), ["Message down:1"]);
    let history: Vec<String> = message::history(&app.db, message::list(&app.db, None, 1).await.unwrap()[0].id)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, to, ..)| to)
        .collect();
    assert_eq!(history, ["queued", "sending", "retrying", "sending", "sent"]);
}

#[tokio::test]
async fn temporary_smtp_refusal_is_retried_and_delivered_once() {
    let sink = SmtpSink::start(0, 1);
    let app = spawn_app_with(smtp_to(&sink)).await;
    enqueue(&app, &note("451:1", "bob@example.org")).await;

    let first = app.deliver_queued_mail().await;
    let second = app.deliver_queued_mail_after(60).await;

    assert_eq!(first.failed_attempts, 1);
    assert_eq!(second.sent, 1);
    assert_eq!(sink.subjects_to("bob@example.org"), ["Message 451:1"]);
    let m = &message::list(&app.db, None, 1).await.unwrap()[0];
    assert_eq!(m.attempts, 1);
    assert_eq!(m.last_error, None);
}

/// Issue 13: SMTP refusals name the recipient, and their words were kept and logged as they
/// came; the queue's last error and the log hold no address.
#[tokio::test]
async fn smtp_refusal_naming_the_recipient_is_kept_without_the_address() {
    let sink = SmtpSink::start(0, 1);
    let app = spawn_app_with(smtp_to(&sink)).await;
    enqueue(&app, &note("451:2", "bob@example.org")).await;

    let first = app.deliver_queued_mail().await;

    assert_eq!(first.failed_attempts, 1);
    let m = &message::list(&app.db, None, 1).await.unwrap()[0];
    let error = m.last_error.as_deref().unwrap();
    assert!(error.contains("<address>: temporary failure on purpose"), "{error}");
    assert!(!error.contains("bob@example.org"), "{error}");
}

#[tokio::test]
async fn message_fails_after_the_last_attempt_and_can_be_retried() {
    let mut sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    sink.stop();
    enqueue(&app, &note("dead:1", "carol@example.org")).await;

    for hour in 0..10 {
        app.deliver_queued_mail_after(hour * 3 * 3600).await;
    }
    let failed = message::list(&app.db, Some(rencontres::domain::message::MessageStatus::Failed), 10).await.unwrap();
    message::retry(&app.db, failed[0].id, "test", Timestamp::now()).await.unwrap();
    let sink = sink.restart();
    let pass = app.deliver_queued_mail().await;

    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 8);
    assert!(failed[0].last_error.as_deref().unwrap().starts_with("SMTP: "), "{:?}", failed[0].last_error);
    assert_eq!(pass.sent, 1);
    assert_eq!(sink.subjects_to("carol@example.org"), ["Message dead:1"]);
}

/// Counts the queue by status through the command line, as an operator would.
pub(crate) fn queue_counts(db_url: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["mail", "list", "--limit", "0", "--database-url", db_url])
        .env("RENCONTRES_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn serve(db_url: &str, sink: &SmtpSink, dir: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", db_url])
        .current_dir(dir)
        .env("RENCONTRES_LOG", "warn")
        .env("RENCONTRES_MAIL__SMTP_HOST", "127.0.0.1")
        .env("RENCONTRES_MAIL__SMTP_PORT", sink.port.to_string())
        .env("RENCONTRES_MAIL__SMTP_TLS", "none")
        .env("RENCONTRES_MAIL__FROM", "Rencontres <rencontres@example.org>")
        .env("RENCONTRES_MAIL__LEASE_SECONDS", "1")
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn kill_9_during_delivery_loses_nothing_and_sends_nothing_twice() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app().await;
    // Delivery runs at hundreds a second: enough messages that the kill lands mid-delivery.
    const N: usize = 3_000;
    let mut tx = app.db.begin_write().await.unwrap();
    for i in 0..N {
        message::enqueue(&mut tx, &note(&format!("bulk:{i}"), &format!("p{i}@example.org")), Timestamp::now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let mut first = serve(&app.database_url, &sink, app.dir.path());
    let started = std::time::Instant::now();
    while sink.mails().len() < 20 && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    first.kill().unwrap(); // SIGKILL: no chance to clean up
    first.wait().unwrap();
    let at_kill = sink.mails().len();
    std::thread::sleep(std::time::Duration::from_millis(1100)); // the lease of the interrupted message runs out
    let mut second = serve(&app.database_url, &sink, app.dir.path());
    let started = std::time::Instant::now();
    loop {
        let counts = queue_counts(&app.database_url);
        if !counts.contains("queued") && !counts.contains("sending") && !counts.contains("retrying") {
            break;
        }
        assert!(started.elapsed().as_secs() < 60, "delivery did not finish: {counts}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    second.kill().unwrap();
    second.wait().unwrap();

    let mails = sink.mails();
    let received: Vec<String> = mails.iter().map(|m| m["message_id"].as_str().unwrap().to_owned()).collect();
    let times =
        |key: &str| received.iter().filter(|id| **id == format!("<{}@example.org>", key.replace(':', "."))).count();
    let all = message::list(&app.db, None, N as i64).await.unwrap();
    let held: Vec<_> = all.iter().filter(|m| m.status.as_str() == "held").collect();
    assert!((20..N).contains(&at_kill), "killed mid-delivery ({at_kill} of {N})");
    assert_eq!(all.len(), N);
    let workers = rencontres::config::Config::default().mail.workers as usize;
    assert!(held.len() <= workers, "at most the message in flight of each worker is held: {held:?}");
    for m in &all {
        match m.status.as_str() {
            "sent" => assert_eq!(times(&m.idempotency_key), 1, "{} arrived exactly once", m.idempotency_key),
            // Cut off between the server's acceptance and our record: it may have arrived,
            // once at most, and waits for a person instead of being sent again.
            "held" => {
                assert!(times(&m.idempotency_key) <= 1);
                assert_eq!(
                    m.last_error.as_deref(),
                    Some("delivery interrupted: the SMTP server may have received it; check before retrying")
                );
            }
            other => panic!("{} left {other}", m.idempotency_key),
        }
    }
}

/// Issue 19: `mail list` printed nothing at all on an empty queue.
#[tokio::test]
async fn mail_list_says_when_the_queue_is_empty() {
    let app = spawn_app().await;

    let out = app.run_cli(&["mail", "list"]);

    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "the mail queue is empty\n");
}

/// The status of the message queued under `key`.
async fn status_of(app: &TestApp, key: &str) -> rencontres::domain::message::MessageStatus {
    let all = message::list(&app.db, None, 100).await.unwrap();
    all.into_iter().find(|m| m.idempotency_key == key).map(|m| m.status).unwrap()
}

/// O2: a server stopping on SIGTERM records the message it sent and gives back the one it had
/// claimed but not yet sent (waiting for the sending quota), instead of leaving it `sending`
/// to be held as an interrupted delivery that someone must check by hand.
#[tokio::test]
async fn a_stopping_server_gives_back_the_message_it_claimed_and_another_sends_it() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(|c| {
        smtp_to(&sink)(c);
        c.mail.max_per_minute = 1;
    })
    .await;
    enqueue(&app, &note("stop:1", "alice@example.org")).await;
    enqueue(&app, &note("stop:2", "bob@example.org")).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (signal, signalled) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(rencontres::web::serve_until(app.app.clone(), listener, async {
        let _ = signalled.await;
    }));
    let started = std::time::Instant::now();
    while sink.mails().is_empty() && started.elapsed() < std::time::Duration::from_secs(10) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The worker claims the second message, then waits a minute for the quota.
    while status_of(&app, "stop:2").await != rencontres::domain::message::MessageStatus::Sending
        && started.elapsed() < std::time::Duration::from_secs(10)
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let claimed = status_of(&app, "stop:2").await;

    signal.send(()).unwrap();
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;

    assert_eq!(claimed, rencontres::domain::message::MessageStatus::Sending);
    assert!(stopped.is_ok(), "the server stops without waiting for the quota");
    assert_eq!(status_of(&app, "stop:1").await, rencontres::domain::message::MessageStatus::Sent);
    assert_eq!(
        status_of(&app, "stop:2").await,
        rencontres::domain::message::MessageStatus::Queued,
        "given back, not held"
    );
    assert_eq!(sink.mails().len(), 1);
    let next = app.deliver_queued_mail().await;
    assert_eq!(next.sent, 1, "another worker sends it");
    assert_eq!(sink.subjects_to("bob@example.org"), ["Message stop:2"]);
}
