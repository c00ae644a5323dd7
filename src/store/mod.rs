//! The only place that talks to the database: one module per aggregate, SQL that runs on
//! SQLite and PostgreSQL alike, migrations applied at start.
//!
//! Both backends go through sqlx's `Any` driver, so one query string serves both: placeholders
//! are written `$1`, which SQLite accepts too. Booleans are stored as 0/1 `BIGINT`, instants as
//! Unix seconds `BIGINT`, civil dates and times as ISO text, because `Any` carries only integers,
//! floats, text and bytes. Where dialects differ, both variants sit in one `match` on `Backend`.

pub mod account;
pub mod api_token;
pub mod audit;
pub mod board;
pub mod cfp;
pub mod check_in_link;
pub mod event;
pub mod event_message;
pub mod gazette;
pub mod gazette_announcement;
pub mod gazette_issue;
pub mod group;
pub mod import_doubt;
pub mod limit;
pub mod mail_template;
pub mod media;
pub mod message;
pub mod migrate_to;
pub mod notify;
pub mod oidc;
pub mod ops;
pub mod programme;
pub mod question;
pub mod registration;
pub mod session;
pub mod token;
pub mod webhook;

use crate::domain::event::EventId;
use crate::domain::refusal::Refusal;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Which SQL engine a URL points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL whose `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Accepts `sqlite:…` and `postgres://…` / `postgresql://…` URLs; a bare path means SQLite.
    pub fn parse(raw: &str) -> Result<DatabaseUrl, String> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl(raw.to_owned()));
        }
        if let Some(rest) = raw.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            if path.is_empty() {
                return Err("the SQLite URL names no file".into());
            }
            return Ok(DatabaseUrl(format!("sqlite://{path}")));
        }
        if raw.contains("://") {
            return Err(format!("unsupported database URL scheme in {:?}: use sqlite:// or postgres://", redact(raw)));
        }
        if raw.is_empty() {
            return Err("the database URL is empty".into());
        }
        Ok(DatabaseUrl(format!("sqlite://{raw}")))
    }

    pub fn backend(&self) -> Backend {
        if self.0.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres }
    }

    /// The file of a SQLite URL (without its `?…` parameters); `None` on PostgreSQL.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        let rest = self.0.strip_prefix("sqlite://")?;
        Some(std::path::PathBuf::from(rest.split('?').next().unwrap_or(rest)))
    }

    /// The URL with its password, for the driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", redact(&self.0))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// What the store refuses or fails with; `web/error.rs` maps it to HTTP once.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The right given was for another event than the one acted on (G1): 403.
    #[error("the right given is for another event")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A rule refused the request (any area: see `domain::refusal`); its message is French and
    /// safe to show.
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// Too many password hashes are waiting: the caller should come back later (G1).
    #[error("password hashing is saturated")]
    Busy,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<Refusal> for StoreError {
    fn from(refusal: Refusal) -> StoreError {
        StoreError::Refused(refusal)
    }
}

/// Each area's refusal converts with `?`, as the one `Refusal` it is part of.
macro_rules! refused_from {
    ($($area:ty),*) => {$(
        impl From<$area> for StoreError {
            fn from(refusal: $area) -> StoreError {
                StoreError::Refused(refusal.into())
            }
        }
    )*};
}
refused_from!(
    crate::domain::registration::Refusal,
    crate::domain::cfp::Refusal,
    crate::domain::board::Refusal,
    crate::domain::event::Invalid,
    crate::domain::programme::Invalid,
    crate::domain::account::Refusal
);

/// A named unique-constraint violation, recognised by kind rather than by constraint name
/// (SQLite does not report names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    SlugTaken,
    EmailTaken,
    /// Only `failed` and `held` messages can be put back in the queue.
    NotRetryable,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::SlugTaken => f.write_str("slug already used by another event"),
            Conflict::EmailTaken => f.write_str("email already used by another account"),
            Conflict::NotRetryable => f.write_str("only failed or held messages can be retried"),
        }
    }
}

/// The connection pool and the backend it talks to.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    /// SQLite: one connection that does every write, so writers queue in the pool (FIFO)
    /// instead of spinning on the database lock. PostgreSQL: the same pool as reads.
    writer: AnyPool,
    backend: Backend,
    /// The queue of writes that share transactions (group commit).
    groups: group::Groups,
    /// The key private links are derived from (B4), read once at start; never logged.
    links: token::LinkKey,
    /// PostgreSQL: the URL (for `LISTEN`, which needs a connection of its own) and the
    /// channel of this schema's change notices (see `notify`). `None` on SQLite.
    notices: Option<notify::Channel>,
}

impl Db {
    /// Opens (creating if needed) the database and applies pending migrations.
    pub async fn connect(url: &DatabaseUrl) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = url.backend();
        let mut opts = AnyConnectOptions::from_str(&with_create_mode(url))?;
        opts = opts.disable_statement_logging();
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let pool = sqlite_pool(8).connect_with(opts.clone()).await?;
                let writer = sqlite_pool(1).connect_with(opts).await?;
                (pool, writer)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(opts)
                    .await?;
                (pool.clone(), pool)
            }
        };
        let groups = group::Groups::start(writer.clone(), backend, writer_runtime());
        migrate(backend, &writer).await?;
        let links = token::LinkKey::load_or_create(&writer).await?;
        let notices = match backend {
            Backend::Postgres => Some(notify::Channel::of(url, &pool).await?),
            Backend::Sqlite => None,
        };
        Ok(Db { pool, writer, backend, groups, links, notices })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The key private links are derived from (B4).
    pub(crate) fn links(&self) -> &token::LinkKey {
        &self.links
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads then writes can fail with
    /// SQLITE_BUSY when another writer got there first, which would lose the request.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.writer.begin().await,
        }
    }

    /// Runs `write` in a write transaction, which it shares with the writes waiting at the
    /// same time (group commit, see `group`), on the writer's own thread: a transaction is
    /// a chain of statements, and on the busy request runtime the one holding the SQLite
    /// writer would wait in line between two of them. The write runs to its end even if the
    /// request that asked for it is gone.
    pub async fn write<W: group::GroupWrite>(&self, write: W) -> Result<W::Output, StoreError> {
        self.groups.write(write).await
    }

    /// The version of public content, raised by every write that changes what the public sees.
    pub async fn content_version(&self) -> Result<i64, StoreError> {
        let v: i64 = sqlx::query_scalar("SELECT version FROM site_state WHERE id = 1").fetch_one(&self.pool).await?;
        Ok(v)
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// The migrations this build embeds for `backend`.
pub(crate) fn migrator(backend: Backend) -> &'static sqlx::migrate::Migrator {
    static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
    static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
    match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    }
}

/// Applies the pending migrations of `backend`. Migrations of a newer build already applied
/// are tolerated: during a rolling upgrade, instances of this version start and serve next
/// to the newer ones (migrations are additive; see README, "Upgrades").
async fn migrate(backend: Backend, writer: &AnyPool) -> Result<(), sqlx::Error> {
    let mut migrator = match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    migrator.set_ignore_missing(true).run(writer).await?;
    Ok(())
}

/// The single-threaded runtime of the group-commit queue (`Db::write`), on its own OS thread,
/// started on first use.
fn writer_runtime() -> &'static tokio::runtime::Handle {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Handle> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("the writer runtime starts");
        let handle = runtime.handle().clone();
        std::thread::Builder::new()
            .name("rencontres-writer".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .expect("the writer thread starts");
        handle
    })
}

/// A SQLite pool whose connections use WAL and wait for the lock instead of failing.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        // A rush queues thousands of writes behind the single writer: wait, do not fail.
        .acquire_timeout(Duration::from_secs(60))
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL lets readers go on while the writer commits; the busy timeout covers
                // the other processes (an import while the server runs).
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                )
                .await?;
                Ok(())
            })
        })
}

/// Refuses an organiser write whose right is for another event than the one it changes:
/// every organiser store function calls it before writing (G1).
pub(crate) fn ensure_same_event(right_event: EventId, target: EventId) -> Result<(), StoreError> {
    if right_event == target { Ok(()) } else { Err(StoreError::Forbidden) }
}

/// Raises the public content version inside the caller's transaction.
pub(crate) async fn bump_content_version(tx: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    sqlx::query("UPDATE site_state SET version = version + 1 WHERE id = 1").execute(tx).await?;
    Ok(())
}

// An event id binds and reads as the integer it wraps, so that store functions take and
// return `EventId` without unwrapping it at every query.
impl sqlx::Type<sqlx::Any> for EventId {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for EventId {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&self.get(), buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for EventId {
    fn decode(value: <sqlx::Any as sqlx::Database>::ValueRef<'r>) -> Result<EventId, sqlx::error::BoxDynError> {
        Ok(EventId::new(<i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value)?))
    }
}

/// SQLite opens read-write but does not create the file unless asked to.
fn with_create_mode(url: &DatabaseUrl) -> String {
    let raw = url.expose();
    if url.backend() == Backend::Sqlite && !raw.contains("mode=") {
        let sep = if raw.contains('?') { '&' } else { '?' };
        format!("{raw}{sep}mode=rwc")
    } else {
        raw.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_debug_hides_password() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.example:5432/rencontres").unwrap();

        assert_eq!(format!("{url:?}"), "DatabaseUrl(postgres://app:***@db.example:5432/rencontres)");
        assert_eq!(url.to_string(), "postgres://app:***@db.example:5432/rencontres");
        assert_eq!(url.backend(), Backend::Postgres);
    }

    #[test]
    fn database_url_bare_path_is_sqlite() {
        let url = DatabaseUrl::parse("rencontres.db").unwrap();

        assert_eq!(url.expose(), "sqlite://rencontres.db");
        assert_eq!(url.backend(), Backend::Sqlite);
    }

    #[test]
    fn database_url_sqlite_path_drops_parameters() {
        let url = DatabaseUrl::parse("sqlite:///var/lib/r/rencontres.db?mode=rwc").unwrap();

        assert_eq!(url.sqlite_path(), Some(std::path::PathBuf::from("/var/lib/r/rencontres.db")));
        assert_eq!(DatabaseUrl::parse("postgres://a@h/d").unwrap().sqlite_path(), None);
    }

    #[test]
    fn database_url_refuses_unknown_scheme() {
        let err = DatabaseUrl::parse("mysql://root:pw@localhost/x").unwrap_err();

        assert_eq!(
            err,
            "unsupported database URL scheme in \"mysql://root:***@localhost/x\": use sqlite:// or postgres://"
        );
    }

    #[test]
    fn migrations_have_the_same_file_names_on_both_backends() {
        let names = |dir: &str| {
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let root = env!("CARGO_MANIFEST_DIR");

        let sqlite = names(&format!("{root}/migrations/sqlite"));
        let postgres = names(&format!("{root}/migrations/postgres"));

        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }
}
