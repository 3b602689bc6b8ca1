//! Shared helpers for the integration tests: building fixtures into temporary
//! directories (through the library, or by running the `jiebie` binary as a user would,
//! with a time limit), reading the output tree back, and querying pages through an HTML
//! parser.

use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test (built by cargo for integration tests).
pub const JIEBIE: &str = env!("CARGO_BIN_EXE_jiebie");

/// The crate root, which is the repository root (where `content/` of the sample site lives).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/good/<name>/content`.
pub fn good_fixture(name: &str) -> PathBuf {
    manifest_dir()
        .join("tests/fixtures/good")
        .join(name)
        .join("content")
}

/// The date the tests take as today: the tests never depend on the clock.
pub fn test_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a real date")
}

/// Build options for the site in `site_dir`, with the tests' today.
pub fn site_options(site_dir: &Path) -> jiebie::BuildOptions {
    jiebie::BuildOptions {
        today: Some(test_today()),
        ..jiebie::BuildOptions::for_site(site_dir)
    }
}

/// Build options for `content_dir` → `output_dir` with everything else at its default.
pub fn options(content_dir: &Path, output_dir: &Path) -> jiebie::BuildOptions {
    jiebie::BuildOptions {
        content_dir: content_dir.to_path_buf(),
        output_dir: output_dir.to_path_buf(),
        site_dir: None,
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        lint: false,
        unreviewed: false,
        today: Some(test_today()),
    }
}

/// A built site in a temporary directory (removed on drop).
pub struct Built {
    /// Keeps the temporary directory alive (only held, never read).
    pub _tmp: tempfile::TempDir,
    /// The output directory.
    pub out: PathBuf,
    /// What the build reported.
    pub summary: jiebie::BuildSummary,
}

impl Built {
    /// Parses the page at a site URL path (`sectors/a/`, `404.html`, `` for the home page).
    pub fn page(&self, url: &str) -> Html {
        parse_file(&page_file(&self.out, url))
    }

    /// Parses the page of a route (the same file the build wrote it to).
    pub fn route(&self, route: jiebie::derive::route::Route<'_>) -> Html {
        parse_file(&self.out.join(route.file()))
    }

    /// Whether a page exists at a site URL path.
    pub fn has_page(&self, url: &str) -> bool {
        page_file(&self.out, url).is_file()
    }
}

/// Builds with the given options adjusted by `tweak`, into a fresh temporary directory.
pub fn build_with(content_dir: &Path, tweak: impl FnOnce(&mut jiebie::BuildOptions)) -> Built {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let mut opts = options(content_dir, &out);
    tweak(&mut opts);
    let summary = match jiebie::build(&opts) {
        Ok(s) => s,
        Err(e) => panic!("build of {} failed:\n{e}", content_dir.display()),
    };
    Built {
        _tmp: tmp,
        out,
        summary,
    }
}

/// Builds with default options.
pub fn build(content_dir: &Path) -> Built {
    build_with(content_dir, |_| {})
}

/// The file a site URL path is served from.
pub fn page_file(out: &Path, url: &str) -> PathBuf {
    let url = url.trim_start_matches('/');
    if url.is_empty() || url.ends_with('/') {
        out.join(url).join("index.html")
    } else {
        out.join(url)
    }
}

/// Parses an HTML file.
pub fn parse_file(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

/// A compiled CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Text content of an element with whitespace runs collapsed to one space and trimmed.
pub fn text(el: ElementRef<'_>) -> String {
    let raw: String = el.text().collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Texts of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css)).map(text).collect()
}

/// The only element matching `css` (panics when there is none or several).
pub fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let selector = sel(css);
    let mut found = doc.select(&selector);
    let first = found
        .next()
        .unwrap_or_else(|| panic!("no element matches {css}"));
    assert!(found.next().is_none(), "several elements match {css}");
    first
}

/// A `<dl>`'s entries as (dt text, dd element) in document order.
pub fn dl_entries<'a>(dl: ElementRef<'a>) -> Vec<(String, ElementRef<'a>)> {
    let dts = sel("dt");
    let mut out = Vec::new();
    for dt in dl.select(&dts) {
        let dd = dt
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "dd");
        if let Some(dd) = dd {
            out.push((text(dt), dd));
        }
    }
    out
}

/// The `<dd>` of the entry whose `<dt>` text is exactly `term`, in the first `dl` matching `css`.
pub fn fact<'a>(doc: &'a Html, css: &str, term: &str) -> Option<ElementRef<'a>> {
    let dl = doc.select(&sel(css)).next()?;
    dl_entries(dl)
        .into_iter()
        .find(|(t, _)| t == term)
        .map(|(_, dd)| dd)
}

/// A table as rows keyed by the row header (`th[scope=row]` text), each a map from column
/// header text (from `thead th`) to cell text. Cells are matched to headers by position.
pub fn table_rows(table: ElementRef<'_>) -> BTreeMap<String, BTreeMap<String, String>> {
    let headers: Vec<String> = table.select(&sel("thead th")).map(text).collect();
    let mut rows = BTreeMap::new();
    for tr in table.select(&sel("tbody tr")) {
        let cells: Vec<ElementRef<'_>> = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "th" | "td"))
            .collect();
        let Some(head) = cells
            .iter()
            .find(|c| c.value().name() == "th" && c.value().attr("scope") == Some("row"))
        else {
            continue;
        };
        let mut row = BTreeMap::new();
        let mut column = 0usize;
        for cell in &cells {
            let span: usize = cell
                .value()
                .attr("colspan")
                .and_then(|s| s.parse().ok())
                .unwrap_or(1);
            if let Some(h) = headers.get(column) {
                row.insert(h.clone(), text(*cell));
            }
            column += span;
        }
        rows.insert(text(*head), row);
    }
    rows
}

/// Every regular file below `root`, as (path relative to root with `/`, bytes).
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Names the first difference between two snapshots, for assertion messages:
/// `assert!(a == b, "{}", first_difference(&a, &b))`.
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

/// Copies a directory tree (creating `to` and its parents).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `.html` file below `out`, relative with `/`, sorted.
pub fn html_files(out: &Path) -> Vec<String> {
    snapshot_names(out)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

fn snapshot_names(root: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                names.push(rel);
            }
        }
    }
    names.sort();
    names
}

/// Decodes `%XX` escapes (as UTF-8); `None` for a malformed escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a link leaves the site (or is not a path at all).
pub fn is_external(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    [
        "http:",
        "https:",
        "mailto:",
        "tel:",
        "//",
        "data:",
        "javascript:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Resolves a relative link found on the page `page` (relative path of an .html file in the
/// output) to the output-relative path of the file it serves, or an error message.
pub fn resolve_link(out: &Path, page: &str, path_part: &str) -> Result<String, String> {
    if path_part.starts_with('/') {
        return Err("root-absolute link (breaks under a sub-path base_url)".into());
    }
    let decoded = percent_decode(path_part).ok_or("malformed percent-encoding")?;
    let mut parts: Vec<String> = page.split('/').map(str::to_string).collect();
    parts.pop(); // the page's own file name
    for comp in Path::new(&decoded).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("climbs above the site root".into());
                }
            }
            Component::CurDir => {}
            _ => return Err("unexpected path component".into()),
        }
    }
    let mut rel = parts.join("/");
    let full = out.join(&rel);
    if decoded.is_empty() || decoded.ends_with('/') || full.is_dir() {
        rel = if rel.is_empty() {
            "index.html".into()
        } else {
            format!("{rel}/index.html")
        };
    }
    if out.join(&rel).is_file() {
        Ok(rel)
    } else {
        Err(format!("no file {rel}"))
    }
}

/// Result of checking every internal link of a built site.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Internal links checked.
    pub checked: usize,
    /// Of which carried a `#fragment`.
    pub fragments: usize,
    /// "page: attr=value → why" for each broken one.
    pub broken: Vec<String>,
}

/// Checks every relative `a[href]`, `img[src]` and `link[href]` on every page except those in
/// `skip`: the target file must exist, and a `#fragment` must be an `id` in the target page.
pub fn check_links(out: &Path, skip: &[&str]) -> LinkReport {
    let mut report = LinkReport::default();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut ids_of = |rel: &str| -> HashSet<String> {
        ids.entry(rel.to_string())
            .or_insert_with(|| {
                let doc = parse_file(&out.join(rel));
                doc.select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            })
            .clone()
    };
    let targets = [
        ("a[href]", "href"),
        ("img[src]", "src"),
        ("link[href]", "href"),
    ];
    let targets: Vec<(Selector, &str)> = targets
        .iter()
        .map(|(css, attr)| (sel(css), *attr))
        .collect();
    for page in html_files(out) {
        if skip.contains(&page.as_str()) {
            continue;
        }
        let doc = parse_file(&out.join(&page));
        for (selector, attr) in &targets {
            for el in doc.select(selector) {
                let value = el.value().attr(attr).unwrap_or_default();
                if is_external(value) {
                    continue;
                }
                report.checked += 1;
                let (before_fragment, fragment) = match value.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (value, None),
                };
                let path_part = before_fragment.split('?').next().unwrap_or_default();
                let target = if path_part.is_empty() {
                    Ok(page.clone())
                } else {
                    resolve_link(out, &page, path_part)
                };
                let target = match target {
                    Ok(t) => t,
                    Err(why) => {
                        report
                            .broken
                            .push(format!("{page}: {attr}={value} → {why}"));
                        continue;
                    }
                };
                if let Some(fragment) = fragment {
                    report.fragments += 1;
                    let Some(fragment) = percent_decode(fragment) else {
                        report
                            .broken
                            .push(format!("{page}: {attr}={value} → malformed fragment"));
                        continue;
                    };
                    if !target.ends_with(".html") || !ids_of(&target).contains(&fragment) {
                        report.broken.push(format!(
                            "{page}: {attr}={value} → no id “{fragment}” in {target}"
                        ));
                    }
                }
            }
        }
    }
    report
}

// Running the binary ─────────────────────────────────────────────────────────────────────

/// A temporary site directory holding a copy of the small valid fixture site in
/// `site/content` (one sector with one write-up, a plan and a photo).
pub fn small_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &manifest_dir().join("tests/fixtures/bad/base/content"),
        &dir.path().join("content"),
    );
    dir
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code; `None` when killed (by the time limit or a signal).
    pub code: Option<i32>,
    /// Standard output. No test reads it yet, but it is shown in assertion messages
    /// through `{outcome:?}` (which dead-code analysis ignores).
    #[allow(dead_code, reason = "shown through Debug in assertion messages")]
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

// Script detection ─────────────────────────────────────────────────────────────────────

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

// Running `jiebie serve` ─────────────────────────────────────────────────────────────────

/// A running `jiebie serve`, killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    /// `127.0.0.1:<port>`.
    pub address: String,
    /// `$XDG_RUNTIME_DIR` of the server, where it keeps its private build.
    pub runtime: PathBuf,
    _runtime: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's private directory (its build is in `site/`).
    pub fn private_dir(&self) -> PathBuf {
        let port = self.address.rsplit(':').next().unwrap_or_default();
        self.runtime
            .join("jiebie")
            .join(format!("serve-{}-{port}", self.child.id()))
    }
}

/// Starts `jiebie serve` on the site, with a runtime directory of its own (so that no
/// test leaves anything in the user's).
pub fn start_server(site: &Path) -> Server {
    let runtime = tempfile::tempdir().unwrap();
    let mut server = start_server_in(site, runtime.path());
    server._runtime = Some(runtime);
    server
}

/// Starts `jiebie serve` on the site with `runtime` as its `$XDG_RUNTIME_DIR`.
pub fn start_server_in(site: &Path, runtime: &Path) -> Server {
    let mut command = Command::new(JIEBIE);
    command.args(["serve", "--port", "0"]);
    spawn_server(command, site, runtime)
}

/// Starts `jiebie serve` on the site allowed `files` open files (`ulimit -n`).
pub fn start_server_limited(site: &Path, files: u32) -> Server {
    let runtime = tempfile::tempdir().unwrap();
    let mut command = Command::new("sh");
    command.args([
        "-c",
        "ulimit -n \"$1\" && exec \"$0\" serve --port 0",
        JIEBIE,
        &files.to_string(),
    ]);
    let mut server = spawn_server(command, site, runtime.path());
    server._runtime = Some(runtime);
    server
}

fn spawn_server(mut command: Command, site: &Path, runtime: &Path) -> Server {
    use std::io::BufRead;
    let mut child = command
        .current_dir(site)
        .env("XDG_RUNTIME_DIR", runtime)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_string();
    assert!(
        address.starts_with("127.0.0.1:"),
        "binds loopback by default: {line}"
    );
    Server {
        child,
        address,
        runtime: runtime.to_path_buf(),
        _runtime: None,
    }
}

/// `GET path` on a connection of its own: the status and the body.
pub fn get(address: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The request paths of `tests/fixtures/serve/traversal.txt`: each tries to reach a
/// `secret.txt` above serve's build directory.
pub fn traversals() -> Vec<String> {
    std::fs::read_to_string(manifest_dir().join("tests/fixtures/serve/traversal.txt"))
        .unwrap()
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// A minimal RFC 4180 reader written for the tests, independent of the exporter; a
/// leading byte-order mark is skipped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Every sheet of an XLSX workbook as text grids (numbers as Rust prints them, blank cells
/// empty), read with calamine.
pub fn xlsx_sheets(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx opens");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let g = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Float(f) => format!("{f}"),
                            Data::Int(i) => i.to_string(),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, g)
        })
        .collect()
}

/// The tables of a Word document, read with the crate's docx reader, as grids of each
/// cell's plain text.
pub fn docx_tables(doc: &jiebie::author::docx::Document) -> Vec<Vec<Vec<String>>> {
    use jiebie::author::docx::Block;
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(
                t.rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| c.blocks.iter().map(Block::plain_text).collect())
                            .collect()
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}
