//! B4: private links. A token is 32 random bytes shown once (in the link) and stored only as
//! its SHA-256, so a copy of the database does not open anyone's registration.

use sha2::{Digest, Sha256};

/// Returns a fresh token (64 hex characters) and the hash to store.
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let token = hex(&bytes);
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a token; also used to look a token up.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// True when `s` has the shape of a token, so that junk never reaches the database.
pub fn looks_valid(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hash_matches() {
        let (a, ha) = generate();
        let (b, _) = generate();

        assert_ne!(a, b);
        assert!(looks_valid(&a));
        assert_eq!(hash(&a), ha);
        assert!(!looks_valid("../../etc"));
    }
}
