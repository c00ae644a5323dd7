//! B3 B4: the registration form and the private page of a registration.

use crate::domain::event::{Event, parse_email};
use crate::domain::registration::{Mode, ParticipantStatus, State};
use crate::store::registration::{self as reg_store, Applicant, EventSettings};
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::limit::ClientIp;
use crate::web::organiser::auth::PreSession;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::views;
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The form as posted: every field optional so that a partial post re-displays, not fails.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub status: String,
    pub consent: Option<String>,
}

impl RegistrationForm {
    /// Checks every field and returns the applicant, or the French message of each bad field.
    pub fn parse(&self, settings: &EventSettings) -> Result<Applicant, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = text(&self.name, "name", "Le nom", 200, true, &mut errors);
        let email = match parse_email(&self.email) {
            Ok(e) => Some(e),
            Err(_) if self.email.trim().is_empty() => {
                errors.add("email", "L'adresse électronique est obligatoire.");
                None
            }
            Err(_) => {
                errors.add("email", "L'adresse électronique n'est pas valide (exemple : prenom.nom@exemple.fr).");
                None
            }
        };
        let organisation = text(&self.organisation, "organisation", "L'organisation", 200, false, &mut errors);
        let status = ParticipantStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", "Indiquez votre statut.");
        }
        if !settings.consent_text.trim().is_empty() && self.consent.is_none() {
            errors.add("consent", "Votre accord est nécessaire pour vous inscrire.");
        }
        match (name, email, status) {
            (Some(name), Some(email), Some(status)) if errors.is_empty() => Ok(Applicant {
                email,
                name,
                organisation: organisation.unwrap_or_default(),
                status,
                answers: "{}".into(),
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Serialize)]
struct StatusOption {
    value: &'static str,
    label: &'static str,
}

fn status_options() -> Vec<StatusOption> {
    ParticipantStatus::ALL.into_iter().map(|s| StatusOption { value: s.as_str(), label: s.label_fr() }).collect()
}

async fn event_and_settings(app: &App, slug: &str) -> Result<(Event, Option<EventSettings>), WebError> {
    let event = store::event::get_published(&app.db, slug).await?;
    let settings = reg_store::find_settings(&app.db, event.id).await?;
    Ok((event, settings))
}

/// Why the form is not offered, in French, or `None` when it is open.
fn closed_reason(event: &Event, settings: &Option<EventSettings>, now: Timestamp) -> Option<String> {
    let Some(s) = settings else { return Some("Cet événement ne prend pas d'inscriptions sur ce site.".into()) };
    crate::domain::registration::check_open(&s.rules, event.draft.dates.start_instant(), now, false)
        .err()
        .map(|r| r.to_string())
}

fn render_form(app: &App, pre: &PreSession, event: &Event, settings: &Option<EventSettings>, form: &RegistrationForm, errors: &FieldErrors, status: StatusCode) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let html = app.render(
        "participant/register.html",
        context! {
            page_title => format!("S'inscrire : {}", event.draft.title),
            section => "events",
            event => views::card(event),
            closed => closed_reason(event, settings, now),
            external_url => settings.as_ref().and_then(|s| (s.rules.mode == Mode::External).then(|| s.external_url.clone()).flatten()),
            selection => settings.as_ref().is_some_and(|s| s.rules.mode == Mode::Selection),
            consent_text => settings.as_ref().map(|s| s.consent_text.clone()).filter(|t| !t.trim().is_empty()),
            retention_days => settings.as_ref().map(|s| s.retention_days),
            form,
            errors,
            has_errors => !errors.is_empty(),
            statuses => status_options(),
            csrf => &pre.csrf,
        },
    )?;
    Ok(pre.with_cookie(app, (status, Html(html)).into_response()))
}

pub async fn form(AxState(app): AxState<App>, pre: PreSession, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (event, settings) = event_and_settings(&app, &slug).await?;
    render_form(&app, &pre, &event, &settings, &RegistrationForm::default(), &FieldErrors::default(), StatusCode::OK)
}

pub async fn submit(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(slug): Path<String>,
    FrenchForm(form): FrenchForm<RegistrationForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let (event, settings) = event_and_settings(&app, &slug).await?;
    let Some(s) = &settings else { return Err(WebError::Store(StoreError::Refused(crate::domain::registration::Refusal::NoRegistration))) };
    let applicant = match form.parse(s) {
        Ok(a) => a,
        Err(errors) => return render_form(&app, &pre, &event, &settings, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    match reg_store::register(&app.db, &app.mailing(), &event, &applicant, Timestamp::now()).await {
        Ok(_) => {}
        Err(StoreError::Refused(r)) => {
            let mut errors = FieldErrors::default();
            errors.add("form", r.to_string());
            return render_form(&app, &pre, &event, &settings, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(e) => return Err(e.into()),
    }
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/evenements/{slug}/inscription/envoyee")).into_response())
}

pub async fn sent(AxState(app): AxState<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let html = app.render(
        "participant/sent.html",
        context! { page_title => "Vérifiez votre messagerie", section => "events", event => views::card(&event) },
    )?;
    Ok(Html(html))
}

#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

/// The private page: what the registration is, and what can be done with it now.
pub async fn show(AxState(app): AxState<App>, pre: PreSession, Path(token): Path<String>, Query(done): Query<Done>) -> Result<Response, WebError> {
    let reg = reg_store::find_by_token(&app.db, &token).await?.ok_or(WebError::NotFound)?;
    let event = store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?;
    let settings = reg_store::find_settings(&app.db, event.id).await?;
    let position = if reg.state == State::Waitlisted {
        let line = reg_store::waitlist(&app.db, event.id).await?;
        line.iter().position(|r| r.id == reg.id).map(|p| p + 1)
    } else {
        None
    };
    let notice = match done.fait.as_deref() {
        Some("confirmee") => Some("Votre adresse est confirmée."),
        Some("acceptee") => Some("Vous avez accepté la place : elle est à vous."),
        Some("refusee") => Some("Vous avez refusé la place. Merci de nous avoir répondu."),
        Some("annulee") => Some("Votre inscription est annulée."),
        _ => None,
    };
    let html = app.render(
        "participant/registration.html",
        context! {
            page_title => format!("Mon inscription : {}", event.draft.title),
            section => "events",
            event => views::card(&event),
            token,
            name => &reg.name,
            email => &reg.email,
            organisation => &reg.organisation,
            status_label => reg.status.label_fr(),
            state => reg.state.as_str(),
            state_label => reg.state.label_fr(),
            position,
            offer_expires_text => reg.offer_expires_at.and_then(|t| Timestamp::from_second(t).ok()).map(reg_store::datetime_fr),
            can_cancel => crate::domain::registration::apply(reg.state, crate::domain::registration::Action::Cancel).is_ok(),
            // E1: a confirmed participant of a garagethon or hackathon uses the board.
            has_board => crate::web::public::board::has_board(&event) && matches!(reg.state, State::Confirmed | State::Attended),
            retention_days => settings.map(|s| s.retention_days),
            notice,
            csrf => &pre.csrf,
        },
    )?;
    // A private page must not be cached by shared caches nor leak through the Referer.
    let res = ([(axum::http::header::CACHE_CONTROL, "private, no-store"), (axum::http::header::REFERRER_POLICY, "no-referrer")], Html(html)).into_response();
    Ok(pre.with_cookie(&app, res))
}

/// The event a private link belongs to; 404 for an unknown or replaced link.
async fn event_of(app: &App, token: &str) -> Result<Event, WebError> {
    let reg = reg_store::find_by_token(&app.db, token).await?.ok_or(WebError::NotFound)?;
    Ok(store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?)
}

/// After an action: wake the mail worker, refresh the page cache, show the private page.
async fn done(app: &App, token: &str, what: &str) -> Result<Response, WebError> {
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/inscription/{token}?fait={what}")).into_response())
}

pub async fn confirm(AxState(app): AxState<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let event = event_of(&app, &token).await?;
    reg_store::confirm_email(&app.db, &app.mailing(), &event, &token, Timestamp::now()).await?;
    done(&app, &token, "confirmee").await
}

pub async fn accept(AxState(app): AxState<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let event = event_of(&app, &token).await?;
    reg_store::accept_offer(&app.db, &app.mailing(), &event, &token, Timestamp::now()).await?;
    done(&app, &token, "acceptee").await
}

pub async fn decline(AxState(app): AxState<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let event = event_of(&app, &token).await?;
    reg_store::decline_offer(&app.db, &app.mailing(), &event, &token, Timestamp::now()).await?;
    done(&app, &token, "refusee").await
}

pub async fn cancel(AxState(app): AxState<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let event = event_of(&app, &token).await?;
    reg_store::cancel(&app.db, &app.mailing(), &event, &token, Timestamp::now()).await?;
    done(&app, &token, "annulee").await
}
