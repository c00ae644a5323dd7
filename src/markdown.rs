//! A1 A3 G2: Markdown to safe HTML. Every user- or import-supplied body goes through here:
//! raw HTML is allowed in Markdown but passes an allow-list (no script, no event handlers,
//! no `style`, only http(s)/mailto/tel links).

use pulldown_cmark::{Options, Parser, html};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The deepest nesting of Markdown blocks and inline elements a rendered body keeps; deeper
/// containers are flattened, their text kept. The HTML tree builder pays for every element in
/// proportion to the depth it sits at, so 40,000 nested `>` once took seconds (issue 13).
pub const MAX_DEPTH: usize = 32;

/// Raw HTML nested deeper than this (after the Markdown) is shown as text instead: no real
/// post comes near it, and it keeps the sanitiser's work linear.
const MAX_HTML_DEPTH: usize = 128;

/// The longest Markdown rendered; the rest is cut at a character boundary. Forms refuse far
/// shorter texts with a French message (`MAX_LEN` is the last line of defence, for imports).
pub const MAX_LEN: usize = 512 * 1024;

/// Renders Markdown to HTML that is safe to embed in our pages. Time and output are bounded:
/// at most `MAX_LEN` bytes are read and nesting is capped (`MAX_DEPTH`).
pub fn to_safe_html(markdown: &str) -> String {
    let markdown = bounded(markdown);
    let mut raw = render(markdown, false);
    if html_depth(&raw) > MAX_HTML_DEPTH {
        raw = render(markdown, true);
    }
    sanitizer().clean(&raw).to_string()
}

/// The image sources of sanitised `html` that the pages' Content-Security-Policy
/// (`img-src 'self' data:`) will not load: anything but a site-relative path or a `data:`
/// URL. Organisers are told in the preview instead of finding a blank space on the page.
pub fn blocked_images(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in html.match_indices("<img ") {
        let tag = &html[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let Some(start) = tag.find(" src=\"") else { continue };
        let value = &tag[start + 6..];
        let value = &value[..value.find('"').unwrap_or(value.len())];
        let src = value.replace("&amp;", "&").replace("&#x2f;", "/");
        let local = (src.starts_with('/') && !src.starts_with("//")) || src.starts_with("data:");
        if !local && !found.contains(&src) {
            found.push(src);
        }
    }
    found
}

/// `markdown` cut to at most `MAX_LEN` bytes, at a character boundary.
fn bounded(markdown: &str) -> &str {
    if markdown.len() <= MAX_LEN {
        return markdown;
    }
    let mut end = MAX_LEN;
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    &markdown[..end]
}

/// Markdown to unsanitised HTML, containers deeper than `MAX_DEPTH` flattened; with
/// `html_as_text`, raw HTML is written as visible text.
fn render(markdown: &str, html_as_text: bool) -> String {
    use pulldown_cmark::Event;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    // One entry per open container: whether it was kept (and so must be closed).
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(tag) => {
            let keep = depth < MAX_DEPTH;
            open.push(keep);
            if keep {
                depth += 1;
                Some(Event::Start(tag))
            } else {
                None
            }
        }
        Event::End(tag) => {
            if open.pop().unwrap_or(false) {
                depth -= 1;
                Some(Event::End(tag))
            } else {
                None
            }
        }
        Event::Html(h) | Event::InlineHtml(h) if html_as_text => Some(Event::Text(h)),
        other => Some(other),
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    raw
}

/// An upper estimate of how deep the elements of `html` nest. Void elements and those the
/// parser closes by itself when a sibling opens (`p`, `li`, cells, rows) do not count.
fn html_depth(html: &str) -> usize {
    const FLAT: [&str; 20] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "td", "th", "tr", "dt", "dd",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        let self_closing = bytes[start + len..]
            .iter()
            .position(|&b| b == b'>')
            .is_some_and(|end| end > 0 && bytes[start + len + end - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
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

/// `text` with every ASCII punctuation character backslash-escaped, so that Markdown shows it
/// as typed: no link, emphasis, heading, list or HTML can come out of it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with the backslash escapes of `escape` removed (for one-line fields such as a
/// subject, which are never read as Markdown).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(*next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Renders Markdown as the plain-text part of a mail: paragraphs apart, list items with their
/// bullets or numbers, a link's address after its text (once when they are the same), no
/// Markdown punctuation left.
pub fn to_mail_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let markdown = bounded(markdown);
    let mut out = String::with_capacity(markdown.len());
    // Each open list: its next number, or None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut links: Vec<(String, usize)> = Vec::new();
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) if h.trim_start().to_ascii_lowercase().starts_with("<br") => {
                out.push('\n');
            }
            Event::Rule => {
                newline(&mut out);
                out.push_str("----\n\n");
            }
            Event::Start(Tag::List(first)) => {
                newline(&mut out);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) => newline(&mut out),
            Event::Start(Tag::Link { dest_url, .. }) => links.push((dest_url.to_string(), out.len())),
            Event::End(TagEnd::Link) => {
                if let Some((url, start)) = links.pop()
                    && out[start..] != url
                    && !url.is_empty()
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::Table,
            ) => {
                if lists.is_empty() {
                    newline(&mut out);
                    out.push('\n');
                } else {
                    newline(&mut out);
                }
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => newline(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            _ => {}
        }
    }
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(line);
        text.push('\n');
    }
    text.trim().to_owned() + "\n"
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

    #[test]
    fn escaped_text_renders_as_typed_and_unescapes_back() {
        let typed = "[Cliquez](https://phish.example) <b>x</b> # *Alice* _1._ \\o/";

        let escaped = escape(typed);

        assert_eq!(to_mail_text(&escaped), format!("{typed}\n"));
        assert_eq!(
            to_safe_html(&escaped),
            "<p>[Cliquez](https://phish.example) &lt;b&gt;x&lt;/b&gt; # *Alice* _1._ \\o/</p>\n"
        );
        assert_eq!(unescape(&escaped), typed);
    }

    #[test]
    fn mail_text_keeps_lists_links_and_paragraphs_without_markup() {
        let md = "Bonjour **Alice**,\n\n- Quand : demain\n- Où : [Ségur](https://osm.org/x)\n\n1. un\n2. deux\n\nLien :\n\n<https://a.fr/i/t>\n\nL'équipe";

        let text = to_mail_text(md);

        assert_eq!(
            text,
            "Bonjour Alice,\n\n- Quand : demain\n- Où : Ségur (https://osm.org/x)\n\n1. un\n2. deux\n\nLien :\n\nhttps://a.fr/i/t\n\nL'équipe\n"
        );
    }

    #[test]
    fn deeply_nested_quotes_render_quickly_and_flattened() {
        let hostile = ">".repeat(40_000) + " fin";

        let started = std::time::Instant::now();
        let html = to_safe_html(&hostile);
        let took = started.elapsed();

        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("fin"), "{html}");
        // Seconds before the bound (issue 13); a debug build takes a few milliseconds now.
        assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    }

    #[test]
    fn deeply_nested_raw_html_is_shown_as_text() {
        let hostile = "<div>".repeat(20_000) + "fin";

        let started = std::time::Instant::now();
        let html = to_safe_html(&hostile);
        let took = started.elapsed();

        assert!(!html.contains("<div>"), "{}", &html[..200]);
        assert!(html.starts_with("&lt;div&gt;&lt;div&gt;"), "{}", &html[..200]);
        assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    }

    #[test]
    fn ordinary_raw_html_with_unclosed_paragraphs_is_kept() {
        let body = "<div><p>un<p>deux<p>trois</div>\n\n".repeat(300);

        let html = to_safe_html(&body);

        assert_eq!(html.matches("<div>").count(), 300);
    }

    #[test]
    fn text_beyond_the_maximum_length_is_cut_at_a_character() {
        let body = "é".repeat(MAX_LEN);

        let html = to_safe_html(&body);

        assert_eq!(html.chars().filter(|c| *c == 'é').count(), MAX_LEN / 2);
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

    #[test]
    fn images_from_other_sites_are_reported_as_blocked() {
        let html = to_safe_html(
            "![a](https://ailleurs.example.org/a.png) ![b](/media/b.png) ![c](//cdn.example.org/c.png) ![d](https://ailleurs.example.org/a.png)",
        );
        assert_eq!(blocked_images(&html), ["https://ailleurs.example.org/a.png", "//cdn.example.org/c.png"]);
        assert_eq!(blocked_images("<p>rien</p>"), Vec::<String>::new());
    }
}

#[cfg(test)]
mod properties;
