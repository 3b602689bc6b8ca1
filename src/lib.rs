//! jiebie (界别): a static site generator for the sector work of a CPPCC committee.
//!
//! The data flows through the modules in this order:
//! [`load`] → [`validate`] → [`model`] → [`derive`] → [`render`] → [`write`].
//! [`build`] runs the whole pipeline; [`check`] stops before rendering.

#![forbid(unsafe_code)]

pub mod derive;
pub mod diagnostics;
pub mod fields;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod slug;
pub mod suggest;
pub mod theme;
pub mod validate;
pub mod write;
pub mod yaml;

use diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
        }
    }

    fn site_dir(&self) -> PathBuf {
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
                write!(
                    f,
                    "发现 {errors} 个错误、{} 个警告，网站没有更新。",
                    diags.len() - errors
                )
            }
            BuildError::Theme(m) => write!(f, "主题模板有误：{m}"),
            BuildError::Output(m) => write!(f, "无法写入输出目录：{m}"),
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
    pub site: model::Site,
    /// Indexes and figures.
    pub derived: derive::Derived,
    /// Rendered Markdown bodies.
    pub bodies: render::Bodies,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Loads, validates and derives the site, renders bodies; fails with every problem found.
pub fn check(options: &BuildOptions) -> Result<Checked, BuildError> {
    let content_dir = &options.content_dir;
    if !content_dir.is_dir() {
        return Err(BuildError::Content(vec![Diagnostic::error(
            content_dir,
            diagnostics::Position::start(),
            "内容目录不存在",
        )
        .with_help("在网站目录里运行 jiebie，或用 --content 指定内容目录")]));
    }
    let loaded = load::load(content_dir);
    let validate_options = validate::ValidateOptions {
        include_drafts: options.drafts,
        base_url: options.base_url.clone(),
    };
    let (site, mut diags) = validate::validate(loaded, content_dir, &validate_options);
    let Some(site) = site else {
        diagnostics::sort(&mut diags);
        return Err(BuildError::Content(diags));
    };
    let (derived, mut more) = derive::derive(&site);
    diags.append(&mut more);
    let bodies = render::Bodies::render(&site, &derived);
    diags.extend(bodies.all().flat_map(|b| b.diagnostics.iter().cloned()));
    diagnostics::sort(&mut diags);
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
    let theme = theme::load(&options.site_dir()).map_err(|e| BuildError::Theme(e.to_string()))?;
    let tera = render::compile(&theme).map_err(BuildError::Theme)?;
    let checked = check(options)?;
    let Checked {
        site,
        derived,
        bodies,
        warnings,
    } = &checked;

    let staging = write::Staging::create(&options.output_dir)
        .map_err(|e| BuildError::Output(e.to_string()))?;
    let renderer = render::Renderer::new(site, derived, bodies, &tera);
    let jobs = render::jobs(site, derived);
    let results: Vec<Result<(), String>> = jobs
        .par_iter()
        .map(|job| {
            let html = renderer.render(job)?;
            let url = renderer.url(job);
            let rel = if url.ends_with('/') || url.is_empty() {
                format!("{url}index.html")
            } else {
                url
            };
            staging
                .write(&rel, html.as_bytes())
                .map_err(|e| format!("{rel}：{e}"))
        })
        .collect();
    let mut template_errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    if !template_errors.is_empty() {
        template_errors.sort();
        template_errors.dedup();
        return Err(BuildError::Theme(template_errors.join("\n")));
    }

    for (name, bytes) in &theme.statics {
        staging
            .write(&format!("static/{name}"), bytes)
            .map_err(|e| BuildError::Output(format!("static/{name}：{e}")))?;
    }
    let mut media: BTreeSet<&Path> = bodies
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
    let media: Vec<&Path> = media.into_iter().collect();
    media
        .par_iter()
        .try_for_each(|rel| {
            let url = markdown::media_url(rel);
            let target: String = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            debug_assert!(url.starts_with("media/"));
            staging
                .copy(&options.content_dir.join(rel), &format!("media/{target}"))
                .map_err(|e| format!("{}：{e}", rel.display()))
        })
        .map_err(BuildError::Output)?;
    staging
        .commit()
        .map_err(|e| BuildError::Output(e.to_string()))?;
    Ok(BuildSummary {
        pages: jobs.len(),
        media: media.len(),
        activities: site.activities.len(),
        warnings: warnings.clone(),
    })
}
