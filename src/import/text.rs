//! A3: reading Markdown prose as the importer needs it: its links, and its plain text with
//! link targets, HTML tags, template tags and emphasis removed. Pure.

/// The most bytes a link's target or title may take: a longer one is read as prose.
/// Bounds the search after each `](`, so that a post full of them is read in linear time.
const LINK_PART_MAX: usize = 4096;

/// The next occurrence of `needle` in `hay` at or after a position, remembering the last
/// answer: asked at positions that only grow, every search together reads `hay` once,
/// where searching afresh each time is quadratic in the number of unclosed openers.
pub struct NextMatch<'a> {
    hay: &'a str,
    needle: &'a str,
    /// The last position asked and its answer, the first occurrence at or after it.
    asked: usize,
    found: Option<usize>,
}

impl<'a> NextMatch<'a> {
    pub fn new(hay: &'a str, needle: &'a str) -> NextMatch<'a> {
        NextMatch { hay, needle, asked: usize::MAX, found: None }
    }

    /// The byte offset of the first `needle` starting at or after `at` (a char boundary).
    pub fn at_or_after(&mut self, at: usize) -> Option<usize> {
        // No occurrence lies between the last position asked and its answer.
        if at >= self.asked && self.found.is_none_or(|f| f >= at) {
            return self.found;
        }
        self.asked = at;
        self.found = self.hay[at..].find(self.needle).map(|rel| at + rel);
        self.found
    }
}

/// A Markdown inline link `[text](url "title")` found in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte offset of the `[` (or of the `!` of an image).
    pub start: usize,
    /// Byte offset just past the closing `)`.
    pub end: usize,
    /// Byte range of the link text, between the brackets.
    pub text: (usize, usize),
    /// The target as written, without angle brackets or title.
    pub url: String,
    /// True for an image `![alt](src)`.
    pub image: bool,
}

/// Returns the inline links of `s` in order. Links do not cross a blank line, like in
/// Markdown; reference links and autolinks are not links here.
pub fn markdown_links(s: &str) -> Vec<Link> {
    let bytes = s.as_bytes();
    let mut links = Vec::new();
    let mut from = 0;
    let mut ends =
        TargetEnds { paren: NextMatch::new(s, ")"), angle: NextMatch::new(s, ">"), newline: NextMatch::new(s, "\n") };
    let pairs = bracket_pairs(s);
    while let Some(rel) = s[from..].find("](") {
        let close = from + rel;
        from = close + 2;
        let Ok(k) = pairs.binary_search_by_key(&close, |p| p.0) else {
            continue;
        };
        let open = pairs[k].1;
        if links.last().is_some_and(|l: &Link| open < l.end) {
            continue;
        }
        let Some((url, end)) = link_target(s, close + 2, &mut ends) else {
            continue;
        };
        let image = open > 0 && bytes[open - 1] == b'!';
        let start = if image { open - 1 } else { open };
        links.push(Link { start, end, text: (open + 1, close), url, image });
        from = end;
    }
    links
}

/// The `[` matching each `]` of `s` on the same paragraph, as `(close, open)` pairs in
/// order: one pass with a stack, where looking back from every `]` is quadratic.
fn bracket_pairs(s: &str) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'[' => open.push(i),
            b']' => {
                if let Some(o) = open.pop() {
                    pairs.push((i, o));
                }
            }
            // A blank line ends the paragraph: no link crosses it.
            b'\n' if s[..i].trim_end_matches([' ', '\t']).ends_with('\n') => open.clear(),
            _ => {}
        }
    }
    pairs
}

/// The characters that end the parts of a link target, searched in one text.
struct TargetEnds<'a> {
    paren: NextMatch<'a>,
    angle: NextMatch<'a>,
    newline: NextMatch<'a>,
}

/// The most nested parentheses a link target holds, as in CommonMark.
const TARGET_PARENS_MAX: usize = 32;

/// Reads a link target starting just after `(`; returns it and the offset past `)`.
fn link_target(s: &str, start: usize, ends: &mut TargetEnds<'_>) -> Option<(String, usize)> {
    let rest = &s[start..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let lead = rest.len() - trimmed.len();
    let (url, after) = if let Some(inner) = trimmed.strip_prefix('<') {
        let from = start + lead + 1;
        let end = match (ends.angle.at_or_after(from), ends.newline.at_or_after(from)) {
            (Some(a), Some(n)) => a.min(n),
            (a, n) => a.or(n)?,
        } - from;
        (inner[..end].to_owned(), start + lead + 1 + end + 1)
    } else {
        let mut depth = 0usize;
        let mut end = trimmed.len();
        for (i, c) in trimmed.char_indices() {
            if i > LINK_PART_MAX {
                return None;
            }
            match c {
                '(' if depth == TARGET_PARENS_MAX => return None,
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        (trimmed[..end].to_owned(), start + lead + end)
    };
    // An optional title ("…") may follow before the closing parenthesis.
    let close = ends.paren.at_or_after(after)? - after;
    if close > LINK_PART_MAX {
        return None;
    }
    let between = &s[after..after + close];
    if !between.trim().is_empty() && !(between.trim_start().starts_with(['"', '\'', '('])) {
        return None;
    }
    if between.contains("\n\n") {
        return None;
    }
    Some((url, after + close + 1))
}

/// Plain text made from Markdown, with where its links now sit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    /// The text: link texts kept, targets dropped; HTML tags, template tags, bare URLs and
    /// emphasis markers dropped; spaces (and, unless kept, line breaks) collapsed.
    pub text: String,
    /// Each link (and bare URL) with the byte range of its text in `text`.
    pub links: Vec<PlainLink>,
}

/// A link placed in plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainLink {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

struct PlainWriter {
    out: String,
    keep_newlines: bool,
}

impl PlainWriter {
    fn push(&mut self, c: char) {
        let space = c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}');
        if c == '\n' && self.keep_newlines {
            while self.out.ends_with(' ') {
                self.out.pop();
            }
            self.out.push('\n');
        } else if space {
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
        } else if !matches!(c, '*' | '_' | '`' | '[' | ']') {
            self.out.push(if c == '’' { '\'' } else { c });
        }
    }

    fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }
}

/// Turns Markdown into plain prose for searching dates, places and addresses. Fenced code
/// blocks are dropped; `keep_newlines` keeps line breaks (for paragraphs and headings).
pub fn plain(s: &str, keep_newlines: bool) -> Plain {
    let s = &drop_fenced_code(s);
    let links = markdown_links(s);
    let mut w = PlainWriter { out: String::with_capacity(s.len()), keep_newlines };
    let mut placed = Vec::new();
    let mut next_link = links.iter().peekable();
    let mut closers = Closers::new(s);
    let mut i = 0;
    while i < s.len() {
        if let Some(link) = next_link.peek()
            && link.start == i
        {
            let start = w.out.len();
            if !link.image {
                w.push_str(&decode_entities(&s[link.text.0..link.text.1]));
            }
            let text_end = w.out.trim_end().len();
            placed.push(PlainLink { start, end: text_end.max(start), url: link.url.clone() });
            i = link.end;
            next_link.next();
            continue;
        }
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if let Some(skip) = skip_markup(rest, i, &mut closers) {
            w.push(' ');
            i += skip;
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let raw_end = rest.find(|c: char| c.is_whitespace() || "<>\"')".contains(c)).unwrap_or(rest.len());
            // Sentence punctuation right after a bare URL is not part of it.
            let end = rest[..raw_end].trim_end_matches(['.', ',', ';', ':', '!', '?']).len();
            let at = w.out.len();
            placed.push(PlainLink { start: at, end: at, url: rest[..end].to_owned() });
            i += end;
        } else if c == '&' {
            let end = rest[..rest.floor_char_boundary(10)].find(';').map(|e| e + 1).unwrap_or(1);
            w.push_str(&decode_entities(&rest[..end]));
            i += end;
        } else {
            w.push(c);
            i += c.len_utf8();
        }
    }
    Plain { text: w.out, links: placed }
}

/// The closers of HTML comments and tags and of template tags, searched in one text.
pub struct Closers<'a> {
    comment: NextMatch<'a>,
    tag: NextMatch<'a>,
    statement: NextMatch<'a>,
    expression: NextMatch<'a>,
    note: NextMatch<'a>,
}

impl<'a> Closers<'a> {
    pub fn new(s: &'a str) -> Closers<'a> {
        Closers {
            comment: NextMatch::new(s, "-->"),
            tag: NextMatch::new(s, ">"),
            statement: NextMatch::new(s, "%}"),
            expression: NextMatch::new(s, "}}"),
            note: NextMatch::new(s, "#}"),
        }
    }

    /// The closer of `{%`, `{{` or `{#`.
    pub fn template(&mut self, opener: &str) -> &mut NextMatch<'a> {
        match opener {
            "{%" => &mut self.statement,
            "{{" => &mut self.expression,
            _ => &mut self.note,
        }
    }
}

/// Length of an HTML tag or comment, or of a template tag, at the start of `rest`, which
/// starts at byte `at` of the text of `closers`.
fn skip_markup(rest: &str, at: usize, closers: &mut Closers<'_>) -> Option<usize> {
    let (open, close, closer) = if rest.starts_with("<!--") {
        ("<!--", "-->", &mut closers.comment)
    } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
        ("<", ">", &mut closers.tag)
    } else if let Some(open) = ["{%", "{{", "{#"].into_iter().find(|o| rest.starts_with(o)) {
        let close = match open {
            "{%" => "%}",
            "{{" => "}}",
            _ => "#}",
        };
        (open, close, closers.template(open))
    } else {
        return None;
    };
    closer.at_or_after(at + open.len()).map(|e| e - at + close.len())
}

/// Decodes the few HTML entities posts use in prose.
pub fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}")
        .replace("&rsquo;", "’")
        .replace("&lsquo;", "‘")
        .replace("&laquo;", "«")
        .replace("&raquo;", "»")
        .replace("&#8211;", "–")
        .replace("&#8217;", "’")
        .replace("&#8230;", "…")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Blanks the content of fenced code blocks, keeping line breaks so line numbers hold.
pub fn drop_fenced_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut fence: Option<(char, usize)> = None;
    for line in s.split_inclusive('\n') {
        let (is_fence, marker) = fence_marker(line);
        match fence {
            Some((c, n)) => {
                if is_fence && marker.0 == c && marker.1 >= n && line.trim_start()[marker.1..].trim().is_empty() {
                    fence = None;
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None if is_fence => {
                fence = Some(marker);
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Whether a line opens or closes a fenced code block, with its fence character and length.
pub fn fence_marker(line: &str) -> (bool, (char, usize)) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim_start_matches(' ');
    for c in ['`', '~'] {
        let n = t.chars().take_while(|&x| x == c).count();
        if indent <= 3 && n >= 3 {
            return (true, (c, n));
        }
    }
    (false, (' ', 0))
}

/// Trims and collapses every run of ASCII white space (line breaks included) to one space.
/// No-break spaces are kept: French typography puts them before "!", "?", ":" and inside « ».
pub fn collapse_ws(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_across_lines_found_with_text_and_url() {
        let s = "au [Lieu\nde la Transformation\nPublique](https://osm.org/go/0BOdSvERD?node=9825094308), au 77";

        let links = markdown_links(s);

        assert_eq!(links.len(), 1);
        assert_eq!(&s[links[0].text.0..links[0].text.1], "Lieu\nde la Transformation\nPublique");
        assert_eq!(links[0].url, "https://osm.org/go/0BOdSvERD?node=9825094308");
        assert_eq!(&s[links[0].end..], ", au 77");
    }

    #[test]
    fn links_with_title_and_image_found() {
        let s = r#"[Inscrivez-vous](https://a.example/ "Titre") ![alt](./x.png)"#;

        let links = markdown_links(s);

        assert_eq!(
            links.iter().map(|l| (l.url.as_str(), l.image)).collect::<Vec<_>>(),
            [("https://a.example/", false), ("./x.png", true)]
        );
    }

    #[test]
    fn plain_drops_targets_tags_and_emphasis() {
        let s = "le **9 et 10 janvier** au [Lieu](https://osm.org/go/x) <br/>{% raw %}https://x.example/a, fin";

        let p = plain(s, false);

        assert_eq!(p.text, "le 9 et 10 janvier au Lieu , fin");
        assert_eq!(
            p.links,
            [
                PlainLink { start: 22, end: 26, url: "https://osm.org/go/x".into() },
                PlainLink { start: 27, end: 27, url: "https://x.example/a".into() },
            ]
        );
    }

    #[test]
    fn plain_skips_fenced_code() {
        let p = plain("avant\n```\nle 9 mars 2024\n```\naprès", true);

        assert_eq!(p.text, "avant\n\n\n\naprès");
    }
}
