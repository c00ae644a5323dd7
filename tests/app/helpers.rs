//! `spawn_app()`: the real router on 127.0.0.1:0 with a fresh SQLite file, or a fresh
//! PostgreSQL schema when `RENCONTRES_TEST_BACKEND=postgres` (URL from
//! `RENCONTRES_TEST_DATABASE_URL`).

use jiff::civil::{Date, Time};
use jiff::{Timestamp, ToSpan};
use rencontres::config::Config;
use rencontres::domain::event::{Event, EventDates, EventDraft, EventKind, EventStatus, Slug, Venue, paris};
use rencontres::store::{self, Db};
use rencontres::web::{self, App};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct TestApp {
    pub base: String,
    pub app: App,
    pub db: Db,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    pub database_url: String,
    /// The pre-session CSRF value of `client`'s cookie, fetched once.
    csrf: tokio::sync::OnceCell<String>,
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A database URL of its own for one test: a new SQLite file in `dir`, or a new schema.
pub async fn fresh_database_url(dir: &Path) -> String {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() == Ok("postgres") {
        let base = std::env::var("RENCONTRES_TEST_DATABASE_URL")
            .expect("RENCONTRES_TEST_BACKEND=postgres needs RENCONTRES_TEST_DATABASE_URL");
        let schema = format!(
            "t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            Timestamp::now().as_millisecond()
        );
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base).await.expect("postgres answers");
        drop_stale_schemas(&mut conn).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&mut conn).await.unwrap();
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}options=-c%20search_path%3D{schema}")
    } else {
        format!("sqlite://{}", dir.join("test.db").display())
    }
}

/// Drops test schemas left by runs that ended more than ten minutes ago.
async fn drop_stale_schemas(conn: &mut sqlx::AnyConnection) {
    static ONCE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    ONCE.get_or_init(|| async {
        let names: Vec<(String,)> =
            sqlx::query_as("SELECT schema_name::text FROM information_schema.schemata WHERE schema_name LIKE 't\\_%'")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        let cutoff = Timestamp::now().as_millisecond() - 600_000;
        for (name,) in names {
            let stamp = name.rsplit('_').next().and_then(|s| s.parse::<i64>().ok()).unwrap_or(i64::MAX);
            if stamp < cutoff {
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {name} CASCADE")))
                    .execute(&mut *conn)
                    .await
                    .unwrap();
            }
        }
    })
    .await;
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on("127.0.0.1:0", adjust).await
}

/// Like `spawn_app_with`, listening on `listen` (`[::]:0` for a dual-stack listener). The
/// server knows each client's socket address, as `serve` does.
pub async fn spawn_app_on(listen: &str, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    spawn_app_in(dir, database_url, listen, adjust).await
}

/// O1: another instance of `app`'s deployment: the same database, a directory of its own
/// (so its own, empty, media folder), its own listener and page cache.
pub async fn spawn_instance_of(app: &TestApp, adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_in(tempfile::tempdir().unwrap(), app.database_url.clone(), "127.0.0.1:0", adjust).await
}

async fn spawn_app_in(
    dir: tempfile::TempDir,
    database_url: String,
    listen: &str,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config {
        database_url: database_url.clone(),
        media_dir: dir.path().join("media"),
        // Every test client is 127.0.0.1: a crowd from one address. Tests of the limit lower it.
        public_forms_per_minute: 1_000_000,
        base_url: "https://rencontres.example.org".into(),
        ..Config::default()
    };
    config.mail.outbox_dir = dir.path().join("mail-outbox");
    adjust(&mut config);
    let db = Db::connect(&config.database_url()).await.expect("database opens");
    let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let app = App::new(db.clone(), config).await.unwrap();
    let router = web::router(app.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { base, app, db, client, dir, database_url, csrf: tokio::sync::OnceCell::new() }
}

/// A cookie-aware client (no automatic redirects) whose connections leave from `source`, a
/// loopback address such as `127.0.0.2`: the server sees another client address.
pub fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap();
        Page { status, headers, body }
    }

    /// Stores `bytes` under `/media/{path}` as the server would, whatever they hold (tests of
    /// what the server refuses to serve put hostile bytes there).
    pub async fn put_media(&self, path: &str, bytes: &[u8]) {
        let media = store::media::Media::of(path.to_owned(), bytes.to_vec());
        store::media::put(&self.db, &media, Timestamp::now()).await.unwrap();
    }

    /// The bytes and headers of `path`, for binary answers.
    pub async fn get_bytes(&self, path: &str, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        (status, headers, res.bytes().await.unwrap().to_vec())
    }

    /// Stores an event and makes the page cache see it at once.
    pub async fn add_event(&self, draft: EventDraft) -> Event {
        let e = store::event::create(&self.db, &draft, Timestamp::now()).await.unwrap();
        self.app.refresh_content_version().await.unwrap();
        e
    }
}

pub fn today() -> Date {
    Timestamp::now().to_zoned(paris()).date()
}

/// A published event `offset_days` from today, 10 h – 17 h, tagged "bluehats".
pub fn event_draft(title: &str, offset_days: i32) -> EventDraft {
    let start = today().checked_add(offset_days.days()).unwrap();
    EventDraft {
        slug: Slug::derive(title).unwrap(),
        title: title.into(),
        summary: format!("Résumé de « {title} »."),
        title_en: String::new(),
        summary_en: String::new(),
        body_md: "## Programme\n\nDes *échanges* et des ateliers.".into(),
        kind: EventKind::Day,
        dates: EventDates::new(
            start,
            start,
            Some(Time::new(10, 0, 0, 0).unwrap()),
            Some(Time::new(17, 0, 0, 0).unwrap()),
        )
        .unwrap(),
        sessions: Vec::new(),
        venue: Venue {
            name: Some("Lieu de la Transformation Publique".into()),
            address: Some("77 avenue de Ségur, 75015 Paris".into()),
            room: Some("Salle 2".into()),
            osm_url: Some("https://osm.org/go/0BOdSvERD?node=9825094308".into()),
        },
        audience: None,
        image: None,
        tags: vec!["bluehats".into()],
        links: vec![],
        contact_email: Some("contact@example.org".into()),
        status: EventStatus::Published,
        published_on: None,
    }
}

/// Runs one of the Python checkers of `tests/tools/` on `input` and returns its JSON output;
/// panics with the checker's message when it refuses the input.
pub fn python_check(tool: &str, input: &str) -> serde_json::Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), input).unwrap();
    let python = std::env::var("RENCONTRES_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python)
        .arg(format!("{root}/tests/tools/{tool}"))
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e} (run scripts/install-test-deps.sh)"));
    assert!(
        out.status.success(),
        "{tool} refused the input:\n{}\n---\n{}",
        String::from_utf8_lossy(&out.stderr),
        input
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The titles of the event cards in `html`, in page order.
pub fn card_titles(html: &str) -> Vec<String> {
    html.split("class=\"fr-card__title\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            unescape(&text[..text.find("</a>").unwrap()])
        })
        .collect()
}

/// The part of `html` after the first `start` and before the next `end`.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} not in page")) + start.len();
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Undoes the HTML escaping of text nodes.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The real binary serving demo data on a free port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `rencontres serve --demo` on a free port with a fresh SQLite file.
pub fn start_demo_server(envs: &[(&str, &str)]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rencontres"));
    cmd.args(["serve", "--demo", "--listen", "127.0.0.1:0", "--database-url", &db])
        .current_dir(dir.path())
        .env("RENCONTRES_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("rencontres listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Server { child, base, _dir: dir }
}

/// The real binary serving demo data, with an administrator created by
/// `rencontres user add --admin` (password on standard input) before it starts.
pub fn start_server_with_admin(email: &str, password: &str) -> Server {
    start_server_with_admin_env(email, password, &[])
}

/// Like `start_server_with_admin`, with extra environment variables for the server.
pub fn start_server_with_admin_env(email: &str, password: &str, envs: &[(&str, &str)]) -> Server {
    start_server_with_admin_on(email, password, "127.0.0.1:0", envs)
}

/// A free loopback port, for a server whose `base_url` must be known before it starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Like `start_server_with_admin_env`, listening on `listen`.
pub fn start_server_with_admin_on(email: &str, password: &str, listen: &str, envs: &[(&str, &str)]) -> Server {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let mut add = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["user", "add", email, "--admin", "--database-url", &db])
        .current_dir(dir.path())
        .env("RENCONTRES_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{password}").unwrap();
    assert!(add.wait().unwrap().success(), "user add failed");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_rencontres"));
    serve
        .args(["serve", "--demo", "--listen", listen, "--database-url", &db])
        .current_dir(dir.path())
        .env("RENCONTRES_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in envs {
        serve.env(k, v);
    }
    let mut child = serve.spawn().expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("rencontres listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Server { child, base, _dir: dir }
}

/// A real SMTP server (`tests/tools/smtp_sink.py`, aiosmtpd) on loopback; stopped when dropped.
pub struct SmtpSink {
    child: Option<Child>,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl SmtpSink {
    /// Starts a sink on a free port (or `port`), answering 451 to the first `fail_first` messages.
    pub fn start(port: u16, fail_first: u32) -> SmtpSink {
        Self::start_in(tempfile::tempdir().unwrap(), port, fail_first)
    }

    /// Starts a sink on a free port that answers 550 to RCPT TO for each of `refused`.
    pub fn refusing(refused: &[&str]) -> SmtpSink {
        Self::start_with(tempfile::tempdir().unwrap(), 0, 0, refused)
    }

    fn start_in(dir: tempfile::TempDir, port: u16, fail_first: u32) -> SmtpSink {
        Self::start_with(dir, port, fail_first, &[])
    }

    fn start_with(dir: tempfile::TempDir, port: u16, fail_first: u32, refused: &[&str]) -> SmtpSink {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("python3")
            .arg(format!("{root}/tests/tools/smtp_sink.py"))
            .args(refused.iter().flat_map(|a| ["--refuse", a]))
            .args([
                "--dir",
                dir.path().to_str().unwrap(),
                "--port",
                &port.to_string(),
                "--fail-first",
                &fail_first.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the SMTP sink (scripts/install-test-deps.sh)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("sink said {line:?}"));
        SmtpSink { child: Some(child), port, dir }
    }

    /// Stops the server (messages stay in its folder).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill").args(["-TERM", &c.id().to_string()]).status();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same port and folder.
    pub fn restart(mut self) -> SmtpSink {
        self.stop();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        Self::start_in(dir, self.port, 0)
    }

    /// Every message received, in arrival order, parsed by Python's `email` package.
    pub fn mails(&self) -> Vec<serde_json::Value> {
        let root = env!("CARGO_MANIFEST_DIR");
        let out = Command::new("python3")
            .arg(format!("{root}/tests/tools/read_mail.py"))
            .arg(self.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap().as_array().unwrap().clone()
    }

    /// The subjects received by `to`, in order.
    pub fn subjects_to(&self, to: &str) -> Vec<String> {
        self.mails()
            .iter()
            .filter(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to))
            .map(|m| m["subject"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The first private link (`/inscription/TOKEN`) in the last mail to `to`.
    pub fn last_link_to(&self, to: &str) -> String {
        let mails = self.mails();
        let mail = mails
            .iter()
            .rev()
            .find(|m| m["rcpt_tos"].as_array().unwrap().iter().any(|r| r == to))
            .unwrap_or_else(|| panic!("no mail to {to}"));
        let text = mail["text"].as_str().unwrap();
        let start = text.find("/inscription/").unwrap_or_else(|| panic!("no link in {text}"));
        text[start..].split_whitespace().next().unwrap().to_owned()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Points the app's mail at `sink` (plain SMTP on loopback).
pub fn smtp_to(sink: &SmtpSink) -> impl FnOnce(&mut Config) + use<> {
    let port = sink.port;
    move |c: &mut Config| {
        c.mail.smtp_host = Some("127.0.0.1".into());
        c.mail.smtp_port = port;
        c.mail.smtp_tls = rencontres::config::SmtpTls::None;
        c.mail.from = "Rencontres <rencontres@example.org>".into();
    }
}

impl TestApp {
    /// Runs the delivery worker once over everything due now.
    pub async fn deliver_queued_mail(&self) -> rencontres::mail::worker::Pass {
        let mailer = rencontres::mail::Mailer::from_config(&self.app.config.mail).unwrap();
        rencontres::mail::worker::deliver_due(&self.db, &mailer).await.unwrap()
    }

    /// Like `deliver_queued_mail`, as if `secs` seconds had passed (back-off is over).
    pub async fn deliver_queued_mail_after(&self, secs: i64) -> rencontres::mail::worker::Pass {
        let mailer = rencontres::mail::Mailer::from_config(&self.app.config.mail).unwrap();
        let later = move || Timestamp::now() + jiff::SignedDuration::from_secs(secs);
        rencontres::mail::worker::deliver_due_at(&self.db, &mailer, later).await.unwrap()
    }

    /// The CSRF value forms must echo: the pre-session cookie that a form page sets.
    pub async fn csrf_token(&self) -> String {
        self.csrf
            .get_or_init(|| async {
                let page = self.get("/connexion").await;
                between(&page.body, "name=\"csrf\" value=\"", "\"").to_owned()
            })
            .await
            .clone()
    }

    /// Sends a form (`application/x-www-form-urlencoded`) with the CSRF value, like a browser
    /// that displayed the form first, and returns the response.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post_form_raw(path, &all).await
    }

    /// Sends exactly these fields (no CSRF value added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let res = self.client.post(format!("{}{path}", self.base)).form(fields).send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap();
        Page { status, headers, body }
    }

    /// Opens registrations for `event`: first come first served with `places`.
    pub async fn open_registrations(&self, event: &Event, places: u32) {
        let settings = rencontres::domain::registration::EventSettings {
            rules: rencontres::domain::registration::Settings {
                mode: rencontres::domain::registration::Mode::FirstCome,
                places,
                opens_at: None,
                closes_at: None,
                offer_hours: 48,
                email_hours: 48,
                allowed_statuses: vec![],
                allowed_domains: vec![],
            },
            decisions_at: None,
            external_url: None,
            consent_text: String::new(),
            retention_days: 90,
        };
        self.save_settings(event, &settings).await;
    }

    pub async fn save_settings(&self, event: &Event, settings: &rencontres::domain::registration::EventSettings) {
        let letters = rencontres::mail::registration::letters_for(
            &self.db,
            &self.app.composer,
            self.app.config.base_url(),
            event,
        )
        .await
        .unwrap();
        rencontres::store::registration::save_settings(&self.db, &letters, event, settings, Timestamp::now())
            .await
            .unwrap();
        self.app.refresh_content_version().await.unwrap();
    }

    /// Fills and sends the registration form of `event` for `email`.
    pub async fn register(&self, event: &Event, email: &str) -> Page {
        let name = email.split('@').next().unwrap();
        self.post_form(
            &format!("/evenements/{}/inscription", event.draft.slug),
            &[("name", name), ("email", email), ("organisation", "DINUM"), ("status", "public_agent")],
        )
        .await
    }

    /// The states of the registrations of `event`, by email.
    pub async fn states(&self, event: &Event) -> Vec<(String, String)> {
        rencontres::store::registration::list(&self.db, event.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.email, r.state.as_str().to_owned()))
            .collect()
    }
}

impl TestApp {
    /// The id of the newest audit entry (0 when the log is empty): a mark to count from.
    pub async fn audit_mark(&self) -> i64 {
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetch_one(self.db.pool()).await.unwrap()
    }

    /// The actions of the audit entries written after `mark`, oldest first.
    pub async fn audit_actions_since(&self, mark: i64) -> Vec<String> {
        sqlx::query_scalar("SELECT action FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(mark)
            .fetch_all(self.db.pool())
            .await
            .unwrap()
    }

    /// Runs the real binary with `args` against this app's database and returns its output.
    pub fn run_cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_rencontres"))
            .args(args)
            .args(["--database-url", &self.database_url])
            .current_dir(self.dir.path())
            .env("RENCONTRES_LOG", "warn")
            .output()
            .unwrap()
    }
}

/// A `datetime-local` form value in Paris time, `hours` from now.
pub fn paris_local_in(hours: i64) -> String {
    (Timestamp::now() + jiff::SignedDuration::from_hours(hours))
        .to_zoned(paris())
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A5: what the static export (written in `out`, for `base_path`) should hold for a page the
/// server answered `body`: links to files present in `out` under the sub-path, the others on
/// the live site. Reads the export's folder, not the exporter's own list.
pub fn served_as_exported(app: &TestApp, body: &str, out: &Path, base_path: &str) -> String {
    use rencontres::export::site_links::{Targets, rewrite_html};
    let targets = Targets::new(base_path, app.app.config.base_url());
    let present = |path: &str| exported_file(out, path).is_file();
    rewrite_html(body, &targets, &present)
}

/// The file of the static export in `out` that serves `path` (`/x` → `x/index.html`).
pub fn exported_file(out: &Path, path: &str) -> std::path::PathBuf {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() {
        out.join("index.html")
    } else if rel.rsplit('/').next().unwrap_or("").contains('.') {
        out.join(rel)
    } else {
        out.join(rel).join("index.html")
    }
}
