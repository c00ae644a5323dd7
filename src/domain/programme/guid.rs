//! D4: the stable identifiers the exports give items, rooms and speakers.

use sha2::{Digest, Sha256};

/// A name-based UUID (RFC 9562 version 8: SHA-256 of the name, first 16 bytes, version and
/// variant bits set). The same name always gives the same UUID, on any instance.
pub fn name_uuid(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The GUID of an item: derived from the event's slug (which never changes) and the item's
/// id (never reused), so it is the same in every release and every export.
pub fn item_guid(event_slug: &str, item_id: i64) -> String {
    name_uuid(&format!("rencontres:programme:{event_slug}:item:{item_id}"))
}

/// The GUID of a room, stable like an item's.
pub fn room_guid(event_slug: &str, room_id: i64) -> String {
    name_uuid(&format!("rencontres:programme:{event_slug}:room:{room_id}"))
}

/// The GUID of a speaker, from the name as written (speakers have no account yet).
pub fn person_guid(name: &str) -> String {
    name_uuid(&format!("rencontres:person:{}", name.trim().to_lowercase()))
}

/// A positive integer id of a speaker for formats that need one, derived from the name.
pub fn person_id(name: &str) -> i64 {
    let d = Sha256::digest(format!("rencontres:person:{}", name.trim().to_lowercase()).as_bytes());
    i64::from(u32::from_be_bytes([d[0] & 0x7f, d[1], d[2], d[3]])) + 1
}
