//! G1: who is asking, and may they? Session cookies, CSRF checks, and the extractors that
//! prove a role: `CurrentUser` (signed in), `Viewer` (may read this event), `Organiser` (may
//! edit this event), `Creator`, `Admin`. Handlers ask for one of them; the store functions
//! they call require the right it carries.
//!
//! Login is designed as one method among others: `open_session` takes a user id however it
//! was proven, so a second method (OpenID Connect, ProConnect) adds a handler, not a rewrite.

use crate::domain::account::{self, Account, AdminRight, CreateRight, EditRight};
use crate::domain::event::EventId;
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Multipart, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use std::sync::Arc;

/// The cookie holding the session token (its SHA-256 is the session id in the database).
pub const SESSION_COOKIE: &str = "rencontres_session";
/// The cookie holding the pre-session CSRF value, for forms shown before login.
pub const PRE_SESSION_COOKIE: &str = "rencontres_csrf";
/// The largest request an organiser route reads: an image of 5 MiB plus the form around it.
pub const MAX_UPLOAD_BODY: usize = 6 * 1024 * 1024;
/// The largest ordinary form.
pub const MAX_FORM_BODY: usize = 1024 * 1024;
/// Where anonymous visitors of organiser pages are sent.
pub const LOGIN_PATH: &str = "/connexion";

/// A signed-in account, its session token and the CSRF secret its forms must carry.
#[derive(Clone)]
pub struct CurrentUser {
    pub account: Account,
    pub token: String,
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        // Put there by `signed_in`, which every protected route passes through.
        parts
            .extensions
            .get::<Arc<CurrentUser>>()
            .map(|u| (**u).clone())
            .ok_or_else(|| Redirect::to(LOGIN_PATH).into_response())
    }
}

/// The event id of an `/organisation/evenements/{id}/…` route.
async fn event_id(parts: &mut Parts) -> Result<EventId, Response> {
    let Path(id) =
        Path::<EventId>::from_request_parts(parts, &()).await.map_err(|_| WebError::NotFound.into_response())?;
    Ok(id)
}

/// Proof that the signed-in account may edit the event of the path; 403 otherwise.
pub struct Organiser {
    pub user: CurrentUser,
    pub right: EditRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Organiser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = event_id(parts).await?;
        let right = account::authorise_edit(&user.account, id).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Organiser { user, right })
    }
}

/// Proof that the signed-in account may read the event of the path (organiser, reviewer or
/// administrator); 403 otherwise.
pub struct Viewer {
    pub user: CurrentUser,
    pub event_id: EventId,
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = event_id(parts).await?;
        if !account::can_view_event(&user.account, id) {
            return Err(WebError::Forbidden.into_response());
        }
        Ok(Viewer { user, event_id: id })
    }
}

/// Proof that the signed-in account may create events; 403 otherwise.
pub struct Creator {
    pub user: CurrentUser,
    pub right: CreateRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Creator {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let right = account::authorise_create(&user.account).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Creator { user, right })
    }
}

/// Proof that the signed-in account is an administrator; 403 otherwise.
pub struct Admin {
    pub user: CurrentUser,
    pub right: AdminRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let right = account::authorise_admin(&user.account).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Admin { user, right })
    }
}

/// The pre-session CSRF value of a form shown before login: the cookie's, or a new one
/// that `with_pre_session` sets on the response.
pub struct PreSession {
    pub csrf: String,
    pub is_new: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for PreSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(match cookie(&parts.headers, PRE_SESSION_COOKIE).filter(|v| is_token(v)) {
            Some(csrf) => PreSession { csrf, is_new: false },
            None => PreSession { csrf: store::token::generate().0, is_new: true },
        })
    }
}

impl PreSession {
    /// Adds the pre-session cookie to `res` when it was just made.
    pub fn with_cookie(&self, app: &App, mut res: Response) -> Response {
        if self.is_new {
            res.headers_mut().append(header::SET_COOKIE, set_cookie(app, PRE_SESSION_COOKIE, &self.csrf, None));
        }
        res
    }
}

/// True for the 64 lowercase hex characters of `store::token`: anything else is not worth a query.
fn is_token(v: &str) -> bool {
    store::token::looks_valid(v)
}

/// Returns the value of cookie `name`, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: `HttpOnly; SameSite=Lax; Path=/`, `Secure` when the site is served
/// over https, and `Max-Age` when given (0 deletes).
pub fn set_cookie(app: &App, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let mut v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if app.config.base_url().starts_with("https://") {
        v.push_str("; Secure");
    }
    if let Some(age) = max_age {
        v.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&v).expect("cookie values are hex")
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Middleware of the signed-in routes: finds the session (anonymous visitors are sent to the
/// login page), checks the CSRF token of every non-GET request against the session's secret
/// (403 on mismatch), and marks the response uncacheable.
pub async fn signed_in(State(app): State<App>, req: Request, next: Next) -> Response {
    match signed_in_inner(&app, req).await {
        Ok(req) => {
            let mut res = next.run(req).await;
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(res) => res,
    }
}

async fn signed_in_inner(app: &App, mut req: Request) -> Result<Request, Response> {
    let now = Timestamp::now();
    let token = cookie(req.headers(), SESSION_COOKIE).filter(|t| is_token(t));
    let Some(token) = token else { return Err(Redirect::to(LOGIN_PATH).into_response()) };
    let session = store::session::find(&app.db, &token, now).await.map_err(|e| WebError::from(e).into_response())?;
    let Some(session) = session else { return Err(Redirect::to(LOGIN_PATH).into_response()) };
    let account =
        store::account::get_account(&app.db, session.user_id).await.map_err(|e| WebError::from(e).into_response())?;
    if !is_safe(req.method()) {
        let (rebuilt, sent) = form_csrf(req).await.map_err(IntoResponse::into_response)?;
        req = rebuilt;
        if !sent.is_some_and(|s| same_secret(&s, &session.csrf_secret)) {
            tracing::warn!(user_id = account.user.id, route = route_of(&req), "CSRF token mismatch");
            return Err(WebError::Csrf.into_response());
        }
    }
    req.extensions_mut().insert(Arc::new(CurrentUser { account, token, csrf: session.csrf_secret }));
    Ok(req)
}

/// Middleware of the forms shown before login (login, reset, invitation): a POST must echo
/// the pre-session cookie in its `csrf` field (double submit), else 403.
pub async fn pre_session_csrf(req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        let mut res = next.run(req).await;
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let expected = cookie(req.headers(), PRE_SESSION_COOKIE).filter(|v| is_token(v));
    let (req, sent) = match form_csrf(req).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    match (expected, sent) {
        (Some(e), Some(s)) if same_secret(&e, &s) => next.run(req).await,
        _ => {
            tracing::warn!(route = route_of(&req), "pre-session CSRF token mismatch");
            WebError::Csrf.into_response()
        }
    }
}

/// The route pattern (`/mot-de-passe/{token}`), never the path: paths of one-time links hold
/// their token, which must not reach the logs.
fn route_of(req: &Request) -> &str {
    req.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("?")
}

fn is_safe(m: &Method) -> bool {
    m == Method::GET || m == Method::HEAD
}

#[derive(serde::Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

/// Reads the body (up to the route's limit), finds its `csrf` field, whether the form is
/// URL-encoded or multipart, and returns the request with its body intact.
async fn form_csrf(req: Request) -> Result<(Request, Option<String>), WebError> {
    let (parts, body) = req.into_parts();
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let multipart = content_type.starts_with("multipart/form-data");
    let limit = if multipart { MAX_UPLOAD_BODY } else { MAX_FORM_BODY };
    let bytes: Bytes = axum::body::to_bytes(body, limit).await.map_err(|_| WebError::TooLarge)?;
    let copy = |bytes: &Bytes| {
        let mut r = Request::new(Body::from(bytes.clone()));
        *r.headers_mut() = parts.headers.clone();
        *r.method_mut() = parts.method.clone();
        r
    };
    let sent = if multipart {
        // The token is the form's first field: parsing a prefix finds it without tripping
        // the multipart extractor's own size limit on a large image.
        let prefix = bytes.slice(..bytes.len().min(64 * 1024));
        match Multipart::from_request(copy(&prefix), &()).await {
            Ok(mut form) => {
                let mut found = None;
                while let Ok(Some(field)) = form.next_field().await {
                    if field.name() == Some("csrf") {
                        found = field.text().await.ok();
                        break;
                    }
                }
                found
            }
            Err(_) => None,
        }
    } else {
        axum::Form::<CsrfField>::from_request(copy(&bytes), &()).await.ok().and_then(|f| f.0.csrf)
    };
    Ok((Request::from_parts(parts, Body::from(bytes)), sent))
}
