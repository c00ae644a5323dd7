//! O2 O3: `/healthz`, `/readyz`, `/metrics` as a load balancer and Prometheus see them, and
//! `rencontres backup` / `restore` run as an operator runs them, while the server serves.

use crate::helpers::{client_from, event_draft, spawn_app, spawn_app_with};
use rencontres::config::IpNet;
use rencontres::web;
use std::collections::BTreeMap;
use std::process::{Command, Output};

async fn fetch(client: &reqwest::Client, url: &str) -> (u16, Option<String>, String) {
    let res = client.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    let cookie = res.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_owned());
    (status, cookie, res.text().await.unwrap())
}

#[tokio::test]
async fn healthz_and_readyz_answer_ok_without_cookies() {
    let app = spawn_app().await;

    let health = fetch(&app.client, &format!("{}/healthz", app.base)).await;
    let ready = fetch(&app.client, &format!("{}/readyz", app.base)).await;

    assert_eq!(health, (200, None, "ok\n".to_owned()));
    assert_eq!(ready, (200, None, "ready\n".to_owned()));
}

#[tokio::test]
async fn readyz_when_a_migration_is_missing_answers_503_with_the_reason() {
    let app = spawn_app().await;
    let latest: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(app.db.pool()).await.unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1").bind(latest).execute(app.db.pool()).await.unwrap();

    let ready = fetch(&app.client, &format!("{}/readyz", app.base)).await;

    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(app.db.pool()).await.unwrap();
    // The applied one before it: migration numbers need not follow each other.
    let previous: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(
        ready,
        (
            503,
            None,
            format!("migrations not applied: {count} of {} (latest {previous}, expected {latest})\n", count + 1)
        )
    );
}

#[tokio::test]
async fn readyz_when_the_database_is_closed_answers_503_and_healthz_200() {
    let app = spawn_app().await;
    app.db.close().await;

    let ready = fetch(&app.client, &format!("{}/readyz", app.base)).await;
    let health = fetch(&app.client, &format!("{}/healthz", app.base)).await;

    assert_eq!(ready, (503, None, "database unreachable\n".to_owned()));
    assert_eq!(health.0, 200);
}

#[tokio::test]
async fn readyz_while_draining_after_the_signal_answers_503() {
    let app = spawn_app_with(|c| c.shutdown_drain_seconds = 30).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (signal, signalled) = tokio::sync::oneshot::channel::<()>();
    let server = app.app.clone();
    tokio::spawn(async move {
        web::serve_until(server, listener, async {
            let _ = signalled.await;
        })
        .await
        .unwrap();
    });
    let before = fetch(&app.client, &format!("{base}/readyz")).await;

    signal.send(()).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let during = fetch(&app.client, &format!("{base}/readyz")).await;
    let health = fetch(&app.client, &format!("{base}/healthz")).await;
    assert_eq!(before, (200, None, "ready\n".to_owned()));
    assert_eq!(during, (503, None, "draining: shutting down\n".to_owned()));
    assert_eq!(health, (200, None, "ok\n".to_owned()));
}

/// The samples of a scrape by name and labels, after checking each line's syntax and that
/// every family was declared by `# TYPE` before its first sample.
fn parse_exposition(text: &str) -> BTreeMap<String, f64> {
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            assert!(types.insert(name.to_owned(), kind.to_owned()).is_none(), "family declared twice: {line}");
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line:?}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("bad value: {line:?}"));
        let name = series.split('{').next().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{line}");
        let labels = &series[name.len()..];
        assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "{line}");
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| types.get(*f).map(String::as_str) == Some("histogram")))
            .unwrap_or(name);
        assert!(types.contains_key(family), "sample before its # TYPE: {line}");
        assert!(samples.insert(series.to_owned(), value).is_none(), "sample twice: {line}");
    }
    samples
}

#[tokio::test]
async fn metrics_after_requests_count_them_by_route_template_and_status_class() {
    let app = spawn_app().await;
    let event = app.add_event(event_draft("Journée métriques", 10)).await;
    app.open_registrations(&event, 10).await;
    app.register(&event, "alice@example.org").await;
    let event_path = format!("/evenements/{}", event.draft.slug);
    app.get(&event_path).await;
    app.get(&event_path).await;
    app.get("/nulle-part").await;

    let scrape = app.get("/metrics").await;

    assert_eq!(scrape.status, 200);
    assert_eq!(scrape.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    assert_eq!(scrape.header("set-cookie"), "");
    assert!(!scrape.body.contains(event.draft.slug.as_str()), "a raw path leaked:\n{}", scrape.body);
    let samples = parse_exposition(&scrape.body);
    let get =
        |series: &str| samples.get(series).copied().unwrap_or_else(|| panic!("{series} missing:\n{}", scrape.body));
    let event_route = "method=\"GET\",route=\"/evenements/{slug}\"";
    assert_eq!(get(&format!("rencontres_http_requests_total{{{event_route},status=\"2xx\"}}")), 2.0);
    assert_eq!(get("rencontres_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"4xx\"}"), 1.0);
    assert_eq!(get("rencontres_http_requests_total{method=\"GET\",route=\"/connexion\",status=\"2xx\"}"), 1.0);
    assert_eq!(
        get("rencontres_http_requests_total{method=\"POST\",route=\"/evenements/{slug}/inscription\",status=\"3xx\"}"),
        1.0
    );
    assert_eq!(get(&format!("rencontres_http_request_duration_seconds_count{{{event_route}}}")), 2.0);
    assert_eq!(get(&format!("rencontres_http_request_duration_seconds_bucket{{{event_route},le=\"+Inf\"}}")), 2.0);
    assert_eq!(get(&format!("rencontres_http_request_duration_seconds_bucket{{{event_route},le=\"10\"}}")), 2.0);
    let registrations: Vec<(String, f64)> = samples
        .iter()
        .filter(|(k, _)| k.starts_with("rencontres_registrations{"))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(registrations.len(), 10);
    assert_eq!(get("rencontres_registrations{state=\"pending_email\"}"), 1.0);
    assert_eq!(get("rencontres_registrations{state=\"confirmed\"}"), 0.0);
    assert_eq!(get("rencontres_mail_messages{status=\"queued\"}"), 1.0);
    assert_eq!(get("rencontres_mail_messages{status=\"failed\"}"), 0.0);
    assert_eq!(get("rencontres_board_viewers"), 0.0);
    assert!(get("rencontres_db_pool_connections") >= get("rencontres_db_pool_idle_connections"));
}

#[tokio::test]
async fn metrics_to_a_peer_not_allowed_answers_403_and_to_a_listed_one_200() {
    let closed = spawn_app().await;
    let open = spawn_app_on_allowing("127.0.0.2/32").await;
    let other = client_from("127.0.0.2");

    let refused = fetch(&other, &format!("{}/metrics", closed.base)).await;
    let allowed = fetch(&other, &format!("{}/metrics", open.base)).await;
    let forwarded = closed
        .client
        .get(format!("{}/metrics", closed.base))
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();

    assert_eq!(refused, (403, None, "forbidden: /metrics answers loopback and metrics.allow\n".to_owned()));
    assert_eq!(allowed.0, 200);
    assert_eq!(forwarded, 403);
}

async fn spawn_app_on_allowing(net: &str) -> crate::helpers::TestApp {
    let net = IpNet::parse(net).unwrap();
    spawn_app_with(move |c| c.metrics.allow = vec![net]).await
}

/// Runs the real binary on the SQLite database `db`.
fn rencontres(dir: &std::path::Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(args)
        .args(["--database-url", db])
        .current_dir(dir)
        .env("RENCONTRES_LOG", "warn")
        .output()
        .unwrap()
}

async fn emails_in(file: &std::path::Path) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", file.display());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let mut emails: Vec<String> =
        sqlx::query_scalar("SELECT email FROM registrations").fetch_all(&mut conn).await.unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    emails.sort();
    emails
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_during_a_registration_rush_holds_every_acknowledged_registration_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("live.db").display());
    let url = db_url.clone();
    let app = spawn_app_with(move |c| c.database_url = url).await;
    let event = app.add_event(event_draft("Journée sauvegarde", 10)).await;
    app.open_registrations(&event, 1000).await;
    let app = std::sync::Arc::new(app);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (app, stop, acknowledged, event) = (app.clone(), stop.clone(), acknowledged.clone(), event.clone());
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let email = format!("p{w}-{i}@example.org");
                assert_eq!(app.register(&event, &email).await.status, 303);
                acknowledged.lock().unwrap().push(email);
                i += 1;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let backup = dir.path().join("copie.db");

    let before_backup = acknowledged.lock().unwrap().clone();
    let (d, u, b) = (dir.path().to_owned(), db_url.clone(), backup.display().to_string());
    let out = tokio::task::spawn_blocking(move || rencontres(&d, &u, &["backup", &b])).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }

    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("backup of {} written to {}\n", dir.path().join("live.db").display(), backup.display())
    );
    let in_backup = emails_in(&backup).await;
    assert!(before_backup.len() > 10, "only {} registrations before the backup", before_backup.len());
    let missing: Vec<&String> = before_backup.iter().filter(|e| in_backup.binary_search(e).is_err()).collect();
    assert_eq!(missing, Vec::<&String>::new());
    let after_rush = acknowledged.lock().unwrap().len();
    assert!(after_rush > in_backup.len(), "the rush went on during the backup: {after_rush}");

    // Restore: refused while the server holds the database, done once it is closed.
    let (d, u, b) = (dir.path().to_owned(), db_url.clone(), backup.display().to_string());
    let refused = tokio::task::spawn_blocking(move || rencontres(&d, &u, &["restore", &b])).await.unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "error: the database {} is in use: stop the server (and any other rencontres command) first, then restore\n",
            dir.path().join("live.db").display()
        )
    );
    assert_eq!(emails_in(&dir.path().join("live.db")).await.len(), after_rush);

    app.db.close().await;
    let (d, u, b) = (dir.path().to_owned(), db_url.clone(), backup.display().to_string());
    let restored = tokio::task::spawn_blocking(move || rencontres(&d, &u, &["restore", &b])).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&restored.stderr), "");
    assert_eq!(restored.status.code(), Some(0));
    assert_eq!(emails_in(&dir.path().join("live.db")).await, in_backup);
}

#[test]
fn backup_refuses_an_existing_file_and_restore_a_file_that_is_not_ours() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    assert!(rencontres(dir.path(), &db, &["user", "list"]).status.success());
    std::fs::write(dir.path().join("texte.db"), "pas une base SQLite, mais assez longue").unwrap();
    let made = Command::new("python3")
        .args(["-c", "import sqlite3; sqlite3.connect('autre.db').execute('CREATE TABLE t (x)')"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(made.success());

    let exists = rencontres(dir.path(), &db, &["backup", "texte.db"]);
    let not_sqlite = rencontres(dir.path(), &db, &["restore", "texte.db"]);
    let not_ours = rencontres(dir.path(), &db, &["restore", "autre.db"]);

    assert_eq!(exists.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&exists.stderr),
        "error: texte.db already exists: choose a new file name, a backup never overwrites\n"
    );
    assert_eq!(not_sqlite.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&not_sqlite.stderr), "error: texte.db is not a SQLite database\n");
    assert_eq!(not_ours.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&not_ours.stderr),
        "error: autre.db is not a rencontres database: it has no applied migrations\n"
    );
}

#[test]
fn backup_on_postgres_prints_the_pg_dump_command_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();

    let out = rencontres(dir.path(), "postgres://app:s3cret@db.example/rencontres", &["backup", "sauvegarde.dump"]);

    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: rencontres backup copies SQLite databases only. On PostgreSQL, run while the server runs:\n  \
         pg_dump --format=custom --no-owner --file=sauvegarde.dump 'postgres://app:***@db.example/rencontres'\n\
         (the password is hidden: give it with PGPASSWORD or ~/.pgpass; restore with: pg_restore --clean \
         --if-exists --no-owner --dbname='postgres://app:***@db.example/rencontres' sauvegarde.dump)\n"
    );
}
