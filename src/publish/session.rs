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
//!   it may link to; while no URL changed, every unchanged body is reused.
//! - **Pages.** A changed write-up changes the pages listed in [`dependants`]; a changed
//!   template changes the pages whose template uses it ([`templates_affected`],
//!   [`render::template_name`]); anything else renders every page.
//! - **Generated files.** After an edit of write-ups only, the search index is updated in
//!   memory ([`search::Index::update`]) and only the feeds the write-ups appear in are
//!   made again; otherwise all of them are. The `api/` export (only the years of the
//!   edited write-ups) and the sitemap are written after the reload has been published:
//!   late by a moment, never wrong.
//!
//! Files no stage produces any more are removed, so the output is always what a full
//! build writes (`tests/incremental.rs` checks it byte for byte).

use crate::generate::search;
use crate::model::validate::{self, Decoded};
use crate::model::{Activity, Markdown, Site, Source};
use crate::render::markdown::{self, LinkContext, Rendered};
use crate::render::{self, Bodies, PageJob};
use crate::source::load::{self, Loaded};
use crate::{
    publish::check_validated, publish::page_file, publish::publish_media_files,
    publish::render_pages, publish::BuildError, publish::BuildOptions, publish::Checked,
    publish::Images, render::theme,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    /// From the start of the rebuild to the changed files being in place.
    pub elapsed: Duration,
}

/// The content as last read: every document with its decoded form.
struct Sources {
    loaded: Loaded,
    /// One per `loaded.files`, same order.
    decoded: Vec<Decoded>,
    /// A copy of `decoded` made while nothing was happening, for the next validation
    /// (which consumes its documents), kept in step with it.
    spare: Option<Vec<Decoded>>,
}

/// A site being served: the sources, the last good build, the theme and what is on disk.
pub struct Session {
    options: BuildOptions,
    theme: Option<theme::Theme>,
    tera: Option<tera::Tera>,
    sources: Option<Sources>,
    last: Option<Checked>,
    /// False after a failed check took bodies out of `last`.
    bodies_reusable: bool,
    /// Whether the last validation found every document at the URL it had in `last`.
    urls_same: Option<bool>,
    images: Images,
    /// Output files of every published media file.
    media: BTreeMap<PathBuf, BTreeSet<String>>,
    search: Option<search::Index>,
    /// Output files by the stage that writes them.
    outputs: BTreeMap<&'static str, BTreeSet<String>>,
    /// Content files changed since the last good build (relative to content/).
    pending: BTreeSet<PathBuf>,
    /// Everything must be redone at the next good build.
    pending_full: bool,
    /// Templates changed since the last good build.
    pending_templates: BTreeSet<String>,
    pending_statics: bool,
}

/// What changed between the last good build and this one.
struct Plan {
    /// The pages to render; `None`: all.
    jobs: Option<BTreeSet<PageJob>>,
    /// When only write-ups changed and no URL did: the changed write-ups as (index in
    /// the last build, index in this one). `None`: regenerate everything.
    edited: Option<Vec<(usize, usize)>>,
    /// The feeds to make again; `None`: all.
    feeds: Option<BTreeSet<String>>,
    /// The years of `api/activities/` to write again; `None`: the whole export.
    api_years: Option<BTreeSet<i32>>,
}

impl Session {
    /// A session that builds `options.content_dir` into `options.output_dir`, which it
    /// owns (serve uses a private temporary directory).
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            theme: None,
            tera: None,
            sources: None,
            last: None,
            bodies_reusable: false,
            urls_same: None,
            images: Images::new(),
            media: BTreeMap::new(),
            search: None,
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

    /// Rebuilds after `changed` files changed (an empty list means "everything").
    /// On error the output keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, BuildError> {
        self.rebuild_with(changed, |_| {})
    }

    /// Like [`Session::rebuild`], calling `publish` as soon as the pages, the search
    /// index and the feeds are in place (or the build failed), before writing the files
    /// no page shows (`api/`, sitemap).
    pub fn rebuild_with(
        &mut self,
        changed: &[PathBuf],
        publish: impl FnOnce(&Result<Rebuild, BuildError>),
    ) -> Result<Rebuild, BuildError> {
        let start = Instant::now();
        let mut timings = Timings::from_env();
        let served = self.check(changed).and_then(|(checked, plan)| {
            timings.lap("check");
            let written = self.write_served(&checked, &plan, start);
            if written.is_err() {
                // Half-written output is made whole by the next good build, and the last
                // build may have given its bodies to this one.
                self.pending_full = true;
                self.bodies_reusable = false;
            }
            timings.lap("pages, search, feeds");
            Ok((checked, plan, written?))
        });
        let (checked, plan, rebuild) = match served {
            Ok(done) => done,
            Err(error) => {
                let result = Err(error);
                publish(&result);
                return result;
            }
        };
        publish(&Ok(rebuild.clone()));
        let late = self.write_late(&checked, &plan);
        timings.lap("api, sitemap (after publishing)");
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
        late.map(|()| rebuild)
    }

    /// Brings the theme and the sources up to date and checks the site.
    fn check(&mut self, changed: &[PathBuf]) -> Result<(Checked, Plan), BuildError> {
        let site_dir = self.options.site_dir();
        let content_dir = self.options.content_dir.clone();
        let mut theme_changed = self.tera.is_none() || changed.is_empty();
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
        let cached = !self.options.lint && content_dir.is_dir();
        if changed.is_empty() || !cached {
            self.sources = None;
        }
        let clean = self.pending.is_empty() && !self.pending_full;
        let mut replaced = Vec::new();
        if cached {
            match self.update_sources(&content) {
                Some((relevant, old)) => {
                    // Only a batch of re-read documents can be a text edit (not one that
                    // also adds a file, or touches an asset or an unreadable file).
                    if old.len() == relevant.len() {
                        replaced = old;
                    }
                    self.pending.extend(relevant);
                }
                None => {
                    self.pending_full = true;
                    self.sources = Some(load_sources(&content_dir));
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
                let plan = self.plan(Some(&checked), &checked);
                timings.lap("  plan");
                return Ok((checked, plan));
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
        let plan = self.plan(old, &checked);
        timings.lap("  plan");
        Ok((checked, plan))
    }

    fn reload_theme(&mut self, site_dir: &Path) -> Result<(), BuildError> {
        let theme = theme::load(site_dir).map_err(|e| BuildError::Theme(e.to_string()))?;
        let tera = render::compile(&theme).map_err(BuildError::Theme)?;
        match &self.theme {
            Some(old) => {
                self.pending_templates
                    .extend(changed_templates(&old.templates, &theme.templates));
                self.pending_statics |= old.statics != theme.statics;
            }
            None => self.pending_statics = true,
        }
        self.theme = Some(theme);
        self.tera = Some(tera);
        Ok(())
    }

    /// Reads again the content files in `changed` (relative to content/) and returns
    /// those that were or are part of the content. `None` when the change is not one
    /// this can follow and everything must be loaded again.
    /// Also returns the decoded form each re-read document had before.
    #[allow(clippy::type_complexity)]
    fn update_sources(
        &mut self,
        changed: &[PathBuf],
    ) -> Option<(Vec<PathBuf>, Vec<(PathBuf, Decoded)>)> {
        let content_dir = &self.options.content_dir;
        let sources = self.sources.as_mut()?;
        let mut relevant = Vec::new();
        let mut replaced = Vec::new();
        let loaded = &mut sources.loaded;
        let mut assets_changed = false;
        let mut added = Vec::new();
        for rel in changed {
            if rel.as_os_str().is_empty() {
                return None;
            }
            // Hidden and backup files (and everything in hidden directories) are never
            // content: `load` skips them the same way.
            if rel
                .components()
                .any(|c| load::is_ignored_name(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            // A symbolic link on the way, or a directory, is left to the full load
            // (which reports links and walks directories).
            let mut on_the_way = content_dir.clone();
            for part in rel.components() {
                on_the_way.push(part);
                if on_the_way.is_symlink() {
                    return None;
                }
            }
            let path = content_dir.join(rel);
            let is_file = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => return None,
                Ok(meta) => meta.is_file(),
                Err(_) => {
                    // A removed directory.
                    let inside = |p: &Path| p != rel && p.starts_with(rel);
                    if loaded.files.iter().any(|f| inside(&f.rel))
                        || loaded.assets.iter().any(|a| inside(a))
                        || loaded.unreadable.iter().any(|u| inside(&u.rel))
                    {
                        return None;
                    }
                    false
                }
            };
            let mut known = false;
            if let Ok(at) = loaded.files.binary_search_by(|f| f.rel.as_path().cmp(rel)) {
                loaded.files.remove(at);
                replaced.push((rel.clone(), sources.decoded.remove(at)));
                if let Some(spare) = &mut sources.spare {
                    spare.remove(at);
                }
                known = true;
            }
            let unreadable = loaded.unreadable.len();
            loaded.unreadable.retain(|u| &u.rel != rel);
            known |= unreadable != loaded.unreadable.len();
            loaded.diagnostics.retain(|d| d.path != path);
            let was_asset = loaded.assets.remove(rel);
            assets_changed |= was_asset;
            if known || was_asset || is_file {
                relevant.push(rel.clone());
            }
            if !is_file {
                continue;
            }
            if !load::is_document(rel) {
                assets_changed |= loaded.assets.insert(rel.clone());
                continue;
            }
            match load::load_file(content_dir, rel) {
                Ok(Some(file)) => added.push(file),
                Ok(None) => {}
                Err(unreadable) => {
                    loaded.diagnostics.push(unreadable.diagnostic.clone());
                    loaded.unreadable.push(*unreadable);
                }
            }
        }
        for file in added {
            let at = loaded
                .files
                .binary_search_by(|f| f.rel.cmp(&file.rel))
                .unwrap_or_else(|at| at);
            let decoded = validate::decode_file(&file, &loaded.assets);
            if let Some(spare) = &mut sources.spare {
                spare.insert(at, decoded.clone());
            }
            sources.decoded.insert(at, decoded);
            loaded.files.insert(at, file);
        }
        if assets_changed {
            sources.decoded = decode_all(loaded);
            sources.spare = None;
            replaced.clear();
        }
        Some((relevant, replaced))
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
        let links = LinkContext {
            document_urls: &last.derived.document_urls,
            rejected: &last.site.rejected,
            assets: &last.site.assets,
            trusted_html: last.site.config.trusted_html,
        };
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
        let options = crate::publish::validate_options(&self.options);
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
        let result = check_validated(site, diags, &self.options, |site, derived| {
            urls_same = last
                .as_ref()
                .map(|old| same_urls(&old.derived.document_urls, &derived.document_urls));
            let old = last.filter(|_| reusable && urls_same == Some(true));
            reuse_bodies(old, site, derived, &mut taken)
        });
        self.urls_same = urls_same;
        if result.is_err() && taken {
            self.bodies_reusable = false;
        }
        result
    }

    /// What to redo, from what changed between `old` (the last good build; `None`:
    /// everything changed) and `checked`.
    fn plan(&self, old: Option<&Checked>, checked: &Checked) -> Plan {
        let everything = Plan {
            jobs: None,
            edited: None,
            feeds: None,
            api_years: None,
        };
        let Some(old) = old else {
            return everything;
        };
        let changed: Vec<PathBuf> = self.pending.iter().cloned().collect();
        let mut jobs = if changed.is_empty() {
            BTreeSet::new()
        } else {
            match dependants(old, checked, &changed) {
                Some(jobs) => jobs,
                None => return everything,
            }
        };
        if !self.pending_templates.is_empty() {
            let Some(theme) = &self.theme else {
                return everything;
            };
            let Some(affected) = templates_affected(&theme.templates, &self.pending_templates)
            else {
                return everything;
            };
            jobs.extend(
                render::jobs(&checked.site, &checked.derived)
                    .into_iter()
                    .filter(|job| affected.contains(render::template_name(job))),
            );
        }
        // Generated files can be patched only when the bodies of every other write-up
        // are the ones they were made from (no URL changed).
        let same_links = std::ptr::eq(old, checked)
            || (self.urls_same.unwrap_or_else(|| {
                same_urls(&old.derived.document_urls, &checked.derived.document_urls)
            }) && old.site.rejected.keys().eq(checked.site.rejected.keys())
                && old.site.assets == checked.site.assets
                && old.site.config == checked.site.config
                && old.site.sectors == checked.site.sectors);
        let edited: Option<Vec<(usize, usize)>> = same_links.then(|| {
            let position = |site: &Site, rel: &Path| -> Option<usize> {
                site.activities.iter().position(|a| a.source.rel == rel)
            };
            changed
                .iter()
                .filter_map(|rel| Some((position(&old.site, rel)?, position(&checked.site, rel)?)))
                .collect()
        });
        let pairs = |edited: &[(usize, usize)]| -> Vec<(&Activity, &Activity)> {
            edited
                .iter()
                .map(|&(o, n)| (&old.site.activities[o], &checked.site.activities[n]))
                .collect()
        };
        // The feeds an edited write-up is in, before or after the edit; all of them when a
        // date changed (the newest date of the site dates an empty feed).
        let feeds = edited.as_deref().map(pairs).and_then(|pairs| {
            let mut paths = BTreeSet::new();
            if !pairs.is_empty() {
                paths.insert("feed.xml".to_string());
            }
            for (before, after) in pairs {
                if before.date != after.date {
                    return None;
                }
                for a in [before, after] {
                    paths.extend(a.sector_ids().map(|s| format!("sectors/{s}/feed.xml")));
                    paths.insert(format!("kinds/{}/feed.xml", a.kind.id()));
                }
            }
            Some(paths)
        });
        let api_years = edited.as_deref().map(pairs).map(|pairs| {
            pairs
                .iter()
                .flat_map(|(before, after)| [before.year(), after.year()])
                .collect()
        });
        Plan {
            jobs: Some(jobs),
            edited,
            feeds,
            api_years,
        }
    }

    /// Writes what a reader sees: media, pages, theme files, the search index, feeds.
    fn write_served(
        &mut self,
        checked: &Checked,
        plan: &Plan,
        start: Instant,
    ) -> Result<Rebuild, BuildError> {
        let mut timings = Timings::from_env();
        let out = self.options.output_dir.clone();
        std::fs::create_dir_all(&out)
            .map_err(|e| BuildError::Output(format!("{}：{e}", out.display())))?;
        let written = Mutex::new(0usize);
        let produced = Mutex::new(BTreeSet::new());
        let sink = |rel: &str, bytes: &[u8]| -> std::io::Result<()> {
            if let Ok(mut p) = produced.lock() {
                p.insert(rel.to_string());
            }
            if write_if_changed(&out.join(rel), bytes)? {
                *written.lock().map_err(|_| std::io::Error::other("lock"))? += 1;
            }
            Ok(())
        };
        let take = |produced: &Mutex<BTreeSet<String>>| {
            std::mem::take(&mut *produced.lock().unwrap_or_else(|e| e.into_inner()))
        };
        let mut removed = 0;

        // Media: the files that are new to the site or changed, each with the output
        // files it makes (so that a photo no longer used takes its copies with it).
        let media = crate::publish::media_files(checked);
        let wanted: BTreeSet<&PathBuf> = media.iter().collect();
        for files in self
            .media
            .iter()
            .filter(|(m, _)| !wanted.contains(m))
            .map(|(_, f)| f)
        {
            removed += remove_files(&out, files, &self.outputs);
        }
        self.media.retain(|m, _| wanted.contains(m));
        self.images.retain(|m, _| wanted.contains(m));
        let everything = plan.jobs.is_none();
        let to_publish: Vec<&PathBuf> = media
            .iter()
            .filter(|m| everything || !self.media.contains_key(*m) || self.pending.contains(*m))
            .collect();
        let options = &self.options;
        let published: Vec<_> = to_publish
            .par_iter()
            .map(|&m| {
                let files = Mutex::new(BTreeSet::new());
                let record = |rel: &str, bytes: &[u8]| {
                    if let Ok(mut f) = files.lock() {
                        f.insert(rel.to_string());
                    }
                    sink(rel, bytes)
                };
                let result = publish_media_files(std::slice::from_ref(m), options, record);
                (m, result, files.into_inner().unwrap_or_default())
            })
            .collect();
        take(&produced);
        let mut problems = Vec::new();
        for (m, result, files) in published {
            match result {
                Ok((images, _)) => self.images.extend(images),
                Err(BuildError::Content(mut diags)) => problems.append(&mut diags),
                Err(other) => return Err(other),
            }
            if let Some(old) = self.media.get(m) {
                let stale: BTreeSet<String> = old.difference(&files).cloned().collect();
                removed += remove_files(&out, &stale, &self.outputs);
            }
            self.media.insert(m.clone(), files);
        }
        if !problems.is_empty() {
            crate::core::diagnostics::sort(&mut problems);
            return Err(BuildError::Content(problems));
        }

        timings.lap("  media");
        // Pages.
        let tera = self.tera.as_ref().ok_or_else(|| {
            BuildError::Theme(crate::tr!("主题未加载", "the theme is not loaded"))
        })?;
        let all_jobs = render::jobs(&checked.site, &checked.derived);
        let jobs: Vec<PageJob> = match &plan.jobs {
            Some(set) => all_jobs
                .iter()
                .filter(|j| set.contains(j))
                .cloned()
                .collect(),
            None => all_jobs.clone(),
        };
        let (site, derived, bodies) = (&checked.site, &checked.derived, &checked.bodies);
        // While the pages render, the search index is patched and the feeds are made
        // (the largest page alone keeps one core busy).
        let images = &self.images;
        let search_index = &mut self.search;
        let (pages, (patched, feeds)) = rayon::join(
            || render_pages(checked, tera, images, &jobs, sink),
            || {
                let patched = match (&plan.edited, search_index.as_mut()) {
                    (Some(edited), Some(index)) => {
                        let docs = edited
                            .iter()
                            .map(|&(_, i)| search::document(site, derived, bodies, i))
                            .collect();
                        index.update(site, docs)
                    }
                    _ => None,
                };
                let feeds = plan.feeds.as_ref().map(|paths| {
                    crate::generate::feeds::feeds_where(site, derived, bodies, &|p| {
                        paths.contains(p)
                    })
                });
                (patched, feeds)
            },
        );
        pages?;
        take(&produced);
        timings.lap("  render pages (and patch search, make feeds)");
        // A narrowed plan means the same pages exist as before.
        if everything || !self.outputs.contains_key("pages") {
            let pages: BTreeSet<String> = all_jobs
                .iter()
                .map(|job| page_file(&render::job_url(&checked.site, &checked.derived, job)))
                .collect();
            removed += self.replace("pages", pages);
        }

        if self.pending_statics || everything {
            if let Some(theme) = &self.theme {
                for (name, bytes) in &theme.statics {
                    sink(&format!("static/{name}"), bytes)
                        .map_err(|e| BuildError::Output(format!("static/{name}：{e}")))?;
                }
            }
            let files = take(&produced);
            removed += self.replace("static", files);
        }

        let output_error = |e: std::io::Error| BuildError::Output(e.to_string());
        // Search: patched in memory after an edit, else made again.
        match patched {
            Some(files) => {
                for (rel, bytes) in &files {
                    sink(rel, bytes).map_err(output_error)?;
                }
                take(&produced);
            }
            None => {
                let index = search::Index::new(site, derived, bodies);
                index.write(site, &sink).map_err(output_error)?;
                self.search = Some(index);
                let files = take(&produced);
                removed += self.replace("search", files);
            }
        }

        timings.lap("  search");
        // Feeds: those an edited write-up appears in (before or after), or all.
        match feeds {
            Some(feeds) => {
                for (rel, bytes) in &feeds {
                    sink(rel, bytes).map_err(output_error)?;
                }
                take(&produced);
            }
            None => {
                for (rel, bytes) in &crate::generate::feeds::feeds(site, derived, bodies) {
                    sink(rel, bytes).map_err(output_error)?;
                }
                let files = take(&produced);
                removed += self.replace("feeds", files);
            }
        }
        timings.lap("  feeds");
        let written = written.into_inner().unwrap_or_default();
        Ok(Rebuild {
            rendered: jobs.len(),
            written,
            removed,
            full: everything,
            elapsed: start.elapsed(),
        })
    }

    /// Writes what no page shows: the `api/` export and the sitemap.
    fn write_late(&mut self, checked: &Checked, plan: &Plan) -> Result<(), BuildError> {
        let out = self.options.output_dir.clone();
        let produced = Mutex::new(BTreeSet::new());
        let sink = |rel: &str, bytes: &[u8]| -> std::io::Result<()> {
            if let Ok(mut p) = produced.lock() {
                p.insert(rel.to_string());
            }
            write_if_changed(&out.join(rel), bytes).map(|_| ())
        };
        let output_error = |e: std::io::Error| BuildError::Output(e.to_string());
        let (site, derived, bodies) = (&checked.site, &checked.derived, &checked.bodies);
        match &plan.api_years {
            Some(years) if years.is_empty() => {}
            Some(years) => {
                crate::generate::api::build_years(site, derived, bodies, Some(years), &sink)
                    .map_err(output_error)?;
            }
            None => {
                crate::generate::api::build(site, derived, bodies, &sink).map_err(output_error)?;
                let files =
                    std::mem::take(&mut *produced.lock().unwrap_or_else(|e| e.into_inner()));
                self.replace("api", files);
            }
        }
        produced.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let urls = crate::generate::feeds::sitemap_urls(site, derived);
        let mut files = crate::generate::feeds::sitemap_files(
            &urls,
            &site.config.base_url,
            crate::generate::feeds::SITEMAP_LIMIT,
        );
        files.push((
            "robots.txt".into(),
            crate::generate::feeds::robots_txt(&site.config.base_url),
        ));
        for (rel, bytes) in &files {
            sink(rel, bytes).map_err(output_error)?;
        }
        let files = std::mem::take(&mut *produced.lock().unwrap_or_else(|e| e.into_inner()));
        self.replace("sitemap", files);
        Ok(())
    }

    /// Records that stage `group` now produces exactly `files`, removing the files it
    /// produced before and no stage produces now. Returns how many were removed.
    fn replace(&mut self, group: &'static str, files: BTreeSet<String>) -> usize {
        let old = self.outputs.insert(group, files).unwrap_or_default();
        let current = &self.outputs[group];
        let stale: BTreeSet<String> = old.difference(current).cloned().collect();
        remove_files(&self.options.output_dir, &stale, &self.outputs)
    }
}

/// Each write-up's index, by its path relative to content/ (hashed as bytes: hashing a
/// `Path` goes component by component and is several times slower).
fn activity_index(site: &Site) -> HashMap<&OsStr, usize> {
    site.activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.rel.as_os_str(), i))
        .collect()
}

/// Whether two maps of document URLs are equal; sorting by bytes is much faster than
/// looking up every path in a `HashMap<PathBuf, _>`.
fn same_urls(a: &HashMap<PathBuf, String>, b: &HashMap<PathBuf, String>) -> bool {
    fn sorted(map: &HashMap<PathBuf, String>) -> Vec<(&OsStr, &str)> {
        let mut pairs: Vec<(&OsStr, &str)> = map
            .iter()
            .map(|(k, v)| (k.as_os_str(), v.as_str()))
            .collect();
        pairs.par_sort_unstable();
        pairs
    }
    a.len() == b.len() && sorted(a) == sorted(b)
}

/// Removes `files` from `out` unless a stage in `outputs` still produces them, and the
/// directories that leaves empty. Returns how many files were removed.
fn remove_files(
    out: &Path,
    files: &BTreeSet<String>,
    outputs: &BTreeMap<&'static str, BTreeSet<String>>,
) -> usize {
    let mut removed = 0;
    for rel in files {
        if outputs.values().any(|set| set.contains(rel)) {
            continue;
        }
        let path = out.join(rel);
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    removed
}

fn load_sources(content_dir: &Path) -> Sources {
    let loaded = load::load(content_dir);
    let decoded = decode_all(&loaded);
    Sources {
        loaded,
        decoded,
        spare: None,
    }
}

fn decode_all(loaded: &Loaded) -> Vec<Decoded> {
    loaded
        .files
        .par_iter()
        .map(|file| validate::decode_file(file, &loaded.assets))
        .collect()
}

/// The bodies of `site`: taken from `old` (whose documents all have the URLs they have
/// now) where the document and everything it could link to are unchanged, rendered
/// otherwise. Sets `taken` when `old` gave any away.
fn reuse_bodies(
    old: Option<&mut Checked>,
    site: &Site,
    derived: &crate::derive::Derived,
    taken: &mut bool,
) -> Bodies {
    let Some(old) = old.filter(|old| {
        old.site.rejected.keys().eq(site.rejected.keys())
            && old.site.assets == site.assets
            && old.site.config.trusted_html == site.config.trusted_html
    }) else {
        return Bodies::render(site, derived);
    };
    *taken = true;
    let links = LinkContext {
        document_urls: &derived.document_urls,
        rejected: &site.rejected,
        assets: &site.assets,
        trusted_html: site.config.trusted_html,
    };
    let (old_site, old_bodies) = (&old.site, &mut old.bodies);
    macro_rules! reuse {
        ($field:ident) => {
            reuse(
                old_site.$field.iter().map(|d| (&d.source, &d.body)),
                &mut old_bodies.$field,
                site.$field.iter().map(|d| (&d.source, &d.body)),
                links,
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
        ),
    }
}

/// New bodies for `new` documents: the old rendering of the same unchanged document
/// (moved out of `old_bodies`), or a fresh one.
fn reuse<'a>(
    old: impl Iterator<Item = (&'a Source, &'a Markdown)>,
    old_bodies: &mut [Rendered],
    new: impl Iterator<Item = (&'a Source, &'a Markdown)>,
    links: LinkContext<'_>,
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

/// Phase timings of a rebuild, printed to stderr when `JIEBIE_TIMINGS` is set.
struct Timings {
    last: Option<Instant>,
}

impl Timings {
    fn from_env() -> Timings {
        Timings {
            last: std::env::var_os("JIEBIE_TIMINGS").map(|_| Instant::now()),
        }
    }

    fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            eprintln!("{:>8.1} ms  {phase}", last.elapsed().as_secs_f64() * 1000.0);
            self.last = Some(Instant::now());
        }
    }
}

/// The names of templates that differ between two lists (changed, added or removed).
fn changed_templates(old: &[(String, String)], new: &[(String, String)]) -> BTreeSet<String> {
    let old: BTreeMap<&str, &str> = old.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    let new: BTreeMap<&str, &str> = new.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    old.keys()
        .chain(new.keys())
        .filter(|name| old.get(*name) != new.get(*name))
        .map(|name| name.to_string())
        .collect()
}

/// The templates whose output can change when the templates `changed` change: those,
/// and every template that extends, includes or imports one of them, transitively.
/// `None` when a template names another in a way this cannot follow (a variable), and
/// every page must be rendered.
pub fn templates_affected(
    templates: &[(String, String)],
    changed: &BTreeSet<String>,
) -> Option<BTreeSet<String>> {
    let mut used_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, source) in templates {
        for target in template_references(source)? {
            used_by.entry(target).or_default().push(name);
        }
    }
    let mut affected = changed.clone();
    let mut queue: Vec<String> = changed.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for user in used_by.get(&name).into_iter().flatten() {
            if affected.insert(user.to_string()) {
                queue.push(user.to_string());
            }
        }
    }
    Some(affected)
}

/// The templates a template's `{% extends %}`, `{% include %}` and `{% import %}` tags
/// name, or `None` when one names no template literally.
fn template_references(source: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{%") {
        let tag_start = &rest[open + 2..];
        let Some(close) = tag_start.find("%}") else {
            break;
        };
        let tag = tag_start[..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &tag_start[close + 2..];
        let keyword = tag.split_whitespace().next().unwrap_or_default();
        if !matches!(keyword, "extends" | "include" | "import") {
            continue;
        }
        let mut names = Vec::new();
        let mut parts = tag[keyword.len()..].split(['"', '\'']);
        parts.next();
        while let Some(name) = parts.next() {
            names.push(name.to_string());
            parts.next();
        }
        if names.is_empty() {
            return None;
        }
        found.extend(names);
    }
    Some(found)
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

/// Writes `bytes` to `path` unless it already holds exactly them; the write goes through
/// a temporary file and a rename so a reader never sees half a page.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("jiebie-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(true)
}

/// The pages that can change when only the write-ups `changed` (paths relative to
/// content/) changed between `old` and `new`, or `None` when anything else changed and
/// every page must be rendered.
///
/// A write-up appears on: its own page; the pages of its neighbours (their previous/next
/// links show its title); the profile and year pages of every sector it counts for; the
/// timeline of its year and the timeline index; its kind's page and the kind index; the
/// year report and the year index; the members page of its year; the home page; the
/// commendation of its year. Old and new values are both covered, so a changed date or
/// kind updates both places.
pub fn dependants(old: &Checked, new: &Checked, changed: &[PathBuf]) -> Option<BTreeSet<PageJob>> {
    if changed.is_empty() {
        return None;
    }
    // `old` is `new` after an edit of text only: nothing structural can differ.
    let same = std::ptr::eq(old, new);
    let old_index = activity_index(&old.site);
    let new_index_owned;
    let new_index = if same {
        &old_index
    } else {
        new_index_owned = activity_index(&new.site);
        &new_index_owned
    };
    // Structural changes (files added, removed, renamed or turned into drafts; anything
    // but a write-up) are rare: render everything.
    if old_index.len() != new_index.len()
        || old.derived.activity_urls.len() != new.derived.activity_urls.len()
    {
        return None;
    }
    fn sorted(urls: &[String]) -> Vec<&str> {
        let mut urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        urls.par_sort_unstable();
        urls
    }
    if !same
        && (sorted(&old.derived.activity_urls) != sorted(&new.derived.activity_urls)
            || old.derived.years != new.derived.years)
    {
        return None;
    }
    let new_positions: HashMap<&str, usize> = new
        .derived
        .activity_urls
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let mut jobs = BTreeSet::new();
    for rel in changed {
        let (Some(&o), Some(&n)) = (
            old_index.get(rel.as_os_str()),
            new_index.get(rel.as_os_str()),
        ) else {
            return None;
        };
        for (checked, i) in [(old, o), (new, n)] {
            let a = &checked.site.activities[i];
            let index_of = |url: &str| new_positions.get(url).copied();
            if let Some(j) = index_of(&checked.derived.activity_urls[i]) {
                jobs.insert(PageJob::Activity(j));
                let (older, newer) = new.derived.neighbours[j];
                jobs.extend(older.into_iter().chain(newer).map(PageJob::Activity));
            }
            let (older, newer) = checked.derived.neighbours[i];
            for k in older.into_iter().chain(newer) {
                if let Some(j) = index_of(&checked.derived.activity_urls[k]) {
                    jobs.insert(PageJob::Activity(j));
                }
            }
            for sector in a.sector_ids() {
                if let Some(index) = new.site.sectors.iter().position(|s| s.id == sector) {
                    jobs.insert(PageJob::Sector {
                        index,
                        year: new.derived.current_year,
                        profile: true,
                    });
                    jobs.insert(PageJob::Sector {
                        index,
                        year: a.year(),
                        profile: false,
                    });
                }
            }
            jobs.insert(PageJob::Timeline(a.year()));
            jobs.insert(PageJob::Kind(a.kind));
            jobs.insert(PageJob::Year(a.year()));
            if new.site.config.member_pages {
                jobs.insert(PageJob::Members(a.year()));
            }
            if let Some(c) = new
                .site
                .commendations
                .iter()
                .position(|c| c.year == a.year())
            {
                jobs.insert(PageJob::Commendation(c));
            }
        }
    }
    jobs.extend([
        PageJob::Home,
        PageJob::TimelineIndex,
        PageJob::KindIndex,
        PageJob::YearIndex,
        PageJob::SectorIndex,
    ]);
    Some(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(templates: &[(&str, &str)]) -> Vec<(String, String)> {
        templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_template_affects_what_extends_includes_or_imports_it() {
        let templates = theme(&[
            (
                "base.html",
                "<html>{% include \"nav.html\" %}{% block body %}{% endblock %}",
            ),
            ("nav.html", "<nav>"),
            ("macros.html", "{% macro card() %}{% endmacro %}"),
            ("page.html", "{% extends \"base.html\" %}"),
            (
                "activity.html",
                "{%- extends 'base.html' -%}\n{% import \"macros.html\" as m %}",
            ),
            ("lonely.html", "<p>"),
        ]);
        let affected = |changed: &[&str]| templates_affected(&templates, &names(changed));
        assert_eq!(
            affected(&["macros.html"]),
            Some(names(&["macros.html", "activity.html"]))
        );
        assert_eq!(
            affected(&["nav.html"]),
            Some(names(&[
                "nav.html",
                "base.html",
                "page.html",
                "activity.html"
            ]))
        );
        assert_eq!(affected(&["lonely.html"]), Some(names(&["lonely.html"])));
        // A removed template is still a changed name; nothing uses this one.
        assert_eq!(affected(&["gone.html"]), Some(names(&["gone.html"])));
    }

    #[test]
    fn an_include_by_variable_means_everything() {
        let templates = theme(&[("page.html", "{% include template_name %}")]);
        assert_eq!(templates_affected(&templates, &names(&["x.html"])), None);
    }

    #[test]
    fn include_lists_name_every_template() {
        assert_eq!(
            template_references("{% include [\"a.html\", 'b.html'] ignore missing %}"),
            Some(vec!["a.html".to_string(), "b.html".to_string()])
        );
    }

    #[test]
    fn every_page_template_is_a_default_template() {
        let defaults: BTreeSet<&str> = theme::DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        let jobs = [
            PageJob::Home,
            PageJob::SectorIndex,
            PageJob::Activity(0),
            PageJob::Members(2025),
            PageJob::NotFound,
        ];
        for job in &jobs {
            assert!(defaults.contains(render::template_name(job)), "{job:?}");
        }
    }

    #[test]
    fn changed_templates_covers_added_removed_and_edited() {
        let old = theme(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let new = theme(&[("a.html", "1"), ("b.html", "two"), ("d.html", "4")]);
        assert_eq!(
            changed_templates(&old, &new),
            names(&["b.html", "c.html", "d.html"])
        );
    }
}
