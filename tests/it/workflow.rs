//! The liaison's workflow: `new` writes documents that pass `check`, prompts can be
//! answered, and `serve` rebuilds on change, shows errors as an overlay and refuses
//! path traversal.

use crate::helpers::{
    copy_dir, first_difference, get, snapshot, start_server, start_server_in, traversals, Server,
};
use chrono::NaiveDate;
use jiebie::author::scaffold::{self, NewKind, NewRequest, StreamPrompter};
use jiebie::BuildOptions;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A copy of the sample site in a temporary directory.
fn sample_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    (dir, content)
}

fn check_errors(content: &Path) -> Vec<String> {
    let options = BuildOptions {
        content_dir: content.to_path_buf(),
        ..crate::helpers::site_options(content.parent().unwrap())
    };
    match jiebie::check(&options) {
        Ok(_) => Vec::new(),
        Err(jiebie::BuildError::Content(diags)) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
        Err(other) => vec![other.to_string()],
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

#[test]
fn every_kind_of_new_document_passes_check_unchanged() {
    let (_dir, content) = sample_site();
    let requests = [
        (
            NewKind::Activity,
            NewRequest {
                sector: Some("minmeng".into()),
                title: Some("民盟界别开展“长江大保护”调研: 第二次".into()),
                kind: Some("调研".into()),
                ..Default::default()
            },
        ),
        (
            NewKind::Output,
            NewRequest {
                sector: Some("jiaoyu".into()),
                title: Some("关于减轻中小学生课业负担的提案".into()),
                kind: Some("proposal".into()),
                ..Default::default()
            },
        ),
        (
            NewKind::Plan,
            NewRequest {
                sector: Some("tiyu".into()),
                year: Some(2026),
                ..Default::default()
            },
        ),
        (
            NewKind::Summary,
            NewRequest {
                sector: Some("minmeng".into()),
                year: Some(2026),
                ..Default::default()
            },
        ),
        (
            NewKind::Commendation,
            NewRequest {
                year: Some(2026),
                ..Default::default()
            },
        ),
        (
            NewKind::Sector,
            NewRequest {
                sector: Some("xinjieb".into()),
                title: Some("新的界别".into()),
                group: Some("界别".into()),
                ..Default::default()
            },
        ),
    ];
    for (kind, request) in requests {
        let path =
            scaffold::create(&content, kind, request, today(), &mut scaffold::NoPrompter).unwrap();
        assert!(path.starts_with(&content), "{}", path.display());
        let errors = check_errors(&content);
        assert!(
            errors.is_empty(),
            "{kind:?} at {}:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
    let activity = content
        .join("sectors/minmeng/activities/2026/2026-11-20-民盟界别开展长江大保护调研--第二次.md");
    let text = std::fs::read_to_string(&activity).unwrap();
    assert!(text.contains("kind: research"), "{text}");
    assert!(
        text.contains("# 活动类型（必填）"),
        "fields are commented in Chinese"
    );
}

#[test]
fn new_refuses_to_overwrite_and_names_unknown_sectors() {
    let (_dir, content) = sample_site();
    let request = || NewRequest {
        sector: Some("minmeng".into()),
        year: Some(2025),
        ..Default::default()
    };
    let err = scaffold::create(
        &content,
        NewKind::Plan,
        request(),
        today(),
        &mut scaffold::NoPrompter,
    )
    .unwrap_err();
    assert!(err.to_string().contains("已存在"), "{err}");
    let err = scaffold::create(
        &content,
        NewKind::Activity,
        NewRequest {
            sector: Some("minmen".into()),
            ..Default::default()
        },
        today(),
        &mut scaffold::NoPrompter,
    )
    .unwrap_err();
    assert!(err.to_string().contains("minmeng"), "{err}");
    let err = scaffold::create(
        &content,
        NewKind::Activity,
        NewRequest::default(),
        today(),
        &mut scaffold::NoPrompter,
    )
    .unwrap_err();
    assert!(err.to_string().contains("--sector"), "{err}");
}

#[test]
fn interactive_prompts_choose_sector_and_kind() {
    let (_dir, content) = sample_site();
    // Sector by number (the list is sorted by id: find minmeng's number), title, default
    // date, kind by id.
    let site_sectors: Vec<String> = std::fs::read_dir(content.join("sectors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = site_sectors.clone();
    sorted.sort();
    let number = sorted.iter().position(|s| s == "minmeng").unwrap() + 1;
    let answers = format!("{number}\n民盟界别委员座谈会\n\n99\nfellowship\n");
    let mut screen = Vec::new();
    let path = {
        let mut prompter = StreamPrompter::new(std::io::Cursor::new(answers), &mut screen);
        scaffold::create(
            &content,
            NewKind::Activity,
            NewRequest::default(),
            today(),
            &mut prompter,
        )
        .unwrap()
    };
    let screen = String::from_utf8(screen).unwrap();
    assert!(screen.contains("选择界别"), "{screen}");
    assert!(screen.contains("民盟界"), "the list shows names: {screen}");
    assert!(screen.contains("“99” 不是有效的编号"), "{screen}");
    assert_eq!(
        path,
        content.join("sectors/minmeng/activities/2026/2026-11-20-民盟界别委员座谈会.md")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("kind: fellowship"));
    assert!(check_errors(&content).is_empty());
}

fn heading(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("main h1").unwrap();
    doc.select(&selector)
        .next()
        .map(|h| h.text().collect::<String>())
        .unwrap_or_default()
}

fn overlay(html: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("#jiebie-overlay").unwrap();
    doc.select(&selector)
        .next()
        .map(|o| o.text().collect::<String>())
}

fn wait_for(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors_as_an_overlay() {
    let (dir, content) = sample_site();
    let server = start_server(dir.path());
    let page = "/sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/";
    let (status, html) = get(&server.address, page);
    assert_eq!(status, 200);
    let original = heading(&html);
    assert!(original.contains("长江岸线"), "{original}");
    assert!(overlay(&html).is_none());

    let file = content.join("sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let retitled = text.replacen(&format!("title: {original}"), "title: 改过的标题", 1);
    assert_ne!(retitled, text, "the title line was found");
    std::fs::write(&file, &retitled).unwrap();
    assert!(
        wait_for(|| heading(&get(&server.address, page).1) == "改过的标题"),
        "the change is served"
    );

    // A broken edit: the old page stays, with an overlay naming the file and line.
    std::fs::write(
        &file,
        retitled.replacen("title: 改过的标题", "title: 坏的: 标题", 1),
    )
    .unwrap();
    let mut shown = None;
    assert!(wait_for(|| {
        shown = overlay(&get(&server.address, page).1);
        shown.is_some()
    }));
    let shown = shown.unwrap_or_default();
    assert!(shown.contains("2025-04-12-长江岸线调研.md:2:"), "{shown}");
    assert!(shown.contains("冒号"), "{shown}");
    assert_eq!(
        heading(&get(&server.address, page).1),
        "改过的标题",
        "the last good page is still served"
    );

    // Fixed again: the overlay disappears.
    std::fs::write(&file, &text).unwrap();
    assert!(wait_for(|| {
        let html = get(&server.address, page).1;
        overlay(&html).is_none() && heading(&html) == original
    }));
}

/// A photo cut short while the preview runs: the overlay names it (never a grey copy
/// published), and the good photo back removes the overlay.
#[test]
fn serve_shows_a_truncated_photo_in_the_overlay() {
    let (dir, content) = sample_site();
    let server = start_server(dir.path());
    let page = "/sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/";
    assert!(overlay(&get(&server.address, page).1).is_none());
    let photo = content.join("sectors/minmeng/activities/2025/river-1.jpg");
    let whole = std::fs::read(&photo).unwrap();
    std::fs::write(&photo, &whole[..whole.len() / 2]).unwrap();
    let mut shown = None;
    assert!(wait_for(|| {
        shown = overlay(&get(&server.address, page).1);
        shown.is_some()
    }));
    let shown = shown.unwrap_or_default();
    assert!(shown.contains("river-1.jpg"), "{shown}");
    assert!(shown.contains("不完整"), "{shown}");
    std::fs::write(&photo, &whole).unwrap();
    assert!(wait_for(|| overlay(&get(&server.address, page).1).is_none()));
}

#[test]
fn serve_refuses_traversal_and_injects_live_reload() {
    let (dir, _content) = sample_site();
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();
    let server = start_server(dir.path());
    // A secret one, two and three folders above the build directory (`site/`).
    let mut above = server.private_dir();
    for _ in 0..3 {
        std::fs::write(above.join("secret.txt"), "do not serve").unwrap();
        above.pop();
    }
    let paths = traversals();
    assert!(paths.len() > 20);
    for path in &paths {
        let (status, body) = get(&server.address, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("do not serve"), "{path}");
    }
    let (status, html) = get(&server.address, "/");
    assert_eq!(status, 200);
    let doc = scraper::Html::parse_document(&html);
    let scripts: Vec<String> = doc
        .select(&scraper::Selector::parse("script").unwrap())
        .map(|s| s.inner_html())
        .collect();
    assert!(
        scripts
            .iter()
            .any(|s| s.contains(jiebie::publish::serve::EVENTS_PATH)),
        "{scripts:?}"
    );
    let (status, _) = get(&server.address, "/no/such/page/");
    assert_eq!(status, 404);
}

fn set_site_yaml(content: &Path, extra: &str) {
    let path = content.join("site.yaml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(extra);
    std::fs::write(path, text).unwrap();
}

fn build_into(content: &Path, out: &Path, unreviewed: bool) -> jiebie::BuildSummary {
    let options = BuildOptions {
        content_dir: content.to_path_buf(),
        output_dir: out.to_path_buf(),
        unreviewed,
        ..crate::helpers::site_options(content.parent().unwrap())
    };
    jiebie::build(&options).unwrap()
}

#[test]
fn review_gate_publishes_only_reviewed_write_ups() {
    let (dir, content) = sample_site();
    set_site_yaml(
        &content,
        "review: required\nreview_steps: [初审, 复审, 终审]\n",
    );
    let reviewed = content.join("sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md");
    let text = std::fs::read_to_string(&reviewed).unwrap();
    std::fs::write(
        &reviewed,
        text.replacen(
            "---\n",
            "---\nreviewed_by: { 初审: 甲某, 复审: 乙某, 终审: 丙某 }\n",
            1,
        ),
    )
    .unwrap();
    let half = content.join("sectors/jingji/activities/2025/2025-05-22-营商环境监督.md");
    let text = std::fs::read_to_string(&half).unwrap();
    std::fs::write(
        &half,
        text.replacen("---\n", "---\nreviewed_by: { 初审: 甲某 }\n", 1),
    )
    .unwrap();

    let out = dir.path().join("public");
    let summary = build_into(&content, &out, false);
    assert_eq!(
        summary.activities, 1,
        "only the fully reviewed write-up is published"
    );
    assert!(out
        .join("sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/index.html")
        .is_file());
    let notice = summary
        .warnings
        .iter()
        .find(|w| w.path.ends_with("2025-05-22-营商环境监督.md"))
        .expect("a notice for the half-reviewed write-up");
    assert!(notice.message.contains("复审、终审"), "{}", notice.message);
    assert!(
        summary
            .warnings
            .iter()
            .filter(|w| w.message.contains("尚未完成审核"))
            .count()
            > 100
    );

    // In preview every write-up is shown, the unreviewed ones with a banner.
    let preview = dir.path().join("preview");
    let summary = build_into(&content, &preview, true);
    assert!(summary.activities > 100);
    let page = std::fs::read_to_string(
        preview
            .join("sectors/jingji/2025")
            .read_dir()
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap()
            .join("index.html"),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&page);
    let banner: String = doc
        .select(&scraper::Selector::parse(".notice-review").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(banner.contains("待审核"), "{banner}");
    let reviewed_page = std::fs::read_to_string(
        preview.join("sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/index.html"),
    )
    .unwrap();
    let doc = scraper::Html::parse_document(&reviewed_page);
    assert_eq!(
        doc.select(&scraper::Selector::parse(".notice-review").unwrap())
            .count(),
        0
    );
}

#[test]
fn check_finds_personal_data_wrong_terms_and_heavy_images() {
    let (_dir, content) = sample_site();
    let file = content.join("sectors/minmeng/activities/2025/2025-07-17-river-bank.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    let first_body_line = text.lines().count() + 1;
    text.push_str("联系电话13812345678。\n身份证号11010519491231002X，另一号码110105194912310021 校验位不对。\n捐款账号 4111 1111 1111 1111。\n召开界别小组会。\n");
    std::fs::write(&file, text).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(6000u32.to_be_bytes());
    png.extend(4000u32.to_be_bytes());
    // The rest of the header, a token of image data and the end: a whole file (a cut one
    // is an error, not a warning).
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png.extend(b"\0\0\0\0IEND\xaeB`\x82");
    std::fs::write(
        content.join("sectors/minmeng/activities/2025/huge.png"),
        &png,
    )
    .unwrap();

    let options = BuildOptions {
        content_dir: content.clone(),
        ..crate::helpers::site_options(content.parent().unwrap())
    };
    let report = jiebie::cli::check::report(&options, today());
    assert!(report.ok, "warnings only");
    let in_file: Vec<&jiebie::core::diagnostics::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == file)
        .collect();
    let found: Vec<(usize, usize, &str)> = in_file
        .iter()
        .map(|d| {
            (
                d.position.line,
                d.position.column,
                d.help.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(
        found[0],
        (
            first_body_line,
            5,
            "按政府网站个人信息保护要求作脱敏处理，改写为 138****5678"
        )
    );
    assert!(found[1].2.contains("110105********002X"));
    assert_eq!(found[1].0, first_body_line + 1);
    assert!(found[2].2.contains("************1111"));
    assert_eq!(found[3], (first_body_line + 3, 3, "改为 “界别小组讨论”"));
    let image = report
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("huge.png"))
        .expect("the heavy image is flagged");
    assert!(image.message.contains("6000×4000"), "{}", image.message);
    assert_eq!(report.year, Some(2026));
    assert_eq!(report.quota.len(), 32);
    let duiwai = report.quota.iter().find(|q| q.sector == "duiwai").unwrap();
    assert!(!duiwai.met);
    assert_eq!((duiwai.activities, duiwai.outputs), (1, 0));
    assert_eq!(duiwai.missing.len(), 2, "{:?}", duiwai.missing);
}

#[test]
fn check_json_is_machine_readable_and_fails_on_errors() {
    let (dir, content) = sample_site();
    let file = content.join("sectors/minmeng/activities/2025/2025-07-17-river-bank.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let kind_line = text.lines().position(|l| l.starts_with("kind:")).unwrap() + 1;
    std::fs::write(
        &file,
        text.lines()
            .map(|l| {
                if l.starts_with("kind:") {
                    "kind: reserch"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_jiebie"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert!(d["path"]
        .as_str()
        .unwrap()
        .ends_with("2025-07-17-river-bank.md"));
    assert_eq!(d["position"]["line"], kind_line);
    assert!(d["help"].as_str().unwrap().contains("research"));
}

/// A JPEG whose EXIF says "rotate 90°" and carries a GPS latitude reference.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let image = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }));
    let mut plain = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut plain, image::ImageFormat::Jpeg)
        .unwrap();
    let plain = plain.into_inner();
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(2u16.to_be_bytes());
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(1u16.to_be_bytes());
    tiff.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn photos_get_smaller_copies_upright_and_without_location() {
    let (dir, content) = sample_site();
    let folder = content.join("sectors/minmeng/activities/2025");
    std::fs::write(folder.join("gps.jpg"), jpeg_with_gps(1600, 1000)).unwrap();
    let file = folder.join("2025-07-17-river-bank.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "---\n",
        "---\nphotos:\n  - { src: gps.jpg, alt: 带定位信息的照片 }\n",
        1,
    );
    let text = {
        // Drop any photos: list the write-up already had, keeping ours.
        let mut seen = false;
        text.lines()
            .filter(|l| {
                if l.starts_with("photos:") {
                    let keep = !seen;
                    seen = true;
                    keep
                } else {
                    true
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("public");
    build_into(&content, &out, false);

    let media = out.join("media/sectors/minmeng/activities/2025");
    let published = std::fs::read(media.join("gps.jpg")).unwrap();
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&published))
            .is_err(),
        "EXIF (and its GPS) removed"
    );
    let decoded = image::load_from_memory(&published).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (1000, 1600),
        "orientation applied"
    );
    for w in [480u32, 960] {
        let copy =
            image::load_from_memory(&std::fs::read(media.join(format!("gps-{w}w.jpg"))).unwrap())
                .unwrap();
        assert_eq!(copy.width(), w);
    }
    let page =
        std::fs::read_to_string(out.join("sectors/minmeng/2025/2025-07-17-river-bank/index.html"))
            .unwrap();
    let doc = scraper::Html::parse_document(&page);
    let img = doc
        .select(&scraper::Selector::parse(".photos img").unwrap())
        .next()
        .expect("the photo is shown");
    assert_eq!(img.value().attr("alt"), Some("带定位信息的照片"));
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("1000"), Some("1600"))
    );
    let srcset = img.value().attr("srcset").unwrap_or_default();
    assert!(
        srcset.contains("gps-480w.jpg 480w")
            && srcset.contains("gps-960w.jpg 960w")
            && srcset.contains("gps.jpg 1000w"),
        "{srcset}"
    );
    assert!(
        dir.path()
            .join(".jiebie-cache/images")
            .read_dir()
            .unwrap()
            .count()
            >= 3,
        "processed photos are cached"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_with_nothing_changed_writes_no_files() {
    use std::os::unix::fs::MetadataExt;
    let (dir, content) = sample_site();
    let out = dir.path().join("public");
    build_into(&content, &out, false);
    let inodes = |root: &Path| -> std::collections::BTreeMap<PathBuf, u64> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    e.metadata().unwrap().ino(),
                )
            })
            .collect()
    };
    let before = inodes(&out);
    assert!(before.len() > 300);
    // The second build starts from an empty staging tree, the third from the previous
    // build's tree kept beside public/: neither may rewrite a file.
    let previous = dir.path().join(".public.jiebie-previous");
    for round in ["second", "third"] {
        build_into(&content, &out, false);
        let after = inodes(&out);
        let rewritten: Vec<&PathBuf> = after
            .iter()
            .filter(|(p, ino)| before.get(*p) != Some(ino))
            .map(|(p, _)| p)
            .collect();
        assert!(
            rewritten.is_empty() && after.len() == before.len(),
            "files rewritten by the {round} build with nothing changed: {rewritten:?}"
        );
        assert!(
            previous.is_dir(),
            "the {round} build kept the previous tree"
        );
    }
    let after = inodes(&out);

    // One changed write-up rewrites only the pages that show it.
    let file = content.join("sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\n---\n", "\n---\n补充一句。\n\n", 1)).unwrap();
    build_into(&content, &out, false);
    let changed = inodes(&out)
        .iter()
        .filter(|(p, ino)| after.get(*p) != Some(ino))
        .count();
    assert!(
        (2..60).contains(&changed),
        "{changed} files rewritten after one body edit"
    );
    // A tree brought up to date in place is exactly what a build from scratch gives.
    let fresh = dir.path().join("fresh");
    build_into(&content, &fresh, false);
    let (fresh, out) = (snapshot(&fresh), snapshot(&out));
    assert!(fresh == out, "{}", first_difference(&fresh, &out));
}

/// The list of wrong terms is read under either spelling the file-role table gives
/// (`lint.yml` used to be classified as the list and then never read); two spellings at
/// once are an error naming both files.
#[test]
fn wrong_terms_are_read_from_lint_yml_and_two_spellings_are_refused() {
    let (_dir, content) = sample_site();
    std::fs::rename(content.join("lint.yaml"), content.join("lint.yml")).unwrap();
    let file = content.join("sectors/minmeng/activities/2025/2025-07-17-river-bank.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("召开界别小组会。\n");
    std::fs::write(&file, text).unwrap();
    let options = BuildOptions {
        content_dir: content.clone(),
        ..crate::helpers::site_options(content.parent().unwrap())
    };
    let report = jiebie::cli::check::report(&options, today());
    let term = report
        .diagnostics
        .iter()
        .find(|d| d.path == file && d.help.as_deref() == Some("改为 “界别小组讨论”"));
    assert!(term.is_some(), "{:#?}", report.diagnostics);
    // The list itself names the wrong terms: it is not flagged for them.
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.path.ends_with("lint.yml")));

    std::fs::write(content.join("lint.yaml"), "界别小组会: 界别小组讨论\n").unwrap();
    let errors = check_errors(&content);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("lint.yml") && e.contains("lint.yaml") && e.contains("只能有一个")),
        "{errors:#?}"
    );
}

/// `check` lists what each sector has not filed or done, and warns at a plan item of the
/// current year whose quarter ended with no write-up carrying it out.
#[test]
fn check_lists_what_is_missing_and_warns_at_items_not_started() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/base/content"),
        &content,
    );
    let options = crate::helpers::site_options(dir.path());
    // On 2025-11-20: p1 (Q1) was never done, p2 (Q2) was (plan: p2); jiaoyu filed no
    // plan; it is the fourth quarter and neither sector meets the quota.
    let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let report = jiebie::cli::check::report(&options, today);
    let kinds: Vec<(&str, &str, Option<&str>)> = report
        .missing
        .iter()
        .map(|m| (m.sector.as_str(), m.kind, m.item.as_deref()))
        .collect();
    assert!(
        kinds.contains(&("minmeng", "item_not_started", Some("p1"))),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&("minmeng", "item_not_started", Some("p2"))),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("jiaoyu", "plan", None)), "{kinds:?}");
    assert!(
        kinds.contains(&("minmeng", "quota_at_risk", None)),
        "{kinds:?}"
    );
    assert!(
        !kinds.iter().any(|k| k.1 == "summary"),
        "2025 is not over: {kinds:?}"
    );
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("plans/2025.md"))
        .expect("a warning at the plan");
    assert_eq!(warning.position.line, 4, "{warning}");
    assert!(warning.message.contains("p1"), "{warning}");
    assert!(
        warning.help.as_deref().unwrap().contains("plan: p1"),
        "{warning}"
    );

    // A year later the year is over: the summaries are missing, and the old items are
    // listed but no longer warned about.
    let report = jiebie::cli::check::report(&options, NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
    let kinds: Vec<(&str, &str)> = report
        .missing
        .iter()
        .map(|m| (m.sector.as_str(), m.kind))
        .collect();
    assert!(kinds.contains(&("minmeng", "summary")), "{kinds:?}");
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.path.ends_with("plans/2025.md")));
}

/// Waits up to 10 s for the server to end.
fn wait_for_exit(server: &mut Server) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(status) = server.child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[cfg(unix)]
#[test]
fn serve_builds_in_a_private_folder_and_removes_it_when_stopped() {
    use rustix::process::{kill_process, Pid, Signal};
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::ExitStatusExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (dir, _content) = sample_site();
    for (signal, number) in [(Signal::TERM, 15), (Signal::INT, 2)] {
        let mut server = start_server(dir.path());
        let private = server.private_dir();
        assert!(private.join("site/index.html").is_file(), "{private:?}");
        assert_eq!(mode(&private), 0o700);
        assert_eq!(mode(private.parent().unwrap()), 0o700);
        let port = server.address.rsplit(':').next().unwrap().to_string();
        let old_place =
            std::env::temp_dir().join(format!("jiebie-serve-{}-{port}", server.child.id()));
        assert!(!old_place.exists(), "nothing in the temporary directory");
        assert_eq!(get(&server.address, "/").0, 200);
        assert_eq!(get(&server.address, "/favicon.ico").0, 200);

        let pid = Pid::from_raw(server.child.id() as i32).unwrap();
        let sent = Instant::now();
        kill_process(pid, signal).unwrap();
        let status = wait_for_exit(&mut server).expect("the server stops");
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "stopped promptly: {:?}",
            sent.elapsed()
        );
        assert_eq!(
            status.signal(),
            Some(number),
            "ends by the signal: {status:?}"
        );
        assert!(!private.exists(), "the private build is removed");
        let left: Vec<_> = std::fs::read_dir(server.runtime.join("jiebie"))
            .unwrap()
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

#[cfg(unix)]
#[test]
fn serve_removes_what_a_killed_server_left_and_nothing_else() {
    let (dir, _content) = sample_site();
    let runtime = tempfile::tempdir().unwrap();
    let mut killed = start_server_in(dir.path(), runtime.path());
    let left = killed.private_dir();
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert!(
        left.join("site/index.html").is_file(),
        "SIGKILL cannot be handled"
    );
    // A folder of a live process (this test's) and one that is not a server's.
    let base = runtime.path().join("jiebie");
    let live = base.join(format!("serve-{}-1", std::process::id()));
    let other = base.join("notes");
    for kept in [&live, &other] {
        std::fs::create_dir(kept).unwrap();
    }

    let server = start_server_in(dir.path(), runtime.path());
    assert!(server.private_dir().join("site/index.html").is_file());
    assert!(
        !left.exists(),
        "the dead server's build is removed on start"
    );
    assert!(live.is_dir() && other.is_dir());
}
