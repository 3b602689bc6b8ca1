//! Official papers (GB/T 9704) from the sample site: `report plans|year --format docx` and
//! `paper commendation`. Each file is read back — text and table cells with the project's
//! own docx reader, page size, margins, fonts, footers and repeating header rows from the
//! XML parts — and the tables are compared cell by cell with the CSV export of the same
//! report in the same run (one source of figures). LibreOffice converts each file to PDF
//! when it is installed (required when JIEBIE_REQUIRE_SOFFICE=1).

use crate::helpers::{self, copy_dir, manifest_dir, parse_csv, run, site_options};
use jiebie::author::docx::{self as reader, xml::Ns, Block};
use jiebie::reports::export;
use jiebie::reports::papers;
use jiebie::reports::{self, Report, ReportKind};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One paper written from the sample site.
struct Written {
    /// The `.docx` file.
    path: PathBuf,
    /// The report it was made from (none for the commendation notice).
    report: Option<Report>,
    /// The CSV export of that report, from the same run.
    csv: Option<String>,
}

/// The sample site's papers, written the way the commands write them, into `dir`: the
/// year report, the plan summary, the members' record and the commendation notice.
fn write_papers(dir: &Path) -> Vec<Written> {
    let checked = jiebie::check(&site_options(&manifest_dir())).expect("the sample site checks");
    let mut written = Vec::new();
    for (kind, year, name) in [
        (ReportKind::Year, 2025, "year"),
        (ReportKind::Plans, 2026, "plans"),
        (ReportKind::Members, 2025, "members"),
    ] {
        let report = reports::build(kind, &checked.site, &checked.derived, year);
        let paper = papers::from_report(
            &report,
            &checked.site.config.committee,
            checked.derived.today,
        );
        let path = dir.join(format!("{name}-{year}.docx"));
        papers::save(&path, &papers::to_docx(&paper).expect("docx")).expect("saved");
        let csv = Some(export::to_csv(&report));
        written.push(Written {
            path,
            report: Some(report),
            csv,
        });
    }
    let paper = papers::commendation(&checked.site, 2025).expect("the sample notice has a number");
    let path = dir.join("commendation-2025.docx");
    papers::save(&path, &papers::to_docx(&paper).expect("docx")).expect("saved");
    written.push(Written {
        path,
        report: None,
        csv: None,
    });
    written
}

/// One part of a package, parsed.
fn part(bytes: &[u8], name: &str) -> reader::xml::Element {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"))
        .read_to_end(&mut text)
        .expect("readable");
    reader::xml::parse(&text).expect("well-formed")
}

/// The tables of the CSV export: each a header line and rows (the line after a blank
/// line is a table's title, then its header).
fn csv_tables(csv: &str) -> Vec<Vec<Vec<String>>> {
    let rows = parse_csv(csv);
    let mut tables = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if rows[i] == [""] && i + 2 < rows.len() + 1 {
            let mut table = Vec::new();
            let mut j = i + 2; // skip the blank line and the title
            while j < rows.len() && rows[j] != [""] {
                table.push(rows[j].clone());
                j += 1;
            }
            tables.push(table);
            i = j;
        } else {
            i += 1;
        }
    }
    tables
}

/// The tables of the Word file as text grids, a blank cell (printed “—”) empty as CSV
/// leaves it.
fn docx_tables(doc: &reader::Document) -> Vec<Vec<Vec<String>>> {
    let mut tables = helpers::docx_tables(doc);
    for cell in tables.iter_mut().flatten().flatten() {
        if cell == "—" {
            cell.clear();
        }
    }
    tables
}

fn text(doc: &reader::Document) -> String {
    doc.blocks.iter().map(|b| b.plain_text() + "\n").collect()
}

#[test]
fn papers_report_tables_match_the_csv_export_of_the_same_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    for Written { path, csv, .. } in write_papers(dir.path()) {
        let Some(csv) = csv else { continue };
        let bytes = std::fs::read(&path).expect("written");
        let doc = reader::read(&bytes).expect("readable docx");
        let expected: Vec<_> = csv_tables(&csv)
            .into_iter()
            .filter(|t| t.len() > 1)
            .collect();
        let got = docx_tables(&doc);
        assert!(!got.is_empty(), "{}: no table", path.display());
        assert_eq!(
            got,
            expected,
            "{}: the tables differ from the CSV",
            path.display()
        );
        let all = text(&doc);
        let title = parse_csv(&csv)[0][0].clone();
        assert!(all.contains(&title), "{}: no title {title}", path.display());
        assert!(all.contains("政协武汉市委员会"), "issuing body");
        assert!(all.contains("2026年11月20日"), "dated the build date");
        assert!(doc
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(p) if p.title)));
    }
}

#[test]
fn papers_are_a4_with_gb9704_margins_fonts_footers_and_header_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    for Written { path, .. } in write_papers(dir.path()) {
        let bytes = std::fs::read(&path).expect("written");
        let document = part(&bytes, "word/document.xml");
        let body = document.child(Ns::W, "body").expect("a body");
        let sect = body.child(Ns::W, "sectPr").expect("the last section");
        let size = sect.child(Ns::W, "pgSz").expect("page size");
        assert_eq!(size.attr(Ns::W, "w"), Some("11906"));
        assert_eq!(size.attr(Ns::W, "h"), Some("16838"));
        let margins = sect.child(Ns::W, "pgMar").expect("margins");
        for (side, twips) in [
            ("top", "2098"),
            ("bottom", "1984"),
            ("left", "1588"),
            ("right", "1474"),
        ] {
            assert_eq!(margins.attr(Ns::W, side), Some(twips), "{side}");
        }
        let mut refs = Vec::new();
        sect.find_all(Ns::W, "footerReference", &mut refs);
        let types: Vec<_> = refs.iter().filter_map(|r| r.attr(Ns::W, "type")).collect();
        assert_eq!(types, ["default", "even"]);
        let mut fonts = Vec::new();
        document.find_all(Ns::W, "rFonts", &mut fonts);
        let east: Vec<_> = fonts
            .iter()
            .filter_map(|f| f.attr(Ns::W, "eastAsia"))
            .collect();
        assert!(east.contains(&"仿宋_GB2312") && east.contains(&"方正小标宋简体"));
        assert!(fonts
            .iter()
            .all(|f| f.attr(Ns::W, "ascii") == Some("Times New Roman")));
        let mut tables = Vec::new();
        document.find_all(Ns::W, "tbl", &mut tables);
        for table in &tables {
            let rows: Vec<_> = table.elements().filter(|e| e.is(Ns::W, "tr")).collect();
            let header = |r: &reader::xml::Element| r.find(Ns::W, "tblHeader").is_some();
            assert!(header(rows[0]), "the first row repeats");
            assert!(
                !rows[1..].iter().any(|r| header(r)),
                "only the first row repeats"
            );
        }
        let settings = part(&bytes, "word/settings.xml");
        assert!(settings.child(Ns::W, "evenAndOddHeaders").is_some());
        for (name, align) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
            let footer = part(&bytes, name);
            let mut instructions = Vec::new();
            footer.find_all(Ns::W, "instrText", &mut instructions);
            let field: String = instructions.iter().map(|i| i.text()).collect();
            assert_eq!(field.trim(), "PAGE", "{name}: a PAGE field");
            let mut runs = Vec::new();
            footer.find_all(Ns::W, "t", &mut runs);
            let shown: String = runs.iter().map(|t| t.text()).collect();
            assert_eq!(shown.matches('—').count(), 2, "{name}: the dashes: {shown}");
            let jc = footer.find(Ns::W, "jc").and_then(|j| j.val());
            assert_eq!(jc, Some(align), "{name}");
        }
        let table = part(&bytes, "word/fontTable.xml");
        assert!(table
            .elements()
            .any(|f| f.attr(Ns::W, "name") == Some("仿宋_GB2312")));
    }
}

#[test]
fn papers_commendation_notice_has_number_lists_signature_and_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_papers(dir.path());
    let bytes = std::fs::read(&written[3].path).expect("written");
    let doc = reader::read(&bytes).expect("readable docx");
    let all = text(&doc);
    for expected in [
        "武政协〔2026〕0号（示例）",
        "关于表扬2025年度界别工作先进界别、界别召集人和界别联络员的通报",
        "市级各民主党派、工商联，市政协各专门委员会，各界别：",
        "民盟界：围绕长江大保护持续开展调研",
        "詹某（民盟界）：协助第一召集人统筹长江岸线调研",
        "牛某（环资界）：及时准确记录界别活动",
        "附件：受表扬的界别、界别召集人和界别联络员名单",
        "政协武汉市委员会办公厅（示例）",
    ] {
        assert!(all.contains(expected), "missing {expected} in\n{all}");
    }
    // The body's own signature and date are printed once, where the paper puts them.
    assert_eq!(all.matches("2026年1月22日").count(), 1, "{all}");
    assert_eq!(all.matches("政协武汉市委员会办公厅（示例）").count(), 1);
    // The same content gives the same bytes.
    let again = tempfile::tempdir().expect("temp dir");
    for (a, b) in written.iter().zip(write_papers(again.path())) {
        assert_eq!(
            std::fs::read(&a.path).ok(),
            std::fs::read(&b.path).ok(),
            "{}",
            a.path.display()
        );
    }
}

#[test]
fn papers_commendation_without_document_number_writes_nothing() {
    let site = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &manifest_dir().join("content"),
        &site.path().join("content"),
    );
    let notice = site.path().join("content/commendations/2025.md");
    let text = std::fs::read_to_string(&notice).expect("the sample notice");
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("document:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&notice, without).expect("written");
    let out = site.path().join("out");
    std::fs::create_dir(&out).expect("made");
    let target = out.join("通报.docx");
    let shown = target.to_str().expect("UTF-8");
    let paper = |env: &[(&str, &str)]| {
        run(
            site.path(),
            &[
                "paper",
                "commendation",
                "--year",
                "2025",
                "--output",
                shown,
                "--today",
                "2026-11-20",
            ],
            env,
            Duration::from_secs(60),
        )
    };
    let outcome = paper(&[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(
        outcome.stderr.contains("commendations/2025.md"),
        "{outcome:?}"
    );
    assert!(
        outcome.stderr.contains("没有文号（document:）"),
        "{outcome:?}"
    );
    let left: Vec<_> = std::fs::read_dir(&out).expect("readable").collect();
    assert!(
        left.is_empty(),
        "nothing written, not even a temporary file: {left:?}"
    );
    // With the number the same command writes the file.
    std::fs::write(&notice, text).expect("restored");
    let outcome = paper(&[]);
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    assert!(reader::read_file(&target).is_ok());
}

#[test]
fn papers_report_command_writes_docx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("year.docx");
    let outcome = run(
        &manifest_dir(),
        &[
            "report",
            "year",
            "--year",
            "2025",
            "--format",
            "docx",
            "--output",
            target.to_str().expect("UTF-8"),
            "--today",
            "2026-11-20",
        ],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    let doc = reader::read_file(&target).expect("readable");
    assert!(!docx_tables(&doc).is_empty());
}

/// The sections of `document.xml` in order: each `w:sectPr` (in a paragraph, a section
/// break, or the body's last) with the tables written before it and after the previous one.
fn sections(
    document: &reader::xml::Element,
) -> Vec<(&reader::xml::Element, Vec<&reader::xml::Element>)> {
    let body = document.child(Ns::W, "body").expect("a body");
    let mut out = Vec::new();
    let mut tables = Vec::new();
    for child in body.elements() {
        if child.is(Ns::W, "tbl") {
            tables.push(child);
        }
        let sect = if child.is(Ns::W, "sectPr") {
            Some(child)
        } else if child.is(Ns::W, "p") {
            child
                .child(Ns::W, "pPr")
                .and_then(|p| p.child(Ns::W, "sectPr"))
        } else {
            None
        };
        if let Some(sect) = sect {
            out.push((sect, std::mem::take(&mut tables)));
        }
    }
    out
}

/// The year report's per-sector table (19 columns) sits alone in a landscape section —
/// A4 turned, `w:orient="landscape"`, its header row repeated — between portrait ones;
/// only the first section starts the page numbers, so they run on through it.
#[test]
fn papers_wide_table_is_on_landscape_pages_with_page_numbers_running_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_papers(dir.path());
    let mut landscape_tables = 0;
    for Written { path, .. } in &written {
        let bytes = std::fs::read(path).expect("written");
        let document = part(&bytes, "word/document.xml");
        let sections = sections(&document);
        for (i, (sect, tables)) in sections.iter().enumerate() {
            let size = sect.child(Ns::W, "pgSz").expect("page size");
            let landscape = size.attr(Ns::W, "orient") == Some("landscape");
            let (w, h) = if landscape {
                ("16838", "11906")
            } else {
                ("11906", "16838")
            };
            assert_eq!(size.attr(Ns::W, "w"), Some(w), "{}", path.display());
            assert_eq!(size.attr(Ns::W, "h"), Some(h), "{}", path.display());
            let start = sect
                .child(Ns::W, "pgNumType")
                .and_then(|n| n.attr(Ns::W, "start"));
            assert_eq!(
                start,
                (i == 0).then_some("1"),
                "{}: section {i}",
                path.display()
            );
            let mut refs = Vec::new();
            sect.find_all(Ns::W, "footerReference", &mut refs);
            assert_eq!(refs.len(), 2, "every section has the page-number footers");
            for table in tables {
                let columns = table
                    .child(Ns::W, "tblGrid")
                    .map_or(0, |g| g.elements().count());
                assert_eq!(
                    columns > papers::LANDSCAPE_COLUMNS,
                    landscape,
                    "{}: a table of {columns} columns in a {} section",
                    path.display(),
                    if landscape { "landscape" } else { "portrait" }
                );
                if landscape {
                    landscape_tables += 1;
                    let first = table.child(Ns::W, "tr").expect("a row");
                    assert!(first.find(Ns::W, "tblHeader").is_some());
                    let width = table
                        .find(Ns::W, "tblW")
                        .and_then(|w| w.attr(Ns::W, "w"))
                        .and_then(|w| w.parse::<u32>().ok())
                        .expect("a width");
                    assert!(width > 11906, "the table spans the landscape page: {width}");
                }
            }
        }
        let last = sections.last().expect("a section").0;
        let orient = last
            .child(Ns::W, "pgSz")
            .and_then(|s| s.attr(Ns::W, "orient"));
        assert_eq!(orient, None, "{}: the paper ends portrait", path.display());
    }
    assert_eq!(landscape_tables, 1, "the year report's per-sector table");
}

/// A chart part as (series name, category labels, values) per series.
fn chart_series(chart: &reader::xml::Element) -> Vec<(String, Vec<String>, Vec<u32>)> {
    let mut series = Vec::new();
    chart.find_all(Ns::Other, "ser", &mut series);
    let points = |e: Option<&reader::xml::Element>| -> Vec<String> {
        let mut pts = Vec::new();
        if let Some(e) = e {
            e.find_all(Ns::Other, "pt", &mut pts);
        }
        pts.iter()
            .map(|p| {
                p.child(Ns::Other, "v")
                    .map(|v| v.text())
                    .unwrap_or_default()
            })
            .collect()
    };
    series
        .iter()
        .map(|s| {
            let name = points(s.child(Ns::Other, "tx")).concat();
            let labels = points(s.child(Ns::Other, "cat"));
            let values = points(s.child(Ns::Other, "val"))
                .iter()
                .map(|v| v.parse().expect("a count"))
                .collect();
            (name, labels, values)
        })
        .collect()
}

/// The charts of a paper, in the order the body shows them: each `c:chart` reference
/// resolved through `document.xml.rels` (type chart) to a part declared in
/// `[Content_Types].xml`, parsed.
fn charts(bytes: &[u8]) -> Vec<reader::xml::Element> {
    let document = part(bytes, "word/document.xml");
    let rels = part(bytes, "word/_rels/document.xml.rels");
    let types = part(bytes, "[Content_Types].xml");
    let mut references = Vec::new();
    document.find_all(Ns::Other, "chart", &mut references);
    references
        .iter()
        .map(|reference| {
            let id = reference.attr(Ns::R, "id").expect("an r:id");
            let rel = rels
                .elements()
                .find(|r| r.attr(Ns::None, "Id") == Some(id))
                .unwrap_or_else(|| panic!("no relationship {id}"));
            assert!(rel
                .attr(Ns::None, "Type")
                .is_some_and(|t| t.ends_with("/relationships/chart")));
            let target = rel.attr(Ns::None, "Target").expect("a target");
            let name = format!("word/{target}");
            assert!(
                types.elements().any(
                    |o| o.attr(Ns::None, "PartName") == Some(&format!("/{name}"))
                        && o.attr(Ns::None, "ContentType")
                            == Some(
                                "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
                            )
                ),
                "{name} has its content type"
            );
            let frame = document
                .find(Ns::Wp, "docPr")
                .and_then(|d| d.attr(Ns::None, "descr"));
            assert!(frame.is_some_and(|d| !d.is_empty()), "alternative text");
            part(bytes, &name)
        })
        .collect()
}

/// The year report's charts carry the very figures of its tables in the same run: the
/// per-sector activities and outputs of the sectors with records, in the table's order;
/// activities by month and by kind adding up to the committee's activities. The plan
/// summary's charts add up its by-quarter table.
#[test]
fn papers_charts_are_chart_parts_with_the_reports_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_papers(dir.path());
    let number = |cell: &jiebie::reports::Cell| match cell {
        jiebie::reports::Cell::Number(n) => u32::try_from(*n).expect("a count"),
        other => panic!("not a number: {other:?}"),
    };
    // The year report.
    let year = &written[0];
    let report = year.report.as_ref().expect("a report");
    let bytes = std::fs::read(&year.path).expect("written");
    let parts = charts(&bytes);
    assert_eq!(parts.len(), report.charts.len());
    assert_eq!(parts.len(), 3, "sectors, months, kinds");
    let sectors = &report.tables[0];
    let column = |name: &str| {
        sectors
            .headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (activities, outputs) = (column("活动"), column("成果合计"));
    let with_data: Vec<_> = sectors
        .rows
        .iter()
        .filter(|r| matches!(r[activities], jiebie::reports::Cell::Number(_)))
        .collect();
    let names: Vec<String> = with_data.iter().map(|r| r[0].display()).collect();
    let by_sector = chart_series(&parts[0]);
    assert_eq!(by_sector.len(), 2);
    assert_eq!(by_sector[0].0, "活动（次）");
    assert_eq!(by_sector[1].0, "成果（篇）");
    for (series, col) in by_sector.iter().zip([activities, outputs]) {
        assert_eq!(
            series.1, names,
            "the sectors with records, in the table's order"
        );
        let expected: Vec<u32> = with_data.iter().map(|r| number(&r[col])).collect();
        assert_eq!(series.2, expected, "{}", series.0);
    }
    let totals = &report.tables[1];
    let committee_activities = totals
        .rows
        .iter()
        .find(|r| r[0].display().starts_with("界别活动"))
        .map(|r| number(&r[1]))
        .expect("the committee's activities");
    let months = chart_series(&parts[1]);
    assert_eq!(months[0].1.len(), 12);
    assert_eq!(months[0].1[0], "1月");
    assert_eq!(months[0].2.iter().sum::<u32>(), committee_activities);
    let kinds = chart_series(&parts[2]);
    assert_eq!(kinds[0].2.iter().sum::<u32>(), committee_activities);
    // The chart parts say what the report's charts say.
    for (part, chart) in parts.iter().zip(&report.charts) {
        let series = chart_series(part);
        for (got, want) in series.iter().zip(&chart.series) {
            assert_eq!((&got.1, &got.2), (&chart.labels, &want.values));
        }
    }
    // The plan summary: by quarter and by kind, each adding up to every plan item.
    let plans = &written[1];
    let report = plans.report.as_ref().expect("a report");
    let parts = charts(&std::fs::read(&plans.path).expect("written"));
    assert_eq!(parts.len(), 2);
    let by_quarter = &report.tables[1];
    let items: u32 = by_quarter.rows.iter().map(|r| number(&r[1])).sum();
    let quarters = chart_series(&parts[0]);
    for (q, value) in quarters[0].2.iter().enumerate() {
        let column: u32 = by_quarter.rows.iter().map(|r| number(&r[q + 2])).sum();
        assert_eq!(*value, column, "quarter column {q}");
    }
    assert_eq!(chart_series(&parts[1])[0].2.iter().sum::<u32>(), items);
    // The members' record and the notice have none.
    for w in &written[2..] {
        assert!(charts(&std::fs::read(&w.path).expect("written")).is_empty());
    }
}

/// Text of a PDF page by page (pdftotext puts a form feed after each), squeezed as
/// [`squeeze`] does.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let output = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout)
        .split('\u{c}')
        .map(squeeze)
        .collect()
}

/// Text without whitespace and hyphens: LibreOffice spaces Latin and CJK apart, and
/// pdftotext drops a hyphen where a line breaks after it (2026-11-20 in a wrapped
/// heading) — layout, not text.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Page `page` (from 1) of `pdf` as PNG at `dpi`, checked: A4 in the expected
/// orientation, and neither blank nor solid. Returns the file.
fn render_page(pdf: &Path, page: usize, dpi: u32, landscape: bool, to: &Path) -> PathBuf {
    let page_text = page.to_string();
    let status = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            &page_text,
            "-l",
            &page_text,
            "-singlefile",
        ])
        .arg(pdf)
        .arg(to)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success(), "pdftoppm {}", pdf.display());
    let png = to.with_extension("png");
    let image = image::open(&png).expect("a PNG").to_luma8();
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let ratio = if landscape { w / h } else { h / w };
    assert!(
        (ratio - 297.0 / 210.0).abs() < 0.01,
        "{}: page {page} is {w}×{h}, not A4 {}",
        pdf.display(),
        if landscape { "landscape" } else { "portrait" }
    );
    let inked = image.pixels().filter(|p| p.0[0] < 160).count();
    let share = inked as f64 / (w * h);
    assert!(
        (0.005..0.5).contains(&share),
        "{}: page {page} has {:.2}% ink",
        pdf.display(),
        share * 100.0
    );
    png
}

/// Makes a reference page small for the repository: four levels a channel (black, greys,
/// the red and blue of the issuing body and the charts stay recognisable) compress about
/// four times better; written with the PNG encoder's best compression.
fn shrink(png: &Path) {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut page = image::open(png).expect("a PNG").to_rgb8();
    for pixel in page.pixels_mut() {
        for channel in &mut pixel.0 {
            *channel = ((u16::from(*channel) + 42) / 85 * 85).min(255) as u8;
        }
    }
    let file = std::fs::File::create(png).expect("writable");
    let encoder = PngEncoder::new_with_quality(
        std::io::BufWriter::new(file),
        CompressionType::Best,
        FilterType::Adaptive,
    );
    page.write_with_encoder(encoder).expect("encoded");
}

/// LibreOffice opens every paper and converts it to PDF without complaint; the PDF's
/// text has each paper's title, its table headers and its charts' captions, legends and
/// labels; page 1 of each, the year report's landscape table page and a chart page are
/// rendered with pdftoppm and must be A4 the right way round and not blank. With
/// JIEBIE_PAPER_SCREENSHOTS=1 those pages are saved as docs/images/papers-*.png (80 dpi),
/// the reference renders in docs/papers.md; otherwise in target/papers/.
#[test]
fn papers_open_in_libreoffice_and_render() {
    let required = std::env::var("JIEBIE_REQUIRE_SOFFICE").as_deref() == Ok("1");
    let missing: Vec<&str> = ["soffice", "pdftoppm", "pdftotext"]
        .into_iter()
        .filter(|p| which(p).is_none())
        .collect();
    if !missing.is_empty() {
        assert!(
            !required,
            "JIEBIE_REQUIRE_SOFFICE=1 but {missing:?} not installed (libreoffice-writer-nogui, poppler-utils)"
        );
        eprintln!("note: {missing:?} not found, LibreOffice check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_papers(dir.path());
    let profile = dir.path().join("profile");
    let files: Vec<String> = written
        .iter()
        .map(|w| w.path.display().to_string())
        .collect();
    let started = Instant::now();
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&files)
        .output()
        .expect("soffice runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("soffice converted {} papers in {took:.1?}", files.len());
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        took < Duration::from_secs(60),
        "the conversion took {took:.1?}"
    );
    let complaints: Vec<&str> = stderr
        .lines()
        .chain(stdout.lines())
        .filter(|l| {
            l.to_lowercase().contains("error") || l.contains("repair") || l.contains("corrupt")
        })
        .collect();
    assert!(complaints.is_empty(), "{complaints:?}");
    let reference = std::env::var("JIEBIE_PAPER_SCREENSHOTS").as_deref() == Ok("1");
    let pngs = if reference {
        manifest_dir().join("docs/images")
    } else {
        manifest_dir().join("target/papers")
    };
    std::fs::create_dir_all(&pngs).expect("a folder for the pages");
    let mut rendered = Vec::new();
    for w in &written {
        let pdf = w.path.with_extension("pdf");
        let head = std::fs::read(&pdf)
            .unwrap_or_else(|_| panic!("no {}: {stdout}{stderr}", pdf.display()));
        assert!(head.starts_with(b"%PDF"), "{}", pdf.display());
        let pages = pdf_pages(&pdf);
        let all = pages.concat();
        let kind = w
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.split('-').next())
            .expect("a name");
        let doc = reader::read_file(&w.path).expect("readable");
        let title = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Paragraph(p) if p.title => Some(b.plain_text()),
                _ => None,
            })
            .expect("a title");
        assert!(
            pages[0].contains(&squeeze(&title)),
            "{kind}: title on page 1"
        );
        // GB/T 9704: the 成文日期 never stands alone on a page. The date is the last
        // paragraph before the attachment (附件) or the end.
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| squeeze(&b.plain_text()))
            .collect();
        let main_end = texts
            .iter()
            .rposition(|t| t == "附件")
            .unwrap_or(texts.len());
        let date_at = texts[..main_end]
            .iter()
            .rposition(|t| !t.is_empty())
            .expect("a date");
        let (date, signature) = (&texts[date_at], &texts[date_at - 1]);
        let date_page = pages
            .iter()
            .rposition(|p| p.contains(date.as_str()))
            .unwrap_or_else(|| panic!("{kind}: the date {date} is printed"));
        let rest: String = pages[date_page]
            .replace(date.as_str(), "")
            .replace(signature.as_str(), "")
            .chars()
            .filter(|c| !c.is_ascii_digit() && *c != '—')
            .collect();
        assert!(
            !rest.is_empty(),
            "{kind}: the signature and date stand alone on page {}",
            date_page + 1
        );
        let mut wide_page = None;
        let mut chart_page = None;
        if let Some(report) = &w.report {
            for table in report.tables.iter().filter(|t| !t.rows.is_empty()) {
                // A header in a narrow column wraps; its first two characters stay together.
                for header in &table.headers {
                    let start: String = header.chars().take(2).collect();
                    assert!(all.contains(&squeeze(&start)), "{kind}: header {header}");
                }
                assert!(
                    all.contains(&squeeze(&table.title)),
                    "{kind}: {}",
                    table.title
                );
                if papers::is_wide(table) {
                    wide_page = pages
                        .iter()
                        .position(|p| p.contains(&squeeze(&table.title)));
                }
            }
            for (i, chart) in report.charts.iter().enumerate() {
                let caption = squeeze(&format!("图{}　{}", i + 1, chart.title));
                let at = pages.iter().position(|p| p.contains(&caption));
                assert!(at.is_some(), "{kind}: caption {caption}");
                chart_page = chart_page.or(at);
                for series in &chart.series {
                    assert!(
                        all.contains(&squeeze(&series.name)),
                        "{kind}: legend {}",
                        series.name
                    );
                }
                for label in &chart.labels {
                    assert!(all.contains(&squeeze(label)), "{kind}: label {label}");
                }
            }
            if !report.charts.is_empty() {
                assert!(chart_page.is_some());
            }
        }
        rendered.push(render_page(
            &pdf,
            1,
            80,
            false,
            &pngs.join(format!("papers-{kind}")),
        ));
        if let Some(page) = wide_page {
            rendered.push(render_page(
                &pdf,
                page + 1,
                80,
                true,
                &pngs.join(format!("papers-{kind}-table")),
            ));
        }
        if let Some(page) = chart_page {
            rendered.push(render_page(
                &pdf,
                page + 1,
                80,
                false,
                &pngs.join(format!("papers-{kind}-chart")),
            ));
        }
    }
    assert!(
        rendered
            .iter()
            .any(|p| p.ends_with("papers-year-table.png"))
            && rendered
                .iter()
                .any(|p| p.ends_with("papers-year-chart.png")),
        "{rendered:?}"
    );
    if reference {
        rendered.iter().for_each(|png| shrink(png));
    }
    eprintln!("pages rendered: {rendered:?}");
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}
