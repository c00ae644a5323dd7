//! B6: the door list, as CSV and as an OpenDocument spreadsheet: one row per participant
//! holding a place, sorted by name the French way. Pure.

use super::csv::{Csv, Quote};
use crate::domain::event::Slug;
use crate::domain::registration::Registration;

/// The door list's columns.
pub const HEADER: [&str; 5] = ["Nom", "Adresse électronique", "Organisation", "Statut", "État"];

/// The door list's rows: one per participant holding a place, sorted by name the French
/// way ("Élodie" sorts with the E, not after the Z).
pub fn rows(regs: &[Registration]) -> Vec<Vec<String>> {
    let mut rows: Vec<&Registration> = regs.iter().filter(|r| r.state.holds_place()).collect();
    rows.sort_by_key(|r| Slug::derive(&r.name).map_or_else(|| r.name.to_lowercase(), |s| s.as_str().to_owned()));
    rows.iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.email.clone(),
                r.organisation.clone(),
                r.status.label_fr().to_owned(),
                r.state.label_fr().to_owned(),
            ]
        })
        .collect()
}

/// The door list as CSV: `;`-separated, every cell quoted and defused, UTF-8 with a byte
/// order mark so that spreadsheet software shows the accents.
pub fn csv(regs: &[Registration]) -> String {
    let mut out = Csv::new(';', Quote::Always).with_bom();
    out.header(&HEADER);
    for row in rows(regs) {
        out.row(row);
    }
    out.finish()
}

/// The door list as an OpenDocument spreadsheet.
pub fn ods(regs: &[Registration]) -> Vec<u8> {
    super::ods::sheet("Émargement", &HEADER, &rows(regs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventId;
    use crate::domain::registration::{ParticipantStatus, State};

    fn reg(name: &str, state: State) -> Registration {
        Registration {
            id: 1,
            event_id: EventId::new(1),
            email: format!("{}@example.org", name.to_lowercase()),
            name: name.into(),
            organisation: "=HYPERLINK(\"x\")".into(),
            status: ParticipantStatus::PublicAgent,
            answers: "{}".into(),
            state,
            waitlist_seq: None,
            offer_expires_at: None,
            email_expires_at: None,
            created_at: 0,
        }
    }

    #[test]
    fn csv_keeps_places_only_sorts_by_name_and_defuses_formulas() {
        let regs = [reg("Zoé", State::Confirmed), reg("Élodie", State::Attended), reg("Marc", State::Waitlisted)];

        assert_eq!(
            csv(&regs),
            "\u{feff}Nom;Adresse électronique;Organisation;Statut;État\r\n\
             \"Élodie\";\"élodie@example.org\";\"'=HYPERLINK(\"\"x\"\")\";\"Agent public\";\"Présent\"\r\n\
             \"Zoé\";\"zoé@example.org\";\"'=HYPERLINK(\"\"x\"\")\";\"Agent public\";\"Inscription confirmée\"\r\n"
        );
    }
}
