//! B1 B5 B6: an event's registrations for its organisers: settings, the list with counts,
//! the door lists and check-in at the door live in `door`.

use super::auth::Organiser;
use crate::domain::refusal::Refusal;
use crate::domain::registration::{EventSettings, Mode, ParticipantStatus, Refusal as RegistrationRefusal, Settings};
use crate::store::registration as reg_store;
use crate::store::{self, StoreError};
use crate::web::error::WebError;
use crate::web::form::{FieldErrors, FrenchForm};
use crate::web::{App, contexts};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filter {
    /// Only this state (`confirmed`, `waitlisted`…).
    etat: String,
    /// Part of a name, address or organisation.
    q: String,
    fait: String,
    erreur_question: String,
}

/// The settings as the form posts them.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    mode: String,
    places: String,
    closes: String,
    consent: String,
    retention_days: String,
    external_url: String,
    opens: String,
    decisions: String,
    offer_hours: String,
    email_hours: String,
    /// Statuses admitted; none ticked means everyone (B3 eligibility).
    status_public_agent: Option<String>,
    status_contractor: Option<String>,
    status_other: Option<String>,
    /// Email domains admitted, separated by commas or spaces; empty means any.
    domains: String,
}

impl SettingsForm {
    fn from_settings(s: Option<&EventSettings>) -> SettingsForm {
        match s {
            None => SettingsForm {
                mode: "first_come".into(),
                places: "30".into(),
                retention_days: "365".into(),
                offer_hours: "48".into(),
                email_hours: "48".into(),
                ..Default::default()
            },
            Some(s) => SettingsForm {
                mode: s.rules.mode.as_str().into(),
                places: s.rules.places.to_string(),
                closes: local(s.rules.closes_at),
                opens: local(s.rules.opens_at),
                decisions: local(s.decisions_at),
                offer_hours: s.rules.offer_hours.to_string(),
                email_hours: s.rules.email_hours.to_string(),
                status_public_agent: s
                    .rules
                    .allowed_statuses
                    .contains(&ParticipantStatus::PublicAgent)
                    .then(|| "oui".into()),
                status_contractor: s
                    .rules
                    .allowed_statuses
                    .contains(&ParticipantStatus::Contractor)
                    .then(|| "oui".into()),
                status_other: s.rules.allowed_statuses.contains(&ParticipantStatus::Other).then(|| "oui".into()),
                domains: s.rules.allowed_domains.join(", "),
                consent: s.consent_text.clone(),
                retention_days: s.retention_days.to_string(),
                external_url: s.external_url.clone().unwrap_or_default(),
            },
        }
    }

    /// Returns the settings, keeping what the form does not show from `current`.
    fn parse(&self, current: Option<&EventSettings>) -> Result<EventSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mode = Mode::parse(&self.mode);
        if mode.is_none() {
            errors.add("mode", "Choisissez un mode d'inscription.");
        }
        let places = self.places.trim().parse::<u32>().ok().filter(|p| *p <= 100_000);
        if places.is_none() {
            errors.add("places", "Indiquez un nombre de places entre 0 et 100 000.");
        }
        let mut when = |value: &str, field: &'static str, what: &str| match value.trim() {
            "" => None,
            c => match c.parse::<jiff::civil::DateTime>() {
                Ok(dt) => Some(crate::domain::event::to_instant(dt)),
                Err(_) => {
                    errors.add(field, format!("{what} invalide (format attendu : 2030-01-02T23:59)."));
                    None
                }
            },
        };
        let closes_at = when(&self.closes, "closes", "Date et heure de clôture");
        let opens_at = when(&self.opens, "opens", "Date et heure d'ouverture");
        let decisions_at = when(&self.decisions, "decisions", "Date des réponses");
        if let (Some(o), Some(c)) = (opens_at, closes_at)
            && o >= c
        {
            errors.add("closes", "La clôture doit venir après l'ouverture.");
        }
        let hours = |v: &str, field: &'static str, errors: &mut FieldErrors| match v.trim() {
            "" => Some(48),
            v => match v.parse::<u32>() {
                Ok(h) if (1..=24 * 30).contains(&h) => Some(h),
                _ => {
                    errors.add(field, "Indiquez un nombre d'heures entre 1 et 720.");
                    None
                }
            },
        };
        let offer_hours = hours(&self.offer_hours, "offer_hours", &mut errors);
        let email_hours = hours(&self.email_hours, "email_hours", &mut errors);
        let statuses: Vec<ParticipantStatus> = [
            (&self.status_public_agent, ParticipantStatus::PublicAgent),
            (&self.status_contractor, ParticipantStatus::Contractor),
            (&self.status_other, ParticipantStatus::Other),
        ]
        .into_iter()
        .filter(|(ticked, _)| ticked.is_some())
        .map(|(_, s)| s)
        .collect();
        let mut domains = Vec::new();
        for d in self
            .domains
            .split([',', ';', ' ', '\n', '\r', '\t'])
            .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
        {
            let ok = d.len() <= 253
                && d.contains('.')
                && d.split('.').all(|l| {
                    !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if !ok {
                errors.add("domains", format!("« {d} » n'est pas un nom de domaine (exemple : interieur.gouv.fr)."));
            } else if !domains.contains(&d) {
                domains.push(d);
            }
        }
        let retention = self.retention_days.trim().parse::<u32>().ok().filter(|d| (1..=3650).contains(d));
        if retention.is_none() {
            errors.add("retention_days", "Indiquez une durée de conservation entre 1 et 3 650 jours.");
        }
        let external_url = match self.external_url.trim() {
            "" => None,
            u => match crate::domain::event::parse_web_url(u) {
                Ok(u) => Some(u),
                Err(e) => {
                    errors.add("external_url", e.to_string());
                    None
                }
            },
        };
        if mode == Some(Mode::External) && self.external_url.trim().is_empty() {
            errors.add("external_url", "Indiquez l'adresse du site où s'inscrire.");
        }
        if self.consent.chars().count() > 1000 {
            errors.add("consent", "Le texte de consentement ne peut pas dépasser 1 000 caractères.");
        }
        match (mode, places, retention) {
            (Some(mode), Some(places), Some(retention_days)) if errors.is_empty() => {
                let _ = current;
                Ok(EventSettings {
                    rules: Settings {
                        mode,
                        places,
                        opens_at,
                        closes_at,
                        offer_hours: offer_hours.unwrap_or(48),
                        email_hours: email_hours.unwrap_or(48),
                        allowed_statuses: statuses,
                        allowed_domains: domains,
                    },
                    decisions_at,
                    external_url,
                    consent_text: self.consent.trim().to_owned(),
                    retention_days,
                })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    email: String,
    organisation: String,
    /// I1: the SIRET number ProConnect gave, or "".
    siret: String,
    status: &'static str,
    state: &'static str,
    state_label: &'static str,
    waitlist_seq: Option<i64>,
    can_check_in: bool,
    /// Answers to the event's own questions, as (question, answer).
    answers: Vec<(String, String)>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    app: &App,
    org: &Organiser,
    filter: &Filter,
    form: &SettingsForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let counts = reg_store::counts(&app.db, event.id).await?;
    let questions =
        crate::store::question::list(&app.db, event.id, crate::domain::question::Form::Registration).await?;
    let survey_questions =
        crate::store::question::list(&app.db, event.id, crate::domain::question::Form::Survey).await?;
    let survey_answers: Vec<(String, Vec<(String, String)>)> = reg_store::survey::all(&app.db, event.id)
        .await?
        .into_iter()
        .map(|(name, a)| (name, crate::domain::question::labelled(&survey_questions, &a)))
        .collect();
    let q = filter.q.trim().to_lowercase();
    let rows: Vec<Row> = regs
        .iter()
        .filter(|r| filter.etat.is_empty() || r.state.as_str() == filter.etat)
        .filter(|r| {
            q.is_empty() || [&r.name, &r.email, &r.organisation, &r.siret].iter().any(|f| f.to_lowercase().contains(&q))
        })
        .map(|r| Row {
            id: r.id,
            name: r.name.clone(),
            email: r.email.clone(),
            organisation: r.organisation.clone(),
            siret: r.siret.clone(),
            status: r.status.label_fr(),
            state: r.state.as_str(),
            state_label: r.state.label_fr(),
            waitlist_seq: r.waitlist_seq,
            can_check_in: crate::domain::registration::apply(r.state, crate::domain::registration::Action::CheckIn)
                .is_ok(),
            answers: crate::domain::question::labelled(
                &questions,
                &crate::domain::question::answers_from_json(&r.answers),
            ),
        })
        .collect();
    let mut per_org: std::collections::BTreeMap<String, usize> = Default::default();
    for r in regs.iter().filter(|r| r.state.holds_place()) {
        let key = if r.organisation.trim().is_empty() {
            "(non renseignée)".to_owned()
        } else {
            r.organisation.trim().to_owned()
        };
        *per_org.entry(key).or_default() += 1;
    }
    let states: Vec<(&str, &str)> =
        crate::domain::registration::State::ALL.iter().map(|s| (s.as_str(), s.label_fr())).collect();
    let html = app.render(
        "organiser/registrations.html",
        context! {
            page_title => format!("Inscriptions : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title, rows, counts, per_org, states,
            filter_state => &filter.etat, filter_q => &filter.q, done => &filter.fait,
            form, errors, has_errors => !errors.is_empty(),
            questions => question_list(&questions), survey_questions => question_list(&survey_questions), survey_answers,
            kinds => crate::domain::question::Kind::ALL.iter().map(|k| (k.as_str(), k.label_fr())).collect::<Vec<_>>(),
            question_error => &filter.erreur_question,
            started => Timestamp::now() >= event.draft.dates.start_instant(),
            modes => Mode::ALL.iter().map(|m| (m.as_str(), match m { Mode::FirstCome => "Premier arrivé, premier servi", Mode::Selection => "Préinscription puis sélection", Mode::Invitation => "Sur invitation", Mode::External => "Sur un autre site" })).collect::<Vec<_>>(),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

pub async fn list(State(app): State<App>, org: Organiser, Query(filter): Query<Filter>) -> Result<Response, WebError> {
    let current = reg_store::find_settings(&app.db, org.right.event_id()).await?;
    render(&app, &org, &filter, &SettingsForm::from_settings(current.as_ref()), &FieldErrors::default(), StatusCode::OK)
        .await
}

pub async fn configure(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<SettingsForm>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let current = reg_store::find_settings(&app.db, event.id).await?;
    let settings = match form.parse(current.as_ref()) {
        Ok(s) => s,
        Err(errors) => {
            return render(&app, &org, &Filter::default(), &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let letters = contexts::letters(&app, &event).await?;
    match reg_store::configure(&app.db, &letters, &org.right, &event, &settings, Timestamp::now()).await {
        Err(StoreError::Refused(Refusal::Registration(r @ RegistrationRefusal::PlacesBelowTaken { .. }))) => {
            let mut errors = FieldErrors::default();
            errors.add("places", r.to_string());
            return render(&app, &org, &Filter::default(), &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        done => done?,
    }
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/organisation/evenements/{}/inscriptions?fait=reglages", event.id)).into_response())
}

/// B6: marks as absent everyone confirmed but not checked in, once the event has started.
pub async fn no_shows(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let n = reg_store::mark_no_shows(&app.db, &org.right, &event, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/organisation/evenements/{}/inscriptions?fait=absents-{n}", event.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Person {
    registration: i64,
    /// "oui" once the organiser confirmed an erasure on its confirmation page.
    confirme: String,
}

/// B7: everything kept about one person, as a JSON download.
pub async fn export_person(
    State(app): State<App>,
    org: Organiser,
    Query(p): Query<Person>,
) -> Result<Response, WebError> {
    if p.registration <= 0 {
        return Err(WebError::BadRequest("Indiquez l'inscription dont exporter les données.".into()));
    }
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let data = reg_store::personal::export(&app.db, &event, p.registration).await?;
    Ok(personal_download(&data, p.registration))
}

pub fn personal_download(data: &serde_json::Value, id: i64) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"donnees-inscription-{id}.json\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        serde_json::to_string_pretty(data).unwrap_or_default(),
    )
        .into_response()
}

/// B7: erases one person's registration on request, after a confirmation page (issue 19).
pub async fn erase_person(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(p): FrenchForm<Person>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    if p.registration <= 0 {
        return Err(WebError::BadRequest("Indiquez la personne dont les données sont à effacer.".into()));
    }
    if p.confirme != "oui" {
        let regs = reg_store::list(&app.db, event.id).await?;
        let reg = regs.iter().find(|r| r.id == p.registration).ok_or(WebError::NotFound)?;
        let base = format!("/organisation/evenements/{}/inscriptions", event.id);
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Effacer les données d’une personne", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => format!("Effacer les données de {} ?", reg.name),
                question => format!(
                    "L’inscription de {} ({}, {}) et toutes les données qui s’y rattachent seront supprimées définitivement ; si elle tenait une place, celle-ci ira à la personne suivante.",
                    reg.name, reg.email, reg.state.label_fr().to_lowercase()
                ),
                action => format!("{base}/effacer"), fields => [("registration", reg.id.to_string())],
                confirm => "Effacer définitivement", cancel => &base,
            },
        )?;
        return Ok(Html(html).into_response());
    }
    let letters = contexts::letters(&app, &event).await?;
    match reg_store::personal::erase(&app.db, &letters, &org.right, &event, p.registration, Timestamp::now()).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("/organisation/evenements/{}/inscriptions?fait=efface", event.id)).into_response())
}

/// B5: sends the follow-up survey to everyone holding a place who has not had it.
pub async fn send_survey(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let letters = contexts::letters(&app, &event).await?;
    let n = match reg_store::survey::send(&app.db, &letters, &org.right, &event, Timestamp::now()).await {
        Ok(n) => n,
        Err(StoreError::Refused(_)) => {
            return Ok(Redirect::to(&format!(
                "/organisation/evenements/{}/inscriptions?fait=questionnaire-vide#questionnaire",
                event.id
            ))
            .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!(
        "/organisation/evenements/{}/inscriptions?fait=questionnaire-{n}#questionnaire",
        event.id
    ))
    .into_response())
}

/// The questions as the editor lists them, with the French name of their kind.
fn question_list(questions: &[crate::domain::question::Question]) -> Vec<serde_json::Value> {
    questions
        .iter()
        .map(|q| {
            serde_json::json!({
                "id": q.id, "label": q.label, "kind": q.kind.as_str(), "kind_label": q.kind.label_fr(),
                "required": q.required, "choices": q.choices, "show_if": q.show_if,
            })
        })
        .collect()
}

/// A timestamp as a `datetime-local` value in Paris time; empty when unset.
fn local(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_zoned(crate::domain::event::paris()).datetime().strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// B4: revokes a participant's private link and mails them a new one.
pub async fn renew_link(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(p): FrenchForm<Person>,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let letters = contexts::letters(&app, &event).await?;
    match reg_store::link::revoke(&app.db, &letters, &org.right, &event, p.registration, Timestamp::now()).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    app.mail_wake.notify_one();
    Ok(Redirect::to(&format!("/organisation/evenements/{}/inscriptions?fait=lien", event.id)).into_response())
}

#[cfg(test)]
mod tests;
