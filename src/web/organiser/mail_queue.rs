//! G3 (issue 19): the mail queue for administrators in the browser: counts per status, and
//! the messages that need someone (failed, or held because a delivery was cut off), each with
//! « Réessayer ». The same store functions as `rencontres mail list` and `mail retry`.

use super::auth::Admin;
use crate::domain::message::MessageStatus;
use crate::store::{self, Conflict, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

/// How many stuck messages the page lists.
const LIMIT: i64 = 200;

fn status_fr(s: MessageStatus) -> &'static str {
    match s {
        MessageStatus::Queued => "En attente d’envoi",
        MessageStatus::Held => "Retenus",
        MessageStatus::Sending => "En cours d’envoi",
        MessageStatus::Sent => "Envoyés",
        MessageStatus::Retrying => "Nouvel essai prévu",
        MessageStatus::Failed => "En échec",
    }
}

/// `GET /organisation/file-courriels`.
pub async fn show(
    State(app): State<App>,
    admin: Admin,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    let counts = store::message::counts(&app.db).await?;
    let counts: Vec<minijinja::Value> = MessageStatus::ALL
        .iter()
        .map(|s| {
            let n = counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
            context! { label => status_fr(*s), n }
        })
        .collect();
    let stuck: Vec<minijinja::Value> = store::message::stuck(&app.db, LIMIT)
        .await?
        .iter()
        .map(|m| {
            let created = Timestamp::from_second(m.created_at).map(crate::domain::french::datetime).unwrap_or_default();
            context! {
                id => m.id, to => &m.to, subject => &m.subject, attempts => m.attempts, created,
                status => status_fr(m.status), error => m.last_error.as_deref().unwrap_or(""),
            }
        })
        .collect();
    let refused = done.fait == "non-reessayable";
    let html = app.render(
        "organiser/mail_queue.html",
        context! {
            page_title => "File des courriels", section => "organiser", csrf => &admin.user.csrf,
            counts, stuck, notice => super::notice::text(&done.fait), refused,
        },
    )?;
    Ok(Html(html).into_response())
}

#[derive(Deserialize)]
pub struct Retry {
    message: i64,
}

/// `POST /organisation/file-courriels/reessayer`: puts one message back in the queue and wakes
/// the worker; a message that may not be retried returns with a French explanation.
pub async fn retry(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<Retry>,
) -> Result<Response, WebError> {
    let done = match store::message::retry_as(&app.db, &admin.right, form.message, Timestamp::now()).await {
        Ok(()) => "reessaye",
        Err(StoreError::Conflict(Conflict::NotRetryable)) => "non-reessayable",
        Err(e) => return Err(e.into()),
    };
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/organisation/file-courriels?fait={done}")).into_response())
}
