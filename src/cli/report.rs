//! `jiebie report`: the clause-10/11/12 reports, on the terminal or as a file.

use super::{report_failure, SiteArgs};
use crate::reports::{self, export, papers, ReportKind};
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie report`.
#[derive(clap::Args)]
pub struct Args {
    /// 报告种类
    #[arg(value_enum)]
    kind: Kind,
    /// 年份（默认：网站最新有记录的年份）
    #[arg(long)]
    year: Option<i32>,
    /// 输出文件格式；不写则在终端显示表格
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// 输出文件（默认 报告种类-年份.扩展名，如 year-2025.xlsx）
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// 年初：各界别年度工作计划汇总
    Plans,
    /// 年底：各界别计划完成情况和全年活动分析
    Year,
    /// 委员参加界别活动情况
    Members,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// CSV（带 BOM，Excel/WPS 可直接打开）
    Csv,
    /// Excel 工作簿
    Xlsx,
    /// Markdown（供简报使用）
    Md,
    /// Word 公文（GB/T 9704：A4、仿宋三号、页码“— 1 —”，表头跨页重复）
    Docx,
}

/// Checks the site, builds the report and prints or writes it.
pub fn run(args: Args) -> ExitCode {
    let options = args.site.options(PathBuf::from("public"), false);
    let checked = match crate::publish::check(&options) {
        Ok(checked) => checked,
        Err(error) => return report_failure(&error),
    };
    let (kind, name) = match args.kind {
        Kind::Plans => (ReportKind::Plans, "plans"),
        Kind::Year => (ReportKind::Year, "year"),
        Kind::Members => (ReportKind::Members, "members"),
    };
    let year = args.year.unwrap_or(checked.derived.current_year);
    let report = reports::build(kind, &checked.site, &checked.derived, year);
    let Some(format) = args.format else {
        print!("{}", export::to_terminal(&report));
        return ExitCode::SUCCESS;
    };
    let (bytes, extension) = match format {
        Format::Docx => {
            let paper = papers::from_report(
                &report,
                &checked.site.config.committee,
                checked.derived.today,
            );
            (papers::to_docx(&paper).map_err(Failed::from), "docx")
        }
        table => {
            let format = match table {
                Format::Csv => export::Format::Csv,
                Format::Xlsx => export::Format::Xlsx,
                _ => export::Format::Markdown,
            };
            let bytes = export::export(&report, format).map_err(Failed::from);
            (bytes, format.extension())
        }
    };
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{name}-{year}.{extension}")));
    // Written whole or not at all (a temporary file renamed into place).
    let written = bytes.and_then(|bytes| papers::save(&path, &bytes).map_err(Failed::from));
    match written {
        Ok(()) => {
            let (shown, title) = (path.display(), &report.title);
            println!(
                "{}",
                tr!("已写入 {shown}：{title}", "written {shown}: {title}")
            );
            if !report.has_data {
                let notes = report.notes.join("");
                println!("{}", tr!("注意：{notes}", "note: {notes}"));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Why the report file was not written: each error names what failed (and the file).
type Failed = Box<dyn std::error::Error>;
