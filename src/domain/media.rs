//! A1 A3: paths inside the media folder, where event images live. Pure.

/// True for `a/b.png`; false for absolute paths, `..`, empty parts, backslashes and NULs.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && !p.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

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
