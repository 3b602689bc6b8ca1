//! `jiebie export wechat`: the fragment for the WeChat official-account editor, checked
//! against what that editor keeps (tags, attributes, inline CSS properties — written out
//! here, not taken from the library), against the built site (every image is a published
//! file under `base_url`, the last paragraph is the page's address), and on hostile input
//! (the XSS fixture). Drafts and unknown pages write nothing.

use crate::helpers::{
    build, good_fixture, manifest_dir, percent_decode, run, script_vectors, Outcome,
};
use scraper::{ElementRef, Html};
use std::path::Path;
use std::time::Duration;

/// What the WeChat editor keeps when HTML is pasted (docs/wechat.md).
const EDITOR_TAGS: &[&str] = &[
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "sup",
    "sub",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "img",
    "br",
    "hr",
];

/// The attributes it keeps (no class, id, data-*, on*, href).
const EDITOR_ATTRIBUTES: &[&str] = &["style", "src", "alt", "colspan", "rowspan", "start"];

/// The CSS properties it keeps in a `style` (no position, no url(), no float).
const EDITOR_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "letter-spacing",
    "text-align",
    "text-decoration",
    "text-indent",
    "vertical-align",
    "white-space",
    "word-wrap",
    "overflow-wrap",
    "word-break",
    "margin",
    "margin-top",
    "margin-bottom",
    "padding",
    "padding-left",
    "padding-top",
    "border",
    "border-top",
    "border-left",
    "border-collapse",
    "table-layout",
    "display",
    "width",
    "max-width",
    "height",
];

/// Elements that carry no look of their own, so need no style.
const UNSTYLED: &[&str] = &["br", "span", "thead", "tbody", "tfoot", "tr"];

const TODAY: &str = "2026-11-20";

fn export(content: &Path, pages: &[&str], extra: &[&str]) -> Outcome {
    let content = content.to_string_lossy();
    let mut args = vec!["export", "wechat"];
    args.extend_from_slice(pages);
    args.extend_from_slice(&["--content", &content, "--today", TODAY, "--lang", "zh"]);
    args.extend_from_slice(extra);
    run(
        &manifest_dir(),
        &args,
        &[("NO_COLOR", "1")],
        Duration::from_secs(60),
    )
}

/// Every way `fragment` breaks the editor's rules, or does not match the site built in
/// `out` under `base_url`.
fn problems(fragment: &str, base_url: &str, out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = Html::parse_fragment(fragment);
    let elements: Vec<ElementRef<'_>> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .skip(1) // the parser's own <html>
        .collect();
    for el in &elements {
        let name = el.value().name();
        if !EDITOR_TAGS.contains(&name) {
            problems.push(format!("<{name}> is not kept by the editor"));
        }
        for (key, value) in el.value().attrs() {
            if !EDITOR_ATTRIBUTES.contains(&key) {
                problems.push(format!("{key}=\"{value}\" on <{name}>"));
            }
        }
        match el.value().attr("style") {
            None if !UNSTYLED.contains(&name) => problems.push(format!("<{name}> without style")),
            None => {}
            Some(style) => {
                for declaration in style.split(';').filter(|d| !d.trim().is_empty()) {
                    let (property, value) =
                        declaration.split_once(':').unwrap_or((declaration, ""));
                    if !EDITOR_PROPERTIES.contains(&property.trim()) {
                        problems.push(format!("CSS {property} on <{name}>"));
                    }
                    let value = value.to_ascii_lowercase();
                    if value.contains("url(") || value.contains("expression") {
                        problems.push(format!("CSS value {value} on <{name}>"));
                    }
                }
            }
        }
        if name == "img" {
            let src = el.value().attr("src").unwrap_or_default();
            match src.strip_prefix(base_url) {
                Some(path) => {
                    let file = percent_decode(path).unwrap_or_default();
                    if !out.join(&file).is_file() {
                        problems.push(format!("image {src} is not a published file"));
                    }
                }
                None => problems.push(format!("image {src} is not under {base_url}")),
            }
            if el.value().attr("alt").is_none_or(|a| a.trim().is_empty()) {
                problems.push(format!("image {src} without alt"));
            }
        }
    }
    problems.extend(script_vectors(fragment));
    problems
}

/// The text of the fragment's last paragraph.
fn last_paragraph(fragment: &str) -> String {
    let doc = Html::parse_fragment(fragment);
    let p = scraper::Selector::parse("p").expect("selector");
    doc.select(&p)
        .next_back()
        .map(|p| p.text().collect())
        .unwrap_or_default()
}

const STUDY: &str = "sectors/alpha/activities/2025-04-12-长江调研.md";

#[test]
fn a_write_up_becomes_a_fragment_the_editor_keeps() {
    let content = good_fixture("basic");
    let site = build(&content);
    let base_url = "https://example.org/site/";
    let file = content.join(STUDY);
    let outcome = export(&content, &[&file.to_string_lossy()], &[]);
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    let fragment = &outcome.stdout;
    let found = problems(fragment, base_url, &site.out);
    assert!(found.is_empty(), "{found:#?}\n{fragment}");

    // What the page shows is in the fragment: title, facts, body, photo and caption,
    // outputs; and the last paragraph is the page's address, a page of the built site.
    let text: String = Html::parse_fragment(fragment)
        .root_element()
        .text()
        .collect();
    for shown in [
        "甲界赴江岸区开展长江岸线专题调研",
        "2025年4月12日至2025年4月13日",
        "委员一、委员二",
        "武汉市江岸区",
        "委员们察看了江滩公园。",
        "调研现场",
        "关于长江岸线生态修复的调研报告",
    ] {
        assert!(text.contains(shown), "{shown} missing from {text}");
    }
    let doc = Html::parse_fragment(fragment);
    let img = scraper::Selector::parse("img").expect("selector");
    let alts: Vec<&str> = doc
        .select(&img)
        .filter_map(|i| i.value().attr("alt"))
        .collect();
    assert_eq!(alts, ["委员在江滩察看岸线修复情况"]);
    let last = last_paragraph(fragment);
    let url = last
        .strip_prefix("原文链接：")
        .unwrap_or_else(|| panic!("last paragraph: {last}"));
    let path = url
        .strip_prefix(base_url)
        .unwrap_or_else(|| panic!("{url} is not under {base_url}"));
    assert!(site.has_page(path), "{url} is not a page of the site");

    // The same page named by its address gives the same fragment, byte for byte.
    let by_url = export(&content, &[url], &[]);
    assert_eq!(by_url.code, Some(0), "{by_url:?}");
    assert_eq!(&by_url.stdout, fragment);
}

#[test]
fn hostile_write_ups_export_clean() {
    let content = manifest_dir().join("tests/fixtures/xss/content");
    let site = build(&content);
    let tmp = tempfile::tempdir().expect("temp dir");
    let folder = tmp.path().join("wechat");
    let pages: Vec<String> = std::fs::read_dir(content.join("sectors/minmeng/activities/2025"))
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(pages.len() >= 3);
    let page_args: Vec<&str> = pages.iter().map(String::as_str).collect();
    let outcome = export(
        &content,
        &page_args,
        &["--output", &folder.to_string_lossy()],
    );
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    let written: Vec<_> = std::fs::read_dir(&folder)
        .expect("output folder")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(written.len(), pages.len());
    let mut shown_as_text = 0;
    for entry in written {
        let fragment = std::fs::read_to_string(entry.path()).expect("fragment");
        let found = problems(&fragment, "https://www.example.gov.cn/jbfc/", &site.out);
        assert!(found.is_empty(), "{}: {found:#?}", entry.path().display());
        // Hostile names are shown as the text they are (escaped), not dropped.
        let text: String = Html::parse_fragment(&fragment)
            .root_element()
            .text()
            .collect();
        shown_as_text += usize::from(text.contains("<script>alert(1)</script>"));
        assert!(last_paragraph(&fragment).starts_with("原文链接：https://www.example.gov.cn/jbfc/"));
    }
    assert!(
        shown_as_text >= 2,
        "hostile names were dropped, not escaped"
    );
}

#[test]
fn drafts_and_unknown_pages_write_nothing() {
    let content = good_fixture("basic");
    let tmp = tempfile::tempdir().expect("temp dir");
    let target = tmp.path().join("out.html");
    let draft = content.join("sectors/alpha/activities/2025-09-01-draft.md");
    let outcome = export(
        &content,
        &[&draft.to_string_lossy()],
        &["--output", &target.to_string_lossy()],
    );
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(outcome.stderr.contains("草稿"), "{outcome:?}");
    assert!(!target.exists());

    // A typo among good pages: nothing is written, and the nearest file is suggested.
    let folder = tmp.path().join("many");
    let good = content.join(STUDY);
    let typo = content.join("sectors/alpha/activities/2025-04-12-长江调.md");
    let outcome = export(
        &content,
        &[&good.to_string_lossy(), &typo.to_string_lossy()],
        &["--output", &folder.to_string_lossy()],
    );
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(
        outcome.stderr.contains("2025-04-12-长江调研.md"),
        "{outcome:?}"
    );
    assert!(outcome.stdout.is_empty(), "{outcome:?}");
    assert!(!folder.exists());

    let outcome = export(
        &content,
        &["https://example.org/site/sectors/alpha/2025/nope/"],
        &[],
    );
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(outcome.stdout.is_empty(), "{outcome:?}");
}
