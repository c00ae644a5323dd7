//! O1 A3: the media folder of earlier versions, where event images and speaker photos were
//! files on one instance's disk. At start, `serve` copies into the database (`store::media`)
//! every image of that folder it does not hold yet, so that pages keep their images after an
//! upgrade and every instance serves them. Files that are not PNG, JPEG or WebP images, or
//! whose path is not plain, are left where they are and named in the warnings.

use crate::domain::media::{image_type, is_plain_relative};
use crate::store::{Db, StoreError, media};
use jiff::Timestamp;
use std::path::Path;

/// What adopting a folder did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Adopted {
    /// Files copied into the database.
    pub stored: usize,
    /// Files the database already held with the same bytes.
    pub known: usize,
    pub warnings: Vec<String>,
}

/// Copies the images below `dir` into the database, keyed by their path relative to `dir`.
/// A missing folder adopts nothing. A path the database already holds keeps the database's
/// bytes: an image changed since in the browser is not overwritten by the old file.
pub async fn adopt_folder(db: &Db, dir: &Path, now: Timestamp) -> Result<Adopted, StoreError> {
    let mut adopted = Adopted::default();
    if !dir.is_dir() {
        return Ok(adopted);
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(rel) = parts.map(|p| p.join("/")) else {
            adopted.warnings.push(format!("{}: name is not UTF-8; left on disk", entry.path().display()));
            continue;
        };
        if !is_plain_relative(&rel) {
            adopted.warnings.push(format!("{}: not a plain path; left on disk", entry.path().display()));
            continue;
        }
        // Known paths first: a restart reads no file the database already holds.
        if media::hash_of(db, &rel).await?.is_some() {
            adopted.known += 1;
            continue;
        }
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                adopted.warnings.push(format!("{}: cannot read: {e}", entry.path().display()));
                continue;
            }
        };
        if image_type(&bytes).is_none() {
            adopted.warnings.push(format!("{}: not a PNG, JPEG or WebP image; left on disk", entry.path().display()));
            continue;
        }
        media::put(db, &media::Media::of(rel, bytes), now).await?;
        adopted.stored += 1;
    }
    Ok(adopted)
}
