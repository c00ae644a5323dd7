//! D2 D3 C4: the programme in the organiser space: the draft with the warnings of its checks, a
//! YAML import into the draft, and the release form, where publishing despite warnings
//! needs the explicit "override" box.

use super::auth::{CurrentUser, Organiser, Viewer};
use crate::domain::account::EditRight;
use crate::domain::event::EventId;
use crate::domain::french;
use crate::domain::programme::{Invalid, ReleaseOutcome, Warning};
use crate::domain::refusal::Refusal;
use crate::mail;
use crate::store::programme;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The release form; an unticked checkbox is absent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReleaseForm {
    pub name: String,
    pub override_warnings: Option<String>,
    pub notify_speakers: Option<String>,
}

/// The import form: a programme in the YAML format of `rencontres programme import`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    pub yaml: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    when: String,
    room: String,
    kind: &'static str,
    title: String,
    speakers: String,
}

#[derive(Serialize)]
struct WarningView {
    message: String,
    item_ids: Vec<i64>,
}

fn path(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/programme")
}

/// The draft, its warnings (or those that blocked a release) and the forms.
async fn page(
    app: &App,
    status: StatusCode,
    user: &CurrentUser,
    event_id: EventId,
    message: Option<String>,
    yaml: &str,
) -> Result<Response, WebError> {
    page_with(app, status, user, event_id, message, yaml, None).await
}

/// `page`, with what the last action did (issue 19).
async fn page_with(
    app: &App,
    status: StatusCode,
    user: &CurrentUser,
    event_id: EventId,
    message: Option<String>,
    yaml: &str,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, event_id).await?;
    let slug = event.draft.slug.as_str();
    let draft = programme::get_draft(&app.db, slug).await?;
    let warnings: Vec<WarningView> = programme::check_draft(&app.db, slug)
        .await?
        .iter()
        .map(|w: &Warning| WarningView { message: w.message_fr(), item_ids: w.item_ids().to_vec() })
        .collect();
    let latest = programme::latest_release_name(&app.db, event_id).await?;
    // Issue 19: « Publié », and whether the draft has changed since.
    let differs = programme::draft_differs(&app.db, event_id).await?;
    let p = &draft.programme;
    let rows: Vec<Row> = p
        .items
        .iter()
        .map(|i| Row {
            id: i.id,
            when: format!(
                "{}, {} – {}",
                french::long_date(i.date()),
                french::time(i.start.time()),
                french::time(i.end().time())
            ),
            room: p.room_name(i.room_id).to_owned(),
            kind: i.kind.label_fr(),
            title: i.title.clone(),
            speakers: i.speakers.join(", "),
        })
        .collect();
    // C4: accepted and confirmed talks of the call that no item holds yet.
    let unplaced: Vec<minijinja::Value> = store::cfp::programme::not_placed(&app.db, &event)
        .await?
        .iter()
        .map(|p| context! { id => p.id, title => &p.title, minutes => p.minutes, speakers => p.public_speakers().join(", ") })
        .collect();
    let can_edit = crate::domain::account::can_edit_event(&user.account, event_id);
    let html = app.render(
        "organiser/programme.html",
        context! {
            page_title => format!("Programme — {}", event.draft.title), section => "organiser", csrf => &user.csrf,
            event_id, event_title => &event.draft.title, rows, warnings, message, yaml, unplaced, can_edit,
            latest => latest.map(|(number, name)| context! { number, name }),
            public_url => format!("/evenements/{slug}/programme"),
            notice, differs,
            waiting => super::programme_items::unplaced_views(&draft),
            place => super::programme_items::place_choices(&event.draft, p),
            room_count => p.rooms.len(), track_count => p.tracks.len(),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

pub async fn show(
    State(app): State<App>,
    viewer: Viewer,
    axum::extract::Query(done): axum::extract::Query<super::notice::Done>,
) -> Result<Response, WebError> {
    let notice = super::notice::text(&done.fait);
    page_with(&app, StatusCode::OK, &viewer.user, viewer.event_id, None, "", notice).await
}

/// Releases the draft; with warnings and no override, shows them again (422).
pub async fn release(
    State(app): State<App>,
    org: Organiser,
    Form(form): Form<ReleaseForm>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let outcome = release_draft(
        &app,
        &org.right,
        &form.name,
        form.override_warnings.is_some(),
        form.notify_speakers.is_some(),
        Timestamp::now(),
    )
    .await;
    match outcome {
        Err(WebError::Store(StoreError::Refused(refusal))) => {
            page(&app, StatusCode::UNPROCESSABLE_ENTITY, &org.user, event_id, Some(refusal.to_string()), "").await
        }
        Err(e) => Err(e),
        Ok(ReleaseOutcome::Blocked(w)) => {
            let message = format!(
                "Le programme n'a pas été publié : {} alerte(s). Corrigez-les ou cochez « Publier malgré les alertes ».",
                w.len()
            );
            page(&app, StatusCode::UNPROCESSABLE_ENTITY, &org.user, event_id, Some(message), "").await
        }
        Ok(ReleaseOutcome::Released(_)) => {
            app.refresh_content_version().await?;
            Ok(Redirect::to(&format!("{}?fait=programme-publie", path(event_id))).into_response())
        }
    }
}

/// D3: releases the draft of the right's event (`store::programme::release`); with `notify`,
/// the notices to the speakers whose items changed are first worded (`mail::programme`) from
/// a basis read before the release's transaction. When the draft or the releases changed in
/// between, the transaction refuses and the basis is read and worded once more.
pub async fn release_draft(
    app: &App,
    right: &EditRight,
    name: &str,
    override_warnings: bool,
    notify: bool,
    now: Timestamp,
) -> Result<ReleaseOutcome, WebError> {
    if !notify {
        return Ok(programme::release(&app.db, right, name, override_warnings, None, now).await?);
    }
    let release_name = crate::domain::programme::parse_release_name(name).map_err(StoreError::from)?;
    let event = store::event::get(&app.db, right.event_id()).await?;
    let languages = store::cfp::proposals::speaker_languages(&app.db, event.id).await?;
    let mut again = true;
    loop {
        let basis = programme::release_basis(&app.db, right).await?;
        let worded = mail::programme::speaker_notices(
            &app.composer,
            app.config.base_url(),
            &event.draft.title,
            event.draft.slug.as_str(),
            &release_name,
            &basis.notices(),
            &languages,
        )?;
        match programme::release(&app.db, right, name, override_warnings, Some((&basis, &worded)), now).await {
            Err(StoreError::Refused(Refusal::Programme(Invalid::ChangedMeanwhile))) if again => again = false,
            outcome => return Ok(outcome?),
        }
    }
}

/// Replaces the draft with a YAML programme; a refused file is shown again with the reason (422).
pub async fn import(
    State(app): State<App>,
    org: Organiser,
    Form(form): Form<ImportForm>,
) -> Result<Response, WebError> {
    let event_id = org.right.event_id();
    let refused =
        |message: String| page(&app, StatusCode::UNPROCESSABLE_ENTITY, &org.user, event_id, Some(message), &form.yaml);
    let plan = match crate::import::programme::parse(&form.yaml) {
        Ok(plan) => plan,
        Err(e) => return refused(e.to_string()).await,
    };
    match programme::import(&app.db, &org.right, plan, Timestamp::now()).await {
        Ok(()) => Ok(Redirect::to(&format!("{}?fait=programme-importe", path(event_id))).into_response()),
        Err(StoreError::Refused(refusal)) => refused(refusal.to_string()).await,
        Err(e) => Err(e.into()),
    }
}
