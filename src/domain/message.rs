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

/// A message ready to queue: one subject line, a plain-text part and an HTML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Composed {
    /// What the HTML part shows: the inside of its `<body>` (for previews inside a page).
    pub fn html_body(&self) -> &str {
        let start = self.html.find("<body>").map_or(0, |i| i + "<body>".len());
        let end = self.html.rfind("</body>").filter(|&e| e >= start).unwrap_or(self.html.len());
        &self.html[start..end]
    }
}

/// Wording an organiser set for one kind of message of one event: a subject and a Markdown
/// body, both templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub subject: String,
    pub body: String,
}

/// A value that is only known inside the write transaction that queues a message (the
/// person a freed place goes to, the link made for them, their waitlist position). A draft
/// is rendered before the transaction with each hole's placeholder in place of the value;
/// the store then fills the holes, which is a plain substitution and never runs a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hole {
    /// The recipient's name, as they typed it.
    Name,
    /// The secret part of the recipient's private link.
    Token,
    /// A position in a queue (the waitlist).
    Position,
    /// A date or time stated in the message, already written out.
    When,
    /// The recipient's check-in code (`domain::door_code`), also inside the QR image's address.
    DoorCode,
}

impl Hole {
    const ALL: [Hole; 5] = [Hole::Name, Hole::Token, Hole::Position, Hole::When, Hole::DoorCode];

    /// The placeholder a draft carries for this hole: a character of Unicode's private use
    /// area, which neither Markdown nor HTML escaping changes and no one types.
    pub fn placeholder(self) -> &'static str {
        match self {
            Hole::Name => "\u{E000}",
            Hole::Token => "\u{E001}",
            Hole::Position => "\u{E002}",
            Hole::When => "\u{E003}",
            Hole::DoorCode => "\u{E004}",
        }
    }
}

impl Hole {
    /// The placeholder as it appears in a URL once percent-encoded (UTF-8 bytes).
    fn percent_encoded(self) -> &'static str {
        match self {
            Hole::Name => "%EE%80%80",
            Hole::Token => "%EE%80%81",
            Hole::Position => "%EE%80%82",
            Hole::When => "%EE%80%83",
            Hole::DoorCode => "%EE%80%84",
        }
    }
}

/// A composed message whose holes are still to be filled (see `Hole`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft(pub Composed);

/// H2: one draft per language, for a message that goes to people of either; each recipient
/// gets the one of the language kept with their registration or proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangDrafts(pub Vec<(crate::i18n::Lang, Draft)>);

impl LangDrafts {
    /// The draft in `lang`, else the first one written (French).
    pub fn get(&self, lang: crate::i18n::Lang) -> &Draft {
        let found = self.0.iter().find(|(l, _)| *l == lang).or(self.0.first());
        &found.expect("a message is written in at least one language").1
    }
}

impl Draft {
    /// A draft without holes, for a message whose every value is known beforehand.
    pub fn ready(composed: Composed) -> Draft {
        Draft(composed)
    }

    /// Returns the message with every hole filled: `values` gives the text of each hole; a
    /// hole without a value is left empty. Values are text typed by people: they are
    /// escaped in the HTML part, and their line breaks never reach the subject.
    pub fn fill(&self, values: &[(Hole, &str)]) -> Composed {
        let Composed { subject, text, html } = &self.0;
        let mut out = Composed { subject: subject.clone(), text: text.clone(), html: html.clone() };
        for hole in Hole::ALL {
            let mark = hole.placeholder();
            let value = values.iter().find(|(h, _)| *h == hole).map_or("", |(_, v)| *v);
            if out.subject.contains(mark) {
                let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
                out.subject = out.subject.replace(mark, &one_line);
            }
            if out.text.contains(mark) {
                out.text = out.text.replace(mark, value);
            }
            if out.html.contains(mark) {
                out.html = out.html.replace(mark, &escape_html(value));
            }
            // A placeholder inside a link's address comes out of Markdown percent-encoded.
            let encoded = hole.percent_encoded();
            if out.html.contains(encoded) {
                out.html = out.html.replace(encoded, &escape_html(value));
            }
        }
        out
    }
}

/// `text` with every email address in it replaced by `<address>`: SMTP servers name the
/// recipient in their refusals, and those words reach the logs and the queue's last error,
/// which must hold no personal data.
pub fn redact_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('@') {
            out.push_str("<address>");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '(' | ')' | '"' | '\'' | '[' | ']') {
            flush(&mut word, &mut out);
            // The brackets around an address go with it.
            if !matches!(c, '<' | '>') {
                out.push(c);
            }
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

    #[test]
    fn draft_fills_every_hole_and_escapes_html_only_in_the_html_part() {
        let mark = Hole::Name.placeholder();
        let draft = Draft(Composed {
            subject: format!("Bonjour {mark}"),
            text: format!("Bonjour {mark}, lien {}", Hole::Token.placeholder()),
            html: format!("<p>Bonjour {mark}</p><a href=\"/i/{}\">lien</a>", Hole::Token.placeholder()),
        });

        let mail = draft.fill(&[(Hole::Name, "<b>Ève</b>\nBcc: x"), (Hole::Token, "abc")]);

        assert_eq!(mail.subject, "Bonjour <b>Ève</b> Bcc: x");
        assert_eq!(mail.text, "Bonjour <b>Ève</b>\nBcc: x, lien abc");
        assert_eq!(mail.html, "<p>Bonjour &lt;b&gt;Ève&lt;/b&gt;\nBcc: x</p><a href=\"/i/abc\">lien</a>");
    }

    #[test]
    fn draft_fills_a_hole_percent_encoded_in_a_link() {
        let draft = Draft(Composed {
            subject: String::new(),
            text: String::new(),
            html: "<a href=\"https://x.org/inscription/%EE%80%81\">lien</a>".into(),
        });

        assert_eq!(draft.fill(&[(Hole::Token, "t0k")]).html, "<a href=\"https://x.org/inscription/t0k\">lien</a>");
    }

    #[test]
    fn hole_percent_encoding_matches_its_placeholder() {
        for hole in Hole::ALL {
            let encoded: String = hole.placeholder().bytes().map(|b| format!("%{b:02X}")).collect();
            assert_eq!(hole.percent_encoded(), encoded);
        }
    }

    #[test]
    fn redact_addresses_hides_every_address_and_keeps_the_rest() {
        assert_eq!(
            redact_addresses("451 4.3.0 <bob@example.org>, <Eve.X+1@a.fr>: try later (id 12)"),
            "451 4.3.0 <address>, <address>: try later (id 12)"
        );
        assert_eq!(redact_addresses("550 user alice@example.org unknown"), "550 user <address> unknown");
        assert_eq!(redact_addresses("connection refused"), "connection refused");
    }

    #[test]
    fn draft_hole_without_value_is_left_empty() {
        let draft = Draft(Composed {
            subject: "Place".into(),
            text: format!("Rang {}.", Hole::Position.placeholder()),
            html: String::new(),
        });

        assert_eq!(draft.fill(&[]).text, "Rang .");
    }
}
