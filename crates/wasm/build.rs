//! Lists the conformance corpus (`tests/conformance/**/*.json`) for the browser test suite, which
//! embeds every file with `include_str!` (a browser has no file system).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let corpus = Path::new(&manifest).join("../../tests/conformance");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut files = Vec::new();
    collect(&corpus, &mut files);
    let mut code =
        String::from("/// Every corpus file: its path under tests/conformance and its text.\n");
    code.push_str("pub const CORPUS: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file
            .strip_prefix(&corpus)
            .unwrap_or(file)
            .display()
            .to_string();
        let absolute = file.canonicalize().unwrap_or_else(|_| file.clone());
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("corpus.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
