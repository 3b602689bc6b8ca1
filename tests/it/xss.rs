//! Cross-site scripting: the fixture site `tests/fixtures/xss/` carries classic payloads
//! in every front-matter field that is shown and in every kind of body. No generated
//! page may contain a script element, an event-handler attribute or a script URL, and
//! the payloads must still be shown, as text.
//! (`tests/browser/xss.mjs` opens the same pages in Chromium; see SECURITY.md.)

use crate::helpers::{
    copy_dir, html_files, manifest_dir, run, script_vectors, small_site, Outcome,
};
use std::path::Path;
use std::time::Duration;

fn build_fixture(site: &Path) -> Outcome {
    let outcome = run(site, &["build"], &[], Duration::from_secs(60));
    assert!(!outcome.panicked(), "{}", outcome.stderr);
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    outcome
}

fn fixture_copy() -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &manifest_dir().join("tests/fixtures/xss/content"),
        &site.path().join("content"),
    );
    site
}

fn text_of(html: &str, selector: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    document
        .select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn no_page_of_the_payload_site_can_run_script() {
    let site = fixture_copy();
    build_fixture(site.path());
    let public = site.path().join("public");
    let pages = html_files(&public);
    assert!(pages.len() >= 20, "{} pages", pages.len());
    let mut problems = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(public.join(page)).expect("read page");
        for problem in script_vectors(&html) {
            problems.push(format!("{page}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn payloads_are_shown_as_text_not_swallowed() {
    let site = fixture_copy();
    build_fixture(site.path());
    let public = site.path().join("public");
    let activity =
        std::fs::read_to_string(public.join("sectors/minmeng/2025/2025-03-15-xss-0/index.html"))
            .expect("activity page");
    let heading = text_of(&activity, "h1").concat();
    assert!(
        heading.contains("标题\"><img src=x onerror=alert(1)>"),
        "the title is shown literally: {heading}"
    );
    let title = text_of(&activity, "title").concat();
    assert!(title.contains("站名"), "{title}");
    // Template syntax in content is never evaluated.
    let everything: String = html_files(&public)
        .iter()
        .map(|p| std::fs::read_to_string(public.join(p)).expect("read page"))
        .collect();
    let document = scraper::Html::parse_document(&everything);
    let text: String = document.root_element().text().collect();
    assert!(text.contains("{{ 7*7 }}"), "template syntax kept as text");
    // Allowed raw HTML is kept, dangerous attributes gone.
    let bold = text_of(&activity, ".prose b");
    assert!(bold.iter().any(|b| b == "粗体"), "{bold:?}");
}

#[test]
fn trusted_html_lets_raw_html_through_and_warns() {
    // The control experiment: with sanitising off, the detector must see the payloads,
    // which shows the test above could fail.
    let site = fixture_copy();
    let config = site.path().join("content/site.yaml");
    let mut text = std::fs::read_to_string(&config).expect("site.yaml");
    text.push_str("trusted_html: true\n");
    std::fs::write(&config, text).expect("write site.yaml");
    let outcome = build_fixture(site.path());
    assert!(
        outcome.stderr.contains("site.yaml") && outcome.stderr.contains("trusted_html"),
        "{}",
        outcome.stderr
    );
    let activity = std::fs::read_to_string(
        site.path()
            .join("public/sectors/minmeng/2025/2025-03-15-xss-0/index.html"),
    )
    .expect("activity page");
    assert!(!script_vectors(&activity).is_empty());
    // Front matter stays escaped even then: only the header is looked at here.
    let header = text_of(&activity, "h1").concat();
    assert!(header.contains("<img src=x"), "{header}");
}

#[test]
fn strict_builds_refuse_trusted_html() {
    let site = small_site();
    let strict_check = |dir: &Path| run(dir, &["check", "--strict"], &[], Duration::from_secs(60));
    let clean = strict_check(site.path());
    assert_eq!(
        clean.code,
        Some(0),
        "the small site passes --strict: {clean:?}"
    );
    let config = site.path().join("content/site.yaml");
    let mut text = std::fs::read_to_string(&config).expect("site.yaml");
    text.push_str("trusted_html: true\n");
    std::fs::write(&config, text).expect("write site.yaml");
    let trusted = strict_check(site.path());
    assert_eq!(trusted.code, Some(1), "{trusted:?}");
    assert!(
        trusted.stderr.contains("trusted_html"),
        "{}",
        trusted.stderr
    );
}
