//! Serve: a local preview server with live reload.
//!
//! It builds the site into a private directory, serves it on 127.0.0.1, watches the site
//! for changes (debounced, editors' temporary files ignored) and rebuilds incrementally.
//! Pages reload themselves through a server-sent-events stream. When the content has
//! errors, the last good site stays up and every page shows an overlay naming the files,
//! lines and fixes; the overlay goes away with the next good build.
//!
//! The build goes into a private directory of this process ([`ServeDir`]: mode 0700,
//! under the user's runtime or cache directory). Stopping the server with Ctrl+C
//! (SIGINT), SIGTERM or SIGHUP removes it before the process ends by that signal; one
//! left by a process killed otherwise is removed by the next `serve`.
//!
//! The HTTP side is axum on hyper's HTTP/1.1 server, on a tokio runtime that lives only
//! inside [`serve`] (one thread; file reads go to tokio's blocking pool): `http` says
//! what each request is answered with (files, the reload stream, the traversal rules),
//! `listen` how connections are accepted, limited and timed out. The build, the
//! watcher and the signal handler stay on ordinary threads; nothing else in the crate
//! is async.

use crate::publish::serve_dir::{ServeDir, ServeDirError};
use crate::publish::session::{Rebuild, Session};
use crate::{publish::BuildError, publish::BuildOptions};
use notify::RecursiveMode;
use notify_debouncer_full::new_debouncer;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub mod desk;
mod http;
mod listen;

pub use http::{resolve_request, EVENTS_PATH};

/// How long the watcher waits after the last change to a file before rebuilding: long
/// enough that an editor's save arrives as one batch (a rename of a finished temporary
/// file is one event; a truncate and write in place follow each other within a
/// millisecond), short enough to be a small part of the time from a save to the page
/// (issue 18; it was 150 ms, then 50). A save split over a longer time only costs a
/// second, correct rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
pub use listen::{HEADER_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build (the output directory is replaced by a private one).
    pub build: BuildOptions,
    /// Address to bind; loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open a browser once serving.
    pub open: bool,
    /// Serve the writing desk at [`desk::DESK_PATH`].
    pub desk: bool,
}

impl ServeOptions {
    /// Serve `build` on 127.0.0.1:`port`.
    pub fn new(build: BuildOptions, port: u16) -> ServeOptions {
        ServeOptions {
            build,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port,
            open: false,
            desk: true,
        }
    }
}

struct Shared {
    preview: Arc<http::Preview>,
    /// Held while a rebuild writes, so that a stop waits for it before removing the
    /// directory (a rebuild under way would make some of its folders again).
    building: Mutex<()>,
}

impl Shared {
    fn publish(&self, result: &Result<Rebuild, BuildError>) {
        self.preview
            .publish(result.as_ref().err().map(overlay_html));
    }
}

/// Why the preview server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be listened on (the port is taken, or not allowed).
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A folder of the site cannot be watched for changes.
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: notify::Error,
    },
    /// No private directory could be made for the build.
    Directory(ServeDirError),
    /// The runtime that serves the connections could not be started.
    Runtime(std::io::Error),
    /// The writing desk could not be set up.
    Desk(desk::DeskError),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind { address, source } => write!(f, "{address}：{source}"),
            ServeError::Watch { path, source } => write!(f, "{}：{source}", path.display()),
            ServeError::Directory(e) => write!(f, "{e}"),
            ServeError::Runtime(e) => write!(f, "{e}"),
            ServeError::Desk(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } => Some(source),
            ServeError::Watch { source, .. } => Some(source),
            ServeError::Directory(e) => Some(e),
            ServeError::Runtime(e) => Some(e),
            ServeError::Desk(e) => Some(e),
        }
    }
}

/// Builds, serves and watches until the process is stopped. `on_ready` receives the
/// address actually bound (useful with port 0) and the desk's address to print (with
/// its access token when the bind is not loopback), when the desk is on.
///
/// On Unix it takes over SIGINT, SIGTERM and SIGHUP: on any of them it removes its
/// private directory and then ends the process by that signal, as it would have ended
/// without the handler.
pub fn serve(
    options: ServeOptions,
    on_ready: impl FnOnce(SocketAddr, Option<String>),
) -> Result<(), ServeError> {
    let asked = SocketAddr::new(options.bind, options.port);
    let bind_error = |source| ServeError::Bind {
        address: asked,
        source,
    };
    // One thread: a preview has one reader, and the build runs on threads of its own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(ServeError::Runtime)?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(asked))
        .map_err(bind_error)?;
    let address = listener.local_addr().map_err(bind_error)?;
    let dir = ServeDir::create(address.port()).map_err(ServeError::Directory)?;
    let root = dir.site();
    let mut build = options.build.clone();
    build.output_dir = root.clone();
    build.base_url = Some(format!("http://{address}/"));
    build.unreviewed = true;
    let shared = Arc::new(Shared {
        preview: Arc::new(http::Preview::new(root, options.desk)),
        building: Mutex::new(()),
    });
    remove_on_signals(dir.path(), Arc::clone(&shared));

    let session = Arc::new(Mutex::new(Session::new(build)));
    rebuild(&session, &[], &shared);
    let desk = if options.desk {
        Some(Arc::new(
            desk::Desk::new(Arc::clone(&session), address).map_err(ServeError::Desk)?,
        ))
    } else {
        None
    };

    let watched = watched_paths(lock(&session).options());
    let content_dir = lock(&session).options().content_dir.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let watch_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ServeError::Watch { path, source }
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(watch_error(&content_dir))?;
    for path in &watched {
        debouncer
            .watch(path, RecursiveMode::Recursive)
            .map_err(watch_error(path))?;
    }
    let watcher_shared = Arc::clone(&shared);
    let watcher_session = Arc::clone(&session);
    std::thread::spawn(move || {
        for batch in rx {
            let Ok(events) = batch else { continue };
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| {
                    !p.file_name().is_some_and(|n| {
                        crate::source::roles::is_ignored_name(&n.to_string_lossy())
                    })
                })
                .filter(|p| !p.to_string_lossy().contains(".jiebie-"))
                .collect();
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            rebuild(&watcher_session, &changed, &watcher_shared);
        }
    });

    let base = format!("http://{address}");
    on_ready(
        address,
        desk.as_ref().map(|desk| desk.address_to_print(&base)),
    );
    if options.open {
        open_browser(&format!("{base}/"));
    }
    let mut router = http::router(Arc::clone(&shared.preview));
    if let Some(desk) = desk {
        router = desk::router(desk).merge(router);
    }
    runtime.block_on(listen::run(listener, router));
    drop(debouncer);
    drop(dir);
    Ok(())
}

/// On SIGINT, SIGTERM or SIGHUP: waits (briefly) for a rebuild under way, removes the
/// private directory and ends the process by the signal received, so that a shell or
/// supervisor sees the same end as before.
#[cfg(unix)]
fn remove_on_signals(dir: &Path, shared: Arc<Shared>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(e) => {
            let path = dir.display();
            eprintln!(
                "{}",
                crate::tr!(
                    "警告：无法接管停止信号（{e}），停止后请手动删除 {path}",
                    "warning: cannot handle the stop signals ({e}); remove {path} after stopping"
                )
            );
            return;
        }
    };
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let Some(signal) = signals.forever().next() else {
            return;
        };
        // Holding the lock until the process ends keeps any later rebuild from starting.
        let _quiet = wait_for_rebuild(&shared.building, Duration::from_secs(2));
        crate::publish::serve_dir::remove(&dir);
        let _ = signal_hook::low_level::emulate_default_handler(signal);
        std::process::exit(128 + signal);
    });
}

/// Elsewhere the directory is removed only when `serve` returns.
#[cfg(not(unix))]
fn remove_on_signals(_dir: &Path, _shared: Arc<Shared>) {}

/// Takes the rebuild lock, giving up after `patience`: a stop should not wait for a
/// whole build of a large site (what it leaves is swept by the next `serve`).
#[cfg(unix)]
fn wait_for_rebuild(lock: &Mutex<()>, patience: Duration) -> Option<std::sync::MutexGuard<'_, ()>> {
    let deadline = std::time::Instant::now() + patience;
    loop {
        match lock.try_lock() {
            Ok(guard) => return Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::sync::TryLockError::WouldBlock) => return None,
        }
    }
}

fn watched_paths(options: &BuildOptions) -> Vec<PathBuf> {
    let site = options.site_dir();
    let mut paths = vec![options.content_dir.clone()];
    for dir in ["themes", "templates", "static"] {
        let path = site.join(dir);
        if path.is_dir() {
            paths.push(path);
        }
    }
    paths
}

/// The session, also after a panic in a holder (its state is rebuilt by the next change).
fn lock(session: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    session.lock().unwrap_or_else(|p| p.into_inner())
}

/// Rebuilds and tells the browsers as soon as the pages are in place; the files no page
/// shows are written after that. The desk waits for the session meanwhile.
fn rebuild(session: &Mutex<Session>, changed: &[PathBuf], shared: &Shared) {
    let _building = shared.building.lock();
    let mut session = lock(session);
    let mut published_ok = false;
    let result = session.rebuild_with(changed, |result| {
        report(result);
        shared.publish(result);
        published_ok = result.is_ok();
    });
    if let (true, Err(_)) = (published_ok, &result) {
        report(&result);
    }
}

/// Says on the terminal what a rebuild did; a closed terminal is not an error (the
/// server goes on).
fn report(result: &Result<Rebuild, BuildError>) {
    let line = match result {
        Ok(r) => {
            let (rendered, written) = (r.rendered, r.written);
            let ms = r.elapsed.as_millis();
            let full = if r.full {
                crate::tr!("（全部）", " (full)")
            } else {
                String::new()
            };
            crate::tr!(
                "已更新 {rendered} 个页面（写入 {written} 个文件），用时 {ms} 毫秒{full}",
                "updated {rendered} pages ({written} files written) in {ms} ms{full}"
            )
        }
        Err(e) => crate::tr!(
            "{e}\n（预览继续显示上一次成功生成的网站）",
            "{e}\n(the preview keeps showing the last successful build)"
        ),
    };
    let _ = std::io::Write::write_all(
        &mut std::io::stderr().lock(),
        format!("{line}\n").as_bytes(),
    );
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(program).arg(url).spawn();
}

fn escape(text: &str) -> String {
    crate::core::text::escape_html(text)
}

fn overlay_html(error: &BuildError) -> String {
    let items = match error {
        BuildError::Content(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                format!(
                    "<li><code>{}:{}:{}</code> {}{}</li>",
                    escape(&d.path.display().to_string()),
                    d.position.line,
                    d.position.column,
                    escape(&d.message),
                    d.help
                        .as_ref()
                        .map(|h| crate::tr!(
                            "<br><small>修改建议：{}</small>",
                            "<br><small>fix: {}</small>",
                            escape(h)
                        ))
                        .unwrap_or_default()
                )
            })
            .collect::<String>(),
        other => format!("<li>{}</li>", escape(&other.to_string())),
    };
    let title = crate::tr!(
        "内容有错误，网站没有更新（显示的是上一次成功生成的版本）",
        "the content has errors; the site was not updated (this is the last successful build)"
    );
    format!(
        "<div id=\"jiebie-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff8f8;color:#1f1f1f;border-top:4px solid #a3121b;padding:1rem 1.5rem;font:16px/1.6 sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)\"><strong style=\"color:#a3121b\">{title}</strong><ul style=\"margin:.5rem 0 0;padding-left:1.2rem\">{items}</ul></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_messages() {
        let d = crate::core::diagnostics::Diagnostic::error(
            Path::new("a<b>.md"),
            crate::core::diagnostics::Position::new(2, 3),
            "<script>",
        );
        let html = overlay_html(&BuildError::Content(vec![d]));
        assert!(html.contains("a&lt;b&gt;.md:2:3"));
        assert!(!html.contains("<script>"));
    }
}
