//! `rencontres export`: the public site written as static files (A5).

use rencontres::config::Config;
use rencontres::store::Db;
use rencontres::web;
use std::path::Path;

/// Writes the public pages, feeds, assets and media into `dir`, for hosting under
/// `base_path`, and prints what was written.
pub async fn run(db: Db, config: Config, dir: &Path, base_path: &str) -> anyhow::Result<()> {
    let app = web::App::new(db.clone(), config).await?;
    let summary = web::static_site::export(app, dir, base_path).await?;
    println!(
        "exported {} pages, {} assets and {} media files to {}",
        summary.pages,
        summary.assets,
        summary.media,
        dir.display()
    );
    Ok(())
}
