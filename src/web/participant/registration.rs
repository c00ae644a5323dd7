//! B3 B4: the registration form and the private page of a registration.

use crate::domain::email::Email;
use crate::domain::event::Event;
use crate::domain::question::{self, Form, Kind, Question};
use crate::domain::registration::{Applicant, EventSettings, Mode, ParticipantStatus, Registration, State};
use crate::i18n;
use crate::store::oidc::Prefill;
use crate::store::question as question_store;
use crate::store::registration::{self as reg_store, FormContext};
use crate::store::{self, StoreError};
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::limit::ClientIp;
use crate::web::views;
use crate::web::{App, contexts};
use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form as posted. Built from the raw pairs, because the event's own questions are
/// fields `q{id}`, repeated for multiple choices.
#[derive(Debug, Default, Serialize)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub status: String,
    pub consent: Option<String>,
    /// The personal link's token, in invitation mode.
    pub invitation: String,
    /// Every value posted for each question, by question id.
    pub answers: BTreeMap<i64, Vec<String>>,
}

impl RegistrationForm {
    /// Refuses a body that repeats a one-value field (a crafted or broken form).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<RegistrationForm, WebError> {
        let mut f = RegistrationForm::default();
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in &pairs {
            if matches!(k.as_str(), "name" | "email" | "organisation" | "status" | "consent" | "invitation") {
                if seen.contains(&k.as_str()) {
                    return Err(WebError::BadRequest(i18n::t("form-unreadable")));
                }
                seen.push(k.as_str());
            }
        }
        for (k, v) in pairs {
            match k.as_str() {
                "name" => f.name = v,
                "email" => f.email = v,
                "organisation" => f.organisation = v,
                "status" => f.status = v,
                "consent" => f.consent = Some(v),
                "invitation" => f.invitation = v,
                _ => {
                    if let Some(id) = k.strip_prefix('q').and_then(|id| id.parse::<i64>().ok()) {
                        let values = f.answers.entry(id).or_default();
                        // A crafted post cannot make the server hold more than a form's worth.
                        if values.len() < 60 {
                            values.push(v);
                        }
                    }
                }
            }
        }
        f.answers.retain(|_, v| !v.is_empty());
        Ok(f)
    }

    /// Checks every field and returns the applicant, or the French message of each bad field.
    pub fn parse(&self, settings: &EventSettings, questions: &[Question]) -> Result<Applicant, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = text(&self.name, "name", &i18n::t("label-name"), 200, true, &mut errors);
        let email = match Email::parse(&self.email) {
            Ok(e) => Some(e),
            Err(_) if self.email.trim().is_empty() => {
                errors.add("email", i18n::t("form-email-required"));
                None
            }
            Err(_) => {
                errors.add("email", i18n::t("form-email-invalid"));
                None
            }
        };
        let organisation =
            text(&self.organisation, "organisation", &i18n::t("label-organisation"), 200, false, &mut errors);
        let status = ParticipantStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", i18n::t("form-status-required"));
        }
        if !settings.consent_text.trim().is_empty() && self.consent.is_none() {
            errors.add("consent", i18n::t("form-consent-required"));
        }
        let answers = checked_answers(questions, &self.answers, &mut errors);
        match (name, email, status, answers) {
            (Some(name), Some(email), Some(status), Some(answers)) if errors.is_empty() => Ok(Applicant {
                email,
                name,
                organisation: organisation.unwrap_or_default(),
                status,
                answers: question::answers_to_json(&answers),
                invitation: Some(self.invitation.trim().to_owned()).filter(|t| !t.is_empty()),
                lang: crate::i18n::lang(),
                siret: String::new(),
                email_verified: false,
            }),
            _ => Err(errors),
        }
    }
}

/// The answers kept for `questions`, or `None` with each bad one's message in `errors`
/// under its field name (`q{id}`), next to the question on the page.
fn checked_answers(
    questions: &[Question],
    raw: &BTreeMap<i64, Vec<String>>,
    errors: &mut FieldErrors,
) -> Option<question::Answers> {
    match question::validate(questions, raw) {
        Ok(answers) => Some(answers),
        Err(bad) => {
            for (id, message) in bad {
                errors.add(format!("q{id}"), message);
            }
            None
        }
    }
}

/// A question as the form template shows it.
#[derive(Serialize)]
pub struct QuestionView {
    pub id: i64,
    pub field: String,
    pub label: String,
    pub kind: &'static str,
    pub required: bool,
    pub choices: Vec<String>,
    /// The answers already given (kept when the form comes back with errors).
    pub values: Vec<String>,
    pub error: Option<String>,
    /// `q{id}` of the question this one depends on, and the answer that shows it.
    pub show_if: Option<String>,
    pub show_value: Option<String>,
    /// "Seulement si vous avez répondu « Oui » à « … »".
    pub condition_text: Option<String>,
}

pub fn question_views(
    questions: &[Question],
    answers: &BTreeMap<i64, Vec<String>>,
    errors: &FieldErrors,
) -> Vec<QuestionView> {
    questions
        .iter()
        .map(|q| {
            let parent = q.show_if.as_ref().and_then(|c| questions.iter().find(|p| p.id == c.question).map(|p| (c, p)));
            QuestionView {
                id: q.id,
                field: format!("q{}", q.id),
                label: q.label.clone(),
                kind: q.kind.as_str(),
                required: q.required,
                choices: match q.kind {
                    Kind::YesNo => vec![question::YES.to_owned(), question::NO.to_owned()],
                    _ => q.choices.clone(),
                },
                values: answers.get(&q.id).cloned().unwrap_or_default(),
                error: errors.get(&format!("q{}", q.id)).map(String::from),
                show_if: parent.map(|(_, p)| format!("q{}", p.id)),
                show_value: parent.map(|(c, _)| c.answer.clone()),
                condition_text: parent.map(|(c, p)| {
                    i18n::t_args(
                        "question-condition",
                        &[("answer", c.answer.as_str().into()), ("question", p.label.as_str().into())],
                    )
                }),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct StatusOption {
    value: &'static str,
    label: String,
}

fn status_options() -> Vec<StatusOption> {
    ParticipantStatus::ALL.into_iter().map(|s| StatusOption { value: s.as_str(), label: status_label(s) }).collect()
}

/// H2: a participant status as the reader's language names it.
pub(crate) fn status_label(s: ParticipantStatus) -> String {
    i18n::t(&format!("participant-status-{}", s.as_str()))
}

/// H2: the state of a registration as the reader's language names it.
fn state_label(s: State) -> String {
    i18n::t(&format!("registration-state-{}", s.as_str()))
}

/// Why the form is not offered, in French, or `None` when it is open. `invited` is the
/// address of a valid invitation link, when one came with the request.
fn closed_reason(
    event: &Event,
    settings: &Option<EventSettings>,
    now: Timestamp,
    invitation: &Invitation,
) -> Option<String> {
    let Some(s) = settings else { return Some(i18n::t("register-no-registration")) };
    if let Invitation::Invalid = invitation {
        return Some(i18n::t("register-invitation-invalid"));
    }
    let invited = matches!(invitation, Invitation::Valid { .. });
    crate::domain::registration::check_open(&s.rules, event.draft.dates.start_instant(), now, invited)
        .err()
        .map(crate::web::views::refusal_text)
}

/// The invitation link a request carries, checked.
enum Invitation {
    None,
    Valid { token: String, email: String },
    Invalid,
}

async fn check_invitation(
    app: &App,
    event: &Event,
    settings: &Option<EventSettings>,
    token: &str,
) -> Result<Invitation, WebError> {
    let token = token.trim();
    if token.is_empty() || !settings.as_ref().is_some_and(|s| s.rules.mode == Mode::Invitation) {
        return Ok(Invitation::None);
    }
    Ok(match reg_store::invitation::find(&app.db, event.id, token).await? {
        Some(email) => Invitation::Valid { token: token.to_owned(), email },
        None => Invitation::Invalid,
    })
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    app: &App,
    pre: &PreSession,
    context: &FormContext,
    invitation: &Invitation,
    form: &RegistrationForm,
    errors: &FieldErrors,
    status: StatusCode,
    prefill: Option<&Prefill>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let (event, settings, questions) = (&context.event, &context.settings, &context.questions);
    let (invitation_token, invited_email) = match invitation {
        Invitation::Valid { token, email } => (Some(token.as_str()), Some(email.as_str())),
        _ => (None, None),
    };
    let html = app.render(
        "participant/register.html",
        context! {
            page_title => i18n::t_args("register-page-title", &[("title", event.draft.title.as_str().into())]),
            section => "events",
            event => views::card(event),
            closed => closed_reason(event, settings, now, invitation),
            external_url => settings.as_ref().and_then(|s| (s.rules.mode == Mode::External).then(|| s.external_url.clone()).flatten()),
            closes_text => settings.as_ref().and_then(|s| s.rules.closes_at).map(|t| i18n::dates::datetime(i18n::lang(), t)),
            decisions_text => settings.as_ref().and_then(|s| s.decisions_at).map(|t| i18n::dates::datetime(i18n::lang(), t)),
            selection => settings.as_ref().is_some_and(|s| s.rules.mode == Mode::Selection),
            consent_text => settings.as_ref().map(|s| s.consent_text.clone()).filter(|t| !t.trim().is_empty()),
            retention_days => settings.as_ref().map(|s| s.retention_days),
            questions => question_views(questions, &form.answers, errors),
            invitation_token,
            invited_email,
            form,
            errors,
            has_errors => !errors.is_empty(),
            statuses => status_options(),
            csrf => &pre.csrf,
            proconnect => app.oidc.is_some(),
            prefill => prefill.map(|p| context! { siret => &p.siret, email => &p.email }),
        },
    )?;
    Ok(pre.with_cookie(app, (status, Html(html)).into_response()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FormQuery {
    invitation: String,
    /// I1: back from ProConnect: the form is filled with what it vouched for.
    proconnect: Option<String>,
}

pub async fn form(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Query(q): Query<FormQuery>,
) -> Result<Response, WebError> {
    let prepared = app.form_contexts.by_slug(&app, &slug).await?;
    let context = &prepared.context;
    let invitation = check_invitation(&app, &context.event, &context.settings, &q.invitation).await?;
    let mut form = RegistrationForm::default();
    let prefill = match q.proconnect {
        Some(_) => crate::web::oidc::prefill_of(&app, &headers).await?,
        None => None,
    };
    if let Some(p) = &prefill {
        form.name = p.name.clone();
        form.email = p.email.clone();
        if p.public_agent {
            form.status = ParticipantStatus::PublicAgent.as_str().to_owned();
        }
    }
    if let Invitation::Valid { email, .. } = &invitation {
        form.email = email.clone();
    }
    render_form(&app, &pre, context, &invitation, &form, &FieldErrors::default(), StatusCode::OK, prefill.as_ref())
        .await
}

pub async fn submit(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(slug): Path<String>,
    headers: HeaderMap,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let form = RegistrationForm::from_pairs(pairs)?;
    let prepared = app.form_contexts.by_slug(&app, &slug).await?;
    let context = &prepared.context;
    let Some(s) = &context.settings else {
        return Err(WebError::Store(StoreError::from(crate::domain::registration::Refusal::NoRegistration)));
    };
    let invitation = check_invitation(&app, &context.event, &context.settings, &form.invitation).await?;
    // I1: what ProConnect vouched for in this browser counts for the address it gave only.
    let prefill = crate::web::oidc::prefill_of(&app, &headers).await?;
    let mut applicant = match form.parse(s, &context.questions) {
        Ok(a) => a,
        Err(errors) => {
            let shown = prefill.as_ref().filter(|p| p.email == form.email.trim().to_lowercase());
            return render_form(
                &app,
                &pre,
                context,
                &invitation,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                shown,
            )
            .await;
        }
    };
    let vouched = prefill.filter(|p| p.email == applicant.email.as_str());
    if let Some(p) = &vouched {
        applicant.email_verified = true;
        applicant.siret = p.siret.clone();
    }
    let message =
        match reg_store::register(&app.db, &context.event, &prepared.letters, &applicant, Timestamp::now()).await {
            Ok(_) => None,
            Err(StoreError::Refused(r)) => Some(crate::web::views::refusal_message(&r)),
            Err(e) => return Err(e.into()),
        };
    if let Some(message) = message {
        let mut errors = FieldErrors::default();
        errors.add("form", message);
        return render_form(
            &app,
            &pre,
            context,
            &invitation,
            &form,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
            vouched.as_ref(),
        )
        .await;
    }
    app.mail_wake.notify_one();
    let sent = if vouched.is_some() { "envoyee?verifiee=1" } else { "envoyee" };
    let mut res = Redirect::to(&format!("/evenements/{slug}/inscription/{sent}")).into_response();
    if vouched.is_some() {
        res.headers_mut().append(axum::http::header::SET_COOKIE, crate::web::oidc::forget_prefill(&app));
    }
    Ok(res)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SentQuery {
    /// I1: the address was vouched for by ProConnect: no confirmation link to open.
    verifiee: Option<String>,
}

pub async fn sent(
    AxState(app): AxState<App>,
    Path(slug): Path<String>,
    Query(q): Query<SentQuery>,
) -> Result<Html<String>, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let html = app.render(
        "participant/sent.html",
        context! {
            page_title => i18n::t("sent-title"),
            section => "events",
            event => views::card(&event),
            verified => q.verifiee.is_some(),
        },
    )?;
    Ok(Html(html))
}

#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

/// The private page: what the registration is, and what can be done with it now.
pub async fn show(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    render_private(&app, &pre, token, done.fait.as_deref(), None, StatusCode::OK).await
}

/// The form of the private page that edits the details, as posted back with its errors.
struct DetailsEdit<'a> {
    form: &'a RegistrationForm,
    errors: FieldErrors,
}

async fn render_private(
    app: &App,
    pre: &PreSession,
    token: String,
    fait: Option<&str>,
    edit: Option<DetailsEdit<'_>>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let reg = registration_of(app, pre, &token).await?;
    let event = store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?;
    let settings = reg_store::find_settings(&app.db, event.id).await?;
    let questions = question_store::list(&app.db, event.id, Form::Registration).await?;
    let position = if reg.state == State::Waitlisted {
        let line = reg_store::waitlist(&app.db, event.id).await?;
        line.iter().position(|r| r.id == reg.id).map(|p| p + 1)
    } else {
        None
    };
    // Issue 19: the meeting link of an online event, to those holding a confirmed place only.
    let meeting_url = match reg.state {
        State::Confirmed | State::Attended => store::event::find_meeting_url(&app.db, event.id).await?,
        _ => None,
    };
    // B6: the check-in code and its QR, for those who hold a confirmed place.
    let door_code = (reg.state == State::Confirmed).then(|| crate::domain::door_code::code(reg.id, &token));
    let door_qr = door_code.as_deref().and_then(|c| {
        super::door_code::svg(&super::door_code::qr_text(app.config.base_url(), c))
            .map(minijinja::Value::from_safe_string)
    });
    let notice = match fait {
        Some(done @ ("confirmee" | "acceptee" | "refusee" | "annulee" | "modifiee")) => {
            Some(i18n::t(&format!("registration-done-{done}")))
        }
        _ => None,
    };
    let html = app.render(
        "participant/registration.html",
        context! {
            page_title => i18n::t_args("registration-page-title", &[("title", event.draft.title.as_str().into())]),
            section => "events",
            event => views::card(&event),
            token,
            name => &reg.name,
            email => &reg.email,
            organisation => &reg.organisation,
            status_label => status_label(reg.status),
            state => reg.state.as_str(),
            state_label => state_label(reg.state),
            position,
            meeting_url,
            door_code,
            door_qr,
            offer_expires_text => reg.offer_expires_at.and_then(|t| Timestamp::from_second(t).ok()).map(|t| i18n::dates::datetime(i18n::lang(), t)),
            can_cancel => crate::domain::registration::apply(reg.state, crate::domain::registration::Action::Cancel).is_ok(),
            // E1: a confirmed participant of a garagethon or hackathon uses the board.
            has_board => crate::web::public::board::has_board(&event) && matches!(reg.state, State::Confirmed | State::Attended),
            retention_days => settings.map(|s| s.retention_days),
            answers => question::labelled(&questions, &question::answers_from_json(&reg.answers)),
            can_edit => !reg.state.is_closed(),
            edit_name => edit.as_ref().map_or(reg.name.clone(), |e| e.form.name.clone()),
            edit_organisation => edit.as_ref().map_or(reg.organisation.clone(), |e| e.form.organisation.clone()),
            edit_errors => edit.as_ref().map(|e| &e.errors),
            edit_questions => question_views(&questions, &edit.as_ref().map_or_else(|| question::answers_from_json(&reg.answers), |e| e.form.answers.clone()), edit.as_ref().map_or(&FieldErrors::default(), |e| &e.errors)),
            has_survey => reg.state.holds_place() && !question_store::list(&app.db, event.id, Form::Survey).await?.is_empty(),
            notice,
            csrf => &pre.csrf,
        },
    )?;
    // A private page must not be cached by shared caches nor leak through the Referer.
    let res = (
        [
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
        ],
        (status, Html(html)),
    )
        .into_response();
    Ok(pre.with_cookie(app, res))
}

/// B4: the participant corrects their name, organisation and answers.
pub async fn edit(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let reg = registration_of(&app, &pre, &token).await?;
    let form = RegistrationForm::from_pairs(pairs)?;
    let questions = question_store::list(&app.db, reg.event_id, Form::Registration).await?;
    let mut errors = FieldErrors::default();
    let name = text(&form.name, "name", &i18n::t("label-name"), 200, true, &mut errors);
    let organisation =
        text(&form.organisation, "organisation", &i18n::t("label-organisation"), 200, false, &mut errors);
    let answers = checked_answers(&questions, &form.answers, &mut errors);
    match (name, answers) {
        (Some(name), Some(answers)) if errors.is_empty() => {
            reg_store::update_details(
                &app.db,
                &token,
                &name,
                &organisation.unwrap_or_default(),
                &question::answers_to_json(&answers),
                Timestamp::now(),
            )
            .await?;
            Ok(Redirect::to(&format!("/inscription/{token}?fait=modifiee")).into_response())
        }
        _ => {
            render_private(
                &app,
                &pre,
                token,
                None,
                Some(DetailsEdit { form: &form, errors }),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The registration a private link opens; for a link that opens nothing (revoked, erased,
/// mistyped), the page that explains it and offers to mail the current link (B4).
async fn registration_of(app: &App, pre: &PreSession, token: &str) -> Result<Registration, WebError> {
    reg_store::find_by_token(&app.db, token)
        .await?
        .ok_or_else(|| WebError::LinkGone { csrf: pre.csrf.clone(), new_cookie: pre.is_new })
}

/// The event a private link belongs to; the dead-link page for a link that opens nothing.
async fn event_of(app: &App, pre: &PreSession, token: &str) -> Result<Event, WebError> {
    let reg = registration_of(app, pre, token).await?;
    store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)
}

/// After an action: wake the mail worker, refresh the page cache, show the private page.
async fn done(app: &App, token: &str, what: &str) -> Result<Response, WebError> {
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/inscription/{token}?fait={what}")).into_response())
}

pub async fn confirm(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let reg = registration_of(&app, &pre, &token).await?;
    let prepared = app.form_contexts.by_id(&app, reg.event_id).await?.ok_or(WebError::NotFound)?;
    reg_store::confirm_email(&app.db, &prepared.context.event, &prepared.letters, &token, Timestamp::now()).await?;
    done(&app, &token, "confirmee").await
}

pub async fn accept(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let event = event_of(&app, &pre, &token).await?;
    let letters = contexts::letters(&app, &event).await?;
    reg_store::accept_offer(&app.db, &letters, &event, &token, Timestamp::now()).await?;
    done(&app, &token, "acceptee").await
}

pub async fn decline(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let event = event_of(&app, &pre, &token).await?;
    let letters = contexts::letters(&app, &event).await?;
    reg_store::decline_offer(&app.db, &letters, &event, &token, Timestamp::now()).await?;
    done(&app, &token, "refusee").await
}

/// The form of an irreversible action on the private page: `confirme=oui` once confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirmation {
    confirme: String,
}

/// An irreversible action of the private page, asked for on a confirmation page first.
#[derive(Debug, Clone, Copy)]
enum Irreversible {
    Cancel,
    Erase,
}

impl Irreversible {
    /// The route under `/inscription/{token}/`, and the catalogue ids of the page's heading,
    /// of what will happen, and of the button that does it.
    fn wording(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Irreversible::Cancel => {
                ("annuler", "confirm-cancel-heading", "confirm-cancel-question", "confirm-cancel-button")
            }
            Irreversible::Erase => {
                ("effacer", "confirm-erase-heading", "confirm-erase-question", "confirm-erase-button")
            }
        }
    }
}

/// The page that asks before an irreversible action (issue 19): what will happen, and a form
/// posting `confirme=oui` to the action's route. It changes nothing.
async fn confirm_page(
    app: &App,
    pre: &PreSession,
    event: &Event,
    token: &str,
    action: Irreversible,
) -> Result<Response, WebError> {
    let (path, heading, question, confirm) = action.wording();
    let (heading, question, confirm) = (i18n::t(heading), i18n::t(question), i18n::t(confirm));
    let html = app.render(
        "participant/confirm.html",
        context! {
            page_title => &heading, section => "events", event => views::card(event), token,
            heading => &heading, question, confirm, action => format!("/inscription/{token}/{path}"), csrf => &pre.csrf,
        },
    )?;
    let res = (
        [
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response();
    Ok(pre.with_cookie(app, res))
}

/// B4: cancels the registration, after a confirmation page; a freed place goes to the next
/// person in line.
pub async fn cancel(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<Confirmation>,
) -> Result<Response, WebError> {
    let event = event_of(&app, &pre, &token).await?;
    if form.confirme != "oui" {
        return confirm_page(&app, &pre, &event, &token, Irreversible::Cancel).await;
    }
    let letters = contexts::letters(&app, &event).await?;
    reg_store::cancel(&app.db, &letters, &event, &token, Timestamp::now()).await?;
    done(&app, &token, "annulee").await
}

/// B7: everything kept about this registration, as a JSON download.
pub async fn export_data(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let reg = registration_of(&app, &pre, &token).await?;
    let event = store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?;
    let data = reg_store::personal::export(&app.db, &event, reg.id).await?;
    let mut res = crate::web::organiser::registration::personal_download(&data, reg.id);
    res.headers_mut().insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
    Ok(res)
}

/// B7: the participant erases their registration and its data, after a confirmation page.
pub async fn erase(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<Confirmation>,
) -> Result<Response, WebError> {
    let reg = registration_of(&app, &pre, &token).await?;
    let event = store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?;
    if form.confirme != "oui" {
        return confirm_page(&app, &pre, &event, &token, Irreversible::Erase).await;
    }
    let letters = contexts::letters(&app, &event).await?;
    reg_store::personal::erase_own(&app.db, &letters, &event, reg.id, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    let html = app.render(
        "participant/erased.html",
        context! { page_title => i18n::t("erased-title"), section => "events", event => views::card(&event) },
    )?;
    Ok(([(axum::http::header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}

async fn render_survey(
    app: &App,
    pre: &PreSession,
    token: &str,
    answers: &BTreeMap<i64, Vec<String>>,
    errors: &FieldErrors,
    saved: bool,
    status: StatusCode,
) -> Result<Response, WebError> {
    let reg = registration_of(app, pre, token).await?;
    let event = store::event::find_by_id(&app.db, reg.event_id).await?.ok_or(WebError::NotFound)?;
    let questions = question_store::list(&app.db, event.id, Form::Survey).await?;
    if questions.is_empty() {
        return Err(WebError::NotFound);
    }
    let html = app.render(
        "participant/survey.html",
        context! {
            page_title => i18n::t_args("survey-page-title", &[("title", event.draft.title.as_str().into())]),
            section => "events",
            event => views::card(&event),
            token,
            questions => question_views(&questions, answers, errors),
            has_errors => !errors.is_empty(),
            saved,
            csrf => &pre.csrf,
        },
    )?;
    let res = (
        [
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
        ],
        (status, Html(html)),
    )
        .into_response();
    Ok(pre.with_cookie(app, res))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SurveyQuery {
    fait: String,
}

/// B5: the follow-up survey, with the answers already given.
pub async fn survey(
    AxState(app): AxState<App>,
    pre: PreSession,
    Path(token): Path<String>,
    Query(q): Query<SurveyQuery>,
) -> Result<Response, WebError> {
    let reg = registration_of(&app, &pre, &token).await?;
    let given = reg_store::survey::answers(&app.db, reg.id).await?.unwrap_or_default();
    render_survey(&app, &pre, &token, &given, &FieldErrors::default(), q.fait == "enregistre", StatusCode::OK).await
}

pub async fn answer_survey(
    AxState(app): AxState<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(token): Path<String>,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let reg = registration_of(&app, &pre, &token).await?;
    if !(reg.state.holds_place()) {
        return Err(WebError::Store(StoreError::from(crate::domain::registration::Refusal::NotAllowed)));
    }
    let raw = RegistrationForm::from_pairs(pairs)?.answers;
    let questions = question_store::list(&app.db, reg.event_id, Form::Survey).await?;
    let mut errors = FieldErrors::default();
    match checked_answers(&questions, &raw, &mut errors) {
        Some(answers) => {
            reg_store::survey::answer(&app.db, reg.id, &answers, Timestamp::now()).await?;
            Ok(Redirect::to(&format!("/inscription/{token}/questionnaire?fait=enregistre")).into_response())
        }
        None => render_survey(&app, &pre, &token, &raw, &errors, false, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

#[cfg(test)]
mod tests;
