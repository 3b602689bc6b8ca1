//! What `serve` answers: an axum [`Router`] with the reload stream at [`EVENTS_PATH`]
//! and every other path answered from the build directory.
//!
//! - A path is decoded strictly (a `%` must start two hex digits, the bytes must be
//!   UTF-8) and refused with 400 when it could leave the build directory
//!   ([`resolve_request`]); what it names must still be inside the directory once
//!   symbolic links are resolved, else it is not found.
//! - A folder is answered with its `index.html`; a folder asked for without its final
//!   `/`, or a path with empty segments (`//search`), is redirected to the path with one
//!   `/` between segments and at the start (`/search/`), never to `//…`, which a browser
//!   would read as another host.
//! - HTML pages get the reload script (and, while the content has errors, the overlay)
//!   before `</body>`; they are always sent whole. Other files go through tower-http's
//!   `ServeFile` (streamed from disk, `Range` answered with 206 and `Content-Range`),
//!   with jiebie's content types.
//! - A missing page is the site's `404.html`, with status 404.
//! - Every response says `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`
//!   (added where connections are served, [`super::listen`]).

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Where the reload stream lives; no site page can have this path.
pub const EVENTS_PATH: &str = "/__jiebie/events";

/// How often the reload stream sends a comment when nothing changed, so that a closed
/// browser tab is noticed and the connection freed.
const EVENTS_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the pages show besides the site.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Counts the builds published; pages reload when it changes.
    pub generation: u64,
    /// The current build problem, as HTML for the overlay; `None` when the site is good.
    pub overlay: Option<String>,
}

/// The site being previewed: its build directory and the status of its last build.
#[derive(Debug)]
pub struct Preview {
    root: PathBuf,
    status: watch::Sender<Status>,
    /// Whether pages link to the writing desk.
    desk: bool,
}

impl Preview {
    /// A preview of the site built into `root`; with `desk`, every page links to the
    /// writing desk (the published site never does).
    pub fn new(root: PathBuf, desk: bool) -> Preview {
        Preview {
            root,
            status: watch::Sender::new(Status::default()),
            desk,
        }
    }

    /// A build was published: with `overlay` when it failed, `None` when it succeeded.
    /// Every open reload stream is told.
    pub fn publish(&self, overlay: Option<String>) {
        self.status.send_modify(|status| {
            status.generation += 1;
            status.overlay = overlay;
        });
    }

    fn status(&self) -> Status {
        self.status.borrow().clone()
    }
}

/// The routes of the preview.
pub fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(site)
        .with_state(preview)
}

/// Maps a request path to a file under `root`, refusing anything that could leave it:
/// `..` and `.` segments, backslashes, NUL and encoded forms of them, and a path that
/// is not strictly percent-encoded UTF-8 (`%zz`, `%ff`, a `%` at the end).
pub fn resolve_request(root: &Path, raw_path: &str) -> Option<PathBuf> {
    let path = raw_path.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let decoded = decode_strictly(path)?;
    if decoded.contains(['\\', '\0']) || decoded.contains("%2") || decoded.contains("%5") {
        return None;
    }
    let mut resolved = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.starts_with("..") && s.trim_start_matches('.').is_empty() => return None,
            s => resolved.push(s),
        }
    }
    Some(resolved)
}

/// Percent-decodes `path`, or `None` when a `%` is not followed by two hex digits or the
/// bytes are not UTF-8.
fn decode_strictly(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// The content type of a file served, by its extension.
fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// What a resolved path names inside the build directory.
#[derive(Debug, PartialEq, Eq)]
enum Located {
    /// A file, by its real path.
    File(PathBuf),
    /// A folder with an `index.html`: the index's real path.
    Folder(PathBuf),
    /// Nothing, or something reached through a symbolic link leading out.
    Missing,
}

/// Finds what `candidate` names, following symbolic links only as far as they stay
/// inside `root`.
fn locate(root: &Path, candidate: &Path) -> Located {
    let Ok(root) = root.canonicalize() else {
        return Located::Missing;
    };
    let inside = |path: &Path| {
        path.canonicalize()
            .ok()
            .filter(|real| real.starts_with(&root))
    };
    let Some(real) = inside(candidate) else {
        return Located::Missing;
    };
    if real.is_dir() {
        match inside(&real.join("index.html")) {
            Some(index) if index.is_file() => Located::Folder(index),
            _ => Located::Missing,
        }
    } else if real.is_file() {
        Located::File(real)
    } else {
        Located::Missing
    }
}

/// The path a found page or file should be asked for by: one `/` at the start and
/// between segments, and a final `/` exactly for folders. `raw` is the request's path,
/// still percent-encoded; the result is too (UTF-8 sent unencoded gets encoded).
fn canonical_path(raw: &str, folder: bool) -> String {
    let segments: Vec<String> = raw
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_encoding::utf8_percent_encode(s, percent_encoding::CONTROLS).to_string())
        .collect();
    let mut path = format!("/{}", segments.join("/"));
    if folder && !segments.is_empty() {
        path.push('/');
    }
    path
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Every path but the reload stream: a file of the site.
async fn site(State(preview): State<Arc<Preview>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            crate::tr!("只支持 GET\n", "only GET is supported\n"),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let raw = request.uri().path().to_string();
    let Some(candidate) = resolve_request(&preview.root, &raw) else {
        return text(
            StatusCode::BAD_REQUEST,
            crate::tr!("拒绝访问：路径不合法\n", "access refused: invalid path\n"),
        );
    };
    let root = preview.root.clone();
    let located = tokio::task::spawn_blocking(move || locate(&root, &candidate))
        .await
        .unwrap_or(Located::Missing);
    let (file, folder) = match located {
        Located::File(file) => (file, false),
        Located::Folder(index) => (index, true),
        Located::Missing => return not_found(&preview).await,
    };
    let canonical = canonical_path(&raw, folder);
    if canonical != raw {
        let location = match request.uri().query() {
            Some(query) => format!("{canonical}?{query}"),
            None => canonical,
        };
        return match HeaderValue::try_from(location) {
            Ok(location) => (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response(),
            Err(_) => StatusCode::BAD_REQUEST.into_response(),
        };
    }
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        return match tokio::fs::read(&file).await {
            Ok(body) => page(&preview, &raw, StatusCode::OK, &body),
            Err(_) => not_found(&preview).await,
        };
    }
    let served = tower_http::services::ServeFile::new(&file)
        .ignore_multi_range_requests(true)
        .try_call(request)
        .await;
    match served {
        Ok(response) => {
            let mut response = response.map(Body::new);
            if response.headers().contains_key(header::CONTENT_TYPE) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            }
            response
        }
        // Gone since it was found: a rebuild replaced the site.
        Err(_) => not_found(&preview).await,
    }
}

/// The site's 404 page (or a short one when the site has none), with status 404.
async fn not_found(preview: &Preview) -> Response {
    let body = match tokio::fs::read(preview.root.join("404.html")).await {
        Ok(body) => body,
        Err(_) => crate::tr!("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>预览</title></head><body><h1>页面不存在</h1></body></html>", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview</title></head><body><h1>Page not found</h1></body></html>").into_bytes(),
    };
    page(preview, "/", StatusCode::NOT_FOUND, &body)
}

/// The preview's own toolbar: a link to the writing desk, opening the form of the page's
/// document when it is one.
fn desk_link(path: &str) -> String {
    let url = percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC);
    let label = crate::tr!("在写作台修改", "edit on the desk");
    let mut links = format!(
        "<a id=\"jiebie-desk-link\" href=\"{}/open?url={url}\" style=\"position:fixed;right:.5rem;bottom:.5rem;z-index:2147483646;background:#8c1c13;color:#fff;padding:.4rem .8rem;border-radius:4px;font:16px/1.4 sans-serif;text-decoration:underline\">{label}</a>",
        super::desk::DESK_PATH
    );
    // A write-up's page also offers its WeChat fragment (docs/wechat.md).
    if crate::derive::route::is_activity_page(path) {
        let label = crate::tr!("复制到公众号", "copy for WeChat");
        links.push_str(&format!(
            "<a id=\"jiebie-wechat-link\" href=\"{}/wechat?url={url}\" style=\"position:fixed;right:.5rem;bottom:3rem;z-index:2147483646;background:#fff;color:#8c1c13;border:1px solid #8c1c13;padding:.4rem .8rem;border-radius:4px;font:16px/1.4 sans-serif;text-decoration:underline\">{label}</a>",
            super::desk::DESK_PATH
        ));
    }
    links
}

/// An HTML page with the overlay (while the content has errors), the desk link and the
/// reload script.
fn page(preview: &Preview, path: &str, status: StatusCode, body: &[u8]) -> Response {
    let Status {
        generation,
        overlay,
    } = preview.status();
    let mut html = String::from_utf8_lossy(body).into_owned();
    let injection = format!(
        "{}{}{}",
        overlay.unwrap_or_default(),
        if preview.desk {
            desk_link(path)
        } else {
            String::new()
        },
        reload_script(generation)
    );
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &injection),
        None => html.push_str(&injection),
    }
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g=\"{generation}\";if(!window.EventSource)return;var s=new EventSource(\"{EVENTS_PATH}\");s.onmessage=function(e){{if(e.data!==g){{s.close();location.reload();}}}};}})();</script>"
    )
}

/// The reload stream (server-sent events): the current generation at once, then each
/// new one as it is published, and a comment every [`EVENTS_KEEP_ALIVE`] otherwise.
async fn events(State(preview): State<Arc<Preview>>) -> Response {
    let mut receiver = preview.status.subscribe();
    let seen = receiver.borrow_and_update().generation;
    let first = Bytes::from(format!("retry: 1000\ndata: {seen}\n\n"));
    let later = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = match tokio::time::timeout(EVENTS_KEEP_ALIVE, receiver.changed()).await {
            Ok(Ok(())) => {
                let generation = receiver.borrow_and_update().generation;
                Bytes::from(format!("data: {generation}\n\n"))
            }
            // The server is stopping.
            Ok(Err(_)) => return None,
            Err(_) => Bytes::from_static(b": keep-alive\n\n"),
        };
        Some((Ok::<_, Infallible>(chunk), receiver))
    });
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, Infallible>(first) }),
        later,
    );
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(stream),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Request paths that try to reach `secret.txt` above the build directory, in every
    /// encoding; shared with the test against the running server
    /// (`tests/it/workflow.rs`).
    const TRAVERSALS: &str = include_str!("../../../tests/fixtures/serve/traversal.txt");

    fn traversals() -> impl Iterator<Item = &'static str> {
        TRAVERSALS
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
    }

    #[test]
    fn traversal_is_refused_in_every_encoding() {
        let root = Path::new("/srv/site");
        assert!(traversals().count() > 15);
        for bad in traversals().chain([
            "/a\\..\\b",
            "/x%00.html",
            "relative",
            "",
            "/%zz",
            "/%",
            "/%e9%95",
            "/%ff",
        ]) {
            assert_eq!(resolve_request(root, bad), None, "{bad}");
        }
        assert_eq!(
            resolve_request(root, "/sectors/minmeng/?q=1"),
            Some(PathBuf::from("/srv/site/sectors/minmeng"))
        );
        assert_eq!(
            resolve_request(root, "/media/%E9%95%BF.jpg"),
            Some(PathBuf::from("/srv/site/media/长.jpg"))
        );
        assert_eq!(
            resolve_request(root, "//search"),
            Some(PathBuf::from("/srv/site/search"))
        );
    }

    #[test]
    fn redirects_keep_one_leading_slash() {
        assert_eq!(canonical_path("//search", true), "/search/");
        assert_eq!(canonical_path("///search//", true), "/search/");
        assert_eq!(canonical_path("/search", true), "/search/");
        assert_eq!(canonical_path("/search/", true), "/search/");
        assert_eq!(canonical_path("//", true), "/");
        assert_eq!(canonical_path("/", true), "/");
        assert_eq!(canonical_path("//style.css", false), "/style.css");
        assert_eq!(
            canonical_path("/a/%E9%95%BF.jpg/", false),
            "/a/%E9%95%BF.jpg"
        );
        assert_eq!(canonical_path("//a/长.jpg", false), "/a/%E9%95%BF.jpg");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed_out_of_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("inner")).unwrap();
        std::fs::write(root.join("inner/index.html"), "in").unwrap();
        std::fs::write(root.join("page.css"), "in").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "out").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("page.css"), root.join("same.css")).unwrap();
        let real = root.canonicalize().unwrap();
        assert_eq!(locate(&root, &root.join("leak.txt")), Located::Missing);
        assert_eq!(locate(&root, &root.join("up/secret.txt")), Located::Missing);
        assert_eq!(locate(&root, &root.join("up")), Located::Missing);
        assert_eq!(
            locate(&root, &root.join("same.css")),
            Located::File(real.join("page.css"))
        );
        assert_eq!(
            locate(&root, &root.join("inner")),
            Located::Folder(real.join("inner/index.html"))
        );
        assert_eq!(locate(&root, &root.join("none")), Located::Missing);
    }

    #[test]
    fn content_types_are_jiebies() {
        for (name, kind) in [
            ("favicon.ico", "image/x-icon"),
            ("a.HTML", "text/html; charset=utf-8"),
            ("search.js", "text/javascript; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("x.unknown", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }
}
