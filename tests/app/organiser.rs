//! G1 G2 G4: the organiser space over a real socket with a cookie-aware client: login,
//! logout, reset and invitation links, session expiry, CSRF, rate limits, the role matrix over
//! the whole route table, hostile input, drafts, image upload and the audit log.

use crate::helpers::{Page, TestApp, between, event_draft, spawn_app_with, unescape};
use rencontres::domain::account::{Grant, Role, authorise_admin};
use rencontres::domain::event::Event;
use rencontres::domain::event::EventId;
use rencontres::store;
use rencontres::web::organiser::{Access, ROUTES, RouteSpec};

pub const PASSWORD: &str = "cheval agrafe pile correcte";

/// A browser: its own cookie jar, no automatic redirects.
pub struct Browser {
    client: reqwest::Client,
    base: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { client, base: app.base.clone() }
    }

    async fn page(res: reqwest::Response) -> Page {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap();
        Page { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.client.get(format!("{}{path}", self.base)).send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page(self.client.post(format!("{}{path}", self.base)).form(fields).send().await.unwrap()).await
    }

    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Page {
        Self::page(self.client.post(format!("{}{path}", self.base)).multipart(form).send().await.unwrap()).await
    }

    /// The status, headers and raw bytes of a download.
    pub async fn get_bytes(&self, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let res = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        (status, headers, res.bytes().await.unwrap().to_vec())
    }

    /// The CSRF value of the first form on `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        between(&page.body, "name=\"csrf\" value=\"", "\"").to_owned()
    }

    /// Submits the login form as a person would: page first (pre-session cookie), then POST.
    pub async fn login(&self, email: &str, password: &str) -> Page {
        let csrf = self.csrf("/connexion").await;
        self.post("/connexion", &[("csrf", &csrf), ("email", email), ("password", password)]).await
    }

    /// POSTs a one-button form of the organiser space with this session's CSRF value.
    pub async fn action(&self, path: &str) -> Page {
        let csrf = self.csrf("/organisation").await;
        self.post(path, &[("csrf", &csrf)]).await
    }

    /// Posts an irreversible action as its confirmation page does (`confirme=oui`).
    pub async fn confirmed_action(&self, path: &str) -> Page {
        let csrf = self.csrf("/organisation").await;
        self.post(path, &[("csrf", &csrf), ("confirme", "oui")]).await
    }
}

/// An app served over http (so that the cookie jar sends its non-`Secure` cookies).
pub async fn spawn() -> TestApp {
    spawn_app_with(|c| c.base_url = "http://127.0.0.1".into()).await
}

pub async fn add_user(app: &TestApp, email: &str, is_admin: bool) -> i64 {
    let hash = app.app.hasher.hash(PASSWORD.to_owned()).await.unwrap();
    store::account::create_user(&app.db, email, "", is_admin, Some(&hash), jiff::Timestamp::now()).await.unwrap().id
}

pub async fn grant(app: &TestApp, admin_id: i64, email: &str, role: Role, event_id: EventId) {
    let admin = store::account::get_account(&app.db, admin_id).await.unwrap();
    let right = authorise_admin(&admin).unwrap();
    let req = store::account::InviteRequest {
        email: email.into(),
        name: String::new(),
        is_admin: false,
        grant: Some(Grant { event_id, role }),
    };
    let invited = rencontres::mail::account::Invited::Role { role: role.label_fr(), event_title: "l'événement" };
    let mail = rencontres::mail::account::invitation(&app.app.composer, app.app.config.base_url(), &req.name, invited)
        .unwrap();
    store::account::invite(&app.db, &mail, &right, &req, jiff::Timestamp::now()).await.unwrap();
}

/// The subject of the last queued mail to `to`, and the path of the first link to `prefix`
/// in its text.
async fn last_mail_link(app: &TestApp, to: &str, prefix: &str) -> (String, String) {
    let messages = store::message::list(&app.db, None, 100).await.unwrap();
    let m = messages.iter().find(|m| m.to == to).unwrap_or_else(|| panic!("no mail to {to}"));
    let start = m
        .body_text
        .find(&format!("http://127.0.0.1{prefix}"))
        .unwrap_or_else(|| panic!("no {prefix} link in {}", m.body_text));
    let url = m.body_text[start..].split_whitespace().next().unwrap();
    (m.subject.clone(), url.trim_start_matches("http://127.0.0.1").to_owned())
}

pub async fn signed_in(app: &TestApp, email: &str) -> Browser {
    let b = Browser::new(app);
    let res = b.login(email, PASSWORD).await;
    assert_eq!((res.status, res.header("location")), (303, "/organisation"), "{}", res.body);
    b
}

/// The fields of a complete event form.
pub(crate) fn event_fields<'a>(csrf: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("title", title),
        ("slug", ""),
        ("kind", "hackathon"),
        ("summary", "Deux jours pour contribuer."),
        ("body_md", "## Programme\n\nDes **ateliers**."),
        ("start_date", "2030-01-09"),
        ("end_date", "2030-01-10"),
        ("start_time", "10:00"),
        ("end_time", "17:00"),
        ("venue_name", "Lieu de la Transformation Publique"),
        ("venue_address", "77 avenue de Ségur, 75015 Paris"),
        ("venue_room", "Salle 2"),
        ("venue_osm_url", "https://osm.org/go/0BOdSvERD"),
        ("audience", "Agents publics"),
        ("tags", "bluehats, hackathon"),
        ("links", "S’inscrire | https://example.org/inscription"),
        ("contact_email", "contact@example.org"),
        ("action", "save"),
    ]
}

/// Creates an event through the form and returns its id (from the redirect).
pub(crate) async fn create_event(b: &Browser, title: &str) -> i64 {
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let res = b.post("/organisation/evenements", &event_fields(&csrf, title)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    // Issue 19: the editor opens with « Événement créé ».
    let loc = res.header("location").strip_suffix("?fait=cree").unwrap_or_else(|| panic!("{}", res.header("location")));
    loc.trim_start_matches("/organisation/evenements/").trim_end_matches("/modifier").parse().unwrap()
}

fn h1(body: &str) -> String {
    unescape(between(body, "<h1>", "</h1>").trim())
}

#[tokio::test]
async fn login_with_right_password_opens_the_dashboard() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", true).await;
    let b = Browser::new(&app);

    let res = b.login("Alice@Example.org", PASSWORD).await;

    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/organisation");
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("rencontres_session="), "{cookie}");
    assert_eq!(cookie.split_once(';').unwrap().1, " Path=/; HttpOnly; SameSite=Lax");
    let dash = b.get("/organisation").await;
    assert_eq!(dash.status, 200);
    assert_eq!(h1(&dash.body), "Mes événements");
    assert_eq!(dash.header("cache-control"), "no-store");
}

/// Issue 13: under https both cookies carry the `__Host-` prefix, so that a sibling
/// subdomain or a plain-http page cannot set or shadow them.
#[tokio::test]
async fn cookies_are_host_prefixed_and_secure_when_base_url_is_https() {
    let app = spawn_app_with(|c| c.base_url = "https://rencontres.example.org".into()).await;
    add_user(&app, "alice@example.org", false).await;
    let csrf_page = app.get("/connexion").await;
    let pre = csrf_page.header("set-cookie").to_owned();
    let csrf = between(&csrf_page.body, "name=\"csrf\" value=\"", "\"").to_owned();

    let res = app
        .client
        .post(format!("{}/connexion", app.base))
        .header("cookie", pre.split(';').next().unwrap())
        .form(&[("csrf", csrf.as_str()), ("email", "alice@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();

    assert_eq!(pre, format!("__Host-rencontres_csrf={csrf}; Path=/; HttpOnly; SameSite=Lax; Secure"));
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    let (name_value, attributes) = cookie.split_once(';').unwrap();
    assert_eq!(name_value.split_once('=').unwrap().0, "__Host-rencontres_session");
    assert_eq!(attributes, " Path=/; HttpOnly; SameSite=Lax; Secure");
    let dash = app.client.get(format!("{}/organisation", app.base)).header("cookie", name_value).send().await.unwrap();
    assert_eq!(dash.status(), 200);
}

#[tokio::test]
async fn login_wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let b = Browser::new(&app);

    let wrong = b.login("alice@example.org", "pas le bon mot de passe").await;
    let unknown = b.login("bob@example.org", PASSWORD).await;

    assert_eq!((wrong.status, unknown.status), (422, 422));
    let alert = |p: &Page| between(&p.body, "id=\"erreurs\" tabindex=\"-1\" autofocus><p>", "</p>").to_owned();
    assert_eq!(alert(&wrong), "Adresse électronique ou mot de passe incorrect.");
    assert_eq!(alert(&unknown), alert(&wrong));
    assert_eq!(wrong.header("set-cookie"), "");
    assert_eq!(b.get("/organisation").await.header("location"), "/connexion");
}

#[tokio::test]
async fn organiser_page_anonymous_redirects_to_login() {
    let app = spawn().await;

    let res = Browser::new(&app).get("/organisation").await;

    assert_eq!((res.status, res.header("location")), (303, "/connexion"));
}

#[tokio::test]
async fn logout_closes_the_session_even_for_a_copied_cookie() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let b = signed_in(&app, "alice@example.org").await;
    let token: String = sqlx::query_scalar("SELECT id_hash FROM sessions").fetch_one(app.db.pool()).await.unwrap();

    let res = b.action("/deconnexion").await;

    assert_eq!((res.status, res.header("location")), (303, "/connexion?etat=deconnecte"));
    assert_eq!(res.header("set-cookie"), "rencontres_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1")
        .bind(&token)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(b.get("/organisation").await.header("location"), "/connexion");
}

#[tokio::test]
async fn logout_everywhere_closes_the_other_devices_sessions() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let laptop = signed_in(&app, "alice@example.org").await;
    let phone = signed_in(&app, "alice@example.org").await;
    assert_eq!(phone.get("/organisation").await.status, 200);

    let res = laptop.action("/deconnexion-partout").await;

    assert_eq!((res.status, res.header("location")), (303, "/connexion?etat=deconnecte-partout"));
    assert_eq!(phone.get("/organisation").await.header("location"), "/connexion");
    assert_eq!(laptop.get("/organisation").await.header("location"), "/connexion");
}

#[tokio::test]
async fn login_rotates_the_session_id() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let b = signed_in(&app, "alice@example.org").await;

    b.login("alice@example.org", PASSWORD).await;

    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn session_expired_redirects_to_login() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let b = signed_in(&app, "alice@example.org").await;

    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(jiff::Timestamp::now().as_second() - 1)
        .execute(app.db.pool())
        .await
        .unwrap();

    assert_eq!(b.get("/organisation").await.header("location"), "/connexion");
}

#[tokio::test]
async fn password_reset_by_link_replaces_the_password_once() {
    let app = spawn().await;
    let id = add_user(&app, "alice@example.org", false).await;
    let b = Browser::new(&app);
    let csrf = b.csrf("/mot-de-passe-oublie").await;

    let asked = b.post("/mot-de-passe-oublie", &[("csrf", &csrf), ("email", "alice@example.org")]).await;

    assert_eq!((asked.status, asked.header("location")), (303, "/mot-de-passe-oublie?etat=lien-envoye"));
    let (subject, path) = last_mail_link(&app, "alice@example.org", "/mot-de-passe/").await;
    assert_eq!(subject, "Réinitialisation de votre mot de passe");
    let audit: (Option<i64>, String) = sqlx::query_as("SELECT user_id, action FROM audit_log ORDER BY id DESC LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(audit, (Some(id), "password_reset_requested".to_owned()));
    let form = b.get(&path).await;
    assert_eq!((form.status, h1(&form.body)), (200, "Nouveau mot de passe".to_owned()));
    let csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let weak = b.post(&path, &[("csrf", &csrf), ("password", "motdepasse123"), ("confirm", "motdepasse123")]).await;
    assert_eq!(weak.status, 422);
    assert_eq!(
        between(&weak.body, "class=\"fr-error-text\">", "</p>"),
        "Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots."
    );
    let new = "girafe orange sous la pluie";
    let done = b.post(&path, &[("csrf", &csrf), ("password", new), ("confirm", new)]).await;
    assert_eq!((done.status, done.header("location")), (303, "/organisation?fait=mot-de-passe-change"));
    let home = b.get("/organisation?fait=mot-de-passe-change").await;
    assert_eq!(home.status, 200, "signed in after choosing the password");
    assert!(home.body.contains("Votre nouveau mot de passe est enregistré et vous êtes connecté."), "{}", home.body);
    let other = Browser::new(&app);
    assert_eq!(other.login("alice@example.org", PASSWORD).await.status, 422);
    assert_eq!(other.login("alice@example.org", new).await.status, 303);
    assert_eq!(b.get(&path).await.status, 404);
}

/// Issue 13: older reset links survived a password change and could change it again.
#[tokio::test]
async fn password_change_by_link_voids_the_older_links_of_the_account() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;
    let b = Browser::new(&app);
    let csrf = b.csrf("/mot-de-passe-oublie").await;
    b.post("/mot-de-passe-oublie", &[("csrf", &csrf), ("email", "alice@example.org")]).await;
    let (_, older) = last_mail_link(&app, "alice@example.org", "/mot-de-passe/").await;
    b.post("/mot-de-passe-oublie", &[("csrf", &csrf), ("email", "alice@example.org")]).await;
    let (_, newer) = last_mail_link(&app, "alice@example.org", "/mot-de-passe/").await;
    let form = b.get(&newer).await;
    let form_csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let new = "girafe orange sous la pluie";

    let done = b.post(&newer, &[("csrf", &form_csrf), ("password", new), ("confirm", new)]).await;

    assert_ne!(older, newer);
    assert_eq!((done.status, done.header("location")), (303, "/organisation?fait=mot-de-passe-change"));
    assert_eq!(b.get(&older).await.status, 404);
    assert_eq!(b.login("alice@example.org", new).await.status, 303);
}

#[tokio::test]
async fn password_reset_for_unknown_email_answers_the_same_and_issues_nothing() {
    let app = spawn().await;
    let b = Browser::new(&app);
    let csrf = b.csrf("/mot-de-passe-oublie").await;

    let res = b.post("/mot-de-passe-oublie", &[("csrf", &csrf), ("email", "nobody@example.org")]).await;

    assert_eq!((res.status, res.header("location")), (303, "/mot-de-passe-oublie?etat=lien-envoye"));
    assert_eq!(store::message::list(&app.db, None, 10).await.unwrap().len(), 0);
}

#[tokio::test]
async fn invitation_accepted_sets_the_password_and_grants_the_role() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app.add_event(event_draft("Hackathon BlueHats", 30)).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let csrf = admin.csrf("/organisation/utilisateurs").await;
    let event_id = event.id.to_string();

    let res = admin
        .post(
            "/organisation/utilisateurs",
            &[
                ("csrf", &csrf),
                ("email", "Bob@Example.org"),
                ("name", "Bob"),
                ("role", "organiser"),
                ("event_id", &event_id),
            ],
        )
        .await;

    assert_eq!((res.status, res.header("location")), (303, "/organisation/utilisateurs?etat=invite"));
    let (subject, path) = last_mail_link(&app, "bob@example.org", "/invitation/").await;
    assert_eq!(subject, "Invitation à l’espace organisateur de Rencontres BlueHats");
    let bob = Browser::new(&app);
    let form = bob.get(&path).await;
    assert_eq!(h1(&form.body), "Activer votre compte");
    assert_eq!(between(&form.body, "Compte : <strong>", "</strong>"), "bob@example.org");
    let csrf = between(&form.body, "name=\"csrf\" value=\"", "\"").to_owned();
    let done = bob.post(&path, &[("csrf", &csrf), ("password", PASSWORD), ("confirm", PASSWORD)]).await;
    assert_eq!(done.header("location"), "/organisation?fait=compte-active");
    let dash = bob.get("/organisation?fait=compte-active").await;
    assert!(dash.body.contains("Votre compte est activé et vous êtes connecté."), "{}", dash.body);
    assert_eq!(Browser::new(&app).login("bob@example.org", PASSWORD).await.status, 303);
    assert_eq!(
        between(&dash.body, "<td><a href=\"/organisation/evenements/", "</a>"),
        format!("{}\">Hackathon BlueHats", event.id)
    );
    assert_eq!(bob.get(&format!("/organisation/evenements/{}/modifier", event.id)).await.status, 200);
}

#[tokio::test]
async fn csrf_missing_or_wrong_is_refused_with_403() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let event = app
        .add_event(rencontres::domain::event::EventDraft {
            status: rencontres::domain::event::EventStatus::Draft,
            ..event_draft("Brouillon", 30)
        })
        .await;
    let b = signed_in(&app, "admin@example.org").await;
    let path = format!("/organisation/evenements/{}/publier", event.id);

    let wrong = b.post(&path, &[("csrf", &"0".repeat(64))]).await;
    let missing = b.post(&path, &[]).await;

    assert_eq!((wrong.status, missing.status), (403, 403));
    assert_eq!(h1(&wrong.body), "Accès refusé");
    assert_eq!(
        between(&wrong.body, "fr-text--lead\">", "</p>"),
        "Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et recommencez."
    );
    assert_eq!(
        store::event::get(&app.db, event.id).await.unwrap().draft.status,
        rencontres::domain::event::EventStatus::Draft
    );
}

#[tokio::test]
async fn login_without_pre_session_cookie_is_refused_with_403() {
    let app = spawn().await;
    add_user(&app, "alice@example.org", false).await;

    let res = Browser::new(&app)
        .post("/connexion", &[("csrf", &"a".repeat(64)), ("email", "alice@example.org"), ("password", PASSWORD)])
        .await;

    assert_eq!(res.status, 403);
    assert_eq!(res.header("set-cookie"), "");
}

#[tokio::test]
async fn login_burst_gets_429_with_retry_after_and_a_french_page() {
    let app = spawn_app_with(|c| {
        c.base_url = "http://127.0.0.1".into();
        c.login_attempts_per_minute = 3;
    })
    .await;
    let b = Browser::new(&app);

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(b.login("alice@example.org", "pas le bon mot de passe").await);
    }

    assert_eq!(statuses.iter().map(|p| p.status).collect::<Vec<_>>(), [422, 422, 422, 429]);
    assert_eq!(statuses[3].header("retry-after"), "20");
    assert_eq!(h1(&statuses[3].body), "Trop de requêtes");
}

/// What a user may get from a route: sent to the login page, refused, or served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Login,
    Forbidden,
    Served,
}

fn expected(access: Access, who: &str) -> Outcome {
    use Access::*;
    match (who, access) {
        ("anonymous", _) => Outcome::Login,
        ("admin", _) | (_, SignedIn) => Outcome::Served,
        ("other_organiser", Creator) => Outcome::Served,
        ("reviewer", Viewer) => Outcome::Served,
        ("check_in", Door) => Outcome::Served,
        _ => Outcome::Forbidden,
    }
}

#[tokio::test]
async fn role_matrix_over_every_organiser_route() {
    let app = spawn_app_with(|c| {
        c.base_url = "http://127.0.0.1".into();
        c.login_attempts_per_minute = 100_000;
    })
    .await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    add_user(&app, "other@example.org", false).await;
    add_user(&app, "reviewer@example.org", false).await;
    add_user(&app, "door@example.org", false).await;
    let target = app.add_event(event_draft("Événement cible", 30)).await;
    let elsewhere = app.add_event(event_draft("Autre événement", 40)).await;
    grant(&app, admin_id, "other@example.org", Role::Organiser, elsewhere.id).await;
    grant(&app, admin_id, "reviewer@example.org", Role::Reviewer, target.id).await;
    grant(&app, admin_id, "door@example.org", Role::CheckIn, target.id).await;
    let protected: Vec<&RouteSpec> = ROUTES.iter().filter(|r| r.access != Access::Anyone).collect();
    // Logging out ends the session: those two routes go last (every route has a fresh login).
    let (logouts, others): (Vec<&RouteSpec>, Vec<&RouteSpec>) =
        protected.into_iter().partition(|r| r.path.starts_with("/deconnexion"));

    let mut actual = Vec::new();
    let mut wanted = Vec::new();
    for who in ["anonymous", "other_organiser", "reviewer", "check_in", "admin"] {
        let email = match who {
            "other_organiser" => "other@example.org",
            "reviewer" => "reviewer@example.org",
            "check_in" => "door@example.org",
            _ => "admin@example.org",
        };
        for route in others.iter().chain(logouts.iter()) {
            let b = Browser::new(&app);
            let csrf = if who == "anonymous" {
                String::new()
            } else {
                assert_eq!(b.login(email, PASSWORD).await.status, 303);
                b.csrf("/organisation").await
            };
            let path = route.path.replace("{id}", &target.id.to_string());
            let res = if route.method == "GET" { b.get(&path).await } else { b.post(&path, &[("csrf", &csrf)]).await };
            let outcome = match (res.status, res.header("location")) {
                (303, "/connexion") => Outcome::Login,
                (403, _) => Outcome::Forbidden,
                (404 | 405, _) => {
                    panic!("{} {path} does not exist: {} (as {who})\n{}", route.method, res.status, res.body)
                }
                (s, _) if s >= 500 => panic!("{} {path} failed for {who}: {s}", route.method),
                _ => Outcome::Served,
            };
            actual.push((who, route.method, route.path, outcome));
            wanted.push((who, route.method, route.path, expected(route.access, who)));
        }
    }

    assert_eq!(actual, wanted);
    assert_eq!(ROUTES.iter().filter(|r| r.access == Access::Anyone).count(), 15);
}

/// Issue 13: nested Markdown cost more than quadratic time: 40,000 `>` made the event page take
/// 4.5 s. A body that long is refused by the form; the importer's are bounded when rendered.
#[tokio::test]
async fn hostile_markdown_body_is_refused_by_the_form_and_renders_fast_when_imported() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let long = ">".repeat(100_001);
    let mut fields = event_fields(&csrf, "Citations imbriquées");
    for (k, v) in fields.iter_mut() {
        if *k == "body_md" {
            *v = &long;
        }
    }
    let mut imported = event_draft("Import imbriqué", 5);
    imported.body_md = ">".repeat(40_000) + " fin";
    app.add_event(imported).await;

    let refused = b.post("/organisation/evenements", &fields).await;
    let started = std::time::Instant::now();
    let page = app.get("/evenements/import-imbrique").await;
    let took = started.elapsed();

    assert_eq!(refused.status, 422);
    assert_eq!(
        between(&refused.body, "id=\"f-body_md-error\" class=\"fr-error-text\">", "</p>"),
        "Le texte dépasse 100\u{202f}000 caractères : raccourcissez-le."
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("<blockquote>").count(), rencontres::markdown::MAX_DEPTH);
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

/// Issue 19: a new event with the title of an existing one failed on its address; the derived
/// address takes the first free suffix, and an address typed by the organiser is still refused.
#[tokio::test]
async fn new_event_with_an_existing_title_gets_a_suffix_but_a_typed_slug_is_refused() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let first = create_event(&b, "Journée BlueHats").await;

    let second = create_event(&b, "Journée BlueHats").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let mut typed = event_fields(&csrf, "Autre journée");
    for (k, v) in typed.iter_mut() {
        if *k == "slug" {
            *v = "journee-bluehats";
        }
    }
    let refused = b.post("/organisation/evenements", &typed).await;

    let slug = |id: i64| {
        let db = app.db.clone();
        async move { store::event::get(&db, EventId::new(id)).await.unwrap().draft.slug.to_string() }
    };
    assert_eq!(slug(first).await, "journee-bluehats");
    assert_eq!(slug(second).await, "journee-bluehats-2");
    assert_eq!(refused.status, 422);
    assert_eq!(
        between(&refused.body, "id=\"f-slug-error\" class=\"fr-error-text\">", "</p>"),
        "Cet identifiant d’adresse est déjà pris par un autre événement."
    );
}

const XSS: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

#[tokio::test]
async fn xss_in_every_text_field_comes_back_inert_on_every_page() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let body = format!("{XSS}\n\n[clic](javascript:alert(3))");
    let links = format!("{XSS} | https://example.org/?q=\"><script>alert(4)</script>");
    let mut fields = event_fields(&csrf, "");
    for (k, v) in fields.iter_mut() {
        match *k {
            "title" | "summary" | "venue_name" | "venue_address" | "venue_room" | "audience" => *v = XSS,
            "slug" => *v = "xss-test",
            "body_md" => *v = &body,
            "links" => *v = &links,
            _ => {}
        }
    }

    let res = b.post("/organisation/evenements", &fields).await;

    assert_eq!(res.status, 303, "{}", res.body);
    let id: i64 = res.header("location").split('/').nth(3).unwrap().parse().unwrap();
    fields.retain(|(k, _)| *k != "action");
    fields.push(("action", "preview"));
    let preview = b.post(&format!("/organisation/evenements/{id}/modifier"), &fields).await;
    assert_eq!(b.action(&format!("/organisation/evenements/{id}/publier")).await.status, 303);
    let pages = [
        b.get("/organisation").await,
        b.get(&format!("/organisation/evenements/{id}")).await,
        b.get(&format!("/organisation/evenements/{id}/modifier")).await,
        preview,
        app.get("/").await,
        app.get("/evenements").await,
        app.get("/evenements/xss-test").await,
        app.get("/flux.atom").await,
    ];
    for page in &pages {
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(!page.body.contains("<script>alert"), "{}", page.body);
        assert!(!page.body.contains("<img src=x"), "{}", page.body);
        assert!(!page.body.contains("href=\"javascript:"), "{}", page.body);
    }
    assert_eq!(unescape(between(&pages[6].body, "id=\"titre-evenement\">", "</h1>")), XSS);
}

#[tokio::test]
async fn draft_is_invisible_to_the_public_until_published() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Garagethon secret").await;
    let before = app.get("/evenements/garagethon-secret").await;
    let list_before = app.get("/evenements").await;

    let published = b.action(&format!("/organisation/evenements/{id}/publier")).await;
    let after = app.get("/evenements/garagethon-secret").await;
    b.action(&format!("/organisation/evenements/{id}/depublier")).await;
    let withdrawn = app.get("/evenements/garagethon-secret").await;

    assert_eq!(before.status, 404);
    assert!(!list_before.body.contains("Garagethon secret"));
    assert_eq!(
        (published.status, published.header("location")),
        (303, format!("/organisation/evenements/{id}?fait=publie").as_str())
    );
    assert_eq!((after.status, between(&after.body, "id=\"titre-evenement\">", "</h1>")), (200, "Garagethon secret"));
    assert_eq!(withdrawn.status, 404);
}

#[tokio::test]
async fn event_form_errors_are_shown_next_to_fields_with_the_input_kept() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let mut fields = event_fields(&csrf, "Atelier");
    for (k, v) in fields.iter_mut() {
        if *k == "end_date" {
            *v = "2029-12-31";
        }
        if *k == "contact_email" {
            *v = "pas-une-adresse";
        }
    }

    let res = b.post("/organisation/evenements", &fields).await;

    assert_eq!(res.status, 422);
    assert_eq!(
        between(&res.body, "id=\"f-end_date-error\" class=\"fr-error-text\">", "</p>"),
        "La date de fin précède la date de début."
    );
    assert_eq!(
        unescape(between(&res.body, "id=\"f-contact_email-error\" class=\"fr-error-text\">", "</p>")),
        "L'adresse électronique n'est pas valide."
    );
    assert_eq!(between(&res.body, "id=\"f-venue_room\" name=\"venue_room\" value=\"", "\""), "Salle 2");
    assert_eq!(res.body.matches("fr-input-group--error").count(), 2);
}

#[tokio::test]
async fn preview_renders_markdown_without_saving() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let mut fields = event_fields(&csrf, "Aperçu");
    fields.retain(|(k, _)| *k != "action");
    fields.push(("action", "preview"));

    let res = b.post("/organisation/evenements", &fields).await;

    assert_eq!(res.status, 200);
    assert_eq!(
        between(&res.body, "<div class=\"ren-preview\">", "</div>").trim(),
        "<h2>Programme</h2>\n<p>Des <strong>ateliers</strong>.</p>"
    );
    assert_eq!(store::event::count(&app.db).await.unwrap(), 0);
}

/// Issue 19 #12: an image from another site, which the pages' CSP blocks, is named in the
/// preview with what to do, instead of leaving a blank space on the public page.
#[tokio::test]
async fn preview_names_the_images_the_public_page_will_not_show() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let mut fields = event_fields(&csrf, "Aperçu imagé");
    fields.retain(|(k, _)| *k != "action" && *k != "body_md");
    fields
        .push(("body_md", "Voici ![le plan](https://ailleurs.example.org/plan.png?x=1&y=2) et ![ici](/media/ok.png)."));
    fields.push(("action", "preview"));

    let res = b.post("/organisation/evenements", &fields).await;
    let plain = b
        .post("/organisation/evenements", &{
            let mut f = fields.clone();
            f.retain(|(k, _)| *k != "body_md");
            f.push(("body_md", "Sans image."));
            f
        })
        .await;

    assert_eq!(res.status, 200);
    let warning = between(&res.body, "fr-alert--warning", "</div>");
    assert!(warning.contains("ne s’afficheront pas sur la page publique"), "{}", res.body);
    assert!(warning.contains("<code>https://ailleurs.example.org/plan.png?x=1&amp;y=2</code>"), "{warning}");
    assert!(!warning.contains("/media/ok.png"), "{warning}");
    assert!(!plain.body.contains("ne s’afficheront pas"), "{}", plain.body);
}

#[tokio::test]
async fn duplicate_makes_a_draft_one_year_later_and_delete_removes_it() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Journée BlueHats").await;

    let res = b.action(&format!("/organisation/evenements/{id}/dupliquer")).await;

    let copy_id: i64 = res.header("location").split('/').nth(3).unwrap().parse().unwrap();
    let copy: Event = store::event::get(&app.db, EventId::new(copy_id)).await.unwrap();
    assert_eq!(copy.draft.slug.as_str(), "journee-bluehats-2031");
    // Issue 19: the same weekday a year on (Wednesday 9 January 2030 → Wednesday 8 January 2031).
    assert_eq!(copy.draft.dates.start_date.to_string(), "2031-01-08");
    assert_eq!(copy.draft.status, rencontres::domain::event::EventStatus::Draft);
    let deleted = b.confirmed_action(&format!("/organisation/evenements/{copy_id}/supprimer")).await;
    assert_eq!((deleted.status, deleted.header("location")), (303, "/organisation?fait=supprime"));
    assert!(matches!(store::event::get(&app.db, EventId::new(copy_id)).await, Err(store::StoreError::NotFound)));
}

/// Issue 18: a series of sessions typed in the form, one a line, decides the dates; a wrong
/// line is refused beside the field with everything typed kept; a copy moves each session.
#[tokio::test]
async fn event_form_sessions_are_saved_refused_in_french_and_copied_next_year() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let csrf = b.csrf("/organisation/evenements/nouveau").await;
    let with_sessions = |sessions: &'static str| {
        let mut f = event_fields(&csrf, "Cycle en ligne");
        f.retain(|(k, _)| !["start_date", "end_date", "start_time", "end_time"].contains(k));
        f.push(("sessions", sessions));
        f
    };

    let refused =
        b.post("/organisation/evenements", &with_sessions("2030-03-12 14:00-16:00\n2030-13-01 14:00-16:00")).await;
    let saved = b
        .post(
            "/organisation/evenements",
            &with_sessions("2030-05-14 14h-16h\r\n12/03/2030 14:00-16:00\n2030-04-09 10:00-12:00"),
        )
        .await;

    assert_eq!(refused.status, 422);
    assert_eq!(
        unescape(between(&refused.body, "id=\"f-sessions-error\" class=\"fr-error-text\">", "</p>")),
        "Séances, ligne 2 (« 2030-13-01 14:00-16:00 ») : la date doit suivre la forme AAAA-MM-JJ ou JJ/MM/AAAA."
    );
    let typed = |body: &str| between(body, "name=\"sessions\"", "</textarea>").split_once('>').unwrap().1.to_owned();
    assert_eq!(typed(&refused.body), "2030-03-12 14:00-16:00\n2030-13-01 14:00-16:00");
    assert_eq!(refused.body.matches("fr-input-group--error").count(), 1);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let id: i64 = saved.header("location").split('/').nth(3).unwrap().parse().unwrap();
    let event = store::event::get(&app.db, EventId::new(id)).await.unwrap();
    let days: Vec<String> = event.draft.sessions.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(days, ["2030-03-12", "2030-04-09", "2030-05-14"]);
    assert_eq!(
        (event.draft.dates.start_date.to_string(), event.draft.dates.end_date.to_string()),
        ("2030-03-12".into(), "2030-05-14".into())
    );
    let form = b.get(&format!("/organisation/evenements/{id}/modifier")).await;
    assert_eq!(typed(&form.body), "2030-03-12 14:00-16:00\n2030-04-09 10:00-12:00\n2030-05-14 14:00-16:00");

    let copied = b.action(&format!("/organisation/evenements/{id}/dupliquer")).await;

    let copy_id: i64 = copied.header("location").split('/').nth(3).unwrap().parse().unwrap();
    let copy = store::event::get(&app.db, EventId::new(copy_id)).await.unwrap();
    let days: Vec<String> = copy.draft.sessions.iter().map(|s| format!("{:?} {}", s.date.weekday(), s.date)).collect();
    assert_eq!(days, ["Tuesday 2031-03-11", "Tuesday 2031-04-08", "Tuesday 2031-05-13"]);
    assert_eq!(copy.draft.sessions[1].start_time, event.draft.sessions[1].start_time);
    assert_eq!(copy.draft.dates.end_date.to_string(), "2031-05-13");
}

pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([0, 0, 145]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(b: &Browser, id: i64, bytes: Vec<u8>, name: &str, alt: &str) -> Page {
    let csrf = b.csrf(&format!("/organisation/evenements/{id}/modifier")).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("image", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str("image/png").unwrap())
        .text("alt", alt.to_owned());
    b.post_multipart(&format!("/organisation/evenements/{id}/image"), form).await
}

#[tokio::test]
async fn image_upload_is_saved_and_shown_with_its_alt_text() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Hackathon illustré").await;

    let res = upload(&b, id, png(40, 20), "affiche.png", "Affiche bleue du hackathon").await;

    assert_eq!(
        (res.status, res.header("location")),
        (303, format!("/organisation/evenements/{id}/modifier?fait=image").as_str())
    );
    let event = store::event::get(&app.db, EventId::new(id)).await.unwrap();
    let image = event.draft.image.unwrap();
    assert!(image.path.starts_with("/media/hackathon-illustre/") && image.path.ends_with(".png"), "{}", image.path);
    assert_eq!(image.alt, "Affiche bleue du hackathon");
    let (status, headers, bytes) = app.get_bytes(&image.path, &[]).await;
    assert_eq!((status, bytes), (200, png(40, 20)));
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable", "named by its hash");
    assert!(!app.dir.path().join("media").exists(), "O1: nothing written on this instance's disk");
    b.action(&format!("/organisation/evenements/{id}/publier")).await;
    let public = app.get("/evenements/hackathon-illustre").await;
    assert_eq!(between(&public.body, &format!("src=\"{}\" alt=\"", image.path), "\""), "Affiche bleue du hackathon");
    assert_eq!(app.get(&image.path).await.status, 200);
}

#[tokio::test]
async fn image_upload_refuses_non_image_oversize_and_missing_alt() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Sans image").await;
    let mut truncated = png(40, 20);
    truncated.truncate(60);
    let mut huge = png(1, 1);
    huge.resize(5 * 1024 * 1024 + 1, 0);

    let text = upload(&b, id, b"<svg onload=alert(1)>".to_vec(), "x.png", "Texte").await;
    let broken = upload(&b, id, truncated, "x.png", "Texte").await;
    let big = upload(&b, id, huge, "x.png", "Texte").await;
    let no_alt = upload(&b, id, png(4, 4), "x.png", "").await;

    let error = |p: &Page, field: &str| {
        between(&p.body, &format!("id=\"f-{field}-error\" class=\"fr-error-text\">"), "</p>").to_owned()
    };
    assert_eq!(
        (text.status, error(&text, "image")),
        (422, "Le fichier n’est pas une image PNG, JPEG ou WebP.".to_owned())
    );
    assert_eq!(error(&broken, "image"), "L’image est illisible ou endommagée.");
    assert_eq!(error(&big, "image"), "L’image dépasse la taille maximale de 5 Mio.");
    assert_eq!(
        error(&no_alt, "alt"),
        "Décrivez l’image pour les personnes qui ne la voient pas, ou cochez « image décorative »."
    );
    assert_eq!(store::event::get(&app.db, EventId::new(id)).await.unwrap().draft.image, None);
    assert!(!app.dir.path().join("media").join("sans-image").exists());
}

/// A PNG whose header declares `width` × `height` pixels around the pixels of a 1 × 1 image:
/// small on the wire, huge once decoded.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut bytes = png(1, 1);
    // Signature (8 bytes), then the IHDR chunk: length (4), type (4), width, height, …, CRC.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// Issue 13: a PNG declaring 10,000 × 10,000 pixels was decoded (646 MB at its peak).
#[tokio::test]
async fn image_upload_refuses_a_picture_too_large_before_decoding_it() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Image géante").await;

    let giant = upload(&b, id, png_declaring(10_000, 10_000), "x.png", "Texte").await;

    assert_eq!(giant.status, 422);
    assert_eq!(
        between(&giant.body, "id=\"f-image-error\" class=\"fr-error-text\">", "</p>"),
        "L’image mesure 10000 × 10000 pixels : c’est plus que les 8000 pixels de côté et 25 millions de \
         pixels admis. Réduisez-la avant de l’envoyer."
    );
    assert_eq!(store::event::get(&app.db, EventId::new(id)).await.unwrap().draft.image, None);
}

/// Issue 13: what is kept is the picture encoded again, so bytes hidden after it are dropped.
/// O1: an image uploaded through one instance is served by another instance of the same
/// database, which has no file of it; a second request revalidates by its hash.
#[tokio::test]
async fn image_uploaded_through_one_instance_is_served_by_another() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Atelier partagé").await;
    upload(&b, id, png(30, 10), "affiche.png", "Affiche").await;
    let other = crate::helpers::spawn_instance_of(&app, |_| {}).await;

    let path = store::event::get(&app.db, EventId::new(id)).await.unwrap().draft.image.unwrap().path;
    let (status, headers, bytes) = other.get_bytes(&path, &[]).await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let (again, _, empty) = other.get_bytes(&path, &[("if-none-match", &etag)]).await;
    let (changed, _, _) = other.get_bytes(&path, &[("if-none-match", "\"autre\"")]).await;

    assert_eq!((status, bytes), (200, png(30, 10)));
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(etag, format!("\"{}\"", rencontres::domain::media::sha256_hex(&png(30, 10))));
    assert_eq!((again, empty.len()), (304, 0));
    assert_eq!(changed, 200);
    assert!(!other.dir.path().join("media").exists() && !app.dir.path().join("media").exists());
}

#[tokio::test]
async fn image_upload_keeps_only_the_pixels() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Image nettoyée").await;
    let mut smuggled = png(40, 20);
    smuggled.extend_from_slice(b"<script>alert(1)</script> et un secret");

    let sent = upload(&b, id, smuggled, "x.png", "Affiche").await;

    assert_eq!(sent.status, 303, "{}", sent.body);
    let image = store::event::get(&app.db, EventId::new(id)).await.unwrap().draft.image.unwrap();
    let (status, _, bytes) = app.get_bytes(&image.path, &[]).await;
    assert_eq!((status, bytes), (200, png(40, 20)));
}

#[tokio::test]
async fn audit_log_records_who_did_what_to_which_event() {
    let app = spawn().await;
    let admin_id = add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Journée auditée").await;
    let csrf = b.csrf(&format!("/organisation/evenements/{id}/modifier")).await;
    b.post(&format!("/organisation/evenements/{id}/modifier"), &event_fields(&csrf, "Journée auditée, suite")).await;
    b.action(&format!("/organisation/evenements/{id}/publier")).await;

    type Row = (Option<i64>, String, String, Option<i64>, String);
    let rows: Vec<Row> =
        sqlx::query_as("SELECT user_id, action, object_kind, object_id, details FROM audit_log ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let page = b.get("/organisation/journal").await;

    let a = Some(admin_id);
    let s = |x: &str| x.to_owned();
    assert_eq!(
        rows,
        [
            (None, s("user_created"), s("user"), a, s("{\"admin\":true}")),
            (a, s("login"), s("user"), a, s("{}")),
            (a, s("event_created"), s("event"), Some(id), s("{}")),
            (a, s("event_updated"), s("event"), Some(id), s("{}")),
            (a, s("event_published"), s("event"), Some(id), s("{}")),
        ]
    );
    assert_eq!(page.status, 200);
    let newest: Vec<&str> = between(&page.body, "<tbody>", "</tr>").split("<td>").skip(2).take(2).collect();
    assert_eq!(
        newest,
        ["admin@example.org</td>", "a publié l’événement</td>"],
        "who (an account without a name by its address), what"
    );
    assert!(!page.body.contains("event_published"), "codes stay in the database");
}

/// Runs `rencontres user add ARGS` on the test app's database with `stdin` as input.
fn user_add(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["user", "add"])
        .args(args)
        .args(["--database-url", &app.database_url])
        .current_dir(app.dir.path())
        .env("RENCONTRES_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn user_add_command_creates_an_administrator_who_can_log_in() {
    let app = spawn().await;

    let out = user_add(&app, &["Root@Example.org", "--admin"], &format!("{PASSWORD}\n"));

    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "account 1 created (administrator)\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b = signed_in(&app, "root@example.org").await;
    assert_eq!(between(&b.get("/organisation").await.body, "</strong>", "."), " (administrateur)");
}

#[tokio::test]
async fn user_add_command_refuses_a_common_password() {
    let app = spawn().await;

    let out = user_add(&app, &["root@example.org"], "motdepasse2024\n");

    assert!(!out.status.success());
    assert_eq!(
        // The last line: warnings about the environment may come first.
        String::from_utf8_lossy(&out.stderr).trim_end().lines().last().unwrap(),
        "error: Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots."
    );
}

#[tokio::test]
async fn user_add_command_prints_a_one_time_link() {
    let app = spawn().await;

    let out = user_add(&app, &["root@example.org", "--admin", "--print-link"], "");

    let stdout = String::from_utf8_lossy(&out.stdout);
    let token = stdout
        .trim_end()
        .strip_prefix("account 1 created; choose its password at http://127.0.0.1:8080/invitation/")
        .unwrap();
    assert_eq!(token.len(), 64);
    let page = Browser::new(&app).get(&format!("/invitation/{token}")).await;
    assert_eq!((page.status, h1(&page.body)), (200, "Activer votre compte".to_owned()));
}

#[tokio::test]
async fn logs_name_accounts_by_id_never_by_address_or_password() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("logs.db").display());
    let log = dir.path().join("server.log");
    let mut add = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["user", "add", "alice.martin@example.org", "--database-url", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut add.stdin.take().unwrap(), format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
    let mut server = Command::new(env!("CARGO_BIN_EXE_rencontres"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", &db])
        .current_dir(dir.path())
        .env("RENCONTRES_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("rencontres listening on ").unwrap().to_owned();
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = client.get(format!("{base}/connexion")).send().await.unwrap().text().await.unwrap();
    let csrf = between(&page, "name=\"csrf\" value=\"", "\"").to_owned();
    let post =
        |path: &str, fields: Vec<(&'static str, String)>| client.post(format!("{base}{path}")).form(&fields).send();

    post(
        "/connexion",
        vec![
            ("csrf", csrf.clone()),
            ("email", "alice.martin@example.org".into()),
            ("password", "mauvais mot de passe 123".into()),
        ],
    )
    .await
    .unwrap();
    post(
        "/connexion",
        vec![("csrf", csrf.clone()), ("email", "alice.martin@example.org".into()), ("password", PASSWORD.into())],
    )
    .await
    .unwrap();
    post("/mot-de-passe-oublie", vec![("csrf", csrf.clone()), ("email", "alice.martin@example.org".into())])
        .await
        .unwrap();
    post("/mot-de-passe/0123", vec![("csrf", "faux".into()), ("password", "x".into())]).await.unwrap();
    // SIGTERM, so that the server stops gracefully with its log written.
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    server.wait().unwrap();

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("login refused") && text.contains("password reset link mailed"), "{text}");
    // No token, session id or CSRF secret: no run of 64 hex digits anywhere.
    let longest_hex = text.split(|c: char| !c.is_ascii_hexdigit()).map(str::len).max().unwrap();
    assert!(longest_hex < 64, "a 64-hex secret in the log:\n{text}");
    for secret in ["alice.martin", "example.org", PASSWORD, "mauvais mot de passe", &csrf, "/mot-de-passe/0123"] {
        assert!(!text.contains(secret), "{secret:?} in the log:\n{text}");
    }
}

#[tokio::test]
async fn password_reset_closes_every_open_session() {
    let app = spawn().await;
    let id = add_user(&app, "alice@example.org", false).await;
    let stolen = signed_in(&app, "alice@example.org").await;
    let token = store::account::issue_link(&app.db, id, store::account::Purpose::PasswordReset, jiff::Timestamp::now())
        .await
        .unwrap();
    let b = Browser::new(&app);
    let path = format!("/mot-de-passe/{token}");
    let csrf = b.csrf(&path).await;
    let new = "girafe orange sous la pluie";

    let done = b.post(&path, &[("csrf", &csrf), ("password", new), ("confirm", new)]).await;

    assert_eq!(done.status, 303);
    assert_eq!(stolen.get("/organisation").await.header("location"), "/connexion");
}

#[tokio::test]
async fn invitation_mail_reaches_a_real_smtp_server() {
    let sink = crate::helpers::SmtpSink::start(0, 0);
    let to_sink = crate::helpers::smtp_to(&sink);
    let app = spawn_app_with(move |c| {
        to_sink(c);
        c.base_url = "http://127.0.0.1".into();
    })
    .await;
    add_user(&app, "admin@example.org", true).await;
    let admin = signed_in(&app, "admin@example.org").await;
    let csrf = admin.csrf("/organisation/utilisateurs").await;
    admin
        .post("/organisation/utilisateurs", &[("csrf", &csrf), ("email", "carol@example.org"), ("is_admin", "1")])
        .await;

    let pass = app.deliver_queued_mail().await;

    assert_eq!(pass.sent, 1);
    assert_eq!(sink.subjects_to("carol@example.org"), ["Invitation à l’espace organisateur de Rencontres BlueHats"]);
}

/// D2 D3: an organiser imports a draft with a conflict, is refused a release, then releases
/// with the explicit override; the public programme appears.
#[tokio::test]
async fn programme_release_in_the_browser_needs_the_override_box_when_warned() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let mut draft = event_draft("Journée programme", 30);
    draft.dates = rencontres::domain::event::EventDates::new(
        jiff::civil::date(2031, 3, 3),
        jiff::civil::date(2031, 3, 3),
        None,
        None,
    )
    .unwrap();
    let event = app.add_event(draft).await;
    let b = Browser::new(&app);
    b.login("admin@example.org", PASSWORD).await;
    let base = format!("/organisation/evenements/{}/programme", event.id);
    let csrf = b.csrf(&base).await;
    let yaml = "rooms:\n  - { name: Salle 1 }\nitems:\n  - { kind: talk, title: Un, start: \"2031-03-03 09:30\", minutes: 30, room: Salle 1 }\n  - { kind: talk, title: Deux, start: \"2031-03-03 09:45\", minutes: 30, room: Salle 1 }\n";

    let imported = b.post(&format!("{base}/importer"), &[("csrf", &csrf), ("yaml", yaml)]).await;
    let blocked = b.post(&format!("{base}/publier"), &[("csrf", &csrf), ("name", "v1")]).await;
    let before = app.get("/evenements/journee-programme/programme").await;
    let forced =
        b.post(&format!("{base}/publier"), &[("csrf", &csrf), ("name", "v1"), ("override_warnings", "1")]).await;
    app.app.refresh_content_version().await.unwrap();
    let after = app.get("/evenements/journee-programme/programme").await;
    let page = b.get(&base).await;

    assert_eq!(
        (imported.status, imported.header("location")),
        (303, format!("{base}?fait=programme-importe").as_str())
    );
    assert_eq!(blocked.status, 422);
    assert!(blocked.body.contains("Le programme n&#39;a pas été publié : 1 alerte(s)."), "{}", blocked.body);
    assert!(blocked.body.contains(&format!("<li>Deux éléments occupent la salle « Salle 1 » en même temps. (éléments <a href=\"{base}/element?id=1\">n° 1</a>, <a href=\"{base}/element?id=2\">n° 2</a>)</li>")), "{}", blocked.body);
    assert_eq!(before.status, 404);
    assert_eq!((forced.status, forced.header("location")), (303, format!("{base}?fait=programme-publie").as_str()));
    assert_eq!(after.status, 200);
    let shown = b.get(forced.header("location")).await;
    assert_eq!(
        unescape(between(
            &shown.body,
            "<div class=\"fr-alert fr-alert--success fr-alert--sm fr-mb-3w\" role=\"status\" id=\"message-action\"><p>",
            "</p>"
        )),
        "Nouvelle version du programme publiée."
    );
    assert!(page.body.contains("Version publiée : « v1 » (n° 1)."), "{}", page.body);
}

/// The actions of the audit entries written after entry `after`, oldest first, with the id
/// of the last entry.
async fn audit_since(app: &TestApp, after: i64) -> (Vec<(String, String, Option<i64>)>, i64) {
    let rows: Vec<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, action, object_kind, object_id FROM audit_log WHERE id > $1 ORDER BY id")
            .bind(after)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let last = rows.last().map_or(after, |r| r.0);
    (rows.into_iter().map(|(_, a, k, o)| (a, k, o)).collect(), last)
}

#[tokio::test]
async fn each_event_and_user_write_leaves_one_audit_entry() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let (_, mut last) = audit_since(&app, 0).await;
    let mut entries = Vec::new();
    let step = async |app: &TestApp, last: &mut i64| {
        let (new, l) = audit_since(app, *last).await;
        *last = l;
        new
    };

    let id = create_event(&b, "Journal des actions").await;
    entries.push(step(&app, &mut last).await);
    let csrf = b.csrf(&format!("/organisation/evenements/{id}/modifier")).await;
    let res = b.post(&format!("/organisation/evenements/{id}/modifier"), &event_fields(&csrf, "Journal modifié")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    entries.push(step(&app, &mut last).await);
    assert_eq!(upload(&b, id, png(40, 20), "affiche.png", "Affiche").await.status, 303);
    entries.push(step(&app, &mut last).await);
    for action in ["publier", "depublier"] {
        assert_eq!(b.action(&format!("/organisation/evenements/{id}/{action}")).await.status, 303);
        entries.push(step(&app, &mut last).await);
    }
    assert_eq!(b.action(&format!("/organisation/evenements/{id}/dupliquer")).await.status, 303);
    let copy = step(&app, &mut last).await;
    let copy_id = copy.first().and_then(|e| e.2).unwrap();
    entries.push(copy);
    assert_eq!(b.confirmed_action(&format!("/organisation/evenements/{copy_id}/supprimer")).await.status, 303);
    entries.push(step(&app, &mut last).await);
    let csrf = b.csrf("/organisation/utilisateurs").await;
    let res = b
        .post(
            "/organisation/utilisateurs",
            &[("csrf", &csrf), ("email", "carol@example.org"), ("role", "organiser"), ("event_id", &id.to_string())],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let invited = step(&app, &mut last).await;
    let carol = store::account::find_by_email(&app.db, "carol@example.org").await.unwrap().unwrap().id;
    entries.push(invited);

    let event = |action: &str, id: i64| vec![(action.to_owned(), "event".to_owned(), Some(id))];
    assert_eq!(
        entries,
        [
            event("event_created", id),
            event("event_updated", id),
            event("event_image_set", id),
            event("event_published", id),
            event("event_unpublished", id),
            event("event_duplicated", copy_id),
            event("event_deleted", copy_id),
            vec![("user_invited".to_owned(), "user".to_owned(), Some(carol))],
        ]
    );
}

/// An event with one confirmed participant (alice) and one on the waitlist (bob), one place.
async fn event_with_people(app: &TestApp, sink: &crate::helpers::SmtpSink, title: &str) -> Event {
    let event = app.add_event(event_draft(title, 20)).await;
    app.open_registrations(&event, 1).await;
    for to in ["alice@example.org", "bob@example.org"] {
        crate::registration::register_and_confirm(app, sink, &event, to).await;
    }
    event
}

#[tokio::test]
async fn event_delete_without_confirmation_lists_what_goes_and_changes_nothing() {
    let sink = crate::helpers::SmtpSink::start(0, 0);
    let app = spawn_app_with(crate::helpers::smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let event = event_with_people(&app, &sink, "Journée à supprimer").await;

    let asked = b.action(&format!("/organisation/evenements/{}/supprimer", event.id)).await;

    assert_eq!(asked.status, 200);
    assert_eq!(unescape(between(&asked.body, "<h1>", "</h1>")), "Supprimer « Journée à supprimer » ?");
    assert_eq!(
        unescape(between(&asked.body, "<ul>", "</ul>")).split_whitespace().collect::<Vec<_>>().join(" "),
        "<li>1 inscription : inscription confirmée</li> <li>1 inscription : sur liste d'attente</li>"
    );
    assert!(asked.body.contains("Annuler l’événement plutôt que le supprimer"), "{}", asked.body);
    assert!(store::event::find_by_id(&app.db, event.id).await.unwrap().is_some());
    assert_eq!(app.audit_actions_since(0).await.iter().filter(|a| *a == "event_deleted").count(), 0);
}

#[tokio::test]
async fn event_delete_confirmed_keeps_title_and_counts_in_the_audit_entry() {
    let sink = crate::helpers::SmtpSink::start(0, 0);
    let app = spawn_app_with(crate::helpers::smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let event = event_with_people(&app, &sink, "Journée à supprimer").await;

    let deleted = b.confirmed_action(&format!("/organisation/evenements/{}/supprimer", event.id)).await;

    assert_eq!((deleted.status, deleted.header("location")), (303, "/organisation?fait=supprime"));
    assert!(store::event::find_by_id(&app.db, event.id).await.unwrap().is_none());
    let details: String = sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'event_deleted'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&details).unwrap(),
        serde_json::json!({
            "title": "Journée à supprimer",
            "slug": event.draft.slug.as_str(),
            "registrations": { "confirmed": 1, "waitlisted": 1 },
            "proposals": 0,
            "releases": 0,
        })
    );
}

#[tokio::test]
async fn event_delete_with_nothing_attached_asks_without_offering_to_cancel() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let id = create_event(&b, "Journée vide").await;

    let asked = b.action(&format!("/organisation/evenements/{id}/supprimer")).await;

    assert_eq!(asked.status, 200);
    assert_eq!(
        unescape(between(&asked.body, "<p class=\"fr-text--lead\">", "</p>")),
        "L’événement « Journée vide » sera supprimé définitivement. Rien d’autre n’y est rattaché."
    );
    assert!(!asked.body.contains("/annuler"), "{}", asked.body);
    assert!(store::event::find_by_id(&app.db, EventId::new(id)).await.unwrap().is_some());
}

#[tokio::test]
async fn event_cancel_mails_confirmed_and_waitlisted_once_and_the_page_says_so() {
    let sink = crate::helpers::SmtpSink::start(0, 0);
    let app = spawn_app_with(crate::helpers::smtp_to(&sink)).await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;
    let event = event_with_people(&app, &sink, "Journée annulée").await;
    app.register(&event, "carol@example.org").await;
    let path = format!("/organisation/evenements/{}/annuler", event.id);

    let asked = b.action(&path).await;
    let status_after_asking = store::event::get(&app.db, event.id).await.unwrap().draft.status;
    let cancelled = b.confirmed_action(&path).await;
    let again = b.confirmed_action(&path).await;
    app.deliver_queued_mail().await;
    let page = app.get(&format!("/evenements/{}", event.draft.slug)).await;
    let form = app.get(&format!("/evenements/{}/inscription", event.draft.slug)).await;
    let republished = b.action(&format!("/organisation/evenements/{}/publier", event.id)).await;
    let dashboard = b.get("/organisation").await;

    assert_eq!(asked.status, 200);
    assert_eq!(unescape(between(&asked.body, "<h1>", "</h1>")), "Annuler « Journée annulée » ?");
    assert_eq!(status_after_asking, rencontres::domain::event::EventStatus::Published);
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    assert_eq!(again.status, 422);
    let notices =
        |to: &str| sink.subjects_to(to).into_iter().filter(|s| s.starts_with("Événement annulé")).collect::<Vec<_>>();
    assert_eq!(notices("alice@example.org"), ["Événement annulé : Journée annulée"]);
    assert_eq!(notices("bob@example.org"), ["Événement annulé : Journée annulée"]);
    assert_eq!(notices("carol@example.org"), Vec::<String>::new());
    assert_eq!(page.status, 200);
    assert_eq!(between(&page.body, "<h2 class=\"fr-alert__title\">", "</h2>"), "Événement annulé");
    assert!(!page.body.contains("/inscription\""), "{}", page.body);
    assert_eq!(form.status, 404);
    assert_eq!(republished.status, 422);
    assert!(
        dashboard.body.contains("<p class=\"fr-badge fr-badge--error fr-badge--sm\">Annulé</p>"),
        "{}",
        dashboard.body
    );
}

/// Issue 15 item 8: the RGAA criteria the browser walks check, with their committed result;
/// an organiser reaches it from the dashboard, an administrator from the navigation.
#[tokio::test]
async fn the_accessibility_evidence_page_lists_criteria_and_results() {
    let app = spawn().await;
    add_user(&app, "admin@example.org", true).await;
    let b = signed_in(&app, "admin@example.org").await;

    let nav = b.get("/organisation").await;
    let page = b.get("/organisation/accessibilite").await;

    assert!(nav.body.contains("href=\"/organisation/accessibilite\""), "{}", nav.body);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<title>Critères RGAA vérifiés par les tests — Espace organisateur — "),
        "{}",
        page.body
    );
    for criterion in ["<th scope=\"row\" rowspan=\"2\">10.11</th>", "<th scope=\"row\" rowspan=\"2\">11.10</th>", "8.6"]
    {
        assert!(page.body.contains(criterion), "no {criterion}");
    }
    assert!(page.body.contains("color-contrast"), "axe rule ids are named");
    assert!(page.body.contains("Réussi sur "), "the committed evidence is shown");
    assert!(!page.body.contains("Aucun résultat enregistré"), "a check has no evidence");
}
