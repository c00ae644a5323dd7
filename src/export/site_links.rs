//! A5: the links of a statically exported page, made right for where the copy is hosted.
//!
//! A page of the export is served from a sub-path of another site (`/fr/bluehats/`) and
//! cannot take a registration or a proposal: root-relative links to pages and files the
//! export wrote get the sub-path; every other root-relative link (forms, private pages,
//! the organiser space) goes to the live site at `base_url`. Pure: no I/O.

/// Where an exported copy lives and where the live site is.
#[derive(Debug, Clone)]
pub struct Targets<'a> {
    /// The sub-path the copy is served under, `/` or `/fr/bluehats/` (slashes added).
    pub base_path: String,
    /// The live site, without a trailing slash (`https://rencontres.example.org`).
    pub live: &'a str,
}

impl<'a> Targets<'a> {
    /// Targets for `base_path` as given on the command line (`fr/bluehats`, `/fr/bluehats/`
    /// or empty for the root) and the live site's `base_url`.
    pub fn new(base_path: &str, live: &'a str) -> Self {
        let trimmed = base_path.trim().trim_matches('/');
        let base_path = if trimmed.is_empty() { "/".to_owned() } else { format!("/{trimmed}/") };
        Targets { base_path, live: live.trim_end_matches('/') }
    }

    /// The link for root-relative `url`: under the sub-path when `exported` says the export
    /// holds its path, else on the live site. Other links (absolute, `#…`, `mailto:`,
    /// protocol-relative `//host`) are returned as they are.
    pub fn link(&self, url: &str, exported: &dyn Fn(&str) -> bool) -> String {
        if !url.starts_with('/') || url.starts_with("//") {
            return url.to_owned();
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        if exported(path) { format!("{}{}", self.base_path, &url[1..]) } else { format!("{}{url}", self.live) }
    }
}

/// The attributes whose values are URLs.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

/// Rewrites the root-relative URLs of `html`'s `href`, `src`, `action` (always to the live
/// site: a static copy takes no form), `poster` and `srcset` attributes (double-quoted, as our templates write them; HTML character
/// references such as `&#x2f;` decoded first) with [`Targets::link`]. Everything else of
/// the page is kept byte for byte.
pub fn rewrite_html(html: &str, targets: &Targets, exported: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find("=\"") {
        let (before, after) = rest.split_at(at);
        let name = attribute_name(before);
        out.push_str(before);
        out.push_str("=\"");
        let after = &after[2..];
        let Some(end) = after.find('"') else {
            out.push_str(after);
            return out;
        };
        let value = &after[..end];
        match name.to_ascii_lowercase().as_str() {
            n if URL_ATTRIBUTES.contains(&n) => {
                let url = decode(value);
                if url.starts_with('/') && !url.starts_with("//") {
                    // A static copy takes no form: every form posts to the live site.
                    let link =
                        if n == "action" { targets.link(&url, &|_| false) } else { targets.link(&url, exported) };
                    out.push_str(&encode(&link));
                } else {
                    out.push_str(value);
                }
            }
            "srcset" => {
                let rewritten: Vec<String> = decode(value)
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                        let url = targets.link(url, exported);
                        if size.is_empty() { url } else { format!("{url} {}", size.trim()) }
                    })
                    .collect();
                out.push_str(&encode(&rewritten.join(", ")));
            }
            _ => out.push_str(value),
        }
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The attribute name just before `="`: the trailing run of name characters of `before`.
fn attribute_name(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == ':'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// Decodes the character references our escaper writes in attribute values.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Escapes a URL for a double-quoted attribute value.
fn encode(url: &str) -> String {
    url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exported(path: &str) -> bool {
        ["/", "/evenements/journee", "/assets/dsfr/dsfr.min.css", "/flux.atom"].contains(&path)
    }

    #[test]
    fn exported_paths_get_the_sub_path_and_the_rest_goes_live() {
        let t = Targets::new("fr/bluehats", "https://live.example.org/");
        let html = r##"<a href="/evenements/journee">x</a><a href="&#x2f;evenements&#x2f;journee&#x2f;inscription?a=1&amp;b=2">s</a>
<form method="post" action="/inscription/lien"><link rel="stylesheet" href="/assets/dsfr/dsfr.min.css?v=3">
<a href="https://ailleurs.example.org/x">y</a><a href="#contenu">z</a><a href="//cdn.example.org/x">w</a>
<img srcset="/media/a.webp 1x, /flux.atom 2x" alt="/evenements/journee">"##;

        let out = rewrite_html(html, &t, &exported);

        assert_eq!(
            out,
            r##"<a href="/fr/bluehats/evenements/journee">x</a><a href="https://live.example.org/evenements/journee/inscription?a=1&amp;b=2">s</a>
<form method="post" action="https://live.example.org/inscription/lien"><link rel="stylesheet" href="/fr/bluehats/assets/dsfr/dsfr.min.css?v=3">
<a href="https://ailleurs.example.org/x">y</a><a href="#contenu">z</a><a href="//cdn.example.org/x">w</a>
<img srcset="https://live.example.org/media/a.webp 1x, /fr/bluehats/flux.atom 2x" alt="/evenements/journee">"##
        );
    }

    #[test]
    fn the_root_keeps_exported_links_as_they_are() {
        let t = Targets::new("", "https://live.example.org");
        assert_eq!(t.base_path, "/");
        assert_eq!(t.link("/evenements/journee#plan", &exported), "/evenements/journee#plan");
        assert_eq!(t.link("/connexion", &exported), "https://live.example.org/connexion");
        assert_eq!(
            rewrite_html("<form action=\"/\" method=\"post\">", &t, &exported),
            "<form action=\"https://live.example.org/\" method=\"post\">",
            "an exported page's address, as a form's target, is the live site's"
        );
        assert_eq!(rewrite_html("no attributes = here \"", &t, &exported), "no attributes = here \"");
        assert_eq!(rewrite_html("<a href=\"/x", &t, &exported), "<a href=\"/x");
    }
}
