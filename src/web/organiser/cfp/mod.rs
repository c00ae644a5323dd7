//! C1 C3 C4: the call for talks in the organiser space: settings, decisions, the outbox of
//! decision mails announced in one batch and their wording, messages to accepted speakers,
//! and the accepted talks handed to the programme draft. The review is in `review`.

pub(crate) mod review;

pub use review::{export, export_ods, list, proposal, score};

use super::auth::Organiser;
use super::mail_templates::default_wording;
use crate::domain::cfp::{self as rules, Decision, Refusal, Window};
use crate::domain::cfp::{CallSettings, DECISION_KINDS};
use crate::domain::event::EventId;
use crate::domain::event::{paris, to_instant};
use crate::domain::message::Wording;
use crate::mail::{self, cfp::CallMail};
use crate::store::cfp as cfp_store;
use crate::store::{self, StoreError, mail_template};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::participant::MAX_QUESTIONS;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use minijinja::context;
use serde::{Deserialize, Serialize};

/// A refusal of the call shown as a bad request (400), as these forms always were.
fn bad(refusal: Refusal) -> WebError {
    WebError::BadRequest(refusal.to_string())
}

fn base(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/appel")
}

/// The settings as the form posts them.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    opens: String,
    closes: String,
    decisions_by: String,
    programme_by: String,
    intro: String,
    formats: String,
    questions: String,
    criteria: String,
    anonymous: Option<String>,
    show_accepted: Option<String>,
}

fn local(t: Timestamp) -> String {
    t.to_zoned(paris()).datetime().strftime("%Y-%m-%dT%H:%M").to_string()
}

impl SettingsForm {
    fn from_settings(s: Option<&CallSettings>) -> SettingsForm {
        match s {
            None => SettingsForm {
                formats: "Intervention courte | 5 | 20\nÉclair | 5".into(),
                criteria: "Intérêt pour le public\nClarté de la proposition".into(),
                ..Default::default()
            },
            Some(s) => SettingsForm {
                opens: local(s.window.opens_at),
                closes: local(s.window.closes_at),
                decisions_by: s.decisions_by.map(|d| d.to_string()).unwrap_or_default(),
                programme_by: s.programme_by.map(|d| d.to_string()).unwrap_or_default(),
                intro: s.intro.clone(),
                formats: s
                    .formats
                    .iter()
                    .map(|f| format!("{} | {} | {}", f.name, f.min_minutes, f.max_minutes))
                    .collect::<Vec<_>>()
                    .join("\n"),
                questions: s.questions.join("\n"),
                criteria: s.criteria.join("\n"),
                anonymous: s.anonymous.then(|| "oui".into()),
                show_accepted: s.show_accepted.then(|| "oui".into()),
            },
        }
    }

    fn parse(&self, current: Option<&CallSettings>) -> Result<CallSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let datetime = |raw: &str, field: &'static str, errors: &mut FieldErrors| -> Option<DateTime> {
            match raw.trim() {
                "" => {
                    errors.add(field, Refusal::MissingDateTime.to_string());
                    None
                }
                v => v.parse::<DateTime>().ok().or_else(|| {
                    errors.add(field, Refusal::BadDateTime.to_string());
                    None
                }),
            }
        };
        let date = |raw: &str, field: &'static str, errors: &mut FieldErrors| -> Option<Date> {
            match raw.trim() {
                "" => None,
                v => v.parse::<Date>().ok().or_else(|| {
                    errors.add(field, Refusal::BadDate.to_string());
                    None
                }),
            }
        };
        let opens = datetime(&self.opens, "opens", &mut errors);
        let closes = datetime(&self.closes, "closes", &mut errors);
        if let (Some(o), Some(c)) = (opens, closes)
            && to_instant(c) <= to_instant(o)
        {
            errors.add("closes", Refusal::ClosesBeforeOpens.to_string());
        }
        let decisions_by = date(&self.decisions_by, "decisions_by", &mut errors);
        let programme_by = date(&self.programme_by, "programme_by", &mut errors);
        let intro =
            text(&self.intro, "intro", "Le texte d'introduction", 10_000, false, &mut errors).unwrap_or_default();
        let mut formats = Vec::new();
        for line in self.formats.lines().filter(|l| !l.trim().is_empty()) {
            match rules::parse_format_line(line) {
                Ok(f) if formats.iter().any(|g: &rules::Format| g.name == f.name) => {
                    errors.add("formats", Refusal::DuplicateFormat(f.name).to_string())
                }
                Ok(f) => formats.push(f),
                Err(e) => errors.add("formats", e.to_string()),
            }
        }
        if formats.is_empty() {
            errors.add("formats", Refusal::NoFormat.to_string());
        }
        let lines = |raw: &str| -> Vec<String> {
            raw.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
        };
        let questions = lines(&self.questions);
        if questions.len() > MAX_QUESTIONS || questions.iter().any(|q| q.chars().count() > 300) {
            errors.add("questions", Refusal::TooManyQuestions(MAX_QUESTIONS).to_string());
        }
        let criteria = lines(&self.criteria);
        if criteria.len() > 10 || criteria.iter().any(|q| q.chars().count() > 100) {
            errors.add("criteria", Refusal::TooManyCriteria.to_string());
        }
        match (opens, closes) {
            (Some(o), Some(c)) if errors.is_empty() => Ok(CallSettings {
                window: Window::from_paris(o, c),
                decisions_by,
                programme_by,
                intro,
                formats,
                questions,
                criteria,
                anonymous: self.anonymous.is_some(),
                show_accepted: self.show_accepted.is_some(),
                announced_at: current.and_then(|c| c.announced_at),
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    fait: String,
}

#[derive(Serialize)]
struct OutboxRow {
    to: String,
    subject: String,
    body: String,
}

#[derive(Serialize)]
struct TemplateView {
    kind: &'static str,
    label: &'static str,
    subject: String,
    body: String,
    custom: bool,
}

async fn settings_page(
    app: &App,
    org: &Organiser,
    form: &SettingsForm,
    errors: &FieldErrors,
    done: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let outbox: Vec<OutboxRow> = cfp_store::decisions::outbox(&app.db, &org.right)
        .await?
        .into_iter()
        .map(|m| OutboxRow { to: m.to, subject: m.subject, body: m.body_text })
        .collect();
    let mut templates = Vec::new();
    for (kind, label) in DECISION_KINDS.iter().zip(["Acceptation", "Refus", "Liste d’attente"]) {
        let custom = mail_template::find(&app.db, event.id, kind).await?;
        let shown = custom.clone().unwrap_or_else(|| default_wording(app, kind));
        templates.push(TemplateView {
            kind,
            label,
            subject: shown.subject,
            body: shown.body,
            custom: custom.is_some(),
        });
    }
    let now = Timestamp::now();
    let decided = proposals.iter().filter(|p| !p.withdrawn && p.decision.is_some()).count();
    let html = app.render(
        "organiser/cfp.html",
        context! {
            page_title => format!("Appel à interventions : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title, slug => event.draft.slug.as_str(),
            exists => settings.is_some(),
            announced => settings.as_ref().and_then(|s| s.announced_at).map(rules::datetime_fr),
            announced_now => settings.as_ref().is_some_and(|s| s.announced(now)),
            open => settings.as_ref().is_some_and(|s| s.window.is_open(now)),
            count => proposals.iter().filter(|p| !p.withdrawn).count(),
            decided,
            outbox, templates,
            send_at => local(now),
            form, errors, has_errors => !errors.is_empty(), done,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The organisers' page of the call: settings, decisions' outbox and announcement, templates.
pub async fn show(State(app): State<App>, org: Organiser, Query(done): Query<Done>) -> Result<Response, WebError> {
    let current = cfp_store::find_settings(&app.db, org.right.event_id()).await?;
    settings_page(
        &app,
        &org,
        &SettingsForm::from_settings(current.as_ref()),
        &FieldErrors::default(),
        &done.fait,
        StatusCode::OK,
    )
    .await
}

pub async fn configure(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<SettingsForm>,
) -> Result<Response, WebError> {
    let current = cfp_store::find_settings(&app.db, org.right.event_id()).await?;
    let settings = match form.parse(current.as_ref()) {
        Ok(s) => s,
        Err(errors) => return settings_page(&app, &org, &form, &errors, "", StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    cfp_store::settings::save_settings(&app.db, &org.right, &settings, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=reglages", base(org.right.event_id()))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    proposal: String,
    decision: String,
}

pub async fn decide(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<DecideForm>,
) -> Result<Response, WebError> {
    let id: i64 = form.proposal.trim().parse().map_err(|_| bad(Refusal::NoProposalNumber))?;
    let decision = match form.decision.as_str() {
        "" => None,
        d => Some(Decision::parse(d).ok_or_else(|| bad(Refusal::NoDecision))?),
    };
    cfp_store::decisions::decide(&app.db, &org.right, id, decision, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}/proposition?n={id}&fait=decision", base(org.right.event_id()))).into_response())
}

/// Prepares the decision mails into the outbox, for the organisers to read before announcing.
pub async fn prepare(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?.ok_or(StoreError::from(Refusal::NoCall))?;
    let proposals = cfp_store::list(&app.db, event.id).await?;
    let wordings = mail_template::list(&app.db, event.id).await?;
    let mail = CallMail {
        composer: &app.composer,
        base_url: app.config.base_url(),
        event: &event,
        settings: &settings,
        wordings: &wordings,
    };
    let drafts = mail.decisions(&proposals)?;
    cfp_store::decisions::prepare_decisions(&app.db, &org.right, &drafts, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}?fait=courriels#courriers", base(event.id))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnnounceForm {
    send_at: String,
}

/// Announces every decision at once; the mails leave at the chosen time through the queue.
pub async fn announce(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<AnnounceForm>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let at = match form.send_at.trim() {
        "" => now,
        v => to_instant(v.parse::<DateTime>().map_err(|_| bad(Refusal::BadSendTime))?),
    };
    cfp_store::decisions::announce(&app.db, &org.right, at, now).await?;
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=annonce", base(org.right.event_id()))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TemplateForm {
    kind: String,
    subject: String,
    body: String,
}

pub async fn template(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<TemplateForm>,
) -> Result<Response, WebError> {
    if !DECISION_KINDS.contains(&form.kind.as_str()) {
        return Err(bad(Refusal::UnknownTemplate));
    }
    let mut errors = FieldErrors::default();
    let subject = text(&form.subject, "subject", "L'objet", 200, true, &mut errors);
    let body = text(&form.body, "body", "Le texte", 20_000, true, &mut errors);
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(bad(Refusal::TemplateRequired));
    };
    let o = Wording { subject, body };
    // A template that does not render is refused now, not when the batch is prepared.
    if let Err(e) = app.composer.preview(&o, minijinja::context! {}) {
        return Err(bad(Refusal::TemplateUnreadable(e.kind().to_string())));
    }
    mail_template::save(&app.db, &org.right, &form.kind, &o, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}?fait=modele#modeles", base(org.right.event_id()))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessageForm {
    subject: String,
    body: String,
    /// "oui" once the organiser read the preview (issue 19).
    confirme: String,
}

/// Writes to every accepted speaker at once, after a page that shows the message as it will
/// be sent and to how many people (issue 19): without `confirme=oui` nothing is sent.
pub async fn message(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<MessageForm>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::default();
    let subject = text(&form.subject, "subject", "L'objet", 200, true, &mut errors);
    let body = text(&form.body, "body", "Le texte", 20_000, true, &mut errors);
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(bad(Refusal::MessageRequired));
    };
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    // The organisers' text is sent as written, never evaluated as a template.
    let wording = Wording { subject, body };
    let composed = mail::cfp::speaker_message(&app.composer, app.config.base_url(), &event, &wording)?;
    if form.confirme != "oui" {
        let count = cfp_store::decisions::accepted_recipient_count(&app.db, &org.right).await?;
        let html = app.render(
            "organiser/cfp_message.html",
            minijinja::context! {
                page_title => "Écrire aux intervenants retenus", section => "organiser", csrf => &org.user.csrf,
                event_id => event.id, title => &event.draft.title, count,
                subject => &wording.subject, body => &wording.body,
                preview => minijinja::context! {
                    subject => &composed.subject,
                    html => minijinja::Value::from_safe_string(composed.html_body().to_owned()),
                },
            },
        )?;
        return Ok(Html(html).into_response());
    }
    cfp_store::decisions::message_accepted(&app.db, &org.right, &wording, &composed, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("{}?fait=message", base(event.id))).into_response())
}

/// Adds the accepted, confirmed talks not yet placed to the programme draft (C4).
pub async fn to_programme(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    cfp_store::programme::add_to_programme(&app.db, &org.right, &event, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/organisation/evenements/{}/programme?fait=programme-ajoutes", event.id)).into_response())
}

#[cfg(test)]
mod tests;
