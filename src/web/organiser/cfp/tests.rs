//! C1 G5: the call settings form on any field map.

use super::*;
use crate::properties::{FORM_VALUES, altered, form};
use proptest::prelude::*;

const FIELDS: &[&str] = &[
    "opens",
    "closes",
    "decisions_by",
    "programme_by",
    "intro",
    "formats",
    "questions",
    "criteria",
    "anonymous",
    "show_accepted",
];
const VALUES: &[&str] =
    &["2030-01-02T23:59", "2029-12-31T08:00", "Éclair | 5", "Long | 20 | 240", "x | 0 | 500", "\n", "Q ?"];

const BASE: &[(&str, &str)] = &[
    ("opens", "2029-12-31T08:00"),
    ("closes", "2030-01-02T23:59"),
    ("formats", "Long | 20 | 240"),
    ("questions", "Q ?"),
];

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn call_settings_form_gives_formats_and_lists_within_their_bounds(map in altered(BASE, FIELDS, FORM_VALUES), more in altered(BASE, FIELDS, VALUES), both: bool) {
        let mut map = map;
        if both {
            map.extend(more);
        }
        let f: SettingsForm = form(&map);

        if let Ok(s) = f.parse(None) {
            prop_assert!(s.window.opens_at < s.window.closes_at);
            prop_assert!(!s.formats.is_empty());
            for fmt in &s.formats {
                prop_assert!(rules::MIN_MINUTES <= fmt.min_minutes && fmt.min_minutes <= fmt.max_minutes && fmt.max_minutes <= rules::MAX_MINUTES, "{fmt:?}");
                prop_assert!(!fmt.name.trim().is_empty());
            }
            prop_assert!(s.questions.len() <= MAX_QUESTIONS && s.questions.iter().all(|q| q.chars().count() <= 300));
            prop_assert!(s.criteria.len() <= 10 && s.criteria.iter().all(|c| c.chars().count() <= 100));
            prop_assert!(s.intro.chars().count() <= 10_000);
        }
    }
}
