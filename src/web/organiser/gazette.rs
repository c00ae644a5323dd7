//! F1: the gazette in the organiser space: the issues with their progress, the subscribers'
//! counts and suspended addresses, and the editor of an issue (Markdown with preview, a test
//! send to oneself, a scheduled send in Paris time, pause and resume). The issue is named by
//! the `id` field (query or form), so a missing one is a 400, not a 404.

use super::auth::Creator;
use crate::domain::event::paris;
use crate::domain::gazette::{IssueDraft, SubscriberStatus};
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// Every message of a test send carries this sample in place of a subscriber's link.
const SAMPLE_TOKEN: &str = "exemple";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Pick {
    id: String,
    fait: String,
}

fn issue_id(raw: &str) -> Result<i64, WebError> {
    raw.trim().parse().map_err(|_| WebError::BadRequest("Numéro de la gazette inconnu.".into()))
}

fn local(t: Option<i64>) -> String {
    t.and_then(|s| Timestamp::from_second(s).ok())
        .map(|t| t.to_zoned(paris()).datetime().strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

fn when(t: Option<i64>) -> String {
    t.and_then(|s| Timestamp::from_second(s).ok()).map(crate::domain::french::datetime).unwrap_or_default()
}

/// GET `/organisation/gazette`: the issues, newest first, and the subscribers.
pub async fn dashboard(State(app): State<App>, who: Creator) -> Result<Response, WebError> {
    let mut issues = Vec::new();
    for i in store::gazette_issue::list(&app.db).await? {
        let progress = store::gazette_issue::progress(&app.db, i.id).await?;
        issues.push(context! {
            id => i.id, number => i.number, title => &i.title, status => i.status.label(),
            send_at => when(i.send_at), progress,
        });
    }
    let counts = store::gazette::counts(&app.db).await?;
    let suspended = store::gazette::list(&app.db, Some(SubscriberStatus::Suspended)).await?;
    let html = app.render(
        "organiser/gazette.html",
        context! {
            page_title => "La gazette", section => "organiser", csrf => &who.user.csrf,
            is_admin => who.user.account.user.is_admin, issues, counts, suspended,
        },
    )?;
    Ok(Html(html).into_response())
}

/// The editor's form, as posted.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct IssueForm {
    id: String,
    number: String,
    title: String,
    body: String,
    action: String,
}

#[allow(clippy::too_many_arguments)]
async fn render_editor(
    app: &App,
    who: &Creator,
    form: &IssueForm,
    issue: Option<&store::gazette_issue::Issue>,
    error: Option<String>,
    preview: Option<crate::domain::message::Composed>,
    done: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let progress = match issue {
        Some(i) => Some(store::gazette_issue::progress(&app.db, i.id).await?),
        None => None,
    };
    let html = app.render(
        "organiser/gazette_issue.html",
        context! {
            page_title => if form.id.is_empty() { "Nouveau numéro de la gazette".to_owned() } else { format!("Gazette : {}", form.title) },
            section => "organiser", csrf => &who.user.csrf, is_admin => who.user.account.user.is_admin,
            form, error, done, progress,
            issue => issue.map(|i| context! {
                id => i.id, number => i.number, status => i.status.as_str(), status_label => i.status.label(),
                editable => i.status.is_editable(), send_at => local(i.send_at), send_at_text => when(i.send_at),
                public_url => i.status.is_public().then(|| format!("/gazette/{}", i.number)),
            }),
            preview => preview.map(|c| context! { subject => &c.subject, html => minijinja::Value::from_safe_string(c.html_body().to_owned()), text => &c.text }),
            send_at_default => Timestamp::now().to_zoned(paris()).datetime().strftime("%Y-%m-%dT%H:%M").to_string(),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// GET `/organisation/gazette/numero`: a new issue, or `?id=` an existing one.
pub async fn editor(State(app): State<App>, who: Creator, Query(p): Query<Pick>) -> Result<Response, WebError> {
    if p.id.is_empty() {
        let next = store::gazette_issue::list(&app.db).await?.first().map_or(1, |i| i.number + 1);
        let form = IssueForm {
            number: next.to_string(),
            title: format!("Gazette de {} n°{next}", app.config.site.name),
            body: "## Les nouvelles\n\n…\n\nPour gérer votre abonnement : {{ preferences_link }}".into(),
            ..IssueForm::default()
        };
        return render_editor(&app, &who, &form, None, None, None, "", StatusCode::OK).await;
    }
    let issue = store::gazette_issue::get(&app.db, issue_id(&p.id)?).await?;
    let form = IssueForm {
        id: issue.id.to_string(),
        number: issue.number.to_string(),
        title: issue.title.clone(),
        body: issue.body_md.clone(),
        action: String::new(),
    };
    render_editor(&app, &who, &form, Some(&issue), None, None, &p.fait, StatusCode::OK).await
}

/// Checks the form and renders its preview; the French refusal otherwise.
fn check(app: &App, form: &IssueForm) -> Result<(IssueDraft, crate::domain::message::Composed), String> {
    let draft = IssueDraft::parse(&form.number, &form.title, &form.body)?;
    match crate::mail::gazette::unknown_variables(&app.composer, &draft.body_md) {
        Ok(unknown) if !unknown.is_empty() => {
            return Err(format!(
                "Variable inconnue : {}. Les variables possibles sont {}.",
                unknown.iter().map(|v| format!("{{{{ {v} }}}}")).collect::<Vec<_>>().join(", "),
                crate::mail::gazette::ISSUE_VARIABLES
            ));
        }
        Err(e) => {
            return Err(format!("Le texte ne peut pas être utilisé : {}", e.detail().unwrap_or("syntaxe invalide")));
        }
        Ok(_) => {}
    }
    crate::mail::gazette::preview(&app.composer, app.config.base_url(), &draft.title, &draft.body_md, SAMPLE_TOKEN)
        .map(|c| (draft, c))
        .map_err(|e| format!("Le texte ne peut pas être utilisé : {}", e.detail().unwrap_or("syntaxe invalide")))
}

/// POST `/organisation/gazette/numero`: preview (`action=apercu`) or save a draft.
pub async fn save(
    State(app): State<App>,
    who: Creator,
    FrenchForm(form): FrenchForm<IssueForm>,
) -> Result<Response, WebError> {
    let issue = match form.id.is_empty() {
        true => None,
        false => Some(store::gazette_issue::get(&app.db, issue_id(&form.id)?).await?),
    };
    let (draft, preview) = match check(&app, &form) {
        Ok(ok) => ok,
        Err(e) => {
            return render_editor(
                &app,
                &who,
                &form,
                issue.as_ref(),
                Some(e),
                None,
                "",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if form.action == "apercu" {
        return render_editor(&app, &who, &form, issue.as_ref(), None, Some(preview), "", StatusCode::OK).await;
    }
    let now = Timestamp::now();
    let saved = match &issue {
        None => store::gazette_issue::create(&app.db, Some(who.right.user_id()), &draft, now).await,
        Some(i) => {
            store::gazette_issue::update(&app.db, Some(who.right.user_id()), i.id, &draft, now).await.map(|()| i.id)
        }
    };
    match saved {
        Ok(id) => Ok(Redirect::to(&format!("/organisation/gazette/numero?id={id}&fait=enregistre")).into_response()),
        Err(StoreError::Refused(r)) => {
            render_editor(
                &app,
                &who,
                &form,
                issue.as_ref(),
                Some(r.to_string()),
                None,
                "",
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Act {
    id: String,
    send_at: String,
}

/// POST `/organisation/gazette/numero/essai`: the issue as saved, to the organiser's own
/// address, with sample links.
pub async fn test_send(
    State(app): State<App>,
    who: Creator,
    FrenchForm(a): FrenchForm<Act>,
) -> Result<Response, WebError> {
    let issue = store::gazette_issue::get(&app.db, issue_id(&a.id)?).await?;
    let composed = crate::mail::gazette::preview(
        &app.composer,
        app.config.base_url(),
        &format!("[Essai] {}", issue.title),
        &issue.body_md,
        SAMPLE_TOKEN,
    )?;
    let now = Timestamp::now();
    store::gazette_issue::test_send(
        &app.db,
        Some(who.right.user_id()),
        issue.id,
        &who.user.account.user.email,
        composed,
        now,
    )
    .await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/organisation/gazette/numero?id={}&fait=essai", issue.id)).into_response())
}

/// POST `/organisation/gazette/numero/programmer`: sends at the given Paris date and time, or
/// now when none is given.
pub async fn schedule(
    State(app): State<App>,
    who: Creator,
    FrenchForm(a): FrenchForm<Act>,
) -> Result<Response, WebError> {
    let id = issue_id(&a.id)?;
    let now = Timestamp::now();
    let at = match a.send_at.trim() {
        "" => now,
        t => t
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|dt| dt.to_zoned(paris()).ok())
            .map(|z| z.timestamp())
            .ok_or_else(|| {
                WebError::BadRequest("La date d’envoi n’est pas valide (exemple : 2032-01-05T09:00).".into())
            })?,
    };
    store::gazette_issue::schedule(&app.db, Some(who.right.user_id()), id, at, now).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/organisation/gazette/numero?id={id}&fait=programme")).into_response())
}

/// POST `/organisation/gazette/numero/pause`.
pub async fn pause(State(app): State<App>, who: Creator, FrenchForm(a): FrenchForm<Act>) -> Result<Response, WebError> {
    let id = issue_id(&a.id)?;
    store::gazette_issue::pause(&app.db, Some(who.right.user_id()), id, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/organisation/gazette/numero?id={id}&fait=pause")).into_response())
}

/// POST `/organisation/gazette/numero/reprise`.
pub async fn resume(
    State(app): State<App>,
    who: Creator,
    FrenchForm(a): FrenchForm<Act>,
) -> Result<Response, WebError> {
    let id = issue_id(&a.id)?;
    store::gazette_issue::resume(&app.db, Some(who.right.user_id()), id, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/organisation/gazette/numero?id={id}&fait=reprise")).into_response())
}

/// The French reason of a refused line of a subscribers' file.
fn refusal_fr(r: &crate::import::subscribers::LineRefusal) -> String {
    use crate::import::subscribers::LineRefusal;
    match r {
        LineRefusal::NotAnAddress(raw) if raw.is_empty() => "pas d’adresse électronique en première colonne".into(),
        LineRefusal::NotAnAddress(raw) => format!("« {raw} » n’est pas une adresse électronique"),
        LineRefusal::BadConsentDate(raw) => {
            format!("la date du consentement « {raw} » n’est pas une date (écrivez par exemple 2024-03-01)")
        }
    }
}

/// The largest subscribers' file taken (a list of 10,000 addresses is about 500 KB).
const MAX_FILE: usize = 5 * 1024 * 1024;

/// POST `/organisation/gazette/abonnes/import` (administrators): adds the confirmed
/// subscribers of an uploaded CSV file (`email,consent_date,source`), as `rencontres gazette
/// import-subscribers` does; the suppression list wins. Shows what happened to each line.
pub async fn import_subscribers(
    State(app): State<App>,
    who: super::auth::Admin,
    mut form: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let mut text = None;
    let mut error = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|_| WebError::TooLarge)?;
        if bytes.len() > MAX_FILE {
            error = Some("Le fichier dépasse 5 Mio : envoyez la liste en plusieurs fois.");
        } else if bytes.is_empty() {
            error = Some("Choisissez un fichier CSV à importer.");
        } else {
            match String::from_utf8(bytes.to_vec()) {
                Ok(t) => text = Some(t),
                Err(_) => {
                    error = Some("Le fichier n’est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » puis recommencez.")
                }
            }
        }
    }
    let render = |status: StatusCode, ctx: minijinja::Value| -> Result<Response, WebError> {
        let html = app.render(
            "organiser/gazette_import.html",
            context! {
                page_title => "Import des abonnés de la gazette", section => "organiser", csrf => &who.user.csrf,
                is_admin => true, ..ctx
            },
        )?;
        Ok((status, Html(html)).into_response())
    };
    let text = match (text, error) {
        (Some(t), None) => t,
        (_, e) => {
            let e = e.unwrap_or("Choisissez un fichier CSV à importer.");
            return render(StatusCode::UNPROCESSABLE_ENTITY, context! { error => e });
        }
    };
    let parsed = crate::import::subscribers::parse(&text, "import");
    let outcome =
        store::gazette::import_by(&app.db, Some(who.user.account.user.id), &parsed.rows, Timestamp::now()).await?;
    let mut refused: Vec<_> =
        parsed.refused.iter().map(|(line, why)| context! { line => line, why => refusal_fr(why) }).collect();
    for email in &outcome.suppressed {
        let line = text.lines().position(|l| l.to_lowercase().contains(email.as_str())).map_or(0, |i| i + 1);
        refused.push(context! {
            line => line,
            why => format!("{email} s’est désinscrite de la gazette : la liste de suppression empêche de la réinscrire"),
        });
    }
    render(StatusCode::OK, context! { added => outcome.added, already => outcome.already, refused, done => true })
}

/// GET `/organisation/gazette/abonnes.csv` (administrators): every subscriber as CSV, as
/// `rencontres gazette export-subscribers` prints it.
pub async fn export_subscribers(State(app): State<App>, _who: super::auth::Admin) -> Result<Response, WebError> {
    use axum::http::header;
    let csv = crate::import::subscribers::to_csv(&store::gazette::list(&app.db, None).await?);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"abonnes-gazette.csv\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        csv,
    )
        .into_response())
}
