//! E1 E2 E4: the board for a participant. Participants have no account: a confirmed
//! registration's private link is their identity, so every action lives under
//! `/inscription/{token}/tableau` and carries the pre-session CSRF value like the other
//! participant forms. Only the owner of an objective, a request, an offer or a talk (and
//! facilitators, in the organiser space) may change it.

use crate::domain::board::{Actor, Estimate, ObjectiveStatus, OfferAction, RequestKind};
use crate::domain::event::Event;
use crate::domain::forge;
use crate::domain::refusal::Refusal;
use crate::i18n::{t, t_args};
use crate::store::board::{self as board_store, NewObjective, NewProject, NewRequest};
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::limit::ClientIp;
use crate::web::public::board::{Viewer, board_title, has_board, notify, view};
use crate::web::views;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The participant behind a private link, and the event of their board.
struct Me {
    id: i64,
    event: Event,
}

async fn me(app: &App, token: &str) -> Result<Me, WebError> {
    let Some((id, event_id)) = board_store::find_participant(&app.db, token).await? else {
        // An unconfirmed or cancelled registration has a private page but no board.
        return match store::registration::find_by_token(&app.db, token).await? {
            Some(_) => Err(StoreError::from(crate::domain::board::Refusal::NotParticipant).into()),
            None => Err(WebError::NotFound),
        };
    };
    let event = store::event::find_by_id(&app.db, event_id).await?.ok_or(WebError::NotFound)?;
    if !has_board(&event) {
        return Err(StoreError::from(crate::domain::board::Refusal::NoBoard).into());
    }
    Ok(Me { id, event })
}

/// A refused repository address or link, in the reader's language.
fn bad_url(e: &forge::BadUrl) -> String {
    use forge::BadUrl;
    t(match e {
        BadUrl::Empty => "board-url-empty",
        BadUrl::TooLong => "board-url-too-long",
        BadUrl::Spaces => "board-url-spaces",
        BadUrl::Scheme => "board-url-scheme",
        BadUrl::Credentials => "board-url-credentials",
        BadUrl::Host => "board-url-host",
        BadUrl::Internal => "board-url-internal",
        BadUrl::NoPath => "board-url-no-path",
        BadUrl::Path => "board-url-path",
        BadUrl::LinkScheme => "board-url-link-scheme",
    })
}

/// A board refusal shown beside a field, in the reader's language (the others reach an error
/// page, in French).
fn refusal(r: crate::domain::board::Refusal) -> String {
    crate::web::views::board_refusal_text(&r)
}

/// A form that failed, shown again with its values and messages.
struct Failed<'a> {
    form: String,
    values: minijinja::Value,
    errors: &'a FieldErrors,
}

async fn render(
    app: &App,
    pre: &PreSession,
    token: &str,
    me: &Me,
    failed: Option<Failed<'_>>,
) -> Result<Response, WebError> {
    let board = board_store::load(&app.db, me.event.id).await?;
    let mine = board.retros.iter().find(|r| r.participant == me.id);
    let my_talk = board.talks.iter().any(|t| t.speaker == me.id);
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let no_errors = FieldErrors::default();
    let (failed_form, values, errors) = match &failed {
        Some(f) => (f.form.as_str(), f.values.clone(), f.errors),
        None => ("", minijinja::Value::from(()), &no_errors),
    };
    let project_options: Vec<(String, String)> =
        board.projects.iter().map(|p| (p.entry_id.to_string(), p.name.clone())).collect();
    let html = app.render(
        "board/participant.html",
        context! {
            page_title => board_title("title-board-mine", &me.event),
            section => "events",
            event => views::card(&me.event),
            token,
            csrf => &pre.csrf,
            name => board.name_of(me.id),
            board => view(&board, Viewer::Participant(me.id)),
            kinds => RequestKind::ALL
                .iter()
                .map(|k| (k.as_str(), t(&format!("board-kind-{}", k.as_str().replace('_', "-")))))
                .collect::<Vec<_>>(),
            statuses => ObjectiveStatus::ALL
                .iter()
                .map(|s| (s.as_str(), t(&format!("board-status-{}", s.as_str().replace('_', "-")))))
                .collect::<Vec<_>>(),
            retro_done => mine.map(|r| r.done.clone()).unwrap_or_default(),
            retro_learned => mine.map(|r| r.learned.clone()).unwrap_or_default(),
            retro_links => mine.map(|r| r.links.join("\n")).unwrap_or_default(),
            my_talk,
            project_options,
            public => board.public,
            failed => failed_form,
            values,
            errors,
            has_errors => failed.is_some(),
        },
    )?;
    let res = (
        status,
        [
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response();
    Ok(pre.with_cookie(app, res))
}

pub async fn show(State(app): State<App>, pre: PreSession, Path(token): Path<String>) -> Result<Response, WebError> {
    let me = match me(&app, &token).await {
        // A dead link gets the page that explains it and mails the current link (B4).
        Err(WebError::NotFound) => return Err(WebError::LinkGone { csrf: pre.csrf.clone(), new_cookie: pre.is_new }),
        other => other?,
    };
    render(&app, &pre, &token, &me, None).await
}

/// After a change: tell the live viewers, then show the board again at `anchor`.
async fn done(app: &App, token: &str, me: &Me, anchor: &str) -> Result<Response, WebError> {
    notify(app, me.event.id).await;
    Ok(Redirect::to(&format!("/inscription/{token}/tableau#{anchor}")).into_response())
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProjectForm {
    url: String,
    name: String,
    publisher: String,
    licence: String,
    description: String,
    maintainers: String,
}

impl ProjectForm {
    fn parse(&self) -> Result<NewProject, FieldErrors> {
        let mut errors = FieldErrors::default();
        let repository = match forge::parse_repository(&self.url) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.add("url", bad_url(&e));
                None
            }
        };
        let name = text(&self.name, "name", &t("board-field-project-name"), 120, false, &mut errors);
        let publisher = text(&self.publisher, "publisher", &t("board-field-publisher"), 200, false, &mut errors);
        let licence = text(&self.licence, "licence", &t("board-field-licence"), 80, false, &mut errors);
        let description =
            text(&self.description, "description", &t("board-field-description"), 600, false, &mut errors);
        let maintainers =
            text(&self.maintainers, "maintainers", &t("board-field-maintainers"), 300, false, &mut errors);
        match repository {
            Some(repository) if errors.is_empty() => Ok(NewProject {
                repository,
                name,
                publisher: publisher.unwrap_or_default(),
                licence: licence.unwrap_or_default(),
                description: description.unwrap_or_default(),
                maintainers: maintainers.unwrap_or_default(),
            }),
            _ => Err(errors),
        }
    }
}

pub async fn add_project(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<ProjectForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let fail = |errors: FieldErrors| (errors, minijinja::Value::from_serialize(&form));
    let (errors, values) = match form.parse() {
        Ok(p) => match board_store::add_project(&app.db, me.event.id, me.id, &p, Timestamp::now()).await {
            Ok(_) => return done(&app, &token, &me, "projets").await,
            Err(StoreError::Refused(Refusal::Board(r))) => {
                let mut errors = FieldErrors::default();
                errors.add("url", refusal(r));
                fail(errors)
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => fail(errors),
    };
    render(&app, &pre, &token, &me, Some(Failed { form: "project".into(), values, errors: &errors })).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ObjectiveForm {
    project: String,
    title: String,
    estimate: String,
    link: String,
}

fn parse_link(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    if raw.trim().is_empty() {
        return None;
    }
    match forge::parse_link(raw) {
        Ok(l) => Some(l),
        Err(e) => {
            errors.add("link", bad_url(&e));
            None
        }
    }
}

impl ObjectiveForm {
    fn parse(&self) -> Result<NewObjective, FieldErrors> {
        let mut errors = FieldErrors::default();
        let entry_id = self.project.trim().parse::<i64>().ok();
        if entry_id.is_none() {
            errors.add("project", t("board-error-objective-project"));
        }
        let title = text(&self.title, "title", &t("board-field-objective"), 200, true, &mut errors);
        let estimate = Estimate::parse(&self.estimate);
        if estimate.is_none() {
            errors.add("estimate", t("board-error-estimate"));
        }
        let link = parse_link(&self.link, &mut errors);
        match (entry_id, title, estimate) {
            (Some(entry_id), Some(title), Some(estimate)) if errors.is_empty() => {
                Ok(NewObjective { entry_id, title, estimate, link })
            }
            _ => Err(errors),
        }
    }
}

pub async fn add_objective(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<ObjectiveForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    match form.parse() {
        Ok(o) => {
            board_store::add_objective(&app.db, me.event.id, me.id, &o, Timestamp::now()).await?;
            done(&app, &token, &me, "projets").await
        }
        Err(errors) => {
            render(
                &app,
                &pre,
                &token,
                &me,
                Some(Failed {
                    form: "objective".into(),
                    values: minijinja::Value::from_serialize(&form),
                    errors: &errors,
                }),
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    link: String,
}

pub async fn objective_status(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path((token, id)): Path<(String, i64)>,
    FrenchForm(form): FrenchForm<StatusForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let mut errors = FieldErrors::default();
    let status = ObjectiveStatus::parse(&form.status);
    if status.is_none() {
        errors.add("status", t("board-error-status"));
    }
    let link = parse_link(&form.link, &mut errors);
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return render(
            &app,
            &pre,
            &token,
            &me,
            Some(Failed {
                form: format!("objective-{id}"),
                values: minijinja::Value::from_serialize(&form),
                errors: &errors,
            }),
        )
        .await;
    };
    board_store::set_objective_status(
        &app.db,
        me.event.id,
        Actor::Participant(me.id),
        id,
        status,
        link.as_deref(),
        Timestamp::now(),
    )
    .await?;
    done(&app, &token, &me, &format!("objectif-{id}")).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RequestForm {
    project: String,
    kind: String,
    title: String,
    details: String,
    skills: String,
    newcomers: Option<String>,
}

impl RequestForm {
    fn parse(&self) -> Result<NewRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let entry_id = self.project.trim().parse::<i64>().ok();
        if entry_id.is_none() {
            errors.add("project", t("board-error-request-project"));
        }
        let kind = RequestKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", t("board-error-kind"));
        }
        let title = text(&self.title, "title", &t("board-field-request"), 200, true, &mut errors);
        let details = text(&self.details, "details", &t("board-field-details"), 2000, false, &mut errors);
        let skills = text(&self.skills, "skills", &t("board-field-skills"), 200, false, &mut errors);
        match (entry_id, kind, title) {
            (Some(entry_id), Some(kind), Some(title)) if errors.is_empty() => Ok(NewRequest {
                entry_id,
                kind,
                title,
                details: details.unwrap_or_default(),
                skills: skills.unwrap_or_default(),
                newcomers: self.newcomers.is_some(),
            }),
            _ => Err(errors),
        }
    }
}

pub async fn add_request(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<RequestForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    match form.parse() {
        Ok(r) => {
            board_store::add_request(&app.db, me.event.id, me.id, &r, Timestamp::now()).await?;
            done(&app, &token, &me, "demandes").await
        }
        Err(errors) => {
            render(
                &app,
                &pre,
                &token,
                &me,
                Some(Failed {
                    form: "request".into(),
                    values: minijinja::Value::from_serialize(&form),
                    errors: &errors,
                }),
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenForm {
    open: String,
}

pub async fn request_open(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    Path((token, id)): Path<(String, i64)>,
    FrenchForm(form): FrenchForm<OpenForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    board_store::set_request_open(
        &app.db,
        me.event.id,
        Actor::Participant(me.id),
        id,
        form.open == "1",
        Timestamp::now(),
    )
    .await?;
    done(&app, &token, &me, &format!("demande-{id}")).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OfferForm {
    message: String,
}

pub async fn offer(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path((token, id)): Path<(String, i64)>,
    FrenchForm(form): FrenchForm<OfferForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let mut errors = FieldErrors::default();
    let message = text(&form.message, "message", &t("board-field-message"), 500, false, &mut errors);
    if !errors.is_empty() {
        return render(
            &app,
            &pre,
            &token,
            &me,
            Some(Failed {
                form: format!("offer-{id}"),
                values: minijinja::Value::from_serialize(&form),
                errors: &errors,
            }),
        )
        .await;
    }
    board_store::offer_help(&app.db, me.event.id, me.id, id, &message.unwrap_or_default(), Timestamp::now()).await?;
    done(&app, &token, &me, &format!("demande-{id}")).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OfferActionForm {
    action: String,
}

/// Parses `accepter`, `decliner` or `retirer`.
pub fn offer_action(s: &str) -> Result<OfferAction, WebError> {
    match s {
        "accepter" => Ok(OfferAction::Accept),
        "decliner" => Ok(OfferAction::Decline),
        "retirer" => Ok(OfferAction::Withdraw),
        _ => Err(WebError::BadRequest(t("board-error-offer-action"))),
    }
}

pub async fn answer_offer(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    Path((token, id)): Path<(String, i64)>,
    FrenchForm(form): FrenchForm<OfferActionForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let action = offer_action(&form.action)?;
    board_store::act_on_offer(&app.db, me.event.id, Actor::Participant(me.id), id, action, Timestamp::now()).await?;
    done(&app, &token, &me, "demandes").await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TalkForm {
    title: String,
    minutes: String,
}

pub async fn sign_up_talk(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<TalkForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let mut errors = FieldErrors::default();
    let title = text(&form.title, "title", &t("board-field-talk-title"), 150, true, &mut errors);
    let minutes = form.minutes.trim().parse::<u8>().ok().filter(|m| (1..=10).contains(m));
    if minutes.is_none() {
        errors.add("minutes", t("board-error-minutes"));
    }
    let result = match (title, minutes) {
        (Some(title), Some(minutes)) if errors.is_empty() => {
            board_store::sign_up_talk(&app.db, me.event.id, me.id, &title, minutes, Timestamp::now()).await
        }
        _ => {
            return render(
                &app,
                &pre,
                &token,
                &me,
                Some(Failed { form: "talk".into(), values: minijinja::Value::from_serialize(&form), errors: &errors }),
            )
            .await;
        }
    };
    match result {
        Ok(_) => done(&app, &token, &me, "eclair").await,
        Err(StoreError::Refused(Refusal::Board(r))) => {
            errors.add("title", refusal(r));
            render(
                &app,
                &pre,
                &token,
                &me,
                Some(Failed { form: "talk".into(), values: minijinja::Value::from_serialize(&form), errors: &errors }),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn withdraw_talk(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    Path((token, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    board_store::withdraw_talk(&app.db, me.event.id, Actor::Participant(me.id), id, Timestamp::now()).await?;
    done(&app, &token, &me, "eclair").await
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RetroForm {
    done: String,
    learned: String,
    links: String,
}

pub async fn save_retro(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<RetroForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let me = me(&app, &token).await?;
    let mut errors = FieldErrors::default();
    let done_text = text(&form.done, "done", &t("board-field-done"), 3000, false, &mut errors);
    let learned = text(&form.learned, "learned", &t("board-field-learned"), 3000, false, &mut errors);
    let mut links = Vec::new();
    for line in form.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match forge::parse_link(line) {
            Ok(l) if links.len() < 30 => links.push(l),
            Ok(_) => errors.add("links", t("board-error-too-many-links")),
            Err(e) => errors
                .add("links", t_args("board-error-link-line", &[("line", line.into()), ("error", bad_url(&e).into())])),
        }
    }
    if !errors.is_empty() {
        return render(
            &app,
            &pre,
            &token,
            &me,
            Some(Failed { form: "retro".into(), values: minijinja::Value::from_serialize(&form), errors: &errors }),
        )
        .await;
    }
    board_store::save_retro(
        &app.db,
        me.event.id,
        me.id,
        &done_text.unwrap_or_default(),
        &learned.unwrap_or_default(),
        &links,
        Timestamp::now(),
    )
    .await?;
    done(&app, &token, &me, "bilan").await
}

#[cfg(test)]
mod tests;
