//! Official papers (党政机关公文, GB/T 9704-2012) as Word documents: the clause-10
//! reports to the chair meeting ([`from_report`], from the same [`Report`] tables as every
//! other export, so the figures have one source) and the clause-11 commendation notice
//! ([`commendation()`]), and the clause-12 letters to members' employers
//! ([`unit_letter`]). A paper is first laid out as a [`Paper`] — issuing body, document
//! number, title, blocks, signature and date — and then written as OOXML by [`to_docx`]
//! (zip + quick-xml's escaping; no docx crate, see README.md, "Dependencies").

mod chart;
mod commendation;
mod docx;
mod letter;
mod ooxml;

pub use commendation::{body_blocks, commendation};
pub use docx::{is_wide, to_docx, Layout, LANDSCAPE_COLUMNS, LAYOUT};
pub use letter::{letter_file_name, unit_letter};

use crate::render::chart::BarChart;
use crate::reports::{Report, Table};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A paper laid out as GB/T 9704 orders it: 版头 (issuing body, document number), 主体
/// (title, body, signature, date); page numbers are added by the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// 发文机关标志: printed red and centred at the top; none for a paper without one.
    pub issuer: Option<String>,
    /// 发文字号 (e.g. 武政协〔2026〕1号), centred under the issuing body, above the red line.
    pub document: Option<String>,
    /// 标题.
    pub title: String,
    /// 正文, in order.
    pub blocks: Vec<Block>,
    /// 发文机关署名, right-aligned after the body.
    pub signature: Option<String>,
    /// 成文日期: printed under the signature and used as the package's date, so the same
    /// content gives the same bytes.
    pub date: NaiveDate,
    /// 附件: on a new page after the date, headed “附件” and its own title.
    pub appendix: Option<Appendix>,
}

/// An attachment printed after the paper (GB/T 9704: 附件 on a new page, the word “附件”
/// flush left in 黑体, then its title centred).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// Its title (also named in the body's “附件：” line).
    pub title: String,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

/// A block of a paper's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A body paragraph (first line indented two characters).
    Paragraph(String),
    /// A paragraph without the first-line indent (a salutation such as “各界别：”).
    Flush(String),
    /// A heading line (黑体, the standard's first-level heading).
    Heading(String),
    /// A table; its header row repeats on every page it spans. One wider than
    /// [`LANDSCAPE_COLUMNS`] is set on landscape pages.
    Table(Table),
    /// A chart (a DrawingML chart part drawn by Word or LibreOffice from its data),
    /// numbered 图1, 图2, … with its title under it.
    Chart(BarChart),
}

/// Why a paper could not be made or saved.
#[derive(Debug)]
pub enum PaperError {
    /// No commendation notice for the year.
    NoCommendation {
        /// The year asked for.
        year: i32,
        /// Where the notice would be, relative to the content directory.
        file: PathBuf,
    },
    /// The notice has no `document:` (文号), which an official paper must carry.
    NoDocument {
        /// The notice's file, as shown in messages.
        file: PathBuf,
    },
    /// The notice has no `date:` (成文日期).
    NoDate {
        /// The notice's file, as shown in messages.
        file: PathBuf,
    },
    /// The zip writer failed.
    Zip(zip::result::ZipError),
    /// The file could not be written.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

impl std::fmt::Display for PaperError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            PaperError::NoCommendation { year, file } => {
                let file = file.display();
                crate::tr!(
                    "没有 {year} 年度的通报表扬（content/{file}）；请先用 jiebie new commendation --year {year} 新建",
                    "there is no commendation notice for {year} (content/{file}); create it with jiebie new commendation --year {year}"
                )
            }
            PaperError::NoDocument { file } => {
                let file = file.display();
                crate::tr!(
                    "{file}：通报表扬没有文号（document:），不能生成公文；请在前言中写上文号，如 document: 武政协〔2026〕1号，然后重试。未写入任何文件。",
                    "{file}: the commendation notice has no document number (document:), which an official paper needs; add one to the front matter, e.g. document: 武政协〔2026〕1号, and try again. No file was written."
                )
            }
            PaperError::NoDate { file } => {
                let file = file.display();
                crate::tr!(
                    "{file}：通报表扬没有成文日期（date:），不能生成公文；请在前言中写上 date: 年-月-日，然后重试。未写入任何文件。",
                    "{file}: the commendation notice has no date (date:), which an official paper needs; add date: YYYY-MM-DD to the front matter and try again. No file was written."
                )
            }
            PaperError::Zip(e) => crate::tr!(
                "生成 Word 文件失败：{e}",
                "failed to create the Word file: {e}"
            ),
            PaperError::Io { path, error } => {
                let path = path.display();
                crate::tr!("无法写入 {path}：{error}", "cannot write {path}: {error}")
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for PaperError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PaperError::Zip(e) => Some(e),
            PaperError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Chinese ordinal numbers for first-level headings (一、二、…), up to 99.
pub fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// A report (plans, year or members) as a paper to the chair meeting: the committee as
/// issuing body and signature, the report's title, one sentence saying what follows, its
/// notes, then each table under a numbered heading (an empty table reads “无。”) and the
/// report's charts as its attachment (附件), dated `date` (the build date).
pub fn from_report(report: &Report, committee: &str, date: NaiveDate) -> Paper {
    let committee = committee.trim();
    let named = (!committee.is_empty()).then(|| committee.to_string());
    let title = report.title.clone();
    let mut blocks = vec![Block::Paragraph(crate::tr!(
        "现将{title}报告如下。",
        "This paper reports {title}."
    ))];
    blocks.extend(report.notes.iter().cloned().map(Block::Paragraph));
    for (i, table) in report.tables.iter().enumerate() {
        let heading = match crate::core::i18n::current() {
            crate::core::i18n::Lang::Zh => format!("{}、{}", chinese_ordinal(i + 1), table.title),
            crate::core::i18n::Lang::En => format!("{}. {}", i + 1, table.title),
        };
        blocks.push(Block::Heading(heading));
        if table.rows.is_empty() {
            blocks.push(Block::Paragraph(crate::tr!("无。", "None.")));
        } else {
            blocks.push(Block::Table(table.clone()));
        }
    }
    // The charts are an attachment after the date (GB/T 9704 附件), named under the
    // body: a page of chart at the end of the body would leave the signature and date
    // alone on the last page.
    let appendix = (!report.charts.is_empty()).then(|| {
        let title = crate::tr!("{title}统计图", "{title}: charts");
        blocks.push(Block::Paragraph(crate::tr!(
            "附件：{title}",
            "Attachment: {title}"
        )));
        Appendix {
            title,
            blocks: report.charts.iter().cloned().map(Block::Chart).collect(),
        }
    });
    Paper {
        issuer: named.clone(),
        document: None,
        title,
        blocks,
        signature: named,
        date,
        appendix,
    }
}

/// Writes `bytes` to `path` all at once: into a temporary file beside it, renamed over
/// `path` only when complete, so a failure never leaves half a file where the paper
/// should be.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), PaperError> {
    let failed = |error| PaperError::Io {
        path: path.to_path_buf(),
        error,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.jiebie-{}.tmp", std::process::id()));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        // Best effort: the temporary file may not exist when the write itself failed.
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(error));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
