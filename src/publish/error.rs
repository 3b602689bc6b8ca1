//! Why a build failed: problems in the content (every one found), the theme, or the
//! output directory. Each error names the file and the cause.

use crate::core::diagnostics::Diagnostic;
use crate::publish::write::OutputError;
use crate::render::templates::{RenderError, TemplateError};
use crate::render::theme::ReadError;
use std::fmt;

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in content/: every one found, sorted by file and line.
    Content(Vec<Diagnostic>),
    /// The theme could not be read, compiled or rendered.
    Theme(ThemeError),
    /// The output directory could not be used or written.
    Output(OutputError),
}

/// What went wrong with the theme.
#[derive(Debug)]
pub enum ThemeError {
    /// A theme file could not be read.
    Read(ReadError),
    /// A template does not compile.
    Compile(TemplateError),
    /// Pages could not be rendered: every failure, sorted.
    Render(Vec<RenderError>),
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeError::Read(e) => write!(f, "{e}"),
            ThemeError::Compile(e) => write!(f, "{e}"),
            ThemeError::Render(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for ThemeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ThemeError::Read(e) => Some(e),
            ThemeError::Compile(e) => Some(e),
            ThemeError::Render(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Content(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let warnings = diags.len() - errors;
                f.write_str(&crate::tr!(
                    "发现 {errors} 个错误、{warnings} 个警告，网站没有更新。",
                    "found {errors} error(s) and {warnings} warning(s); the site was not updated."
                ))
            }
            BuildError::Theme(m) => f.write_str(&crate::tr!(
                "主题模板有误：{m}",
                "error in the theme templates: {m}"
            )),
            BuildError::Output(m @ OutputError::Io(..)) => f.write_str(&crate::tr!(
                "{m}\n网站没有更新，上一次的网站保持原样。",
                "{m}\nthe site was not updated; the last site is as it was."
            )),
            BuildError::Output(m) => f.write_str(&crate::tr!(
                "无法写入输出目录：{m}",
                "cannot write the output directory: {m}"
            )),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Content(_) => None,
            BuildError::Theme(e) => Some(e),
            BuildError::Output(e) => Some(e),
        }
    }
}

impl From<OutputError> for BuildError {
    fn from(error: OutputError) -> BuildError {
        BuildError::Output(error)
    }
}

impl From<ThemeError> for BuildError {
    fn from(error: ThemeError) -> BuildError {
        BuildError::Theme(error)
    }
}

impl From<ReadError> for ThemeError {
    fn from(error: ReadError) -> ThemeError {
        ThemeError::Read(error)
    }
}
