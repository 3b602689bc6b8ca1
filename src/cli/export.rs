//! `jiebie export wechat PAGE…`: write-ups as HTML fragments to paste into the WeChat
//! official-account editor (docs/wechat.md; the fragment is made by
//! [`crate::render::wechat`]).

use super::report_failure;
use crate::publish::{BuildOptions, Checked};
use crate::render::wechat;
use crate::reports::papers;
use crate::tr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `jiebie export`.
#[derive(clap::Args)]
pub struct Args {
    /// 导出格式
    #[arg(value_enum)]
    format: Format,
    /// 要导出的活动稿件：内容文件（如 content/sectors/minmeng/activities/2025/2025-03-15-diaoyan.md）或它在网站上的地址；可写多篇
    #[arg(required = true, value_name = "PAGE")]
    pages: Vec<String>,
    /// 输出文件或文件夹（默认：一篇时打印到屏幕；多篇时必须写一个文件夹）
    #[arg(long)]
    output: Option<PathBuf>,
    /// 内容目录（默认 ./content）
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// 覆盖 site.yaml 里的 base_url（图片地址和原文链接都在它下面）
    #[arg(long)]
    base_url: Option<String>,
    /// 把这一天当作今天（格式 年-月-日）；不写则看环境变量 JIEBIE_TODAY，再不写就是今天
    #[arg(long, value_parser = crate::source::fields::parse_date)]
    today: Option<chrono::NaiveDate>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// 微信公众号：只用内联样式的 HTML 片段，粘贴到公众号编辑器
    Wechat,
}

impl Args {
    fn options(&self, drafts: bool) -> BuildOptions {
        BuildOptions {
            content_dir: self.content.clone(),
            output_dir: PathBuf::from("public"),
            site_dir: None,
            base_url: self.base_url.clone(),
            drafts,
            strict: false,
            force: false,
            lint: false,
            unreviewed: false,
            today: self.today,
        }
    }
}

/// Checks the site as `build` does (drafts left out), finds every page, renders every
/// fragment, and only then writes them: a wrong page writes nothing.
pub fn run(args: Args) -> ExitCode {
    let Format::Wechat = args.format;
    let checked = match crate::publish::check(&args.options(false)) {
        Ok(checked) => checked,
        Err(error) => return report_failure(&error),
    };
    let mut found = Vec::new();
    let mut failed = false;
    for page in &args.pages {
        match wechat::locate(&checked.site, &checked.derived, &args.content, page) {
            Some(i) => found.push(i),
            None => {
                eprintln!("{}", not_found(&args, &checked, page));
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::from(1);
    }
    let fragments: Vec<(usize, String)> = found
        .iter()
        .map(|&i| {
            let site = &checked.site;
            let base_url = &site.config.base_url;
            let html = wechat::fragment(site, &checked.derived, &checked.bodies, i, base_url);
            (i, html)
        })
        .collect();
    match (&args.output, fragments.as_slice()) {
        (None, [(_, html)]) => {
            print!("{html}");
            ExitCode::SUCCESS
        }
        (None, _) => {
            eprintln!(
                "{}",
                tr!(
                    "导出多篇时要用 --output 指定一个文件夹，每篇写成一个文件",
                    "to export several pages, give a folder with --output: each is written to a file of its own"
                )
            );
            ExitCode::from(2)
        }
        (Some(output), [(i, html)]) if !is_folder(output) => {
            write(output, html, &checked.site.activities[*i].title)
        }
        (Some(folder), _) => {
            if let Err(e) = std::fs::create_dir_all(folder) {
                let shown = folder.display();
                eprintln!(
                    "{}",
                    tr!(
                        "无法创建文件夹 {shown}：{e}",
                        "cannot create the folder {shown}: {e}"
                    )
                );
                return ExitCode::from(2);
            }
            for (i, html) in &fragments {
                let a = &checked.site.activities[*i];
                let name = format!("{}-{}-{}.html", a.sector, a.year(), a.slug);
                let code = write(&folder.join(name), html, &a.title);
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// Whether `--output` names a folder: one that exists, or a path ending in `/`.
fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// Writes one fragment whole or not at all (the papers' [`papers::save`]: a temporary
/// file renamed into place).
fn write(path: &Path, html: &str, title: &str) -> ExitCode {
    match papers::save(path, html.as_bytes()) {
        Ok(()) => {
            super::print_written(path, title);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Why `page` names no published write-up, and what to write instead: a draft says so;
/// anything else gets the nearest write-up's file or address.
fn not_found(args: &Args, checked: &Checked, page: &str) -> String {
    // Only on this path: the site once more with drafts, to tell a draft from a typo.
    let with_drafts = crate::publish::check(&args.options(true)).ok();
    let draft = with_drafts.as_ref().and_then(|c| {
        let i = wechat::locate(&c.site, &c.derived, &args.content, page)?;
        let a = &c.site.activities[i];
        a.draft.then(|| a.source.display.display().to_string())
    });
    if let Some(file) = draft {
        return tr!(
            "{file}：这是草稿（draft: true），不能导出\n  帮助：审核通过后删去 draft: true（或改为 false），再导出",
            "{file}: this is a draft (draft: true) and cannot be exported\n  help: once it is approved, remove draft: true (or set it to false), then export"
        );
    }
    let site = &checked.site;
    let looks_like_file = page.ends_with(".md") || Path::new(page).exists();
    let candidates: Vec<String> = if looks_like_file {
        site.activities
            .iter()
            .map(|a| a.source.display.display().to_string())
            .collect()
    } else {
        checked
            .derived
            .activity_urls
            .iter()
            .map(|u| format!("{}{u}", site.config.base_url))
            .collect()
    };
    let help = crate::core::suggest::did_you_mean(page, candidates.iter().map(String::as_str))
        .unwrap_or_else(|| {
            tr!(
                "写活动稿件的内容文件（content/sectors/界别/activities/年份/文件名.md）或它在网站上的地址",
                "give an activity write-up's content file (content/sectors/SECTOR/activities/YEAR/NAME.md) or its address on the site"
            )
        });
    tr!(
        "{page}：不是已发布的活动稿件\n  帮助：{help}",
        "{page}: not a published activity write-up\n  help: {help}"
    )
}
