//! G1 G5: who is asking, and may they? The session cookie, its CSRF check (the pre-session
//! one is in `web::csrf`), and the extractors that prove a role: `CurrentUser` (signed in),
//! `Viewer` (may read this event), `Organiser` (may edit this event), `Door` (may check
//! people in at its door), `Creator`, `Admin`. Handlers ask for one of them; the store
//! functions they call require the right it carries.
//!
//! Login is designed as one method among others: `open_session` takes a user id however it
//! was proven, so a second method (OpenID Connect, ProConnect) adds a handler, not a rewrite.

use crate::domain::account::{self, Account, AdminRight, CreateRight, DoorRight, EditRight};
use crate::domain::event::EventId;
use crate::store;
use crate::web::App;
use crate::web::csrf::{cookie, form_csrf, is_safe, is_token, route_of, same_secret};
use crate::web::error::WebError;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use std::sync::Arc;

pub use crate::web::csrf::SESSION_COOKIE;
/// Where anonymous visitors of organiser pages are sent.
pub const LOGIN_PATH: &str = "/connexion";

/// A signed-in account, its session token and the CSRF secret its forms must carry.
#[derive(Clone)]
pub struct CurrentUser {
    pub account: Account,
    pub token: String,
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        // Put there by `signed_in`, which every protected route passes through.
        parts
            .extensions
            .get::<Arc<CurrentUser>>()
            .map(|u| (**u).clone())
            .ok_or_else(|| Redirect::to(LOGIN_PATH).into_response())
    }
}

/// The event id of an `/organisation/evenements/{id}/…` route.
async fn event_id(parts: &mut Parts) -> Result<EventId, Response> {
    let Path(id) =
        Path::<EventId>::from_request_parts(parts, &()).await.map_err(|_| WebError::NotFound.into_response())?;
    Ok(id)
}

/// Proof that the signed-in account may edit the event of the path; 403 otherwise.
pub struct Organiser {
    pub user: CurrentUser,
    pub right: EditRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Organiser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = event_id(parts).await?;
        let right = account::authorise_edit(&user.account, id).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Organiser { user, right })
    }
}

/// Proof that the signed-in account may read the event of the path (organiser, reviewer or
/// administrator); 403 otherwise.
pub struct Viewer {
    pub user: CurrentUser,
    pub event_id: EventId,
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = event_id(parts).await?;
        if !account::can_view_event(&user.account, id) {
            return Err(WebError::Forbidden.into_response());
        }
        Ok(Viewer { user, event_id: id })
    }
}

/// Proof that the signed-in account may check people in at the door of the event of the path
/// (administrator, organiser or check-in volunteer, G5); 403 otherwise.
pub struct Door {
    pub user: CurrentUser,
    pub right: DoorRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Door {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let id = event_id(parts).await?;
        let right = account::authorise_door(&user.account, id).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Door { user, right })
    }
}

/// Proof that the signed-in account may create events; 403 otherwise.
pub struct Creator {
    pub user: CurrentUser,
    pub right: CreateRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Creator {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let right = account::authorise_create(&user.account).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Creator { user, right })
    }
}

/// Proof that the signed-in account is an administrator; 403 otherwise.
pub struct Admin {
    pub user: CurrentUser,
    pub right: AdminRight,
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let right = account::authorise_admin(&user.account).map_err(|_| WebError::Forbidden.into_response())?;
        Ok(Admin { user, right })
    }
}

/// Middleware of the signed-in routes: finds the session (anonymous visitors are sent to the
/// login page), checks the CSRF token of every non-GET request against the session's secret
/// (403 on mismatch), and marks the response uncacheable.
pub async fn signed_in(State(app): State<App>, req: Request, next: Next) -> Response {
    match signed_in_inner(&app, req).await {
        Ok(req) => {
            let mut res = next.run(req).await;
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(res) => res,
    }
}

async fn signed_in_inner(app: &App, mut req: Request) -> Result<Request, Response> {
    let now = Timestamp::now();
    let token = cookie(req.headers(), SESSION_COOKIE.on(app)).filter(|t| is_token(t));
    let Some(token) = token else { return Err(Redirect::to(LOGIN_PATH).into_response()) };
    let session = store::session::find(&app.db, &token, now).await.map_err(|e| WebError::from(e).into_response())?;
    let Some(session) = session else { return Err(Redirect::to(LOGIN_PATH).into_response()) };
    let account =
        store::account::get_account(&app.db, session.user_id).await.map_err(|e| WebError::from(e).into_response())?;
    if !is_safe(req.method()) {
        let (rebuilt, sent) = form_csrf(req).await.map_err(IntoResponse::into_response)?;
        req = rebuilt;
        if !sent.is_some_and(|s| same_secret(&s, &session.csrf_secret)) {
            tracing::warn!(user_id = account.user.id, route = route_of(&req), "CSRF token mismatch");
            return Err(WebError::Csrf.into_response());
        }
    }
    req.extensions_mut().insert(Arc::new(CurrentUser { account, token, csrf: session.csrf_secret }));
    Ok(req)
}
