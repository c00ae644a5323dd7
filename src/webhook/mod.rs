//! I3 (issue 16): webhook delivery over HTTP, safe against SSRF. A URL must be `https://`
//! (`http://` to loopback only with `webhooks.allow_http_loopback`, for tests); its host is
//! resolved at delivery time and every address checked (`domain::webhook::check_address`);
//! the request then goes to exactly the checked addresses (no second resolution), without
//! proxy, without following redirects, with connect and total timeouts, and reads at most
//! `MAX_ANSWER_BYTES` of the answer. The worker claims deliveries from the store's queue like
//! the mail worker.

pub mod worker;

use crate::domain::webhook::{Forbidden, check_address, signature_header};
use crate::store::webhook::{Attempt, Claimed};
use jiff::Timestamp;
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// The longest URL accepted.
pub const MAX_URL_CHARS: usize = 2000;
/// At most this much of an answer is read (and then dropped).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a URL or its addresses are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlRefusal {
    Malformed,
    TooLong,
    /// Not `https://` (or `http://` to loopback with the test setting).
    NotHttps,
    /// `user:password@` in the URL.
    Credentials,
    /// The host does not resolve (or not in time).
    Unresolved,
    /// The host resolves to an address of this range.
    Address(IpAddr, Forbidden),
}

impl UrlRefusal {
    /// The reason in English, for the delivery log and the server's log.
    pub fn english(&self) -> String {
        match self {
            UrlRefusal::Malformed => "not a valid URL".into(),
            UrlRefusal::TooLong => format!("URL longer than {MAX_URL_CHARS} characters"),
            UrlRefusal::NotHttps => "only https URLs are allowed".into(),
            UrlRefusal::Credentials => "credentials in the URL are not allowed".into(),
            UrlRefusal::Unresolved => "the host name does not resolve".into(),
            UrlRefusal::Address(ip, why) => format!("refused address {ip} ({})", why.english()),
        }
    }
}

/// Parses and checks the shape of a subscription's URL: scheme, no credentials, a host.
/// Addresses are checked by `resolve`.
pub fn check_url(raw: &str, allow_http_loopback: bool) -> Result<Url, UrlRefusal> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(UrlRefusal::TooLong);
    }
    let url = Url::parse(raw).map_err(|_| UrlRefusal::Malformed)?;
    if url.host().is_none() {
        return Err(UrlRefusal::Malformed);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefusal::Credentials);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_http_loopback && is_loopback_host(&url) => Ok(url),
        _ => Err(UrlRefusal::NotHttps),
    }
}

/// True for `localhost` and loopback address literals.
fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Resolves the URL's host now and checks every address; refuses the URL when any address
/// is refused (a name that also points inside is not used at all). Returns the addresses to
/// connect to, with the URL's port.
pub async fn resolve(url: &Url, allow_loopback: bool) -> Result<Vec<SocketAddr>, UrlRefusal> {
    let port = url.port_or_known_default().ok_or(UrlRefusal::Malformed)?;
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => {
            let lookup = tokio::net::lookup_host((name, port));
            match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
                Ok(Ok(found)) => found.collect(),
                _ => return Err(UrlRefusal::Unresolved),
            }
        }
        None => return Err(UrlRefusal::Malformed),
    };
    if addrs.is_empty() {
        return Err(UrlRefusal::Unresolved);
    }
    for a in &addrs {
        check_address(a.ip(), allow_loopback).map_err(|why| UrlRefusal::Address(a.ip(), why))?;
    }
    Ok(addrs)
}

/// Checks a URL as a subscription form does: its shape, then its addresses now (they are
/// checked again at every delivery).
pub async fn check_subscription_url(raw: &str, allow_http_loopback: bool) -> Result<Url, UrlRefusal> {
    let url = check_url(raw, allow_http_loopback)?;
    resolve(&url, allow_http_loopback).await?;
    Ok(url)
}

/// Sends deliveries; one per configuration.
#[derive(Debug, Clone)]
pub struct Deliverer {
    pub allow_http_loopback: bool,
    /// How long a delivery being sent stays reserved.
    pub lease: Duration,
}

impl Deliverer {
    pub fn from_config(config: &crate::config::Webhooks) -> Deliverer {
        Deliverer { allow_http_loopback: config.allow_http_loopback, lease: Duration::from_secs(60) }
    }

    /// Sends one claimed delivery, signed at `now`, and says how it went.
    pub async fn send(&self, claimed: &Claimed, now: Timestamp) -> Attempt {
        let url = match check_url(&claimed.url, self.allow_http_loopback) {
            Ok(url) => url,
            Err(r) => return Attempt::Refused { error: r.english() },
        };
        let addrs = match resolve(&url, self.allow_http_loopback).await {
            Ok(addrs) => addrs,
            // A name that does not resolve may come back: try again later.
            Err(UrlRefusal::Unresolved) => {
                return Attempt::Failed { code: None, error: UrlRefusal::Unresolved.english() };
            }
            Err(r) => return Attempt::Refused { error: r.english() },
        };
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TOTAL_TIMEOUT)
            .user_agent("rencontres-webhooks");
        if let Some(url::Host::Domain(name)) = url.host() {
            // The connection goes to the addresses just checked, never to a second answer
            // of the resolver (DNS rebinding).
            builder = builder.resolve_to_addrs(name, &addrs);
        }
        let client = match builder.build() {
            Ok(c) => c,
            Err(e) => return Attempt::Failed { code: None, error: format!("HTTP client: {e}") },
        };
        let d = &claimed.delivery;
        let timestamp = now.as_second();
        let secrets: Vec<&str> = claimed.secrets.iter().map(String::as_str).collect();
        let signature = signature_header(&secrets, &d.webhook_id, timestamp, &d.payload);
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &d.webhook_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(d.payload.clone())
            .send()
            .await;
        let mut answer = match sent {
            Ok(a) => a,
            Err(e) => return Attempt::Failed { code: None, error: describe(&e) },
        };
        let code = answer.status().as_u16();
        let location = answer.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        // Read a bounded part of the answer so the exchange completes; the rest is dropped.
        let mut read = 0usize;
        while read < MAX_ANSWER_BYTES {
            match answer.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                _ => break,
            }
        }
        match code {
            200..=299 => Attempt::Succeeded { code },
            300..=399 => Attempt::Failed {
                code: Some(code),
                error: format!(
                    "redirect not followed (to {})",
                    location.as_deref().unwrap_or("nowhere").chars().take(200).collect::<String>()
                ),
            },
            _ => Attempt::Failed { code: Some(code), error: format!("answered HTTP {code}") },
        }
    }
}

/// A transport error in a few words (timeouts and refused connections named as such).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        "request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_without_credentials_is_accepted() {
        assert!(check_url("https://hooks.example.org/rencontres?x=1", false).is_ok());
        assert_eq!(check_url("http://hooks.example.org/", false), Err(UrlRefusal::NotHttps));
        assert_eq!(check_url("ftp://hooks.example.org/", false), Err(UrlRefusal::NotHttps));
        assert_eq!(check_url("https://user:pw@hooks.example.org/", false), Err(UrlRefusal::Credentials));
        assert_eq!(check_url("pas une adresse", false), Err(UrlRefusal::Malformed));
        assert_eq!(check_url(&format!("https://a.org/{}", "x".repeat(2000)), false), Err(UrlRefusal::TooLong));
    }

    #[test]
    fn http_only_to_loopback_and_only_with_the_test_setting() {
        assert_eq!(check_url("http://127.0.0.1:9000/", false), Err(UrlRefusal::NotHttps));
        assert!(check_url("http://127.0.0.1:9000/", true).is_ok());
        assert!(check_url("http://localhost:9000/", true).is_ok());
        assert!(check_url("http://[::1]:9000/", true).is_ok());
        assert_eq!(check_url("http://hooks.example.org/", true), Err(UrlRefusal::NotHttps));
        assert_eq!(check_url("http://10.0.0.1/", true), Err(UrlRefusal::NotHttps));
    }

    #[tokio::test]
    async fn literal_and_resolved_internal_addresses_are_refused() {
        let refused = |s: &str| {
            let s = s.to_owned();
            async move { resolve(&check_url(&s, false).unwrap(), false).await }
        };

        assert!(matches!(refused("https://10.1.2.3/").await, Err(UrlRefusal::Address(_, Forbidden::Private))));
        assert!(matches!(
            refused("https://169.254.169.254/latest/meta-data/").await,
            Err(UrlRefusal::Address(_, Forbidden::Metadata))
        ));
        assert!(matches!(refused("https://[::ffff:10.0.0.1]/").await, Err(UrlRefusal::Address(_, Forbidden::Private))));
        assert!(matches!(refused("https://localhost/").await, Err(UrlRefusal::Address(_, Forbidden::Loopback))));
        assert!(matches!(refused("https://0x7f.1/").await, Err(UrlRefusal::Address(_, Forbidden::Loopback))));
    }
}
