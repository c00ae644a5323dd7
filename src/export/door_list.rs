//! B6: the door list, as CSV, as an OpenDocument spreadsheet and as rows for its printed
//! page: one row per participant holding a place, sorted by name the French way, with the
//! answers to the event's registration questions (lunch, diet…) and an empty column to sign
//! (issue 19). Pure.

use super::csv::{Csv, Quote};
use crate::domain::event::Slug;
use crate::domain::question::{Answers, Question, answers_from_json};
use crate::domain::registration::Registration;

/// The door list's first columns; the questions' labels and « Signature » follow.
pub const HEADER: [&str; 5] = ["Nom", "Adresse électronique", "Organisation", "Statut", "État"];

/// The last column, left empty for the participant to sign on paper.
pub const SIGNATURE: &str = "Signature";

/// The header: the fixed columns, one per question, then the signature.
pub fn header(questions: &[Question]) -> Vec<String> {
    HEADER
        .iter()
        .map(|h| (*h).to_owned())
        .chain(questions.iter().map(|q| q.label.clone()))
        .chain(std::iter::once(SIGNATURE.to_owned()))
        .collect()
}

/// The registrations holding a place, sorted by name the French way ("Élodie" sorts with
/// the E, not after the Z).
pub fn sorted(regs: &[Registration]) -> Vec<&Registration> {
    let mut rows: Vec<&Registration> = regs.iter().filter(|r| r.state.holds_place()).collect();
    rows.sort_by_key(|r| sort_key(&r.name));
    rows
}

/// The key that sorts names the French way: accents and case ignored.
pub fn sort_key(name: &str) -> String {
    Slug::derive(name).map_or_else(|| name.to_lowercase(), |s| s.as_str().to_owned())
}

/// The answer of one registration to each question, in question order ("" when unanswered).
pub fn answers(questions: &[Question], answers: &Answers) -> Vec<String> {
    questions.iter().map(|q| answers.get(&q.id).map(|a| a.join(", ")).unwrap_or_default()).collect()
}

/// The door list's rows, with the answers and an empty signature cell.
pub fn rows(regs: &[Registration], questions: &[Question]) -> Vec<Vec<String>> {
    sorted(regs)
        .iter()
        .map(|r| {
            let mut row = vec![
                r.name.clone(),
                r.email.clone(),
                r.organisation.clone(),
                r.status.label_fr().to_owned(),
                r.state.label_fr().to_owned(),
            ];
            row.extend(answers(questions, &answers_from_json(&r.answers)));
            row.push(String::new());
            row
        })
        .collect()
}

/// The door list as CSV: `;`-separated, every cell quoted and defused, UTF-8 with a byte
/// order mark so that spreadsheet software shows the accents.
pub fn csv(regs: &[Registration], questions: &[Question]) -> String {
    let mut out = Csv::new(';', Quote::Always).with_bom();
    let header = header(questions);
    out.header(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for row in rows(regs, questions) {
        out.row(row);
    }
    out.finish()
}

/// The door list as an OpenDocument spreadsheet.
pub fn ods(regs: &[Registration], questions: &[Question]) -> Vec<u8> {
    let header = header(questions);
    super::ods::sheet("Émargement", &header.iter().map(String::as_str).collect::<Vec<_>>(), &rows(regs, questions))
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
            lang: Default::default(),
            siret: String::new(),
        }
    }

    #[test]
    fn csv_keeps_places_only_sorts_by_name_and_defuses_formulas() {
        let regs = [reg("Zoé", State::Confirmed), reg("Élodie", State::Attended), reg("Marc", State::Waitlisted)];

        assert_eq!(
            csv(&regs, &[]),
            "\u{feff}Nom;Adresse électronique;Organisation;Statut;État;Signature\r\n\
             \"Élodie\";\"élodie@example.org\";\"'=HYPERLINK(\"\"x\"\")\";\"Agent public\";\"Présent\";\"\"\r\n\
             \"Zoé\";\"zoé@example.org\";\"'=HYPERLINK(\"\"x\"\")\";\"Agent public\";\"Inscription confirmée\";\"\"\r\n"
        );
    }

    #[test]
    fn rows_carry_each_answer_under_its_question_and_an_empty_signature() {
        use crate::domain::question::Kind;
        let q = |id: i64, label: &str| Question {
            id,
            label: label.into(),
            kind: Kind::ShortText,
            required: false,
            choices: vec![],
            show_if: None,
        };
        let mut zoe = reg("Zoé", State::Confirmed);
        zoe.answers = r#"{"2":["végétarien"],"1":["oui"]}"#.into();
        let questions = [q(1, "Déjeuner"), q(2, "Régime"), q(3, "Accessibilité")];

        let rows = rows(&[zoe], &questions);

        assert_eq!(header(&questions)[5..], ["Déjeuner", "Régime", "Accessibilité", "Signature"]);
        assert_eq!(rows[0][5..], ["oui", "végétarien", "", ""]);
    }
}
