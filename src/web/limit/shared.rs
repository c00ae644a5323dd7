//! O1: the rate limits every instance shares, on PostgreSQL deployments (`store::limit`).
//! A middleware, so that every public write is counted whichever handler serves it: logins,
//! reset requests and public forms, keyed by the client address (read from the forwarding
//! header only when the peer is a trusted proxy, `client`). The in-memory limits of
//! `web::limit` still apply per instance; these cap the sum across instances. A database
//! error lets the request through (logged): the in-memory limits still hold.

use super::{ClientIp, ip_key};
use crate::store::{self, Backend};
use crate::web::App;
use crate::web::error::WebError;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which budget a request draws from, or `None` when it is not limited here.
fn budget(method: &Method, path: &str, app: &App) -> Option<(&'static str, u32, i64)> {
    // The API has its own limits, per token (`web::api`), and answers them as problem details.
    if method != Method::POST
        || path == "/deconnexion"
        || path.starts_with("/organisation")
        || path.starts_with("/api/")
    {
        return None;
    }
    let per_minute = |n: u32| 60_000 / i64::from(n.max(1));
    Some(match path {
        "/connexion" => {
            ("login", app.config.login_attempts_per_minute, per_minute(app.config.login_attempts_per_minute))
        }
        "/mot-de-passe-oublie" => ("reset", 5, per_minute(5)),
        _ => ("public", app.config.public_forms_per_minute, per_minute(app.config.public_forms_per_minute)),
    })
}

/// Counts the request against its shared budget; 429 with `Retry-After` when it is spent.
pub async fn enforce(State(app): State<App>, ClientIp(ip): ClientIp, req: Request, next: Next) -> Response {
    if app.db.backend() != Backend::Postgres {
        return next.run(req).await;
    }
    let Some((kind, burst, interval_ms)) = budget(req.method(), req.uri().path(), &app) else {
        return next.run(req).await;
    };
    let key = format!("{kind}:{}", ip_key(ip));
    let now_ms = jiff::Timestamp::now().as_millisecond();
    match store::limit::take(&app.db, &key, now_ms, interval_ms, burst).await {
        Ok(None) => next.run(req).await,
        Ok(Some(wait_ms)) => WebError::TooManyRequests((wait_ms as u64).div_ceil(1000)).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "shared rate limit unavailable; the in-memory limits still apply");
            next.run(req).await
        }
    }
}
