//! Problems found in a site's content, reported to liaisons in Chinese (or English, see
//! [`crate::core::i18n`]).
//!
//! Every problem carries the file, line and column it concerns, what is wrong and, when we
//! can tell, how to fix it. The build collects all of them in one run instead of stopping at
//! the first, because a liaison fixing files one error at a time would give up.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop the build, warnings do not (unless `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built correctly until this is fixed.
    Error,
    /// Probably a mistake, but the site can still be built.
    Warning,
}

/// A 1-based line and column in a source file (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// A position; zero values are raised to 1 so every message points somewhere real.
    pub fn new(line: usize, column: usize) -> Position {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The start of a file.
    pub fn start() -> Position {
        Position::new(1, 1)
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user would type it (relative to the site directory when possible).
    pub path: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when we can say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `position` in `path`.
    pub fn error(path: &Path, position: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            position,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `position` in `path`.
    pub fn warning(path: &Path, position: Position, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, line, column) = (
            self.path.display(),
            self.position.line,
            self.position.column,
        );
        let message = &self.message;
        let head = match self.severity {
            Severity::Error => crate::tr!(
                "{path}:{line}:{column}: 错误：{message}",
                "{path}:{line}:{column}: error: {message}"
            ),
            Severity::Warning => crate::tr!(
                "{path}:{line}:{column}: 警告：{message}",
                "{path}:{line}:{column}: warning: {message}"
            ),
        };
        f.write_str(&head)?;
        if let Some(help) = &self.help {
            f.write_str(&crate::tr!("\n    修改建议：{help}", "\n    fix: {help}"))?;
        }
        Ok(())
    }
}

/// Sorts problems the way a reader scans them: by file, then line, then column.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.position, a.severity, &a.message)
            .cmp(&(&b.path, b.position, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_help() {
        let d = Diagnostic::error(Path::new("content/a.md"), Position::new(3, 7), "日期无效")
            .with_help("写成 2024-03-05");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: 错误：日期无效\n    修改建议：写成 2024-03-05"
        );
    }

    #[test]
    fn zero_positions_are_raised_to_one() {
        assert_eq!(Position::new(0, 0), Position::new(1, 1));
    }
}
