//! I1 (issue 16): the pages of sign-in with OpenID Connect (ProConnect). One flow, three
//! purposes: an organiser signs in (`/connexion/proconnect`), a participant fills the
//! registration or the proposal form of an event. The provider answers at one redirect URI,
//! `/connexion/proconnect/retour`; after its logout it sends the browser back to
//! `/connexion/proconnect/fin`. The protocol is `crate::oidc`; the accounts `store::oidc`.

use crate::domain::account::parse_account_email;
use crate::oidc::{Identity, Refusal};
use crate::store;
use crate::store::StoreError;
use crate::store::oidc::{Flow, LinkRules, Outcome, Prefill, Purpose, SignIn};
use crate::web::App;
use crate::web::csrf::{self, LOGOUT_STATE_COOKIE, OIDC_FLOW_COOKIE, PREFILL_COOKIE, SESSION_COOKIE, set_cookie};
use crate::web::error::WebError;
use crate::web::limit::{ClientIp, ip_key, too_many};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

/// Where the provider sends the browser back with the code (register it at the provider).
pub const CALLBACK_PATH: &str = "/connexion/proconnect/retour";
/// Where the provider sends the browser after its logout (register it too).
pub const LOGGED_OUT_PATH: &str = "/connexion/proconnect/fin";

fn callback_uri(app: &App) -> String {
    format!("{}{CALLBACK_PATH}", app.config.base_url())
}

/// Where a purpose comes back to, and the link offered when it fails.
fn back(purpose: Purpose, target: &str) -> (String, &'static str) {
    match purpose {
        Purpose::Organiser => ("/connexion".into(), "Revenir à la page de connexion"),
        Purpose::Registration => (format!("/evenements/{target}/inscription"), "Revenir au formulaire d’inscription"),
        Purpose::Proposal => (format!("/evenements/{target}/appel"), "Revenir au formulaire de proposition"),
    }
}

/// The French page of a refused sign-in.
fn refused_page(
    app: &App,
    status: StatusCode,
    message: &str,
    purpose: Purpose,
    target: &str,
) -> Result<Response, WebError> {
    let (back_url, back_label) = back(purpose, target);
    let html = app.render(
        "organiser/oidc_refused.html",
        context! { page_title => "Connexion avec ProConnect impossible", message, back_url, back_label },
    )?;
    let mut res = (status, Html(html)).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &OIDC_FLOW_COOKIE, "", Some(0)));
    Ok(res)
}

fn refused(app: &App, refusal: Refusal, purpose: Purpose, target: &str) -> Result<Response, WebError> {
    tracing::info!(?refusal, purpose = purpose.as_str(), "OpenID Connect sign-in refused");
    let status = match refusal {
        Refusal::Provider => StatusCode::BAD_GATEWAY,
        Refusal::Denied | Refusal::Acr => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    refused_page(app, status, &refusal.to_string(), purpose, target)
}

/// Starts a sign-in for `purpose`: keeps its `state`, `nonce` and PKCE verifier, marks this
/// browser with the `state`, and sends it to the provider.
async fn start(app: &App, purpose: Purpose, target: &str) -> Result<Response, WebError> {
    let Some(client) = &app.oidc else { return Err(WebError::NotFound) };
    let started = match client.start(&callback_uri(app)).await {
        Ok(s) => s,
        Err(r) => return refused(app, r, purpose, target),
    };
    let flow = Flow { nonce: started.nonce, verifier: started.verifier, purpose, target: target.to_owned() };
    store::oidc::begin(&app.db, &started.state, &flow, Timestamp::now()).await?;
    let mut res = Redirect::to(&started.url).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, &OIDC_FLOW_COOKIE, &started.state, Some(store::oidc::FLOW_SECONDS)),
    );
    Ok(res)
}

/// The ProConnect button of the sign-in page; counted with the password sign-ins of this
/// client (`login_attempts_per_minute`), since each start keeps a row.
pub async fn start_organiser(State(app): State<App>, ClientIp(ip): ClientIp) -> Result<Response, WebError> {
    app.limits.login_ip.check(&ip_key(ip)).map_err(too_many)?;
    start(&app, Purpose::Organiser, "").await
}

/// « Remplir avec ProConnect » on the registration form of the event `slug`.
pub async fn start_registration(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    start_on_form(&app, ip, &slug, Purpose::Registration).await
}

/// « Remplir avec ProConnect » on the proposal form of the event `slug`.
pub async fn start_proposal(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    start_on_form(&app, ip, &slug, Purpose::Proposal).await
}

/// A participant's flow from a public form of the published event `slug`, limited like the
/// form itself.
async fn start_on_form(
    app: &App,
    ip: Option<std::net::IpAddr>,
    slug: &str,
    purpose: Purpose,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let event = store::event::get_published(&app.db, slug).await?;
    start(app, purpose, &event.draft.slug.to_string()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider's answer: the `state` must be this browser's and known (used once), then the
/// code is exchanged and the tokens checked (`crate::oidc`); then the purpose is served.
pub async fn callback(
    State(app): State<App>,
    headers: HeaderMap,
    Query(answer): Query<Answer>,
) -> Result<Response, WebError> {
    let Some(client) = &app.oidc else { return Err(WebError::NotFound) };
    let now = Timestamp::now();
    let mine = csrf::cookie(&headers, OIDC_FLOW_COOKIE.on(&app));
    let state = answer.state.as_deref().unwrap_or("");
    if state.is_empty() || mine.as_deref().is_none_or(|m| !csrf::same_secret(m, state)) {
        return refused(&app, Refusal::State, Purpose::Organiser, "");
    }
    let flow = match store::oidc::take(&app.db, state, now).await {
        Ok(f) => f,
        Err(StoreError::NotFound) => return refused(&app, Refusal::State, Purpose::Organiser, ""),
        Err(e) => return Err(e.into()),
    };
    let (purpose, target) = (flow.purpose, flow.target.clone());
    if let Some(error) = &answer.error {
        tracing::info!(error, "the provider answered an error");
        return refused(&app, Refusal::Denied, purpose, &target);
    }
    let Some(code) = answer.code.as_deref().filter(|c| !c.is_empty()) else {
        return refused(&app, Refusal::Denied, purpose, &target);
    };
    let identity = match client.finish(code, &flow.verifier, &flow.nonce, &callback_uri(&app)).await {
        Ok(i) => i,
        Err(r) => return refused(&app, r, purpose, &target),
    };
    let mut res = match purpose {
        Purpose::Organiser => organiser_signed_in(&app, &headers, &identity, now).await?,
        Purpose::Registration | Purpose::Proposal => prefilled(&app, &identity, purpose, &target, now).await?,
    };
    res.headers_mut().append(header::SET_COOKIE, set_cookie(&app, &OIDC_FLOW_COOKIE, "", Some(0)));
    Ok(res)
}

/// The address the provider vouches for, normalised; `None` when it gave none, or said it is
/// not verified.
fn vouched_email(identity: &Identity) -> Option<String> {
    if identity.info.email_verified == Some(false) {
        return None;
    }
    parse_account_email(identity.info.email.as_deref()?).ok()
}

async fn organiser_signed_in(
    app: &App,
    headers: &HeaderMap,
    identity: &Identity,
    now: Timestamp,
) -> Result<Response, WebError> {
    let oidc = &app.config.oidc;
    let email = vouched_email(identity);
    let name = identity.info.display_name();
    let who = SignIn {
        issuer: &identity.issuer,
        subject: &identity.subject,
        email: email.as_deref(),
        name: &name,
        id_token: &identity.id_token,
    };
    let rules = LinkRules { link_by_email: oidc.link_by_email, organiser_domains: &oidc.organiser_domains };
    let old = csrf::cookie(headers, SESSION_COOKIE.on(app));
    match store::oidc::sign_in(&app.db, &who, &rules, old.as_deref(), now).await? {
        Outcome::SignedIn { user, token } => {
            tracing::info!(user_id = user.id, via = "oidc", acr = identity.acr.as_deref().unwrap_or(""), "login");
            let mut res = Redirect::to("/organisation").into_response();
            res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &SESSION_COOKIE, &token, None));
            Ok(res)
        }
        Outcome::NoAccount => {
            tracing::info!("OpenID Connect identity without an organiser account");
            refused_page(
                app,
                StatusCode::FORBIDDEN,
                "Votre identité ProConnect est reconnue, mais elle ne correspond à aucun compte organisateur de ce site. \
                 Un compte ProConnect ne suffit pas pour organiser : demandez une invitation à un organisateur ou à \
                 l’administrateur du site, puis reconnectez-vous.",
                Purpose::Organiser,
                "",
            )
        }
        Outcome::Disabled => refused_page(
            app,
            StatusCode::FORBIDDEN,
            "Le compte organisateur relié à cette identité ProConnect est désactivé. Écrivez à l’administrateur du site.",
            Purpose::Organiser,
            "",
        ),
    }
}

async fn prefilled(
    app: &App,
    identity: &Identity,
    purpose: Purpose,
    slug: &str,
    now: Timestamp,
) -> Result<Response, WebError> {
    let Some(email) = vouched_email(identity) else {
        return refused_page(
            app,
            StatusCode::BAD_REQUEST,
            "ProConnect n’a pas transmis d’adresse électronique vérifiée : remplissez le formulaire vous-même.",
            purpose,
            slug,
        );
    };
    let prefill = Prefill {
        name: identity.info.display_name(),
        email,
        siret: identity.info.siret().unwrap_or_default(),
        public_agent: identity.info.is_public_agent(),
    };
    let token = store::oidc::keep_prefill(&app.db, &prefill, now).await?;
    tracing::info!(purpose = purpose.as_str(), "form prefilled from the OpenID Connect provider");
    let (url, _) = back(purpose, slug);
    let mut res = Redirect::to(&format!("{url}?proconnect=1")).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, set_cookie(app, &PREFILL_COOKIE, &token, Some(store::oidc::PREFILL_SECONDS)));
    Ok(res)
}

/// The `Set-Cookie` that forgets what the provider vouched for, once a form used it.
pub fn forget_prefill(app: &App) -> axum::http::HeaderValue {
    set_cookie(app, &PREFILL_COOKIE, "", Some(0))
}

/// What the provider vouched for in this browser, if anything.
pub async fn prefill_of(app: &App, headers: &HeaderMap) -> Result<Option<Prefill>, WebError> {
    if app.oidc.is_none() {
        return Ok(None);
    }
    match csrf::cookie(headers, PREFILL_COOKIE.on(app)) {
        Some(token) => Ok(store::oidc::find_prefill(&app.db, &token, Timestamp::now()).await?),
        None => Ok(None),
    }
}

/// How long the browser may take at the provider's logout before coming back.
const LOGOUT_SECONDS: i64 = 600;

/// The logout of a session opened through the provider: the redirect to the provider's
/// `end_session_endpoint` that ends its session too, with the cookie that keeps its `state`;
/// `None` for a session opened with a password, or a provider without that endpoint.
pub async fn provider_logout(app: &App, session_token: &str) -> Result<Option<Response>, WebError> {
    let Some(client) = &app.oidc else { return Ok(None) };
    let Some(id_token) = store::oidc::session_id_token(&app.db, session_token).await? else { return Ok(None) };
    let back = format!("{}{LOGGED_OUT_PATH}", app.config.base_url());
    let Some((url, state)) = client.logout_url(&id_token, &back).await else { return Ok(None) };
    let mut res = Redirect::to(&url).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &LOGOUT_STATE_COOKIE, &state, Some(LOGOUT_SECONDS)));
    Ok(Some(res))
}

#[derive(Deserialize)]
pub struct LoggedOut {
    state: Option<String>,
}

/// Back from the provider's logout: the sign-in page says the person is signed out when the
/// `state` is the one this browser sent; any other arrival (a forged link, a stale tab) lands
/// on the sign-in page with nothing said. The session here was closed before leaving.
pub async fn logged_out(State(app): State<App>, headers: HeaderMap, Query(back): Query<LoggedOut>) -> Response {
    let sent = csrf::cookie(&headers, LOGOUT_STATE_COOKIE.on(&app));
    let ours = match (sent.as_deref(), back.state.as_deref()) {
        (Some(sent), Some(state)) => !state.is_empty() && csrf::same_secret(sent, state),
        _ => false,
    };
    let mut res = Redirect::to(if ours { "/connexion?etat=deconnecte" } else { "/connexion" }).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(&app, &LOGOUT_STATE_COOKIE, "", Some(0)));
    res
}
