//! B3 C1 G1 F1: an email address, checked once where it enters (a form, a file, the command
//! line) and carried as a checked value afterwards.

use super::event::{Invalid, parse_email};
use serde::Serialize;

/// A plausible email address, trimmed and lowercased (addresses are compared that way
/// everywhere: a registration, an account, an invitation).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts an address with one `@`, a dotted domain, no spaces or control characters, at
    /// most 254 bytes; refuses anything else with the French reason.
    pub fn parse(raw: &str) -> Result<Email, Invalid> {
        Ok(Email(parse_email(raw)?.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_trims_and_lowercases() {
        assert_eq!(Email::parse("  Alice@Example.ORG ").unwrap().as_str(), "alice@example.org");
    }

    #[test]
    fn parse_refuses_what_cannot_be_an_address() {
        for raw in ["", "alice", "alice@", "@example.org", "a b@example.org", "alice@example", "a\u{FFFD}@x.org"] {
            assert_eq!(Email::parse(raw), Err(Invalid::Email), "{raw:?}");
        }
    }
}
