//! The templates and assets compiled into the binary by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Returns an embedded template's source.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Returns an embedded asset's bytes.
pub fn asset(path: &str) -> Option<&'static [u8]> {
    ASSETS.iter().find(|(n, _)| *n == path).map(|(_, b)| *b)
}
