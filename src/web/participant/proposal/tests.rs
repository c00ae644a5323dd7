//! C1 G5: the proposal form on any field map.

use super::*;
use crate::domain::cfp::{Format, Window};
use crate::properties::{FORM_VALUES, altered, clean_text};
use proptest::prelude::*;

fn settings() -> CallSettings {
    CallSettings {
        window: Window { opens_at: Timestamp::UNIX_EPOCH, closes_at: Timestamp::MAX },
        decisions_by: None,
        programme_by: None,
        intro: String::new(),
        formats: vec![
            Format { name: "Éclair".into(), min_minutes: 5, max_minutes: 5 },
            Format { name: "Long".into(), min_minutes: 20, max_minutes: 240 },
        ],
        questions: vec!["Pourquoi ?".into(), "Pour qui ?".into()],
        criteria: Vec::new(),
        anonymous: false,
        show_accepted: false,
        announced_at: None,
    }
}

const FIELDS: &[&str] = &[
    "title",
    "summary",
    "administration",
    "subject",
    "audience",
    "notes",
    "format",
    "minutes",
    "answer_0",
    "answer_1",
    "answer_2",
    "s0_name",
    "s0_email",
    "s0_organisation",
    "s0_bio",
    "s0_consent",
    "s1_name",
    "s1_email",
    "s1_bio",
    "s2_email",
    "s3_name",
    "s3_email",
];
const BASE: &[(&str, &str)] = &[
    ("title", "Communs"),
    ("summary", "Un résumé"),
    ("administration", "DINUM"),
    ("subject", "Logiciel libre"),
    ("audience", "Agents"),
    ("format", "Long"),
    ("minutes", "30"),
    ("s0_name", "Anne"),
    ("s0_email", "anne@a.fr"),
];
const VALUES: &[&str] = &["Éclair", "Long", "a@b.fr", "c@d.fr", "A@B.FR", "5", "20", "241", "Anne", " ", "", "oui"];

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn proposal_form_gives_a_proposal_within_the_call_rules(
        map in altered(BASE, FIELDS, FORM_VALUES),
        more in altered(BASE, FIELDS, VALUES),
        both: bool,
    ) {
        let mut map = map;
        if both {
            map.extend(more);
        }
        let settings = settings();

        if let Ok(p) = parse(&map, &settings) {
            prop_assert_eq!(rules::check_duration(&settings.formats, &p.format, p.minutes).map(|f| f.name.clone()), Ok(p.format.clone()));
            for (t, max) in [(&p.title, 200), (&p.summary, 5000), (&p.administration, 200), (&p.subject, 300), (&p.audience, 300)] {
                prop_assert!(!t.is_empty() && clean_text(t, max), "{t:?}");
            }
            prop_assert!(clean_text(&p.notes, 3000));
            prop_assert_eq!(p.answers.len(), settings.questions.len());
            prop_assert!((1..=1 + rules::MAX_COSPEAKERS).contains(&p.speakers.len()));
            let mut emails: Vec<String> = p.speakers.iter().map(|s| s.email.to_lowercase()).collect();
            emails.sort();
            emails.dedup();
            prop_assert_eq!(emails.len(), p.speakers.len());
            for s in &p.speakers {
                prop_assert!(parse_email(&s.email).is_ok() && clean_text(&s.name, 200) && clean_text(&s.bio, 1500));
            }
        }
    }
}
