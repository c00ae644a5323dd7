//! I1 (issue 16): sign-in with an OpenID Connect provider, as ProConnect runs it: discovery,
//! the authorization code flow with PKCE (S256), `state` and `nonce` of 64 characters, the
//! ID token checked against the provider's JWKS, the userinfo answer read signed
//! (`application/jwt`, ProConnect) or plain JSON (other providers), and logout through the
//! provider's `end_session_endpoint`.
//!
//! The HTTP client is the `reqwest` of the webhooks (rustls, webpki roots): no redirect
//! followed, short timeouts. The checks of the tokens are in `token`, without I/O.

pub mod token;

use crate::config::Config;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, Instant};
pub use token::{Refusal, UserInfo};

/// The discovery document and the keys are read again after this long.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// The JWKS is read again on an unknown `kid` at most this often.
const JWKS_REFRESH_MIN: Duration = Duration::from_secs(10);

/// What the discovery document says that this site uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    pub jwks_uri: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

struct Discovered {
    metadata: Metadata,
    jwks: JwkSet,
    read_at: Instant,
    jwks_read_at: Instant,
}

/// The provider of `oidc.issuer`, its documents cached.
pub struct Client {
    issuer: String,
    client_id: String,
    client_secret: String,
    scopes: String,
    minimum_acr: Option<String>,
    http: reqwest::Client,
    cache: tokio::sync::Mutex<Option<Arc<Discovered>>>,
}

/// What a finished sign-in proved.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub acr: Option<String>,
    pub info: UserInfo,
    /// For the logout's `id_token_hint`.
    pub id_token: String,
}

/// A sign-in about to start: where to send the browser, and what to keep to check the answer.
pub struct Start {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: String,
    access_token: String,
}

fn random() -> String {
    crate::store::token::generate().0
}

/// The S256 PKCE challenge of `verifier`.
pub fn challenge(verifier: &str) -> String {
    B64.encode(Sha256::digest(verifier.as_bytes()))
}

impl Client {
    /// The client of the configured provider, or `None` when `oidc.issuer` is unset.
    pub fn new(config: &Config) -> Option<Client> {
        let oidc = &config.oidc;
        let issuer = oidc.issuer()?.to_owned();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
            .ok()?;
        Some(Client {
            issuer,
            client_id: oidc.client_id.clone(),
            client_secret: oidc.client_secret.as_ref().map(|s| s.expose().to_owned()).unwrap_or_default(),
            scopes: oidc.scopes.clone(),
            minimum_acr: oidc.minimum_acr.clone().filter(|m| !m.trim().is_empty()),
            http,
            cache: tokio::sync::Mutex::new(None),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, Refusal> {
        let res = self.http.get(url).send().await.map_err(|e| provider_error("GET", url, &e))?;
        if !res.status().is_success() {
            tracing::warn!(url, status = res.status().as_u16(), "OpenID Connect provider answered an error");
            return Err(Refusal::Provider);
        }
        let body = res.bytes().await.map_err(|e| provider_error("GET", url, &e))?;
        serde_json::from_slice(&body).map_err(|e| {
            tracing::warn!(url, error = %e, "OpenID Connect provider answered unreadable JSON");
            Refusal::Provider
        })
    }

    /// The provider's documents, read at first use and again after an hour.
    async fn discovered(&self) -> Result<Arc<Discovered>, Refusal> {
        let mut cache = self.cache.lock().await;
        if let Some(d) = cache.as_ref().filter(|d| d.read_at.elapsed() < METADATA_TTL) {
            return Ok(d.clone());
        }
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let metadata: Metadata = self.get_json(&url).await?;
        if metadata.issuer.trim_end_matches('/') != self.issuer {
            tracing::warn!(announced = metadata.issuer, "the discovery document names another issuer");
            return Err(Refusal::Provider);
        }
        let jwks: JwkSet = self.get_json(&metadata.jwks_uri).await?;
        let now = Instant::now();
        let d = Arc::new(Discovered { metadata, jwks, read_at: now, jwks_read_at: now });
        *cache = Some(d.clone());
        Ok(d)
    }

    /// The JWKS read again (the provider rotated its keys), at most every ten seconds.
    async fn refreshed(&self, seen: &Arc<Discovered>) -> Result<Arc<Discovered>, Refusal> {
        let mut cache = self.cache.lock().await;
        if let Some(d) = cache.as_ref()
            && (!Arc::ptr_eq(d, seen) || d.jwks_read_at.elapsed() < JWKS_REFRESH_MIN)
        {
            return Ok(d.clone());
        }
        let jwks: JwkSet = self.get_json(&seen.metadata.jwks_uri).await?;
        let d = Arc::new(Discovered {
            metadata: seen.metadata.clone(),
            jwks,
            read_at: seen.read_at,
            jwks_read_at: Instant::now(),
        });
        *cache = Some(d.clone());
        Ok(d)
    }

    /// The key that signed a token, reading the JWKS again once for an unknown `kid`.
    async fn key(
        &self,
        d: &Arc<Discovered>,
        header: &jsonwebtoken::Header,
    ) -> Result<jsonwebtoken::DecodingKey, Refusal> {
        if let Some(key) = token::key_for(&d.jwks, header) {
            return Ok(key);
        }
        let d = self.refreshed(d).await?;
        token::key_for(&d.jwks, header).ok_or(Refusal::Signature)
    }

    /// A new sign-in: the authorization URL with a fresh `state`, `nonce` and PKCE verifier.
    pub async fn start(&self, redirect_uri: &str) -> Result<Start, Refusal> {
        let d = self.discovered().await?;
        let (state, nonce, verifier) = (random(), random(), random());
        let mut url = url::Url::parse(&d.metadata.authorization_endpoint).map_err(|_| Refusal::Provider)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.client_id)
                .append_pair("redirect_uri", redirect_uri)
                .append_pair("scope", &self.scopes)
                .append_pair("state", &state)
                .append_pair("nonce", &nonce)
                .append_pair("code_challenge", &challenge(&verifier))
                .append_pair("code_challenge_method", "S256");
            if let Some(acr) = &self.minimum_acr {
                q.append_pair("acr_values", acr);
            }
        }
        Ok(Start { url: url.into(), state, nonce, verifier })
    }

    /// Exchanges the code, checks the ID token and reads who the person is.
    pub async fn finish(
        &self,
        code: &str,
        verifier: &str,
        nonce: &str,
        redirect_uri: &str,
    ) -> Result<Identity, Refusal> {
        let d = self.discovered().await?;
        let meta = &d.metadata;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("client_id", &self.client_id),
        ];
        let basic_only = meta.token_endpoint_auth_methods_supported.as_ref().is_some_and(|m| {
            !m.iter().any(|m| m == "client_secret_post") && m.iter().any(|m| m == "client_secret_basic")
        });
        let req = self.http.post(&meta.token_endpoint);
        let req = if basic_only {
            req.basic_auth(&self.client_id, Some(&self.client_secret)).form(&form)
        } else {
            let mut with_secret = form.to_vec();
            with_secret.push(("client_secret", &self.client_secret));
            req.form(&with_secret)
        };
        let res = req.send().await.map_err(|e| provider_error("POST", &meta.token_endpoint, &e))?;
        let status = res.status();
        if status.is_client_error() {
            // `invalid_grant`: the code is unknown, used, expired, or the verifier is wrong.
            let body = res.text().await.unwrap_or_default();
            tracing::info!(
                status = status.as_u16(),
                answer = body.chars().take(200).collect::<String>(),
                "code refused"
            );
            return Err(Refusal::Code);
        }
        if !status.is_success() {
            tracing::warn!(status = status.as_u16(), "token endpoint answered an error");
            return Err(Refusal::Provider);
        }
        let body = res.bytes().await.map_err(|e| provider_error("POST", &meta.token_endpoint, &e))?;
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|_| Refusal::Provider)?;
        let header = token::header_of(&answer.id_token)?;
        let key = self.key(&d, &header).await?;
        let expected = token::Expected {
            issuer: &meta.issuer,
            client_id: &self.client_id,
            nonce,
            minimum_acr: self.minimum_acr.as_deref(),
        };
        let claims = token::check_id_token(&answer.id_token, &key, &header, &expected)?;
        let info = match &meta.userinfo_endpoint {
            Some(url) => self.userinfo(&d, url, &answer.access_token).await?,
            None => UserInfo { sub: claims.sub.clone(), ..UserInfo::default() },
        };
        if info.sub != claims.sub {
            tracing::warn!("userinfo names another subject than the ID token");
            return Err(Refusal::Provider);
        }
        Ok(Identity {
            issuer: meta.issuer.clone(),
            subject: claims.sub,
            acr: claims.acr,
            info,
            id_token: answer.id_token,
        })
    }

    /// The userinfo answer: a signed JWT (ProConnect), checked like the ID token, or JSON.
    async fn userinfo(&self, d: &Arc<Discovered>, url: &str, access_token: &str) -> Result<UserInfo, Refusal> {
        let res =
            self.http.get(url).bearer_auth(access_token).send().await.map_err(|e| provider_error("GET", url, &e))?;
        if !res.status().is_success() {
            tracing::warn!(status = res.status().as_u16(), "userinfo answered an error");
            return Err(Refusal::Provider);
        }
        let jwt = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.trim_start().starts_with("application/jwt"));
        let body = res.text().await.map_err(|e| provider_error("GET", url, &e))?;
        if !jwt {
            return serde_json::from_str(&body).map_err(|_| Refusal::Provider);
        }
        let body = body.trim();
        let header = token::header_of(body)?;
        let key = self.key(d, &header).await?;
        token::check_userinfo(body, &key, &header, &d.metadata.issuer, &self.client_id)
    }

    /// Where to send the browser to end the provider's session too, with the `state` it
    /// sends back, or `None` when the provider has no `end_session_endpoint`.
    pub async fn logout_url(&self, id_token: &str, post_logout_redirect_uri: &str) -> Option<(String, String)> {
        let d = self.discovered().await.ok()?;
        let mut url = url::Url::parse(d.metadata.end_session_endpoint.as_deref()?).ok()?;
        let state = random();
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair("state", &state)
            .append_pair("post_logout_redirect_uri", post_logout_redirect_uri);
        Some((url.into(), state))
    }

    /// The origin of the provider's pages (`scheme://host:port`), which forms of this site may
    /// lead to (Content-Security-Policy `form-action`).
    pub fn origin_of(issuer: &str) -> Option<String> {
        let url = url::Url::parse(issuer).ok()?;
        Some(url.origin().ascii_serialization()).filter(|o| o != "null")
    }
}

fn provider_error(method: &str, url: &str, e: &reqwest::Error) -> Refusal {
    tracing::warn!(method, url, error = %e, "OpenID Connect provider unreachable or unreadable");
    Refusal::Provider
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_origin_of_an_issuer_keeps_its_port() {
        assert_eq!(Client::origin_of("http://127.0.0.1:4000/api/v2").as_deref(), Some("http://127.0.0.1:4000"));
        assert_eq!(
            Client::origin_of("https://proconnect.gouv.fr/api/v2").as_deref(),
            Some("https://proconnect.gouv.fr")
        );
    }
}
