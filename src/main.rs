//! The `jiebie` command: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use jiebie::i18n::Lang;
use jiebie::report::ReportKind;
use jiebie::tr;
use jiebie::{export, BuildError, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering makes many small strings on every core; glibc's allocator spends a tenth of
// the build in malloc and free (BENCHMARKS.md), mimalloc about half of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "jiebie",
    version,
    about = "界别工作网站生成器：把联络员写的活动稿件生成可发布的静态网站"
)]
struct Cli {
    /// 提示信息的语言：zh（中文，默认）或 en（英文）；不写则看 LC_ALL/LC_MESSAGES/LANG
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
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
    /// 只检查内容，不生成网站；另外检查个人信息、不规范用语、过大的图片和本年度活动要求
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// 输出格式：text（默认）或 json（供自动化工具使用）
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// 新建稿件：activity（活动）、plan（年度计划）、summary（年度总结）、output（成果）、commendation（通报表扬）、sector（界别）
    New {
        /// 要新建什么
        #[arg(value_enum)]
        what: NewWhat,
        /// 界别代号（新建界别时是新界别的代号）
        #[arg(long)]
        sector: Option<String>,
        /// 标题（新建界别时是界别全称）
        #[arg(long)]
        title: Option<String>,
        /// 日期，格式 年-月-日（默认今天）
        #[arg(long)]
        date: Option<String>,
        /// 活动类型或成果类型（英文代号或中文名）
        #[arg(long)]
        kind: Option<String>,
        /// 年份（计划、总结、通报表扬）
        #[arg(long)]
        year: Option<i32>,
        /// 界别类别（新建界别时）
        #[arg(long)]
        group: Option<String>,
        /// 内容目录（默认 ./content）
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// 本地预览：生成网站并在 127.0.0.1 上提供访问，修改稿件后自动刷新
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// 端口（0 表示自动选择空闲端口）
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// 监听地址（默认只允许本机访问）
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 启动后打开浏览器
        #[arg(long)]
        open: bool,
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
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewWhat {
    Activity,
    Plan,
    Summary,
    Output,
    Commendation,
    Sector,
}

impl From<NewWhat> for jiebie::scaffold::NewKind {
    fn from(what: NewWhat) -> Self {
        use jiebie::scaffold::NewKind;
        match what {
            NewWhat::Activity => NewKind::Activity,
            NewWhat::Plan => NewKind::Plan,
            NewWhat::Summary => NewKind::Summary,
            NewWhat::Output => NewKind::Output,
            NewWhat::Commendation => NewKind::Commendation,
            NewWhat::Sector => NewKind::Sector,
        }
    }
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
        lint: false,
        unreviewed: false,
    }
}

fn print_check(report: &jiebie::lint::CheckReport) {
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

fn report_failure(error: &BuildError) -> ExitCode {
    eprintln!("{error}");
    match error {
        BuildError::Content(_) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // An explicit --lang beats the locale, so a Chinese liaison on an English desktop (or
    // the reverse) can still choose.
    jiebie::i18n::set(match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => jiebie::i18n::from_env(),
    });
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
                    let (pages, activities, media) =
                        (summary.pages, summary.activities, summary.media);
                    let (output, warnings) = (options.output_dir.display(), summary.warnings.len());
                    let tail = if warnings == 0 {
                        String::new()
                    } else {
                        tr!("；{warnings} 个警告", "; {warnings} warning(s)")
                    };
                    println!(
                        "{}",
                        tr!(
                            "已生成 {pages} 个页面（{activities} 篇活动稿件，{media} 个图片等文件）到 {output}{tail}",
                            "built {pages} pages ({activities} activity write-ups, {media} images and other files) into {output}{tail}"
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => report_failure(&error),
            }
        }
        Command::New {
            what,
            sector,
            title,
            date,
            kind,
            year,
            group,
            content,
        } => {
            let date = match date
                .map(|d| {
                    jiebie::fields::parse_date(&d)
                        .map_err(|(m, h)| tr!("日期 “{d}” {m}：{h}", "date “{d}” {m}: {h}"))
                })
                .transpose()
            {
                Ok(date) => date,
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            };
            let request = jiebie::scaffold::NewRequest {
                sector,
                title,
                date,
                kind,
                year,
                group,
            };
            match jiebie::scaffold::create_from_terminal(&content, what.into(), request) {
                Ok(path) => {
                    let path = path.display();
                    println!("{}", tr!("已新建：{path}", "created: {path}"));
                    println!(
                        "{}",
                        tr!(
                            "用编辑器打开它填写内容，然后运行 jiebie check 检查、jiebie serve 预览。",
                            "open it in an editor and fill it in, then run jiebie check to check it and jiebie serve to preview."
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            let build = options(site, PathBuf::from("public"), false);
            let mut serve_options = jiebie::serve::ServeOptions::new(build, port);
            serve_options.bind = bind;
            serve_options.open = open;
            let result = jiebie::serve::serve(serve_options, |address| {
                println!(
                    "{}",
                    tr!(
                        "正在预览：http://{address}/  （按 Ctrl+C 停止）",
                        "previewing at http://{address}/  (press Ctrl+C to stop)"
                    )
                );
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!(
                        "{}",
                        tr!(
                            "无法启动预览服务器：{e}",
                            "cannot start the preview server: {e}"
                        )
                    );
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { site, format } => {
            let options = options(site, PathBuf::from("public"), false);
            let report = jiebie::lint::run_check(&options, chrono::Local::now().date_naive());
            match format {
                CheckFormat::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => eprintln!("{e}"),
                },
                CheckFormat::Text => print_check(&report),
            }
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
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
    }
}
