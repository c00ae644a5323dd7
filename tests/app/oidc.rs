//! I1 (issue 16): sign-in with ProConnect against a real OpenID Connect provider on loopback:
//! `tests/browser/oidc-provider.mjs`, the npm package `oidc-provider` (a certified
//! implementation) set up like ProConnect (endpoints under /api/v2, PKCE required, signed
//! userinfo JWT, ProConnect's claims, `acr`). Its "misbehave" modes rewrite the ID token it
//! answers (another nonce, expired, another audience, another key) for the refusals.
//!
//! The browser here is a cookie-keeping HTTP client that follows each redirect itself, so that
//! a test can hold the provider's answer (a code and a state) and replay or alter it.

use crate::helpers::{Page, TestApp, between, event_draft, spawn_app_with};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const CLIENT_ID: &str = "rencontres-test";
pub const CLIENT_SECRET: &str = "un-secret-de-client-pour-les-tests";
/// The `base_url` of `spawn_app`: the provider sends the browser back there, and the test
/// client turns it into the app's real address.
const SITE: &str = "https://rencontres.example.org";
const PERSON_EMAIL: &str = "camille.dupont@numerique.gouv.fr";

/// The provider process, stopped when dropped.
pub struct Idp {
    child: Child,
    pub base: String,
    pub issuer: String,
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Idp {
    /// Starts the provider; `site` is the base URL the client (this app) is registered with.
    pub fn start(site: &str) -> Idp {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("node")
            .arg(format!("{root}/tests/browser/oidc-provider.mjs"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node: {e} (run scripts/install-test-deps.sh)"));
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("the provider printed its address").unwrap();
            if let Some(base) = line.strip_prefix("oidc-provider listening on ") {
                break base.to_owned();
            }
        };
        let setup = serde_json::json!({
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [format!("{site}/connexion/proconnect/retour")],
            "post_logout_redirect_uris": [format!("{site}/connexion/proconnect/fin")],
        });
        post_json(&format!("{base}/__setup"), &setup);
        Idp { child, issuer: format!("{base}/api/v2"), base }
    }

    /// Changes how the provider behaves: `{"mode": "aud"}`, `{"acr": "eidas1"}`,
    /// `{"person": {...}}`.
    pub fn control(&self, what: serde_json::Value) {
        post_json(&format!("{}/__control", self.base), &what);
    }
}

fn post_json(url: &str, body: &serde_json::Value) {
    let url = url::Url::parse(url).unwrap();
    let mut stream = std::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
    let text = body.to_string();
    use std::io::{Read as _, Write as _};
    write!(
        stream,
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        url.path(),
        text.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

async fn spawn(idp: &Idp, adjust: impl FnOnce(&mut rencontres::config::Config)) -> TestApp {
    let issuer = idp.issuer.clone();
    spawn_app_with(move |c| {
        c.oidc.issuer = Some(issuer);
        c.oidc.client_id = CLIENT_ID.into();
        c.oidc.client_secret = Some(serde_json::from_value(serde_json::json!(CLIENT_SECRET)).unwrap());
        c.oidc.minimum_acr = Some("eidas1".into());
        c.oidc.link_by_email = true;
        adjust(c);
    })
    .await
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn page(res: reqwest::Response) -> Page {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    Page { status, headers, body }
}

/// The pre-session CSRF value of `client` on `app`, read from a form page.
async fn csrf(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let body = client.get(format!("{}{path}", app.base)).send().await.unwrap().text().await.unwrap();
    between(&body, "name=\"csrf\" value=\"", "\"").to_owned()
}

/// The address the site's redirect points to, on the app's real socket.
fn on_app(app: &TestApp, location: &str) -> String {
    match location.strip_prefix(SITE) {
        Some(rest) => format!("{}{rest}", app.base),
        None if location.starts_with('/') => format!("{}{location}", app.base),
        None => location.to_owned(),
    }
}

/// What happened at the provider between the site's redirect and its answer.
struct AtProvider {
    /// The provider's answer: the callback URL on the app, with its code and state.
    callback: String,
    /// Whether the provider asked the person to sign in (no session there yet).
    login_page_shown: bool,
}

/// Follows the provider's redirects from `url` (its authorization endpoint), signing in on
/// its login page when it shows one, until it sends the browser back to the site.
async fn through_provider(app: &TestApp, client: &reqwest::Client, url: &str) -> AtProvider {
    let mut url = url::Url::parse(url).unwrap();
    let mut login_page_shown = false;
    let mut post: Option<Vec<(String, String)>> = None;
    for _ in 0..12 {
        let res = match post.take() {
            Some(fields) => client.post(url.clone()).form(&fields).send().await,
            None => client.get(url.clone()).send().await,
        }
        .unwrap();
        let status = res.status().as_u16();
        if (300..400).contains(&status) {
            let location = res.headers()["location"].to_str().unwrap().to_owned();
            if location.starts_with(SITE) {
                return AtProvider { callback: on_app(app, &location), login_page_shown };
            }
            url = url.join(&location).unwrap();
            continue;
        }
        let body = res.text().await.unwrap();
        assert_eq!(status, 200, "{url}: {body}");
        // A page of the provider: its login page (one button), or its logout form (posted
        // by a script in a browser).
        let form = &body[body.find("<form").expect("a form")..];
        let form = &form[..form.find("</form>").unwrap_or(form.len())];
        let action = between(form, "action=\"", "\"").replace("&amp;", "&");
        login_page_shown |= form.contains("/login\"");
        let fields = form
            .split("<input")
            .skip(1)
            .map(|i| (between(i, "name=\"", "\"").to_owned(), between(i, "value=\"", "\"").to_owned()))
            .collect();
        url = url.join(&action).unwrap();
        post = Some(fields);
    }
    panic!("the provider never sent the browser back");
}

/// Clicks a ProConnect button (a POST to `start`) and goes through the provider.
async fn start_and_sign_in(app: &TestApp, client: &reqwest::Client, form_page: &str, start: &str) -> AtProvider {
    let csrf = csrf(app, client, form_page).await;
    let res = client.post(format!("{}{start}", app.base)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let authorize = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(authorize.starts_with(&format!("{}/api/v2/authorize?", provider_base(&authorize))));
    for wanted in ["code_challenge_method=S256", "code_challenge=", "nonce=", "state=", "acr_values=eidas1"] {
        assert!(authorize.contains(wanted), "{wanted} missing in {authorize}");
    }
    through_provider(app, client, &authorize).await
}

/// `scheme://host:port` of a URL.
pub fn provider_base(url: &str) -> String {
    url::Url::parse(url).unwrap().origin().ascii_serialization()
}

/// Signs in as an organiser through ProConnect and returns the callback's answer.
async fn organiser_sign_in(app: &TestApp, client: &reqwest::Client) -> (Page, bool) {
    let at = start_and_sign_in(app, client, "/connexion", "/connexion/proconnect").await;
    (page(client.get(&at.callback).send().await.unwrap()).await, at.login_page_shown)
}

async fn organisation_status(app: &TestApp, client: &reqwest::Client) -> u16 {
    client.get(format!("{}/organisation", app.base)).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn proconnect_signs_in_an_invited_organiser_and_logout_ends_both_sessions() {
    let idp = Idp::start(SITE);
    let app = spawn(&idp, |_| {}).await;
    let user_id = crate::organiser::add_user(&app, PERSON_EMAIL, false).await;
    let browser = client();
    let login_page = page(browser.get(format!("{}/connexion", app.base)).send().await.unwrap()).await;
    assert!(login_page.body.contains("fr-connect fr-connect--pro"), "{}", login_page.body);
    assert!(login_page.body.contains("name=\"password\""), "password sign-in stays");
    assert!(login_page.header("content-security-policy").contains(&format!("form-action 'self' {}", idp.base)));
    let mark = app.audit_mark().await;

    let (answer, asked) = organiser_sign_in(&app, &browser).await;

    assert_eq!((answer.status, answer.header("location")), (303, "/organisation"), "{}", answer.body);
    assert!(asked, "the provider showed its login page");
    assert_eq!(organisation_status(&app, &browser).await, 200);
    assert_eq!(app.audit_actions_since(mark).await, ["oidc_linked", "login"]);
    let (via, linked): (String, i64) = sqlx::query_as(
        "SELECT a.details, (SELECT COUNT(*) FROM oidc_identities WHERE user_id = $1) FROM audit_log a \
         WHERE a.action = 'login' ORDER BY a.id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert!(via.contains(&idp.issuer), "{via}");
    assert_eq!(linked, 1);

    // Logout: the session here ends, then the provider's (end_session with id_token_hint).
    let dashboard = browser.get(format!("{}/organisation", app.base)).send().await.unwrap().text().await.unwrap();
    let token = between(&dashboard, "name=\"csrf\" value=\"", "\"").to_owned();
    let out = browser.post(format!("{}/deconnexion", app.base)).form(&[("csrf", token.as_str())]).send().await.unwrap();
    assert_eq!(out.status().as_u16(), 303);
    let end = out.headers()["location"].to_str().unwrap().to_owned();
    assert!(end.starts_with(&format!("{}/session/end?", idp.issuer)), "{end}");
    for wanted in [
        "id_token_hint=",
        "state=",
        "post_logout_redirect_uri=https%3A%2F%2Frencontres.example.org%2Fconnexion%2Fproconnect%2Ffin",
    ] {
        assert!(end.contains(wanted), "{wanted} missing in {end}");
    }
    assert_eq!(organisation_status(&app, &browser).await, 303, "the site's session is closed");
    let back = through_provider(&app, &browser, &end).await;
    assert!(back.callback.contains("/connexion/proconnect/fin"), "{}", back.callback);
    let landed = browser.get(&back.callback).send().await.unwrap();
    assert_eq!(landed.headers()["location"], "/connexion?etat=deconnecte");
    // Only the logout this browser asked for says so: the state is used once, and a link
    // made elsewhere lands on the sign-in page with nothing said.
    let replayed = browser.get(&back.callback).send().await.unwrap();
    assert_eq!(replayed.headers()["location"], "/connexion");
    let forged = client().get(format!("{}/connexion/proconnect/fin?state=forge", app.base)).send().await.unwrap();
    assert_eq!(forged.headers()["location"], "/connexion");

    // The provider's session ended too: signing in again asks for the login page again.
    let (again, asked_again) = organiser_sign_in(&app, &browser).await;
    assert_eq!(again.status, 303);
    assert!(asked_again, "the provider's session survived the logout");
}

#[tokio::test]
async fn a_proconnect_identity_alone_gives_no_organiser_account() {
    let idp = Idp::start(SITE);
    // Linking by address is off: an existing account is not reached by its address.
    let app = spawn(&idp, |c| c.oidc.link_by_email = false).await;
    crate::organiser::add_user(&app, PERSON_EMAIL, false).await;

    let (refused, _) = organiser_sign_in(&app, &client()).await;

    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("ne correspond à aucun compte organisateur"), "{}", refused.body);
    assert!(refused.body.contains("<html lang=\"fr\""));
    let identities: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM oidc_identities").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(identities, 0);

    // No account at all, and no domain rule: refused the same.
    let app = spawn(&idp, |_| {}).await;
    let browser = client();
    let (refused, _) = organiser_sign_in(&app, &browser).await;
    assert_eq!(refused.status, 403);
    assert_eq!(organisation_status(&app, &browser).await, 303);

    // An address-domain rule makes an account, with no role.
    let app = spawn(&idp, |c| c.oidc.organiser_domains = vec!["numerique.gouv.fr".into()]).await;
    let browser = client();
    let (admitted, _) = organiser_sign_in(&app, &browser).await;
    assert_eq!((admitted.status, admitted.header("location")), (303, "/organisation"));
    let user = rencontres::store::account::find_by_email(&app.db, PERSON_EMAIL).await.unwrap().unwrap();
    assert_eq!(user.name, "Camille Dupont");
    let account = rencontres::store::account::get_account(&app.db, user.id).await.unwrap();
    assert!(account.grants.is_empty() && !account.user.is_admin);
}

#[tokio::test]
async fn without_an_issuer_there_is_no_proconnect_button_nor_route() {
    let app = spawn_app_with(|_| {}).await;

    let login = app.get("/connexion").await;
    let start = app.post_form("/connexion/proconnect", &[]).await;
    let callback = app.get("/connexion/proconnect/retour?code=x&state=y").await;

    assert!(!login.body.contains("fr-connect"), "{}", login.body);
    assert!(!login.header("content-security-policy").contains("form-action 'self' "));
    assert_eq!((start.status, callback.status), (404, 404));
}

/// One refused answer: the page is French, says why, and no session is open.
async fn assert_refused(app: &TestApp, browser: &reqwest::Client, answer: &Page, status: u16, why: &str) {
    assert_eq!(answer.status, status, "{why}: {}", answer.body);
    assert!(answer.body.contains("Connexion avec ProConnect impossible"), "{}", answer.body);
    assert!(answer.body.contains(why), "expected {why:?} in {}", answer.body);
    assert_eq!(organisation_status(app, browser).await, 303, "{why}: a session was opened");
}

#[tokio::test]
async fn answers_that_do_not_check_out_are_refused_with_a_french_page() {
    let idp = Idp::start(SITE);
    let app = spawn(&idp, |_| {}).await;
    crate::organiser::add_user(&app, PERSON_EMAIL, false).await;

    // A state that is not the one this browser started with.
    let browser = client();
    let at = start_and_sign_in(&app, &browser, "/connexion", "/connexion/proconnect").await;
    let state = between(&at.callback, "state=", "&").to_owned();
    let state = if state.is_empty() { at.callback.rsplit("state=").next().unwrap().to_owned() } else { state };
    let forged = at.callback.replace(&state, &"0".repeat(64));
    let answer = page(browser.get(&forged).send().await.unwrap()).await;
    assert_refused(&app, &browser, &answer, 400, "paramètre « state »").await;

    // A code used once, then given again with a new sign-in's state: the provider refuses it.
    let browser = client();
    let first = start_and_sign_in(&app, &browser, "/connexion", "/connexion/proconnect").await;
    let used = page(browser.get(&first.callback).send().await.unwrap()).await;
    assert_eq!(used.status, 303, "{}", used.body);
    let code = url::Url::parse(&first.callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let second = start_and_sign_in(&app, &browser, "/connexion", "/connexion/proconnect").await;
    let mut replay = url::Url::parse(&second.callback).unwrap();
    let pairs: Vec<(String, String)> = replay
        .query_pairs()
        .map(|(k, v)| if k == "code" { (k.into_owned(), code.clone()) } else { (k.into_owned(), v.into_owned()) })
        .collect();
    replay.query_pairs_mut().clear().extend_pairs(pairs);
    let answer = page(browser.get(replay.as_str()).send().await.unwrap()).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(answer.body.contains("a déjà servi"), "{}", answer.body);
    // The same answer twice: the state was used once.
    let twice = page(browser.get(&first.callback).send().await.unwrap()).await;
    assert_eq!(twice.status, 400);
    assert!(twice.body.contains("paramètre « state »"), "{}", twice.body);

    // The ID token altered by the provider, one way at a time (each in a fresh browser).
    for (mode, why) in [
        ("nonce", "paramètre « nonce »"),
        ("exp", "Le jeton d’identité a expiré."),
        ("aud", "destiné à un autre site"),
        ("signature", "La signature du jeton d’identité"),
    ] {
        idp.control(serde_json::json!({ "mode": mode }));
        let browser = client();
        let (answer, _) = organiser_sign_in(&app, &browser).await;
        assert_refused(&app, &browser, &answer, 400, why).await;
    }
    idp.control(serde_json::json!({ "mode": "" }));

    // A level of assurance below the minimum (eidas1).
    idp.control(serde_json::json!({ "acr": "https://proconnect.gouv.fr/assurance/self-asserted" }));
    let browser = client();
    let (answer, _) = organiser_sign_in(&app, &browser).await;
    assert_refused(&app, &browser, &answer, 403, "niveau de garantie").await;

    // The provider behaving again, the same person signs in.
    idp.control(serde_json::json!({ "acr": "eidas2" }));
    let browser = client();
    let (answer, _) = organiser_sign_in(&app, &browser).await;
    assert_eq!((answer.status, answer.header("location")), (303, "/organisation"), "{}", answer.body);
}

#[tokio::test]
async fn proconnect_fills_the_registration_form_and_vouches_for_the_address() {
    let idp = Idp::start(SITE);
    let app = spawn(&idp, |_| {}).await;
    let event = app.add_event(event_draft("Rencontre ProConnect", 20)).await;
    app.open_registrations(&event, 10).await;
    let form_path = format!("/evenements/{}/inscription", event.draft.slug);
    let browser = client();
    let plain = page(browser.get(format!("{}{form_path}", app.base)).send().await.unwrap()).await;
    assert!(plain.body.contains("Remplir avec"), "{}", plain.body);

    let at = start_and_sign_in(&app, &browser, &form_path, &format!("{form_path}/proconnect")).await;
    let back = browser.get(&at.callback).send().await.unwrap();
    assert_eq!(back.headers()["location"].to_str().unwrap(), format!("{form_path}?proconnect=1"));
    let filled = page(browser.get(format!("{}{form_path}?proconnect=1", app.base)).send().await.unwrap()).await;

    assert_eq!(filled.status, 200);
    assert!(filled.body.contains("value=\"Camille Dupont\""), "{}", filled.body);
    assert!(filled.body.contains(&format!("value=\"{PERSON_EMAIL}\"")));
    assert!(filled.body.contains("<option value=\"public_agent\" selected>"), "{}", filled.body);
    assert!(filled.body.contains("13002526500013"));
    let csrf = between(&filled.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let sent = browser
        .post(format!("{}{form_path}", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Camille Dupont"),
            ("email", PERSON_EMAIL),
            ("organisation", "Direction interministérielle du numérique"),
            ("status", "public_agent"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 303);
    let done = sent.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(done, format!("{form_path}/envoyee?verifiee=1"));
    let done = page(browser.get(format!("{}{done}", app.base)).send().await.unwrap()).await;
    assert!(done.body.contains("ProConnect a vérifié votre adresse"), "{}", done.body);
    let again = page(browser.get(format!("{}{form_path}?proconnect=1", app.base)).send().await.unwrap()).await;
    assert!(!again.body.contains("Formulaire rempli avec ProConnect"), "the prefill served once");

    // The address is vouched for: a place at once, no mail asking to confirm it.
    assert_eq!(app.states(&event).await, [(PERSON_EMAIL.to_owned(), "confirmed".to_owned())]);
    let (siret, organisation): (String, String) =
        sqlx::query_as("SELECT siret, organisation FROM registrations WHERE email = $1")
            .bind(PERSON_EMAIL)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (siret.as_str(), organisation.as_str()),
        ("13002526500013", "Direction interministérielle du numérique")
    );
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM messages ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
    assert!(!kinds.iter().any(|k| k.contains("confirm_email")), "{kinds:?}");
    assert_eq!(kinds.len(), 1, "{kinds:?}");

    // The organisers see it in the list of registrations, can search by it, and it is part
    // of the person's data (B7).
    crate::organiser::add_user(&app, "admin@example.org", true).await;
    let organiser = crate::organiser::Browser::new(&app);
    organiser.login("admin@example.org", crate::organiser::PASSWORD).await;
    let list = organiser.get(&format!("/organisation/evenements/{}/inscriptions?q=130025", event.id)).await;
    assert!(list.body.contains("SIRET 13002526500013 (ProConnect)"), "{}", list.body);
    assert!(list.body.contains("1 inscription(s)"), "{}", list.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM registrations WHERE email = $1")
        .bind(PERSON_EMAIL)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let data =
        organiser.get(&format!("/organisation/evenements/{}/inscriptions/donnees?registration={id}", event.id)).await;
    let data: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(data["registration"]["siret"], "13002526500013");

    // Another address typed in the same browser is not vouched for: it is confirmed by mail.
    app.register(&event, "autre.personne@example.org").await;
    let states = app.states(&event).await;
    assert!(states.contains(&("autre.personne@example.org".to_owned(), "pending_email".to_owned())), "{states:?}");
}

#[tokio::test]
async fn proconnect_fills_the_first_speaker_of_a_proposal_and_keeps_the_siret() {
    use jiff::{SignedDuration, Timestamp};
    use rencontres::domain::cfp::{CallSettings, Window, parse_format_line};
    let idp = Idp::start(SITE);
    let app = spawn(&idp, |_| {}).await;
    let admin_id = crate::organiser::add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Appel ProConnect", 40)).await;
    let admin = rencontres::store::account::get_account(&app.db, admin_id).await.unwrap();
    let right = rencontres::domain::account::authorise_edit(&admin, event.id).unwrap();
    let local = |t: Timestamp| t.to_zoned(rencontres::domain::event::paris()).datetime();
    let settings = CallSettings {
        window: Window::from_paris(
            local(Timestamp::now() - SignedDuration::from_hours(24)),
            local(Timestamp::now() + SignedDuration::from_hours(24 * 10)),
        ),
        decisions_by: None,
        programme_by: None,
        intro: String::new(),
        formats: vec![parse_format_line("Intervention courte | 5 | 20").unwrap()],
        questions: vec![],
        criteria: vec![],
        anonymous: false,
        show_accepted: true,
        announced_at: None,
    };
    rencontres::store::cfp::settings::save_settings(&app.db, &right, &settings, Timestamp::now()).await.unwrap();
    app.app.refresh_content_version().await.unwrap();
    let call = format!("/evenements/{}/appel", event.draft.slug);
    let browser = client();

    let at = start_and_sign_in(&app, &browser, &call, &format!("{call}/proconnect")).await;
    let back = browser.get(&at.callback).send().await.unwrap();
    assert_eq!(back.headers()["location"].to_str().unwrap(), format!("{call}?proconnect=1"));
    let filled = page(browser.get(format!("{}{call}?proconnect=1", app.base)).send().await.unwrap()).await;

    assert!(filled.body.contains("Intervenant rempli avec ProConnect"), "{}", filled.body);
    assert!(filled.body.contains("value=\"Camille Dupont\""), "{}", filled.body);
    assert!(filled.body.contains(&format!("value=\"{PERSON_EMAIL}\"")));
    let csrf = between(&filled.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let sent = browser
        .post(format!("{}{call}", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("title", "Mutualiser avec ProConnect"),
            ("summary", "Un résumé."),
            ("administration", "Direction interministérielle du numérique"),
            ("subject", "Identité"),
            ("audience", "Agents publics"),
            ("format", "Intervention courte"),
            ("minutes", "15"),
            ("s0_name", "Camille Dupont"),
            ("s0_email", PERSON_EMAIL),
            ("s0_organisation", "DINUM"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 303, "{}", sent.text().await.unwrap());
    let siret: String = sqlx::query_scalar("SELECT siret FROM proposals WHERE email = $1")
        .bind(PERSON_EMAIL)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(siret, "13002526500013");
    // The organisers read it on the proposal's page.
    let organiser = crate::organiser::Browser::new(&app);
    organiser.login("admin@example.org", crate::organiser::PASSWORD).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM proposals WHERE email = $1")
        .bind(PERSON_EMAIL)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let shown = organiser.get(&format!("/organisation/evenements/{}/appel/proposition?n={id}", event.id)).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.contains("<dt>SIRET (ProConnect)</dt><dd>13002526500013</dd>"), "{}", shown.body);
}
