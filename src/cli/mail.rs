//! `rencontres mail`: list the mail queue, retry a message, deliver what is due (G3).

use clap::Subcommand;
use rencontres::config::Config;
use rencontres::store::Db;

/// The actions of `rencontres mail`.
#[derive(Subcommand)]
pub enum MailAction {
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

/// Runs one `rencontres mail` action and prints its outcome.
pub async fn run(db: &Db, config: &Config, action: MailAction) -> anyhow::Result<()> {
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
            let counts = message::counts(db).await?;
            if counts.iter().all(|(_, n)| *n == 0) {
                println!("the mail queue is empty");
                return Ok(());
            }
            for (s, n) in counts {
                println!("{:<9} {n}", s.as_str());
            }
            let listed = message::list(db, status, limit).await?;
            if listed.is_empty() && status.is_some() {
                println!("no message with this status");
            }
            for m in listed {
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
