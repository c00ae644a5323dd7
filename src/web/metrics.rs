//! O2: request counters and latency histograms by route template, kept in memory, and the
//! Prometheus text exposition format (0.0.4) written by hand: a few lines of text, not worth a
//! crate and its global registry.
//!
//! The route is axum's `MatchedPath` (`/evenements/{slug}`), never the raw path, so that
//! neither slugs nor private links reach the metrics and the number of series stays bounded.

use crate::domain::message::MessageStatus;
use crate::domain::registration::State as RegistrationState;
use crate::store::ops::Counts;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The route label of a request no route matched (404s of the fallback).
pub const UNMATCHED: &str = "unmatched";

/// The request counters and histograms since the process started.
#[derive(Default)]
pub struct Registry {
    routes: Mutex<BTreeMap<(&'static str, String), RouteStats>>,
}

#[derive(Default)]
struct RouteStats {
    /// Responses by status class, `1xx` at index 0 to `5xx` at index 4.
    classes: [u64; 5],
    /// Requests at or under each bound of `BUCKETS` (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

impl Registry {
    /// Counts one answered request.
    pub fn observe(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().expect("metrics lock");
        let stats = routes.entry((method, route.to_owned())).or_default();
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        stats.classes[class] += 1;
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            stats.buckets[i] += 1;
        }
        stats.count += 1;
        stats.sum_seconds += seconds;
    }

    /// Writes the request counters and histograms.
    fn write(&self, out: &mut String) {
        let routes = self.routes.lock().expect("metrics lock");
        out.push_str(
            "# HELP rencontres_http_requests_total Requests answered, by method, route template and status class.\n\
             # TYPE rencontres_http_requests_total counter\n",
        );
        for ((method, route), stats) in routes.iter() {
            for (i, n) in stats.classes.iter().enumerate().filter(|(_, n)| **n > 0) {
                let _ = writeln!(
                    out,
                    "rencontres_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{}xx\"}} {n}",
                    escape(route),
                    i + 1
                );
            }
        }
        out.push_str(
            "# HELP rencontres_http_request_duration_seconds Time until the response head, by method and route template.\n\
             # TYPE rencontres_http_request_duration_seconds histogram\n",
        );
        for ((method, route), stats) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(stats.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "rencontres_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "rencontres_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(out, "rencontres_http_request_duration_seconds_sum{{{labels}}} {}", stats.sum_seconds);
            let _ = writeln!(out, "rencontres_http_request_duration_seconds_count{{{labels}}} {}", stats.count);
        }
    }
}

/// What a scrape reads besides the request counters.
pub struct Gauges {
    pub counts: Counts,
    pub board_viewers: usize,
    pub pool_size: u32,
    pub pool_idle: usize,
}

/// The whole exposition: request metrics, then the gauges, each family with HELP and TYPE.
pub fn exposition(registry: &Registry, gauges: &Gauges) -> String {
    let mut out = String::new();
    registry.write(&mut out);
    out.push_str(
        "# HELP rencontres_mail_messages Messages in the mail queue, by status.\n\
         # TYPE rencontres_mail_messages gauge\n",
    );
    for (status, n) in &gauges.counts.messages {
        let _ = writeln!(out, "rencontres_mail_messages{{status=\"{}\"}} {n}", MessageStatus::as_str(*status));
    }
    out.push_str(
        "# HELP rencontres_registrations Registrations of every event, by state.\n\
         # TYPE rencontres_registrations gauge\n",
    );
    for (state, n) in &gauges.counts.registrations {
        let _ = writeln!(out, "rencontres_registrations{{state=\"{}\"}} {n}", RegistrationState::as_str(*state));
    }
    let _ = write!(
        out,
        "# HELP rencontres_board_viewers Open event streams of live boards on this instance.\n\
         # TYPE rencontres_board_viewers gauge\n\
         rencontres_board_viewers {}\n\
         # HELP rencontres_db_pool_connections Connections open in the database pool (readers on SQLite).\n\
         # TYPE rencontres_db_pool_connections gauge\n\
         rencontres_db_pool_connections {}\n\
         # HELP rencontres_db_pool_idle_connections Open connections of that pool waiting for work.\n\
         # TYPE rencontres_db_pool_idle_connections gauge\n\
         rencontres_db_pool_idle_connections {}\n",
        gauges.board_viewers, gauges.pool_size, gauges.pool_idle
    );
    out
}

/// A label value with `\`, `"` and line feeds escaped, as the format requires.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Where the inner layer (`note_route`) leaves the matched route for the outer one (`track`):
/// the router matches after the outer layer has handed the request on.
#[derive(Clone, Default)]
struct RouteSlot(Arc<OnceLock<String>>);

/// The outermost layer: times every request and counts it under its route template.
pub async fn track(
    axum::extract::State(app): axum::extract::State<super::App>,
    mut req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let slot = RouteSlot::default();
    req.extensions_mut().insert(slot.clone());
    let res = next.run(req).await;
    let route = slot.0.get().map_or(UNMATCHED, String::as_str);
    app.metrics.observe(method, route, res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}

/// A route layer: records the template the router matched for `track`.
pub async fn note_route(req: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) = (req.extensions().get::<RouteSlot>(), req.extensions().get::<MatchedPath>()) {
        let _ = slot.0.set(path.as_str().to_owned());
    }
    next.run(req).await
}

/// The method as a label; anything unusual is `other`, so clients cannot add series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_classes_counted() {
        let registry = Registry::default();
        registry.observe("GET", "/evenements/{slug}", 200, 0.004);
        registry.observe("GET", "/evenements/{slug}", 404, 0.3);
        registry.observe("GET", "/evenements/{slug}", 200, 20.0);
        let mut out = String::new();

        registry.write(&mut out);

        let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
        let labels = "method=\"GET\",route=\"/evenements/{slug}\"";
        assert_eq!(lines[0], format!("rencontres_http_requests_total{{{labels},status=\"2xx\"}} 2"));
        assert_eq!(lines[1], format!("rencontres_http_requests_total{{{labels},status=\"4xx\"}} 1"));
        assert_eq!(lines[2], format!("rencontres_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1"));
        assert_eq!(lines[7], format!("rencontres_http_request_duration_seconds_bucket{{{labels},le=\"0.25\"}} 1"));
        assert_eq!(lines[8], format!("rencontres_http_request_duration_seconds_bucket{{{labels},le=\"0.5\"}} 2"));
        assert_eq!(lines[12], format!("rencontres_http_request_duration_seconds_bucket{{{labels},le=\"10\"}} 2"));
        assert_eq!(lines[13], format!("rencontres_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3"));
        assert_eq!(lines[15], format!("rencontres_http_request_duration_seconds_count{{{labels}}} 3"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
