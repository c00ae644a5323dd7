//! E2 E3 G5: the board's forms on any field map.

use super::*;
use crate::domain::board::Estimate;
use crate::properties::{FORM_VALUES, altered, clean_text, form};
use proptest::prelude::*;

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn project_form_gives_a_checked_repository_and_bounded_texts(
        map in altered(&[("url", "https://github.com/etalab/outil"), ("name", "Outil"), ("licence", "MIT")], &["url", "name", "publisher", "licence", "description", "maintainers"], FORM_VALUES),
    ) {
        let f: ProjectForm = form(&map);

        if let Ok(p) = f.parse() {
            prop_assert_eq!(forge::parse_repository(&p.repository.url).map(|r| r.key), Ok(p.repository.key.clone()));
            prop_assert!(p.name.as_deref().is_none_or(|n| clean_text(n, 120)));
            prop_assert!(clean_text(&p.publisher, 200) && clean_text(&p.licence, 80));
            prop_assert!(clean_text(&p.description, 600) && clean_text(&p.maintainers, 300));
        }
    }

    #[test]
    fn objective_form_gives_a_title_an_estimate_and_a_checked_link(
        map in altered(&[("project", "1"), ("title", "Traduire"), ("estimate", "3 h")], &["project", "title", "estimate", "link"], FORM_VALUES),
    ) {
        let f: ObjectiveForm = form(&map);

        if let Ok(o) = f.parse() {
            prop_assert!(!o.title.is_empty() && clean_text(&o.title, 200));
            prop_assert!(match o.estimate { Estimate::Hours(h) => (1..=16).contains(&h), _ => true }, "{:?}", o.estimate);
            prop_assert!(o.link.as_deref().is_none_or(|l| forge::parse_link(l).as_deref() == Ok(l)), "{:?}", o.link);
        }
    }

    #[test]
    fn request_form_gives_a_kind_and_bounded_texts(
        map in altered(&[("project", "1"), ("kind", "bug"), ("title", "Un bogue")], &["project", "kind", "title", "details", "skills", "newcomers"], FORM_VALUES),
    ) {
        let f: RequestForm = form(&map);

        if let Ok(r) = f.parse() {
            prop_assert!(RequestKind::ALL.contains(&r.kind));
            prop_assert!(!r.title.is_empty() && clean_text(&r.title, 200));
            prop_assert!(clean_text(&r.details, 2000) && clean_text(&r.skills, 200));
            prop_assert_eq!(r.newcomers, map.contains_key("newcomers"));
        }
    }
}
