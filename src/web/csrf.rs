//! G1 B3 B4 C2 E1: cross-site request forgery checks and the cookies they rely on. Forms shown
//! before any session (login, reset and invitation links, and every participant page:
//! registration, proposal, board) use the pre-session double submit of `PreSession` and
//! `pre_session_csrf`; the organiser session's own check (`organiser::auth::signed_in`) reads
//! the form's `csrf` field with `form_csrf` and compares it with `same_secret`.

use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Multipart, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The two names of a cookie: the plain one over http, and the `__Host-` one when `base_url`
/// is https. A browser keeps a `__Host-` cookie only if it is `Secure`, has `Path=/` and no
/// `Domain`, so a sibling subdomain or a plain-http page cannot set or shadow it.
pub struct CookieName {
    plain: &'static str,
    host: &'static str,
}

impl CookieName {
    pub const fn new(plain: &'static str, host: &'static str) -> CookieName {
        CookieName { plain, host }
    }

    /// The name this site uses: `__Host-…` when `base_url` starts with `https://`.
    pub fn on(&self, app: &App) -> &'static str {
        if is_https(app) { self.host } else { self.plain }
    }
}

/// The cookie holding the pre-session CSRF value, for forms shown before login.
pub const PRE_SESSION_COOKIE: CookieName = CookieName { plain: "rencontres_csrf", host: "__Host-rencontres_csrf" };

/// The cookie holding the session token (its SHA-256 is the session id in the database).
pub const SESSION_COOKIE: CookieName = CookieName { plain: "rencontres_session", host: "__Host-rencontres_session" };

/// I1: the `state` of the OpenID Connect sign-in under way in this browser, so that an answer
/// of the provider is taken only by the browser that started it.
pub const OIDC_FLOW_COOKIE: CookieName = CookieName { plain: "rencontres_oidc", host: "__Host-rencontres_oidc" };

/// I1: the `state` sent with the provider's logout, checked when the browser comes back, so
/// that only the logout this browser asked for says « vous êtes déconnecté ».
pub const LOGOUT_STATE_COOKIE: CookieName = CookieName { plain: "rencontres_logout", host: "__Host-rencontres_logout" };

/// I1: the token of what the provider vouched for, to fill a participant's form.
pub const PREFILL_COOKIE: CookieName = CookieName { plain: "rencontres_prefill", host: "__Host-rencontres_prefill" };

/// True when the site is served over https (`base_url`), so cookies are `Secure`.
fn is_https(app: &App) -> bool {
    app.config.base_url().starts_with("https://")
}
/// The largest request an organiser route reads: an image of 5 MiB plus the form around it.
pub const MAX_UPLOAD_BODY: usize = 6 * 1024 * 1024;
/// The largest ordinary form.
pub const MAX_FORM_BODY: usize = 1024 * 1024;
/// The pre-session CSRF value of a form shown before login: the cookie's, or a new one
/// that `with_cookie` sets on the response.
pub struct PreSession {
    pub csrf: String,
    pub is_new: bool,
}

impl FromRequestParts<App> for PreSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        Ok(match cookie(&parts.headers, PRE_SESSION_COOKIE.on(app)).filter(|v| is_token(v)) {
            Some(csrf) => PreSession { csrf, is_new: false },
            None => PreSession { csrf: store::token::generate().0, is_new: true },
        })
    }
}

impl PreSession {
    /// Adds the pre-session cookie to `res` when it was just made.
    pub fn with_cookie(&self, app: &App, mut res: Response) -> Response {
        if self.is_new {
            res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &PRE_SESSION_COOKIE, &self.csrf, None));
        }
        res
    }
}

/// True for the 64 lowercase hex characters of `store::token`: anything else is not worth a query.
pub fn is_token(v: &str) -> bool {
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

/// A `Set-Cookie` value: `HttpOnly; SameSite=Lax; Path=/`, never a `Domain`; over https the
/// `__Host-` name and `Secure`; `Max-Age` when given (0 deletes).
pub fn set_cookie(app: &App, name: &CookieName, value: &str, max_age: Option<i64>) -> HeaderValue {
    let name = name.on(app);
    let mut v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if is_https(app) {
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

/// Middleware of the forms shown before login (login, reset, invitation): a POST must echo
/// the pre-session cookie in its `csrf` field (double submit), else 403.
pub async fn pre_session_csrf(State(app): State<App>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        let mut res = next.run(req).await;
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let expected = cookie(req.headers(), PRE_SESSION_COOKIE.on(&app)).filter(|v| is_token(v));
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
pub fn route_of(req: &Request) -> &str {
    req.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("?")
}

/// True for the methods that change nothing (GET, HEAD): they carry no CSRF value.
pub fn is_safe(m: &Method) -> bool {
    m == Method::GET || m == Method::HEAD
}

#[derive(serde::Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

/// Reads the body (up to the route's limit), finds its `csrf` field, whether the form is
/// URL-encoded or multipart, and returns the request with its body intact.
pub async fn form_csrf(req: Request) -> Result<(Request, Option<String>), WebError> {
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
