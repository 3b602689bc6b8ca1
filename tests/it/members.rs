//! Members and their employers (issue #16 parts 2 and 4) on the report fixture, whose
//! rosters give `unit:` for some members (赵一 and 周五 at 测试大学, 孙三 at 测试医院) and
//! not for others: `report members --by-unit` (each letter read back with the crate's
//! docx reader, the summary with calamine, both compared with the members report of the
//! same run), an unknown `--unit` (error, suggestion, nothing written), and the member
//! pages with `member_pages` on and off (every HTML file read with scraper).

use crate::helpers::{
    copy_dir, docx_tables, html_files, manifest_dir, parse_file, run, sel, site_options,
    xlsx_sheets,
};
use jiebie::author::docx::{self as reader, Block};
use jiebie::reports::{self, ReportKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const UNITS: [&str; 2] = ["测试大学", "测试医院"];

/// A copy of the report fixture in a temporary directory (the commands write beside it).
fn fixture_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&manifest_dir().join("tests/fixtures/report"), tmp.path());
    tmp
}

/// `jiebie report members --by-unit --year 2025 ARGS` in `site`.
fn by_unit(site: &Path, extra: &[&str]) -> crate::helpers::Outcome {
    let today = crate::helpers::test_today().to_string();
    let mut args = vec![
        "report",
        "members",
        "--by-unit",
        "--year",
        "2025",
        "--today",
        &today,
    ];
    args.extend_from_slice(extra);
    run(site, &args, &[], Duration::from_secs(60))
}

/// The members report of the same content, as rows of text keyed by name.
fn members_report(site: &Path) -> BTreeMap<String, Vec<String>> {
    let checked = jiebie::check(&site_options(site)).unwrap_or_else(|e| panic!("{e}"));
    let report = reports::build(ReportKind::Members, &checked.site, &checked.derived, 2025);
    report.tables[0]
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r.iter().map(reports::Cell::display).collect();
            (cells[0].clone(), cells)
        })
        .collect()
}

/// The summary's sheet 按单位.
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("the summary");
    xlsx_sheets(bytes)
        .into_iter()
        .find_map(|(name, rows)| (name == "按单位").then_some(rows))
        .expect("the sheet 按单位")
}

#[test]
fn letters_by_unit_carry_the_members_report_figures() {
    let site = fixture_copy();
    let outcome = by_unit(site.path(), &["--output", "letters"]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let report = members_report(site.path());
    let dir = site.path().join("letters");

    // One letter per unit, named after it, and the summary; nothing for 未填写单位.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    assert_eq!(files, ["汇总-2025.xlsx", "测试医院.docx", "测试大学.docx"]);

    let expected_members = [
        ("测试大学", vec!["赵一", "周五"]),
        ("测试医院", vec!["孙三"]),
    ];
    for (unit, names) in expected_members {
        let bytes = std::fs::read(dir.join(format!("{unit}.docx"))).expect("letter");
        let doc = reader::read(&bytes).expect("a readable docx");
        let lines: Vec<String> = doc.blocks.iter().map(Block::plain_text).collect();
        assert!(lines.iter().any(|l| *l == format!("{unit}：")), "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.contains("贵单位") && names.iter().all(|n| l.contains(n))),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == "政协测试市委员会"),
            "signature: {lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == "2026年11月20日"),
            "date: {lines:?}"
        );
        let tables = docx_tables(&doc);
        // The first table: one row per member, the members report's cells after the post.
        let summary = &tables[0];
        assert_eq!(summary.len(), names.len() + 1, "{summary:?}");
        for name in &names {
            let row = summary
                .iter()
                .find(|r| r[0] == *name)
                .unwrap_or_else(|| panic!("{unit}: no row for {name}"));
            assert_eq!(row[2..], report[*name][1..], "{unit}, {name}");
        }
        // Then each member's activities: as many rows as the report counts.
        for (k, name) in names.iter().enumerate() {
            let figures = &report[*name];
            let attended: usize =
                figures[3].parse::<usize>().unwrap() + figures[4].parse::<usize>().unwrap();
            let listed = tables.get(k + 1).map_or(0, |t| t.len() - 1);
            assert_eq!(listed, attended, "{unit}, {name}: {tables:?}");
        }
    }
    // 孙三 went to the joint research and the plenary group discussion in 2025.
    let doc = reader::read(&std::fs::read(dir.join("测试医院.docx")).unwrap()).unwrap();
    let activities = &docx_tables(&doc)[1];
    let titles: Vec<&str> = activities[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(titles.contains(&"甲界乙界联合调研"), "{titles:?}");
    assert!(
        activities.iter().any(|r| r[4].contains("联合调研报告")),
        "{activities:?}"
    );

    // The summary: every roster member once, with the report's figures; those without
    // unit under 未填写单位.
    let rows = xlsx_rows(&dir.join("汇总-2025.xlsx"));
    assert_eq!(rows[0][..3], ["所在单位", "委员", "职务"]);
    let roster = [
        "赵一", "孙三", "李四", "周五", "吴六", "冯九", "郑七", "王八",
    ];
    assert_eq!(rows.len() - 1, roster.len(), "{rows:?}");
    for row in &rows[1..] {
        assert_eq!(row[3..], report[&row[1]][1..], "{row:?}");
    }
    let unit_of = |name: &str| {
        rows.iter()
            .find(|r| r[1] == name)
            .map(|r| r[0].clone())
            .unwrap_or_default()
    };
    assert_eq!(unit_of("孙三"), "测试医院");
    assert_eq!(unit_of("周五"), "测试大学");
    assert_eq!(unit_of("李四"), "未填写单位");
    assert_eq!(rows.iter().find(|r| r[1] == "赵一").unwrap()[2], "教授");

    // The members without unit are named, at their roster entry, with the fix.
    assert!(
        outcome.stderr.contains("sectors/alpha/index.md:13:")
            && outcome.stderr.contains("李四")
            && outcome.stderr.contains("unit:"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn one_unit_can_be_asked_for_and_an_unknown_one_writes_nothing() {
    let site = fixture_copy();
    let outcome = by_unit(site.path(), &["--output", "one", "--unit", "测试医院"]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let one = site.path().join("one");
    assert!(one.join("测试医院.docx").is_file());
    assert!(!one.join("测试大学.docx").exists());

    // A misspelt unit: an error with the suggestion, and no folder at all.
    let outcome = by_unit(site.path(), &["--output", "none", "--unit", "测试大"]);
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("“测试大学”"), "{}", outcome.stderr);
    assert!(!site.path().join("none").exists());

    // Nor is an earlier folder touched: the same request into `one` leaves it as it was.
    let before = crate::helpers::snapshot(&one);
    let outcome = by_unit(
        site.path(),
        &[
            "--output",
            "one",
            "--unit",
            "测试医院",
            "--unit",
            "别的单位",
        ],
    );
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    assert_eq!(crate::helpers::snapshot(&one), before);

    // --unit without --by-unit is refused by the argument parser.
    let outcome = run(
        site.path(),
        &["report", "members", "--unit", "测试医院"],
        &[],
        Duration::from_secs(60),
    );
    assert_ne!(outcome.code, Some(0));
}

/// Builds the fixture copy in `site` with `member_pages` set to `on`; returns public/.
fn build_with_member_pages(site: &Path, on: bool) -> PathBuf {
    let yaml = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text = text.replace("member_pages: true", &format!("member_pages: {on}"));
    std::fs::write(&yaml, text).unwrap();
    let mut options = site_options(site);
    options.output_dir = site.join("public");
    if let Err(e) = jiebie::build(&options) {
        panic!("{e}");
    }
    options.output_dir
}

/// The text of every HTML file (as a reader sees it, not the markup) and every link.
fn every_page(out: &Path) -> Vec<(String, String, Vec<String>)> {
    html_files(out)
        .into_iter()
        .map(|file| {
            let doc = parse_file(&out.join(&file));
            let text: String = doc.root_element().text().collect();
            let links = doc
                .select(&sel("a[href]"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            (file, text, links)
        })
        .collect()
}

#[test]
fn member_pages_show_roles_activities_and_units_only_when_on() {
    let site = fixture_copy();
    let out = build_with_member_pages(site.path(), true);
    let report = members_report(site.path());

    let page = parse_file(&out.join("people/sun-san/index.html"));
    let h1: String = page.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "孙三");
    let facts: Vec<String> = page
        .select(&sel("dl.facts dd"))
        .map(|dd| dd.text().collect())
        .collect();
    assert_eq!(facts, ["甲界、乙界", "测试医院", "院长"]);
    // Roles by year: 甲界 convenor in 2024, 乙界 first convenor from 2025.
    let section = |year: i32| {
        page.select(&sel(&format!("section[aria-labelledby=year-{year}]")))
            .next()
            .unwrap_or_else(|| panic!("no {year}"))
    };
    let text_of = |el: scraper::ElementRef<'_>| el.text().collect::<String>();
    assert!(text_of(section(2024)).contains("界别职务：甲界召集人"));
    assert!(text_of(section(2025)).contains("界别职务：乙界第一召集人"));
    // Every activity of 2025, as many as the members report counts.
    let figures = &report["孙三"];
    let counted: usize =
        figures[3].parse::<usize>().unwrap() + figures[4].parse::<usize>().unwrap();
    let listed: Vec<String> = section(2025)
        .select(&sel("ul > li > a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(listed.len(), counted, "{listed:?}");
    assert!(listed.contains(&"甲界乙界联合调研".to_string()));
    assert!(text_of(section(2025)).contains("联合调研报告"));

    // Linked from the roster and the year's members table; in the sitemap.
    let profile = parse_file(&out.join("sectors/alpha/index.html"));
    let roster: Vec<String> = profile
        .select(&sel("ul.name-list a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        roster.contains(&"../../people/sun-san/".to_string()),
        "{roster:?}"
    );
    let members = parse_file(&out.join("members/2025/index.html"));
    assert!(members
        .select(&sel("tbody th a"))
        .any(|a| a.value().attr("href") == Some("../../people/sun-san/")));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://www.example.gov.cn/test/people/sun-san/"));
    // The units are on the public site in this mode.
    let pages = every_page(&out);
    assert!(pages.iter().any(|(_, text, _)| text.contains("测试大学")));

    // Off: no member page, no link to one, no unit anywhere, nothing in the sitemap.
    let site = fixture_copy();
    let out = build_with_member_pages(site.path(), false);
    assert!(!out.join("people").exists());
    assert!(!out.join("members").exists());
    for (file, text, links) in every_page(&out) {
        for unit in UNITS.iter().chain(&["教授", "院长"]) {
            assert!(!text.contains(unit), "{file} shows {unit}");
        }
        assert!(
            !links.iter().any(|l| l.contains("people/")),
            "{file} links to a member page"
        );
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/people/"));
    for file in ["api/sectors.json", "search/meta.json"] {
        if let Ok(text) = std::fs::read_to_string(out.join(file)) {
            for unit in UNITS {
                assert!(!text.contains(unit), "{file} holds {unit}");
            }
        }
    }
}

#[test]
fn one_name_with_two_units_is_warned_about() {
    let site = fixture_copy();
    let beta = site.path().join("content/sectors/beta/index.md");
    let text = std::fs::read_to_string(&beta).unwrap();
    std::fs::write(
        &beta,
        text.replace(
            "members: [孙三,",
            "members: [{ name: 孙三, unit: 另一家医院 },",
        ),
    )
    .unwrap();
    let checked = jiebie::check(&site_options(site.path())).unwrap_or_else(|e| panic!("{e}"));
    let warning = checked
        .warnings
        .iter()
        .find(|d| d.message.contains("另一家医院"))
        .unwrap_or_else(|| panic!("no warning: {:?}", checked.warnings));
    assert!(
        warning.path.ends_with("sectors/beta/index.md"),
        "{warning:?}"
    );
    assert!(warning.message.contains("测试医院"), "{}", warning.message);
    assert!(
        warning.message.contains("sectors/alpha/index.md:12"),
        "{}",
        warning.message
    );
}
