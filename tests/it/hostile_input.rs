//! Hostile and odd input: every case must end in a clean result — a Chinese message
//! naming the file and exit code 1 or 2, or a correct build for input that is merely
//! unusual — never a panic, a hang or a damaged `public/`.

use crate::helpers::{first_difference, manifest_dir, run, small_site, snapshot, Outcome};
use std::path::Path;
use std::time::Duration;

/// Generous for a debug binary on a busy 2-core machine; a hang is caught long before
/// the test runner's own patience runs out.
const LIMIT: Duration = Duration::from_secs(60);

const ACTIVITIES: &str = "content/sectors/minmeng/activities/2025";

fn write(site: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write fixture");
}

fn write_up(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// A valid write-up's front matter, to which one odd field is added.
const VALID_FRONT: &str = "title: 测试活动\ndate: 2025-05-01\nkind: study";

fn build(site: &Path) -> Outcome {
    run(site, &["build"], &[], LIMIT)
}

/// Builds once so that `public/` exists, then breaks the site with `prepare`, builds
/// again and checks the failure is clean, names `file` and leaves `public/` untouched.
fn assert_refused(case: &str, file: &str, expected: &str, prepare: impl FnOnce(&Path)) {
    let site = small_site();
    let first = build(site.path());
    assert_eq!(
        first.code,
        Some(0),
        "{case}: the base site builds: {first:?}"
    );
    let before = snapshot(&site.path().join("public"));
    prepare(site.path());
    let outcome = build(site.path());
    assert!(!outcome.panicked(), "{case}: panicked: {}", outcome.stderr);
    assert!(!outcome.timed_out, "{case}: no result within {LIMIT:?}");
    assert!(
        matches!(outcome.code, Some(1 | 2)),
        "{case}: exit code 1 or 2 expected: {outcome:?}"
    );
    assert!(
        outcome.stderr.contains(file),
        "{case}: the message names {file}: {}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains(expected),
        "{case}: the message says “{expected}”: {}",
        outcome.stderr
    );
    let after = snapshot(&site.path().join("public"));
    assert!(
        before == after,
        "{case}: public/ changed: {}",
        first_difference(&before, &after)
    );
}

#[test]
fn binary_file_named_md() {
    assert_refused("binary", "photo.md", "二进制", |site| {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
        write(site, &format!("{ACTIVITIES}/photo.md"), png);
    });
}

#[test]
fn invalid_utf8_gbk_file() {
    // "标题" in GBK.
    assert_refused("gbk", "gbk.md", "UTF-8", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/gbk.md"),
            b"---\ntitle: \xb1\xea\xcc\xe2\ndate: 2025-05-01\nkind: study\n---\n",
        );
    });
}

#[test]
fn empty_file() {
    assert_refused("empty", "empty.md", "空", |site| {
        write(site, &format!("{ACTIVITIES}/empty.md"), "");
    });
}

#[test]
fn file_of_only_a_fence() {
    for (name, text) in [("fence.md", "---"), ("fence-nl.md", "---\n")] {
        assert_refused(name, name, "没有结束", |site| {
            write(site, &format!("{ACTIVITIES}/{name}"), text);
        });
    }
}

#[test]
fn unterminated_front_matter() {
    assert_refused("unterminated", "open.md", "没有结束", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/open.md"),
            format!("---\n{VALID_FRONT}\n正文没有结束线。\n"),
        );
    });
}

#[test]
fn duplicate_yaml_keys() {
    assert_refused("duplicate", "dup.md", "重复", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/dup.md"),
            write_up(&format!("{VALID_FRONT}\ntitle: 另一个标题"), "正文"),
        );
    });
}

#[test]
fn yaml_alias_bomb() {
    let mut front = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        front.push_str(&format!(
            "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
        ));
    }
    assert_refused("alias bomb", "bomb.md", "别名", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/bomb.md"),
            write_up(front.trim_end(), ""),
        );
    });
}

#[test]
fn very_deep_nesting() {
    let flow = format!(
        "{VALID_FRONT}\nx: {}{}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_refused("deep flow", "deep.md", "嵌套", |site| {
        write(site, &format!("{ACTIVITIES}/deep.md"), write_up(&flow, ""));
    });
    let mut block = String::from(VALID_FRONT);
    block.push_str("\nx:\n");
    for depth in 1..300 {
        block.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    assert_refused("deep block", "deep-block.md", "嵌套", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/deep-block.md"),
            write_up(block.trim_end(), ""),
        );
    });
}

#[test]
fn ten_megabyte_write_up() {
    let body = "委员们深入基层一线开展调研。\n".repeat(10 * 1024 * 1024 / 40);
    assert_refused("10 MB", "huge.md", "过大", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/huge.md"),
            write_up(VALID_FRONT, &body),
        );
    });
}

#[test]
fn dates_out_of_range() {
    for (name, date) in [
        ("y5.md", "99999-01-01"),
        ("feb30.md", "2025-02-30"),
        ("month13.md", "2025-13-01"),
        ("year1.md", "0001-01-01"),
        ("negative.md", "-2025-01-01"),
        ("huge-number.md", "2025-01-99999999999999999999"),
    ] {
        assert_refused(name, name, "日期", |site| {
            write(
                site,
                &format!("{ACTIVITIES}/{name}"),
                write_up(&format!("title: 日期测试\ndate: {date}\nkind: study"), ""),
            );
        });
    }
}

#[test]
fn front_matter_of_the_wrong_shape() {
    assert_refused("list", "list.md", "list.md", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/list.md"),
            write_up("- a\n- b", ""),
        );
    });
    assert_refused("scalar", "scalar.md", "scalar.md", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/scalar.md"),
            write_up("只是一句话", ""),
        );
    });
}

#[test]
fn overlong_explicit_slug() {
    assert_refused("slug", "long-slug.md", "slug", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/long-slug.md"),
            write_up(&format!("{VALID_FRONT}\nslug: {}", "a".repeat(300)), ""),
        );
    });
}

#[test]
fn references_outside_content_are_refused() {
    assert_refused("image", "escape-image.md", "内容目录之外", |site| {
        write(site, "secret.jpg", "not published");
        write(
            site,
            &format!("{ACTIVITIES}/escape-image.md"),
            write_up(VALID_FRONT, "![机密](../../../../../secret.jpg)"),
        );
    });
    assert_refused("link", "escape-link.md", "内容目录之外", |site| {
        write(
            site,
            &format!("{ACTIVITIES}/escape-link.md"),
            write_up(VALID_FRONT, "[配置](../../../../../../etc/passwd)"),
        );
    });
    assert_refused(
        "encoded",
        "escape-encoded.md",
        "内容目录之外",
        |site| {
            write(
                site,
                &format!("{ACTIVITIES}/escape-encoded.md"),
                write_up(
                    VALID_FRONT,
                    "![x](%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.jpg)",
                ),
            );
        },
    );
    assert_refused("photo", "escape-photo.md", "escape-photo.md", |site| {
        write(site, "secret.jpg", "not published");
        write(
            site,
            &format!("{ACTIVITIES}/escape-photo.md"),
            write_up(
                &format!(
                    "{VALID_FRONT}\nphotos:\n  - {{ src: ../../../../../secret.jpg, alt: 机密 }}"
                ),
                "",
            ),
        );
    });
}

/// A PNG as a decompression bomb looks to jiebie: a header claiming `width` × `height`
/// pixels, a token of image data and the end chunk (the build must refuse it from the
/// header, never allocate the pixels).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 0, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(b"\0\0\0\x02IDAT\x78\x9c\0\0\0\0");
    bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

#[test]
fn photos_over_the_limits_or_cut_short_are_refused_by_name() {
    let site = small_site();
    assert_eq!(build(site.path()).code, Some(0));
    let before = snapshot(&site.path().join("public"));
    let photo = std::fs::read(
        manifest_dir().join("content/sectors/gongqingtuan/activities/2025/youth-1.jpg"),
    )
    .expect("sample photo");
    write(
        site.path(),
        &format!("{ACTIVITIES}/bomb.png"),
        png_claiming(20_000, 20_000),
    );
    write(
        site.path(),
        &format!("{ACTIVITIES}/half.jpg"),
        &photo[..photo.len() / 2],
    );
    write(
        site.path(),
        &format!("{ACTIVITIES}/head.jpg"),
        &photo[..600],
    );
    write(
        site.path(),
        &format!("{ACTIVITIES}/photos.md"),
        write_up(
            &format!(
                "{VALID_FRONT}\nphotos:\n  - {{ src: bomb.png, alt: 大图 }}\n  - {{ src: half.jpg, alt: 半张 }}\n  - {{ src: head.jpg, alt: 开头 }}"
            ),
            "",
        ),
    );
    for command in ["build", "check"] {
        let outcome = run(site.path(), &[command], &[], LIMIT);
        assert_eq!(outcome.code, Some(1), "{command}: {outcome:?}");
        let stderr = &outcome.stderr;
        for expected in [
            "bomb.png",
            "20000×20000",
            "12000",
            "4000 像素以内",
            "half.jpg",
            "head.jpg",
            "不完整",
        ] {
            assert!(
                stderr.contains(expected),
                "{command}: “{expected}” in {stderr}"
            );
        }
    }
    let after = snapshot(&site.path().join("public"));
    assert!(
        before == after,
        "public/ changed: {}",
        first_difference(&before, &after)
    );
}

/// Inputs that are odd but valid must simply build.
fn assert_builds(site: &Path) -> Outcome {
    let outcome = build(site);
    assert!(!outcome.panicked(), "panicked: {}", outcome.stderr);
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    outcome
}

#[test]
fn file_names_with_spaces_and_chinese_and_a_long_path() {
    let site = small_site();
    write(
        site.path(),
        &format!("{ACTIVITIES}/2025-04-01 长江 岸线 调研.md"),
        write_up(VALID_FRONT, "正文。"),
    );
    // A 250-character path inside content/ (each name stays below the 255-byte limit).
    let deep = format!("{ACTIVITIES}/{}/{}", "d".repeat(100), "e".repeat(60));
    let file = format!(
        "{}/{}.md",
        deep,
        "f".repeat(250 - deep.len() + "content/".len() - 4)
    );
    assert_eq!(file.len() - "content/".len(), 250);
    write(site.path(), &file, write_up(VALID_FRONT, "正文。"));
    // A Chinese name close to the 255-byte limit: its pinyin address is longer still.
    let chinese = "调研".repeat(40);
    write(
        site.path(),
        &format!("{ACTIVITIES}/{chinese}.md"),
        write_up(VALID_FRONT, "正文。"),
    );
    assert_builds(site.path());
    let page = site
        .path()
        .join("public/sectors/minmeng/2025/2025-04-01-chang-jiang-an-xian-diao-yan/index.html");
    assert!(page.is_file(), "page for the Chinese file name: {page:?}");
}

#[test]
fn thousands_of_participants() {
    let site = small_site();
    let names: Vec<String> = (0..5000).map(|i| format!("委员{i:04}")).collect();
    let front = format!("{VALID_FRONT}\nparticipants: [{}]", names.join(", "));
    write(
        site.path(),
        &format!("{ACTIVITIES}/crowd.md"),
        write_up(&front, "正文。"),
    );
    let outcome = assert_builds(site.path());
    assert!(outcome.elapsed < Duration::from_secs(30), "{outcome:?}");
    let html = std::fs::read_to_string(
        site.path()
            .join("public/sectors/minmeng/2025/crowd/index.html"),
    )
    .expect("page written");
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("dl.facts dt").expect("selector");
    assert!(
        document
            .select(&selector)
            .any(|dt| dt.text().collect::<String>().contains("5000 人")),
        "participant count shown"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_are_never_followed() {
    let site = small_site();
    let outside = tempfile::tempdir().expect("temp dir");
    // If followed, these would be published: a valid write-up and a folder of them.
    write(
        outside.path(),
        "leak.md",
        write_up(
            "title: 泄露的文件\ndate: 2025-05-01\nkind: study",
            "机密内容",
        ),
    );
    write(
        outside.path(),
        "dir/leak2.md",
        write_up("title: 泄露的目录\ndate: 2025-05-02\nkind: study", ""),
    );
    write(outside.path(), "secret.jpg", "secret");
    let activities = site.path().join(ACTIVITIES);
    std::os::unix::fs::symlink(outside.path().join("leak.md"), activities.join("leak.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path().join("dir"), activities.join("dir"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("secret.jpg"),
        activities.join("linked.jpg"),
    )
    .expect("symlink");
    write(
        site.path(),
        &format!("{ACTIVITIES}/uses-link.md"),
        write_up(VALID_FRONT, "正文。"),
    );
    let outcome = assert_builds(site.path());
    assert!(
        outcome.stderr.contains("符号链接"),
        "warned: {}",
        outcome.stderr
    );
    let public = snapshot(&site.path().join("public"));
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("泄露") && !text.contains("机密内容"),
            "{path} leaks"
        );
        assert!(
            !path.contains("leak") && !path.contains("linked"),
            "{path} published"
        );
    }
    // Referring to the linked image is an error, not a way around the rule.
    write(
        site.path(),
        &format!("{ACTIVITIES}/uses-link.md"),
        write_up(VALID_FRONT, "![图](linked.jpg)"),
    );
    let outcome = build(site.path());
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(
        outcome.stderr.contains("uses-link.md"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_missing_content_directory_is_a_clean_error() {
    let site = tempfile::tempdir().expect("temp dir");
    let outcome = build(site.path());
    assert_eq!(outcome.code, Some(1), "{outcome:?}");
    assert!(
        outcome.stderr.contains("内容目录不存在"),
        "{}",
        outcome.stderr
    );
}

/// Content under a name jiebie ignores (hidden, temporary, backup) is not published, and
/// the build says so, naming it, why and the name it needs; an editor's backup beside the
/// file it backs up is left alone.
#[test]
fn content_under_ignored_names_is_named_not_silently_dropped() {
    let site = small_site();
    let profile = std::fs::read_to_string(site.path().join("content/sectors/minmeng/index.md"))
        .expect("profile");
    write(
        site.path(),
        "content/sectors/..%2f..%2fetc/index.md",
        &profile,
    );
    write(site.path(), "content/sectors/.tiyu/index.md", &profile);
    let front = write_up(VALID_FRONT, "正文。");
    write(
        site.path(),
        &format!("{ACTIVITIES}/.hidden-visit.md"),
        &front,
    );
    write(site.path(), &format!("{ACTIVITIES}/lost.md.bak"), &front);
    write(site.path(), &format!("{ACTIVITIES}/kept.md"), &front);
    write(site.path(), &format!("{ACTIVITIES}/kept.md~"), &front);
    write(
        site.path(),
        &format!("{ACTIVITIES}/.notes.txt"),
        "not a write-up",
    );
    let outcome = assert_builds(site.path());
    let stderr = &outcome.stderr;
    for (name, fix) in [
        ("..%2f..%2fetc", "2f-2fetc"),
        (".tiyu", "“tiyu”"),
        (".hidden-visit.md", "“hidden-visit.md”"),
        ("lost.md.bak", "“lost.md”"),
    ] {
        let line = stderr
            .lines()
            .position(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} named in {stderr}"));
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(lines[line].contains("不会发布"), "{}", lines[line]);
        assert!(lines[line + 1].contains(fix), "{name}: {}", lines[line + 1]);
    }
    for quiet in ["kept.md~", ".notes.txt"] {
        assert!(!stderr.contains(quiet), "{quiet} is not content: {stderr}");
    }
}

/// The fuzzer's find: 756 bytes claiming 500 × 30,467 pixels once took half a minute to
/// decode, resize and encode; now the header is enough to refuse it.
#[test]
fn the_fuzzers_slow_photo_is_refused_from_its_header() {
    let bytes = std::fs::read(manifest_dir().join("fuzz/findings/image/slow-500x30467.jpg"))
        .expect("the finding");
    let cache = tempfile::tempdir().expect("temp dir");
    let started = std::time::Instant::now();
    let refused = jiebie::render::photos::process(
        &bytes,
        Path::new("a/p.jpg"),
        &jiebie::render::photos::Cache::for_site(cache.path()),
    );
    assert!(
        matches!(
            refused,
            Err(jiebie::render::photos::PhotoError::Refused(
                jiebie::source::image::ImageProblem::TooLarge {
                    width: 500,
                    height: 30_467
                }
            ))
        ),
        "{refused:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused without decoding"
    );
}
