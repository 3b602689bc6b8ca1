//! Property tests: the front-matter splitter, the YAML reader, the whole validation of
//! arbitrary front matter, the Markdown renderer and the HTML escaper never panic on any
//! input, and what they produce stays safe.

use crate::helpers::script_vectors;
use jiebie::core::diagnostics::Position;
use jiebie::core::text::escape_html;
use jiebie::derive;
use jiebie::model::validate::{self, ValidateOptions};
use jiebie::model::{Markdown, Source};
use jiebie::render::bodies::Bodies;
use jiebie::render::markdown::{self, LinkContext};
use jiebie::source::front_matter::{decode_text, split_front_matter};
use jiebie::source::load::{Loaded, SourceFile};
use jiebie::source::roles::Role;
use jiebie::source::yaml;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 192,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of the characters that matter to YAML, so that the parser sees structure
/// (flow and block collections, anchors, tags, quotes, comments) rather than noise.
fn yamlish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9:\\-\\[\\]{}&*!|>'\" \n,#?%@`~.标题日期]{0,160}",
        prop::collection::vec(
            prop_oneof![
                Just("title: 标题\n".to_string()),
                Just("date: 2025-03-05\n".to_string()),
                Just("kind: research\n".to_string()),
                Just("participants: [张某某, 李某某]\n".to_string()),
                Just("outputs:\n  - { kind: report, title: 报告 }\n".to_string()),
                Just("photos:\n  - { src: p.jpg, alt: 图 }\n".to_string()),
                Just("also_sectors: [jiaoyu, nope]\n".to_string()),
                Just("draft: true\n".to_string()),
                Just("slug: a-b\n".to_string()),
                "[a-z_]{1,12}: [^\n]{0,30}\n",
                "  - [^\n]{0,20}\n",
                any::<String>(),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// Markdown with classic script payloads mixed into ordinary syntax.
fn hostile_markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("<script>alert(1)</script>".to_string()),
            Just("\"><img src=x onerror=alert(1)>".to_string()),
            Just("[a](javascript:alert(1))".to_string()),
            Just("[a](JaVaScRiPt:alert(1))".to_string()),
            Just("<a href=\"jav&#x09;ascript:alert(1)\">x</a>".to_string()),
            Just("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>".to_string()),
            Just("<svg onload=alert(1)>".to_string()),
            Just("<iframe srcdoc=\"<script>alert(1)</script>\">".to_string()),
            Just("<style>body{display:none}</style>".to_string()),
            Just("<b onmouseover=alert(1)>b</b>".to_string()),
            Just("![x](javascript:alert(1))".to_string()),
            Just("<javascript:alert(1)>".to_string()),
            Just("[ref]\n\n[ref]: javascript:alert(1)\n".to_string()),
            Just("<!-- <script>alert(1)</script> -->".to_string()),
            Just("\n\n".to_string()),
            Just("| a | b |\n| - | - |\n| <i>1</i> | 2 |\n".to_string()),
            Just("[^1]\n\n[^1]: note\n".to_string()),
            "[a-z<>\"'=/ :(){}\\[\\]!*`#\n]{0,24}",
            any::<String>(),
        ],
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

fn document(rel: &str, role: Role, front: &str) -> Option<SourceFile> {
    Some(SourceFile {
        rel: PathBuf::from(rel),
        display: Path::new("content").join(rel),
        role,
        front: yaml::parse(front).ok()?,
        body: "正文。".into(),
        body_line: 1,
    })
}

/// A small valid site with one document replaced by `front`, taken through validation,
/// derivation and body rendering — everything `jiebie check` does, in memory.
fn check_in_memory(front: &str, role_under_test: usize) {
    let mut files = vec![
        document(
            "site.yaml",
            Role::SiteConfig,
            "title: 网站\ncommittee: 政协\nbase_url: https://example.gov.cn/\n",
        ),
        document(
            "sectors/minmeng/index.md",
            Role::Sector {
                sector: "minmeng".into(),
            },
            "name: 民盟界\ngroup: 民主党派\n",
        ),
        document(
            "sectors/minmeng/activities/a.md",
            Role::Activity {
                sector: "minmeng".into(),
            },
            "title: 活动\ndate: 2025-01-02\nkind: study\n",
        ),
    ];
    let Ok(node) = yaml::parse(front) else {
        return;
    };
    if let Some(Some(file)) = files.get_mut(role_under_test) {
        file.front = node;
    }
    let loaded = Loaded {
        files: files.into_iter().flatten().collect(),
        assets: [PathBuf::from("sectors/minmeng/activities/p.jpg")].into(),
        unreadable: Vec::new(),
        diagnostics: Vec::new(),
    };
    let options = ValidateOptions {
        include_drafts: true,
        base_url: None,
        include_unreviewed: false,
        today: None,
    };
    let (site, diagnostics) = validate::validate(loaded, Path::new("content"), &options);
    for d in &diagnostics {
        assert!(d.position >= Position::start());
        assert!(!d.message.is_empty());
    }
    if let Some(site) = site {
        let (derived, _) = derive::derive(
            &site,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        );
        let _ = Bodies::render(&site, &derived);
    }
}

fn render_body(text: &str) -> markdown::Rendered {
    let urls: HashMap<PathBuf, String> = HashMap::new();
    let assets: BTreeSet<PathBuf> = [PathBuf::from("pages/p.jpg")].into();
    let source = Source {
        rel: "pages/a.md".into(),
        display: "content/pages/a.md".into(),
    };
    let body = Markdown {
        text: text.into(),
        line: 1,
    };
    markdown::render(
        &body,
        &source,
        LinkContext {
            document_urls: &urls,
            assets: &assets,
            rejected: &Default::default(),
            trusted_html: false,
        },
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn splitter_never_panics(text in any::<String>()) {
        let _ = split_front_matter(&text);
    }

    #[test]
    fn splitter_returns_exactly_what_lies_between_the_fences(
        front in "([a-z: \\[\\]]{0,20}\n){0,6}",
        body in any::<String>(),
    ) {
        let text = format!("---\n{front}---\n{body}");
        let split = split_front_matter(&text).expect("fenced text splits");
        prop_assert_eq!(split.front, front.as_str());
        prop_assert_eq!(split.body, body.as_str());
        prop_assert_eq!(split.body_line, front.matches('\n').count() + 3);
    }

    #[test]
    fn text_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(text) = decode_text(&bytes) {
            prop_assert!(!text.contains('\r'));
            prop_assert!(!text.contains('\0'));
        }
    }

    #[test]
    fn yaml_never_panics(text in any::<String>()) {
        let _ = yaml::parse(&text);
    }

    #[test]
    fn yaml_on_structured_text_never_panics_and_positions_are_real(text in yamlish()) {
        match yaml::parse(&text) {
            Ok(node) => prop_assert!(node.position >= Position::start()),
            Err(e) => {
                prop_assert!(e.position >= Position::start());
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn validation_of_arbitrary_front_matter_never_panics(
        front in yamlish(),
        role in 0usize..3,
    ) {
        check_in_memory(&front, role);
    }

    #[test]
    fn rendered_markdown_never_carries_script(text in hostile_markdown()) {
        let rendered = render_body(&text);
        let problems = script_vectors(&rendered.html);
        prop_assert!(problems.is_empty(), "{:?} in {}", problems, rendered.html);
        prop_assert!(!rendered.first_paragraph.contains('\0'));
    }

    #[test]
    fn markdown_never_panics(text in any::<String>()) {
        let _ = render_body(&text);
    }

    #[test]
    fn escaping_leaves_no_markup_and_round_trips(text in any::<String>()) {
        let escaped = escape_html(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
        let mut rest = escaped.as_str();
        while let Some(at) = rest.find('&') {
            rest = &rest[at..];
            let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .into_iter()
                .find(|e| rest.starts_with(e));
            prop_assert!(entity.is_some(), "bare & in {}", escaped);
            rest = &rest[1..];
        }
        let unescaped = escaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        prop_assert_eq!(unescaped, text);
    }
}

#[test]
fn the_script_detector_itself_detects_script() {
    // The property above is only as good as this detector: make sure it can fail.
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=\"DATA:text/html,x\">x</a>",
        "<iframe src=\"https://e.example/\"></iframe>",
    ] {
        assert!(!script_vectors(bad).is_empty(), "{bad}");
    }
    assert!(script_vectors("<p><a href=\"../x/\">x</a> &lt;script&gt;</p>").is_empty());
}
