//! The `rencontres` command: serve the site, import existing posts, export a static site,
//! build and release an event's programme (D1 D2 D3).

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use rencontres::config::Config;
use rencontres::store::Db;
use rencontres::{demo, export, web};
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "rencontres", version, about = "Community events from announcement to retrospective.")]
struct Cli {
    /// Configuration file (default: ./rencontres.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://… (default: sqlite://rencontres.db).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations are applied at start).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
        /// Add a few demo events dated around today (only those not there yet).
        #[arg(long)]
        demo: bool,
    },
    /// Import every .md/.markdown/.txt post below DIR (Eleventy or Jekyll front matter).
    /// Importing the same folder again changes nothing; a changed file updates its event.
    Import {
        /// Folder of posts (searched recursively; hidden folders and node_modules skipped).
        dir: PathBuf,
        /// Parse and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the public pages, feeds and assets as a static site into DIR.
    Export {
        /// Output folder (created if needed; existing files are overwritten).
        dir: PathBuf,
    },
    /// Build an event's programme: import a draft, check it, release it.
    Programme {
        #[command(subcommand)]
        action: ProgrammeAction,
    },
}

#[derive(Subcommand)]
enum ProgrammeAction {
    /// Replace the working draft of EVENT (its slug) with the YAML FILE; items keep their
    /// ids by `id`, else by title and day. The public sees nothing until a release.
    Import { event: String, file: PathBuf },
    /// Print the warnings of the checks on the draft (room overlaps, speakers in two places…).
    Check { event: String },
    /// Freeze the draft as the next public version, with its change log.
    Release {
        event: String,
        /// The version's name, shown publicly and in the exports' <version> ("v1", "définitif").
        #[arg(long)]
        name: String,
        /// Release even when the checks find problems (recorded with the release).
        #[arg(long = "override")]
        override_warnings: bool,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RENCONTRES_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let loaded = Config::load(cli.config.as_deref(), std::env::vars())?;
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    let mut config = loaded.config;
    if let Some(url) = cli.database_url {
        rencontres::store::DatabaseUrl::parse(&url).map_err(|e| anyhow::anyhow!("invalid --database-url: {e}"))?;
        config.database_url = url;
    }
    let url = config.database_url();
    let db = Db::connect(&url).await.with_context(|| format!("cannot open the database {url}"))?;
    match cli.command {
        Command::Serve { listen, demo: with_demo } => {
            if let Some(addr) = listen {
                config.listen = addr;
            }
            if with_demo {
                let now = jiff::Timestamp::now();
                let today = now.to_zoned(rencontres::domain::event::paris()).date();
                let added = demo::install(&db, today, now).await?;
                tracing::info!(added, "demo events installed");
            }
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("cannot listen on {}", config.listen))?;
            let addr = listener.local_addr()?;
            let app = web::App::new(db.clone(), config).await?;
            tracing::info!(%addr, backend = ?db.backend(), "listening");
            // Caught before the port is announced: whoever reads the line may stop us at once.
            let shutdown = web::shutdown_signal();
            // The harness and scripts read this line to learn the port when given :0.
            println!("rencontres listening on http://{addr}");
            std::io::stdout().flush()?;
            web::serve_until(app, listener, shutdown).await?;
            db.close().await;
        }
        Command::Import { dir, dry_run } => {
            let report = rencontres::import::run::import_folder(&db, &dir, &config.media_dir, dry_run, jiff::Timestamp::now()).await?;
            print!("{}", report.render(dry_run));
            db.close().await;
        }
        Command::Export { dir } => {
            let app = web::App::new(db.clone(), config).await?;
            let summary = export::static_site::export(app, &dir).await?;
            println!(
                "exported {} pages, {} assets and {} media files to {}",
                summary.pages, summary.assets, summary.media, dir.display()
            );
        }
        Command::Programme { action } => {
            let out = programme_command(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
    }
    Ok(())
}

/// Runs one `rencontres programme` action and returns what to print.
async fn programme_command(db: &Db, action: ProgrammeAction) -> anyhow::Result<String> {
    use rencontres::store::programme::{self as store, ReleaseOutcome};
    let now = jiff::Timestamp::now();
    let warnings_text = |warnings: &[rencontres::domain::programme::Warning]| {
        warnings
            .iter()
            .map(|w| format!("  - {} (éléments {:?})\n", w.message_fr(), w.item_ids()))
            .collect::<String>()
    };
    match action {
        ProgrammeAction::Import { event, file } => {
            let yaml = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let plan = rencontres::import::programme::parse(&yaml).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let (rooms, tracks, items) = (plan.rooms.len(), plan.tracks.len(), plan.items.len());
            store::edit_draft(db, &event, now, |draft| draft.replace(plan))
                .await
                .with_context(|| format!("cannot import the programme of {event}"))?
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let warnings = store::check_draft(db, &event).await?;
            Ok(format!(
                "draft of {event}: {rooms} rooms, {tracks} tracks, {items} items; {} warnings\n{}",
                warnings.len(),
                warnings_text(&warnings)
            ))
        }
        ProgrammeAction::Check { event } => {
            let warnings = store::check_draft(db, &event).await.with_context(|| format!("cannot check {event}"))?;
            Ok(format!("{} warnings\n{}", warnings.len(), warnings_text(&warnings)))
        }
        ProgrammeAction::Release { event, name, override_warnings } => {
            let outcome = store::release(db, &event, &name, override_warnings, now)
                .await
                .with_context(|| format!("cannot release the programme of {event}"))?
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            match outcome {
                ReleaseOutcome::Released(r) => Ok(format!(
                    "released version {} \"{}\" of {event}: {} items, {} changes{}\n",
                    r.number,
                    r.name,
                    r.programme.items.len(),
                    r.changes.len(),
                    if r.overridden { format!(", {} warnings overridden", r.warnings.len()) } else { String::new() }
                )),
                ReleaseOutcome::Blocked(w) => Err(anyhow::anyhow!(
                    "not released: {} warnings (fix them or pass --override)\n{}",
                    w.len(),
                    warnings_text(&w)
                )),
            }
        }
    }
}
