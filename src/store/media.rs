//! O1 A1 A3: images and uploads, kept in the database so that every instance serves the same
//! files and none keeps state of its own on disk. Keyed by the path after `/media/`.

use super::{Db, StoreError};
use jiff::Timestamp;

/// One stored file.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Media {
    pub path: String,
    /// Hex SHA-256 of `bytes`: the ETag.
    pub sha256: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Media {
    /// The record of `bytes` under `path`: their hash, and their type read from their
    /// signature (`application/octet-stream` for anything but PNG, JPEG and WebP, which
    /// `/media/` never serves).
    pub fn of(path: String, bytes: Vec<u8>) -> Media {
        let content_type = crate::domain::media::image_type(&bytes).unwrap_or("application/octet-stream").to_owned();
        Media { path, sha256: crate::domain::media::sha256_hex(&bytes), content_type, bytes }
    }
}

/// Stores `media` under its path, replacing what was there (an import run again with a
/// changed image keeps its path). Returns false when the same bytes were already there.
pub async fn put(db: &Db, media: &Media, now: Timestamp) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let known: Option<String> = sqlx::query_scalar("SELECT sha256 FROM media WHERE path = $1")
        .bind(&media.path)
        .fetch_optional(&mut *tx)
        .await?;
    if known.as_deref() == Some(media.sha256.as_str()) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO media (path, sha256, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (path) DO UPDATE SET sha256 = $2, content_type = $3, bytes = $4, created_at = $5",
    )
    .bind(&media.path)
    .bind(&media.sha256)
    .bind(&media.content_type)
    .bind(&media.bytes)
    .bind(now.as_second())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The file stored under `path`, if any.
pub async fn get(db: &Db, path: &str) -> Result<Option<Media>, StoreError> {
    Ok(sqlx::query_as("SELECT path, sha256, content_type, bytes FROM media WHERE path = $1")
        .bind(path)
        .fetch_optional(db.pool())
        .await?)
}

/// The hash of the file stored under `path`, without its bytes.
pub async fn hash_of(db: &Db, path: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT sha256 FROM media WHERE path = $1").bind(path).fetch_optional(db.pool()).await?)
}

/// Every stored path, sorted.
pub async fn paths(db: &Db) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT path FROM media ORDER BY path").fetch_all(db.pool()).await?)
}
