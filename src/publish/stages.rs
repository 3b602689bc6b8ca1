//! The output stages: every kind of file a site publishes, declared once with what it
//! reads. `build` runs them all into a staging directory; `serve`'s session runs those a
//! change reaches, each only as far as [`Work`] asks, into its live directory. Adding a
//! generated file means adding a stage here (or to the stage that makes its kind of
//! file) and nothing else: both callers take the list from [`Stage::ALL`].

use super::check::Checked;
use super::error::{BuildError, ThemeError};
use super::media::{self, Published};
use super::options::BuildOptions;
use super::write::OutputError;
use crate::core::timings;
use crate::derive::route::Route;
use crate::generate::{api, feeds, search, sitemap};
use crate::render::pages::{self, PageJob, Renderer};
use crate::render::photos::Images;
use crate::render::templates::{RenderError, Templates};
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;

/// A stage of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Photos and other files from content/, as published.
    Media,
    /// The HTML pages.
    Pages,
    /// The theme's static files (style sheets, scripts, the site's icon).
    Theme,
    /// The search index.
    Search,
    /// The Atom feeds.
    Feeds,
    /// The `api/` export.
    Api,
    /// `sitemap.xml` and `robots.txt`.
    Sitemap,
}

/// What a stage reads: a change to nothing it reads leaves its files as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The validated site and what is derived from it.
    Content,
    /// The rendered Markdown bodies.
    Bodies,
    /// The bytes of the files from content/ that are published.
    MediaFiles,
    /// The theme's templates.
    Templates,
    /// The theme's static files.
    ThemeFiles,
    /// The published photos' sizes (from [`Stage::Media`]).
    Photos,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 7] = [
        Stage::Media,
        Stage::Pages,
        Stage::Theme,
        Stage::Search,
        Stage::Feeds,
        Stage::Api,
        Stage::Sitemap,
    ];

    /// The stage's name (timings, the session's record of files).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Media => "media",
            Stage::Pages => "pages",
            Stage::Theme => "theme files",
            Stage::Search => "search",
            Stage::Feeds => "feeds",
            Stage::Api => "api",
            Stage::Sitemap => "sitemap, robots.txt",
        }
    }

    /// What the stage reads.
    pub fn reads(self) -> &'static [Input] {
        match self {
            Stage::Media => &[Input::Content, Input::MediaFiles],
            Stage::Pages => &[
                Input::Content,
                Input::Bodies,
                Input::Templates,
                Input::Photos,
            ],
            Stage::Theme => &[Input::ThemeFiles],
            Stage::Search | Stage::Feeds | Stage::Api => &[Input::Content, Input::Bodies],
            Stage::Sitemap => &[Input::Content],
        }
    }

    /// Whether `serve` may write the stage's files after telling the browser to reload:
    /// no page shows them, so they may be late by a moment, never wrong.
    pub fn after_reload(self) -> bool {
        matches!(self, Stage::Api | Stage::Sitemap)
    }
}

/// What every stage may read.
pub struct Inputs<'a> {
    /// The checked site.
    pub checked: &'a Checked,
    /// The compiled templates.
    pub templates: &'a Templates,
    /// The theme (for its static files).
    pub theme: &'a Theme,
    /// The options built with.
    pub options: &'a BuildOptions,
}

/// Which of a stage's things to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope<T: Ord> {
    /// All of them (the stage's output is then complete).
    All,
    /// Only these (nothing when empty).
    Only(BTreeSet<T>),
}

impl<T: Ord> Scope<T> {
    /// Nothing at all.
    pub fn nothing() -> Scope<T> {
        Scope::Only(BTreeSet::new())
    }

    fn is_empty(&self) -> bool {
        matches!(self, Scope::Only(set) if set.is_empty())
    }

    fn wants(&self, item: &T) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(set) => set.contains(item),
        }
    }
}

/// What the search stage does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchWork {
    /// Nothing.
    Nothing,
    /// The whole index.
    Build,
    /// Patch the kept index: these activities (indexes in the checked site) may have
    /// changed, write-ups may have been added or removed (found by URL), every other
    /// write-up's document is as it was. The whole index when a patch cannot do.
    Patch(Vec<usize>),
}

/// What each stage is to make.
#[derive(Debug, Clone)]
pub struct Work {
    /// Files from content/ to publish.
    pub media: Scope<PathBuf>,
    /// Pages to render.
    pub pages: Scope<PageJob>,
    /// Whether to write the theme's static files.
    pub theme: bool,
    /// The search index.
    pub search: SearchWork,
    /// Feeds to write, by file.
    pub feeds: Scope<String>,
    /// Years of `api/activities/` to write; every other export file is written whenever
    /// this is not empty.
    pub api: Scope<i32>,
    /// Whether to write the sitemap and robots.txt.
    pub sitemap: bool,
}

impl Work {
    /// Everything: what `build` does.
    pub fn everything() -> Work {
        Work {
            media: Scope::All,
            pages: Scope::All,
            theme: true,
            search: SearchWork::Build,
            feeds: Scope::All,
            api: Scope::All,
            sitemap: true,
        }
    }

    /// Leaves out every stage that reads none of the `changed` inputs.
    pub fn limit_to(&mut self, changed: &[Input]) {
        for stage in Stage::ALL {
            if !stage.reads().iter().any(|input| changed.contains(input)) {
                self.skip(stage);
            }
        }
    }

    /// Gives `stage` nothing to do.
    pub fn skip(&mut self, stage: Stage) {
        match stage {
            Stage::Media => self.media = Scope::nothing(),
            Stage::Pages => self.pages = Scope::nothing(),
            Stage::Theme => self.theme = false,
            Stage::Search => self.search = SearchWork::Nothing,
            Stage::Feeds => self.feeds = Scope::nothing(),
            Stage::Api => self.api = Scope::nothing(),
            Stage::Sitemap => self.sitemap = false,
        }
    }

    /// Whether `stage` has anything to do.
    pub fn reaches(&self, stage: Stage) -> bool {
        match stage {
            Stage::Media => !self.media.is_empty(),
            Stage::Pages => !self.pages.is_empty(),
            Stage::Theme => self.theme,
            Stage::Search => self.search != SearchWork::Nothing,
            Stage::Feeds => !self.feeds.is_empty(),
            Stage::Api => !self.api.is_empty(),
            Stage::Sitemap => self.sitemap,
        }
    }
}

/// What stages keep between runs: the published photos' sizes, and for `serve` the
/// search index in memory (so an edit patches it instead of making it again).
#[derive(Default)]
pub struct State {
    /// Every published photo's size and smaller copies.
    pub images: Images,
    /// The search index, when kept.
    pub search: Option<search::Index>,
    keep_search: bool,
}

impl State {
    /// For one build: nothing kept; the search index is streamed out as it is made.
    pub fn for_build() -> State {
        State::default()
    }

    /// For `serve`: the search index is kept in memory between rebuilds.
    pub fn for_session() -> State {
        State {
            keep_search: true,
            ..State::default()
        }
    }
}

/// What a run did.
#[derive(Default)]
pub struct Report {
    /// Pages rendered.
    pub pages: usize,
    /// Files from content/ published.
    pub media: usize,
    /// Each of them, with its output files.
    pub published: Vec<Published>,
    /// The stages that made their whole output (so whatever else they made before is
    /// stale).
    pub complete: BTreeSet<Stage>,
    /// Files a stage that did not make its whole output no longer makes.
    pub dropped: BTreeMap<Stage, BTreeSet<String>>,
}

/// Where stages put their files: `(stage, path in the output directory, bytes)`.
pub type StageSink<'s> = dyn Fn(Stage, &str, &[u8]) -> io::Result<()> + Sync + 's;

/// Runs `stages` (a part of [`Stage::ALL`], in that order) as far as `work` asks. The
/// pages render while the other stages (after the media) run beside them.
pub fn run(
    stages: &[Stage],
    inputs: &Inputs<'_>,
    work: &Work,
    state: &mut State,
    sink: &StageSink<'_>,
) -> Result<Report, BuildError> {
    let wanted: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|s| stages.contains(s) && work.reaches(*s))
        .collect();
    let mut report = Report::default();
    if wanted.contains(&Stage::Media) {
        let published = timings::time(Stage::Media.name(), || {
            run_media(inputs, &work.media, &mut state.images, sink)
        })?;
        report.media = published.len();
        report.published = published;
        if work.media == Scope::All {
            report.complete.insert(Stage::Media);
        }
    }
    let others: Vec<Stage> = wanted
        .iter()
        .copied()
        .filter(|s| !matches!(s, Stage::Media | Stage::Pages))
        .collect();
    let State {
        images,
        search,
        keep_search,
    } = state;
    let (pages, rest) = rayon::join(
        || {
            if wanted.contains(&Stage::Pages) {
                timings::time(Stage::Pages.name(), || {
                    run_pages(inputs, &work.pages, images, sink)
                })
            } else {
                Ok(0)
            }
        },
        || -> Result<Made, BuildError> {
            let mut made = Made::default();
            for &stage in &others {
                let (whole, dropped) = timings::time(stage.name(), || {
                    run_other(stage, inputs, work, search, *keep_search, sink)
                })?;
                if whole {
                    made.complete.insert(stage);
                }
                if !dropped.is_empty() {
                    made.dropped.insert(stage, dropped);
                }
            }
            Ok(made)
        },
    );
    report.pages = pages?;
    let made = rest?;
    report.complete.extend(made.complete);
    report.dropped = made.dropped;
    if work.pages == Scope::All && wanted.contains(&Stage::Pages) {
        report.complete.insert(Stage::Pages);
    }
    Ok(report)
}

/// The sink a generator writes through, remembering which file failed first so the
/// error can name it.
struct Writes<'s> {
    stage: Stage,
    sink: &'s StageSink<'s>,
    failed: Mutex<Option<String>>,
}

impl<'s> Writes<'s> {
    fn new(stage: Stage, sink: &'s StageSink<'s>) -> Writes<'s> {
        Writes {
            stage,
            sink,
            failed: Mutex::new(None),
        }
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        (self.sink)(self.stage, rel, bytes).inspect_err(|_| {
            if let Ok(mut failed) = self.failed.lock() {
                failed.get_or_insert_with(|| rel.to_string());
            }
        })
    }

    /// The error of a failed generator, naming the file that could not be written.
    fn error(&self, options: &BuildOptions, error: io::Error) -> BuildError {
        let failed = self.failed.lock().ok().and_then(|mut f| f.take());
        let path = match failed {
            Some(rel) => options.output_dir.join(rel),
            None => options.output_dir.clone(),
        };
        BuildError::Output(OutputError::Io(path, error))
    }
}

fn run_media(
    inputs: &Inputs<'_>,
    scope: &Scope<PathBuf>,
    images: &mut Images,
    sink: &StageSink<'_>,
) -> Result<Vec<Published>, BuildError> {
    let files: Vec<PathBuf> = match scope {
        Scope::All => media::media_files(inputs.checked),
        Scope::Only(set) => set.iter().cloned().collect(),
    };
    let writes = Writes::new(Stage::Media, sink);
    let published = media::publish(&files, inputs.options, |rel, bytes| {
        writes
            .write(rel, bytes)
            .map_err(|e| writes.error(inputs.options, e))
    })?;
    for p in &published {
        if let Some(info) = &p.info {
            images.insert(p.source.clone(), info.clone());
        }
    }
    Ok(published)
}

impl From<RenderError> for BuildError {
    fn from(error: RenderError) -> BuildError {
        BuildError::Theme(ThemeError::Render(vec![error]))
    }
}

fn run_pages(
    inputs: &Inputs<'_>,
    scope: &Scope<PageJob>,
    images: &Images,
    sink: &StageSink<'_>,
) -> Result<usize, BuildError> {
    let Checked {
        site,
        derived,
        bodies,
        ..
    } = inputs.checked;
    let jobs: Vec<PageJob> = pages::jobs(site, derived)
        .into_iter()
        .filter(|job| scope.wants(job))
        .collect();
    let renderer = Renderer::new(site, derived, bodies, inputs.templates, images);
    let writes = Writes::new(Stage::Pages, sink);
    let errors: Vec<BuildError> = pages::render_all(&renderer, &jobs, |rel, bytes| {
        writes
            .write(rel, bytes)
            .map_err(|e| writes.error(inputs.options, e))
    });
    let mut failed_templates = Vec::new();
    for error in errors {
        match error {
            BuildError::Theme(ThemeError::Render(mut list)) => failed_templates.append(&mut list),
            other => return Err(other),
        }
    }
    if failed_templates.is_empty() {
        return Ok(jobs.len());
    }
    failed_templates.sort_by_key(|e| e.to_string());
    failed_templates.dedup_by_key(|e| e.to_string());
    Err(BuildError::Theme(ThemeError::Render(failed_templates)))
}

/// What the generating stages made: which of them made their whole output, and what
/// the others no longer make.
#[derive(Default)]
struct Made {
    complete: BTreeSet<Stage>,
    dropped: BTreeMap<Stage, BTreeSet<String>>,
}

/// Runs a stage that writes generated files; returns whether its output is complete and
/// the files it no longer makes (when it is not).
fn run_other(
    stage: Stage,
    inputs: &Inputs<'_>,
    work: &Work,
    index: &mut Option<search::Index>,
    keep_search: bool,
    sink: &StageSink<'_>,
) -> Result<(bool, BTreeSet<String>), BuildError> {
    let Checked {
        site,
        derived,
        bodies,
        ..
    } = inputs.checked;
    let writes = Writes::new(stage, sink);
    let write = |rel: &str, bytes: &[u8]| writes.write(rel, bytes);
    let mut dropped = BTreeSet::new();
    let result = match stage {
        Stage::Media | Stage::Pages => Ok(false),
        Stage::Theme => inputs
            .theme
            .statics
            .iter()
            .try_for_each(|(name, bytes)| write(&Route::theme_file(name).file(), bytes))
            .map(|()| true),
        Stage::Search => {
            let patched = match (&work.search, index.as_mut()) {
                (SearchWork::Patch(edited), Some(kept)) => {
                    kept.update(site, derived, bodies, edited)
                }
                _ => None,
            };
            match patched {
                Some(patch) => {
                    dropped.extend(patch.removed);
                    patch
                        .files
                        .par_iter()
                        .try_for_each(|(rel, bytes)| write(rel, bytes))
                        .map(|()| false)
                }
                None if keep_search => {
                    let made = search::Index::new(site, derived, bodies);
                    let written = made.write(site, &write);
                    *index = Some(made);
                    written.map(|()| true)
                }
                None => search::build(site, derived, bodies, &write).map(|()| true),
            }
        }
        Stage::Feeds => {
            let wanted = feeds::all(site)
                .into_iter()
                .filter(|feed| work.feeds.wants(&feed.route().file()));
            feeds::write(site, derived, bodies, wanted, &write).map(|()| work.feeds == Scope::All)
        }
        Stage::Api => {
            let years = match &work.api {
                Scope::All => None,
                Scope::Only(years) => Some(years),
            };
            api::write(site, derived, bodies, years, &write).map(|()| years.is_none())
        }
        Stage::Sitemap => sitemap::write(site, derived, &write).map(|()| true),
    };
    result
        .map(|whole| (whole, dropped))
        .map_err(|e| writes.error(inputs.options, e))
}
