//! The `rencontres` command line (A3 A5 B1 C1 D1 D2 D3 E4 F1 G1 G3 I3 O3): the clap definitions and
//! the dispatch to one module per command, each calling the store as the web handlers do.

mod backup;
mod board;
mod cfp;
mod export;
mod gazette;
mod import;
mod mail;
mod programme;
mod registrations;
mod serve;
mod user;
mod webhooks;

use anyhow::Context as _;
use board::BoardAction;
use cfp::CfpAction;
use clap::{Parser, Subcommand};
use gazette::GazetteAction;
use mail::MailAction;
use programme::ProgrammeAction;
use registrations::RegistrationsAction;
use rencontres::config::Config;
use rencontres::store::Db;
use rencontres::web;
use std::path::PathBuf;
use user::UserCommand;
use webhooks::WebhooksAction;

/// The arguments of `rencontres`: global options and one command.
#[derive(Parser)]
#[command(name = "rencontres", version, about = "Community events from announcement to retrospective.")]
pub struct Cli {
    /// Configuration file (default: ./rencontres.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://… (default: sqlite://rencontres.db).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Log lines as text for people, or as one JSON object a line for a log collector (O2).
    #[arg(long, global = true, value_enum, env = "RENCONTRES_LOG_FORMAT", default_value = "text")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

/// How log lines are written on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// The commands of `rencontres`.
#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (migrations are applied at start).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<std::net::SocketAddr>,
        /// Add a few demo events dated around today (only those not there yet).
        #[arg(long)]
        demo: bool,
        /// Serve beyond loopback although base_url is http:// (allow_insecure_http): passwords
        /// and session cookies then cross the network unencrypted.
        #[arg(long)]
        allow_insecure_http: bool,
    },
    /// Manage organiser accounts (G1) and take access away (G5).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import every .md/.markdown/.txt post below DIR (Eleventy or Jekyll front matter).
    /// Importing the same folder again changes nothing; a changed file updates its event.
    Import {
        /// Folder of posts (searched recursively; hidden folders and node_modules skipped).
        dir: PathBuf,
        /// Parse and print each post's facts with where they were found, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The original site's address (e.g. https://code.gouv.fr): site-relative links of
        /// the posts (/fr/…) point there; without it they lose their target.
        #[arg(long)]
        source_base_url: Option<String>,
    },
    /// Registration settings of an event (B1), until organisers have them in the browser.
    Registrations {
        #[command(subcommand)]
        action: RegistrationsAction,
    },
    /// The call for talks of an event (C1 C3): open it, show its proposals, export them.
    Cfp {
        #[command(subcommand)]
        action: CfpAction,
    },
    /// Show and drive the mail queue (G3).
    Mail {
        #[command(subcommand)]
        action: MailAction,
    },
    /// Write the public pages, feeds and assets as a static site into DIR.
    Export {
        /// Output folder (created if needed; existing files are overwritten).
        dir: PathBuf,
        /// The sub-path the copy will be served under, e.g. /fr/bluehats/ (default: the root).
        /// Links to pages the copy does not hold (registration, proposals) go to base_url.
        #[arg(long, default_value = "/")]
        base_path: String,
    },
    /// Build an event's programme: import a draft, check it, release it.
    Programme {
        #[command(subcommand)]
        action: ProgrammeAction,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs (O3).
    /// On PostgreSQL, prints the pg_dump command to run instead (exit code 2).
    Backup {
        /// The new file (never overwritten).
        file: PathBuf,
    },
    /// Replace the SQLite database with FILE, a backup, once the server is stopped (O3).
    /// On PostgreSQL, prints the pg_restore command to run instead (exit code 2).
    Restore {
        /// A file written by `rencontres backup`.
        file: PathBuf,
    },
    /// Copy this SQLite deployment into an empty PostgreSQL database (O3), then check each
    /// table's row count and checksum on both sides. The SQLite file is only read.
    MigrateTo {
        /// The PostgreSQL database, e.g. postgres://rencontres@db.example.org/rencontres.
        target: String,
    },
    /// The gazette (F1): import past issues, import and export subscribers.
    Gazette {
        #[command(subcommand)]
        action: GazetteAction,
    },
    /// Read a garagethon board: its figures and the Markdown draft of its bilan post (E4).
    Board {
        #[command(subcommand)]
        action: BoardAction,
    },
    /// Signed webhooks (I3): list, add, pause, resume, rotate, remove subscriptions; read and
    /// replay their deliveries.
    Webhooks {
        #[command(subcommand)]
        action: WebhooksAction,
    },
}

/// Loads the configuration, opens the database and runs the command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let loaded = Config::load(cli.config.as_deref(), std::env::vars())?;
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    let mut config = loaded.config;
    if let Some(url) = cli.database_url {
        rencontres::store::DatabaseUrl::parse(&url).map_err(|e| anyhow::anyhow!("invalid --database-url: {e}"))?;
        config.database_url = url;
    }
    if let Command::Serve { listen, allow_insecure_http, .. } = &cli.command {
        config.allow_insecure_http |= *allow_insecure_http;
        serve::refuse_insecure_http(&config, listen.unwrap_or(config.listen))?;
    }
    let url = config.database_url();
    // Before opening the database: a restore needs it closed, a PostgreSQL backup is pg_dump's.
    match &cli.command {
        Command::Backup { file } => return print_out(backup::backup(&url, file).await),
        Command::Restore { file } => return print_out(backup::restore(&url, file).await),
        Command::MigrateTo { target } => return print_out(backup::migrate_to(&url, target).await),
        _ => {}
    }
    let db = Db::connect(&url).await.with_context(|| format!("cannot open the database {url}"))?;
    match cli.command {
        Command::Serve { listen, demo: with_demo, .. } => serve::run(db, config, listen, with_demo).await?,
        Command::User { command } => {
            let out = user::run(&db, &config, command).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Import { dir, dry_run, source_base_url } => import::run(db, &dir, dry_run, source_base_url).await?,
        Command::Registrations { action } => {
            let app = web::App::new(db.clone(), config).await?;
            registrations::run(&app, action).await?;
            db.close().await;
        }
        Command::Gazette { action } => {
            let out = gazette::run(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Cfp { action } => {
            let out = cfp::run(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Mail { action } => {
            mail::run(&db, &config, action).await?;
            db.close().await;
        }
        Command::Export { dir, base_path } => export::run(db, config, &dir, &base_path).await?,
        Command::Programme { action } => {
            let out = programme::run(&db, config, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Board { action } => {
            let out = board::run(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Webhooks { action } => {
            let out = webhooks::run(&db, &config, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Backup { .. } | Command::Restore { .. } | Command::MigrateTo { .. } => {
            unreachable!("run before the database opens")
        }
    }
    Ok(())
}

fn print_out(out: anyhow::Result<String>) -> anyhow::Result<()> {
    print!("{}", out?);
    Ok(())
}

/// A command that cannot do what was asked here and says what to do instead; `main` exits
/// with code 2 rather than 1.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}
