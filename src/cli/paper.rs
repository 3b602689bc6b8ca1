//! `jiebie paper`: official papers (公文, GB/T 9704-2012) as Word documents that are not a
//! report table — for now the clause-11 commendation notice. The clause-10 reports are
//! papers too: `jiebie report plans|year --format docx`.

use super::{report_failure, SiteArgs};
use crate::reports::papers;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie paper`.
#[derive(clap::Args)]
pub struct Args {
    /// 公文种类
    #[arg(value_enum)]
    kind: Kind,
    /// 年份（默认：网站最新有记录的年份）
    #[arg(long)]
    year: Option<i32>,
    /// 输出文件（默认 commendation-年份.docx）
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// 通报表扬（《意见》第11条），来自 commendations/年份.md
    Commendation,
}

/// Checks the site, lays out the paper and writes it whole (or nothing at all).
pub fn run(args: Args) -> ExitCode {
    let options = args.site.options(PathBuf::from("public"), false);
    let checked = match crate::publish::check_only(&options) {
        Ok(checked) => checked,
        Err(error) => return report_failure(&error),
    };
    let year = args.year.unwrap_or(checked.derived.current_year);
    let Kind::Commendation = args.kind;
    let path = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("commendation-{year}.docx")));
    let written = papers::commendation(&checked.site, year).and_then(|paper| {
        let bytes = papers::to_docx(&paper)?;
        papers::save(&path, &bytes)?;
        Ok(paper)
    });
    match written {
        Ok(paper) => {
            super::print_written(&path, &paper.title);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            match e {
                papers::PaperError::Io { .. } | papers::PaperError::Zip(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}
