//! `rencontres gazette`: import past issues (F1) from a folder of Markdown files, and import or
//! export the subscribers' list (CSV). English messages; every refusal says why.

use clap::Subcommand;
use rencontres::store::{self, Db};
use std::path::PathBuf;

/// The actions of `rencontres gazette`.
#[derive(Subcommand)]
pub enum GazetteAction {
    /// Import past issues: Markdown files with front matter (title with its number such as
    /// `n°32`, date) below DIR. Importing the same folder again changes nothing.
    Import {
        dir: PathBuf,
        /// Read and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add confirmed subscribers from a CSV file (email, consent date, source); addresses
    /// that left (suppression list) are never added back.
    ImportSubscribers {
        file: PathBuf,
        /// The source recorded for lines without one.
        #[arg(long, default_value = "import")]
        source: String,
    },
    /// Write an issue from FILE (Markdown with front matter: a title with its number, a date)
    /// and send it to every confirmed subscriber now (or at --at, Paris time).
    Send {
        file: PathBuf,
        /// `2032-01-05T09:00`, Paris time; default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Print the subscribers as CSV (email, status, consent date, source).
    ExportSubscribers,
}

/// Runs one action and returns what to print.
pub async fn run(db: &Db, action: GazetteAction) -> anyhow::Result<String> {
    let now = jiff::Timestamp::now();
    match action {
        GazetteAction::Import { dir, dry_run } => {
            let scan = rencontres::import::gazette::scan_dir(&dir)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", dir.display()))?;
            let mut out = String::new();
            let (mut added, mut updated, mut unchanged) = (0, 0, 0);
            for issue in &scan.issues {
                for w in &issue.warnings {
                    out.push_str(&format!("warning: {w}\n"));
                }
                if dry_run {
                    out.push_str(&format!(
                        "{}: issue {} dated {}\n",
                        issue.source_path, issue.draft.number, issue.date
                    ));
                    continue;
                }
                let at = rencontres::domain::event::to_instant(
                    issue.date.to_datetime(jiff::civil::Time::constant(10, 0, 0, 0)),
                );
                match store::gazette_issue::import_archived(db, &issue.draft, at, now).await {
                    Ok(store::gazette_issue::Imported::Added) => added += 1,
                    Ok(store::gazette_issue::Imported::Updated) => updated += 1,
                    Ok(store::gazette_issue::Imported::Unchanged) => unchanged += 1,
                    Err(store::StoreError::Refused(r)) => {
                        out.push_str(&format!("skipped {}: {r}\n", issue.source_path));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            for (path, why) in &scan.skipped {
                out.push_str(&format!("skipped {path}: {why}\n"));
            }
            out.push_str(&format!(
                "{} issues read, {added} added, {updated} updated, {unchanged} unchanged, {} files skipped{}\n",
                scan.issues.len(),
                scan.skipped.len(),
                if dry_run { " (dry run: nothing written)" } else { "" }
            ));
            Ok(out)
        }
        GazetteAction::ImportSubscribers { file, source } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let parsed = rencontres::import::subscribers::parse(&text, &source);
            let outcome = store::gazette::import(db, &parsed.rows, now).await?;
            let mut out = String::new();
            for (line, why) in &parsed.refused {
                out.push_str(&format!("line {line} refused: {why}\n"));
            }
            for email in &outcome.suppressed {
                out.push_str(&format!("{email} refused: this address left the gazette (suppression list)\n"));
            }
            out.push_str(&format!(
                "{} added, {} already subscribed, {} refused\n",
                outcome.added,
                outcome.already,
                parsed.refused.len() + outcome.suppressed.len()
            ));
            Ok(out)
        }
        GazetteAction::Send { file, at } => {
            let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let issue = rencontres::import::gazette::parse_issue(&file.to_string_lossy(), &bytes)
                .map_err(|why| anyhow::anyhow!("{}: {why}", file.display()))?;
            let when = match at {
                None => now,
                Some(t) => t
                    .parse::<jiff::civil::DateTime>()
                    .ok()
                    .and_then(|dt| dt.to_zoned(rencontres::domain::event::paris()).ok())
                    .map(|z| z.timestamp())
                    .ok_or_else(|| anyhow::anyhow!("--at {t:?} is not a date and time such as 2032-01-05T09:00"))?,
            };
            let id = match store::gazette_issue::create(db, None, &issue.draft, now).await {
                Ok(id) => id,
                Err(store::StoreError::Refused(r)) => anyhow::bail!("issue {} not written: {r}", issue.draft.number),
                Err(e) => return Err(e.into()),
            };
            store::gazette_issue::schedule(db, None, id, when, now).await?;
            Ok(format!("issue {} scheduled for {when}: the running server sends it\n", issue.draft.number))
        }
        GazetteAction::ExportSubscribers => {
            Ok(rencontres::import::subscribers::to_csv(&store::gazette::list(db, None).await?))
        }
    }
}
