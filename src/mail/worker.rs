//! G3: the delivery worker. It claims one due message at a time, sends it, and records the
//! outcome; a failure leaves the message `retrying` with back-off, never dropped.

use super::Mailer;
use crate::store::{self, Db, StoreError};
use jiff::Timestamp;
use std::time::Duration;

/// What one pass of delivery did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed_attempts: usize,
}

/// Delivers every message due now, one after the other; returns what it did.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> Result<Pass, StoreError> {
    deliver_due_at(db, mailer, Timestamp::now).await
}

/// Like `deliver_due` with another clock: tests use it to let back-off time pass.
pub async fn deliver_due_at(db: &Db, mailer: &Mailer, clock: impl Fn() -> Timestamp) -> Result<Pass, StoreError> {
    let (_keep, running) = tokio::sync::watch::channel(false);
    deliver_until(db, mailer, clock, running, || {}).await
}

/// Like `deliver_due_at`, stopping early once `stop` turns true (O2: the server is shutting
/// down): the message being sent is finished and recorded; a message claimed but still
/// waiting for the sending quota is given back (`store::message::release`), not left
/// `sending` to be held as interrupted. `on_work` is called once, when the pass claims its
/// first message: the worker uses it to wake another worker, so that a long queue is drained
/// by all of them.
pub async fn deliver_until(
    db: &Db,
    mailer: &Mailer,
    clock: impl Fn() -> Timestamp,
    mut stop: tokio::sync::watch::Receiver<bool>,
    on_work: impl FnOnce(),
) -> Result<Pass, StoreError> {
    let mut on_work = Some(on_work);
    let mut pass = Pass::default();
    // Marking a message sent and taking the next one share a transaction (`advance`).
    let mut sent: Option<i64> = None;
    let mut first = true;
    loop {
        if *stop.borrow() {
            if let Some(id) = sent.take() {
                store::message::mark_sent(db, id, clock()).await?;
            }
            break;
        }
        let next = store::message::advance(db, sent.take(), clock(), mailer.lease(), first).await?;
        first = false;
        let Some(message) = next else { break };
        if let Some(wake_another) = on_work.take() {
            wake_another();
        }
        let stopped = tokio::select! {
            () = mailer.wait_for_quota() => false,
            _ = stop.wait_for(|stopping| *stopping) => true,
        };
        if stopped || *stop.borrow() {
            store::message::release(db, message.id, "server stopping before sending", clock()).await?;
            tracing::info!(message_id = message.id, "message given back: the server is stopping");
            break;
        }
        match mailer.send(&message).await {
            Ok(()) => {
                sent = Some(message.id);
                tracing::info!(message_id = message.id, kind = %message.kind, "message sent");
                pass.sent += 1;
            }
            Err(e) if e.is_permanent() => {
                // A 5xx answer names this recipient: the server is up, go on with the others.
                let error = crate::domain::message::redact_addresses(&e.to_string());
                store::message::mark_bounced(db, message.id, &error, mailer.bounce_limit(), clock()).await?;
                tracing::warn!(message_id = message.id, error = %error, "hard bounce");
                pass.failed_attempts += 1;
            }
            Err(e) => {
                let error = crate::domain::message::redact_addresses(&e.to_string());
                let status = store::message::mark_failed_attempt(db, message.id, &error, clock()).await?;
                tracing::warn!(message_id = message.id, error = %error, status = status.as_str(), "delivery failed");
                pass.failed_attempts += 1;
                // The server is likely down: stop this pass rather than fail every message now.
                break;
            }
        }
    }
    Ok(pass)
}

/// Runs until `stop` turns true (then returns once the message in hand is recorded): a pass
/// every `every`, and at once when woken.
pub async fn run(
    db: Db,
    mailer: std::sync::Arc<Mailer>,
    wake: std::sync::Arc<tokio::sync::Notify>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        if let Err(e) = deliver_until(&db, &mailer, Timestamp::now, stop.clone(), || wake.notify_one()).await {
            tracing::error!(error = ?e, "mail worker cannot read the queue");
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {},
            _ = wake.notified() => {},
            // An error means the jobs were dropped: stop as well.
            stopped = stop.wait_for(|stopping| *stopping) => if stopped.is_err() { break },
        }
    }
    tracing::info!("mail worker stopped");
}
