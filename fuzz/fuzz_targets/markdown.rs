//! Markdown body → sanitised HTML: must never panic, and never keep a script element,
//! an event-handler attribute or a `javascript:` or `data:` URL.
#![no_main]

use jiebie::model::{Markdown, Source};
use jiebie::render::markdown::{self, LinkContext};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// Attributes a browser reads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "cite",
    "data",
    "poster",
    "background",
    "longdesc",
    "xlink:href",
    "ping",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
];

/// A URL's start as a browser reads it (WHATWG URL parser): leading and trailing C0
/// controls and spaces dropped, tabs and newlines dropped anywhere, lower-cased. Any
/// other control character inside the scheme makes the URL relative, not a script URL.
fn url_start(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

fuzz_target!(|text: &str| {
    let urls: HashMap<PathBuf, String> = HashMap::new();
    let assets: BTreeSet<PathBuf> = BTreeSet::new();
    let source = Source {
        rel: "pages/a.md".into(),
        display: "content/pages/a.md".into(),
    };
    let body = Markdown {
        text: text.into(),
        line: 1,
    };
    let links = LinkContext {
        document_urls: &urls,
        assets: &assets,
        rejected: &Default::default(),
        trusted_html: false,
    };
    let html = markdown::render(&body, &source, links).html;
    let fragment = scraper::Html::parse_fragment(&html);
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        assert!(element.name() != "script", "{html}");
        for (name, value) in element.attrs() {
            assert!(!name.starts_with("on"), "{html}");
            if URL_ATTRIBUTES.contains(&name) {
                let scheme = url_start(value);
                assert!(!scheme.starts_with("javascript:"), "{html}");
                assert!(!scheme.starts_with("data:"), "{html}");
            }
        }
    }
});
