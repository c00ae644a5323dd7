//! F1: the gazette's rules: subscriber and issue states, what an issue must hold, the issue
//! number read from a past issue's title, and when bounces suspend an address. Pure.

use serde::Serialize;

/// Where a subscriber stands. A pending address gets nothing but its confirmation mail; a
/// suspended one (too many hard bounces) gets nothing until it subscribes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriberStatus {
    Pending,
    Confirmed,
    Suspended,
}

impl SubscriberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Confirmed => "confirmed",
            SubscriberStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<SubscriberStatus> {
        [SubscriberStatus::Pending, SubscriberStatus::Confirmed, SubscriberStatus::Suspended]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// What subscribing again through the form makes of this state: it never downgrades a
    /// confirmed address, and a suspended one must confirm again.
    pub fn after_subscribing_again(self) -> SubscriberStatus {
        match self {
            SubscriberStatus::Confirmed => SubscriberStatus::Confirmed,
            SubscriberStatus::Pending | SubscriberStatus::Suspended => SubscriberStatus::Pending,
        }
    }
}

/// Where an issue stands: written (`draft`), waiting for its date (`scheduled`), its messages
/// being queued (`sending`, or `paused` by an organiser), every message queued (`sent`), or
/// imported from the old site and never mailed (`archived`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Sent,
    Archived,
}

impl IssueStatus {
    const ALL: [IssueStatus; 6] = [
        IssueStatus::Draft,
        IssueStatus::Scheduled,
        IssueStatus::Sending,
        IssueStatus::Paused,
        IssueStatus::Sent,
        IssueStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Scheduled => "scheduled",
            IssueStatus::Sending => "sending",
            IssueStatus::Paused => "paused",
            IssueStatus::Sent => "sent",
            IssueStatus::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<IssueStatus> {
        IssueStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// True once the issue is public: in the archive, the feed and on the home page.
    pub fn is_public(self) -> bool {
        matches!(self, IssueStatus::Sending | IssueStatus::Paused | IssueStatus::Sent | IssueStatus::Archived)
    }

    /// True while its wording may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, IssueStatus::Draft | IssueStatus::Scheduled)
    }

    /// The French word organisers read.
    pub fn label(self) -> &'static str {
        match self {
            IssueStatus::Draft => "Brouillon",
            IssueStatus::Scheduled => "Envoi programmé",
            IssueStatus::Sending => "Envoi en cours",
            IssueStatus::Paused => "Envoi en pause",
            IssueStatus::Sent => "Envoyé",
            IssueStatus::Archived => "Archivé (importé)",
        }
    }
}

/// The longest title and body an organiser may write.
pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 100_000;

/// An issue as written: its number, title and Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueDraft {
    pub number: i64,
    pub title: String,
    pub body_md: String,
}

impl IssueDraft {
    /// Checks the fields of the form; refuses with the French sentence.
    pub fn parse(number: &str, title: &str, body: &str) -> Result<IssueDraft, String> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let body_md = body.replace("\r\n", "\n").trim().to_owned();
        let number = match number.trim().parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => n,
            _ => return Err("Le numéro doit être un nombre entier positif (exemple : 33).".into()),
        };
        if title.is_empty() || body_md.is_empty() {
            return Err("Le titre et le texte sont obligatoires.".into());
        }
        if title.chars().count() > MAX_TITLE || body_md.chars().count() > MAX_BODY {
            return Err(format!("Le titre est limité à {MAX_TITLE} caractères et le texte à {MAX_BODY}."));
        }
        Ok(IssueDraft { number, title, body_md })
    }
}

/// The issue number a past issue's title states: `Gazette BlueHats 🧢 n°32`, `N° 32`,
/// `nº32`, `no 32`, `No. 32`, `#32`, `numéro 32`. `None` when the title names no number.
pub fn number_from_title(title: &str) -> Option<i64> {
    let lower = title.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let markers: [&[char]; 8] = [
        &['n', 'u', 'm', 'é', 'r', 'o'],
        &['n', 'u', 'm', 'e', 'r', 'o'],
        &['n', '°'],
        &['n', 'º'],
        &['n', 'o', '.'],
        &['n', 'o'],
        &['#'],
        &['n', '.'],
    ];
    let mut i = 0;
    while i < chars.len() {
        // A marker starts a word: `bono 3` is not a number.
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && let Some(m) = markers.iter().find(|m| chars[i..].starts_with(m)) {
            let mut j = i + m.len();
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{a0}' || chars[j] == '\u{202f}') {
                j += 1;
            }
            let digits: String = chars[j..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let after = chars.get(j + digits.len());
            if !digits.is_empty() && after.is_none_or(|c| !c.is_alphanumeric()) {
                return digits.parse().ok().filter(|n| *n > 0);
            }
        }
        i += 1;
    }
    None
}

/// The hard bounces after which an address is suspended by default.
pub const DEFAULT_BOUNCE_LIMIT: u32 = 1;

/// True when an address with `hard_bounces` refusals is to be suspended under `limit`.
pub fn suspended_after(hard_bounces: i64, limit: u32) -> bool {
    hard_bounces >= i64::from(limit.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_from_title_reads_the_usual_spellings() {
        for (title, n) in [
            ("Gazette BlueHats 🧢 n°32", 32),
            ("Gazette BlueHats 🧢 N°7", 7),
            ("Gazette BlueHats nº 12", 12),
            ("La gazette no 5 — printemps", 5),
            ("Gazette No. 14", 14),
            ("Gazette #3", 3),
            ("Gazette numéro 21", 21),
            ("Gazette numero 22 !", 22),
            ("Gazette n° 30 (spéciale)", 30),
        ] {
            assert_eq!(number_from_title(title), Some(n), "{title}");
        }
    }

    #[test]
    fn number_from_title_refuses_titles_without_number() {
        for title in ["Gazette BlueHats", "Gazette de l'été 2023", "Bono 3", "n°", "Gazette n°0", "Gazette n°3b"] {
            assert_eq!(number_from_title(title), None, "{title}");
        }
    }

    #[test]
    fn subscribing_again_never_downgrades_a_confirmed_address() {
        assert_eq!(SubscriberStatus::Confirmed.after_subscribing_again(), SubscriberStatus::Confirmed);
        assert_eq!(SubscriberStatus::Suspended.after_subscribing_again(), SubscriberStatus::Pending);
        assert_eq!(SubscriberStatus::Pending.after_subscribing_again(), SubscriberStatus::Pending);
    }

    #[test]
    fn issue_draft_refuses_bad_fields_in_french() {
        assert!(IssueDraft::parse("x", "T", "B").unwrap_err().contains("numéro"));
        assert!(IssueDraft::parse("3", " ", "B").unwrap_err().contains("obligatoires"));
        let ok = IssueDraft::parse(" 33 ", "Gazette  n°33", "Texte\r\n").unwrap();
        assert_eq!((ok.number, ok.title.as_str(), ok.body_md.as_str()), (33, "Gazette n°33", "Texte"));
    }

    #[test]
    fn bounce_limit_suspends_at_the_limit() {
        assert!(!suspended_after(0, 1));
        assert!(suspended_after(1, 1));
        assert!(!suspended_after(2, 3));
        assert!(suspended_after(1, 0));
    }
}
