//! The `jiebie` command: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use jiebie::report::ReportKind;
use jiebie::{export, BuildError, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jiebie",
    version,
    about = "界别工作网站生成器：把联络员写的活动稿件生成可发布的静态网站"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// 内容目录（默认 ./content）
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// 包含草稿（draft: true 的稿件）
    #[arg(long)]
    drafts: bool,
    /// 把警告也当作错误
    #[arg(long)]
    strict: bool,
    /// 覆盖 site.yaml 里的 base_url
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// 生成整个网站到输出目录
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// 输出目录（默认 ./public）
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// 允许覆盖不是 jiebie 生成的非空输出目录
        #[arg(long)]
        force: bool,
    },
    /// 只检查内容，不生成网站
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// 生成年度报告：plans（年初计划汇总）、year（年底完成情况）、members（委员参加活动情况）
    Report {
        /// 报告种类
        #[arg(value_enum)]
        kind: ReportArg,
        /// 年份（默认：网站最新有记录的年份）
        #[arg(long)]
        year: Option<i32>,
        /// 输出文件格式；不写则在终端显示表格
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// 输出文件（默认 报告种类-年份.扩展名，如 year-2025.xlsx）
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportArg {
    /// 年初：各界别年度工作计划汇总
    Plans,
    /// 年底：各界别计划完成情况和全年活动分析
    Year,
    /// 委员参加界别活动情况
    Members,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// CSV（带 BOM，Excel/WPS 可直接打开）
    Csv,
    /// Excel 工作簿
    Xlsx,
    /// Markdown（供简报使用）
    Md,
}

fn options(site: SiteArgs, output: PathBuf, force: bool) -> BuildOptions {
    BuildOptions {
        content_dir: site.content,
        output_dir: output,
        site_dir: None,
        base_url: site.base_url,
        drafts: site.drafts,
        strict: site.strict,
        force,
    }
}

fn report_failure(error: &BuildError) -> ExitCode {
    eprintln!("{error}");
    match error {
        BuildError::Content(_) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            force,
        } => {
            let options = options(site, output, force);
            match jiebie::build(&options) {
                Ok(summary) => {
                    for w in &summary.warnings {
                        eprintln!("{w}");
                    }
                    println!(
                        "已生成 {} 个页面（{} 篇活动稿件，{} 个图片等文件）到 {}{}",
                        summary.pages,
                        summary.activities,
                        summary.media,
                        options.output_dir.display(),
                        if summary.warnings.is_empty() {
                            String::new()
                        } else {
                            format!("；{} 个警告", summary.warnings.len())
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => report_failure(&error),
            }
        }
        Command::Check { site } => {
            let options = options(site, PathBuf::from("public"), false);
            match jiebie::check(&options) {
                Ok(checked) => {
                    for w in &checked.warnings {
                        eprintln!("{w}");
                    }
                    println!(
                        "检查通过：{} 篇活动稿件，{} 个界别，{} 个警告。",
                        checked.site.activities.len(),
                        checked.site.sectors.len(),
                        checked.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => report_failure(&error),
            }
        }
        Command::Report {
            kind,
            year,
            format,
            output,
            site,
        } => {
            let options = options(site, PathBuf::from("public"), false);
            let checked = match jiebie::check(&options) {
                Ok(checked) => checked,
                Err(error) => return report_failure(&error),
            };
            let (kind, name) = match kind {
                ReportArg::Plans => (ReportKind::Plans, "plans"),
                ReportArg::Year => (ReportKind::Year, "year"),
                ReportArg::Members => (ReportKind::Members, "members"),
            };
            let year = year.unwrap_or(checked.derived.current_year);
            let report = jiebie::report::build(kind, &checked.site, &checked.derived, year);
            let Some(format) = format else {
                print!("{}", export::to_terminal(&report));
                return ExitCode::SUCCESS;
            };
            let format = match format {
                FormatArg::Csv => export::Format::Csv,
                FormatArg::Xlsx => export::Format::Xlsx,
                FormatArg::Md => export::Format::Markdown,
            };
            let path = output
                .unwrap_or_else(|| PathBuf::from(format!("{name}-{year}.{}", format.extension())));
            let written = export::export(&report, format)
                .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
            match written {
                Ok(()) => {
                    println!("已写入 {}：{}", path.display(), report.title);
                    if !report.has_data {
                        println!("注意：{}", report.notes.join(""));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("无法写入报告文件 {}：{e}", path.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}
