//! `rencontres board`: the figures of a garagethon board and the draft of its bilan post (E4).

use clap::Subcommand;
use rencontres::store::Db;

/// The actions of `rencontres board`.
#[derive(Subcommand)]
pub enum BoardAction {
    /// Print the figures of EVENT's board (its slug).
    Figures { event: String },
    /// Print the Markdown draft of EVENT's bilan post, ready for `rencontres import`.
    Bilan { event: String },
}

/// Runs one `rencontres board` action and returns what to print.
pub async fn run(db: &Db, action: BoardAction) -> anyhow::Result<String> {
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
