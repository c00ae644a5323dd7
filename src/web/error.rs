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
    /// A refusal whose French message is safe to show.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request body is over the size limit.
    #[error("request body too large")]
    TooLarge,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0:#}")]
    Template(#[from] minijinja::Error),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound | WebError::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            WebError::Store(StoreError::Refused(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Renders an error page; falls back to plain text if the error template itself fails.
pub fn error_page(app: &App, err: &WebError) -> Response {
    let status = err.status();
    if status.is_server_error() {
        tracing::error!(error = ?err, "request failed");
    }
    let refusal;
    let (template, message) = match err {
        WebError::BadRequest(m) => ("errors/bad_request.html", Some(m.as_str())),
        WebError::TooLarge => ("errors/bad_request.html", Some("Le formulaire envoyé est trop volumineux.")),
        WebError::Store(StoreError::Refused(r)) => {
            refusal = r.to_string();
            ("errors/bad_request.html", Some(refusal.as_str()))
        }
        _ if status == StatusCode::NOT_FOUND => ("errors/not_found.html", None),
        _ if status == StatusCode::CONFLICT => ("errors/bad_request.html", Some("Cette action entre en conflit avec une donnée existante.")),
        _ => ("errors/server_error.html", None),
    };
    let page_title = match status {
        StatusCode::NOT_FOUND => "Page introuvable",
        StatusCode::BAD_REQUEST | StatusCode::CONFLICT => "Requête invalide",
        StatusCode::UNPROCESSABLE_ENTITY => "Action impossible",
        StatusCode::PAYLOAD_TOO_LARGE => "Envoi trop volumineux",
        _ => "Erreur du serveur",
    };
    let ctx = minijinja::context! { page_title, message, status => status.as_u16(), section => () };
    match app.templates.get_template(template).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, template, "error template failed");
            (status, "Erreur").into_response()
        }
    }
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
