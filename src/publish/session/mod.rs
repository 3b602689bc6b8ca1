//! Incremental rebuilds for `serve`: keep the last good site in memory, and after a change
//! redo only the work that depends on what changed, writing only files whose bytes differ.
//!
//! The dependency graph from sources to outputs, stage by stage:
//!
//! - **Sources.** Every content file is kept as loaded and decoded ([`validate::Decoded`]);
//!   a changed path is read and decoded again on its own (all files are decoded again when
//!   an asset appears or disappears, since a write-up's photos are checked against the
//!   asset list). Anything unclear (a directory, a symbolic link) reloads everything.
//! - **Validation and derivation** always run over the whole site, from the decoded
//!   documents: every problem must be reported, and a change to one file can break a
//!   reference in another.
//! - **Bodies.** A Markdown body depends on its own text and on the URL of every document
//!   it may link to; while no URL changed, every unchanged body is reused. When some
//!   URL changed (a write-up added, removed or dated in another year), an unchanged body
//!   without links is reused too, one with links is rendered again, and if that changes
//!   it, its document's pages are rendered as if it had been edited.
//! - **Output stages** are those of [`stages`] (the same as `build`'s), each run only
//!   when a change reaches something it reads ([`Stage::reads`]) and only as far as
//!   [`Work`] asks:
//! - **Pages.** A changed, added, removed or moved write-up changes the pages
//!   [`plan::pages_showing`] lists, in the old build and in the new one; a plan, summary,
//!   profile, output, notice or free page whose text changed, the pages
//!   [`plan::document_pages`] lists (both through [`plan::dependants`]); a changed
//!   template changes the pages whose template uses it
//!   ([`templates::templates_affected`], [`PageJob::template`]); anything else (a new
//!   year, a changed figure, settings) renders every page. Pages of documents gone are
//!   removed.
//! - **Generated files.** The search index is patched in memory
//!   ([`crate::generate::search::Index::update`]: the documents of the changed, added,
//!   removed and re-dated write-ups and the shards of their keys; made again when the
//!   busiest day outgrows its slots, the shard count changes, or sectors, settings or
//!   most write-ups changed). After an edit that keeps every URL, only the feeds the
//!   edited write-ups appear in are made again (all of them when the site's newest date
//!   changed); otherwise all of them are. The `api/` export (only the years of the
//!   edited write-ups) and the sitemap are written after the reload has been published:
//!   late by a moment, never wrong.
//!
//! Files no stage produces any more are removed, so the output is always what a full
//! build writes (`tests/it/incremental.rs` checks it byte for byte).

mod output;
mod plan;
mod sources;
mod templates;

pub use plan::{dependants, document_pages, pages_showing};
pub use templates::templates_affected;

use super::build::load_theme;
use super::check::{check_validated, validate_options, Checked};
use super::error::{BuildError, ThemeError};
use super::media;
use super::options::BuildOptions;
use super::stages::{self, Input, Inputs, Scope, SearchWork, Stage, State, Work};
use crate::core::timings::Timings;
use crate::generate::feeds::Feed;
use crate::model::validate::{self, Decoded};
use crate::model::{Activity, Markdown, Site, Source};
use crate::render::bodies::Bodies;
use crate::render::markdown::{self, LinkContext, Rendered};
use crate::render::pages;
use crate::render::templates::Templates;
use crate::render::theme::Theme;
use output::{remove_files, write_if_changed, Replace};
use plan::same_urls;
use rayon::prelude::*;
use sources::{Sources, Update};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use templates::changed_templates;

/// What one rebuild did, up to the moment the reload was published.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// Pages rendered.
    pub rendered: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    /// Files removed because nothing produces them any more.
    pub removed: usize,
    /// Whether every page was rendered (first build, structural change).
    pub full: bool,
    /// Whether the search index was made whole again rather than patched.
    pub search_whole: bool,
    /// From the start of the rebuild to the changed files being in place.
    pub elapsed: Duration,
}

/// A site being served: the sources, the last good build, the theme and what is on disk.
pub struct Session {
    options: BuildOptions,
    theme: Option<(Theme, Templates)>,
    sources: Option<Sources>,
    last: Option<Checked>,
    /// False after a failed check took bodies out of `last`.
    bodies_reusable: bool,
    /// Whether the last validation found every document at the URL it had in `last`.
    urls_same: Option<bool>,
    /// Unchanged documents whose body the last validation rendered differently (a link
    /// to a write-up that appeared, vanished or moved): their pages change too.
    relinked: BTreeSet<PathBuf>,
    /// Whether the last validation took the unchanged bodies from `last`, so that
    /// `relinked` lists every body it rendered differently.
    bodies_tracked: bool,
    /// What the stages keep between rebuilds (photo sizes, the search index).
    state: State,
    /// Output files of every published media file.
    media: BTreeMap<PathBuf, BTreeSet<String>>,
    /// Output files by the stage that writes them.
    outputs: BTreeMap<Stage, BTreeSet<String>>,
    /// Content files changed since the last good build (relative to content/).
    pending: BTreeSet<PathBuf>,
    /// Everything must be redone at the next good build.
    pending_full: bool,
    /// Templates changed since the last good build.
    pending_templates: BTreeSet<String>,
    pending_statics: bool,
}

impl Session {
    /// A session that builds `options.content_dir` into `options.output_dir`, which it
    /// owns (serve uses a private temporary directory).
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            theme: None,
            sources: None,
            last: None,
            bodies_reusable: false,
            urls_same: None,
            relinked: BTreeSet::new(),
            bodies_tracked: false,
            state: State::for_session(),
            media: BTreeMap::new(),
            outputs: BTreeMap::new(),
            pending: BTreeSet::new(),
            pending_full: true,
            pending_templates: BTreeSet::new(),
            pending_statics: true,
        }
    }

    /// The options this session builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The content as last read, each document decoded (for the writing desk's checks
    /// and listings); `None` before the first build and while `check`'s extra checks are
    /// on (which read every file each time).
    pub fn sources(&self) -> Option<crate::author::desk::check::Sources<'_>> {
        self.sources
            .as_ref()
            .map(|s| crate::author::desk::check::Sources {
                loaded: &s.loaded,
                decoded: &s.decoded,
            })
    }

    /// The last good build's site and what was derived from it.
    pub fn built(&self) -> Option<(&Site, &crate::derive::Derived)> {
        self.last.as_ref().map(|c| (&c.site, &c.derived))
    }

    /// The last good build with its rendered bodies (`None` before it, and after a failed
    /// write took the bodies out of it): what the desk's WeChat export renders from.
    pub fn checked(&self) -> Option<&Checked> {
        self.last.as_ref().filter(|_| self.bodies_reusable)
    }

    /// Rebuilds after `changed` files changed (an empty list means "everything").
    /// On error the output keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, BuildError> {
        self.rebuild_with(changed, |_| {})
    }

    /// Like [`Session::rebuild`], calling `publish` as soon as every stage a reader sees
    /// is in place (or the build failed), before the stages no page shows
    /// ([`Stage::after_reload`]).
    pub fn rebuild_with(
        &mut self,
        changed: &[PathBuf],
        publish: impl FnOnce(&Result<Rebuild, BuildError>),
    ) -> Result<Rebuild, BuildError> {
        let start = Instant::now();
        let mut timings = Timings::from_env();
        let (before, after): (Vec<Stage>, Vec<Stage>) =
            Stage::ALL.into_iter().partition(|s| !s.after_reload());
        let served = self.check(changed).and_then(|(checked, work)| {
            timings.lap("check");
            let written = self.run_stages(&before, &checked, &work, start);
            if written.is_err() {
                // Half-written output is made whole by the next good build, and the last
                // build may have given its bodies to this one.
                self.pending_full = true;
                self.bodies_reusable = false;
            }
            timings.lap("stages before the reload");
            Ok((checked, work, written?))
        });
        let (checked, work, rebuild) = match served {
            Ok(done) => done,
            Err(error) => {
                let result = Err(error);
                publish(&result);
                return result;
            }
        };
        publish(&Ok(rebuild.clone()));
        let late = self.run_stages(&after, &checked, &work, start);
        timings.lap("stages after the reload");
        self.last = Some(checked);
        self.bodies_reusable = true;
        self.pending.clear();
        self.pending_templates.clear();
        self.pending_statics = false;
        // A failed late write is redone in full next time.
        self.pending_full = late.is_err();
        if let Some(sources) = &mut self.sources {
            if sources.spare.is_none() {
                sources.spare = Some(sources.decoded.par_iter().cloned().collect());
            }
        }
        timings.lap("spare copy of the decoded documents (after publishing)");
        late.map(|_| rebuild)
    }

    /// Brings the theme and the sources up to date and checks the site.
    fn check(&mut self, changed: &[PathBuf]) -> Result<(Checked, Work), BuildError> {
        let site_dir = self.options.site_dir();
        let content_dir = self.options.content_dir.clone();
        let mut theme_changed = self.theme.is_none() || changed.is_empty();
        let mut content = Vec::new();
        for path in changed {
            match relative_to(path, &content_dir) {
                Some(rel) => content.push(rel),
                None => theme_changed |= is_theme_path(&site_dir, path),
            }
        }
        content.sort();
        content.dedup();
        // The sources follow the disk whatever happens next, so that no change is lost
        // when this build fails.
        let mut timings = Timings::from_env();
        self.urls_same = None;
        self.relinked.clear();
        let cached = !self.options.lint && content_dir.is_dir();
        if changed.is_empty() || !cached {
            self.sources = None;
        }
        let clean = self.pending.is_empty() && !self.pending_full;
        let mut replaced = Vec::new();
        if cached {
            let update = self
                .sources
                .as_mut()
                .and_then(|sources| sources.update(&content_dir, &content));
            match update {
                Some(Update {
                    relevant,
                    replaced: old,
                }) => {
                    // Only a batch of re-read documents can be a text edit (not one that
                    // also adds a file, or touches an asset or an unreadable file).
                    if old.len() == relevant.len() {
                        replaced = old;
                    }
                    self.pending.extend(relevant);
                }
                None => {
                    self.pending_full = true;
                    self.sources = Some(Sources::load(&content_dir));
                }
            }
        }
        timings.lap("  sources");
        if theme_changed {
            self.reload_theme(&site_dir)?;
        }
        if clean && !replaced.is_empty() {
            if let Some(checked) = self.text_edit(&replaced) {
                timings.lap("  text edit");
                let work = self.work(Some(&checked), &checked);
                timings.lap("  plan");
                return Ok((checked, work));
            }
        }
        let checked = if cached {
            self.validate()?
        } else {
            // `check`'s extra checks read every file's text: no cache.
            self.pending_full = true;
            crate::publish::check(&self.options)?
        };
        timings.lap("  validate, derive, bodies");
        let old = self.last.as_ref().filter(|_| !self.pending_full);
        let work = self.work(old, &checked);
        timings.lap("  plan");
        Ok((checked, work))
    }

    fn reload_theme(&mut self, site_dir: &Path) -> Result<(), BuildError> {
        let (theme, templates) = load_theme(site_dir)?;
        match &self.theme {
            Some((old, _)) => {
                self.pending_templates
                    .extend(changed_templates(&old.templates, &theme.templates));
                self.pending_statics |= old.statics != theme.statics;
            }
            None => self.pending_statics = true,
        }
        self.theme = Some((theme, templates));
        Ok(())
    }

    /// The most common save, without validating the whole site again: write-ups of the
    /// last good build whose title, summary or body text changed and nothing else (not a
    /// field another file refers to or a figure counts, not a diagnostic). The last
    /// build is patched in place. `None` when the edit is anything else.
    fn text_edit(&mut self, replaced: &[(PathBuf, Decoded)]) -> Option<Checked> {
        if !self.bodies_reusable {
            return None;
        }
        let last = self.last.as_ref()?;
        let sources = self.sources.as_ref()?;
        let links = LinkContext::of(&last.site, &last.derived);
        let text_only = |a: &Activity| {
            let mut a = a.clone();
            a.title.clear();
            a.summary = None;
            a.body = Markdown::default();
            a
        };
        let mut patches = Vec::new();
        for (rel, before) in replaced {
            let at = sources
                .loaded
                .files
                .binary_search_by(|f| f.rel.cmp(rel))
                .ok()?;
            let after = &sources.decoded[at];
            let (old, new) = (before.activity()?, after.activity()?);
            if before.diagnostics() != after.diagnostics()
                || after.diagnostics().iter().any(|d| d.is_error())
                || text_only(old) != text_only(new)
            {
                return None;
            }
            let i = last
                .site
                .activities
                .iter()
                .position(|a| a.source.rel == *rel)?;
            let current = &last.site.activities[i];
            if current.title != old.title
                || current.summary != old.summary
                || current.body != old.body
            {
                return None;
            }
            let body = markdown::render(&new.body, &new.source, links);
            if body.diagnostics != last.bodies.activities[i].diagnostics
                || body.assets != last.bodies.activities[i].assets
            {
                return None;
            }
            patches.push((
                i,
                new.title.clone(),
                new.summary.clone(),
                new.body.clone(),
                body,
            ));
        }
        let mut checked = self.last.take()?;
        for (i, title, summary, text, body) in patches {
            let a = &mut checked.site.activities[i];
            a.title = title;
            a.summary = summary;
            a.body = text;
            checked.bodies.activities[i] = body;
        }
        Some(checked)
    }

    /// Validates the whole site from the decoded documents, reusing the bodies that did
    /// not change.
    fn validate(&mut self) -> Result<Checked, BuildError> {
        let Some(sources) = &mut self.sources else {
            return Err(BuildError::Content(Vec::new()));
        };
        let mut timings = Timings::from_env();
        let today = super::check::today(&self.options)?;
        let options = validate_options(&self.options, today);
        let decoded = match sources.spare.take() {
            Some(spare) if spare.len() == sources.decoded.len() => spare,
            _ => sources.decoded.par_iter().cloned().collect(),
        };
        timings.lap("    clone decoded");
        let (site, diags) = validate::validate_decoded(
            &sources.loaded,
            decoded,
            &self.options.content_dir,
            &options,
        );
        timings.lap("    validate_decoded");
        let reusable = self.bodies_reusable;
        let last = self.last.as_mut();
        let mut taken = false;
        let mut urls_same = None;
        let mut relinked = BTreeSet::new();
        let result = check_validated(site, diags, &self.options, today, |site, derived| {
            urls_same = last
                .as_ref()
                .map(|old| same_urls(&old.derived.document_urls, &derived.document_urls));
            let old = last.filter(|_| reusable);
            let links_same = urls_same == Some(true);
            reuse_bodies(old, site, derived, links_same, &mut taken, &mut relinked)
        });
        self.urls_same = urls_same;
        self.relinked = relinked;
        self.bodies_tracked = taken;
        if result.is_err() && taken {
            self.bodies_reusable = false;
        }
        result
    }

    /// What each stage is to redo, from what changed between `old` (the last good
    /// build; `None`: everything changed) and `checked`.
    fn work(&self, old: Option<&Checked>, checked: &Checked) -> Work {
        let Some(old) = old else {
            return Work::everything();
        };
        let everything = Work::everything();
        let changed: Vec<PathBuf> = self.pending.union(&self.relinked).cloned().collect();
        let mut jobs = if changed.is_empty() {
            BTreeSet::new()
        } else {
            match dependants(old, checked, &changed) {
                Some(jobs) => jobs,
                None => return everything,
            }
        };
        if !self.pending_templates.is_empty() {
            let Some((theme, _)) = &self.theme else {
                return everything;
            };
            let Some(affected) = templates_affected(&theme.templates, &self.pending_templates)
            else {
                return everything;
            };
            jobs.extend(
                pages::jobs(&checked.site, &checked.derived)
                    .into_iter()
                    .filter(|job| affected.contains(job.template())),
            );
        }
        let unchanged = std::ptr::eq(old, checked);
        // What every document's page, feed entry and search document may show besides
        // its own file (links to rejected documents and assets, the settings, the
        // sectors' names): the same in both builds.
        let same_context = !unchanged
            && old.site.rejected.keys().eq(checked.site.rejected.keys())
            && old.site.assets == checked.site.assets
            && old.site.config == checked.site.config
            && same_sectors_but_text(&old.site, &checked.site);
        // Generated files can be patched only when the bodies of every other write-up
        // are the ones they were made from (no URL changed).
        let same_links = unchanged
            || (same_context
                && self.urls_same.unwrap_or_else(|| {
                    same_urls(&old.derived.document_urls, &checked.derived.document_urls)
                })
                // Committee feeds are titled with the committee's name.
                && old.site.committees == checked.site.committees);
        let position = |site: &Site, rel: &Path| -> Option<usize> {
            site.activities.iter().position(|a| a.source.rel == rel)
        };
        let edited: Option<Vec<(usize, usize)>> = same_links.then(|| {
            changed
                .iter()
                .filter_map(|rel| Some((position(&old.site, rel)?, position(&checked.site, rel)?)))
                .collect()
        });
        // The search index is patched when every write-up whose document may differ is
        // known (its file changed, or its body was rendered again) and nothing all
        // documents show changed; added, removed and re-dated write-ups are the index's
        // own business.
        let search_patch = (unchanged
            || ((self.bodies_tracked || self.urls_same == Some(true)) && same_context))
            .then(|| {
                changed
                    .iter()
                    .filter_map(|rel| position(&checked.site, rel))
                    .collect::<Vec<usize>>()
            });
        let pairs = |edited: &[(usize, usize)]| -> Vec<(&Activity, &Activity)> {
            edited
                .iter()
                .map(|&(o, n)| (&old.site.activities[o], &checked.site.activities[n]))
                .collect()
        };
        // The feeds an edited write-up is in, before or after the edit; all of them when
        // the newest date of the site changed (it dates an empty feed).
        let newest = |site: &Site| site.activities.iter().map(|a| a.date).max();
        let feeds = edited.as_deref().map(pairs).and_then(|pairs| {
            let mut files = BTreeSet::new();
            let dated = pairs
                .iter()
                .any(|(before, after)| before.date != after.date);
            if dated && newest(&old.site) != newest(&checked.site) {
                return None;
            }
            for (before, after) in pairs {
                for (site, a) in [(&old.site, before), (&checked.site, after)] {
                    files.extend(Feed::of(site, a).map(|feed| feed.route().file()));
                }
            }
            Some(files)
        });
        // The export holds the sectors' texts and the yearly figures: all of it after a
        // change to anything but write-ups (it is written after the reload).
        let only_writeups = changed.iter().all(|rel| {
            let is_writeup = |site: &Site| site.activities.iter().any(|a| a.source.rel == *rel);
            is_writeup(&old.site) || is_writeup(&checked.site)
        });
        let api_years = edited
            .as_deref()
            .filter(|_| only_writeups)
            .map(pairs)
            .map(|pairs| {
                pairs
                    .iter()
                    .flat_map(|(before, after)| [before.year(), after.year()])
                    .collect()
            });
        // Media new to the site or changed on disk.
        let media = media::media_files(checked)
            .into_iter()
            .filter(|m| !self.media.contains_key(m) || self.pending.contains(m))
            .collect();
        let mut work = Work {
            media: Scope::Only(media),
            pages: Scope::Only(jobs),
            theme: self.pending_statics,
            search: search_patch.map_or(SearchWork::Build, SearchWork::Patch),
            feeds: feeds.map_or(Scope::All, Scope::Only),
            api: api_years.map_or(Scope::All, Scope::Only),
            sitemap: true,
        };
        // A stage that reads nothing that changed has nothing to do.
        let mut changed = Vec::new();
        if !self.pending.is_empty() {
            changed.extend([Input::Content, Input::Bodies, Input::MediaFiles]);
        }
        if !self.pending_templates.is_empty() {
            changed.push(Input::Templates);
        }
        if self.pending_statics {
            changed.push(Input::ThemeFiles);
        }
        work.limit_to(&changed);
        work
    }

    /// Runs `stages` as far as `work` asks into the output directory, writing only
    /// files whose bytes changed, then removes what the complete stages no longer make.
    fn run_stages(
        &mut self,
        stages: &[Stage],
        checked: &Checked,
        work: &Work,
        start: Instant,
    ) -> Result<Rebuild, BuildError> {
        let out = self.options.output_dir.clone();
        std::fs::create_dir_all(&out)
            .map_err(|e| BuildError::Output(super::write::OutputError::Io(out.clone(), e)))?;
        let written = AtomicUsize::new(0);
        let produced: Mutex<BTreeMap<Stage, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
        let sink = |stage: Stage, rel: &str, bytes: &[u8]| -> std::io::Result<()> {
            if let Ok(mut p) = produced.lock() {
                p.entry(stage).or_default().insert(rel.to_string());
            }
            let replace = match stage {
                Stage::Search => Replace::InPlace,
                _ => Replace::Atomically,
            };
            if write_if_changed(&out.join(rel), bytes, replace)? {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        };
        let mut removed = 0;
        if stages.contains(&Stage::Media) {
            // A photo no longer used takes its copies with it (whether or not another
            // one is to be published).
            let wanted: BTreeSet<PathBuf> = media::media_files(checked).into_iter().collect();
            for files in self
                .media
                .iter()
                .filter(|(m, _)| !wanted.contains(*m))
                .map(|(_, f)| f)
            {
                removed += remove_files(&out, files, &self.outputs);
            }
            self.media.retain(|m, _| wanted.contains(m));
            self.state.images.retain(|m, _| wanted.contains(m));
        }
        let Some((theme, templates)) = &self.theme else {
            return Err(BuildError::Theme(ThemeError::Compile(
                crate::render::templates::TemplateError {
                    message: crate::tr!("主题未加载", "the theme is not loaded"),
                },
            )));
        };
        let inputs = Inputs {
            checked,
            templates,
            theme,
            options: &self.options,
        };
        let report = stages::run(stages, &inputs, work, &mut self.state, &sink)?;
        let mut produced = produced.into_inner().unwrap_or_else(|e| e.into_inner());
        for published in report.published {
            if let Some(old) = self.media.get(&published.source) {
                let stale: BTreeSet<String> = old.difference(&published.files).cloned().collect();
                removed += remove_files(&out, &stale, &self.outputs);
            }
            self.media.insert(published.source, published.files);
        }
        for stage in stages.iter().filter(|s| **s != Stage::Media) {
            let files = produced.remove(stage).unwrap_or_default();
            if report.complete.contains(stage) {
                removed += self.replace(*stage, files);
            } else if *stage == Stage::Pages && work.reaches(Stage::Pages) {
                // Some pages rendered: those of documents gone or moved (a write-up
                // deleted, or dated in another year) are no longer the site's.
                let site = &checked.site;
                let pages: BTreeSet<String> = pages::jobs(site, &checked.derived)
                    .iter()
                    .map(|job| job.route(site, &checked.derived).file())
                    .collect();
                let mut known = self.outputs.remove(stage).unwrap_or_default();
                known.extend(files);
                let (kept, stale): (BTreeSet<String>, BTreeSet<String>) =
                    known.into_iter().partition(|file| pages.contains(file));
                self.outputs.insert(*stage, kept);
                removed += remove_files(&out, &stale, &self.outputs);
            } else {
                let dropped = report.dropped.get(stage);
                let known = self.outputs.entry(*stage).or_default();
                known.extend(files);
                if let Some(dropped) = dropped {
                    known.retain(|file| !dropped.contains(file));
                    removed += remove_files(&out, dropped, &self.outputs);
                }
            }
        }
        Ok(Rebuild {
            rendered: report.pages,
            written: written.into_inner(),
            removed,
            full: work.pages == Scope::All,
            search_whole: report.complete.contains(&Stage::Search),
            elapsed: start.elapsed(),
        })
    }

    /// Records that `stage` now produces exactly `files`, removing the files it produced
    /// before and no stage produces now. Returns how many were removed.
    fn replace(&mut self, stage: Stage, files: BTreeSet<String>) -> usize {
        let old = self.outputs.insert(stage, files).unwrap_or_default();
        let current = &self.outputs[&stage];
        let stale: BTreeSet<String> = old.difference(current).cloned().collect();
        remove_files(&self.options.output_dir, &stale, &self.outputs)
    }
}

/// The bodies of `site`: taken from `old` (whose documents all have the URLs they have
/// now) where the document and everything it could link to are unchanged, rendered
/// otherwise. Sets `taken` when `old` gave any away.
fn reuse_bodies(
    old: Option<&mut Checked>,
    site: &Site,
    derived: &crate::derive::Derived,
    links_same: bool,
    taken: &mut bool,
    relinked: &mut BTreeSet<PathBuf>,
) -> Bodies {
    let Some(old) = old.filter(|old| {
        old.site.rejected.keys().eq(site.rejected.keys())
            && old.site.assets == site.assets
            && old.site.config.trusted_html == site.config.trusted_html
    }) else {
        return Bodies::render(site, derived);
    };
    *taken = true;
    let links = LinkContext::of(site, derived);
    let (old_site, old_bodies) = (&old.site, &mut old.bodies);
    macro_rules! reuse {
        ($field:ident) => {
            reuse(
                old_site.$field.iter().map(|d| (&d.source, &d.body)),
                &mut old_bodies.$field,
                site.$field.iter().map(|d| (&d.source, &d.body)),
                links,
                links_same,
                relinked,
            )
        };
    }
    Bodies {
        activities: reuse!(activities),
        outputs: reuse!(outputs),
        sectors: reuse!(sectors),
        plans: reuse!(plans),
        summaries: reuse!(summaries),
        commendations: reuse!(commendations),
        pages: reuse!(pages),
        rejected: reuse(
            old_site.rejected.values().map(|d| (&d.source, &d.body)),
            &mut old_bodies.rejected,
            site.rejected.values().map(|d| (&d.source, &d.body)),
            links,
            links_same,
            relinked,
        ),
    }
}

/// New bodies for `new` documents: the old rendering of the same unchanged document
/// (moved out of `old_bodies`), or a fresh one. When some document's URL changed
/// (`links_same` false), an unchanged body that may link to documents is rendered again,
/// and its document added to `relinked` if that changed it.
fn reuse<'a>(
    old: impl Iterator<Item = (&'a Source, &'a Markdown)>,
    old_bodies: &mut [Rendered],
    new: impl Iterator<Item = (&'a Source, &'a Markdown)>,
    links: LinkContext<'_>,
    links_same: bool,
    relinked: &mut BTreeSet<PathBuf>,
) -> Vec<Rendered> {
    let old: HashMap<&OsStr, (usize, &Source, &Markdown)> = old
        .enumerate()
        .map(|(i, (source, body))| (source.rel.as_os_str(), (i, source, body)))
        .collect();
    let new: Vec<(&Source, &Markdown)> = new.collect();
    // Comparing every body is most of the time here: in parallel.
    let same: Vec<Option<usize>> = new
        .par_iter()
        .map(|&(source, body)| match old.get(source.rel.as_os_str()) {
            Some(&(j, s, b)) if s == source && b == body && j < old_bodies.len() => Some(j),
            _ => None,
        })
        .collect();
    if !links_same {
        let moved: Vec<(usize, Rendered, &Source)> = same
            .par_iter()
            .zip(&new)
            .filter_map(|(same, &(source, body))| {
                let j = (*same)?;
                if !may_link(body) {
                    return None;
                }
                let fresh = markdown::render(body, source, links);
                (fresh != old_bodies[j]).then_some((j, fresh, source))
            })
            .collect();
        for (j, fresh, source) in moved {
            old_bodies[j] = fresh;
            relinked.insert(source.rel.clone());
        }
    }
    let mut fresh = Vec::new();
    let mut out: Vec<Rendered> = same
        .iter()
        .zip(&new)
        .enumerate()
        .map(|(i, (same, &(source, body)))| match same {
            Some(j) => std::mem::take(&mut old_bodies[*j]),
            None => {
                fresh.push((i, source, body));
                Rendered::default()
            }
        })
        .collect();
    let rendered: Vec<(usize, Rendered)> = fresh
        .into_par_iter()
        .map(|(i, source, body)| (i, markdown::render(body, source, links)))
        .collect();
    for (i, body) in rendered {
        out[i] = body;
    }
    out
}

/// Whether a Markdown text may link to a document of the site: only a link (`](`), a
/// link reference definition (`]:`) or raw HTML (`<`) can, so a body with none of them
/// renders the same whatever the documents' URLs.
fn may_link(body: &Markdown) -> bool {
    let text = &body.text;
    text.contains("](") || text.contains("]:") || text.contains('<')
}

/// Whether the sectors are the same but for their texts (which only their own pages and
/// the export show).
fn same_sectors_but_text(old: &Site, new: &Site) -> bool {
    old.sectors.len() == new.sectors.len()
        && old.sectors.iter().zip(&new.sectors).all(|(a, b)| {
            a == b || {
                let (mut a, mut b) = (a.clone(), b.clone());
                a.body = Markdown::default();
                b.body = Markdown::default();
                a == b
            }
        })
}

fn relative_to(path: &Path, dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let parent = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| path.parent().unwrap_or(Path::new("")).to_path_buf());
    let full = parent.join(path.file_name()?);
    full.strip_prefix(&dir).ok().map(Path::to_path_buf)
}

fn is_theme_path(site_dir: &Path, path: &Path) -> bool {
    ["themes", "templates", "static"]
        .iter()
        .any(|d| relative_to(path, &site_dir.join(d)).is_some())
}
