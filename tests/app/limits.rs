//! G1, issue 13: whom the rate limits count. Clients of a dual-stack listener and clients
//! behind a trusted reverse proxy each get their own bucket; a forwarding header from a peer
//! that is not a trusted proxy changes nothing.

use crate::helpers::{between, client_from, spawn_app_on};
use rencontres::config::IpNet;
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
