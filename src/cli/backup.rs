//! `rencontres backup FILE` and `rencontres restore FILE` (O3). On SQLite the backup is taken
//! while the server runs (`VACUUM INTO`) and the restore waits for it to be stopped; on
//! PostgreSQL both are PostgreSQL's own tools, whose exact command is printed instead.
//! `rencontres migrate-to postgres://…` moves a SQLite deployment up to PostgreSQL.

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

/// Copies the SQLite database at `url` into the empty PostgreSQL database `target` and
/// prints each table's rows and checksum.
pub async fn migrate_to(url: &DatabaseUrl, target: &str) -> anyhow::Result<String> {
    let target = DatabaseUrl::parse(target).map_err(|e| anyhow::anyhow!("invalid target URL: {e}"))?;
    let tables = rencontres::store::migrate_to::sqlite_to_postgres(url, &target).await?;
    let mut out = String::new();
    let width = tables.iter().map(|t| t.name.len()).max().unwrap_or(5);
    for t in &tables {
        out.push_str(&format!("{:<width$}  {:>8} rows  sha256 {}\n", t.name, t.rows, &t.checksum[..16]));
    }
    let rows: i64 = tables.iter().map(|t| t.rows).sum();
    out.push_str(&format!(
        "copied {} tables ({rows} rows) into {target}; row counts and checksums match. The SQLite file was \
         only read. Point database_url at PostgreSQL and restart; images moved with the tables.\n",
        tables.len()
    ));
    Ok(out)
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
