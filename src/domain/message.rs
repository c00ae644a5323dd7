//! G3: the message lifecycle and its retry rule. Pure.
//!
//! `queued` (written in the same transaction as its cause, with an idempotency key) →
//! optionally `held` for organiser review → `sending` → `sent`, or `retrying` with back-off →
//! `failed` after a limit, visible and retryable.

use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Queued,
    Held,
    Sending,
    Sent,
    Retrying,
    Failed,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 6] = [
        MessageStatus::Queued,
        MessageStatus::Held,
        MessageStatus::Sending,
        MessageStatus::Sent,
        MessageStatus::Retrying,
        MessageStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Queued => "queued",
            MessageStatus::Held => "held",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Retrying => "retrying",
            MessageStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<MessageStatus> {
        MessageStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// After this many failed attempts a message is `failed` and waits for a person.
pub const MAX_ATTEMPTS: u32 = 8;

/// What to do after the `attempts`-th failed attempt (1-based): wait and retry, or give up.
/// The waits grow from 30 s to about 2 h, so a server down for an afternoon loses nothing.
pub fn after_failure(attempts: u32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let secs = 30u64.saturating_mul(1 << (attempts.saturating_sub(1)).min(8));
    Some(Duration::from_secs(secs.min(2 * 3600)))
}

/// A message being delivered is leased for this long by default (SMTP timeouts are 30 s);
/// a lease that runs out means the process died mid-delivery.
pub const SENDING_LEASE: Duration = Duration::from_secs(120);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_waits_grow_then_give_up() {
        let waits: Vec<Option<u64>> = (1..=MAX_ATTEMPTS).map(|a| after_failure(a).map(|d| d.as_secs())).collect();

        assert_eq!(waits, [Some(30), Some(60), Some(120), Some(240), Some(480), Some(960), Some(1920), None]);
    }

    #[test]
    fn status_round_trips() {
        for s in MessageStatus::ALL {
            assert_eq!(MessageStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(MessageStatus::parse("lost"), None);
    }
}
