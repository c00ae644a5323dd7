//! O2: what load balancers and monitoring ask: `/healthz` (the process answers), `/readyz`
//! (the database answers and its migrations are applied, and the server is not draining)
//! and `/metrics` (Prometheus text format, to loopback and `metrics.allow` only). Plain text,
//! no cookies, outside the page cache and the rate limits.

use super::App;
use super::limit::client::client_ip;
use crate::config::Config;
use axum::Extension;
use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// How long `/readyz` waits for the database before answering 503.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The three routes, without the page cache, the rate limits or any cookie.
pub fn routes() -> Router<App> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

fn text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response()
}

/// 200 `ok` whenever the process answers; reads nothing.
pub async fn healthz() -> Response {
    text(StatusCode::OK, "ok\n".into())
}

/// 200 `ready` when the database answers a query and has every migration of this build;
/// 503 with the reason otherwise, and while draining after SIGTERM.
pub async fn readyz(State(app): State<App>) -> Response {
    if app.is_draining() {
        return text(StatusCode::SERVICE_UNAVAILABLE, "draining: shutting down\n".into());
    }
    match tokio::time::timeout(READY_TIMEOUT, crate::store::ops::migrations(&app.db)).await {
        Err(_) => text(StatusCode::SERVICE_UNAVAILABLE, "database did not answer within 2 s\n".into()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            text(StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n".into())
        }
        Ok(Ok(m)) if !m.complete() => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "migrations not applied: {} of {} (latest {}, expected {})\n",
                m.applied,
                m.expected,
                m.latest_applied.unwrap_or(0),
                m.latest_expected
            ),
        ),
        Ok(Ok(_)) => text(StatusCode::OK, "ready\n".into()),
    }
}

/// The Prometheus exposition to an allowed client (`may_scrape`), 403 to anyone else.
pub async fn metrics(
    State(app): State<App>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<Response, super::error::WebError> {
    if !peer.is_some_and(|Extension(ConnectInfo(p))| may_scrape(p.ip(), &headers, &app.config)) {
        return Ok(text(StatusCode::FORBIDDEN, "forbidden: /metrics answers loopback and metrics.allow\n".into()));
    }
    let counts = crate::store::ops::counts(&app.db).await?;
    let pool = app.db.pool();
    let gauges = super::metrics::Gauges {
        counts,
        board_viewers: app.board_live.viewers(),
        pool_size: pool.size(),
        pool_idle: pool.num_idle(),
    };
    let body = super::metrics::exposition(&app.metrics, &gauges);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

/// True when the client may read `/metrics`: 127.0.0.1, ::1 or an address of `metrics.allow`.
/// Behind a trusted proxy the client is the forwarded address; a forwarding header from a
/// peer that is not a trusted proxy means an unknown proxy relayed the request (every
/// visitor of a proxy on loopback would look local), so it is refused.
pub fn may_scrape(peer: IpAddr, headers: &HeaderMap, config: &Config) -> bool {
    let peer = peer.to_canonical();
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
    if proxied && !config.trusted_proxies.iter().any(|net| net.contains(peer)) {
        return false;
    }
    let client = client_ip(peer, headers, &config.trusted_proxies, config.forwarded_header);
    client == IpAddr::V4(Ipv4Addr::LOCALHOST)
        || client == IpAddr::V6(Ipv6Addr::LOCALHOST)
        || config.metrics.allow.iter().any(|net| net.contains(client))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IpNet;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn scrape_allowed_from_local_addresses_and_the_allow_list_only() {
        let mut config = Config::default();
        config.metrics.allow = vec![IpNet::parse("10.0.0.0/8").unwrap()];
        let none = HeaderMap::new();

        assert!(may_scrape(ip("127.0.0.1"), &none, &config));
        assert!(may_scrape(ip("::1"), &none, &config));
        assert!(may_scrape(ip("::ffff:127.0.0.1"), &none, &config));
        assert!(may_scrape(ip("10.1.2.3"), &none, &config));
        assert!(!may_scrape(ip("127.0.0.2"), &none, &config));
        assert!(!may_scrape(ip("192.0.2.1"), &none, &config));
    }

    #[test]
    fn scrape_through_a_proxy_counts_the_forwarded_client() {
        let mut config = Config::default();
        let mut forwarded = HeaderMap::new();
        forwarded.insert("x-forwarded-for", HeaderValue::from_static("198.51.100.7"));

        let unknown_proxy = may_scrape(ip("127.0.0.1"), &forwarded, &config);
        config.trusted_proxies = vec![IpNet::parse("127.0.0.1").unwrap()];
        let trusted_proxy = may_scrape(ip("127.0.0.1"), &forwarded, &config);
        config.metrics.allow = vec![IpNet::parse("198.51.100.0/24").unwrap()];
        let allowed_behind_proxy = may_scrape(ip("127.0.0.1"), &forwarded, &config);

        assert!(!unknown_proxy);
        assert!(!trusted_proxy);
        assert!(allowed_behind_proxy);
    }
}
