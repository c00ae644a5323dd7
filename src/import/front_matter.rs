//! A3: reads the YAML front matter of a post, in the Eleventy shape (title, description,
//! date, image{path|src, alt, hide}, tags) and the older Jekyll shape (chapeau-text,
//! event_start_date, lieu, adresse, champs_informations, style), leniently: values may be
//! strings, numbers, booleans or dates, and unknown keys are ignored. Pure.

use super::ImportError;
use crate::domain::event::{EventLink, parse_email, parse_web_url};
use jiff::civil::{Date, Time};
use serde_json::{Map, Value};

/// The raw parts of a post file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// The 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Splits a post (BOM removed, line breaks normalised to `\n`) into front matter and body.
/// The front matter sits between two `---` lines (trailing spaces allowed; `...` also closes).
pub fn split(text: &str) -> Result<Split<'_>, ImportError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(ImportError::NoFrontMatter);
    }
    let yaml_start = first.len();
    let mut at = yaml_start;
    for (n, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok(Split { yaml: &text[yaml_start..at], body: &text[at + line.len()..], body_line: n + 3 });
        }
        at += line.len();
    }
    Err(ImportError::UnclosedFrontMatter)
}

/// A front-matter image, before its path is placed in the media folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImage {
    pub src: String,
    pub alt: Option<String>,
    pub hide: bool,
}

/// What the front matter says, as found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// `description`, or `chapeau-text` in the Jekyll shape.
    pub summary: Option<String>,
    /// The publication date (`date`).
    pub published: Option<Date>,
    /// `event_start_date`: the day, and the time unless it is midnight.
    pub event_start: Option<(Date, Option<Time>)>,
    pub event_end: Option<Date>,
    pub image: Option<RawImage>,
    pub tags: Vec<String>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_room: Option<String>,
    pub links: Vec<EventLink>,
    /// `draft: true`: the post was never published.
    pub draft: bool,
    /// An event date in a structured field (`event.date`, `event_date`, `moment`): the key,
    /// the first and last day, and the time unless midnight.
    pub structured_date: Option<(String, Date, Date, Option<Time>)>,
    /// A venue in a structured field (`event.location.name`, `place`, `location`): key, name.
    pub structured_venue: Option<(String, String)>,
    /// Hours in a structured field (a `champs_informations` entry `Horaires`, `horaires`):
    /// the key, the hours and the value as written.
    pub hours_field: Option<(String, (Time, Option<Time>), String)>,
}

/// Reads the front matter; `file` names the post in warnings, which give the line of the key.
pub fn read(yaml: &str, file: &str, warnings: &mut Vec<String>) -> Result<FrontMatter, ImportError> {
    let mut options = serde_saphyr::Options::default();
    // A key written twice is a slip, not a reason to refuse the post; the last one wins.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options.with_snippet = false;
    let value: Value = serde_saphyr::from_str_with_options(yaml, options)
        .map_err(|e| ImportError::Yaml(e.to_string().lines().next().unwrap_or("").trim().to_owned()))?;
    let map = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(ImportError::NotAMapping),
    };
    for (line, comment) in cut_comments(yaml) {
        warnings.push(format!("{file}:{line}: `{comment}` is a YAML comment and was left out of the value"));
    }
    let line = |key: &str| key_line(yaml, key);
    let mut warn = |key: &str, message: String| warnings.push(format!("{file}:{}: {message}", line(key)));
    let mut fm = FrontMatter {
        title: text(map.get("title")),
        summary: text(map.get("description")).or_else(|| text(map.get("chapeau-text"))),
        venue_name: text(map.get("lieu")),
        venue_address: text(map.get("adresse")),
        venue_room: text(map.get("salle")),
        draft: map.get("draft").and_then(boolean).unwrap_or(false),
        ..FrontMatter::default()
    };
    if let Some(v) = map.get("date") {
        fm.published = date_time(v).map(|d| d.0);
        if fm.published.is_none() {
            warn("date", format!("date `{}` not understood", scalar(v).unwrap_or_default()));
        }
    }
    if let Some(v) = map.get("event_start_date") {
        fm.event_start = date_time(v);
        if fm.event_start.is_none() {
            warn("event_start_date", format!("event_start_date `{}` not understood", scalar(v).unwrap_or_default()));
        }
    }
    fm.event_end = map.get("event_end_date").and_then(date_time).map(|d| d.0);
    fm.tags = match map.get("tags") {
        Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default(),
        None => Vec::new(),
    };
    fm.image = match map.get("image") {
        Some(Value::Object(img)) => {
            let src = text(img.get("path")).or_else(|| text(img.get("src")));
            if src.is_none() {
                warn("image", "image without `path` or `src` ignored".to_owned());
            }
            src.map(|src| RawImage {
                src,
                alt: text(img.get("alt")),
                hide: img.get("hide").and_then(boolean).unwrap_or(false),
            })
        }
        Some(v) => text(Some(v)).map(|src| RawImage {
            src,
            alt: text(map.get("image_alt")).or_else(|| text(map.get("alt"))),
            hide: false,
        }),
        None => None,
    };
    read_structured(&map, &mut fm);
    if let Some(items) = map.get("champs_informations") {
        for item in items.as_array().map(Vec::as_slice).unwrap_or_default() {
            let label = text(item.get("intitule")).unwrap_or_default();
            if is_hours_label(&label) && item.get("lien").is_none() {
                let content = text(item.get("contenu")).unwrap_or_default();
                match super::dates::parse_hours(&content) {
                    Some(h) => fm.hours_field = Some((format!("champs_informations: {label}"), h, content)),
                    None => warn("champs_informations", format!("hours `{content}` not understood")),
                }
                continue;
            }
            match information_link(item) {
                Ok(link) => fm.links.push(link),
                Err(why) => warn("champs_informations", why),
            }
        }
    }
    if map.contains_key("style") {
        warn("style", "front-matter CSS `style` dropped".to_owned());
    }
    Ok(fm)
}

/// Whether a field label names the hours ("Horaires", "Heures", "Horaire").
fn is_hours_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    l.starts_with("horaire") || l.starts_with("heure")
}

/// The event date, venue and hours that some themes keep in their own keys: a nested
/// `event:` map (`date`, `end_date`, `location.name`), `event_date`, `moment` (written
/// French), `place`, `location`, `venue`, `horaires`.
fn read_structured(map: &Map<String, Value>, fm: &mut FrontMatter) {
    let event = map.get("event").and_then(Value::as_object);
    let nested = |key: &str| event.and_then(|e| e.get(key));
    let date_keys: [(&str, Option<&Value>); 4] = [
        ("event.date", nested("date").or_else(|| nested("start_date"))),
        ("event_date", map.get("event_date")),
        ("moment", map.get("moment")),
        ("quand", map.get("quand")),
    ];
    for (key, v) in date_keys {
        let Some(v) = v else { continue };
        let raw = scalar(v).unwrap_or_default();
        let found = match date_time(v) {
            Some((d, t)) if raw.trim().len() >= 10 && raw.as_bytes()[4] == b'-' => Some((d, d, t)),
            _ => super::dates::parse_written_range(&raw).map(|(a, b)| (a, b, None)),
        };
        if let Some((start, end, time)) = found {
            let end = nested("end_date").and_then(date_time).map(|d| d.0).filter(|e| *e >= start).unwrap_or(end);
            fm.structured_date = Some((key.to_owned(), start, end, time));
            break;
        }
    }
    let location = nested("location");
    let venue_keys: [(&str, Option<&Value>); 5] = [
        ("event.location.name", location.and_then(|l| l.get("name")).or(location)),
        ("place", map.get("place")),
        ("location", map.get("location").and_then(|l| l.get("name").or(Some(l)))),
        ("venue", map.get("venue").and_then(|l| l.get("name").or(Some(l)))),
        ("lieu_nom", map.get("lieu_nom")),
    ];
    fm.structured_venue = venue_keys.into_iter().find_map(|(key, v)| text(v).map(|name| (key.to_owned(), name)));
    if let Some(raw) = text(map.get("horaires"))
        && let Some(h) = super::dates::parse_hours(&raw)
    {
        fm.hours_field = Some(("horaires".to_owned(), h, raw));
    }
}

/// One `champs_informations` entry (`intitule`, `contenu`, `lien`) as a link; only mailto:
/// and http(s) targets are kept.
fn information_link(item: &Value) -> Result<EventLink, String> {
    let label = text(item.get("intitule")).unwrap_or_default();
    let link_text = text(item.get("contenu")).unwrap_or_default();
    let Some(url) = text(item.get("lien")) else {
        return Err(format!("link `{label}` without `lien` dropped"));
    };
    let lower = url.to_ascii_lowercase();
    let ok = match lower.strip_prefix("mailto:") {
        Some(_) => parse_email(url[7..].split('?').next().unwrap_or("")).is_ok(),
        None => parse_web_url(&url).is_ok(),
    };
    if !ok {
        return Err(format!("link `{label}` to `{url}` dropped: only mailto: and http(s) links are kept"));
    }
    Ok(EventLink { label, text: link_text, url })
}

/// Unquoted values that YAML cuts at ` #` ("la page #BlueHats du site" keeps "la page"):
/// the file line and the part left out. Eleventy and Jekyll cut them too, so the value is
/// kept as the site showed it, but the author should know.
fn cut_comments(yaml: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut block_indent: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(i) = block_indent {
            if line.trim().is_empty() || indent > i {
                continue;
            }
            block_indent = None;
        }
        let entry = line.trim_start().trim_start_matches("- ");
        let Some((key, value)) = entry.split_once(": ") else {
            continue;
        };
        let value = value.trim_start();
        if key.contains(' ') || key.starts_with('#') {
            continue;
        }
        if value.starts_with(['|', '>']) {
            block_indent = Some(indent);
            continue;
        }
        if value.starts_with(['\'', '"', '[', '{', '#']) {
            continue;
        }
        if let Some(at) = value.find(" #") {
            out.push((n + 2, value[at + 1..].trim_end().to_owned()));
        }
    }
    out
}

/// The 1-based file line of a top-level key (the front matter starts on line 2), or 1.
pub fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines().position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))).map_or(1, |n| n + 2)
}

/// A scalar as text: strings, numbers and booleans alike.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A scalar as trimmed text with white space collapsed; `None` when empty.
fn text(v: Option<&Value>) -> Option<String> {
    let s = super::text::collapse_ws(&scalar(v?)?);
    (!s.is_empty()).then_some(s)
}

/// A YAML boolean, written any common way (`True`, `false`, `yes`, `no`, `1`, `0`).
fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "oui" | "1" => Some(true),
            "false" | "no" | "off" | "non" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A date with maybe a time: `2023-11-18`, `2021-10-01 10:44:00 +02:00`,
/// `2021-10-01T10:44Z`, or French prose ("9 novembre 2021"). The date and time are read as
/// written: a post's dates are local to the site, whatever offset its generator appended.
/// A midnight time means no time.
pub fn date_time(v: &Value) -> Option<(Date, Option<Time>)> {
    let s = scalar(v)?;
    let s = s.trim();
    let iso = s.get(..10).and_then(|d| {
        let mut parts = d.split('-');
        let y: i16 = parts.next()?.parse().ok()?;
        let m: i8 = parts.next()?.parse().ok()?;
        let day: i8 = parts.next()?.parse().ok()?;
        Date::new(y, m, day).ok()
    });
    let Some(date) = iso else {
        return super::dates::parse_written_date(s).map(|d| (d, None));
    };
    let rest = s[10..].trim_start_matches(['T', 't', ' ']);
    let time = rest.get(..5).and_then(|t| {
        let (h, m) = t.split_once(':')?;
        Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
    });
    Some((date, time.filter(|t| *t != Time::midnight())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn read_ok(yaml: &str) -> (FrontMatter, Vec<String>) {
        let mut warnings = Vec::new();
        let fm = read(yaml, "p.md", &mut warnings).unwrap();
        (fm, warnings)
    }

    #[test]
    fn split_tolerates_trailing_spaces_and_finds_body_line() {
        let s = split("---  \ntitle: A\n---\t\n\nCorps\n").unwrap();

        assert_eq!(s, Split { yaml: "title: A\n", body: "\nCorps\n", body_line: 4 });
    }

    #[test]
    fn split_without_opening_line_is_refused() {
        assert_eq!(split("# Titre\n"), Err(ImportError::NoFrontMatter));
        assert_eq!(split("---\ntitle: A\n"), Err(ImportError::UnclosedFrontMatter));
    }

    #[test]
    fn eleventy_shape_read() {
        let (fm, warnings) = read_ok(
            "title: \"Garagethon\"\ndescription: \"Appel  aux\n  équipes\"\ndate: 2023-11-18\nimage:\n  path: ./a.png\n  alt: \"Illustration\"\n  hide: False\ntags: bluehats\n",
        );

        assert_eq!(fm.title.as_deref(), Some("Garagethon"));
        assert_eq!(fm.summary.as_deref(), Some("Appel aux équipes"));
        assert_eq!(fm.published, Some(date(2023, 11, 18)));
        assert_eq!(fm.image, Some(RawImage { src: "./a.png".into(), alt: Some("Illustration".into()), hide: false }));
        assert_eq!(fm.tags, ["bluehats"]);
        assert_eq!(warnings, Vec::<String>::new());
    }

    #[test]
    fn eleventy_image_src_and_tag_list_read() {
        let (fm, _) = read_ok("title: T\nimage:\n  src: ./b.jpg\n  hide: yes\ntags:\n  - BlueHats\n  - rencontre\n");

        assert_eq!(fm.image, Some(RawImage { src: "./b.jpg".into(), alt: None, hide: true }));
        assert_eq!(fm.tags, ["BlueHats", "rencontre"]);
    }

    #[test]
    fn hide_spellings_read() {
        for (written, expected) in
            [("True", true), ("true", true), ("yes", true), ("False", false), ("no", false), ("\"True\"", true)]
        {
            let (fm, _) = read_ok(&format!("title: T\nimage:\n  path: a.png\n  hide: {written}\n"));

            assert_eq!(fm.image.map(|i| i.hide), Some(expected), "{written}");
        }
    }

    #[test]
    fn jekyll_shape_read_with_links_and_style_warning() {
        let yaml = "title: 'Journée'\ndate: 2021-10-01 10:44:00 +02:00\nchapeau-text: La communauté\n  vous donne rendez-vous.\nevent_start_date: 2021-11-09 00:00:00 +01:00\nlieu: Palais des congrès - Paris\nadresse: 2 place de la porte Maillot, 75017 Paris\nchamps_informations:\n- intitule: Proposer\n  contenu: Par courriel\n  lien: mailto:a@data.gouv.fr\n- intitule: Consulter\n  contenu: \" le programme\"\n  lien: https://github.com/x/\n- intitule: Appeler\n  contenu: Par téléphone\n  lien: tel:+33100000000\nstyle: |-\n  .button { color: white; }\n";

        let (fm, warnings) = read_ok(yaml);

        assert_eq!(fm.published, Some(date(2021, 10, 1)));
        assert_eq!(fm.summary.as_deref(), Some("La communauté vous donne rendez-vous."));
        assert_eq!(fm.event_start, Some((date(2021, 11, 9), None)));
        assert_eq!(fm.venue_name.as_deref(), Some("Palais des congrès - Paris"));
        assert_eq!(fm.venue_address.as_deref(), Some("2 place de la porte Maillot, 75017 Paris"));
        assert_eq!(
            fm.links,
            [
                EventLink {
                    label: "Proposer".into(),
                    text: "Par courriel".into(),
                    url: "mailto:a@data.gouv.fr".into()
                },
                EventLink {
                    label: "Consulter".into(),
                    text: "le programme".into(),
                    url: "https://github.com/x/".into()
                },
            ]
        );
        assert_eq!(
            warnings,
            [
                "p.md:9: link `Appeler` to `tel:+33100000000` dropped: only mailto: and http(s) links are kept",
                "p.md:19: front-matter CSS `style` dropped",
            ]
        );
    }

    #[test]
    fn unquoted_value_cut_by_comment_warned() {
        let (fm, warnings) = read_ok(
            "title: T\nimage:\n  path: a.png\n  alt: Illustration de la page #BlueHats du site.\n  hide: True\nstyle: |-\n  a { b: c #fff }\ntags: bluehats # a real comment\n",
        );

        assert_eq!(fm.image.and_then(|i| i.alt).as_deref(), Some("Illustration de la page"));
        assert_eq!(
            warnings,
            [
                "p.md:5: `#BlueHats du site.` is a YAML comment and was left out of the value",
                "p.md:9: `# a real comment` is a YAML comment and was left out of the value",
                "p.md:7: front-matter CSS `style` dropped",
            ]
        );
    }

    #[test]
    fn dates_in_many_shapes_read() {
        let s = |v: &str| date_time(&Value::String(v.into()));

        assert_eq!(s("2023-11-18"), Some((date(2023, 11, 18), None)));
        assert_eq!(s("2021-10-01 10:44:00 +02:00"), Some((date(2021, 10, 1), Some(time(10, 44, 0, 0)))));
        assert_eq!(s("2021-11-09T14:00:00Z"), Some((date(2021, 11, 9), Some(time(14, 0, 0, 0)))));
        assert_eq!(s("2021-11-09 00:00:00 +01:00"), Some((date(2021, 11, 9), None)));
        assert_eq!(s("9 novembre 2021"), Some((date(2021, 11, 9), None)));
        assert_eq!(s("demain"), None);
    }

    #[test]
    fn unknown_keys_and_numbers_accepted() {
        let (fm, _) = read_ok("title: 2024\nlayout: post\npermalink: /x/\neleventyNavigation: {key: a}\n");

        assert_eq!(fm.title.as_deref(), Some("2024"));
    }

    #[test]
    fn invalid_yaml_refused_with_reason() {
        let mut warnings = Vec::new();

        let r = read("title: Foo: bar\n", "p.md", &mut warnings);

        assert_eq!(
            r,
            Err(ImportError::Yaml("mapping values are not allowed in this context at line 1, column 11".into()))
        );
    }

    #[test]
    fn list_front_matter_refused() {
        let mut warnings = Vec::new();

        assert_eq!(read("- a\n- b\n", "p.md", &mut warnings), Err(ImportError::NotAMapping));
    }
}
