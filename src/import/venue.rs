//! A3: finds the venue stated in a post's prose: an OpenStreetMap link, the place's name,
//! a French street address ("77 avenue de Ségur 75015 Paris") and a room ("en salle 223M").
//! Pure.

use super::text::{self, PlainLink};
use crate::domain::event::{Venue, parse_web_url};

/// Street types that follow the number of a French address.
const STREET_TYPES: [&str; 28] = [
    "rue",
    "montée",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "bld",
    "place",
    "quai",
    "allée",
    "allee",
    "chemin",
    "impasse",
    "cours",
    "route",
    "square",
    "esplanade",
    "parvis",
    "passage",
    "rond-point",
    "cité",
    "cite",
    "villa",
    "voie",
    "promenade",
    "faubourg",
    "sentier",
    "mail",
];

/// Whether a word is a French street type (« rue », « montée », « quai »…), in lower case.
pub fn is_street_type(word: &str) -> bool {
    STREET_TYPES.contains(&word)
}

/// Link texts that point at a map rather than name a place ("le lieu sur une carte").
const MAP_WORDS: [&str; 7] = ["carte", "plan", "map", "ici", "here", "openstreetmap", "osm"];

/// How far before a postcode the street number may be, in bytes.
const STREET_SPAN: usize = 90;

/// Words that introduce a room.
const ROOM_WORDS: [&str; 4] = ["salle", "amphithéâtre", "amphi", "room"];

/// Returns whether a URL is an OpenStreetMap link: osm.org short links (`/go/…`) or
/// openstreetmap.org pages (`?mlat=…`, `#map=…`, `/node/…`).
pub fn is_osm_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    matches!(host, "osm.org" | "openstreetmap.org" | "openstreetmap.fr")
}

/// Finds what the prose says about the venue; every field is `None` when not stated.
pub fn find_venue(markdown: &str) -> Venue {
    let plain = text::plain(markdown, false);
    let osm = plain.links.iter().find(|l| is_osm_url(&l.url) && parse_web_url(&l.url).is_ok());
    let address = find_address(&plain.text);
    let name = osm
        .and_then(|l| place_name(&plain.text, l))
        .or_else(|| address.and_then(|(start, _)| name_before(&plain.text, &plain.links, start)));
    Venue {
        name,
        address: address.map(|(s, e)| plain.text[s..e].trim_end_matches([',', '.']).to_owned()),
        room: find_room(&plain.text),
        osm_url: osm.map(|l| l.url.clone()),
    }
}

/// The link text when it names a place, with its first letter in capitals.
fn place_name(plain: &str, link: &PlainLink) -> Option<String> {
    let name = text::collapse_ws(&plain[link.start..link.end]);
    let lower = name.to_lowercase();
    let is_map = lower.split(|c: char| !c.is_alphanumeric()).any(|w| MAP_WORDS.contains(&w));
    if name.is_empty() || is_map || name.contains("://") || name.chars().count() > 120 {
        return None;
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A link right before the address ("au [lieu](…), 77 avenue…") names the place.
fn name_before(plain: &str, links: &[PlainLink], address_start: usize) -> Option<String> {
    let link = links.iter().rev().find(|l| l.end <= address_start && l.end > l.start)?;
    let between = plain[link.end..address_start].trim_matches(|c: char| c.is_whitespace() || c == ',');
    let joined = matches!(between, "" | "au" | "à" | "situé au" | "située au");
    if !joined {
        return None;
    }
    place_name(plain, link)
}

/// The byte range of a French street address: number, street type, street, postcode, city.
fn find_address(plain: &str) -> Option<(usize, usize)> {
    let bytes = plain.as_bytes();
    let mut from = 0;
    while from < bytes.len() {
        let i = from + plain[from..].find(|c: char| c.is_ascii_digit())?;
        let run = plain[i..].find(|c: char| !c.is_ascii_digit()).map_or(plain.len() - i, |n| n);
        from = i + run;
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if run != 5 || !boundary_before || !plain[i..].starts_with(|c: char| c != '0') {
            continue;
        }
        let Some(city_end) = city_end(plain, i + 5) else {
            continue;
        };
        if let Some(start) = street_start(plain, i) {
            return Some((start, city_end));
        }
    }
    None
}

/// The end of the city name after a postcode: capitalised words, hyphenated parts allowed
/// ("Paris", "Saint-Denis", "Issy-les-Moulineaux").
fn city_end(plain: &str, postcode_end: usize) -> Option<usize> {
    let rest = plain[postcode_end..].strip_prefix(' ')?;
    let mut end = postcode_end + 1;
    let mut first = true;
    for word in rest.split(' ') {
        let w = word.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
        let capital = w.starts_with(|c: char| c.is_uppercase());
        let hyphenated = w.contains('-') && w.split('-').all(|p| !p.is_empty());
        if !(capital && (w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'') || hyphenated)) {
            break;
        }
        end += w.len();
        first = false;
        if w.len() != word.len() {
            break;
        }
        end += 1;
    }
    if first {
        return None;
    }
    Some(plain[..end.min(plain.len())].trim_end().len())
}

/// The start of the street number before a postcode at `postcode`: the nearest
/// "number [bis|ter][,] street-type" within [`STREET_SPAN`], with no sentence break between.
fn street_start(plain: &str, postcode: usize) -> Option<usize> {
    let lo = plain.floor_char_boundary(postcode.saturating_sub(STREET_SPAN));
    let window = &plain[lo..postcode];
    if window.contains(['.', '!', '?', '(', ')', ':', ';']) {
        // Only the part after the last sentence break can belong to this address.
        let cut = window.rfind(['.', '!', '?', '(', ')', ':', ';']).map_or(0, |c| c + 1);
        return street_start_in(plain, lo + cut, postcode);
    }
    street_start_in(plain, lo, postcode)
}

fn street_start_in(plain: &str, lo: usize, postcode: usize) -> Option<usize> {
    let window = &plain[lo..postcode];
    let words: Vec<(usize, &str)> = window
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((lo + start, w))
        })
        .collect();
    let mut found = None;
    for (k, (at, w)) in words.iter().enumerate() {
        let number = w.trim_end_matches(',');
        let digits = number.chars().take_while(|c| c.is_ascii_digit()).count();
        let suffix = &number[digits..];
        if digits == 0 || digits > 4 || !matches!(suffix, "" | "bis" | "ter" | "b" | "t") {
            continue;
        }
        let mut next = k + 1;
        if matches!(words.get(next).map(|w| w.1), Some("bis" | "ter" | ",")) {
            next += 1;
        }
        let street = words.get(next).map(|w| w.1.trim_end_matches('.').to_lowercase());
        if street.is_some_and(|s| STREET_TYPES.contains(&s.as_str())) {
            found = Some(*at);
        }
    }
    found
}

/// The room: after "salle", "amphithéâtre"…, an identifier with a digit ("223M",
/// "124/125M") or capitalised words ("Jean Moulin"), then a short place phrase
/// ("en mezzanine des Congrès").
fn find_room(plain: &str) -> Option<String> {
    let words: Vec<&str> = plain.split(' ').collect();
    for (k, w) in words.iter().enumerate() {
        if !ROOM_WORDS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        let Some(id) = words.get(k + 1) else { continue };
        let id_clean = id.trim_end_matches(|c: char| ",.;:!?)…".contains(c));
        let has_digit = id_clean.chars().any(|c| c.is_ascii_digit());
        let capital = id_clean.starts_with(|c: char| c.is_uppercase());
        if id_clean.is_empty() || !(has_digit || capital) {
            continue;
        }
        let mut room = vec![id_clean];
        let mut j = k + 2;
        let mut ended = id_clean.len() != id.len();
        if capital && !has_digit {
            while !ended && j < words.len() && words[j].starts_with(|c: char| c.is_uppercase()) {
                let clean = words[j].trim_end_matches(|c: char| ",.;:!?)…".contains(c));
                ended = clean.len() != words[j].len();
                room.push(clean);
                j += 1;
            }
        }
        if !ended && matches!(words.get(j).copied(), Some("en" | "au" | "à")) {
            room.extend(place_phrase(&words[j..]));
        }
        return Some(room.join(" "));
    }
    None
}

/// A short phrase locating a room ("en mezzanine des Congrès"), stopped before hours,
/// dates, punctuation or a new clause; at most six words.
fn place_phrase<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate().take(6) {
        let next_is_number = words.get(k + 1).is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if k > 0
            && (matches!(*w, "ou" | "et" | "le" | "les" | "pour" | "avec" | "dans" | "puis")
                || (*w == "de" && next_is_number))
        {
            break;
        }
        if w.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        let clean = w.trim_end_matches(|c: char| ",.;:!?)…".contains(c));
        if clean.is_empty() {
            break;
        }
        out.push(clean);
        if clean.len() != w.len() {
            break;
        }
    }
    if out.len() < 2 { Vec::new() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn venue(name: Option<&str>, address: Option<&str>, room: Option<&str>, osm: Option<&str>) -> Venue {
        Venue {
            name: name.map(Into::into),
            address: address.map(Into::into),
            room: room.map(Into::into),
            osm_url: osm.map(Into::into),
        }
    }

    #[test]
    fn venue_osm_link_names_place_and_address_follows() {
        let text = "Le garagethon se tiendra les **9 et 10 janvier 2024 au [Lieu\nde la Transformation\nPublique](https://osm.org/go/0BOdSvERD?node=9825094308)**, au 77\navenue de Ségur 75015 Paris, de 10h à 17h les deux jours.";

        let v = find_venue(text);

        assert_eq!(
            v,
            venue(
                Some("Lieu de la Transformation Publique"),
                Some("77 avenue de Ségur 75015 Paris"),
                None,
                Some("https://osm.org/go/0BOdSvERD?node=9825094308"),
            )
        );
    }

    #[test]
    fn venue_map_link_gives_only_osm_and_link_before_address_names_place() {
        let text = "le **1er juillet 2022 de 9h à 18h** au [lieu de la transformation publique](https://www.modernisation.gouv.fr/x), 77 avenue de Ségur, 75007 Paris (trouver [le lieu sur une carte](https://osm.org/go/0BOdStupT?node=1943846151)).";

        let v = find_venue(text);

        assert_eq!(
            v,
            venue(
                Some("Lieu de la transformation publique"),
                Some("77 avenue de Ségur, 75007 Paris"),
                None,
                Some("https://osm.org/go/0BOdStupT?node=1943846151"),
            )
        );
    }

    #[test]
    fn venue_room_with_ellipsis_trimmed() {
        let v = find_venue("retrouvez-nous le 9 novembre en salle 223M… ou en suivant les chapeaux bleus.");

        assert_eq!(v, venue(None, None, Some("223M"), None));
    }

    #[test]
    fn venue_room_with_place_phrase_kept() {
        let v = find_venue("le *4 décembre 2024* dans la\nsalle 124/125M en mezzanine des Congrès de 13h à 18h");

        assert_eq!(v.room.as_deref(), Some("124/125M en mezzanine des Congrès"));
    }

    #[test]
    fn venue_room_named_by_capitals_kept() {
        let v = find_venue("Rendez-vous dans la salle Jean Moulin, au rez-de-chaussée.");

        assert_eq!(v.room.as_deref(), Some("Jean Moulin"));
    }

    #[test]
    fn venue_common_salle_phrase_is_no_room() {
        let v = find_venue("La salle de réunion sera ouverte.");

        assert_eq!(v.room, None);
    }

    #[test]
    fn venue_osm_link_forms_recognised() {
        assert!(is_osm_url("https://osm.org/go/0BOdSvERD?node=9825094308"));
        assert!(is_osm_url("https://www.openstreetmap.org/?mlat=48.85&mlon=2.30#map=18/48.85/2.30"));
        assert!(is_osm_url("http://openstreetmap.org/node/1943846151"));
        assert!(!is_osm_url("https://www.modernisation.gouv.fr/osm.org"));
        assert!(!is_osm_url("javascript:osm.org"));
    }

    #[test]
    fn venue_addresses_with_other_street_types_found() {
        let cases = [
            ("Au 20 rue de Ségur, 75007 Paris.", "20 rue de Ségur, 75007 Paris"),
            ("au 2 bis quai de la Loire 69002 Lyon", "2 bis quai de la Loire 69002 Lyon"),
            ("Rendez-vous 12, allée des Peupliers 93200 Saint-Denis !", "12, allée des Peupliers 93200 Saint-Denis"),
            ("au 5 boulevard Gallieni 92130 Issy-les-Moulineaux", "5 boulevard Gallieni 92130 Issy-les-Moulineaux"),
        ];

        for (text, expected) in cases {
            assert_eq!(find_venue(text).address.as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn venue_postcode_without_street_is_no_address() {
        let v = find_venue("En 2024, 75015 Paris accueille 300 personnes rue de Paris.");

        assert_eq!(v.address, None);
    }

    #[test]
    fn venue_nothing_stated_is_empty() {
        assert!(find_venue("Un hackathon en ligne, 9 et 10 janvier 2024.").is_empty());
    }
}
