//! `jiebie report`: the clause-10/11/12 reports, on the terminal or as a file.

use super::{report_failure, SiteArgs};
use crate::reports::{self, export, ReportKind};
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
    let format = match format {
        Format::Csv => export::Format::Csv,
        Format::Xlsx => export::Format::Xlsx,
        Format::Md => export::Format::Markdown,
    };
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{name}-{year}.{}", format.extension())));
    let written = export::export(&report, format)
        .map_err(|e| e.to_string())
        .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
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
            let shown = path.display();
            eprintln!(
                "{}",
                tr!(
                    "无法写入报告文件 {shown}：{e}",
                    "cannot write the report file {shown}: {e}"
                )
            );
            ExitCode::from(2)
        }
    }
}
