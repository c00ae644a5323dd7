//! C3: the proposals of a call as a table, for the organisers' CSV and OpenDocument exports
//! and the command line. Pure: the caller reads the proposals and their review statistics.

use super::csv::{Csv, Quote};
use crate::domain::cfp::{Decision, Proposal, SpeakerAnswer, score_fr};

/// The review standing of one proposal: `(proposal id, mean score, number of reviews)`.
pub type Standing = (i64, Option<f64>, usize);

/// The columns that hold numbers, left unquoted in the CSV.
const NUMERIC: [&str; 4] = ["Numéro", "Durée (min)", "Note moyenne", "Évaluations"];

/// The proposals as a table: header and rows of plain text, for the CSV and ODS exports.
/// With `hide_speakers` (an anonymised review seen by a reviewer) the speakers, addresses and
/// administration are left out of the table, not blanked.
pub fn table(
    proposals: &[Proposal],
    stats: &[Standing],
    announced: bool,
    hide_speakers: bool,
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut head = vec!["Numéro", "Titre", "Format", "Durée (min)", "Sujet", "Public visé", "Résumé"];
    if !hide_speakers {
        head.extend(["Administration", "Adresse", "Intervenants", "Publication des noms acceptée"]);
    }
    head.extend(["Note moyenne", "Évaluations", "Décision", "Réponse de l’intervenant"]);
    let rows = proposals.iter().map(|p| row(p, stats, announced, hide_speakers)).collect();
    (head, rows)
}

fn row(p: &Proposal, stats: &[Standing], announced: bool, hide_speakers: bool) -> Vec<String> {
    let (mean, reviews) = stats.iter().find(|s| s.0 == p.id).map(|s| (s.1, s.2)).unwrap_or((None, 0));
    let mut row = vec![
        p.id.to_string(),
        p.title.clone(),
        p.format.clone(),
        p.minutes.to_string(),
        p.subject.clone(),
        p.audience.clone(),
        p.summary.clone(),
    ];
    if !hide_speakers {
        let names: Vec<String> = p
            .speakers
            .iter()
            .map(
                |s| if s.organisation.is_empty() { s.name.clone() } else { format!("{} ({})", s.name, s.organisation) },
            )
            .collect();
        let consents: Vec<&str> = p.speakers.iter().map(|s| if s.consent_publish { "oui" } else { "non" }).collect();
        row.extend([p.administration.clone(), p.email.clone(), names.join(", "), consents.join(", ")]);
    }
    let decision = if p.withdrawn { "Retirée" } else { p.decision.map(Decision::label_fr).unwrap_or("À décider") };
    let answer = match (announced, p.speaker_answer) {
        (true, Some(SpeakerAnswer::Confirmed)) => "Confirmée",
        (true, Some(SpeakerAnswer::Declined)) => "Désistement",
        _ => "",
    };
    row.extend([mean.map(score_fr).unwrap_or_default(), reviews.to_string(), decision.to_owned(), answer.to_owned()]);
    row
}

/// The table as CSV (semicolon-separated, UTF-8 with BOM, for spreadsheets set to French);
/// numbers unquoted, text quoted with formulas defused.
pub fn csv(proposals: &[Proposal], stats: &[Standing], announced: bool, hide_speakers: bool) -> String {
    let (head, rows) = table(proposals, stats, announced, hide_speakers);
    let mut out = Csv::new(';', Quote::Always).with_bom();
    out.header(&head);
    for row in rows {
        out.row_with_numbers(row, |i| NUMERIC.contains(&head[i]));
    }
    out.finish()
}

/// The table as an OpenDocument spreadsheet.
pub fn ods(proposals: &[Proposal], stats: &[Standing], announced: bool, hide_speakers: bool) -> Vec<u8> {
    let (head, rows) = table(proposals, stats, announced, hide_speakers);
    super::ods::sheet("Propositions", &head, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cfp::Speaker;
    use crate::domain::event::EventId;

    fn proposal() -> Proposal {
        Proposal {
            id: 7,
            event_id: EventId::new(1),
            email: "camille@example.org".into(),
            title: "=HYPERLINK(\"x\")".into(),
            summary: "Résumé; \"cité\"".into(),
            administration: "DINUM".into(),
            subject: "Sujet".into(),
            audience: "Tous".into(),
            format: "Éclair".into(),
            minutes: 5,
            notes: String::new(),
            answers: Vec::new(),
            withdrawn: false,
            decision: Some(Decision::Accepted),
            speaker_answer: Some(SpeakerAnswer::Confirmed),
            created_at: 0,
            updated_at: 0,
            lang: Default::default(),
            siret: String::new(),
            speakers: vec![Speaker {
                id: 1,
                position: 0,
                name: "Camille".into(),
                email: "camille@example.org".into(),
                organisation: "DINUM".into(),
                bio: String::new(),
                consent_publish: true,
                confirmed: true,
            }],
        }
    }

    #[test]
    fn csv_leaves_numbers_bare_and_defuses_quoted_text() {
        let out = csv(&[proposal()], &[(7, Some(3.0), 2)], true, false);

        let lines: Vec<&str> = out.split("\r\n").collect();
        assert!(lines[0].starts_with("\u{feff}Numéro;Titre;Format;Durée (min)"));
        assert_eq!(
            lines[1],
            "7;\"'=HYPERLINK(\"\"x\"\")\";\"Éclair\";5;\"Sujet\";\"Tous\";\"Résumé; \"\"cité\"\"\";\"DINUM\";\
             \"camille@example.org\";\"Camille (DINUM)\";\"oui\";3,00;2;\"Acceptée\";\"Confirmée\""
        );
    }

    #[test]
    fn anonymised_table_leaves_out_speakers_addresses_and_administration() {
        let (head, rows) = table(&[proposal()], &[], false, true);

        assert_eq!(
            head,
            [
                "Numéro",
                "Titre",
                "Format",
                "Durée (min)",
                "Sujet",
                "Public visé",
                "Résumé",
                "Note moyenne",
                "Évaluations",
                "Décision",
                "Réponse de l’intervenant"
            ]
        );
        assert!(!rows[0].iter().any(|c| c.contains("camille") || c.contains("DINUM") || c.contains("Camille")));
        assert_eq!(rows[0][7..], ["", "0", "Acceptée", ""]);
    }
}
