//! Unit tests of the papers: each XML part well-formed, the layout's numbers, footers,
//! tables, the notice's body, and equal bytes for equal papers.

use super::chart;
use super::docx::parts;
use super::*;
use crate::render::chart::BarChart;
use crate::reports::Cell;

fn table() -> Table {
    Table {
        name: "t".into(),
        title: "各界别".into(),
        headers: vec!["界别".into(), "活动".into(), "成果".into()],
        rows: vec![
            vec!["民盟界".into(), Cell::Number(3), Cell::Blank],
            vec!["A<&>B\u{1}".into(), Cell::Number(12), Cell::Number(0)],
        ],
    }
}

fn paper() -> Paper {
    Paper {
        issuer: Some("政协武汉市委员会".into()),
        document: Some("武政协〔2026〕1号".into()),
        title: "关于表扬的通报 <&>".into(),
        blocks: vec![
            Block::Flush("各界别：".into()),
            Block::Heading("一、各界别".into()),
            Block::Table(table()),
            Block::Paragraph("正文。".into()),
        ],
        signature: Some("政协武汉市委员会办公厅".into()),
        date: NaiveDate::from_ymd_opt(2026, 1, 22).expect("a date"),
        appendix: Some(Appendix {
            title: "名单".into(),
            blocks: vec![Block::Paragraph("民盟界：好。".into())],
        }),
    }
}

/// Reads `xml` to the end with quick-xml, failing on any malformed markup.
fn well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML: {e}\n{xml}"),
        }
    }
    assert_eq!(depth, 0, "unbalanced XML");
}

fn twips(mm: f64) -> u32 {
    (mm * 1440.0 / 25.4).round() as u32
}

#[test]
fn papers_layout_is_gb9704() {
    assert_eq!(LAYOUT.page, (twips(210.0), twips(297.0)));
    let [top, bottom, left, right] = LAYOUT.margins;
    assert_eq!(top, twips(37.0));
    assert_eq!(bottom, twips(35.0));
    // Official templates round 28 mm up to 1588 twips; within a twip of it.
    assert!(left.abs_diff(twips(28.0)) <= 1);
    assert_eq!(right, twips(26.0));
    assert_eq!(
        (LAYOUT.title_size, LAYOUT.body_size, LAYOUT.line),
        (44, 32, 560)
    );
}

#[test]
fn papers_parts_are_well_formed_and_escaped() {
    let document = parts::document(&paper());
    well_formed(&document);
    well_formed(&parts::footer(true));
    well_formed(&parts::footer(false));
    well_formed(&parts::settings());
    well_formed(&parts::font_table());
    assert!(document.contains("关于表扬的通报 &lt;&amp;&gt;"));
    assert!(
        document.contains("A&lt;&amp;&gt;B<"),
        "the control character is dropped"
    );
    assert!(!document.contains('\u{1}'));
}

#[test]
fn papers_document_has_page_fonts_header_rows_and_appendix() {
    let d = parts::document(&paper());
    assert!(d.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(d.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\""));
    assert!(d.contains("<w:footerReference w:type=\"default\" r:id=\"rId4\"/>"));
    assert!(d.contains("<w:footerReference w:type=\"even\" r:id=\"rId5\"/>"));
    assert!(d.contains("w:eastAsia=\"仿宋_GB2312\""));
    assert!(d.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(
        d.contains("<w:color w:val=\"FF0000\"/>"),
        "the issuing body is red"
    );
    assert!(d.contains("w:line=\"560\" w:lineRule=\"exact\""));
    assert_eq!(
        d.matches("<w:tblHeader/>").count(),
        1,
        "one header row per table"
    );
    assert!(
        d.contains("<w:br w:type=\"page\"/>"),
        "the appendix starts a page"
    );
    assert!(d.contains("2026年1月22日"));
    // The grid fills the text block exactly.
    let widths: u32 = d
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<u32>().ok())
        .sum();
    assert_eq!(widths, 11906 - 1588 - 1474);
}

#[test]
fn papers_footers_number_odd_right_even_left() {
    let odd = parts::footer(true);
    let even = parts::footer(false);
    for f in [&odd, &even] {
        assert!(f.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
        assert!(f.contains(">— <") && f.contains("> —<"));
    }
    assert!(odd.contains("<w:jc w:val=\"right\"/>"));
    assert!(even.contains("<w:jc w:val=\"left\"/>"));
    assert!(parts::settings().contains("<w:evenAndOddHeaders/>"));
    let fonts = parts::font_table();
    assert!(fonts.contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));
}

#[test]
fn papers_equal_papers_give_equal_bytes() {
    let a = to_docx(&paper()).expect("written");
    let b = to_docx(&paper()).expect("written");
    assert_eq!(a, b);
    let archive = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("a zip");
    let names: Vec<&str> = archive.file_names().collect();
    assert_eq!(names.len(), 11);
    assert!(names.contains(&"word/footer2.xml"));
}

#[test]
fn papers_report_paper_numbers_tables_and_dates() {
    let report = Report {
        title: "2025 年度界别工作计划完成情况".into(),
        year: 2025,
        has_data: true,
        notes: vec!["说明。".into()],
        tables: vec![
            table(),
            Table {
                rows: vec![],
                ..table()
            },
        ],
        charts: Vec::new(),
    };
    let date = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date");
    let p = from_report(&report, " 政协武汉市委员会 ", date);
    assert_eq!(p.issuer.as_deref(), Some("政协武汉市委员会"));
    assert_eq!(p.date, date);
    assert_eq!(p.blocks[2], Block::Heading("一、各界别".into()));
    assert_eq!(p.blocks[4], Block::Heading("二、各界别".into()));
    assert_eq!(p.blocks[5], Block::Paragraph("无。".into()));
    assert_eq!(from_report(&report, "", date).issuer, None);
}

#[test]
fn papers_notice_body_becomes_blocks() {
    let blocks = body_blocks(
        "各界别：\n\n2025年，各界别认真\n贯彻落实 [意见](../pages/rules.md)。\n\nsee\nthis\n\n## 一、要求\n\n1. 第一\n2. 第二\n\n- 甲\n",
    );
    assert_eq!(
        blocks,
        vec![
            Block::Flush("各界别：".into()),
            Block::Paragraph("2025年，各界别认真贯彻落实 意见。".into()),
            Block::Paragraph("see this".into()),
            Block::Heading("一、要求".into()),
            Block::Paragraph("1. 第一".into()),
            Block::Paragraph("2. 第二".into()),
            Block::Paragraph("甲".into()),
        ]
    );
}

#[test]
fn papers_chinese_ordinals() {
    let got: Vec<String> = [1, 9, 10, 11, 20, 23]
        .iter()
        .map(|&n| chinese_ordinal(n))
        .collect();
    assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三"]);
}

fn wide_table() -> Table {
    let headers: Vec<String> = (1..=19).map(|i| format!("列{i}")).collect();
    Table {
        name: "w".into(),
        title: "各界别活动与成果".into(),
        rows: vec![(1..=19).map(Cell::Number).collect()],
        headers,
    }
}

fn chart() -> BarChart {
    use crate::render::chart::{Direction, Series, COLOURS};
    BarChart {
        id: "c".into(),
        title: "各界别活动 <&>".into(),
        description: "条形图".into(),
        labels: vec!["民盟界".into(), "A&B".into()],
        series: vec![Series {
            name: "活动（次）".into(),
            colour: COLOURS[0],
            values: vec![4, 17],
        }],
        quota: Some((2, "年度要求 2".into())),
        direction: Direction::Horizontal,
    }
}

#[test]
fn papers_wide_table_gets_a_landscape_section_and_numbers_run_on() {
    let mut p = paper();
    p.blocks = vec![
        Block::Paragraph("说明。".into()),
        Block::Heading("一、各界别".into()),
        Block::Table(wide_table()),
        Block::Heading("二、合计".into()),
        Block::Table(table()),
    ];
    let d = parts::document(&p);
    well_formed(&d);
    let sections: Vec<&str> = d.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 3, "portrait, landscape, portrait");
    assert!(sections[1].contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"));
    assert!(!sections[0].contains("landscape") && !sections[2].contains("landscape"));
    assert!(sections[0].contains("w:start=\"1\""));
    assert!(!sections[1].contains("w:start") && !sections[2].contains("w:start"));
    // The heading goes with its table onto the landscape page: the first section ends
    // before it.
    let heading = d.find("一、各界别").expect("the heading");
    let first_break = d.find("<w:sectPr>").expect("a break");
    let second_break = d[first_break + 1..].find("<w:sectPr>").expect("a break") + first_break;
    assert!(first_break < heading && heading < second_break);
    // The wide table spans the landscape text block; the other the portrait one.
    assert!(d.contains("<w:tblW w:w=\"13266\" w:type=\"dxa\"/>"));
    assert!(d.contains("<w:tblW w:w=\"8844\" w:type=\"dxa\"/>"));
    assert!(is_wide(&wide_table()) && !is_wide(&table()));
}

#[test]
fn papers_charts_are_numbered_chart_parts() {
    let mut p = paper();
    p.blocks = vec![Block::Chart(chart()), Block::Chart(chart())];
    let d = parts::document(&p);
    well_formed(&d);
    assert!(d.contains("r:id=\"rIdChart1\"") && d.contains("r:id=\"rIdChart2\""));
    assert!(d.contains("图1　各界别活动 &lt;&amp;&gt;（年度要求 2）"));
    assert!(d.contains("descr=\"条形图\""));
    let part = chart::chart_part(&chart());
    well_formed(&part);
    assert!(part.contains("<c:barDir val=\"bar\"/>"));
    assert!(part.contains("<c:pt idx=\"1\"><c:v>A&amp;B</c:v></c:pt>"));
    assert!(part.contains("<c:pt idx=\"1\"><c:v>17</c:v></c:pt>"));
    assert!(part.contains("<a:srgbClr val=\"A3121B\"/>"));
    assert!(part.contains("<c:majorUnit val=\"5\"/>"), "a round step");
    let a = to_docx(&p).expect("written");
    assert_eq!(a, to_docx(&p).expect("written"), "equal bytes");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("a zip");
    assert!(archive.by_name("word/charts/chart2.xml").is_ok());
    let mut types = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("[Content_Types].xml").expect("types"),
        &mut types,
    )
    .expect("text");
    well_formed(&types);
    assert!(types.contains("/word/charts/chart1.xml"));
}
