//! G5 B6: time-limited check-in links. An organiser creates one for a door volunteer who has
//! no account, sees it once, and may revoke it; the link opens the check-in page of that one
//! event (`/accueil/{token}`), with the pre-session CSRF value on its buttons, until it
//! expires or is revoked.

use super::auth::Organiser;
use super::door::{Desk, DeskPage, desk_return, record_check_in, render_desk};
use crate::domain::account::{CHECK_IN_LINK_HOURS, CheckInLink, authorise_check_in_link};
use crate::domain::event::paris;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The longest name a link may be given.
const MAX_LABEL_CHARS: usize = 100;

#[derive(Serialize)]
struct LinkRow {
    id: i64,
    label: String,
    created: String,
    expires: String,
    /// "valide", "expiré" or "retiré".
    state: &'static str,
    valid: bool,
}

/// A Unix time as Paris date and hour, as pages show it.
fn paris_time(at: i64) -> String {
    Timestamp::from_second(at).map(|t| t.to_zoned(paris()).strftime("%d/%m/%Y à %H:%M").to_string()).unwrap_or_default()
}

fn row(link: &CheckInLink, now: i64) -> LinkRow {
    let state = match (link.revoked_at, link.is_valid(now)) {
        (Some(_), _) => "retiré",
        (None, true) => "valide",
        (None, false) => "expiré",
    };
    LinkRow {
        id: link.id,
        label: link.label.clone(),
        created: paris_time(link.created_at),
        expires: paris_time(link.expires_at),
        state,
        valid: link.is_valid(now),
    }
}

/// A link just created, shown once.
#[derive(Serialize)]
struct Created {
    url: String,
    label: String,
    expires: String,
}

/// The query of the links page: what was just done (`retire`).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Fait {
    fait: String,
}

async fn render(
    app: &App,
    org: &Organiser,
    status: StatusCode,
    created: Option<Created>,
    error: Option<&str>,
    done: &str,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let now = Timestamp::now().as_second();
    let links: Vec<LinkRow> =
        store::check_in_link::list(&app.db, event.id).await?.iter().map(|l| row(l, now)).collect();
    let durations: Vec<(i64, String)> = CHECK_IN_LINK_HOURS
        .iter()
        .map(|&h| (h, if h % 24 == 0 { format!("{} jour(s)", h / 24) } else { format!("{h} heures") }))
        .collect();
    let html = app.render(
        "organiser/check_in_links.html",
        context! {
            page_title => format!("Liens d’accueil : {}", event.draft.title), section => "organiser",
            csrf => &org.user.csrf, is_admin => org.user.account.user.is_admin,
            event_id => event.id, title => &event.draft.title, links, durations, created, error, done,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The event's check-in links and the form to create one.
pub async fn show(State(app): State<App>, org: Organiser, Query(f): Query<Fait>) -> Result<Response, WebError> {
    render(&app, &org, StatusCode::OK, None, None, &f.fait).await
}

/// The creation form: who the link is for, and how many hours it works.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateForm {
    label: String,
    hours: String,
}

/// Creates a link and shows it once (its token is stored hashed, so it cannot be shown again).
pub async fn create(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<CreateForm>,
) -> Result<Response, WebError> {
    let hours = form.hours.trim().parse::<i64>().ok().filter(|h| CHECK_IN_LINK_HOURS.contains(h));
    let label = form.label.trim();
    let error = match hours {
        None => Some("Choisissez une durée de validité parmi celles proposées."),
        Some(_) if label.chars().count() > MAX_LABEL_CHARS => Some("Le nom ne peut pas dépasser 100 caractères."),
        Some(_) => None,
    };
    let (Some(hours), None) = (hours, error) else {
        return render(&app, &org, StatusCode::UNPROCESSABLE_ENTITY, None, error, "").await;
    };
    let (link, token) = store::check_in_link::create(&app.db, &org.right, label, hours, Timestamp::now()).await?;
    let created = Created {
        url: format!("{}/accueil/{token}", app.config.base_url()),
        label: link.label.clone(),
        expires: paris_time(link.expires_at),
    };
    render(&app, &org, StatusCode::OK, Some(created), None, "").await
}

/// The revocation form: the link, and the confirmation.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    link: i64,
    /// "oui" once the organiser confirmed on the confirmation page.
    confirme: String,
}

/// Revokes a link after a confirmation page (which works without JavaScript).
pub async fn revoke(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<RevokeForm>,
) -> Result<Response, WebError> {
    if form.link <= 0 {
        return Err(WebError::BadRequest("Indiquez le lien à retirer.".into()));
    }
    let base = format!("/organisation/evenements/{}/inscriptions/liens-accueil", org.right.event_id());
    if form.confirme != "oui" {
        let links = store::check_in_link::list(&app.db, org.right.event_id()).await?;
        let link = links.iter().find(|l| l.id == form.link).ok_or(WebError::NotFound)?;
        let who = if link.label.is_empty() { String::new() } else { format!(" remis à « {} »", link.label) };
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Retirer un lien d’accueil", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => "Retirer ce lien d’accueil ?",
                question => format!("Le lien d’accueil n° {}{who} cessera de fonctionner immédiatement. Cette action est définitive.", link.id),
                action => format!("{base}/retirer"), fields => [("link", link.id.to_string())],
                confirm => "Retirer le lien", cancel => &base,
            },
        )?;
        return Ok(Html(html).into_response());
    }
    store::check_in_link::revoke(&app.db, &org.right, form.link, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{base}?fait=retire")).into_response())
}

/// The French page of a link that expired, was revoked or never existed (410).
fn link_gone(app: &App) -> Result<Response, WebError> {
    let html = app.render(
        "organiser/check_in_link_invalid.html",
        context! { page_title => "Lien d’accueil expiré", section => "organiser" },
    )?;
    Ok((StatusCode::GONE, Html(html)).into_response())
}

/// The door right of the link `token` now, or `None` when it no longer opens the door.
async fn right_of(app: &App, token: &str) -> Result<Option<crate::domain::account::DoorRight>, StoreError> {
    let link = store::check_in_link::find(&app.db, token).await?;
    Ok(link.and_then(|l| authorise_check_in_link(&l, Timestamp::now().as_second()).ok()))
}

/// The check-in page of the link's event, for a volunteer without an account.
pub async fn desk(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    Query(d): Query<Desk>,
) -> Result<Response, WebError> {
    let Some(right) = right_of(&app, &token).await? else { return link_gone(&app) };
    let base = format!("/accueil/{token}");
    let page =
        DeskPage { right: &right, csrf: &pre.csrf, base: &base, check_in: &format!("{base}/presence"), back: false };
    let res = render_desk(&app, &page, &d).await?;
    Ok(pre.with_cookie(&app, res))
}

/// A check-in button of the link's desk page: the person, and the search to return to.
#[derive(Deserialize)]
pub struct CheckInForm {
    registration: i64,
    #[serde(default)]
    q: String,
}

/// Checks a person in through a link (the pre-session CSRF value was checked by the
/// middleware); the link's event only.
pub async fn check_in(
    State(app): State<App>,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<CheckInForm>,
) -> Result<Response, WebError> {
    let Some(right) = right_of(&app, &token).await? else { return link_gone(&app) };
    let done = record_check_in(&app, &right, form.registration).await?;
    Ok(Redirect::to(&desk_return(&format!("/accueil/{token}"), done, &form.q)).into_response())
}
