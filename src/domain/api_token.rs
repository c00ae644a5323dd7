//! I2 (issue 16): tokens of the organiser API. Pure: what a token may do, decided from the
//! token and its owner's account as they are at the time of the request, so that a token
//! never does more than its owner could do in the browser.

use super::account::{self, Account, CreateRight, EditRight};
use super::event::EventId;

/// What a token may do on the events of its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenAccess {
    /// Read registrations and proposals, and export them.
    Read,
    /// Also change registration states and create and update events.
    Write,
}

impl TokenAccess {
    /// The stored spelling, also used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenAccess::Read => "read",
            TokenAccess::Write => "write",
        }
    }

    /// Returns the access for a stored spelling, or `None`.
    pub fn parse(s: &str) -> Option<TokenAccess> {
        match s {
            "read" => Some(TokenAccess::Read),
            "write" => Some(TokenAccess::Write),
            _ => None,
        }
    }
}

/// A stored token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    /// The account the token acts for.
    pub user_id: i64,
    /// What the owner called it ("Export vers le tableur").
    pub name: String,
    pub access: TokenAccess,
    /// The events the token may reach, in id order.
    pub events: Vec<EventId>,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

impl ApiToken {
    /// True when the token still opens the API at `now` (Unix seconds).
    pub fn is_valid(&self, now: i64) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// Why a valid token may not do what it asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenDenied {
    /// The event is not in the token's scope.
    #[error("the event is outside the token's scope")]
    OutOfScope,
    /// A read-only token asked to write.
    #[error("the token is read-only")]
    ReadOnly,
    /// The owner may not (or no longer) do this in the browser.
    #[error("the token's owner may not do this")]
    OwnerNotAllowed,
}

/// Returns the right a token gives on `event_id`: the event is in its scope, it may write
/// when `write` is asked, and its owner (`owner`, read now) may edit the event.
pub fn authorise_edit(
    token: &ApiToken,
    owner: &Account,
    event_id: EventId,
    write: bool,
) -> Result<EditRight, TokenDenied> {
    if !token.events.contains(&event_id) {
        return Err(TokenDenied::OutOfScope);
    }
    if write && token.access != TokenAccess::Write {
        return Err(TokenDenied::ReadOnly);
    }
    account::authorise_edit(owner, event_id).map_err(|_| TokenDenied::OwnerNotAllowed)
}

/// Returns the right to create an event through a token: a write token whose owner may
/// create events in the browser.
pub fn authorise_create(token: &ApiToken, owner: &Account) -> Result<CreateRight, TokenDenied> {
    if token.access != TokenAccess::Write {
        return Err(TokenDenied::ReadOnly);
    }
    account::authorise_create(owner).map_err(|_| TokenDenied::OwnerNotAllowed)
}

/// The longest a token may live, in days.
pub const MAX_DAYS: i64 = 366;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{Grant, Role, User};

    fn owner(grants: &[(i64, Role)]) -> Account {
        Account {
            user: User { id: 7, email: "a@example.org".into(), name: "A".into(), is_admin: false, disabled: false },
            grants: grants.iter().map(|&(id, role)| Grant { event_id: EventId::new(id), role }).collect(),
        }
    }

    fn token(access: TokenAccess, events: &[i64]) -> ApiToken {
        ApiToken {
            id: 1,
            user_id: 7,
            name: "t".into(),
            access,
            events: events.iter().map(|&e| EventId::new(e)).collect(),
            created_at: 0,
            expires_at: 100,
            revoked_at: None,
        }
    }

    #[test]
    fn a_token_needs_scope_write_access_and_its_owner_s_right() {
        let alice = owner(&[(1, Role::Organiser), (2, Role::Reviewer)]);
        let read = token(TokenAccess::Read, &[1, 2]);
        let write = token(TokenAccess::Write, &[1, 2]);

        assert_eq!(authorise_edit(&read, &alice, EventId::new(1), false).map(|r| r.user_id()), Ok(7));
        assert_eq!(authorise_edit(&read, &alice, EventId::new(1), true), Err(TokenDenied::ReadOnly));
        assert_eq!(authorise_edit(&write, &alice, EventId::new(3), false), Err(TokenDenied::OutOfScope));
        // In scope, but the owner only reviews event 2: the token may not do more.
        assert_eq!(authorise_edit(&write, &alice, EventId::new(2), false), Err(TokenDenied::OwnerNotAllowed));
        assert!(authorise_create(&write, &alice).is_ok());
        assert_eq!(authorise_create(&read, &alice), Err(TokenDenied::ReadOnly));
    }

    #[test]
    fn a_disabled_owner_s_token_gives_nothing_and_expiry_is_exclusive() {
        let mut alice = owner(&[(1, Role::Organiser)]);
        alice.user.disabled = true;
        let t = token(TokenAccess::Write, &[1]);

        assert_eq!(authorise_edit(&t, &alice, EventId::new(1), false), Err(TokenDenied::OwnerNotAllowed));
        assert!(t.is_valid(99));
        assert!(!t.is_valid(100));
        assert!(!ApiToken { revoked_at: Some(5), ..t }.is_valid(10));
    }
}
