//! B1 G5: the registration settings form on any field map.

use super::*;
use crate::properties::{FORM_VALUES, altered, form};
use proptest::prelude::*;

const FIELDS: &[&str] = &[
    "mode",
    "places",
    "closes",
    "consent",
    "retention_days",
    "external_url",
    "opens",
    "decisions",
    "offer_hours",
    "email_hours",
    "status_public_agent",
    "status_contractor",
    "status_other",
    "domains",
];

const BASE: &[(&str, &str)] = &[("mode", "first_come"), ("places", "30"), ("retention_days", "365")];

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn settings_form_gives_settings_within_their_bounds(map in altered(BASE, FIELDS, FORM_VALUES)) {
        let f: SettingsForm = form(&map);

        if let Ok(s) = f.parse(None) {
            prop_assert!(s.rules.places <= 100_000);
            prop_assert!((1..=720).contains(&s.rules.offer_hours) && (1..=720).contains(&s.rules.email_hours));
            prop_assert!((1..=3650).contains(&s.retention_days));
            prop_assert!(s.consent_text.chars().count() <= 1000);
            if let (Some(o), Some(c)) = (s.rules.opens_at, s.rules.closes_at) {
                prop_assert!(o < c);
            }
            prop_assert!(s.external_url.as_deref().is_none_or(|u| u.starts_with("https://") || u.starts_with("http://")));
            prop_assert!(s.rules.mode != Mode::External || s.external_url.is_some());
            for d in &s.rules.allowed_domains {
                prop_assert!(d.contains('.') && d.len() <= 253 && d.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'), "{d}");
            }
        }
    }
}
