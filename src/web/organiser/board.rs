//! E3 E4 E5: facilitation of the board. Organisers of the event are its facilitators: they
//! order, pin and group help requests, see who is idle and which requests have no helper,
//! move objectives, order the lightning talks, choose whether the board is public, and take
//! the Markdown draft of the "bilan" post. Every move is logged on the board.

use super::auth::Organiser;
use crate::domain::board::{Actor, BilanEvent, ObjectiveStatus, bilan_markdown};
use crate::domain::refusal::Refusal;
use crate::store::board::{self as board_store, Priority};
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::public::board::{Viewer, has_board, notify, view};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    fait: String,
}

#[derive(Serialize)]
struct Person {
    name: String,
    organisation: String,
    email: String,
}

#[derive(Serialize)]
struct MoveView {
    at: String,
    actor: String,
    what: String,
}

async fn render(
    app: &App,
    org: &Organiser,
    done: &str,
    failed: Option<(i64, &FieldErrors)>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let board = board_store::load(&app.db, event.id).await?;
    let idle: Vec<Person> = board
        .idle()
        .into_iter()
        .map(|p| Person { name: p.name.clone(), organisation: p.organisation.clone(), email: p.email.clone() })
        .collect();
    let without: Vec<i64> = board.requests_without_helper().iter().map(|r| r.id).collect();
    let moves: Vec<MoveView> = board
        .moves
        .iter()
        .map(|m| MoveView {
            at: Timestamp::from_second(m.at).map(crate::domain::french::datetime).unwrap_or_default(),
            actor: match m.actor.strip_prefix("participant:").and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => board.name_of(id),
                None => "Équipe d'animation".into(),
            },
            what: m.what.clone(),
        })
        .collect();
    let html = app.render(
        "board/organiser.html",
        context! {
            page_title => format!("Tableau : {}", event.draft.title),
            section => "organiser",
            csrf => &org.user.csrf,
            event_id => event.id,
            slug => event.draft.slug.as_str(),
            title => &event.draft.title,
            published => event.draft.status == crate::domain::event::EventStatus::Published,
            kind_has_board => has_board(&event),
            board => view(&board, Viewer::Facilitator),
            participants => board.participants.len(),
            idle,
            without,
            moves,
            statuses => ObjectiveStatus::ALL.iter().map(|s| (s.as_str(), s.label_fr())).collect::<Vec<_>>(),
            done,
            notice => super::notice::text(done),
            failed_request => failed.map(|f| f.0),
            errors => failed.map(|f| f.1),
        },
    )?;
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(html)).into_response())
}

pub async fn show(State(app): State<App>, org: Organiser, Query(done): Query<Done>) -> Result<Response, WebError> {
    render(&app, &org, &done.fait, None).await
}

fn back(org: &Organiser, what: &str) -> Response {
    Redirect::to(&format!("/organisation/evenements/{}/tableau?fait={what}", org.right.event_id())).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublicForm {
    public: Option<String>,
}

pub async fn settings(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<PublicForm>,
) -> Result<Response, WebError> {
    board_store::set_public(&app.db, &org.right, form.public.is_some(), Timestamp::now()).await?;
    app.refresh_content_version().await?;
    notify(&app, org.right.event_id()).await;
    Ok(back(&org, "reglages"))
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PriorityForm {
    request: String,
    priority: String,
    pinned: Option<String>,
    theme: String,
}

pub async fn prioritise(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<PriorityForm>,
) -> Result<Response, WebError> {
    let request_id =
        form.request.trim().parse::<i64>().map_err(|_| WebError::BadRequest("Demande d'aide inconnue.".into()))?;
    let mut errors = FieldErrors::default();
    let priority = match form.priority.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(n) if (1..=999).contains(&n) => Some(n),
            _ => {
                errors.add("priority", "La priorité est un nombre de 1 à 999 (1 passe en premier), ou vide.");
                None
            }
        },
    };
    let theme = text(&form.theme, "theme", "Le thème", 80, false, &mut errors);
    if !errors.is_empty() {
        return render(&app, &org, "", Some((request_id, &errors))).await;
    }
    let p = Priority { priority, pinned: form.pinned.is_some(), theme: theme.unwrap_or_default() };
    board_store::prioritise(&app.db, &org.right, request_id, &p, Timestamp::now()).await?;
    notify(&app, org.right.event_id()).await;
    Ok(back(&org, "priorite"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ObjectiveForm {
    objective: String,
    status: String,
}

pub async fn objective(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<ObjectiveForm>,
) -> Result<Response, WebError> {
    let id = form.objective.trim().parse::<i64>().map_err(|_| WebError::BadRequest("Objectif inconnu.".into()))?;
    let status =
        ObjectiveStatus::parse(&form.status).ok_or_else(|| WebError::BadRequest("Choisissez un statut.".into()))?;
    match board_store::set_objective_status(
        &app.db,
        org.right.event_id(),
        Actor::facilitator(&org.right),
        id,
        status,
        None,
        Timestamp::now(),
    )
    .await
    {
        Ok(()) | Err(StoreError::Refused(Refusal::Board(crate::domain::board::Refusal::SameStatus))) => {}
        Err(e) => return Err(e.into()),
    }
    notify(&app, org.right.event_id()).await;
    Ok(back(&org, "objectif"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TalkForm {
    talk: String,
    /// `monter`, `descendre` or `retirer`.
    action: String,
}

pub async fn talk(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<TalkForm>,
) -> Result<Response, WebError> {
    let id = form.talk.trim().parse::<i64>().map_err(|_| WebError::BadRequest("Présentation inconnue.".into()))?;
    let now = Timestamp::now();
    match form.action.as_str() {
        "monter" => board_store::move_talk(&app.db, &org.right, id, -1, now).await?,
        "descendre" => board_store::move_talk(&app.db, &org.right, id, 1, now).await?,
        "retirer" => {
            board_store::withdraw_talk(&app.db, org.right.event_id(), Actor::facilitator(&org.right), id, now).await?
        }
        _ => return Err(WebError::BadRequest("Action inconnue sur cette présentation.".into())),
    }
    notify(&app, org.right.event_id()).await;
    Ok(back(&org, "eclair"))
}

/// The Markdown draft of the bilan post (E4), to publish on the organisers' site or import
/// with `rencontres import`.
pub async fn bilan(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let board = board_store::load(&app.db, event.id).await?;
    let venue = event.draft.venue.name.clone();
    let md = bilan_markdown(
        &board,
        &BilanEvent {
            title: &event.draft.title,
            start: event.draft.dates.start_date,
            end: event.draft.dates.end_date,
            venue: venue.as_deref(),
            today: Timestamp::now().to_zoned(crate::domain::event::paris()).date(),
        },
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"bilan-{}.md\"", event.draft.slug)),
        ],
        md,
    )
        .into_response())
}
