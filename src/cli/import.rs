//! `rencontres import`: existing posts below a folder become events (A3).

use rencontres::config::Config;
use rencontres::store::Db;
use std::path::Path;

/// Imports (or, with `dry_run`, only parses) the posts below `dir`, prints the report and
/// closes the database.
pub async fn run(db: Db, config: &Config, dir: &Path, dry_run: bool) -> anyhow::Result<()> {
    let report =
        rencontres::import::run::import_folder(&db, dir, &config.media_dir, dry_run, jiff::Timestamp::now()).await?;
    print!("{}", report.render(dry_run));
    db.close().await;
    Ok(())
}
