//! G1 G2 G4 G5 C1 C3 E3 F1 I3: the organiser space: login and accounts, events edited in the browser, the
//! call for talks and its review, the garagethon board's facilitation,
//! administrators' pages. Every route is listed once in `ROUTES` with the access it requires
//! and its handler; the router is built from that table and the integration tests walk it to
//! prove each refusal.

pub mod accessibility;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod board;
pub mod cfp;
pub mod check_in_links;
pub mod door;
pub mod event;
pub mod event_messages;
pub mod form;
pub mod gazette;
pub mod import_doubts;
pub mod invitations;
pub mod mail_queue;
pub mod mail_templates;
pub mod notice;
pub mod programme;
pub mod programme_grid;
pub mod programme_items;
pub mod programme_rooms;
pub mod questions;
pub mod registration;
pub mod selection;
pub mod session;
pub mod webhooks;

use super::{App, csrf};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{MethodFilter, MethodRouter, on};

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
    /// An administrator, an organiser or a check-in volunteer of the event in the path: its
    /// door list and check-in page (G5).
    Door,
    /// An administrator.
    Admin,
}

/// One organiser route: method, path pattern (`{id}` is an event id), required access, and
/// the handler serving it. `routes` builds the router from these entries alone, so a route
/// the role matrix walks is always a route the server serves, and the other way round.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    /// Builds the route's method router for `method`'s filter (with its body limit, if any).
    pub handler: fn(MethodFilter) -> MethodRouter<App>,
}

const fn r(
    method: &'static str,
    path: &'static str,
    access: Access,
    handler: fn(MethodFilter) -> MethodRouter<App>,
) -> RouteSpec {
    RouteSpec { method, path, access, handler }
}

/// Every route of the organiser space: the source of both the router and the role matrix.
pub const ROUTES: &[RouteSpec] = &[
    r("GET", "/connexion", Access::Anyone, |m| on(m, session::login_form)),
    r("POST", "/connexion", Access::Anyone, |m| on(m, session::login)),
    r("POST", "/connexion/proconnect", Access::Anyone, |m| on(m, crate::web::oidc::start_organiser)),
    r("GET", crate::web::oidc::CALLBACK_PATH, Access::Anyone, |m| on(m, crate::web::oidc::callback)),
    r("GET", crate::web::oidc::LOGGED_OUT_PATH, Access::Anyone, |m| on(m, crate::web::oidc::logged_out)),
    r("GET", "/mot-de-passe-oublie", Access::Anyone, |m| on(m, session::forgot_form)),
    r("POST", "/mot-de-passe-oublie", Access::Anyone, |m| on(m, session::forgot)),
    r("GET", "/mot-de-passe/{token}", Access::Anyone, |m| on(m, session::reset_form)),
    r("POST", "/mot-de-passe/{token}", Access::Anyone, |m| on(m, session::reset)),
    r("GET", "/invitation/{token}", Access::Anyone, |m| on(m, session::invitation_form)),
    r("POST", "/invitation/{token}", Access::Anyone, |m| on(m, session::accept_invitation)),
    r("GET", "/accueil/{token}", Access::Anyone, |m| on(m, check_in_links::desk)),
    r("POST", "/accueil/{token}/presence", Access::Anyone, |m| on(m, check_in_links::check_in)),
    r("GET", "/connexion/deblocage/{token}", Access::Anyone, |m| on(m, session::unlock_form)),
    r("POST", "/connexion/deblocage/{token}", Access::Anyone, |m| on(m, session::unlock)),
    r("GET", "/organisation", Access::SignedIn, |m| on(m, event::dashboard)),
    r("POST", "/deconnexion", Access::SignedIn, |m| on(m, session::logout)),
    r("POST", "/deconnexion-partout", Access::SignedIn, |m| on(m, session::logout_everywhere)),
    r("GET", "/organisation/evenements/nouveau", Access::Creator, |m| on(m, event::new_form)),
    r("POST", "/organisation/evenements", Access::Creator, |m| on(m, event::create)),
    r("GET", "/organisation/evenements/{id}", Access::Viewer, |m| on(m, event::show)),
    r("GET", "/organisation/evenements/{id}/inscriptions", Access::Organiser, |m| on(m, registration::list)),
    r("POST", "/organisation/evenements/{id}/inscriptions/reglages", Access::Organiser, |m| {
        on(m, registration::configure)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/presence", Access::Door, |m| on(m, door::check_in)),
    r("GET", "/organisation/evenements/{id}/inscriptions.csv", Access::Door, |m| on(m, door::door_list)),
    r("GET", "/organisation/evenements/{id}/appel", Access::Organiser, |m| on(m, cfp::show)),
    r("POST", "/organisation/evenements/{id}/appel/reglages", Access::Organiser, |m| on(m, cfp::configure)),
    r("GET", "/organisation/evenements/{id}/appel/propositions", Access::Viewer, |m| on(m, cfp::list)),
    r("GET", "/organisation/evenements/{id}/appel/propositions.csv", Access::Viewer, |m| on(m, cfp::export)),
    r("GET", "/organisation/evenements/{id}/appel/propositions.ods", Access::Viewer, |m| on(m, cfp::export_ods)),
    r("GET", "/organisation/evenements/{id}/appel/proposition", Access::Viewer, |m| on(m, cfp::proposal)),
    r("POST", "/organisation/evenements/{id}/appel/evaluer", Access::Viewer, |m| on(m, cfp::score)),
    r("POST", "/organisation/evenements/{id}/appel/decider", Access::Organiser, |m| on(m, cfp::decide)),
    r("POST", "/organisation/evenements/{id}/appel/courriels", Access::Organiser, |m| on(m, cfp::prepare)),
    r("POST", "/organisation/evenements/{id}/appel/modele", Access::Organiser, |m| on(m, cfp::template)),
    r("POST", "/organisation/evenements/{id}/appel/annoncer", Access::Organiser, |m| on(m, cfp::announce)),
    r("POST", "/organisation/evenements/{id}/appel/message", Access::Organiser, |m| on(m, cfp::message)),
    r("POST", "/organisation/evenements/{id}/appel/programme", Access::Organiser, |m| on(m, cfp::to_programme)),
    r("GET", "/organisation/evenements/{id}/inscriptions.ods", Access::Door, |m| on(m, door::door_list_ods)),
    r("GET", "/organisation/evenements/{id}/inscriptions/accueil", Access::Door, |m| on(m, door::desk)),
    r("GET", "/organisation/evenements/{id}/inscriptions/emargement", Access::Door, |m| on(m, door::door_list_page)),
    r("POST", "/organisation/evenements/{id}/inscriptions/sur-place", Access::Organiser, |m| on(m, door::walk_in)),
    r("GET", "/organisation/pointage", Access::SignedIn, |m| on(m, door::by_code)),
    r("GET", "/organisation/evenements/{id}/inscriptions/liens-accueil", Access::Organiser, |m| {
        on(m, check_in_links::show)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/liens-accueil", Access::Organiser, |m| {
        on(m, check_in_links::create)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/liens-accueil/retirer", Access::Organiser, |m| {
        on(m, check_in_links::revoke)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/absents", Access::Organiser, |m| {
        on(m, registration::no_shows)
    }),
    r("GET", "/organisation/evenements/{id}/inscriptions/donnees", Access::Organiser, |m| {
        on(m, registration::export_person)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/effacer", Access::Organiser, |m| {
        on(m, registration::erase_person)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/nouveau-lien", Access::Organiser, |m| {
        on(m, registration::renew_link)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions", Access::Organiser, |m| on(m, questions::add)),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions/modifier", Access::Organiser, |m| {
        on(m, questions::update)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions/deplacer", Access::Organiser, |m| {
        on(m, questions::reorder)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/questions/supprimer", Access::Organiser, |m| {
        on(m, questions::remove)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/questionnaire/envoyer", Access::Organiser, |m| {
        on(m, registration::send_survey)
    }),
    r("GET", "/organisation/evenements/{id}/inscriptions/invitations", Access::Organiser, |m| {
        on(m, invitations::show).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY))
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/invitations", Access::Organiser, |m| {
        on(m, invitations::invite).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY))
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/invitations/retirer", Access::Organiser, |m| {
        on(m, invitations::revoke)
    }),
    r("GET", "/organisation/evenements/{id}/inscriptions/selection", Access::Organiser, |m| on(m, selection::show)),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/decider", Access::Organiser, |m| {
        on(m, selection::decide)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/organisations", Access::Organiser, |m| {
        on(m, selection::merge_organisations)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/tirage", Access::Organiser, |m| {
        on(m, selection::draw)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/annoncer", Access::Organiser, |m| {
        on(m, selection::announce)
    }),
    r("POST", "/organisation/evenements/{id}/inscriptions/selection/programmer", Access::Organiser, |m| {
        on(m, selection::schedule)
    }),
    r("GET", "/organisation/evenements/{id}/messages", Access::Organiser, |m| on(m, event_messages::show)),
    r("POST", "/organisation/evenements/{id}/messages", Access::Organiser, |m| on(m, event_messages::post)),
    r("GET", "/organisation/evenements/{id}/courriels", Access::Organiser, |m| on(m, mail_templates::show)),
    r("POST", "/organisation/evenements/{id}/courriels", Access::Organiser, |m| on(m, mail_templates::save)),
    r("GET", "/organisation/evenements/{id}/modifier", Access::Organiser, |m| on(m, event::edit_form)),
    r("POST", "/organisation/evenements/{id}/modifier", Access::Organiser, |m| on(m, event::update)),
    r("POST", "/organisation/evenements/{id}/image", Access::Organiser, |m| {
        on(m, event::upload_image).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY))
    }),
    // Before the routes that delete the event: the role matrix walks them in this order.
    r("GET", "/organisation/evenements/{id}/programme", Access::Viewer, |m| on(m, programme::show)),
    r("POST", "/organisation/evenements/{id}/programme/publier", Access::Organiser, |m| on(m, programme::release)),
    r("POST", "/organisation/evenements/{id}/programme/importer", Access::Organiser, |m| on(m, programme::import)),
    r("GET", "/organisation/evenements/{id}/programme/grille", Access::Organiser, |m| on(m, programme_grid::show)),
    r("POST", "/organisation/evenements/{id}/programme/grille/deplacer", Access::Organiser, |m| {
        on(m, programme_grid::move_item)
    }),
    r("POST", "/organisation/evenements/{id}/programme/grille/ajouter", Access::Organiser, |m| {
        on(m, programme_grid::add_item)
    }),
    r("POST", "/organisation/evenements/{id}/programme/grille/supprimer", Access::Organiser, |m| {
        on(m, programme_grid::remove_item)
    }),
    r("POST", "/organisation/evenements/{id}/programme/grille/echanger", Access::Organiser, |m| {
        on(m, programme_grid::swap_items)
    }),
    r("GET", "/organisation/evenements/{id}/programme/salles", Access::Organiser, |m| on(m, programme_rooms::rooms)),
    r("POST", "/organisation/evenements/{id}/programme/salles/ajouter", Access::Organiser, |m| {
        on(m, programme_rooms::add_room)
    }),
    r("POST", "/organisation/evenements/{id}/programme/salles/modifier", Access::Organiser, |m| {
        on(m, programme_rooms::update_room)
    }),
    r("POST", "/organisation/evenements/{id}/programme/salles/supprimer", Access::Organiser, |m| {
        on(m, programme_rooms::remove_room)
    }),
    r("GET", "/organisation/evenements/{id}/programme/themes", Access::Organiser, |m| on(m, programme_rooms::tracks)),
    r("POST", "/organisation/evenements/{id}/programme/themes/ajouter", Access::Organiser, |m| {
        on(m, programme_rooms::add_track)
    }),
    r("POST", "/organisation/evenements/{id}/programme/themes/modifier", Access::Organiser, |m| {
        on(m, programme_rooms::update_track)
    }),
    r("POST", "/organisation/evenements/{id}/programme/themes/supprimer", Access::Organiser, |m| {
        on(m, programme_rooms::remove_track)
    }),
    r("GET", "/organisation/evenements/{id}/programme/element", Access::Organiser, |m| on(m, programme_items::item)),
    r("POST", "/organisation/evenements/{id}/programme/element/ajouter", Access::Organiser, |m| {
        on(m, programme_items::add_item)
    }),
    r("POST", "/organisation/evenements/{id}/programme/element/modifier", Access::Organiser, |m| {
        on(m, programme_items::update_item)
    }),
    r("POST", "/organisation/evenements/{id}/programme/element/retirer", Access::Organiser, |m| {
        on(m, programme_items::unplace)
    }),
    r("POST", "/organisation/evenements/{id}/programme/element/supprimer", Access::Organiser, |m| {
        on(m, programme_items::remove_item)
    }),
    r("GET", "/organisation/evenements/{id}/programme/a-placer", Access::Organiser, |m| {
        on(m, programme_items::unplaced)
    }),
    r("POST", "/organisation/evenements/{id}/programme/a-placer/placer", Access::Organiser, |m| {
        on(m, programme_items::place)
    }),
    r("GET", "/organisation/evenements/{id}/webhooks", Access::Organiser, |m| on(m, webhooks::event_show)),
    r("POST", "/organisation/evenements/{id}/webhooks", Access::Organiser, |m| on(m, webhooks::event_create)),
    r("POST", "/organisation/evenements/{id}/webhooks/pause", Access::Organiser, |m| on(m, webhooks::event_pause)),
    r("POST", "/organisation/evenements/{id}/webhooks/secret", Access::Organiser, |m| on(m, webhooks::event_rotate)),
    r("POST", "/organisation/evenements/{id}/webhooks/rejouer", Access::Organiser, |m| on(m, webhooks::event_replay)),
    r("POST", "/organisation/evenements/{id}/webhooks/supprimer", Access::Organiser, |m| on(m, webhooks::event_delete)),
    r("GET", "/organisation/evenements/{id}/tableau", Access::Organiser, |m| on(m, board::show)),
    r("POST", "/organisation/evenements/{id}/tableau/reglages", Access::Organiser, |m| on(m, board::settings)),
    r("POST", "/organisation/evenements/{id}/tableau/priorite", Access::Organiser, |m| on(m, board::prioritise)),
    r("POST", "/organisation/evenements/{id}/tableau/objectif", Access::Organiser, |m| on(m, board::objective)),
    r("POST", "/organisation/evenements/{id}/tableau/eclair", Access::Organiser, |m| on(m, board::talk)),
    r("GET", "/organisation/evenements/{id}/tableau/bilan.md", Access::Organiser, |m| on(m, board::bilan)),
    r("POST", "/organisation/evenements/{id}/publier", Access::Organiser, |m| on(m, event::publish)),
    r("POST", "/organisation/evenements/{id}/depublier", Access::Organiser, |m| on(m, event::unpublish)),
    r("POST", "/organisation/evenements/{id}/dupliquer", Access::Organiser, |m| on(m, event::duplicate)),
    r("POST", "/organisation/evenements/{id}/annuler", Access::Organiser, |m| on(m, event::cancel)),
    r("POST", "/organisation/evenements/{id}/supprimer", Access::Organiser, |m| on(m, event::delete)),
    r("GET", "/organisation/jetons", Access::Creator, |m| on(m, api_tokens::show)),
    r("POST", "/organisation/jetons", Access::Creator, |m| on(m, api_tokens::create)),
    r("POST", "/organisation/jetons/retirer", Access::Creator, |m| on(m, api_tokens::revoke)),
    r("GET", "/organisation/gazette", Access::Creator, |m| on(m, gazette::dashboard)),
    r("GET", "/organisation/gazette/numero", Access::Creator, |m| on(m, gazette::editor)),
    r("GET", "/organisation/gazette/abonnes.csv", Access::Admin, |m| on(m, gazette::export_subscribers)),
    r("POST", "/organisation/gazette/abonnes/import", Access::Admin, |m| {
        on(m, gazette::import_subscribers).layer(DefaultBodyLimit::max(csrf::MAX_UPLOAD_BODY))
    }),
    r("POST", "/organisation/gazette/numero", Access::Creator, |m| on(m, gazette::save)),
    r("POST", "/organisation/gazette/numero/essai", Access::Creator, |m| on(m, gazette::test_send)),
    r("POST", "/organisation/gazette/numero/programmer", Access::Creator, |m| on(m, gazette::schedule)),
    r("POST", "/organisation/gazette/numero/pause", Access::Creator, |m| on(m, gazette::pause)),
    r("POST", "/organisation/gazette/numero/reprise", Access::Creator, |m| on(m, gazette::resume)),
    r("GET", "/organisation/utilisateurs", Access::Admin, |m| on(m, admin::users)),
    r("GET", "/organisation/file-courriels", Access::Admin, |m| on(m, mail_queue::show)),
    r("POST", "/organisation/file-courriels/reessayer", Access::Admin, |m| on(m, mail_queue::retry)),
    r("POST", "/organisation/utilisateurs", Access::Admin, |m| on(m, admin::invite)),
    r("POST", "/organisation/utilisateurs/role/retirer", Access::Admin, |m| on(m, admin::remove_role)),
    r("POST", "/organisation/utilisateurs/administration/retirer", Access::Admin, |m| on(m, admin::demote)),
    r("POST", "/organisation/utilisateurs/sessions/fermer", Access::Admin, |m| on(m, admin::close_sessions)),
    r("POST", "/organisation/utilisateurs/desactiver", Access::Admin, |m| on(m, admin::disable)),
    r("POST", "/organisation/utilisateurs/reactiver", Access::Admin, |m| on(m, admin::enable)),
    r("GET", "/organisation/webhooks", Access::Admin, |m| on(m, webhooks::site_show)),
    r("POST", "/organisation/webhooks", Access::Admin, |m| on(m, webhooks::site_create)),
    r("POST", "/organisation/webhooks/pause", Access::Admin, |m| on(m, webhooks::site_pause)),
    r("POST", "/organisation/webhooks/secret", Access::Admin, |m| on(m, webhooks::site_rotate)),
    r("POST", "/organisation/webhooks/rejouer", Access::Admin, |m| on(m, webhooks::site_replay)),
    r("POST", "/organisation/webhooks/supprimer", Access::Admin, |m| on(m, webhooks::site_delete)),
    r("GET", "/organisation/journal", Access::Admin, |m| on(m, audit::audit_log)),
    r("GET", "/organisation/accessibilite", Access::Creator, |m| on(m, accessibility::page)),
    r("GET", "/organisation/import/doutes", Access::Admin, |m| on(m, import_doubts::show)),
    r("POST", "/organisation/import/doutes/confirmer", Access::Admin, |m| on(m, import_doubts::confirm)),
];

/// The organiser routes with their middleware, built from `ROUTES`: pre-session CSRF before
/// login, session and CSRF after. Role checks are the handlers' extractors (`auth::Organiser`…).
pub fn routes(app: App) -> Router<App> {
    let mut anyone = Router::new();
    let mut signed_in = Router::new();
    for spec in ROUTES {
        let handler = (spec.handler)(method_filter(spec.method));
        // A second entry for a path adds its method to the first (axum merges them).
        if spec.access == Access::Anyone {
            anyone = anyone.route(spec.path, handler);
        } else {
            signed_in = signed_in.route(spec.path, handler);
        }
    }
    Router::new()
        .merge(anyone.layer(middleware::from_fn_with_state(app.clone(), csrf::pre_session_csrf)))
        .merge(signed_in.layer(middleware::from_fn_with_state(app, auth::signed_in)))
}

/// The axum filter of a `RouteSpec` method; the table only holds GET and POST.
fn method_filter(method: &str) -> MethodFilter {
    match method {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        other => panic!("organiser route with method {other}: only GET and POST are served"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table_holds_each_method_and_path_once_with_a_known_method() {
        let mut seen = std::collections::HashSet::new();

        for spec in ROUTES {
            method_filter(spec.method);
            assert!(seen.insert((spec.method, spec.path)), "{} {} twice", spec.method, spec.path);
        }
    }
}
