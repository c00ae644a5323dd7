//! `rencontres webhooks` (I3): the subscriptions of an event or of the whole site, as the
//! organiser pages manage them (`/organisation/…/webhooks`), with the command line's right:
//! list, add (the secret is printed once), pause, resume, rotate the secret, remove, read the
//! deliveries and send one again. Every change is audited as coming from the command line.

use anyhow::{Context as _, bail};
use clap::Subcommand;
use rencontres::config::Config;
use rencontres::domain::account::{AdminRight, EditRight};
use rencontres::domain::event::EventId;
use rencontres::domain::webhook::EventType;
use rencontres::store::webhook::{self, Owner, Subscription};
use rencontres::store::{self, Db, StoreError};
use std::fmt::Write as _;

/// The actions of `rencontres webhooks`.
#[derive(Subcommand)]
pub enum WebhooksAction {
    /// List the subscriptions of an event (--event SLUG), or the site-wide ones.
    List {
        #[arg(long, value_name = "SLUG")]
        event: Option<String>,
    },
    /// Subscribe URL (https://, checked like the page checks it) to some happenings, for an
    /// event (--event SLUG) or the whole site; prints the signing secret, once.
    Add {
        url: String,
        #[arg(long, value_name = "SLUG")]
        event: Option<String>,
        /// Comma-separated, e.g. registration.confirmed,proposal.submitted (default: every
        /// happening the scope may follow; gazette.sent is site-wide only).
        #[arg(long, value_delimiter = ',', value_name = "TYPES")]
        types: Vec<String>,
    },
    /// Stop sending to a subscription; its deliveries wait.
    Pause { id: i64 },
    /// Send to a paused subscription again.
    Resume { id: i64 },
    /// Make a new secret (the old one still signs for a while); prints it, once.
    Rotate { id: i64 },
    /// Delete a subscription and its delivery log.
    Remove { id: i64 },
    /// The latest deliveries of a subscription, newest first.
    Deliveries {
        id: i64,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Send a delivery again now, with the same webhook-id and body.
    Replay { delivery: i64 },
}

/// The right the command line acts with on a subscription of `event` (or site-wide).
enum Right {
    Event(EditRight),
    Site(AdminRight),
}

impl Right {
    fn of(event: Option<EventId>) -> Right {
        match event {
            Some(id) => Right::Event(EditRight::command_line(id)),
            None => Right::Site(AdminRight::command_line()),
        }
    }

    fn owner(&self) -> Owner<'_> {
        match self {
            Right::Event(r) => Owner::Event(r),
            Right::Site(r) => Owner::Site(r),
        }
    }
}

async fn event_id(db: &Db, slug: Option<&str>) -> anyhow::Result<Option<EventId>> {
    let Some(slug) = slug else { return Ok(None) };
    match store::event::find_by_slug(db, slug).await? {
        Some(event) => Ok(Some(event.id)),
        None => bail!("no event with the slug {slug:?}"),
    }
}

/// The right on subscription `id`, found from the subscription itself.
async fn right_on(db: &Db, id: i64) -> anyhow::Result<Right> {
    match webhook::event_of(db, id).await? {
        Some(event) => Ok(Right::of(event)),
        None => bail!("no webhook subscription #{id}"),
    }
}

fn describe(s: &Subscription) -> String {
    let types: Vec<&str> = s.event_types.iter().map(|t| t.as_str()).collect();
    let state = if s.paused { "paused" } else { "active" };
    format!("#{:<5} {state:<6} {}  {}", s.id, s.url, types.join(","))
}

/// Runs one `rencontres webhooks` action and returns what to print.
pub async fn run(db: &Db, config: &Config, action: WebhooksAction) -> anyhow::Result<String> {
    let now = jiff::Timestamp::now();
    let mut out = String::new();
    match action {
        WebhooksAction::List { event } => {
            let id = event_id(db, event.as_deref()).await?;
            let subs = webhook::list(db, id).await?;
            if subs.is_empty() {
                let scope = event.map_or("site-wide".to_owned(), |slug| format!("for {slug}"));
                writeln!(out, "no webhook subscription {scope}")?;
            }
            for s in subs {
                writeln!(out, "{}", describe(&s))?;
            }
        }
        WebhooksAction::Add { url, event, types } => {
            let id = event_id(db, event.as_deref()).await?;
            let allowed: Vec<EventType> =
                EventType::ALL.into_iter().filter(|t| id.is_none() || t.per_event()).collect();
            let mut chosen = Vec::new();
            for name in types.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
                match EventType::parse(name) {
                    Some(t) if allowed.contains(&t) => chosen.push(t),
                    Some(_) => bail!("{name} is followed by site-wide subscriptions only (leave out --event)"),
                    None => {
                        let known: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
                        bail!("unknown happening {name:?}: use {}", known.join(", "))
                    }
                }
            }
            if chosen.is_empty() {
                chosen = allowed;
            }
            let checked = rencontres::webhook::check_subscription_url(url.trim(), config.webhooks.allow_http_loopback)
                .await
                .map_err(|e| anyhow::anyhow!("refused URL {url:?}: {}", e.english()))?;
            let right = Right::of(id);
            let sub = webhook::create(db, right.owner(), checked.as_str(), &chosen, now).await?;
            writeln!(out, "{}", describe(&sub))?;
            writeln!(out, "secret (shown once, keep it with the receiver): {}", sub.secret)?;
        }
        WebhooksAction::Pause { id } => {
            webhook::set_paused(db, right_on(db, id).await?.owner(), id, true, now).await.map_err(not_found(id))?;
            writeln!(out, "webhook subscription #{id} paused")?;
        }
        WebhooksAction::Resume { id } => {
            webhook::set_paused(db, right_on(db, id).await?.owner(), id, false, now).await.map_err(not_found(id))?;
            writeln!(out, "webhook subscription #{id} resumed")?;
        }
        WebhooksAction::Rotate { id } => {
            let sub = webhook::rotate(db, right_on(db, id).await?.owner(), id, now).await.map_err(not_found(id))?;
            writeln!(
                out,
                "new secret of #{id} (shown once; the previous one signs beside it for a while): {}",
                sub.secret
            )?;
        }
        WebhooksAction::Remove { id } => {
            webhook::delete(db, right_on(db, id).await?.owner(), id, now).await.map_err(not_found(id))?;
            writeln!(out, "webhook subscription #{id} removed, with its deliveries")?;
        }
        WebhooksAction::Deliveries { id, limit } => {
            let right = right_on(db, id).await?;
            let list = webhook::deliveries(db, right.owner(), id, limit.clamp(1, 500)).await.map_err(not_found(id))?;
            if list.is_empty() {
                writeln!(out, "no delivery yet for #{id}")?;
            }
            for d in list {
                let code = d.last_status_code.map(|c| format!(" http={c}")).unwrap_or_default();
                let error = d.last_error.as_deref().map(|e| format!("  last error: {e}")).unwrap_or_default();
                writeln!(
                    out,
                    "#{:<6} {:<10} attempts={}{code} {} {}{error}",
                    d.id,
                    d.status.as_str(),
                    d.attempts,
                    d.event_type,
                    d.webhook_id
                )?;
            }
        }
        WebhooksAction::Replay { delivery } => {
            let Some(id) = webhook::subscription_of(db, delivery).await? else {
                bail!("no webhook delivery #{delivery}")
            };
            let right = right_on(db, id).await?;
            webhook::replay(db, right.owner(), delivery, now)
                .await
                .with_context(|| format!("cannot send delivery #{delivery} again"))?;
            writeln!(out, "delivery #{delivery} queued to be sent again")?;
        }
    }
    Ok(out)
}

/// A subscription that vanished between finding its owner and acting on it.
fn not_found(id: i64) -> impl Fn(StoreError) -> anyhow::Error {
    move |e| match e {
        StoreError::NotFound => anyhow::anyhow!("no webhook subscription #{id}"),
        e => e.into(),
    }
}
