//! B6: the door of an event: the door lists (CSV, ODS and a printed page with the answers
//! to the registration questions and a column to sign), the check-in page of the desk
//! (everyone, alphabetically, narrowed as one types), and check-in itself (issue 19).

use super::auth::Door;
use crate::domain::account::{DoorRight, can_edit_event};
use crate::domain::question::{Form, answers_from_json};
use crate::export::door_list;
use crate::store::question as question_store;
use crate::store::registration as reg_store;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CheckIn {
    registration: i64,
    /// "accueil" when ticked on the phone page, with its search.
    #[serde(default)]
    retour: String,
    #[serde(default)]
    q: String,
}

pub async fn check_in(
    State(app): State<App>,
    door: Door,
    FrenchForm(form): FrenchForm<CheckIn>,
) -> Result<Response, WebError> {
    let id = door.right.event_id();
    let done = record_check_in(&app, &door.right, form.registration).await?;
    if form.retour == "accueil" {
        return Ok(Redirect::to(&desk_return(
            &format!("/organisation/evenements/{id}/inscriptions/accueil"),
            done,
            &form.q,
        ))
        .into_response());
    }
    Ok(Redirect::to(&format!("/organisation/evenements/{id}/inscriptions?etat=confirmed&fait=presence"))
        .into_response())
}

/// Checks registration `registration` in with `right`; returns "ok", or "deja" when the
/// person was already checked in (or cannot be).
pub async fn record_check_in(app: &App, right: &DoorRight, registration: i64) -> Result<&'static str, WebError> {
    match reg_store::check_in(&app.db, right, registration, Timestamp::now()).await {
        Ok(_) => Ok("ok"),
        Err(StoreError::Refused(_)) => Ok("deja"),
        Err(e) => Err(e.into()),
    }
}

/// Where a check-in from the desk page at `desk` returns: the same search, with what was done.
pub fn desk_return(desk: &str, done: &str, q: &str) -> String {
    let q: String = q.chars().filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-').take(100).collect();
    // Percent-encoded: a name with accents must still make a valid Location header.
    let mut encoded = String::with_capacity(q.len());
    for b in q.bytes() {
        match b {
            b' ' => encoded.push('+'),
            b if b.is_ascii_alphanumeric() || b == b'-' => encoded.push(b as char),
            b => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    format!("{desk}?fait={done}&q={encoded}")
}

/// The query of the desk page: the search, a check-in code (typed or scanned), and what the
/// last check-in did.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Desk {
    q: String,
    code: String,
    fait: String,
}

/// B6: check-in from a phone: one search box, big buttons, the people whose name,
/// address or organisation matches (accents ignored).
pub async fn desk(State(app): State<App>, door: Door, Query(d): Query<Desk>) -> Result<Response, WebError> {
    let id = door.right.event_id();
    let page = DeskPage {
        right: &door.right,
        csrf: &door.user.csrf,
        base: &format!("/organisation/evenements/{id}/inscriptions/accueil"),
        check_in: &format!("/organisation/evenements/{id}/inscriptions/presence"),
        back: can_edit_event(&door.user.account, id),
    };
    render_desk(&app, &page, &d).await
}

/// Where the desk page sends its search and its check-ins, and what it shows around them.
pub struct DeskPage<'a> {
    pub right: &'a DoorRight,
    pub csrf: &'a str,
    /// The desk page's own path (the search form's action).
    pub base: &'a str,
    /// Where the check-in buttons post.
    pub check_in: &'a str,
    /// True to link back to the registrations page (organisers and administrators).
    pub back: bool,
}

/// Renders the desk page for `page.right`'s event: everyone holding a place, alphabetically,
/// narrowed by the search `d.q` (name, address or organisation, accents ignored). A plain
/// list and a GET search, so it works without JavaScript; `assets/desk.js` only narrows the
/// list as one types.
pub async fn render_desk(app: &App, page: &DeskPage<'_>, d: &Desk) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, page.right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let counts = reg_store::counts(&app.db, event.id).await?;
    let q = fold(&d.q);
    // B6: a code narrows the list to its one registration, when it is one of this event's.
    let by_code = match d.code.trim() {
        "" => None,
        code => Some(
            reg_store::find_by_door_code(&app.db, code)
                .await?
                .filter(|(_, event_id)| *event_id == event.id)
                .map(|(id, _)| id),
        ),
    };
    let people: Vec<serde_json::Value> = door_list::sorted(&regs)
        .into_iter()
        .filter(|r| by_code.is_none_or(|found| found == Some(r.id)))
        .map(|r| (r, fold(&format!("{} {} {}", r.name, r.email, r.organisation))))
        .filter(|(r, folded)| q.is_empty() || folded.contains(&q) || r.email.to_lowercase().contains(&d.q.trim().to_lowercase()))
        .map(|(r, folded)| serde_json::json!({
            "id": r.id, "name": r.name, "organisation": r.organisation, "search": folded,
            "present": r.state == crate::domain::registration::State::Attended,
            "can_check_in": crate::domain::registration::apply(r.state, crate::domain::registration::Action::CheckIn).is_ok(),
        }))
        .collect();
    let html = app.render(
        "organiser/desk.html",
        context! {
            // The same desk through a check-in link (G5) says so: each page its own title (RGAA 8.6).
            page_title => if page.base.starts_with("/accueil/") {
                format!("Accueil par lien : {}", event.draft.title)
            } else {
                format!("Accueil : {}", event.draft.title)
            },
            section => "organiser", csrf => page.csrf,
            event_id => event.id, title => &event.draft.title, q => &d.q, people, counts, done => &d.fait,
            code => d.code.trim(), code_unknown => by_code == Some(None),
            base => page.base, check_in => page.check_in, back => page.back,
            statuses => crate::domain::registration::ParticipantStatus::ALL
                .iter()
                .map(|s| context! { value => s.as_str(), label => s.label_fr() })
                .collect::<Vec<_>>(),
        },
    )?;
    // The scanner of the desk page uses the camera; every other page keeps it off.
    Ok((
        [(
            header::HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=(), interest-cohort=()",
        )],
        Html(html),
    )
        .into_response())
}

/// `GET /organisation/pointage?code=…`: where a check-in QR leads when a phone's own camera
/// app reads it. Finds the code's event and opens its desk page on that one person, for an
/// account allowed at that door; 400 with a French page for an unknown code, 403 for anyone
/// else.
pub async fn by_code(
    State(app): State<App>,
    user: super::auth::CurrentUser,
    Query(d): Query<Desk>,
) -> Result<Response, WebError> {
    let (_, event_id) = reg_store::find_by_door_code(&app.db, &d.code)
        .await?
        .ok_or_else(|| WebError::BadRequest("Ce code d’accueil ne correspond à aucune inscription.".into()))?;
    crate::domain::account::authorise_door(&user.account, event_id).map_err(|_| WebError::Forbidden)?;
    let code = crate::domain::door_code::parse(&d.code).map(|(_, c)| c).unwrap_or_default();
    Ok(Redirect::to(&format!("/organisation/evenements/{event_id}/inscriptions/accueil?code={code}")).into_response())
}

/// Text folded for searching: lower case, accents and punctuation dropped.
fn fold(s: &str) -> String {
    crate::domain::event::Slug::derive(s).map(|s| s.as_str().replace('-', " ")).unwrap_or_default()
}

/// B6: the door list as an OpenDocument spreadsheet.
pub async fn door_list_ods(State(app): State<App>, door: Door) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, door.right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let questions = question_store::list(&app.db, event.id, Form::Registration).await?;
    let ods = door_list::ods(&regs, &questions);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.oasis.opendocument.spreadsheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"liste-{}.ods\"", event.draft.slug)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        ods,
    )
        .into_response())
}

/// The door list: participants holding a place, as CSV.
pub async fn door_list(State(app): State<App>, door: Door) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, door.right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let questions = question_store::list(&app.db, event.id, Form::Registration).await?;
    let csv = door_list::csv(&regs, &questions);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"liste-{}.csv\"", event.draft.slug)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        csv,
    )
        .into_response())
}

/// B6: the door list as a page to print (issue 19): one line per person holding a place,
/// alphabetically, with the answers to the registration questions and an empty box to sign.
/// `assets/site.css` lays it out for paper (`@media print`).
pub async fn door_list_page(State(app): State<App>, door: Door) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, door.right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let questions = question_store::list(&app.db, event.id, Form::Registration).await?;
    let rows: Vec<serde_json::Value> = door_list::sorted(&regs)
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name, "organisation": r.organisation,
                "present": r.state == crate::domain::registration::State::Attended,
                "answers": door_list::answers(&questions, &answers_from_json(&r.answers)),
            })
        })
        .collect();
    let labels: Vec<&str> = questions.iter().map(|q| q.label.as_str()).collect();
    let html = app.render(
        "organiser/door_list.html",
        context! {
            page_title => format!("Liste d’émargement : {}", event.draft.title), section => "organiser",
            event_id => event.id, title => &event.draft.title,
            dates_text => crate::domain::french::when(&event.draft),
            labels, rows, back => can_edit_event(&door.user.account, event.id),
        },
    )?;
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}

/// The walk-in form of the desk page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WalkInForm {
    name: String,
    email: String,
    organisation: String,
    status: String,
}

/// B6: an organiser lets someone in at the desk (issue 19): a registration present at once,
/// even when the event is full; an address already registered is checked in instead. Bad
/// input returns to the desk with a French message (`fait=sur-place-invalide`).
pub async fn walk_in(
    State(app): State<App>,
    org: super::auth::Organiser,
    FrenchForm(form): FrenchForm<WalkInForm>,
) -> Result<Response, WebError> {
    use crate::domain::registration::ParticipantStatus;
    let id = org.right.event_id();
    let desk = format!("/organisation/evenements/{id}/inscriptions/accueil");
    let name = form.name.trim();
    let email = crate::domain::email::Email::parse(&form.email);
    let status = ParticipantStatus::parse(form.status.trim());
    let (Ok(email), Some(status)) = (email, status) else {
        return Ok(Redirect::to(&format!("{desk}?fait=sur-place-invalide")).into_response());
    };
    if name.is_empty() || name.chars().count() > 200 || form.organisation.chars().count() > 200 {
        return Ok(Redirect::to(&format!("{desk}?fait=sur-place-invalide")).into_response());
    }
    let event = store::event::get(&app.db, id).await?;
    let person = reg_store::WalkIn {
        name: name.to_owned(),
        email: email.clone(),
        organisation: form.organisation.trim().to_owned(),
        status,
    };
    let done = match reg_store::walk_in(&app.db, &org.right, &event, &person, Timestamp::now()).await? {
        Some(_) => "sur-place",
        None => {
            // Already registered: check that registration in, as its button would.
            let door = crate::domain::account::DoorRight::from(&org.right);
            match reg_store::find_id_by_email(&app.db, &door, &email).await? {
                Some(reg) => record_check_in(&app, &door, reg).await?,
                None => "sur-place-invalide",
            }
        }
    };
    app.refresh_content_version().await?;
    Ok(Redirect::to(&desk_return(&desk, done, name)).into_response())
}
