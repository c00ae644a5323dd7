//! `rencontres serve`: the web server, with demo events on request (A1).

use anyhow::Context as _;
use rencontres::config::Config;
use rencontres::demo;
use rencontres::store::Db;
use rencontres::web;
use std::io::Write as _;

/// Listens (on `listen`, else the configured address), serves until Ctrl-C or SIGTERM, then
/// closes the database.
pub async fn run(
    db: Db,
    mut config: Config,
    listen: Option<std::net::SocketAddr>,
    with_demo: bool,
) -> anyhow::Result<()> {
    if let Some(addr) = listen {
        config.listen = addr;
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let app = web::App::new(db.clone(), config).await?;
    if with_demo {
        let now = jiff::Timestamp::now();
        let today = now.to_zoned(rencontres::domain::event::paris()).date();
        let added = demo::install(&db, &app.composer, app.config.base_url(), today, now).await?;
        app.refresh_content_version().await?;
        tracing::info!(added, "demo events installed");
    }
    // Before the line below: whoever reads it may send SIGTERM at once.
    let shutdown = web::shutdown_signal();
    tracing::info!(%addr, backend = ?db.backend(), "listening");
    // The harness and scripts read this line to learn the port when given :0.
    println!("rencontres listening on http://{addr}");
    std::io::stdout().flush()?;
    web::serve_until(app, listener, shutdown).await?;
    db.close().await;
    Ok(())
}
