//! A2 A4 D3 D4 F1 H1: pages and feeds anyone can read. Only published events appear here.

pub mod board;
mod event;
mod feeds;
pub mod gazette;
mod home;
mod legal;
pub mod programme;
mod tags;

use super::App;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home::show))
        .route("/evenements", get(home::upcoming))
        .route("/archives", get(home::archives))
        .route("/evenements/{slug}", get(event::show))
        .route("/evenements/{slug}/calendrier.ics", get(feeds::event_calendar))
        .route("/etiquettes", get(tags::index))
        .route("/etiquettes/{tag}", get(tags::show))
        .route("/flux.atom", get(feeds::atom))
        .route("/calendrier.ics", get(feeds::calendar))
        .route("/accessibilite", get(legal::accessibility))
        .route("/mentions-legales", get(legal::legal_notice))
        .route("/donnees-personnelles", get(legal::personal_data))
        .route("/plan-du-site", get(legal::site_map))
        .route("/gazette", get(gazette::index).post(gazette::subscribe))
        .route("/gazette/inscription", get(gazette::subscribed))
        .route("/gazette/desinscription", get(gazette::left))
        .route("/gazette/flux.atom", get(gazette::feed))
        .route("/gazette/{numero}", get(gazette::show))
        .merge(programme::routes())
}

/// E4 E5: the board's public pages change at every move and its event stream never ends, so
/// they stay outside the public page cache.
pub fn board_routes() -> Router<App> {
    Router::new()
        .route("/evenements/{slug}/tableau", get(board::show))
        .route("/evenements/{slug}/tableau/direct", get(board::live))
        .route("/evenements/{slug}/tableau/flux", get(board::stream))
        .route("/evenements/{slug}/tableau/bilan", get(board::retrospective))
}
