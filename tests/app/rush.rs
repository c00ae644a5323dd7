//! B2: a crowd registers at once. 2,000 simultaneous registrations for 50 places end with
//! exactly 50 confirmed and 1,950 waitlisted in the order their confirmations arrived,
//! with no error, on SQLite and on PostgreSQL (run the suite with RENCONTRES_TEST_BACKEND).

use crate::helpers::*;
use std::sync::Arc;

/// The private links in the `.eml` files the folder transport wrote, one per recipient.
pub fn links_in_outbox(dir: &std::path::Path) -> Vec<String> {
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let raw = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // Quoted-printable soft line breaks may cut the link; hex digits are never escaped.
        let text = raw.replace("=\r\n", "");
        let at = text.find("/inscription/").expect("a private link in every message");
        let token = &text[at + "/inscription/".len()..][..64];
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        links.push(format!("/inscription/{token}"));
    }
    links
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_simultaneous_registrations_for_fifty_places_never_oversell() {
    let app = Arc::new(spawn_app().await);
    let event = app.add_event(event_draft("Garagethon très demandé", 30)).await;
    app.open_registrations(&event, 50).await;
    const N: usize = 2000;

    let mut set = tokio::task::JoinSet::new();
    for i in 0..N {
        let app = app.clone();
        let event = event.clone();
        set.spawn(async move { app.register(&event, &format!("p{i:04}@example.org")).await.status });
    }
    let registered: Vec<u16> = set.join_all().await;
    app.deliver_queued_mail().await;
    let links = links_in_outbox(&app.dir.path().join("mail-outbox"));
    let mut set = tokio::task::JoinSet::new();
    for link in links.clone() {
        let app = app.clone();
        set.spawn(async move { app.post_form(&format!("{link}/confirmer"), &[]).await.status });
    }
    let confirmed: Vec<u16> = set.join_all().await;

    assert!(registered.iter().all(|s| *s == 303), "every registration answered 303");
    assert_eq!(links.len(), N);
    assert!(confirmed.iter().all(|s| *s == 303), "every confirmation answered 303");
    let regs = rencontres::store::registration::list(&app.db, event.id).await.unwrap();
    let count = |state: &str| regs.iter().filter(|r| r.state.as_str() == state).count();
    assert_eq!(count("confirmed"), 50);
    assert_eq!(count("waitlisted"), 1950);
    assert_eq!(
        rencontres::store::registration::counters(&app.db, event.id).await.unwrap(),
        (50, 1950),
        "counters match the rows"
    );
    // Waitlist order is the order in which the confirmations were committed.
    let mut decided: Vec<(i64, &str, Option<i64>)> = Vec::new();
    for r in &regs {
        let history = rencontres::store::registration::history(&app.db, r.id).await.unwrap();
        let (transition_id, ..) = history.iter().find(|h| h.1.as_deref() == Some("pending_email")).unwrap();
        decided.push((*transition_id, r.state.as_str(), r.waitlist_seq));
    }
    decided.sort();
    let states: Vec<&str> = decided.iter().map(|d| d.1).collect();
    assert!(states[..50].iter().all(|s| *s == "confirmed"), "the first 50 decisions confirmed");
    let seqs: Vec<i64> = decided[50..].iter().map(|d| d.2.unwrap()).collect();
    assert_eq!(seqs, (1..=1950).collect::<Vec<i64>>(), "then the waitlist, in arrival order");
    // Each registration's group queued its mails together: one of each, none lost.
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(DISTINCT to_addr) FROM messages GROUP BY kind ORDER BY kind")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let kinds: Vec<(&str, i64)> = kinds.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert!(kinds.contains(&("registration_confirmed", 50)), "{kinds:?}");
    assert!(kinds.contains(&("registration_waitlisted", 1950)), "{kinds:?}");
    let mails: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE kind IN ('registration_confirmed', 'registration_waitlisted')",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(mails, 2000, "one decision mail per registration");
}
