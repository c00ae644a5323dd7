//! O1: several instances on one PostgreSQL behind a real load balancer. Two `rencontres
//! serve` processes and nginx (round robin, no sticky sessions) on loopback: a registration
//! rush through nginx with one instance killed (`kill -9`) halfway, a session opened on one
//! instance used on the other. PostgreSQL run only: SQLite deployments are one instance.

use crate::helpers::*;
use crate::organiser::{PASSWORD, add_user};
use crate::rush::links_in_outbox;
use futures_util::StreamExt as _;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A child process stopped when dropped: SIGTERM (so that nginx's master stops its
/// workers too), then SIGKILL if it is still there after a second.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(1) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `rencontres serve` on a free loopback port, on `database_url`; returns it with its base URL.
fn instance(database_url: &str, base_url: &str, dir: &std::path::Path) -> (Process, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", database_url])
        .current_dir(dir)
        .env("RENCONTRES_LOG", "warn")
        .env("RENCONTRES_BASE_URL", base_url)
        .env("RENCONTRES_MAIL__WORKER", "false")
        .env("RENCONTRES_PUBLIC_FORMS_PER_MINUTE", "100000000")
        .env("RENCONTRES_TRUSTED_PROXIES", "127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("rencontres listening on ").unwrap_or_else(|| panic!("{line:?}")).to_owned();
    (Process(child), base)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// nginx on `port`, round robin over `upstreams` (`127.0.0.1:PORT`), no sticky sessions.
fn nginx(port: u16, upstreams: &[&str], dir: &std::path::Path) -> Process {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    let d = dir.display();
    let servers: String = upstreams.iter().map(|u| format!("server {u} max_fails=1 fail_timeout=10s; ")).collect();
    let conf = format!(
        "{user}worker_processes 1; error_log {d}/nginx-error.log warn; pid {d}/nginx.pid; daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  upstream rencontres {{ {servers} keepalive 16; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://rencontres;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout;
    }}
  }}
}}
",
        user = if root { "user root; " } else { "" },
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new("nginx")
        .args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf")])
        .stderr(Stdio::inherit())
        .spawn()
        .expect("nginx starts (scripts/install-test-deps.sh installs nginx-light)");
    Process(child)
}

async fn wait_until_up(client: &reqwest::Client, base: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(res) = client.get(format!("{base}/healthz")).send().await
            && res.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base} did not come up");
}

/// Requests served by an instance, read from its `/metrics` (loopback may read it).
async fn served(client: &reqwest::Client, base: &str, route: &str) -> u64 {
    let text = client.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .filter(|l| l.starts_with("rencontres_http_requests_total{") && l.contains(&format!("route=\"{route}\"")))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_nginx_share_sessions_and_lose_nothing_when_one_is_killed() {
    if std::env::var("RENCONTRES_TEST_BACKEND").as_deref() != Ok("postgres") {
        eprintln!("skipped: several instances need PostgreSQL (the PostgreSQL run covers this)");
        return;
    }
    let app = Arc::new(spawn_app().await);
    let event = app.add_event(event_draft("Forum réparti", 30)).await;
    app.open_registrations(&event, 50).await;
    add_user(&app, "admin@example.org", true).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let front = format!("http://127.0.0.1:{port}");
    let (a, base_a) = instance(&app.database_url, &front, dir.path());
    let (mut b, base_b) = instance(&app.database_url, &front, dir.path());
    let upstreams = [base_a.trim_start_matches("http://"), base_b.trim_start_matches("http://")];
    let _nginx = nginx(port, &upstreams, dir.path());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    wait_until_up(&client, &front).await;

    // A session opened on A is valid on B: sessions live in the database.
    let login_page = client.get(format!("{base_a}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf = between(&login_page, "name=\"csrf\" value=\"", "\"").to_owned();
    let login = client
        .post(format!("{base_a}/connexion"))
        .form(&[("csrf", csrf.as_str()), ("email", "admin@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let on_b = client.get(format!("{base_b}/organisation")).send().await.unwrap();
    let (login_status, on_b_status) = (login.status().as_u16(), on_b.status().as_u16());

    // The rush: 2,000 registrations through nginx, 64 at a time; B dies after the first 1,000.
    let form = client.get(format!("{front}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf = Arc::new(between(&form, "name=\"csrf\" value=\"", "\"").to_owned());
    let path = format!("{front}/evenements/{}/inscription", event.draft.slug);
    let post = |i: usize| {
        let (client, csrf, path) = (client.clone(), csrf.clone(), path.clone());
        async move {
            let email = format!("p{i:04}@example.org");
            let res = client
                .post(&path)
                .form(&[
                    ("name", "Participant"),
                    ("email", email.as_str()),
                    ("organisation", "DINUM"),
                    ("status", "public_agent"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
                .await;
            (email, res.map(|r| r.status().as_u16()).unwrap_or(0))
        }
    };
    let mut answers = Vec::new();
    for half in [0..1000, 1000..2000] {
        if half.start == 1000 {
            b.0.kill().unwrap(); // SIGKILL
            b.0.wait().unwrap();
        }
        let mut stream = futures_util::stream::iter(half.map(post)).buffer_unordered(64);
        while let Some(answer) = stream.next().await {
            answers.push(answer);
        }
    }
    let served_a = served(&client, &base_a, "/evenements/{slug}/inscription").await;
    let home_after = client.get(format!("{front}/")).send().await.unwrap().status().as_u16();

    // Every acknowledged registration is stored; confirming the addresses fills 50 places.
    let acknowledged: Vec<&String> = answers.iter().filter(|(_, s)| *s == 303).map(|(e, _)| e).collect();
    let stored: std::collections::BTreeSet<String> =
        app.states(&event).await.into_iter().map(|(email, _)| email).collect();
    app.deliver_queued_mail().await;
    let links = links_in_outbox(&app.dir.path().join("mail-outbox"));
    let mut confirmations = futures_util::stream::iter(links.iter().map(|link| {
        let (client, csrf, url) = (client.clone(), csrf.clone(), format!("{front}{link}/confirmer"));
        async move {
            client.post(url).form(&[("csrf", csrf.as_str())]).send().await.map(|r| r.status().as_u16()).unwrap_or(0)
        }
    }))
    .buffer_unordered(64);
    let mut confirmed_statuses = Vec::new();
    while let Some(s) = confirmations.next().await {
        confirmed_statuses.push(s);
    }
    let states = app.states(&event).await;
    let count = |state: &str| states.iter().filter(|(_, s)| s == state).count();
    drop(a);

    assert_eq!((login_status, on_b_status), (303, 200), "a session from A is valid on B");
    let failed: Vec<&(String, u16)> = answers.iter().filter(|(_, s)| *s != 303).collect();
    assert!(acknowledged.len() >= 1900, "nginx moved the rush to A: {} failed: {failed:?}", failed.len());
    let lost: Vec<&&String> = acknowledged.iter().filter(|e| !stored.contains(**e)).collect();
    assert_eq!(lost, Vec::<&&String>::new(), "no acknowledged registration is lost");
    assert!(served_a > 1000, "A served the second half and part of the first: {served_a}");
    assert_eq!(home_after, 200, "A keeps serving");
    assert!(confirmed_statuses.iter().all(|s| *s == 303), "{confirmed_statuses:?}");
    assert_eq!(count("confirmed"), 50, "never oversold across instances");
    assert_eq!(count("confirmed") + count("waitlisted"), links.len());
}
