//! G1 G4: administrators' pages: accounts and their roles, invitations, the audit log.

use super::auth::Admin;
use crate::domain::account::{Grant, Role, parse_account_email};
use crate::domain::event::EventId;
use crate::domain::event::paris;
use crate::mail;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The invitation form as sent.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub name: String,
    /// `organiser`, `reviewer`, or empty for no event role.
    pub role: String,
    /// The event id the role is for.
    pub event_id: String,
    /// Present when the box "administrateur" is ticked.
    pub is_admin: Option<String>,
}

#[derive(Serialize)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    is_admin: bool,
    disabled: bool,
    roles: Vec<String>,
}

#[derive(Serialize)]
struct EventOption {
    id: EventId,
    title: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Etat {
    etat: Option<String>,
}

async fn users_page(
    app: &App,
    admin: &Admin,
    status: StatusCode,
    values: &InviteForm,
    errors: &BTreeMap<&'static str, String>,
    notice: Option<&str>,
) -> Result<Response, WebError> {
    let accounts = store::account::list_users(&app.db, &admin.right).await?;
    let events = store::event::list_for_account(&app.db, &admin.user.account).await?;
    let titles: HashMap<EventId, &str> = events.iter().map(|e| (e.id, e.draft.title.as_str())).collect();
    let rows: Vec<UserRow> = accounts
        .iter()
        .map(|a| UserRow {
            id: a.user.id,
            email: a.user.email.clone(),
            name: a.user.name.clone(),
            is_admin: a.user.is_admin,
            disabled: a.user.disabled,
            roles: a
                .grants
                .iter()
                .map(|g| format!("{} — {}", g.role.label_fr(), titles.get(&g.event_id).copied().unwrap_or("?")))
                .collect(),
        })
        .collect();
    let options: Vec<EventOption> =
        events.iter().map(|e| EventOption { id: e.id, title: e.draft.title.clone() }).collect();
    let roles: Vec<_> = Role::ALL.iter().map(|r| context! { value => r.as_str(), label => r.label_fr() }).collect();
    let html = app.render(
        "organiser/users.html",
        context! {
            page_title => "Comptes", section => "organiser", csrf => &admin.user.csrf,
            users => rows, events => options, roles, values, errors, notice,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// The accounts, their roles and the invitation form.
pub async fn users(State(app): State<App>, admin: Admin, Query(q): Query<Etat>) -> Result<Response, WebError> {
    let notice = (q.etat.as_deref() == Some("invite")).then_some("Invitation envoyée par courriel.");
    users_page(&app, &admin, StatusCode::OK, &InviteForm::default(), &BTreeMap::new(), notice).await
}

/// Invites an account (new or existing) with a role on one event, or as administrator.
pub async fn invite(State(app): State<App>, admin: Admin, Form(form): Form<InviteForm>) -> Result<Response, WebError> {
    let mut errors = BTreeMap::new();
    let email = parse_account_email(&form.email).map_err(|e| errors.insert("email", e.to_string())).ok();
    let is_admin = form.is_admin.is_some();
    let grant = match (form.role.trim(), form.event_id.trim()) {
        ("", _) => None,
        (role, event) => match (Role::parse(role), event.parse::<i64>().map(EventId::new)) {
            (Some(role), Ok(event_id)) => Some(Grant { event_id, role }),
            (None, _) => {
                errors.insert("role", "Choisissez un rôle.".to_owned());
                None
            }
            (_, Err(_)) => {
                errors.insert("event_id", "Choisissez l’événement concerné par ce rôle.".to_owned());
                None
            }
        },
    };
    if grant.is_none() && !is_admin && errors.is_empty() {
        errors.insert("role", "Donnez un rôle sur un événement, ou cochez « administrateur ».".to_owned());
    }
    if let Some(g) = grant {
        match store::event::get(&app.db, g.event_id).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => {
                errors.insert("event_id", "Cet événement n’existe pas.".to_owned());
            }
            Err(e) => return Err(e.into()),
        }
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return users_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, None).await;
    };
    let request = store::account::InviteRequest { email, name: form.name.trim().to_owned(), is_admin, grant };
    let mail = mail::account::invitation(&app.composer, app.config.base_url(), &request.name)?;
    let invitation = store::account::invite(&app.db, &mail, &admin.right, &request, Timestamp::now()).await?;
    tracing::info!(user_id = invitation.user_id, "invitation mailed");
    app.mail_wake.notify_one();
    Ok(Redirect::to("/organisation/utilisateurs?etat=invite").into_response())
}

#[derive(Serialize)]
struct AuditRow {
    at: String,
    /// The account number, "ligne de commande" or "—" for the system.
    account: String,
    action: String,
    object: String,
    details: String,
}

/// The latest 500 entries of the audit log, newest first.
pub async fn audit_log(State(app): State<App>, admin: Admin) -> Result<Html<String>, WebError> {
    let entries = store::audit::list(&app.db, &admin.right, 500).await?;
    let rows: Vec<AuditRow> = entries
        .into_iter()
        .map(|e| AuditRow {
            at: Timestamp::from_second(e.at)
                .map(|t| t.to_zoned(paris()).strftime("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default(),
            account: match e.user_id {
                Some(id) => id.to_string(),
                None if e.by_command_line() => "ligne de commande".to_owned(),
                None => "—".to_owned(),
            },
            action: e.action,
            object: match e.object_id {
                Some(id) => format!("{} {id}", e.object_kind),
                None => e.object_kind,
            },
            details: e.details,
        })
        .collect();
    let html = app.render(
        "organiser/audit.html",
        context! { page_title => "Journal des actions", section => "organiser", csrf => &admin.user.csrf, entries => rows },
    )?;
    Ok(Html(html))
}
