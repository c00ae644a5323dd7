//! G1, issue 13: whom the rate limits count. Clients of a dual-stack listener and clients
//! behind a trusted reverse proxy each get their own bucket; a forwarding header from a peer
//! that is not a trusted proxy changes nothing.

use crate::helpers::{SmtpSink, between, client_from, smtp_to, spawn_app_on};
use crate::organiser::{PASSWORD, add_user};
use rencontres::config::IpNet;
use rencontres::store;
use std::sync::atomic::{AtomicU32, Ordering};

/// Shows the login form, then sends a wrong password for a new address each time (only the
/// client's limit counts) from `client`, with an `X-Forwarded-For` header when given;
/// returns the status.
async fn wrong_login(client: &reqwest::Client, base: &str, forwarded_for: Option<&str>) -> u16 {
    static SENT: AtomicU32 = AtomicU32::new(0);
    let email = format!("personne{}@example.org", SENT.fetch_add(1, Ordering::Relaxed));
    let form = client.get(format!("{base}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").to_owned();
    let mut req = client.post(format!("{base}/connexion")).form(&[
        ("csrf", csrf.as_str()),
        ("email", email.as_str()),
        ("password", "pas le bon mot de passe"),
    ]);
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    req.send().await.unwrap().status().as_u16()
}

/// Issue 13: every IPv4 client of a `[::]` listener arrived as `::ffff:a.b.c.d` and shared
/// the key of the /64 `0:0:0:0::/64`.
#[tokio::test]
async fn rate_limit_on_a_dual_stack_listener_keys_ipv4_clients_apart() {
    let app = spawn_app_on("[::]:0", |c| c.login_attempts_per_minute = 1).await;
    let first = client_from("127.0.0.2");
    let second = client_from("127.0.0.3");

    let first_statuses = [wrong_login(&first, &app.base, None).await, wrong_login(&first, &app.base, None).await];
    let second_status = wrong_login(&second, &app.base, None).await;

    assert_eq!(first_statuses, [422, 429]);
    assert_eq!(second_status, 422);
}

#[tokio::test]
async fn rate_limit_behind_a_trusted_proxy_keys_each_forwarded_client_apart() {
    let app = spawn_app_on("127.0.0.1:0", |c| {
        c.login_attempts_per_minute = 1;
        c.trusted_proxies = vec![IpNet::parse("127.0.0.1").unwrap()];
    })
    .await;
    let proxy = client_from("127.0.0.1");

    let alice = [
        wrong_login(&proxy, &app.base, Some("198.51.100.1")).await,
        wrong_login(&proxy, &app.base, Some("198.51.100.1")).await,
    ];
    let bob = wrong_login(&proxy, &app.base, Some("203.0.113.5, 198.51.100.2")).await;

    assert_eq!(alice, [422, 429]);
    assert_eq!(bob, 422);
}

#[tokio::test]
async fn rate_limit_ignores_a_forwarded_header_from_an_untrusted_peer() {
    let app = spawn_app_on("127.0.0.1:0", |c| {
        c.login_attempts_per_minute = 1;
        c.trusted_proxies = vec![IpNet::parse("10.0.0.0/8").unwrap()];
    })
    .await;
    let client = client_from("127.0.0.1");

    let forged = [
        wrong_login(&client, &app.base, Some("198.51.100.1")).await,
        wrong_login(&client, &app.base, Some("198.51.100.2")).await,
    ];

    assert_eq!(forged, [422, 429]);
}

/// Shows the login form to `client` and sends `email` and `password`; returns the status and
/// the redirect target.
async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str) -> (u16, String) {
    let form = client.get(format!("{base}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").to_owned();
    let res = client
        .post(format!("{base}/connexion"))
        .form(&[("csrf", csrf.as_str()), ("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    let location = res.headers().get("location").map_or("", |v| v.to_str().unwrap()).to_owned();
    (res.status().as_u16(), location)
}

/// Issue 13: one client drained the per-account login bucket and locked the owner out.
#[tokio::test]
async fn login_wrong_passwords_from_one_address_do_not_stop_the_owner_at_another() {
    let app = spawn_app_on("127.0.0.1:0", |c| c.base_url = "http://127.0.0.1".into()).await;
    add_user(&app, "alice@example.org", false).await;
    let attacker = client_from("127.0.0.2");

    let mut attempts = Vec::new();
    for _ in 0..12 {
        attempts.push(login(&attacker, &app.base, "alice@example.org", "pas le bon mot de passe").await.0);
    }
    let owner = login(&client_from("127.0.0.3"), &app.base, "alice@example.org", PASSWORD).await;

    assert_eq!(attempts, [422, 422, 422, 429, 429, 429, 429, 429, 429, 429, 429, 429]);
    assert_eq!(owner, (303, "/organisation".to_owned()));
}

/// Issue 13: after ten failures on an account its owner gets a link that lifts the back-off,
/// even at an address shared with the attacker; the link works once.
#[tokio::test]
async fn login_failures_on_an_account_mail_its_owner_an_unlock_link_that_works_once() {
    let sink = SmtpSink::start(0, 0);
    let to_sink = smtp_to(&sink);
    let app = spawn_app_on("127.0.0.1:0", move |c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    add_user(&app, "alice@example.org", false).await;
    for source in ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"] {
        let attacker = client_from(source);
        for _ in 0..3 {
            login(&attacker, &app.base, "alice@example.org", "pas le bon mot de passe").await;
        }
    }
    // The owner shares the last attacker's address, whose back-off has just begun.
    let owner = client_from("127.0.0.5");
    let locked = login(&owner, &app.base, "alice@example.org", PASSWORD).await;

    let pass = app.deliver_queued_mail().await;

    assert_eq!(locked.0, 429);
    assert_eq!(pass.sent, 1);
    assert_eq!(sink.subjects_to("alice@example.org"), ["Tentatives de connexion à votre compte"]);
    let text = sink.mails()[0]["text"].as_str().unwrap().to_owned();
    let start = text.find("http://127.0.0.1/connexion/deblocage/").unwrap_or_else(|| panic!("no link in {text}"));
    let path = text[start..].split_whitespace().next().unwrap().trim_start_matches("http://127.0.0.1").to_owned();
    let form = owner.get(format!("{}{path}", app.base)).send().await.unwrap().text().await.unwrap();
    assert_eq!(between(&form, "<h1>", "</h1>"), "Débloquer la connexion");
    let csrf = between(&form, "name=\"csrf\" value=\"", "\"").to_owned();
    let unlock = |csrf: String| {
        let owner = owner.clone();
        let url = format!("{}{path}", app.base);
        async move { owner.post(url).form(&[("csrf", csrf)]).send().await.unwrap() }
    };
    let done = unlock(csrf.clone()).await;
    assert_eq!(
        (done.status().as_u16(), done.headers()["location"].to_str().unwrap()),
        (303, "/connexion?etat=connexion-debloquee")
    );
    assert_eq!(login(&owner, &app.base, "alice@example.org", PASSWORD).await, (303, "/organisation".to_owned()));
    let again = unlock(csrf).await;
    assert_eq!(again.status().as_u16(), 404);
    let again_body = again.text().await.unwrap();
    assert_eq!(between(&again_body, "<h1>", "</h1>"), "Lien invalide ou expiré");
    // One mail per period: the next request for this account issues nothing.
    let mail = rencontres::mail::account::login_unlock(&app.app.composer, app.app.config.base_url()).unwrap();
    let next =
        store::account::request_unlock(&app.db, &mail, "alice@example.org", jiff::Timestamp::now()).await.unwrap();
    assert_eq!(next, None);
    assert_eq!(app.audit_actions_since(0).await, ["user_created", "login_unlock_mailed", "login_unlocked", "login"]);
}

/// O1 #4: the shared limit (`store::limit`, used on PostgreSQL): a burst, then one try per
/// interval, with the wait until the next one; keys are counted apart. Run on both databases.
#[tokio::test]
async fn shared_limit_allows_a_burst_then_one_try_per_interval() {
    let app = crate::helpers::spawn_app().await;
    let t = 1_000_000_000_000;
    let mut outcomes = Vec::new();
    for now in [t, t, t, t, t + 999, t + 1_000, t + 1_000] {
        outcomes.push(store::limit::take(&app.db, "public:192.0.2.1", now, 1_000, 3).await.unwrap());
    }
    let other = store::limit::take(&app.db, "public:192.0.2.2", t, 1_000, 3).await.unwrap();
    let pruned_early = store::limit::prune(&app.db, t).await.unwrap();
    let pruned_late = store::limit::prune(&app.db, t + 10_000).await.unwrap();

    assert_eq!(outcomes, [None, None, None, Some(1_000), Some(1), None, Some(1_000)]);
    assert_eq!(other, None);
    assert_eq!((pruned_early, pruned_late), (0, 2));
}

/// O1 #4: behind two instances on PostgreSQL, one client's public form posts are counted
/// together: with 3 a minute, the fourth post is refused whichever instance gets it.
#[tokio::test]
async fn shared_limit_counts_one_client_across_two_instances() {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() != Ok("postgres") {
        eprintln!("skipped: limits are shared by instances on PostgreSQL only (the PostgreSQL run covers this)");
        return;
    }
    let a = spawn_app_on("127.0.0.1:0", |c| c.public_forms_per_minute = 3).await;
    let shared = a.database_url.clone();
    let b = spawn_app_on("127.0.0.1:0", move |c| {
        c.public_forms_per_minute = 3;
        c.database_url = shared;
    })
    .await;
    let client = client_from("127.0.0.4");
    let mut statuses = Vec::new();
    for base in [&a.base, &b.base, &a.base, &b.base] {
        let res =
            client.post(format!("{base}/inscription/lien")).form(&[("email", "x@example.org")]).send().await.unwrap();
        statuses.push((res.status().as_u16(), res.headers().contains_key("retry-after")));
    }
    let other = client_from("127.0.0.5")
        .post(format!("{}/inscription/lien", b.base))
        .form(&[("email", "y@example.org")])
        .send()
        .await
        .unwrap();

    assert!(statuses[..3].iter().all(|(s, _)| *s != 429), "{statuses:?}");
    assert_eq!(statuses[3], (429, true), "{statuses:?}");
    assert_ne!(other.status().as_u16(), 429, "another client has its own budget");
}
