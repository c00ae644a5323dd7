//! `rencontres programme`: import, check, export and release an event's programme (D1 D2 D3).

use anyhow::Context as _;
use clap::Subcommand;
use rencontres::config::Config;
use rencontres::store::{Db, StoreError};
use rencontres::web;
use std::path::PathBuf;

/// The actions of `rencontres programme`.
#[derive(Subcommand)]
pub enum ProgrammeAction {
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

/// Runs one `rencontres programme` action and returns what to print.
pub async fn run(db: &Db, config: Config, action: ProgrammeAction) -> anyhow::Result<String> {
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
