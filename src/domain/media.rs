//! A1 A3: the media folder, where event images live: which paths stay inside it and which
//! files may be served from it. Pure.

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

#[cfg(test)]
mod tests {
    use super::*;

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
