//! B2 B5 B7 F1 G1 G3: the background jobs of a running server. Each is a loop on its own tick,
//! started with the server and aborted when it stops: the content-version poll (with the
//! hourly purge of expired sessions), the mail worker, and the registration sweeper (the
//! retention purge, expired offers and addresses, scheduled announcements of decisions), and
//! the webhook worker (I3).

use crate::web::App;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long `stop` waits for the mail worker to record the message it is sending.
const WORKER_GRACE: Duration = Duration::from_secs(15);

/// The jobs a server started; `stop` ends them.
pub struct Jobs {
    handles: Vec<JoinHandle<()>>,
    /// The mail workers, stopped gracefully (O2).
    workers: Vec<JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Jobs {
    /// Starts every job; refuses when the mail worker is enabled but its transport cannot be
    /// built from the configuration.
    pub fn start(app: &App) -> anyhow::Result<Jobs> {
        let stop = tokio::sync::watch::Sender::new(false);
        let handles = vec![tokio::spawn(poll_content_version(app.clone()))];
        let workers = start_mail_workers(app, stop.subscribe())?;
        let mut jobs = Jobs { handles, workers, stop };
        let handles = &mut jobs.handles;
        handles.push(tokio::spawn(sweep_registrations(app.clone())));
        if app.db.backend() == crate::store::Backend::Postgres {
            handles.push(tokio::spawn(follow_board_notices(app.clone())));
        }
        handles.push(tokio::spawn(send_gazette(app.clone())));
        if app.config.webhooks.worker {
            let deliverer = crate::webhook::Deliverer::from_config(&app.config.webhooks);
            handles.push(tokio::spawn(crate::webhook::worker::run(app.db.clone(), deliverer, Duration::from_secs(2))));
        }
        Ok(jobs)
    }

    /// Stops every job (O2): the mail worker finishes and records the message it is sending
    /// and gives back the one it claimed (within `WORKER_GRACE`); the others, which keep
    /// nothing claimed beyond their lease, are aborted.
    pub async fn stop(self) {
        self.stop.send_replace(true);
        for handle in &self.handles {
            handle.abort();
        }
        let aborts: Vec<_> = self.workers.iter().map(JoinHandle::abort_handle).collect();
        if tokio::time::timeout(WORKER_GRACE, futures_util::future::join_all(self.workers)).await.is_err() {
            tracing::warn!("the mail workers did not stop within {} s; aborted", WORKER_GRACE.as_secs());
            aborts.iter().for_each(tokio::task::AbortHandle::abort);
        }
    }
}

/// Every second: re-reads the content version, so that writes by another process reach the
/// page cache; every hour, deletes expired sessions.
pub async fn poll_content_version(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut ticks: u64 = 0;
    loop {
        tick.tick().await;
        ticks += 1;
        // Expired sessions are ignored anyway; deleting them hourly keeps the table small.
        if ticks.is_multiple_of(3600)
            && let Err(e) = crate::store::session::purge_expired(&app.db, jiff::Timestamp::now()).await
        {
            tracing::warn!(error = %e, "cannot purge expired sessions");
        }
        if let Err(e) = app.refresh_content_version().await {
            tracing::warn!(error = %e, "cannot read the content version");
        }
    }
}

/// Starts the mail workers (G3, `mail.workers` of them, sharing one sending quota) when the
/// configuration enables them; none when it does not. They stop once `stop` turns true.
pub fn start_mail_workers(app: &App, stop: tokio::sync::watch::Receiver<bool>) -> anyhow::Result<Vec<JoinHandle<()>>> {
    if !app.config.mail.worker {
        return Ok(Vec::new());
    }
    let mailer = std::sync::Arc::new(crate::mail::Mailer::from_config(&app.config.mail)?);
    tracing::info!(workers = app.config.mail.workers.max(1), "{}", mailer.describe());
    Ok((0..app.config.mail.workers.max(1))
        .map(|_| {
            tokio::spawn(crate::mail::worker::run(
                app.db.clone(),
                mailer.clone(),
                app.mail_wake.clone(),
                Duration::from_secs(5),
                stop.clone(),
            ))
        })
        .collect())
}

/// Every 30 seconds: expires offers and unconfirmed addresses (B2 B4) and announces the
/// decisions scheduled for now (B5); every hour and at start, erases the personal data past
/// its retention period first (B7).
pub async fn sweep_registrations(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    let mut rounds: u64 = 0;
    loop {
        tick.tick().await;
        // O1: one instance sweeps; the others wait for its lease to run out.
        if !holds_lease(&app, "registration_sweep", 90).await {
            continue;
        }
        if rounds.is_multiple_of(120) {
            purge_past_retention(&app).await;
        }
        rounds += 1;
        if let Err(e) = crate::store::limit::prune(&app.db, jiff::Timestamp::now().as_millisecond()).await {
            tracing::warn!(error = %e, "cannot prune the shared rate limits");
        }
        expire_registrations(&app).await;
        announce_due_decisions(&app).await;
        send_reminders(&app).await;
        remind_unconfirmed_speakers(&app).await;
    }
}

/// Reminds accepted speakers who have not answered, `mail.speaker_reminder_days` after the
/// decisions were announced (C3 F2).
async fn remind_unconfirmed_speakers(app: &App) {
    let (composer, base_url, days) = (&app.composer, app.config.base_url(), app.config.mail.speaker_reminder_days);
    match crate::mail::cfp::remind_unconfirmed(&app.db, composer, base_url, days, jiff::Timestamp::now()).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(reminded = n, "speakers reminded to confirm");
            app.mail_wake.notify_one();
        }
        Err(e) => tracing::error!(error = ?e, "speaker reminders failed"),
    }
}

/// Mails the reminders of the events starting within `mail.reminder_days` (B4 F2).
async fn send_reminders(app: &App) {
    let (composer, base_url, days) = (&app.composer, app.config.base_url(), app.config.mail.reminder_days);
    match crate::mail::registration::remind_due(&app.db, composer, base_url, days, jiff::Timestamp::now()).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(reminded = n, "reminders queued");
            app.mail_wake.notify_one();
        }
        Err(e) => tracing::error!(error = ?e, "reminders failed"),
    }
}

/// Every 5 seconds: starts the gazette issues scheduled for now and queues their messages in
/// batches (F1), and sends the messages to an event's group scheduled for now (F2); the mail
/// worker delivers them. One instance at a time (O1), under its lease.
pub async fn send_gazette(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        if !holds_lease(&app, "gazette_send", 30).await {
            continue;
        }
        let (composer, base_url) = (&app.composer, app.config.base_url());
        let wake = || app.mail_wake.notify_one();
        let batch = crate::mail::gazette::BATCH;
        match crate::mail::gazette::queue_due(&app.db, composer, base_url, batch, jiff::Timestamp::now(), wake).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(queued = n, "gazette messages queued"),
            Err(e) => tracing::error!(error = ?e, "gazette sending job failed"),
        }
        // F2: the messages to an event's group scheduled for now.
        match crate::mail::event_message::send_due(&app.db, composer, base_url, jiff::Timestamp::now()).await {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(queued = n, "messages to participants queued");
                app.mail_wake.notify_one();
            }
            Err(e) => tracing::error!(error = ?e, "sending the scheduled messages to participants failed"),
        }
    }
}

/// True when this instance holds (or just took) the lease of `job` (O1): behind several
/// instances a job runs on one of them at a time. `ttl_seconds` is a few rounds, so that
/// the job moves to another instance soon after its holder dies. A database error skips
/// the round.
pub async fn holds_lease(app: &App, job: &str, ttl_seconds: i64) -> bool {
    let now = jiff::Timestamp::now().as_second();
    match crate::store::ops::claim_job(&app.db, job, app.instance_id(), now, ttl_seconds).await {
        Ok(held) => held,
        Err(e) => {
            tracing::warn!(error = %e, job, "cannot claim the job's lease; skipping this round");
            false
        }
    }
}

/// Erases the registrations of events whose retention period has run out (B7).
async fn purge_past_retention(app: &App) {
    match crate::store::registration::purge_expired(&app.db, jiff::Timestamp::now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(erased = n, "registrations past their retention period erased"),
        Err(e) => tracing::error!(error = ?e, "retention purge failed"),
    }
}

/// Expires the offers and addresses whose time ran out, passing freed places on (B2 B4).
async fn expire_registrations(app: &App) {
    let (composer, base_url) = (&app.composer, app.config.base_url());
    match crate::mail::registration::sweep(&app.db, composer, base_url, jiff::Timestamp::now()).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(expired = n, "registrations expired");
            app.mail_wake.notify_one();
        }
        Err(e) => tracing::error!(error = ?e, "registration sweep failed"),
    }
}

/// Announces the selection decisions whose announcement was scheduled for now (B5).
async fn announce_due_decisions(app: &App) {
    let (composer, base_url) = (&app.composer, app.config.base_url());
    match crate::mail::registration::announce_due(&app.db, composer, base_url, jiff::Timestamp::now()).await {
        Ok(0) => {}
        Ok(n) => {
            tracing::info!(announced = n, "selection decisions announced");
            app.mail_wake.notify_one();
        }
        Err(e) => tracing::error!(error = ?e, "announcement of decisions failed"),
    }
}

/// O1 E5 (PostgreSQL): hears the other instances' board changes and renders them for this
/// instance's viewers. After a lost connection it reconnects and sends every watched board
/// again, since notices may have been missed meanwhile.
pub async fn follow_board_notices(app: App) {
    use crate::store::notify::{Listener, Notice};
    loop {
        let mut listener = match Listener::start(&app.db).await {
            Ok(Some(l)) => l,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen to board notices; trying again in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        tracing::debug!("listening to board notices");
        loop {
            match listener.next().await {
                Ok(Notice::BoardChanged { origin, event_id }) if origin != app.board_live.id() => {
                    crate::web::public::board::publish(&app, event_id).await;
                }
                Ok(Notice::BoardChanged { .. }) => {}
                Ok(Notice::Reconnected) => {
                    tracing::info!("board notices: connection back, sending every watched board again");
                    for event_id in app.board_live.watched() {
                        crate::web::public::board::publish(&app, event_id).await;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "board notices lost; reconnecting");
                    break;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        for event_id in app.board_live.watched() {
            crate::web::public::board::publish(&app, event_id).await;
        }
    }
}
