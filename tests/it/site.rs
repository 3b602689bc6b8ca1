//! Integration tests: build whole sites through the library API and check the generated
//! pages through an HTML parser.
//!
//! The hand-written fixture `tests/fixtures/good/basic/content` is designed so that every
//! figure is known in advance:
//!
//! | sector | 2024                  | 2025                                                        |
//! |--------|-----------------------|-------------------------------------------------------------|
//! | alpha (甲界) | 1 study        | 1 research (1 report, file `2025-04-12-长江调研.md`) + the joint activity filed by beta (1 proposal) = 2 activities, 2 outputs → met; plus a draft |
//! | beta (乙界)  | 1 service      | the joint activity (also alpha) + a standalone opinion = 1 activity, 2 outputs → short by one activity |
//! | gamma (丙界) | 1 fellowship   | 2 plenary group discussions (1 output each) = 0 activities → not met, plenary counted apart |
//!
//! alpha's convenor is 甲某 for 2022–2024 and 乙某 from 2025. alpha has a 2025 summary, so
//! 2025 is not "in progress" and the verdicts are final.

use crate::helpers::*;
use jiebie::derive::route::Route;
use std::path::Path;

const A1: &str = "sectors/alpha/2025/2025-04-12-chang-jiang-diao-yan/";
const A1_TITLE: &str = "甲界赴江岸区开展长江岸线专题调研";
const A24: &str = "sectors/alpha/2024/2024-05-10-study/";
const A24_TITLE: &str = "甲界学习全国两会精神";
const JOINT: &str = "sectors/beta/2025/2025-06-20-joint/";
const JOINT_TITLE: &str = "乙界与甲界联合开展界别协商";
const B24: &str = "sectors/beta/2024/2024-08-08-service/";
const B24_TITLE: &str = r#"乙界开展<b>社会服务</b> & "义诊""#;
const DRAFT: &str = "sectors/alpha/2025/2025-09-01-draft/";
const DRAFT_TITLE: &str = "甲界尚未发布的草稿活动";
const PHOTO: &str = "media/sectors/alpha/activities/jiang.png";

fn basic() -> std::path::PathBuf {
    good_fixture("basic")
}

/// Resolves a relative `href` (without its `#fragment`) found on the page at site URL
/// `page_url` to the output file it serves.
fn target_of(built: &Built, page_url: &str, href: &str) -> String {
    let page = page_file(Path::new(""), page_url)
        .to_string_lossy()
        .replace('\\', "/");
    let path = href.split('#').next().unwrap_or_default();
    resolve_link(&built.out, &page, path).unwrap_or_else(|e| panic!("{href} on {page_url}: {e}"))
}

fn index_of(url: &str) -> String {
    format!("{url}index.html")
}

// 1 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn sample_site_builds_and_every_internal_link_resolves() {
    let content = manifest_dir().join("content");
    let built = build(&content);
    assert!(
        built.summary.activities > 150,
        "sample site has ~170 activities, got {}",
        built.summary.activities
    );
    assert!(built.out.join("index.html").is_file());
    assert!(built.out.join("404.html").is_file());

    let report = check_links(&built.out, &["404.html"]);
    assert!(
        report.broken.is_empty(),
        "{} broken internal links, first ones:\n{}",
        report.broken.len(),
        report
            .broken
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        report.checked > 1000,
        "only {} internal links checked",
        report.checked
    );
    assert!(
        report.fragments > 10,
        "only {} links with a #fragment checked",
        report.fragments
    );
}

#[test]
fn basic_fixture_builds_cleanly_and_every_internal_link_resolves() {
    let built = build(&basic());
    assert!(
        built.summary.warnings.is_empty(),
        "fixture should build without warnings: {:?}",
        built.summary.warnings
    );
    assert_eq!(
        built.summary.activities, 7,
        "7 published activities (the draft left out)"
    );
    let report = check_links(&built.out, &["404.html"]);
    assert!(
        report.broken.is_empty(),
        "broken links:\n{}",
        report.broken.join("\n")
    );
    assert!(
        report.checked > 300,
        "only {} links checked",
        report.checked
    );

    // The checker itself catches a missing page and a missing fragment target.
    std::fs::remove_file(built.out.join("kinds/research/index.html")).unwrap();
    let year = built.out.join("sectors/alpha/2025/index.html");
    let html = std::fs::read_to_string(&year).unwrap();
    std::fs::write(&year, html.replace("id=\"plan\"", "id=\"gone\"")).unwrap();
    let report = check_links(&built.out, &["404.html"]);
    assert!(
        report
            .broken
            .iter()
            .any(|b| b.contains("no file kinds/research/index.html")),
        "{:?}",
        report.broken
    );
    assert!(
        report
            .broken
            .iter()
            .any(|b| b.contains("no id “plan” in sectors/alpha/2025/index.html")),
        "{:?}",
        report.broken
    );
}

/// Regression: the footer used to link to pages/about/, pages/contact/ and pages/rules/
/// whether or not the site had those pages.
#[test]
fn site_without_free_pages_has_no_broken_footer_links() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&basic(), &content);
    std::fs::remove_dir_all(content.join("pages")).unwrap();
    let out = tmp.path().join("public");
    jiebie::build(&options(&content, &out)).expect("builds without pages/");
    let report = check_links(&out, &["404.html"]);
    assert!(
        report.broken.is_empty(),
        "{} broken links, e.g.:\n{}",
        report.broken.len(),
        report
            .broken
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// 2 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn activity_page_shows_its_facts() {
    let built = build(&basic());
    let doc = built.page(A1);

    assert_eq!(text(one(&doc, "article h1")), A1_TITLE);
    assert_eq!(
        one(&doc, "title").text().collect::<String>(),
        format!("{A1_TITLE} - 测试界别风采")
    );

    let time = one(&doc, "article p.meta time");
    assert_eq!(time.value().attr("datetime"), Some("2025-04-12"));
    assert_eq!(text(time), "2025年4月12日");
    let meta = text(one(&doc, "article p.meta"));
    assert!(
        meta.starts_with("2025年4月12日至2025年4月13日"),
        "date range in {meta:?}"
    );
    assert!(meta.contains("· 联络员 丙某"), "author in {meta:?}");
    assert!(meta.contains("· 来源：甲界"), "source in {meta:?}");
    let sector_link = one(&doc, "article p.meta a");
    assert_eq!(text(sector_link), "甲界");
    assert_eq!(
        target_of(&built, A1, sector_link.value().attr("href").unwrap()),
        "sectors/alpha/index.html"
    );

    let facts = "article dl.facts";
    let kind = fact(&doc, facts, "活动类型").expect("活动类型");
    assert_eq!(text(kind), "界别调研和视察");
    let kind_href = kind
        .select(&sel("a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(
        target_of(&built, A1, kind_href),
        "kinds/research/index.html"
    );
    assert_eq!(
        text(fact(&doc, facts, "地点").expect("地点")),
        "武汉市江岸区"
    );
    assert_eq!(
        text(fact(&doc, facts, "组织单位").expect("组织单位")),
        "人口资源环境委员会"
    );
    assert_eq!(
        text(fact(&doc, facts, "出席领导").expect("出席领导")),
        "领导甲（副主席）"
    );
    assert_eq!(
        text(fact(&doc, facts, "参加委员（2 人）").expect("参加委员（2 人）")),
        "委员一、委员二"
    );
    let outputs = fact(&doc, facts, "形成成果").expect("形成成果");
    let items: Vec<String> = outputs.select(&sel("li")).map(text).collect();
    assert_eq!(items, ["调研报告 关于长江岸线生态修复的调研报告"]);
    let plan = fact(&doc, facts, "年度计划项目").expect("年度计划项目");
    assert_eq!(text(plan), "p1 长江岸线专题调研");
    let plan_href = plan
        .select(&sel("a"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert!(plan_href.ends_with("#plan"), "{plan_href}");
    assert_eq!(
        target_of(&built, A1, plan_href),
        "sectors/alpha/2025/index.html"
    );
    assert!(
        fact(&doc, facts, "联合开展").is_none(),
        "not a joint activity"
    );

    let body: Vec<String> = texts(&doc, "article .prose p");
    assert_eq!(
        body,
        [
            "4月12日至13日，甲界委员赴江岸区调研长江岸线生态修复情况。",
            "委员们察看了江滩公园。"
        ]
    );

    let img = one(&doc, "section.photos figure img");
    assert_eq!(img.value().attr("alt"), Some("委员在江滩察看岸线修复情况"));
    let src = target_of(&built, A1, img.value().attr("src").unwrap());
    assert_eq!(src, PHOTO);
    let original = std::fs::read(basic().join("sectors/alpha/activities/jiang.png")).unwrap();
    assert_eq!(
        std::fs::read(built.out.join(&src)).unwrap(),
        original,
        "photo copied byte for byte"
    );
    assert_eq!(text(one(&doc, "section.photos figcaption")), "调研现场");

    // Neighbours within the filing sector only: the newer joint activity (filed by beta,
    // also counting for alpha) is not alpha's "next".
    let prev = one(&doc, "nav.prev-next a[rel=prev]");
    assert_eq!(text(prev), A24_TITLE);
    assert_eq!(
        target_of(&built, A1, prev.value().attr("href").unwrap()),
        index_of(A24)
    );
    assert!(
        doc.select(&sel("nav.prev-next a[rel=next]"))
            .next()
            .is_none(),
        "newest alpha activity has no next"
    );
    assert_eq!(
        texts(&doc, "nav.prev-next li"),
        ["上一篇：甲界学习全国两会精神", "下一篇：没有了"]
    );

    let older = built.page(A24);
    let next = one(&older, "nav.prev-next a[rel=next]");
    assert_eq!(text(next), A1_TITLE);
    assert_eq!(
        target_of(&built, A24, next.value().attr("href").unwrap()),
        index_of(A1)
    );
    assert_eq!(texts(&older, "nav.prev-next li")[0], "上一篇：没有了");
}

#[test]
fn joint_activity_page_names_both_sectors_and_stays_in_its_filing_sector() {
    let built = build(&basic());
    let doc = built.page(JOINT);
    assert_eq!(text(one(&doc, "article h1")), JOINT_TITLE);
    assert_eq!(
        text(fact(&doc, "article dl.facts", "联合开展").expect("联合开展")),
        "乙界、甲界"
    );
    assert_eq!(
        text(fact(&doc, "article dl.facts", "活动类型").unwrap()),
        "界别协商"
    );
    let links: Vec<String> = doc
        .select(&sel("article p.meta a"))
        .map(|a| target_of(&built, JOINT, a.value().attr("href").unwrap()))
        .collect();
    assert_eq!(
        links,
        ["sectors/beta/index.html", "sectors/alpha/index.html"]
    );
    let prev = one(&doc, "nav.prev-next a[rel=prev]");
    assert_eq!(
        target_of(&built, JOINT, prev.value().attr("href").unwrap()),
        index_of(B24)
    );
    assert!(doc
        .select(&sel("nav.prev-next a[rel=next]"))
        .next()
        .is_none());

    // Listed on both sectors' 2025 pages.
    for sector_page in ["sectors/alpha/2025/", "sectors/beta/2025/"] {
        let page = built.page(sector_page);
        let titles = texts(&page, ".cards h3.card-title");
        assert!(
            titles.contains(&JOINT_TITLE.to_string()),
            "{sector_page} lists {titles:?}"
        );
    }
}

#[test]
fn sector_year_page_lists_its_activities_plan_and_outputs() {
    let built = build(&basic());
    let doc = built.route(Route::SectorYear("alpha", 2025));
    assert_eq!(texts(&doc, ".cards h3.card-title"), [JOINT_TITLE, A1_TITLE]);
    let links: Vec<String> = doc
        .select(&sel(".cards h3.card-title a"))
        .map(|a| {
            target_of(
                &built,
                "sectors/alpha/2025/",
                a.value().attr("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(links, [index_of(JOINT), index_of(A1)]);

    let plan = one(&doc, "section#plan table");
    let rows = table_rows(plan);
    assert_eq!(rows["p1"]["开展情况"], A1_TITLE);
    assert_eq!(rows["p2"]["开展情况"], "未开展");
    assert_eq!(rows["p1"]["季度"], "第2季度");

    let outputs = texts(&doc, "ul.output-list li");
    assert_eq!(outputs.len(), 2, "{outputs:?}");
    assert!(
        outputs[0].starts_with("集体提案 关于联合协商事项的集体提案 2025年6月20日"),
        "{outputs:?}"
    );
    assert!(
        outputs[1].starts_with("调研报告 关于长江岸线生态修复的调研报告 2025年4月12日"),
        "{outputs:?}"
    );
}

#[test]
fn markup_in_front_matter_is_shown_as_text() {
    let built = build(&basic());
    let doc = built.page(B24);
    let h1 = one(&doc, "article h1");
    assert_eq!(text(h1), B24_TITLE);
    assert_eq!(
        h1.children().filter_map(scraper::ElementRef::wrap).count(),
        0,
        "no element injected into h1"
    );
    assert!(doc.select(&sel("article b")).next().is_none());
    assert_eq!(
        one(&doc, "title").text().collect::<String>(),
        format!("{B24_TITLE} - 测试界别风采")
    );
    let description = one(&doc, "meta[name=description]").value().attr("content");
    assert_eq!(description, Some(r#"摘要含"双引号"、'单引号'与<尖括号>"#));
    let sector = built.route(Route::SectorYear("beta", 2024));
    assert_eq!(texts(&sector, ".cards h3.card-title"), [B24_TITLE]);
    assert_eq!(
        texts(&sector, ".cards p.card-summary"),
        [r#"摘要含"双引号"、'单引号'与<尖括号>"#]
    );
}

/// An activity's summary is its page's meta description, whether or not site.yaml has a
/// `description` of its own.
#[test]
fn activity_meta_description_without_site_description() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&basic(), &content);
    let config = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("description:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(config, without);
    std::fs::write(content.join("site.yaml"), without).unwrap();
    let out = tmp.path().join("public");
    jiebie::build(&options(&content, &out)).expect("builds without a site description");
    let doc = parse_file(&page_file(&out, B24));
    let description = doc
        .select(&sel("meta[name=description]"))
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_string));
    assert_eq!(
        description.as_deref(),
        Some(r#"摘要含"双引号"、'单引号'与<尖括号>"#)
    );
}

// 3 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn roles_shown_match_the_year() {
    let built = build(&basic());
    let convenor = |url: &str| -> String {
        let doc = built.page(url);
        text(
            fact(&doc, "section.profile-facts dl.facts", "召集人")
                .unwrap_or_else(|| panic!("召集人 on {url}")),
        )
    };
    assert_eq!(convenor("sectors/alpha/2024/"), "甲某");
    assert_eq!(convenor("sectors/alpha/2025/"), "乙某");
    // The profile describes the current (newest) year.
    assert_eq!(convenor("sectors/alpha/"), "乙某");
    // Unchanged role in another sector, and the first-convenor mark.
    assert_eq!(convenor("sectors/beta/2024/"), "丁某（第一召集人）");

    for url in [
        "sectors/alpha/2024/",
        "sectors/alpha/2025/",
        "sectors/alpha/",
    ] {
        let doc = built.page(url);
        let table = doc
            .select(&sel("table"))
            .find(|t| {
                t.select(&sel("caption"))
                    .next()
                    .is_some_and(|c| text(c).ends_with("召集人和联络员历年任职"))
            })
            .unwrap_or_else(|| panic!("history table on {url}"));
        let rows = table_rows(table);
        assert_eq!(
            rows.len(),
            3,
            "two convenors and one liaison on {url}: {rows:?}"
        );
        assert_eq!(rows["甲某"]["职务"], "召集人");
        assert_eq!(rows["甲某"]["任职年份"], "2022–2024 年");
        assert_eq!(rows["乙某"]["职务"], "召集人");
        assert_eq!(rows["乙某"]["任职年份"], "2025 年起");
        assert_eq!(rows["丙某（甲界机关）"]["职务"], "联络员");
    }
}

// 4 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn quota_verdicts_on_the_year_page() {
    let built = build(&basic());
    let doc = built.route(Route::Year(2025));
    let rows = table_rows(one(&doc, "table#results"));
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        ["丙界", "乙界", "甲界"].iter().collect::<Vec<_>>()
    );

    let alpha = &rows["甲界"];
    assert_eq!(
        alpha["活动"], "2",
        "own activity + joint activity filed by beta"
    );
    assert_eq!(alpha["小组讨论"], "0");
    assert_eq!(alpha["调研报告"], "1");
    assert_eq!(alpha["集体提案"], "1");
    assert_eq!(alpha["成果合计"], "2");
    assert_eq!(alpha["计划完成"], "1/2");
    assert_eq!(alpha["活动要求"], "已达到");

    let beta = &rows["乙界"];
    assert_eq!(beta["活动"], "1");
    assert_eq!(beta["集体提案"], "1");
    assert_eq!(beta["社情民意信息"], "1", "standalone output counts");
    assert_eq!(beta["成果合计"], "2");
    assert_eq!(beta["计划完成"], "1/1");
    assert_eq!(beta["活动要求"], "未达到");

    let gamma = &rows["丙界"];
    assert_eq!(gamma["活动"], "0");
    assert_eq!(gamma["小组讨论"], "2");
    assert_eq!(gamma["成果合计"], "2");
    assert_eq!(gamma["计划完成"], "未报送计划");
    assert_eq!(gamma["活动要求"], "未达到");

    let short = one(&doc, "section[aria-labelledby=short-title]");
    assert_eq!(
        text(one(&doc, "h2#short-title")),
        "未达到年度活动要求的界别"
    );
    let reasons: Vec<String> = short.select(&sel("li")).map(text).collect();
    assert_eq!(
        reasons,
        [
            "乙界：活动 1 次，少于 2 次",
            "丙界：活动 0 次，少于 2 次（全会界别小组讨论 2 次不计入）"
        ]
    );
    let short_links: Vec<String> = short
        .select(&sel("li a"))
        .map(|a| target_of(&built, "years/2025/", a.value().attr("href").unwrap()))
        .collect();
    assert_eq!(
        short_links,
        [
            "sectors/beta/2025/index.html",
            "sectors/gamma/2025/index.html"
        ]
    );

    let stats = texts(&doc, "ul.stats li");
    assert_eq!(
        stats[0], "2 次界别活动",
        "alpha's own + the joint one, counted once"
    );
    assert_eq!(stats[1], "2 次全会界别小组讨论（不计入活动次数）");
    assert_eq!(stats[2], "5 篇成果");
    assert_eq!(stats[4], "1/3 个界别达到年度活动要求");
}

#[test]
fn quota_verdicts_on_sector_year_pages() {
    let built = build(&basic());
    let check = |url: &str, verdict: &str, stat: &str, shortfalls: &[&str]| {
        let doc = built.page(url);
        let section = one(&doc, "section.profile-facts");
        let v: Vec<String> = section.select(&sel(".verdict")).map(text).collect();
        assert_eq!(v, [verdict], "verdict on {url}");
        let first_stat = section
            .select(&sel("ul.stats li"))
            .next()
            .map(text)
            .unwrap_or_default();
        assert_eq!(first_stat, stat, "activity count on {url}");
        let why: Vec<String> = section.select(&sel("p.shortfall")).map(text).collect();
        assert_eq!(why, shortfalls, "shortfalls on {url}");
    };
    check("sectors/alpha/2025/", "已达到", "2 次活动", &[]);
    check(
        "sectors/beta/2025/",
        "未达到",
        "1 次活动",
        &["活动 1 次，少于 2 次"],
    );
    check(
        "sectors/gamma/2025/",
        "未达到",
        "0 次活动（另有全会界别小组讨论 2 次）",
        &["活动 0 次，少于 2 次（全会界别小组讨论 2 次不计入）"],
    );
    check(
        "sectors/alpha/2024/",
        "未达到",
        "1 次活动",
        &[
            "活动 1 次，少于 2 次",
            "提交调研报告、大会发言、集体提案、社情民意信息 0 篇，少于 2 篇",
        ],
    );
}

// 5 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn drafts_are_absent_unless_asked_for() {
    let built = build(&basic());
    assert!(!built.has_page(DRAFT), "draft page must not exist");
    assert!(!built
        .out
        .join("sectors/alpha/2025/2025-09-01-draft")
        .exists());
    for page in html_files(&built.out) {
        let doc = parse_file(&built.out.join(&page));
        let all = text(doc.root_element());
        assert!(!all.contains(DRAFT_TITLE), "draft title appears on {page}");
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            if !is_external(href) && !href.starts_with('/') && !href.starts_with('#') {
                if let Ok(t) = resolve_link(&built.out, &page, href.split('#').next().unwrap()) {
                    assert!(!t.starts_with(DRAFT), "{page} links to the draft");
                }
            }
        }
    }
    // It is not counted either: alpha's 2025 figures are exactly the two published ones.
    let rows = table_rows(one(&built.page("years/2025/"), "table#results"));
    assert_eq!(rows["甲界"]["活动"], "2");

    let with = build_with(&basic(), |o| o.drafts = true);
    assert_eq!(with.summary.activities, 8);
    let doc = with.page(DRAFT);
    assert_eq!(text(one(&doc, "article h1")), DRAFT_TITLE);
    assert_eq!(
        texts(&doc, "article p.notice"),
        ["这是草稿，正式发布时不会出现。"]
    );
    let sector = with.page("sectors/alpha/2025/");
    assert_eq!(
        texts(&sector, ".cards h3.card-title"),
        [DRAFT_TITLE, JOINT_TITLE, A1_TITLE]
    );
    let timeline = with.page("timeline/2025/");
    assert!(texts(&timeline, ".cards h3.card-title").contains(&DRAFT_TITLE.to_string()));
}

// 6 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn base_url_with_a_sub_path() {
    for base in ["https://host/jbfc/", "https://host/jbfc"] {
        let built = build_with(&basic(), |o| o.base_url = Some(base.to_string()));
        let canonical = |url: &str| {
            one(&built.page(url), "link[rel=canonical]")
                .value()
                .attr("href")
                .unwrap()
                .to_string()
        };
        assert_eq!(canonical(""), "https://host/jbfc/");
        assert_eq!(canonical(A1), format!("https://host/jbfc/{A1}"));
        for page in html_files(&built.out) {
            let c = one(&parse_file(&built.out.join(&page)), "link[rel=canonical]")
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            assert!(c.starts_with("https://host/jbfc/"), "{page}: canonical {c}");
        }

        let doc = built.page("404.html");
        let mut internal = 0;
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for el in doc.select(&sel(css)) {
                let v = el.value().attr(attr).unwrap();
                if is_external(v) || v.starts_with('#') {
                    continue;
                }
                internal += 1;
                assert!(
                    v.starts_with("/jbfc/"),
                    "404.html: {attr}={v} with base {base}"
                );
                let rest = v.trim_start_matches("/jbfc/").split('#').next().unwrap();
                let file = percent_decode(rest).unwrap();
                assert!(
                    page_file(&built.out, &file).is_file() || built.out.join(&file).is_file(),
                    "404.html: {v} does not exist"
                );
            }
        }
        assert!(internal >= 10, "only {internal} internal links on 404.html");
        let styles: Vec<&str> = doc
            .select(&sel("link[rel=stylesheet]"))
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(
            styles,
            ["/jbfc/static/style.css", "/jbfc/static/contrast.css"]
        );
    }
}

// 7 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn chinese_file_name_gets_a_readable_ascii_url() {
    let built = build(&basic());
    assert!(A1.contains("chang-jiang-diao-yan"));
    assert!(built.has_page(A1), "page at /{A1}");
    assert_eq!(text(one(&built.page(A1), "h1")), A1_TITLE);
    for page in html_files(&built.out) {
        assert!(page.is_ascii(), "non-ASCII page path {page}");
    }
    // The timeline links to it by that URL.
    let timeline = built.page("timeline/2025/");
    let link = timeline
        .select(&sel(".cards h3.card-title a"))
        .find(|a| text(*a) == A1_TITLE)
        .expect("listed on the timeline");
    assert_eq!(
        link.value().attr("href"),
        Some("../../sectors/alpha/2025/2025-04-12-chang-jiang-diao-yan/")
    );
}

// 8 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn builds_are_deterministic() {
    let first = build(&basic());
    let second = build(&basic());
    let a = snapshot(&first.out);
    let b = snapshot(&second.out);
    assert!(a.len() > 40, "only {} files", a.len());
    assert!(a.contains_key(PHOTO));
    assert!(a == b, "{}", first_difference(&a, &b));
}

// 9 ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn failed_build_leaves_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    jiebie::build(&options(&basic(), &out)).expect("good fixture builds");
    let before = snapshot(&out);
    assert!(before.contains_key(&index_of(A1)));

    let broken = tmp.path().join("broken/content");
    copy_dir(&basic(), &broken);
    let file = broken.join("sectors/alpha/activities/2024-05-10-study.md");
    let source = std::fs::read_to_string(&file).unwrap();
    let without_title: String = source
        .lines()
        .filter(|l| !l.starts_with("title:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(source, without_title);
    std::fs::write(&file, without_title).unwrap();
    // Another, valid change that would alter the output if the build went ahead.
    let a1 = broken.join("sectors/alpha/activities/2025-04-12-长江调研.md");
    let changed = std::fs::read_to_string(&a1)
        .unwrap()
        .replace(A1_TITLE, "改过的标题");
    std::fs::write(&a1, changed).unwrap();

    match jiebie::build(&options(&broken, &out)) {
        Err(jiebie::BuildError::Content(diags)) => {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            assert_eq!(errors.len(), 1, "exactly the missing title: {diags:?}");
            assert!(
                errors[0].path.ends_with("2024-05-10-study.md"),
                "{:?}",
                errors[0]
            );
            assert!(errors[0].message.contains("title"), "{:?}", errors[0]);
        }
        Err(other) => panic!("expected BuildError::Content, got {other:?}"),
        Ok(_) => panic!("build with a missing title succeeded"),
    }
    let after = snapshot(&out);
    assert!(before == after, "{}", first_difference(&before, &after));
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut leftovers = leftovers;
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["broken", "public"],
        "no staging directory left behind"
    );
}

// Government-site meta tags (《政府网站发展指引》, page-design annex) ───────────────────

/// `content` of `<meta name=…>`, or None when the page has no such tag.
fn meta(doc: &scraper::Html, name: &str) -> Option<String> {
    let selector = sel(&format!("meta[name={name}]"));
    let mut found = doc.select(&selector);
    let first = found.next()?;
    assert!(found.next().is_none(), "several meta {name}");
    first.value().attr("content").map(str::to_string)
}

#[test]
fn government_meta_tags_by_page_kind() {
    let built = build(&basic());
    for page in html_files(&built.out) {
        let doc = parse_file(&built.out.join(&page));
        assert_eq!(
            meta(&doc, "SiteName").as_deref(),
            Some("测试界别风采"),
            "{page}"
        );
        assert_eq!(
            meta(&doc, "SiteDomain").as_deref(),
            Some("example.org"),
            "{page}"
        );
        // The fixture configures no 网站标识码: the tag is absent, not empty.
        assert_eq!(meta(&doc, "SiteIDCode"), None, "{page}");
        assert_eq!(texts(&doc, "h1").len(), 1, "{page}: one h1");
    }

    let list = built.page("timeline/");
    assert_eq!(meta(&list, "ColumnName").as_deref(), Some("活动时间线"));
    assert_eq!(meta(&list, "ColumnType").as_deref(), Some("工作动态"));
    assert!(meta(&list, "ColumnDescription").is_some_and(|d| !d.is_empty()));
    assert!(meta(&list, "ColumnKeywords").is_some_and(|k| k.contains("界别活动")));
    assert_eq!(meta(&list, "ArticleTitle"), None);

    let article = built.page(A1);
    assert_eq!(meta(&article, "ArticleTitle").as_deref(), Some(A1_TITLE));
    // The activity's own day, never the build time; no `time:` given → 00:00.
    assert_eq!(
        meta(&article, "PubDate").as_deref(),
        Some("2025-04-12 00:00")
    );
    assert_eq!(meta(&article, "ContentSource").as_deref(), Some("甲界"));
    assert_eq!(meta(&article, "ColumnName"), None);

    let home = built.page("");
    assert_eq!(meta(&home, "ColumnName"), None);
    assert_eq!(meta(&home, "ArticleTitle"), None);
}

#[test]
fn accessibility_page_and_switches_without_javascript() {
    let built = build(&basic());
    let doc = built.page("accessibility/");
    assert_eq!(text(one(&doc, "h1")), "无障碍和适老化说明");
    let home = built.page("");
    // The first focusable element is the skip link to <main id="main-content">.
    let first = home
        .select(&sel("a[href], button, [tabindex]"))
        .next()
        .expect("a focusable element");
    assert_eq!(first.value().attr("href"), Some("#main-content"));
    one(&home, "main#main-content");
    // The switches are hidden until a11y.js runs; the explanation is a plain link.
    for button in home.select(&sel("[data-font], [data-contrast]")) {
        let parent_hidden = button
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .chain(std::iter::once(button))
            .any(|e| e.value().classes().any(|c| c == "a11y-js"));
        assert!(parent_hidden, "switch outside .a11y-js");
    }
    let link = one(&home, ".a11y-bar a");
    assert_eq!(link.value().attr("href"), Some("./accessibility/"));
}

// The site's icon ───────────────────────────────────────────────────────────────────────

/// Whether `bytes` are an ICO file: the header (reserved 0, type 1, at least one image)
/// and every image of its directory inside the file.
fn is_ico(bytes: &[u8]) -> bool {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    if bytes.len() < 6 || u16_at(0) != 0 || u16_at(2) != 1 || u16_at(4) == 0 {
        return false;
    }
    let count = usize::from(u16_at(4));
    if bytes.len() < 6 + 16 * count {
        return false;
    }
    (0..count).all(|n| {
        let entry = 6 + 16 * n;
        let (size, offset) = (u32_at(entry + 8) as usize, u32_at(entry + 12) as usize);
        size > 0 && offset >= 6 + 16 * count && offset + size <= bytes.len()
    })
}

/// The `href` of every `<link rel="icon">` in the page's head.
fn icon_links(doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel("head link[rel~=icon]"))
        .filter_map(|l| l.value().attr("href"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_page_links_the_default_icon_published_at_the_site_root() {
    let base = "https://www.example.gov.cn/jbfc/";
    let built = build_with(&basic(), |o| o.base_url = Some(base.into()));
    let icon = std::fs::read(built.out.join(Route::Favicon.file())).expect("favicon.ico");
    assert_eq!(
        Route::Favicon.file(),
        "favicon.ico",
        "where browsers ask for it"
    );
    assert!(is_ico(&icon), "a valid ICO file");
    let (_, default) = jiebie::render::theme::DEFAULT_STATIC
        .iter()
        .find(|(name, _)| *name == "favicon.ico")
        .expect("the theme has an icon");
    assert_eq!(icon, *default);
    assert!(
        !built.out.join("static/favicon.ico").exists(),
        "published once, at the root"
    );

    let pages = html_files(&built.out);
    assert!(pages.len() > 20);
    for page in &pages {
        let links = icon_links(&parse_file(&built.out.join(page)));
        assert_eq!(links.len(), 1, "{page}: {links:?}");
        // The 404 page is served at any depth: its links start from the site's path.
        let target = match links[0].strip_prefix("/jbfc/") {
            Some(rest) if page == "404.html" => rest.to_string(),
            _ => {
                resolve_link(&built.out, page, &links[0]).unwrap_or_else(|e| panic!("{page}: {e}"))
            }
        };
        assert_eq!(target, "favicon.ico", "{page}: {}", links[0]);
    }

    // It is a file of the theme, not a page: not in the sitemap or the export.
    for file in ["sitemap.xml", "api/index.json"] {
        let text = std::fs::read_to_string(built.out.join(file)).unwrap();
        assert!(!text.contains("favicon"), "{file}");
    }
}

#[test]
fn a_site_icon_in_static_replaces_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&basic(), &site.join("content"));
    // A 1×1 icon: ICO header, one directory entry, a 32-bit BMP with its AND mask.
    let mut own = vec![0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 32, 0];
    let bmp_len: u32 = 40 + 4 + 4;
    own.extend(bmp_len.to_le_bytes());
    own.extend(22u32.to_le_bytes());
    own.extend(40u32.to_le_bytes());
    own.extend(1i32.to_le_bytes());
    own.extend(2i32.to_le_bytes());
    own.extend([1, 0, 32, 0]);
    own.extend([0; 24]);
    own.extend([0x1b, 0x12, 0xa3, 0xff]);
    own.extend([0; 4]);
    assert!(is_ico(&own));
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/favicon.ico"), &own).unwrap();

    let built = build_with(&site.join("content"), |_| {});
    assert_eq!(std::fs::read(built.out.join("favicon.ico")).unwrap(), own);
    assert_eq!(icon_links(&built.page("")), ["./favicon.ico"]);
    assert_eq!(icon_links(&built.page(A1)), ["../../../../favicon.ico"]);
}
