//! `rencontres import`: existing posts below a folder become events (A3).

use rencontres::store::Db;
use std::path::Path;

/// Imports (or, with `dry_run`, only parses) the posts below `dir`, prints the provenance
/// table of what changed and the report, and closes the database.
pub async fn run(db: Db, dir: &Path, dry_run: bool, source_base_url: Option<String>) -> anyhow::Result<()> {
    if let Some(base) = &source_base_url
        && !(base.starts_with("https://") || base.starts_with("http://"))
    {
        anyhow::bail!("--source-base-url must be an http(s) address, such as https://code.gouv.fr");
    }
    let options = rencontres::import::Options { source_base_url, ..Default::default() };
    let now = jiff::Timestamp::now();
    let report = rencontres::import::run::import_folder(&db, dir, dry_run, &options, now).await?;
    print!("{}", report.render(dry_run));
    db.close().await;
    Ok(())
}
