//! The `rencontres` command: serve the site, import existing posts, export a static site,
//! build and release an event's programme (D1 D2 D3).

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use rencontres::config::Config;
use rencontres::store::{Db, StoreError};
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
    /// Manage organiser accounts (G1).
    User {
        #[command(subcommand)]
        command: UserCommand,
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
    },
    /// Build an event's programme: import a draft, check it, release it.
    Programme {
        #[command(subcommand)]
        action: ProgrammeAction,
    },
    /// Read a garagethon board: its figures and the Markdown draft of its bilan post (E4).
    Board {
        #[command(subcommand)]
        action: BoardAction,
    },
}

#[derive(Subcommand)]
enum BoardAction {
    /// Print the figures of EVENT's board (its slug).
    Figures { event: String },
    /// Print the Markdown draft of EVENT's bilan post, ready for `rencontres import`.
    Bilan { event: String },
}

#[derive(Subcommand)]
enum ProgrammeAction {
    /// Replace the working draft of EVENT (its slug) with the YAML FILE; items keep their
    /// ids by `id`, else by title and day. The public sees nothing until a release.
    Import { event: String, file: PathBuf },
    /// Print the warnings of the checks on the draft (room overlaps, speakers in two places…).
    Check { event: String },
    /// Print the working draft of EVENT in the import format, items with their ids, to edit
    /// it and import it again.
    Export { event: String },
    /// Freeze the draft as the next public version, with its change log.
    Release {
        event: String,
        /// The version's name, shown publicly and in the exports' <version> ("v1", "définitif").
        #[arg(long)]
        name: String,
        /// Release even when the checks find problems (recorded with the release).
        #[arg(long = "override")]
        override_warnings: bool,
        /// Queue a message to each speaker (with an address under `contacts:`) whose item
        /// was moved, retitled, cancelled or had its speakers changed.
        #[arg(long)]
        notify_speakers: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is asked on the terminal (without echo), read from
    /// standard input when it is not a terminal, or replaced by a one-time link.
    Add {
        /// The account's email address.
        email: String,
        /// Make the account an administrator (every right).
        #[arg(long)]
        admin: bool,
        /// The person's name.
        #[arg(long, default_value = "")]
        name: String,
        /// Print a one-time link to choose the password instead of asking for it.
        #[arg(long)]
        print_link: bool,
    },
}

#[derive(Subcommand)]
enum RegistrationsAction {
    /// Open (or change) registrations of the event with this slug.
    Open {
        slug: String,
        /// Number of places.
        #[arg(long)]
        places: u32,
        /// first_come, selection, invitation or external.
        #[arg(long, default_value = "first_come")]
        mode: String,
        /// Closing date-time in Europe/Paris, e.g. 2030-01-02T23:59:59.
        #[arg(long)]
        closes: Option<String>,
        /// Where to register, for the external mode.
        #[arg(long)]
        external_url: Option<String>,
        /// Consent sentence the registrant must tick.
        #[arg(long, default_value = "")]
        consent: String,
        /// Days after the event before personal data is purged.
        #[arg(long, default_value_t = 365)]
        retention_days: u32,
    },
    /// Show the counts of an event's registrations by state.
    Show { slug: String },
    /// Erase the personal data of events whose retention period has run out (B7); the
    /// server also does it every hour.
    Purge,
}

#[derive(Subcommand)]
enum CfpAction {
    /// Open (or change) the call for talks of the event with this slug.
    Open {
        slug: String,
        /// Last minute proposals are taken, Europe/Paris, e.g. 2030-11-15T23:59 (inclusive).
        #[arg(long)]
        closes: String,
        /// Opening date-time, Europe/Paris (default: now).
        #[arg(long)]
        opens: Option<String>,
        /// A format "Name | min | max" in minutes; repeat for several (default: 5 to 20 min).
        #[arg(long = "format")]
        formats: Vec<String>,
        /// Date by which proposers get an answer, e.g. 2030-11-30.
        #[arg(long)]
        decisions_by: Option<String>,
        /// Reviewers do not see who proposed.
        #[arg(long)]
        anonymous: bool,
    },
    /// Print the call's dates and its proposals with their decision.
    Show { slug: String },
    /// Print the proposals as CSV (semicolon-separated, UTF-8 with BOM).
    Export { slug: String },
}

#[derive(Subcommand)]
enum MailAction {
    /// List messages, newest first, with counts per status.
    List {
        /// Only this status: queued, held, sending, sent, retrying, failed.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Put a failed or held message back in the queue.
    Retry { id: i64 },
    /// Deliver every due message now, once, and report.
    Send,
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
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("cannot listen on {}", config.listen))?;
            let addr = listener.local_addr()?;
            let app = web::App::new(db.clone(), config).await?;
            if with_demo {
                let now = jiff::Timestamp::now();
                let today = now.to_zoned(rencontres::domain::event::paris()).date();
                let added = demo::install(&db, &app.mailing(), today, now).await?;
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
        }
        Command::User { command: UserCommand::Add { email, admin, name, print_link } } => {
            add_user(&db, &config, &email, &name, admin, print_link).await?;
        }
        Command::Import { dir, dry_run } => {
            let report =
                rencontres::import::run::import_folder(&db, &dir, &config.media_dir, dry_run, jiff::Timestamp::now())
                    .await?;
            print!("{}", report.render(dry_run));
            db.close().await;
        }
        Command::Registrations { action } => {
            let app = web::App::new(db.clone(), config).await?;
            run_registrations(&app, action).await?;
            db.close().await;
        }
        Command::Cfp { action } => {
            let out = run_cfp(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Mail { action } => {
            run_mail(&db, &config, action).await?;
            db.close().await;
        }
        Command::Export { dir } => {
            let app = web::App::new(db.clone(), config).await?;
            let summary = export::static_site::export(app, &dir).await?;
            println!(
                "exported {} pages, {} assets and {} media files to {}",
                summary.pages,
                summary.assets,
                summary.media,
                dir.display()
            );
        }
        Command::Programme { action } => {
            let out = programme_command(&db, config, action).await;
            db.close().await;
            print!("{}", out?);
        }
        Command::Board { action } => {
            let out = board_command(&db, action).await;
            db.close().await;
            print!("{}", out?);
        }
    }
    Ok(())
}

/// Runs one `rencontres board` action and returns what to print.
async fn board_command(db: &Db, action: BoardAction) -> anyhow::Result<String> {
    use rencontres::domain::board::{BilanEvent, bilan_markdown};
    let slug = match &action {
        BoardAction::Figures { event } | BoardAction::Bilan { event } => event.clone(),
    };
    let event =
        rencontres::store::event::find_by_slug(db, &slug).await?.ok_or_else(|| anyhow::anyhow!("no event {slug}"))?;
    let board = rencontres::store::board::load(db, event.id).await?;
    Ok(match action {
        BoardAction::Figures { .. } => {
            let f = board.figures();
            format!(
                "projects {}\nobjectives {} (done {})\nhelp requests {}\nhelp given {}\ncontributors {}\nmerge requests {}\nlightning talks {}\n",
                f.projects,
                f.objectives,
                f.objectives_done,
                f.requests,
                f.help_given,
                f.contributors,
                f.merge_requests,
                f.talks
            )
        }
        BoardAction::Bilan { .. } => bilan_markdown(
            &board,
            &BilanEvent {
                title: &event.draft.title,
                start: event.draft.dates.start_date,
                end: event.draft.dates.end_date,
                venue: event.draft.venue.name.as_deref(),
                today: jiff::Timestamp::now().to_zoned(rencontres::domain::event::paris()).date(),
            },
        ),
    })
}

/// Runs one `rencontres programme` action and returns what to print.
async fn programme_command(db: &Db, config: Config, action: ProgrammeAction) -> anyhow::Result<String> {
    use rencontres::domain::programme::ReleaseOutcome;
    use rencontres::store::programme as store;
    let now = jiff::Timestamp::now();
    // Whoever runs the binary holds the database: the command line acts with its own right.
    let right_on = |slug: &str| {
        let slug = slug.to_owned();
        async move {
            let event = rencontres::store::event::find_by_slug(db, &slug).await?.ok_or(StoreError::NotFound)?;
            Ok::<_, StoreError>(rencontres::domain::account::EditRight::command_line(event.id))
        }
    };
    let warnings_text = |warnings: &[rencontres::domain::programme::Warning]| {
        warnings.iter().map(|w| format!("  - {} (éléments {:?})\n", w.message_fr(), w.item_ids())).collect::<String>()
    };
    match action {
        ProgrammeAction::Import { event, file } => {
            let yaml = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let plan =
                rencontres::import::programme::parse(&yaml).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let (rooms, tracks, items) = (plan.rooms.len(), plan.tracks.len(), plan.items.len());
            let right = right_on(&event).await.with_context(|| format!("cannot import the programme of {event}"))?;
            match store::import(db, &right, plan, now).await {
                Err(StoreError::Refused(e)) => return Err(anyhow::anyhow!("{}: {e}", file.display())),
                done => done.with_context(|| format!("cannot import the programme of {event}"))?,
            }
            let warnings = store::check_draft(db, &event).await?;
            Ok(format!(
                "draft of {event}: {rooms} rooms, {tracks} tracks, {items} items; {} warnings\n{}",
                warnings.len(),
                warnings_text(&warnings)
            ))
        }
        ProgrammeAction::Export { event } => {
            let draft =
                store::get_draft(db, &event).await.with_context(|| format!("cannot read the programme of {event}"))?;
            Ok(rencontres::import::programme::to_yaml(&draft.programme))
        }
        ProgrammeAction::Check { event } => {
            let warnings = store::check_draft(db, &event).await.with_context(|| format!("cannot check {event}"))?;
            Ok(format!("{} warnings\n{}", warnings.len(), warnings_text(&warnings)))
        }
        ProgrammeAction::Release { event, name, override_warnings, notify_speakers } => {
            let app = web::App::new(db.clone(), config).await?;
            let right = right_on(&event).await.with_context(|| format!("cannot release the programme of {event}"))?;
            let outcome = match web::organiser::programme::release_draft(
                &app,
                &right,
                &name,
                override_warnings,
                notify_speakers,
                now,
            )
            .await
            {
                Err(web::error::WebError::Store(StoreError::Refused(e))) => return Err(anyhow::anyhow!("{e}")),
                done => done.with_context(|| format!("cannot release the programme of {event}"))?,
            };
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

/// `rencontres user add`: creates the account with a password read from the terminal (or
/// standard input), or prints a one-time link to choose it. Never prints the password.
async fn add_user(
    db: &Db,
    config: &Config,
    email: &str,
    name: &str,
    admin: bool,
    print_link: bool,
) -> anyhow::Result<()> {
    use rencontres::domain::account::{check_password, parse_account_email};
    use rencontres::store::account::{self, PasswordHasher, Purpose};
    use std::io::IsTerminal as _;
    let email = parse_account_email(email).map_err(|e| anyhow::anyhow!("{email:?}: {e}"))?;
    let now = jiff::Timestamp::now();
    if print_link {
        let user = account::create_user(db, &email, name, admin, None, now).await?;
        let token = account::issue_link(db, user.id, Purpose::Invitation, now).await?;
        println!("account {} created; choose its password at {}/invitation/{token}", user.id, config.base_url());
        return Ok(());
    }
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mot de passe : ")?;
        let again = rpassword::prompt_password("Confirmez le mot de passe : ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    check_password(&password, &email).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = PasswordHasher::new(1).hash(password).await?;
    let user = account::create_user(db, &email, name, admin, Some(&hash), now).await?;
    println!("account {} created{}", user.id, if admin { " (administrator)" } else { "" });
    Ok(())
}

async fn run_mail(db: &Db, config: &Config, action: MailAction) -> anyhow::Result<()> {
    use rencontres::domain::message::MessageStatus;
    use rencontres::store::message;
    match action {
        MailAction::List { status, limit } => {
            let status = match status {
                Some(s) => Some(MessageStatus::parse(&s).ok_or_else(|| {
                    anyhow::anyhow!("unknown status {s:?}: use queued, held, sending, sent, retrying or failed")
                })?),
                None => None,
            };
            for (s, n) in message::counts(db).await? {
                println!("{:<9} {n}", s.as_str());
            }
            for m in message::list(db, status, limit).await? {
                let error = m.last_error.as_deref().map(|e| format!("  last error: {e}")).unwrap_or_default();
                println!(
                    "#{:<6} {:<9} attempts={} {} {}{error}",
                    m.id,
                    m.status.as_str(),
                    m.attempts,
                    m.kind,
                    m.idempotency_key
                );
            }
        }
        MailAction::Retry { id } => {
            message::retry(db, id, "command line", jiff::Timestamp::now())
                .await
                .map_err(|e| anyhow::anyhow!("cannot retry message #{id}: {e}"))?;
            println!("message #{id} queued again");
        }
        MailAction::Send => {
            let mailer = rencontres::mail::Mailer::from_config(&config.mail)?;
            eprintln!("{}", mailer.describe());
            let pass = rencontres::mail::worker::deliver_due(db, &mailer).await?;
            println!("{} sent, {} failed attempts", pass.sent, pass.failed_attempts);
        }
    }
    Ok(())
}

async fn run_cfp(db: &Db, action: CfpAction) -> anyhow::Result<String> {
    use rencontres::domain::cfp::{self as rules, CallSettings, Window};
    use rencontres::store::cfp;
    let event_of = |slug: String| async move {
        rencontres::store::event::find_by_slug(db, &slug)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no event with slug {slug:?}"))
    };
    let now = jiff::Timestamp::now();
    match action {
        CfpAction::Open { slug, closes, opens, formats, decisions_by, anonymous } => {
            let event = event_of(slug.clone()).await?;
            let civil = |v: &str, what: &str| -> anyhow::Result<jiff::civil::DateTime> {
                v.parse().map_err(|e| anyhow::anyhow!("{what} {v:?} is not a date-time like 2030-11-15T23:59: {e}"))
            };
            let closes = civil(&closes, "--closes")?;
            let opens = match opens {
                Some(o) => civil(&o, "--opens")?,
                None => now.to_zoned(rencontres::domain::event::paris()).datetime(),
            };
            let lines = if formats.is_empty() { vec!["Intervention courte | 5 | 20".to_owned()] } else { formats };
            let formats = lines
                .iter()
                .map(|l| rules::parse_format_line(l).map_err(|e| anyhow::anyhow!("--format: {e}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let decisions_by = decisions_by
                .map(|d| d.parse::<jiff::civil::Date>().map_err(|e| anyhow::anyhow!("--decisions-by {d:?}: {e}")))
                .transpose()?;
            let current = cfp::find_settings(db, event.id).await?;
            let settings = CallSettings {
                window: Window::from_paris(opens, closes),
                decisions_by,
                programme_by: current.as_ref().and_then(|c| c.programme_by),
                intro: current.as_ref().map(|c| c.intro.clone()).unwrap_or_default(),
                formats,
                questions: current.as_ref().map(|c| c.questions.clone()).unwrap_or_default(),
                criteria: current
                    .as_ref()
                    .map(|c| c.criteria.clone())
                    .unwrap_or_else(|| vec!["Intérêt pour le public".into()]),
                anonymous,
                show_accepted: current.as_ref().is_some_and(|c| c.show_accepted),
                announced_at: current.as_ref().and_then(|c| c.announced_at),
            };
            if settings.window.closes_at <= settings.window.opens_at {
                anyhow::bail!("--closes must come after the opening");
            }
            cfp::settings::save_settings_as_operator(db, event.id, &settings, now).await?;
            Ok(format!(
                "call for talks of {slug} open until {} (Europe/Paris)\n",
                rules::datetime_fr(settings.window.closes_at)
            ))
        }
        CfpAction::Show { slug } => {
            let event = event_of(slug.clone()).await?;
            let settings = cfp::find_settings(db, event.id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{slug} has no call for talks"))?;
            let mut out = format!(
                "opens   {}\ncloses  {}\nstate   {}\nformats {}\n",
                rules::datetime_fr(settings.window.opens_at),
                rules::datetime_fr(settings.window.closes_at),
                if settings.window.is_open(now) { "open" } else { "closed" },
                settings
                    .formats
                    .iter()
                    .map(|f| format!("{} ({}-{} min)", f.name, f.min_minutes, f.max_minutes))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            for p in cfp::list(db, event.id).await? {
                let decision = if p.withdrawn {
                    "withdrawn"
                } else {
                    p.decision.map(rules::Decision::as_str).unwrap_or("undecided")
                };
                out.push_str(&format!("{:>5}  {:<10}  {:>3} min  {}\n", p.id, decision, p.minutes, p.title));
            }
            Ok(out)
        }
        CfpAction::Export { slug } => {
            let event = event_of(slug.clone()).await?;
            let settings = cfp::find_settings(db, event.id).await?;
            let proposals = cfp::list(db, event.id).await?;
            let reviews = cfp::review::reviews_as_operator(db, event.id).await?;
            let criteria = settings.as_ref().map(|s| s.criteria.len()).unwrap_or(0);
            let stats: Vec<(i64, Option<f64>, usize)> = proposals
                .iter()
                .map(|p| {
                    let scores: Vec<rules::Scores> =
                        reviews.iter().filter(|r| r.proposal_id == p.id).map(|r| r.scores.clone()).collect();
                    let s = rules::stats(&scores, criteria);
                    (p.id, s.mean, s.reviews)
                })
                .collect();
            let announced = settings.as_ref().is_some_and(|s| s.announced(now));
            Ok(rencontres::export::proposals::csv(&proposals, &stats, announced, false))
        }
    }
}

async fn run_registrations(app: &web::App, action: RegistrationsAction) -> anyhow::Result<()> {
    use rencontres::domain::registration::{EventSettings, Mode, Settings};
    use rencontres::store::registration as reg;
    match action {
        RegistrationsAction::Open { slug, places, mode, closes, external_url, consent, retention_days } => {
            let event = rencontres::store::event::find_by_slug(&app.db, &slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no event with slug {slug:?}"))?;
            let mode = Mode::parse(&mode).ok_or_else(|| {
                anyhow::anyhow!("unknown mode {mode:?}: use first_come, selection, invitation or external")
            })?;
            let closes_at = match closes {
                Some(c) => {
                    let civil: jiff::civil::DateTime = c.parse().map_err(|e| {
                        anyhow::anyhow!("--closes {c:?} is not a date-time like 2030-01-02T23:59:59: {e}")
                    })?;
                    Some(rencontres::domain::event::to_instant(civil))
                }
                None => None,
            };
            let settings = EventSettings {
                rules: Settings {
                    mode,
                    places,
                    opens_at: None,
                    closes_at,
                    offer_hours: 48,
                    email_hours: 48,
                    allowed_statuses: vec![],
                    allowed_domains: vec![],
                },
                decisions_at: None,
                external_url,
                consent_text: consent,
                retention_days,
            };
            let letters =
                rencontres::mail::registration::letters_for(&app.db, &app.composer, app.config.base_url(), &event)
                    .await?;
            reg::save_settings(&app.db, &letters, &event, &settings, jiff::Timestamp::now()).await?;
            println!("registrations open for {slug}: {} places, mode {}", places, mode.as_str());
        }
        RegistrationsAction::Purge => {
            let n = reg::purge_expired(&app.db, jiff::Timestamp::now()).await?;
            println!("{n} registrations erased");
        }
        RegistrationsAction::Show { slug } => {
            let event = rencontres::store::event::find_by_slug(&app.db, &slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no event with slug {slug:?}"))?;
            let mut by_state: std::collections::BTreeMap<&str, usize> = Default::default();
            for r in reg::list(&app.db, event.id).await? {
                *by_state.entry(r.state.as_str()).or_default() += 1;
            }
            for (state, n) in by_state {
                println!("{state:<14} {n}");
            }
        }
    }
    Ok(())
}
