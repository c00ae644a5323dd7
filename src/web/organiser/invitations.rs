//! B1: invitation mode: organisers paste addresses or upload a text or CSV file; each
//! address gets a personal link by mail. Links can be revoked.

use super::auth::Organiser;
use crate::domain::registration::Invited;
use crate::store::registration::invitation;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Multipart, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

/// The largest address file accepted (about 20,000 addresses).
const MAX_FILE: usize = 1024 * 1024;

async fn render(
    app: &App,
    org: &Organiser,
    result: Option<&Invited>,
    error: Option<&str>,
    list: &str,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = store::registration::find_settings(&app.db, event.id).await?;
    let invitations = invitation::list(&app.db, event.id).await?;
    let html = app.render(
        "organiser/invitations.html",
        context! {
            page_title => format!("Invitations : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title,
            invitation_mode => settings.as_ref().is_some_and(|s| s.rules.mode == crate::domain::registration::Mode::Invitation),
            invitations, used => invitations.iter().filter(|i| i.registration_id.is_some()).count(),
            result, error, list, notice,
        },
    )?;
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, Html(html)).into_response())
}

pub async fn show(
    State(app): State<App>,
    org: Organiser,
    axum::extract::Query(done): axum::extract::Query<super::notice::Done>,
) -> Result<Response, WebError> {
    render(&app, &org, None, None, "", super::notice::text(&done.fait)).await
}

/// Reads the pasted list and the uploaded file (UTF-8 text, with or without a byte order
/// mark), sends the invitations and shows what happened to each address.
pub async fn invite(State(app): State<App>, org: Organiser, mut form: Multipart) -> Result<Response, WebError> {
    let mut list = String::new();
    let mut error = None;
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("list") => list.push_str(&field.text().await.unwrap_or_default()),
            Some("file") => {
                let bytes = field.bytes().await.map_err(|_| WebError::TooLarge)?;
                if bytes.len() > MAX_FILE {
                    error = Some("Le fichier dépasse 1 Mio : envoyez les adresses en plusieurs fois.");
                } else if !bytes.is_empty() {
                    match std::str::from_utf8(&bytes) {
                        Ok(text) => {
                            list.push('\n');
                            list.push_str(text.trim_start_matches('\u{feff}'));
                        }
                        Err(_) => {
                            error = Some(
                                "Le fichier n’est pas en UTF-8 : enregistrez-le en « texte UTF-8 » ou « CSV UTF-8 » puis recommencez.",
                            )
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if error.is_none() && list.trim().is_empty() {
        error = Some("Collez au moins une adresse ou choisissez un fichier.");
    }
    if let Some(e) = error {
        return render(&app, &org, None, Some(e), &list, None).await;
    }
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let letter =
        crate::mail::registration::invitation_for(&app.db, &app.composer, app.config.base_url(), &event).await?;
    match invitation::invite(&app.db, &letter, &org.right, &event, &list, Timestamp::now()).await {
        Ok(result) => {
            app.mail_wake.notify_one();
            render(&app, &org, Some(&result), None, "", None).await
        }
        Err(StoreError::Refused(m)) => render(&app, &org, None, Some(&m.to_string()), &list, None).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Revoke {
    invitation: i64,
}

pub async fn revoke(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<Revoke>,
) -> Result<Response, WebError> {
    match invitation::revoke(&app.db, &org.right, f.invitation, Timestamp::now()).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!(
        "/organisation/evenements/{}/inscriptions/invitations?fait=invitation-retiree",
        org.right.event_id()
    ))
    .into_response())
}
