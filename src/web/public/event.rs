//! A2 D3 C1: one event's page, with links to its released programme and its call for talks.

use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views;
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;

pub async fn show(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let event = store::event::get_public(&app.db, &slug).await?;
    let now = Timestamp::now();
    // Issue 19: a cancelled event keeps its page, which says so, without registration or call.
    let cancelled = event.draft.status == crate::domain::event::EventStatus::Cancelled;
    let settings = if cancelled { None } else { store::registration::find_settings(&app.db, event.id).await? };
    let registration = match settings {
        Some(settings) => {
            // The counters kept with the settings: no count over every registration here.
            let (taken, waiting) = store::registration::counters(&app.db, event.id).await?;
            let counts = crate::domain::registration::Counts { taken, waiting, ..Default::default() };
            Some(views::registration_box(&event, &settings, counts, now))
        }
        None => None,
    };
    // The body's Markdown is rendered on the blocking pool: bounded (`markdown::MAX_LEN`,
    // `MAX_DEPTH`) but still the costliest step, it must not hold an async worker. The page
    // cache then keeps the result until the content changes.
    let page = {
        let event = event.clone();
        tokio::task::spawn_blocking(move || views::event_page(&event, now, registration))
            .await
            .map_err(std::io::Error::from)?
    };
    let section = if page.is_past { "archives" } else { "events" };
    // D3: link the programme once a release exists (never the draft).
    let programme_url =
        store::programme::has_public_release(&app.db, event.id).await?.then(|| format!("/evenements/{slug}/programme"));
    // E5: link the board once its organisers made it public (that change raises the
    // content version, so this cached page follows).
    let board_url = (crate::web::public::board::has_board(&event)
        && store::board::is_public(&app.db, event.id).await?)
        .then(|| format!("/evenements/{slug}/tableau"));
    // C1 C4: the call for talks while it takes proposals, then the accepted talks when shown.
    let call = store::cfp::find_settings(&app.db, event.id).await?;
    let call_url =
        call.as_ref().filter(|c| !cancelled && c.window.is_open(now)).map(|_| format!("/evenements/{slug}/appel"));
    let accepted_url = call
        .as_ref()
        .filter(|c| c.show_accepted && c.announced(now))
        .map(|_| format!("/evenements/{slug}/interventions"));
    let html = app.render(
        "public/event.html",
        context! { page_title => &event.draft.title, section, event => page, programme_url, board_url, call_url, accepted_url, cancelled },
    )?;
    Ok(Html(html))
}
