//! A4: the Atom feed of events and the iCalendar files, per event and for all events.

use crate::export;
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub async fn atom(State(app): State<App>) -> Result<Response, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let xml = export::atom::feed(&events, &app.config.site.name, app.config.base_url());
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

pub async fn calendar(State(app): State<App>) -> Result<Response, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let ics = export::ical::calendar(&events, &app.config.site.name, app.config.base_url());
    Ok(ics_response(ics, "evenements.ics"))
}

pub async fn event_calendar(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let ics = export::ical::calendar(std::slice::from_ref(&event), &event.draft.title, app.config.base_url());
    Ok(ics_response(ics, &format!("{slug}.ics")))
}

fn ics_response(ics: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
        ],
        ics,
    )
        .into_response()
}
