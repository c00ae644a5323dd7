//! B3 G5: the registration form on any posted pairs.

use super::*;
use crate::domain::question::Condition;
use crate::properties::{FORM_VALUES, clean_text};
use proptest::prelude::*;

fn settings(consent: &str) -> EventSettings {
    EventSettings { consent_text: consent.into(), ..EventSettings::for_tests(Mode::FirstCome, 10) }
}

fn questions() -> Vec<Question> {
    let q = |id, kind, required, choices: &[&str]| Question {
        id,
        label: format!("Question {id}"),
        kind,
        required,
        choices: choices.iter().map(|c| c.to_string()).collect(),
        show_if: None,
    };
    let mut shown = q(5, Kind::ShortText, true, &[]);
    shown.show_if = Some(Condition { question: 4, answer: "oui".into() });
    vec![
        q(1, Kind::ShortText, true, &[]),
        q(2, Kind::Single, false, &["a", "b"]),
        q(3, Kind::Multiple, false, &["a", "b", "c"]),
        q(4, Kind::YesNo, false, &[]),
        shown,
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        proptest::sample::select(
            &[
                "name",
                "email",
                "organisation",
                "status",
                "consent",
                "invitation",
                "q1",
                "q2",
                "q3",
                "q4",
                "q5",
                "q9",
                "q-1",
                "qx"
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-z0-9]{1,4}",
    ];
    let value = prop_oneof![
        crate::properties::text_of(FORM_VALUES, 3),
        proptest::sample::select(&["a", "b", "c", "oui", "non", "Anne", "public_agent", "a@b.fr"][..])
            .prop_map(str::to_owned)
    ];
    let valid = Just(vec![
        ("name".to_owned(), "Anne".to_owned()),
        ("email".to_owned(), "anne@a.fr".to_owned()),
        ("status".to_owned(), "public_agent".to_owned()),
        ("consent".to_owned(), "oui".to_owned()),
        ("q1".to_owned(), "Oui".to_owned()),
    ]);
    let changes = proptest::collection::vec((name, value), 0..16);
    (valid, changes, any::<bool>()).prop_map(|(mut valid, changes, keep)| {
        if !keep {
            return changes;
        }
        // Later pairs win, except repeated one-value fields, which refuse the form.
        for (k, v) in changes.into_iter().take(3) {
            valid.retain(|(n, _)| *n != k || k.starts_with('q'));
            valid.push((k, v));
        }
        valid
    })
}

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn registration_pairs_give_an_applicant_with_checked_fields(pairs in pairs(), consent in proptest::sample::select(&["", "J'accepte"][..])) {
        let Ok(form) = RegistrationForm::from_pairs(pairs.clone()) else {
            let names: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).filter(|n| ["name", "email", "organisation", "status", "consent", "invitation"].contains(n)).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            prop_assert!(unique.len() < names.len(), "refused without a repeated field");
            return Ok(());
        };
        prop_assert!(form.answers.values().all(|v| !v.is_empty() && v.len() <= 60));

        if let Ok(a) = form.parse(&settings(consent), &questions()) {
            prop_assert!(!a.name.is_empty() && clean_text(&a.name, 200));
            prop_assert!(clean_text(&a.organisation, 200));
            prop_assert_eq!(Email::parse(a.email.as_str()).map(|e| e.as_str().to_owned()), Ok(a.email.as_str().to_owned()));
            prop_assert!(ParticipantStatus::ALL.contains(&a.status));
            prop_assert!(consent.is_empty() || form.consent.is_some());
            let answers: BTreeMap<String, serde_json::Value> = serde_json::from_str(&a.answers).unwrap();
            prop_assert!(answers.keys().all(|k| ["1", "2", "3", "4", "5"].contains(&k.as_str())), "{}", a.answers);
        }
    }
}
