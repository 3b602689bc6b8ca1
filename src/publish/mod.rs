//! Publish: the build pipeline (check, then every output stage into a staging directory
//! swapped into place), the incremental session behind `serve`, and the preview server.

pub mod serve;
pub mod session;
pub mod write;

use crate::core::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where generated files go: `sink(path in the output directory, bytes)`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// What to build, from where, to where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The `content/` directory.
    pub content_dir: PathBuf,
    /// Where the site goes (`public/`).
    pub output_dir: PathBuf,
    /// The site directory holding `themes/` and `templates/` (default: the parent of
    /// `content_dir`).
    pub site_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Replace an output directory jiebie did not create.
    pub force: bool,
    /// Also run `check`'s extra checks: personal data, wrong terms, oversized images.
    pub lint: bool,
    /// Publish write-ups whose review is incomplete, marked 待审核 (for `serve`).
    pub unreviewed: bool,
}

impl BuildOptions {
    /// Options for the site in `site_dir` (`site_dir/content` → `site_dir/public`).
    pub fn for_site(site_dir: &Path) -> BuildOptions {
        BuildOptions {
            content_dir: site_dir.join("content"),
            output_dir: site_dir.join("public"),
            site_dir: Some(site_dir.to_path_buf()),
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            lint: false,
            unreviewed: false,
        }
    }

    /// The site directory: `site_dir`, or else the parent of the content directory.
    pub fn site_dir(&self) -> PathBuf {
        self.site_dir.clone().unwrap_or_else(|| {
            let parent = self.content_dir.parent().unwrap_or(Path::new("."));
            if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            }
        })
    }
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in content/: every one found, sorted by file and line.
    Content(Vec<Diagnostic>),
    /// The theme could not be read or compiled.
    Theme(String),
    /// The output directory could not be used or written.
    Output(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let warnings = diags.len() - errors;
                f.write_str(&crate::tr!(
                    "发现 {errors} 个错误、{warnings} 个警告，网站没有更新。",
                    "found {errors} error(s) and {warnings} warning(s); the site was not updated."
                ))
            }
            BuildError::Theme(m) => f.write_str(&crate::tr!(
                "主题模板有误：{m}",
                "error in the theme templates: {m}"
            )),
            BuildError::Output(m) => f.write_str(&crate::tr!(
                "无法写入输出目录：{m}",
                "cannot write the output directory: {m}"
            )),
        }
    }
}

impl std::error::Error for BuildError {}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Media files published.
    pub media: usize,
    /// Activities published.
    pub activities: usize,
    /// Warnings (the build went ahead).
    pub warnings: Vec<Diagnostic>,
}

/// The validated site with everything derived from it.
pub struct Checked {
    /// The model.
    pub site: crate::model::Site,
    /// Indexes and figures.
    pub derived: crate::derive::Derived,
    /// Rendered Markdown bodies.
    pub bodies: crate::render::Bodies,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Loads, validates and derives the site, renders bodies; fails with every problem found.
pub fn check(options: &BuildOptions) -> Result<Checked, BuildError> {
    let content_dir = &options.content_dir;
    if !content_dir.is_dir() {
        return Err(BuildError::Content(vec![Diagnostic::error(
            content_dir,
            crate::core::diagnostics::Position::start(),
            crate::tr!("内容目录不存在", "the content directory does not exist"),
        )
        .with_help(crate::tr!(
            "在网站目录里运行 jiebie，或用 --content 指定内容目录",
            "run jiebie in the site directory, or name the content directory with --content"
        ))]));
    }
    let mut timings = Timings::from_env();
    let mut lint_problems = Vec::new();
    let terms = if options.lint {
        let (terms, mut problems) = crate::model::lint::load_terms(content_dir);
        lint_problems.append(&mut problems);
        terms
    } else {
        Vec::new()
    };
    let lint_file = content_dir.join("lint.yaml");
    let text_check = |path: &Path, text: &str| {
        if path == lint_file {
            return Vec::new();
        }
        let mut found = crate::model::lint::check_privacy(path, text);
        found.extend(crate::model::lint::check_terms(path, text, &terms));
        found
    };
    let loaded = if options.lint {
        crate::source::load::load_with(content_dir, Some(&text_check))
    } else {
        crate::source::load::load(content_dir)
    };
    if options.lint {
        lint_problems.extend(crate::model::lint::check_images(
            content_dir,
            &loaded.assets,
        ));
    }
    timings.lap("  load");
    let validate_options = validate_options(options);
    let (site, mut diags) =
        crate::model::validate::validate(loaded, content_dir, &validate_options);
    diags.append(&mut lint_problems);
    timings.lap("  validate");
    check_validated(site, diags, options, crate::render::Bodies::render)
}

/// The options [`check`] validates with.
pub fn validate_options(options: &BuildOptions) -> crate::model::validate::ValidateOptions {
    crate::model::validate::ValidateOptions {
        include_drafts: options.drafts,
        base_url: options.base_url.clone(),
        include_unreviewed: options.unreviewed,
    }
}

/// The end of [`check`] after validation: derive, bodies (through `bodies`, which `serve`
/// uses to reuse the bodies that did not change) and the verdict over every problem.
pub fn check_validated(
    site: Option<crate::model::Site>,
    mut diags: Vec<Diagnostic>,
    options: &BuildOptions,
    bodies: impl FnOnce(&crate::model::Site, &crate::derive::Derived) -> crate::render::Bodies,
) -> Result<Checked, BuildError> {
    let mut timings = Timings::from_env();
    let Some(site) = site else {
        crate::core::diagnostics::sort(&mut diags);
        return Err(BuildError::Content(diags));
    };
    let (derived, mut more) = crate::derive::derive(&site);
    diags.append(&mut more);
    timings.lap("  derive");
    let bodies = bodies(&site, &derived);
    timings.lap("  bodies");
    diags.extend(bodies.all().flat_map(|b| b.diagnostics.iter().cloned()));
    crate::core::diagnostics::sort(&mut diags);
    diags.dedup();
    let failed = diags.iter().any(|d| d.is_error() || options.strict);
    if failed {
        return Err(BuildError::Content(diags));
    }
    Ok(Checked {
        site,
        derived,
        bodies,
        warnings: diags,
    })
}

/// Builds the site into the output directory. On any failure the output directory is
/// left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    write::check_output(
        &options.output_dir,
        &options.content_dir,
        &options.site_dir(),
        options.force,
    )
    .map_err(|e| BuildError::Output(e.to_string()))?;
    let mut timings = Timings::from_env();
    let theme = crate::render::theme::load(&options.site_dir())
        .map_err(|e| BuildError::Theme(e.to_string()))?;
    let tera = crate::render::compile(&theme).map_err(BuildError::Theme)?;
    timings.lap("theme");
    let checked = check(options)?;
    timings.lap("load, validate, derive, bodies");

    let staging = write::Staging::create(&options.output_dir)
        .map_err(|e| BuildError::Output(e.to_string()))?;
    let (images, media_count) =
        publish_media(&checked, options, |rel, bytes| staging.write(rel, bytes))?;
    timings.lap("media");
    let jobs = crate::render::jobs(&checked.site, &checked.derived);
    render_pages(&checked, &tera, &images, &jobs, |rel, bytes| {
        staging.write(rel, bytes)
    })?;
    timings.lap("pages (render + write)");
    for (name, bytes) in &theme.statics {
        staging
            .write(&format!("static/{name}"), bytes)
            .map_err(|e| BuildError::Output(format!("static/{name}：{e}")))?;
    }
    write_generated_files(&checked, |rel, bytes| staging.write(rel, bytes))?;
    timings.lap("search, feeds, sitemap, api (generate + write)");
    staging
        .commit()
        .map_err(|e| BuildError::Output(e.to_string()))?;
    timings.lap("swap into place");
    Ok(BuildSummary {
        pages: jobs.len(),
        media: media_count,
        activities: checked.site.activities.len(),
        warnings: checked.warnings,
    })
}

/// Phase timings printed to stderr when `JIEBIE_TIMINGS` is set (for BENCHMARKS.md).
struct Timings {
    last: Option<std::time::Instant>,
}

impl Timings {
    fn from_env() -> Timings {
        Timings {
            last: std::env::var_os("JIEBIE_TIMINGS").map(|_| std::time::Instant::now()),
        }
    }

    fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            eprintln!(
                "{:>8.3} s  {phase:<48} peak {} MiB",
                last.elapsed().as_secs_f64(),
                peak_rss_mib()
            );
            self.last = Some(std::time::Instant::now());
        }
    }
}

/// The process's peak resident memory so far, from `/proc/self/status` (0 where that is
/// missing).
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

/// What each published photo looks like (size, smaller copies), by path in content/.
pub type Images = std::collections::BTreeMap<PathBuf, crate::render::photos::ImageInfo>;

/// Publishes every file the site uses from content/: photos through [`crate::render::photos::process`]
/// (smaller copies, metadata removed), other files as they are. Returns the photos'
/// details and the number of source files published.
pub fn publish_media<F>(
    checked: &Checked,
    options: &BuildOptions,
    sink: F,
) -> Result<(Images, usize), BuildError>
where
    F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    publish_media_files(&media_files(checked), options, sink)
}

/// [`publish_media`] for the given files only (`serve` publishes the files that changed).
pub fn publish_media_files<F>(
    media: &[PathBuf],
    options: &BuildOptions,
    sink: F,
) -> Result<(Images, usize), BuildError>
where
    F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let cache = crate::render::photos::Cache::for_site(&options.site_dir());
    let results: Vec<Result<Option<(PathBuf, crate::render::photos::ImageInfo)>, Diagnostic>> =
        media
            .par_iter()
            .map(|rel| {
                let path = options.content_dir.join(rel);
                let target = media_target(rel);
                let fail = |message: String| {
                    Diagnostic::error(&path, crate::core::diagnostics::Position::start(), message)
                };
                let bytes = std::fs::read(&path)
                    .map_err(|e| fail(crate::tr!("无法读取：{e}", "cannot read: {e}")))?;
                if !crate::render::photos::is_photo(rel) {
                    sink(&target, &bytes).map_err(|e| {
                        fail(crate::tr!(
                            "无法写入 {target}：{e}",
                            "cannot write {target}: {e}"
                        ))
                    })?;
                    return Ok(None);
                }
                let (info, files) = crate::render::photos::process(&bytes, &target, &cache)
                    .map_err(|m| {
                        fail(m).with_help(crate::tr!(
                            "用图片软件重新另存为 JPEG 或 PNG",
                            "save it again as JPEG or PNG with an image program"
                        ))
                    })?;
                for (name, data) in &files {
                    sink(name, data).map_err(|e| {
                        fail(crate::tr!(
                            "无法写入 {name}：{e}",
                            "cannot write {name}: {e}"
                        ))
                    })?;
                }
                Ok(Some((rel.clone(), info)))
            })
            .collect();
    let mut images = Images::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(Some((rel, info))) => {
                images.insert(rel, info);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok((images, media.len()))
    } else {
        crate::core::diagnostics::sort(&mut problems);
        Err(BuildError::Content(problems))
    }
}

/// Renders `jobs` in parallel and hands each page to `sink(path in output, bytes)`.
pub fn render_pages<F>(
    checked: &Checked,
    tera: &tera::Tera,
    images: &Images,
    jobs: &[crate::render::PageJob],
    sink: F,
) -> Result<(), BuildError>
where
    F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let renderer = crate::render::Renderer::new(
        &checked.site,
        &checked.derived,
        &checked.bodies,
        tera,
        images,
    );
    let mut errors: Vec<String> = jobs
        .par_iter()
        .filter_map(|job| {
            let html = match renderer.render(job) {
                Ok(html) => html,
                Err(e) => return Some(e),
            };
            let rel = page_file(&renderer.url(job));
            sink(&rel, html.as_bytes())
                .err()
                .map(|e| format!("{rel}：{e}"))
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort();
    errors.dedup();
    Err(BuildError::Theme(errors.join("\n")))
}

/// Files the site publishes besides pages, themes and media: the search index, Atom
/// feeds, `sitemap.xml`, `robots.txt` and the `api/` export, as (path in the output
/// directory, bytes). Built in parallel; the list is sorted by path.
pub fn generated_files(checked: &Checked) -> Vec<(String, Vec<u8>)> {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |rel: &str, bytes: &[u8]| -> std::io::Result<()> {
        files
            .lock()
            .map_err(|_| std::io::Error::other("lock"))?
            .push((rel.to_string(), bytes.to_vec()));
        Ok(())
    };
    // Collecting into memory cannot fail.
    let _ = write_generated_files(checked, collect);
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Produces the files of [`generated_files`] group by group (search index, feeds, `api/`,
/// sitemap) and hands each file to `sink` as soon as its group is made, so that only one
/// group is held in memory at a time.
pub fn write_generated_files<F>(checked: &Checked, sink: F) -> Result<(), BuildError>
where
    F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let (site, derived, bodies) = (&checked.site, &checked.derived, &checked.bodies);
    // Every write error names its file, whether a generator streams it or returns it.
    let named = |rel: &str, bytes: &[u8]| {
        sink(rel, bytes).map_err(|e| std::io::Error::other(format!("{rel}：{e}")))
    };
    let output_error = |e: std::io::Error| BuildError::Output(e.to_string());
    let write_all = |files: Vec<(String, Vec<u8>)>| -> Result<(), BuildError> {
        files
            .par_iter()
            .try_for_each(|(rel, bytes)| named(rel, bytes))
            .map_err(output_error)
    };
    let mut timings = Timings::from_env();
    crate::generate::search::build(site, derived, bodies, &named).map_err(output_error)?;
    timings.lap("  search");
    write_all(crate::generate::feeds::feeds(site, derived, bodies))?;
    timings.lap("  feeds");
    crate::generate::api::build(site, derived, bodies, &named).map_err(output_error)?;
    timings.lap("  api");
    let urls = crate::generate::feeds::sitemap_urls(site, derived);
    let mut rest = crate::generate::feeds::sitemap_files(
        &urls,
        &site.config.base_url,
        crate::generate::feeds::SITEMAP_LIMIT,
    );
    rest.push((
        "robots.txt".into(),
        crate::generate::feeds::robots_txt(&site.config.base_url),
    ));
    write_all(rest)
}

/// The file a page URL is written to: `a/b/` → `a/b/index.html`.
pub fn page_file(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// Files from content/ that the site publishes: photos, body images, linked files and
/// the footer's government-site mark.
pub fn media_files(checked: &Checked) -> Vec<PathBuf> {
    let site = &checked.site;
    let mut media: BTreeSet<&Path> = checked
        .bodies
        .all()
        .flat_map(|b| b.assets.iter().map(PathBuf::as_path))
        .collect();
    media.extend(
        site.activities
            .iter()
            .flat_map(|a| a.photos.iter().map(|p| p.src.as_path())),
    );
    if let Some(mark) = &site.config.footer.gov_mark {
        if let Some(path) = site.assets.get(Path::new(mark)) {
            media.insert(path);
        }
    }
    media.into_iter().map(Path::to_path_buf).collect()
}

/// Where a content file is published inside the output directory.
pub fn media_target(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("media/{}", parts.join("/"))
}
