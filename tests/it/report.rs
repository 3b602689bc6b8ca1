//! Reports against sites with known answers: the fixture in `tests/fixtures/report` (a
//! sector exactly at the quota, one short by one, one with only a plenary group discussion,
//! one without records, a joint and an unplanned activity, a member on two rosters with
//! roles in different years) and a hand count of the sample site's 2025 year-end report.
//! Every format is read back: CSV parsed, XLSX opened with calamine, Markdown split, the
//! year page's SVG bars measured.

use crate::helpers::{parse_csv, xlsx_sheets};
use jiebie::reports::export::{self, Format};
use jiebie::reports::{self, Report, ReportKind};
use jiebie::Checked;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn checked(site_dir: &Path) -> Checked {
    match jiebie::check(&crate::helpers::site_options(site_dir)) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn build(kind: ReportKind, site_dir: &Path, year: i32) -> Report {
    let c = checked(site_dir);
    reports::build(kind, &c.site, &c.derived, year)
}

/// A table as strings, header first: the common form every format is read back into.
type Grid = Vec<Vec<String>>;

fn grid(report: &Report, table: usize) -> Grid {
    let t = &report.tables[table];
    let mut g = vec![t.headers.clone()];
    g.extend(t.rows.iter().map(|r| {
        r.iter()
            .map(|c| match c {
                reports::Cell::Blank => String::new(),
                other => other.display(),
            })
            .collect()
    }));
    g
}

fn row<'g>(g: &'g Grid, first: &str) -> &'g Vec<String> {
    g.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first}"))
}

fn col(g: &Grid, header: &str) -> usize {
    g[0].iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

fn cell<'g>(g: &'g Grid, first: &str, header: &str) -> &'g str {
    &row(g, first)[col(g, header)]
}

/// The CSV's tables: after a blank line comes a title line, then the header and the rows.
fn csv_tables(text: &str) -> Vec<(String, Grid)> {
    let rows = parse_csv(text);
    let mut tables: Vec<(String, Grid)> = vec![];
    let mut i = 0;
    while i < rows.len() {
        if rows[i] == vec![String::new()] && i + 1 < rows.len() {
            let title = rows[i + 1][0].clone();
            let mut g = vec![];
            i += 2;
            while i < rows.len() && rows[i] != vec![String::new()] {
                g.push(rows[i].clone());
                i += 1;
            }
            tables.push((title, g));
        } else {
            i += 1;
        }
    }
    tables
}

fn markdown_tables(text: &str) -> Vec<(String, Grid)> {
    let mut tables = vec![];
    let mut title = String::new();
    let mut g: Grid = vec![];
    for line in text.lines() {
        if let Some(t) = line.strip_prefix("## ") {
            title = t.to_string();
        } else if line.starts_with('|') {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().replace('—', ""))
                .collect();
            if !cells[0].starts_with("---") {
                g.push(cells);
            }
        } else if !g.is_empty() {
            tables.push((title.clone(), std::mem::take(&mut g)));
        }
    }
    if !g.is_empty() {
        tables.push((title, g));
    }
    tables
}

/// Checks the fixture's 2025 year-end figures in one grid, whatever format it came from.
fn assert_fixture_year(g: &Grid) {
    // 甲界: exactly at the quota — the joint activity and an unplanned one; a report and an opinion.
    let a = |h: &str| cell(g, "甲界", h).to_string();
    assert_eq!(a("召集人"), "赵一");
    assert_eq!(a("联络员"), "钱二");
    assert_eq!(a("活动"), "2");
    assert_eq!(a("全会小组讨论"), "0");
    assert_eq!(a("调研报告"), "1");
    assert_eq!(a("社情民意信息"), "1");
    assert_eq!(a("成果合计"), "2");
    assert_eq!(a("完成计划事项"), "1");
    assert_eq!(a("计划事项"), "2");
    assert_eq!(a("计划外活动"), "1");
    assert_eq!(a("特色品牌活动"), "1");
    assert_eq!(a("参与委员"), "3");
    assert_eq!(a("委员人数"), "3");
    assert_eq!(a("主席会议成员参加活动"), "1");
    assert_eq!(a("活动要求"), "已达到");
    // 乙界: short by one — only the joint activity counts; its report counts for 乙界 too.
    let b = |h: &str| cell(g, "乙界", h).to_string();
    assert_eq!(b("召集人"), "孙三", "roles as of 2025");
    assert_eq!(b("活动"), "1");
    assert_eq!(b("全会小组讨论"), "1");
    assert_eq!(b("调研报告"), "1");
    assert_eq!(b("集体提案"), "1");
    assert_eq!(b("成果合计"), "2");
    assert_eq!(b("完成计划事项"), "0");
    assert_eq!(b("计划事项"), "1");
    assert_eq!(b("计划外活动"), "1");
    assert_eq!(b("参与委员"), "3");
    assert_eq!(b("活动要求"), "未达到");
    // 丙界: only a plenary group discussion, no plan.
    let c = |h: &str| cell(g, "丙界", h).to_string();
    assert_eq!(c("活动"), "0");
    assert_eq!(c("全会小组讨论"), "1");
    assert_eq!(c("成果合计"), "0");
    assert_eq!(c("完成计划事项"), "未报送计划");
    assert_eq!(c("参与委员"), "1");
    assert_eq!(c("委员人数"), "2");
    assert_eq!(c("活动要求"), "未达到");
    // 丁界: no record in 2025 — blank, not zero, and not a failure.
    let d = |h: &str| cell(g, "丁界", h).to_string();
    assert_eq!(d("活动"), "");
    assert_eq!(d("成果合计"), "");
    assert_eq!(d("活动要求"), "无记录");
}

fn assert_fixture_totals(g: &Grid) {
    let t = |label: &str| cell(g, label, "数量").to_string();
    assert_eq!(t("界别活动（每次活动计一次，不含全会小组讨论）"), "2");
    assert_eq!(t("全会界别小组讨论"), "2");
    assert_eq!(t("各界别活动次数之和（联合活动各计一次）"), "3");
    assert_eq!(t("成果（每篇计一次）"), "3");
    assert_eq!(t("达到年度活动要求的界别"), "1");
    assert_eq!(t("有记录的界别"), "3");
    assert_eq!(t("参加过活动的委员"), "6");
    assert_eq!(t("界别委员总数"), "8");
}

#[test]
fn fixture_year_report_in_every_format() {
    let r = build(ReportKind::Year, &fixture(), 2025);
    assert!(r.has_data);
    assert_eq!(r.tables.len(), 5);
    // What is still missing on the tests' today (2026-11-20): 2025 is over.
    let missing = grid(&r, 4);
    let rows: Vec<(&str, &str)> = missing[1..]
        .iter()
        .map(|row| (row[0].as_str(), row[1].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("甲界", "计划项目 a2（专题学习，第3季度）到季度末仍未开展"),
            ("乙界", "计划项目 b1（界别联谊，第2季度）到季度末仍未开展"),
            ("乙界", "未报送 2025 年度工作总结"),
            ("丁界", "未报送 2025 年度工作计划"),
            ("丁界", "未报送 2025 年度工作总结"),
            ("丙界", "未报送 2025 年度工作计划"),
            ("丙界", "未报送 2025 年度工作总结"),
        ]
    );
    assert_fixture_year(&grid(&r, 0));
    assert_fixture_totals(&grid(&r, 1));
    let ranking = grid(&r, 2);
    assert_eq!(ranking[1], ["1", "甲界", "2", "2", "4"]);
    assert_eq!(ranking[2], ["2", "乙界", "1", "2", "3"]);
    assert_eq!(ranking[3], ["3", "丙界", "0", "0", "0"]);
    assert_eq!(ranking.len(), 4, "丁界 has no record and is not ranked");
    let short = grid(&r, 3);
    assert_eq!(short.len(), 3);
    assert_eq!(
        cell(&short, "乙界", "原因"),
        "活动 1 次，少于 2 次（全会界别小组讨论 1 次不计入）"
    );
    assert!(cell(&short, "丙界", "原因").contains("0 篇，少于 2 篇"));

    // CSV: BOM, CRLF, the same figures.
    let csv = String::from_utf8(export::export(&r, Format::Csv).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("\r\n"));
    let tables = csv_tables(csv.trim_start_matches('\u{feff}'));
    assert_eq!(tables.len(), 5);
    assert_eq!(tables[0].0, "2025 年各界别活动与成果");
    assert_fixture_year(&tables[0].1);
    assert_fixture_totals(&tables[1].1);
    assert_eq!(tables[3].1, short);
    assert_eq!(tables[4].1, missing);

    // XLSX: a notes sheet, then one sheet per table with Chinese names and headers.
    let sheets = xlsx_sheets(export::export(&r, Format::Xlsx).unwrap());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "说明",
            "各界别",
            "全会合计",
            "排名",
            "未达要求",
            "缺报和未开展"
        ]
    );
    assert_fixture_year(&sheets[1].1);
    assert_fixture_totals(&sheets[2].1);
    assert_eq!(sheets[3].1, ranking);
    assert_eq!(sheets[0].1[0][0], "2025 年度界别工作计划完成情况");

    // Markdown.
    let md = String::from_utf8(export::export(&r, Format::Markdown).unwrap()).unwrap();
    let tables = markdown_tables(&md);
    assert_eq!(tables.len(), 5);
    assert_fixture_year(&tables[0].1);
    assert_fixture_totals(&tables[1].1);

    // Terminal: CJK columns line up by display width.
    let text = export::to_terminal(&r);
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("【2025 年各界别活动与成果】"))
        .skip(1)
        .take(6)
        .collect();
    let last_col: Vec<usize> = lines
        .iter()
        .filter(|l| !l.starts_with('-'))
        .map(|l| {
            let last = l.split("  ").last().unwrap_or("");
            jiebie::core::text::display_width(l) - jiebie::core::text::display_width(last)
        })
        .collect();
    assert_eq!(last_col.len(), 5, "header and four sectors");
    assert!(
        last_col.windows(2).all(|w| w[0] == w[1]),
        "{last_col:?}\n{text}"
    );
}

#[test]
fn fixture_members_and_plans_reports() {
    let r = build(ReportKind::Members, &fixture(), 2025);
    let g = grid(&r, 0);
    assert_eq!(g.len(), 9, "8 members on the rosters");
    assert_eq!(cell(&g, "孙三", "界别"), "甲界、乙界", "on two rosters");
    assert_eq!(cell(&g, "孙三", "界别职务"), "乙界第一召集人");
    assert_eq!(cell(&g, "孙三", "参加活动"), "1");
    assert_eq!(cell(&g, "孙三", "参加全会小组讨论"), "1");
    assert_eq!(cell(&g, "赵一", "参与形成成果"), "1");
    assert_eq!(cell(&g, "冯九", "参加活动"), "0");
    let sheets = xlsx_sheets(export::export(&r, Format::Xlsx).unwrap());
    assert_eq!(sheets[1].1, g);
    let csv = String::from_utf8(export::export(&r, Format::Csv).unwrap()).unwrap();
    assert_eq!(csv_tables(csv.trim_start_matches('\u{feff}'))[0].1, g);

    // The same member in 2024: the other sector's role, as held that year.
    let r2024 = build(ReportKind::Members, &fixture(), 2024);
    let g = grid(&r2024, 0);
    assert_eq!(cell(&g, "孙三", "界别职务"), "甲界召集人");
    assert_eq!(cell(&g, "孙三", "参加活动"), "1");

    let plans = build(ReportKind::Plans, &fixture(), 2025);
    let items = grid(&plans, 0);
    assert_eq!(items.len(), 4);
    assert_eq!(cell(&items, "乙界", "季度"), "第2季度");
    let quarters = grid(&plans, 1);
    assert_eq!(row(&quarters, "甲界")[1..], ["2", "1", "0", "1", "0", "0"]);
    let missing = grid(&plans, 3);
    let names: Vec<&str> = missing[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["丁界", "丙界"]);
}

#[test]
fn a_year_without_records_says_so() {
    for kind in [ReportKind::Year, ReportKind::Members, ReportKind::Plans] {
        let r = build(kind, &fixture(), 2023);
        assert!(!r.has_data);
        assert!(r.tables.is_empty(), "no zero tables for an empty year");
        assert!(r.notes[0].contains("2023 年没有"), "{:?}", r.notes);
        let sheets = xlsx_sheets(export::export(&r, Format::Xlsx).unwrap());
        assert_eq!(sheets.len(), 1);
    }
}

/// Hand count from the files in `content/` (read one by one, not computed).
#[test]
fn sample_site_2025_matches_hand_count() {
    let r = build(
        ReportKind::Year,
        Path::new(env!("CARGO_MANIFEST_DIR")),
        2025,
    );
    let g = grid(&r, 0);
    // teyao: 2025-05-07-urban-resilience (one report) + 2025-01-07 plenary group.
    assert_eq!(row(&g, "特邀界")[3..6], ["1", "1", "1"]);
    assert_eq!(cell(&g, "特邀界", "成果合计"), "1");
    assert_eq!(cell(&g, "特邀界", "活动要求"), "未达到");
    // taimeng: three write-ups, one report (2025-03-09).
    assert_eq!(cell(&g, "台盟界", "活动"), "3");
    assert_eq!(cell(&g, "台盟界", "成果合计"), "1");
    assert_eq!(cell(&g, "台盟界", "活动要求"), "未达到");
    // tiyu: only the plenary group discussion.
    assert_eq!(cell(&g, "体育界", "活动"), "0");
    assert_eq!(cell(&g, "体育界", "全会小组讨论"), "1");
    assert_eq!(cell(&g, "体育界", "成果合计"), "0");
    // duiwai: exactly at the quota, 2 activities, an opinion and a report; plan 1 of 5.
    assert_eq!(cell(&g, "对外友好界", "活动"), "2");
    assert_eq!(cell(&g, "对外友好界", "成果合计"), "2");
    assert_eq!(cell(&g, "对外友好界", "完成计划事项"), "1");
    assert_eq!(cell(&g, "对外友好界", "计划事项"), "5");
    assert_eq!(cell(&g, "对外友好界", "活动要求"), "已达到");
    // Committee: 105 write-ups in 2025, 5 of them plenary group discussions; 7+1 joint
    // write-ups add 10 sector counts; 76 outputs in write-ups + 10 standalone files.
    let t = grid(&r, 1);
    let total = |label: &str| cell(&t, label, "数量").to_string();
    assert_eq!(total("界别活动（每次活动计一次，不含全会小组讨论）"), "100");
    assert_eq!(total("全会界别小组讨论"), "5");
    assert_eq!(total("各界别活动次数之和（联合活动各计一次）"), "110");
    assert_eq!(total("成果（每篇计一次）"), "86");
    assert_eq!(total("界别总数"), "32");
    assert_eq!(total("达到年度活动要求的界别"), "29");
    let short = grid(&r, 3);
    let names: Vec<&str> = short[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["台盟界", "特邀界", "体育界"]);
}

fn build_site(site_dir: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut options = crate::helpers::site_options(site_dir);
    options.output_dir = out.path().join("public");
    if let Err(e) = jiebie::build(&options) {
        panic!("{e}");
    }
    out
}

fn page(out: &tempfile::TempDir, rel: &str) -> Html {
    let path = out.path().join("public").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn year_page_charts_match_the_data() {
    let out = build_site(&fixture());
    let html = page(&out, "years/2025/index.html");
    let svg = html
        .select(&sel("#chart-sectors svg"))
        .next()
        .expect("sector chart");
    assert_eq!(svg.value().attr("role"), Some("img"));
    let labelled = svg.value().attr("aria-labelledby").unwrap();
    let title_id = labelled.split(' ').next().unwrap();
    let title = html
        .select(&sel(&format!("svg title#{title_id}")))
        .next()
        .unwrap();
    assert_eq!(title.text().collect::<String>(), "2025 年各界别活动和成果");
    // Horizontal bars: width = value × the chart's one scale.
    let mut seen = vec![];
    let mut scale: Option<f64> = None;
    for bar in svg.select(&sel("rect.bar")) {
        let v = bar.value();
        let value: f64 = v.attr("data-value").unwrap().parse().unwrap();
        let width: f64 = v.attr("width").unwrap().parse().unwrap();
        seen.push((
            v.attr("data-label").unwrap().to_string(),
            v.attr("data-series").unwrap().to_string(),
            value as u32,
        ));
        if value == 0.0 {
            assert_eq!(width, 0.0);
        } else {
            let s = width / value;
            assert!(
                scale.is_none_or(|x| (x - s).abs() < 0.01),
                "bar widths not proportional"
            );
            scale = Some(s);
        }
    }
    let expected = [
        ("甲界", "活动（次）", 2),
        ("甲界", "成果（篇）", 2),
        ("乙界", "活动（次）", 1),
        ("乙界", "成果（篇）", 2),
        ("丙界", "活动（次）", 0),
        ("丙界", "成果（篇）", 0),
    ];
    let expected: Vec<(String, String, u32)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
        .collect();
    assert_eq!(seen, expected, "丁界 has no record and no bar");
    // The dashed quota line sits at 2 on the same scale.
    let quota = svg.select(&sel("line.quota")).next().expect("quota line");
    assert_eq!(quota.value().attr("data-value"), Some("2"));
    assert!(quota.value().attr("stroke-dasharray").is_some());
    let x: f64 = quota.value().attr("x1").unwrap().parse().unwrap();
    let x0: f64 = svg
        .select(&sel("rect.bar"))
        .next()
        .unwrap()
        .value()
        .attr("x")
        .unwrap()
        .parse()
        .unwrap();
    assert!((x - x0 - 2.0 * scale.unwrap()).abs() < 0.02);

    // Month chart: vertical bars, March and June hold one activity each.
    let months = html.select(&sel("#chart-months svg")).next().unwrap();
    let heights: Vec<(String, f64)> = months
        .select(&sel("rect.bar"))
        .map(|b| {
            (
                b.value().attr("data-label").unwrap().to_string(),
                b.value().attr("height").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(heights.len(), 12);
    for (label, h) in &heights {
        let expect_bar = label == "3月" || label == "6月";
        assert_eq!(*h > 0.0, expect_bar, "{label}");
    }
    assert_eq!(heights[2].1, heights[5].1);

    // Every chart has its data table.
    let tables = html.select(&sel("figure.chart table.chart-data")).count();
    assert_eq!(tables, html.select(&sel("figure.chart svg")).count());
    let kinds = html.select(&sel("#chart-kinds table")).next().unwrap();
    let research = kinds
        .select(&sel("tr"))
        .find(|tr| tr.text().any(|t| t == "界别调研和视察"))
        .unwrap();
    assert_eq!(
        research
            .select(&sel("td"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "1"
    );

    // Both reports on one page: plans with the sectors that filed none, and the shortfalls.
    let no_plan = html.select(&sel("#no-plan")).next().unwrap();
    assert!(no_plan.text().collect::<String>().contains("丁界"));
    let short: String = html
        .select(&sel("section[aria-labelledby=short-title] li"))
        .map(|li| li.text().collect::<String>())
        .collect();
    assert!(short.contains("乙界") && short.contains("丙界") && !short.contains("丁界"));

    // member_pages: true in this fixture's site.yaml.
    let members = page(&out, "members/2025/index.html");
    let sun = members
        .select(&sel("tbody tr"))
        .find(|tr| {
            tr.select(&sel("th"))
                .any(|th| th.text().collect::<String>() == "孙三")
        })
        .unwrap();
    let cells: Vec<String> = sun
        .select(&sel("td"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(
        cells,
        ["测试医院", "甲界、乙界", "乙界第一召集人", "1", "1", "1"]
    );
}

#[test]
fn member_pages_are_off_by_default_and_showcase_prints() {
    let out = build_site(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(!out.path().join("public/members").exists());
    let html = page(&out, "commendations/2025/index.html");
    let sectors: Vec<_> = html.select(&sel(".showcase section.commended")).collect();
    assert_eq!(sectors.len(), 4);
    let minmeng = sectors
        .iter()
        .find(|s| s.value().attr("aria-labelledby") == Some("cs-minmeng"))
        .unwrap();
    let figures: String = minmeng
        .select(&sel(".commended-figures"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(figures.contains("开展活动 3 次"), "{figures}");
    assert!(figures.contains("形成成果 4 篇"), "{figures}");
    assert!(minmeng.select(&sel(".showcase-photos img[alt]")).count() >= 1);
    let css = std::fs::read_to_string(out.path().join("public/static/style.css")).unwrap();
    assert!(css.contains("@page"));
}

/// One rule wherever the number of sectors that met the quota is shown: a sector with no
/// record at all for the year never counts as having met it — not even when the quota
/// asks for nothing, which is when the home page and the year report used to disagree.
#[test]
fn a_sector_without_records_never_counts_as_meeting_the_quota() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    crate::helpers::copy_dir(&crate::helpers::good_fixture("basic"), &content);
    let site_yaml = content.join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml)
        .expect("site.yaml")
        .replace(
            "quota: { activities: 2, outputs: 2 }",
            "quota: { activities: 0, outputs: 0 }",
        );
    std::fs::write(&site_yaml, text).expect("write site.yaml");
    std::fs::create_dir_all(content.join("sectors/delta")).expect("sector folder");
    std::fs::write(
        content.join("sectors/delta/index.md"),
        "---\nname: 空白界\ngroup: 界别\n---\n今年还没有记录。\n",
    )
    .expect("profile");

    // The report: delta has no record, the three others met the (empty) quota.
    let year = build(ReportKind::Year, dir.path(), 2025);
    let sectors = grid(&year, 0);
    assert_eq!(cell(&sectors, "空白界", "活动要求"), "无记录");
    let totals = grid(&year, 1);
    assert_eq!(cell(&totals, "达到年度活动要求的界别", "数量"), "3");
    assert_eq!(cell(&totals, "界别总数", "数量"), "4");

    // The site says the same on the home page, the year index and the year page.
    let out = build_site(dir.path());
    let stat = |rel: &str, label: &str| -> String {
        let doc = page(&out, rel);
        let item = doc
            .select(&sel("ul.stats li"))
            .find(|li| li.text().collect::<String>().contains(label))
            .unwrap_or_else(|| panic!("no {label} on {rel}"));
        item.select(&sel("strong"))
            .next()
            .expect("figure")
            .text()
            .collect()
    };
    assert_eq!(stat("index.html", "个界别达到年度活动要求"), "3/4");
    assert_eq!(
        stat("years/2025/index.html", "个界别达到年度活动要求"),
        "3/4"
    );
    let years = page(&out, "years/index.html");
    let row: Vec<String> = years
        .select(&sel("tbody tr"))
        .find(|tr| tr.text().collect::<String>().contains("2025 年"))
        .expect("2025 row")
        .select(&sel("td"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(row.last().map(String::as_str), Some("3/4"), "{row:?}");
}

/// A sector's year closes when it files its year-end summary, or when the year is over:
/// one summary no longer closes the year for every sector.
#[test]
fn years_close_per_sector() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    crate::helpers::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    std::fs::create_dir_all(content.join("sectors/duiwai/summaries")).expect("folder");
    std::fs::write(
        content.join("sectors/duiwai/summaries/2026.md"),
        "---\nyear: 2026\n---\n本年度工作总结。\n",
    )
    .expect("summary");
    let year = build(ReportKind::Year, dir.path(), 2026);
    let sectors = grid(&year, 0);
    // 对外友好界 filed its summary: its shortfall is final.
    assert_eq!(cell(&sectors, "对外友好界", "活动要求"), "未达到");
    // The others are still open (the tests' today is 2026-11-20).
    assert_eq!(
        cell(&sectors, "妇联界", "活动要求"),
        "尚未达到（年度进行中）"
    );
    assert!(
        year.notes
            .iter()
            .any(|n| n.contains("32 个界别中 1 个已报送年度总结")),
        "{:?}",
        year.notes
    );

    // When the year is over, every sector's year is closed, summary or not.
    let mut options = crate::helpers::site_options(dir.path());
    options.today = chrono::NaiveDate::from_ymd_opt(2027, 1, 5);
    let c = match jiebie::check(&options) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let year = reports::build(ReportKind::Year, &c.site, &c.derived, 2026);
    let sectors = grid(&year, 0);
    assert_eq!(cell(&sectors, "妇联界", "活动要求"), "未达到");
    assert!(!year.notes.iter().any(|n| n.contains("尚在进行中")));
}

/// A joint activity carries out a partner's plan item (`plan: [p3, jiaoyu/p4]` in the
/// sample's joint minmeng–jiaoyu research): both plans show their item done.
#[test]
fn a_joint_activity_completes_the_partners_plan_item() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = checked(sample);
    let item_done = |sector: &str, id: &str| -> Vec<String> {
        let (pi, plan) = c
            .site
            .plans
            .iter()
            .enumerate()
            .find(|(_, p)| p.sector == sector && p.year == 2025)
            .expect("plan");
        let k = plan.items.iter().position(|it| it.id == id).expect("item");
        c.derived.plan_done_by[pi][k]
            .iter()
            .map(|&i| {
                c.site.activities[i]
                    .source
                    .rel
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    let joint = "sectors/minmeng/activities/2025/2025-11-12-compulsory-education.md";
    assert_eq!(item_done("jiaoyu", "p4"), [joint]);
    assert_eq!(item_done("minmeng", "p3"), [joint]);
    // The partner's year page links the item to the activity.
    let out = build_site(sample);
    let doc = page(&out, "sectors/jiaoyu/2025/index.html");
    let row = doc
        .select(&sel("#plan tbody tr"))
        .find(|tr| tr.text().collect::<String>().starts_with("p4"))
        .expect("p4 row");
    let link = row
        .select(&sel("a"))
        .next()
        .expect("a link to the activity");
    assert_eq!(
        link.value().attr("href"),
        Some("../../../sectors/minmeng/2025/2025-11-12-compulsory-education/")
    );
}

/// Results of outputs (成果转化) are counted per sector and in the committee totals, in
/// the report and on the year page, and shown on the activity page.
#[test]
fn results_of_outputs_are_counted_and_shown() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let year = build(ReportKind::Year, sample, 2025);
    let sectors = grid(&year, 0);
    assert_eq!(cell(&sectors, "民盟界", "成果转化"), "3");
    assert_eq!(cell(&sectors, "工商联界", "成果转化"), "1");
    let totals = grid(&year, 1);
    assert_eq!(
        cell(&totals, "成果转化（立案、采用、领导批示、刊发）", "数量"),
        "4"
    );
    for kind in ["其中立案", "其中采用", "其中领导批示", "其中刊发"] {
        assert_eq!(cell(&totals, kind, "数量"), "1", "{kind}");
    }
    let out = build_site(sample);
    let page_of = |rel: &str| page(&out, rel);
    let year_page = page_of("years/2025/index.html");
    let rows = crate::helpers::table_rows(
        year_page
            .select(&sel("table#results"))
            .next()
            .expect("results table"),
    );
    assert_eq!(rows["民盟界"]["成果转化"], "3");
    let activity = page_of("sectors/minmeng/2025/2025-07-17-river-bank/index.html");
    let results: Vec<String> = activity
        .select(&sel(".result"))
        .map(|r| r.text().collect::<String>())
        .collect();
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(
        results[0].starts_with("采用：市政协办公厅《社情民意》 2025年第21期"),
        "{results:?}"
    );
    assert!(results[1].contains("领导批示") && results[1].contains("批示市水务局研究办理"));
}
