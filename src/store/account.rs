//! G1: accounts, their roles on events, passwords (argon2id) and one-time links
//! (invitation, password reset), queued as mail (G3) in the transaction that issues them.
//! The mails are composed beforehand (`mail::account`); the store only fills in the token.
//!
//! Hashing is slow on purpose, so it runs on the blocking pool behind a semaphore: a burst of
//! wrong passwords waits in line for a few cores instead of starving the public pages.

use super::message::{self, NewMessage};
use super::token::{self, hash as hash_token};
use super::{Backend, Conflict, Db, StoreError, audit};
use crate::domain::account::{self as rules, Account, AdminLoss, AdminRight, Grant, Role, User};
use crate::domain::event::EventId;
use crate::domain::message::{Draft, Hole};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use jiff::Timestamp;
use sqlx::AnyConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// An invitation link stays valid this long.
pub const INVITATION_SECONDS: i64 = 7 * 24 * 3600;
/// A password reset link stays valid this long.
pub const RESET_SECONDS: i64 = 3600;
/// An unlock link stays valid this long, and an account gets at most one unlock mail in
/// this period, however long an attack goes on.
pub const UNLOCK_SECONDS: i64 = 24 * 3600;

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
        }
    }
}

/// Hashes and verifies passwords with argon2id off the async runtime, at most `permits`
/// at a time; a request that waits longer than `max_wait` gets `StoreError::Busy`.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    max_wait: Duration,
    /// Verified against when the address is unknown, so that timing does not tell whether
    /// an account exists.
    dummy: Arc<str>,
}

impl PasswordHasher {
    /// A hasher running at most `permits` hashes at once (at least one).
    pub fn new(permits: usize) -> PasswordHasher {
        let salt = SaltString::encode_b64(b"rencontres-dummy").expect("valid salt");
        let dummy =
            Argon2::default().hash_password(b"not a password anyone has", &salt).expect("argon2 hashes").to_string();
        PasswordHasher {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            max_wait: Duration::from_secs(10),
            dummy: dummy.into(),
        }
    }

    /// Half the cores, at least one: the other half keeps serving pages.
    pub fn for_this_machine() -> PasswordHasher {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        PasswordHasher::new(cores / 2)
    }

    /// Returns the argon2id PHC string of `password` with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<String, StoreError> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| StoreError::Hash(e.to_string()))
        })
        .await
    }

    /// True when `password` matches `phc`; with no stored hash, verifies against a dummy
    /// (and returns false) so that the answer takes the same time.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, StoreError> {
        let dummy = self.dummy.clone();
        self.run(move || {
            let known = phc.is_some();
            let stored = phc.unwrap_or_else(|| dummy.to_string());
            let parsed = PasswordHash::new(&stored).map_err(|e| StoreError::Hash(e.to_string()))?;
            let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(known && ok)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| StoreError::Busy)?
            .map_err(|_| StoreError::Busy)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| StoreError::Hash(e.to_string()))?
    }
}

const USER_COLUMNS: &str = "id, email, name, is_admin, disabled";

type UserRow = (i64, String, String, i64, i64);

fn user_from(row: UserRow) -> User {
    let (id, email, name, is_admin, disabled) = row;
    User { id, email, name, is_admin: is_admin != 0, disabled: disabled != 0 }
}

fn email_conflict(e: sqlx::Error) -> StoreError {
    match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(Conflict::EmailTaken),
        _ => StoreError::Db(e),
    }
}

/// Creates an account from the command line (the first administrator); refuses a taken
/// address. `email` must already be normalised (`parse_account_email`).
pub async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    is_admin: bool,
    password_hash: Option<&str>,
    now: Timestamp,
) -> Result<User, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = insert_user(&mut tx, email, name, is_admin, password_hash, now).await?;
    audit::record(&mut tx, now, None, "user_created", "user", Some(id), serde_json::json!({ "admin": is_admin }))
        .await?;
    tx.commit().await?;
    Ok(User { id, email: email.to_owned(), name: name.to_owned(), is_admin, disabled: false })
}

async fn insert_user(
    conn: &mut AnyConnection,
    email: &str,
    name: &str,
    is_admin: bool,
    password_hash: Option<&str>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, is_admin, disabled, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(i64::from(is_admin))
    .bind(now.as_second())
    .fetch_one(conn)
    .await
    .map_err(email_conflict)
}

/// Returns the account with this (normalised) address, or `None`.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(db.pool()).await?;
    Ok(row.map(user_from))
}

/// Returns the account and its roles, or `NotFound`.
pub async fn get_account(db: &Db, user_id: i64) -> Result<Account, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user_id).fetch_optional(db.pool()).await?;
    let user = user_from(row.ok_or(StoreError::NotFound)?);
    let grants = grants_of(db, user_id).await?;
    Ok(Account { user, grants })
}

async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<Grant>, StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT event_id, role FROM event_roles WHERE user_id = $1 ORDER BY event_id, role")
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
    rows.into_iter()
        .map(|(event_id, role)| {
            let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?;
            Ok(Grant { event_id: EventId::new(event_id), role })
        })
        .collect()
}

/// Returns the account whose address and password match, or `None` for an unknown address,
/// a wrong password or a disabled account, indistinguishably.
pub async fn authenticate(
    db: &Db,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
) -> Result<Option<User>, StoreError> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(db.pool())
        .await?;
    let (id, phc) = match row {
        Some((id, phc)) => (Some(id), phc),
        None => (None, None),
    };
    if !hasher.verify(password.to_owned(), phc).await? {
        return Ok(None);
    }
    let Some(id) = id else { return Ok(None) };
    let account = get_account(db, id).await?;
    Ok((!account.user.disabled).then_some(account.user))
}

/// Every account with its roles, by address; administrators only.
pub async fn list_users(db: &Db, _admin: &AdminRight) -> Result<Vec<Account>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY email");
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let user = user_from(row);
        let grants = grants_of(db, user.id).await?;
        out.push(Account { user, grants });
    }
    Ok(out)
}

/// An invitation just written: the account it is for and the raw token of its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub user_id: i64,
    pub token: String,
}

/// What an administrator asks for when inviting someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRequest {
    /// Normalised address.
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// The role to grant on one event, if any.
    pub grant: Option<Grant>,
}

/// Invites someone: creates the account when the address is new (without a password),
/// grants the role, and issues an invitation link valid `INVITATION_SECONDS`, mailed with
/// `mail` (`mail::account::invitation`). An existing account keeps its password and gets the
/// role and a fresh link.
pub async fn invite(
    db: &Db,
    mail: &Draft,
    admin: &AdminRight,
    req: &InviteRequest,
    now: Timestamp,
) -> Result<Invitation, StoreError> {
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(&req.email).fetch_optional(&mut *tx).await?;
    let user_id = match existing {
        Some(id) => {
            if req.is_admin {
                sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            id
        }
        None => insert_user(&mut tx, &req.email, &req.name, req.is_admin, None, now).await?,
    };
    if let Some(grant) = req.grant {
        let present: Option<i64> =
            sqlx::query_scalar("SELECT user_id FROM event_roles WHERE user_id = $1 AND event_id = $2 AND role = $3")
                .bind(user_id)
                .bind(grant.event_id)
                .bind(grant.role.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if present.is_none() {
            sqlx::query("INSERT INTO event_roles (user_id, event_id, role) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(grant.event_id)
                .bind(grant.role.as_str())
                .execute(&mut *tx)
                .await?;
        }
    }
    let token = insert_token(&mut tx, user_id, Purpose::Invitation, INVITATION_SECONDS, now).await?;
    queue_link_mail(&mut tx, mail, "account_invitation", &req.email, &token, now).await?;
    let details = serde_json::json!({
        "admin": req.is_admin,
        "event_id": req.grant.map(|g| g.event_id),
        "role": req.grant.map(|g| g.role.as_str()),
    });
    audit::record_admin(&mut tx, now, admin, "user_invited", user_id, details).await?;
    tx.commit().await?;
    Ok(Invitation { user_id, token })
}

/// Issues a one-time link for `user_id` (the command line's `--print-link`); returns its token.
pub async fn issue_link(db: &Db, user_id: i64, purpose: Purpose, now: Timestamp) -> Result<String, StoreError> {
    let ttl = match purpose {
        Purpose::Invitation => INVITATION_SECONDS,
        Purpose::PasswordReset => RESET_SECONDS,
    };
    let mut tx = db.begin_write().await?;
    let token = insert_token(&mut tx, user_id, purpose, ttl, now).await?;
    tx.commit().await?;
    Ok(token)
}

async fn insert_token(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Purpose,
    ttl: i64,
    now: Timestamp,
) -> Result<String, StoreError> {
    let token = token::generate().0;
    sqlx::query(
        "INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now.as_second())
    .bind(now.as_second() + ttl)
    .execute(conn)
    .await?;
    Ok(token)
}

/// Issues a password reset link for the active account with this address, queues the mail
/// that carries it (`mail`, from `mail::account::password_reset`) and returns
/// `(user_id, token)`, or `None` when there is no such account (the caller says the same
/// thing either way).
pub async fn request_reset(
    db: &Db,
    mail: &Draft,
    email: &str,
    now: Timestamp,
) -> Result<Option<(i64, String)>, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = find_active_id(&mut tx, email).await?;
    let Some(id) = id else { return Ok(None) };
    let token = insert_token(&mut tx, id, Purpose::PasswordReset, RESET_SECONDS, now).await?;
    queue_link_mail(&mut tx, mail, "account_password_reset", email, &token, now).await?;
    audit::record(&mut tx, now, Some(id), "password_reset_requested", "user", Some(id), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(Some((id, token)))
}

/// Queues the mail of a one-time link with its token filled in; its idempotency key names the
/// link, not the address.
async fn queue_link_mail(
    conn: &mut AnyConnection,
    mail: &Draft,
    kind: &str,
    to: &str,
    token: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let composed = mail.fill(&[(Hole::Token, token)]);
    let new = NewMessage::composed(format!("{kind}:{}", &hash_token(token)[..32]), None, kind, to, composed);
    message::enqueue(conn, &new, now).await?;
    Ok(())
}

/// Returns the account a valid (known, unused, unexpired) link belongs to, or `NotFound`.
pub async fn check_link(db: &Db, token: &str, purpose: Purpose, now: Timestamp) -> Result<User, StoreError> {
    let user_id: Option<i64> = sqlx::query_scalar(
        "SELECT t.user_id FROM one_time_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3 \
         AND u.disabled = 0",
    )
    .bind(hash_token(token))
    .bind(purpose.as_str())
    .bind(now.as_second())
    .fetch_optional(db.pool())
    .await?;
    Ok(get_account(db, user_id.ok_or(StoreError::NotFound)?).await?.user)
}

/// Uses a link once: sets the new password, marks the link used and closes every session of
/// the account (a reset must lock out whoever knew the old password). Returns the account,
/// or `NotFound` when the link is unknown, used or expired, even if it was valid a moment ago.
pub async fn redeem_link(
    db: &Db,
    token: &str,
    purpose: Purpose,
    password_hash: &str,
    now: Timestamp,
) -> Result<User, StoreError> {
    let mut tx = db.begin_write().await?;
    // The conditional UPDATE is the check: two concurrent uses cannot both match. A disabled
    // account's links are void even if disabling had missed one (G5).
    let used: Option<i64> = sqlx::query_scalar(
        "UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 \
         AND user_id IN (SELECT id FROM users WHERE disabled = 0) RETURNING user_id",
    )
    .bind(now.as_second())
    .bind(hash_token(token))
    .bind(purpose.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let user_id = used.ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    // A new password makes every other link of the account void: an older reset link found
    // in a mailbox must not change it again (issue 13).
    sqlx::query("UPDATE one_time_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now.as_second())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let action = match purpose {
        Purpose::Invitation => "invitation_accepted",
        Purpose::PasswordReset => "password_reset",
    };
    audit::record(&mut tx, now, Some(user_id), action, "user", Some(user_id), serde_json::json!({})).await?;
    tx.commit().await?;
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: UserRow = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user_id).fetch_one(db.pool()).await?;
    Ok(user_from(row))
}

/// Reads one account inside a write transaction; `NotFound` when there is none.
async fn load_user(conn: &mut AnyConnection, user_id: i64) -> Result<User, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user_id).fetch_optional(conn).await?;
    row.map(user_from).ok_or(StoreError::NotFound)
}

/// Applies the rule that keeps an active administrator to `target` losing its administration
/// by `change`, with the active administrators counted in the caller's transaction.
async fn check_admins_left(
    conn: &mut AnyConnection,
    backend: Backend,
    target: &User,
    change: AdminLoss,
) -> Result<(), StoreError> {
    let sql = match backend {
        // One writer at a time (`BEGIN IMMEDIATE`): the count cannot change under us.
        Backend::Sqlite => "SELECT id FROM users WHERE is_admin = 1 AND disabled = 0",
        // Two administrators demoting each other at once would both see the other one: the
        // rows are locked, so the second transaction counts after the first commits.
        Backend::Postgres => "SELECT id FROM users WHERE is_admin = 1 AND disabled = 0 ORDER BY id FOR UPDATE",
    };
    let admins: Vec<i64> = sqlx::query_scalar(sql).fetch_all(conn).await?;
    rules::keeps_an_administrator(target, change, admins.len() as i64)?;
    Ok(())
}

/// G5: takes `grant`'s role on its event away from account `user_id`; refuses a role the
/// account does not hold. The account's open sessions see the change at their next request.
pub async fn remove_role(
    db: &Db,
    admin: &AdminRight,
    user_id: i64,
    grant: Grant,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    load_user(&mut tx, user_id).await?;
    let done = sqlx::query("DELETE FROM event_roles WHERE user_id = $1 AND event_id = $2 AND role = $3")
        .bind(user_id)
        .bind(grant.event_id)
        .bind(grant.role.as_str())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(rules::Refusal::RoleNotHeld.into());
    }
    let details = serde_json::json!({ "event_id": grant.event_id, "role": grant.role.as_str() });
    audit::record_admin(&mut tx, now, admin, "user_role_removed", user_id, details).await?;
    tx.commit().await?;
    Ok(())
}

/// G5: makes administrator `user_id` an ordinary account (its event roles stay); refuses
/// when no other active administrator would remain, or when it is not an administrator.
pub async fn demote(db: &Db, admin: &AdminRight, user_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let target = load_user(&mut tx, user_id).await?;
    check_admins_left(&mut tx, db.backend(), &target, AdminLoss::Demote).await?;
    sqlx::query("UPDATE users SET is_admin = 0 WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    audit::record_admin(&mut tx, now, admin, "user_demoted", user_id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// What disabling an account closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disabled {
    pub sessions: u64,
    /// Invitation and reset links that had not been used.
    pub links: u64,
}

/// G5: disables account `user_id`: it cannot sign in, its sessions are closed and its
/// pending invitation and reset links are voided, all in one transaction; refuses when it is
/// the last active administrator (even one disabling themself).
pub async fn disable(db: &Db, admin: &AdminRight, user_id: i64, now: Timestamp) -> Result<Disabled, StoreError> {
    let mut tx = db.begin_write().await?;
    let target = load_user(&mut tx, user_id).await?;
    check_admins_left(&mut tx, db.backend(), &target, AdminLoss::Disable).await?;
    sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    let sessions =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?.rows_affected();
    let links = sqlx::query("UPDATE one_time_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now.as_second())
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let details = serde_json::json!({ "sessions": sessions, "links": links });
    audit::record_admin(&mut tx, now, admin, "user_disabled", user_id, details).await?;
    tx.commit().await?;
    Ok(Disabled { sessions, links })
}

/// G5: lets disabled account `user_id` sign in again with its password (links voided when
/// it was disabled stay void: a reset or an invitation is asked again).
pub async fn enable(db: &Db, admin: &AdminRight, user_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    load_user(&mut tx, user_id).await?;
    sqlx::query("UPDATE users SET disabled = 0 WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
    audit::record_admin(&mut tx, now, admin, "user_enabled", user_id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Issues an unlock link for the active account with this address and queues the mail that
/// carries it (`mail`, from `mail::account::login_unlock`); returns the account's id, or
/// `None` when there is no such account or it was already sent a link in the last
/// `UNLOCK_SECONDS` (one mail per period, across instances).
pub async fn request_unlock(db: &Db, mail: &Draft, email: &str, now: Timestamp) -> Result<Option<i64>, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = find_active_id(&mut tx, email).await?;
    let Some(id) = id else { return Ok(None) };
    let recent: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM login_unlock_tokens WHERE user_id = $1 AND created_at > $2 LIMIT 1")
            .bind(id)
            .bind(now.as_second() - UNLOCK_SECONDS)
            .fetch_optional(&mut *tx)
            .await?;
    if recent.is_some() {
        return Ok(None);
    }
    let token = token::generate().0;
    sqlx::query(
        "INSERT INTO login_unlock_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(&token))
    .bind(id)
    .bind(now.as_second())
    .bind(now.as_second() + UNLOCK_SECONDS)
    .execute(&mut *tx)
    .await?;
    queue_link_mail(&mut tx, mail, "account_login_unlock", email, &token, now).await?;
    audit::record(&mut tx, now, None, "login_unlock_mailed", "user", Some(id), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Returns the account a valid (known, unused, unexpired) unlock link belongs to, or `NotFound`.
pub async fn check_unlock(db: &Db, token: &str, now: Timestamp) -> Result<User, StoreError> {
    let user_id: Option<i64> = sqlx::query_scalar(
        "SELECT t.user_id FROM login_unlock_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.disabled = 0",
    )
    .bind(hash_token(token))
    .bind(now.as_second())
    .fetch_optional(db.pool())
    .await?;
    Ok(get_account(db, user_id.ok_or(StoreError::NotFound)?).await?.user)
}

/// Uses an unlock link once and returns its account (whose back-off the caller clears), or
/// `NotFound` when the link is unknown, used or expired.
pub async fn redeem_unlock(db: &Db, token: &str, now: Timestamp) -> Result<User, StoreError> {
    let mut tx = db.begin_write().await?;
    // The conditional UPDATE is the check: two concurrent uses cannot both match.
    let used: Option<i64> = sqlx::query_scalar(
        "UPDATE login_unlock_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
         AND expires_at > $1 RETURNING user_id",
    )
    .bind(now.as_second())
    .bind(hash_token(token))
    .fetch_optional(&mut *tx)
    .await?;
    let user_id = used.ok_or(StoreError::NotFound)?;
    audit::record(&mut tx, now, Some(user_id), "login_unlocked", "user", Some(user_id), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(get_account(db, user_id).await?.user)
}

/// The id of the account with this address, when it exists and is not disabled.
async fn find_active_id(conn: &mut AnyConnection, email: &str) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND disabled = 0")
        .bind(email)
        .fetch_optional(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hasher_verifies_its_own_argon2id_hash_only() {
        let hasher = PasswordHasher::new(1);

        let phc = hasher.hash("cheval agrafe pile correcte".into()).await.unwrap();

        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(hasher.verify("cheval agrafe pile correcte".into(), Some(phc.clone())).await.unwrap());
        assert!(!hasher.verify("cheval agrafe pile correcte!".into(), Some(phc)).await.unwrap());
    }

    #[tokio::test]
    async fn hasher_without_stored_hash_refuses_even_the_dummy_password() {
        let hasher = PasswordHasher::new(1);

        assert!(!hasher.verify("not a password anyone has".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn hasher_saturated_answers_busy() {
        let hasher = PasswordHasher { max_wait: Duration::from_millis(10), ..PasswordHasher::new(1) };
        let _held = hasher.permits.clone().acquire_owned().await.unwrap();

        let r = hasher.hash("x".into()).await;

        assert!(matches!(r, Err(StoreError::Busy)), "{r:?}");
    }
}
