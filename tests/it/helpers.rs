//! Shared helpers for the integration tests: building fixtures into temporary
//! directories, reading the output tree, and querying pages through an HTML parser.

#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The crate root (where `content/` of the sample site lives).
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
    }
}

/// A built site in a temporary directory (removed on drop).
pub struct Built {
    /// Keeps the temporary directory alive.
    pub tmp: tempfile::TempDir,
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
    Built { tmp, out, summary }
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

/// Asserts two snapshots hold the same files with the same bytes, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "file sets differ: only in first {only_a:?}, only in second {only_b:?}"
    );
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{path} differs between the two trees");
    }
}

/// Copies a directory tree.
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

/// Every `.html` file below `out`, relative with `/`.
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
