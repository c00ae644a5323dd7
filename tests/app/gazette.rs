//! F1: the gazette against a real SMTP server on loopback: double opt-in, one-click leaving
//! without a cookie (RFC 8058), a 5xx answer counted as a hard bounce, a send resumed after a
//! crash that gives each subscriber exactly one copy, the archive and its feed.

use crate::helpers::*;
use jiff::Timestamp;
use rencontres::domain::email::Email;
use rencontres::domain::gazette::{IssueDraft, SubscriberStatus};
use rencontres::store::{gazette, gazette_issue};
use serde_json::json;
use std::collections::HashMap;

/// The first link to `path_start` (`/gazette/confirmer/`) in the text of the last mail to `to`.
fn link_in_last_mail(sink: &SmtpSink, to: &str, path_start: &str) -> String {
    let mails = sink.mails();
    let mail = mails
        .iter()
        .rev()
        .find(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to))
        .unwrap_or_else(|| panic!("no mail to {to}"));
    let text = mail["text"].as_str().unwrap();
    let start = text.find(path_start).unwrap_or_else(|| panic!("no {path_start} in {text}"));
    text[start..].split(|c: char| c.is_whitespace() || c == ')' || c == '>').next().unwrap().to_owned()
}

async fn status_of(app: &TestApp, email: &str) -> Option<String> {
    sqlx::query_scalar("SELECT status FROM gazette_subscribers WHERE email = $1")
        .bind(email)
        .fetch_optional(app.db.pool())
        .await
        .unwrap()
}

/// Writes issue `number` and schedules it for now; returns its id.
async fn issue_sent_now(app: &TestApp, number: i64, body: &str) -> i64 {
    let draft = IssueDraft::parse(&number.to_string(), &format!("Gazette d’essai n°{number}"), body).unwrap();
    let admin = admin_id(app).await;
    let id = gazette_issue::create(&app.db, Some(admin), &draft, Timestamp::now()).await.unwrap();
    gazette_issue::schedule(&app.db, Some(admin), id, Timestamp::now(), Timestamp::now()).await.unwrap();
    id
}

async fn admin_id(app: &TestApp) -> i64 {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users ORDER BY id LIMIT 1").fetch_optional(app.db.pool()).await.unwrap();
    match existing {
        Some(id) => id,
        None => crate::organiser::add_user(app, "redaction@example.org", true).await,
    }
}

/// Runs the sending job once, with batches of `batch`.
async fn queue_due(app: &TestApp, batch: i64) -> usize {
    rencontres::mail::gazette::queue_due(
        &app.db,
        &app.app.composer,
        app.app.config.base_url(),
        batch,
        Timestamp::now(),
        || {},
    )
    .await
    .unwrap()
}

async fn seed(app: &TestApp, emails: &[String]) {
    gazette::seed_confirmed(&app.db, emails, Timestamp::now()).await.unwrap();
}

#[tokio::test]
async fn subscription_is_confirmed_in_one_click_and_the_answer_never_tells_who_is_subscribed() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;

    // No CSRF value and no cookie: the footer form of a cached page.
    let first = app.post_form_raw("/gazette", &[("email", "Alice@Example.org"), ("consent", "oui")]).await;
    app.deliver_queued_mail().await;
    let confirm = link_in_last_mail(&sink, "alice@example.org", "https://rencontres.example.org/gazette/confirmer/");
    let pending = status_of(&app, "alice@example.org").await;
    let page = app.get(confirm.strip_prefix("https://rencontres.example.org").unwrap()).await;
    let twice = app.get(confirm.strip_prefix("https://rencontres.example.org").unwrap()).await;
    let confirmed = status_of(&app, "alice@example.org").await;
    let again = app.post_form_raw("/gazette", &[("email", "alice@example.org"), ("consent", "oui")]).await;
    let stranger = app.post_form_raw("/gazette", &[("email", "bob@example.org"), ("consent", "oui")]).await;
    app.deliver_queued_mail().await;

    assert_eq!((first.status, first.header("location")), (303, "/gazette/inscription"));
    assert_eq!(pending.as_deref(), Some("pending"));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Inscription confirmée"), "{}", page.body);
    assert_eq!(confirmed.as_deref(), Some("confirmed"));
    // Subscribing again: the same answer as for a new address, and no downgrade.
    assert_eq!((again.status, again.header("location")), (303, "/gazette/inscription"));
    assert_eq!((stranger.status, stranger.header("location")), (303, "/gazette/inscription"));
    assert_eq!(status_of(&app, "alice@example.org").await.as_deref(), Some("confirmed"));
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        [
            "Confirmez votre inscription à la gazette de Rencontres BlueHats",
            "Bienvenue parmi les lecteurs de la gazette de Rencontres BlueHats",
            "Vous recevez déjà la gazette de Rencontres BlueHats"
        ],
        "one welcome message, though the link was opened twice"
    );
    assert_eq!(twice.status, 200);
    let welcome = sink.mails().into_iter().find(|m| m["subject"].as_str().unwrap().starts_with("Bienvenue")).unwrap();
    let text = welcome["text"].as_str().unwrap();
    assert!(text.contains("https://rencontres.example.org/gazette/abonnement/"), "{text}");
    assert!(text.contains("https://rencontres.example.org/gazette"), "{text}");
    let mails = sink.mails();
    let html = mails[0]["html"].as_str().unwrap();
    assert!(html.contains(&format!("href=\"{confirm}\"")), "the HTML part links: {html}");
    assert!(!mails[0]["text"].as_str().unwrap().contains("**"), "no raw Markdown in the text part");
}

#[tokio::test]
async fn subscription_form_refuses_a_bad_address_and_a_missing_consent_in_french() {
    let app = spawn_app().await;

    let bad = app.post_form_raw("/gazette", &[("email", "pas-une-adresse"), ("consent", "oui")]).await;
    let no_consent = app.post_form_raw("/gazette", &[("email", "alice@example.org")]).await;

    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("n’est pas valide"), "{}", bad.body);
    assert_eq!(no_consent.status, 422);
    assert!(no_consent.body.contains("Cochez la case"), "{}", no_consent.body);
    assert_eq!(status_of(&app, "alice@example.org").await, None);
}

#[tokio::test]
async fn an_issue_carries_one_click_headers_and_a_cookieless_post_unsubscribes_for_good() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    seed(&app, &["alice@example.org".into(), "bob@example.org".into()]).await;
    issue_sent_now(
        &app,
        7,
        "## 🧢 Les nouvelles\n\nBonjour **à toutes et à tous**.\n\n[Mes choix]({{ preferences_link }})",
    )
    .await;

    let queued = queue_due(&app, 500).await;
    app.deliver_queued_mail().await;
    let mails = sink.mails();
    let alice = mails.iter().find(|m| m["rcpt_tos"][0] == "alice@example.org").unwrap().clone();
    let header = alice["list_unsubscribe"].as_str().unwrap().to_owned();
    let url = header.trim_start_matches('<').trim_end_matches('>').to_owned();
    let path = url.strip_prefix("https://rencontres.example.org").unwrap().to_owned();
    // A mail client's one-click POST: no cookie, no CSRF value (RFC 8058).
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let twice = reqwest::Client::new().post(format!("{}{path}", app.base)).send().await.unwrap().status().as_u16();
    let reimport = gazette::import(
        &app.db,
        &[gazette::Imported {
            email: Email::parse("alice@example.org").unwrap(),
            consent_at: None,
            source: "ancienne liste".into(),
        }],
        Timestamp::now(),
    )
    .await
    .unwrap();

    assert_eq!(queued, 2);
    assert_eq!(mails.len(), 2);
    assert_eq!(alice["subject"], "Gazette d’essai n°7");
    assert!(path.starts_with("/gazette/desabonnement/"), "{header}");
    assert_eq!(alice["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    let text = alice["text"].as_str().unwrap();
    assert!(text.contains("Les nouvelles") && !text.contains("**"), "{text}");
    assert!(text.contains("https://rencontres.example.org/gazette/abonnement/"), "{text}");
    assert!(alice["html"].as_str().unwrap().contains(&format!("href=\"{url}\"")));
    assert_eq!(status, 200);
    assert_eq!(twice, 200, "leaving twice is not an error");
    assert_eq!(status_of(&app, "alice@example.org").await, None, "the address is deleted");
    assert!(gazette::is_suppressed(&app.db, &Email::parse("alice@example.org").unwrap()).await.unwrap());
    assert_eq!(reimport.suppressed, ["alice@example.org"]);
    assert_eq!(reimport.added, 0);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE to_addr = 'alice@example.org'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, 0, "no message keeps the address");
}

#[tokio::test]
async fn a_5xx_answer_is_a_hard_bounce_that_suspends_the_address() {
    let sink = SmtpSink::refusing(&["ghost@example.org"]);
    let app = spawn_app_with(smtp_to(&sink)).await;
    seed(&app, &["alice@example.org".into(), "ghost@example.org".into(), "zoe@example.org".into()]).await;
    let id = issue_sent_now(&app, 3, "Bonjour.").await;

    queue_due(&app, 500).await;
    app.deliver_queued_mail().await;
    let progress = gazette_issue::progress(&app.db, id).await.unwrap();
    let suspended = gazette::list(&app.db, Some(SubscriberStatus::Suspended)).await.unwrap();

    assert_eq!((progress.sent, progress.bounced, progress.queued, progress.failed), (2, 1, 0, 0));
    assert_eq!(suspended.iter().map(|s| s.email.as_str()).collect::<Vec<_>>(), ["ghost@example.org"]);
    assert_eq!(sink.mails().len(), 2, "the refusal did not stop the others");
    let error: String = sqlx::query_scalar("SELECT last_error FROM messages WHERE subscriber_id = $1")
        .bind(suspended[0].id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(error.starts_with("hard bounce") && !error.contains("ghost@"), "{error}");
}

#[tokio::test]
async fn a_send_resumed_after_a_crash_gives_each_subscriber_exactly_one_copy() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let emails: Vec<String> = (0..250).map(|i| format!("abonne{i:03}@example.org")).collect();
    seed(&app, &emails).await;
    let id = issue_sent_now(&app, 12, "Bonjour.").await;
    gazette_issue::start_due(&app.db, Timestamp::now()).await.unwrap();
    let issue = gazette_issue::get(&app.db, id).await.unwrap();
    let mail = rencontres::mail::gazette::issue(&app.app.composer, app.app.config.base_url(), &issue).unwrap();

    // The server dies after its first batch was committed, some of it already delivered.
    let first = gazette_issue::queue_batch(&app.db, id, &mail, 100, Timestamp::now()).await.unwrap();
    app.deliver_queued_mail().await;
    // Restarted, the job goes on where the last batch stopped; a replayed batch adds nothing.
    sqlx::query("UPDATE gazette_issues SET queued_through = 50 WHERE id = $1")
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let rest = queue_due(&app, 100).await;
    app.deliver_queued_mail().await;
    let after = queue_due(&app, 100).await;
    let mails = sink.mails();

    assert_eq!(first, 100);
    assert_eq!(rest, 200, "50 replayed (already queued, skipped by their key) and 150 new");
    assert_eq!(after, 0);
    let mut copies: HashMap<String, usize> = HashMap::new();
    for m in &mails {
        *copies.entry(m["rcpt_tos"][0].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(copies.len(), 250);
    assert!(copies.values().all(|n| *n == 1), "{copies:?}");
    assert_eq!(gazette_issue::get(&app.db, id).await.unwrap().status.as_str(), "sent");
}

#[tokio::test]
async fn someone_who_leaves_during_a_send_gets_nothing_more_and_a_pause_holds_the_rest() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    seed(&app, &["alice@example.org".into(), "bob@example.org".into(), "carol@example.org".into()]).await;
    let admin = admin_id(&app).await;
    let id = issue_sent_now(&app, 4, "Bonjour.").await;

    queue_due(&app, 500).await;
    let bob: i64 = sqlx::query_scalar("SELECT id FROM gazette_subscribers WHERE email = 'bob@example.org'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let link = gazette::current_link(&app.db, bob).await.unwrap();
    assert!(gazette::leave(&app.db, &link, Timestamp::now()).await.unwrap());
    gazette_issue::pause(&app.db, Some(admin), id, Timestamp::now()).await.unwrap();
    let paused = app.deliver_queued_mail().await;
    gazette_issue::resume(&app.db, Some(admin), id, Timestamp::now()).await.unwrap();
    queue_due(&app, 500).await;
    let resumed = app.deliver_queued_mail().await;

    assert_eq!(paused.sent, 0);
    assert_eq!(resumed.sent, 2);
    assert!(sink.subjects_to("bob@example.org").is_empty());
    assert_eq!(sink.subjects_to("alice@example.org").len(), 1);
    let progress = gazette_issue::progress(&app.db, id).await.unwrap();
    assert_eq!((progress.sent, progress.failed), (2, 1));
}

#[tokio::test]
async fn sent_issues_make_the_archive_its_pages_its_feed_and_the_home_page() {
    let app = spawn_app().await;
    let draft =
        IssueDraft::parse("31", "Gazette BlueHats 🧢 n°31", "## 🎉 Ancien\n\nTexte<br/>importé <script>x()</script>")
            .unwrap();
    let old = "2024-03-01T10:00:00Z".parse::<Timestamp>().unwrap();
    gazette_issue::import_archived(&app.db, &draft, old, Timestamp::now()).await.unwrap();
    issue_sent_now(&app, 32, "Les nouvelles du **jour**. {{ unsubscribe_link }}").await;
    queue_due(&app, 500).await;
    app.app.refresh_content_version().await.unwrap();

    let index = app.get("/gazette").await;
    let page = app.get("/gazette/31").await;
    let draft_page = app.get("/gazette/99").await;
    let feed = app.get("/gazette/flux.atom").await;
    let home = app.get("/").await;
    let parsed = python_check("check_atom.py", &feed.body);

    assert_eq!(index.status, 200);
    let newest = index.body.find("Gazette d’essai n°32").unwrap();
    let older = index.body.find("Gazette BlueHats 🧢 n°31").unwrap();
    assert!(newest < older, "newest first");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("🎉 Ancien</h2>"), "{}", page.body);
    assert!(!page.body.contains("<script>x()"), "raw HTML made safe");
    assert_eq!(draft_page.status, 404);
    let titles: Vec<&str> =
        parsed["entries"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Gazette d’essai n°32", "Gazette BlueHats 🧢 n°31"]);
    assert_eq!(parsed["entries"][1]["link"], json!("https://rencontres.example.org/gazette/31"));
    assert!(home.body.contains("href=\"/gazette/32\""), "the home page shows the latest issue");
}

/// Issue 14: `kill -9` of the server while it sends an issue to 2,000 subscribers, then a
/// restart: nobody receives two copies, and everybody receives one, except at most the one
/// message in flight, held for a person to check (G3).
#[tokio::test]
async fn kill_9_during_a_send_of_2000_then_restart_gives_each_subscriber_one_copy() {
    const N: usize = 2000;
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app().await;
    let emails: Vec<String> = (0..N).map(|i| format!("lectrice{i:04}@example.org")).collect();
    seed(&app, &emails).await;
    issue_sent_now(&app, 20, "Bonjour à toutes et à tous.").await;

    let mut first = crate::mail::serve(&app.database_url, &sink, app.dir.path());
    let started = std::time::Instant::now();
    while sink.mails().len() < 100 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();
    let at_kill = sink.mails().len();
    std::thread::sleep(std::time::Duration::from_millis(1100)); // the interrupted lease runs out
    let mut second = crate::mail::serve(&app.database_url, &sink, app.dir.path());
    let started = std::time::Instant::now();
    loop {
        let counts = crate::mail::queue_counts(&app.database_url);
        let status: String = sqlx::query_scalar("SELECT status FROM gazette_issues WHERE number = 20")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        if status == "sent" && !counts.contains("queued") && !counts.contains("sending") && !counts.contains("retrying")
        {
            break;
        }
        assert!(started.elapsed().as_secs() < 240, "the send did not finish: {status} {counts}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    second.kill().unwrap();
    second.wait().unwrap();

    let mut copies: HashMap<String, usize> = HashMap::new();
    for m in sink.mails() {
        *copies.entry(m["rcpt_tos"][0].as_str().unwrap().to_owned()).or_default() += 1;
    }
    let held: Vec<String> = sqlx::query_scalar("SELECT to_addr FROM messages WHERE status = 'held'")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert!((100..N).contains(&at_kill), "killed mid-send ({at_kill} of {N})");
    assert!(copies.values().all(|n| *n == 1), "nobody gets two copies");
    let workers = rencontres::config::Config::default().mail.workers as usize;
    assert!(held.len() <= workers, "at most the message in flight of each worker is held: {held:?}");
    for email in &emails {
        assert!(copies.contains_key(email) || held.contains(email), "{email} got nothing");
    }
}

/// `rencontres gazette import DIR`: past issues numbered from their titles, dated, made safe
/// when shown; files without a number are skipped with an English message; a second run
/// changes nothing.
#[tokio::test]
async fn past_issues_import_numbers_them_skips_the_unnumbered_and_is_idempotent() {
    let app = spawn_app().await;
    let dir = app.dir.path().join("gazettes");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("gazette-32.md"),
        "---\ntitle: \"Gazette BlueHats 🧢 n°32\"\ndate: 2024-06-03\n---\n\n## 🎉 Les nouvelles<br/>\n\nVoir \
         [le numéro précédent](https://bluehats.example/gazette-31/).\n\n<img src=x onerror=alert(1)>\n",
    )
    .unwrap();
    std::fs::write(dir.join("2023-11-20-gazette.md"), "---\ntitle: Gazette BlueHats N° 28\n---\nTexte.\n").unwrap();
    std::fs::write(dir.join("ete.md"), "---\ntitle: La gazette de l'été\ndate: 2022-07-01\n---\nTexte.\n").unwrap();

    let first = app.run_cli(&["gazette", "import", dir.to_str().unwrap()]);
    let second = app.run_cli(&["gazette", "import", dir.to_str().unwrap()]);
    app.app.refresh_content_version().await.unwrap();
    let page = app.get("/gazette/32").await;
    let older = app.get("/gazette/28").await;

    let out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(out.contains("skipped ete.md: no issue number in the title"), "{out}");
    assert!(out.ends_with("2 issues read, 2 added, 0 updated, 0 unchanged, 1 files skipped\n"), "{out}");
    assert!(String::from_utf8_lossy(&second.stdout).contains("0 added, 0 updated, 2 unchanged"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("🎉 Les nouvelles"), "{}", page.body);
    assert!(page.body.contains("href=\"https://bluehats.example/gazette-31/\""));
    assert!(!page.body.contains("onerror"), "raw HTML made safe");
    assert!(page.body.contains("datetime=\"2024-06-03\""), "dated from its front matter");
    assert!(older.body.contains("datetime=\"2023-11-20\""), "dated from its file name");
}

/// B4 F2 (issue 14, #10): the reminder before the event goes once to each person holding a
/// place, with the practical details, the `.ics` attached and the link to cancel.
#[tokio::test]
async fn reminder_before_the_event_goes_once_with_its_calendar_and_cancel_link() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(smtp_to(&sink)).await;
    let soon = app.add_event(event_draft("Atelier de demain", 1)).await;
    let later = app.add_event(event_draft("Atelier lointain", 20)).await;
    app.open_registrations(&soon, 10).await;
    app.open_registrations(&later, 10).await;
    let token = crate::board::participant(&app, &soon, "alice@example.org").await;
    crate::board::participant(&app, &later, "bob@example.org").await;
    app.deliver_queued_mail().await;
    let (composer, base) = (&app.app.composer, app.app.config.base_url());

    let first = rencontres::mail::registration::remind_due(&app.db, composer, base, 2, Timestamp::now()).await.unwrap();
    let again = rencontres::mail::registration::remind_due(&app.db, composer, base, 2, Timestamp::now()).await.unwrap();
    app.deliver_queued_mail().await;

    assert_eq!((first, again), (1, 0));
    let mails = sink.mails();
    let reminder = mails.iter().find(|m| m["subject"].as_str().unwrap().starts_with("Rappel")).unwrap();
    assert_eq!(reminder["rcpt_tos"][0], "alice@example.org");
    assert_eq!(reminder["subject"], "Rappel : « Atelier de demain » approche");
    let text = reminder["text"].as_str().unwrap();
    assert!(text.contains("77 avenue de Ségur") && text.contains("https://osm.org/go/"), "{text}");
    assert!(text.contains(&format!("/inscription/{token}")), "{text}");
    assert!(text.contains("contact@example.org"), "{text}");
    assert_eq!(reminder["attachments"][0]["filename"], "evenement.ics");
    assert!(sink.subjects_to("bob@example.org").iter().all(|s| !s.starts_with("Rappel")));
}

/// F1: a deployment may turn the welcome message off (`mail.gazette_welcome = false`).
#[tokio::test]
async fn without_the_welcome_setting_a_confirmed_subscriber_gets_no_welcome() {
    let sink = SmtpSink::start(0, 0);
    let app = spawn_app_with(|c| {
        smtp_to(&sink)(c);
        c.mail.gazette_welcome = false;
    })
    .await;

    app.post_form_raw("/gazette", &[("email", "alice@example.org"), ("consent", "oui")]).await;
    app.deliver_queued_mail().await;
    let confirm = link_in_last_mail(&sink, "alice@example.org", "https://rencontres.example.org/gazette/confirmer/");
    app.get(confirm.strip_prefix("https://rencontres.example.org").unwrap()).await;
    app.deliver_queued_mail().await;

    assert_eq!(status_of(&app, "alice@example.org").await.as_deref(), Some("confirmed"));
    assert_eq!(
        sink.subjects_to("alice@example.org"),
        ["Confirmez votre inscription à la gazette de Rencontres BlueHats"]
    );
}

/// F1 (issue 14): administrators import subscribers from a CSV file in the browser, with the
/// refused lines and why (a bad address, a bad date, an address that left), and download the
/// list as CSV; an organiser who is not an administrator can do neither.
#[tokio::test]
async fn subscribers_csv_is_imported_and_exported_over_http_by_administrators() {
    let app = crate::organiser::spawn().await;
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    crate::organiser::add_user(&app, "orga@example.org", false).await;
    let b = crate::organiser::signed_in(&app, "admin@example.org").await;
    // Zoé left the gazette: only a hash of her address stays on the suppression list.
    seed(&app, &["zoe@example.org".to_owned()]).await;
    let zoe: i64 = sqlx::query_scalar("SELECT id FROM gazette_subscribers WHERE email = 'zoe@example.org'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let link = gazette::current_link(&app.db, zoe).await.unwrap();
    gazette::leave(&app.db, &link, Timestamp::now()).await.unwrap();
    let csv = "email;consent;source\nAlice@Example.org;2024-03-01;listmonk\npas-une-adresse;2024-01-01;x\nbob@example.org;hier;x\nzoe@example.org;2024-01-01;x\n";
    let dashboard = b.get("/organisation/gazette").await;
    let csrf = between(&dashboard.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let upload = |csrf: String, bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name("abonnes.csv").mime_str("text/csv").unwrap())
    };

    let imported = b.post_multipart("/organisation/gazette/abonnes/import", upload(csrf.clone(), csv.into())).await;
    let again = b.post_multipart("/organisation/gazette/abonnes/import", upload(csrf.clone(), csv.into())).await;
    let latin1 =
        b.post_multipart("/organisation/gazette/abonnes/import", upload(csrf.clone(), vec![0xe9, b'\n'])).await;
    let (status, headers, body) = b.get_bytes("/organisation/gazette/abonnes.csv").await;
    let orga = crate::organiser::signed_in(&app, "orga@example.org").await;
    let forbidden = orga.get("/organisation/gazette/abonnes.csv").await;

    assert!(dashboard.body.contains("href=\"/organisation/gazette/abonnes.csv\""), "{}", dashboard.body);
    assert!(dashboard.body.contains("action=\"/organisation/gazette/abonnes/import\""));
    assert_eq!(imported.status, 200, "{}", imported.body);
    assert_eq!(between(&imported.body, "<strong id=\"ajoutes\">", "</strong>"), "1");
    let refused = unescape(between(&imported.body, "<ul id=\"refusees\">", "</ul>"));
    assert!(refused.contains("Ligne 3 : « pas-une-adresse » n’est pas une adresse électronique"), "{refused}");
    assert!(refused.contains("Ligne 4 : la date du consentement « hier » n’est pas une date"), "{refused}");
    assert!(refused.contains("Ligne 5 : zoe@example.org s’est désinscrite"), "{refused}");
    assert_eq!(between(&again.body, "<strong id=\"ajoutes\">", "</strong>"), "0");
    assert!(again.body.contains("1 déjà abonnée"), "{}", again.body);
    assert_eq!(latin1.status, 422);
    assert!(latin1.body.contains("n’est pas en UTF-8"), "{}", latin1.body);
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"].to_str().unwrap().contains("abonnes-gazette.csv"));
    let text = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0].trim_start_matches('\u{feff}'), "email,status,consent_date,source");
    assert_eq!(lines[1..], ["alice@example.org,confirmed,2024-02-29T23:00:00Z,listmonk"]);
    assert_eq!(forbidden.status, 403);
}

/// F1 (issue 14): an event published for the first time is announced once to each subscriber
/// of the announcements list (queued in batches, with the one-click leaving headers), never to
/// the others, and publishing it again announces nothing.
#[tokio::test]
async fn a_new_event_is_announced_once_to_the_announcements_list_only() {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_with(|c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let b = crate::organiser::signed_in(&app, "admin@example.org").await;
    let readers: Vec<String> = ["ana", "ben", "cy"].iter().map(|n| format!("{n}@example.org")).collect();
    seed(&app, &readers).await;
    sqlx::query(
        "UPDATE gazette_subscribers SET announcements = 1 WHERE email IN ('ana@example.org', 'ben@example.org')",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    let mut draft = event_draft("Forum des communs", 30);
    draft.status = rencontres::domain::event::EventStatus::Draft;
    let event = app.add_event(draft).await;
    let publish = format!("/organisation/evenements/{}/publier", event.id);

    let before = queue_due(&app, 1).await;
    let published = b.action(&publish).await;
    let queued = queue_due(&app, 1).await;
    b.action(&format!("/organisation/evenements/{}/depublier", event.id)).await;
    b.action(&publish).await;
    let again = queue_due(&app, 1).await;
    app.deliver_queued_mail().await;

    assert_eq!(published.status, 303);
    assert_eq!((before, queued, again), (0, 2, 0));
    let subject = "Nouvel événement : Forum des communs";
    for reader in ["ana@example.org", "ben@example.org"] {
        let mails: Vec<_> =
            sink.mails().into_iter().filter(|m| m["rcpt_tos"][0] == reader && m["subject"] == subject).collect();
        assert_eq!(mails.len(), 1, "{reader}");
        let text = mails[0]["text"].as_str().unwrap();
        assert!(text.contains(&format!("http://127.0.0.1/evenements/{}", event.draft.slug)), "{text}");
        assert!(text.contains("http://127.0.0.1/gazette/abonnement/"), "{text}");
        assert!(mails[0]["list_unsubscribe"].as_str().unwrap().contains("/gazette/desabonnement/"));
        assert_eq!(mails[0]["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    }
    assert_eq!(sink.subjects_to("cy@example.org"), Vec::<String>::new());
    let tied: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE kind = 'gazette_announcement' AND subscriber_id IS NOT NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(tied, 2, "leaving the gazette reaches these messages too");
}
