//! A2 D3 C1: one event's page, with links to its released programme and its call for talks.

use crate::domain::event::Event;
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views;
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;

/// What is live about `event` at `now` (issue 19): its registration state (from the counters
/// kept with the settings, no count over every registration) and its call for talks. Pages
/// that show it stay in the page cache while the content version is unchanged: filling or
/// freeing the last place and every change of the settings raise that version, and the
/// cache's time limit (60 s) follows the clock (a call that closes, registrations that open).
pub(crate) async fn live(db: &store::Db, event: &Event, now: Timestamp) -> Result<views::Live, WebError> {
    // Issue 19: a cancelled event keeps its page, which says so, without registration or call.
    if event.draft.status == crate::domain::event::EventStatus::Cancelled {
        return Ok(views::Live::default());
    }
    let registration = match store::registration::find_settings(db, event.id).await? {
        Some(settings) => {
            let (taken, waiting) = store::registration::counters(db, event.id).await?;
            let counts = crate::domain::registration::Counts { taken, waiting, ..Default::default() };
            Some(views::registration_box(event, &settings, counts, now))
        }
        None => None,
    };
    let call_text = store::cfp::find_settings(db, event.id).await?.and_then(|c| views::call_status(&c, event, now));
    Ok(views::Live { registration, call_text })
}

/// Cards of `events`, each with its live state; past events need none.
pub(crate) async fn live_cards(
    db: &store::Db,
    events: &[&Event],
    now: Timestamp,
) -> Result<Vec<views::Card>, WebError> {
    let mut cards = Vec::with_capacity(events.len());
    for e in events {
        let card = if e.is_past(now) { views::card(e) } else { views::card_live(e, &live(db, e, now).await?) };
        cards.push(card);
    }
    Ok(cards)
}

pub async fn show(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let event = store::event::get_public(&app.db, &slug).await?;
    let now = Timestamp::now();
    let cancelled = event.draft.status == crate::domain::event::EventStatus::Cancelled;
    let live = live(&app.db, &event, now).await?;
    // The body's Markdown is rendered on the blocking pool: bounded (`markdown::MAX_LEN`,
    // `MAX_DEPTH`) but still the costliest step, it must not hold an async worker. The page
    // cache then keeps the result until the content changes.
    let page = {
        let event = event.clone();
        // The blocking pool does not carry the request's language: hand it over (H2).
        let lang = crate::i18n::lang();
        tokio::task::spawn_blocking(move || crate::i18n::with(lang, || views::event_page(&event, now, live)))
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
        context! { page_title => views::localized(&event.draft.title, &event.draft.title_en).0, section, event => page, programme_url, board_url, call_url, accepted_url, cancelled },
    )?;
    Ok(Html(html))
}
