//! B4 G1: secret links. A random token is 32 random bytes shown once (in the link) and stored
//! only as its SHA-256, so a copy of the database does not open anyone's registration.
//!
//! A registration's private link is not random but derived (`LinkKey::registration`): the
//! HMAC-SHA256, under the site's link key, of the registration id and its link generation.
//! The store can therefore put the same link in every mail of a registration's life without
//! keeping it; only revoking the link (a new generation) changes it.

use sha2::{Digest, Sha256};
use std::sync::Arc;

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

/// The site's key for derived links: 32 random bytes made once and kept in the database
/// (`site_keys`), so that every instance derives the same links. Its `Debug` hides it.
#[derive(Clone)]
pub struct LinkKey(Arc<[u8; 32]>);

impl LinkKey {
    /// The private link's token of registration `id` at `generation` (64 hex characters).
    pub fn registration(&self, id: i64, generation: i64) -> String {
        hex(&hmac_sha256(&self.0[..], format!("registration:{id}:{generation}").as_bytes()))
    }

    /// The private link's token of gazette subscriber `id` at `generation` (F1).
    pub fn subscriber(&self, id: i64, generation: i64) -> String {
        hex(&hmac_sha256(&self.0[..], format!("subscriber:{id}:{generation}").as_bytes()))
    }

    /// The keyed hash an address that left the gazette is kept as (F1): without the key, a
    /// list of addresses cannot be checked against it.
    pub fn suppression(&self, email: &str) -> String {
        hex(&hmac_sha256(&self.0[..], format!("suppression:{email}").as_bytes()))
    }

    /// Reads the site's link key, creating it on first start. Two instances starting at once
    /// both insert; the first insert wins and both read the same key.
    pub(super) async fn load_or_create(pool: &sqlx::AnyPool) -> Result<LinkKey, sqlx::Error> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).expect("the operating system provides randomness");
        sqlx::query("INSERT INTO site_keys (name, value) VALUES ('links', $1) ON CONFLICT (name) DO NOTHING")
            .bind(hex(&fresh))
            .execute(pool)
            .await?;
        let stored: String =
            sqlx::query_scalar("SELECT value FROM site_keys WHERE name = 'links'").fetch_one(pool).await?;
        let bytes = unhex(&stored)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| sqlx::Error::Protocol("the stored link key is not 32 bytes of hex".into()))?;
        Ok(LinkKey(Arc::new(bytes)))
    }
}

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(***)")
    }
}

/// HMAC-SHA256 (RFC 2104) over `sha2`, checked against the vectors of RFC 4231 below: a few
/// lines instead of the `hmac` crate, whose current release needs a second `sha2`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let inner_pad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let outer_pad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new().chain_update(&inner_pad).chain_update(message).finalize();
    Sha256::new().chain_update(&outer_pad).chain_update(inner).finalize().into()
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

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
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

    fn unhex_ok(s: &str) -> Vec<u8> {
        unhex(s).unwrap()
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // Test cases 1, 2, 3, 4, 6 and 7 of RFC 4231 (5 truncates its output).
        let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (
                unhex_ok("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                vec![0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];

        for (key, data, expected) in cases {
            assert_eq!(hex(&hmac_sha256(&key, &data)), expected);
        }
    }

    #[test]
    fn registration_links_change_only_with_the_generation_and_the_key() {
        let key = LinkKey(Arc::new([7; 32]));
        let other = LinkKey(Arc::new([8; 32]));

        let link = key.registration(12, 0);

        assert!(looks_valid(&link));
        assert_eq!(link, key.registration(12, 0));
        assert_ne!(link, key.registration(12, 1));
        assert_ne!(link, key.registration(13, 0));
        assert_ne!(link, other.registration(12, 0));
        assert_eq!(format!("{key:?}"), "LinkKey(***)");
    }
}
