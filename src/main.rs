mod domain;
#[allow(dead_code)] // Called by the store and CLI once they land (A3).
mod import;
fn main() {}
