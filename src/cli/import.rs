//! `jiebie import`: Word documents become write-ups, one line of news per document.

use crate::author::import::{self, ImportRequest, Imported};
use crate::author::scaffold;
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie import`.
#[derive(clap::Args)]
pub struct Args {
    /// Word 文档（.docx），可以写多个；也可以写文件夹（导入其中所有 .docx）
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 界别代号或名称（不写则从标题判断）
    #[arg(long)]
    sector: Option<String>,
    /// 活动类型（英文代号或中文名；不写则从标题判断）
    #[arg(long)]
    kind: Option<String>,
    /// 活动日期，格式 年-月-日（不写则从正文判断）
    #[arg(long, value_parser = crate::source::fields::parse_date)]
    date: Option<chrono::NaiveDate>,
    /// 存为草稿（draft: true），不论是否推断完整
    #[arg(long)]
    draft: bool,
    /// 覆盖以前用同一文档导入的稿件（不加时：同一篇拒绝重复导入，其他同名文件另起新名字）
    #[arg(long)]
    force: bool,
    /// 内容目录（默认 ./content）
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// 把这一天当作今天（格式 年-月-日）：判断日期是否在将来、没有日期时的文件名
    #[arg(long, value_parser = crate::source::fields::parse_date)]
    today: Option<chrono::NaiveDate>,
}

/// Imports every document, printing one line for each; exit code 1 when any failed.
pub fn run(args: Args) -> ExitCode {
    let site = match scaffold::load_site(&args.content) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let today = match args.today {
        Some(today) => today,
        None => match crate::publish::options::today_from_environment() {
            Ok(today) => today,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let request = ImportRequest {
        sector: args.sector,
        kind: args.kind,
        date: args.date,
        draft: args.draft,
        force: args.force,
    };
    let mut failed = 0;
    let mut done = 0;
    let documents = import::documents(&args.files);
    if documents.is_empty() {
        eprintln!("{}", tr!("没有找到 .docx 文件", "no .docx files found"));
        return ExitCode::from(1);
    }
    let mut prompter = scaffold::terminal_prompter();
    for document in documents {
        let result = document.and_then(|path| {
            let outcome = import::import(
                &args.content,
                &site,
                &path,
                &request,
                today,
                prompter.as_mut(),
            );
            outcome
                .map(|imported| (path.clone(), imported))
                .map_err(|e| (path, e))
        });
        match result {
            Ok((path, imported)) => {
                done += 1;
                println!("{}", describe(&path, &imported));
            }
            Err((path, error)) => {
                failed += 1;
                let path = path.display();
                eprintln!("{}", tr!("✗ {path}：{error}", "✗ {path}: {error}"));
            }
        }
    }
    if done + failed > 1 {
        println!(
            "{}",
            tr!(
                "共 {} 篇：导入 {done} 篇，失败 {failed} 篇。",
                "{} in all: {done} imported, {failed} failed.",
                done + failed
            )
        );
    }
    if done > 0 {
        println!(
            "{}",
            tr!(
                "下一步：打开稿件核对推断的内容，运行 jiebie check 检查，jiebie serve 预览。",
                "next: open the write-ups to check the guesses, run jiebie check, then jiebie serve to preview."
            )
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The one line said about an imported document: where it went, then what the liaison
/// must do (a draft to complete), then what was guessed and left out.
fn describe(source: &std::path::Path, imported: &Imported) -> String {
    let mut parts = vec![tr!(
        "✓ {} → {}（{} 张照片）",
        "✓ {} → {} ({} photo(s))",
        source.display(),
        imported.written.display(),
        imported.photos.len()
    )];
    if !imported.missing.is_empty() {
        parts.push(tr!(
            "已存为草稿，暂不发布：请补全 {}，再把 draft 改为 false",
            "saved as a draft, not published: fill in {}, then set draft: false",
            imported.missing.join("、")
        ));
    } else if !imported.unconfirmed.is_empty() {
        parts.push(tr!(
            "已存为草稿，暂不发布：请核对 {}，再把 draft 改为 false",
            "saved as a draft, not published: confirm the {}, then set draft: false",
            imported.unconfirmed.join("、")
        ));
    } else if imported.draft {
        parts.push(tr!("已存为草稿（--draft）", "saved as a draft (--draft)"));
    }
    if imported.renamed {
        parts.push(tr!(
            "同名文件已存在，另起了新名字",
            "a file of that name existed, so a new name was chosen"
        ));
    }
    if !imported.guessed.is_empty() {
        let guesses: Vec<String> = imported
            .guessed
            .iter()
            .map(|(field, value, source)| {
                tr!("{field} {value}（{source}）", "{field} {value} ({source})")
            })
            .collect();
        parts.push(tr!(
            "推断：{}",
            "guessed: {}",
            guesses.join(crate::core::i18n::separator())
        ));
    }
    if !imported.dropped.is_empty() {
        parts.push(tr!(
            "未导入：{}",
            "not imported: {}",
            imported.dropped.join(crate::core::i18n::separator())
        ));
    }
    if !imported.notes.is_empty() {
        parts.push(imported.notes.join("；"));
    }
    parts.join(tr!("；", "; ").as_str())
}
