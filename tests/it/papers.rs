//! Official papers (GB/T 9704) from the sample site: `report plans|year --format docx` and
//! `paper commendation`. Each file is read back — text and table cells with the project's
//! own docx reader, page size, margins, fonts, footers and repeating header rows from the
//! XML parts — and the tables are compared cell by cell with the CSV export of the same
//! report in the same run (one source of figures). LibreOffice converts each file to PDF
//! when it is installed (required when JIEBIE_REQUIRE_SOFFICE=1).

use crate::helpers::{copy_dir, manifest_dir, parse_csv, run, site_options};
use jiebie::author::docx::{self as reader, xml::Ns, Block};
use jiebie::reports::export;
use jiebie::reports::papers;
use jiebie::reports::{self, ReportKind};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The sample site's papers, written the way the commands write them, into `dir`.
fn write_papers(dir: &Path) -> Vec<(PathBuf, Option<String>)> {
    let checked = jiebie::check(&site_options(&manifest_dir())).expect("the sample site checks");
    let mut written = Vec::new();
    for (kind, year, name) in [
        (ReportKind::Year, 2025, "year"),
        (ReportKind::Plans, 2026, "plans"),
    ] {
        let report = reports::build(kind, &checked.site, &checked.derived, year);
        let paper = papers::from_report(
            &report,
            &checked.site.config.committee,
            checked.derived.today,
        );
        let path = dir.join(format!("{name}-{year}.docx"));
        papers::save(&path, &papers::to_docx(&paper).expect("docx")).expect("saved");
        written.push((path, Some(export::to_csv(&report))));
    }
    let paper = papers::commendation(&checked.site, 2025).expect("the sample notice has a number");
    let path = dir.join("commendation-2025.docx");
    papers::save(&path, &papers::to_docx(&paper).expect("docx")).expect("saved");
    written.push((path, None));
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

/// The tables of the Word file as text grids (a blank cell shows “—”, as CSV leaves it
/// empty).
fn docx_tables(doc: &reader::Document) -> Vec<Vec<Vec<String>>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(
                t.rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| {
                                let text: String = c.blocks.iter().map(Block::plain_text).collect();
                                if text == "—" {
                                    String::new()
                                } else {
                                    text
                                }
                            })
                            .collect()
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn text(doc: &reader::Document) -> String {
    doc.blocks.iter().map(|b| b.plain_text() + "\n").collect()
}

#[test]
fn papers_report_tables_match_the_csv_export_of_the_same_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, csv) in write_papers(dir.path()) {
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
    for (path, _) in write_papers(dir.path()) {
        let bytes = std::fs::read(&path).expect("written");
        let document = part(&bytes, "word/document.xml");
        let sect = document.find(Ns::W, "sectPr").expect("a section");
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
    let bytes = std::fs::read(&written[2].0).expect("written");
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
    for ((a, _), (b, _)) in written.iter().zip(write_papers(again.path())) {
        assert_eq!(
            std::fs::read(a).ok(),
            std::fs::read(&b).ok(),
            "{}",
            a.display()
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

/// LibreOffice opens every paper and converts it to PDF without complaint; page 1 of
/// each is kept as PNG in target/papers/ when pdftoppm is there.
#[test]
fn papers_open_in_libreoffice() {
    let soffice = Path::new("/usr/bin/soffice");
    let found = soffice.exists() || which("soffice").is_some();
    if !found {
        assert!(
            std::env::var("JIEBIE_REQUIRE_SOFFICE").as_deref() != Ok("1"),
            "JIEBIE_REQUIRE_SOFFICE=1 but soffice is not installed"
        );
        eprintln!("note: soffice not found, LibreOffice check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let written = write_papers(dir.path());
    let profile = dir.path().join("profile");
    let files: Vec<String> = written
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    let started = Instant::now();
    let output = std::process::Command::new(if soffice.exists() {
        soffice.to_path_buf()
    } else {
        PathBuf::from("soffice")
    })
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
    let complaints: Vec<&str> = stderr
        .lines()
        .chain(stdout.lines())
        .filter(|l| {
            l.to_lowercase().contains("error") || l.contains("repair") || l.contains("corrupt")
        })
        .collect();
    assert!(complaints.is_empty(), "{complaints:?}");
    let pngs = manifest_dir().join("target/papers");
    for (path, _) in &written {
        let pdf = path.with_extension("pdf");
        let head = std::fs::read(&pdf)
            .unwrap_or_else(|_| panic!("no {}: {stdout}{stderr}", pdf.display()));
        assert!(head.starts_with(b"%PDF"), "{}", pdf.display());
        if which("pdftoppm").is_some() {
            let _ = std::fs::create_dir_all(&pngs);
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("paper");
            let _ = std::process::Command::new("pdftoppm")
                .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
                .arg(&pdf)
                .arg(pngs.join(stem))
                .status();
        }
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}
