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
    /// 输出文件（默认 报告种类-年份.扩展名，如 year-2025.xlsx）；用 --by-unit 时是输出目录（默认 members-by-unit-年份）
    #[arg(long)]
    output: Option<PathBuf>,
    /// 仅用于 members：按委员所在单位（unit）各生成一份致单位的函（Word），另附汇总表（Excel），写入输出目录
    #[arg(long)]
    by_unit: bool,
    /// 与 --by-unit 同用：只给这个单位生成函（可写多次）；不写则所有单位
    #[arg(long = "unit", value_name = "单位", requires = "by_unit")]
    units: Vec<String>,
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
    let checked = match crate::publish::check_only(&options) {
        Ok(checked) => checked,
        Err(error) => return report_failure(&error),
    };
    let (kind, name) = match args.kind {
        Kind::Plans => (ReportKind::Plans, "plans"),
        Kind::Year => (ReportKind::Year, "year"),
        Kind::Members => (ReportKind::Members, "members"),
    };
    let year = args.year.unwrap_or(checked.derived.current_year);
    if args.by_unit {
        if !matches!(args.kind, Kind::Members) || args.format.is_some() {
            eprintln!(
                "{}",
                tr!(
                    "--by-unit 只用于 jiebie report members，不能与 --format 同用（函是 Word，汇总表是 Excel）",
                    "--by-unit is for jiebie report members only and takes no --format (letters are Word, the summary Excel)"
                )
            );
            return ExitCode::from(2);
        }
        let output = args
            .output
            .unwrap_or_else(|| PathBuf::from(format!("members-by-unit-{year}")));
        return by_unit(&checked, &options, year, &args.units, &output);
    }
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
            super::print_written(&path, &report.title);
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

/// `--by-unit`: one letter per employer and the summary, written into `output` whole or
/// not at all (a staging folder swapped into place; an unknown `--unit` writes nothing).
fn by_unit(
    checked: &crate::publish::Checked,
    options: &crate::publish::BuildOptions,
    year: i32,
    wanted: &[String],
    output: &std::path::Path,
) -> ExitCode {
    use crate::publish::write::{check_output, Staging};
    use crate::reports::members;
    let (site, derived) = (&checked.site, &checked.derived);
    let groups = members::by_unit(site, derived, year);
    let known: Vec<&str> = groups.iter().filter_map(|g| g.unit.as_deref()).collect();
    for unit in wanted {
        if known.contains(&unit.as_str()) {
            continue;
        }
        let help =
            crate::core::suggest::did_you_mean(unit, known.iter().copied()).unwrap_or_else(|| {
                let all = known.join("、");
                tr!(
                    "各界别委员名单中写的单位有：{all}",
                    "the units written on the rosters: {all}"
                )
            });
        eprintln!(
            "{}",
            tr!(
                "错误：没有哪位委员的所在单位（unit）是 “{unit}”。{help}未写入任何文件。",
                "error: no member's employer (unit) is “{unit}”. {help} No file was written."
            )
        );
        return ExitCode::from(1);
    }
    for warning in members::missing_units(site, &groups) {
        eprintln!("{warning}");
    }
    let summary = members::unit_summary(site, derived, year, &groups);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for group in &groups {
        let Some(unit) = group.unit.as_deref() else {
            continue;
        };
        if !wanted.is_empty() && !wanted.iter().any(|w| w == unit) {
            continue;
        }
        let Some(paper) = papers::unit_letter(site, derived, group, year, derived.today) else {
            continue;
        };
        let bytes = match papers::to_docx(&paper) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        // Two units whose names differ only in characters a file name cannot hold.
        let mut name = papers::letter_file_name(unit);
        let mut n = 1;
        while files.iter().any(|(taken, _)| *taken == name) {
            n += 1;
            name = papers::letter_file_name(&format!("{unit}-{n}"));
        }
        files.push((name, bytes));
    }
    let summary_name = tr!("汇总-{year}.xlsx", "summary-{year}.xlsx");
    match export::export(&summary, export::Format::Xlsx) {
        Ok(bytes) => files.push((summary_name, bytes)),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    let written = check_output(output, &options.content_dir, &options.site_dir(), false)
        .and_then(|()| Staging::create(output))
        .and_then(|staging| {
            for (name, bytes) in &files {
                if let Err(error) = staging.write(name, bytes) {
                    let path = staging.dir.join(name);
                    staging.discard();
                    return Err(crate::publish::write::OutputError::Io(path, error));
                }
            }
            staging.commit()
        });
    match written {
        Ok(()) => {
            let (shown, letters) = (output.display(), files.len() - 1);
            println!(
                "{}",
                tr!(
                    "已写入 {shown}：致委员所在单位的函 {letters} 份和汇总表",
                    "written {shown}: {letters} letters to employers and the summary"
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
