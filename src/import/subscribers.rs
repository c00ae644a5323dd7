//! F1: a list of gazette subscribers migrated from another tool, as CSV: an address, the date
//! consent was given, where it came from (`email,consent_date,source`; commas or semicolons;
//! a header line is recognised). Lines that cannot be used are refused one by one, with why
//! in English (the command line). Pure.

use crate::domain::email::Email;
use crate::store::gazette::Imported;
use jiff::Timestamp;

/// The usable lines, and the refused ones as `(line number, reason)`.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<Imported>,
    pub refused: Vec<(usize, LineRefusal)>,
}

/// Why a line was refused; `Display` says it in English (the command line), the browser
/// has its own French words (`web::organiser::gazette`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineRefusal {
    /// The first cell, as written, is not an email address.
    NotAnAddress(String),
    /// The consent date, as written, is not a date.
    BadConsentDate(String),
}

impl std::fmt::Display for LineRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineRefusal::NotAnAddress(raw) => write!(f, "{raw:?} is not an email address"),
            LineRefusal::BadConsentDate(raw) => write!(f, "consent date {raw:?} is not a date (write 2024-03-01)"),
        }
    }
}

/// Splits one CSV line on `sep`, honouring double quotes (RFC 4180, one line per record).
fn cells(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    out.push(cell);
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

fn consent(raw: &str) -> Result<Option<Timestamp>, LineRefusal> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = raw.parse::<Timestamp>() {
        return Ok(Some(t));
    }
    raw.get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .map(|d| Some(crate::domain::event::to_instant(d.to_datetime(jiff::civil::Time::midnight()))))
        .ok_or_else(|| LineRefusal::BadConsentDate(raw.to_owned()))
}

/// Reads the file's text.
pub fn parse(text: &str, default_source: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed::default();
    let sep = match text.lines().next() {
        Some(first) if first.contains(';') && !first.contains(',') => ';',
        _ => ',',
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cells = cells(line, sep);
        let raw = cells.first().map(String::as_str).unwrap_or("");
        if n == 1
            && !raw.contains('@')
            && ["email", "e-mail", "adresse", "address", "courriel"].iter().any(|h| raw.to_lowercase().contains(h))
        {
            continue;
        }
        let email = match Email::parse(raw) {
            Ok(e) => e,
            Err(_) => {
                parsed.refused.push((n, LineRefusal::NotAnAddress(raw.to_owned())));
                continue;
            }
        };
        let consent_at = match consent(cells.get(1).map(String::as_str).unwrap_or("")) {
            Ok(c) => c,
            Err(why) => {
                parsed.refused.push((n, why));
                continue;
            }
        };
        let source = cells.get(2).filter(|s| !s.is_empty()).cloned().unwrap_or_else(|| default_source.to_owned());
        parsed.rows.push(Imported { email, consent_at, source: source.chars().take(100).collect() });
    }
    parsed
}

/// The subscribers as CSV (`email,status,consent_date,source`), as `gazette
/// export-subscribers` prints it and administrators download it.
pub fn to_csv(subscribers: &[crate::store::gazette::Subscriber]) -> String {
    let mut csv = crate::export::csv::Csv::new(',', crate::export::csv::Quote::Needed);
    csv.header(&["email", "status", "consent_date", "source"]);
    for s in subscribers {
        let consent =
            s.consent_at.and_then(|t| Timestamp::from_second(t).ok()).map(|t| t.to_string()).unwrap_or_default();
        csv.row([s.email.as_str(), s.status.as_str(), consent.as_str(), s.source.as_str()]);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_with_their_consent_date_and_bad_ones_are_explained() {
        let text = "email;consent;source\nAlice@Example.org;2024-03-01;listmonk\n\"bob@example.org\";;\nnot-an-address;2024-01-01;x\ncarol@example.org;hier;x\n";

        let parsed = parse(text, "import");

        let emails: Vec<&str> = parsed.rows.iter().map(|r| r.email.as_str()).collect();
        assert_eq!(emails, ["alice@example.org", "bob@example.org"]);
        assert_eq!(parsed.rows[0].source, "listmonk");
        assert_eq!(parsed.rows[1].source, "import");
        assert!(parsed.rows[0].consent_at.is_some() && parsed.rows[1].consent_at.is_none());
        assert_eq!(parsed.refused.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 5]);
        assert!(parsed.refused[0].1.to_string().contains("is not an email address"));
    }
}
