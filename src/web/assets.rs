//! A2 G2: static files: the embedded design system and our CSS (`/assets/`), and the images
//! and uploads kept in the database (`/media/`, `store::media`).

use super::App;
use super::embedded;
use super::error::WebError;
use crate::domain::media::{image_type, is_content_named, is_plain_relative};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::OnceLock;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/assets/{*path}", get(asset))
        .route("/media/{*path}", get(media))
        .route("/favicon.ico", get(favicon))
}

/// A short hash of every embedded asset, appended to asset URLs so browsers may cache
/// them for a year and still see a new release.
pub fn version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h: u64 = 0xcbf29ce484222325;
        for (name, bytes) in embedded::ASSETS {
            for b in name.as_bytes().iter().chain(bytes.iter()) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        format!("{:08x}", h as u32)
    })
}

/// The content type for a file name, by extension; unknown files are served as bytes.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "json" | "webmanifest" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn asset(Path(path): Path<String>) -> Result<Response, WebError> {
    let bytes = embedded::asset(&path).ok_or(WebError::NotFound)?;
    Ok((
        [(header::CONTENT_TYPE, content_type(&path)), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
        bytes,
    )
        .into_response())
}

async fn favicon() -> Result<Response, WebError> {
    asset(Path("dsfr/favicon/favicon.ico".to_owned())).await
}

/// Serves a stored image (`store::media`, O1: every instance reads the same database). Only
/// plain relative paths are looked up, and only PNG, JPEG and WebP bytes by their signature
/// are served: an SVG or an HTML file stored there (by a faulty import) would run its script
/// with our origin's cookies and CSRF values. Each answer is also sandboxed and must not be
/// sniffed as something else. Uploads are named by their hash, so they are cached for a year;
/// other names (imported figures) for a day, revalidated by their hash (`ETag`).
async fn media(State(app): State<App>, Path(path): Path<String>, headers: HeaderMap) -> Result<Response, WebError> {
    if !is_plain_relative(&path) {
        return Err(WebError::NotFound);
    }
    let stored = crate::store::media::get(&app.db, &path).await?.ok_or(WebError::NotFound)?;
    let kind = image_type(&stored.bytes).ok_or(WebError::NotFound)?;
    let etag = format!("\"{}\"", stored.sha256);
    let cache = if is_content_named(&path) { "public, max-age=31536000, immutable" } else { "public, max-age=86400" };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag));
    let head = [
        (header::CONTENT_TYPE, kind.to_owned()),
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::ETAG, etag),
        (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, head).into_response());
    }
    Ok((head, stored.bytes).into_response())
}
