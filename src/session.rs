//! Incremental rebuilds for `serve`: keep the last good site in memory, and after a change
//! render only the pages that depend on what changed, writing only files whose bytes
//! differ.
//!
//! Validation always runs over the whole content (every problem must be reported, and a
//! change to one file can break a reference in another); rendering and writing are what
//! is narrowed. The dependency rule for a changed write-up is spelled out in
//! [`dependants`].

use crate::render::{self, PageJob};
use crate::{check, publish_media, render_pages, theme, BuildError, BuildOptions, Checked};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What one rebuild did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// Pages rendered.
    pub rendered: usize,
    /// Files whose bytes changed and were written.
    pub written: usize,
    /// Files removed because no page produces them any more.
    pub removed: usize,
    /// Whether every page was rendered (first build, theme or structural change).
    pub full: bool,
}

/// A site being served: the last good build and the theme.
pub struct Session {
    options: BuildOptions,
    tera: Option<tera::Tera>,
    statics: Vec<(String, Vec<u8>)>,
    last: Option<Checked>,
    produced: BTreeSet<String>,
}

impl Session {
    /// A session that builds `options.content_dir` into `options.output_dir`, which it
    /// owns (serve uses a private temporary directory).
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            tera: None,
            statics: Vec::new(),
            last: None,
            produced: BTreeSet::new(),
        }
    }

    /// The options this session builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Rebuilds after `changed` files changed (an empty list means "everything").
    /// On error the output keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, BuildError> {
        let site_dir = self.options.site_dir();
        let theme_changed = self.tera.is_none()
            || changed.is_empty()
            || changed
                .iter()
                .any(|p| is_theme_path(&site_dir, &self.options.content_dir, p));
        if theme_changed {
            let theme = theme::load(&site_dir).map_err(|e| BuildError::Theme(e.to_string()))?;
            self.tera = Some(render::compile(&theme).map_err(BuildError::Theme)?);
            self.statics = theme.statics;
        }
        let checked = check(&self.options)?;
        let Some(tera) = &self.tera else {
            return Err(BuildError::Theme(crate::tr!(
                "主题未加载",
                "the theme is not loaded"
            )));
        };
        let all_jobs = render::jobs(&checked.site, &checked.derived);
        let changed_rel: Vec<PathBuf> = changed
            .iter()
            .filter_map(|p| relative_to(p, &self.options.content_dir))
            .collect();
        let jobs: Vec<PageJob> = match (&self.last, theme_changed) {
            (Some(old), false) => match dependants(old, &checked, &changed_rel) {
                Some(set) => all_jobs.into_iter().filter(|j| set.contains(j)).collect(),
                None => all_jobs,
            },
            _ => all_jobs,
        };
        let full = jobs.len() == render::jobs(&checked.site, &checked.derived).len();
        let out = &self.options.output_dir;
        std::fs::create_dir_all(out)
            .map_err(|e| BuildError::Output(format!("{}：{e}", out.display())))?;
        let written = Mutex::new(0usize);
        let produced = Mutex::new(BTreeSet::new());
        let sink = |rel: &str, bytes: &[u8]| -> std::io::Result<()> {
            produced.lock().map(|mut p| p.insert(rel.to_string())).ok();
            if write_if_changed(&out.join(rel), bytes)? {
                *written.lock().map_err(|_| std::io::Error::other("lock"))? += 1;
            }
            Ok(())
        };
        let (images, _) = publish_media(&checked, &self.options, sink)?;
        render_pages(&checked, tera, &images, &jobs, sink)?;
        for (name, bytes) in &self.statics {
            sink(&format!("static/{name}"), bytes)
                .map_err(|e| BuildError::Output(e.to_string()))?;
        }
        crate::write_generated_files(&checked, sink)?;
        let produced = produced.into_inner().unwrap_or_default();
        let written = written.into_inner().unwrap_or_default();
        let mut removed = 0;
        if full {
            for stale in self.produced.difference(&produced) {
                if std::fs::remove_file(out.join(stale)).is_ok() {
                    removed += 1;
                }
            }
            self.produced = produced;
        } else {
            self.produced.extend(produced);
        }
        let rendered = jobs.len();
        self.last = Some(checked);
        Ok(Rebuild {
            rendered,
            written,
            removed,
            full,
        })
    }
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

fn is_theme_path(site_dir: &Path, content_dir: &Path, path: &Path) -> bool {
    if relative_to(path, content_dir).is_some() {
        return false;
    }
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
/// year report and the year index; the home page; the commendation of its year. Old and
/// new values are both covered, so a changed date or kind updates both places.
pub fn dependants(old: &Checked, new: &Checked, changed: &[PathBuf]) -> Option<BTreeSet<PageJob>> {
    if changed.is_empty() {
        return None;
    }
    let by_file = |checked: &'_ Checked| -> HashMap<PathBuf, usize> {
        checked
            .site
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.source.rel.clone(), i))
            .collect()
    };
    let (old_index, new_index) = (by_file(old), by_file(new));
    // Structural changes (files added, removed, renamed or turned into drafts; anything
    // but a write-up) are rare: render everything.
    if old_index.len() != new_index.len()
        || old.derived.activity_urls.len() != new.derived.activity_urls.len()
    {
        return None;
    }
    let mut old_urls = old.derived.activity_urls.clone();
    let mut new_urls = new.derived.activity_urls.clone();
    old_urls.sort();
    new_urls.sort();
    if old_urls != new_urls || old.derived.years != new.derived.years {
        return None;
    }
    let mut jobs = BTreeSet::new();
    for rel in changed {
        let (Some(&o), Some(&n)) = (old_index.get(rel.as_path()), new_index.get(rel.as_path()))
        else {
            return None;
        };
        for (checked, i) in [(old, o), (new, n)] {
            let a = &checked.site.activities[i];
            let index_of = |url: &str| new.derived.activity_urls.iter().position(|u| u == url);
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
