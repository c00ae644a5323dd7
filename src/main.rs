mod domain;
fn main() {}
