//! `rencontres backup FILE` and `rencontres restore FILE` (O3). On SQLite the backup is taken
//! while the server runs (`VACUUM INTO`) and the restore waits for it to be stopped; on
//! PostgreSQL both are PostgreSQL's own tools, whose exact command is printed instead.

use super::Refused;
use rencontres::store::{Backend, DatabaseUrl, Db, ops};
use std::path::Path;

/// Writes a consistent copy of the SQLite database to `file`; on PostgreSQL, refuses with
/// the `pg_dump` command to run.
pub async fn backup(url: &DatabaseUrl, file: &Path) -> anyhow::Result<String> {
    if url.backend() == Backend::Postgres {
        return Err(Refused(format!(
            "rencontres backup copies SQLite databases only. On PostgreSQL, run while the server runs:\n  \
             pg_dump --format=custom --no-owner --file={} '{url}'\n\
             (the password is hidden: give it with PGPASSWORD or ~/.pgpass; \
             restore with: pg_restore --clean --if-exists --no-owner --dbname='{url}' {})",
            quote(file),
            quote(file)
        ))
        .into());
    }
    let path = url.sqlite_path().expect("a SQLite URL names a file");
    if !path.exists() {
        anyhow::bail!("the database {} does not exist: nothing to back up", path.display());
    }
    let db = Db::connect(url).await?;
    let done = ops::backup_sqlite(&db, file).await;
    db.close().await;
    done?;
    Ok(format!("backup of {} written to {}\n", path.display(), file.display()))
}

/// Replaces the SQLite database with `file` once it is checked and no server holds the
/// database; on PostgreSQL, refuses with the `pg_restore` command to run.
pub async fn restore(url: &DatabaseUrl, file: &Path) -> anyhow::Result<String> {
    if url.backend() == Backend::Postgres {
        return Err(Refused(format!(
            "rencontres restore replaces SQLite databases only. On PostgreSQL, stop the servers, then run:\n  \
             pg_restore --clean --if-exists --no-owner --dbname='{url}' {}\n\
             (the password is hidden: give it with PGPASSWORD or ~/.pgpass)",
            quote(file)
        ))
        .into());
    }
    let found = ops::restore_sqlite(url, file).await?;
    let path = url.sqlite_path().expect("a SQLite URL names a file");
    Ok(format!(
        "{} restored from {} ({} migrations; the next start applies any newer ones)\n",
        path.display(),
        file.display(),
        found.applied
    ))
}

/// A file name for a POSIX shell: single-quoted unless it is plain.
fn quote(file: &Path) -> String {
    let s = file.display().to_string();
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
