//! A1 A3 O1: media (event images, speaker photos, imported figures): which paths are plain,
//! which files may be served, and the content names of uploads. Pure.

/// True for `a/b.png`; false for absolute paths, `..`, empty parts, backslashes and NULs.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && !p.starts_with('.'))
}

/// The content type of an image we serve from the media folder, read from its first bytes
/// (its signature), not from its name: PNG, JPEG or WebP; `None` for anything else (an SVG, a
/// script or a page renamed `.png` included), which must never be served from our origin.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    // The first four bytes of the PNG signature suffice: no script or markup starts with them.
    if bytes.starts_with(b"\x89PNG") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Hex SHA-256 of `bytes`: the media's ETag, and the source of upload names.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The name an upload is stored under: the first 16 hex digits of its hash and its extension,
/// so that new content gets a new URL and every URL may be cached for a year.
pub fn content_name(bytes: &[u8], ext: &str) -> String {
    format!("{}.{ext}", &sha256_hex(bytes)[..16])
}

/// True when the file name of `path` is a content name (`content_name`): its bytes never
/// change, so it may be cached as immutable.
pub fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.len() == 16 && stem.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_names_come_from_the_bytes_and_are_recognised() {
        let name = content_name(b"abc", "png");
        assert_eq!(name, "ba7816bf8f01cfea.png");
        assert!(is_content_named(&format!("ev/{name}")));
        assert!(is_content_named(&format!("ev/intervenants/{name}")));
        assert!(!is_content_named("ev/affiche.png"));
        assert!(!is_content_named("ev/BA7816BF8F01CFEA.png"), "upper case is not ours");
        assert!(!is_content_named("ev/ba7816bf8f01cfe.png"), "15 digits");
        assert_ne!(content_name(b"abd", "png"), name);
    }

    #[test]
    fn image_type_reads_the_signature_not_the_name() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), None);
        assert_eq!(image_type(b"GIF89a"), None);
        assert_eq!(image_type(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(image_type(b""), None);
    }

    #[test]
    fn media_paths_cannot_escape() {
        assert!(is_plain_relative("garagethon/affiche.png"));
        assert!(!is_plain_relative("../rencontres.db"));
        assert!(!is_plain_relative("a/../../etc/passwd"));
        assert!(!is_plain_relative("/etc/passwd"));
        assert!(!is_plain_relative("a\\..\\b"));
        assert!(!is_plain_relative(".env"));
    }
}
