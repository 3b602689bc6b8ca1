//! Load: find every file under `content/`, read it as text and split off its front matter.
//!
//! Nothing here knows what a field means; that is `validate`'s job. This stage only answers
//! "what kind of document is this file, by where it lives" and "is it readable text with
//! well-formed YAML", reporting what is not.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::source::yaml::{self, Node};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Files larger than this are refused: no write-up is this long, and a runaway file
/// would otherwise slow every build.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// What a content file is, decided by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// `site.yaml`
    SiteConfig,
    /// `organisation.yaml`
    Organisation,
    /// `lint.yaml`: the committee's list of wrong terms (read by `check`).
    LintTerms,
    /// `sectors/<id>/index.md`
    Sector {
        /// The sector id (directory name).
        sector: String,
    },
    /// `sectors/<id>/activities/**/*.md`
    Activity {
        /// The sector the write-up is filed under.
        sector: String,
    },
    /// `sectors/<id>/plans/<year>.md`
    Plan {
        /// The sector.
        sector: String,
        /// The year, from the file name.
        year: i32,
    },
    /// `sectors/<id>/summaries/<year>.md`
    Summary {
        /// The sector.
        sector: String,
        /// The year, from the file name.
        year: i32,
    },
    /// `sectors/<id>/outputs/**/*.md`
    Output {
        /// The sector.
        sector: String,
    },
    /// `commendations/<year>.md`
    Commendation {
        /// The year, from the file name.
        year: i32,
    },
    /// `pages/<id>.md`
    Page {
        /// The page id (file stem).
        id: String,
    },
}

/// A content file, read and split.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content directory, with `/` separators.
    pub rel: PathBuf,
    /// Path as shown in messages (the content directory joined with `rel`).
    pub display: PathBuf,
    /// What the file is.
    pub role: Role,
    /// The front matter (or the whole YAML file), positions already relative to the file.
    pub front: Node,
    /// The Markdown body (empty for YAML files).
    pub body: String,
    /// The 1-based line on which the body starts.
    pub body_line: usize,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents, sorted by path.
    pub files: Vec<SourceFile>,
    /// Every other regular file (images and attachments), relative to the content dir.
    pub assets: BTreeSet<PathBuf>,
    /// Documents that could not be read or parsed.
    pub unreadable: Vec<Unreadable>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the content directory. Unreadable or malformed files become diagnostics; the
/// rest is returned so that one run reports every problem.
pub fn load(content_dir: &Path) -> Loaded {
    load_with(content_dir, None)
}

/// A check run on the full text of every document as it is read (`jiebie check` uses it
/// for personal data and wrong terms).
pub type TextCheck<'a> = &'a (dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync);

/// Like [`load`], also running `text_check` on every document's text.
pub fn load_with(content_dir: &Path, text_check: Option<TextCheck<'_>>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut candidates = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(content_dir).to_path_buf();
                loaded.diagnostics.push(
                    Diagnostic::error(
                        &path,
                        Position::start(),
                        crate::tr!("无法读取：{err}", "cannot read: {err}"),
                    )
                    .with_help(crate::tr!("检查文件权限", "check the file permissions")),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel = rel.to_path_buf();
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::warning(entry.path(), Position::start(), crate::tr!("已忽略符号链接", "symbolic link ignored"))
                    .with_help(crate::tr!("内容目录里请放真实文件，不要放符号链接（它可能指向目录之外）", "put real files in the content directory, not symbolic links (they may point outside it)")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if is_document(&rel) {
            candidates.push(rel);
        } else {
            loaded.assets.insert(rel);
        }
    }

    type Read = (Result<Option<SourceFile>, Box<Unreadable>>, Vec<Diagnostic>);
    let results: Vec<Read> = candidates
        .par_iter()
        .map(|rel| {
            let mut extra = Vec::new();
            let result = read_document(content_dir, rel, &mut |path, text| {
                if let Some(check) = text_check {
                    extra = check(path, text);
                }
            });
            (result, extra)
        })
        .collect();
    for (result, mut extra) in results {
        loaded.diagnostics.append(&mut extra);
        match result {
            Ok(Some(file)) => loaded.files.push(file),
            Ok(None) => {}
            Err(unreadable) => {
                loaded.diagnostics.push(unreadable.diagnostic.clone());
                loaded.unreadable.push(*unreadable);
            }
        }
    }
    loaded
}

/// Whether a file under `content/` is a document (read as text with front matter) rather
/// than an asset, by its extension.
pub fn is_document(rel: &Path) -> bool {
    matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "yaml" | "yml")
    )
}

/// Reads one document exactly as [`load`] does (`serve` re-reads only the files that
/// changed). `Ok(None)` when the path has no role.
pub fn load_file(content_dir: &Path, rel: &Path) -> Result<Option<SourceFile>, Box<Unreadable>> {
    read_document(content_dir, rel, &mut |_, _| {})
}

/// Hidden files, editors' backups and swap files are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// A document that could not be read or parsed: its problem, and its body when the
/// front matter could at least be split off (so the body can still be checked).
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Path relative to the content directory.
    pub rel: PathBuf,
    /// Path as shown in messages.
    pub display: PathBuf,
    /// What is wrong.
    pub diagnostic: Diagnostic,
    /// The Markdown body, if it could be found.
    pub body: String,
    /// The line where the body starts.
    pub body_line: usize,
}

fn read_document(
    content_dir: &Path,
    rel: &Path,
    inspect: &mut dyn FnMut(&Path, &str),
) -> Result<Option<SourceFile>, Box<Unreadable>> {
    let display = content_dir.join(rel);
    let fail = |diagnostic: Diagnostic, body: &str, body_line: usize| {
        Box::new(Unreadable {
            rel: rel.to_path_buf(),
            display: display.clone(),
            diagnostic,
            body: body.to_string(),
            body_line,
        })
    };
    let role = match classify(rel) {
        Ok(Some(role)) => role,
        Ok(None) => return Ok(None),
        Err(problem) => return Err(fail(problem.into_diagnostic(&display), "", 1)),
    };
    let text = read_text(&display).map_err(|d| fail(d, "", 1))?;
    inspect(&display, &text);
    let is_yaml = matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let (front_text, front_line, body, body_line) = if is_yaml {
        (text.as_str(), 1, "", 1)
    } else {
        match split_front_matter(&text) {
            Ok(split) => (split.front, split.front_line, split.body, split.body_line),
            Err(problem) => return Err(fail(problem.into_diagnostic(&display), "", 1)),
        }
    };
    let front = yaml::parse_from_line(front_text, front_line).map_err(|e| {
        fail(
            Diagnostic::error(&display, e.position, e.message).with_help(e.help),
            body,
            body_line,
        )
    })?;
    Ok(Some(SourceFile {
        rel: rel.to_path_buf(),
        display,
        role,
        front,
        body: body.to_string(),
        body_line,
    }))
}

/// Reads a file as UTF-8 text: BOM dropped, CRLF and CR line ends made LF.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).map_err(|e| {
        Diagnostic::error(
            path,
            Position::start(),
            crate::tr!("无法读取文件：{e}", "cannot read the file: {e}"),
        )
    })?;
    if size > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            path,
            Position::start(),
            crate::tr!("文件过大（{} KB），超过 {} KB 的上限", "the file is too large ({} KB; the limit is {} KB)",
                size / 1024,
                MAX_TEXT_BYTES / 1024
            ),
        )
        .with_help(crate::tr!("一篇稿件不应这么长；请检查是否误存了其他内容，或把图片另存为文件再引用", "a write-up should never be this long; check that nothing else was saved into it by mistake, or save images as separate files and refer to them")));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            path,
            Position::start(),
            crate::tr!("无法读取文件：{e}", "cannot read the file: {e}"),
        )
    })?;
    decode_text(&bytes).map_err(|(position, message, help)| {
        Diagnostic::error(path, position, message).with_help(help)
    })
}

/// Decodes bytes as UTF-8 text, with a Chinese explanation of why not.
pub fn decode_text(bytes: &[u8]) -> Result<String, (Position, String, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err((
            position_of_offset(bytes, offset),
            crate::tr!("这不是文本文件（含有二进制数据）", "this is not a text file (it contains binary data)"),
            crate::tr!("Markdown 稿件必须是纯文本；图片等文件请用 .jpg/.png 等扩展名", "Markdown write-ups must be plain text; give images and other files extensions such as .jpg/.png"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.valid_up_to();
            return Err((
                position_of_offset(bytes, offset),
                crate::tr!("文件不是 UTF-8 编码（可能是 GBK/GB2312）", "the file is not UTF-8 encoded (perhaps GBK/GB2312)"),
                crate::tr!("用编辑器“另存为”UTF-8 编码（例如记事本选择“UTF-8”，WPS 选择“UTF-8”）", "use “Save as” in the editor and choose UTF-8 (in Notepad or WPS, pick “UTF-8”)"),
            ));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

fn position_of_offset(bytes: &[u8], offset: usize) -> Position {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position::new(line, column)
}

/// A problem found before the YAML is even read.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where.
    pub position: Position,
    /// What.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Problem {
    fn new(line: usize, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            position: Position::new(line, 1),
            message: message.into(),
            help: help.into(),
        }
    }

    fn into_diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, self.position, self.message).with_help(self.help)
    }
}

/// A Markdown file cut into front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub front: &'a str,
    /// The 1-based line where the YAML starts.
    pub front_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based line where the body starts.
    pub body_line: usize,
}

fn front_matter_help() -> String {
    crate::tr!(
        "文件第一行写 ---，接着写 标题、日期 等字段（如 title: 某某活动），再用一行 --- 结束",
        "write --- on the first line, then fields such as the title and date (e.g. title: 某某活动), then end with a line ---"
    )
}

/// Splits `---\nyaml\n---\nbody`. The opening fence must be the first line.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            1,
            crate::tr!("文件是空的", "the file is empty"),
            front_matter_help(),
        ));
    }
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        let message = if first_line.trim_start().starts_with("---") {
            crate::tr!(
                "第一行的 --- 后面不能有其他文字",
                "nothing may follow the --- on the first line"
            )
        } else {
            crate::tr!(
                "缺少前置信息（文件必须以一行 --- 开头）",
                "front matter missing (the file must start with a line ---)"
            )
        };
        return Err(Problem::new(1, message, front_matter_help()));
    }
    let front_start = first_line.len() + 1;
    let mut offset = front_start.min(text.len());
    for (line_number, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let front = &text[front_start.min(offset)..offset];
            let body_offset = offset + line.len();
            return Ok(Split {
                front,
                front_line: 2,
                body: &text[body_offset.min(text.len())..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    Err(Problem::new(
        1,
        crate::tr!(
            "前置信息没有结束（找不到第二行 ---）",
            "the front matter never ends (no second --- line)"
        ),
        crate::tr!(
            "在最后一个字段之后加一行 ---，再写正文",
            "add a line --- after the last field, then write the body"
        ),
    ))
}

#[derive(Debug)]
struct ClassifyError {
    message: String,
    help: String,
}

impl ClassifyError {
    fn into_diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, Position::start(), self.message).with_help(self.help)
    }
}

/// Decides a file's role from its path. `Ok(None)`: not a document jiebie reads (a
/// warning would be noise for READMEs and the like, so they are simply skipped).
fn classify(rel: &Path) -> Result<Option<Role>, ClassifyError> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_md = matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    );
    let year_of = |what: &str| -> Result<i32, ClassifyError> {
        parse_year(&stem).ok_or_else(|| ClassifyError {
            message: crate::tr!(
                "{what}的文件名必须是四位年份，例如 2025.md，而不是 “{stem}”",
                "the file name of {what} must be a four-digit year such as 2025.md, not “{stem}”"
            ),
            help: crate::tr!(
                "把文件改名为年份，如 2025.md",
                "rename the file to the year, e.g. 2025.md"
            ),
        })
    };
    let role = match parts.as_slice() {
        ["site.yaml" | "site.yml"] => Role::SiteConfig,
        ["organisation.yaml" | "organisation.yml" | "organization.yaml"] => Role::Organisation,
        ["lint.yaml" | "lint.yml"] => Role::LintTerms,
        ["sectors", sector, rest @ ..] if is_md => {
            check_id(sector, &crate::tr!("界别目录名", "sector directory name"))?;
            let sector = sector.to_string();
            match rest {
                ["index.md"] => Role::Sector { sector },
                ["activities", _, ..] => Role::Activity { sector },
                ["plans", _] => Role::Plan {
                    sector,
                    year: year_of(&crate::tr!("年度计划", "a yearly plan"))?,
                },
                ["summaries", _] => Role::Summary {
                    sector,
                    year: year_of(&crate::tr!("年度总结", "a yearly summary"))?,
                },
                ["outputs", _, ..] => Role::Output { sector },
                _ => return Err(misplaced()),
            }
        }
        ["commendations", _] if is_md => Role::Commendation {
            year: year_of(&crate::tr!("通报表扬", "a commendation"))?,
        },
        ["pages", _] if is_md => {
            check_id(&stem, &crate::tr!("页面文件名", "page file name"))?;
            Role::Page { id: stem }
        }
        _ if is_md => return Err(misplaced()),
        _ => return Ok(None),
    };
    Ok(Some(role))
}

fn misplaced() -> ClassifyError {
    ClassifyError {
        message: crate::tr!("这个文件不在 jiebie 认识的位置，不会被发布", "jiebie does not know this location, so the file will not be published"),
        help: crate::tr!(
            "活动稿件放在 sectors/<界别>/activities/ 下；计划放 plans/<年份>.md；页面放 pages/",
            "activity write-ups go under sectors/<sector>/activities/, plans in plans/<year>.md, pages in pages/"
        ),
    }
}

fn check_id(id: &str, what: &str) -> Result<(), ClassifyError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(ClassifyError {
            message: crate::tr!("{what} “{id}” 只能使用小写英文字母、数字和 -（它会成为网址的一部分）", "{what} “{id}” may contain only lower-case ASCII letters, digits and - (it becomes part of a web address)"
            ),
            help: crate::tr!("改名为 “{}”", "rename it to “{}”", crate::core::slug::slugify(id)),
        })
    }
}

/// Whether `id` is a valid sector or page id: lower-case ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok().filter(|y| (1949..=2999).contains(y))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let split = split_front_matter("---\ntitle: a\n---\n正文\n").unwrap();
        assert_eq!(split.front, "title: a\n");
        assert_eq!(split.front_line, 2);
        assert_eq!(split.body, "正文\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn front_matter_problems_are_explained() {
        assert!(split_front_matter("").unwrap_err().message.contains("空"));
        assert!(split_front_matter("title: a\n")
            .unwrap_err()
            .message
            .contains("缺少"));
        assert!(split_front_matter("---\ntitle: a\n")
            .unwrap_err()
            .message
            .contains("没有结束"));
        assert!(split_front_matter("---")
            .unwrap_err()
            .message
            .contains("没有结束"));
    }

    #[test]
    fn empty_front_matter_and_no_body_are_allowed() {
        let split = split_front_matter("---\n---").unwrap();
        assert_eq!(split.front, "");
        assert_eq!(split.body, "");
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode_text(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n").unwrap();
        assert_eq!(text, "---\ntitle: a\n---\n");
    }

    #[test]
    fn gbk_and_binary_are_refused_with_position() {
        let (pos, msg, _) = decode_text(b"ab\n\xD6\xD0\xCE\xC4").unwrap_err();
        assert_eq!(pos, Position::new(2, 1));
        assert!(msg.contains("UTF-8"));
        let (_, msg, _) = decode_text(b"\x89PNG\0\0").unwrap_err();
        assert!(msg.contains("二进制"));
    }

    #[test]
    fn roles_follow_the_tree() {
        let role = |p: &str| classify(Path::new(p)).map_err(|e| e.message);
        assert_eq!(role("site.yaml").unwrap(), Some(Role::SiteConfig));
        assert_eq!(
            role("sectors/minmeng/activities/2025/x/长江.md").unwrap(),
            Some(Role::Activity {
                sector: "minmeng".into()
            })
        );
        assert_eq!(
            role("sectors/minmeng/plans/2025.md").unwrap(),
            Some(Role::Plan {
                sector: "minmeng".into(),
                year: 2025
            })
        );
        assert!(role("sectors/minmeng/plans/plan.md")
            .unwrap_err()
            .contains("四位年份"));
        assert!(role("sectors/MinMeng/index.md")
            .unwrap_err()
            .contains("小写"));
        assert!(role("notes.md").unwrap_err().contains("位置"));
        assert_eq!(role("sectors/minmeng/activities/2025/a.jpg").unwrap(), None);
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".a.md.swp", "a.md~", "#a.md#", ".git", "~$a.docx"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
