//! `jiebie check`: everything `build` checks, plus the extra checks (personal data, wrong
//! terms, heavy images) and each sector's standing against the quota; writes nothing.

use super::SiteArgs;
use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::i18n;
use crate::derive::figures::{self, Missing, Verdict};
use crate::publish::{BuildError, BuildOptions};
use crate::render::words;
use crate::tr;
use chrono::{Datelike, NaiveDate};
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

/// One sector's standing against the clause-4 quota in the year so far.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuotaStanding {
    /// Sector id.
    pub sector: String,
    /// Sector name.
    pub name: String,
    /// Activities so far (plenary group discussions excluded).
    pub activities: u32,
    /// Submissions so far.
    pub outputs: u32,
    /// Whether the quota is already met.
    pub met: bool,
    /// The verdict: `met`, `not_yet_met`, `not_met` (the sector's year is closed),
    /// `in_progress` (nothing recorded yet) or `no_record`.
    pub state: &'static str,
    /// The verdict in words.
    pub verdict: String,
    /// What is still missing, in the language of the command line.
    pub missing: Vec<String>,
}

/// Something a sector has not filed or done (`check` lists them for the year that ended
/// and the current one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissingEntry {
    /// The year.
    pub year: i32,
    /// Sector id.
    pub sector: String,
    /// Sector name.
    pub name: String,
    /// `plan`, `summary`, `item_not_started` or `quota_at_risk`.
    pub kind: &'static str,
    /// The plan item's id, for `item_not_started`.
    pub item: Option<String>,
    /// In words, in the language of the command line.
    pub text: String,
}

/// What `jiebie check --format json` prints.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    /// No errors (and, with `--strict`, no warnings).
    pub ok: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The year whose quota standing is shown.
    pub year: Option<i32>,
    /// Quota standing of every sector in that year.
    pub quota: Vec<QuotaStanding>,
    /// What sectors have not filed or done, last year and this year.
    pub missing: Vec<MissingEntry>,
}

/// Runs `check` with the extra checks and summarises it. `today` decides which year's
/// quota standing is reported ("so far" is about the calendar).
pub fn report(options: &BuildOptions, today: NaiveDate) -> CheckReport {
    let mut options = options.clone();
    options.today = Some(today);
    options.lint = true;
    let strict = options.strict;
    options.strict = false;
    let lang = i18n::current();
    let mut missing = Vec::new();
    let (diagnostics, standing) = match crate::publish::check_only(&options) {
        Ok(checked) => {
            let year = today.year();
            let (site, derived) = (&checked.site, &checked.derived);
            let mut warnings = checked.warnings.clone();
            for y in [year - 1, year] {
                if !derived.years.contains(&y) {
                    continue;
                }
                for (si, what) in figures::missing(site, derived, y) {
                    let s = &site.sectors[si];
                    let item = match what {
                        Missing::ItemNotStarted { plan, item } => {
                            let it = &site.plans[plan].items[item];
                            if y == year {
                                warnings.push(item_not_started(site, plan, item));
                            }
                            Some(it.id.clone())
                        }
                        _ => None,
                    };
                    missing.push(MissingEntry {
                        year: y,
                        sector: s.id.clone(),
                        name: s.display_name().to_string(),
                        kind: match what {
                            Missing::Plan => "plan",
                            Missing::Summary => "summary",
                            Missing::ItemNotStarted { .. } => "item_not_started",
                            Missing::QuotaAtRisk => "quota_at_risk",
                        },
                        item,
                        text: words::missing(site, y, what, lang),
                    });
                }
            }
            crate::core::diagnostics::sort(&mut warnings);
            let standing = derived.years.contains(&year).then(|| {
                let list = site
                    .sectors
                    .iter()
                    .filter_map(|s| {
                        let f = derived.sector_year(&s.id, year)?;
                        Some(QuotaStanding {
                            sector: s.id.clone(),
                            name: s.display_name().to_string(),
                            activities: f.activities,
                            outputs: f.outputs,
                            met: f.quota_met,
                            state: match f.verdict() {
                                Verdict::Met => "met",
                                Verdict::NotYetMet => "not_yet_met",
                                Verdict::NotMet => "not_met",
                                Verdict::InProgress => "in_progress",
                                Verdict::NoRecord => "no_record",
                            },
                            verdict: words::verdict(f.verdict(), lang),
                            missing: f
                                .shortfalls
                                .iter()
                                .map(|r| words::shortfall(r, lang))
                                .collect(),
                        })
                    })
                    .collect();
                (year, list)
            });
            (warnings, standing)
        }
        Err(BuildError::Content(diags)) => (diags, None),
        Err(other) => (
            vec![Diagnostic::error(
                &options.content_dir,
                Position::start(),
                other.to_string(),
            )],
            None,
        ),
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    CheckReport {
        ok: errors == 0 && !(strict && warnings > 0),
        errors,
        warnings,
        diagnostics,
        year: standing.as_ref().map(|(y, _)| *y),
        quota: standing.map(|(_, q)| q).unwrap_or_default(),
        missing,
    }
}

/// The warning for a plan item of the current year not started by the end of its quarter,
/// at the item in the plan.
fn item_not_started(site: &crate::model::Site, plan: usize, item: usize) -> Diagnostic {
    let p = &site.plans[plan];
    let it = &p.items[item];
    let (id, q) = (&it.id, it.quarter.unwrap_or(4));
    Diagnostic::warning(
        &p.source.display,
        it.position,
        crate::tr!(
            "计划项目 {id} 安排在第{q}季度，到季度末还没有活动稿件写明开展了它",
            "plan item {id} was planned for Q{q}, and no write-up says it was carried out by the end of that quarter"
        ),
    )
    .with_help(crate::tr!(
        "开展了的，在活动稿件里写 plan: {id}；推迟的，改计划里的 quarter",
        "if it was done, write plan: {id} in the write-up; if it was put off, change its quarter in the plan"
    ))
}

/// Checks and prints the problems and the quota standing, as text or JSON.
pub fn run(args: Args) -> ExitCode {
    let options = args.site.options(PathBuf::from("public"), false);
    let today = match options.today() {
        Ok(today) => today,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let report = report(&options, today);
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

fn print_check(report: &CheckReport) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    if let Some(year) = report.year {
        let joiner = tr!("；", "; ");
        let short: Vec<String> = report
            .quota
            .iter()
            .filter(|q| !q.met)
            .map(|q| {
                let (name, verdict, missing) = (&q.name, &q.verdict, q.missing.join(&joiner));
                tr!(
                    "  {name}：{verdict}；{missing}",
                    "  {name}: {verdict}; {missing}"
                )
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
    if !report.missing.is_empty() {
        println!("{}", tr!("尚未报送或开展：", "not filed or done yet:"));
        for m in &report.missing {
            let (name, text) = (&m.name, &m.text);
            println!("{}", tr!("  {name}：{text}", "  {name}: {text}"));
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
