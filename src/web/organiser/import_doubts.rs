//! A3 (issue 18): the doubts of the import. Imported events with an unsure fact (a venue
//! read from a sentence, hours from a programme, a date that contradicted the front matter)
//! are listed with the sentence each came from; an administrator confirms one in one click,
//! or follows the link to the event's form to correct it.

use super::auth::Admin;
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// The French name of each fact the importer can doubt.
fn fact_label(fact: &str) -> &'static str {
    match fact {
        "start" => "Premier jour",
        "end" => "Dernier jour",
        "hours" => "Horaires",
        "venue" => "Lieu",
        "registration_deadline" => "Clôture des inscriptions",
        "call_deadline" => "Clôture de l’appel",
        _ => "Autre",
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    event_id: i64,
    event_title: String,
    fact: &'static str,
    value: String,
    source: String,
    sentence: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Etat {
    etat: Option<String>,
}

/// Lists the open doubts of the import.
pub async fn show(State(app): State<App>, admin: Admin, Query(q): Query<Etat>) -> Result<Html<String>, WebError> {
    let doubts = store::import_doubt::open(&app.db, &admin.right).await?;
    let rows: Vec<Row> = doubts
        .into_iter()
        .map(|d| Row {
            id: d.id,
            event_id: d.event_id,
            event_title: d.event_title,
            fact: fact_label(&d.fact),
            value: d.value,
            source: d.source,
            sentence: d.sentence,
        })
        .collect();
    let notice = (q.etat.as_deref() == Some("confirme")).then_some("La valeur importée est confirmée.");
    let html = app.render(
        "organiser/import_doubts.html",
        context! {
            page_title => "Doutes de l’import",
            section => "organiser",
            csrf => &admin.user.csrf,
            rows => rows,
            notice => notice,
        },
    )?;
    Ok(Html(html))
}

/// The doubt an administrator confirms.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirm {
    doute: i64,
}

/// Confirms a doubt: the imported value is right; it leaves the list.
pub async fn confirm(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<Confirm>,
) -> Result<Response, WebError> {
    if form.doute <= 0 {
        return Err(WebError::BadRequest("Indiquez le doute à confirmer.".into()));
    }
    store::import_doubt::confirm(&app.db, &admin.right, form.doute, Timestamp::now()).await?;
    Ok(Redirect::to("/organisation/import/doutes?etat=confirme").into_response())
}
