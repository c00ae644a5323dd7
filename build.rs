//! Embeds `templates/` and `assets/` in the binary: one file to deploy, nothing to install.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn table(root: &Path, name: &str, macro_name: &str) -> String {
    let mut s =
        format!("pub static {name}: &[(&str, &{})] = &[\n", if macro_name == "include_str" { "str" } else { "[u8]" });
    for path in files(root) {
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(s, "    ({rel:?}, {macro_name}!({:?})),", path.canonicalize().unwrap()).unwrap();
    }
    s.push_str("];\n");
    s
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=locales");
    // `sqlx::migrate!` reads the migrations at compile time but cannot ask cargo to watch them.
    println!("cargo:rerun-if-changed=migrations");
    // Issue 15 item 8: the RGAA evidence the browser walks commit, shown to organisers.
    let evidence = root.join("tests/browser/evidence");
    println!("cargo:rerun-if-changed=tests/browser/evidence");
    for path in files(&root.join("templates"))
        .into_iter()
        .chain(files(&root.join("assets")))
        .chain(files(&root.join("locales")))
        .chain(files(&evidence))
    {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let mut out = String::new();
    out.push_str(&table(&root.join("templates"), "TEMPLATES", "include_str"));
    out.push_str(&table(&root.join("assets"), "ASSETS", "include_bytes"));
    out.push_str(&table(&evidence, "EVIDENCE", "include_str"));
    // H2: the message catalogues, `fr/*.ftl` and `en/*.ftl`.
    out.push_str(&table(&root.join("locales"), "LOCALES", "include_str"));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}
