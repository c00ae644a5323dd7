//! I1 (issue 16): what sign-in with OpenID Connect keeps. Sign-ins under way (their `state`,
//! used once), identities at the provider linked to accounts on (issuer, subject), and what
//! the provider vouched for when a participant filled a form from it.

use super::token::{self, hash as hash_token};
use super::{Db, StoreError, audit};
use crate::domain::account::User;
use jiff::Timestamp;

/// A sign-in under way lives this long (the person signs in at the provider meanwhile).
pub const FLOW_SECONDS: i64 = 15 * 60;
/// A prefill waits this long for its form to be sent.
pub const PREFILL_SECONDS: i64 = 60 * 60;

/// What a sign-in is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An organiser signs in.
    Organiser,
    /// A participant fills the registration form of the event `target` (its slug).
    Registration,
    /// A participant fills the proposal form of the event `target` (its slug).
    Proposal,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Organiser => "organiser",
            Purpose::Registration => "registration",
            Purpose::Proposal => "proposal",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        [Purpose::Organiser, Purpose::Registration, Purpose::Proposal].into_iter().find(|p| p.as_str() == s)
    }
}

/// A sign-in under way, as kept between the start and the provider's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub nonce: String,
    pub verifier: String,
    pub purpose: Purpose,
    pub target: String,
}

/// Keeps a sign-in under way, under the SHA-256 of its `state`; purges expired ones.
pub async fn begin(db: &Db, state: &str, flow: &Flow, now: Timestamp) -> Result<(), StoreError> {
    let now_s = now.as_second();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM oidc_flows WHERE expires_at <= $1").bind(now_s).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM oidc_prefills WHERE expires_at <= $1").bind(now_s).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO oidc_flows (state_hash, nonce, verifier, purpose, target, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash_token(state))
    .bind(&flow.nonce)
    .bind(&flow.verifier)
    .bind(flow.purpose.as_str())
    .bind(&flow.target)
    .bind(now_s)
    .bind(now_s + FLOW_SECONDS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes the sign-in of `state` out (once: a second answer with the same `state` finds
/// nothing), or `NotFound` when unknown or expired.
pub async fn take(db: &Db, state: &str, now: Timestamp) -> Result<Flow, StoreError> {
    if !token::looks_valid(state) {
        return Err(StoreError::NotFound);
    }
    let mut tx = db.begin_write().await?;
    let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
        "DELETE FROM oidc_flows WHERE state_hash = $1 RETURNING nonce, verifier, purpose, target, expires_at",
    )
    .bind(hash_token(state))
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let Some((nonce, verifier, purpose, target, expires_at)) = row else { return Err(StoreError::NotFound) };
    if expires_at <= now.as_second() {
        return Err(StoreError::NotFound);
    }
    let purpose = Purpose::parse(&purpose).ok_or_else(|| StoreError::Corrupt(format!("purpose {purpose:?}")))?;
    Ok(Flow { nonce, verifier, purpose, target })
}

/// Who signed in at the provider, as the account rules need it.
pub struct SignIn<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    /// The address, normalised (`parse_account_email`), or `None` when the provider gave
    /// none usable.
    pub email: Option<&'a str>,
    pub name: &'a str,
    pub id_token: &'a str,
}

/// Which accounts a first sign-in may reach (`oidc.link_by_email`, `oidc.organiser_domains`).
pub struct LinkRules<'a> {
    pub link_by_email: bool,
    pub organiser_domains: &'a [String],
}

impl LinkRules<'_> {
    /// True when `email`'s domain is one of the organiser domains or below one.
    pub fn domain_admits(&self, email: &str) -> bool {
        let Some((_, domain)) = email.rsplit_once('@') else { return false };
        let domain = domain.to_ascii_lowercase();
        self.organiser_domains.iter().any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
    }
}

/// How a sign-in through the provider ended.
#[derive(Debug)]
pub enum Outcome {
    /// A session is open: its token for the cookie.
    SignedIn { user: User, token: String },
    /// The identity reaches no account, and no rule makes one.
    NoAccount,
    /// The account is disabled.
    Disabled,
}

/// Finds the account of an identity (issuer, subject), or links it by address to an
/// existing account when `rules.link_by_email` allows, or makes an account (with no role)
/// when the address's domain is an organiser domain; then opens a session keeping the ID
/// token for the logout, in place of `replaced`. Audited as `login` (`via` the provider) like
/// a sign-in with a password, and `oidc_linked` or `user_created` for a first sign-in.
pub async fn sign_in(
    db: &Db,
    who: &SignIn<'_>,
    rules: &LinkRules<'_>,
    replaced: Option<&str>,
    now: Timestamp,
) -> Result<Outcome, StoreError> {
    let now_s = now.as_second();
    let mut tx = db.begin_write().await?;
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2")
            .bind(who.issuer)
            .bind(who.subject)
            .fetch_optional(&mut *tx)
            .await?;
    let user_id = match linked {
        Some(id) => {
            sqlx::query("UPDATE oidc_identities SET last_login_at = $1, email = $2 WHERE issuer = $3 AND subject = $4")
                .bind(now_s)
                .bind(who.email.unwrap_or(""))
                .bind(who.issuer)
                .bind(who.subject)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            let Some(email) = who.email else { return Ok(Outcome::NoAccount) };
            let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?;
            let id = match existing {
                Some(id) if rules.link_by_email => id,
                // An account with this address exists but may not be reached by address: the
                // person signs in with their password (or asks for linking to be allowed).
                Some(_) => return Ok(Outcome::NoAccount),
                None if rules.domain_admits(email) => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (email, name, password_hash, is_admin, disabled, created_at) \
                         VALUES ($1, $2, NULL, 0, 0, $3) RETURNING id",
                    )
                    .bind(email)
                    .bind(who.name)
                    .bind(now_s)
                    .fetch_one(&mut *tx)
                    .await?;
                    audit::record(
                        &mut tx,
                        now,
                        None,
                        "user_created",
                        "user",
                        Some(id),
                        serde_json::json!({ "via": who.issuer }),
                    )
                    .await?;
                    id
                }
                None => return Ok(Outcome::NoAccount),
            };
            sqlx::query(
                "INSERT INTO oidc_identities (issuer, subject, user_id, email, created_at, last_login_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(who.issuer)
            .bind(who.subject)
            .bind(id)
            .bind(email)
            .bind(now_s)
            .execute(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                now,
                Some(id),
                "oidc_linked",
                "user",
                Some(id),
                serde_json::json!({ "via": who.issuer }),
            )
            .await?;
            id
        }
    };
    let row: Option<(i64, String, String, i64, i64)> =
        sqlx::query_as("SELECT id, email, name, is_admin, disabled FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (id, email, name, is_admin, disabled) = row.ok_or(StoreError::NotFound)?;
    if disabled != 0 {
        return Ok(Outcome::Disabled);
    }
    let token = super::session::open_in(
        &mut tx,
        user_id,
        replaced,
        Some(who.id_token),
        serde_json::json!({ "via": who.issuer }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::SignedIn { user: User { id, email, name, is_admin: is_admin != 0, disabled: false }, token })
}

/// What the provider vouched for, to fill a participant's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefill {
    pub name: String,
    pub email: String,
    pub siret: String,
    pub public_agent: bool,
}

/// Keeps a prefill and returns the token of its cookie.
pub async fn keep_prefill(db: &Db, prefill: &Prefill, now: Timestamp) -> Result<String, StoreError> {
    let (token, hash) = token::generate();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO oidc_prefills (token_hash, name, email, siret, public_agent, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash)
    .bind(&prefill.name)
    .bind(&prefill.email)
    .bind(&prefill.siret)
    .bind(i64::from(prefill.public_agent))
    .bind(now.as_second())
    .bind(now.as_second() + PREFILL_SECONDS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The prefill of `token`, or `None` when unknown or expired.
pub async fn find_prefill(db: &Db, token: &str, now: Timestamp) -> Result<Option<Prefill>, StoreError> {
    if !token::looks_valid(token) {
        return Ok(None);
    }
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT name, email, siret, public_agent FROM oidc_prefills WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now.as_second())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(name, email, siret, agent)| Prefill { name, email, siret, public_agent: agent != 0 }))
}

/// The ID token of the session of `session_token`, when it was opened through the provider.
pub async fn session_id_token(db: &Db, session_token: &str) -> Result<Option<String>, StoreError> {
    let row: Option<Option<String>> = sqlx::query_scalar("SELECT id_token FROM sessions WHERE id_hash = $1")
        .bind(hash_token(session_token))
        .fetch_optional(db.pool())
        .await?;
    Ok(row.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organiser_domains_admit_their_sub_domains_only() {
        let domains = ["numerique.gouv.fr".to_owned()];
        let rules = LinkRules { link_by_email: false, organiser_domains: &domains };

        assert!(rules.domain_admits("a@numerique.gouv.fr"));
        assert!(rules.domain_admits("a@dinum.numerique.gouv.fr"));
        assert!(!rules.domain_admits("a@fauxnumerique.gouv.fr"));
        assert!(!rules.domain_admits("a@numerique.gouv.fr.example"));
        assert!(!rules.domain_admits("sans-arobase"));
    }
}
