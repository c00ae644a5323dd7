//! The command line as an operator uses it: defaults, help, errors in English, shutdown.

use std::process::Command;

fn rencontres(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(args)
        .current_dir(dir)
        .env_remove("RENCONTRES_DATABASE_URL")
        .env("RENCONTRES_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn help_names_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();

    let out = rencontres(dir.path(), &["--help"]);

    let text = String::from_utf8_lossy(&out.stdout);
    // Column widths change with the longest command name: compare words, not spaces.
    let lines: Vec<String> = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(out.status.success());
    for line in [
        "serve Run the web server (migrations are applied at start)",
        "import Import every .md/.markdown/.txt post below DIR (Eleventy or Jekyll front matter). Importing the same folder again changes nothing; a changed file updates its event",
        "export Write the public pages, feeds and assets as a static site into DIR",
        "mail Show and drive the mail queue (G3)",
        "programme Build an event's programme: import a draft, check it, release it",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line:?} missing from:\n{text}");
    }
}

#[test]
fn unsupported_database_url_is_refused_in_english_without_the_password() {
    let dir = tempfile::tempdir().unwrap();

    let out = rencontres(dir.path(), &["export", "site", "--database-url", "mysql://root:hunter2@localhost/x"]);

    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: invalid --database-url: unsupported database URL scheme in \"mysql://root:***@localhost/x\": use sqlite:// or postgres://\n"
    );
}

#[test]
fn import_of_a_missing_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();

    let out = rencontres(dir.path(), &["import", "nulle-part"]);

    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot read the folder nulle-part: "), "{err}");
}

#[test]
fn serve_without_configuration_creates_rencontres_db_in_wal_mode_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("RENCONTRES_DATABASE_URL")
        .env("RENCONTRES_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();

    let header = std::fs::read(dir.path().join("rencontres.db")).unwrap();
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();

    assert!(line.starts_with("rencontres listening on http://127.0.0.1:"), "{line}");
    // Bytes 18 and 19 of a SQLite header are 2 when the file is in WAL mode.
    assert_eq!(&header[..16], b"SQLite format 3\0");
    assert_eq!((header[18], header[19]), (2, 2));
    assert!(killed.success());
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

#[test]
fn export_writes_imported_events_as_a_static_site() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    std::fs::create_dir_all(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Atelier du 3 mars 2031\ndate: 2030-12-01\n---\n\nLe 3 mars 2031.\n",
    )
    .unwrap();
    let imported = rencontres(dir.path(), &["import", "posts", "--database-url", &db]);

    let out = rencontres(dir.path(), &["export", "site", "--database-url", &db]);

    assert!(imported.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("exported 14 pages, {} assets and 0 media files to site\n", rencontres::web::embedded::ASSETS.len())
    );
    let page = std::fs::read_to_string(dir.path().join("site/evenements/atelier-du-3-mars-2031/index.html")).unwrap();
    assert!(page.contains("lundi 3 mars 2031"), "{page}");
}

#[test]
fn programme_import_blocks_a_release_with_conflicts_until_override() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    std::fs::create_dir_all(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Journée du 3 mars 2031\ndate: 2030-12-01\n---\n\nLe 3 mars 2031 de 9h à 18h.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("programme.yaml"),
        "rooms:\n  - { name: Salle 1 }\nitems:\n  - { kind: welcome, title: Accueil, start: \"2031-03-03 09:00\", minutes: 30 }\n  - { kind: talk, title: Un, start: \"2031-03-03 09:30\", minutes: 30, room: Salle 1 }\n  - { kind: talk, title: Deux, start: \"2031-03-03 09:45\", minutes: 30, room: Salle 1 }\n",
    )
    .unwrap();
    rencontres(dir.path(), &["import", "posts", "--database-url", &db]);

    let imported = rencontres(
        dir.path(),
        &["programme", "import", "journee-du-3-mars-2031", "programme.yaml", "--database-url", &db],
    );
    let blocked = rencontres(
        dir.path(),
        &["programme", "release", "journee-du-3-mars-2031", "--name", "v1", "--database-url", &db],
    );
    let forced = rencontres(
        dir.path(),
        &["programme", "release", "journee-du-3-mars-2031", "--name", "v1", "--override", "--database-url", &db],
    );

    let conflict = "  - Deux éléments occupent la salle « Salle 1 » en même temps. (éléments [2, 3])\n";
    assert_eq!(
        String::from_utf8_lossy(&imported.stdout),
        format!("draft of journee-du-3-mars-2031: 1 rooms, 0 tracks, 3 items; 1 warnings\n{conflict}")
    );
    assert_eq!(blocked.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&blocked.stderr),
        format!("error: not released: 1 warnings (fix them or pass --override)\n{conflict}\n")
    );
    assert_eq!(
        String::from_utf8_lossy(&forced.stdout),
        "released version 1 \"v1\" of journee-du-3-mars-2031: 3 items, 3 changes, 1 warnings overridden\n"
    );
}

#[test]
fn programme_export_prints_the_draft_with_its_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    std::fs::create_dir_all(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Journée du 3 mars 2031\ndate: 2030-12-01\n---\n\nLe 3 mars 2031 de 9h à 18h.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("programme.yaml"), "rooms:\n  - { name: Salle 1, capacity: 30 }\nitems:\n  - { kind: talk, title: Un, start: \"2031-03-03 09:30\", minutes: 30, room: Salle 1, speakers: [Anne] }\n").unwrap();
    rencontres(dir.path(), &["import", "posts", "--database-url", &db]);
    rencontres(dir.path(), &["programme", "import", "journee-du-3-mars-2031", "programme.yaml", "--database-url", &db]);

    let out = rencontres(dir.path(), &["programme", "export", "journee-du-3-mars-2031", "--database-url", &db]);

    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "rooms:\n  - { name: \"Salle 1\", capacity: 30 }\ntracks: []\nitems:\n  - { id: 1, kind: talk, title: \"Un\", start: \"2031-03-03 09:30\", minutes: 30, room: \"Salle 1\", speakers: [\"Anne\"] }\n"
    );
}

#[test]
fn programme_example_of_the_mutualisons_seed_releases_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let root = env!("CARGO_MANIFEST_DIR");
    let slug = "journee-bluehats-mutualisons-le-1er-juillet-2022";
    rencontres(dir.path(), &["import", &format!("{root}/../shared/seeds"), "--database-url", &db]);

    let imported = rencontres(
        dir.path(),
        &[
            "programme",
            "import",
            slug,
            &format!("{root}/examples/programme-mutualisons-2022.yaml"),
            "--database-url",
            &db,
        ],
    );
    let released =
        rencontres(dir.path(), &["programme", "release", slug, "--name", "Programme indicatif", "--database-url", &db]);

    assert_eq!(
        String::from_utf8_lossy(&imported.stdout),
        format!("draft of {slug}: 2 rooms, 2 tracks, 15 items; 0 warnings\n")
    );
    assert_eq!(
        String::from_utf8_lossy(&released.stdout),
        format!("released version 1 \"Programme indicatif\" of {slug}: 15 items, 15 changes\n")
    );
}

/// Issue 13: `serve` listened on every interface with an `http://` base URL, sending
/// passwords and session cookies in clear, without a word.
#[test]
fn serve_beyond_loopback_with_an_http_base_url_is_refused_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--listen", "0.0.0.0:0"])
        .current_dir(dir.path())
        .env_remove("RENCONTRES_DATABASE_URL")
        .env("RENCONTRES_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    // A server that starts instead of refusing is stopped after ten seconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();

    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: refusing to serve on 0.0.0.0:0 with base_url http://127.0.0.1:8080: passwords and session \
         cookies would cross the network unencrypted. Set base_url to the https:// address of the site (behind \
         a TLS proxy), listen on a loopback address, or pass --allow-insecure-http (allow_insecure_http = true) \
         to accept the risk\n"
    );
    assert!(!dir.path().join("rencontres.db").exists());
}

/// Starts `serve` on every interface with plain http and `envs`, reads its first line, stops it
/// with SIGTERM; returns that line and its output.
fn serve_once_on_all_interfaces(envs: &[(&str, &str)]) -> (String, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rencontres"));
    cmd.args(["serve", "--listen", "0.0.0.0:0", "--allow-insecure-http"])
        .current_dir(dir.path())
        .env_remove("RENCONTRES_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    (line, child.wait_with_output().unwrap())
}

#[test]
fn serve_with_allow_insecure_http_starts_and_warns_that_base_url_is_the_default() {
    let (line, out) = serve_once_on_all_interfaces(&[("RENCONTRES_LOG", "warn"), ("NO_COLOR", "1")]);

    let port = line.trim().strip_prefix("rencontres listening on http://0.0.0.0:").unwrap_or_else(|| panic!("{line}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter_map(|l| l.split_once(" WARN ").map(|(_, w)| w)).collect();
    assert_eq!(
        warnings,
        [format!(
            "rencontres::cli::serve: base_url is the default http://127.0.0.1:8080 but the server listens on \
             0.0.0.0:{port}: links in mails, feeds and calendars will use http://127.0.0.1:8080; set base_url to the \
             address visitors use"
        )]
    );
    assert!(out.status.success(), "{stderr}");
}

/// O2: `--log-format json` (or `RENCONTRES_LOG_FORMAT=json`) writes one JSON object a line,
/// with the level, the target and the message, for a log collector.
#[test]
fn json_logs_are_one_object_a_line() {
    let (_, out) = serve_once_on_all_interfaces(&[("RENCONTRES_LOG_FORMAT", "json"), ("RENCONTRES_LOG", "info")]);

    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<serde_json::Value> =
        stderr.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let warning = lines
        .iter()
        .find(|l| l["message"].as_str().is_some_and(|m| m.starts_with("base_url is the default")))
        .unwrap_or_else(|| panic!("no base_url warning in {stderr}"));
    assert_eq!((&warning["level"], &warning["target"]), (&"WARN".into(), &"rencontres::cli::serve".into()));
    assert!(lines.iter().any(|l| l["message"] == "listening" && l["backend"].is_string()), "{stderr}");
    assert!(lines.iter().all(|l| l["timestamp"].is_string()), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}

/// I3 from the command line: `rencontres webhooks` adds (the secret printed once), lists,
/// pauses, resumes, rotates and removes an event's subscription, refuses what the page
/// refuses (a site-only happening for an event, a private address, an unknown happening or
/// subscription) in English, and every change is in the audit log as the command line's.
#[test]
fn webhooks_are_managed_from_the_command_line_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    std::fs::create_dir_all(dir.path().join("posts")).unwrap();
    std::fs::write(
        dir.path().join("posts/a.md"),
        "---\ntitle: Journée du 3 mars 2031\ndate: 2030-12-01\n---\n\nLe 3 mars 2031 de 9h à 18h.\n",
    )
    .unwrap();
    rencontres(dir.path(), &["import", "posts", "--database-url", &db]);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_rencontres"))
            .args(args)
            .args(["--database-url", &db])
            .current_dir(dir.path())
            .env("RENCONTRES_LOG", "warn")
            .env("RENCONTRES_WEBHOOKS__ALLOW_HTTP_LOOPBACK", "true")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let slug = "journee-du-3-mars-2031";

    let added =
        run(&["webhooks", "add", "http://127.0.0.1:9/crochet", "--event", slug, "--types", "registration.confirmed"]);
    let site_only = run(&["webhooks", "add", "http://127.0.0.1:9/x", "--event", slug, "--types", "gazette.sent"]);
    let unknown = run(&["webhooks", "add", "http://127.0.0.1:9/x", "--types", "registration.maybe"]);
    let private = run(&["webhooks", "add", "https://10.1.2.3/x", "--event", slug]);
    let listed = run(&["webhooks", "list", "--event", slug]);
    let site = run(&["webhooks", "list"]);
    let paused = run(&["webhooks", "pause", "1"]);
    let listed_paused = run(&["webhooks", "list", "--event", slug]);
    let resumed = run(&["webhooks", "resume", "1"]);
    let rotated = run(&["webhooks", "rotate", "1"]);
    let deliveries = run(&["webhooks", "deliveries", "1"]);
    let no_delivery = run(&["webhooks", "replay", "999"]);
    let removed = run(&["webhooks", "remove", "1"]);
    let gone = run(&["webhooks", "pause", "1"]);
    let after = run(&["webhooks", "list", "--event", slug]);

    assert_eq!(added.0, Some(0), "{added:?}");
    assert!(added.1.starts_with("#1     active http://127.0.0.1:9/crochet  registration.confirmed\n"), "{added:?}");
    let secret = added.1.lines().nth(1).unwrap().rsplit(' ').next().unwrap().to_owned();
    assert!(secret.starts_with("whsec_") && secret.len() > 30, "{secret}");
    assert_eq!(site_only.0, Some(1));
    assert!(site_only.2.contains("gazette.sent is followed by site-wide subscriptions only"), "{site_only:?}");
    assert!(unknown.2.contains("unknown happening \"registration.maybe\": use registration.confirmed,"), "{unknown:?}");
    assert_eq!(private.0, Some(1));
    assert!(private.2.contains("refused URL \"https://10.1.2.3/x\""), "{private:?}");
    assert_eq!(listed.1, "#1     active http://127.0.0.1:9/crochet  registration.confirmed\n");
    assert_eq!(site.1, "no webhook subscription site-wide\n");
    assert_eq!(paused.1, "webhook subscription #1 paused\n");
    assert!(listed_paused.1.starts_with("#1     paused"), "{listed_paused:?}");
    assert_eq!(resumed.1, "webhook subscription #1 resumed\n");
    let new_secret = rotated.1.trim_end().rsplit(' ').next().unwrap();
    assert!(new_secret.starts_with("whsec_") && new_secret != secret, "{rotated:?}");
    assert_eq!(deliveries.1, "no delivery yet for #1\n");
    assert_eq!(no_delivery.0, Some(1));
    assert!(no_delivery.2.contains("no webhook delivery #999"), "{no_delivery:?}");
    assert_eq!(removed.1, "webhook subscription #1 removed, with its deliveries\n");
    assert!(gone.2.contains("no webhook subscription #1"), "{gone:?}");
    assert_eq!(after.1, format!("no webhook subscription for {slug}\n"));
    let audit = Command::new("python3")
        .args([
            "-c",
            "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('w.db').execute(\
             \"SELECT action FROM audit_log WHERE action LIKE 'webhook.%' AND user_id IS NULL AND details LIKE '%command_line%' ORDER BY id\")))",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&audit.stdout).trim(),
        "webhook.create webhook.pause webhook.resume webhook.rotate webhook.delete"
    );
}
