//! The crate's shape (ARCHITECTURE.md): `src/` has one folder per layer, and a module
//! uses only its own layer and the layers below it; no two modules use each other,
//! directly or through others. Read from the `crate::` and `super::` paths of every
//! source file, so a new `use` that breaks the shape fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: &[&str] = &[
    "core", "source", "model", "derive", "render", "generate", "reports", "author", "publish",
    "cli",
];

/// A module of the crate: its path (`render::pages::home`) and source text.
struct Module {
    path: Vec<String>,
    text: String,
}

/// Every module under `src/` except the crate root and the binary.
fn modules(src: &Path) -> Vec<Module> {
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("src is readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("inside src");
            let mut parts: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().map(String::as_str) == Some("mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            found.push(Module { path: parts, text });
        }
    }
    found
}

/// The code of a file without its comments (doc links name modules too).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a module names: `crate::a::b` and `super::c` (resolved), including
/// each item of a `use crate::{a, b::c}` group.
fn references(module: &Module) -> Vec<Vec<String>> {
    let text = code(&module.text);
    let mut out = Vec::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text.as_str();
    while let Some(at) = rest.find(['c', 's']) {
        let tail = &rest[at..];
        let before = text.len() - rest.len() + at;
        let preceded = text[..before]
            .chars()
            .next_back()
            .is_some_and(|c| ident(c) || c == '$' || c == ':');
        let base: Option<(Vec<String>, &str)> = if preceded {
            None
        } else if let Some(after) = tail.strip_prefix("crate::") {
            Some((Vec::new(), after))
        } else if tail.starts_with("super::") {
            // `super::super::x` climbs once per `super`; a module file `a/b.rs` is
            // `a::b`, whose `super` is `a`.
            let mut base = module.path.clone();
            let mut after = tail;
            while let Some(next) = after.strip_prefix("super::") {
                base.pop();
                after = next;
            }
            Some((base, after))
        } else {
            None
        };
        rest = &rest[at + 1..];
        let Some((base, after)) = base else {
            continue;
        };
        let mut paths = Vec::new();
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                paths.push(item.trim().to_string());
            }
        } else {
            let end = after
                .find(|c: char| !(ident(c) || c == ':'))
                .unwrap_or(after.len());
            paths.push(after[..end].to_string());
        }
        for path in paths {
            let mut full = base.clone();
            full.extend(
                path.split("::")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty() && s.chars().all(ident)),
            );
            out.push(full);
        }
    }
    out
}

/// The longest known module that `path` starts with.
fn resolve<'m>(path: &[String], known: &'m BTreeSet<Vec<String>>) -> Option<&'m Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| known.get(&path[..n].to_vec()))
}

/// What is wrong with the shape: imports from a higher layer, and cycles.
fn violations(modules: &[Module]) -> Vec<String> {
    let mut problems = Vec::new();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let layer_of = |path: &[String]| {
        LAYERS
            .iter()
            .position(|l| path.first() == Some(&l.to_string()))
    };
    let mut edges: BTreeMap<&Vec<String>, BTreeSet<&Vec<String>>> = BTreeMap::new();
    for module in modules {
        let name = module.path.join("::");
        let Some(own) = layer_of(&module.path) else {
            problems.push(format!("src/{name} is in no layer ({LAYERS:?})"));
            continue;
        };
        for reference in references(module) {
            let Some(target) = resolve(&reference, &known) else {
                continue;
            };
            // A module reaching into its own submodules is containment, not an import.
            if target == &module.path || target.starts_with(&module.path) {
                continue;
            }
            if let Some(theirs) = layer_of(target) {
                if theirs > own {
                    problems.push(format!(
                        "{name} (layer {}) uses {} (layer {}, above it)",
                        LAYERS[own],
                        target.join("::"),
                        LAYERS[theirs]
                    ));
                }
            }
            edges.entry(&module.path).or_default().insert(target);
        }
    }
    // A cycle: a module that reaches itself by following uses.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<Vec<&Vec<String>>> = vec![vec![start]];
        while let Some(trail) = stack.pop() {
            let last = trail[trail.len() - 1];
            for &next in edges.get(last).into_iter().flatten() {
                if next == *start {
                    let names: Vec<String> = trail.iter().map(|m| m.join("::")).collect();
                    problems.push(format!(
                        "import cycle: {} -> {}",
                        names.join(" -> "),
                        start.join("::")
                    ));
                } else if seen.insert(next) {
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

fn module(path: &str, text: &str) -> Module {
    Module {
        path: path.split("::").map(str::to_string).collect(),
        text: text.to_string(),
    }
}

#[test]
fn layers_only_use_the_layers_below_and_nothing_imports_in_a_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    assert!(modules.len() > 40, "found {} modules", modules.len());
    let problems = violations(&modules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_layer_folder_is_known() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders: Vec<String> = std::fs::read_dir(&src)
        .expect("src")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut layers: Vec<String> = LAYERS.iter().map(|l| l.to_string()).collect();
    layers.sort();
    assert_eq!(folders, layers);
}

#[test]
fn the_check_finds_an_upward_import_and_a_cycle() {
    let upward = [
        module("core::text", "use crate::render::pages::Renderer;"),
        module("render::pages", "pub struct Renderer;"),
    ];
    let problems = violations(&upward);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("core::text (layer core) uses render::pages"));

    let cycle = [
        module("render::chart", "use crate::render::markdown::Rendered;"),
        module("render::markdown", "fn f() { super::chart::draw(); }"),
    ];
    let problems = violations(&cycle);
    assert!(
        problems.iter().any(|p| p.contains("import cycle")),
        "{problems:?}"
    );

    let grouped = [
        module(
            "model::validate",
            "use crate::{core::text, publish::build};",
        ),
        module("core::text", ""),
        module("publish::build", ""),
    ];
    assert_eq!(violations(&grouped).len(), 1);

    let fine = [
        module("render::pages", "mod home; fn r() { home::view(); }"),
        module(
            "render::pages::home",
            "use super::Renderer; // crate::cli in a comment",
        ),
        module("cli", ""),
    ];
    assert!(violations(&fine).is_empty(), "{:?}", violations(&fine));
}

#[test]
fn async_code_lives_only_in_serve() {
    // `serve` makes the only tokio runtime; build and check stay synchronous.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for module in modules(&src) {
        if module
            .path
            .starts_with(&["publish".to_string(), "serve".to_string()])
        {
            continue;
        }
        let text = code(&module.text);
        for word in [
            "tokio::",
            "axum::",
            "hyper::",
            "hyper_util::",
            "tower_http::",
            "async fn",
            "async move",
            ".await",
        ] {
            if text.contains(word) {
                found.push(format!("{} uses {word}", module.path.join("::")));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
