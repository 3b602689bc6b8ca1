//! The writing desk at [`DESK_PATH`]: forms for liaisons over the content model, on the
//! preview server. What a form holds, how a submission changes a file and how a
//! document is checked live in [`crate::author::desk`]; this module puts them on HTTP.
//!
//! - `GET /` who am I and which sector; a Word document to import.
//! - `GET /sector/{id}/?year=` the sector's year: documents, drafts, errors, quota.
//! - `GET /new/{type}?sector=&year=`, `GET /edit?file=` a form, empty or filled.
//! - `POST /save` (multipart, works without JavaScript): `action=check` shows the problems
//!   and the preview, `save` writes the file when it has no error, `draft` writes it as a
//!   draft whatever it has. A file changed on disk since the form was opened is not
//!   overwritten unless the liaison says so.
//! - `POST /check` the same check as JSON, for the script (problems by field, preview).
//! - `POST /import` a `.docx` through `jiebie import`, opened as a filled form.
//! - `POST /commit` `git add` and `git commit` of a document and its photos.
//! - `GET /wechat?url=` a published write-up's WeChat fragment (`jiebie export wechat`),
//!   shown to copy into the official-account editor (docs/wechat.md).
//!
//! Every request passes [`guard::Guard`] (host, access token, CSRF); request bodies are
//! limited to [`MAX_BODY`], text fields to [`MAX_TEXT_FIELD`], photos to the build's
//! photo limits. Every path a request names is a plain path to a desk document inside
//! `content/` ([`listing::document_path`]), and photos are written only beside it.

pub mod guard;

use super::lock;
use crate::author::desk::check::{self as desk_check, Verdict};
use crate::author::desk::form::{self, Context, Form, Input, Submitted};
use crate::author::desk::{self, listing, DocType};
use crate::author::edit::{self, Change, FieldValue};
use crate::core::paths::{encode_segment as encode, slashed};
use crate::publish::session::Session;
use crate::render::markdown::LinkContext;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate};
use guard::{Guard, Refusal};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the desk lives on the preview server; no site page can have this path.
pub const DESK_PATH: &str = "/__jiebie/desk";
/// The largest request body (a form with its photos, or a Word document).
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// The largest text field (the body of a write-up is far smaller).
pub const MAX_TEXT_FIELD: usize = 1024 * 1024;
/// The most fields a form may send.
const MAX_FIELDS: usize = 5_000;
/// The cookie that remembers who is writing.
const ME_COOKIE: &str = "jiebie_desk_me";

/// The desk's state: the serve session it reads the site from, the content folder it
/// writes to, its guard and its templates.
pub struct Desk {
    session: Arc<Mutex<Session>>,
    content_dir: PathBuf,
    guard: Guard,
    templates: tera::Tera,
}

/// Why the desk could not be set up.
#[derive(Debug)]
pub enum DeskError {
    /// No random token could be drawn.
    Random(std::io::Error),
    /// A built-in template does not compile (a defect, caught by the tests).
    Template(tera::Error),
}

impl std::fmt::Display for DeskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeskError::Random(e) => write!(f, "{e}"),
            DeskError::Template(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DeskError {}

impl Desk {
    /// A desk over `session`'s content, served at `address`.
    pub fn new(
        session: Arc<Mutex<Session>>,
        address: std::net::SocketAddr,
    ) -> Result<Desk, DeskError> {
        let content_dir = lock(&session).options().content_dir.clone();
        let mut templates = tera::Tera::default();
        templates
            .add_raw_templates([
                ("base.html", include_str!("templates/base.html")),
                ("home.html", include_str!("templates/home.html")),
                ("sector.html", include_str!("templates/sector.html")),
                ("form.html", include_str!("templates/form.html")),
                ("message.html", include_str!("templates/message.html")),
                ("wechat.html", include_str!("templates/wechat.html")),
            ])
            .map_err(DeskError::Template)?;
        templates.register_filter(
            "urlencode",
            |value: &tera::Value, _: &HashMap<String, tera::Value>| {
                Ok(tera::Value::String(encode(
                    value.as_str().unwrap_or_default(),
                )))
            },
        );
        Ok(Desk {
            session,
            content_dir,
            guard: Guard::new(address).map_err(DeskError::Random)?,
            templates,
        })
    }

    /// The address to print on the terminal: with the access token when one is needed.
    pub fn address_to_print(&self, base: &str) -> String {
        match self.guard.access_token() {
            Some(token) => format!("{base}{DESK_PATH}/?token={token}"),
            None => format!("{base}{DESK_PATH}/"),
        }
    }
}

/// The desk's routes, under [`DESK_PATH`].
pub fn router(desk: Arc<Desk>) -> Router {
    let at = |path: &str| format!("{DESK_PATH}{path}");
    Router::new()
        .route(&at("/"), get(home))
        .route(&at("/sector/{id}/"), get(sector))
        .route(&at("/new/{doc}"), get(new_form))
        .route(&at("/edit"), get(edit_form))
        .route(&at("/open"), get(open))
        .route(&at("/wechat"), get(wechat))
        .route(&at("/save"), post(save))
        .route(&at("/check"), post(check))
        .route(&at("/import"), post(import))
        .route(&at("/commit"), post(commit))
        .route(
            &at("/static/desk.css"),
            get(|| async { asset("text/css; charset=utf-8", include_str!("desk.css")) }),
        )
        .route(
            &at("/static/desk.js"),
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("desk.js")) }),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&desk), admit))
        .with_state(desk)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Host and access token for every request; a token given in the address is moved into
/// a cookie and dropped from the address.
async fn admit(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    match desk.guard.admit(request.headers(), request.uri().query()) {
        Ok(false) => next.run(request).await,
        Ok(true) => {
            let mut response = (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, format!("{DESK_PATH}/"))],
            )
                .into_response();
            if let Some(cookie) = desk
                .guard
                .token_cookie()
                .and_then(|c| HeaderValue::try_from(c).ok())
            {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(refusal) => refused(refusal),
    }
}

fn refused(refusal: Refusal) -> Response {
    let status = match refusal {
        Refusal::Host => StatusCode::FORBIDDEN,
        Refusal::Token => StatusCode::UNAUTHORIZED,
        Refusal::Forgery => StatusCode::FORBIDDEN,
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{}\n", refusal.message()),
    )
        .into_response()
}

/// Renders `template`; a template defect is a 500 naming it, never a panic.
fn render(desk: &Desk, template: &str, mut context: tera::Context, status: StatusCode) -> Response {
    context.insert("csrf", desk.guard.csrf());
    if !context.contains_key("sector") {
        context.insert("sector", &Option::<String>::None);
    }
    match desk.templates.render(template, &context) {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("desk template {template}: {e:?}\n"),
        )
            .into_response(),
    }
}

fn message(
    desk: &Desk,
    status: StatusCode,
    title: &str,
    text: &str,
    link: Option<(&str, &str)>,
) -> Response {
    let mut context = tera::Context::new();
    context.insert("title", title);
    context.insert("message", text);
    context.insert("tone", if status.is_success() { "ok" } else { "error" });
    context.insert("link", &link.map(|l| l.0));
    context.insert("link_text", &link.map(|l| l.1));
    render(desk, "message.html", context, status)
}

/// Runs `work` with the session on a blocking thread (it may wait for a rebuild).
async fn with_session<T: Send + 'static>(
    desk: &Arc<Desk>,
    work: impl FnOnce(&Desk, &Session) -> T + Send + 'static,
) -> Option<T> {
    let desk = Arc::clone(desk);
    tokio::task::spawn_blocking(move || {
        let session = lock(&desk.session);
        work(&desk, &session)
    })
    .await
    .ok()
}

fn today(session: &Session) -> NaiveDate {
    crate::publish::check::today(session.options())
        .unwrap_or_else(|_| chrono::Local::now().date_naive())
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    guard::cookies(headers, name)
        .map(crate::core::paths::percent_decode)
        .next()
}

#[derive(Deserialize)]
struct HomeQuery {
    me: Option<String>,
}

#[derive(Serialize)]
struct SectorChoice {
    id: String,
    name: String,
    mine: bool,
}

async fn home(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    Query(query): Query<HomeQuery>,
) -> Response {
    let me = query
        .me
        .clone()
        .or_else(|| cookie(&headers, ME_COOKIE))
        .filter(|m| !m.trim().is_empty());
    let given = query.me.is_some();
    let Some(mut response) = with_session(&desk, move |desk, session| {
        let year = today(session).year();
        let mut context = tera::Context::new();
        let (sectors, liaisons, built) = match session.built() {
            Some((site, _)) => {
                let mut liaisons: Vec<String> = site
                    .sectors
                    .iter()
                    .flat_map(|s| {
                        s.liaisons
                            .iter()
                            .filter(|l| l.holds_in(year))
                            .map(|l| l.name.clone())
                    })
                    .collect();
                liaisons.sort();
                liaisons.dedup();
                let mut sectors: Vec<SectorChoice> = site
                    .sectors
                    .iter()
                    .map(|s| SectorChoice {
                        id: s.id.clone(),
                        name: s.display_name().to_string(),
                        mine: me.as_ref().is_some_and(|me| {
                            s.liaisons.iter().any(|l| &l.name == me && l.holds_in(year))
                        }),
                    })
                    .collect();
                sectors.sort_by_key(|s| !s.mine);
                (sectors, liaisons, true)
            }
            None => (Vec::new(), Vec::new(), false),
        };
        context.insert("title", "写作台");
        context.insert("year", &year);
        context.insert("sectors", &sectors);
        context.insert("liaisons", &liaisons);
        context.insert("me", &me.clone().unwrap_or_default());
        context.insert("built", &built);
        render(desk, "home.html", context, StatusCode::OK)
    })
    .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if given {
        let value = encode(query.me.as_deref().unwrap_or_default());
        if let Ok(cookie) = HeaderValue::try_from(format!(
            "{ME_COOKIE}={value}; Path={DESK_PATH}/; SameSite=Strict; Max-Age=31536000"
        )) {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
    }
    response
}

#[derive(Deserialize)]
struct YearQuery {
    year: Option<String>,
    sector: Option<String>,
}

async fn sector(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<YearQuery>,
) -> Response {
    with_session(&desk, move |desk, session| {
        let year = query
            .year
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (1949..=9999).contains(y))
            .unwrap_or_else(|| today(session).year());
        let Some(sources) = session.sources() else {
            return message(
                desk,
                StatusCode::SERVICE_UNAVAILABLE,
                "写作台",
                "网站还在生成，请稍候刷新。",
                None,
            );
        };
        let built = session.built();
        let name = built
            .and_then(|(site, _)| site.sector(&id))
            .map(|s| s.display_name().to_string());
        let Some(name) = name else {
            return message(
                desk,
                StatusCode::NOT_FOUND,
                "没有这个界别",
                &format!("没有代号为 {id} 的界别。"),
                Some(("/__jiebie/desk/", "回到写作台首页")),
            );
        };
        let listing = listing::listing(sources, built, &id, &name, year);
        let mut context = tera::Context::new();
        context.insert("title", &format!("{name} {year} 年"));
        context.insert("sector", &id);
        context.insert("year", &year);
        context.insert("listing", &listing);
        render(desk, "sector.html", context, StatusCode::OK)
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A problem as the form shows it.
#[derive(Debug, Clone, Serialize)]
struct Problem {
    field: Option<String>,
    label: String,
    severity: &'static str,
    line: usize,
    message: String,
    help: Option<String>,
}

/// Everything a form page shows.
struct FormPage {
    form: Form,
    heading: String,
    file: Option<String>,
    base: Option<String>,
    year: i32,
    verdict: Option<(Verdict, String)>,
    notice: Option<(String, &'static str)>,
    conflict: bool,
    page_url: Option<String>,
    commit: bool,
}

fn problems(form: &Form, verdict: &Verdict, text: &str) -> Vec<Problem> {
    verdict
        .diagnostics
        .iter()
        .map(|d| {
            let field =
                desk_check::field_at(text, d.position.line).filter(|key| form.field(key).is_some());
            Problem {
                label: field
                    .as_deref()
                    .and_then(|k| form.field(k))
                    .map(|f| f.label.clone())
                    .unwrap_or_default(),
                field,
                severity: if d.is_error() { "error" } else { "warning" },
                line: d.position.line,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect()
}

fn show_form(desk: &Desk, page: FormPage, status: StatusCode) -> Response {
    let mut form = page.form;
    // One empty row to fill (more with the script's "add a row").
    for field in &mut form.fields {
        if let Input::Rows { columns } = &field.input {
            field.rows.push(vec![String::new(); columns.len()]);
        }
    }
    let mut context = tera::Context::new();
    let (problems, preview) = match &page.verdict {
        Some((verdict, text)) => (problems(&form, verdict, text), verdict.preview.clone()),
        None => (Vec::new(), String::new()),
    };
    let mut by_field: BTreeMap<String, Vec<&Problem>> = BTreeMap::new();
    for p in &problems {
        if let Some(f) = &p.field {
            by_field.entry(f.clone()).or_default().push(p);
        }
    }
    let unplaced: Vec<&Problem> = problems.iter().filter(|p| p.field.is_none()).collect();
    let listed: Vec<&Problem> = problems.iter().filter(|p| p.field.is_some()).collect();
    context.insert("title", &page.heading);
    context.insert("heading", &page.heading);
    context.insert("form", &form);
    context.insert("sector", &form.sector);
    context.insert("year", &page.year);
    context.insert("file", &page.file);
    context.insert("base", &page.base);
    context.insert("problems", &by_field);
    context.insert("unplaced", &unplaced);
    context.insert("listed", &listed);
    context.insert(
        "errors",
        &problems.iter().filter(|p| p.severity == "error").count(),
    );
    context.insert(
        "warnings",
        &problems.iter().filter(|p| p.severity != "error").count(),
    );
    context.insert("preview", &preview);
    context.insert("notice", &page.notice.as_ref().map(|n| n.0.clone()));
    context.insert("notice_tone", &page.notice.as_ref().map(|n| n.1));
    context.insert("conflict", &page.conflict);
    context.insert("page_url", &page.page_url);
    context.insert("commit", &page.commit);
    render(desk, "form.html", context, status)
}

/// A version stamp of a file's bytes, to notice a change on disk between opening a form
/// and saving it.
fn stamp(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), bytes.len())
}

fn links<'a>(
    session: &'a Session,
    empty: &'a (
        HashMap<PathBuf, String>,
        BTreeMap<PathBuf, crate::model::Rejected>,
        std::collections::BTreeSet<PathBuf>,
    ),
) -> LinkContext<'a> {
    let assets = session
        .sources()
        .map(|s| &s.loaded.assets)
        .unwrap_or(&empty.2);
    match session.built() {
        Some((site, derived)) => LinkContext {
            document_urls: &derived.document_urls,
            assets,
            rejected: &site.rejected,
            trusted_html: site.config.trusted_html,
        },
        None => LinkContext {
            document_urls: &empty.0,
            assets,
            rejected: &empty.1,
            trusted_html: false,
        },
    }
}

/// Checks `text` as the document at `rel` with the session's content.
fn verdict_for(desk: &Desk, session: &Session, rel: &Path, text: &str) -> Verdict {
    let empty = Default::default();
    let today = today(session);
    let options = crate::publish::check::validate_options(session.options(), today);
    let loaded = crate::source::load::Loaded::default();
    let sources = session.sources().unwrap_or(desk_check::Sources {
        loaded: &loaded,
        decoded: &[],
    });
    let fresh = fresh_files(&desk.content_dir, rel, sources.loaded);
    desk_check::check_document(
        &desk.content_dir,
        sources,
        links(session, &empty),
        rel,
        text,
        &fresh,
        &options,
        today,
    )
}

/// Files in the document's folder that are on disk but not yet in the session (a photo
/// stored a moment ago, before the preview rebuilt): one folder read, not a walk.
fn fresh_files(
    content_dir: &Path,
    rel: &Path,
    loaded: &crate::source::load::Loaded,
) -> Vec<PathBuf> {
    let folder = rel.parent().unwrap_or(Path::new(""));
    let Ok(entries) = std::fs::read_dir(content_dir.join(folder)) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| folder.join(e.file_name()))
        .filter(|p| {
            !crate::source::roles::is_document(p)
                && !p
                    .file_name()
                    .is_some_and(|n| crate::source::roles::is_ignored_name(&n.to_string_lossy()))
                && !loaded.assets.contains(p)
        })
        .collect()
}

fn new_form_for(session: &Session, doc: DocType, sector: Option<&str>, year: i32) -> Form {
    let fallback = crate::model::Site::default();
    let site = session.built().map(|(s, _)| s).unwrap_or(&fallback);
    Form::new(doc, Context { site, sector, year })
}

fn heading(doc: DocType, new: bool, sector: Option<&str>, session: &Session, year: i32) -> String {
    let name = sector
        .and_then(|id| {
            session
                .built()
                .and_then(|(site, _)| site.sector(id))
                .map(|s| s.display_name().to_string())
        })
        .unwrap_or_default();
    let what = doc.name();
    let year_part = if matches!(
        doc,
        DocType::Plan | DocType::Summary | DocType::Commendation
    ) {
        format!(" {year} 年")
    } else {
        String::new()
    };
    let verb = if new { "新建" } else { "修改" };
    let sector_part = if name.is_empty() {
        String::new()
    } else {
        format!(" · {name}")
    };
    format!("{verb}{what}{year_part}{sector_part}")
}

async fn new_form(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    UrlPath(doc): UrlPath<String>,
    Query(query): Query<YearQuery>,
) -> Response {
    let me = cookie(&headers, ME_COOKIE);
    with_session(&desk, move |desk, session| {
        let Some(doc) = DocType::parse(&doc) else {
            return message(desk, StatusCode::NOT_FOUND, "没有这种稿件", "写作台可以填写活动报道、年度计划、年度总结、成果和表扬通报。", Some(("/__jiebie/desk/", "回到写作台首页")));
        };
        let today = today(session);
        let year = query.year.and_then(|y| y.parse::<i32>().ok()).filter(|y| (1949..=9999).contains(y)).unwrap_or(today.year());
        let sector = query.sector.filter(|s| crate::core::slug::is_valid_id(s));
        if doc.has_sector() && sector.is_none() {
            return message(desk, StatusCode::BAD_REQUEST, "请先选择界别", "请从写作台首页选择界别后再新建。", Some(("/__jiebie/desk/", "回到写作台首页")));
        }
        let sector = if doc.has_sector() { sector } else { None };
        // A plan, summary or notice of that year that exists is opened, not made twice.
        if !matches!(doc, DocType::Activity | DocType::Output) {
            let rel = desk::new_file(doc, sector.as_deref().unwrap_or_default(), None, None, year, today);
            if desk.content_dir.join(&rel).is_file() {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, format!("{DESK_PATH}/edit?file={}", encode(&slashed(&rel))))]).into_response();
            }
        }
        let mut form = new_form_for(session, doc, sector.as_deref(), year);
        let mut defaults = Submitted::new();
        if matches!(doc, DocType::Activity | DocType::Output) && year == today.year() {
            defaults.insert("date".into(), vec![today.to_string()]);
        }
        if doc == DocType::Activity {
            let author = me.filter(|m| form.field("author").is_some_and(|f| matches!(&f.input, Input::Suggest { suggestions } if suggestions.contains(m))))
                .or_else(|| session.built().and_then(|(site, _)| crate::author::scaffold::current_liaison(site, sector.as_deref().unwrap_or_default(), today)));
            if let Some(author) = author {
                defaults.insert("author".into(), vec![author]);
            }
        }
        if matches!(doc, DocType::Plan | DocType::Summary | DocType::Commendation) {
            defaults.insert("year".into(), vec![year.to_string()]);
        }
        if doc == DocType::Commendation {
            defaults.insert("date".into(), vec![today.to_string()]);
        }
        form.fill_from_submission(&defaults);
        let heading = heading(doc, true, sector.as_deref(), session, year);
        show_form(desk, FormPage { form, heading, file: None, base: None, year, verdict: None, notice: None, conflict: false, page_url: None, commit: false }, StatusCode::OK)
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[derive(Deserialize)]
struct EditQuery {
    file: Option<String>,
    saved: Option<String>,
}

fn is_git_repository(dir: &Path) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The form for the document at `rel` as it is on disk.
fn open_document(
    desk: &Desk,
    session: &Session,
    rel: &Path,
    notice: Option<(String, &'static str)>,
) -> Response {
    let path = desk.content_dir.join(rel);
    if !inside_content(&desk.content_dir, &path) {
        return message(
            desk,
            StatusCode::NOT_FOUND,
            "找不到稿件",
            "没有这个文件。",
            Some(("/__jiebie/desk/", "回到写作台首页")),
        );
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(_) => {
            return message(
                desk,
                StatusCode::NOT_FOUND,
                "找不到稿件",
                &format!("没有文件 {}。", slashed(rel)),
                Some(("/__jiebie/desk/", "回到写作台首页")),
            )
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let Some((doc, sector)) = DocType::of(rel) else {
        return message(
            desk,
            StatusCode::NOT_FOUND,
            "不能在写作台修改",
            "写作台只能修改活动报道、计划、总结、成果和表扬通报。",
            None,
        );
    };
    let date = front_value(&text, "date").and_then(|d| crate::source::fields::parse_date(&d).ok());
    let year = desk::year_of(rel, date).unwrap_or_else(|| today(session).year());
    let mut form = new_form_for(session, doc, sector.as_deref(), year);
    let split = crate::source::front_matter::split_front_matter(&text);
    let front = split
        .as_ref()
        .ok()
        .and_then(|s| crate::source::yaml::parse_from_line(s.front, s.front_line).ok());
    let verdict = verdict_for(desk, session, rel, &text);
    let (Ok(split), Some(front)) = (split, front) else {
        let first = verdict
            .diagnostics
            .first()
            .map(|d| {
                format!(
                    "第 {} 行：{}{}",
                    d.position.line,
                    d.message,
                    d.help
                        .as_ref()
                        .map(|h| format!("（{h}）"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        return message(
            desk,
            StatusCode::UNPROCESSABLE_ENTITY,
            "这篇稿件的前置信息读不出来",
            &format!(
                "{}：{first}。请用文本编辑器改正后再在写作台打开。",
                slashed(rel)
            ),
            Some(("/__jiebie/desk/", "回到写作台首页")),
        );
    };
    form.fill_from_document(&front, split.body);
    let page_url = session
        .built()
        .and_then(|(_, d)| d.document_urls.get(rel))
        .map(|u| format!("/{u}"));
    let heading = heading(doc, false, sector.as_deref(), session, year);
    show_form(
        desk,
        FormPage {
            form,
            heading,
            file: Some(slashed(rel)),
            base: Some(stamp(&bytes)),
            year,
            verdict: Some((verdict, text)),
            notice,
            conflict: false,
            page_url,
            commit: is_git_repository(&desk.content_dir),
        },
        StatusCode::OK,
    )
}

fn front_value(text: &str, key: &str) -> Option<String> {
    let split = crate::source::front_matter::split_front_matter(text).ok()?;
    let front = crate::source::yaml::parse(split.front).ok()?;
    front
        .as_mapping()?
        .iter()
        .find(|(k, _)| k.text == key)?
        .1
        .as_str()
        .map(str::to_string)
}

/// Whether `path` is inside `content_dir` once symbolic links are resolved (a path
/// that does not exist yet is judged by its nearest existing folder).
fn inside_content(content_dir: &Path, path: &Path) -> bool {
    let Ok(root) = content_dir.canonicalize() else {
        return false;
    };
    let mut probe = path.to_path_buf();
    loop {
        if let Ok(real) = probe.canonicalize() {
            return real.starts_with(&root);
        }
        if !probe.pop() {
            return false;
        }
    }
}

async fn edit_form(State(desk): State<Arc<Desk>>, Query(query): Query<EditQuery>) -> Response {
    with_session(&desk, move |desk, session| {
        let Some(rel) = query.file.as_deref().and_then(listing::document_path) else {
            return message(desk, StatusCode::BAD_REQUEST, "不能打开", "这个地址没有指向写作台可以修改的稿件。", Some(("/__jiebie/desk/", "回到写作台首页")));
        };
        let notice = match query.saved.as_deref() {
            Some("draft") => Some(("已存为草稿。草稿不会发布；改正错误、取消“草稿”并保存后才会发布。".to_string(), "ok")),
            Some("imported") => Some(("已从 Word 文档导入，存为草稿。请核对每一项（尤其是日期、类型和参加人员），再取消“草稿”并保存。".to_string(), "ok")),
            Some(_) => Some(("已保存。预览网站正在更新。".to_string(), "ok")),
            None => None,
        };
        open_document(desk, session, &rel, notice)
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[derive(Deserialize)]
struct OpenQuery {
    url: Option<String>,
}

/// From a page of the preview to the form of the document it shows.
async fn open(State(desk): State<Arc<Desk>>, Query(query): Query<OpenQuery>) -> Response {
    with_session(&desk, move |_, session| {
        let wanted = query.url.unwrap_or_default();
        let wanted = wanted.trim_start_matches('/');
        let found = session.built().and_then(|(_, derived)| {
            derived
                .document_urls
                .iter()
                .filter(|(rel, url)| url.as_str() == wanted && DocType::of(rel).is_some())
                .map(|(rel, _)| rel.clone())
                .min()
        });
        let location = match found {
            Some(rel) => format!("{DESK_PATH}/edit?file={}", encode(&slashed(&rel))),
            None => format!("{DESK_PATH}/"),
        };
        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A write-up of the preview as its WeChat fragment ([`crate::render::wechat`]), from the
/// last good build: shown rendered (to copy as rich text) and as source. Drafts and
/// pages that are not published write-ups get a message instead.
async fn wechat(State(desk): State<Arc<Desk>>, Query(query): Query<OpenQuery>) -> Response {
    with_session(&desk, move |desk, session| {
        let back = Some(("/__jiebie/desk/", "回到写作台首页"));
        let wanted = query.url.unwrap_or_default();
        let Some(checked) = session.checked() else {
            return message(
                desk,
                StatusCode::SERVICE_UNAVAILABLE,
                "暂时不能导出",
                "网站还没有生成成功；改正错误、预览更新后再试。",
                back,
            );
        };
        let found = crate::render::wechat::locate(
            &checked.site,
            &checked.derived,
            &desk.content_dir,
            &wanted,
        )
        .filter(|&i| crate::derive::route::is_activity_page(&checked.derived.activity_urls[i]));
        let Some(i) = found else {
            return message(
                desk,
                StatusCode::NOT_FOUND,
                "不能导出",
                "只有已发布的活动稿件可以复制到公众号；这个页面不是。",
                back,
            );
        };
        let activity = &checked.site.activities[i];
        if activity.draft || !activity.pending_review.is_empty() {
            return message(
                desk,
                StatusCode::CONFLICT,
                "不能导出",
                "这篇稿件是草稿或尚待审核，发布后才能复制到公众号。",
                back,
            );
        }
        // The published site's address from site.yaml: the preview's own (127.0.0.1)
        // is out of the editor's reach.
        let published = session
            .sources()
            .and_then(|s| s.decoded.iter().find_map(|d| d.config()))
            .map_or(checked.site.config.base_url.as_str(), |c| {
                c.base_url.as_str()
            });
        let fragment = crate::render::wechat::fragment(
            &checked.site,
            &checked.derived,
            &checked.bodies,
            i,
            published,
        );
        let mut context = tera::Context::new();
        context.insert("title", "复制到公众号");
        context.insert("article", &activity.title);
        context.insert("fragment", &fragment);
        context.insert("file", &activity.source.display.display().to_string());
        render(desk, "wechat.html", context, StatusCode::OK)
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A file sent with a form.
struct Upload {
    field: String,
    name: String,
    bytes: Vec<u8>,
}

/// Reads a multipart form: text fields into [`Submitted`], files aside.
async fn read_multipart(mut multipart: Multipart) -> Result<(Submitted, Vec<Upload>), String> {
    let mut submitted = Submitted::new();
    let mut uploads = Vec::new();
    let mut count = 0;
    let too_large = || {
        crate::tr!(
            "提交的内容过大（上限 {} MB）",
            "the submission is too large (the limit is {} MB)",
            MAX_BODY / 1024 / 1024
        )
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => {
                return Err(crate::tr!(
                    "表单读不出来：{}",
                    "the form cannot be read: {}",
                    e.body_text()
                ))
            }
        };
        count += 1;
        if count > MAX_FIELDS {
            return Err(crate::tr!("表单的项目过多", "the form has too many fields"));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => {
                return Err(crate::tr!(
                    "表单读不出来：{}",
                    "the form cannot be read: {}",
                    e.body_text()
                ))
            }
        };
        match file_name {
            Some(file_name) => {
                // A file input left empty still sends an empty part.
                if !bytes.is_empty() || !file_name.is_empty() {
                    uploads.push(Upload {
                        field: name,
                        name: file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            None => {
                if bytes.len() > MAX_TEXT_FIELD {
                    return Err(crate::tr!(
                        "“{}” 一项过长",
                        "the field “{}” is too long",
                        name
                    ));
                }
                submitted
                    .entry(name)
                    .or_default()
                    .push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok((submitted, uploads))
}

fn first<'a>(submitted: &'a Submitted, key: &str) -> Option<&'a str> {
    submitted
        .get(key)
        .and_then(|v| v.first())
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// What a submission asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Check,
    Save,
    Draft,
}

/// What handling a submission came to.
enum Outcome {
    /// Show the form again (with its problems, a conflict, or a refusal to publish).
    Form(Box<FormPage>, StatusCode),
    /// Saved: where to go next.
    Saved(String),
    /// The submission itself is wrong.
    Refused(StatusCode, String),
    /// Checked, for the script.
    Checked(Vec<Problem>, Verdict),
}

fn handle(
    desk: &Desk,
    session: &Session,
    mut submitted: Submitted,
    uploads: Vec<Upload>,
    action: Action,
) -> Outcome {
    let bad = |text: String| Outcome::Refused(StatusCode::BAD_REQUEST, text);
    let Some(doc) = first(&submitted, "doc").and_then(DocType::parse) else {
        return bad(crate::tr!(
            "不知道要保存哪种稿件",
            "which kind of document is unknown"
        ));
    };
    let today = today(session);
    let existing = match first(&submitted, "file") {
        Some(file) => match listing::document_path(file)
            .filter(|rel| DocType::of(rel).map(|(d, _)| d) == Some(doc))
        {
            Some(rel) => Some(rel),
            None => return bad(crate::tr!("文件路径不合法", "the file path is not allowed")),
        },
        None => None,
    };
    let sector = match &existing {
        Some(rel) => DocType::of(rel).and_then(|(_, s)| s),
        None => first(&submitted, "sector").map(str::to_string),
    };
    if doc.has_sector() {
        let known = sector.as_deref().is_some_and(|s| {
            crate::core::slug::is_valid_id(s)
                && session
                    .built()
                    .is_none_or(|(site, _)| site.sector(s).is_some())
        });
        if !known {
            return bad(crate::tr!("没有这个界别", "there is no such sector"));
        }
    }
    let sector = if doc.has_sector() { sector } else { None };
    let date = first(&submitted, "date").and_then(|d| crate::source::fields::parse_date(d).ok());
    let form_year = first(&submitted, "form_year")
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(today.year());
    let year = match &existing {
        Some(rel) => desk::year_of(rel, date).unwrap_or(form_year),
        None => form::submitted_year(&submitted, form_year),
    };
    let mut form = new_form_for(session, doc, sector.as_deref(), year);
    let (rel, original, base_now) = match &existing {
        Some(rel) => {
            let path = desk.content_dir.join(rel);
            if !inside_content(&desk.content_dir, &path) {
                return bad(crate::tr!("文件路径不合法", "the file path is not allowed"));
            }
            match std::fs::read(&path) {
                Ok(bytes) => (
                    rel.clone(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                    Some(stamp(&bytes)),
                ),
                // Removed meanwhile: saving makes it again.
                Err(_) => (rel.clone(), doc.template(year, today), None),
            }
        }
        None => {
            let title = first(&submitted, "title");
            let wanted = desk::new_file(
                doc,
                sector.as_deref().unwrap_or_default(),
                title,
                date,
                year,
                today,
            );
            let rel = if matches!(doc, DocType::Activity | DocType::Output) {
                desk::free_name(&desk.content_dir, &wanted)
            } else {
                wanted
            };
            (rel, doc.template(year, today), None)
        }
    };
    // Keep what the form cannot show, exactly as the file has it.
    let mut keys_in_file = Vec::new();
    if let Ok(split) = crate::source::front_matter::split_front_matter(&original) {
        if let Ok(front) = crate::source::yaml::parse_from_line(split.front, split.front_line) {
            form.fill_from_document(&front, split.body);
            keys_in_file = front
                .as_mapping()
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| k.text.clone())
                .collect();
        }
    }
    let is_new = existing.is_none();
    let conflict = match &existing {
        Some(_) => {
            let opened = first(&submitted, "base").map(str::to_string);
            let overwrite = first(&submitted, "overwrite") == Some("true");
            opened != base_now && !overwrite
        }
        None => {
            desk.content_dir.join(&rel).exists()
                && !matches!(doc, DocType::Activity | DocType::Output)
        }
    };
    let mut notices = Vec::new();
    if action != Action::Check && !conflict {
        // Each upload fills the first photo row without a file (where the liaison may
        // already have written its description), then new rows after the last.
        let rows: std::collections::BTreeSet<usize> = submitted
            .keys()
            .filter_map(|k| {
                k.strip_prefix("photos.")?
                    .split('.')
                    .next()?
                    .parse::<usize>()
                    .ok()
            })
            .collect();
        let mut free = rows
            .iter()
            .copied()
            .filter(|row| first(&submitted, &format!("photos.{row}.src")).is_none())
            .collect::<Vec<_>>()
            .into_iter();
        let mut next = rows.last().map_or(0, |n| n + 1);
        for upload in uploads.iter().filter(|u| u.field == "photo_upload") {
            if doc != DocType::Activity {
                break;
            }
            match desk::photos::store(&desk.content_dir, &rel, &upload.name, &upload.bytes) {
                Ok(src) => {
                    let row = free.next().unwrap_or_else(|| {
                        next += 1;
                        next - 1
                    });
                    submitted.insert(format!("photos.{row}.src"), vec![src]);
                }
                Err(e) => notices.push(e.to_string()),
            }
        }
    }
    form.fill_from_submission(&submitted);
    let (mut changes, body) = form.changes(&submitted);
    // An unticked box says nothing about a key the file does not have: no `draft: false`
    // is added to a hand-written file.
    changes.retain(|c| c.value != Some(FieldValue::Bool(false)) || keys_in_file.contains(&c.key));
    if action == Action::Draft {
        changes.retain(|c| c.key != "draft");
        changes.push(Change {
            key: "draft".into(),
            value: Some(FieldValue::Bool(true)),
        });
    }
    let text = match edit::apply(&original, doc.keys(), &changes, body.as_deref()) {
        Ok(text) => text,
        Err(e) => return bad(e.to_string()),
    };
    let verdict = verdict_for(desk, session, &rel, &text);
    let page =
        |form: Form, verdict: Verdict, notice: Option<(String, &'static str)>, conflict: bool| {
            let file = existing.as_ref().map(|r| slashed(r));
            Box::new(FormPage {
                heading: heading(doc, is_new, sector.as_deref(), session, year),
                form,
                file,
                base: first(&submitted, "base").map(str::to_string),
                year,
                verdict: Some((verdict, text.clone())),
                notice,
                conflict,
                page_url: None,
                commit: false,
            })
        };
    if conflict {
        return Outcome::Form(page(form, verdict, None, true), StatusCode::CONFLICT);
    }
    let uploads_failed = (!notices.is_empty()).then(|| (notices.join("；"), "error"));
    if action != Action::Check {
        if let Some(notice) = uploads_failed.clone() {
            // The photos that passed are stored and listed in the form; nothing else is
            // saved until the liaison has seen which did not.
            return Outcome::Form(
                page(form, verdict, Some(notice), false),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    match action {
        Action::Check => {
            if first(&submitted, "js") == Some("1") {
                let problems = problems(&form, &verdict, &text);
                return Outcome::Checked(problems, verdict);
            }
            Outcome::Form(page(form, verdict, uploads_failed, false), StatusCode::OK)
        }
        Action::Save if verdict.has_errors() => {
            let notice = crate::tr!(
                "还有错误，没有保存。请按提示改正后再保存；暂时改不了的，可以先“存为草稿”。",
                "there are errors: nothing was saved. Fix them and save again, or save it as a draft for now."
            );
            Outcome::Form(
                page(form, verdict, Some((notice, "error")), false),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Action::Save | Action::Draft => {
            let path = desk.content_dir.join(&rel);
            if !inside_content(&desk.content_dir, &path) {
                return bad(crate::tr!("文件路径不合法", "the file path is not allowed"));
            }
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| desk::write_whole(&path, text.as_bytes()));
            if let Err(e) = written {
                let notice = crate::tr!(
                    "保存失败：{e}。您填写的内容仍在表单里。",
                    "saving failed: {e}. What you entered is still in the form."
                );
                return Outcome::Form(
                    page(form, verdict, Some((notice, "error")), false),
                    StatusCode::INTERNAL_SERVER_ERROR,
                );
            }
            let saved = if action == Action::Draft {
                "draft"
            } else {
                "1"
            };
            Outcome::Saved(format!(
                "{DESK_PATH}/edit?file={}&saved={saved}",
                encode(&slashed(&rel))
            ))
        }
    }
}

/// Reads a posted multipart form and checks its CSRF token; the refusal is the response
/// to send (a page titled `refused_title` when the form cannot be read).
async fn read_post(
    desk: &Desk,
    method: &Method,
    headers: &HeaderMap,
    multipart: Multipart,
    refused_title: &str,
) -> Result<(Submitted, Vec<Upload>), Response> {
    let (submitted, uploads) = read_multipart(multipart).await.map_err(|text| {
        message(
            desk,
            StatusCode::PAYLOAD_TOO_LARGE,
            refused_title,
            &text,
            None,
        )
    })?;
    desk.guard
        .check_post(method, headers, first(&submitted, "csrf"))
        .map_err(refused)?;
    Ok((submitted, uploads))
}

async fn save(
    State(desk): State<Arc<Desk>>,
    method: Method,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (submitted, uploads) =
        match read_post(&desk, &method, &headers, multipart, "没有保存").await {
            Ok(read) => read,
            Err(response) => return response,
        };
    let action = match first(&submitted, "action") {
        Some("check") => Action::Check,
        Some("draft") => Action::Draft,
        _ => Action::Save,
    };
    let outcome = with_session(&desk, move |desk, session| {
        let outcome = handle(desk, session, submitted, uploads, action);
        match outcome {
            Outcome::Form(page, status) => show_form(desk, *page, status),
            Outcome::Saved(location) => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
            }
            Outcome::Refused(status, text) => message(
                desk,
                status,
                "没有保存",
                &text,
                Some(("/__jiebie/desk/", "回到写作台首页")),
            ),
            Outcome::Checked(..) => StatusCode::BAD_REQUEST.into_response(),
        }
    })
    .await;
    outcome.unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// What the script's check gets back.
#[derive(Serialize)]
struct CheckResult {
    errors: usize,
    warnings: usize,
    problems: Vec<Problem>,
    preview: String,
}

async fn check(
    State(desk): State<Arc<Desk>>,
    method: Method,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (mut submitted, _) = match read_post(&desk, &method, &headers, multipart, "没有检查").await
    {
        Ok(read) => read,
        Err(response) => return response,
    };
    submitted.insert("js".into(), vec!["1".into()]);
    let outcome = with_session(&desk, move |desk, session| {
        handle(desk, session, submitted, Vec::new(), Action::Check)
    })
    .await;
    match outcome {
        Some(Outcome::Checked(problems, verdict)) => Json(CheckResult {
            errors: problems.iter().filter(|p| p.severity == "error").count(),
            warnings: problems.iter().filter(|p| p.severity != "error").count(),
            problems,
            preview: verdict.preview,
        })
        .into_response(),
        Some(Outcome::Refused(status, text)) => (status, text).into_response(),
        Some(Outcome::Form(_, status)) => status.into_response(),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn import(
    State(desk): State<Arc<Desk>>,
    method: Method,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (submitted, uploads) =
        match read_post(&desk, &method, &headers, multipart, "没有导入").await {
            Ok(read) => read,
            Err(response) => return response,
        };
    with_session(&desk, move |desk, session| {
        let back = Some(("/__jiebie/desk/", "回到写作台首页"));
        let Some(upload) = uploads
            .into_iter()
            .find(|u| u.field == "document" && !u.bytes.is_empty())
        else {
            return message(
                desk,
                StatusCode::BAD_REQUEST,
                "没有导入",
                "请选择一个 Word 文档（.docx）。",
                back,
            );
        };
        let Some((site, _)) = session.built() else {
            return message(
                desk,
                StatusCode::SERVICE_UNAVAILABLE,
                "没有导入",
                "网站内容目前有错误，还没有成功生成过：请先改正错误。",
                back,
            );
        };
        let request = crate::author::import::ImportRequest {
            sector: first(&submitted, "sector").map(str::to_string),
            draft: true,
            ..Default::default()
        };
        let stem = Path::new(&upload.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "huodong".into());
        let result =
            if let Err(refused) = crate::author::import::refuse_by_name(Path::new(&upload.name)) {
                Err(refused)
            } else {
                crate::author::docx::read(&upload.bytes)
                    .map_err(crate::author::import::ImportError::Document)
                    .and_then(|document| {
                        crate::author::import::convert(
                            &desk.content_dir,
                            site,
                            &document,
                            &stem,
                            &request,
                            today(session),
                            &mut crate::author::scaffold::NoPrompter,
                        )
                    })
            };
        match result {
            Ok(imported) => {
                let rel = imported
                    .written
                    .strip_prefix(&desk.content_dir)
                    .unwrap_or(&imported.written)
                    .to_path_buf();
                (
                    StatusCode::SEE_OTHER,
                    [(
                        header::LOCATION,
                        format!(
                            "{DESK_PATH}/edit?file={}&saved=imported",
                            encode(&slashed(&rel))
                        ),
                    )],
                )
                    .into_response()
            }
            Err(e) => message(
                desk,
                StatusCode::UNPROCESSABLE_ENTITY,
                "没有导入",
                &format!("{}：{e}", upload.name),
                back,
            ),
        }
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[derive(Deserialize)]
struct CommitForm {
    csrf: Option<String>,
    file: Option<String>,
}

async fn commit(
    State(desk): State<Arc<Desk>>,
    method: Method,
    headers: HeaderMap,
    axum::Form(given): axum::Form<CommitForm>,
) -> Response {
    if let Err(refusal) = desk
        .guard
        .check_post(&method, &headers, given.csrf.as_deref())
    {
        return refused(refusal);
    }
    let me = cookie(&headers, ME_COOKIE);
    with_session(&desk, move |desk, session| {
        let Some(rel) = given.file.as_deref().and_then(listing::document_path) else {
            return message(
                desk,
                StatusCode::BAD_REQUEST,
                "没有提交",
                "这个地址没有指向写作台可以修改的稿件。",
                None,
            );
        };
        let back = format!("{DESK_PATH}/edit?file={}", encode(&slashed(&rel)));
        let text = std::fs::read_to_string(desk.content_dir.join(&rel)).unwrap_or_default();
        let title = front_value(&text, "title").unwrap_or_else(|| slashed(&rel));
        let author = front_value(&text, "author").or(me).unwrap_or_default();
        let sector = DocType::of(&rel)
            .and_then(|(_, s)| s)
            .map(|s| {
                session
                    .built()
                    .and_then(|(site, _)| site.sector(&s))
                    .map(|x| x.display_name().to_string())
                    .unwrap_or(s)
            })
            .unwrap_or_default();
        let photos: Vec<PathBuf> = crate::source::front_matter::split_front_matter(&text)
            .ok()
            .and_then(|s| crate::source::yaml::parse(s.front).ok())
            .and_then(|front| {
                let entries = front
                    .as_mapping()?
                    .iter()
                    .find(|(k, _)| k.text == "photos")?
                    .1
                    .as_sequence()?
                    .to_vec();
                Some(
                    entries
                        .iter()
                        .filter_map(|e| {
                            e.as_mapping()?
                                .iter()
                                .find(|(k, _)| k.text == "src")?
                                .1
                                .as_str()
                                .map(str::to_string)
                        })
                        .filter_map(|src| crate::core::paths::resolve_reference(&rel, &src))
                        .collect(),
                )
            })
            .unwrap_or_default();
        let mut paths = vec![rel.to_path_buf()];
        paths.extend(
            photos
                .into_iter()
                .filter(|p| desk.content_dir.join(p).is_file()),
        );
        let summary = if author.is_empty() {
            format!("{sector}：{title}")
        } else {
            format!("{sector}：{title}（{author}）")
        };
        match git_commit(&desk.content_dir, &paths, &summary) {
            Ok(done) => message(
                desk,
                StatusCode::OK,
                "已提交",
                &done,
                Some((&back, "回到稿件")),
            ),
            Err(why) => message(
                desk,
                StatusCode::UNPROCESSABLE_ENTITY,
                "没有提交",
                &why,
                Some((&back, "回到稿件")),
            ),
        }
    })
    .await
    .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `git add` and `git commit` of `paths` (relative to `content_dir`) only, with the
/// message `summary`; nothing is pushed.
fn git_commit(content_dir: &Path, paths: &[PathBuf], summary: &str) -> Result<String, String> {
    let git = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(content_dir)
            // git's own messages are read below; they are translated in other locales.
            .env("LC_ALL", "C")
            .args(args)
            .output()
    };
    let fail = |what: &str, output: &std::process::Output| {
        crate::tr!(
            "{what}失败：{}",
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
    };
    let mut add: Vec<&std::ffi::OsStr> = vec!["add".as_ref(), "--".as_ref()];
    add.extend(paths.iter().map(|p| p.as_os_str()));
    let output = git(&add).map_err(|e| {
        crate::tr!(
            "找不到 git 命令：{e}",
            "the git command is not available: {e}"
        )
    })?;
    if !output.status.success() {
        return Err(fail("git add", &output));
    }
    let message = format!("界别稿件：{summary}\n\n由 jiebie 写作台提交。");
    let mut commit: Vec<&std::ffi::OsStr> = vec![
        "commit".as_ref(),
        "-m".as_ref(),
        message.as_ref(),
        "--".as_ref(),
    ];
    commit.extend(paths.iter().map(|p| p.as_os_str()));
    let output = git(&commit).map_err(|e| e.to_string())?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stdout);
        if said.contains("nothing to commit")
            || said.contains("nothing added")
            || said.contains("no changes added")
        {
            return Ok(crate::tr!(
                "没有需要提交的修改：这篇稿件已经提交过了。",
                "nothing to commit: this document is already committed."
            ));
        }
        return Err(fail("git commit", &output));
    }
    Ok(crate::tr!(
        "已提交：{summary}（没有推送到服务器）",
        "committed: {summary} (nothing was pushed)"
    ))
}
