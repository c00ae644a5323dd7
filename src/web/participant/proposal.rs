//! C1 C2 C3 C4: the public call page with its proposal form, the proposer's private pages
//! (list, edit, withdraw, confirm after acceptance), the co-speaker's confirmation page, and
//! the public list of accepted talks.

use crate::domain::cfp::{self as rules, PublicState, SpeakerAnswer};
use crate::domain::cfp::{CallSettings, Proposal, ProposalInput, SpeakerInput};
use crate::domain::event::{Event, parse_email};
use crate::domain::message::Wording;
use crate::domain::refusal::Refusal;
use crate::i18n;
use crate::mail::cfp::CallMail;
use crate::store::cfp as cfp_store;
use crate::store::oidc::Prefill;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::csrf::PreSession;
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm, text};
use crate::web::limit::ClientIp;
use crate::web::views;
use crate::web::views::call_refusal_text;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form as posted, by field name: every field is optional so that a partial post is
/// shown again with its messages instead of failing.
pub type ProposalForm = BTreeMap<String, String>;

/// Field names of the speakers: the proposer first, then up to three co-speakers.
const SPEAKER_FIELDS: [[&str; 5]; 4] = [
    ["s0_name", "s0_email", "s0_organisation", "s0_bio", "s0_consent"],
    ["s1_name", "s1_email", "s1_organisation", "s1_bio", "s1_consent"],
    ["s2_name", "s2_email", "s2_organisation", "s2_bio", "s2_consent"],
    ["s3_name", "s3_email", "s3_organisation", "s3_bio", "s3_consent"],
];
/// Field names of the answers to the call's own questions (at most ten questions).
const ANSWER_FIELDS: [&str; 10] = [
    "answer_0", "answer_1", "answer_2", "answer_3", "answer_4", "answer_5", "answer_6", "answer_7", "answer_8",
    "answer_9",
];
/// The most questions a call asks.
pub const MAX_QUESTIONS: usize = ANSWER_FIELDS.len();

fn email_field(raw: &str, field: &'static str, required: bool, errors: &mut FieldErrors) -> Option<String> {
    if raw.trim().is_empty() {
        if required {
            errors.add(field, i18n::t("form-email-required"));
        }
        return None;
    }
    match parse_email(raw) {
        Ok(e) if e.chars().count() <= 254 => Some(e),
        _ => {
            errors.add(field, i18n::t("form-email-invalid"));
            None
        }
    }
}

/// Checks every field and returns the proposal, or the French message of each bad field.
/// The window and the format's duration range are checked by the store, in its transaction.
pub fn parse(form: &ProposalForm, settings: &CallSettings) -> Result<ProposalInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let label = |id: &str| i18n::t(id);
    let title = text(get("title"), "title", &label("label-title"), 200, true, &mut errors);
    let summary = text(get("summary"), "summary", &label("label-summary"), 5000, true, &mut errors);
    let administration =
        text(get("administration"), "administration", &label("label-administration"), 200, true, &mut errors);
    let subject = text(get("subject"), "subject", &label("label-subject"), 300, true, &mut errors);
    let audience = text(get("audience"), "audience", &label("label-audience"), 300, true, &mut errors);
    let notes = text(get("notes"), "notes", &label("label-notes"), 3000, false, &mut errors);
    let format = get("format").trim().to_owned();
    let fmt = settings.formats.iter().find(|f| f.name == format);
    if fmt.is_none() {
        errors.add("format", call_refusal_text(&rules::Refusal::UnknownFormat));
    }
    let minutes = match get("minutes").trim().parse::<u32>() {
        Ok(m) => match fmt {
            Some(f) if m < f.min_minutes || m > f.max_minutes => {
                errors.add(
                    "minutes",
                    call_refusal_text(&rules::Refusal::DurationOutOfRange {
                        format: f.name.clone(),
                        min: f.min_minutes,
                        max: f.max_minutes,
                    }),
                );
                None
            }
            _ => Some(m),
        },
        Err(_) if get("minutes").trim().is_empty() => {
            errors.add("minutes", call_refusal_text(&rules::Refusal::MissingDuration));
            None
        }
        Err(_) => {
            errors.add("minutes", call_refusal_text(&rules::Refusal::DurationNotANumber));
            None
        }
    };
    let mut answers = Vec::new();
    for (i, _) in settings.questions.iter().enumerate().take(MAX_QUESTIONS) {
        answers.push(
            text(get(ANSWER_FIELDS[i]), ANSWER_FIELDS[i], &label("label-answer"), 3000, false, &mut errors)
                .unwrap_or_default(),
        );
    }
    let mut speakers = Vec::new();
    let mut seen = Vec::new();
    for (i, [n, e, o, b, c]) in SPEAKER_FIELDS.iter().enumerate() {
        let filled = [n, e, o, b].iter().any(|k| !get(k).trim().is_empty());
        if i > 0 && !filled {
            continue;
        }
        let name = text(get(n), n, &label("label-name"), 200, true, &mut errors);
        let email = email_field(get(e), e, true, &mut errors);
        let organisation = text(get(o), o, &label("label-organisation"), 200, false, &mut errors);
        let bio = text(get(b), b, &label("label-bio"), 1500, false, &mut errors);
        if let Some(addr) = &email {
            let lower = addr.to_lowercase();
            if seen.contains(&lower) {
                errors.add(*e, call_refusal_text(&rules::Refusal::DuplicateSpeaker));
            }
            seen.push(lower);
        }
        if let (Some(name), Some(email)) = (name, email) {
            speakers.push(SpeakerInput {
                name,
                email,
                organisation: organisation.unwrap_or_default(),
                bio: bio.unwrap_or_default(),
                consent_publish: !get(c).is_empty(),
            });
        }
    }
    match (title, summary, administration, subject, audience, minutes) {
        (Some(title), Some(summary), Some(administration), Some(subject), Some(audience), Some(minutes))
            if errors.is_empty() =>
        {
            Ok(ProposalInput {
                title,
                summary,
                administration,
                subject,
                audience,
                format,
                minutes,
                notes: notes.unwrap_or_default(),
                answers,
                speakers,
                lang: crate::i18n::lang(),
                siret: String::new(),
            })
        }
        _ => Err(errors),
    }
}

/// The form's values for a stored proposal (to edit it).
fn form_of(p: &Proposal) -> ProposalForm {
    let mut f = ProposalForm::new();
    for (k, v) in [
        ("title", &p.title),
        ("summary", &p.summary),
        ("administration", &p.administration),
        ("subject", &p.subject),
        ("audience", &p.audience),
        ("format", &p.format),
        ("notes", &p.notes),
    ] {
        f.insert(k.into(), v.clone());
    }
    f.insert("minutes".into(), p.minutes.to_string());
    for (i, a) in p.answers.iter().enumerate().take(MAX_QUESTIONS) {
        f.insert(ANSWER_FIELDS[i].into(), a.clone());
    }
    for (s, [n, e, o, b, c]) in p.speakers.iter().zip(SPEAKER_FIELDS.iter()) {
        f.insert((*n).into(), s.name.clone());
        f.insert((*e).into(), s.email.clone());
        f.insert((*o).into(), s.organisation.clone());
        f.insert((*b).into(), s.bio.clone());
        if s.consent_publish {
            f.insert((*c).into(), "oui".into());
        }
    }
    f
}

#[derive(Serialize)]
struct FormatView {
    name: String,
    range: String,
    min: u32,
    max: u32,
}

#[derive(Serialize)]
struct CallView {
    opens_text: String,
    closes_text: String,
    decisions_by: Option<String>,
    programme_by: Option<String>,
    intro_html: String,
    formats: Vec<FormatView>,
    questions: Vec<(String, &'static str)>,
    /// Why proposals are not taken now, or `None` while open.
    closed: Option<String>,
}

/// H2: the state a proposer sees, in the reader's language.
fn state_label(s: PublicState) -> String {
    let id = match s {
        PublicState::Submitted => "proposal-state-submitted",
        PublicState::Withdrawn => "proposal-state-withdrawn",
        PublicState::Accepted => "proposal-state-accepted",
        PublicState::Declined => "proposal-state-declined",
        PublicState::Waitlisted => "proposal-state-waitlisted",
        PublicState::Confirmed => "proposal-state-confirmed",
        PublicState::Cancelled => "proposal-state-cancelled",
    };
    i18n::t(id)
}

/// "5 à 20 minutes" / "5 to 20 minutes", or one value.
fn format_range(f: &crate::domain::cfp::Format) -> String {
    let (min, max) = (f.min_minutes, f.max_minutes);
    match min == max {
        true => i18n::t_args("call-minutes", &[("min", min.into())]),
        false => i18n::t_args("call-minutes-range", &[("min", min.into()), ("max", max.into())]),
    }
}

fn call_view(s: &CallSettings, now: Timestamp) -> CallView {
    CallView {
        opens_text: i18n::dates::datetime(i18n::lang(), s.window.opens_at),
        closes_text: i18n::dates::datetime(i18n::lang(), s.window.closes_at),
        decisions_by: s.decisions_by.map(|d| i18n::dates::long_date(i18n::lang(), d)),
        programme_by: s.programme_by.map(|d| i18n::dates::long_date(i18n::lang(), d)),
        intro_html: crate::markdown::to_safe_html(&s.intro),
        formats: s
            .formats
            .iter()
            .map(|f| FormatView {
                name: f.name.clone(),
                range: format_range(f),
                min: f.min_minutes,
                max: f.max_minutes,
            })
            .collect(),
        questions: s
            .questions
            .iter()
            .take(MAX_QUESTIONS)
            .enumerate()
            .map(|(i, q)| (q.clone(), ANSWER_FIELDS[i]))
            .collect(),
        closed: s.window.check(now).err().map(|r| call_refusal_text(&r)),
    }
}

/// What the call's mails are written from, for this event.
fn call_mail<'a>(
    app: &'a App,
    event: &'a Event,
    settings: &'a CallSettings,
    wordings: &'a [(String, Wording)],
) -> CallMail<'a> {
    CallMail { composer: &app.composer, base_url: app.config.base_url(), event, settings, wordings }
}

async fn event_and_call(app: &App, slug: &str) -> Result<(Event, CallSettings), WebError> {
    let event = store::event::get_published(&app.db, slug).await?;
    let settings = cfp_store::find_settings(&app.db, event.id).await?.ok_or(WebError::NotFound)?;
    Ok((event, settings))
}

#[allow(clippy::too_many_arguments)]
fn render_call(
    app: &App,
    pre: &PreSession,
    event: &Event,
    s: &CallSettings,
    form: &ProposalForm,
    errors: &FieldErrors,
    status: StatusCode,
    prefill: Option<&Prefill>,
) -> Result<Response, WebError> {
    let html = app.render(
        "participant/call.html",
        context! {
            page_title => i18n::t_args("call-page-title", &[("title", event.draft.title.as_str().into())]),
            section => "events",
            event => views::card(event),
            call => call_view(s, Timestamp::now()),
            action => format!("/evenements/{}/appel", event.draft.slug.as_str()),
            values => form,
            errors,
            has_errors => !errors.is_empty(),
            editing => false,
            csrf => &pre.csrf,
            proconnect => app.oidc.is_some(),
            prefill => prefill.map(|p| context! { siret => &p.siret, email => &p.email }),
        },
    )?;
    Ok(pre.with_cookie(app, (status, Html(html)).into_response()))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallQuery {
    /// I1: back from ProConnect: the first speaker is filled with what it vouched for.
    proconnect: Option<String>,
}

/// The call page: what is asked, until when, and the form while the call is open.
pub async fn call(
    State(app): State<App>,
    pre: PreSession,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Query(q): Query<CallQuery>,
) -> Result<Response, WebError> {
    let (event, s) = event_and_call(&app, &slug).await?;
    let mut form = ProposalForm::new();
    if let Some(f) = s.formats.first() {
        form.insert("format".into(), f.name.clone());
    }
    let prefill = match q.proconnect {
        Some(_) => crate::web::oidc::prefill_of(&app, &headers).await?,
        None => None,
    };
    if let Some(p) = &prefill {
        form.insert("s0_name".into(), p.name.clone());
        form.insert("s0_email".into(), p.email.clone());
    }
    render_call(&app, &pre, &event, &s, &form, &FieldErrors::default(), StatusCode::OK, prefill.as_ref())
}

/// Sends a proposal: checked, stored with its receipt and co-speaker invitations queued.
pub async fn submit(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path(slug): Path<String>,
    headers: HeaderMap,
    FrenchForm(form): FrenchForm<ProposalForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let (event, s) = event_and_call(&app, &slug).await?;
    // I1: what ProConnect vouched for in this browser counts for the address it gave only.
    let first = form.get("s0_email").map(|e| e.trim().to_lowercase()).unwrap_or_default();
    let prefill = crate::web::oidc::prefill_of(&app, &headers).await?.filter(|p| p.email == first);
    let mut input = match parse(&form, &s) {
        Ok(i) => i,
        Err(errors) => {
            return render_call(
                &app,
                &pre,
                &event,
                &s,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                prefill.as_ref(),
            );
        }
    };
    if let Some(p) = &prefill {
        input.siret = p.siret.clone();
    }
    let wordings = store::mail_template::list(&app.db, event.id).await?;
    let mail = call_mail(&app, &event, &s, &wordings);
    let (receipt, invitations) = (mail.receipt(&input)?, mail.invitations(&input)?);
    match cfp_store::proposals::submit(&app.db, event.id, &input, &receipt, &invitations, Timestamp::now()).await {
        Ok(_) => {}
        Err(StoreError::Refused(Refusal::Call(r))) => {
            let mut errors = FieldErrors::default();
            errors.add("form", call_refusal_text(&r));
            return render_call(
                &app,
                &pre,
                &event,
                &s,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
                prefill.as_ref(),
            );
        }
        Err(e) => return Err(e.into()),
    }
    app.mail_wake.notify_one();
    let mut res = Redirect::to(&format!("/evenements/{slug}/appel/envoyee")).into_response();
    if prefill.is_some() {
        res.headers_mut().append(header::SET_COOKIE, crate::web::oidc::forget_prefill(&app));
    }
    Ok(res)
}

pub async fn sent(State(app): State<App>, Path(slug): Path<String>) -> Result<Html<String>, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let html = app.render(
        "participant/proposal_sent.html",
        context! { page_title => i18n::t("proposal-sent-title"), section => "events", event => views::card(&event) },
    )?;
    Ok(Html(html))
}

/// A private page must not be cached by shared caches nor leak through the Referer.
fn private(html: String) -> Response {
    ([(header::CACHE_CONTROL, "private, no-store"), (header::REFERRER_POLICY, "no-referrer")], Html(html))
        .into_response()
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    event_title: String,
    event_url: String,
    state_label: String,
    url: String,
}

/// The proposer's private page: every proposal sent from their address.
pub async fn mine(State(app): State<App>, Path(token): Path<String>) -> Result<Response, WebError> {
    let email = cfp_store::proposals::proposer_email(&app.db, &token).await?.ok_or(WebError::NotFound)?;
    let now = Timestamp::now();
    let mut rows = Vec::new();
    for p in cfp_store::proposals::list_for_email(&app.db, &email).await? {
        let Some(event) = store::event::find_by_id(&app.db, p.event_id).await? else { continue };
        let announced = cfp_store::find_settings(&app.db, event.id).await?.is_some_and(|s| s.announced(now));
        rows.push(Row {
            id: p.id,
            title: p.title.clone(),
            event_title: event.draft.title.clone(),
            event_url: format!("/evenements/{}", event.draft.slug.as_str()),
            state_label: state_label(p.public_state(announced)),
            url: format!("/propositions/{token}/{}", p.id),
        });
    }
    let html = app.render(
        "participant/proposals.html",
        context! { page_title => "Mes propositions", section => "events", rows, email },
    )?;
    Ok(private(html))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    fait: String,
    erreur: String,
}

#[allow(clippy::too_many_arguments)]
async fn render_proposal(
    app: &App,
    pre: &PreSession,
    token: &str,
    p: &Proposal,
    form: &ProposalForm,
    errors: &FieldErrors,
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::find_by_id(&app.db, p.event_id).await?.ok_or(WebError::NotFound)?;
    let s = cfp_store::find_settings(&app.db, event.id).await?.ok_or(WebError::NotFound)?;
    let now = Timestamp::now();
    let state = p.public_state(s.announced(now));
    let editable = !p.withdrawn && s.window.is_open(now);
    let html = app.render(
        "participant/proposal.html",
        context! {
            page_title => i18n::t_args("proposal-page-title", &[("title", p.title.as_str().into())]),
            section => "events",
            event => views::card(&event),
            call => call_view(&s, now),
            action => format!("/propositions/{token}/{}", p.id),
            list_url => format!("/propositions/{token}"),
            values => form,
            errors,
            // A refused photo has its own message beside the photos, not the form's.
            has_errors => !errors.is_empty() && errors.get("photo").is_none(),
            editing => true,
            editable,
            can_answer => state == PublicState::Accepted,
            state_label => state_label(state),
            speakers => &p.speakers,
            photos => cfp_store::speakers::photos(&app.db, p.id).await?.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            photo_error => errors.get("photo"),
            notice,
            csrf => &pre.csrf,
        },
    )?;
    let mut res = private(html);
    *res.status_mut() = status;
    Ok(pre.with_cookie(app, res))
}

/// One proposal through its proposer's private link: its state, and the form while the call is open.
pub async fn show(
    State(app): State<App>,
    pre: PreSession,
    Path((token, id)): Path<(String, i64)>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let p = cfp_store::proposals::get_for_proposer(&app.db, &token, id).await?;
    let notice = match done.fait.as_str() {
        "modifiee" => Some(i18n::t("proposal-done-modifiee")),
        "retiree" => Some(i18n::t("proposal-done-retiree")),
        "confirmee" => Some(i18n::t("proposal-done-confirmee")),
        "declinee" => Some(i18n::t("proposal-done-declinee")),
        "photo" => Some(i18n::t("proposal-done-photo")),
        "photo-retiree" => Some(i18n::t("proposal-done-photo-retiree")),
        _ => None,
    };
    let mut errors = FieldErrors::default();
    let photo_error = match done.erreur.as_str() {
        e @ ("photo-taille" | "photo-vide" | "photo-format") => Some(i18n::t(&format!("proposal-error-{e}"))),
        _ => None,
    };
    if let Some(e) = photo_error {
        errors.add("photo", e);
    }
    render_proposal(&app, &pre, &token, &p, &form_of(&p), &errors, notice.as_deref(), StatusCode::OK).await
}

pub async fn update(
    State(app): State<App>,
    ClientIp(ip): ClientIp,
    pre: PreSession,
    Path((token, id)): Path<(String, i64)>,
    FrenchForm(form): FrenchForm<ProposalForm>,
) -> Result<Response, WebError> {
    app.limits.check_public_form(ip)?;
    let p = cfp_store::proposals::get_for_proposer(&app.db, &token, id).await?;
    let event = store::event::find_by_id(&app.db, p.event_id).await?.ok_or(WebError::NotFound)?;
    let s = cfp_store::find_settings(&app.db, event.id).await?.ok_or(WebError::NotFound)?;
    let input = match parse(&form, &s) {
        Ok(i) => i,
        Err(errors) => {
            return render_proposal(&app, &pre, &token, &p, &form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    let wordings = store::mail_template::list(&app.db, event.id).await?;
    let invitations = call_mail(&app, &event, &s, &wordings).invitations(&input)?;
    match cfp_store::proposals::update(&app.db, event.id, &token, id, &input, &invitations, Timestamp::now()).await {
        Ok(()) => {}
        Err(StoreError::Refused(Refusal::Call(r))) => {
            let mut errors = FieldErrors::default();
            errors.add("form", call_refusal_text(&r));
            return render_proposal(&app, &pre, &token, &p, &form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
        Err(e) => return Err(e.into()),
    }
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/propositions/{token}/{id}?fait=modifiee")).into_response())
}

pub async fn withdraw(State(app): State<App>, Path((token, id)): Path<(String, i64)>) -> Result<Response, WebError> {
    cfp_store::proposals::withdraw(&app.db, &token, id, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/propositions/{token}/{id}?fait=retiree")).into_response())
}

pub async fn confirm(State(app): State<App>, Path((token, id)): Path<(String, i64)>) -> Result<Response, WebError> {
    cfp_store::proposals::answer(&app.db, &token, id, SpeakerAnswer::Confirmed, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/propositions/{token}/{id}?fait=confirmee")).into_response())
}

pub async fn decline(State(app): State<App>, Path((token, id)): Path<(String, i64)>) -> Result<Response, WebError> {
    cfp_store::proposals::answer(&app.db, &token, id, SpeakerAnswer::Declined, Timestamp::now()).await?;
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/propositions/{token}/{id}?fait=declinee")).into_response())
}

/// The co-speaker's page: the proposal that names them, and their answer.
pub async fn cospeaker(
    State(app): State<App>,
    pre: PreSession,
    Path(token): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let (speaker, p) = cfp_store::proposals::find_cospeaker(&app.db, &token).await?.ok_or(WebError::NotFound)?;
    let event = store::event::find_by_id(&app.db, p.event_id).await?.ok_or(WebError::NotFound)?;
    let proposer = p.speakers.first().map(|s| s.name.clone()).unwrap_or_default();
    let html = app.render(
        "participant/cospeaker.html",
        context! {
            page_title => i18n::t_args("cospeaker-page-title", &[("title", p.title.as_str().into())]),
            section => "events",
            event => views::card(&event),
            title => &p.title,
            summary => &p.summary,
            format => &p.format,
            minutes => p.minutes,
            proposer,
            speaker,
            action => format!("/intervenant/{token}"),
            notice => match done.fait.as_str() { "confirmee" => Some(i18n::t("cospeaker-done-confirmee")), "declinee" => Some(i18n::t("cospeaker-done-declinee")), _ => None },
            csrf => &pre.csrf,
        },
    )?;
    Ok(pre.with_cookie(&app, private(html)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CospeakerForm {
    answer: String,
    consent: Option<String>,
}

pub async fn cospeaker_answer(
    State(app): State<App>,
    Path(token): Path<String>,
    FrenchForm(form): FrenchForm<CospeakerForm>,
) -> Result<Response, WebError> {
    let confirm = match form.answer.as_str() {
        "confirmer" => true,
        "decliner" => false,
        _ => return Err(WebError::BadRequest(rules::Refusal::NoCospeakerAnswer.to_string())),
    };
    cfp_store::proposals::confirm_cospeaker(&app.db, &token, confirm, form.consent.is_some(), Timestamp::now()).await?;
    app.refresh_content_version().await?;
    let what = if confirm { "confirmee" } else { "declinee" };
    Ok(Redirect::to(&format!("/intervenant/{token}?fait={what}")).into_response())
}

#[derive(Serialize)]
struct Talk {
    title: String,
    summary: String,
    format: String,
    minutes: u32,
    speakers: String,
}

/// The accepted talks, before the programme exists ("au fil de l'eau"), when organisers chose to show them.
pub async fn accepted(State(app): State<App>, Path(slug): Path<String>) -> Result<Response, WebError> {
    let event = store::event::get_published(&app.db, &slug).await?;
    let talks =
        cfp_store::programme::public_accepted(&app.db, event.id, Timestamp::now()).await?.ok_or(WebError::NotFound)?;
    let talks: Vec<Talk> = talks
        .iter()
        .map(|p| Talk {
            title: p.title.clone(),
            summary: p.summary.clone(),
            format: p.format.clone(),
            minutes: p.minutes,
            speakers: p.public_speakers().join(", "),
        })
        .collect();
    let html = app.render(
        "participant/accepted.html",
        context! { page_title => i18n::t_args("accepted-page-title", &[("title", event.draft.title.as_str().into())]), section => "events", event => views::card(&event), talks },
    )?;
    Ok(Html(html).into_response())
}

#[cfg(test)]
mod tests;
