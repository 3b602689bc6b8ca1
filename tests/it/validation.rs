//! Validation tests: every kind of broken content must be reported with its file, line,
//! column, a Chinese message and advice, and all of them in one run.
//!
//! Each case is a small site: `tests/fixtures/bad/base` (a minimal valid site) copied into a
//! temporary directory, with one file written or replaced from a string in the test. Cases
//! that need raw bytes (BOM, CRLF, GBK, binary) keep their files on disk under
//! `tests/fixtures/bad/<case>/content/` and are laid over the base.

use jiebie::core::diagnostics::{Diagnostic, Severity};
use jiebie::{BuildError, BuildOptions, Checked};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

const ERROR: Severity = Severity::Error;
/// For positions whose column is wrong because of a known bug (see the ignored tests).
const ANY_COLUMN: usize = 0;
const WARNING: Severity = Severity::Warning;

/// The activity that the base site already has (filed under minmeng, 2025).
const BASE_ACTIVITY: &str = "sectors/minmeng/activities/2025/2025-03-15-river.md";
/// Where most cases put their broken write-up (next to `river-1.jpg`).
const ACTIVITY: &str = "sectors/minmeng/activities/2025/2025-05-01-test.md";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A throw-away site: a copy of the base fixture that a test may change.
struct Site {
    dir: TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &fixtures().join("base/content"),
            &dir.path().join("content"),
        );
        Site { dir }
    }

    /// The base site with the on-disk fixture `tests/fixtures/bad/<case>/content` laid over it.
    fn with_fixture(case: &str) -> Site {
        let site = Site::new();
        copy_tree(&fixtures().join(case).join("content"), &site.content());
        site
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    /// Writes (or replaces) `rel` under content/.
    fn write(self, rel: &str, text: &str) -> Site {
        self.write_bytes(rel, text.as_bytes())
    }

    fn write_bytes(self, rel: &str, bytes: &[u8]) -> Site {
        let path = self.content().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    fn remove(self, rel: &str) -> Site {
        std::fs::remove_file(self.content().join(rel)).unwrap();
        self
    }

    fn options(&self) -> BuildOptions {
        crate::helpers::site_options(self.dir.path())
    }

    fn check(&self) -> Result<Checked, BuildError> {
        jiebie::check(&self.options())
    }

    /// Every problem reported; panics if the check passed.
    fn problems(&self) -> Vec<Diagnostic> {
        problems_of(self.check())
    }

    /// The warnings of a check that must pass.
    fn warnings(&self) -> Vec<Diagnostic> {
        match self.check() {
            Ok(checked) => checked.warnings,
            Err(error) => panic!("expected the check to pass, got:\n{error}"),
        }
    }
}

fn problems_of(result: Result<Checked, BuildError>) -> Vec<Diagnostic> {
    match result {
        Ok(checked) => panic!(
            "expected the check to fail; warnings: {:#?}",
            checked.warnings
        ),
        Err(BuildError::Content(diags)) => diags,
        Err(other) => panic!("expected content problems, got: {other}"),
    }
}

fn listing(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("{d}\n")).collect()
}

/// What one diagnostic must say.
struct Expect<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: Severity,
    words: &'a [&'a str],
}

fn expect<'a>(
    file: &'a str,
    line: usize,
    column: usize,
    severity: Severity,
    words: &'a [&'a str],
) -> Expect<'a> {
    Expect {
        file,
        line,
        column,
        severity,
        words,
    }
}

fn matches(d: &Diagnostic, e: &Expect<'_>) -> bool {
    d.path.ends_with(e.file) && e.words.iter().all(|w| d.message.contains(w))
}

/// Checks one diagnostic against `e` in full; help must be present.
fn assert_diag<'d>(d: &'d Diagnostic, e: &Expect<'_>, all: &[Diagnostic]) -> &'d str {
    let context = listing(all);
    assert!(
        d.path.ends_with(e.file),
        "path {} should end with {}\n{context}",
        d.path.display(),
        e.file
    );
    if e.column == ANY_COLUMN {
        assert_eq!(
            d.position.line, e.line,
            "line of “{}”\n{context}",
            d.message
        );
    } else {
        assert_eq!(
            (d.position.line, d.position.column),
            (e.line, e.column),
            "position of “{}”\n{context}",
            d.message
        );
    }
    assert_eq!(
        d.severity, e.severity,
        "severity of “{}”\n{context}",
        d.message
    );
    for w in e.words {
        assert!(
            d.message.contains(w),
            "message “{}” should contain “{w}”\n{context}",
            d.message
        );
    }
    let help = d
        .help
        .as_deref()
        .unwrap_or_else(|| panic!("“{}” has no help\n{context}", d.message));
    assert!(!help.trim().is_empty(), "empty help for “{}”", d.message);
    help
}

/// Asserts that `diags` is exactly one problem, as described; returns its help.
fn assert_only(diags: &[Diagnostic], e: Expect<'_>) -> String {
    assert_eq!(
        diags.len(),
        1,
        "expected exactly one problem:\n{}",
        listing(diags)
    );
    assert_diag(&diags[0], &e, diags).to_string()
}

/// Asserts that `diags` contains a problem in `e.file` whose message has `e.words`, and
/// that it is as described; returns its help.
fn assert_has(diags: &[Diagnostic], e: Expect<'_>) -> String {
    let d = diags.iter().find(|d| matches(d, &e)).unwrap_or_else(|| {
        panic!(
            "no problem in {} mentioning {:?}:\n{}",
            e.file,
            e.words,
            listing(diags)
        )
    });
    assert_diag(d, &e, diags).to_string()
}

/// A write-up with the given front matter lines (between the fences) and body.
fn activity(front: &str, body: &str) -> String {
    format!("---\n{front}---\n{body}")
}

fn check_one(rel: &str, text: &str, e: Expect<'_>) -> String {
    assert_only(&Site::new().write(rel, text).problems(), e)
}

// ---------------------------------------------------------------------------------------
// The base itself

#[test]
fn base_site_is_valid_without_warnings() {
    let warnings = Site::new().warnings();
    assert!(warnings.is_empty(), "{}", listing(&warnings));
}

// ---------------------------------------------------------------------------------------
// Front matter

#[test]
fn missing_front_matter() {
    check_one(
        ACTIVITY,
        "title: 甲\ndate: 2025-05-01\nkind: study\n",
        expect(ACTIVITY, 1, 1, ERROR, &["缺少前置信息", "---"]),
    );
}

#[test]
fn unterminated_front_matter() {
    check_one(
        ACTIVITY,
        "---\ntitle: 甲\ndate: 2025-05-01\nkind: study\n正文。\n",
        expect(ACTIVITY, 1, 1, ERROR, &["前置信息没有结束"]),
    );
}

#[test]
fn file_of_only_a_fence() {
    check_one(
        ACTIVITY,
        "---\n",
        expect(ACTIVITY, 1, 1, ERROR, &["前置信息没有结束"]),
    );
    check_one(
        ACTIVITY,
        "---",
        expect(ACTIVITY, 1, 1, ERROR, &["前置信息没有结束"]),
    );
}

#[test]
fn empty_file() {
    check_one(ACTIVITY, "", expect(ACTIVITY, 1, 1, ERROR, &["文件是空的"]));
    check_one(
        ACTIVITY,
        "\n  \n",
        expect(ACTIVITY, 1, 1, ERROR, &["文件是空的"]),
    );
}

#[test]
fn text_after_the_opening_fence() {
    check_one(
        ACTIVITY,
        "--- title: 甲\n---\n",
        expect(ACTIVITY, 1, 1, ERROR, &["---", "后面不能有其他文字"]),
    );
}

// ---------------------------------------------------------------------------------------
// YAML syntax

#[test]
fn yaml_colon_inside_unquoted_value() {
    let text = activity("title: 主题: 副题\ndate: 2025-05-01\nkind: study\n", "");
    // The second colon: `title: 主题` is 9 characters.
    let help = check_one(ACTIVITY, &text, expect(ACTIVITY, 2, 10, ERROR, &["冒号"]));
    assert!(help.contains("引号"), "{help}");
}

#[test]
fn yaml_key_indented_too_far() {
    let text = activity("title: 甲\ndate: 2025-05-01\n kind: study\n", "");
    check_one(ACTIVITY, &text, expect(ACTIVITY, 4, 6, ERROR, &["冒号"]));
}

#[test]
fn yaml_list_item_indented_less() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants:\n  - 张某某\n - 赵某某\n",
        "",
    );
    check_one(ACTIVITY, &text, expect(ACTIVITY, 7, 2, ERROR, &["缩进"]));
}

#[test]
fn yaml_mapping_key_misaligned_is_reported_at_its_line() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nphotos:\n  - src: river-1.jpg\n   alt: 甲\n",
        "",
    );
    let diags = Site::new().write(ACTIVITY, &text).problems();
    assert_only(&diags, expect(ACTIVITY, 7, 7, ERROR, &["缩进"]));
}

#[test]
fn yaml_unclosed_bracket_ascii() {
    // The scanner stops at the end of the YAML; the report points at the last YAML line,
    // which is the one with the unclosed `[`.
    let text = activity(
        "title: abc\ndate: 2025-05-01\nkind: study\nparticipants: [a, b\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 1, ERROR, &["括号", "配对"]),
    );
    assert!(help.contains("[ ]"), "{help}");
}

#[test]
fn yaml_unclosed_bracket_with_chinese_text() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants: [张某某, 赵某某\n",
        "",
    );
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 1, ERROR, &["括号", "配对"]),
    );
}

#[test]
fn yaml_duplicate_key_in_yaml_file() {
    let text = "committees:\n  - id: economy\n    name: 经济委员会\ncommittees: []\n";
    let diags = Site::new().write("organisation.yaml", text).problems();
    // (organisation.yaml cannot be read, so other files may report cascading problems.)
    assert_has(
        &diags,
        expect(
            "organisation.yaml",
            4,
            1,
            ERROR,
            &["committees", "重复", "第 1 行"],
        ),
    );
}

#[test]
fn a_leader_listed_twice_is_an_error_at_the_second_entry() {
    // One person, one page (`/organisation/leaders/<slug>/`): a name twice is a mistake.
    let text = "committees:\n  - { id: members-affairs, name: 委员工作委员会 }\n  - { id: economy, name: 经济委员会 }\nleaders:\n  - { name: 周某某, title: 副主席 }\n  - { name: 吴某某, title: 副主席 }\n  - { name: 周某某, title: 秘书长 }\n";
    let diags = Site::new().write("organisation.yaml", text).problems();
    let help = assert_only(
        &diags,
        expect("organisation.yaml", 7, 5, ERROR, &["周某某", "重复"]),
    );
    assert!(help.contains("只写一次"), "{help}");
}

#[test]
fn yaml_duplicate_key_in_front_matter() {
    let text = activity("title: 甲\ndate: 2025-05-01\ntitle: 乙\nkind: study\n", "");
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 4, 1, ERROR, &["title", "重复"]),
    );
}

#[test]
fn yaml_duplicate_key_in_front_matter_names_the_file_line() {
    let text = activity("title: 甲\ndate: 2025-05-01\ntitle: 乙\nkind: study\n", "");
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 4, 1, ERROR, &["title", "重复", "第一次在第 2 行"]),
    );
}

#[test]
fn yaml_alias_is_refused() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants: &p [张某某]\nleaders: *p\n",
        "",
    );
    check_one(ACTIVITY, &text, expect(ACTIVITY, 6, 10, ERROR, &["别名"]));
}

// ---------------------------------------------------------------------------------------
// Required fields

#[test]
fn activity_required_fields() {
    for (missing, key) in [("title", "title"), ("date", "date"), ("kind", "kind")] {
        let lines: String = [
            ("title", "title: 甲\n"),
            ("date", "date: 2025-05-01\n"),
            ("kind", "kind: study\n"),
        ]
        .iter()
        .filter(|(k, _)| *k != missing)
        .map(|(_, l)| *l)
        .collect();
        let text = activity(&format!("{lines}location: 武汉\n"), "");
        // Reported where the front matter starts (line 2); the column is wrong, see
        // `missing_field_points_at_the_start_of_the_mapping`.
        let help = check_one(
            ACTIVITY,
            &text,
            expect(ACTIVITY, 2, ANY_COLUMN, ERROR, &["缺少必填字段", key]),
        );
        assert!(help.contains(&format!("{key}: ")), "{help}");
    }
}

#[test]
fn required_field_left_empty() {
    let text = activity("title: \"  \"\ndate: 2025-05-01\nkind: study\n", "");
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 2, 8, ERROR, &["title", "空"]),
    );
}

#[test]
fn sector_required_fields() {
    let file = "sectors/gongshang/index.md";
    let text = "---\nshort: 工商联界\norganised_by: 工商联\n---\n";
    let diags = Site::new()
        .write(file, &text.replace("short", "group"))
        .problems();
    assert_only(
        &diags,
        expect(file, 2, ANY_COLUMN, ERROR, &["缺少必填字段", "name"]),
    );
    let diags = Site::new()
        .write(file, &text.replace("short: 工商联界", "name: 工商联界"))
        .problems();
    assert_only(
        &diags,
        expect(file, 2, ANY_COLUMN, ERROR, &["缺少必填字段", "group"]),
    );
}

#[test]
fn site_yaml_required_fields() {
    let full = "title: 测试界别风采\ncommittee: 政协测试市委员会\nbase_url: https://www.example.gov.cn/jbfc/\n";
    for key in ["title", "committee", "base_url"] {
        let text: String = full
            .lines()
            .filter(|l| !l.starts_with(key))
            .map(|l| format!("{l}\n"))
            .collect();
        let diags = Site::new().write("site.yaml", &text).problems();
        assert_only(
            &diags,
            expect("site.yaml", 1, ANY_COLUMN, ERROR, &["缺少必填字段", key]),
        );
    }
}

#[test]
fn missing_field_points_at_the_start_of_the_mapping() {
    let diags = Site::new()
        .write(
            "site.yaml",
            "committee: 政协测试市委员会\nbase_url: https://a.cn/\n",
        )
        .problems();
    assert_only(
        &diags,
        expect("site.yaml", 1, 1, ERROR, &["缺少必填字段", "title"]),
    );
    let text = activity("date: 2025-05-01\nkind: study\n", "");
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 2, 1, ERROR, &["缺少必填字段", "title"]),
    );
    let file = "sectors/gongshang/index.md";
    check_one(
        file,
        "---\ngroup: 工商联界\norganised_by: 工商联\n---\n",
        expect(file, 2, 1, ERROR, &["缺少必填字段", "name"]),
    );
    // A block-style list item: the mapping starts at `src`, column 5.
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\nphotos:\n  - src: river-1.jpg\n    caption: 现场\n", "");
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 6, 5, ERROR, &["照片缺少替代文字"]),
    );
}

#[test]
fn site_yaml_bad_base_url() {
    let text = "title: 测试\ncommittee: 政协\nbase_url: www.example.gov.cn\n";
    check_one(
        "site.yaml",
        text,
        expect("site.yaml", 3, 11, ERROR, &["base_url", "https://"]),
    );
}

#[test]
fn missing_site_yaml() {
    let diags = Site::new().remove("site.yaml").problems();
    let help = assert_only(
        &diags,
        expect("content/site.yaml", 1, 1, ERROR, &["找不到", "site.yaml"]),
    );
    assert!(
        help.contains("title") && help.contains("base_url"),
        "{help}"
    );
}

#[test]
fn broken_site_yaml_is_not_reported_missing() {
    let text = "title: 测试: 界别\ncommittee: 政协\nbase_url: https://a.cn/\n";
    check_one(
        "site.yaml",
        text,
        expect("site.yaml", 1, 10, ERROR, &["冒号"]),
    );
}

// ---------------------------------------------------------------------------------------
// Dates

fn dated(date: &str) -> String {
    activity(&format!("title: 甲\ndate: {date}\nkind: study\n"), "")
}

#[test]
fn date_that_does_not_exist() {
    let help = check_one(
        ACTIVITY,
        &dated("2024-02-30"),
        expect(
            ACTIVITY,
            3,
            7,
            ERROR,
            &["date", "2024-02-30", "不存在", "2 月没有 30 日"],
        ),
    );
    assert!(help.contains("日期"), "{help}");
}

#[test]
fn date_with_slashes_suggests_iso() {
    let help = check_one(
        ACTIVITY,
        &dated("2024/3/5"),
        expect(ACTIVITY, 3, 7, ERROR, &["2024/3/5", "格式不对"]),
    );
    assert!(help.contains("2024-03-05"), "{help}");
}

#[test]
fn date_without_leading_zeros_suggests_iso() {
    let help = check_one(
        ACTIVITY,
        &dated("2024-3-5"),
        expect(ACTIVITY, 3, 7, ERROR, &["2024-3-5", "格式不对"]),
    );
    assert!(help.contains("2024-03-05"), "{help}");
}

#[test]
fn date_in_chinese_suggests_iso() {
    let help = check_one(
        ACTIVITY,
        &dated("2024年3月5日"),
        expect(ACTIVITY, 3, 7, ERROR, &["格式不对"]),
    );
    assert!(help.contains("2024-03-05"), "{help}");
}

#[test]
fn end_date_before_date() {
    let text = activity(
        "title: 甲\ndate: 2025-05-02\nend_date: 2025-05-01\nkind: study\n",
        "",
    );
    check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 4, 11, ERROR, &["结束日期早于开始日期"]),
    );
}

#[test]
fn start_time_must_be_hours_and_minutes() {
    let text = activity(
        "title: 甲\ndate: 2025-05-02\ntime: \"9点半\"\nkind: study\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 4, 7, ERROR, &["time", "9点半"]),
    );
    assert!(help.contains("09:30"), "{help}");
    let good = activity(
        "title: 甲\ndate: 2025-05-02\ntime: \"09:30\"\nkind: study\n",
        "",
    );
    let warnings = Site::new().write(ACTIVITY, &good).warnings();
    assert!(warnings.is_empty(), "{}", listing(&warnings));
}

// ---------------------------------------------------------------------------------------
// Kinds

#[test]
fn unknown_activity_kind_suggests_nearest() {
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: reserch\n", "");
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 4, 7, ERROR, &["不认识的活动类型", "reserch"]),
    );
    assert!(help.contains("是否想写 research"), "{help}");
}

#[test]
fn chinese_activity_kind_is_accepted() {
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: 界别调研和视察\n", "");
    let site = Site::new().write(ACTIVITY, &text);
    let checked = site.check().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        checked.warnings.is_empty(),
        "{}",
        listing(&checked.warnings)
    );
    let a = checked
        .site
        .activities
        .iter()
        .find(|a| a.source.rel.ends_with("2025-05-01-test.md"))
        .unwrap();
    assert_eq!(a.kind.id(), "research");
}

#[test]
fn unknown_output_kind_suggests_nearest() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\noutputs:\n  - { kind: reprot, title: 报告 }\n",
        "",
    );
    // `  - { kind: ` is 11 characters.
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 6, 13, ERROR, &["不认识的成果类型", "reprot"]),
    );
    assert!(help.contains("是否想写 report"), "{help}");
}

#[test]
fn unknown_standalone_output_kind_suggests_nearest() {
    let file = "sectors/minmeng/outputs/tian.md";
    let text = "---\ntitle: 关于某事的集体提案\ndate: 2025-01-10\nkind: proposl\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 7, ERROR, &["不认识的成果类型", "proposl"]),
    );
    assert!(help.contains("proposal"), "{help}");
}

#[test]
fn chinese_output_kind_is_accepted() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\noutputs:\n  - { kind: 调研报告, title: 报告 }\n",
        "",
    );
    let checked = Site::new()
        .write(ACTIVITY, &text)
        .check()
        .unwrap_or_else(|e| panic!("{e}"));
    let a = checked
        .site
        .activities
        .iter()
        .find(|a| a.source.rel.ends_with("2025-05-01-test.md"))
        .unwrap();
    assert_eq!(a.outputs[0].kind.id(), "report");
}

// ---------------------------------------------------------------------------------------
// References between files

#[test]
fn unknown_sector_in_also_sectors_suggests_id() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nalso_sectors: [minmen]\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 16, ERROR, &["不认识的界别", "minmen"]),
    );
    assert!(help.contains("minmeng"), "{help}");
}

#[test]
fn sector_given_by_chinese_name_gets_write_the_id_help() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nalso_sectors: [教育界]\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 16, ERROR, &["不认识的界别", "教育界"]),
    );
    assert!(
        help.contains("界别代号") && help.contains("jiaoyu"),
        "{help}"
    );
    // The short name works too.
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nalso_sectors: 民盟界\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 15, ERROR, &["不认识的界别", "民盟界"]),
    );
    assert!(help.contains("minmeng"), "{help}");
}

#[test]
fn unknown_committee_in_served_by() {
    let file = "sectors/jiaoyu/index.md";
    let text = "---\nname: 教育界\ngroup: 界别\nserved_by: econmy\nmembers: [孙某某]\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 12, ERROR, &["不认识的委员会", "econmy"]),
    );
    assert!(help.contains("economy"), "{help}");
    // The committee's Chinese name: write the id.
    let text = "---\nname: 教育界\ngroup: 界别\nserved_by: 经济委员会\nmembers: [孙某某]\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 12, ERROR, &["不认识的委员会", "经济委员会"]),
    );
    assert!(help.contains("served_by: economy"), "{help}");
}

#[test]
fn unknown_brand_suggests_nearest() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nbrand: rivr\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 8, ERROR, &["不认识的特色品牌", "rivr"]),
    );
    assert!(help.contains("river"), "{help}");
}

#[test]
fn unknown_plan_item_suggests_nearest() {
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\nplan: pp2\n", "");
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 5, 7, ERROR, &["2025 年计划里没有项目", "pp2"]),
    );
    assert!(help.contains("是否想写 “p2”"), "{help}");
    assert!(help.contains("p1（学习全国两会精神）"), "{help}");
}

#[test]
fn plan_item_without_a_plan_for_that_year() {
    let file = "sectors/minmeng/activities/2024/2024-05-01-test.md";
    let text = activity("title: 甲\ndate: 2024-05-01\nkind: study\nplan: p1\n", "");
    let help = check_one(
        file,
        &text,
        expect(file, 5, 7, ERROR, &["没有 2024 年的年度计划", "p1"]),
    );
    assert!(help.contains("plans/2024.md"), "{help}");
}

#[test]
fn plan_year_must_match_file_name() {
    let file = "sectors/minmeng/plans/2025.md";
    let text = "---\nyear: 2024\nitems:\n  - { id: p1, title: 学习, kind: study }\n  - { id: p2, title: 调研 }\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 2, 7, ERROR, &["2024", "2025", "不一致"]),
    );
    assert!(help.contains("year: 2025"), "{help}");
}

// ---------------------------------------------------------------------------------------
// People and roles

#[test]
fn participant_not_on_any_roster_is_a_warning() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants: [张某某, 路人甲]\n",
        "",
    );
    let site = Site::new().write(ACTIVITY, &text);
    let warnings = site.warnings();
    // `participants: [张某某, ` is 20 characters: columns count characters, not bytes.
    assert_only(
        &warnings,
        expect(
            ACTIVITY,
            5,
            21,
            WARNING,
            &["参加人员", "路人甲", "委员名单"],
        ),
    );

    // --strict turns the warning into a failure.
    let strict = BuildOptions {
        strict: true,
        ..site.options()
    };
    let diags = problems_of(jiebie::check(&strict));
    assert_only(&diags, expect(ACTIVITY, 5, 21, WARNING, &["路人甲"]));
}

#[test]
fn participant_typo_suggests_member() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants: [张某某, 赵某]\n",
        "",
    );
    let warnings = Site::new().write(ACTIVITY, &text).warnings();
    let help = assert_only(&warnings, expect(ACTIVITY, 5, 21, WARNING, &["赵某"]));
    assert!(help.contains("赵某某"), "{help}");
}

#[test]
fn commended_convenor_outside_term() {
    let file = "commendations/2024.md";
    let text = "---\nyear: 2024\ndate: 2025-01-20\nconvenors:\n  - { name: 李某某, sector: minmeng, citation: 履职尽责 }\n---\n通报。\n";
    check_one(
        file,
        text,
        expect(
            file,
            5,
            13,
            ERROR,
            &["李某某", "2024 年不是", "召集人", "任期 2022–2023 年"],
        ),
    );
}

#[test]
fn commended_outside_term_help_names_the_holders() {
    let file = "commendations/2024.md";
    let text = "---\nyear: 2024\nconvenors:\n  - { name: 李某某, sector: minmeng }\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 13, ERROR, &["李某某", "召集人"]),
    );
    assert!(
        help.contains("张某某") && !help.contains("是否想写 “李某某”"),
        "{help}"
    );
    let file = "commendations/2023.md";
    let text = "---\nyear: 2023\nliaisons:\n  - { name: 陈某某, sector: minmeng }\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 13, ERROR, &["陈某某", "联络员"]),
    );
    assert!(
        help.contains("王某某") && !help.contains("是否想写 “陈某某”"),
        "{help}"
    );
}

#[test]
fn commended_liaison_outside_term() {
    let file = "commendations/2023.md";
    let text = "---\nyear: 2023\nliaisons:\n  - { name: 陈某某, sector: minmeng }\n---\n";
    check_one(
        file,
        text,
        expect(
            file,
            4,
            13,
            ERROR,
            &["陈某某", "2023 年不是", "联络员", "任期 2024 年起"],
        ),
    );
}

#[test]
fn commended_in_term_is_accepted() {
    let file = "commendations/2024.md";
    let text = "---\nyear: 2024\nsectors: [{ sector: minmeng }]\nconvenors: [{ name: 张某某, sector: minmeng }]\nliaisons: [{ name: 陈某某, sector: minmeng }]\n---\n";
    let warnings = Site::new().write(file, text).warnings();
    assert!(warnings.is_empty(), "{}", listing(&warnings));
}

#[test]
fn commended_person_of_unknown_sector() {
    let file = "commendations/2024.md";
    let text = "---\nyear: 2024\nconvenors:\n  - { name: 张某某, sector: minmen }\n---\n";
    let help = check_one(
        file,
        text,
        expect(file, 4, 26, ERROR, &["不认识的界别", "minmen"]),
    );
    assert!(help.contains("minmeng"), "{help}");
}

#[test]
fn author_who_was_liaison_only_in_other_years() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nauthor: 王某某\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(
            ACTIVITY,
            5,
            9,
            ERROR,
            &["王某某", "2025 年不是本界别的联络员", "任期 2022–2023 年"],
        ),
    );
    assert!(help.contains("陈某某"), "{help}");
}

// ---------------------------------------------------------------------------------------
// Images and links

#[test]
fn missing_photo_suggests_near_file_name() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nphotos:\n  - { src: river-l.jpg, alt: 江滩 }\n",
        "",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 6, 12, ERROR, &["找不到图片", "river-l.jpg"]),
    );
    assert!(help.contains("river-1.jpg"), "{help}");
}

#[test]
fn photo_path_leaving_content() {
    // Four `..` from sectors/minmeng/activities/ leave content/.
    let file = "sectors/minmeng/activities/outside.md";
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\nphotos:\n  - { src: ../../../../x.jpg, alt: 甲 }\n", "");
    check_one(
        file,
        &text,
        expect(file, 6, 12, ERROR, &["../../../../x.jpg", "内容目录之外"]),
    );
}

#[test]
fn photo_without_alt() {
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\nphotos:\n  - { src: river-1.jpg, caption: 现场 }\n", "");
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 6, 5, ERROR, &["照片缺少替代文字", "alt"]),
    );
    assert!(help.contains("alt:"), "{help}");
}

#[test]
fn body_image_without_alt() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\n",
        "第一段。\n\n见图：![](river-1.jpg)\n",
    );
    // Body starts on line 6; the image is on line 8 after `见图：` (3 characters).
    let help = check_one(
        ACTIVITY,
        &text,
        expect(ACTIVITY, 8, 4, ERROR, &["正文图片缺少替代文字"]),
    );
    assert!(help.contains("!["), "{help}");
}

#[test]
fn body_image_missing_and_outside() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\n",
        "![江滩](river-2.jpg)\n\n![江滩](../../../../../x.jpg)\n",
    );
    let diags = Site::new().write(ACTIVITY, &text).problems();
    assert_eq!(diags.len(), 2, "{}", listing(&diags));
    let help = assert_has(
        &diags,
        expect(ACTIVITY, 6, 1, ERROR, &["找不到图片", "river-2.jpg"]),
    );
    assert!(help.contains("river-1.jpg"), "{help}");
    assert_has(&diags, expect(ACTIVITY, 8, 1, ERROR, &["内容目录之外"]));
}

#[test]
fn broken_markdown_link_to_missing_document() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\n",
        "第一段。\n\n另见[上次调研](2025-01-01-missing.md)。\n",
    );
    let help = check_one(
        ACTIVITY,
        &text,
        expect(
            ACTIVITY,
            8,
            3,
            ERROR,
            &["链接的目标", "2025-01-01-missing.md", "不存在"],
        ),
    );
    assert!(help.contains(".md"), "{help}");
}

#[test]
fn markdown_link_to_existing_document_is_fine() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\n",
        "另见[上次调研](2025-03-15-river.md)和[民盟界](../../index.md)。\n",
    );
    let warnings = Site::new().write(ACTIVITY, &text).warnings();
    assert!(warnings.is_empty(), "{}", listing(&warnings));
}

// ---------------------------------------------------------------------------------------
// URLs

#[test]
fn duplicate_urls_from_same_file_name_in_different_folders() {
    let a = "sectors/minmeng/activities/2025/a/same.md";
    let b = "sectors/minmeng/activities/2025/b/same.md";
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\n", "");
    let diags = Site::new().write(a, &text).write(b, &text).problems();
    let help = assert_only(
        &diags,
        expect(
            b,
            1,
            1,
            ERROR,
            &["同一个网址", "sectors/minmeng/2025/same/"],
        ),
    );
    assert!(
        diags[0]
            .message
            .contains(&Path::new("2025/a/same.md").display().to_string()),
        "{}",
        diags[0].message
    );
    assert!(help.contains("slug"), "{help}");
}

#[test]
fn duplicate_urls_resolved_by_slug() {
    let a = "sectors/minmeng/activities/2025/a/same.md";
    let b = "sectors/minmeng/activities/2025/b/same.md";
    let text = activity("title: 甲\ndate: 2025-05-01\nkind: study\n", "");
    let other = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nslug: same-2\n",
        "",
    );
    let warnings = Site::new().write(a, &text).write(b, &other).warnings();
    assert!(warnings.is_empty(), "{}", listing(&warnings));
}

// ---------------------------------------------------------------------------------------
// Encodings and odd files

#[test]
fn bom_and_crlf_files_are_accepted() {
    let site = Site::with_fixture("bom");
    let checked = site.check().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        checked.warnings.is_empty(),
        "{}",
        listing(&checked.warnings)
    );
    assert!(checked
        .site
        .activities
        .iter()
        .any(|a| a.title == "带BOM的稿件"));

    let site = Site::with_fixture("crlf")
        .remove("sectors/minmeng/activities/2025/2025-04-09-crlf-error.md")
        .remove("sectors/minmeng/activities/2025/2025-04-10-crlf-link.md");
    let checked = site.check().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        checked.warnings.is_empty(),
        "{}",
        listing(&checked.warnings)
    );
    let a = checked
        .site
        .activities
        .iter()
        .find(|a| a.title == "Windows 记事本保存的稿件")
        .unwrap();
    assert!(!a.title.contains('\r'));
}

#[test]
fn crlf_file_with_bom_reports_correct_lines() {
    let dir = "sectors/minmeng/activities/2025/";
    let diags = Site::with_fixture("crlf").problems();
    assert_eq!(diags.len(), 2, "{}", listing(&diags));
    // Front matter of a BOM + CRLF file.
    let help = assert_has(
        &diags,
        expect(
            &format!("{dir}2025-04-09-crlf-error.md"),
            3,
            7,
            ERROR,
            &["2025-4-9", "格式不对"],
        ),
    );
    assert!(help.contains("2025-04-09"), "{help}");
    // Body of a BOM + CRLF file: `见` is one character before the link on line 8.
    assert_has(
        &diags,
        expect(
            &format!("{dir}2025-04-10-crlf-link.md"),
            8,
            2,
            ERROR,
            &["链接的目标", "missing.md"],
        ),
    );
}

#[test]
fn body_problems_are_reported_even_if_front_matter_is_broken() {
    let text = activity(
        "title: 甲\ndate: 2025/5/1\nkind: study\n",
        "见[另一篇](missing.md)。\n",
    );
    let diags = Site::new().write(ACTIVITY, &text).problems();
    assert_eq!(diags.len(), 2, "{}", listing(&diags));
    assert_has(&diags, expect(ACTIVITY, 3, 7, ERROR, &["格式不对"]));
    assert_has(&diags, expect(ACTIVITY, 6, 2, ERROR, &["链接的目标"]));
}

#[test]
fn gbk_file_is_refused_mentioning_utf8() {
    let file = "sectors/minmeng/activities/2025/2025-04-03-gbk.md";
    let diags = Site::with_fixture("gbk").problems();
    // The first byte that is not UTF-8 follows `title: ` on line 2.
    let help = assert_only(&diags, expect(file, 2, 8, ERROR, &["UTF-8", "GBK"]));
    assert!(help.contains("UTF-8"), "{help}");
}

#[test]
fn binary_file_with_md_extension_is_refused() {
    let file = "sectors/minmeng/activities/2025/photo.md";
    let diags = Site::with_fixture("binary").problems();
    let help = assert_only(&diags, expect(file, 3, 1, ERROR, &["二进制"]));
    assert!(help.contains(".jpg"), "{help}");
}

#[test]
fn unknown_front_matter_key_is_a_warning_with_suggestion() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticpants: [张某某]\n",
        "",
    );
    let warnings = Site::new().write(ACTIVITY, &text).warnings();
    let help = assert_only(
        &warnings,
        expect(ACTIVITY, 5, 1, WARNING, &["不认识的字段", "particpants"]),
    );
    assert!(help.contains("是否想写 “participants”"), "{help}");
}

#[test]
fn misplaced_markdown_file() {
    check_one(
        "notes.md",
        "---\ntitle: 甲\n---\n",
        expect("notes.md", 1, 1, ERROR, &["位置"]),
    );
}

#[test]
fn plan_file_not_named_by_year() {
    let file = "sectors/minmeng/plans/plan.md";
    let help = check_one(
        file,
        "---\nyear: 2025\n---\n",
        expect(file, 1, 1, ERROR, &["四位年份", "plan"]),
    );
    assert!(help.contains("2025.md"), "{help}");
}

// ---------------------------------------------------------------------------------------
// Cascades

#[test]
fn broken_sector_profile_does_not_cascade() {
    let file = "sectors/jiaoyu/index.md";
    let text = "---\nname: 教育界: 高校\ngroup: 界别\nserved_by: members-affairs\n---\n";
    let diags = Site::new().write(file, text).problems();
    // The base write-up lists jiaoyu in also_sectors; it must not be told that jiaoyu
    // does not exist.
    let cascaded: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.path.ends_with(BASE_ACTIVITY))
        .collect();
    assert!(cascaded.is_empty(), "{}", listing(&diags));
    assert_only(&diags, expect(file, 2, 10, ERROR, &["冒号"]));
}

// ---------------------------------------------------------------------------------------
// Every problem in one run

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_path_then_line() {
    let site = Site::new()
        // 1. load stage: YAML syntax
        .write(
            "sectors/minmeng/activities/2025/b.md",
            &activity("title: 主题: 副题\ndate: 2025-05-01\nkind: study\n", ""),
        )
        // 2. field checks: two problems in one file
        .write(
            "sectors/minmeng/activities/2025/a.md",
            &activity("title: 甲\ndate: 2025/5/1\nkind: reserch\n", ""),
        )
        // 3. cross-file reference
        .write(
            "sectors/jiaoyu/index.md",
            "---\nname: 教育界\ngroup: 界别\nserved_by: econmy\nmembers: [孙某某, 钱某某]\n---\n",
        )
        // 4. Markdown body
        .write(
            "sectors/minmeng/activities/2025/c.md",
            &activity(
                "title: 甲\ndate: 2025-05-01\nkind: study\n",
                "[x](nowhere.md)\n",
            ),
        )
        // 5. roles in a commendation
        .write(
            "commendations/2024.md",
            "---\nyear: 2024\nliaisons: [{ name: 王某某, sector: minmeng }]\n---\n",
        );
    let diags = site.problems();
    let got: Vec<(String, usize, usize)> = diags
        .iter()
        .map(|d| {
            let rel = d.path.strip_prefix(site.content()).unwrap_or(&d.path);
            (
                rel.to_string_lossy().replace('\\', "/"),
                d.position.line,
                d.position.column,
            )
        })
        .collect();
    let want: Vec<(String, usize, usize)> = [
        ("commendations/2024.md", 3, 20),
        ("sectors/jiaoyu/index.md", 4, 12),
        ("sectors/minmeng/activities/2025/a.md", 3, 7),
        ("sectors/minmeng/activities/2025/a.md", 4, 7),
        ("sectors/minmeng/activities/2025/b.md", 2, 10),
        ("sectors/minmeng/activities/2025/c.md", 6, 1),
    ]
    .iter()
    .map(|(p, l, c)| (p.to_string(), *l, *c))
    .collect();
    assert_eq!(got, want, "\n{}", listing(&diags));
    assert!(
        diags.iter().all(|d| d.is_error() && d.help.is_some()),
        "{}",
        listing(&diags)
    );
    assert!(diags[0].message.contains("联络员"));
    assert!(diags[1].message.contains("不认识的委员会"));
    assert!(diags[2].message.contains("日期"));
    assert!(diags[3].message.contains("活动类型"));
    assert!(diags[4].message.contains("冒号"));
    assert!(diags[5].message.contains("链接"));
}

// ---------------------------------------------------------------------------------------
// The binary

#[test]
fn binary_build_fails_with_exit_code_1_and_leaves_no_output() {
    let site = Site::new().write(ACTIVITY, &dated("2024-02-30"));
    let output = site.dir.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_jiebie"))
        .current_dir(site.dir.path())
        .args(["build", "--content", "content", "--output"])
        .arg(&output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{stderr}");
    let want = format!("content/{ACTIVITY}:3:7: 错误：");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&want) && l.contains("2024-02-30")),
        "stderr should have a line starting with {want}:\n{stderr}"
    );
    assert!(stderr.contains("修改建议："), "{stderr}");
    assert!(!output.exists(), "the output directory must not be created");
    // Nothing else appeared beside content/ either (no staging directory left behind).
    let entries: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["content"], "{entries:?}");
}

#[test]
fn binary_check_reports_warnings_and_strict_fails() {
    let text = activity(
        "title: 甲\ndate: 2025-05-01\nkind: study\nparticipants: [路人甲]\n",
        "",
    );
    let site = Site::new().write(ACTIVITY, &text);
    let run = |strict: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiebie"));
        cmd.current_dir(site.dir.path())
            .args(["check", "--content", "content"]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let relaxed = run(false);
    let stderr = String::from_utf8_lossy(&relaxed.stderr);
    assert_eq!(relaxed.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("content/{ACTIVITY}:5:16: 警告：")),
        "{stderr}"
    );
    let strict = run(true);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
}

#[test]
fn a_date_after_today_is_an_error_unless_a_draft() {
    // The tests' today is 2026-11-20: 2027-03-15 is most likely a typo for 2026-03-15.
    let text = "---\ntitle: 民盟界别开展专题调研\ndate: 2027-03-15\nkind: research\n---\n正文。\n";
    let help = check_one(
        "sectors/minmeng/activities/2027/2027-03-15-typo.md",
        text,
        expect(
            "sectors/minmeng/activities/2027/2027-03-15-typo.md",
            3,
            7,
            ERROR,
            &["2027-03-15", "今天"],
        ),
    );
    assert!(
        help.contains("2026-03-15") && help.contains("draft: true"),
        "{help}"
    );
    // A draft may be dated ahead: it is the plan of an activity.
    let draft = text.replace("kind: research\n", "kind: research\ndraft: true\n");
    let site = Site::new().write("sectors/minmeng/activities/2027/2027-03-15-plan.md", &draft);
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
}

#[test]
fn an_empty_front_matter_names_every_required_field() {
    let help = check_one(
        ACTIVITY,
        "---\n---\n正文。\n",
        expect(ACTIVITY, 1, 1, ERROR, &["是空的", "title", "date", "kind"]),
    );
    assert!(
        help.contains("title: ") && help.contains("date: 2024-03-15") && help.contains("kind: "),
        "{help}"
    );
}

#[test]
fn eight_digits_suggest_the_date_they_spell() {
    let help = check_one(
        ACTIVITY,
        "---\ntitle: 测试\ndate: 20250315\nkind: study\n---\n正文。\n",
        expect(ACTIVITY, 3, 7, ERROR, &["20250315"]),
    );
    assert!(help.contains("2025-03-15"), "{help}");
}

#[test]
fn commending_a_sector_short_of_the_quota_is_a_warning_naming_its_figures() {
    // In 2025 jiaoyu has one joint activity and one output: short of 2 and 2.
    let notice = "---\nyear: 2025\nsectors:\n  - { sector: jiaoyu, citation: 表现突出 }\nconvenors:\n  - { name: 孙某某, sector: jiaoyu }\nliaisons: []\n---\n通报。\n";
    let site = Site::new().write("commendations/2025.md", notice);
    let warnings = site.warnings();
    assert_eq!(warnings.len(), 2, "{}", listing(&warnings));
    assert_diag(
        &warnings[0],
        &expect(
            "commendations/2025.md",
            4,
            5,
            WARNING,
            &["教育界", "2025", "1 次", "1 篇"],
        ),
        &warnings,
    );
    assert_diag(
        &warnings[1],
        &expect(
            "commendations/2025.md",
            6,
            13,
            WARNING,
            &["孙某某", "教育界", "2025"],
        ),
        &warnings,
    );
}

#[test]
fn a_partners_plan_item_needs_a_joint_activity_and_a_real_item() {
    // jiaoyu has no 2025 plan in the base site, and this write-up is not joint.
    let text =
        "---\ntitle: 甲\ndate: 2025-05-01\nkind: research\nplan: [p2, jiaoyu/p4]\n---\n正文。\n";
    let help = check_one(
        ACTIVITY,
        text,
        expect(
            ACTIVITY,
            5,
            ANY_COLUMN,
            ERROR,
            &["jiaoyu/p4", "教育界", "联合"],
        ),
    );
    assert!(
        help.contains("also_sectors") && help.contains("jiaoyu"),
        "{help}"
    );
    // Joint, but jiaoyu filed no plan for 2025.
    let joint = text.replace(
        "kind: research\n",
        "kind: research\nalso_sectors: [jiaoyu]\n",
    );
    let help = check_one(
        ACTIVITY,
        &joint,
        expect(ACTIVITY, 6, ANY_COLUMN, ERROR, &["教育界", "2025", "p4"]),
    );
    assert!(help.contains("sectors/jiaoyu/plans/2025.md"), "{help}");
}

const MINMENG: &str = "sectors/minmeng/index.md";

fn minmeng_with(convenors: &str, liaisons: &str) -> String {
    format!("---\nname: 中国民主同盟界\nshort: 民盟界\ngroup: 民主党派\norganised_by: 民盟测试市委员会\nvice_chair: 周某某\nconvenors:\n{convenors}liaisons:\n{liaisons}members: [张某某, 李某某, 赵某某, 钱某]\nbrands:\n  - {{ id: river, name: 长江大保护调研 }}\n---\n民盟界简介。\n")
}

#[test]
fn more_than_two_convenors_at_once_is_an_error_naming_the_other_lines() {
    let convenors = "  - { name: 张某某, first: true, from: 2022 }\n  - { name: 李某某, from: 2022 }\n  - { name: 赵某某, from: 2025 }\n";
    let liaisons = "  - { name: 陈某某, from: 2024 }\n";
    let help = check_one(
        MINMENG,
        &minmeng_with(convenors, liaisons),
        expect(
            MINMENG,
            10,
            ANY_COLUMN,
            ERROR,
            &["2025", "3 名召集人", "第 7 条"],
        ),
    );
    assert!(help.contains("第 8、9 行"), "{help}");
}

#[test]
fn two_first_convenors_and_two_unmarked_ones_are_errors() {
    let both_first = "  - { name: 张某某, first: true, from: 2022 }\n  - { name: 李某某, first: true, from: 2024 }\n";
    let liaisons = "  - { name: 陈某某, from: 2024 }\n";
    check_one(
        MINMENG,
        &minmeng_with(both_first, liaisons),
        expect(MINMENG, 9, ANY_COLUMN, ERROR, &["2024", "2 名第一召集人"]),
    );
    let unmarked = "  - { name: 张某某, from: 2022 }\n  - { name: 李某某, from: 2024 }\n";
    let help = check_one(
        MINMENG,
        &minmeng_with(unmarked, liaisons),
        expect(MINMENG, 9, ANY_COLUMN, ERROR, &["2024", "第一召集人"]),
    );
    assert!(help.contains("first: true"), "{help}");
    // A sole convenor leads without being marked.
    let sole = "  - { name: 张某某, from: 2022 }\n";
    let site = Site::new().write(MINMENG, &minmeng_with(sole, liaisons));
    assert!(site.warnings().is_empty(), "{}", listing(&site.warnings()));
}

#[test]
fn three_liaisons_at_once_is_an_error() {
    let convenors = "  - { name: 张某某, first: true, from: 2022 }\n";
    let liaisons = "  - { name: 王某某, from: 2022 }\n  - { name: 陈某某, from: 2024 }\n  - { name: 刘某某, from: 2025 }\n";
    check_one(
        MINMENG,
        &minmeng_with(convenors, liaisons),
        expect(
            MINMENG,
            12,
            ANY_COLUMN,
            ERROR,
            &["2025", "3 名联络员", "第 13 条"],
        ),
    );
}

#[test]
fn a_current_convenor_off_the_roster_is_an_error() {
    let convenors =
        "  - { name: 张某某, first: true, from: 2022 }\n  - { name: 孙某某, from: 2026 }\n";
    let liaisons = "  - { name: 陈某某, from: 2024 }\n";
    let help = check_one(
        MINMENG,
        &minmeng_with(convenors, liaisons),
        expect(MINMENG, 9, ANY_COLUMN, ERROR, &["孙某某", "委员名单"]),
    );
    assert!(help.contains("members"), "{help}");
}

#[test]
fn roles_filed_under_a_term_start_within_it_and_old_dates_are_warned_about() {
    let site = Site::new().write(
        "organisation.yaml",
        "committees:\n  - { id: members-affairs, name: 委员工作委员会 }\nleaders:\n  - { name: 周某某, title: 副主席 }\n  - { name: 吴某某, title: 副主席 }\nterms:\n  - { name: 第十三届, from: 2017, to: 2021 }\n  - { name: 第十四届, from: 2022 }\n",
    );
    let convenors = "  - { name: 张某某, first: true, from: 2021, term: 第十四届 }\n";
    let liaisons = "  - { name: 陈某某, from: 2024, term: 第十五届 }\n";
    let site = site.write(MINMENG, &minmeng_with(convenors, liaisons));
    let problems = site.problems();
    assert_eq!(problems.len(), 2, "{}", listing(&problems));
    assert_diag(
        &problems[0],
        &expect(MINMENG, 8, ANY_COLUMN, ERROR, &["2021", "第十四届", "2022"]),
        &problems,
    );
    assert_diag(
        &problems[1],
        &expect(MINMENG, 10, ANY_COLUMN, ERROR, &["不认识的届", "第十五届"]),
        &problems,
    );

    // A write-up dated before the earliest term is a warning.
    let site = Site::new()
        .write(
            "organisation.yaml",
            "committees:\n  - { id: members-affairs, name: 委员工作委员会 }\nleaders:\n  - { name: 周某某, title: 副主席 }\n  - { name: 吴某某, title: 副主席 }\nterms:\n  - { name: 第十四届, from: 2022 }\n",
        )
        .write(
            "sectors/minmeng/activities/2021/2021-05-01-old.md",
            "---\ntitle: 旧活动\ndate: 2021-05-01\nkind: study\n---\n正文。\n",
        );
    let warnings = site.warnings();
    assert_eq!(warnings.len(), 1, "{}", listing(&warnings));
    assert_diag(
        &warnings[0],
        &expect(
            "sectors/minmeng/activities/2021/2021-05-01-old.md",
            3,
            7,
            WARNING,
            &["2021-05-01", "第十四届"],
        ),
        &warnings,
    );
}

#[test]
fn an_unknown_result_kind_suggests_the_nearest() {
    let text = "---\ntitle: 甲\ndate: 2025-05-01\nkind: research\noutputs:\n  - kind: proposal\n    title: 关于……的提案\n    results:\n      - { kind: acepted, by: 市政协提案委员会 }\n---\n正文。\n";
    let help = check_one(
        ACTIVITY,
        text,
        expect(ACTIVITY, 9, ANY_COLUMN, ERROR, &["acepted"]),
    );
    assert!(help.contains("accepted"), "{help}");
}

#[test]
fn a_sector_without_a_roster_does_not_flag_its_convenors() {
    let profile = "---\nname: 中国民主同盟界\ngroup: 民主党派\norganised_by: 民盟测试市委员会\nvice_chair: 周某某\nconvenors:\n  - { name: 张某某, first: true, from: 2022 }\nliaisons:\n  - { name: 陈某某, from: 2024 }\nbrands:\n  - { id: river, name: 长江大保护调研 }\n---\n简介。\n";
    let site = Site::new().write(MINMENG, profile);
    // The base write-up's participants are now on no roster: warned about one by one,
    // and nothing about the convenor.
    let warnings = site.warnings();
    assert!(!warnings.is_empty());
    assert!(
        warnings.iter().all(|w| w.message.contains("参加人员")),
        "{}",
        listing(&warnings)
    );
}

#[test]
fn a_drafts_problems_are_warnings_in_every_spelling_of_true() {
    // An empty title is an error in a write-up to publish, a warning in a draft: the draft
    // is left out until it is fixed, and the site still builds.
    for draft in ["true", "是", "yes"] {
        let text = activity(
            &format!("title:\ndate: 2025-05-01\nkind: research\ndraft: {draft}\n"),
            "正文。\n",
        );
        let site = Site::new().write(ACTIVITY, &text);
        let warnings = site.warnings();
        assert_has(
            &warnings,
            expect(ACTIVITY, 2, 1, WARNING, &["title", "是空的", "草稿"]),
        );
        assert!(site
            .check()
            .unwrap()
            .site
            .activities
            .iter()
            .all(|a| !a.source.rel.ends_with("2025-05-01-test.md")));
    }
    let text = activity(
        "title:\ndate: 2025-05-01\nkind: research\ndraft: false\n",
        "正文。\n",
    );
    assert_only(
        &Site::new().write(ACTIVITY, &text).problems(),
        expect(ACTIVITY, 2, 1, ERROR, &["title", "是空的"]),
    );
}

#[test]
fn ids_that_could_leave_their_folder_are_refused_where_they_are_written() {
    let profile = minmeng_with(
        "  - { name: 张某某, first: true, from: 2022 }\n",
        "  - { name: 陈某某, from: 2024 }\n",
    )
    .replace(
        "brands:\n",
        "brands:\n  - { id: ../../../../escaped-brand, name: 越界品牌 }\n",
    );
    let plan = "---\nyear: 2025\nitems:\n  - { id: p1, title: 学习全国两会精神, kind: study, quarter: 1 }\n  - { id: P2, title: 长江大保护专题调研, kind: research, quarter: 2 }\n---\n计划。\n";
    let problems = Site::new()
        .write(MINMENG, &profile)
        .write("sectors/minmeng/plans/2025.md", plan)
        .problems();
    let help = assert_has(
        &problems,
        expect(
            MINMENG,
            13,
            ANY_COLUMN,
            ERROR,
            &["../../../../escaped-brand", "小写英文字母"],
        ),
    );
    assert!(help.contains("id: escaped-brand"), "{help}");
    let help = assert_has(
        &problems,
        expect(
            "sectors/minmeng/plans/2025.md",
            5,
            ANY_COLUMN,
            ERROR,
            &["P2", "小写英文字母"],
        ),
    );
    assert!(help.contains("id: p2"), "{help}");
}
