//! Reading a content file as text and cutting off its front matter: UTF-8 only (with a
//! Chinese explanation when a file is GBK or binary), BOM and CRLF normalised, the
//! `---` fences found, and every problem placed at its line.

use crate::core::diagnostics::{Diagnostic, Position};
use std::path::Path;

/// Files larger than this are refused: no write-up is this long, and a runaway file
/// would otherwise slow every build.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a file as UTF-8 text: BOM dropped, CRLF and CR line ends made LF.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let cannot_read = |e: std::io::Error| {
        Diagnostic::error(
            path,
            Position::start(),
            crate::tr!("无法读取文件：{e}", "cannot read the file: {e}"),
        )
    };
    // One open for the size and the bytes (100,000 write-ups are read per build).
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map(|m| m.len()).map_err(cannot_read)?;
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
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes).map_err(cannot_read)?;
    decode_text_owned(bytes).map_err(|problem| problem.into_diagnostic(path))
}

/// [`decode_text`] of bytes it may keep: valid UTF-8 without a BOM or CR is taken as it
/// is, without a copy.
fn decode_text_owned(bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&0) || bytes.contains(&b'\r') {
        return decode_text(&bytes);
    }
    String::from_utf8(bytes).or_else(|e| decode_text(e.as_bytes()))
}

/// Decodes bytes as UTF-8 text, with a Chinese explanation of why not.
pub fn decode_text(bytes: &[u8]) -> Result<String, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Problem::at(
            position_of_offset(bytes, offset),
            crate::tr!("这不是文本文件（含有二进制数据）", "this is not a text file (it contains binary data)"),
            crate::tr!("Markdown 稿件必须是纯文本；图片等文件请用 .jpg/.png 等扩展名", "Markdown write-ups must be plain text; give images and other files extensions such as .jpg/.png"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.valid_up_to();
            return Err(Problem::at(
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

    fn at(position: Position, message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            position,
            message: message.into(),
            help: help.into(),
        }
    }

    /// The problem as a diagnostic of the file at `path`.
    pub fn into_diagnostic(self, path: &Path) -> Diagnostic {
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
        let problem = decode_text(b"ab\n\xD6\xD0\xCE\xC4").unwrap_err();
        assert_eq!(problem.position, Position::new(2, 1));
        assert!(problem.message.contains("UTF-8"));
        let problem = decode_text(b"\x89PNG\0\0").unwrap_err();
        assert!(problem.message.contains("二进制"));
    }
}
