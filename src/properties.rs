//! G5: what the hostile-input properties share: how many cases a property runs, the
//! strategies of outside text, and the time bound of one call. Test-only.
//!
//! The properties sit beside the code they test (`proptest!` blocks in the test modules);
//! `cargo test` runs each with a few hundred cases at most, and `bench/properties.sh` runs the
//! same properties with thousands (`PROPTEST_CASES`).

use proptest::prelude::*;
use proptest::test_runner::Config;
use std::time::{Duration, Instant};

/// The cases a property runs when `PROPTEST_CASES` is not set: the default of the suite.
const NORMAL: u32 = 256;

/// The configuration of a property that runs `normal` cases in `cargo test`. With
/// `PROPTEST_CASES=N` every property runs `N / 256` times its normal count (at least its
/// normal count), so a slow property stays proportionally fewer cases in the deep run too.
pub fn config(normal: u32) -> Config {
    let cases = match std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse::<u64>().ok()) {
        Some(deep) => (u64::from(normal) * deep / u64::from(NORMAL)).max(u64::from(normal)),
        None => u64::from(normal),
    };
    // Shrinking a slow input would take longer than finding it: a failure is reported as found.
    Config {
        cases: u32::try_from(cases).unwrap_or(u32::MAX),
        max_shrink_time: 20_000,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Runs `f` and fails the property when it takes longer than `bound`. proptest's own
/// timeout needs a forked process; this one measures instead, so an endless loop still
/// hangs the test, but a slow case (quadratic or worse) is a failure with its input.
pub fn within<T>(bound: Duration, what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    if took > bound {
        return Err(TestCaseError::fail(format!("{what} took {took:?}, more than {bound:?}")));
    }
    Ok(out)
}

/// Any Unicode text of at most `max` characters: controls, surrogates' neighbours,
/// private use, combining marks, anything `char` holds.
pub fn any_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..=max).prop_map(String::from_iter)
}

/// Any bytes, at most `max`, often not UTF-8.
pub fn any_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..=max)
}

/// Text made of `pieces` (the syntax a reader cares about) mixed with any characters, at
/// most `max` pieces: random characters alone rarely reach the interesting branches.
pub fn text_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..=max).prop_map(|v| v.concat())
}

/// About `bytes` bytes of `pieces` repeated in a random order: the large input of the time
/// bounds (a quadratic reader shows on 100 KB, not on 100 bytes).
pub fn large_text_of(pieces: &'static [&'static str], bytes: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(pieces), 1..=64).prop_map(move |pattern| {
        let mut out = String::with_capacity(bytes + 64);
        while out.len() < bytes {
            for p in &pattern {
                out.push_str(p);
            }
        }
        out
    })
}

/// A form body as anyone may post it: some of `fields` (and an unknown one), each with a
/// value made of `values`, any characters, or an over-long text.
pub fn field_map(
    fields: &'static [&'static str],
    values: &'static [&'static str],
) -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    let name = prop_oneof![9 => proptest::sample::select(fields).prop_map(str::to_owned), 1 => "[a-z_0-9]{1,8}"];
    let value = prop_oneof![
        6 => text_of(values, 4),
        2 => any_text(40),
        1 => proptest::sample::select(&[120usize, 201, 301, 601, 1001, 1501, 2001, 3001, 5001][..]).prop_map(|n| "é".repeat(n)),
    ];
    proptest::collection::btree_map(name, value, 0..=fields.len() + 1)
}

/// Values a form's fields are checked against: empty, spaces, numbers at the bounds, dates,
/// addresses, links, controls and the replacement character.
pub const FORM_VALUES: &[&str] = &[
    "",
    " ",
    "\n",
    "0",
    "1",
    "5",
    "16",
    "17",
    "20",
    "48",
    "240",
    "241",
    "720",
    "721",
    "3650",
    "3651",
    "100000",
    "100001",
    "-1",
    "4294967296",
    "2030-01-02T23:59",
    "2030-01-02",
    "2029-12-31T08:00",
    "25:00",
    "a@b.fr",
    "A@B.FR",
    "x@y",
    "https://a.fr/x",
    "https://github.com/a/b",
    "javascript:alert(1)",
    "http://127.0.0.1/a/b",
    "oui",
    "first_come",
    "selection",
    "invitation",
    "external",
    "public_agent",
    "contractor",
    "other",
    "bug",
    "demi-journée",
    "journée",
    "3 h",
    "Éclair | 5 | 20",
    "Long | 30",
    "x | 300 | 5",
    "interieur.gouv.fr",
    "@a.fr",
    ",",
    "|",
    "\u{0}",
    "\u{7}",
    "\u{fffd}",
    "\u{202e}",
    "é",
    "<script>",
    " a ",
];

/// The form type `T` deserialised from a field map, as axum's `Form` would.
pub fn form<T: serde::de::DeserializeOwned>(map: &std::collections::BTreeMap<String, String>) -> T {
    serde_json::from_value(serde_json::to_value(map).expect("a map of strings")).expect("every field is text")
}

/// True for text the form helper lets through: trimmed, at most `max` characters, no
/// control character but line breaks and tabs, no replacement character.
pub fn clean_text(s: &str, max: usize) -> bool {
    s.trim() == s
        && s.chars().count() <= max
        && !s.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{fffd}')
}

/// A valid form `base` with up to three fields changed by [`field_map`]'s values, half of
/// the time: random maps alone are nearly always refused, and a property about what a
/// successful parse gives needs parses that succeed.
pub fn altered(
    base: &'static [(&'static str, &'static str)],
    fields: &'static [&'static str],
    values: &'static [&'static str],
) -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    let changes = field_map(fields, values).prop_map(|m| m.into_iter().take(3).collect::<Vec<_>>());
    prop_oneof![
        1 => field_map(fields, values),
        1 => changes.prop_map(move |changes| {
            let mut map: std::collections::BTreeMap<String, String> =
                base.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            map.extend(changes);
            map
        }),
    ]
}
