//! A3: repairs UTF-8 text that was once decoded as Mac Roman and saved again as UTF-8
//! ("√†" for "à", "‚Äô" for "’", "¬†" for a no-break space, "üß¢" for "🧢"). Pure.
//!
//! Repair works sequence by sequence, so a file where only some lines went through the
//! wrong decoder is fully repaired and its correct lines are left alone. A sequence is
//! repaired only when its Mac Roman bytes form one valid UTF-8 character of a kind French
//! posts contain (Latin letters, typographic punctuation, symbols, emoji): "’é" in correct
//! text would decode to an Armenian letter, so it is kept as written.

const NBSP: char = '\u{a0}';
const APPLE: char = '\u{f8ff}';

/// The characters Mac Roman gives to the bytes 0x80 to 0xFF (Apple's mapping, with the
/// euro sign at 0xDB and the Apple logo, a private-use character, at 0xF0).
const MAC_ROMAN_HIGH: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', // 0x80
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', // 0x90
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', // 0xA0
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', // 0xB0
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', NBSP, 'À', 'Ã', 'Õ', 'Œ', 'œ', // 0xC0
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', // 0xD0
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', // 0xE0
    APPLE, 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ', // 0xF0
];

/// The Mac Roman character "ü", byte 0x9F: the second byte of every emoji, left at the start
/// of an emoji whose leading Apple logo (0xF0) was lost on the way.
const EMOJI_SECOND_BYTE: u8 = 0x9F;

/// The outcome of a repair: the text, and where it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired text; equal to the input when nothing was repaired.
    pub text: String,
    /// The first changed line, 1-based; `None` when nothing was repaired.
    pub first_line: Option<usize>,
    /// How many lines changed.
    pub lines: usize,
}

/// Returns the Mac Roman byte that decodes to `c`, or `None` for a character Mac Roman lacks.
fn mac_roman_byte(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    MAC_ROMAN_HIGH.iter().position(|&m| m == c).map(|i| 0x80 + i as u8)
}

/// Encodes text as Mac Roman, the inverse of the wrong decoding; `None` if a character has
/// no Mac Roman byte.
#[cfg(test)]
pub fn to_mac_roman(text: &str) -> Option<Vec<u8>> {
    text.chars().map(mac_roman_byte).collect()
}

/// Decodes bytes as Mac Roman: what the wrong decoder did.
#[cfg(test)]
pub fn from_mac_roman(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| if b < 0x80 { b as char } else { MAC_ROMAN_HIGH[(b - 0x80) as usize] }).collect()
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Whether a decoded character is one a French post plausibly contains. Leaving out the
/// other scripts is what keeps correct text such as "l’été" (whose Mac Roman bytes happen
/// to form an Armenian letter) from being "repaired".
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x17F        // Latin-1 letters and signs, Latin Extended-A (œ, Œ)
        | 0x300..=0x36F     // combining accents, as macOS writes decomposed letters
        | 0x2000..=0x2BFF   // punctuation (’ “ ” … – —), currency, arrows, symbols, dingbats
        | 0xFE00..=0xFE0F   // variation selectors after emoji
        | 0xFEFF            // byte order mark
        | 0x1F000..=0x1FAFF // emoji
    )
}

fn emoji(c: char) -> bool {
    (0x1F000..=0x1FAFF).contains(&(c as u32))
}

/// Decodes `bytes` when they are exactly one UTF-8 character.
fn one_char(bytes: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Tries to read one mis-decoded UTF-8 character at the start of `chars`; returns it and the
/// number of characters it spans.
fn sequence_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = mac_roman_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for c in chars.get(1..len)? {
        let b = mac_roman_byte(*c)?;
        if !is_continuation(b) {
            return None;
        }
        bytes.push(b);
    }
    let c = one_char(&bytes)?;
    plausible(c).then_some((c, len))
}

/// Tries to read an emoji whose leading byte was lost: "üß¢" for "🧢".
fn headless_emoji_at(chars: &[char]) -> Option<(char, usize)> {
    if mac_roman_byte(*chars.first()?)? != EMOJI_SECOND_BYTE {
        return None;
    }
    let mut bytes = vec![0xF0, EMOJI_SECOND_BYTE];
    for c in chars.get(1..3)? {
        let b = mac_roman_byte(*c)?;
        if !is_continuation(b) {
            return None;
        }
        bytes.push(b);
    }
    let c = one_char(&bytes)?;
    emoji(c).then_some((c, 3))
}

/// Whether a character can sit next to an emoji that lost its first byte: none (line edge),
/// a space, or ASCII punctuation. Letters on either side mean a word, not an emoji.
fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

/// One pass over a line; `headless` allows the weaker emoji rule.
fn repair_line(line: &str, headless: bool) -> (String, bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let found = sequence_at(rest).or_else(|| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            if headless && is_boundary(before) {
                headless_emoji_at(rest).filter(|&(_, len)| {
                    let after = &chars[i + len..];
                    is_boundary(after.first().copied()) || sequence_at(after).is_some()
                })
            } else {
                None
            }
        });
        match found {
            Some((c, len)) => {
                out.push(c);
                i += len;
                changed = true;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    (out, changed)
}

/// Repairs every mis-decoded sequence in `text`. An emoji that lost its first byte ("üß¢"
/// without the Apple logo) is repaired only in a text that has other, unambiguous mojibake,
/// and only between spaces or punctuation, since "ü" followed by two accented letters could
/// in theory be meant.
pub fn repair(text: &str) -> Repaired {
    let strong = text.split('\n').any(|line| repair_line(line, false).1);
    if !strong {
        return Repaired { text: text.to_owned(), first_line: None, lines: 0 };
    }
    let mut out = String::with_capacity(text.len());
    let mut first_line = None;
    let mut lines = 0;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let (fixed, changed) = repair_line(line, true);
        if changed {
            lines += 1;
            first_line.get_or_insert(n + 1);
        }
        out.push_str(&fixed);
    }
    Repaired { text: out, first_line, lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the wrong decoder does to correct text.
    fn garble(s: &str) -> String {
        from_mac_roman(s.as_bytes())
    }

    #[test]
    fn table_round_trips_every_byte() {
        let bytes: Vec<u8> = (0..=255).collect();

        let back = to_mac_roman(&from_mac_roman(&bytes)).unwrap();

        assert_eq!(back, bytes);
    }

    #[test]
    fn repair_seed_004_title_restores_french() {
        let text = "Appel √† interventions pour l'apr√®s-midi du 4 d√©cembre";

        let r = repair(text);

        assert_eq!(r.text, "Appel à interventions pour l'après-midi du 4 décembre");
        assert_eq!(r.first_line, Some(1));
        assert_eq!(r.lines, 1);
    }

    #[test]
    fn repair_quotes_and_no_break_space_restored() {
        let r = repair("l‚Äôadministration¬†? d√©j√†");

        assert_eq!(r.text, "l’administration\u{a0}? déjà");
    }

    #[test]
    fn repair_emoji_with_apple_logo_restored() {
        let r = repair("## \u{f8ff}üß¢ La DINUM rassemble les #BlueHats");

        assert_eq!(r.text, "## 🧢 La DINUM rassemble les #BlueHats");
    }

    #[test]
    fn repair_emoji_without_apple_logo_restored_when_file_has_mojibake() {
        let r = repair("## üß¢ La DINUM\nl'apr√®s-midi");

        assert_eq!(r.text, "## 🧢 La DINUM\nl'après-midi");
        assert_eq!(r.first_line, Some(1));
        assert_eq!(r.lines, 2);
    }

    #[test]
    fn repair_emoji_without_apple_logo_kept_inside_a_word() {
        let r = repair("xüß¢y\nd√©j√†");

        assert_eq!(r.text, "xüß¢y\ndéjà");
    }

    #[test]
    fn repair_emoji_without_apple_logo_kept_when_file_is_clean() {
        let r = repair("üß¢ seul");

        assert_eq!(r.text, "üß¢ seul");
        assert_eq!(r.first_line, None);
    }

    #[test]
    fn repair_mixed_lines_fixes_only_garbled_ones() {
        let text = "Déjà écrit correctement : l’été à Paris\nmais ici c'est d√©j√† cass√©";

        let r = repair(text);

        assert_eq!(r.text, "Déjà écrit correctement : l’été à Paris\nmais ici c'est déjà cassé");
        assert_eq!(r.first_line, Some(2));
        assert_eq!(r.lines, 1);
    }

    #[test]
    fn repair_mixed_within_one_line_fixes_only_garbled_run() {
        let r = repair("café correct, caf√© cass√©, l’été");

        assert_eq!(r.text, "café correct, café cassé, l’été");
    }

    #[test]
    fn repair_correct_french_with_apostrophes_unchanged() {
        let text = "L’équipe d’Étienne « Mutualisons ! » — qu’à l’œuvre… Œuvre, ÇA, ÔÉ";

        let r = repair(text);

        assert_eq!(r.text, text);
        assert_eq!(r.lines, 0);
    }

    #[test]
    fn repair_decomposed_accent_restored() {
        let original = "e\u{301}te\u{301}";

        let r = repair(&garble(original));

        assert_eq!(r.text, original);
    }

    /// Text a French post is made of: letters with accents, typographic punctuation,
    /// digits, spaces, line breaks and emoji; no mathematical signs such as "√" or "≈".
    fn french_text() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\
             àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”…–—!?;:,.'\"()#*-_/\u{a0}\u{202f}€°%&"
            .chars()
            .chain(['🧢', '📅', '✏', '\u{fe0f}', '⌨', '🎉', '✅', '🏼', '👉'])
            .collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..200).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn repair_correct_french_text_is_unchanged(s in french_text()) {
            let r = repair(&s);

            prop_assert_eq!(r.text, s);
            prop_assert_eq!(r.lines, 0);
        }

        #[test]
        fn repair_garbled_french_text_is_restored(s in french_text()) {
            let r = repair(&garble(&s));

            prop_assert_eq!(r.text, s);
        }

        // The correct half has no "ü": in a file with mojibake, " üéà " between spaces is
        // read as an emoji that lost its first byte, a trade made for real posts.
        #[test]
        fn repair_half_garbled_text_is_restored(a in french_text().prop_map(|a| a.replace('ü', "u")), b in french_text()) {
            let mixed = format!("{a}\n{}", garble(&b));

            let r = repair(&mixed);

            prop_assert_eq!(r.text, format!("{a}\n{b}"));
        }
    }

    proptest! {
        #![proptest_config(crate::properties::config(128))]

        #[test]
        fn repair_twice_is_repair_once(s in crate::properties::any_text(200)) {
            let once = repair(&s).text;

            prop_assert_eq!(repair(&once).text, once);
        }

        #[test]
        fn repair_of_garbled_text_twice_is_repair_once(s in french_text()) {
            let once = repair(&garble(&s)).text;

            prop_assert_eq!(repair(&once).text, once);
        }

        #[test]
        fn repair_counts_only_lines_of_the_text(s in crate::properties::any_text(200)) {
            let r = repair(&s);

            let lines = s.split('\n').count();
            prop_assert!(r.lines <= lines);
            prop_assert!(r.first_line.is_none_or(|l| (1..=lines).contains(&l)));
            prop_assert_eq!(r.first_line.is_some(), r.lines > 0);
        }

        #[test]
        fn mac_roman_round_trips_any_bytes(bytes in crate::properties::any_bytes(300)) {
            prop_assert_eq!(to_mac_roman(&from_mac_roman(&bytes)), Some(bytes));
        }
    }

    proptest! {
        #![proptest_config(crate::properties::config(3))]

        #[test]
        fn repair_100_kb_in_bounded_time(s in french_text().prop_map(|s| garble(&s.repeat(100_000 / s.len().max(1) + 1)))) {
            crate::properties::within(std::time::Duration::from_secs(3), "repair of 100 KB", || repair(&s))?;
        }
    }
}
