//! The command line: the arguments of `jiebie` and one module per subcommand, each with
//! its arguments and a `run` that calls the layers below and prints what happened.
//! `main.rs` only parses the arguments and dispatches here.

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod new;
pub mod paper;
pub mod report;
pub mod serve;

use crate::core::i18n::{self, Lang};
use crate::publish::{BuildError, BuildOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// `jiebie [--lang zh|en] <COMMAND>`.
#[derive(Parser)]
#[command(
    name = "jiebie",
    version,
    about = "界别工作网站生成器：把联络员写的活动稿件生成可发布的静态网站"
)]
pub struct Cli {
    /// 提示信息的语言：zh（中文，默认）或 en（英文）；不写则看 LC_ALL/LC_MESSAGES/LANG
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// 生成整个网站到输出目录
    Build(build::Args),
    /// 只检查内容，不生成网站；另外检查个人信息、不规范用语、过大的图片和本年度活动要求
    Check(check::Args),
    /// 新建稿件：activity（活动）、plan（年度计划）、summary（年度总结）、output（成果）、commendation（通报表扬）、sector（界别）
    New(new::Args),
    /// 导入 Word/WPS 文档（.docx）：生成活动稿件并保存其中的照片，标题、日期、界别、类型等从文档推断
    Import(import::Args),
    /// 本地预览：生成网站并在 127.0.0.1 上提供访问，修改稿件后自动刷新
    Serve(serve::Args),
    /// 生成年度报告：plans（年初计划汇总）、year（年底完成情况）、members（委员参加活动情况）
    Report(report::Args),
    /// 生成 Word 公文（GB/T 9704）：commendation（通报表扬）；年度报告用 report … --format docx
    Paper(paper::Args),
    /// 导出活动稿件：wechat（微信公众号编辑器可粘贴的 HTML 片段，只用内联样式，末尾附原文链接）
    Export(export::Args),
}

/// `--lang`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// Chooses the language of everything printed: an explicit `--lang` beats the locale, so
/// a Chinese liaison on an English desktop (or the reverse) can still choose.
pub fn set_language(lang: Option<LangArg>) {
    i18n::set(match lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => i18n::from_env(),
    });
}

/// The options every command that reads a site shares.
#[derive(clap::Args)]
pub struct SiteArgs {
    /// 内容目录（默认 ./content）
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 包含草稿（draft: true 的稿件）
    #[arg(long)]
    pub drafts: bool,
    /// 把警告也当作错误
    #[arg(long)]
    pub strict: bool,
    /// 覆盖 site.yaml 里的 base_url
    #[arg(long)]
    pub base_url: Option<String>,
    /// 把这一天当作今天（格式 年-月-日），用于测试和可重复的构建；不写则看环境变量 JIEBIE_TODAY，再不写就是今天
    #[arg(long, value_parser = crate::source::fields::parse_date)]
    pub today: Option<chrono::NaiveDate>,
}

impl SiteArgs {
    /// Build options for this site, writing into `output`.
    fn options(self, output: PathBuf, force: bool) -> BuildOptions {
        BuildOptions {
            content_dir: self.content,
            output_dir: output,
            site_dir: None,
            base_url: self.base_url,
            drafts: self.drafts,
            strict: self.strict,
            force,
            lint: false,
            unreviewed: false,
            today: self.today,
        }
    }
}

/// Says that the file at `path` was written, with what it holds.
fn print_written(path: &std::path::Path, title: &str) {
    let shown = path.display();
    println!(
        "{}",
        crate::tr!("已写入 {shown}：{title}", "written {shown}: {title}")
    );
}

/// Prints a failed build and gives its exit code: 1 for problems in the content, 2 for
/// everything else (theme, output directory).
fn report_failure(error: &BuildError) -> ExitCode {
    eprintln!("{error}");
    match error {
        BuildError::Content(_) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_values_parse() {
        let lang = |args: &[&str]| Cli::try_parse_from(args).map(|cli| cli.lang);
        assert!(matches!(
            lang(&["jiebie", "--lang", "en", "check"]),
            Ok(Some(LangArg::En))
        ));
        assert!(matches!(
            lang(&["jiebie", "check", "--lang", "zh"]),
            Ok(Some(LangArg::Zh))
        ));
        assert!(matches!(lang(&["jiebie", "check"]), Ok(None)));
        assert!(lang(&["jiebie", "--lang", "fr", "check"]).is_err());
        assert!(lang(&["jiebie", "--lang", "english", "check"]).is_err());
    }
}
