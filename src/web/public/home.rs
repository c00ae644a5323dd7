//! A2: the home page, the list of upcoming events and the past editions.

use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views::{self, Card};
use axum::extract::State;
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;
use serde::Serialize;

/// How many upcoming events the home page shows; `/evenements` lists them all.
const HOME_UPCOMING: usize = 12;

/// Home: the next upcoming events (earliest first), the six latest past ones, the tags.
pub async fn show(State(app): State<App>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let (past, upcoming): (Vec<_>, Vec<_>) = events.iter().partition(|e| e.is_past(now));
    let more_upcoming = upcoming.len() > HOME_UPCOMING;
    let upcoming: Vec<&_> = upcoming.into_iter().take(HOME_UPCOMING).collect();
    let upcoming: Vec<Card> = super::event::live_cards(&app.db, &upcoming, now).await?;
    let recent_past: Vec<Card> = past.into_iter().rev().take(6).map(views::card).collect();
    let tags = views::tag_counts(&events);
    let gazette = super::gazette::latest(&app).await?;
    let html = app.render(
        "public/home.html",
        context! { page_title => crate::i18n::t("title-home"), section => "home", upcoming, more_upcoming, recent_past, tags, gazette },
    )?;
    Ok(Html(html))
}

/// Every upcoming event, earliest first.
pub async fn upcoming(State(app): State<App>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let upcoming: Vec<&_> = events.iter().filter(|e| !e.is_past(now)).collect();
    let upcoming: Vec<Card> = super::event::live_cards(&app.db, &upcoming, now).await?;
    let html = app.render(
        "public/events.html",
        context! { page_title => crate::i18n::t("title-events"), section => "events", upcoming },
    )?;
    Ok(Html(html))
}

#[derive(Serialize)]
struct Year {
    year: i16,
    events: Vec<Card>,
}

/// Past events grouped by year, newest first.
pub async fn archives(State(app): State<App>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let mut years: Vec<Year> = Vec::new();
    for e in events.iter().rev().filter(|e| e.is_past(now)) {
        let year = e.draft.dates.start_date.year();
        match years.last_mut() {
            Some(y) if y.year == year => y.events.push(views::card(e)),
            _ => years.push(Year { year, events: vec![views::card(e)] }),
        }
    }
    let html = app.render(
        "public/archives.html",
        context! { page_title => crate::i18n::t("title-archives"), section => "archives", years },
    )?;
    Ok(Html(html))
}
