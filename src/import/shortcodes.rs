//! A3: replaces the Nunjucks shortcodes of Eleventy posts. `{% imageContent "./x.png",
//! "alt", [1000] %}` becomes a DSFR figure whose image is served from `/media/{slug}/`;
//! `{% raw %}` keeps its content; every other `{% … %}` and `{{ … }}` is dropped with a
//! warning naming the file and line. Code blocks and code spans are left alone. Pure.

use super::MediaFile;
use super::text::{Closers, fence_marker};
use crate::domain::event::Slug;
use crate::domain::message::escape_html;
use std::path::Path;

/// Where a body comes from, for media paths and warnings.
pub struct Origin<'a> {
    /// The post's path as reported in warnings.
    pub file: &'a str,
    /// The line of the file where the body starts, 1-based.
    pub first_line: usize,
    /// The name of the post's media folder under `/media/` (derived from its source path).
    pub slug: &'a Slug,
    /// The folder that relative media paths start from.
    pub base_dir: &'a Path,
}

/// A body with its shortcodes replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub body: String,
    pub media: Vec<MediaFile>,
    pub warnings: Vec<String>,
}

/// Where an image referenced by a post lives: kept as is when absolute (http or https),
/// otherwise served from the event's media folder.
pub fn media_for(src: &str, origin: &Origin<'_>) -> Result<(String, Option<MediaFile>), String> {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok((src.to_owned(), None));
    }
    if src.contains(':') || src.is_empty() {
        return Err(format!("image `{src}` is neither a web address nor a file"));
    }
    let relative = src.trim_start_matches("./").trim_start_matches('/');
    let name = Path::new(relative)
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != "..")
        .ok_or_else(|| format!("image `{src}` has no file name"))?;
    let url_path = format!("/media/{}/{}", origin.slug, percent_encode(name));
    let media = MediaFile { source: origin.base_dir.join(relative), url_path: url_path.clone() };
    Ok((url_path, Some(media)))
}

/// Percent-encodes a file name for a URL path, keeping unreserved characters.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Replaces the shortcodes of `body`.
pub fn expand(body: &str, origin: &Origin<'_>) -> Expanded {
    let mut x = Expander { origin, out: String::with_capacity(body.len()), media: Vec::new(), warnings: Vec::new() };
    let mut segment = String::new();
    let mut segment_line = 0;
    let mut fence: Option<(char, usize)> = None;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let (is_fence, marker) = fence_marker(line);
        match fence {
            Some((c, len)) => {
                x.out.push_str(line);
                if is_fence && marker.0 == c && marker.1 >= len {
                    fence = None;
                }
            }
            None if is_fence => {
                x.segment(&segment, segment_line);
                segment.clear();
                x.out.push_str(line);
                fence = Some(marker);
            }
            None => {
                if segment.is_empty() {
                    segment_line = n;
                }
                segment.push_str(line);
            }
        }
    }
    x.segment(&segment, segment_line);
    Expanded { body: x.out, media: x.media, warnings: x.warnings }
}

/// The searches of one run of lines: closers, and what was found never to close.
struct Search<'a> {
    closers: Closers<'a>,
    /// A closing text (a run of backticks, `endraw`) and a position after which it is absent.
    unclosed: Vec<(String, usize)>,
}

impl Search<'_> {
    /// True when `close` is known to be absent after byte `at`.
    fn is_unclosed(&self, close: &str, at: usize) -> bool {
        self.unclosed.iter().any(|(c, from)| c == close && *from <= at)
    }
}

/// The line of a byte offset, counted forward from the last one asked.
struct LineCounter<'a> {
    s: &'a str,
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line of byte `at`, which is not before the last one asked.
    fn at(&mut self, at: usize) -> usize {
        self.line += self.s[self.at..at].matches('\n').count();
        self.at = at;
        self.line
    }
}

struct Expander<'a> {
    origin: &'a Origin<'a>,
    out: String,
    media: Vec<MediaFile>,
    warnings: Vec<String>,
}

impl Expander<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(format!("{}:{}: {message}", self.origin.file, self.origin.first_line + line));
    }

    /// Expands a run of lines outside fenced code; `first` is its first line in the body.
    /// Every search below goes forward through `s` once (see `text::NextMatch`): a post full of
    /// unclosed openers is read in linear time.
    fn segment(&mut self, s: &str, first: usize) {
        let mut lines = LineCounter { s, at: 0, line: first };
        let mut search = Search { closers: Closers::new(s), unclosed: Vec::new() };
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            if rest.starts_with('`') {
                // A code span runs to the next run of as many backticks.
                let n = rest.len() - rest.trim_start_matches('`').len();
                let ticks = &rest[..n];
                let known_open = search.is_unclosed(ticks, i);
                let close = (!known_open)
                    .then(|| {
                        rest[n..].match_indices(ticks).find(|(at, _)| {
                            let after = &rest[n + at + n..];
                            !after.starts_with('`') && !rest[n..n + at].ends_with('`')
                        })
                    })
                    .flatten();
                if close.is_none() && !known_open {
                    search.unclosed.push((ticks.to_owned(), i));
                }
                let end = close.map_or(n, |(at, _)| n + at + n);
                self.out.push_str(&rest[..end]);
                i += end;
            } else if let Some(kind) = ["{%", "{{", "{#"].into_iter().find(|o| rest.starts_with(o)) {
                let Some(end) = search.closers.template(kind).at_or_after(i + 2).map(|e| e - i + 2) else {
                    self.out.push_str(kind);
                    i += 2;
                    continue;
                };
                let inner = rest[2..end - 2].trim_matches('-').trim();
                let line = lines.at(i);
                i += match kind {
                    "{%" => self.tag(inner, s, i + end, &mut search, line),
                    "{{" => {
                        self.warn(line, format!("template expression `{{{{ {inner} }}}}` dropped"));
                        0
                    }
                    _ => 0,
                } + end;
            } else {
                let c = rest.chars().next().unwrap_or(' ');
                self.out.push(c);
                i += c.len_utf8();
            }
        }
    }

    /// Handles one `{% … %}` tag that ends at byte `end` of `s`; returns how many bytes
    /// after it were consumed too.
    fn tag(&mut self, inner: &str, s: &str, end: usize, search: &mut Search<'_>, line: usize) -> usize {
        let after = &s[end..];
        let name = inner.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
        match name {
            "imageContent" => {
                self.image_content(&inner[name.len()..], line);
                0
            }
            "raw" | "verbatim" => {
                // Everything up to the closing tag is content, copied untouched.
                let end_name = format!("end{name}");
                if search.is_unclosed(&end_name, end) {
                    return 0;
                }
                let close = after
                    .match_indices("{%")
                    .find(|(at, _)| after[at + 2..].trim_start_matches('-').trim_start().starts_with(&end_name));
                if close.is_none() {
                    search.unclosed.push((end_name.clone(), end));
                }
                let mut tag_end =
                    |at: usize| search.closers.template("{%").at_or_after(end + at).map(|e| (at, e - end + 2));
                match close.and_then(|(at, _)| tag_end(at)) {
                    Some((content_end, tag_end)) => {
                        self.out.push_str(&after[..content_end]);
                        tag_end
                    }
                    None => 0,
                }
            }
            _ => {
                self.warn(line, format!("unknown shortcode `{name}` dropped"));
                0
            }
        }
    }

    fn image_content(&mut self, args: &str, line: usize) {
        let strings = string_literals(args);
        let Some(src) = strings.first() else {
            self.warn(line, "shortcode `imageContent` without an image path dropped".to_owned());
            return;
        };
        let alt = strings.get(1).map(|a| a.trim().to_owned()).unwrap_or_default();
        let (url, media) = match media_for(src, self.origin) {
            Ok(found) => found,
            Err(why) => {
                self.warn(line, format!("shortcode `imageContent` dropped: {why}"));
                return;
            }
        };
        if alt.is_empty() {
            self.warn(line, "shortcode `imageContent` has no alt text: the image is marked decorative".to_owned());
        }
        if let Some(m) = media
            && !self.media.contains(&m)
        {
            self.media.push(m);
        }
        self.out.push_str(&format!(
            "<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"{}\" alt=\"{}\"></figure>",
            escape_html(&url),
            escape_html(&alt)
        ));
    }
}

/// The quoted string arguments of a shortcode, in order, with `\` escapes resolved.
fn string_literals(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '\'' {
            continue;
        }
        let mut s = String::new();
        let mut closed = false;
        while let Some(d) = chars.next() {
            match d {
                '\\' => s.extend(chars.next()),
                d if d == c => {
                    closed = true;
                    break;
                }
                d => s.push(d),
            }
        }
        if closed {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn run(body: &str) -> Expanded {
        let slug = Slug::parse("appel-2024").unwrap();
        let origin = Origin { file: "004.txt", first_line: 12, slug: &slug, base_dir: Path::new("/posts/004") };
        expand(body, &origin)
    }

    #[test]
    fn shortcode_image_content_becomes_figure_and_media() {
        let r = run(
            "Avant\n\n{% imageContent \"./bluehats-osx-2024.png\", \"Venir aux conférences <BlueHats> & \\\"plus\\\"\", [1000] %}\n",
        );

        assert_eq!(
            r.body,
            "Avant\n\n<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"/media/appel-2024/bluehats-osx-2024.png\" alt=\"Venir aux conférences &lt;BlueHats&gt; &amp; &quot;plus&quot;\"></figure>\n"
        );
        assert_eq!(
            r.media,
            [MediaFile {
                source: PathBuf::from("/posts/004/bluehats-osx-2024.png"),
                url_path: "/media/appel-2024/bluehats-osx-2024.png".into()
            }]
        );
        assert_eq!(r.warnings, Vec::<String>::new());
    }

    #[test]
    fn shortcode_single_quotes_spaces_and_no_size_accepted() {
        let r = run("{%-   imageContent   'img/a b.png' ,  'Texte'   -%}");

        assert_eq!(
            r.body,
            "<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"/media/appel-2024/a%20b.png\" alt=\"Texte\"></figure>"
        );
        assert_eq!(r.media[0].source, PathBuf::from("/posts/004/img/a b.png"));
    }

    #[test]
    fn shortcode_image_without_alt_is_decorative_with_warning() {
        let r = run("\n{% imageContent \"https://example.org/x.png\" %}");

        assert_eq!(
            r.body,
            "\n<figure class=\"fr-content-media\"><img class=\"fr-responsive-img\" src=\"https://example.org/x.png\" alt=\"\"></figure>"
        );
        assert_eq!(r.media, []);
        assert_eq!(
            r.warnings,
            ["004.txt:13: shortcode `imageContent` has no alt text: the image is marked decorative"]
        );
    }

    #[test]
    fn shortcode_unknown_dropped_with_file_and_line() {
        let r = run("un\ndeux\n\ntexte {% foo \"bar\" %} suite {{ page.url | url }}\n");

        assert_eq!(r.body, "un\ndeux\n\ntexte  suite \n");
        assert_eq!(
            r.warnings,
            [
                "004.txt:15: unknown shortcode `foo` dropped",
                "004.txt:15: template expression `{{ page.url | url }}` dropped",
            ]
        );
    }

    #[test]
    fn shortcode_in_code_block_and_span_untouched() {
        let body = "Écrire `{% foo %}` ou ``{{ x }}``.\n\n```njk\n{% imageContent \"./a.png\", \"b\" %}\n{{ y }}\n```\nfin {# commentaire #}\n";

        let r = run(body);

        assert_eq!(
            r.body,
            "Écrire `{% foo %}` ou ``{{ x }}``.\n\n```njk\n{% imageContent \"./a.png\", \"b\" %}\n{{ y }}\n```\nfin \n"
        );
        assert_eq!(r.warnings, Vec::<String>::new());
        assert_eq!(r.media, []);
    }

    #[test]
    fn shortcode_raw_keeps_content() {
        let r = run("{% raw %}{{ garde }} {% ceci %}{% endraw %} fin");

        assert_eq!(r.body, "{{ garde }} {% ceci %} fin");
        assert_eq!(r.warnings, Vec::<String>::new());
    }

    #[test]
    fn shortcode_unclosed_left_as_text() {
        let r = run("texte {% sans fin");

        assert_eq!(r.body, "texte {% sans fin");
    }
}
