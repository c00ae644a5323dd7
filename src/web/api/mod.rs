//! I2 (issue 16): the JSON API under `/api/v1`. `public` reads what the public pages show
//! (published events, their registration state, the released programme, accepted talks);
//! `organiser` acts with a bearer token made at `/organisation/jetons`, through the same store
//! functions, rights and audit entries as the browser. Every error is problem details
//! (`problem`), every read carries an ETag, lists are paged by cursor, and requests are
//! rate-limited per token (or per client address without one). `openapi` serves the
//! OpenAPI 3.1 document generated from the handlers' annotations.

pub mod openapi;
pub mod organiser;
pub mod problem;
pub mod public;

use super::App;
use super::limit::{ClientIp, ip_key};
use crate::domain::account::Account;
use crate::domain::api_token::ApiToken;
use crate::store;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use problem::ApiError;
use serde::{Deserialize, Serialize};

/// The largest request body the API reads (an event with a long Markdown text fits).
const MAX_BODY: usize = 256 * 1024;

/// The routes of `/api/v1`, with problem details for every error.
pub fn routes(_app: App) -> Router<App> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/events", get(public::events))
        .route("/api/v1/events/{slug}", get(public::event))
        .route("/api/v1/events/{slug}/programme", get(public::programme))
        .route("/api/v1/events/{slug}/talks", get(public::talks))
        .route("/api/v1/organiser/events", get(organiser::events).post(organiser::create_event))
        .route("/api/v1/organiser/events/{id}", get(organiser::event).put(organiser::update_event))
        .route("/api/v1/organiser/events/{id}/registrations", get(organiser::registrations))
        .route("/api/v1/organiser/events/{id}/registrations.csv", get(organiser::registrations_csv))
        .route("/api/v1/organiser/events/{id}/registrations/announce", post(organiser::announce))
        .route("/api/v1/organiser/events/{id}/registrations/{registration}/decision", post(organiser::decide))
        .route("/api/v1/organiser/events/{id}/registrations/{registration}/check-in", post(organiser::check_in))
        .route("/api/v1/organiser/events/{id}/proposals", get(organiser::proposals))
        .route("/api/v1/organiser/events/{id}/proposals.csv", get(organiser::proposals_csv))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(problem::ensure_problem))
}

/// A client of the public API: one request taken from its address's budget; 429 otherwise.
pub struct PublicClient;

impl FromRequestParts<App> for PublicClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, app).await;
        app.limits.api.check(&format!("ip:{}", ip_key(ip))).map_err(|wait| too_many(wait.as_secs_f64()))?;
        Ok(PublicClient)
    }
}

fn too_many(seconds: f64) -> ApiError {
    ApiError::too_many(seconds.ceil() as u64)
}

/// A valid bearer token and its owner's account as it is now; one request taken from the
/// token's budget. 401 without a token, or with one unknown, expired or revoked, or whose
/// owner is disabled; 429 past the budget.
pub struct Bearer {
    pub token: ApiToken,
    pub owner: Account,
}

impl FromRequestParts<App> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        // A refusal draws from the client address's budget: guessing tokens is rate-limited
        // like any request without one.
        let refuse = |parts: &Parts, detail: &str| -> ApiError {
            let ip = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
            let ip = ip.map(|p| {
                super::limit::client::client_ip(
                    p,
                    &parts.headers,
                    &app.config.trusted_proxies,
                    app.config.forwarded_header,
                )
            });
            match app.limits.api.check(&format!("ip:{}", ip_key(ip))) {
                Ok(()) => unauthorized(detail),
                Err(wait) => too_many(wait.as_secs_f64()),
            }
        };
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim);
        let Some(secret) = secret else {
            return Err(refuse(parts, "Send a token: Authorization: Bearer rct_…"));
        };
        let token = store::api_token::find(&app.db, secret).await?;
        let now = Timestamp::now().as_second();
        let Some(token) = token.filter(|t| t.is_valid(now)) else {
            return Err(refuse(parts, "The token is unknown, expired or revoked."));
        };
        let owner = store::account::get_account(&app.db, token.user_id).await?;
        if owner.user.disabled {
            return Err(refuse(parts, "The token's account is disabled."));
        }
        app.limits.api.check(&format!("token:{}", token.id)).map_err(|wait| too_many(wait.as_secs_f64()))?;
        Ok(Bearer { token, owner })
    }
}

fn unauthorized(detail: &str) -> ApiError {
    ApiError::unauthorized(detail)
}

/// The cursor and size of one page of a list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next_cursor` of the previous page; absent for the first page.
    #[param(pattern = r"^[0-9]{1,15}(\.[0-9]{1,15})?$")]
    pub cursor: Option<String>,
    /// How many items a page holds at most (20 when absent).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The page size, checked.
    pub fn size(&self) -> Result<usize, ApiError> {
        match self.limit {
            None => Ok(20),
            Some(n @ 1..=100) => Ok(n as usize),
            Some(_) => Err(ApiError::bad_request("`limit` must be between 1 and 100.")),
        }
    }

    /// The cursor as the two numbers it holds (the second is 0 when absent), or `None` for the
    /// first page; 400 when it is not a cursor this API made.
    pub fn position(&self) -> Result<Option<(i64, i64)>, ApiError> {
        let Some(raw) = self.cursor.as_deref() else { return Ok(None) };
        let bad = || ApiError::bad_request("`cursor` is not a cursor of this list: use `next_cursor` as given.");
        let (a, b) = raw.split_once('.').unwrap_or((raw, "0"));
        let ok = |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|c| c.is_ascii_digit());
        if !ok(a) || !ok(b) {
            return Err(bad());
        }
        Ok(Some((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?)))
    }
}

/// One page of `items` sorted by `key` (ascending, unique), after `after`, with the cursor
/// of the next page when more remain.
pub fn page<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> (i64, i64),
    after: Option<(i64, i64)>,
    size: usize,
) -> (Vec<T>, Option<String>) {
    let mut rest: Vec<T> = items.into_iter().filter(|i| after.is_none_or(|a| key(i) > a)).collect();
    let next = (rest.len() > size).then(|| {
        let (a, b) = key(&rest[size - 1]);
        format!("{a}.{b}")
    });
    rest.truncate(size);
    (rest, next)
}

/// A JSON read with its ETag: 304 without a body when `If-None-Match` names it. `public`
/// answers may be kept by shared caches (revalidated each time); the others are private.
pub fn json_read<T: Serialize>(headers: &HeaderMap, value: &T, public: bool) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => body_with_etag(headers, body, "application/json", public),
        Err(e) => {
            tracing::error!(error = %e, "API response did not serialise");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The server failed; the error is logged.").into_response()
        }
    }
}

/// A private JSON read with its ETag (organiser data).
pub fn read_with_etag<T: Serialize>(headers: &HeaderMap, value: &T) -> Response {
    json_read(headers, value, false)
}

/// `body` of `content_type` with a strong ETag (a hash of the body); 304 when
/// `If-None-Match` names it (or is `*`).
pub fn body_with_etag(headers: &HeaderMap, body: String, content_type: &'static str, public: bool) -> Response {
    let tag = format!("\"{}\"", &store::token::hash(&body)[..32]);
    let cache = if public { "public, no-cache" } else { "private, no-cache" };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == tag || t == "*"));
    let etag = HeaderValue::from_str(&tag).expect("hex in quotes is a valid header");
    let cache = HeaderValue::from_static(cache);
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// A Unix time as RFC 3339 in Paris time (`2030-01-09T09:30:00+01:00`).
pub fn rfc3339(t: Timestamp) -> String {
    t.to_zoned(crate::domain::event::paris()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A Unix time in seconds as RFC 3339, or the epoch for a value out of range.
pub fn rfc3339_seconds(s: i64) -> String {
    rfc3339(Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once_in_order() {
        let items: Vec<i64> = (1..=7).collect();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let (got, next) = page(items.clone(), |i| (*i, 0), after, 3);
            seen.extend(got);
            match next {
                Some(c) => {
                    after = PageQuery { cursor: Some(c), limit: None }.position().unwrap();
                }
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn cursors_and_limits_are_checked() {
        let q = |c: &str| PageQuery { cursor: Some(c.into()), limit: None }.position().is_ok();
        assert!(q("12") && q("1767225600.4"));
        assert!(!q("") && !q("a.1") && !q("1.") && !q("-3") && !q("1234567890123456"));
        assert!(PageQuery { cursor: None, limit: Some(0) }.size().is_err());
        assert_eq!(PageQuery { cursor: None, limit: Some(100) }.size().unwrap(), 100);
    }
}
