//! F1: the gazette's public side: the archive of issues with the subscription form, one page
//! per issue, its Atom feed. Subscribing answers the same page whatever the address (no one
//! learns who is subscribed); the address gets the confirmation link (double opt-in).
//!
//! The subscription POST carries no CSRF value: the short form sits in the footer of cached
//! pages, and a forged subscription only mails a confirmation link to the address, which
//! nothing happens without. The rate limit of public forms applies.

use crate::domain::email::Email;
use crate::export;
use crate::markdown;
use crate::store::{self, gazette_issue::Issue};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use crate::web::limit::ClientIp;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// An issue as the archive and its page show it.
#[derive(Serialize)]
pub struct IssueView {
    pub number: i64,
    pub title: String,
    pub url: String,
    pub date_iso: String,
    pub date_text: String,
    /// The body as safe HTML (only on the issue's own page).
    pub html: Option<minijinja::Value>,
}

fn published(issue: &Issue) -> Timestamp {
    Timestamp::from_second(issue.published_at.or(issue.send_at).unwrap_or(issue.created_at))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The safe HTML of a public issue's body.
pub fn issue_html(app: &App, issue: &Issue) -> String {
    markdown::to_safe_html(&crate::mail::gazette::public_markdown(&app.composer, issue))
}

pub fn view(app: &App, issue: &Issue, with_body: bool) -> IssueView {
    let date = published(issue).to_zoned(crate::domain::event::paris()).date();
    IssueView {
        number: issue.number,
        title: issue.title.clone(),
        url: format!("/gazette/{}", issue.number),
        date_iso: date.to_string(),
        date_text: crate::i18n::dates::date(crate::i18n::lang(), date),
        html: with_body.then(|| minijinja::Value::from_safe_string(issue_html(app, issue))),
    }
}

/// The subscription form, as posted (from `/gazette` or the footer of any page).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SubscribeForm {
    email: String,
    consent: String,
}

async fn render_index(
    app: &App,
    form: &SubscribeForm,
    errors: serde_json::Value,
    status: StatusCode,
) -> Result<Response, WebError> {
    let issues = store::gazette_issue::list_public(&app.db).await?;
    let issues: Vec<IssueView> = issues.iter().map(|i| view(app, i, false)).collect();
    let html = app.render(
        "public/gazette/index.html",
        context! { page_title => crate::i18n::t("title-gazette"), section => "gazette", issues, email => &form.email, consent => form.consent == "oui", errors },
    )?;
    Ok((status, Html(html)).into_response())
}

/// `/gazette`: the subscription form and every issue, newest first.
pub async fn index(State(app): State<App>) -> Result<Response, WebError> {
    render_index(&app, &SubscribeForm::default(), serde_json::json!({}), StatusCode::OK).await
}

/// Subscribes an address: checks the form, then the same answer for every address.
pub async fn subscribe(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    FrenchForm(form): FrenchForm<SubscribeForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let mut errors = serde_json::Map::new();
    let email = match Email::parse(&form.email) {
        Ok(e) => Some(e),
        Err(_) if form.email.trim().is_empty() => {
            errors.insert("email".into(), crate::i18n::t("gazette-email-missing").into());
            None
        }
        Err(_) => {
            errors.insert("email".into(), crate::i18n::t("gazette-email-invalid").into());
            None
        }
    };
    if form.consent != "oui" {
        errors.insert("consent".into(), crate::i18n::t("gazette-consent-missing").into());
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return render_index(&app, &form, serde_json::Value::Object(errors), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let mails = crate::mail::gazette::subscription_mails(
        &app.composer,
        app.config.base_url(),
        app.config.mail.gazette_welcome,
    )?;
    store::gazette::subscribe(&app.db, &mails, &email, "form", Timestamp::now()).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to("/gazette/inscription").into_response())
}

/// The answer to every subscription: check your mailbox.
pub async fn subscribed(State(app): State<App>) -> Result<Html<String>, WebError> {
    Ok(Html(app.render(
        "public/gazette/subscribed.html",
        context! { page_title => crate::i18n::t("title-gazette-check"), section => "gazette" },
    )?))
}

/// After leaving from the preferences page.
pub async fn left(State(app): State<App>) -> Result<Html<String>, WebError> {
    Ok(Html(app.render(
        "public/gazette/left.html",
        context! { page_title => crate::i18n::t("title-gazette-left"), section => "gazette" },
    )?))
}

/// `/gazette/{numero}`: one public issue.
pub async fn show(State(app): State<App>, Path(number): Path<String>) -> Result<Html<String>, WebError> {
    let number: i64 = number.parse().map_err(|_| WebError::NotFound)?;
    let issue = store::gazette_issue::get_public(&app.db, number).await?;
    let issue = view(&app, &issue, true);
    let html =
        app.render("public/gazette/issue.html", context! { page_title => &issue.title, section => "gazette", issue })?;
    Ok(Html(html))
}

/// `/gazette/flux.atom`: the public issues as an Atom feed.
pub async fn feed(State(app): State<App>) -> Result<Response, WebError> {
    let xml = feed_xml(&app).await?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

/// The feed's text (also written by the static export).
pub async fn feed_xml(app: &App) -> Result<String, WebError> {
    let issues = store::gazette_issue::list_public(&app.db).await?;
    let entries: Vec<export::atom::GazetteEntry> = issues
        .iter()
        .take(50)
        .map(|i| export::atom::GazetteEntry {
            number: i.number,
            title: i.title.clone(),
            published: published(i),
            updated: Timestamp::from_second(i.updated_at).unwrap_or(Timestamp::UNIX_EPOCH),
            html: issue_html(app, i),
        })
        .collect();
    Ok(export::atom::gazette_feed(&entries, &app.config.site.name, app.config.base_url()))
}

/// The latest public issue, for the home page.
pub async fn latest(app: &App) -> Result<Option<IssueView>, WebError> {
    let issue = store::gazette_issue::latest_public(&app.db).await?;
    Ok(issue.as_ref().filter(|i| i.status.is_public()).map(|i| view(app, i, false)))
}
