//! O2 O3: what an operator asks of the database: is it ready (reachable, migrations
//! applied), the counts `/metrics` exposes, and SQLite backup and restore.

use super::{Backend, DatabaseUrl, Db, StoreError, migrator};
use crate::domain::message::MessageStatus;
use crate::domain::registration::State;
use sqlx::Connection as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

/// The migrations recorded as applied in a database, next to those this build embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrations {
    /// This build's migrations recorded as successful, and the newest migration recorded
    /// (which may come from a newer build during a rolling upgrade).
    pub applied: i64,
    pub latest_applied: Option<i64>,
    /// Migrations this build embeds, and the newest of them.
    pub expected: i64,
    pub latest_expected: i64,
}

impl Migrations {
    /// True when every migration this build embeds is applied. Newer ones, applied by the
    /// next version of a rolling upgrade, are additive by our rule (README, "Upgrades"):
    /// this build still serves.
    pub fn complete(&self) -> bool {
        self.applied == self.expected
    }

    /// True when the database holds migrations of a newer build.
    pub fn newer(&self) -> bool {
        self.latest_applied.is_some_and(|v| v > self.latest_expected)
    }
}

/// Runs a query on the database and reads which migrations are applied (`/readyz`).
pub async fn migrations(db: &Db) -> Result<Migrations, StoreError> {
    let mut conn = db.pool().acquire().await?;
    Ok(read_migrations(&mut conn, db.backend()).await?)
}

pub(crate) async fn read_migrations(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
) -> Result<Migrations, sqlx::Error> {
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&mut *conn).await?;
    let embedded = migrator(backend);
    Ok(Migrations {
        applied: embedded.iter().filter(|m| versions.contains(&m.version)).count() as i64,
        latest_applied: versions.iter().copied().max(),
        expected: embedded.iter().count() as i64,
        latest_expected: embedded.iter().map(|m| m.version).max().unwrap_or(0),
    })
}

/// What `/metrics` reads from the database at each scrape: every status and state, zero
/// included, in the order of their `ALL` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub messages: Vec<(MessageStatus, i64)>,
    pub registrations: Vec<(State, i64)>,
}

/// Counts messages by status and registrations by state, over every event.
pub async fn counts(db: &Db) -> Result<Counts, StoreError> {
    let messages = super::message::counts(db).await?;
    let registrations: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM registrations GROUP BY state").fetch_all(db.pool()).await?;
    let find = |name: &str, rows: &[(String, i64)]| rows.iter().find(|(s, _)| s == name).map_or(0, |(_, n)| *n);
    Ok(Counts {
        messages: MessageStatus::ALL
            .into_iter()
            .map(|s| (s, messages.iter().find(|(m, _)| *m == s).map_or(0, |(_, n)| *n)))
            .collect(),
        registrations: State::ALL.into_iter().map(|s| (s, find(s.as_str(), &registrations))).collect(),
    })
}

/// Takes or renews the lease of background job `job` for instance `holder` until
/// `now + ttl_seconds`: true when `holder` may run the job this round (it held the lease,
/// or nobody did, or the last holder's ran out). One row per job; the upsert is atomic on
/// both backends, so two instances never both get it.
pub async fn claim_job(db: &Db, job: &str, holder: u64, now: i64, ttl_seconds: i64) -> Result<bool, StoreError> {
    let holder = i64::try_from(holder & (i64::MAX as u64)).unwrap_or_default();
    let mut tx = db.begin_write().await?;
    let claimed = sqlx::query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
         WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4",
    )
    .bind(job)
    .bind(holder)
    .bind(now + ttl_seconds)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(claimed)
}

/// Why a SQLite backup or restore did not happen; the messages are English (command line).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists: choose a new file name, a backup never overwrites")]
    Exists(PathBuf),
    #[error("{0} is not a SQLite database")]
    NotSqlite(PathBuf),
    #[error("{0} is not a rencontres database: it has no applied migrations")]
    NotOurs(PathBuf),
    #[error("{path} fails SQLite's integrity check: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error("{path} comes from a newer rencontres (migration {found}, this build knows up to {known}): upgrade first")]
    Newer { path: PathBuf, found: i64, known: i64 },
    #[error("the database {0} is in use: stop the server (and any other rencontres command) first, then restore")]
    InUse(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Writes a consistent copy of the running SQLite database to `file` with `VACUUM INTO`:
/// a read transaction, so writers go on and the copy holds exactly what was committed when
/// it started. Refuses an existing `file`.
pub async fn backup_sqlite(db: &Db, file: &Path) -> Result<(), BackupError> {
    if file.exists() {
        return Err(BackupError::Exists(file.to_owned()));
    }
    let name = file.to_str().ok_or_else(|| BackupError::NotSqlite(file.to_owned()))?;
    // On the readers' pool: the single writer keeps serving registrations meanwhile.
    sqlx::query("VACUUM INTO $1").bind(name).execute(db.pool()).await?;
    Ok(())
}

/// Checks that `file` is a sound SQLite database of rencontres (migrations applied, none
/// newer than this build knows) and returns its migrations.
pub async fn check_backup(file: &Path) -> Result<Migrations, BackupError> {
    let mut header = [0u8; 16];
    let read = std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map_err(|source| BackupError::Io { path: file.to_owned(), source });
    if let Err(BackupError::Io { source, .. }) = &read
        && source.kind() == std::io::ErrorKind::UnexpectedEof
    {
        return Err(BackupError::NotSqlite(file.to_owned()));
    }
    read?;
    if &header != b"SQLite format 3\0" {
        return Err(BackupError::NotSqlite(file.to_owned()));
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", file.display());
    let mut conn = sqlx::AnyConnection::connect_with(&sqlx::any::AnyConnectOptions::from_str(&url)?).await?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check").fetch_one(&mut conn).await?;
    if check != "ok" {
        return Err(BackupError::Damaged { path: file.to_owned(), detail: check });
    }
    let found = read_migrations(&mut conn, Backend::Sqlite).await;
    conn.close().await?;
    let found = found.map_err(|_| BackupError::NotOurs(file.to_owned()))?;
    match found.latest_applied {
        None => Err(BackupError::NotOurs(file.to_owned())),
        Some(v) if v > found.latest_expected => {
            Err(BackupError::Newer { path: file.to_owned(), found: v, known: found.latest_expected })
        }
        Some(_) => Ok(found),
    }
}

/// Replaces the SQLite database of `target` with a copy of `file`, once `check_backup`
/// accepted it and no other connection holds the database: leaving WAL mode needs every
/// other connection closed, so a running server (whose pools stay connected) makes it fail
/// and nothing is touched. The copy is written beside the database and renamed over it.
pub async fn restore_sqlite(target: &DatabaseUrl, file: &Path) -> Result<Migrations, BackupError> {
    let found = check_backup(file).await?;
    let path = target.sqlite_path().expect("restore is for SQLite");
    if path.exists() {
        let url = format!("sqlite://{}", path.display());
        let mut conn = sqlx::AnyConnection::connect_with(&sqlx::any::AnyConnectOptions::from_str(&url)?).await?;
        // Fail at once rather than wait for a server that will not let go.
        sqlx::query("PRAGMA busy_timeout = 0").execute(&mut conn).await?;
        let mode: Result<String, sqlx::Error> =
            sqlx::query_scalar("PRAGMA journal_mode = DELETE").fetch_one(&mut conn).await;
        conn.close().await?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => {}
            _ => return Err(BackupError::InUse(path)),
        }
    }
    let io = |source| BackupError::Io { path: path.clone(), source };
    let mut partial = path.clone().into_os_string();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    std::fs::copy(file, &partial).map_err(io)?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(io)?;
    std::fs::rename(&partial, &path).map_err(io)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(found)
}
