//! A3: importing a folder of posts into the store: parse every file, copy the images it
//! references into the media folder, create or update each event, and say what happened.

use super::facts::{self, Facts};
use super::{ImportedPost, MediaFile, Options, scan_dir_with};
use crate::store::event::{self as event_store, ImportOutcome};
use crate::store::import_doubt as doubt_store;
use crate::store::media as media_store;
use crate::store::{Db, StoreError};
use jiff::Timestamp;
use std::path::Path;

/// What one import run did, file by file.
#[derive(Debug, Default)]
pub struct Report {
    /// `(source path, slug)` of new events.
    pub created: Vec<(String, String)>,
    pub updated: Vec<(String, String)>,
    pub unchanged: Vec<(String, String)>,
    /// `(source path, reason)` of files that were not imported.
    pub failed: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// The facts of each created or updated post (each parsed post in a dry run), with where
    /// they were found, for the provenance table.
    pub facts: Vec<(String, Facts)>,
}

impl Report {
    /// One line per file and a closing count, in English, for the command line.
    pub fn render(&self, dry_run: bool) -> String {
        let mut out = String::new();
        if !self.facts.is_empty() {
            let rows: Vec<(&str, &Facts)> = self.facts.iter().map(|(p, f)| (p.as_str(), f)).collect();
            out.push_str(&facts::table(&rows));
            out.push('\n');
        }
        let verb = |v: &'static str| if dry_run { "would import" } else { v };
        for (path, slug) in &self.created {
            out.push_str(&format!("created    {path} -> /evenements/{slug}\n"));
        }
        for (path, slug) in &self.updated {
            out.push_str(&format!("updated    {path} -> /evenements/{slug}\n"));
        }
        for (path, slug) in &self.unchanged {
            out.push_str(&format!("unchanged  {path} -> /evenements/{slug} (same bytes as last import)\n"));
        }
        for (path, why) in &self.failed {
            out.push_str(&format!("skipped    {path}: {why}\n"));
        }
        for w in &self.warnings {
            out.push_str(&format!("warning    {w}\n"));
        }
        out.push_str(&format!(
            "{}: {} created, {} updated, {} unchanged, {} skipped, {} warnings\n",
            verb("imported"),
            self.created.len(),
            self.updated.len(),
            self.unchanged.len(),
            self.failed.len(),
            self.warnings.len()
        ));
        out
    }
}

/// Imports every post below `dir`. With `dry_run`, files are parsed and reported as
/// "created" but nothing is written to the database (images included). The unsure facts
/// of each created or updated event are kept for organisers to confirm (A3, issue 18).
pub async fn import_folder(
    db: &Db,
    dir: &Path,
    dry_run: bool,
    options: &Options,
    now: Timestamp,
) -> Result<Report, ImportRunError> {
    let scan = scan_dir_with(dir, options).map_err(|e| ImportRunError::Folder(dir.display().to_string(), e))?;
    let mut report = Report::default();
    for (path, err) in scan.failures {
        report.failed.push((path, err.to_string()));
    }
    for mut post in scan.posts {
        report.warnings.extend(post.warnings.iter().cloned());
        drop_missing_cover(&mut post, dir);
        if dry_run {
            report.created.push((post.source_path.clone(), post.draft.slug.to_string()));
            report.facts.push((post.source_path.clone(), post.facts.clone()));
            continue;
        }
        let (files, warnings) = read_media(&post, dir);
        report.warnings.extend(warnings);
        for (path, bytes) in files {
            media_store::put(db, &media_store::Media::of(path, bytes), now).await.map_err(ImportRunError::Store)?;
        }
        drop_missing_figures(&mut post, dir);
        let changed = |report: &mut Report, post: &ImportedPost| {
            report.facts.push((post.source_path.clone(), post.facts.clone()));
        };
        match event_store::import(db, &post.source_path, &post.content_hash, &post.draft, now).await {
            Ok(outcome @ (ImportOutcome::Created(_) | ImportOutcome::Updated(_))) => {
                changed(&mut report, &post);
                doubt_store::replace(db, &post.source_path, &post.facts.doubts(), now).await?;
                match outcome {
                    ImportOutcome::Created(slug) => report.created.push((post.source_path, slug.to_string())),
                    ImportOutcome::Updated(slug) => report.updated.push((post.source_path, slug.to_string())),
                    ImportOutcome::Unchanged(_) => {}
                }
            }
            Ok(ImportOutcome::Unchanged(slug)) => report.unchanged.push((post.source_path, slug.to_string())),
            Err(StoreError::Conflict(c)) => report.failed.push((post.source_path, c.to_string())),
            Err(e) => return Err(ImportRunError::Store(e)),
        }
    }
    Ok(report)
}

/// Why an import run stopped before the end.
#[derive(Debug, thiserror::Error)]
pub enum ImportRunError {
    #[error("cannot read the folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Drops the cover image when its file is not next to the post or will not be copied (see
/// `refusal`): a page would show a broken image. (Figures in the body keep their alt text,
/// which a browser shows in their place.)
fn drop_missing_cover(post: &mut ImportedPost, root: &Path) {
    let Some(image) = &post.draft.image else { return };
    let missing = post.media.iter().any(|m| m.url_path == image.path && refusal(&m.source, root).is_some());
    if missing {
        post.draft.image = None;
    }
}

/// Drops from the body the figures whose image is not copied (see `refusal`): the page
/// would link an image that answers 404. The warning was given by `copy_media`.
fn drop_missing_figures(post: &mut ImportedPost, root: &Path) {
    let missing: Vec<String> = post
        .media
        .iter()
        .filter(|m| refusal(&m.source, root).is_some())
        .map(|m| format!("src=\"{}\"", m.url_path))
        .collect();
    if missing.is_empty() {
        return;
    }
    let kept: Vec<&str> =
        post.draft.body_md.lines().filter(|l| !missing.iter().any(|src| l.contains(src.as_str()))).collect();
    post.draft.body_md = kept.join("\n");
}

/// Why a file a post names as an image is not copied: missing, outside the imported folder
/// (`../../rencontres.toml` would publish the configuration), or not a PNG, JPEG or WebP image
/// by its signature (an SVG can carry a script). `None` when it may be copied.
fn refusal(source: &Path, root: &Path) -> Option<Refusal> {
    // Outside by its name first, whether the file exists or not (a missing file outside the
    // folder says nothing of what is there); then by where its links lead.
    let (Ok(source_abs), Ok(root_abs)) = (std::path::absolute(source), std::path::absolute(root)) else {
        return Some(Refusal::Missing);
    };
    if !lexically_normal(&source_abs).starts_with(lexically_normal(&root_abs)) {
        return Some(Refusal::Outside);
    }
    let Ok(real) = source.canonicalize() else { return Some(Refusal::Missing) };
    let inside = root.canonicalize().is_ok_and(|root| real.starts_with(root));
    if !inside {
        return Some(Refusal::Outside);
    }
    if !real.is_file() {
        return Some(Refusal::Missing);
    }
    // The signature is in the first bytes; a huge non-image is not read whole.
    let mut head = [0u8; 16];
    let read = std::fs::File::open(&real).and_then(|mut f| std::io::Read::read(&mut f, &mut head));
    match read {
        Ok(n) if crate::domain::media::image_type(&head[..n]).is_some() => None,
        Ok(_) => Some(Refusal::NotAnImage),
        Err(_) => Some(Refusal::Missing),
    }
}

/// An absolute `path` with its `.` and `..` parts resolved by name (no file system access).
fn lexically_normal(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The reasons `refusal` gives.
enum Refusal {
    Missing,
    Outside,
    NotAnImage,
}

/// Reads the images a post references: the files to store (path under `/media/` and bytes)
/// and the warnings. A missing or unreadable image never stops the import (the event is
/// imported without it).
fn read_media(post: &ImportedPost, root: &Path) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut missing = Vec::new();
    let mut files = Vec::new();
    for MediaFile { source, url_path } in &post.media {
        let Some(rel) = url_path.strip_prefix("/media/") else { continue };
        if !crate::domain::media::is_plain_relative(rel) {
            missing.push(format!("{}: unsafe media path {url_path}", post.source_path));
            continue;
        }
        match refusal(source, root) {
            None => {}
            Some(Refusal::Missing) => {
                missing.push(format!(
                    "{}: image {} not found next to the post; imported without it",
                    post.source_path,
                    source.display()
                ));
                continue;
            }
            Some(Refusal::Outside) => {
                missing.push(format!(
                    "{}: image {} is outside the imported folder; not copied",
                    post.source_path,
                    source.display()
                ));
                continue;
            }
            Some(Refusal::NotAnImage) => {
                missing.push(format!(
                    "{}: {} is not a PNG, JPEG or WebP image; not copied",
                    post.source_path,
                    source.display()
                ));
                continue;
            }
        }
        match std::fs::read(source) {
            Ok(bytes) => files.push((rel.to_owned(), bytes)),
            Err(e) => missing.push(format!("{}: cannot read {}: {e}", post.source_path, source.display())),
        }
    }
    (files, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_names_files_outside_the_folder_even_from_a_relative_root() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("posts")).unwrap();
        std::fs::write(dir.join("posts/a.png"), b"\x89PNG\r\n\x1a\n").unwrap();
        std::fs::write(dir.join("secret.toml"), b"x").unwrap();
        let root = dir.join("posts");

        assert!(refusal(&root.join("./a.png"), &root).is_none());
        assert!(matches!(refusal(&root.join("../secret.toml"), &root), Some(Refusal::Outside)));
        assert!(matches!(refusal(&root.join("x/../../secret.toml"), &root), Some(Refusal::Outside)));
        assert!(matches!(refusal(Path::new("/etc/passwd"), &root), Some(Refusal::Outside)));
        assert!(matches!(refusal(&root.join("absent.png"), &root), Some(Refusal::Missing)));
        assert!(matches!(refusal(Path::new("../secret.toml"), Path::new(".")), Some(Refusal::Outside)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A fresh folder under the system's temporary directory (no dev-dependency in unit tests).
    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("rencontres-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }
}
