//! B3 B4 C2 E1 E2 E4 F1: what a participant does without an account: register, manage the
//! registration through its private link (and use the board of a garagethon with it);
//! propose a talk and manage it the same way.

mod board;
pub mod door_code;
mod gazette;
mod link;
mod proposal;
pub use proposal::MAX_QUESTIONS;
pub mod registration;
mod speaker_photo;

use super::App;
use super::csrf::pre_session_csrf;
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

/// F1: the one-click leaving link of RFC 8058. Outside `pre_session_csrf` on purpose: mail
/// clients post to it with no cookie and no form; the link's token is the proof.
pub fn one_click_routes() -> Router<App> {
    Router::new().route("/gazette/desabonnement/{token}", get(gazette::one_click_page).post(gazette::one_click))
}

/// Every POST carries the CSRF value of the pre-session cookie its form page set.
pub fn routes(app: App) -> Router<App> {
    Router::new()
        .route("/evenements/{slug}/inscription", get(registration::form).post(registration::submit))
        .route("/evenements/{slug}/inscription/envoyee", get(registration::sent))
        .route("/evenements/{slug}/inscription/proconnect", post(super::oidc::start_registration))
        .route("/evenements/{slug}/appel/proconnect", post(super::oidc::start_proposal))
        .route("/evenements/{slug}/inscription/lien", get(link::link_form).post(link::resend_link))
        .route("/inscription/lien", get(link::links_form).post(link::resend_links))
        .route("/inscription/{token}", get(registration::show))
        .route("/code-accueil/{file}", get(door_code::image))
        .route("/inscription/{token}/confirmer", post(registration::confirm))
        .route("/inscription/{token}/accepter", post(registration::accept))
        .route("/inscription/{token}/refuser", post(registration::decline))
        .route("/inscription/{token}/annuler", post(registration::cancel))
        .route("/inscription/{token}/donnees.json", get(registration::export_data))
        .route("/inscription/{token}/effacer", post(registration::erase))
        .route("/inscription/{token}/modifier", post(registration::edit))
        .route("/inscription/{token}/questionnaire", get(registration::survey).post(registration::answer_survey))
        .route("/inscription/{token}/tableau", get(board::show))
        .route("/inscription/{token}/tableau/projets", post(board::add_project))
        .route("/inscription/{token}/tableau/objectifs", post(board::add_objective))
        .route("/inscription/{token}/tableau/objectifs/{id}", post(board::objective_status))
        .route("/inscription/{token}/tableau/demandes", post(board::add_request))
        .route("/inscription/{token}/tableau/demandes/{id}/ouverture", post(board::request_open))
        .route("/inscription/{token}/tableau/demandes/{id}/aide", post(board::offer))
        .route("/inscription/{token}/tableau/aides/{id}", post(board::answer_offer))
        .route("/inscription/{token}/tableau/eclair", post(board::sign_up_talk))
        .route("/inscription/{token}/tableau/eclair/{id}/retirer", post(board::withdraw_talk))
        .route("/inscription/{token}/tableau/bilan", post(board::save_retro))
        .route("/gazette/confirmer/{token}", get(gazette::confirm))
        .route("/gazette/abonnement/{token}", get(gazette::preferences).post(gazette::save))
        .route("/gazette/abonnement/{token}/quitter", post(gazette::leave))
        .route("/evenements/{slug}/appel", get(proposal::call).post(proposal::submit))
        .route("/evenements/{slug}/appel/envoyee", get(proposal::sent))
        .route("/evenements/{slug}/interventions", get(proposal::accepted))
        .route("/propositions/{token}", get(proposal::mine))
        .route("/propositions/{token}/{id}", get(proposal::show).post(proposal::update))
        .route("/propositions/{token}/{id}/retirer", post(proposal::withdraw))
        .route("/propositions/{token}/{id}/photo", post(speaker_photo::upload))
        .route("/propositions/{token}/{id}/confirmer", post(proposal::confirm))
        .route("/propositions/{token}/{id}/decliner", post(proposal::decline))
        .route("/intervenant/{token}", get(proposal::cospeaker).post(proposal::cospeaker_answer))
        .layer(middleware::from_fn_with_state(app, pre_session_csrf))
}
