//! I2 (issue 16): every error of `/api/v1` as `application/problem+json` (RFC 9457): a
//! status, a short English title, a detail safe to show, and for a refused body the field
//! errors in French (the same sentences the browser shows beside the fields).

use crate::store::{Conflict, StoreError};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error, as RFC 9457 problem details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status's phrase, in English.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong; French when it is a rule's sentence.
    pub detail: String,
    /// One entry per refused field of the request body (422 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub errors: Vec<FieldError>,
}

/// One refused field of a request body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name in the request body.
    pub field: String,
    /// Why it was refused, in French.
    pub message: String,
}

/// An API error: the problem and, for a 429, the seconds to wait.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub problem: Problem,
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// A problem of `status` with `detail`.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            problem: Problem {
                kind: "about:blank".into(),
                title: status.canonical_reason().unwrap_or("Error").into(),
                status: status.as_u16(),
                detail: detail.into(),
                errors: Vec::new(),
            },
            retry_after: None,
        }
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "No such resource.")
    }

    pub fn unauthorized(detail: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, detail)
    }

    pub fn forbidden(detail: &str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 422 with one entry per refused field.
    pub fn fields(errors: Vec<FieldError>) -> ApiError {
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "Some fields were refused: see `errors`.");
        e.problem.errors = errors;
        e
    }

    /// 429 with `Retry-After`.
    pub fn too_many(seconds: u64) -> ApiError {
        let mut e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Too many requests for this token or client.");
        e.retry_after = Some(seconds.max(1));
        e
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Forbidden => ApiError::forbidden("The token may not reach this resource."),
            StoreError::Conflict(Conflict::SlugTaken) => ApiError::fields(vec![FieldError {
                field: "slug".into(),
                message: "Cet identifiant d’adresse est déjà pris par un autre événement.".into(),
            }]),
            StoreError::Conflict(c) => ApiError::new(StatusCode::CONFLICT, c.to_string()),
            StoreError::Refused(r) if r.is_forbidden() => ApiError::forbidden(&r.to_string()),
            StoreError::Refused(r) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, r.to_string()),
            StoreError::Busy => ApiError::too_many(5),
            e => {
                tracing::error!(error = ?e, "API request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The server failed; the error is logged.")
            }
        }
    }
}

/// A problem response of `status` with `body`, and `Retry-After` when given.
pub fn response(problem: &Problem, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    if let Some(secs) = retry_after {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        response(&self.problem, self.retry_after)
    }
}

/// Middleware of `/api/v1`: any error response that is not yet a problem (axum's own
/// rejections of a path, query or body, a 405, a body over the limit) becomes one of the
/// same status, keeping `Allow` and `Retry-After`.
pub async fn ensure_problem(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(PROBLEM_JSON));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => "This method is not allowed here.",
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Send the body as application/json.",
        StatusCode::NOT_FOUND => "No such resource.",
        _ => "The request could not be read: check the path, the query and the body.",
    };
    // A body that is valid JSON of the wrong shape is axum's 422: keep it a 400 with no field
    // list, as a body that does not parse.
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
    let mut out = ApiError::new(status, detail).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}
