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
