//! A3: the importer measured on a corpus of 45 real French event posts it was not written
//! for (`tests/import_corpus/`, sources in its SOURCES.md), against facts written by hand
//! in `expected.csv`. Prints the accuracy per fact and the misses:
//! `cargo test --locked --lib import::corpus_tests -- --nocapture`.

use super::*;
use jiff::civil::Time;

/// The goals of issue 18: at least these shares right.
const GOAL_START_DAY: f64 = 0.95;
const GOAL_OTHERS: f64 = 0.90;

struct Expected {
    file: String,
    /// `None`: the post is not an event and must be skipped.
    start: Option<Date>,
    hour: Option<Time>,
    end: Option<Date>,
    venue: String,
    registration: Option<Date>,
    call: Option<Date>,
}

fn expected() -> Vec<Expected> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_corpus/expected.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let day = |s: &str| (!s.is_empty()).then(|| s.parse::<Date>().unwrap());
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file;") && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(';').collect();
            assert_eq!(c.len(), 7, "{l}");
            Expected {
                file: c[0].to_owned(),
                start: (c[1] != "skip").then(|| day(c[1]).unwrap()),
                hour: (!c[2].is_empty()).then(|| c[2].parse::<Time>().unwrap()),
                end: day(c[3]),
                venue: c[4].to_owned(),
                registration: day(c[5]),
                call: day(c[6]),
            }
        })
        .collect()
}

/// Letters and digits only, lower case, without accents: how venue names are compared.
fn normal(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'ù' | 'û' => 'u',
            'ç' => 'c',
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A venue is right when both are empty, or one name contains the other.
fn venue_right(expected: &str, found: Option<&str>) -> bool {
    match found {
        None => expected.is_empty(),
        Some(f) => {
            let (e, f) = (normal(expected), normal(f));
            !e.is_empty() && (e.contains(&f) || f.contains(&e))
        }
    }
}

#[derive(Default)]
struct Score {
    right: usize,
    total: usize,
    misses: Vec<String>,
}

impl Score {
    fn check(&mut self, ok: bool, file: &str, expected: String, found: String) {
        self.total += 1;
        if ok {
            self.right += 1;
        } else {
            self.misses.push(format!("{file}: expected {expected}, found {found}"));
        }
    }

    fn share(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }
}

#[test]
fn corpus_accuracy_per_fact_meets_the_goals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_corpus/posts");
    let scan = scan_dir(&dir).unwrap();
    let expected = expected();
    assert!(expected.len() >= 40, "the corpus has at least 40 posts");
    let (mut start, mut hour, mut end, mut venue, mut deadlines) =
        (Score::default(), Score::default(), Score::default(), Score::default(), Score::default());
    for e in &expected {
        let post = scan.posts.iter().find(|p| p.source_path == e.file);
        let failure = scan.failures.iter().find(|(p, _)| *p == e.file).map(|(_, err)| err.to_string());
        let Some(want) = e.start else {
            let found = post.map(|p| p.draft.dates.start_date.to_string()).unwrap_or_else(|| "skipped".into());
            start.check(post.is_none(), &e.file, "skipped".into(), found);
            continue;
        };
        let Some(p) = post else {
            let why = failure.unwrap_or_default();
            start.check(false, &e.file, want.to_string(), format!("not imported ({why})"));
            hour.check(false, &e.file, format!("{:?}", e.hour), "not imported".into());
            end.check(false, &e.file, format!("{:?}", e.end), "not imported".into());
            venue.check(false, &e.file, e.venue.clone(), "not imported".into());
            continue;
        };
        let d = p.draft.dates;
        start.check(d.start_date == want, &e.file, want.to_string(), d.start_date.to_string());
        hour.check(d.start_time == e.hour, &e.file, format!("{:?}", e.hour), format!("{:?}", d.start_time));
        end.check(Some(d.end_date) == e.end, &e.file, format!("{:?}", e.end), d.end_date.to_string());
        let name = p.draft.venue.name.as_deref();
        venue.check(venue_right(&e.venue, name), &e.file, format!("{:?}", e.venue), format!("{name:?}"));
        let reg = p.facts.registration_deadline.as_ref().map(|f| f.value);
        let call = p.facts.call_deadline.as_ref().map(|f| f.value);
        deadlines.check(
            reg == e.registration && call == e.call,
            &e.file,
            format!("{:?} {:?}", e.registration, e.call),
            format!("{reg:?} {call:?}"),
        );
    }
    println!("import corpus: {} posts ({} event posts)", expected.len(), hour.total);
    for (name, s) in [
        ("start day (and skips)", &start),
        ("start hour", &hour),
        ("last day", &end),
        ("venue", &venue),
        ("deadlines", &deadlines),
    ] {
        println!("  {name:<22} {:>3}/{:<3} {:>5.1} %", s.right, s.total, s.share() * 100.0);
        for m in &s.misses {
            println!("      miss: {m}");
        }
    }
    assert!(start.share() >= GOAL_START_DAY, "start days {:.3}", start.share());
    assert!(hour.share() >= GOAL_OTHERS, "start hours {:.3}", hour.share());
    assert!(end.share() >= GOAL_OTHERS, "last days {:.3}", end.share());
    assert!(venue.share() >= GOAL_OTHERS, "venues {:.3}", venue.share());
}
