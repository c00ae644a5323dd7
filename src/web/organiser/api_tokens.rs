//! I2 (issue 16): the organiser's API tokens (`/organisation/jetons`). A token is named,
//! scoped to events its owner may edit, read-only or read-write, and expires on a chosen day;
//! it is shown once after creation (only its hash is stored) and can be revoked. Creation and
//! revocation are audited in the owner's name.

use super::auth::Creator;
use crate::domain::account::{authorise_edit, can_edit_event};
use crate::domain::api_token::{ApiToken, MAX_DAYS, TokenAccess};
use crate::domain::event::{EventId, paris};
use crate::store;
use crate::web::App;
use crate::web::error::WebError;
use crate::web::form::FrenchForm;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The page's path.
pub const PATH: &str = "/organisation/jetons";
/// The longest name a token may be given.
const MAX_NAME_CHARS: usize = 100;

#[derive(Serialize)]
struct TokenRow {
    id: i64,
    name: String,
    events: Vec<String>,
    access: &'static str,
    created: String,
    expires: String,
    /// "valide", "expiré" or "retiré".
    state: &'static str,
    valid: bool,
}

fn paris_day(at: i64) -> String {
    Timestamp::from_second(at).map(|t| t.to_zoned(paris()).strftime("%d/%m/%Y").to_string()).unwrap_or_default()
}

fn access_label(a: TokenAccess) -> &'static str {
    match a {
        TokenAccess::Read => "Lecture",
        TokenAccess::Write => "Lecture et écriture",
    }
}

/// The form as typed, kept when it is refused.
#[derive(Serialize, Default)]
struct Values {
    name: String,
    events: Vec<i64>,
    access: String,
    expires: String,
}

/// A token just created, shown once.
#[derive(Serialize)]
struct Created {
    secret: String,
    name: String,
    expires: String,
    first_event: Option<i64>,
}

struct PageParts<'a> {
    status: StatusCode,
    values: Values,
    errors: BTreeMap<&'static str, String>,
    created: Option<Created>,
    notice: Option<&'a str>,
}

fn today() -> Date {
    Timestamp::now().to_zoned(paris()).date()
}

async fn render(app: &App, creator: &Creator, parts: PageParts<'_>) -> Result<Response, WebError> {
    let account = &creator.user.account;
    let events: Vec<_> = store::event::list_for_account(&app.db, account)
        .await?
        .into_iter()
        .filter(|e| can_edit_event(account, e.id))
        .collect();
    let titles: BTreeMap<i64, String> = events.iter().map(|e| (e.id.get(), e.draft.title.clone())).collect();
    let now = Timestamp::now().as_second();
    let tokens: Vec<TokenRow> = store::api_token::list_for_user(&app.db, account.user.id)
        .await?
        .iter()
        .map(|t: &ApiToken| TokenRow {
            id: t.id,
            name: t.name.clone(),
            events: t
                .events
                .iter()
                .map(|e| titles.get(&e.get()).cloned().unwrap_or_else(|| format!("événement n° {e}")))
                .collect(),
            access: access_label(t.access),
            created: paris_day(t.created_at),
            expires: paris_day(t.expires_at - 1),
            state: match (t.revoked_at, t.is_valid(now)) {
                (Some(_), _) => "retiré",
                (None, true) => "valide",
                (None, false) => "expiré",
            },
            valid: t.is_valid(now),
        })
        .collect();
    let choices: Vec<_> = events.iter().map(|e| context! { id => e.id, title => &e.draft.title }).collect();
    let max_day = today().checked_add(MAX_DAYS.days()).map(|d| d.to_string()).unwrap_or_default();
    let min_day = today().tomorrow().map(|d| d.to_string()).unwrap_or_default();
    let html = app.render(
        "organiser/api_tokens.html",
        context! {
            page_title => "Jetons d’API", section => "organiser", csrf => &creator.user.csrf,
            is_admin => account.user.is_admin, tokens, choices, values => parts.values, errors => parts.errors,
            created => parts.created, notice => parts.notice, base_url => app.config.base_url(),
            min_day, max_day,
        },
    )?;
    Ok((parts.status, Html(html)).into_response())
}

/// GET /organisation/jetons: the account's tokens and the form to make one.
pub async fn show(
    State(app): State<App>,
    creator: Creator,
    Query(done): Query<super::notice::Done>,
) -> Result<Response, WebError> {
    let values = Values {
        access: "read".into(),
        expires: today().checked_add(90.days()).map(|d| d.to_string()).unwrap_or_default(),
        ..Values::default()
    };
    let parts = PageParts {
        status: StatusCode::OK,
        values,
        errors: BTreeMap::new(),
        created: None,
        notice: super::notice::text(&done.fait),
    };
    render(&app, &creator, parts).await
}

/// POST /organisation/jetons: makes a token and shows its secret once (it is stored hashed).
/// Every event ticked must be one the account may edit: a token never does more than its
/// owner.
pub async fn create(
    State(app): State<App>,
    creator: Creator,
    FrenchForm(pairs): FrenchForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let mut errors = BTreeMap::new();
    let values = Values {
        name: field("name"),
        events: pairs.iter().filter(|(k, _)| k == "events").filter_map(|(_, v)| v.parse().ok()).take(1000).collect(),
        access: field("access"),
        expires: field("expires"),
    };
    let mut name = None;
    match crate::web::form::text(&values.name, "name", "Le nom", MAX_NAME_CHARS, true, &mut Default::default()) {
        Some(n) => name = Some(n),
        None if values.name.is_empty() => {
            errors
                .insert("name", "Donnez un nom au jeton, pour le reconnaître (par exemple « Export tableur »).".into());
        }
        None => {
            errors.insert(
                "name",
                "Le nom ne peut pas dépasser 100 caractères ni contenir de caractères invalides.".into(),
            );
        }
    }
    let account = &creator.user.account;
    let rights: Vec<_> =
        values.events.iter().filter_map(|&id| authorise_edit(account, EventId::new(id)).ok()).collect();
    if values.events.is_empty() {
        errors.insert("events", "Cochez au moins un événement.".into());
    } else if rights.len() != values.events.len() {
        errors.insert("events", "Vous ne pouvez donner accès qu’aux événements que vous organisez.".into());
    }
    let access = TokenAccess::parse(&values.access);
    if access.is_none() {
        errors.insert("access", "Choisissez « lecture » ou « lecture et écriture ».".into());
    }
    let day = values.expires.parse::<Date>().ok();
    let latest = today().checked_add(MAX_DAYS.days()).ok();
    let expires_at = match day {
        None => {
            errors.insert("expires", "Indiquez la date d’expiration au format AAAA-MM-JJ.".into());
            None
        }
        Some(d) if d <= today() || latest.is_some_and(|l| d > l) => {
            errors
                .insert("expires", "La date d’expiration doit venir après aujourd’hui, et dans un an au plus.".into());
            None
        }
        // The token works the whole chosen day, until the next midnight in Paris.
        Some(d) => d.tomorrow().ok().and_then(|n| n.to_zoned(paris()).ok()).map(|z| z.timestamp()),
    };
    let (Some(name), Some(access), Some(expires_at), true) = (name, access, expires_at, errors.is_empty()) else {
        let parts = PageParts { status: StatusCode::UNPROCESSABLE_ENTITY, values, errors, created: None, notice: None };
        return render(&app, &creator, parts).await;
    };
    let (token, secret) =
        store::api_token::create(&app.db, &rights, &name, access, expires_at, Timestamp::now()).await?;
    let created = Created {
        secret,
        name: token.name.clone(),
        expires: paris_day(token.expires_at - 1),
        first_event: token.events.first().map(|e| e.get()),
    };
    let parts = PageParts {
        status: StatusCode::OK,
        values: Values { access: "read".into(), expires: values.expires, ..Values::default() },
        errors,
        created: Some(created),
        notice: super::notice::text("jeton-cree"),
    };
    render(&app, &creator, parts).await
}

/// The revocation form: the token, and the confirmation.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    token: i64,
    /// "oui" once the owner confirmed on the confirmation page.
    confirme: String,
}

/// POST /organisation/jetons/retirer: revokes one of the account's tokens after a
/// confirmation page (which works without JavaScript).
pub async fn revoke(
    State(app): State<App>,
    creator: Creator,
    FrenchForm(form): FrenchForm<RevokeForm>,
) -> Result<Response, WebError> {
    if form.token <= 0 {
        return Err(WebError::BadRequest("Indiquez le jeton à retirer.".into()));
    }
    let user_id = creator.user.account.user.id;
    let tokens = store::api_token::list_for_user(&app.db, user_id).await?;
    let token = tokens.iter().find(|t| t.id == form.token).ok_or(WebError::NotFound)?;
    if form.confirme != "oui" {
        let html = app.render(
            "organiser/confirm.html",
            context! {
                page_title => "Retirer un jeton d’API", section => "organiser", csrf => &creator.user.csrf,
                is_admin => creator.user.account.user.is_admin,
                heading => "Retirer ce jeton d’API ?",
                question => format!("Le jeton « {} » cessera de fonctionner immédiatement : les programmes qui l’utilisent recevront une erreur 401. Cette action est définitive.", token.name),
                action => format!("{PATH}/retirer"), fields => [("token", token.id.to_string())],
                confirm => "Retirer le jeton", cancel => PATH,
            },
        )?;
        return Ok(Html(html).into_response());
    }
    store::api_token::revoke(&app.db, user_id, token.id, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("{PATH}?fait=jeton-retire")).into_response())
}
