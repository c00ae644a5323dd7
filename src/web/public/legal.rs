//! H1: the pages a French public site must have: the accessibility statement (RGAA 4.1.2
//! format), the legal notice, personal data (from each event's real retention period) and the
//! site map. Their facts are settings (`[legal]`, `[accessibility]`); the wording is in
//! `templates/public/legal/`.

use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::views;
use axum::extract::State;
use axum::response::Html;
use jiff::Timestamp;
use minijinja::context;
use serde::Serialize;

/// `/accessibilite`: the accessibility statement, in the order the RGAA prescribes.
pub async fn accessibility(State(app): State<App>) -> Result<Html<String>, WebError> {
    let a = &app.config.accessibility;
    let contact = a.contact_email.as_deref().or(app.config.site.contact_email.as_deref());
    let html = app.render(
        "public/legal/accessibility.html",
        context! { page_title => "Déclaration d’accessibilité", section => "legal", a, contact },
    )?;
    Ok(Html(html))
}

/// `/mentions-legales`: publisher, publication director, host.
pub async fn legal_notice(State(app): State<App>) -> Result<Html<String>, WebError> {
    let html = app.render(
        "public/legal/notice.html",
        context! { page_title => "Mentions légales", section => "legal", legal => &app.config.legal },
    )?;
    Ok(Html(html))
}

/// One event's retention period, as the personal-data page lists it.
#[derive(Serialize)]
struct Retention {
    title: String,
    url: String,
    dates: String,
    days: u32,
    past: bool,
}

/// `/donnees-personnelles`: what each feature collects, why, on which legal basis, for how
/// long (each event's own retention period, read from its settings), who receives it, and how
/// to use one's rights.
pub async fn personal_data(State(app): State<App>) -> Result<Html<String>, WebError> {
    let periods = store::registration::retention_periods(&app.db).await?;
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let retention: Vec<Retention> = periods
        .into_iter()
        .filter_map(|(id, days)| {
            let e = events.iter().find(|e| e.id == id)?;
            Some(Retention {
                title: e.draft.title.clone(),
                url: views::event_url(e.draft.slug.as_str()),
                dates: crate::domain::french::when(&e.draft),
                days,
                past: e.is_past(now),
            })
        })
        .collect();
    let html = app.render(
        "public/legal/personal_data.html",
        context! {
            page_title => "Données personnelles", section => "legal",
            legal => &app.config.legal, retention,
        },
    )?;
    Ok(Html(html))
}

/// `/plan-du-site`: every public page, events included.
pub async fn site_map(State(app): State<App>) -> Result<Html<String>, WebError> {
    let events = store::event::list_published(&app.db).await?;
    let now = Timestamp::now();
    let (past, upcoming): (Vec<_>, Vec<_>) = events.iter().partition(|e| e.is_past(now));
    let upcoming: Vec<views::Card> = upcoming.into_iter().map(views::card).collect();
    let past: Vec<views::Card> = past.into_iter().rev().map(views::card).collect();
    let tags = views::tag_counts(&events);
    let html = app.render(
        "public/legal/site_map.html",
        context! { page_title => "Plan du site", section => "legal", upcoming, past, tags },
    )?;
    Ok(Html(html))
}
