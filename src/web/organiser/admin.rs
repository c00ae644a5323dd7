//! G1 G4 G5: administrators' pages: accounts and their roles, invitations, taking access
//! away (a role, administration, the account itself, its sessions). The audit log is in audit.rs.

use super::auth::Admin;
use crate::domain::account::{Grant, Role, User, parse_account_email};
use crate::domain::event::EventId;
use crate::mail;
use crate::store::{self, StoreError};
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
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
    roles: Vec<RoleRow>,
}

/// One role of an account, with what its removal form sends.
#[derive(Serialize)]
struct RoleRow {
    label: String,
    event_id: EventId,
    role: &'static str,
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
    error: Option<&str>,
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
                .map(|g| RoleRow {
                    label: format!("{} — {}", g.role.label_fr(), titles.get(&g.event_id).copied().unwrap_or("?")),
                    event_id: g.event_id,
                    role: g.role.as_str(),
                })
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
            users => rows, events => options, roles, values, errors, notice, error,
            me => admin.user.account.user.id,
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// Fixed notices chosen by the `etat` query parameter (never echoed as given).
fn notice(etat: Option<&str>) -> Option<&'static str> {
    match etat? {
        "invite" => Some("Invitation envoyée par courriel."),
        "role-retire" => Some("Le rôle est retiré : le compte n’y a plus accès."),
        "admin-retire" => Some("Le compte n’est plus administrateur."),
        "desactive" => Some(
            "Le compte est désactivé : ses sessions sont fermées et ses liens d’invitation ou de réinitialisation ne fonctionnent plus.",
        ),
        "reactive" => Some("Le compte est réactivé : la personne peut se connecter avec son mot de passe."),
        "sessions-fermees" => Some("Toutes les sessions du compte sont fermées."),
        _ => None,
    }
}

/// The accounts, their roles and the invitation form.
pub async fn users(State(app): State<App>, admin: Admin, Query(q): Query<Etat>) -> Result<Response, WebError> {
    let notice = notice(q.etat.as_deref());
    users_page(&app, &admin, StatusCode::OK, &InviteForm::default(), &BTreeMap::new(), notice, None).await
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
    let mut event_title = String::new();
    if let Some(g) = grant {
        match store::event::get(&app.db, g.event_id).await {
            Ok(e) => event_title = e.draft.title,
            Err(StoreError::NotFound) => {
                errors.insert("event_id", "Cet événement n’existe pas.".to_owned());
            }
            Err(e) => return Err(e.into()),
        }
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return users_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, None, None).await;
    };
    let request = store::account::InviteRequest { email, name: form.name.trim().to_owned(), is_admin, grant };
    let invited = match (&request.grant, is_admin) {
        (_, true) | (None, _) => mail::account::Invited::Administrator,
        (Some(g), false) => mail::account::Invited::Role { role: g.role.label_fr(), event_title: &event_title },
    };
    let mail = mail::account::invitation(&app.composer, app.config.base_url(), &request.name, invited)?;
    let invitation = store::account::invite(&app.db, &mail, &admin.right, &request, Timestamp::now()).await?;
    tracing::info!(user_id = invitation.user_id, "invitation mailed");
    app.mail_wake.notify_one();
    Ok(Redirect::to("/organisation/utilisateurs?etat=invite").into_response())
}

/// The form of an action on an account: the account, the role for a role's removal, and
/// `confirme=oui` once confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountAction {
    user: i64,
    event_id: String,
    role: String,
    confirme: String,
}

/// What an administrator does to an account (G5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    RemoveRole(Grant),
    Demote,
    Disable,
    Enable,
    CloseSessions,
}

impl Change {
    /// The route the change posts to.
    fn path(self) -> &'static str {
        match self {
            Change::RemoveRole(_) => "/organisation/utilisateurs/role/retirer",
            Change::Demote => "/organisation/utilisateurs/administration/retirer",
            Change::Disable => "/organisation/utilisateurs/desactiver",
            Change::Enable => "/organisation/utilisateurs/reactiver",
            Change::CloseSessions => "/organisation/utilisateurs/sessions/fermer",
        }
    }

    /// The `etat` of the users page once done.
    fn done(self) -> &'static str {
        match self {
            Change::RemoveRole(_) => "role-retire",
            Change::Demote => "admin-retire",
            Change::Disable => "desactive",
            Change::Enable => "reactive",
            Change::CloseSessions => "sessions-fermees",
        }
    }
}

/// Takes a role on one event away from an account, after confirmation.
pub async fn remove_role(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<AccountAction>,
) -> Result<Response, WebError> {
    let role = Role::parse(form.role.trim());
    let event_id = form.event_id.trim().parse::<i64>().ok().filter(|id| *id > 0).map(EventId::new);
    let (Some(role), Some(event_id)) = (role, event_id) else {
        return Err(WebError::BadRequest("Indiquez le rôle et l’événement à retirer.".into()));
    };
    change_account(&app, &admin, &form, Change::RemoveRole(Grant { event_id, role })).await
}

/// Makes an administrator an ordinary account, after confirmation; never the last one.
pub async fn demote(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<AccountAction>,
) -> Result<Response, WebError> {
    change_account(&app, &admin, &form, Change::Demote).await
}

/// Disables an account, after confirmation: no sign-in, sessions closed, links voided.
pub async fn disable(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<AccountAction>,
) -> Result<Response, WebError> {
    change_account(&app, &admin, &form, Change::Disable).await
}

/// Lets a disabled account sign in again (reversible: no confirmation step).
pub async fn enable(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<AccountAction>,
) -> Result<Response, WebError> {
    change_account(&app, &admin, &form, Change::Enable).await
}

/// Closes every session of an account, after confirmation.
pub async fn close_sessions(
    State(app): State<App>,
    admin: Admin,
    FrenchForm(form): FrenchForm<AccountAction>,
) -> Result<Response, WebError> {
    change_account(&app, &admin, &form, Change::CloseSessions).await
}

/// Shows the confirmation page of an irreversible `change`, or, once confirmed (or for a
/// re-activation), applies it and returns to the accounts with what was done; a refusal (the
/// last administrator) shows the accounts again with its French sentence.
async fn change_account(app: &App, admin: &Admin, form: &AccountAction, change: Change) -> Result<Response, WebError> {
    if form.user <= 0 {
        return Err(WebError::BadRequest("Indiquez le compte concerné.".into()));
    }
    let target = store::account::get_account(&app.db, form.user).await?.user;
    if change != Change::Enable && form.confirme != "oui" {
        return confirm_page(app, admin, &target, change).await;
    }
    let now = Timestamp::now();
    let done = match change {
        Change::RemoveRole(grant) => store::account::remove_role(&app.db, &admin.right, target.id, grant, now).await,
        Change::Demote => store::account::demote(&app.db, &admin.right, target.id, now).await,
        Change::Disable => store::account::disable(&app.db, &admin.right, target.id, now).await.map(|_| ()),
        Change::Enable => store::account::enable(&app.db, &admin.right, target.id, now).await,
        Change::CloseSessions => store::session::close_all_of(&app.db, &admin.right, target.id, now).await.map(|_| ()),
    };
    match done {
        Ok(()) => {
            tracing::info!(
                user_id = target.id,
                by = admin.user.account.user.id,
                change = change.done(),
                "account changed"
            );
            Ok(Redirect::to(&format!("/organisation/utilisateurs?etat={}", change.done())).into_response())
        }
        Err(StoreError::Refused(refusal)) => {
            let message = refusal.to_string();
            let (form, errors) = (InviteForm::default(), BTreeMap::new());
            users_page(app, admin, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, None, Some(&message)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_page(app: &App, admin: &Admin, target: &User, change: Change) -> Result<Response, WebError> {
    let who = format!("{} (compte n° {})", target.email, target.id);
    let mut fields = vec![("user", target.id.to_string())];
    let (heading, question, confirm) = match change {
        Change::RemoveRole(grant) => {
            let event = store::event::get(&app.db, grant.event_id).await?;
            fields.push(("event_id", grant.event_id.to_string()));
            fields.push(("role", grant.role.as_str().to_owned()));
            (
                "Retirer ce rôle ?",
                format!(
                    "{who} perdra le rôle « {} » sur « {} » dès sa prochaine page.",
                    grant.role.label_fr(),
                    event.draft.title
                ),
                "Retirer le rôle",
            )
        }
        Change::Demote => (
            "Retirer l’administration ?",
            format!("{who} ne sera plus administrateur ; ses rôles sur les événements restent."),
            "Retirer l’administration",
        ),
        Change::Disable => (
            "Désactiver ce compte ?",
            format!(
                "{who} ne pourra plus se connecter ; ses sessions seront fermées et ses liens d’invitation ou de réinitialisation ne fonctionneront plus."
            ),
            "Désactiver le compte",
        ),
        Change::CloseSessions => (
            "Fermer toutes les sessions de ce compte ?",
            format!("{who} sera déconnecté sur tous ses appareils et devra se connecter de nouveau."),
            "Fermer les sessions",
        ),
        Change::Enable => (
            "Réactiver ce compte ?",
            format!("{who} pourra de nouveau se connecter avec son mot de passe."),
            "Réactiver le compte",
        ),
    };
    let html = app.render(
        "organiser/confirm.html",
        context! {
            page_title => heading, section => "organiser", csrf => &admin.user.csrf, is_admin => true,
            heading, question, action => change.path(), fields, confirm, cancel => "/organisation/utilisateurs",
        },
    )?;
    Ok(Html(html).into_response())
}
