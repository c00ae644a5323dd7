//! `rencontres serve`: the web server, with demo events on request (A1). It refuses to serve
//! beyond loopback over plain http unless told to, and warns when `base_url` was left at its
//! default while the server listens elsewhere.

use anyhow::Context as _;
use rencontres::config::Config;
use rencontres::demo;
use rencontres::store::Db;
use rencontres::web;
use std::io::Write as _;

/// Refuses a listen address beyond loopback while `base_url` is `http://`, unless
/// `allow_insecure_http` is set: passwords and session cookies would cross the network in
/// clear, and `Secure` cookies would not be possible.
pub fn refuse_insecure_http(config: &Config, listen: std::net::SocketAddr) -> anyhow::Result<()> {
    let loopback = listen.ip().to_canonical().is_loopback();
    if config.base_url().starts_with("http://") && !loopback && !config.allow_insecure_http {
        anyhow::bail!(
            "refusing to serve on {listen} with base_url {}: passwords and session cookies would cross the \
             network unencrypted. Set base_url to the https:// address of the site (behind a TLS proxy), \
             listen on a loopback address, or pass --allow-insecure-http (allow_insecure_http = true) to \
             accept the risk",
            config.base_url()
        );
    }
    Ok(())
}

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
    let default_base = Config::default().base_url;
    if config.base_url == default_base && addr.to_string() != default_base.trim_start_matches("http://") {
        tracing::warn!(
            "base_url is the default {default_base} but the server listens on {addr}: links in mails, feeds and \
             calendars will use {default_base}; set base_url to the address visitors use"
        );
    }
    let app = web::App::new(db.clone(), config).await?;
    // O1: images of earlier versions, once files on this instance's disk, go to the database.
    let adopted = rencontres::import::media::adopt_folder(&db, &app.config.media_dir, jiff::Timestamp::now()).await?;
    for warning in &adopted.warnings {
        tracing::warn!("media folder: {warning}");
    }
    if adopted.stored > 0 {
        tracing::info!(stored = adopted.stored, dir = %app.config.media_dir.display(), "images of the media folder copied into the database");
    }
    if with_demo {
        let now = jiff::Timestamp::now();
        let today = now.to_zoned(rencontres::domain::event::paris()).date();
        let added = demo::install(&db, &app.composer, app.config.base_url(), today, now).await?;
        app.refresh_content_version().await?;
        tracing::info!(added, "demo events installed");
        // I2: the quickest look at the API is its public part on the demo events.
        tracing::info!(
            events = %format!("{}/api/v1/events", app.config.base_url()),
            openapi = %format!("{}/api/v1/openapi.json", app.config.base_url()),
            "JSON API"
        );
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
