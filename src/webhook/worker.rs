//! I3 (issue 16): the webhook delivery worker. It claims one due delivery at a time, sends
//! it, and records the outcome; a failure leaves the delivery `retrying` with back-off,
//! `failed` after the last attempt, never dropped.

use super::Deliverer;
use crate::domain::webhook::DeliveryStatus;
use crate::store::webhook::Attempt;
use crate::store::{self, Db, StoreError};
use jiff::Timestamp;
use std::time::Duration;

/// What one pass of delivery did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub succeeded: usize,
    pub failed_attempts: usize,
}

/// Delivers every delivery due now, one after the other; returns what it did.
pub async fn deliver_due(db: &Db, deliverer: &Deliverer) -> Result<Pass, StoreError> {
    deliver_due_at(db, deliverer, Timestamp::now).await
}

/// Like `deliver_due` with another clock: tests use it to let back-off time pass.
pub async fn deliver_due_at(db: &Db, deliverer: &Deliverer, clock: impl Fn() -> Timestamp) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    while let Some(claimed) = store::webhook::claim_next(db, clock(), deliverer.lease).await? {
        let attempt = deliverer.send(&claimed, clock()).await;
        let status = store::webhook::record_attempt(db, claimed.delivery.id, &attempt, clock()).await?;
        let id = claimed.delivery.id;
        match &attempt {
            Attempt::Succeeded { code } => {
                tracing::info!(delivery_id = id, code, "webhook delivered");
                pass.succeeded += 1;
            }
            Attempt::Failed { error, .. } | Attempt::Refused { error } => {
                tracing::warn!(delivery_id = id, error = %error, status = status.as_str(), "webhook delivery failed");
                pass.failed_attempts += 1;
            }
        }
        debug_assert!(status != DeliveryStatus::Delivering);
    }
    Ok(pass)
}

/// Runs until the task is dropped: a pass every `every`.
pub async fn run(db: Db, deliverer: Deliverer, every: Duration) {
    loop {
        if let Err(e) = deliver_due(&db, &deliverer).await {
            tracing::error!(error = ?e, "webhook worker cannot read the queue");
        }
        tokio::time::sleep(every).await;
    }
}
