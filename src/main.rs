//! The `jiebie` command: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use jiebie::{BuildError, BuildOptions};
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
    }
}
