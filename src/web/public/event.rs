//! A2: one event's page.

use crate::store;
use crate::web::error::WebError;
use crate::web::views;
use crate::web::App;
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;

pub async fn show(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let now = Timestamp::now();
    let registration = match store::registration::find_settings(&app.db, event.id).await? {
        Some(settings) => {
            let counts = store::registration::counts(&app.db, event.id).await?;
            Some(views::registration_box(&event, &settings, counts, now))
        }
        None => None,
    };
    let page = views::event_page(&event, now, registration);
    let section = if page.is_past { "archives" } else { "events" };
    let html = app.render(
        "public/event.html",
        context! { page_title => &event.draft.title, section, event => page },
    )?;
    Ok(Html(html))
}
