//! `jiebie new`: a correctly named, fully commented document for a liaison to fill in.

use crate::author::scaffold::{self, NewKind, NewRequest};
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie new`.
#[derive(clap::Args)]
pub struct Args {
    /// 要新建什么
    #[arg(value_enum)]
    what: What,
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum What {
    Activity,
    Plan,
    Summary,
    Output,
    Commendation,
    Sector,
}

impl From<What> for NewKind {
    fn from(what: What) -> Self {
        match what {
            What::Activity => NewKind::Activity,
            What::Plan => NewKind::Plan,
            What::Summary => NewKind::Summary,
            What::Output => NewKind::Output,
            What::Commendation => NewKind::Commendation,
            What::Sector => NewKind::Sector,
        }
    }
}

/// Creates the document (asking for what is missing at a terminal) and says what next.
pub fn run(args: Args) -> ExitCode {
    let date = match args
        .date
        .map(|d| {
            crate::source::fields::parse_date(&d).map_err(|e| {
                let (m, h) = (e.message(), e.help());
                tr!("日期 “{d}” {m}：{h}", "date “{d}” {m}: {h}")
            })
        })
        .transpose()
    {
        Ok(date) => date,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let request = NewRequest {
        sector: args.sector,
        title: args.title,
        date,
        kind: args.kind,
        year: args.year,
        group: args.group,
    };
    match scaffold::create_from_terminal(&args.content, args.what.into(), request) {
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
