//! `rencontres cfp`: open the call for talks, show and export its proposals (C1 C3).

use clap::Subcommand;
use rencontres::store::Db;

/// The actions of `rencontres cfp`.
#[derive(Subcommand)]
pub enum CfpAction {
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

/// Runs one `rencontres cfp` action and returns what to print.
pub async fn run(db: &Db, action: CfpAction) -> anyhow::Result<String> {
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
            let right = rencontres::domain::account::EditRight::command_line(event.id);
            cfp::settings::save_settings(db, &right, &settings, now).await?;
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
