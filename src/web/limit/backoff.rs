//! G1, issue 13: the login back-off. Wrong passwords slow down the address that sends them,
//! for that account only: after `FREE_FAILURES` failures from one client address, each new
//! try on the account waits twice as long as the last (2 s, 4 s, 8 s… up to 15 minutes). A
//! correct password from another address is never slowed, so nobody can lock an owner out
//! from afar. The failures of an account from every address are also counted: the
//! `MAIL_AFTER`th within `WINDOW` asks for the unlock mail, whose link clears the account's
//! back-off (for an owner who shares an address with the attacker, or mistyped).
//!
//! In memory, per instance, like the token buckets; keyed by the typed address whether or not
//! an account has it, so that the answers do not tell which accounts exist.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures from one address on one account before it waits.
pub const FREE_FAILURES: u32 = 3;
/// The wait after the first failure beyond the free ones; it doubles with each failure.
pub const FIRST_WAIT: Duration = Duration::from_secs(2);
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures on one account, from any address, within `WINDOW` that ask for the unlock mail.
pub const MAIL_AFTER: u32 = 10;
/// The period over which an account's failures are counted.
pub const WINDOW: Duration = Duration::from_secs(3600);

/// Beyond this many accounts (or addresses of one account), entries whose back-off and
/// window are over are dropped, so that a flood of names cannot grow memory without bound.
const MAX_KEYS: usize = 100_000;

/// The back-off of every account and client address.
#[derive(Default)]
pub struct LoginBackoff {
    accounts: Mutex<HashMap<String, AccountFailures>>,
}

struct AccountFailures {
    clients: HashMap<String, ClientFailures>,
    window_start: Instant,
    in_window: u32,
}

#[derive(Clone, Copy)]
struct ClientFailures {
    count: u32,
    last: Instant,
}

/// The wait a client must leave after its `count`th failure.
fn wait_after(count: u32) -> Duration {
    if count < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_FAILURES).min(20);
    FIRST_WAIT.saturating_mul(1 << doublings).min(MAX_WAIT)
}

impl ClientFailures {
    fn free_at(&self) -> Instant {
        self.last + wait_after(self.count)
    }
}

impl LoginBackoff {
    /// Returns `Err(wait)` while `client` must still wait before trying `account` again.
    pub fn check_at(&self, account: &str, client: &str, now: Instant) -> Result<(), Duration> {
        let accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        match accounts.get(account).and_then(|a| a.clients.get(client)) {
            Some(c) if c.free_at() > now => Err(c.free_at() - now),
            _ => Ok(()),
        }
    }

    /// Records a wrong password from `client` on `account`. Returns true when this failure is
    /// the `MAIL_AFTER`th on the account within its window: time to mail the unlock link.
    pub fn failed_at(&self, account: &str, client: &str, now: Instant) -> bool {
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        if accounts.len() >= MAX_KEYS && !accounts.contains_key(account) {
            accounts.retain(|_, a| a.is_live(now));
        }
        let entry = accounts.entry(account.to_owned()).or_insert_with(|| AccountFailures {
            clients: HashMap::new(),
            window_start: now,
            in_window: 0,
        });
        if entry.clients.len() >= MAX_KEYS && !entry.clients.contains_key(client) {
            entry.clients.retain(|_, c| c.free_at() > now);
        }
        let c = entry.clients.entry(client.to_owned()).or_insert(ClientFailures { count: 0, last: now });
        c.count = c.count.saturating_add(1);
        c.last = now;
        if now.saturating_duration_since(entry.window_start) >= WINDOW {
            entry.window_start = now;
            entry.in_window = 0;
        }
        entry.in_window = entry.in_window.saturating_add(1);
        entry.in_window == MAIL_AFTER
    }

    /// Forgets the failures of `client` on `account` after a correct password.
    pub fn succeeded(&self, account: &str, client: &str) {
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = accounts.get_mut(account) {
            a.clients.remove(client);
        }
    }

    /// Clears the back-off of every address on `account` (the unlock link). The count of its
    /// window stays: another unlock mail waits for a new window.
    pub fn clear(&self, account: &str) {
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(a) = accounts.get_mut(account) {
            a.clients.clear();
        }
    }

    /// Records a failure now; see `failed_at`.
    pub fn failed(&self, account: &str, client: &str) -> bool {
        self.failed_at(account, client, Instant::now())
    }

    /// Checks now; see `check_at`.
    pub fn check(&self, account: &str, client: &str) -> Result<(), Duration> {
        self.check_at(account, client, Instant::now())
    }
}

impl AccountFailures {
    /// True while a client still waits or the window still counts.
    fn is_live(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.window_start) < WINDOW || self.clients.values().any(|c| c.free_at() > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn waits_double_after_the_free_failures_up_to_the_cap() {
        let waits: Vec<u64> = [1, 2, 3, 4, 5, 6, 11, 40].iter().map(|&n| wait_after(n).as_secs()).collect();

        assert_eq!(waits, [0, 0, 2, 4, 8, 16, 512, 900]);
    }

    #[test]
    fn back_off_slows_the_failing_address_only() {
        let b = LoginBackoff::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            b.check_at("alice@example.org", "192.0.2.7", t0).unwrap();
            b.failed_at("alice@example.org", "192.0.2.7", t0);
        }

        assert_eq!(b.check_at("alice@example.org", "192.0.2.7", t0 + S), Err(S));
        assert_eq!(b.check_at("alice@example.org", "198.51.100.1", t0), Ok(()));
        assert_eq!(b.check_at("bob@example.org", "192.0.2.7", t0), Ok(()));
        assert_eq!(b.check_at("alice@example.org", "192.0.2.7", t0 + 2 * S), Ok(()));
        b.failed_at("alice@example.org", "192.0.2.7", t0 + 2 * S);
        assert_eq!(b.check_at("alice@example.org", "192.0.2.7", t0 + 3 * S), Err(3 * S));
    }

    #[test]
    fn success_and_clear_lift_the_back_off() {
        let b = LoginBackoff::default();
        let t0 = Instant::now();
        for client in ["192.0.2.7", "192.0.2.7", "192.0.2.7", "198.51.100.1", "198.51.100.1", "198.51.100.1"] {
            b.failed_at("alice@example.org", client, t0);
        }

        b.succeeded("alice@example.org", "192.0.2.7");
        let after_success =
            (b.check_at("alice@example.org", "192.0.2.7", t0), b.check_at("alice@example.org", "198.51.100.1", t0));
        b.clear("alice@example.org");

        assert_eq!(after_success, (Ok(()), Err(2 * S)));
        assert_eq!(b.check_at("alice@example.org", "198.51.100.1", t0), Ok(()));
    }

    #[test]
    fn the_tenth_failure_of_a_window_asks_for_the_mail_once() {
        let b = LoginBackoff::default();
        let t0 = Instant::now();

        let asks: Vec<bool> = (0..12).map(|i| b.failed_at("alice@example.org", &format!("192.0.2.{i}"), t0)).collect();
        b.clear("alice@example.org");
        let after_clear = (0..10).any(|i| b.failed_at("alice@example.org", &format!("198.51.100.{i}"), t0));
        let next_window: Vec<bool> =
            (0..10).map(|i| b.failed_at("alice@example.org", &format!("203.0.113.{i}"), t0 + WINDOW)).collect();

        assert_eq!(asks.iter().filter(|a| **a).count(), 1);
        assert!(asks[9]);
        assert!(!after_clear);
        assert_eq!(next_window.iter().position(|a| *a), Some(9));
    }
}
