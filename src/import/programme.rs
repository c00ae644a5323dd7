//! D1: reads a programme from a YAML file (the seeds' "programme indicatif", a bench
//! fixture, a programme prepared in a text editor) into an [`ImportPlan`] for the draft, and
//! writes a draft back in the same format ([`to_yaml`]) so that it can be edited and
//! imported again with its ids. Pure: the caller reads and writes the files.
//!
//! ```yaml
//! rooms:
//!   - { name: "Salle 1", capacity: 40, accessibility: "Accessible en fauteuil", opens: "09:00", closes: "18:00" }
//! tracks:
//!   - { name: "Communs numériques", colour: "#000091" }
//! items:
//!   - id: 1                      # optional: keeps an item's identity across imports
//!     kind: welcome              # talk, workshop, break, meal, welcome, plenary, text
//!     title: "Accueil et café"
//!     start: "2024-01-09 09:00"  # Europe/Paris
//!     minutes: 30
//!     room: "Salle 1"            # optional: none means everyone
//!     track: "Communs numériques"
//!     speakers: ["Anne Martin"]
//!     format_max_minutes: 20     # optional: the longest the talk's format allows
//! contacts:                      # optional: speakers' addresses, for change notices only
//!   "Anne Martin": "anne.martin@example.org"
//! ```

use crate::domain::programme::{Colour, ImportPlan, Invalid, ItemInput, ItemKind, PlannedItem, Programme, RoomInput};
use jiff::civil::{DateTime, Time};
use serde::Deserialize;

/// Why a programme file was refused; the message names the place and is French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgrammeFileError {
    #[error("Fichier de programme illisible, {0}")]
    Syntax(String),
    #[error("{place} : {invalid}")]
    Invalid { place: String, invalid: Invalid },
    #[error("contact de {0} : adresse électronique invalide")]
    Email(String),
    #[error("{place} : heure illisible « {value} » (attendu AAAA-MM-JJ HH:MM ou HH:MM)")]
    Time { place: String, value: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rooms: Vec<RoomLine>,
    #[serde(default)]
    tracks: Vec<TrackLine>,
    #[serde(default)]
    items: Vec<ItemLine>,
    #[serde(default)]
    contacts: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomLine {
    name: String,
    capacity: Option<u32>,
    accessibility: Option<String>,
    opens: Option<String>,
    closes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackLine {
    name: String,
    colour: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemLine {
    id: Option<i64>,
    kind: String,
    title: String,
    #[serde(default)]
    summary: String,
    start: String,
    minutes: u32,
    room: Option<String>,
    track: Option<String>,
    #[serde(default)]
    speakers: Vec<String>,
    proposal_id: Option<i64>,
    format_max_minutes: Option<u32>,
}

/// A syntax or shape error of the file in French, with its line (issue 19): the common
/// cases are translated, the parser's own words follow the others.
fn syntax_fr(e: &serde_saphyr::Error) -> String {
    let raw = e.to_string();
    let first = raw.lines().next().unwrap_or("").to_owned();
    let field = |marker: &str| first.split(marker).nth(1).and_then(|r| r.split('`').next()).map(str::to_owned);
    let what = if first.contains("missing field") {
        field("missing field `").map_or(first.clone(), |f| format!("le champ « {f} » manque"))
    } else if first.contains("unknown field") {
        field("unknown field `").map_or(first.clone(), |f| format!("le champ « {f} » est inconnu"))
    } else if first.contains("invalid type") {
        format!("une valeur n’a pas le type attendu ({first})")
    } else {
        first.clone()
    };
    match e.location() {
        Some(at) => format!("ligne {}, colonne {} : {what}", at.line(), at.column()),
        None => what,
    }
}

/// « élément 3 (ligne 12) »: the `n`-th entry of `section`, with the line where its `- `
/// starts when the file is laid out one entry per list item (block style).
fn place_fr(yaml: &str, section: &str, noun: &str, n: usize) -> String {
    let mut in_section = false;
    let mut indent: Option<usize> = None;
    let mut seen = 0;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        let depth = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if depth == 0 && !trimmed.starts_with('-') {
            in_section = trimmed.split(':').next() == Some(section);
            indent = None;
            continue;
        }
        if in_section && trimmed.starts_with('-') && indent.is_none_or(|d| d == depth) {
            indent = Some(depth);
            if seen == n {
                return format!("{noun} {} (ligne {})", n + 1, i + 1);
            }
            seen += 1;
        }
    }
    format!("{noun} {}", n + 1)
}

fn time(place: &str, s: &str) -> Result<Time, ProgrammeFileError> {
    s.trim().parse().map_err(|_| ProgrammeFileError::Time { place: place.into(), value: s.into() })
}

fn datetime(place: &str, s: &str) -> Result<DateTime, ProgrammeFileError> {
    s.trim()
        .replacen(' ', "T", 1)
        .parse()
        .map_err(|_| ProgrammeFileError::Time { place: place.into(), value: s.into() })
}

/// Parses a YAML programme; refuses unknown keys, kinds, colours and unreadable times,
/// naming the line's place ("élément 3", "salle 2").
pub fn parse(yaml: &str) -> Result<ImportPlan, ProgrammeFileError> {
    let file: File = serde_saphyr::from_str(yaml).map_err(|e| ProgrammeFileError::Syntax(syntax_fr(&e)))?;
    let invalid = |place: String| move |invalid| ProgrammeFileError::Invalid { place: place.clone(), invalid };
    let mut plan = ImportPlan::default();
    for (n, r) in file.rooms.into_iter().enumerate() {
        let place = place_fr(yaml, "rooms", "salle", n);
        plan.rooms.push(RoomInput {
            name: r.name,
            capacity: r.capacity,
            accessibility: r.accessibility,
            opens: r.opens.as_deref().map(|s| time(&place, s)).transpose()?,
            closes: r.closes.as_deref().map(|s| time(&place, s)).transpose()?,
        });
    }
    for (name, email) in file.contacts {
        let email = crate::domain::event::parse_email(&email).map_err(|_| ProgrammeFileError::Email(name.clone()))?;
        plan.contacts.insert(name.trim().to_owned(), email);
    }
    for (n, t) in file.tracks.into_iter().enumerate() {
        let colour = Colour::parse(&t.colour).map_err(invalid(place_fr(yaml, "tracks", "thème", n)))?;
        plan.tracks.push((t.name, colour));
    }
    for (n, i) in file.items.into_iter().enumerate() {
        let place = place_fr(yaml, "items", "élément", n);
        let kind = ItemKind::parse(&i.kind).map_err(invalid(place.clone()))?;
        let input = ItemInput {
            kind,
            title: i.title,
            summary: i.summary,
            start: datetime(&place, &i.start)?,
            minutes: i.minutes,
            room_id: None,
            track_id: None,
            speakers: i.speakers,
            proposal_id: i.proposal_id,
            format_max_minutes: i.format_max_minutes,
        }
        .validate()
        .map_err(invalid(place.clone()))?;
        plan.items.push(PlannedItem { id: i.id, room: i.room, track: i.track, input });
    }
    Ok(plan)
}

/// A YAML scalar: JSON's double-quoted strings are YAML, once the characters JSON leaves
/// raw but YAML refuses (DEL, C1 controls, U+FFFE/FFFF) or reads as line breaks in YAML 1.1
/// (U+0085, U+2028, U+2029) and the byte order mark are escaped too.
fn q(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let raw_in_yaml =
        |c: char| !matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}');
    if json.chars().all(raw_in_yaml) {
        return json;
    }
    json.chars().map(|c| if raw_in_yaml(c) { c.to_string() } else { format!("\\u{:04X}", u32::from(c)) }).collect()
}

/// Writes a programme in the import format, items with their ids, so that importing the
/// result gives the same programme back.
pub fn to_yaml(p: &Programme) -> String {
    // An empty list is written `[]`: a bare `key:` would be null, not an empty list.
    let mut out = String::from(if p.rooms.is_empty() { "rooms: []\n" } else { "rooms:\n" });
    for r in &p.rooms {
        out.push_str(&format!("  - {{ name: {}", q(&r.name)));
        if let Some(c) = r.capacity {
            out.push_str(&format!(", capacity: {c}"));
        }
        if let Some(a) = &r.accessibility {
            out.push_str(&format!(", accessibility: {}", q(a)));
        }
        if let Some(t) = r.opens {
            out.push_str(&format!(", opens: \"{}\"", t.strftime("%H:%M")));
        }
        if let Some(t) = r.closes {
            out.push_str(&format!(", closes: \"{}\"", t.strftime("%H:%M")));
        }
        out.push_str(" }\n");
    }
    out.push_str(if p.tracks.is_empty() { "tracks: []\n" } else { "tracks:\n" });
    for t in &p.tracks {
        out.push_str(&format!("  - {{ name: {}, colour: \"{}\" }}\n", q(&t.name), t.colour));
    }
    out.push_str(if p.items.is_empty() { "items: []\n" } else { "items:\n" });
    for i in &p.items {
        out.push_str(&format!(
            "  - {{ id: {}, kind: {}, title: {}, start: \"{}\", minutes: {}",
            i.id,
            i.kind.as_str(),
            q(&i.title),
            i.start.strftime("%Y-%m-%d %H:%M"),
            i.minutes
        ));
        if let Some(room) = i.room_id.and_then(|r| p.room(r)) {
            out.push_str(&format!(", room: {}", q(&room.name)));
        }
        if let Some(track) = i.track_id.and_then(|t| p.track(t)) {
            out.push_str(&format!(", track: {}", q(&track.name)));
        }
        if !i.speakers.is_empty() {
            let names: Vec<String> = i.speakers.iter().map(|s| q(s)).collect();
            out.push_str(&format!(", speakers: [{}]", names.join(", ")));
        }
        if !i.summary.is_empty() {
            out.push_str(&format!(", summary: {}", q(&i.summary)));
        }
        if let Some(id) = i.proposal_id {
            out.push_str(&format!(", proposal_id: {id}"));
        }
        if let Some(max) = i.format_max_minutes {
            out.push_str(&format!(", format_max_minutes: {max}"));
        }
        out.push_str(" }\n");
    }
    if !p.contacts.is_empty() {
        out.push_str("contacts:\n");
        for (name, email) in &p.contacts {
            out.push_str(&format!("  {}: {}\n", q(name), q(email)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parse_reads_rooms_tracks_and_items() {
        let yaml = "rooms:\n  - { name: Salle 1, capacity: 40, opens: \"09:00\" }\ntracks:\n  - { name: Communs, colour: \"#000091\" }\nitems:\n  - { id: 4, kind: talk, title: Ouverture, start: \"2024-01-09 09:30\", minutes: 20, room: Salle 1, track: Communs, speakers: [Anne] }\n";

        let plan = parse(yaml).unwrap();

        assert_eq!(plan.rooms[0].name, "Salle 1");
        assert_eq!(plan.rooms[0].capacity, Some(40));
        assert_eq!(plan.rooms[0].opens, Some(Time::constant(9, 0, 0, 0)));
        assert_eq!(plan.tracks, vec![("Communs".to_owned(), Colour(0, 0, 0x91))]);
        let item = &plan.items[0];
        assert_eq!((item.id, item.room.as_deref(), item.track.as_deref()), (Some(4), Some("Salle 1"), Some("Communs")));
        assert_eq!(item.input.start, date(2024, 1, 9).at(9, 30, 0, 0));
        assert_eq!(item.input.speakers, vec!["Anne".to_owned()]);
    }

    #[test]
    fn parse_refuses_off_grid_duration_with_its_place() {
        let yaml = "items:\n  - { kind: talk, title: A, start: \"2024-01-09 09:30\", minutes: 20 }\n  - { kind: talk, title: B, start: \"2024-01-09 10:00\", minutes: 7 }\n";

        let err = parse(yaml).unwrap_err();

        assert_eq!(
            err.to_string(),
            "élément 2 (ligne 3) : La durée doit être un multiple de 5 minutes, entre 5 minutes et 24 heures."
        );
    }

    #[test]
    fn to_yaml_then_parse_gives_the_same_draft_back() {
        use crate::domain::programme::Draft;
        let yaml = "rooms:\n  - { name: \"Salle « 1 »\", capacity: 40, accessibility: \"Rampe: oui\", opens: \"09:00\", closes: \"18:00\" }\ntracks:\n  - { name: Communs, colour: \"#000091\" }\nitems:\n  - { id: 4, kind: talk, title: \"Ouverture : \\\"libre\\\"\", start: \"2024-01-09 09:30\", minutes: 20, room: \"Salle « 1 »\", track: Communs, speakers: [Anne, \"Paul, dit Polo\"], summary: \"Deux\\nlignes\", format_max_minutes: 20 }\n  - { kind: meal, title: Déjeuner, start: \"2024-01-09 12:30\", minutes: 90 }\ncontacts:\n  Anne: anne@example.org\n";
        let mut first = Draft::default();
        first.replace(parse(yaml).unwrap()).unwrap();

        let written = to_yaml(&first.programme);
        let mut second = Draft::default();
        second.replace(parse(&written).unwrap()).unwrap();

        assert_eq!(second.programme, first.programme);
        assert_eq!(first.programme.items[0].speakers, vec!["Anne".to_owned(), "Paul, dit Polo".to_owned()]);
        assert_eq!(first.programme.items[0].summary, "Deux\nlignes");
        assert_eq!(first.programme.contacts.get("Anne").map(String::as_str), Some("anne@example.org"));
    }

    #[test]
    fn parse_refuses_a_bad_contact_address() {
        let err = parse("contacts:\n  Anne: pas-une-adresse\n").unwrap_err();

        assert_eq!(err.to_string(), "contact de Anne : adresse électronique invalide");
    }

    #[test]
    fn to_yaml_of_an_empty_programme_parses_back_empty() {
        let written = to_yaml(&Programme::default());

        let plan = parse(&written).unwrap();

        assert_eq!(written, "rooms: []\ntracks: []\nitems: []\n");
        assert_eq!((plan.rooms.len(), plan.tracks.len(), plan.items.len()), (0, 0, 0));
    }

    #[test]
    fn syntax_errors_are_french_with_their_line() {
        let missing = "items:\n  - { kind: talk, start: \"2024-01-09 09:30\", minutes: 20 }\n";
        let unknown = "rooms:\n  - name: Salle 1\n    etage: 2\n";

        let missing = parse(missing).unwrap_err().to_string();
        let unknown = parse(unknown).unwrap_err().to_string();

        assert!(missing.starts_with("Fichier de programme illisible, ligne 2, colonne "), "{missing}");
        assert!(missing.ends_with("le champ « title » manque"), "{missing}");
        assert!(unknown.starts_with("Fichier de programme illisible, ligne 3, colonne "), "{unknown}");
        assert!(unknown.ends_with("le champ « etage » est inconnu"), "{unknown}");
    }

    #[test]
    fn parse_refuses_unknown_kind() {
        let yaml = "items:\n  - { kind: concert, title: A, start: \"2024-01-09 09:30\", minutes: 20 }\n";

        assert_eq!(parse(yaml).unwrap_err().to_string(), "élément 1 (ligne 2) : Type d'élément inconnu : concert.");
    }

    const YAML_PIECES: &[&str] = &[
        "rooms:",
        "tracks:",
        "items:",
        "contacts:",
        "\n",
        "\n  - ",
        "  ",
        "- ",
        "{ ",
        " }",
        "[",
        "]",
        ", ",
        ": ",
        "name: ",
        "capacity: ",
        "opens: ",
        "closes: ",
        "colour: ",
        "\"#000091\"",
        "id: ",
        "kind: ",
        "talk",
        "meal",
        "title: ",
        "start: ",
        "\"2024-01-09 09:30\"",
        "\"25:99\"",
        "minutes: ",
        "20",
        "7",
        "-1",
        "4294967296",
        "room: ",
        "track: ",
        "speakers: ",
        "&a ",
        "*a",
        "\"",
        "'",
        "é",
        "~",
        "null",
        "!!binary ",
        "|",
        ">",
    ];

    /// A draft's plan with names of any characters (the ones YAML cannot hold raw too).
    fn any_plan() -> impl proptest::strategy::Strategy<Value = ImportPlan> {
        use crate::domain::programme::PlannedItem;
        use proptest::prelude::*;
        let name = || prop_oneof![crate::properties::any_text(10), "[A-Za-zé ]{1,10}"];
        let room = (
            name(),
            proptest::option::of(0u32..500),
            proptest::option::of(name()),
            proptest::option::of((6i8..12, 13i8..22)),
        )
            .prop_map(|(name, capacity, accessibility, hours)| RoomInput {
                name,
                capacity,
                accessibility,
                opens: hours.map(|h| Time::constant(0, 0, 0, 0).with().hour(h.0).build().unwrap()),
                closes: hours.map(|h| Time::constant(0, 0, 0, 0).with().hour(h.1).build().unwrap()),
            });
        let item = (
            proptest::option::of(1i64..50),
            proptest::sample::select(ItemKind::ALL.to_vec()),
            name(),
            0i8..23,
            0i8..12,
            1u32..40,
            0usize..4,
            proptest::collection::vec(name(), 0..3),
            name(),
            any::<bool>(),
        );
        (
            proptest::collection::vec(room, 0..3),
            proptest::collection::vec(name(), 0..2),
            proptest::collection::vec(item, 0..5),
            proptest::collection::btree_map(name(), "[a-z]{1,5}@[a-z]{1,5}\\.fr", 0..2),
        )
            .prop_map(|(rooms, tracks, items, contacts)| {
                let room_names: Vec<String> = rooms.iter().map(|r| r.name.clone()).collect();
                let items = items
                    .into_iter()
                    .filter_map(|(id, kind, title, h, m, minutes, room, speakers, summary, tracked)| {
                        let input = ItemInput {
                            kind,
                            title,
                            summary,
                            start: jiff::civil::date(2024, 1, 9).at(h, m * 5, 0, 0),
                            minutes: minutes * 5,
                            room_id: None,
                            track_id: None,
                            speakers,
                            proposal_id: None,
                            format_max_minutes: None,
                        }
                        .validate()
                        .ok()?;
                        let track = tracked.then(|| tracks.first().cloned()).flatten();
                        Some(PlannedItem { id, room: room_names.get(room).cloned(), track, input })
                    })
                    .collect();
                // The parser trims contact names: a plan never holds an untrimmed one.
                let contacts = contacts.into_iter().map(|(n, e): (String, String)| (n.trim().to_owned(), e)).collect();
                ImportPlan {
                    rooms,
                    tracks: tracks.into_iter().map(|t| (t, Colour(0, 0, 0x91))).collect(),
                    items,
                    contacts,
                }
            })
    }

    proptest::proptest! {
        #![proptest_config(crate::properties::config(128))]

        #[test]
        fn parse_any_text_never_panics(s in crate::properties::any_text(300)) {
            let _ = parse(&s);
        }

        #[test]
        fn parse_yaml_like_text_never_panics(s in crate::properties::text_of(YAML_PIECES, 80)) {
            let _ = crate::properties::within(std::time::Duration::from_secs(2), "programme YAML", || parse(&s))?;
        }

        #[test]
        fn exported_draft_imports_back_equal(plan in any_plan()) {
            use crate::domain::programme::Draft;
            let mut first = Draft::default();
            // A plan the draft refuses (two rooms of one name, overlaps) is not exported.
            if first.replace(plan).is_err() { return Ok(()) }

            let written = to_yaml(&first.programme);
            let mut second = Draft::default();
            let plan = parse(&written).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}: {written}")))?;
            second.replace(plan).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e:?}: {written}")))?;

            proptest::prop_assert_eq!(second.programme, first.programme);
        }
    }
}
