//! HTTP: the application state, the router by audience, and the layers every response
//! passes through (security headers, error pages, the public page cache).

pub mod api;
pub mod assets;
pub mod contexts;
pub mod csrf;
pub mod embedded;
pub mod error;
pub mod form;
pub mod language;
pub mod limit;
pub mod live;
pub mod metrics;
pub mod oidc;
pub mod ops;
pub mod organiser;
pub mod participant;
pub mod public;
pub mod render;
pub mod static_site;
pub mod views;

use crate::config::Config;
use crate::store::Db;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use error::WebError;
use minijinja::Environment;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    pub db: Db,
    pub config: Config,
    pub templates: Arc<Environment<'static>>,
    pub composer: crate::mail::compose::Composer,
    /// Wakes the mail worker as soon as a handler queued a message.
    pub mail_wake: Arc<tokio::sync::Notify>,
    pub cache: render::PageCache,
    /// Argon2id behind a semaphore, shared by every login (G1).
    pub hasher: crate::store::account::PasswordHasher,
    /// Rate limits of logins, resets and public forms.
    pub limits: limit::Limits,
    /// Viewers of live boards (E5).
    pub board_live: live::Hub,
    /// What the registration form reads about each event (B3).
    pub form_contexts: contexts::FormContexts,
    /// Request counters and latency histograms of `/metrics` (O2).
    pub metrics: metrics::Registry,
    /// The OpenID Connect provider (ProConnect) of `oidc.issuer`, when set (I1).
    pub oidc: Option<Arc<crate::oidc::Client>>,
    /// The last content version seen in the database (see `store::bump_content_version`).
    content_version: AtomicI64,
    /// Set once SIGTERM arrived: `/readyz` answers 503 (O2).
    draining: AtomicBool,
}

impl std::ops::Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    /// This process's number, random at start: it names the instance in board notices and
    /// job leases (O1).
    pub fn instance_id(&self) -> u64 {
        self.board_live.id()
    }

    pub async fn new(db: Db, config: Config) -> Result<App, crate::store::StoreError> {
        let version = db.content_version().await?;
        let templates = Arc::new(render::environment(&config, assets::version()));
        let limits = limit::Limits::new(
            config.login_attempts_per_minute,
            config.public_forms_per_minute,
            config.api_requests_per_minute,
        );
        let oidc = crate::oidc::Client::new(&config).map(Arc::new);
        Ok(App(Arc::new(AppInner {
            db,
            config,
            composer: crate::mail::compose::Composer::new(templates.clone()),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            templates,
            cache: render::PageCache::new(Duration::from_secs(60), 10_000, 64 * 1024 * 1024),
            hasher: crate::store::account::PasswordHasher::for_this_machine(),
            limits,
            board_live: live::Hub::default(),
            form_contexts: contexts::FormContexts::default(),
            metrics: metrics::Registry::default(),
            oidc,
            content_version: AtomicI64::new(version),
            draining: AtomicBool::new(false),
        })))
    }

    /// Re-reads the content version, so that writes by another process or instance
    /// (an import, a second server on PostgreSQL) reach the page cache.
    pub async fn refresh_content_version(&self) -> Result<(), crate::store::StoreError> {
        let v = self.db.content_version().await?;
        self.content_version.store(v, Ordering::Release);
        Ok(())
    }

    /// Marks the server as shutting down: `/readyz` answers 503 from now on.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
    }

    /// True once SIGTERM (or Ctrl-C) arrived.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }

    pub fn content_version(&self) -> i64 {
        self.content_version.load(Ordering::Acquire)
    }

    /// Renders a template with its page context merged over the globals.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, WebError> {
        Ok(self.templates.get_template(name)?.render(ctx)?)
    }
}

/// Builds the whole router with its layers.
pub fn router(app: App) -> Router {
    let public = public::routes().layer(middleware::from_fn_with_state(app.clone(), cache_public_pages));
    let mut router = Router::new()
        .merge(public)
        .merge(public::board_routes())
        .merge(participant::routes(app.clone()))
        .merge(participant::one_click_routes())
        .merge(assets::routes())
        // Inside `render_errors`, so that its 413 gets the French page. Organiser routes,
        // merged after it, set their own body limits (an image upload exceeds 1 MiB).
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .merge(organiser::routes(app.clone()))
        // I2: JSON only, with its own body limit, rate limits and problem details.
        .merge(api::routes(app.clone()))
        // Outside the page cache and the rate limits, which only some routes above carry.
        .merge(ops::routes())
        // Every route, so that `metrics::track` counts requests under their template.
        .route_layer(middleware::from_fn(metrics::note_route))
        .fallback(not_found)
        // Inside `render_errors`, so that its 429 gets the French page.
        .layer(middleware::from_fn_with_state(app.clone(), limit::shared::enforce))
        .layer(middleware::from_fn_with_state(app.clone(), render_errors))
        // H2: outside the error pages and the page cache, which both depend on the language.
        .layer(middleware::from_fn_with_state(app.clone(), language::negotiate));
    for (name, value) in security_headers(&app.config) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.layer(middleware::from_fn_with_state(app.clone(), metrics::track)).with_state(app)
}

/// The Content-Security-Policy and friends, on every response.
fn security_headers(config: &Config) -> Vec<(HeaderName, HeaderValue)> {
    // I1: the ProConnect button and the logout are forms whose answer is a redirect to the
    // provider, which `form-action` must allow (browsers check redirects of a form too).
    let provider = config.oidc.issuer().and_then(crate::oidc::Client::origin_of);
    let csp = format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self'{}",
        provider.map(|o| format!(" {o}")).unwrap_or_default()
    );
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).expect("an origin is a valid header value")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ),
    ];
    if config.hsts {
        headers
            .push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    headers
}

async fn not_found(uri: axum::http::Uri) -> Response {
    // I2: below /api/ even an unknown path answers problem details, not a French page.
    if uri.path().starts_with("/api/") {
        return api::problem::ApiError::not_found().into_response();
    }
    WebError::NotFound.into_response()
}

/// Turns a `WebError` left in a response's extensions into its French page.
async fn render_errors(State(app): State<App>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    // I2: the API's problem details are its error pages.
    if res.headers().get(header::CONTENT_TYPE).is_some_and(|ct| ct.as_bytes().starts_with(b"application/problem+json"))
    {
        return res;
    }
    match res.extensions().get::<Arc<WebError>>().cloned() {
        Some(err) => error_response(&app, &err),
        // The body-size layer answers before any handler: give it the French page too.
        None if res.status() == StatusCode::PAYLOAD_TOO_LARGE => error_response(&app, &WebError::TooLarge),
        // So do axum's extractors, whose rejections are English plain text.
        None => match error::from_rejection(&res) {
            Some(err) => error_response(&app, &err),
            None => res,
        },
    }
}

fn error_response(app: &App, err: &WebError) -> Response {
    error::error_page(app, err)
}

/// Serves public GET pages from the cache while the content version is unchanged, with an
/// ETag so that browsers and feed readers revalidate for free.
async fn cache_public_pages(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    // Keyed by the decoded path only: no public page reads the query string, and neither
    // random query strings nor other spellings of one path (`%67` for `g`) may bypass the
    // cache or flood it (issue 13).
    // H2: one entry per language of a page.
    let key = format!("{}:{}", crate::i18n::lang().code(), render::cache_key(req.uri().path()));
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let if_modified_since = req.headers().get(header::IF_MODIFIED_SINCE).cloned();
    let version = app.content_version();
    let page = match app.cache.get(&key, version) {
        Some(page) => page,
        None => {
            let res = next.run(req).await;
            if res.status() != StatusCode::OK || res.extensions().get::<Arc<WebError>>().is_some() {
                return res;
            }
            let content_type = match res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
                Some(ct) => content_type_static(ct),
                None => return res,
            };
            // Exports (D4) carry the release's Last-Modified and a file name; keep them.
            let extra: Vec<(HeaderName, HeaderValue)> = [header::LAST_MODIFIED, header::CONTENT_DISPOSITION]
                .into_iter()
                .filter_map(|name| res.headers().get(&name).cloned().map(|v| (name, v)))
                .collect();
            let body = match axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await {
                Ok(b) => b,
                Err(_) => return WebError::NotFound.into_response(),
            };
            app.cache.put_with_headers(key, version, content_type, body, extra)
        }
    };
    let last_modified = page.extra_headers.iter().find(|(n, _)| n == header::LAST_MODIFIED).map(|(_, v)| v.clone());
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    let not_modified = match (&if_none_match, &if_modified_since, &last_modified) {
        (Some(tag), _, _) => tag.as_bytes() == page.etag.as_bytes(),
        (None, Some(since), Some(modified)) => since == modified,
        _ => false,
    };
    if not_modified {
        let mut res = (StatusCode::NOT_MODIFIED, [(header::ETAG, page.etag)]).into_response();
        if let Some(modified) = last_modified {
            res.headers_mut().insert(header::LAST_MODIFIED, modified);
        }
        return res;
    }
    let mut builder = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, page.content_type)
        .header(header::ETAG, page.etag)
        .header(header::CACHE_CONTROL, "public, max-age=0, must-revalidate");
    for (name, value) in page.extra_headers {
        builder = builder.header(name, value);
    }
    builder.body(Body::from(page.body)).expect("valid response")
}

/// Maps the few content types public routes produce to static strings for the cache.
fn content_type_static(ct: &str) -> &'static str {
    match ct {
        c if c.starts_with("text/calendar") => "text/calendar; charset=utf-8",
        c if c.starts_with("application/atom+xml") => "application/atom+xml; charset=utf-8",
        c if c.starts_with("application/json") => "application/json",
        c if c.starts_with("application/xml") => "application/xml; charset=utf-8",
        c if c.starts_with("text/csv") => "text/csv; charset=utf-8",
        c if c.starts_with("text/css") => "text/css; charset=utf-8",
        _ => "text/html; charset=utf-8",
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    serve_until(app, listener, shutdown_signal()).await
}

/// Starts the background jobs (`crate::jobs`), serves until `shutdown` completes (see
/// `shutdown_signal`), ends the event streams with a retry hint, finishes in-flight requests,
/// then stops the jobs (the mail worker finishes the message in hand and gives back the one
/// it claimed).
pub async fn serve_until(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let jobs = crate::jobs::Jobs::start(&app)?;
    // On the signal, `/readyz` turns 503 at once; the listener closes after the drain delay,
    // so that a load balancer stops sending requests before they would be refused.
    let drain = Duration::from_secs(u64::from(app.config.shutdown_drain_seconds));
    let draining = app.clone();
    let shutdown = async move {
        shutdown.await;
        draining.start_draining();
        if !drain.is_zero() {
            tracing::info!(seconds = drain.as_secs(), "draining before closing the listener");
            tokio::time::sleep(drain).await;
        }
        // Event streams never end by themselves: end them (with a retry hint), or the
        // server would wait for them forever.
        draining.board_live.close_all();
    };
    // The peer address feeds the per-client rate limits (`limit::ip_key`).
    let service = router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await?;
    jobs.stop().await;
    Ok(())
}

/// Returns a future that completes on Ctrl-C or SIGTERM. The SIGTERM handler is installed
/// when this is called, not when the future is first polled: a SIGTERM that arrives while the
/// router is still being built must stop the server gracefully, not kill it.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        tracing::info!("shutting down");
    }
}
