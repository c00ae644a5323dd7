//! G3: organisers reword the messages of their event, with a preview rendered from the
//! event's own data; a wording that does not render is refused, the default stays.

use super::auth::Organiser;
use crate::domain::french;
use crate::domain::message::Wording;
use crate::store::{self, mail_template};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Pick {
    #[serde(rename = "type")]
    kind: String,
    fait: String,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TemplateForm {
    kind: String,
    subject: String,
    body: String,
    action: String,
}

/// The default wording of `kind`: the `subject` and `body` blocks of its template's source.
pub(crate) fn default_wording(app: &App, kind: &str) -> Wording {
    let source =
        app.templates.get_template(&format!("mail/{kind}.md")).map(|t| t.source().to_owned()).unwrap_or_default();
    let block = |name: &str| -> String {
        let open = format!("{{% block {name} %}}");
        source
            .split_once(&open)
            .and_then(|(_, rest)| rest.split_once("{% endblock %}"))
            .map(|(inner, _)| inner.trim().to_owned())
            .unwrap_or_default()
    };
    Wording { subject: block("subject"), body: block("body") }
}

/// The variables a registration message may use, as the editor's refusal lists them.
const KNOWN_VARIABLES: &str = "{{ name }}, {{ event.title }}, {{ event.dates_text }}, {{ event.venue }}, {{ event.room }}, {{ event.map_url }}, {{ event.contact }}, {{ link }}, \
     {{ expires_text }}, {{ position }}, {{ decision_text }}, {{ meeting_url }} (confirmation d’un événement en ligne), \
     {{ door_code }} et {{ door_qr_url }} (confirmation : code d’accueil et son image QR) et {{ site.name }}";

/// Sample values for the preview: this event, a fictitious participant.
fn sample(app: &App, event: &crate::domain::event::Event) -> minijinja::Value {
    let venue: Vec<&str> =
        [event.draft.venue.name.as_deref(), event.draft.venue.address.as_deref()].into_iter().flatten().collect();
    context! {
        name => "Camille Exemple",
        event => context! {
            title => &event.draft.title, dates_text => french::when(&event.draft), venue => venue.join(", "),
            room => event.draft.venue.room.as_deref(), map_url => event.draft.venue.osm_url.as_deref(),
            contact => event.draft.contact_email.as_deref(),
        },
        link => crate::mail::compose::link(format!("{}/inscription/exemple", app.config.base_url.trim_end_matches('/'))),
        expires_text => "jeudi 1er janvier 2032 à 18 h 00",
        position => 3,
        decision_text => "le lundi 5 janvier 2032",
        meeting_url => crate::mail::compose::link("https://visio.example.org/exemple".to_owned()),
        door_code => "42-K7P4QX",
        door_qr_url => format!("{}/code-accueil/42-K7P4QX.png", app.config.base_url.trim_end_matches('/')),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    app: &App,
    org: &Organiser,
    kind: &str,
    form: &TemplateForm,
    error: Option<String>,
    preview: Option<crate::mail::compose::Composed>,
    done: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    let custom = mail_template::list(&app.db, event.id).await?;
    let kinds: Vec<serde_json::Value> = mail_template::EDITABLE
        .iter()
        .map(|(k, label)| serde_json::json!({ "kind": k, "label": label, "custom": custom.iter().any(|(c, _)| c == k), "current": *k == kind }))
        .collect();
    let html = app.render(
        "organiser/mail_templates.html",
        context! {
            page_title => format!("Courriels : {}", event.draft.title), section => "organiser", csrf => &org.user.csrf,
            event_id => event.id, title => &event.draft.title, kinds, kind,
            label => mail_template::EDITABLE.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l),
            form, error, done,
            preview => preview.map(|c| context! { subject => &c.subject, html => minijinja::Value::from_safe_string(c.html_body().to_owned()) }),
            is_custom => custom.iter().any(|(c, _)| c == kind),
        },
    )?;
    Ok((status, Html(html)).into_response())
}

pub async fn show(State(app): State<App>, org: Organiser, Query(p): Query<Pick>) -> Result<Response, WebError> {
    let kind =
        if mail_template::is_editable(&p.kind) { p.kind.clone() } else { mail_template::EDITABLE[0].0.to_owned() };
    let custom = mail_template::list(&app.db, org.right.event_id()).await?;
    let current =
        custom.into_iter().find(|(k, _)| *k == kind).map(|(_, o)| o).unwrap_or_else(|| default_wording(&app, &kind));
    let form = TemplateForm { kind: kind.clone(), subject: current.subject, body: current.body, action: String::new() };
    render(&app, &org, &kind, &form, None, None, &p.fait, StatusCode::OK).await
}

pub async fn save(
    State(app): State<App>,
    org: Organiser,
    FrenchForm(form): FrenchForm<TemplateForm>,
) -> Result<Response, WebError> {
    if !mail_template::is_editable(&form.kind) {
        return Err(WebError::BadRequest("Type de courriel inconnu.".into()));
    }
    let kind = form.kind.clone();
    let url = format!("/organisation/evenements/{}/courriels?type={kind}", org.right.event_id());
    if form.action == "retablir" {
        mail_template::reset(&app.db, &org.right, &kind, Timestamp::now()).await?;
        return Ok(Redirect::to(&format!("{url}&fait=retabli")).into_response());
    }
    let o =
        Wording { subject: form.subject.trim().to_owned(), body: form.body.replace("\r\n", "\n").trim().to_owned() };
    let error = if o.subject.is_empty() || o.body.is_empty() {
        Some("L’objet et le texte sont obligatoires.".to_owned())
    } else if o.subject.chars().count() > 200 || o.body.chars().count() > 20_000 {
        Some("L’objet est limité à 200 caractères et le texte à 20 000.".to_owned())
    } else {
        None
    };
    let event = store::event::get(&app.db, org.right.event_id()).await?;
    // A variable the message does not have would print nothing in every mail: say which.
    let error = error.or_else(|| match app.composer.unknown_variables(&o, &sample(&app, &event)) {
        Ok(unknown) if !unknown.is_empty() => Some(format!(
            "Variable inconnue : {}. Les variables possibles sont {}.",
            unknown.iter().map(|v| format!("{{{{ {v} }}}}")).collect::<Vec<_>>().join(", "),
            KNOWN_VARIABLES
        )),
        _ => None,
    });
    let rendered = match &error {
        Some(_) => None,
        None => match app.composer.preview(&o, sample(&app, &event)) {
            Ok(c) => Some(c),
            Err(e) => {
                return render(
                    &app,
                    &org,
                    &kind,
                    &form,
                    Some(format!("Le modèle ne peut pas être utilisé : {}", e.kind_detail())),
                    None,
                    "",
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
    };
    if let Some(e) = error {
        return render(&app, &org, &kind, &form, Some(e), None, "", StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if form.action == "apercu" {
        return render(&app, &org, &kind, &form, None, rendered, "", StatusCode::OK).await;
    }
    mail_template::save(&app.db, &org.right, &kind, &o, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{url}&fait=enregistre")).into_response())
}

trait KindDetail {
    fn kind_detail(&self) -> String;
}

impl KindDetail for minijinja::Error {
    /// The error without the template source dump: a line number and what is wrong.
    fn kind_detail(&self) -> String {
        let line = self.line().map(|l| format!("ligne {l} : ")).unwrap_or_default();
        format!("{line}{}", self.detail().unwrap_or("syntaxe invalide"))
    }
}
