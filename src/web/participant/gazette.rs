//! F1: what a gazette subscriber does with the private link of its mails: confirm the address
//! in one click, choose its lists, change its address, leave. The one-click leaving of
//! RFC 8058 (`one_click`) takes no CSRF value and no cookie: the link's token is the proof,
//! and mail clients post to it without any page.

use crate::domain::email::Email;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;

/// A page of a private link: never cached, never sent as a referrer.
fn private(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

/// GET `/gazette/confirmer/{token}`: the one click of the confirmation mail confirms at once.
pub async fn confirm(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let mails = crate::mail::gazette::subscription_mails(
        &app.composer,
        app.config.base_url(),
        app.config.mail.gazette_welcome,
    )?;
    let subscriber = store::gazette::confirm(&app.db, &mails, &token, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    let html = app.render(
        "participant/gazette_confirmed.html",
        context! { page_title => crate::i18n::t("gazette-confirmed-title"), section => "gazette", email => &subscriber.email, preferences => format!("/gazette/abonnement/{token}") },
    )?;
    Ok(private(Html(html).into_response()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    fait: String,
}

/// The preferences form, as posted.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PreferencesForm {
    email: String,
    gazette: String,
    announcements: String,
}

#[allow(clippy::too_many_arguments)]
fn render_preferences(
    app: &App,
    pre: &PreSession,
    token: &str,
    subscriber: &store::gazette::Subscriber,
    email: &str,
    error: Option<String>,
    done: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let html = app.render(
        "participant/gazette_preferences.html",
        context! {
            page_title => crate::i18n::t("gazette-preferences-title"), section => "gazette", csrf => &pre.csrf,
            action => format!("/gazette/abonnement/{token}"), subscriber, email, error, done,
        },
    )?;
    Ok(private(pre.with_cookie(app, (status, Html(html)).into_response())))
}

/// GET `/gazette/abonnement/{token}`: the preferences page.
pub async fn preferences(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let subscriber = store::gazette::find(&app.db, &token).await?;
    let email = subscriber.email.clone();
    render_preferences(&app, &pre, &token, &subscriber, &email, None, &q.fait, StatusCode::OK)
}

/// POST `/gazette/abonnement/{token}`: saves the lists and, when it changed, the address
/// (to confirm from its own mailbox; the link changes with it).
pub async fn save(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<PreferencesForm>,
) -> Result<Response, WebError> {
    let subscriber = store::gazette::find(&app.db, &token).await?;
    let email = match Email::parse(&form.email) {
        Ok(e) => e,
        Err(_) => {
            let error = crate::i18n::t("form-email-invalid");
            return render_preferences(
                &app,
                &pre,
                &token,
                &subscriber,
                &form.email,
                Some(error),
                "",
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let prefs = store::gazette::Preferences {
        gazette: form.gazette == "oui",
        announcements: form.announcements == "oui",
        email: Some(email),
    };
    let mails = crate::mail::gazette::subscription_mails(
        &app.composer,
        app.config.base_url(),
        app.config.mail.gazette_welcome,
    )?;
    match store::gazette::save_preferences(&app.db, &mails, &token, &prefs, Timestamp::now()).await {
        Ok(saved) if saved.address_changed => {
            app.mail_wake.notify_one();
            Ok(Redirect::to("/gazette/inscription").into_response())
        }
        Ok(saved) => Ok(Redirect::to(&format!("/gazette/abonnement/{}?fait=enregistre", saved.link)).into_response()),
        Err(StoreError::Refused(r)) => render_preferences(
            &app,
            &pre,
            &token,
            &subscriber,
            &form.email,
            Some(crate::web::views::refusal_message(&r)),
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => Err(e.into()),
    }
}

/// POST `/gazette/abonnement/{token}/quitter`: leaves from the preferences page.
pub async fn leave(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    if !store::gazette::leave(&app.db, &token, Timestamp::now()).await? {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to("/gazette/desinscription").into_response())
}

/// GET `/gazette/desabonnement/{token}`: a page with one button, because link checkers and
/// mail scanners open links: a GET never unsubscribes.
pub async fn one_click_page(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let subscriber = store::gazette::find(&app.db, &token).await?;
    let html = app.render(
        "participant/gazette_unsubscribe.html",
        context! { page_title => crate::i18n::t("gazette-unsubscribe-title"), section => "gazette", email => &subscriber.email, action => format!("/gazette/desabonnement/{token}") },
    )?;
    Ok(private(Html(html).into_response()))
}

/// POST `/gazette/desabonnement/{token}` (RFC 8058 one-click, or the button of the page):
/// leaves at once. Answers 200 with the same page when the link was already used.
pub async fn one_click(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    if !crate::web::csrf::is_token(&token) {
        return Err(WebError::NotFound);
    }
    store::gazette::leave(&app.db, &token, Timestamp::now()).await?;
    let html = app
        .render("public/gazette/left.html", context! { page_title => "Vous êtes désinscrit", section => "gazette" })?;
    Ok(private(Html(html).into_response()))
}
