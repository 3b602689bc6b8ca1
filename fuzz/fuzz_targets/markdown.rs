//! Markdown body → sanitised HTML: must never panic, and never keep a script element,
//! an event-handler attribute or a `javascript:` URL.
#![no_main]

use jiebie::render::markdown::{self, LinkContext};
use jiebie::model::{Markdown, Source};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

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
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(!squeezed.starts_with("javascript:"), "{html}");
            assert!(!squeezed.starts_with("data:"), "{html}");
        }
    }
});
