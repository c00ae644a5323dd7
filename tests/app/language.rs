//! H2: the language of a request: `?lang=en`, its cookie, French by default, the organiser
//! space in French, one cached page per language.

use crate::helpers::*;

fn html_lang(body: &str) -> &str {
    between(body, "<html lang=\"", "\"")
}

#[tokio::test]
async fn lang_en_speaks_english_keeps_the_choice_in_a_cookie_and_says_so() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier proche", 5)).await;

    let french = app.get("/").await;
    let english = app.get("/?lang=en").await;
    let next = app.get("/evenements").await;

    assert_eq!(html_lang(&french.body), "fr");
    assert!(french.body.contains(">Plan du site</a>"), "the French footer");
    assert_eq!(french.header("content-language"), "fr");
    assert_eq!(html_lang(&english.body), "en");
    assert!(english.body.contains(">Site map</a>"), "the English footer");
    assert!(!english.body.contains(">Plan du site</a>"));
    assert_eq!(english.header("content-language"), "en");
    assert!(english.header("vary").contains("Cookie"), "{:?}", english.headers);
    assert!(english.header("set-cookie").contains("rencontres_lang=en;"), "{:?}", english.headers);
    assert!(english.header("set-cookie").contains("Max-Age="));
    assert_eq!(html_lang(&next.body), "en", "the cookie keeps the choice for the next page");
    assert_eq!(next.header("set-cookie"), "", "no new cookie when nothing changes");
}

#[tokio::test]
async fn each_language_has_its_own_cached_page_and_alternates() {
    let app = spawn_app().await;
    app.add_event(event_draft("Atelier proche", 5)).await;
    let plain = reqwest::Client::new();
    let get = |path: &'static str| {
        let (plain, base) = (plain.clone(), app.base.clone());
        async move { plain.get(format!("{base}{path}")).send().await.unwrap().text().await.unwrap() }
    };

    // French first, so that the English page would come from the cache if it were keyed by path.
    let fr_first = get("/evenements").await;
    let en = get("/evenements?lang=en").await;
    let fr_again = get("/evenements").await;

    assert_eq!(html_lang(&fr_first), "fr");
    assert_eq!(html_lang(&en), "en");
    assert_eq!(html_lang(&fr_again), "fr", "a client without the cookie reads French");
    // Alternates are absolute, on the site's public address (`base_url`).
    let alternate_en =
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://rencontres.example.org/evenements?lang=en\">";
    let alternate_fr =
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://rencontres.example.org/evenements?lang=fr\">";
    assert!(en.contains(alternate_en) && en.contains(alternate_fr), "{en}");
    assert!(fr_first.contains(alternate_en));
}

#[tokio::test]
async fn the_language_selector_links_to_the_same_page_in_each_language() {
    let app = spawn_app().await;

    let page = app.get("/archives?lang=en").await;

    let selector = between(&page.body, "<nav class=\"fr-translate fr-nav\"", "</nav>");
    assert!(selector.contains("href=\"/archives?lang=fr\""), "{selector}");
    assert!(selector.contains("hreflang=\"en\" lang=\"en\""));
    assert!(selector.contains("aria-current=\"true\">EN - English"), "{selector}");
}

#[tokio::test]
async fn the_organiser_space_stays_french_and_unknown_languages_change_nothing() {
    let app = spawn_app().await;
    app.get("/?lang=en").await;

    let sign_in = app.get("/organisation/connexion").await;
    let unknown = reqwest::Client::new().get(format!("{}/?lang=de", app.base)).send().await.unwrap();

    assert_eq!(html_lang(&sign_in.body), "fr");
    assert!(!sign_in.body.contains("fr-translate"), "no language selector in the organiser space");
    assert!(unknown.headers().get("set-cookie").is_none());
    assert_eq!(html_lang(&unknown.text().await.unwrap()), "fr");
}
