//! `jiebie serve`: the live preview.

use super::SiteArgs;
use crate::publish::serve::{self, ServeOptions};
use crate::tr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `jiebie serve`.
#[derive(clap::Args)]
pub struct Args {
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
}

/// Serves until interrupted.
pub fn run(args: Args) -> ExitCode {
    let build = args.site.options(PathBuf::from("public"), false);
    let mut options = ServeOptions::new(build, args.port);
    options.bind = args.bind;
    options.open = args.open;
    let result = serve::serve(options, |address| {
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
