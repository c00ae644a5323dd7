//! B6: the check-in code of a registration (issue 19): printed in the confirmation mail and
//! drawn as a QR code, scanned or typed at the desk. Derived from the registration's private
//! link, so it needs no storage and changes when an organiser revokes a leaked link; it
//! reveals nothing of that link (a hash), and only someone allowed at the door can use it.
//! Pure.

use sha2::{Digest, Sha256};

/// Letters that cannot be mistaken for one another when typed from paper (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How many characters of the hash follow the registration id: 30 bits, so that guessing
/// a code for a known registration takes about a billion tries.
const CHECK_LEN: usize = 6;

/// The code of registration `id` whose private link's secret is `token`: `42-K7P4QX`.
pub fn code(id: i64, token: &str) -> String {
    let digest = Sha256::digest(format!("door:{token}").as_bytes());
    let mut bits: u64 = 0;
    for b in &digest[..8] {
        bits = (bits << 8) | u64::from(*b);
    }
    let check: String = (0..CHECK_LEN).map(|i| ALPHABET[((bits >> (59 - 5 * i)) & 31) as usize] as char).collect();
    format!("{id}-{check}")
}

/// Reads a code as typed or scanned: spaces and case ignored, `O` read as `0` and `I`/`L`
/// as `1`, and a whole scanned address accepted (`…?code=42-K7P4QX`). Returns the
/// registration id and the code written the canonical way, or `None` for anything else.
pub fn parse(raw: &str) -> Option<(i64, String)> {
    let raw = raw.trim();
    let raw = match raw.rsplit_once("code=") {
        Some((_, rest)) => rest.split('&').next().unwrap_or(""),
        None => raw.rsplit('/').next().unwrap_or(raw),
    };
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let (id, check) = cleaned.split_once('-')?;
    let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
    if check.len() != CHECK_LEN || !check.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    Some((id, format!("{id}-{check}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_the_id_and_six_unambiguous_letters_and_reads_back() {
        let c = code(42, "a".repeat(64).as_str());

        let (id, rest) = c.split_once('-').unwrap();
        assert_eq!(id, "42");
        assert_eq!(rest.len(), 6);
        assert!(rest.bytes().all(|b| ALPHABET.contains(&b)), "{c}");
        assert_eq!(parse(&c), Some((42, c.clone())));
        assert_eq!(parse(&format!("  {} ", c.to_lowercase())), Some((42, c.clone())));
        assert_eq!(parse(&format!("https://exemple.fr/organisation/pointage?code={c}")), Some((42, c)));
    }

    #[test]
    fn another_link_gives_another_code() {
        assert_ne!(code(42, &"a".repeat(64)), code(42, &"b".repeat(64)));
    }

    #[test]
    fn junk_is_not_a_code() {
        for junk in ["", "42", "42-", "x-ABCDEF", "0-ABCDEF", "42-ABCDE", "42-ABCDEFG", "42-ABCDEU", "-1-ABCDEF"] {
            assert_eq!(parse(junk), None, "{junk}");
        }
    }
}
