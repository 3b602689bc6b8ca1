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
    /// 不提供写作台（/__jiebie/desk/）
    #[arg(long)]
    no_desk: bool,
}

/// Serves until interrupted.
pub fn run(args: Args) -> ExitCode {
    let build = args.site.options(PathBuf::from("public"), false);
    let mut options = ServeOptions::new(build, args.port);
    options.bind = args.bind;
    options.open = args.open;
    options.desk = !args.no_desk;
    let result = serve::serve(options, |address, desk| {
        // Written in one piece and never fatal: a terminal or pipe that went away must
        // not stop the server (println! would panic on a closed pipe).
        let mut text = tr!(
            "正在预览：http://{address}/  （按 Ctrl+C 停止）\n",
            "previewing at http://{address}/  (press Ctrl+C to stop)\n"
        );
        if let Some(desk) = desk {
            text.push_str(&tr!("写作台：{desk}\n", "writing desk: {desk}\n"));
            if !address.ip().is_loopback() {
                text.push_str(&tr!(
                    "（其他电脑也能访问本预览；写作台只接受带上面令牌的地址，请只告诉需要的人）\n",
                    "(other machines can reach this preview; the desk accepts only the address with the token above: share it only with those who need it)\n"
                ));
            }
        }
        let mut out = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut out, text.as_bytes());
        let _ = std::io::Write::flush(&mut out);
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
