//! B3 B5: organisers add and remove the event's own questions, on the registration form
//! and on the follow-up survey.

use super::auth::Organiser;
use crate::domain::event::EventId;
use crate::domain::question::{Condition, Form, Kind, NewQuestion, parse_choices};
use crate::store::StoreError;
use crate::store::question as question_store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuestionForm {
    form: String,
    label: String,
    kind: String,
    required: Option<String>,
    choices: String,
    /// `{question id}` of the earlier question, and the answer that shows this one.
    show_if: String,
    show_value: String,
}

fn back(event_id: EventId, form: Form, query: &str) -> Response {
    let anchor = match form {
        Form::Registration => "questions",
        Form::Survey => "questionnaire",
    };
    Redirect::to(&format!("/organisation/evenements/{event_id}/inscriptions?{query}#{anchor}")).into_response()
}

pub async fn add(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<QuestionForm>,
) -> Result<Response, WebError> {
    let form = Form::parse(&f.form).unwrap_or(Form::Registration);
    let Some(kind) = Kind::parse(&f.kind) else {
        return Ok(back(org.right.event_id(), form, "erreur_question=Choisissez+le+type+de+la+question."));
    };
    let show_if = match f.show_if.trim().parse::<i64>() {
        Ok(question) => Some(Condition { question, answer: f.show_value.trim().to_owned() }),
        Err(_) => None,
    };
    let q = NewQuestion {
        label: f.label.clone(),
        kind,
        required: f.required.is_some(),
        choices: parse_choices(&f.choices),
        show_if,
    };
    match question_store::add(&app.db, &org.right, form, &q, Timestamp::now()).await {
        Ok(_) => Ok(back(org.right.event_id(), form, "fait=question")),
        Err(StoreError::Refused(m)) => {
            let query = serde_urlencoded_pair("erreur_question", &m.to_string());
            Ok(back(org.right.event_id(), form, &query))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RemoveForm {
    question: i64,
}

pub async fn remove(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<RemoveForm>,
) -> Result<Response, WebError> {
    match question_store::remove(&app.db, &org.right, f.question, Timestamp::now()).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(back(org.right.event_id(), Form::Registration, "fait=question-supprimee"))
}

/// `name=value` with the value percent-encoded for a query string.
fn serde_urlencoded_pair(name: &str, value: &str) -> String {
    let mut out = format!("{name}=");
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The edit form of one question (issue 19).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditForm {
    question: i64,
    label: String,
    required: Option<String>,
    choices: String,
}

/// Changes a question's wording; a refusal comes back in French above the questions.
pub async fn update(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<EditForm>,
) -> Result<Response, WebError> {
    let choices = parse_choices(&f.choices);
    let Some(form) = form_of(&app, &org, f.question).await? else { return Ok(gone(&org)) };
    match question_store::update(
        &app.db,
        &org.right,
        f.question,
        &f.label,
        f.required.is_some(),
        &choices,
        Timestamp::now(),
    )
    .await
    {
        Ok(()) => Ok(back(org.right.event_id(), form, "fait=question-modifiee")),
        Err(StoreError::Refused(m)) => {
            Ok(back(org.right.event_id(), form, &serde_urlencoded_pair("erreur_question", &m.to_string())))
        }
        Err(e) => Err(e.into()),
    }
}

/// The move form of one question: `sens` is `haut` or `bas`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    question: i64,
    sens: String,
}

/// Moves a question one place up or down (issue 19).
pub async fn reorder(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(f): FrenchForm<MoveForm>,
) -> Result<Response, WebError> {
    let Some(form) = form_of(&app, &org, f.question).await? else { return Ok(gone(&org)) };
    match question_store::move_question(&app.db, &org.right, f.question, f.sens == "haut", Timestamp::now()).await {
        Ok(_) => Ok(back(org.right.event_id(), form, "fait=question-deplacee")),
        Err(StoreError::Refused(m)) => {
            Ok(back(org.right.event_id(), form, &serde_urlencoded_pair("erreur_question", &m.to_string())))
        }
        Err(e) => Err(e.into()),
    }
}

/// Which form question `id` of the organiser's event belongs to; `None` for a question that
/// is not (or no longer) one of the event's.
async fn form_of(app: &App, org: &Organiser, id: i64) -> Result<Option<Form>, WebError> {
    for form in [Form::Registration, Form::Survey] {
        if question_store::list(&app.db, org.right.event_id(), form).await?.iter().any(|q| q.id == id) {
            return Ok(Some(form));
        }
    }
    Ok(None)
}

/// Back to the questions with a French word for a question that is gone.
fn gone(org: &Organiser) -> Response {
    back(
        org.right.event_id(),
        Form::Registration,
        &serde_urlencoded_pair("erreur_question", "Cette question n’existe plus."),
    )
}
