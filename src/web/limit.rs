//! G1 and the security baseline: in-memory token buckets that limit how often one client
//! (by IP address) or one account (by address) may try a login, a reset, or any public form.
//! `client` finds the client's address (through trusted proxies); `backoff` slows wrong
//! passwords by account and address.
//!
//! Each instance keeps its own buckets; on PostgreSQL, `shared` also counts logins, reset
//! requests and public forms in the database, so that behind a load balancer the limits hold
//! for the sum of the instances.

pub mod backoff;
pub mod client;
pub mod shared;

use super::App;
use super::error::WebError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::net::IpAddr;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A family of token buckets keyed by a string: `burst` tries at once, then one more every
/// `refill` interval.
pub struct RateLimiter {
    burst: u32,
    refill: Duration,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Beyond this many keys, full buckets are dropped: a flood of distinct keys cannot grow
/// memory without bound.
const MAX_KEYS: usize = 100_000;

impl RateLimiter {
    /// `burst` tries at once, then one more every `refill`.
    pub fn new(burst: u32, refill: Duration) -> RateLimiter {
        RateLimiter { burst: burst.max(1), refill, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `key` at `now`; returns `Err(wait)` when the bucket is empty,
    /// with the time until the next token.
    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_KEYS && !buckets.contains_key(key) {
            let burst = f64::from(self.burst);
            let refill = self.refill;
            buckets.retain(|_, b| refill_of(b, now, refill, burst) < burst);
        }
        let burst = f64::from(self.burst);
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: burst, at: now });
        bucket.tokens = refill_of(bucket, now, self.refill, burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            Err(self.refill.mul_f64(missing))
        }
    }

    /// Takes one token for `key` now.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }
}

fn refill_of(b: &Bucket, now: Instant, refill: Duration, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
    let per = refill.as_secs_f64().max(f64::EPSILON);
    (b.tokens + elapsed / per).min(burst)
}

/// The limits of the whole site, one per kind of request.
pub struct Limits {
    /// Login attempts per client address.
    pub login_ip: RateLimiter,
    /// Wrong passwords per account and client address, and the trigger of the unlock mail.
    /// Not a bucket per account: one client could empty it and lock the owner out.
    pub login_backoff: backoff::LoginBackoff,
    /// Reset requests per client address and per account address (each sends a link).
    pub reset_ip: RateLimiter,
    pub reset_account: RateLimiter,
    /// Any public form (registrations, proposals, subscriptions) per client address.
    pub public_form: RateLimiter,
    /// Requests to `/api/v1` (I2), keyed by token (`token:ID`) or, without one, by client
    /// address (`ip:ADDRESS`).
    pub api: RateLimiter,
}

impl Limits {
    /// `login_per_minute` login attempts per client address,
    /// `public_per_minute` public form posts per client address, with as large a burst.
    pub fn new(login_per_minute: u32, public_per_minute: u32, api_per_minute: u32) -> Limits {
        let per_minute = |n: u32| Duration::from_secs(60).div_f64(f64::from(n.max(1)));
        Limits {
            login_ip: RateLimiter::new(login_per_minute, per_minute(login_per_minute)),
            login_backoff: backoff::LoginBackoff::default(),
            reset_ip: RateLimiter::new(5, Duration::from_secs(60)),
            reset_account: RateLimiter::new(3, Duration::from_secs(300)),
            public_form: RateLimiter::new(public_per_minute, per_minute(public_per_minute)),
            api: RateLimiter::new(api_per_minute, per_minute(api_per_minute)),
        }
    }
}

/// The client's address: the socket's peer, or the address a trusted proxy forwarded
/// (`client::client_ip`); `None` when the server was started without connect info.
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl FromRequestParts<App> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let config = &app.config;
        Ok(ClientIp(
            peer.map(|p| client::client_ip(p, &parts.headers, &config.trusted_proxies, config.forwarded_header)),
        ))
    }
}

/// The 429 answer for a wait of `wait` (`Retry-After` in whole seconds, rounded up).
pub fn too_many(wait: Duration) -> WebError {
    WebError::TooManyRequests(wait.as_secs_f64().ceil() as u64)
}

impl Limits {
    /// Takes one try of a public form (registration, proposal, subscription) for this
    /// client, or returns the 429 to answer.
    pub fn check_public_form(&self, ip: Option<IpAddr>) -> Result<(), WebError> {
        self.public_form.check(&ip_key(ip)).map_err(too_many)
    }
}

/// The key of a client address: IPv6 clients are grouped by /64, the block one subscriber
/// usually holds, so that rotating addresses inside it gains nothing. An IPv4 client of a
/// dual-stack listener arrives as `::ffff:a.b.c.d` and is keyed by its IPv4 address: grouped
/// by /64, every IPv4 client would share one key.
pub fn ip_key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_burst_then_refuses_with_wait() {
        let limiter = RateLimiter::new(3, Duration::from_secs(10));
        let t0 = Instant::now();

        let results: Vec<_> = (0..4).map(|_| limiter.check_at("a", t0)).collect();

        assert_eq!(results, [Ok(()), Ok(()), Ok(()), Err(Duration::from_secs(10))]);
    }

    #[test]
    fn bucket_refills_with_time_and_keys_are_separate() {
        let limiter = RateLimiter::new(1, Duration::from_secs(10));
        let t0 = Instant::now();
        limiter.check_at("a", t0).unwrap();

        assert_eq!(limiter.check_at("b", t0), Ok(()));
        assert_eq!(limiter.check_at("a", t0 + Duration::from_secs(5)), Err(Duration::from_secs(5)));
        assert_eq!(limiter.check_at("a", t0 + Duration::from_secs(16)), Ok(()));
    }

    #[test]
    fn public_form_limit_answers_429_after_the_burst() {
        let limits = Limits::new(10, 30, 60);
        let ip = Some("192.0.2.7".parse().unwrap());

        let oks = (0..30).filter(|_| limits.check_public_form(ip).is_ok()).count();
        let refused = limits.check_public_form(ip);

        assert_eq!(oks, 30);
        assert!(matches!(refused, Err(WebError::TooManyRequests(2))), "{refused:?}");
    }

    #[test]
    fn ipv6_is_grouped_by_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();

        assert_eq!(ip_key(Some(a)), "2001:db8:1:2::/64");
        assert_eq!(ip_key(Some("192.0.2.7".parse().unwrap())), "192.0.2.7");
    }

    /// Issue 13: every IPv4 client of a dual-stack listener had the key `0:0:0:0::/64`.
    #[test]
    fn ipv4_mapped_addresses_are_keyed_as_ipv4() {
        let a: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let b: IpAddr = "::ffff:198.51.100.1".parse().unwrap();

        assert_eq!(ip_key(Some(a)), "192.0.2.7");
        assert_eq!(ip_key(Some(b)), "198.51.100.1");
    }
}
