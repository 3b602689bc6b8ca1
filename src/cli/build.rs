//! `jiebie build`: the whole site into the output directory.

use super::{report_failure, SiteArgs};
use crate::publish::write::Start;
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie build`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// 输出目录（默认 ./public）
    #[arg(long, default_value = "public")]
    output: PathBuf,
    /// 允许覆盖不是 jiebie 生成的非空输出目录
    #[arg(long)]
    force: bool,
}

/// Builds and prints what was written, or every problem.
pub fn run(args: Args) -> ExitCode {
    let options = args.site.options(args.output, args.force);
    match crate::publish::build(&options) {
        Ok(summary) => {
            for w in &summary.warnings {
                eprintln!("{w}");
            }
            if summary.start == (Start::Empty { replacing: true }) {
                eprintln!(
                    "{}",
                    tr!(
                        "上一次构建没有留下可复用的文件（被中断或写入失败），本次从头写出全部文件。",
                        "the last build left no files to reuse (it was interrupted or failed to write), so this build writes every file."
                    )
                );
            }
            let (pages, activities, media) = (summary.pages, summary.activities, summary.media);
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
