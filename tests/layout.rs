//! The layout of the core crate, checked: `crates/core/src` holds `lib.rs`, `error.rs` and one
//! folder per domain area; no two modules import each other, directly or round a longer
//! circle; areas reach one another only where the table below allows; no source file is over
//! 1,000 lines.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The areas each area may import from, besides `error` and `shared`. Every other area is
/// built on its own code and the shared helpers; the portfolio composes the others.
const AREA_DEPENDENCIES: &[(&str, &[&str])] = &[
    ("shared", &[]),
    ("health", &[]),
    ("rules", &[]),
    ("lifecycle", &[]),
    ("revenue", &[]),
    ("survival", &["revenue"]),
    (
        "portfolio",
        &["health", "rules", "lifecycle", "revenue", "survival"],
    ),
];

const MAX_LINES: usize = 1_000;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `health/scorer.rs` is `health::scorer`, `rules/mod.rs` is
/// `rules`, `lib.rs` is the empty path.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs").to_string();
        if stem != "mod" && stem != "lib" {
            parts.push(stem);
        }
    }
    parts
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests` block.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file names: `crate::a::b`, `super::a` (resolved against the file's
/// module), and the names inside `use crate::a::{b, c}` groups; only lowercase segments, which
/// name modules.
fn referenced_paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (start, prefix) in [("crate::", true), ("super::", false)] {
        let mut rest = code;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().last();
            rest = &rest[at + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut base: Vec<String> = if prefix {
                Vec::new()
            } else {
                // `super` of `a::b` is `a`, whether `b` is a file or a folder's mod.rs.
                let mut parent = module.to_vec();
                parent.pop();
                parent
            };
            let path: String = rest
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                })
                .collect();
            for segment in path.split("::").filter(|s| !s.is_empty()) {
                base.push(segment.to_string());
            }
            if !base.is_empty() {
                out.push(base);
            }
        }
    }
    out
}

#[test]
fn core_source_holds_lib_error_and_area_folders() {
    let mut loose = Vec::new();
    for entry in std::fs::read_dir(source_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && name != "lib.rs" && name != "error.rs" {
            loose.push(name);
        }
    }
    assert!(
        loose.is_empty(),
        "loose files in crates/core/src: {loose:?}"
    );
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let mut files = Vec::new();
    rust_files(&source_dir(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn no_import_circles_and_areas_depend_as_allowed() {
    let root = source_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut modules: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut sources = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap();
        let module = module_of(relative);
        modules.insert(module.clone());
        sources.push((module, std::fs::read_to_string(file).unwrap()));
    }
    // Edges between modules neither of which contains the other (a folder's mod.rs declaring
    // and re-exporting its files is not an import circle).
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &sources {
        for mut path in referenced_paths(module, &code_of(text)) {
            while !path.is_empty() && !modules.contains(&path) {
                path.pop();
            }
            let nested = path.starts_with(module) || module.starts_with(&path);
            if !path.is_empty() && !nested {
                edges.entry(module.clone()).or_default().insert(path);
            }
        }
    }
    // Areas: the first segment. Each cross-area edge must be allowed.
    let allowed: BTreeMap<&str, &[&str]> = AREA_DEPENDENCIES.iter().copied().collect();
    let mut forbidden = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            let (Some(a), Some(b)) = (from.first(), to.first()) else {
                continue;
            };
            if a == b || b == "error" || b == "shared" {
                continue;
            }
            let ok = allowed
                .get(a.as_str())
                .is_some_and(|list| list.contains(&b.as_str()));
            if !ok {
                forbidden.push(format!("{} -> {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(
        forbidden.is_empty(),
        "imports across areas not allowed: {forbidden:#?}"
    );
    // Circles: a module that reaches itself.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut stack: Vec<Vec<String>> = edges[start].iter().cloned().collect();
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if &next == start {
                circles.push(start.join("::"));
                break;
            }
            if seen.insert(next.clone()) {
                if let Some(more) = edges.get(&next) {
                    stack.extend(more.iter().cloned());
                }
            }
        }
    }
    assert!(circles.is_empty(), "modules in import circles: {circles:?}");
}
