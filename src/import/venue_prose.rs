//! A3: the venue named in a post's prose when no field or map link names it: « au Lieu de
//! la Transformation Publique », « à la Grande Halle de la Villette, stand L57 », « au dock
//! Pullman, PLATEAU 1 », « dans les locaux de la société Digitick », « Le Fietje est ravi de
//! nous accueillir », a name before a street address; and venues learnt from the other
//! posts of a folder. A bare room (« en salle 252 B ») is a room, never the venue. Pure.

use super::text::{Plain, collapse_ws};

/// Words that, in a sentence, announce where the event happens.
const TRIGGERS: [&str; 16] = [
    "aura lieu",
    "se tiendra",
    "se tient",
    "se déroulera",
    "se passe",
    "se passera",
    "rendez-vous",
    "se rendre",
    "accueillis",
    "accueillies",
    "accueillerons",
    "retrouvons-nous",
    "retrouvez-nous",
    "locaux de",
    "lieu :",
    "organisé",
];

/// Nouns that start a venue's name written in lower case (« au palais des Congrès »).
const VENUE_NOUNS: [&str; 26] = [
    "palais",
    "dock",
    "grande",
    "halle",
    "lieu",
    "maison",
    "centre",
    "campus",
    "espace",
    "cité",
    "hôtel",
    "mairie",
    "musée",
    "théâtre",
    "fondation",
    "bibliothèque",
    "médiathèque",
    "pavillon",
    "carreau",
    "comptoir",
    "institut",
    "université",
    "école",
    "tiers-lieu",
    "auditorium",
    "gare",
];

/// Small words a name may contain between capitalised ones.
const CONNECTORS: [&str; 10] = ["de", "du", "des", "la", "le", "les", "l'", "d'", "et", "aux"];

/// Words that open a sentence but never a venue's name (« Un lieu d'exception accueillera… »).
const NOT_NAMES: [&str; 14] =
    ["Un", "Une", "Le", "La", "Les", "Ce", "Cette", "Nous", "Vous", "Il", "Elle", "On", "Notre", "Votre"];

/// Subordinate words that name who hosts before "nous accueille" (« c'est HighCo qui… »).
const HOST_VERBS: [&str; 5] = ["nous accueillir", "nous accueille", "nous accueillera", "nous reçoit", "nous ouvre"];

/// A venue found in prose: its name, the room or stand that follows it, and the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseVenue {
    pub name: String,
    pub room: Option<String>,
    pub sentence: String,
}

/// The first venue the prose names, by the rules above, in order of trust.
pub fn find(plain: &Plain) -> Option<ProseVenue> {
    let text = &plain.text;
    for (start, sentence) in sentences(text) {
        let lower = sentence.to_lowercase();
        let has_trigger = TRIGGERS.iter().any(|t| lower.contains(t)) || mentions_month(&lower);
        if has_trigger && let Some(v) = after_preposition(plain, start, sentence) {
            return Some(v);
        }
        if let Some(v) = host_subject(sentence, &lower) {
            return Some(v);
        }
    }
    None
}

/// A name followed by a street address (« L'envers des Pentes, 112 montée de la grande côte »).
pub fn name_before_street(text: &str) -> Option<ProseVenue> {
    for (_, sentence) in sentences(text) {
        let parts: Vec<&str> = sentence.split(", ").collect();
        for pair in parts.windows(2) {
            let mut words = pair[1].split(' ');
            let number = words.next().unwrap_or("");
            let street = words.next().unwrap_or("").to_lowercase();
            let is_number = !number.is_empty() && number.len() <= 4 && number.chars().all(|c| c.is_ascii_digit());
            if !is_number || !super::venue::is_street_type(&street) {
                continue;
            }
            if let Some(name) = capitalised_phrase(pair[0].rsplit(", ").next().unwrap_or("")) {
                return Some(ProseVenue { name, room: None, sentence: sentence.to_owned() });
            }
        }
    }
    None
}

/// A venue of another post of the folder, named here after « à », « au », « chez » or « dans »
/// (any case): the name as known and the sentence.
pub fn find_known(text: &str, known: &[String]) -> Option<(String, String)> {
    let lower = text.to_lowercase();
    for name in known {
        let needle = name.to_lowercase().replace(['[', ']'], "");
        if needle.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
            continue;
        }
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle).map(|a| a + from) {
            from = at + needle.len();
            let before = lower[..at].trim_end();
            let bare =
                ["la", "le", "les", "l'"].iter().find_map(|a| before.strip_suffix(a)).map_or(before, str::trim_end);
            let introduced =
                ["au", "à", "chez", "dans", "aux"].iter().any(|p| bare == *p || bare.ends_with(&format!(" {p}")));
            if introduced && !topic_before(before.trim_end_matches(|c: char| c.is_alphabetic() || c == '\'').trim_end())
            {
                let sentence =
                    sentences(text).into_iter().find(|(s, t)| *s <= at && at < s + t.len()).map(|(_, t)| t.to_owned());
                return Some((name.clone(), sentence.unwrap_or_default()));
            }
        }
    }
    None
}

/// A venue name from a field, cleaned: no leading « à »/« au », no trailing « à Ville » or
/// commas; `None` when it says the event is online.
pub fn clean_name(raw: &str) -> Option<String> {
    let mut s = collapse_ws(raw);
    if is_online(&s) {
        return None;
    }
    for prefix in ["à ", "au ", "a ", "À "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_owned();
        }
    }
    if let Some((head, city)) = s.rsplit_once(" à ")
        && city.split(' ').count() == 1
        && city.starts_with(|c: char| c.is_uppercase())
    {
        s = head.to_owned();
    }
    let s = s.trim().trim_end_matches([',', ';', '.']).trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// Whether the words just before a preposition make what follows a topic (« dédiée cette
/// année à PostgreSQL », « consacrée à »), not a place.
fn topic_before(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    words.iter().any(|w| ["dédi", "consacr", "ouvert", "grâce", "invit", "appel"].iter().any(|t| w.starts_with(t)))
}

/// Whether a place says the event is online (« en ligne sur Discord », « visio »).
pub fn is_online(s: &str) -> bool {
    let l = s.to_lowercase();
    ["en ligne", "online", "discord", "visio", "webinaire", "webinar", "zoom", "jitsi", "distanciel"]
        .iter()
        .any(|w| l.contains(w))
}

/// The sentences of a text with their byte offsets.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end_mark =
            matches!(c, '.' | '!' | '?' | '\n') && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\n');
        if end_mark {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

fn mentions_month(lower: &str) -> bool {
    use crate::domain::french::MONTHS;
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| MONTHS.contains(&w))
}

/// The venue after « au », « à la », « à l' », « à », « chez », « dans les locaux de », or
/// « accueillis par » in a sentence (at `offset` in the plain text).
fn after_preposition(plain: &Plain, offset: usize, sentence: &str) -> Option<ProseVenue> {
    let preps = [
        "dans les locaux de la société ",
        "dans les locaux de la ",
        "dans les locaux du ",
        "dans les locaux de ",
        "accueillis par la ",
        "accueillis par le ",
        "accueillis par ",
        "au sein de la ",
        "au sein du ",
        "à la ",
        "à l'",
        "au ",
        "aux ",
        "à ",
        "chez ",
    ];
    let lower = sentence.to_lowercase();
    let mut at = 0;
    while at < lower.len() {
        let found = preps
            .iter()
            .filter_map(|p| lower[at..].find(p).map(|i| (at + i, *p)))
            .filter(|(i, _)| *i == 0 || lower.as_bytes()[i - 1] == b' ' || lower.as_bytes()[i - 1] == b'(')
            .min_by_key(|(i, p)| (*i, std::cmp::Reverse(p.len())));
        let Some((i, prep)) = found else { break };
        at = i + prep.len();
        // « dédiée à PostgreSQL et PostGIS »: a topic, not a place.
        if topic_before(&lower[..i]) {
            continue;
        }
        let rest = &sentence[at..];
        // A link's text right after the preposition names the place (« à [thecamp](…) »).
        let link = plain.links.iter().find(|l| {
            let text = &plain.text[l.start..l.end];
            l.start == offset + at
                && l.end > l.start
                && !text.contains(['@', '/'])
                && text.starts_with(char::is_alphabetic)
        });
        let name = match link {
            Some(l) => Some(plain.text[l.start..l.end].trim().to_owned()),
            None => name_at(rest, prep),
        };
        if let Some(name) = name {
            let after = match link {
                Some(l) => &plain.text[l.end..],
                None => {
                    let words = name.split(' ').count();
                    rest.splitn(words + 1, ' ').nth(words).unwrap_or("")
                }
            };
            return Some(ProseVenue { room: room_after(after), name, sentence: sentence.trim().to_owned() });
        }
    }
    None
}

/// A name at the start of `rest`: capitalised words (or a venue noun), with connectors; a
/// single word after a bare « à » is a city, not a venue.
fn name_at(rest: &str, prep: &str) -> Option<String> {
    let first = rest.split(' ').next()?;
    let first_clean = first.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
    let noun = VENUE_NOUNS.contains(&first_clean.to_lowercase().as_str());
    if first_clean.to_lowercase() == "salle" {
        return None;
    }
    let phrase = if noun {
        let tail = capitalised_tail(&rest[first.len()..]);
        let mut s = first_clean.to_owned();
        if !tail.is_empty() && first_clean.len() == first.len() {
            s = format!("{s} {tail}");
        }
        if s.split(' ').count() < 2 {
            return None;
        }
        let mut c = s.chars();
        let head = c.next()?;
        head.to_uppercase().chain(c).collect()
    } else {
        capitalised_phrase(rest)?
    };
    let bare = prep == "à " || prep == "aux ";
    (!(bare && phrase.split(' ').count() < 2)).then_some(phrase)
}

/// Capitalised words and connectors at the start of `s`, ending on a capitalised word.
fn capitalised_phrase(s: &str) -> Option<String> {
    let s = s.trim_start();
    let first = s.split(' ').next()?;
    let first_clean = first.trim_end_matches(PUNCT);
    if !starts_upper(first_clean) {
        return None;
    }
    let phrase = if first_clean.len() != first.len() {
        first_clean.to_owned()
    } else {
        format!("{first_clean} {}", capitalised_tail(&s[first.len()..])).trim().to_owned()
    };
    let letters = phrase.chars().filter(|c| c.is_alphabetic()).count();
    (!NOT_NAMES.contains(&phrase.as_str()) && letters >= 2).then_some(phrase)
}

/// Punctuation that ends a name.
const PUNCT: [char; 7] = [',', '.', ';', ':', ')', '!', '?'];

/// The capitalised words and connectors that continue a name, ending on a capitalised word
/// and stopping at punctuation.
fn capitalised_tail(s: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut last_capital = 0;
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        let clean = w.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
        let connector = CONNECTORS.contains(&clean) || clean.starts_with("l'") || clean.starts_with("d'");
        let capital = starts_upper(clean) || clean.starts_with("l'") && starts_upper(&clean[2..]);
        if !(connector || capital) || clean.is_empty() {
            break;
        }
        kept.push(clean);
        if capital {
            last_capital = kept.len();
        }
        if clean.len() != w.len() {
            break;
        }
    }
    kept[..last_capital].join(" ")
}

fn starts_upper(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
}

/// « , stand L57 », « , PLATEAU 1 », « salle 4 » right after a venue: its room.
fn room_after(after: &str) -> Option<String> {
    let after = after.trim_start_matches([',', ' ']);
    let mut words = after.split(' ');
    let head = words.next()?;
    let id = words.next()?.trim_end_matches([',', '.', ';', ')', '!']);
    let head_l = head.to_lowercase();
    let is_room = ["stand", "plateau", "salle", "hall", "amphi", "amphithéâtre", "étage"].contains(&head_l.as_str());
    (is_room && id.chars().any(|c| c.is_ascii_digit())).then(|| format!("{head} {id}"))
}

/// « Le Fietje (Le Bar) est ravi de nous accueillir », « c'est HighCo qui nous accueille ».
fn host_subject(sentence: &str, lower: &str) -> Option<ProseVenue> {
    let verb_at = HOST_VERBS.iter().filter_map(|v| lower.find(v)).min()?;
    let before = &sentence[..verb_at];
    let subject = match lower[..verb_at].rfind("c'est ") {
        Some(c) => &before[c + 6..],
        None => before.trim_start(),
    };
    let name = capitalised_phrase(subject)?;
    Some(ProseVenue { name, room: None, sentence: sentence.trim().to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::plain;

    fn venue_of(md: &str) -> Option<(String, Option<String>)> {
        find(&plain(md, false)).map(|v| (v.name, v.room))
    }

    #[test]
    fn prose_venue_after_au_with_capitals() {
        let v = venue_of("Notre atelier aura lieu le 3 mars au Lieu de la Transformation Publique, dès 9h.");
        assert_eq!(v, Some(("Lieu de la Transformation Publique".into(), None)));
    }

    #[test]
    fn prose_venue_in_lower_case_noun_and_stand() {
        assert_eq!(
            venue_of("Retrouvez-nous le 8 octobre à la Grande Halle de la Villette, stand L57, toute la journée."),
            Some(("Grande Halle de la Villette".into(), Some("stand L57".into())))
        );
        assert_eq!(
            venue_of("Le salon se tiendra au dock Pullman, PLATEAU 1, à Saint-Denis."),
            Some(("Dock Pullman".into(), Some("PLATEAU 1".into())))
        );
        assert_eq!(
            venue_of("La conférence se tiendra au palais des Congrès de Bordeaux."),
            Some(("Palais des Congrès de Bordeaux".into(), None))
        );
    }

    #[test]
    fn prose_room_is_no_venue_and_city_is_no_venue() {
        assert_eq!(venue_of("Rendez-vous le 12 juin en salle 252 B pour l'atelier."), None);
        assert_eq!(venue_of("Le café aura lieu le 4 mai à Grenoble, venez nombreux."), None);
        assert_eq!(venue_of("Un lieu d'exception accueillera cet évènement en juin."), None);
    }

    #[test]
    fn prose_venue_from_host_and_locaux_and_link() {
        assert_eq!(
            venue_of("La Brasserie du Port (le bar) est ravie de nous accueillir en terrasse."),
            Some(("La Brasserie du Port".into(), None))
        );
        assert_eq!(
            venue_of("Rendez-vous dans les locaux de la société Exemplia, près de la gare."),
            Some(("Exemplia".into(), None))
        );
        assert_eq!(
            venue_of("Cette fois, on se rendra à [lafabrique](https://example.org), le 2 juin."),
            Some(("lafabrique".into(), None))
        );
    }

    #[test]
    fn prose_name_before_street_address() {
        let v = name_before_street("Le café aura lieu à Tours, La Grange aux Livres, 12 rue Colbert.").unwrap();
        assert_eq!(v.name, "La Grange aux Livres");
    }

    #[test]
    fn known_venue_found_in_lower_case() {
        let known = vec!["Le Hangar[b]".to_owned(), "Bar".to_owned()];
        let text = plain("La soirée aura lieu le 8 mai chez le hangar[b] comme toujours.", false).text;
        let found = find_known(&text, &known);
        assert_eq!(found.map(|f| f.0), Some("Le Hangar[b]".to_owned()));
        let text = plain("Le hangar[b] est fermé, la soirée a lieu ailleurs.", false).text;
        assert_eq!(find_known(&text, &known), None);
    }

    #[test]
    fn field_names_cleaned() {
        assert_eq!(clean_name("à La Fabrique à Nantes"), Some("La Fabrique".to_owned()));
        assert_eq!(clean_name("Salle des fêtes,"), Some("Salle des fêtes".to_owned()));
        assert_eq!(clean_name("👉 en ligne sur Discord 👈"), None);
    }
}
