//! D3 D4 D5: the public programme of an event, its items, its change log and its exports.
//! Everything here reads the latest release only (`store::programme::get_public`): the
//! working draft never reaches a public page or an export.

mod views;

use crate::export;
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::civil::Date;
use minijinja::context;

/// The programme routes, merged into the public router (and so into its page cache).
pub fn routes() -> Router<App> {
    Router::new()
        .route("/evenements/{slug}/programme", get(show))
        .route("/evenements/{slug}/programme/jour/{date}", get(day))
        .route("/evenements/{slug}/programme/salles", get(rooms))
        .route("/evenements/{slug}/programme/themes", get(tracks))
        .route("/evenements/{slug}/programme/versions", get(versions))
        .route("/evenements/{slug}/programme/couleurs.css", get(colours))
        .route("/evenements/{slug}/programme/schedule.xml", get(frab_xml))
        .route("/evenements/{slug}/programme/schedule.json", get(schedule_json))
        .route("/evenements/{slug}/programme/programme.ics", get(calendar))
        .route("/evenements/{slug}/programme/programme.csv", get(csv))
        .route("/evenements/{slug}/programme/{item_id}", get(item))
        .route("/evenements/{slug}/intervenants/{speaker_id}", get(speaker))
        .route("/evenements/{slug}/programme/{item_id}/agenda.ics", get(item_calendar))
}

/// Every public path of a release, for the static export (A5): pages, stylesheet, exports,
/// each item and its calendar.
pub fn static_paths(slug: &str, release: &crate::domain::programme::Release) -> Vec<String> {
    let base = views::programme_url(slug);
    let mut paths =
        vec![base.clone(), format!("{base}/salles"), format!("{base}/versions"), format!("{base}/couleurs.css")];
    if !release.programme.tracks.is_empty() {
        paths.push(format!("{base}/themes"));
    }
    for d in release.programme.dates() {
        paths.push(format!("{base}/jour/{d}"));
    }
    for file in ["schedule.xml", "schedule.json", "programme.ics", "programme.csv"] {
        paths.push(format!("{base}/{file}"));
    }
    for item in &release.programme.items {
        paths.push(views::item_url(slug, item.id));
        paths.push(format!("{}/agenda.ics", views::item_url(slug, item.id)));
    }
    paths
}

/// Every day of the latest release.
pub async fn show(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let days = views::days(&event, &release, None);
    let html = app.render(
        "public/programme/days.html",
        context! { page_title => title("title-programme", &event, &[]), section => "events",
        head => views::header(&event, &release, "all"), days },
    )?;
    Ok(Html(html))
}

/// One day; 404 for a day without items.
pub async fn day(State(app): State<App>, Path((slug, date)): Path<(String, String)>) -> Result<Html<String>, WebError> {
    let date: Date = date.parse().map_err(|_| WebError::NotFound)?;
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let days = views::days(&event, &release, Some(date));
    let Some(only) = days.first() else { return Err(WebError::NotFound) };
    let html = app.render(
        "public/programme/days.html",
        context! { page_title => title("title-programme-day", &event, &[("day", only.title.clone())]), section => "events",
        head => views::header(&event, &release, &date.to_string()), days },
    )?;
    Ok(Html(html))
}

pub async fn rooms(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let rooms = views::rooms(&event, &release);
    let html = app.render(
        "public/programme/rooms.html",
        context! { page_title => title("title-programme-rooms", &event, &[]), section => "events",
        head => views::header(&event, &release, "rooms"), rooms },
    )?;
    Ok(Html(html))
}

pub async fn tracks(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let tracks = views::tracks(&event, &release);
    let html = app.render(
        "public/programme/tracks.html",
        context! { page_title => title("title-programme-tracks", &event, &[]), section => "events",
        head => views::header(&event, &release, "tracks"), tracks },
    )?;
    Ok(Html(html))
}

/// The public change log: every release, newest first.
pub async fn versions(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let (_, logs) = store::programme::list_public_releases(&app.db, &slug).await?;
    let releases = views::releases(&slug, &logs, &release);
    let html = app.render(
        "public/programme/versions.html",
        context! { page_title => title("title-programme-versions", &event, &[]), section => "events",
        head => views::header(&event, &release, "versions"), releases },
    )?;
    Ok(Html(html))
}

pub async fn item(
    State(app): State<App>,
    Path((slug, item_id)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let item_id: i64 = item_id.parse().map_err(|_| WebError::NotFound)?;
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let item = release.programme.item(item_id).ok_or(WebError::NotFound)?;
    let page = views::item_page(&event, &release, item);
    // C4 (issue 19): each speaker who has a public page is a link to it.
    let speakers = released_speakers(&app, &event, &release).await?;
    let speaker_links: Vec<minijinja::Value> = item
        .speakers
        .iter()
        .map(|name| {
            let url = speakers
                .iter()
                .find(|(s, _)| Some(s.proposal_id) == item.proposal_id && &s.name == name)
                .map(|(s, _)| speaker_url(event.draft.slug.as_str(), s.id));
            context! { name, url }
        })
        .collect();
    let html = app.render(
        "public/programme/item.html",
        context! { page_title => format!("{} — {}", item.title, crate::web::views::localized(&event.draft.title, &event.draft.title_en).0), section => "events",
        head => views::header(&event, &release, ""), item => page, speaker_links },
    )?;
    Ok(Html(html))
}

/// The public page of a speaker.
pub fn speaker_url(slug: &str, speaker_id: i64) -> String {
    format!("/evenements/{slug}/intervenants/{speaker_id}")
}

/// The speakers the public may read about (`store::cfp::speakers::public_speakers`) whose
/// talk is in `release` under their name, each with the ids of those items.
async fn released_speakers(
    app: &App,
    event: &crate::domain::event::Event,
    release: &crate::domain::programme::Release,
) -> Result<Vec<(store::cfp::speakers::PublicSpeaker, Vec<i64>)>, WebError> {
    let all = store::cfp::speakers::public_speakers(&app.db, event.id, jiff::Timestamp::now()).await?;
    Ok(all
        .into_iter()
        .filter_map(|s| {
            let items: Vec<i64> = release
                .programme
                .items
                .iter()
                .filter(|i| i.proposal_id == Some(s.proposal_id) && i.speakers.contains(&s.name))
                .map(|i| i.id)
                .collect();
            (!items.is_empty()).then_some((s, items))
        })
        .collect())
}

/// C4 (issue 19): a speaker's public page: name, organisation, photo, bio, and their talks in
/// the released programme. Only accepted speakers of a released programme who consented to
/// publishing their name have one; any other id answers 404.
pub async fn speaker(
    State(app): State<App>,
    Path((slug, speaker_id)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let speaker_id: i64 = speaker_id.parse().map_err(|_| WebError::NotFound)?;
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let (s, item_ids) = released_speakers(&app, &event, &release)
        .await?
        .into_iter()
        .find(|(s, _)| s.id == speaker_id)
        .ok_or(WebError::NotFound)?;
    let talks: Vec<minijinja::Value> = item_ids
        .iter()
        .filter_map(|id| release.programme.item(*id))
        .map(|i| {
            let row = views::item_page(&event, &release, i);
            context! { title => &i.title, url => views::item_url(&slug, i.id), when => format!("{}, {}", row.row.date_text, row.row.time_text) }
        })
        .collect();
    // The bio is plain text: its blank lines make paragraphs.
    let bio: Vec<String> = s.bio.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    let html = app.render(
        "public/programme/speaker.html",
        context! {
            page_title => format!("{} — {}", s.name, crate::web::views::localized(&event.draft.title, &event.draft.title_en).0), section => "events",
            head => views::header(&event, &release, ""),
            name => &s.name, organisation => &s.organisation, photo => &s.photo_path, bio, talks,
        },
    )?;
    Ok(Html(html))
}

pub async fn colours(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (_, release) = store::programme::get_public(&app.db, &slug).await?;
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8")], views::track_css(&release)).into_response())
}

/// An export with the headers apps use to notice a new release: `Last-Modified` is the
/// release's instant (the ETag is added by the page cache from the body).
fn export(
    content_type: &'static str,
    filename: String,
    release: &crate::domain::programme::Release,
    body: String,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::LAST_MODIFIED, release.released_at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

pub async fn frab_xml(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let body = export::programme::frab_xml(&event, &release, app.config.base_url());
    Ok(export("application/xml; charset=utf-8", format!("{slug}-schedule.xml"), &release, body))
}

pub async fn schedule_json(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let body = export::programme::schedule_json(&event, &release, app.config.base_url()).to_string();
    Ok(export("application/json", format!("{slug}-schedule.json"), &release, body))
}

pub async fn calendar(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let body = export::programme::calendar(&event, &release, app.config.base_url());
    Ok(export("text/calendar; charset=utf-8", format!("{slug}-programme.ics"), &release, body))
}

pub async fn csv(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let body = export::programme::csv(&event, &release, app.config.base_url());
    Ok(export("text/csv; charset=utf-8", format!("{slug}-programme.csv"), &release, body))
}

pub async fn item_calendar(
    State(app): State<App>,
    Path((slug, item_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let item_id: i64 = item_id.parse().map_err(|_| WebError::NotFound)?;
    let (event, release) = store::programme::get_public(&app.db, &slug).await?;
    let item = release.programme.item(item_id).ok_or(WebError::NotFound)?;
    let body = export::programme::item_calendar(&event, &release, item, app.config.base_url());
    Ok(export("text/calendar; charset=utf-8", format!("{slug}-{item_id}.ics"), &release, body))
}

/// A programme page's title in the current language, with the event's title (H2).
fn title(id: &str, event: &crate::domain::event::Event, args: &[(&str, String)]) -> String {
    let mut all: Vec<(&str, crate::i18n::catalogue::Arg)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    all.push(("event", crate::web::views::localized(&event.draft.title, &event.draft.title_en).0.into()));
    crate::i18n::t_args(id, &all)
}
