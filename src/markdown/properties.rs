//! G5: properties of the Markdown renderer on any text: it never panics, its HTML holds only
//! the tags and attributes of the sanitiser's allow-list, and plain text holds no tag.
//!
//! The allow-list below is written out again on purpose: `markdown.rs` keeps its own inside
//! the ammonia builder, and a tag added there without a reason here fails this test.

use super::{to_plain_text, to_safe_html};
use proptest::prelude::*;

/// Every tag the sanitiser lets through, with the attributes it keeps on it.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title", "hreflang", "rel"]),
    ("abbr", &["title"]),
    ("b", &[]),
    ("blockquote", &[]),
    ("br", &[]),
    ("caption", &[]),
    ("code", &[]),
    ("del", &[]),
    ("details", &[]),
    ("div", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &["class"]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("i", &[]),
    ("img", &["src", "alt", "title", "width", "height", "class"]),
    ("kbd", &[]),
    ("li", &[]),
    ("ol", &["start"]),
    ("p", &[]),
    ("pre", &[]),
    ("q", &[]),
    ("s", &[]),
    ("section", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["colspan", "rowspan"]),
    ("tfoot", &[]),
    ("th", &["scope", "colspan", "rowspan"]),
    ("thead", &[]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
];

/// One tag as written in the output: its name, whether it closes, and its attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Reads every tag of `html`, as a browser would start reading it: `<` then a letter, `/` or
/// `!`. Text never holds a raw `<` (the sanitiser writes `&lt;`), so anything else is an error.
fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('!') || rest.starts_with('?') {
            return Err(format!("comment or declaration at {rest:.40}"));
        }
        let closing = rest.starts_with('/');
        let body = rest.trim_start_matches('/');
        let end = scan_tag_end(body).ok_or_else(|| format!("unclosed tag at {body:.40}"))?;
        let inside = &body[..end];
        rest = &body[end + 1..];
        let name_end = inside.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(inside.len());
        let name = inside[..name_end].to_owned();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("a `<` that starts no tag: {inside:.40}"));
        }
        let attributes = if closing { Vec::new() } else { attributes(&inside[name_end..])? };
        out.push(Tag { name, attributes });
    }
    Ok(out)
}

/// The `>` ending a tag, outside quoted attribute values.
fn scan_tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `name="value"` pairs; the sanitiser always quotes values with `"`.
fn attributes(mut s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start().trim_start_matches('/').trim_start();
        if s.is_empty() {
            return Ok(out);
        }
        let eq = s.find('=').ok_or_else(|| format!("attribute without value: {s:.40}"))?;
        let name = s[..eq].trim().to_ascii_lowercase();
        let value = s[eq + 1..].strip_prefix('"').ok_or_else(|| format!("unquoted value: {s:.40}"))?;
        let close = value.find('"').ok_or_else(|| format!("unclosed value: {s:.40}"))?;
        out.push((name, value[..close].to_owned()));
        s = &value[close + 1..];
    }
}

/// Markdown and HTML syntax, active content, and URL schemes.
const PIECES: &[&str] = &[
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "</a>",
    "<svg onload=alert(1)>",
    "<math>",
    "<style>",
    "<iframe src=//x>",
    "<form action=x>",
    "<input>",
    "<div style=\"x\">",
    "<h1>",
    "<figure class=\"fr-content-media evil\">",
    "<img class=\"fr-responsive-img x\" src=\"/a.png\">",
    "<a href=\"data:text/html,x\">",
    "<a href=\"vbscript:x\">",
    "<a href=\"https://a.fr/\" target=_blank>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml",
    "<",
    ">",
    "&",
    "&lt;",
    "\"",
    "'",
    "`",
    "```\n",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "# ",
    "## ",
    "|a|b|\n|-|-|\n",
    "[x](",
    "javascript:alert(1)",
    ")",
    "![i](",
    "[^1]",
    "[^1]: n\n",
    "**",
    "_",
    "~~",
    "    code\n",
    "https://a.fr",
    "<details><summary>",
    "<ol start=\"3\">",
    "<td colspan=2 onclick=x>",
    "<abbr title=\"x\" lang=fr>",
    "e\u{301}",
    "\u{202e}",
    "\0",
];

proptest! {
    #![proptest_config(crate::properties::config(192))]

    #[test]
    fn rendered_html_holds_only_allowed_tags_and_attributes(md in crate::properties::text_of(PIECES, 60)) {
        let html = to_safe_html(&md);

        let found = tags(&html).map_err(|e| TestCaseError::fail(format!("{e} in {html}")))?;
        for tag in found {
            let allowed = ALLOWED.iter().find(|(name, _)| *name == tag.name);
            prop_assert!(allowed.is_some(), "<{}> in {}", tag.name, html);
            let (_, attributes) = allowed.unwrap();
            for (name, value) in &tag.attributes {
                prop_assert!(attributes.contains(&name.as_str()) || name == "lang", "{}={} on <{}> in {}", name, value, tag.name, html);
                if name == "href" || name == "src" {
                    let v = value.trim_start().to_ascii_lowercase();
                    // A scheme is a letter then letters, digits, `+`, `-`, `.`; anything else is a relative path.
                    let head = v.split(['/', '?', '#']).next().unwrap_or("");
                    let scheme = head.split_once(':').map(|(s, _)| s).filter(|s| {
                        s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    });
                    let scheme_ok = scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s));
                    prop_assert!(scheme_ok, "{}={} in {}", name, value, html);
                }
                if name == "class" {
                    prop_assert!(value == "fr-content-media" || value == "fr-responsive-img", "class={} in {}", value, html);
                }
            }
        }
    }

    #[test]
    fn any_unicode_renders_without_panic(md in crate::properties::any_text(300)) {
        let html = to_safe_html(&md);
        let _ = to_plain_text(&md);

        prop_assert!(tags(&html).is_ok(), "{}", html);
    }

    // Code and `&lt;` are the author's text and may show a `<`; raw HTML never does.
    #[test]
    fn plain_text_holds_no_tag_of_the_markdown(md in proptest::collection::vec(proptest::sample::select(
        PIECES.iter().copied().filter(|p| !p.contains(['`', '~', '&', '\t', '\0']) && !p.starts_with("    ") && !p.starts_with("<!")).collect::<Vec<_>>()
    ), 0..60).prop_map(|v| v.concat())) {
        let text = to_plain_text(&md);

        for tag in ["<script", "<img", "<a ", "<svg", "<math", "<style", "<iframe", "<form", "<input", "<div", "<h1", "<figure", "<details", "<ol", "<td", "<abbr", "</"] {
            prop_assert!(!text.contains(tag), "{} in {}", tag, text);
        }
    }
}
