//! G1: login, logout, logout everywhere, password reset, invitation and login unlock links.
//!
//! Invitation, reset and unlock links are mailed through the queue (G3), written in the
//! transaction that issues them; the log names the account by id only, never the link or the
//! address.

use super::auth::{self, CurrentUser, SESSION_COOKIE};
use crate::domain::account::{PasswordRefusal, check_password, parse_account_email};
use crate::mail;
use crate::store;
use crate::store::StoreError;
use crate::store::account::Purpose;
use crate::web::App;
use crate::web::csrf::{self, PreSession, set_cookie};
use crate::web::error::WebError;
use crate::web::limit::{ClientIp, ip_key, too_many};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The same message for an unknown address and a wrong password: no account enumeration.
const LOGIN_REFUSED: &str = "Adresse électronique ou mot de passe incorrect.";

/// Fixed notices chosen by the `etat` query parameter (never echoed as given).
fn notice(etat: Option<&str>) -> Option<&'static str> {
    match etat? {
        "deconnecte" => Some("Vous êtes déconnecté."),
        "deconnecte-partout" => Some("Vous êtes déconnecté sur tous vos appareils."),
        "connexion-debloquee" => {
            Some("La connexion à votre compte est débloquée. Connectez-vous avec votre mot de passe.")
        }
        "lien-envoye" => Some(
            "Si un compte existe pour cette adresse, un lien de réinitialisation vient de lui être envoyé. Il est valable une heure.",
        ),
        _ => None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Etat {
    etat: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
}

fn page(app: &App, status: StatusCode, name: &str, ctx: minijinja::Value) -> Result<Response, WebError> {
    Ok((status, Html(app.render(name, ctx)?)).into_response())
}

/// The login form, with the pre-session CSRF cookie set when the browser has none.
pub async fn login_form(State(app): State<App>, pre: PreSession, Query(q): Query<Etat>) -> Result<Response, WebError> {
    let res = page(
        &app,
        StatusCode::OK,
        "organiser/login.html",
        context! { page_title => "Connexion", csrf => &pre.csrf, notice => notice(q.etat.as_deref()), values => context!{}, errors => context!{}, proconnect => app.oidc.is_some() },
    )?;
    Ok(pre.with_cookie(&app, res))
}

/// Checks the client's rate limit and the back-off of this client on this account, then the
/// password (slowly, off the runtime); opens a new session whose id replaces any the browser
/// had. A wrong password slows this client on this account only; the tenth failure on an
/// account within the hour mails its owner an unlock link.
pub async fn login(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let client = ip_key(ip);
    app.limits.login_ip.check(&client).map_err(too_many)?;
    let email = parse_account_email(&form.email).ok();
    // Text that is no address can be no account: one key for all of it keeps memory bounded.
    let key = email.clone().unwrap_or_else(|| "(not an address)".to_owned());
    app.limits.login_backoff.check(&key, &client).map_err(too_many)?;
    let user = match &email {
        Some(email) => store::account::authenticate(&app.db, &app.hasher, email, &form.password).await?,
        None => None,
    };
    let Some(user) = user else {
        if app.limits.login_backoff.failed(&key, &client)
            && let Some(email) = &email
        {
            let mail = mail::account::login_unlock(&app.composer, app.config.base_url())?;
            if let Some(user_id) = store::account::request_unlock(&app.db, &mail, email, Timestamp::now()).await? {
                tracing::info!(user_id, "login unlock link mailed");
                app.mail_wake.notify_one();
            }
        }
        tracing::info!("login refused");
        let values = BTreeMap::from([("email", form.email.as_str())]);
        return page(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            "organiser/login.html",
            context! { page_title => "Connexion", csrf => &pre.csrf, values, errors => context!{}, refused => LOGIN_REFUSED, proconnect => app.oidc.is_some() },
        );
    };
    app.limits.login_backoff.succeeded(&key, &client);
    let old = csrf::cookie(&headers, SESSION_COOKIE.on(&app));
    let token = store::session::open(&app.db, user.id, old.as_deref(), Timestamp::now()).await?;
    tracing::info!(user_id = user.id, "login");
    let mut res = Redirect::to("/organisation").into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(&app, &SESSION_COOKIE, &token, None));
    Ok(res)
}

fn signed_out(app: &App, etat: &str) -> Response {
    let mut res = Redirect::to(&format!("{}?etat={etat}", auth::LOGIN_PATH)).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &SESSION_COOKIE, "", Some(0)));
    res
}

/// Closes this session and removes its cookie. A session opened through ProConnect (I1)
/// then sends the browser to the provider's logout, which ends its session too and comes
/// back to the sign-in page.
pub async fn logout(State(app): State<App>, user: CurrentUser) -> Result<Response, WebError> {
    let provider = crate::web::oidc::provider_logout(&app, &user.token).await?;
    store::session::close(&app.db, &user.token, user.account.user.id, Timestamp::now()).await?;
    let mut res = signed_out(&app, "deconnecte");
    if let Some(mut to_provider) = provider {
        // The session cookie is removed on the way out too.
        if let Some(cookie) = res.headers().get(header::SET_COOKIE).cloned() {
            to_provider.headers_mut().append(header::SET_COOKIE, cookie);
        }
        res = to_provider;
    }
    Ok(res)
}

/// Closes every session of the account, on every device.
pub async fn logout_everywhere(State(app): State<App>, user: CurrentUser) -> Result<Response, WebError> {
    store::session::close_all(&app.db, user.account.user.id, Timestamp::now()).await?;
    Ok(signed_out(&app, "deconnecte-partout"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// The form asking for a password reset link.
pub async fn forgot_form(State(app): State<App>, pre: PreSession, Query(q): Query<Etat>) -> Result<Response, WebError> {
    let res = page(
        &app,
        StatusCode::OK,
        "organiser/forgot.html",
        context! { page_title => "Mot de passe oublié", csrf => &pre.csrf, notice => notice(q.etat.as_deref()), values => context!{}, errors => context!{} },
    )?;
    Ok(pre.with_cookie(&app, res))
}

/// Issues a reset link when the address has an account, and answers the same either way.
pub async fn forgot(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Form(form): Form<ForgotForm>,
) -> Result<Response, WebError> {
    app.limits.reset_ip.check(&ip_key(ip)).map_err(too_many)?;
    let email = match parse_account_email(&form.email) {
        Ok(e) => e,
        Err(e) => {
            let values = BTreeMap::from([("email", form.email.as_str())]);
            let errors = BTreeMap::from([("email", e.to_string())]);
            return page(
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                "organiser/forgot.html",
                context! { page_title => "Mot de passe oublié", csrf => &pre.csrf, values, errors },
            );
        }
    };
    app.limits.reset_account.check(&email).map_err(too_many)?;
    let mail = mail::account::password_reset(&app.composer, app.config.base_url())?;
    if let Some((user_id, _)) = store::account::request_reset(&app.db, &mail, &email, Timestamp::now()).await? {
        tracing::info!(user_id, "password reset link mailed");
        app.mail_wake.notify_one();
    }
    Ok(Redirect::to("/mot-de-passe-oublie?etat=lien-envoye").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewPasswordForm {
    password: String,
    confirm: String,
}

/// What differs between the reset and the invitation pages.
struct LinkPage {
    purpose: Purpose,
    template: &'static str,
    title: &'static str,
    done: &'static str,
}

const RESET: LinkPage = LinkPage {
    purpose: Purpose::PasswordReset,
    template: "organiser/new_password.html",
    title: "Nouveau mot de passe",
    done: "mot-de-passe-change",
};
const INVITATION: LinkPage = LinkPage {
    purpose: Purpose::Invitation,
    template: "organiser/new_password.html",
    title: "Activer votre compte",
    done: "compte-active",
};

async fn link_form(app: &App, pre: PreSession, token: &str, kind: &LinkPage) -> Result<Response, WebError> {
    let res = match store::account::check_link(&app.db, token, kind.purpose, Timestamp::now()).await {
        Ok(user) => page(
            app,
            StatusCode::OK,
            kind.template,
            context! { page_title => kind.title, csrf => &pre.csrf, email => user.email, errors => context!{} },
        )?,
        Err(StoreError::NotFound) => {
            page(app, StatusCode::NOT_FOUND, "organiser/link_invalid.html", context! { page_title => "Lien invalide" })?
        }
        Err(e) => return Err(e.into()),
    };
    Ok(pre.with_cookie(app, res))
}

/// Checks the link, then the password policy, hashes, uses the link once and opens a
/// session: the organiser space greets the person signed in.
async fn link_submit(
    app: &App,
    pre: PreSession,
    token: &str,
    headers: &HeaderMap,
    form: NewPasswordForm,
    kind: &LinkPage,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let user = match store::account::check_link(&app.db, token, kind.purpose, now).await {
        Ok(u) => u,
        Err(StoreError::NotFound) => {
            return page(
                app,
                StatusCode::NOT_FOUND,
                "organiser/link_invalid.html",
                context! { page_title => "Lien invalide" },
            );
        }
        Err(e) => return Err(e.into()),
    };
    let checked = if form.password != form.confirm {
        Err(PasswordRefusal::Mismatch)
    } else {
        check_password(&form.password, &user.email)
    };
    if let Err(refusal) = checked {
        let field = if refusal == PasswordRefusal::Mismatch { "confirm" } else { "password" };
        let errors = BTreeMap::from([(field, refusal.to_string())]);
        return page(
            app,
            StatusCode::UNPROCESSABLE_ENTITY,
            kind.template,
            context! { page_title => kind.title, csrf => &pre.csrf, email => user.email, errors },
        );
    }
    let hash = app.hasher.hash(form.password).await?;
    match store::account::redeem_link(&app.db, token, kind.purpose, &hash, now).await {
        Ok(user) => {
            tracing::info!(user_id = user.id, purpose = ?kind.purpose, "one-time link used");
            // The person just proved they hold the link and chose the password: signed in.
            let old = csrf::cookie(headers, SESSION_COOKIE.on(app));
            let session = store::session::open(&app.db, user.id, old.as_deref(), now).await?;
            let mut res = Redirect::to(&format!("/organisation?fait={}", kind.done)).into_response();
            res.headers_mut().append(header::SET_COOKIE, set_cookie(app, &SESSION_COOKIE, &session, None));
            Ok(res)
        }
        Err(StoreError::NotFound) => {
            page(app, StatusCode::NOT_FOUND, "organiser/link_invalid.html", context! { page_title => "Lien invalide" })
        }
        Err(e) => Err(e.into()),
    }
}

/// The new-password form of a reset link, or a 404 page when the link is not valid.
pub async fn reset_form(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    link_form(&app, pre, &token, &RESET).await
}

/// Sets the new password from a reset link and signs the person in.
pub async fn reset(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, WebError> {
    link_submit(&app, pre, &token, &headers, form, &RESET).await
}

/// The choose-your-password form of an invitation link, or a 404 page.
pub async fn invitation_form(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    link_form(&app, pre, &token, &INVITATION).await
}

/// Sets the password from an invitation link and signs the person in.
pub async fn accept_invitation(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, WebError> {
    link_submit(&app, pre, &token, &headers, form, &INVITATION).await
}

/// The page of an unlock link: a button, so that a mail scanner following the link uses
/// nothing; a 404 page when the link is not valid.
pub async fn unlock_form(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let res = match store::account::check_unlock(&app.db, &token, Timestamp::now()).await {
        Ok(user) => page(
            &app,
            StatusCode::OK,
            "organiser/unlock.html",
            context! { page_title => "Débloquer la connexion", csrf => &pre.csrf, email => user.email },
        )?,
        Err(StoreError::NotFound) => page(
            &app,
            StatusCode::NOT_FOUND,
            "organiser/link_invalid.html",
            context! { page_title => "Lien invalide" },
        )?,
        Err(e) => return Err(e.into()),
    };
    Ok(pre.with_cookie(&app, res))
}

/// Uses the unlock link once: clears the login back-off of its account on this instance and
/// sends the person to the login page.
pub async fn unlock(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    match store::account::redeem_unlock(&app.db, &token, Timestamp::now()).await {
        Ok(user) => {
            app.limits.login_backoff.clear(&user.email);
            tracing::info!(user_id = user.id, "login unlocked by link");
            Ok(Redirect::to(&format!("{}?etat=connexion-debloquee", auth::LOGIN_PATH)).into_response())
        }
        Err(StoreError::NotFound) => {
            page(&app, StatusCode::NOT_FOUND, "organiser/link_invalid.html", context! { page_title => "Lien invalide" })
        }
        Err(e) => Err(e.into()),
    }
}
