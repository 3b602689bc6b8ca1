//! Helpers shared by the integration tests that run the `jiebie` binary as a user would:
//! fixture sites copied into temporary directories, the binary run with a time limit,
//! and output trees read back for comparison.

#![allow(dead_code)] // each test file uses a different part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test (built by cargo for integration tests).
pub const JIEBIE: &str = env!("CARGO_BIN_EXE_jiebie");

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree (regular files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary site directory holding a copy of the small valid fixture site in
/// `site/content` (one sector with one write-up, a plan and a photo).
pub fn small_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &repo().join("tests/fixtures/bad/base/content"),
        &dir.path().join("content"),
    );
    dir
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code; `None` when killed (by the time limit or a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// How long it ran.
    pub elapsed: Duration,
    /// Whether the time limit was reached (the process was then killed).
    pub timed_out: bool,
}

impl Outcome {
    /// Whether the process panicked (Rust prints this on every panic).
    pub fn panicked(&self) -> bool {
        self.stderr.contains("panicked") || self.code == Some(101)
    }
}

/// Runs `jiebie ARGS` in `dir`, killing it after `limit`.
pub fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)], limit: Duration) -> Outcome {
    let mut command = Command::new(JIEBIE);
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("start jiebie");
    // Read the pipes on threads so a chatty process cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut out_pipe, &mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut err_pipe, &mut text);
        text
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Outcome {
        code: status.code(),
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        elapsed: started.elapsed(),
        timed_out,
    }
}

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut tree = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable output");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            tree.insert(rel, std::fs::read(entry.path()).expect("read output file"));
        }
    }
    tree
}

/// Names the first difference between two trees, for assertion messages.
pub fn first_difference(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> String {
    for (path, bytes) in a {
        match b.get(path) {
            None => return format!("{path} only in the first tree"),
            Some(other) if other != bytes => return format!("{path} differs"),
            Some(_) => {}
        }
    }
    match b.keys().find(|p| !a.contains_key(*p)) {
        Some(path) => format!("{path} only in the second tree"),
        None => "no difference".into(),
    }
}

/// Every `.html` file below `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Elements that run code or embed other documents; none may appear in a page.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "meta[http-equiv]",
];

/// The default theme's own active elements, which no content can produce: its script
/// files (loaded from the site's `static/`, no inline code) and its search form.
fn is_theme_element(element: &scraper::ElementRef<'_>) -> bool {
    const THEME_SCRIPTS: &[&str] = &["static/a11y.js", "static/search.js"];
    let value = element.value();
    match value.name() {
        "script" => {
            let src = value.attr("src").unwrap_or_default();
            element.text().all(|t| t.trim().is_empty())
                && !src.contains(':')
                && THEME_SCRIPTS.iter().any(|s| src.ends_with(s))
        }
        "form" => {
            let action = value.attr("action").unwrap_or_default();
            value.attr("role") == Some("search")
                && !action.contains(':')
                && action.ends_with("search/")
                && value
                    .attr("method")
                    .is_none_or(|m| m.eq_ignore_ascii_case("get"))
        }
        _ => false,
    }
}

/// Every way `html` could run script, by a description of where: script-like elements,
/// `on…` event attributes, and `javascript:`/`vbscript:`/`data:` URLs in any attribute.
/// Empty for a safe page.
pub fn script_vectors(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for name in ACTIVE_ELEMENTS {
        let selector = scraper::Selector::parse(name).expect("valid selector");
        for element in document.select(&selector) {
            if !is_theme_element(&element) {
                found.push(format!("<{}> element", element.value().name()));
            }
        }
    }
    let everything = scraper::Selector::parse("*").expect("valid selector");
    for element in document.select(&everything) {
        for (attribute, value) in element.value().attrs() {
            if attribute.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{attribute}= on <{}>", element.value().name()));
            }
            // Browsers ignore ASCII whitespace and control characters in a scheme.
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                if squeezed.starts_with(scheme)
                    || (attribute == "srcset" && squeezed.contains(scheme))
                {
                    found.push(format!(
                        "{attribute}=\"{value}\" on <{}>",
                        element.value().name()
                    ));
                }
            }
        }
    }
    found
}
