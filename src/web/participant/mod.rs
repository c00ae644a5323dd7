//! B3 B4: what a participant does without an account: register, then manage the
//! registration through its private link.

pub mod registration;

use super::App;
use super::organiser::auth::pre_session_csrf;
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

/// Every POST carries the CSRF value of the pre-session cookie its form page set.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/evenements/{slug}/inscription", get(registration::form).post(registration::submit))
        .route("/evenements/{slug}/inscription/envoyee", get(registration::sent))
        .route("/inscription/{token}", get(registration::show))
        .route("/inscription/{token}/confirmer", post(registration::confirm))
        .route("/inscription/{token}/accepter", post(registration::accept))
        .route("/inscription/{token}/refuser", post(registration::decline))
        .route("/inscription/{token}/annuler", post(registration::cancel))
        .route("/inscription/{token}/donnees.json", get(registration::export_data))
        .route("/inscription/{token}/effacer", post(registration::erase))
        .route("/inscription/{token}/modifier", post(registration::edit))
        .route("/inscription/{token}/questionnaire", get(registration::survey).post(registration::answer_survey))
        .layer(middleware::from_fn(pre_session_csrf))
}
