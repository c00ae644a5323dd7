//! G1 G2 G4 C1 C3 E3: the organiser space: login and accounts, events edited in the browser, the
//! call for talks and its review, the garagethon board's facilitation,
//! administrators' pages. Every route is listed in `ROUTES` with the access it requires, and
//! the integration tests walk that table to prove each refusal.

pub mod admin;
pub mod auth;
pub mod board;
pub mod cfp;
pub mod event;
pub mod form;
pub mod invitations;
pub mod mail_templates;
pub mod programme;
pub mod programme_grid;
pub mod questions;
pub mod registration;
pub mod selection;
pub mod session;

use super::{App, csrf};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone; POSTs carry the pre-session CSRF value.
    Anyone,
    /// Any signed-in account.
    SignedIn,
    /// An administrator, or the organiser of at least one event.
    Creator,
    /// An administrator, an organiser or a reviewer of the event in the path.
    Viewer,
    /// An administrator or an organiser of the event in the path.
    Organiser,
    /// An administrator.
    Admin,
}

/// One organiser route: method, path pattern (`{id}` is an event id) and required access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn r(method: &'static str, path: &'static str, access: Access) -> RouteSpec {
    RouteSpec { method, path, access }
}

/// Every route of the organiser space, in the order `routes` declares them.
pub const ROUTES: &[RouteSpec] = &[
    r("GET", "/connexion", Access::Anyone),
    r("POST", "/connexion", Access::Anyone),
    r("GET", "/mot-de-passe-oublie", Access::Anyone),
    r("POST", "/mot-de-passe-oublie", Access::Anyone),
    r("GET", "/mot-de-passe/{token}", Access::Anyone),
    r("POST", "/mot-de-passe/{token}", Access::Anyone),
    r("GET", "/invitation/{token}", Access::Anyone),
    r("POST", "/invitation/{token}", Access::Anyone),
    r("GET", "/organisation", Access::SignedIn),
    r("POST", "/deconnexion", Access::SignedIn),
    r("POST", "/deconnexion-partout", Access::SignedIn),
    r("GET", "/organisation/evenements/nouveau", Access::Creator),
    r("POST", "/organisation/evenements", Access::Creator),
    r("GET", "/organisation/evenements/{id}", Access::Viewer),
    r("GET", "/organisation/evenements/{id}/inscriptions", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/reglages", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/presence", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions.csv", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/appel", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/reglages", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/appel/propositions", Access::Viewer),
    r("GET", "/organisation/evenements/{id}/appel/propositions.csv", Access::Viewer),
    r("GET", "/organisation/evenements/{id}/appel/propositions.ods", Access::Viewer),
    r("GET", "/organisation/evenements/{id}/appel/proposition", Access::Viewer),
    r("POST", "/organisation/evenements/{id}/appel/evaluer", Access::Viewer),
    r("POST", "/organisation/evenements/{id}/appel/decider", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/courriels", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/modele", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/annoncer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/message", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/appel/programme", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions.ods", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions/accueil", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/absents", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions/donnees", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/effacer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/nouveau-lien", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions/supprimer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/questionnaire/envoyer", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions/invitations", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/invitations", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/invitations/retirer", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/inscriptions/selection", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/decider", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/tirage", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/annoncer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/programmer", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/courriels", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/courriels", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/modifier", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/modifier", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/image", Access::Organiser),
    // Before the routes that delete the event: the role matrix walks them in this order.
    r("GET", "/organisation/evenements/{id}/programme", Access::Viewer),
    r("POST", "/organisation/evenements/{id}/programme/publier", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/programme/importer", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/programme/grille", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/programme/grille/deplacer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/programme/grille/ajouter", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/programme/grille/supprimer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/programme/grille/echanger", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/tableau", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/tableau/reglages", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/tableau/priorite", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/tableau/objectif", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/tableau/eclair", Access::Organiser),
    r("GET", "/organisation/evenements/{id}/tableau/bilan.md", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/publier", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/depublier", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/dupliquer", Access::Organiser),
    r("POST", "/organisation/evenements/{id}/supprimer", Access::Organiser),
    r("GET", "/organisation/utilisateurs", Access::Admin),
    r("POST", "/organisation/utilisateurs", Access::Admin),
    r("GET", "/organisation/journal", Access::Admin),
];

/// The organiser routes with their middleware: pre-session CSRF before login, session and
/// CSRF after. Role checks are the handlers' extractors (`auth::Organiser`…).
pub fn routes(app: App) -> Router<App> {
    let anyone = Router::new()
        .route("/connexion", get(session::login_form).post(session::login))
        .route("/mot-de-passe-oublie", get(session::forgot_form).post(session::forgot))
        .route("/mot-de-passe/{token}", get(session::reset_form).post(session::reset))
        .route("/invitation/{token}", get(session::invitation_form).post(session::accept_invitation))
        .layer(middleware::from_fn(csrf::pre_session_csrf));
    let signed_in = Router::new()
        .route("/organisation", get(event::dashboard))
        .route("/deconnexion", post(session::logout))
        .route("/deconnexion-partout", post(session::logout_everywhere))
        .route("/organisation/evenements/nouveau", get(event::new_form))
        .route("/organisation/evenements", post(event::create))
        .route("/organisation/evenements/{id}", get(event::show))
        .route("/organisation/evenements/{id}/inscriptions", get(registration::list))
        .route("/organisation/evenements/{id}/inscriptions/reglages", post(registration::configure))
        .route("/organisation/evenements/{id}/inscriptions/presence", post(registration::check_in))
        .route("/organisation/evenements/{id}/inscriptions.csv", get(registration::door_list))
        .route("/organisation/evenements/{id}/appel", get(cfp::show))
        .route("/organisation/evenements/{id}/appel/reglages", post(cfp::configure))
        .route("/organisation/evenements/{id}/appel/propositions", get(cfp::list))
        .route("/organisation/evenements/{id}/appel/propositions.csv", get(cfp::export))
        .route("/organisation/evenements/{id}/appel/propositions.ods", get(cfp::export_ods))
        .route("/organisation/evenements/{id}/appel/proposition", get(cfp::proposal))
        .route("/organisation/evenements/{id}/appel/evaluer", post(cfp::score))
        .route("/organisation/evenements/{id}/appel/decider", post(cfp::decide))
        .route("/organisation/evenements/{id}/appel/courriels", post(cfp::prepare))
        .route("/organisation/evenements/{id}/appel/modele", post(cfp::template))
        .route("/organisation/evenements/{id}/appel/annoncer", post(cfp::announce))
        .route("/organisation/evenements/{id}/appel/message", post(cfp::message))
        .route("/organisation/evenements/{id}/appel/programme", post(cfp::to_programme))
        .route("/organisation/evenements/{id}/inscriptions.ods", get(registration::door_list_ods))
        .route("/organisation/evenements/{id}/inscriptions/accueil", get(registration::desk))
        .route("/organisation/evenements/{id}/inscriptions/absents", post(registration::no_shows))
        .route("/organisation/evenements/{id}/inscriptions/donnees", get(registration::export_person))
        .route("/organisation/evenements/{id}/inscriptions/effacer", post(registration::erase_person))
        .route("/organisation/evenements/{id}/inscriptions/nouveau-lien", post(registration::renew_link))
        .route("/organisation/evenements/{id}/inscriptions/questions", post(questions::add))
        .route("/organisation/evenements/{id}/inscriptions/questions/supprimer", post(questions::remove))
        .route("/organisation/evenements/{id}/inscriptions/questionnaire/envoyer", post(registration::send_survey))
        .route(
            "/organisation/evenements/{id}/inscriptions/invitations",
            get(invitations::show).post(invitations::invite).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY)),
        )
        .route("/organisation/evenements/{id}/inscriptions/invitations/retirer", post(invitations::revoke))
        .route("/organisation/evenements/{id}/inscriptions/selection", get(selection::show))
        .route("/organisation/evenements/{id}/inscriptions/selection/decider", post(selection::decide))
        .route("/organisation/evenements/{id}/inscriptions/selection/tirage", post(selection::draw))
        .route("/organisation/evenements/{id}/inscriptions/selection/annoncer", post(selection::announce))
        .route("/organisation/evenements/{id}/inscriptions/selection/programmer", post(selection::schedule))
        .route("/organisation/evenements/{id}/courriels", get(mail_templates::show).post(mail_templates::save))
        .route("/organisation/evenements/{id}/modifier", get(event::edit_form).post(event::update))
        .route(
            "/organisation/evenements/{id}/image",
            post(event::upload_image).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY)),
        )
        .route("/organisation/evenements/{id}/publier", post(event::publish))
        .route("/organisation/evenements/{id}/depublier", post(event::unpublish))
        .route("/organisation/evenements/{id}/dupliquer", post(event::duplicate))
        .route("/organisation/evenements/{id}/supprimer", post(event::delete))
        .route("/organisation/evenements/{id}/programme", get(programme::show))
        .route("/organisation/evenements/{id}/programme/publier", post(programme::release))
        .route("/organisation/evenements/{id}/programme/importer", post(programme::import))
        .route("/organisation/evenements/{id}/programme/grille", get(programme_grid::show))
        .route("/organisation/evenements/{id}/programme/grille/deplacer", post(programme_grid::move_item))
        .route("/organisation/evenements/{id}/programme/grille/ajouter", post(programme_grid::add_item))
        .route("/organisation/evenements/{id}/programme/grille/supprimer", post(programme_grid::remove_item))
        .route("/organisation/evenements/{id}/programme/grille/echanger", post(programme_grid::swap_items))
        .route("/organisation/evenements/{id}/tableau", get(board::show))
        .route("/organisation/evenements/{id}/tableau/reglages", post(board::settings))
        .route("/organisation/evenements/{id}/tableau/priorite", post(board::prioritise))
        .route("/organisation/evenements/{id}/tableau/objectif", post(board::objective))
        .route("/organisation/evenements/{id}/tableau/eclair", post(board::talk))
        .route("/organisation/evenements/{id}/tableau/bilan.md", get(board::bilan))
        .route("/organisation/utilisateurs", get(admin::users).post(admin::invite))
        .route("/organisation/journal", get(admin::audit_log))
        .layer(middleware::from_fn_with_state(app, auth::signed_in));
    Router::new().merge(anyone).merge(signed_in)
}
