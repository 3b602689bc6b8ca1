//! `jiebie import` on documents made by real writers (python-docx, pandoc, LibreOffice:
//! `tests/fixtures/docx/README.md` says what each holds) and on hostile ones: the guesses,
//! the body, the photos, what `check` and the built page make of the result, and the
//! same text as pandoc's own reader.

use crate::helpers::*;
use jiebie::author::docx::DocxError;
use jiebie::author::import::{self, ImportError, ImportRequest, Imported};
use jiebie::author::scaffold::NoPrompter;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/docx").join(name)
}

/// A copy of the sample site to import into.
fn sample_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&manifest_dir().join("content"), &dir.path().join("content"));
    dir
}

fn load_site(content: &Path) -> jiebie::model::Site {
    jiebie::author::scaffold::load_site(content).expect("the site's configuration reads")
}

fn import_into(
    content: &Path,
    file: &str,
    request: &ImportRequest,
) -> Result<Imported, ImportError> {
    let site = load_site(content);
    import::import(
        content,
        &site,
        &fixture(file),
        request,
        test_today(),
        &mut NoPrompter,
    )
}

struct Expected {
    file: &'static str,
    sector: &'static str,
    title: &'static str,
    date: (i32, u32, u32),
    kind: &'static str,
    participants: &'static [&'static str],
    captions: &'static [&'static str],
    /// Headings in the body (Word's headings plus outline-numbered lines).
    headings: usize,
    tables: usize,
}

const GOOD: &[Expected] = &[
    Expected {
        file: "python-docx-research.docx",
        sector: "minmeng",
        title: "民盟界赴长江岸线开展生态保护专题调研",
        date: (2025, 11, 14),
        kind: "research",
        participants: &["蓝某", "邝某某", "蔡某", "谌某某"],
        captions: &["委员在岸线现场调研", "座谈交流"],
        headings: 7,
        tables: 1,
    },
    Expected {
        file: "pandoc-consultation.docx",
        sector: "jiaoyu",
        title: "教育界围绕“中小学课后服务提质增效”开展界别协商",
        date: (2025, 11, 20),
        kind: "consultation",
        participants: &["麻某某", "颜某某", "帅某某", "庄某", "卜某"],
        captions: &["协商座谈会现场"],
        headings: 3,
        tables: 1,
    },
    Expected {
        file: "libreoffice-study.docx",
        sector: "jiusan",
        title: "九三学社界开展全国两会精神专题学习",
        date: (2025, 3, 12),
        kind: "study",
        participants: &["陆某某", "熊某", "邹某", "申某", "荣某"],
        captions: &["专题学习会现场"],
        headings: 3,
        tables: 1,
    },
    Expected {
        file: "word-features.docx",
        sector: "nonggong",
        title: "农工党界赴新洲区开展“同心·健康行”社会服务活动",
        date: (2025, 6, 18),
        kind: "service",
        participants: &["魏某某", "褚某某", "骆某某", "尹某某"],
        captions: &["专家委员为群众义诊", "健康讲座现场"],
        headings: 3,
        tables: 0,
    },
    Expected {
        file: "emf-image.docx",
        sector: "duiwai",
        title: "对外友好界开展国际化社区建设专题视察",
        date: (2025, 9, 5),
        kind: "research",
        participants: &["谈某某", "薛某", "阮某某", "甄某"],
        captions: &["视察社区外籍居民情况"],
        headings: 0,
        tables: 0,
    },
];

#[test]
fn documents_by_real_writers_become_write_ups_that_check_and_build() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let mut written = Vec::new();
    for expected in GOOD {
        let imported = import_into(&content, expected.file, &ImportRequest::default())
            .unwrap_or_else(|e| panic!("{}: {e}", expected.file));
        assert!(
            !imported.draft,
            "{}: complete guesses are not a draft: {imported:?}",
            expected.file
        );
        assert!(
            imported.missing.is_empty(),
            "{}: {imported:?}",
            expected.file
        );
        let (y, m, d) = expected.date;
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let rel = imported
            .written
            .strip_prefix(&content)
            .unwrap()
            .to_path_buf();
        // Named exactly as `jiebie new activity` names the same title and date.
        let elsewhere = sample_site();
        let by_new = jiebie::author::scaffold::create(
            &elsewhere.path().join("content"),
            jiebie::author::scaffold::NewKind::Activity,
            jiebie::author::scaffold::NewRequest {
                sector: Some(expected.sector.into()),
                title: Some(expected.title.into()),
                date: Some(date),
                kind: Some(expected.kind.into()),
                ..Default::default()
            },
            test_today(),
            &mut NoPrompter,
        )
        .unwrap();
        assert_eq!(
            Some(rel.as_path()),
            by_new.strip_prefix(elsewhere.path().join("content")).ok(),
            "{}: named as `new` names it",
            expected.file
        );
        assert_eq!(
            imported.photos.len(),
            expected.captions.len(),
            "{}",
            expected.file
        );
        for photo in &imported.photos {
            assert_eq!(
                photo.parent(),
                imported.written.parent(),
                "photos beside the write-up"
            );
            assert!(std::fs::metadata(photo).unwrap().len() > 100);
        }
        written.push((expected, rel));
    }

    let checked = jiebie::check(&options(&content, &dir.path().join("public")))
        .unwrap_or_else(|e| panic!("the imported write-ups check without error:\n{e}"));
    for (expected, rel) in &written {
        let about_it: Vec<String> = checked
            .warnings
            .iter()
            .map(|w| w.to_string())
            .filter(|w| w.contains(rel.file_name().unwrap().to_str().unwrap()))
            .collect();
        assert!(
            about_it.is_empty(),
            "{}: warnings {about_it:?}",
            expected.file
        );
        let activity = checked
            .site
            .activities
            .iter()
            .find(|a| &a.source.rel == rel)
            .unwrap_or_else(|| panic!("{} is in the site", rel.display()));
        assert_eq!(activity.title, expected.title);
        assert_eq!(activity.sector, expected.sector);
        assert_eq!(activity.kind.id(), expected.kind);
        let participants: Vec<&str> = activity
            .participants
            .iter()
            .map(|p| p.value.as_str())
            .collect();
        assert_eq!(participants, expected.participants, "{}", expected.file);
        let captions: Vec<&str> = activity
            .photos
            .iter()
            .filter_map(|p| p.caption.as_deref())
            .collect();
        assert_eq!(captions, expected.captions, "{}", expected.file);
        assert!(activity.photos.iter().all(|p| !p.alt.is_empty()));
        assert!(
            activity.author.is_some(),
            "{}: author as new writes it",
            expected.file
        );
    }

    let built = build(&content);
    for (expected, rel) in &written {
        let activity = checked
            .site
            .activities
            .iter()
            .find(|a| &a.source.rel == rel)
            .unwrap();
        let page = built.route(jiebie::derive::route::Route::Activity {
            sector: &activity.sector,
            year: activity.year(),
            slug: &activity.slug,
        });
        assert_eq!(text(one(&page, "h1")), expected.title);
        assert_eq!(
            page.select(&sel(".photos figure img")).count(),
            expected.captions.len(),
            "{}",
            expected.file
        );
        let headings = page
            .select(&sel(".prose h2, .prose h3, .prose h4, .prose h5"))
            .count();
        assert_eq!(headings, expected.headings, "{}", expected.file);
        assert_eq!(
            page.select(&sel(".prose table")).count(),
            expected.tables,
            "{}",
            expected.file
        );
        let prose = text(one(&page, ".prose"));
        assert!(
            !prose.contains('\\'),
            "{}: no stray escapes: {prose}",
            expected.file
        );
        assert!(
            !prose.contains("**"),
            "{}: emphasis read back: {prose}",
            expected.file
        );
    }
}

#[test]
fn word_constructs_are_read_as_word_shows_them() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let imported = import_into(&content, "word-features.docx", &ImportRequest::default()).unwrap();
    let text = std::fs::read_to_string(&imported.written).unwrap();
    let body = text.rsplit("---\n").next().unwrap();
    // Tracked changes accepted, the comment and the table of contents gone.
    assert!(
        body.contains("本次活动共服务群众二百余人次，发放健康资料三百余份。"),
        "{body}"
    );
    assert!(!body.contains("一百余"));
    assert!(!text.contains("请核实资料发放份数"));
    assert!(!body.contains("目录"));
    // The text box once, the equation in its sentence, the symbol as its character.
    assert_eq!(body.matches("健康小贴士").count(), 1, "{body}");
    assert!(body.contains("约205÷1200≈17.1%。"), "{body}");
    assert!(body.contains("已完成✓"), "{body}");
    assert!(!body.contains('\u{F0FC}'));
    // Chinese numbering kept as an ordered list, in order.
    let items: Vec<&str> = body.lines().filter(|l| l.starts_with("1. ")).collect();
    assert_eq!(items.len(), 3, "{body}");
    assert!(items[0].contains("组织专家义诊"));
    assert!(
        imported.dropped.iter().any(|d| d.contains("批注")),
        "{imported:?}"
    );
    assert!(
        imported.notes.iter().any(|n| n.contains("文本框")),
        "{imported:?}"
    );
    // The python-docx document: nesting by style name, merged cells once, the hard break.
    let imported = import_into(
        &content,
        "python-docx-research.docx",
        &ImportRequest::default(),
    )
    .unwrap();
    let text = std::fs::read_to_string(&imported.written).unwrap();
    assert!(
        text.contains("- 岸线管护标准不统一：\n  - 各区管护经费来源不同；"),
        "{text}"
    );
    assert_eq!(text.matches("亲水设施安全管护").count(), 1);
    assert!(text.contains("调研组组长：蓝某\\\n调研组成员："), "{text}");
    assert!(
        text.contains("##### 1. 存在问题"),
        "outline numbering as a heading, never a list: {text}"
    );
    assert!(
        text.contains("[民盟武汉市委员会网站](<https://example.org/minmeng/2025/changjiang>)"),
        "{text}"
    );
    // The writer's own description of a photo is its alt text; the caption its caption.
    assert!(
        text.contains("alt: 委员在汉口江滩察看岸坡植被恢复情况\n    caption: 委员在岸线现场调研"),
        "{text}"
    );
    // Guesses are commented with where they came from.
    assert!(
        text.contains("# ↳ 导入时推断：取自文档的“标题”样式\ntitle:"),
        "{text}"
    );
    assert!(
        text.contains("# ↳ 导入时推断：取自正文中的“2025年11月14日”\ndate: 2025-11-14"),
        "{text}"
    );
}

/// The front matter field `key` of a written write-up (its first line `key: value`).
fn field<'t>(text: &'t str, key: &str) -> &'t str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {key} in {text}"))
}

#[test]
fn documents_from_a_liaisons_trial() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let read = |file: &str| {
        let imported = import_into(
            &content,
            &format!("trial/{file}"),
            &ImportRequest::default(),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = std::fs::read_to_string(&imported.written).unwrap();
        (imported, text)
    };

    let (imported, text) = read("a-minge-lecture.docx");
    assert!(imported
        .written
        .to_str()
        .unwrap()
        .contains("sectors/minge/activities/2025/2025-10-20-"));
    assert_eq!(
        field(&text, "date"),
        "2025-10-20",
        "the signature's 二〇二五年十月二十日"
    );
    assert_eq!(field(&text, "kind"), "study");
    assert_eq!(
        field(&text, "author"),
        "檀某某",
        "the credit line, not the roster's liaison"
    );
    assert_eq!(field(&text, "brand"), "zhongshan-forum");
    assert_eq!(field(&text, "draft"), "false");
    let captions: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("caption: "))
        .collect();
    assert_eq!(
        captions,
        vec![
            "黎某主持宣讲活动",
            "辜某以案说法",
            "金某解答居民咨询",
            "委员与社区工作人员座谈"
        ]
    );
    let body = text.rsplit("---\n").next().unwrap();
    assert!(
        !body.contains('|'),
        "the photo table is taken apart, not written as a table: {body}"
    );

    let (imported, text) = read("b-minge-inspection.docx");
    assert_eq!(
        field(&text, "title"),
        "民革界开展辛亥首义文化资源保护利用专题视察"
    );
    assert_eq!(field(&text, "kind"), "research");
    assert_eq!(
        field(&text, "date"),
        "",
        "10月9日 with no year anywhere is no date"
    );
    assert!(
        imported.draft && imported.missing == vec!["日期"],
        "{imported:?}"
    );
    assert!(text.contains("caption: 视察组在起义门实地察看"), "{text}");
    let body = text.rsplit("---\n").next().unwrap();
    assert!(
        !body.contains("民革界开展辛亥首义文化资源保护利用专题视察"),
        "the title is not repeated in the body"
    );
    assert!(!body.contains('\u{3000}'), "indentation dropped");
    assert!(body.contains("（1）"), "hand-typed numbers kept: {body}");

    let (_, text) = read("d-yiyao-long-consultation.docx");
    assert_eq!(
        field(&text, "title"),
        "凝心聚力建良言 携手共护“一老一小”——医卫界开展“基层医疗服务能力提升”界别协商"
    );
    assert_eq!(field(&text, "kind"), "consultation");
    assert!(text.contains("caption: 协商会现场"), "{text}");
    assert!(
        !text.rsplit("---\n").next().unwrap().starts_with("——"),
        "the subtitle is in the title"
    );

    let (_, text) = read("h-jingji-multiday.docx");
    assert_eq!(field(&text, "date"), "2025-10-15");
    assert_eq!(field(&text, "end_date"), "2025-10-17");

    let (imported, text) = read("l-zhigong-nocaption.docx");
    assert_eq!(imported.photos.len(), 3);
    assert_eq!(
        text.matches("caption: 委员在企业车间了解生产情况（左）、与企业负责人座谈（右）")
            .count(),
        2
    );
    assert!(
        imported.draft && imported.missing.iter().any(|m| m.contains("alt")),
        "{imported:?}"
    );

    // Drafts and all, the site still checks and builds.
    let checked = jiebie::check(&options(&content, &dir.path().join("public"))).unwrap();
    assert!(checked.warnings.iter().any(|w| w.message.contains("草稿")));
    build(&content);
}

#[test]
fn what_cannot_be_guessed_is_left_empty_and_saved_as_a_draft() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let error = import_into(&content, "no-guesses.docx", &ImportRequest::default()).unwrap_err();
    assert!(matches!(error, ImportError::NoSector), "{error}");
    assert!(error.to_string().contains("--sector"), "{error}");
    let request = ImportRequest {
        sector: Some("minmeng".into()),
        ..ImportRequest::default()
    };
    let imported = import_into(&content, "no-guesses.docx", &request).unwrap();
    assert!(imported.draft);
    assert_eq!(imported.missing, vec!["标题", "类型"]);
    // The text has no date: the document's creation date is only a hint to confirm.
    assert_eq!(imported.unconfirmed, vec!["日期"]);
    let text = std::fs::read_to_string(&imported.written).unwrap();
    assert!(
        text.contains("\ntitle:\n") && text.contains("\nkind:\n"),
        "{text}"
    );
    assert!(
        text.contains("取自文档属性中的创建日期，请核对\ndate: 2024-01-02\n"),
        "{text}"
    );
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert!(
        text.contains("participants: []"),
        "no name invented: {text}"
    );
    // Named after the document, as `new` would name it.
    let name = imported.written.file_name().unwrap().to_str().unwrap();
    assert_eq!(name, "2024-01-02-no-guesses.md");
    // check points at every empty field, at its own line, as warnings: a draft is not
    // published, so it never stops the site from building.
    let checked = jiebie::check(&options(&content, &dir.path().join("public")))
        .unwrap_or_else(|e| panic!("an incomplete draft does not stop the build:\n{e}"));
    let about_it: Vec<&jiebie::core::diagnostics::Diagnostic> = checked
        .warnings
        .iter()
        .filter(|d| {
            d.path
                .ends_with(imported.written.strip_prefix(&content).unwrap())
        })
        .collect();
    for (field, what) in [("title", "活动标题"), ("kind", "活动类型")] {
        let line = text.lines().position(|l| l == format!("{field}:")).unwrap() + 1;
        let warning = about_it
            .iter()
            .find(|d| d.message.contains(what))
            .unwrap_or_else(|| panic!("{field}: {about_it:?}"));
        assert_eq!(warning.position.line, line, "{warning:?}");
        assert!(
            warning.message.contains("是空的") && warning.message.contains("草稿"),
            "{warning:?}"
        );
    }
    assert!(
        !checked
            .site
            .activities
            .iter()
            .any(|a| a.source.rel.ends_with("2024-01-02-no-guesses.md")),
        "left out until it is complete"
    );
    // Given on the command line, nothing is missing.
    let request = ImportRequest {
        sector: Some("民盟界".into()),
        kind: Some("调研".into()),
        date: chrono::NaiveDate::from_ymd_opt(2025, 5, 6),
        ..ImportRequest::default()
    };
    let imported = import_into(&content, "no-guesses.docx", &request).unwrap();
    assert_eq!(imported.missing, vec!["标题"]);
    assert!(imported
        .written
        .to_str()
        .unwrap()
        .contains("activities/2025/2025-05-06-no-guesses"));
}

#[test]
fn an_existing_write_up_is_never_overwritten_unless_forced() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let first = import_into(&content, "emf-image.docx", &ImportRequest::default()).unwrap();
    let first_text = std::fs::read_to_string(&first.written).unwrap();
    // The same document again: refused, naming the write-up it made.
    let again = import_into(&content, "emf-image.docx", &ImportRequest::default()).unwrap_err();
    assert!(
        matches!(&again, ImportError::AlreadyImported(path) if *path == first.written),
        "{again:?}"
    );
    assert!(again.to_string().contains("--force"), "{again}");
    // With --force it replaces that write-up in place.
    let force = ImportRequest {
        force: true,
        ..ImportRequest::default()
    };
    let forced = import_into(&content, "emf-image.docx", &force).unwrap();
    assert_eq!(forced.written, first.written);
    assert_eq!(std::fs::read_to_string(&first.written).unwrap(), first_text);
    // Another document under the same name (here: the liaison's own file): a new name,
    // with the number before the title so that the page's address differs too.
    std::fs::write(&first.written, "edited by the liaison").unwrap();
    let second = import_into(&content, "emf-image.docx", &ImportRequest::default()).unwrap();
    assert!(second.renamed);
    let name = second.written.file_name().unwrap().to_str().unwrap();
    assert_eq!(name, "2025-09-05-2-对外友好界开展国际化社区建设专题视察.md");
    assert_eq!(
        std::fs::read_to_string(&first.written).unwrap(),
        "edited by the liaison"
    );
    std::fs::remove_file(&first.written).unwrap();
    let checked = jiebie::check(&options(&content, &dir.path().join("public"))).unwrap();
    let slugs: Vec<&str> = checked
        .site
        .activities
        .iter()
        .map(|a| a.slug.as_str())
        .collect();
    assert!(
        slugs.iter().any(|s| s.starts_with("2025-09-05-2-")),
        "{slugs:?}"
    );
}

#[test]
fn unusable_images_are_reported_and_the_rest_imported() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let imported = import_into(&content, "emf-image.docx", &ImportRequest::default()).unwrap();
    assert_eq!(imported.photos.len(), 1);
    assert!(
        imported.dropped.iter().any(|d| d.contains("EMF")),
        "{imported:?}"
    );
    let request = ImportRequest {
        sector: Some("minmeng".into()),
        ..ImportRequest::default()
    };
    let huge = import_into(&content, "hostile/huge-pixels.docx", &request).unwrap();
    assert!(huge.photos.is_empty());
    assert!(
        huge.dropped.iter().any(|d| d.contains("30000×30000")),
        "{huge:?}"
    );
    let big = import_into(&content, "hostile/huge-image.docx", &request).unwrap();
    assert!(big.photos.is_empty());
    assert!(big.dropped.iter().any(|d| d.contains("50 MB")), "{big:?}");
    let traversal = import_into(&content, "hostile/path-traversal.docx", &request).unwrap();
    assert_eq!(traversal.photos.len(), 1, "only the embedded picture");
    assert!(
        traversal.dropped.iter().any(|d| d.contains("链接")),
        "{traversal:?}"
    );
    assert!(
        traversal.dropped.iter().any(|d| d.contains("找不到")),
        "{traversal:?}"
    );
    for leaked in ["evil.txt", "evil2.txt", "evil-abs.txt"] {
        let found = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name() == leaked);
        assert!(!found, "{leaked} written");
    }
    // A date only from the document's properties must be confirmed: a draft.
    assert!(big.draft && big.unconfirmed == vec!["日期"], "{big:?}");
}

#[test]
fn hostile_and_wrong_files_are_refused_with_what_to_do_and_nothing_written() {
    let dir = sample_site();
    let content = dir.path().join("content");
    let before = snapshot(&content);
    let request = ImportRequest {
        sector: Some("minmeng".into()),
        ..ImportRequest::default()
    };
    type Expected = fn(&ImportError) -> bool;
    let cases: &[(&str, Expected, &str)] = &[
        (
            "hostile/zip-bomb.docx",
            |e| matches!(e, ImportError::Document(DocxError::TooLarge { .. })),
            "解压后超过",
        ),
        (
            "hostile/billion-laughs.docx",
            |e| matches!(e, ImportError::Document(DocxError::Xml { .. })),
            "DTD",
        ),
        (
            "hostile/truncated.docx",
            |e| matches!(e, ImportError::Document(DocxError::Corrupt(_))),
            "不完整",
        ),
        (
            "hostile/not-a-zip.docx",
            |e| matches!(e, ImportError::Document(DocxError::NotZip)),
            "另存为",
        ),
        (
            "hostile/legacy.doc",
            |e| matches!(e, ImportError::NotDocx(_)),
            "另存为",
        ),
        (
            "hostile/encrypted.docx",
            |e| matches!(e, ImportError::Document(DocxError::Encrypted)),
            "密码",
        ),
        (
            "hostile/odt-renamed.docx",
            |e| matches!(e, ImportError::Document(DocxError::OpenDocument)),
            "OpenDocument",
        ),
        (
            "hostile/no-document.docx",
            |e| matches!(e, ImportError::Document(DocxError::NotWord)),
            "不是 .docx",
        ),
    ];
    for (file, is_expected, words) in cases {
        let error = import_into(&content, file, &request).unwrap_err();
        assert!(is_expected(&error), "{file}: {error:?}");
        assert!(error.to_string().contains(words), "{file}: {error}");
    }
    // A .doc under a .docx name is told apart by its content too.
    let renamed = dir.path().join("old.docx");
    std::fs::copy(fixture("hostile/legacy.doc"), &renamed).unwrap();
    let site = load_site(&content);
    let error = import::import(
        &content,
        &site,
        &renamed,
        &request,
        test_today(),
        &mut NoPrompter,
    )
    .unwrap_err();
    assert!(
        matches!(error, ImportError::Document(DocxError::LegacyWord)),
        "{error:?}"
    );
    assert_eq!(
        first_difference(&before, &snapshot(&content)),
        "no difference",
        "nothing written"
    );
}

#[test]
fn the_command_imports_a_folder_one_line_per_document() {
    let dir = sample_site();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for name in ["pandoc-consultation.docx", "libreoffice-study.docx"] {
        std::fs::copy(fixture(name), inbox.join(name)).unwrap();
    }
    std::fs::copy(fixture("hostile/not-a-zip.docx"), inbox.join("坏文件.docx")).unwrap();
    std::fs::write(inbox.join("~$consultation.docx"), "Word's lock file").unwrap();
    let outcome = run(
        dir.path(),
        &["import", "收件箱", "--today", "2026-12-02"],
        &[("LANG", "zh_CN.UTF-8")],
        Duration::from_secs(60),
    );
    assert_eq!(outcome.code, Some(1), "one document failed: {outcome:?}");
    let done: Vec<&str> = outcome
        .stdout
        .lines()
        .filter(|l| l.starts_with('✓'))
        .collect();
    assert_eq!(done.len(), 2, "{outcome:?}");
    assert!(done.iter().all(|l| l.contains("推断：")), "{done:?}");
    assert!(
        outcome.stderr.contains("坏文件.docx") && outcome.stderr.contains("另存为"),
        "{outcome:?}"
    );
    assert!(
        !outcome.stderr.contains("~$"),
        "lock files skipped: {outcome:?}"
    );
    assert!(
        outcome.stdout.contains("导入 2 篇，失败 1 篇"),
        "{outcome:?}"
    );
    let check = run(
        dir.path(),
        &["check", "--today", "2026-12-02"],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(check.code, Some(0), "{check:?}");
}

/// Text and structure as pandoc reads them: the document with pandoc's docx reader, the
/// imported body with its CommonMark reader, both compared through pandoc's JSON.
mod against_pandoc {
    use super::*;
    use serde_json::Value;

    fn pandoc_json(args: &[&str], input: Option<&str>) -> Value {
        let mut command = std::process::Command::new("pandoc");
        command
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = command
            .spawn()
            .expect("pandoc is installed (.ci/run installs it: apt-get install pandoc)");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            if let Some(input) = input {
                stdin.write_all(input.as_bytes()).unwrap();
            }
        }
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).unwrap()
    }

    /// The words of a pandoc document: images' alternative text and raw HTML left out.
    fn words(value: &Value, out: &mut String) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| words(v, out)),
            Value::Object(map) => match map.get("t").and_then(Value::as_str) {
                Some("Str") => out.push_str(map["c"].as_str().unwrap_or_default()),
                Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
                Some("Image" | "RawInline" | "RawBlock") => {}
                Some("Math" | "Code") => out.push_str(map["c"][1].as_str().unwrap_or_default()),
                // pandoc repeats a Word table's caption paragraph as the table's caption.
                Some("Table") => {
                    if let Some(parts) = map["c"].as_array() {
                        parts
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| *i != 1)
                            .for_each(|(_, v)| words(v, out));
                    }
                }
                _ => {
                    if let Some(c) = map.get("c") {
                        words(c, out);
                    }
                }
            },
            _ => {}
        }
    }

    fn count(value: &Value, kind: &str, top_level_only: bool) -> usize {
        match value {
            Value::Array(items) => items.iter().map(|v| count(v, kind, top_level_only)).sum(),
            Value::Object(map) => {
                let here = map.get("t").and_then(Value::as_str) == Some(kind);
                let inner = if here && top_level_only {
                    0
                } else {
                    map.get("c").map_or(0, |c| count(c, kind, top_level_only))
                };
                usize::from(here) + inner
            }
            _ => 0,
        }
    }

    /// Items in every list of `kind`, nested ones included.
    fn list_items(value: &Value, kind: &str) -> usize {
        match value {
            Value::Array(items) => items.iter().map(|v| list_items(v, kind)).sum(),
            Value::Object(map) => {
                let content = map.get("c");
                let here = if map.get("t").and_then(Value::as_str) == Some(kind) {
                    // BulletList: [items]; OrderedList: [attributes, [items]].
                    let items = if kind == "OrderedList" {
                        content.and_then(|c| c.get(1))
                    } else {
                        content
                    };
                    items.and_then(Value::as_array).map_or(0, Vec::len)
                } else {
                    0
                };
                here + content.map_or(0, |c| list_items(c, kind))
            }
            _ => 0,
        }
    }

    fn squeeze(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn the_imported_text_is_pandocs_text() {
        let dir = sample_site();
        let content = dir.path().join("content");
        // word-features.docx is left out: pandoc keeps its table of contents, drops its text
        // box and symbol, and writes its equation as TeX — each on purpose different here
        // (see word_constructs_are_read_as_word_shows_them).
        for expected in GOOD.iter().filter(|e| e.file != "word-features.docx") {
            let imported = import_into(&content, expected.file, &ImportRequest::default()).unwrap();
            let written = std::fs::read_to_string(&imported.written).unwrap();
            let body = written.splitn(3, "---\n").nth(2).unwrap();
            let ours = pandoc_json(&["-f", "commonmark_x", "-t", "json"], Some(body));
            let docx = fixture(expected.file);
            let theirs = pandoc_json(&["-f", "docx", "-t", "json", docx.to_str().unwrap()], None);
            let mut their_text = String::new();
            words(&theirs["blocks"], &mut their_text);
            let mut their_text = squeeze(&their_text);
            // The title and the captions move to the front matter (with a caption's “图1”).
            their_text = their_text.replacen(&squeeze(expected.title), "", 1);
            for caption in expected.captions {
                // The caption line (“图2 座谈交流”), not a heading of the same words.
                let caption = squeeze(caption);
                let numbered = |at: usize| {
                    let before = &their_text[..at];
                    before.rfind('图').filter(|&i| {
                        let gap = &before[i + '图'.len_utf8()..];
                        !gap.is_empty()
                            && gap.chars().all(|c| c.is_ascii_digit() || "：:".contains(c))
                    })
                };
                let places: Vec<usize> = their_text
                    .match_indices(&caption)
                    .map(|(at, _)| at)
                    .collect();
                let place = places
                    .iter()
                    .find_map(|&at| numbered(at).map(|start| (start, at)))
                    .or_else(|| places.last().map(|&at| (at, at)));
                if let Some((start, at)) = place {
                    their_text.replace_range(start..at + caption.len(), "");
                }
            }
            let mut our_text = String::new();
            words(&ours["blocks"], &mut our_text);
            assert_eq!(squeeze(&our_text), their_text, "{}", expected.file);

            // Structure: tables, and list items of each kind (python-docx nests its second
            // bullet level only by the style name “List Bullet 2”, which jiebie reads as
            // nesting and pandoc as a new list, so lists themselves are not compared); headings, plus
            // the lines jiebie makes headings from Chinese outline numbering (一、（一）1.),
            // which pandoc leaves as paragraphs.
            assert_eq!(
                count(&ours["blocks"], "Table", true),
                count(&theirs["blocks"], "Table", true),
                "{}: tables",
                expected.file
            );
            for kind in ["BulletList", "OrderedList"] {
                assert_eq!(
                    list_items(&ours["blocks"], kind),
                    list_items(&theirs["blocks"], kind),
                    "{}: {kind} items",
                    expected.file
                );
            }
            let outline = body
                .lines()
                .filter(|l| {
                    l.starts_with('#')
                        && l.split_whitespace().nth(1).is_some_and(|t| {
                            t.starts_with(['一', '（'])
                                || t.starts_with(|c: char| c.is_ascii_digit())
                        })
                })
                .count();
            assert_eq!(
                count(&ours["blocks"], "Header", false),
                count(&theirs["blocks"], "Header", false) + outline,
                "{}",
                expected.file
            );
        }
    }
}
