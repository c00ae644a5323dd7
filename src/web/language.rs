//! H2: the language of each request. `?lang=en` (or `fr`) chooses it and is kept in a cookie
//! for the next pages; then the cookie; then French. The organiser space stays French.
//! Every response says its language (`Content-Language`) and that it varies with the cookie.

use super::App;
use super::csrf::{self, CookieName};
use crate::i18n::{self, Lang, Locale};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The cookie that keeps the chosen language for a year.
pub const LANG_COOKIE: CookieName = CookieName::new("rencontres_lang", "__Host-rencontres_lang");

const ONE_YEAR: i64 = 365 * 24 * 3600;

/// The language asked for in the query string (`lang=en`), if any and known.
fn asked(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::from_code(v))
}

/// Sets the request's language (see the module) around everything below it.
pub async fn negotiate(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let asked = asked(req.uri().query());
    let kept = csrf::cookie(req.headers(), LANG_COOKIE.on(&app)).and_then(|v| Lang::from_code(&v));
    let lang = if i18n::is_french_only(&path) { Lang::Fr } else { asked.or(kept).unwrap_or_default() };
    let mut res = i18n::scope(Locale { lang, path }, next.run(req)).await;
    let headers = res.headers_mut();
    if let Some(asked) = asked.filter(|a| Some(*a) != kept) {
        headers.append(header::SET_COOKIE, csrf::set_cookie(&app, &LANG_COOKIE, asked.code(), Some(ONE_YEAR)));
    }
    let is_page = headers.get(header::CONTENT_TYPE).is_some_and(|ct| ct.as_bytes().starts_with(b"text/html"));
    if is_page {
        // Assets and feeds are the same in both languages: only pages vary with the cookie.
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_names_a_known_language_or_nothing() {
        assert_eq!(asked(Some("lang=en")), Some(Lang::En));
        assert_eq!(asked(Some("page=2&lang=fr")), Some(Lang::Fr));
        assert_eq!(asked(Some("lang=de")), None);
        assert_eq!(asked(Some("language=en")), None);
        assert_eq!(asked(None), None);
    }
}
