//! G2 G5: the text helper every form uses, on any input.

use super::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(crate::properties::config(256))]

    #[test]
    fn text_keeps_only_clean_bounded_values(value in crate::properties::any_text(60), max in 0usize..50, required: bool) {
        let mut errors = FieldErrors::default();

        let kept = text(&value, "f", "Le champ", max, required, &mut errors);

        match kept {
            Some(v) => {
                prop_assert!(crate::properties::clean_text(&v, max) && !v.is_empty(), "{v:?}");
                prop_assert!(errors.is_empty());
            }
            None => prop_assert_eq!(errors.is_empty(), value.trim().is_empty() && !required),
        }
    }
}
