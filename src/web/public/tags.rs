//! A2: the tag index and one page per tag ("rencontre", "bluehats"…), past editions included.

use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views::{self, Card};
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;

pub async fn index(State(app): State<App>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let tags = views::tag_counts(&events);
    let html = app
        .render("public/tags.html", context! { page_title => crate::i18n::t("title-tags"), section => "tags", tags })?;
    Ok(Html(html))
}

/// Upcoming events with the tag (earliest first), then past ones (latest first);
/// 404 when no published event carries it.
pub async fn show(State(app): State<App>, Path(tag): Path<String>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let tagged: Vec<_> = events.iter().filter(|e| e.draft.tags.contains(&tag)).collect();
    if tagged.is_empty() {
        return Err(WebError::NotFound);
    }
    let upcoming: Vec<&_> = tagged.iter().copied().filter(|e| !e.is_past(now)).collect();
    let upcoming: Vec<Card> = super::event::live_cards(&app.db, &upcoming, now).await?;
    let past: Vec<Card> = tagged.iter().rev().filter(|e| e.is_past(now)).map(|e| views::card(e)).collect();
    let page_title = crate::i18n::t_args("title-tag", &[("tag", tag.as_str().into())]);
    let html = app.render("public/tag.html", context! { page_title, section => "tags", tag, upcoming, past })?;
    Ok(Html(html))
}
