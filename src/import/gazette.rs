//! F1: past issues of the gazette written as Markdown with front matter (a title such as
//! `Gazette BlueHats 🧢 n°32`, a `date`), numbered from their title (or a `numero`/`number`
//! key), dated from their front matter or file name. The body is kept as written: its raw HTML
//! (`<br/>`…) is made safe where it is shown (`markdown::to_safe_html`, ammonia). Pure.

use super::{front_matter, mojibake};
use crate::domain::gazette::{IssueDraft, MAX_BODY, number_from_title};
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::Path;

/// One past issue, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastIssue {
    pub source_path: String,
    pub draft: IssueDraft,
    pub date: Date,
    pub warnings: Vec<String>,
}

/// Reads one file; the error is an English sentence saying why it is skipped.
pub fn parse_issue(source_path: &str, bytes: &[u8]) -> Result<PastIssue, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 at byte {}", e.valid_up_to()))?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let repaired = mojibake::repair(text);
    let text = repaired.text.strip_prefix('\u{feff}').unwrap_or(&repaired.text);
    let mut warnings = Vec::new();
    let split = front_matter::split(text).map_err(|e| e.to_string())?;
    let fm = front_matter::read(split.yaml, source_path, &mut warnings).map_err(|e| e.to_string())?;
    let title = fm.title.clone().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let title = title.filter(|t| !t.is_empty()).ok_or("no title in the front matter")?;
    let number = number_from_title(&title)
        .or_else(|| number_key(split.yaml))
        .ok_or_else(|| format!("no issue number in the title {title:?} (write it as `n°32`) nor a `numero` key"))?;
    let stem = Path::new(source_path).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let date = fm.published.or_else(|| date_in(stem)).ok_or("no `date` in the front matter nor in the file name")?;
    let body_md = split.body.trim_matches('\n').to_owned();
    if body_md.trim().is_empty() {
        return Err("the body is empty".into());
    }
    if body_md.chars().count() > MAX_BODY {
        return Err(format!("the body is longer than {MAX_BODY} characters"));
    }
    Ok(PastIssue { source_path: source_path.to_owned(), draft: IssueDraft { number, title, body_md }, date, warnings })
}

/// A `numero:` or `number:` key of the front matter, read leniently.
fn number_key(yaml: &str) -> Option<i64> {
    yaml.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        let key = key.trim().to_lowercase();
        if !matches!(key.as_str(), "numero" | "numéro" | "number" | "issue") {
            return None;
        }
        value.trim().trim_matches(['"', '\'']).trim_start_matches('#').parse().ok().filter(|n: &i64| *n > 0)
    })
}

/// A `YYYY-MM-DD` at the start of a file name (`2023-06-12-gazette-30`).
fn date_in(stem: &str) -> Option<Date> {
    let d = stem.get(..10)?;
    let mut parts = d.split('-');
    Date::new(parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?).ok()
}

/// The issues of a folder, and the files skipped with why.
#[derive(Debug, Default)]
pub struct Scan {
    pub issues: Vec<PastIssue>,
    pub skipped: Vec<(String, String)>,
}

/// Reads every `.md`, `.markdown` and `.txt` file below `dir`, sorted by path. Two files with
/// the same number: the second is skipped.
pub fn scan_dir(dir: &Path) -> std::io::Result<Scan> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(false).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
    });
    for entry in walker {
        let entry = entry?;
        let ext = entry.path().extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if entry.file_type().is_file() && matches!(ext.as_deref(), Some("md" | "markdown" | "txt")) {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            files.push((rel, entry.into_path()));
        }
    }
    files.sort();
    let mut scan = Scan::default();
    let mut seen: HashMap<i64, String> = HashMap::new();
    for (rel, path) in files {
        let parsed =
            std::fs::read(&path).map_err(|e| format!("cannot read the file: {e}")).and_then(|b| parse_issue(&rel, &b));
        match parsed {
            Ok(issue) => match seen.get(&issue.draft.number) {
                Some(first) => scan.skipped.push((rel, format!("issue {} is already {first}", issue.draft.number))),
                None => {
                    seen.insert(issue.draft.number, rel.clone());
                    scan.issues.push(issue);
                }
            },
            Err(why) => scan.skipped.push((rel, why)),
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_past_issue_is_numbered_from_its_title_and_dated_from_its_front_matter() {
        let file = "---\ntitle: \"Gazette BlueHats 🧢 n°32\"\ndate: 2024-06-03\n---\n\n## 🎉 Nouvelles<br/>\n\nVoir [l’ancien site](https://bluehats.example/gazette-31).\n";

        let issue = parse_issue("gazette-32.md", file.as_bytes()).unwrap();

        assert_eq!(issue.draft.number, 32);
        assert_eq!(issue.draft.title, "Gazette BlueHats 🧢 n°32");
        assert_eq!(issue.date, jiff::civil::date(2024, 6, 3));
        assert!(issue.draft.body_md.starts_with("## 🎉 Nouvelles<br/>"));
    }

    #[test]
    fn numbers_come_from_other_spellings_a_key_and_dates_from_the_file_name() {
        let hash = parse_issue("2023-01-09-g.md", b"---\ntitle: \"Gazette #5\"\n---\nTexte").unwrap();
        let key =
            parse_issue("x.md", b"---\ntitle: La gazette d'hiver\nnumero: 7\ndate: 2022-12-01\n---\nTexte").unwrap();

        assert_eq!((hash.draft.number, hash.date), (5, jiff::civil::date(2023, 1, 9)));
        assert_eq!(key.draft.number, 7);
    }

    #[test]
    fn an_issue_without_number_or_date_is_skipped_with_an_english_reason() {
        let no_number =
            parse_issue("a.md", "---\ntitle: Gazette de l'été\ndate: 2022-07-01\n---\nTexte".as_bytes()).unwrap_err();
        let no_date = parse_issue("b.md", b"---\ntitle: Gazette n\xc2\xb03\n---\nTexte").unwrap_err();

        assert!(no_number.starts_with("no issue number in the title"), "{no_number}");
        assert!(no_date.starts_with("no `date`"), "{no_date}");
    }
}
