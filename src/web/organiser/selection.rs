//! B5: selection in the browser: pending decisions by hand, the seeded draw with its quota
//! and its explanation, and the announcement of every decision at once, now or at a chosen
//! time (the server's sweeper sends a scheduled batch).

use super::auth::Organiser;
use crate::domain::event::EventId;
use crate::domain::event::paris;
use crate::domain::registration::{Decision, State as RegState};
use crate::store::registration::selection;
use crate::store::registration::{self as reg_store};
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Notice {
    fait: String,
    erreur: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    email: String,
    organisation: String,
    status: &'static str,
    registered: String,
    decision: Option<&'static str>,
    decision_value: Option<&'static str>,
}

fn page_url(event_id: EventId) -> String {
    format!("/organisation/evenements/{event_id}/inscriptions/selection")
}

pub async fn show(State(app): State<App>, org: Organiser, Query(n): Query<Notice>) -> Result<Response, WebError> {
    page(&app, &org, &n.fait, &n.erreur, &MergeForm::default()).await
}

/// What the form merging organisation variants sent (B5, issue 19).
#[derive(Deserialize, Default, Serialize)]
pub struct MergeForm {
    /// The variants ticked, as the table names them (normalised).
    keys: Vec<String>,
    /// The name they all get.
    name: String,
}

/// Gives the ticked organisation variants one name, so that counts and the draw's quota
/// see one organisation. Refused beside the form, with what was typed kept, when nothing is
/// ticked or the name is empty or too long.
pub async fn merge_organisations(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = MergeForm {
        keys: pairs.iter().filter(|(k, _)| k == "organisation").map(|(_, v)| v.clone()).take(1_000).collect(),
        name: pairs.iter().find(|(k, _)| k == "nom").map(|(_, v)| v.trim().to_owned()).unwrap_or_default(),
    };
    let error = if form.keys.is_empty() {
        Some("organisations")
    } else if form.name.is_empty() || form.name.chars().count() > 200 {
        Some("nom-organisation")
    } else {
        None
    };
    if let Some(error) = error {
        let mut res = page(&app, &org, "", error, &form).await?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    // The spellings participants typed are replaced: an irreversible change, asked first.
    if !pairs.iter().any(|(k, v)| k == "confirme" && v == "oui") {
        let mut fields: Vec<(&str, &str)> = form.keys.iter().map(|k| ("organisation", k.as_str())).collect();
        fields.push(("nom", form.name.as_str()));
        let url = page_url(org.right.event_id());
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Fusionner des organisations", section => "organiser", csrf => &org.user.csrf,
                is_admin => org.user.account.user.is_admin,
                heading => "Fusionner ces organisations ?",
                question => format!("Les inscriptions de ces organisations prendront le nom « {} ». Les écritures d’origine ne pourront pas être retrouvées.", form.name),
                details => &form.keys,
                action => format!("{url}/organisations"), fields,
                confirm => "Fusionner", cancel => format!("{url}#organisations"),
            },
        )?;
        return Ok(Html(html).into_response());
    }
    let changed = selection::merge_organisations(&app.db, &org.right, &form.keys, &form.name, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{}?fait=organisations-{changed}#organisations", page_url(org.right.event_id())))
        .into_response())
}

async fn page(app: &App, org: &Organiser, done: &str, error: &str, merge: &MergeForm) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let settings = reg_store::find_settings(&app.db, event.id).await?;
    let regs = reg_store::list(&app.db, event.id).await?;
    let pending = selection::pending(&app.db, event.id).await?;
    let counts = reg_store::counts(&app.db, event.id).await?;
    let decision_of = |id: i64| pending.iter().find(|p| p.0 == id).map(|p| p.1);
    let rows: Vec<Row> = regs
        .iter()
        .filter(|r| r.state == RegState::Preregistered)
        .map(|r| Row {
            id: r.id,
            name: r.name.clone(),
            email: r.email.clone(),
            organisation: r.organisation.clone(),
            status: r.status.label_fr(),
            registered: Timestamp::from_second(r.created_at).map(crate::domain::french::datetime).unwrap_or_default(),
            decision: decision_of(r.id).map(Decision::label_fr),
            decision_value: decision_of(r.id).map(Decision::as_str),
        })
        .collect();
    let tally = |d: Decision| pending.iter().filter(|p| p.1 == d).count();
    // Per organisation as the quota counts them: requests, places, and the spellings seen.
    let mut per_org: std::collections::BTreeMap<String, (usize, usize, Vec<String>)> = Default::default();
    for r in regs.iter().filter(|r| r.state == RegState::Preregistered || r.state.holds_place()) {
        let key = if r.organisation.trim().is_empty() {
            "(non renseignée)".to_owned()
        } else {
            crate::domain::registration::normalise_organisation(&r.organisation)
        };
        let e = per_org.entry(key).or_default();
        e.0 += 1;
        if r.state.holds_place() || decision_of(r.id) == Some(Decision::Select) {
            e.1 += 1;
        }
        let spelling = r.organisation.trim().to_owned();
        if !spelling.is_empty() && !e.2.contains(&spelling) {
            e.2.push(spelling);
        }
    }
    let draw = selection::last_draw(&app.db, event.id).await?;
    let announce_at = selection::announce_at(&app.db, event.id).await?;
    let html = app.render(
        "organiser/selection.html",
        context! {
            page_title => format!("Sélection : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title,
            places => settings.as_ref().map(|s| s.rules.places), taken => counts.taken,
            selection_mode => settings.as_ref().is_some_and(|s| s.rules.mode == crate::domain::registration::Mode::Selection),
            rows, selected => tally(Decision::Select), waitlisted => tally(Decision::Waitlist), declined => tally(Decision::Decline),
            per_org, draw, seed_hint => Timestamp::now().as_second(),
            announce_at_text => announce_at.map(crate::domain::french::datetime),
            done, error, merge,
        },
    )?;
    Ok(Html(html).into_response())
}

/// Applies one decision to every ticked registration.
pub async fn decide(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let ids: Vec<i64> =
        pairs.iter().filter(|(k, _)| k == "registration").filter_map(|(_, v)| v.parse().ok()).take(10_000).collect();
    let decision = pairs.iter().find(|(k, _)| k == "decision").map(|(_, v)| v.as_str()).unwrap_or("");
    let url = page_url(org.right.event_id());
    if ids.is_empty() {
        return Ok(Redirect::to(&format!("{url}?erreur=aucune")).into_response());
    }
    let decision = match decision {
        "none" => None,
        d => Some(Decision::parse(d).ok_or_else(|| WebError::BadRequest("Décision inconnue.".into()))?),
    };
    selection::decide(&app.db, &org.right, &ids, decision, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{url}?fait=decision")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DrawForm {
    seed: String,
    quota: String,
}

pub async fn draw(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<DrawForm>,
) -> Result<Response, WebError> {
    let url = page_url(org.right.event_id());
    let Ok(seed) = form.seed.trim().parse::<u64>() else {
        return Ok(Redirect::to(&format!("{url}?erreur=graine")).into_response());
    };
    let quota = match form.quota.trim() {
        "" => None,
        q => match q.parse::<u32>() {
            Ok(q) if q >= 1 => Some(q),
            _ => return Ok(Redirect::to(&format!("{url}?erreur=quota")).into_response()),
        },
    };
    selection::run_draw(&app.db, &org.right, seed, quota, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{url}?fait=tirage#tirage")).into_response())
}

pub async fn announce(State(app): State<App>, org: Organiser) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let letters = crate::web::contexts::letters(&app, &event).await?;
    let n = selection::announce(&app.db, &letters, &org.right, &event, Timestamp::now()).await?;
    app.mail_wake.notify_one();
    app.refresh_content_version().await?;
    Ok(Redirect::to(&format!("{}?fait=annonce-{n}", page_url(event.id))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScheduleForm {
    at: String,
}

pub async fn schedule(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<ScheduleForm>,
) -> Result<Response, WebError> {
    let url = page_url(org.right.event_id());
    let at = match form.at.trim() {
        "" => None,
        t => match t.parse::<jiff::civil::DateTime>().ok().and_then(|dt| dt.to_zoned(paris()).ok()) {
            Some(z) if z.timestamp() > Timestamp::now() => Some(z.timestamp()),
            Some(_) => return Ok(Redirect::to(&format!("{url}?erreur=passe")).into_response()),
            None => return Ok(Redirect::to(&format!("{url}?erreur=date")).into_response()),
        },
    };
    match selection::schedule(&app.db, &org.right, at, Timestamp::now()).await {
        Ok(()) => {}
        Err(StoreError::Refused(_)) => return Ok(Redirect::to(&format!("{url}?erreur=reglages")).into_response()),
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("{url}?fait={}", if at.is_some() { "programme" } else { "deprogramme" })).into_response())
}
