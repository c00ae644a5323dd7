//! A2: the public pages in a real browser (Debian chromium driven by playwright-core),
//! with axe-core finding zero accessibility violations. The server is the real binary,
//! started as a newcomer would: `rencontres serve --demo`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The real binary serving demo data on a free port; killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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
    let base = line.trim().strip_prefix("rencontres listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
    Server { child, base, _dir: dir }
}

fn run_browser_script(script: &str, base: &str, envs: &[(&str, &str)]) {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut cmd = Command::new("node");
    cmd.arg(format!("{root}/tests/browser/{script}")).arg(base);
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
}

#[test]
fn public_pages_pass_axe_in_chromium_with_dsfr_theme() {
    let server = start_demo_server(&[]);

    run_browser_script("public.mjs", &server.base, &[]);
}

#[test]
fn public_pages_pass_axe_in_chromium_with_neutral_theme() {
    let server = start_demo_server(&[("RENCONTRES_THEME", "neutral")]);

    run_browser_script("public.mjs", &server.base, &[("THEME", "neutral")]);
}

/// The real binary serving demo data, with an administrator created by
/// `rencontres user add --admin` (password on standard input) before it starts.
pub fn start_server_with_admin(email: &str, password: &str) -> Server {
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--database-url", &db])
        .current_dir(dir.path())
        .env("RENCONTRES_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("rencontres listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
    Server { child, base, _dir: dir }
}

/// G1 G2: log in, create an event with an image, preview, publish, see it on the public site;
/// axe-core finds no violation on any organiser page.
#[test]
fn organiser_pages_pass_axe_in_chromium() {
    let password = "cheval agrafe pile correcte";
    let server = start_server_with_admin("admin@example.org", password);

    run_browser_script("organiser.mjs", &server.base, &[("EMAIL", "admin@example.org"), ("PASSWORD", password)]);
}
