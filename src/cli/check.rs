//! `jiebie check`: everything `build` checks, plus the extra checks (personal data, wrong
//! terms, heavy images) and each sector's standing against the quota; writes nothing.

use super::SiteArgs;
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// 输出格式：text（默认）或 json（供自动化工具使用）
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Checks and prints the problems and the quota standing, as text or JSON.
pub fn run(args: Args) -> ExitCode {
    let options = args.site.options(PathBuf::from("public"), false);
    let report = crate::model::lint::run_check(&options, chrono::Local::now().date_naive());
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("{e}"),
        },
        Format::Text => print_check(&report),
    }
    if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_check(report: &crate::model::lint::CheckReport) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    if let Some(year) = report.year {
        let short: Vec<String> = report
            .quota
            .iter()
            .filter(|q| !q.met)
            .map(|q| {
                let (name, missing) = (&q.name, q.missing.join("；"));
                tr!("  {name}：{missing}", "  {name}: {missing}")
            })
            .collect();
        let (sectors, met) = (report.quota.len(), report.quota.len() - short.len());
        println!(
            "{}",
            tr!(
                "{year} 年截至目前：{sectors} 个界别中 {met} 个已达到年度活动要求（第 4 条）。",
                "{year} so far: {met} of {sectors} sectors meet the yearly activity requirement (clause 4)."
            )
        );
        for line in short {
            println!("{line}");
        }
    }
    if report.ok {
        let warnings = report.warnings;
        println!(
            "{}",
            tr!(
                "检查通过：{warnings} 个警告。",
                "check passed: {warnings} warning(s)."
            )
        );
    } else {
        let (errors, warnings) = (report.errors, report.warnings);
        println!(
            "{}",
            tr!(
                "检查未通过：{errors} 个错误、{warnings} 个警告。",
                "check failed: {errors} error(s), {warnings} warning(s)."
            )
        );
    }
}
