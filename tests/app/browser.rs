//! A2 D3: the public pages and the programme in a real browser (Debian chromium driven by playwright-core),
//! with axe-core finding zero accessibility violations. The server is the real binary,
//! started as a newcomer would: `rencontres serve --demo`.

use crate::helpers::{
    SmtpSink, free_port, start_demo_server, start_server_with_admin, start_server_with_admin_env,
    start_server_with_admin_on,
};
use std::process::Command;

/// Runs one walk. `walk` names its RGAA evidence (issue 15 items 7 and 8): the walk writes
/// what each check covered to a temporary file, which must equal the committed
/// `tests/browser/evidence/{walk}.json` (shown on `/organisation/accessibilite`), so that the
/// page never claims more or less than the tests of this version prove. Run with
/// `RENCONTRES_BLESS_EVIDENCE=1` to rewrite the file after changing a walk, and commit it.
fn run_browser_script(walk: &str, script: &str, base: &str, envs: &[(&str, &str)]) {
    let root = env!("CARGO_MANIFEST_DIR");
    let evidence_dir = tempfile::tempdir().unwrap();
    let fresh = evidence_dir.path().join("evidence.json");
    let mut cmd = Command::new("node");
    cmd.arg(format!("{root}/tests/browser/{script}")).arg(base);
    cmd.env("EVIDENCE_OUT", &fresh).env("EVIDENCE_WALK", walk);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run node: {e} (run scripts/install-test-deps.sh)"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser script {script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.lines().any(|l| l.ends_with("passed, 0 failed")), "{stdout}");
    // Shown with --nocapture: the measures the scripts print (`# …` lines).
    println!("{stdout}");
    let fresh = std::fs::read_to_string(&fresh).expect("the walk wrote no RGAA evidence");
    let committed_path = format!("{root}/tests/browser/evidence/{walk}.json");
    if std::env::var_os("RENCONTRES_BLESS_EVIDENCE").is_some() {
        std::fs::write(&committed_path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert_eq!(
        committed, fresh,
        "the RGAA evidence of {walk} changed: check it, rerun with RENCONTRES_BLESS_EVIDENCE=1 and commit {committed_path}"
    );
}

#[test]
fn public_pages_pass_axe_in_chromium_with_dsfr_theme() {
    let server = start_demo_server(&[]);

    run_browser_script("public-dsfr", "public.mjs", &server.base, &[("THEME", "dsfr")]);
}

#[test]
fn public_pages_pass_axe_in_chromium_with_neutral_theme() {
    let server = start_demo_server(&[("RENCONTRES_THEME", "neutral")]);

    run_browser_script("public-neutral", "public.mjs", &server.base, &[("THEME", "neutral")]);
}

#[test]
fn programme_pages_pass_axe_in_chromium_in_another_time_zone() {
    let server = start_demo_server(&[]);

    run_browser_script("programme-dsfr", "programme.mjs", &server.base, &[]);
}

#[test]
fn programme_pages_pass_axe_in_chromium_with_neutral_theme() {
    let server = start_demo_server(&[("RENCONTRES_THEME", "neutral")]);

    run_browser_script("programme-neutral", "programme.mjs", &server.base, &[]);
}

/// G1 G2: log in, create an event with an image, preview, publish, see it on the public site;
/// axe-core finds no violation on any organiser page.
#[test]
fn organiser_pages_pass_axe_in_chromium() {
    let password = "cheval agrafe pile correcte";
    let server = start_server_with_admin("admin@example.org", password);

    run_browser_script(
        "organiser",
        "organiser.mjs",
        &server.base,
        &[("EMAIL", "admin@example.org"), ("PASSWORD", password)],
    );
}

/// C1 C2 C3 C4: propose a talk, read the receipt, edit it; a reviewer invited by mail scores it;
/// the organiser accepts it and announces; the speaker confirms from the decision mail; the
/// talk reaches the programme page. Mail goes through a real SMTP server; axe-core on every page.
#[test]
fn call_for_talks_flow_passes_axe_in_chromium() {
    let password = "cheval agrafe pile correcte";
    let sink = SmtpSink::start(0, 0);
    let port = sink.port.to_string();
    let server = start_server_with_admin_env(
        "admin@example.org",
        password,
        &[
            ("RENCONTRES_MAIL__SMTP_HOST", "127.0.0.1"),
            ("RENCONTRES_MAIL__SMTP_PORT", &port),
            ("RENCONTRES_MAIL__SMTP_TLS", "none"),
        ],
    );

    run_browser_script(
        "cfp",
        "cfp.mjs",
        &server.base,
        &[("EMAIL", "admin@example.org"), ("PASSWORD", password), ("MAIL_DIR", sink.dir.path().to_str().unwrap())],
    );
}

/// B1 B2 B3 B4: two people register in their own browsers, confirm by the link the SMTP
/// server received; one cancels and the other accepts the place offered by mail; the
/// organiser's registration pages are visited; axe-core finds no violation anywhere.
#[test]
fn participant_flow_with_mail_passes_axe_in_chromium() {
    let password = "cheval agrafe pile correcte";
    let sink = SmtpSink::start(0, 0);
    let port = sink.port.to_string();
    let server = start_server_with_admin_env(
        "admin@example.org",
        password,
        &[
            ("RENCONTRES_MAIL__SMTP_HOST", "127.0.0.1"),
            ("RENCONTRES_MAIL__SMTP_PORT", &port),
            ("RENCONTRES_MAIL__SMTP_TLS", "none"),
        ],
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let read_mail = format!("{root}/tests/tools/read_mail.py");

    run_browser_script(
        "participant",
        "participant.mjs",
        &server.base,
        &[
            ("EMAIL", "admin@example.org"),
            ("PASSWORD", password),
            ("SMTP_DIR", sink.dir.path().to_str().unwrap()),
            ("READ_MAIL", &read_mail),
        ],
    );
}

/// E1-E5: every board page passes axe in Chromium, a hostile repository URL is refused next
/// to its field, and the projector shows a participant's change within a second without a
/// reload. The server runs in this process (demo data installed) so that the test can hand a
/// confirmed participant's private link to the script.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn board_pages_pass_axe_and_the_projector_updates_live_in_chromium() {
    use rencontres::domain::event::EventKind;
    let app = crate::helpers::spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await;
    rencontres::demo::install(
        &app.db,
        &app.app.composer,
        app.app.config.base_url(),
        crate::helpers::today(),
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    app.app.refresh_content_version().await.unwrap();
    let event = rencontres::store::event::list_published(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.draft.kind == EventKind::Garagethon)
        .unwrap();
    let token = crate::board::participant(&app, &event, "navigateur@example.org").await;
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let (base, slug, id) = (app.base.clone(), event.draft.slug.to_string(), event.id.to_string());

    tokio::task::spawn_blocking(move || {
        run_browser_script(
            "board",
            "board.mjs",
            &base,
            &[
                ("TOKEN", &token),
                ("SLUG", &slug),
                ("EVENT_ID", &id),
                ("EMAIL", "admin@example.org"),
                ("PASSWORD", crate::organiser::PASSWORD),
            ],
        )
    })
    .await
    .unwrap();
}

/// I1 (issue 16): an organiser signs in with ProConnect in Chromium, against a real OpenID
/// Connect provider on loopback (`oidc-provider`, set up like ProConnect), logs out of both
/// sessions, and a participant fills the registration form from ProConnect; axe-core and vnu
/// on the sign-in page with its button, the forms and the refusal page; then the same sign-in
/// with the Content-Security-Policy enforced (its `form-action` lets the button reach the
/// provider).
#[test]
fn proconnect_sign_in_logout_and_prefill_pass_axe_in_chromium() {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let idp = crate::oidc::Idp::start(&base);
    idp.control(serde_json::json!({ "person": { "email": "admin@example.org" } }));
    let server = start_server_with_admin_on(
        "admin@example.org",
        "cheval agrafe pile correcte",
        &format!("127.0.0.1:{port}"),
        &[
            ("RENCONTRES_BASE_URL", &base),
            ("RENCONTRES_OIDC__ISSUER", &idp.issuer),
            ("RENCONTRES_OIDC__CLIENT_ID", crate::oidc::CLIENT_ID),
            ("RENCONTRES_OIDC__CLIENT_SECRET", crate::oidc::CLIENT_SECRET),
            ("RENCONTRES_OIDC__MINIMUM_ACR", "eidas1"),
            ("RENCONTRES_OIDC__LINK_BY_EMAIL", "true"),
        ],
    );

    run_browser_script("oidc", "oidc.mjs", &server.base, &[("IDP", &idp.base)]);
}
