//! B4: a lost private link mailed again, from the event's page or, for a dead link, for every
//! registration of an address. The same answer whatever the address (no enumeration).

use crate::domain::email::Email;
use crate::domain::event::Event;
use crate::store;
use crate::store::registration as reg_store;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use crate::web::limit::ClientIp;
use crate::web::views;
use crate::web::{App, contexts};
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

/// The form that mails a lost private link again, as posted.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    email: String,
}

/// B4: the page with the form that mails a lost link again; `event` is `None` on the form of
/// every registration of an address (`/inscription/lien`, where a dead link leads).
#[allow(clippy::too_many_arguments)]
fn render_link_form(
    app: &App,
    pre: &PreSession,
    event: Option<&Event>,
    email: &str,
    error: Option<&str>,
    sent: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    let form_action = match event {
        Some(e) => format!("/evenements/{}/inscription/lien", e.draft.slug),
        None => "/inscription/lien".to_owned(),
    };
    let html = app.render(
        "participant/link.html",
        context! {
            page_title => match event {
                Some(e) => format!("Recevoir à nouveau mon lien : {}", e.draft.title),
                None => "Recevoir à nouveau mon lien".to_owned(),
            },
            section => "events",
            event => event.map(views::card),
            form_action,
            email,
            error,
            sent,
            csrf => &pre.csrf,
        },
    )?;
    Ok(pre.with_cookie(app, (status, Html(html)).into_response()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkQuery {
    fait: String,
}

/// The address typed in the lost-link form, or the page again with the French message.
fn link_address(form: &LinkForm) -> Result<Email, &'static str> {
    match Email::parse(&form.email) {
        Ok(email) => Ok(email),
        Err(_) if form.email.trim().is_empty() => Err("L'adresse électronique est obligatoire."),
        Err(_) => Err("L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr)."),
    }
}

/// B4: the form that mails the link of one's registration of this event again.
pub async fn link_form(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(slug): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    render_link_form(&app, &pre, Some(&event), "", None, q.fait == "envoye", StatusCode::OK)
}

/// B4: mails the link of the address's registration of this event, if it has one, and
/// answers the same either way.
pub async fn resend_link(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(slug): Path<String>,
    FrenchForm(form): FrenchForm<LinkForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let event = store::event::get_published(&app.db, &slug).await?;
    let email = match link_address(&form) {
        Ok(email) => email,
        Err(message) => {
            return render_link_form(
                &app,
                &pre,
                Some(&event),
                &form.email,
                Some(message),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let letters = contexts::letters(&app, &event).await?;
    reg_store::link::resend(&app.db, &letters, &event, &email, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/evenements/{slug}/inscription/lien?fait=envoye")).into_response())
}

/// B4: the form that mails the links of every registration of an address (where a dead
/// link leads).
pub async fn links_form(
    AxState(app): AxState<App>,
    pre: PreSession,
    Query(q): Query<LinkQuery>,
) -> Result<Response, WebError> {
    render_link_form(&app, &pre, None, "", None, q.fait == "envoye", StatusCode::OK)
}

/// B4: mails the link of each registration of the address, and answers the same whether
/// it has any or not.
pub async fn resend_links(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    FrenchForm(form): FrenchForm<LinkForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let email = match link_address(&form) {
        Ok(email) => email,
        Err(message) => {
            return render_link_form(
                &app,
                &pre,
                None,
                &form.email,
                Some(message),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let now = Timestamp::now();
    for event_id in reg_store::link::events_of_address(&app.db, &email).await? {
        let Some(event) = store::event::find_by_id(&app.db, event_id).await? else { continue };
        let letters = contexts::letters(&app, &event).await?;
        reg_store::link::resend(&app.db, &letters, &event, &email, now).await?;
    }
    app.mail_wake.notify_one();
    Ok(Redirect::to("/inscription/lien?fait=envoye").into_response())
}
