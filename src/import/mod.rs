//! A3: import of existing posts. Reads Markdown files with YAML front matter (Eleventy and
//! older Jekyll shapes), repairs Mac Roman mojibake, replaces Nunjucks shortcodes, and finds
//! in the prose what the front matter lacks: the event's dates and hours, venue, kind and
//! contact. Pure apart from [`scan_dir`], which reads a folder; the store keeps the results
//! and skips posts whose source path and content hash it already has, so importing the same
//! folder twice changes nothing.

mod dates;
mod decide;
pub mod facts;
mod front_matter;
pub mod gazette;
mod links;
pub mod media;
mod mojibake;
pub mod programme;
pub mod run;
mod shortcodes;
pub mod subscribers;
mod text;
mod venue;
mod venue_prose;

use crate::domain::event::{EventDates, EventDraft, EventKind, EventStatus, Image, Slug, parse_email, parse_tag};
use front_matter::key_line;
use jiff::civil::Date;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The most characters of a summary taken from the body when the front matter has none.
const SUMMARY_MAX: usize = 300;

/// An image a post refers to, to be copied into the event's media folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// The file next to the post; it may not exist (the import still succeeds).
    pub source: PathBuf,
    /// Where the page links it: `/media/import-{source path}/{file name}`.
    pub url_path: String,
}

/// One post read and understood, ready for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPost {
    /// Path relative to the scanned folder, with `/` separators.
    pub source_path: String,
    /// Lower-case hex SHA-256 of the raw file bytes.
    pub content_hash: String,
    /// The event; `Published` (unless the front matter says `draft: true`), with
    /// `published_on` set to the post's date.
    pub draft: EventDraft,
    /// Images referenced by the front matter or by shortcodes, without duplicates.
    pub media: Vec<MediaFile>,
    /// What was repaired, guessed or dropped, in English, each naming file and line.
    pub warnings: Vec<String>,
    /// Each fact with where it was found and how sure the importer is.
    pub facts: facts::Facts,
}

/// How to read a folder's posts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The original site's address: site-relative links (`/fr/…`) point there.
    pub source_base_url: Option<String>,
    /// Venues named by the folder's posts, with the file that named them.
    pub known_venues: Vec<(String, String)>,
}

/// Why a post could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("not valid UTF-8 at byte {at}")]
    NotUtf8 { at: usize },
    #[error("no front matter")]
    NoFrontMatter,
    #[error("front matter is not closed by a `---` line")]
    UnclosedFrontMatter,
    #[error("front matter is not valid YAML: {0}")]
    Yaml(String),
    #[error("front matter is not a mapping of keys to values")]
    NotAMapping,
    #[error("no title")]
    NoTitle,
    #[error("no event date in the text and no publication date")]
    NoDate,
    #[error("not an event: {0}")]
    NotAnEvent(String),
    #[error("no slug can be made from the title or the file name")]
    NoSlug,
    #[error("invalid event: {0}")]
    Invalid(String),
    #[error("cannot read the file: {0}")]
    Read(String),
}

/// The outcome of scanning a folder: the posts read, and the files refused with why.
#[derive(Debug)]
pub struct Scan {
    pub posts: Vec<ImportedPost>,
    pub failures: Vec<(String, ImportError)>,
}

/// Reads one post. `source_path` names it (in warnings too), `base_dir` is the folder its
/// relative image paths start from, `bytes` its raw content. The same bytes always give the
/// same result.
pub fn parse_post(source_path: &str, base_dir: &Path, bytes: &[u8]) -> Result<ImportedPost, ImportError> {
    parse_post_with(source_path, base_dir, bytes, &Options::default())
}

/// [`parse_post`] with options: the original site's address and the folder's known venues.
pub fn parse_post_with(
    source_path: &str,
    base_dir: &Path,
    bytes: &[u8],
    options: &Options,
) -> Result<ImportedPost, ImportError> {
    let content_hash = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 { at: e.valid_up_to() })?;
    let mut warnings = Vec::new();

    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let repaired = mojibake::repair(text);
    if let Some(line) = repaired.first_line {
        let lines = repaired.lines;
        warnings.push(format!("{source_path}:{line}: repaired Mac Roman mojibake ({lines} lines)"));
    }
    let text = repaired.text.strip_prefix('\u{feff}').unwrap_or(&repaired.text);

    let split = front_matter::split(text)?;
    let fm = front_matter::read(split.yaml, source_path, &mut warnings)?;
    let title = text::decode_entities(&fm.title.clone().ok_or(ImportError::NoTitle)?);
    let stem = Path::new(source_path).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let slug = Slug::derive(&title).or_else(|| Slug::derive(stem)).ok_or(ImportError::NoSlug)?;
    let published = match (fm.published, date_in_file_name(stem)) {
        (Some(d), _) => Some((d, facts::Source::FrontMatter("date".into()))),
        (None, Some(d)) => Some((d, facts::Source::FileName)),
        (None, None) => {
            dates::Sources::new(&[split.body], None).dateline(0).map(|d| (d, facts::Source::Body(split.body_line)))
        }
    };
    let published_on = published.as_ref().map(|p| p.0);

    // Images go to a folder named after the source file, not the event's slug: two posts
    // whose titles give the same slug must not overwrite each other's images, and a post
    // keeps its folder when its title (hence its derived slug) changes.
    let without_ext = source_path.rsplit_once('.').map_or(source_path, |(p, _)| p);
    let media_folder = Slug::derive(&format!("import {without_ext}")).unwrap_or_else(|| slug.clone());
    let origin = shortcodes::Origin { file: source_path, first_line: split.body_line, slug: &media_folder, base_dir };
    let expanded = shortcodes::expand(split.body, &origin);
    let body_md = expanded.body.trim_matches('\n').to_owned();

    let mut media = Vec::new();
    let image = fm.image.as_ref().and_then(|raw| {
        let (path, file) = match shortcodes::media_for(&raw.src, &origin) {
            Ok(found) => found,
            Err(why) => {
                warnings.push(format!("{source_path}:{}: {why}; image dropped", key_line(split.yaml, "image")));
                return None;
            }
        };
        media.extend(file);
        let alt = raw.alt.clone().unwrap_or_default();
        let hidden = raw.hide || alt.is_empty();
        if !raw.hide && alt.is_empty() {
            warnings.push(format!("{source_path}:{}: image has no alt text: hidden", key_line(split.yaml, "image")));
        }
        Some(Image { path, alt, hidden })
    });
    for m in expanded.media {
        if !media.contains(&m) {
            media.push(m);
        }
    }
    warnings.extend(expanded.warnings);

    let (body_md, link_warnings) =
        links::rewrite(&body_md, options.source_base_url.as_deref(), source_path, split.body_line);
    warnings.extend(link_warnings);
    let summary_source = fm.summary.clone().unwrap_or_default();
    let inputs = decide::Inputs {
        title: &title,
        summary: &summary_source,
        body_md: &body_md,
        raw_body: split.body,
        body_line: split.body_line,
        yaml: split.yaml,
        fm: &fm,
        published,
        known_venues: &options.known_venues,
    };
    let decided = decide::decide(&inputs, source_path)?;
    warnings.extend(decided.warnings);
    let facts = decided.facts;
    let hours = facts.hours.as_ref().map(|h| h.value);
    let event_dates = EventDates::new(facts.start.value, facts.end.value, hours.map(|h| h.0), hours.and_then(|h| h.1))
        .or_else(|_| {
            warnings.push(format!("{source_path}:1: the hours found do not make sense; the event is all-day"));
            EventDates::new(facts.start.value, facts.end.value, None, None)
        })
        .map_err(|e| ImportError::Invalid(e.to_string()))?;
    let venue = decided.venue;

    let mut tags: Vec<String> = Vec::new();
    for raw in &fm.tags {
        match parse_tag(raw) {
            Ok(tag) if !tags.contains(&tag) => tags.push(tag),
            Ok(_) => {}
            Err(_) => {
                warnings.push(format!("{source_path}:{}: tag `{}` dropped", key_line(split.yaml, "tags"), raw.trim()))
            }
        }
    }

    let summary = match &fm.summary {
        Some(s) => s.clone(),
        None => first_paragraph(&body_md),
    };
    let kind = infer_kind(&[&format!("{title} {}", tags.join(" ")), &summary, &body_md]);
    let contact_email = contact_in(&body_md).or_else(|| {
        fm.links.iter().find_map(|l| l.url.strip_prefix("mailto:").and_then(|a| parse_email(a.split('?').next()?).ok()))
    });
    let status = if fm.draft { EventStatus::Draft } else { EventStatus::Published };

    let mut draft = EventDraft {
        slug,
        title,
        summary,
        body_md,
        kind,
        dates: event_dates,
        sessions: Vec::new(),
        venue,
        audience: None,
        image,
        tags,
        links: fm.links,
        contact_email,
        status,
        published_on,
    };
    // A series of sessions: the event has each of them, its dates are their span.
    draft.set_sessions(facts.sessions.clone()).map_err(|e| ImportError::Invalid(e.to_string()))?;
    draft.validate().map_err(|e| ImportError::Invalid(e.to_string()))?;
    Ok(ImportedPost { source_path: source_path.to_owned(), content_hash, draft, media, warnings, facts })
}

/// Reads every `.md`, `.markdown` and `.txt` file below `dir`, sorted by path; hidden folders
/// and files and `node_modules` are skipped. A file that cannot be read or imported is listed
/// in `failures` and the others are still read; only a failure to walk `dir` itself is an error.
pub fn scan_dir(dir: &Path) -> std::io::Result<Scan> {
    scan_dir_with(dir, &Options::default())
}

/// [`scan_dir`] with options. Venues are learnt across the folder: a post that names no
/// venue is read again with the venues the other posts name, so « à la Bo[a]te » is
/// recognised once another post said « la Bo[a]te » was the venue.
pub fn scan_dir_with(dir: &Path, options: &Options) -> std::io::Result<Scan> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(false).into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.depth() == 0 => return Err(e.into()),
            Err(e) => {
                let path = e.path().map(|p| relative(dir, p)).unwrap_or_default();
                files.push((path, Err(ImportError::Read(e.to_string()))));
                continue;
            }
        };
        let ext = entry.path().extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !entry.file_type().is_file() || !matches!(ext.as_deref(), Some("md" | "markdown" | "txt")) {
            continue;
        }
        files.push((relative(dir, entry.path()), Ok(entry.into_path())));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scan = Scan { posts: Vec::new(), failures: Vec::new() };
    let mut read = Vec::new();
    for (source_path, path) in files {
        let parsed = path.and_then(|path| {
            let bytes = std::fs::read(&path).map_err(|e| ImportError::Read(e.to_string()))?;
            let base_dir = path.parent().unwrap_or(dir).to_path_buf();
            let post = parse_post_with(&source_path, &base_dir, &bytes, options)?;
            Ok((post, base_dir, bytes))
        });
        match parsed {
            Ok(found) => read.push(found),
            Err(e) => scan.failures.push((source_path, e)),
        }
    }
    let mut known = options.known_venues.clone();
    for (post, _, _) in &read {
        let learnable = |v: &&facts::Fact<String>| !matches!(v.source, facts::Source::KnownVenue { .. });
        if let Some(v) = post.facts.venue.as_ref().filter(learnable)
            && !known.iter().any(|(n, _)| n.eq_ignore_ascii_case(&v.value))
        {
            known.push((v.value.clone(), post.source_path.clone()));
        }
    }
    let learnt = Options { known_venues: known, ..options.clone() };
    for (post, base_dir, bytes) in read {
        if post.facts.venue.is_some() || learnt.known_venues.is_empty() {
            scan.posts.push(post);
            continue;
        }
        match parse_post_with(&post.source_path, &base_dir, &bytes, &learnt) {
            Ok(again) => scan.posts.push(again),
            Err(_) => scan.posts.push(post),
        }
    }
    Ok(scan)
}

/// `path` relative to `dir`, with `/` separators.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The date a Jekyll post's file name starts with (`2021-10-01-journee.md`), also when a
/// prefix was added to the name (`blog--2021-10-01-journee.md`).
fn date_in_file_name(stem: &str) -> Option<Date> {
    let bytes = stem.as_bytes();
    (0..stem.len().saturating_sub(9)).find_map(|i| {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        let d = stem.get(i..i + 10)?;
        let shape = d.bytes().enumerate().all(|(k, b)| if k == 4 || k == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !boundary || !shape {
            return None;
        }
        Date::new(d[..4].parse().ok()?, d[5..7].parse().ok()?, d[8..10].parse().ok()?).ok()
    })
}

/// The kind of event named by the texts (title and tags first, then summary, then body):
/// garagethon, hackathon, afternoon, day, workshop, conference or trade show, meetup.
fn infer_kind(texts: &[&str]) -> EventKind {
    const RULES: [(&[&str], EventKind); 7] = [
        (&["garagethon", "garagethons"], EventKind::Garagethon),
        (&["hackathon", "hackathons"], EventKind::Hackathon),
        (&["apres-midi", "demi-journee"], EventKind::HalfDay),
        (&["journee", "journees"], EventKind::Day),
        (&["atelier", "ateliers", "workshop"], EventKind::Workshop),
        (&["conference", "conferences", "salon"], EventKind::Conference),
        (&["meetup", "apero", "aperitif"], EventKind::Meetup),
    ];
    for t in texts {
        let Some(slug) = Slug::derive(t) else {
            continue;
        };
        let padded = format!("-{}-", slug.as_str());
        if let Some((_, kind)) =
            RULES.iter().find(|(words, _)| words.iter().any(|w| padded.contains(&format!("-{w}-"))))
        {
            return *kind;
        }
    }
    EventKind::Other
}

/// The first contact address of a body: a `mailto:` link, or a link whose target is a bare
/// address (`[a@b.fr](a@b.fr)`, a slip some posts have), whichever comes first.
fn contact_in(body: &str) -> Option<String> {
    let body = text::drop_fenced_code(body);
    let mut found: Vec<(usize, String)> = Vec::new();
    for (at, _) in body.match_indices("mailto:") {
        // No address is longer than 254 bytes: looking further makes many `mailto:` quadratic.
        let rest = &body[at + 7..];
        let rest = &rest[..rest.floor_char_boundary(255)];
        let end = rest.find(|c: char| c.is_whitespace() || "<>()[]\"'?&,;".contains(c)).unwrap_or(rest.len());
        if let Ok(email) = parse_email(&rest[..end]) {
            found.push((at, email));
            break;
        }
    }
    for link in text::markdown_links(&body) {
        if !link.url.contains(':')
            && link.url.contains('@')
            && let Ok(email) = parse_email(&link.url)
        {
            found.push((link.start, email));
            break;
        }
    }
    found.into_iter().min_by_key(|(at, _)| *at).map(|(_, email)| email)
}

/// The first paragraph of prose in a body, without Markdown, at most [`SUMMARY_MAX`]
/// characters (cut on a word, with an ellipsis).
fn first_paragraph(body: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_paragraph = false;
    let mut current = String::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                current.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                let t = text::collapse_ws(&current);
                if !t.is_empty() {
                    return shorten(&t);
                }
            }
            Event::Text(t) | Event::Code(t) if in_paragraph => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => current.push(' '),
            _ => {}
        }
    }
    String::new()
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= SUMMARY_MAX {
        return s.to_owned();
    }
    let cut: String = s.chars().take(SUMMARY_MAX - 1).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod corpus_tests;

#[cfg(test)]
mod rules_tests;
