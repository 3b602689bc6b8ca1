//! The language of command-line messages: Chinese by default, English with `--lang en` or an
//! English locale. Run through the binary, because the setting is process-wide and library
//! tests run in parallel.

use std::path::Path;
use std::process::Command;

/// A copy of the bad-fixture base with one broken write-up: unknown kind, a date written
/// with slashes, no title.
fn broken_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/base/content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("fixture entry");
        let rel = entry.path().strip_prefix(&from).expect("inside fixture");
        let target = dir.path().join("content").join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    let broken = dir
        .path()
        .join("content/sectors/minmeng/activities/2025/2025-04-01-broken.md");
    std::fs::write(
        broken,
        "---\ndate: 2024/3/5\nkind: reserch\n---\n民盟界别开展调研。\n",
    )
    .expect("write broken write-up");
    dir
}

/// Runs `jiebie check` with a clean locale plus `env`, returning stdout and stderr together.
fn check(site: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jiebie"));
    command
        .current_dir(site)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .arg("check")
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run jiebie");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the broken site fails the check"
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The text with “quoted values” and (parenthesised names) removed: those may be Chinese
/// in English output because they are the user's own words or the names liaisons know.
fn outside_quotes(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '“' | '(' => depth += 1,
            '”' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn assert_chinese(output: &str) {
    assert!(output.contains("错误："), "{output}");
    assert!(output.contains("修改建议："), "{output}");
    assert!(output.contains("不认识的活动类型 “reserch”"), "{output}");
    assert!(output.contains("检查未通过"), "{output}");
    assert!(!output.contains("unknown activity kind"), "{output}");
}

fn assert_english(output: &str) {
    assert!(output.contains(": error: "), "{output}");
    assert!(
        output.contains("unknown activity kind “reserch”"),
        "{output}"
    );
    assert!(output.contains("did you mean research"), "{output}");
    assert!(output.contains("2024-03-05"), "{output}");
    assert!(output.contains("\n    fix: "), "{output}");
    assert!(output.contains("required field title"), "{output}");
    assert!(output.contains("check failed"), "{output}");
    for label in ["错误", "警告", "修改建议", "检查未通过", "是否想写"] {
        assert!(!output.contains(label), "{label} in {output}");
    }
    // The sentences about the broken file are English apart from quoted values and names.
    let broken: Vec<&str> = output
        .lines()
        .filter(|l| l.contains("2025-04-01-broken.md"))
        .collect();
    assert!(broken.len() >= 3, "{output}");
    for line in broken {
        let (_, message) = line.split_once(": error: ").expect("an error line");
        assert!(
            !outside_quotes(message).chars().any(is_han),
            "Chinese in an English message: {line}"
        );
    }
    for line in output.lines().filter(|l| l.starts_with("    fix: ")) {
        let first = line["    fix: ".len()..].chars().next().unwrap_or(' ');
        assert!(first.is_ascii(), "help does not start in English: {line}");
    }
}

#[test]
fn chinese_by_default() {
    let site = broken_site();
    assert_chinese(&check(site.path(), &[], &[]));
    // C locales (CI, servers) say nothing about the reader: still Chinese.
    assert_chinese(&check(site.path(), &[("LANG", "C.UTF-8")], &[]));
}

#[test]
fn english_with_lang_en() {
    let site = broken_site();
    assert_english(&check(site.path(), &[], &["--lang", "en"]));
}

#[test]
fn english_with_an_english_locale() {
    let site = broken_site();
    assert_english(&check(site.path(), &[("LANG", "en_US.UTF-8")], &[]));
}

#[test]
fn lang_option_beats_the_locale() {
    let site = broken_site();
    assert_chinese(&check(
        site.path(),
        &[("LANG", "en_US.UTF-8")],
        &["--lang", "zh"],
    ));
    assert_english(&check(
        site.path(),
        &[("LC_ALL", "zh_CN.UTF-8")],
        &["--lang", "en"],
    ));
}
