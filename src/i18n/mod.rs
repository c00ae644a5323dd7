//! H2: French first, English second. The language of a request, the message catalogues
//! (Fluent, one folder per language under `locales/`), and the dates written in each language.
//!
//! The language of a request is chosen by `web::language::negotiate`: `?lang=en` (kept in a
//! cookie), then the cookie, then French. Like Django's `translation.override`, it is then the
//! *current* language of everything that runs for that request (a task-local value), so that
//! templates call `t("message-id")` without each handler passing it along. Mails are written in
//! their recipient's language with `i18n::with(lang, || …)`.

pub mod catalogue;
pub mod dates;
#[cfg(test)]
mod lint;

use serde::{Deserialize, Serialize};

/// A language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 code: `lang` attributes, `hreflang`, the cookie and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language's own name, as the language selector shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    /// Reads a code as stored or asked for (`fr`, `EN`, `en-GB`); `None` for any other.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Reads a stored code, French for anything unknown (rows older than H2 say `fr`).
    pub fn from_stored(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or_default()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What a request runs with: its language, and its path (for the other language's address).
#[derive(Debug, Clone, Default)]
pub struct Locale {
    pub lang: Lang,
    /// The request's path, without the query string; empty outside a request.
    pub path: String,
}

tokio::task_local! {
    static CURRENT: Locale;
}

/// The current language: the request's, or the one set by `with`; French elsewhere.
pub fn lang() -> Lang {
    CURRENT.try_with(|l| l.lang).unwrap_or_default()
}

/// The current request's path, empty outside a request.
pub fn path() -> String {
    CURRENT.try_with(|l| l.path.clone()).unwrap_or_default()
}

/// True for the paths that stay French whatever the visitor chose (H2: "the organiser space
/// may stay French"): no language selector there.
pub fn is_french_only(path: &str) -> bool {
    path == "/organisation" || path.starts_with("/organisation/")
}

/// Runs `f` with `lang` as the current language (a mail written for its recipient).
pub fn with<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(Locale { lang, path: path() }, f)
}

/// Runs `future` with `locale` current (the language layer, around a whole request).
pub async fn scope<F: std::future::Future>(locale: Locale, future: F) -> F::Output {
    CURRENT.scope(locale, future).await
}

/// The message `id` in the current language, without arguments.
pub fn t(id: &str) -> String {
    catalogue::text(lang(), id, &[])
}

/// The message `id` in the current language with named arguments.
pub fn t_args(id: &str, args: &[(&str, catalogue::Arg)]) -> String {
    catalogue::text(lang(), id, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_leniently_and_unknown_ones_refused() {
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code(" FR "), Some(Lang::Fr));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::from_stored("zz"), Lang::Fr);
    }

    #[test]
    fn only_the_organiser_space_stays_french() {
        assert!(is_french_only("/organisation"));
        assert!(is_french_only("/organisation/evenements/3"));
        assert!(!is_french_only("/organisations-partenaires"));
        assert!(!is_french_only("/evenements/bluehats"));
    }

    #[test]
    fn the_current_language_is_french_outside_a_scope_and_follows_with() {
        assert_eq!(lang(), Lang::Fr);
        assert_eq!(with(Lang::En, lang), Lang::En);
        assert_eq!(with(Lang::En, || with(Lang::Fr, lang)), Lang::Fr);
        assert_eq!(lang(), Lang::Fr);
    }
}
