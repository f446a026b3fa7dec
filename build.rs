//! Embeds every file under `grammars/` and `locales/` into the binary, so a new language is a new data file and
//! nothing else: the list is generated here, not written by hand in the code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();

    let grammars = sorted_entries(&root.join("grammars"), "toml");
    out.push_str("/// `(file stem, contents)` of every `grammars/*.toml`.\n");
    out.push_str("pub static GRAMMAR_FILES: &[(&str, &str)] = &[\n");
    for path in &grammars {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 file name");
        writeln!(out, "    ({stem:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n\n");

    out.push_str("/// `(locale, file name, contents)` of every `locales/<locale>/*.ftl`.\n");
    out.push_str("pub static LOCALE_FILES: &[(&str, &str, &str)] = &[\n");
    let locales_dir = root.join("locales");
    let mut locale_dirs: Vec<PathBuf> = fs::read_dir(&locales_dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    locale_dirs.sort();
    for dir in &locale_dirs {
        let locale = dir.file_name().and_then(|s| s.to_str()).expect("utf-8 directory name");
        for path in sorted_entries(dir, "ftl") {
            let file = path.file_name().and_then(|s| s.to_str()).expect("utf-8 file name");
            writeln!(out, "    ({locale:?}, {file:?}, include_str!({:?})),", path.display().to_string()).unwrap();
        }
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    out.push_str("];\n");

    println!("cargo:rerun-if-changed={}", root.join("grammars").display());
    println!("cargo:rerun-if-changed={}", locales_dir.display());
    // sqlx's migrate! embeds migrations/ at compile time: a new file there must rebuild.
    println!("cargo:rerun-if-changed={}", root.join("migrations").display());
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_data.rs");
    fs::write(dest, out).expect("write embedded_data.rs");
}

fn sorted_entries(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
