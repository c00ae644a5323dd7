//! A5 D4 E5 F1: writes the public pages, feeds, assets, images and released programmes as a static
//! site for any host, at its root or under a sub-path (`--base-path /fr/bluehats/`).
//! Pages are produced by the same router the server runs; their links are then made right for
//! the copy (`export::site_links`): exported pages and files under the sub-path, everything
//! else (registration and proposal forms, private pages) on the live site at `base_url`.

use crate::export::site_links::{self, Targets};
use crate::store;
use crate::web::{self, App, embedded, views};
use anyhow::Context as _;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tower::ServiceExt as _;

/// What an export wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub assets: usize,
    pub media: usize,
}

/// Writes the site into `dir` (created if needed; files there are overwritten), for hosting
/// under `base_path` (`/` for the root of a host).
pub async fn export(app: App, dir: &Path, base_path: &str) -> anyhow::Result<Summary> {
    let events = store::event::list_published(&app.db).await?;
    let mut paths: Vec<String> = [
        "/",
        "/evenements",
        "/archives",
        "/etiquettes",
        "/flux.atom",
        "/calendrier.ics",
        "/accessibilite",
        "/mentions-legales",
        "/donnees-personnelles",
        "/plan-du-site",
        "/gazette",
        "/gazette/flux.atom",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for e in &events {
        let slug = e.draft.slug.as_str();
        paths.push(views::event_url(slug));
        paths.push(views::ics_url(slug));
        // D3 D4: the released programme, when there is one (never the draft).
        match store::programme::get_public(&app.db, slug).await {
            Ok((_, release)) => paths.extend(web::public::programme::static_paths(slug, &release)),
            Err(store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        // E5: a public board is archived with its edition (the live projector view is not).
        if web::public::board::has_board(e) && store::board::is_public(&app.db, e.id).await? {
            paths.push(format!("/evenements/{slug}/tableau"));
            paths.push(format!("/evenements/{slug}/tableau/bilan"));
        }
    }
    // F1: the gazette's archive, one page per public issue.
    for issue in store::gazette_issue::list_public(&app.db).await? {
        paths.push(format!("/gazette/{}", issue.number));
    }
    for t in views::tag_counts(&events) {
        paths.push(t.url);
    }
    let router = web::router(app.clone());
    let mut summary = Summary::default();
    let mut pages = Vec::with_capacity(paths.len() + 1);
    for path in &paths {
        pages.push((file_for(dir, path), fetch(&router, path, StatusCode::OK).await?));
    }
    pages.push((dir.join("404.html"), fetch(&router, "/404", StatusCode::NOT_FOUND).await?));
    let mut exported: HashSet<String> = paths.iter().cloned().collect();
    for (name, bytes) in embedded::ASSETS {
        exported.insert(format!("/assets/{name}"));
        write(&dir.join("assets").join(name), bytes)?;
        summary.assets += 1;
    }
    let media = write_media(&app, &dir.join("media")).await?;
    summary.media = media.len();
    exported.extend(media.iter().map(|rel| format!("/media/{rel}")));
    let targets = Targets::new(base_path, app.config.base_url());
    let is_exported = |path: &str| exported.contains(path);
    for (file, body) in pages {
        let body = match file.extension().and_then(|e| e.to_str()) {
            Some("html") => match String::from_utf8(body) {
                Ok(html) => site_links::rewrite_html(&html, &targets, &is_exported).into_bytes(),
                Err(e) => e.into_bytes(),
            },
            _ => body,
        };
        write(&file, &body)?;
    }
    summary.pages = paths.len();
    Ok(summary)
}

async fn fetch(router: &axum::Router, path: &str, expect: StatusCode) -> anyhow::Result<Vec<u8>> {
    let req = Request::get(path).body(Body::empty())?;
    let res = router.clone().oneshot(req).await?;
    anyhow::ensure!(res.status() == expect, "{path} answered {}", res.status());
    Ok(axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024).await?.to_vec())
}

/// `/evenements/x` → `evenements/x/index.html`; a path with an extension stays a file.
fn file_for(dir: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    let last = rel.rsplit('/').next().unwrap_or("");
    if rel.is_empty() {
        dir.join("index.html")
    } else if last.contains('.') {
        dir.join(rel)
    } else {
        dir.join(rel).join("index.html")
    }
}

fn write(file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(file, bytes).with_context(|| format!("cannot write {}", file.display()))
}

/// Copies the files under `from` into `to`; returns their paths relative to `from`, with `/`.
/// Writes every stored image (`store::media`) below `to`; returns their paths. Like the
/// server, it writes only plain relative paths holding a PNG, JPEG or WebP image.
async fn write_media(app: &App, to: &Path) -> anyhow::Result<Vec<String>> {
    let mut written = Vec::new();
    for path in store::media::paths(&app.db).await? {
        let Some(media) = store::media::get(&app.db, &path).await? else { continue };
        if !crate::domain::media::is_plain_relative(&path) || crate::domain::media::image_type(&media.bytes).is_none() {
            continue;
        }
        write(&to.join(&path), &media.bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_index_files_or_files() {
        let d = Path::new("/out");

        assert_eq!(file_for(d, "/"), Path::new("/out/index.html"));
        assert_eq!(file_for(d, "/evenements/a-b"), Path::new("/out/evenements/a-b/index.html"));
        assert_eq!(file_for(d, "/evenements/a-b/calendrier.ics"), Path::new("/out/evenements/a-b/calendrier.ics"));
        assert_eq!(file_for(d, "/flux.atom"), Path::new("/out/flux.atom"));
    }
}
