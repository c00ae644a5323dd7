//! `rencontres registrations`: open, show and purge an event's registrations (B1 B7).

use clap::Subcommand;
use rencontres::web;

/// The actions of `rencontres registrations`.
#[derive(Subcommand)]
pub enum RegistrationsAction {
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

/// Runs one `rencontres registrations` action and prints its outcome.
pub async fn run(app: &web::App, action: RegistrationsAction) -> anyhow::Result<()> {
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
