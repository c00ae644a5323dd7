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

    let (count, left): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), MAX(version) FROM _sqlx_migrations").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(
        ready,
        (503, None, format!("migrations not applied: {count} of {} (latest {left}, expected {latest})\n", count + 1))
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

/// Four writers registering new addresses until stopped; `acknowledged` holds every address
/// answered 303, in order.
struct Rush {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    acknowledged: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    writers: Vec<tokio::task::JoinHandle<()>>,
}

impl Rush {
    fn start(app: &std::sync::Arc<crate::helpers::TestApp>, event: &rencontres::domain::event::Event) -> Rush {
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
        Rush { stop, acknowledged, writers }
    }

    /// Stops the writers and waits for their last registrations.
    async fn stop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for w in self.writers.drain(..) {
            w.await.unwrap();
        }
    }
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
    let mut rush = Rush::start(&app, &event);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let backup = dir.path().join("copie.db");

    let before_backup = rush.acknowledged.lock().unwrap().clone();
    let (d, u, b) = (dir.path().to_owned(), db_url.clone(), backup.display().to_string());
    let out = tokio::task::spawn_blocking(move || rencontres(&d, &u, &["backup", &b])).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    rush.stop().await;

    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("backup of {} written to {}\n", dir.path().join("live.db").display(), backup.display())
    );
    let in_backup = emails_in(&backup).await;
    assert!(before_backup.len() > 10, "only {} registrations before the backup", before_backup.len());
    let missing: Vec<&String> = before_backup.iter().filter(|e| in_backup.binary_search(e).is_err()).collect();
    assert_eq!(missing, Vec::<&String>::new());
    let after_rush = rush.acknowledged.lock().unwrap().len();
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

/// The words of a command line as `rencontres backup` prints it: spaces apart, a word in
/// single quotes kept whole (the URLs), the quotes removed.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.trim().chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A database of its own on the test server (the schemas of the other tests stay out of the
/// dump), dropped by `drop_database`.
async fn create_database(base: &str, name: &str) -> String {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(base).await.expect("postgres answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
    let (head, tail) = base.split_once('?').map_or((base, None), |(h, t)| (h, Some(t)));
    let root = &head[..head.rfind('/').expect("a database URL has a path")];
    match tail {
        Some(t) => format!("{root}/{name}?{t}"),
        None => format!("{root}/{name}"),
    }
}

async fn drop_database(base: &str, name: &str) {
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(base).await.expect("postgres answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// O3 #7 on PostgreSQL: the `pg_dump` command that `rencontres backup` prints, run as printed
/// while a registration rush goes on, holds every registration acknowledged before it
/// started; the printed `pg_restore`, pointed at an empty database, gives a copy the server
/// opens (every migration recorded) with the same registrations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_dump_as_printed_during_a_rush_holds_every_acknowledged_registration_and_restores() {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() != Ok("postgres") {
        eprintln!("skipped: the PostgreSQL run checks pg_dump (the SQLite run checks `rencontres backup`)");
        return;
    }
    let base = std::env::var("RENCONTRES_TEST_DATABASE_URL").expect("the PostgreSQL run has its URL");
    let stamp = format!("{}_{}", std::process::id(), jiff::Timestamp::now().as_millisecond());
    let (live_name, copy_name) = (format!("t_dump_{stamp}"), format!("t_restored_{stamp}"));
    let live_url = create_database(&base, &live_name).await;
    let copy_url = create_database(&base, &copy_name).await;
    let url = live_url.clone();
    let app = spawn_app_with(move |c| c.database_url = url).await;
    let event = app.add_event(event_draft("Journée sauvegarde", 10)).await;
    app.open_registrations(&event, 1000).await;
    let app = std::sync::Arc::new(app);
    let mut rush = Rush::start(&app, &event);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let dir = tempfile::tempdir().unwrap();
    let (d, u) = (dir.path().to_owned(), live_url.clone());
    let printed =
        tokio::task::spawn_blocking(move || rencontres(&d, &u, &["backup", "sauvegarde.dump"])).await.unwrap();
    let printed = String::from_utf8_lossy(&printed.stderr).into_owned();
    let dump = shell_words(printed.lines().nth(1).expect("the pg_dump line"));
    let restore_line = printed.split("restore with: ").nth(1).expect("the pg_restore command").trim_end();
    let restore = shell_words(restore_line.strip_suffix(')').unwrap_or(restore_line));

    let before_dump = rush.acknowledged.lock().unwrap().clone();
    let d = dir.path().to_owned();
    let dumped = tokio::task::spawn_blocking(move || Command::new(&dump[0]).args(&dump[1..]).current_dir(d).output())
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    rush.stop().await;
    let after_rush = rush.acknowledged.lock().unwrap().len();
    // The printed pg_restore, to the empty database instead of the live one.
    let restore: Vec<String> = restore
        .into_iter()
        .map(|w| if w.starts_with("--dbname=") { format!("--dbname={copy_url}") } else { w })
        .collect();
    let d = dir.path().to_owned();
    let restored =
        tokio::task::spawn_blocking(move || Command::new(&restore[0]).args(&restore[1..]).current_dir(d).output())
            .await
            .unwrap()
            .unwrap();
    let copy = rencontres::store::Db::connect(&rencontres::store::DatabaseUrl::parse(&copy_url).unwrap()).await;
    let in_copy: Vec<String> = match &copy {
        Ok(db) => {
            let mut emails: Vec<String> = rencontres::store::registration::list(db, event.id)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.email)
                .collect();
            emails.sort();
            emails
        }
        Err(_) => Vec::new(),
    };
    if let Ok(db) = copy {
        db.close().await;
    }
    app.db.close().await;
    drop_database(&base, &live_name).await;
    drop_database(&base, &copy_name).await;

    assert!(printed.lines().nth(1).is_some_and(|l| l.trim_start().starts_with("pg_dump ")), "{printed}");
    assert!(dumped.status.success(), "pg_dump: {}", String::from_utf8_lossy(&dumped.stderr));
    assert!(restored.status.success(), "pg_restore: {}", String::from_utf8_lossy(&restored.stderr));
    assert!(before_dump.len() > 10, "only {} registrations before the dump", before_dump.len());
    let missing: Vec<&String> = before_dump.iter().filter(|e| in_copy.binary_search(e).is_err()).collect();
    assert_eq!(missing, Vec::<&String>::new(), "acknowledged before the dump, missing from the copy");
    assert!(after_rush > in_copy.len(), "the rush went on during the dump: {after_rush} against {}", in_copy.len());
}

/// A PostgreSQL schema of its own for one test, or `None` when no PostgreSQL is configured
/// (`RENCONTRES_TEST_DATABASE_URL`), or when this is the PostgreSQL run (the copy always
/// starts from SQLite: the SQLite run covers it).
async fn empty_postgres_schema() -> Option<String> {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() == Ok("postgres") {
        return None;
    }
    let Ok(base) = std::env::var("RENCONTRES_TEST_DATABASE_URL") else {
        eprintln!("skipped: RENCONTRES_TEST_DATABASE_URL is unset, no PostgreSQL to migrate to");
        return None;
    };
    let schema = format!("t_migrate_{}_{}", std::process::id(), jiff::Timestamp::now().as_millisecond());
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base).await.expect("postgres answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&mut conn).await.unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

fn sha256_of(path: &std::path::Path) -> String {
    use sha2::Digest as _;
    format!("{:x}", sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// O3 #8: `rencontres migrate-to` copies a whole SQLite deployment into an empty PostgreSQL
/// database, checks counts and checksums, leaves the SQLite file as it was; the copy serves
/// the same data (private links included: the site key moves too) and takes new rows.
#[tokio::test]
async fn migrate_to_copies_sqlite_into_an_empty_postgres_and_checks_every_table() {
    let Some(target) = empty_postgres_schema().await else { return };
    let app = spawn_app().await;
    let today = crate::helpers::today();
    let now = jiff::Timestamp::now();
    rencontres::demo::install(&app.db, &app.app.composer, "https://rencontres.example.org", today, now).await.unwrap();
    let event = app.add_event(event_draft("Journée migrée", 12)).await;
    app.open_registrations(&event, 2).await;
    for who in ["ada@example.org", "bob@example.org", "cleo@example.org"] {
        assert_eq!(app.register(&event, who).await.status, 303);
    }
    let states = app.states(&event).await;
    let picture: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    app.put_media("journee-migree/0123456789abcdef.png", &picture).await;
    let source_events = rencontres::store::event::list_published(&app.db).await.unwrap();
    let file = app.dir.path().join("test.db");
    app.db.close().await;
    let before = sha256_of(&file);

    let out = app.run_cli(&["migrate-to", &target]);
    let again = app.run_cli(&["migrate-to", &target]);

    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("row counts and checksums match"), "{stdout}");
    assert!(stdout.contains("registrations"), "{stdout}");
    assert!(!stdout.contains("password"), "{stdout}");
    assert_eq!(sha256_of(&file), before, "the SQLite file is only read");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("the target database is not empty"));
    let copy = rencontres::store::Db::connect(&rencontres::store::DatabaseUrl::parse(&target).unwrap()).await.unwrap();
    let copied_events = rencontres::store::event::list_published(&copy).await.unwrap();
    assert_eq!(
        copied_events.iter().map(|e| (e.id, e.draft.title.clone())).collect::<Vec<_>>(),
        source_events.iter().map(|e| (e.id, e.draft.title.clone())).collect::<Vec<_>>()
    );
    let copied_states: Vec<(String, String)> = rencontres::store::registration::list(&copy, event.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.email, r.state.as_str().to_owned()))
        .collect();
    assert_eq!(copied_states, states);
    let media = rencontres::store::media::get(&copy, "journee-migree/0123456789abcdef.png").await.unwrap();
    assert_eq!(media.map(|m| m.bytes), Some(picture), "images move with the tables, byte for byte");
    // Identity sequences continue after the copied ids: a new event gets a new id.
    let draft = event_draft("Journée d’après la migration", 20);
    let added = rencontres::store::event::create(&copy, &draft, jiff::Timestamp::now()).await;
    assert!(added.is_ok(), "{added:?}");
    copy.close().await;
}

/// O1 #3: two instances on one database ask for a background job's lease at once: one gets
/// it and keeps it by renewing; when it stops renewing (it died), the other takes the job
/// over once the lease runs out, and the first cannot take it back meanwhile.
#[tokio::test]
async fn job_lease_goes_to_one_instance_and_moves_when_its_holder_dies() {
    use rencontres::store::ops::claim_job;
    let a = spawn_app().await;
    let shared = a.database_url.clone();
    let b = spawn_app_with(move |c| c.database_url = shared).await;
    let (ia, ib) = (a.app.instance_id(), b.app.instance_id());
    let now = jiff::Timestamp::now().as_second();

    let mut rounds = Vec::new();
    for _ in 0..10 {
        let (ga, gb) = tokio::join!(
            rencontres::jobs::holds_lease(&a.app, "registration_sweep", 90),
            rencontres::jobs::holds_lease(&b.app, "registration_sweep", 90)
        );
        rounds.push((ga, gb));
    }
    let (first_holder, other) = if rounds[0].0 { (ia, ib) } else { (ib, ia) };
    let before_expiry = claim_job(&a.db, "registration_sweep", other, now + 60, 90).await.unwrap();
    let after_expiry = claim_job(&a.db, "registration_sweep", other, now + 200, 90).await.unwrap();
    let old_holder_back = claim_job(&a.db, "registration_sweep", first_holder, now + 201, 90).await.unwrap();
    let another_job = claim_job(&a.db, "gazette_send", first_holder, now + 201, 90).await.unwrap();

    assert_ne!(ia, ib);
    assert!(rounds.iter().all(|(ga, gb)| ga != gb), "exactly one instance runs each round: {rounds:?}");
    assert!(rounds.windows(2).all(|w| w[0] == w[1]), "the holder keeps its lease: {rounds:?}");
    assert!(!before_expiry, "a live holder keeps the job");
    assert!(after_expiry, "a dead holder's job moves once its lease ran out");
    assert!(!old_holder_back, "and stays with the new holder");
    assert!(another_job, "leases are per job");
}

/// O1 #9: a rolling upgrade. The database already holds a migration of the next version
/// (additive, as our rule wants): this version still opens it, applies nothing it does not
/// know, answers ready, and serves; a backup from the newer version is still refused.
#[tokio::test]
async fn this_version_runs_beside_the_next_one_during_a_rolling_upgrade() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99999, 'next version: an added table', CURRENT_TIMESTAMP, TRUE, $1, 1)",
    )
    .bind(vec![0u8])
    .execute(app.db.pool())
    .await
    .unwrap_or_else(|e| panic!("cannot record the next version's migration: {e}"));

    let again =
        rencontres::store::Db::connect(&rencontres::store::DatabaseUrl::parse(&app.database_url).unwrap()).await;
    let ready = fetch(&app.client, &format!("{}/readyz", app.base)).await;
    let home = fetch(&app.client, &format!("{}/", app.base)).await;

    assert!(again.is_ok(), "an instance of this version starts: {:?}", again.err());
    assert_eq!((ready.0, ready.2.as_str()), (200, "ready\n"));
    assert_eq!(home.0, 200);
}

/// O1: after an upgrade, the images that earlier versions kept as files on one instance's disk
/// go to the database at start; what is not an image stays on disk, named in the warnings, and
/// an image the database already holds is not overwritten by the old file.
#[tokio::test]
async fn serve_adopts_the_images_of_the_old_media_folder_once() {
    let app = spawn_app().await;
    let media = app.dir.path().join("legacy-media");
    std::fs::create_dir_all(media.join("atelier/intervenants")).unwrap();
    std::fs::write(media.join("atelier/affiche.png"), b"\x89PNG\r\n\x1a\nancienne").unwrap();
    std::fs::write(media.join("atelier/intervenants/photo.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]).unwrap();
    std::fs::write(media.join("atelier/logo.svg"), b"<svg><script>alert(1)</script></svg>").unwrap();
    app.put_media("atelier/affiche.png", b"\x89PNG\r\n\x1a\nnouvelle").await;
    let now = jiff::Timestamp::now();

    let first = rencontres::import::media::adopt_folder(&app.db, &media, now).await.unwrap();
    let second = rencontres::import::media::adopt_folder(&app.db, &media, now).await.unwrap();
    let none = rencontres::import::media::adopt_folder(&app.db, &app.dir.path().join("absent"), now).await.unwrap();

    assert_eq!((first.stored, first.known), (1, 1));
    assert_eq!(first.warnings.len(), 1, "{:?}", first.warnings);
    assert!(first.warnings[0].contains("logo.svg: not a PNG, JPEG or WebP image; left on disk"));
    assert_eq!((second.stored, second.known), (0, 2), "adopting twice copies nothing twice");
    assert_eq!(none, rencontres::import::media::Adopted::default());
    let photo = app.get_bytes("/media/atelier/intervenants/photo.jpg", &[]).await;
    assert_eq!((photo.0, photo.2), (200, vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2]));
    let kept = app.get_bytes("/media/atelier/affiche.png", &[]).await;
    assert_eq!(kept.2, b"\x89PNG\r\n\x1a\nnouvelle", "the database's newer image wins");
    assert_eq!(app.get("/media/atelier/logo.svg").await.status, 404);
}

/// A TCP relay on loopback in front of PostgreSQL that the test can cut and bring back, as a
/// database server that stops and starts again would.
struct Relay {
    addr: std::net::SocketAddr,
    target: String,
    tasks: tokio::task::JoinSet<()>,
}

impl Relay {
    async fn start(target: &str, listen: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        let to = target.to_owned();
        tasks.spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let to = to.clone();
                conns.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&to).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Relay { addr, target: target.to_owned(), tasks }
    }

    /// Closes the listener and every relayed connection.
    async fn cut(mut self) -> (std::net::SocketAddr, String) {
        self.tasks.shutdown().await;
        (self.addr, self.target)
    }
}

/// O2: `/readyz` tells the load balancer when PostgreSQL itself is gone (not only a closed
/// pool), within its 2-second bound, and is ready again once the server is back, with no
/// restart of rencontres.
#[tokio::test]
async fn readyz_follows_postgres_going_away_and_coming_back() {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() != Ok("postgres") {
        return; // SQLite has no server to lose.
    }
    let app = spawn_app().await;
    let relay = Relay::start("127.0.0.1:5432", "127.0.0.1:0").await;
    let proxied = app.database_url.replacen("127.0.0.1:5432", &relay.addr.to_string(), 1);
    assert_ne!(proxied, app.database_url, "the test URL names 127.0.0.1:5432");
    let instance = crate::helpers::spawn_instance_of(&app, |c| c.database_url = proxied).await;
    let url = format!("{}/readyz", instance.base);

    let before = fetch(&instance.client, &url).await;
    let (addr, target) = relay.cut().await;
    let asked = std::time::Instant::now();
    let gone = fetch(&instance.client, &url).await;
    let waited = asked.elapsed();
    let health = fetch(&instance.client, &format!("{}/healthz", instance.base)).await;
    let _back = Relay::start(&target, &addr.to_string()).await;
    let mut again = fetch(&instance.client, &url).await;
    for _ in 0..20 {
        if again.0 == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        again = fetch(&instance.client, &url).await;
    }

    assert_eq!(before, (200, None, "ready\n".to_owned()));
    assert_eq!(gone.0, 503, "{gone:?}");
    assert!(gone.2 == "database unreachable\n" || gone.2 == "database did not answer within 2 s\n", "{gone:?}");
    assert!(waited < std::time::Duration::from_secs(3), "answered in {waited:?}");
    assert_eq!(health.0, 200, "the process itself is alive");
    assert_eq!(again, (200, None, "ready\n".to_owned()), "ready again without a restart");
}
