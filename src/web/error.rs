//! The one place where failures become HTTP responses. A 500 logs the whole cause chain
//! and shows a generic French page, never the error text.

use super::App;
use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    /// A private link that opens nothing (revoked, erased, mistyped): 404 with the page that
    /// explains it and the form that mails the current link again (B4). Carries the
    /// pre-session CSRF value of that form, and whether its cookie is still to be set.
    #[error("private link not found")]
    LinkGone { csrf: String, new_cookie: bool },
    /// A refusal whose French message is safe to show.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The account may not do this (G1): 403.
    #[error("forbidden")]
    Forbidden,
    /// The form's CSRF token is missing or wrong: 403 with a page saying to reload the form.
    #[error("CSRF token mismatch")]
    Csrf,
    /// A rate limit was hit: 429 with `Retry-After` in seconds.
    #[error("too many requests, retry after {0} s")]
    TooManyRequests(u64),
    /// The request body is over the size limit.
    #[error("request body too large")]
    TooLarge,
    /// axum's own extractors could not read the path, query or body (their rejection, an
    /// English plain text): shown as the French page of the same status.
    #[error("rejected by an extractor: {0}")]
    Malformed(StatusCode),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
    #[error("template: {0:#}")]
    Template(#[from] minijinja::Error),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::LinkGone { .. } | WebError::Store(StoreError::NotFound) => {
                StatusCode::NOT_FOUND
            }
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Malformed(status) => *status,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            WebError::Forbidden | WebError::Csrf | WebError::Store(StoreError::Forbidden) => StatusCode::FORBIDDEN,
            WebError::TooManyRequests(_) | WebError::Store(StoreError::Busy) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(StoreError::Refused(r)) if r.is_forbidden() => StatusCode::FORBIDDEN,
            WebError::Store(StoreError::Refused(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The error to show instead of a response made by axum's own extractors: a 400, 415 or 422
/// in plain text without a `WebError` (a path parameter or query string that does not parse,
/// a body of the wrong type). Our handlers answer in HTML, so plain text is axum's.
pub fn from_rejection(res: &Response) -> Option<WebError> {
    let status = res.status();
    let plain = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/plain"));
    let rejected = matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY
    );
    (plain && rejected && res.extensions().get::<std::sync::Arc<WebError>>().is_none())
        .then_some(WebError::Malformed(status))
}

/// Renders an error page; falls back to plain text if the error template itself fails.
pub fn error_page(app: &App, err: &WebError) -> Response {
    let status = err.status();
    if status.is_server_error() {
        tracing::error!(error = ?err, "request failed");
    }
    // H2: the page's own words come from the catalogue (`error-…` in errors.ftl); a handler's
    // message (`BadRequest`, a refusal) is shown as the handler wrote it.
    let t = crate::i18n::t;
    let (template, message): (&str, Option<String>) = match err {
        WebError::BadRequest(m) => ("errors/bad_request.html", Some(m.clone())),
        WebError::TooLarge => ("errors/bad_request.html", Some(t("error-too-large"))),
        WebError::Malformed(_) => ("errors/bad_request.html", Some(t("error-malformed"))),
        WebError::Store(StoreError::Refused(r)) => {
            let template =
                if status == StatusCode::FORBIDDEN { "errors/forbidden.html" } else { "errors/bad_request.html" };
            (template, Some(crate::web::views::refusal_message(r)))
        }
        _ if status == StatusCode::NOT_FOUND => ("errors/not_found.html", None),
        WebError::Csrf => ("errors/forbidden.html", Some(t("error-csrf"))),
        _ if status == StatusCode::FORBIDDEN => ("errors/forbidden.html", Some(t("error-no-access"))),
        _ if status == StatusCode::TOO_MANY_REQUESTS => ("errors/too_many_requests.html", None),
        _ if status == StatusCode::CONFLICT => ("errors/bad_request.html", Some(t("error-conflict"))),
        _ => ("errors/server_error.html", None),
    };
    let page_title = t(match status {
        StatusCode::NOT_FOUND => "error-title-not-found",
        StatusCode::BAD_REQUEST | StatusCode::CONFLICT | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "error-title-bad-request"
        }
        StatusCode::UNPROCESSABLE_ENTITY => "error-title-unprocessable",
        StatusCode::PAYLOAD_TOO_LARGE => "error-title-too-large",
        StatusCode::FORBIDDEN => "error-title-forbidden",
        StatusCode::TOO_MANY_REQUESTS => "error-title-too-many",
        _ => "error-title-server",
    });
    if let WebError::LinkGone { csrf, new_cookie } = err {
        return link_gone_page(app, csrf, *new_cookie);
    }
    let ctx = minijinja::context! { page_title, message, status => status.as_u16(), section => () };
    let retry_after = match err {
        WebError::TooManyRequests(secs) => Some(secs.max(&1).to_string()),
        WebError::Store(StoreError::Busy) => Some("5".to_owned()),
        _ => None,
    };
    match app.templates.get_template(template).and_then(|t| t.render(ctx)) {
        Ok(html) => {
            let mut res = (status, Html(html)).into_response();
            if let Some(secs) = retry_after.and_then(|s| axum::http::HeaderValue::from_str(&s).ok()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs);
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, template, "error template failed");
            (status, "Erreur").into_response()
        }
    }
}

/// The page of a dead private link: 404, with the form that mails the current link again,
/// its CSRF cookie, and no Referer (the address holds the dead token).
fn link_gone_page(app: &App, csrf: &str, new_cookie: bool) -> Response {
    let ctx = minijinja::context! { page_title => crate::i18n::t("error-title-link-gone"), csrf, section => "events" };
    let mut res = match app.templates.get_template("errors/link_gone.html").and_then(|t| t.render(ctx)) {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "link_gone template failed");
            return (StatusCode::NOT_FOUND, "Lien non valide").into_response();
        }
    };
    let headers = res.headers_mut();
    headers.insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
    headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    if new_cookie {
        headers.append(
            axum::http::header::SET_COOKIE,
            super::csrf::set_cookie(app, &super::csrf::PRE_SESSION_COOKIE, csrf, None),
        );
    }
    res
}

/// Lets handlers return `Result<_, WebError>`; the page is rendered by the `render_errors`
/// middleware, which has the application state.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut res = status.into_response();
        res.extensions_mut().insert(std::sync::Arc::new(self));
        res
    }
}
