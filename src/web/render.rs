//! A2: page rendering with minijinja and the cache of rendered public pages.
//!
//! Templates are compiled into the binary; a deployment may point `templates_dir` at a folder
//! whose files take precedence, to edit wording without a rebuild.

use super::embedded;
use crate::config::Config;
use minijinja::{Environment, Value};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// Builds the template environment with the site-wide globals every page reads.
pub fn environment(config: &Config, asset_version: &str) -> Environment<'static> {
    let mut env = Environment::new();
    let dir: Option<PathBuf> = config.templates_dir.clone();
    env.set_loader(move |name| {
        if let Some(dir) = &dir {
            // Names come from our code, but refuse anything that could leave the folder.
            if !name.split('/').any(|p| p == ".." || p.is_empty())
                && let Ok(text) = std::fs::read_to_string(dir.join(name))
            {
                return Ok(Some(text));
            }
        }
        Ok(embedded::template(name).map(str::to_owned))
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // Mail bodies are Markdown: what a template inserts there is written as text (issue 13).
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            minijinja::AutoEscape::Custom("markdown")
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    env.set_formatter(escape_html);
    // An organiser's mail wording is a template: a loop in it must end (issue 13). No page or
    // mail of ours comes near this many instructions.
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.add_global(
        "site",
        Value::from_serialize(SiteGlobals {
            name: &config.site.name,
            tagline: &config.site.tagline,
            theme: config.theme,
            base_url: config.base_url(),
            contact_email: config.site.contact_email.as_deref(),
            chat_url: config.site.chat_url.as_deref(),
            compliance: config.accessibility.compliance,
        }),
    );
    env.add_global("asset_v", asset_version.to_owned());
    env.add_function("t", translate);
    env.add_function("lang", || crate::i18n::lang().code());
    // False in the organiser space, which stays French: no selector, no alternates there.
    env.add_function("has_languages", || {
        let path = crate::i18n::path();
        !path.is_empty() && !crate::i18n::is_french_only(&path)
    });
    // H2: this page in another language: a link for the selector (on this host, whatever
    // `base_url` says), and the absolute address that `hreflang` alternates want.
    env.add_function("lang_url", |code: &str| format!("{}?lang={code}", crate::i18n::path()));
    let base_url = config.base_url().trim_end_matches('/').to_owned();
    env.add_function("lang_alternate", move |code: &str| -> String {
        format!("{base_url}{}?lang={code}", crate::i18n::path())
    });
    env
}

/// `t("message-id", name=value, …)`: the message in the current language (H2). The text of a
/// message is ours, but its arguments may come from the public: a message whose id ends in
/// `-html` (or `-md` in a mail) carries markup, so its arguments are escaped and the result is
/// inserted as is; any other message is text, escaped like any value.
fn translate(
    state: &minijinja::State<'_, '_>,
    id: &str,
    kwargs: minijinja::value::Kwargs,
) -> Result<Value, minijinja::Error> {
    use crate::i18n::catalogue::Arg;
    let markup = id.ends_with("-html") || id.ends_with("-md");
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        let arg = match value.as_i64() {
            Some(n) if value.kind() == minijinja::value::ValueKind::Number => Arg::Number(n as f64),
            _ if value.kind() == minijinja::value::ValueKind::Number => Arg::Number(f64::try_from(value.clone())?),
            _ if markup && !value.is_safe() => Arg::Text(escape_for(state.auto_escape(), &value.to_string())),
            _ => Arg::Text(value.to_string()),
        };
        args.push((name, arg));
    }
    let text = crate::i18n::catalogue::text(crate::i18n::lang(), id, &args);
    Ok(if markup { Value::from_safe_string(text) } else { Value::from(text) })
}

/// `text` escaped for the template being rendered: HTML entities, or Markdown's backslashes.
fn escape_for(mode: minijinja::AutoEscape, text: &str) -> String {
    match mode {
        minijinja::AutoEscape::Custom("markdown") => crate::markdown::escape(text),
        minijinja::AutoEscape::None => text.to_owned(),
        // Like `escape_html` below, `/` stays as it is: an address in a message's `href` stays
        // readable.
        _ => crate::domain::message::escape_html(text),
    }
}

/// The instructions one rendering may run before it is stopped with an error.
pub const TEMPLATE_FUEL: u64 = 20_000_000;

/// HTML-escapes unsafe strings like minijinja does, but leaves `/` alone so that URLs in
/// attributes stay readable (`/` is harmless in text and quoted attributes). In Markdown
/// templates (mail), unsafe values are backslash-escaped so they stay text: a name typed by
/// the public cannot become a link or a heading.
fn escape_html(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(s) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
            let mut last = 0;
            for (i, b) in s.bytes().enumerate() {
                let rep = match b {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&s[last..i])?;
                out.write_str(rep)?;
                last = i + 1;
            }
            out.write_str(&s[last..])?;
            Ok(())
        }
        _ if state.auto_escape() == minijinja::AutoEscape::Custom("markdown") => {
            if value.is_undefined() || value.is_none() {
                Ok(())
            } else if value.is_safe() {
                Ok(out.write_str(value.as_str().unwrap_or_default())?)
            } else {
                Ok(out.write_str(&crate::markdown::escape(&value.to_string()))?)
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

#[derive(Serialize)]
struct SiteGlobals<'a> {
    name: &'a str,
    tagline: &'a str,
    theme: crate::config::Theme,
    base_url: &'a str,
    contact_email: Option<&'a str>,
    chat_url: Option<&'a str>,
    /// H1: the footer's accessibility mention follows the statement's setting.
    compliance: crate::config::Compliance,
}

/// A rendered response kept for later requests of the same path.
#[derive(Clone)]
pub struct CachedPage {
    pub content_type: &'static str,
    pub body: axum::body::Bytes,
    pub etag: String,
    /// Headers of the first response kept for later ones (`Last-Modified`, `Content-Disposition`).
    pub extra_headers: Vec<(axum::http::HeaderName, axum::http::HeaderValue)>,
    version: i64,
    stored: Instant,
}

/// Rendered public pages keyed by path, valid while the content version is
/// unchanged and for at most `ttl` (pages that say "upcoming" change with the clock).
/// Bounded by a number of pages and by the bytes of their bodies.
pub struct PageCache {
    pages: RwLock<Pages>,
    ttl: Duration,
    max_entries: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, CachedPage>,
    bytes: usize,
}

/// The cache key of a request path: percent-decoded, so that every spelling of one path is one
/// entry. A path that does not decode to UTF-8 is kept as it came.
pub fn cache_key(path: &str) -> String {
    if !path.contains('%') {
        return path.to_owned();
    }
    let raw = path.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (raw[i], raw.get(i + 1).copied().and_then(hex), raw.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

impl PageCache {
    pub fn new(ttl: Duration, max_entries: usize, max_bytes: usize) -> PageCache {
        PageCache { pages: RwLock::new(Pages::default()), ttl, max_entries, max_bytes }
    }

    /// Returns the page if it was rendered at `version` and is fresh enough.
    pub fn get(&self, key: &str, version: i64) -> Option<CachedPage> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages.by_key.get(key).filter(|p| p.version == version && p.stored.elapsed() < self.ttl).cloned()
    }

    /// Keeps a page; when the pages or their bytes would pass the bounds, drops everything
    /// first (a crude bound that only crawlers reach).
    pub fn put(&self, key: String, version: i64, content_type: &'static str, body: axum::body::Bytes) -> CachedPage {
        self.put_with_headers(key, version, content_type, body, Vec::new())
    }

    /// Keeps a page with headers that later responses repeat.
    pub fn put_with_headers(
        &self,
        key: String,
        version: i64,
        content_type: &'static str,
        body: axum::body::Bytes,
        extra_headers: Vec<(axum::http::HeaderName, axum::http::HeaderValue)>,
    ) -> CachedPage {
        let etag = format!("\"{}-{:x}\"", version, fxhash(&body));
        let page = CachedPage { content_type, body, etag, extra_headers, version, stored: Instant::now() };
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.by_key.len() >= self.max_entries || pages.bytes + page.body.len() > self.max_bytes {
            *pages = Pages::default();
        }
        pages.bytes += page.body.len();
        if let Some(old) = pages.by_key.insert(key, page.clone()) {
            pages.bytes -= old.body.len();
        }
        page
    }
}

/// A fast non-cryptographic hash for ETags (FNV-1a, 64 bits).
fn fxhash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_entry_is_invalid_after_version_change() {
        let cache = PageCache::new(Duration::from_secs(60), 10, 1024);
        cache.put("/".into(), 1, "text/html", axum::body::Bytes::from_static(b"a"));

        assert_eq!(cache.get("/", 1).map(|p| p.body), Some(axum::body::Bytes::from_static(b"a")));
        assert!(cache.get("/", 2).is_none());
    }

    #[test]
    fn cache_key_is_the_decoded_path() {
        assert_eq!(cache_key("/evenements/gara%67ethon"), "/evenements/garagethon");
        assert_eq!(cache_key("/etiquettes/%C3%A9t%C3%A9"), "/etiquettes/été");
        assert_eq!(cache_key("/a%zz%4"), "/a%zz%4");
        assert_eq!(cache_key("/bad%FF"), "/bad%FF");
    }

    #[test]
    fn cache_is_bounded_by_the_bytes_of_its_pages() {
        let cache = PageCache::new(Duration::from_secs(60), 100, 10);
        cache.put("/a".into(), 1, "text/html", axum::body::Bytes::from_static(b"123456"));
        cache.put("/a".into(), 1, "text/html", axum::body::Bytes::from_static(b"1234"));
        cache.put("/b".into(), 1, "text/html", axum::body::Bytes::from_static(b"12345"));

        assert!(cache.get("/a", 1).is_some(), "replacing a page frees its old bytes");
        cache.put("/c".into(), 1, "text/html", axum::body::Bytes::from_static(b"12"));

        assert!(cache.get("/a", 1).is_none());
        assert!(cache.get("/b", 1).is_none());
        assert!(cache.get("/c", 1).is_some());
    }

    #[test]
    fn cache_entry_expires_after_ttl() {
        let cache = PageCache::new(Duration::from_millis(0), 10, 1024);
        cache.put("/".into(), 1, "text/html", axum::body::Bytes::from_static(b"a"));

        assert!(cache.get("/", 1).is_none());
    }

    #[test]
    fn every_embedded_template_parses() {
        let config = Config::default();
        let env = environment(&config, "t");

        let names: Vec<&str> = embedded::TEMPLATES.iter().map(|(n, _)| *n).collect();

        assert!(names.contains(&"layout.html"), "{names:?}");
        for name in names {
            env.get_template(name).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }
}
