//! A1 A3 G2: Markdown to safe HTML. Every user- or import-supplied body goes through here:
//! raw HTML is allowed in Markdown but passes an allow-list (no script, no event handlers,
//! no `style`, only http(s)/mailto/tel links).

use pulldown_cmark::{Options, Parser, html};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Renders Markdown to HTML that is safe to embed in our pages.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(markdown, options);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitizer().clean(&raw).to_string()
}

/// Renders Markdown to plain text (for feeds, calendar descriptions and summaries).
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "caption",
            "code",
            "del",
            "details",
            "div",
            "em",
            "figcaption",
            "figure",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "kbd",
            "li",
            "ol",
            "p",
            "pre",
            "q",
            "s",
            "section",
            "small",
            "span",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "u",
            "ul",
        ]
        .into_iter()
        .collect();
        let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
        attrs.insert("a", ["href", "title", "hreflang"].into_iter().collect());
        attrs.insert("img", ["src", "alt", "title", "width", "height"].into_iter().collect());
        attrs.insert("th", ["scope", "colspan", "rowspan"].into_iter().collect());
        attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
        attrs.insert("ol", ["start"].into_iter().collect());
        attrs.insert("abbr", ["title"].into_iter().collect());
        let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
        classes.insert("figure", ["fr-content-media"].into_iter().collect());
        classes.insert("img", ["fr-responsive-img"].into_iter().collect());
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .tag_attributes(attrs)
            .generic_attributes(["lang"].into_iter().collect())
            .allowed_classes(classes)
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            // A body's own h1 would compete with the page title: it is dropped, text kept.
            .clean_content_tags(
                ["script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "form"]
                    .into_iter()
                    .collect(),
            )
            .strip_comments(true);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn markdown_renders_headings_links_and_lists() {
        let html = to_safe_html("## Où ?\n\n- [Lieu](https://osm.org/go/x)\n");

        assert_eq!(
            html,
            "<h2>Où ?</h2>\n<ul>\n<li><a href=\"https://osm.org/go/x\" rel=\"noopener noreferrer\">Lieu</a></li>\n</ul>\n"
        );
    }

    #[test]
    fn script_tag_is_removed_with_its_content() {
        let html = to_safe_html("Bonjour <script>alert('x')</script> !");

        assert_eq!(html, "<p>Bonjour  !</p>\n");
    }

    #[test]
    fn javascript_link_loses_its_href() {
        let html = to_safe_html("[clic](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">b</a>");

        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains(">clic</a>"), "{html}");
    }

    #[test]
    fn event_handler_attributes_are_removed() {
        let html = to_safe_html("<img src=\"/media/x.png\" alt=\"x\" onerror=\"alert(1)\">");

        assert_eq!(html, "<img src=\"/media/x.png\" alt=\"x\">");
    }

    #[test]
    fn style_attributes_and_blocks_are_removed() {
        let html = to_safe_html(
            "<div align=\"center\" style=\"background:url(javascript:x)\"><b>Proposer</b></div>\n\n<style>.a{color:red}</style>",
        );

        assert_eq!(html, "<div><b>Proposer</b></div>\n");
    }

    #[test]
    fn unknown_tags_keep_their_text_and_links() {
        let html = to_safe_html(
            "<center><button class=\"fr-btn\"><a href=\"https://framaforms.org/x\">Préinscrivez-vous</a></button></center>",
        );

        assert_eq!(html, "<a href=\"https://framaforms.org/x\" rel=\"noopener noreferrer\">Préinscrivez-vous</a>");
    }

    #[test]
    fn figure_classes_from_shortcodes_survive() {
        let html = to_safe_html(
            "<figure class=\"fr-content-media evil\"><img class=\"fr-responsive-img\" src=\"/media/a/b.png\" alt=\"Une image\"></figure>",
        );

        assert_eq!(
            html,
            "<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"/media/a/b.png\" alt=\"Une image\"></figure>"
        );
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(to_plain_text("## Titre\n\nUn *texte* avec [lien](https://a.fr).\n"), "Titre\nUn texte avec lien.");
    }

    proptest! {
        #[test]
        fn rendered_html_never_contains_active_content(s in "(<script>|<img src=x onerror=alert(1)>|javascript:|<a href=\"javascript:x\">|<style>|[a-z <>=\"'/:]){0,40}") {
            let html = to_safe_html(&s).to_lowercase();
            prop_assert!(!html.contains("<script"));
            prop_assert!(!html.contains("onerror"));
            prop_assert!(!html.contains("href=\"javascript"));
            prop_assert!(!html.contains("<style"));
        }
    }
}

#[cfg(test)]
mod properties;
