//! What a change reaches: the pages that show a changed write-up or other document, and
//! whether the documents' URLs stayed the same (so the generated files can be patched
//! rather than made again).

use crate::model::{Markdown, Plan, Site, Source};
use crate::publish::check::Checked;
use crate::render::pages::{self, PageJob};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Each write-up's index, by its path relative to content/ (hashed as bytes: hashing a
/// `Path` goes component by component and is several times slower).
pub fn activity_index(site: &Site) -> HashMap<&OsStr, usize> {
    site.activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.rel.as_os_str(), i))
        .collect()
}

/// Whether two maps of document URLs are equal; sorting by bytes is much faster than
/// looking up every path in a `HashMap<PathBuf, _>`.
pub fn same_urls(a: &HashMap<PathBuf, String>, b: &HashMap<PathBuf, String>) -> bool {
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

/// The pages that can change when the documents `changed` (paths relative to content/)
/// changed between `old` and `new`, or `None` when every page must be rendered.
///
/// Write-ups may be edited, added, removed or moved to another URL (a date in another
/// year): every write-up whose URL appeared, vanished or changed counts as changed too,
/// and each changed write-up reaches the pages [`pages_showing`] lists, in the old
/// build and in the new one. Any other document reaches the pages of
/// [`document_pages`]. A change to the set of years (every page's year tabs), a
/// document of a kind not handled here, or another document whose URL changed renders
/// every page.
pub fn dependants(old: &Checked, new: &Checked, changed: &[PathBuf]) -> Option<BTreeSet<PageJob>> {
    if changed.is_empty() {
        return None;
    }
    // `old` is `new` after an edit of text only: nothing structural can differ.
    let same = std::ptr::eq(old, new);
    if !same && old.derived.years != new.derived.years {
        return None;
    }
    let old_index = activity_index(&old.site);
    let new_index_owned;
    let new_index = if same {
        &old_index
    } else {
        new_index_owned = activity_index(&new.site);
        &new_index_owned
    };
    let mut writeups: BTreeSet<&OsStr> = BTreeSet::new();
    let mut jobs = BTreeSet::new();
    for rel in changed {
        let rel = rel.as_os_str();
        if old_index.contains_key(rel) || new_index.contains_key(rel) {
            writeups.insert(rel);
        } else {
            jobs.extend(document_pages(old, new, Path::new(rel))?);
        }
    }
    if !same {
        // Documents whose URL changed though their file did not (or whose file appeared
        // or vanished): write-ups are handled like edited ones, anything else is not.
        let (a, b) = (&old.derived.document_urls, &new.derived.document_urls);
        let moved = a
            .iter()
            .filter(|(rel, url)| b.get(*rel) != Some(*url))
            .map(|(rel, _)| rel)
            .chain(b.keys().filter(|rel| !a.contains_key(*rel)));
        for rel in moved {
            let rel = rel.as_os_str();
            if !old_index.contains_key(rel) && !new_index.contains_key(rel) {
                return None;
            }
            writeups.insert(rel);
        }
    }
    let new_positions: HashMap<&str, usize> = new
        .derived
        .activity_urls
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let new_activity = |url: &str| new_positions.get(url).copied();
    for rel in writeups {
        for (checked, index) in [(old, &old_index), (new, new_index)] {
            if let Some(&i) = index.get(rel) {
                pages_showing(checked, i, new, &new_activity, &mut jobs);
            }
        }
    }
    Some(jobs)
}

/// Adds to `jobs` every page of `new` that shows write-up `i` of `checked` (the old or
/// the new build): its own page; its neighbours' pages (their previous/next links show
/// its title); the profile and year pages of every sector it counts for or whose plan it
/// carries out; the timeline of its year and the timeline index; its kind's page and the
/// kind index; the year report and the year index; the members page of its year and the
/// pages of its participants (with `member_pages: true`); the pages of the chair-meeting
/// members it names in `leaders` and of the committees serving its sectors, and their
/// index; the commendation of its year; the home page and the sector index (figures).
/// `new_activity` finds a write-up of `new` by URL.
///
/// A new kind of page that lists write-ups adds its line here; `tests/it/incremental.rs`
/// shows a forgotten one as a page that differs from a full build.
pub fn pages_showing(
    checked: &Checked,
    i: usize,
    new: &Checked,
    new_activity: &dyn Fn(&str) -> Option<usize>,
    jobs: &mut BTreeSet<PageJob>,
) {
    let a = &checked.site.activities[i];
    if let Some(j) = new_activity(&checked.derived.activity_urls[i]) {
        jobs.insert(PageJob::Activity(j));
        let (older, newer) = new.derived.neighbours[j];
        jobs.extend(older.into_iter().chain(newer).map(PageJob::Activity));
    }
    let (older, newer) = checked.derived.neighbours[i];
    for k in older.into_iter().chain(newer) {
        if let Some(j) = new_activity(&checked.derived.activity_urls[k]) {
            jobs.insert(PageJob::Activity(j));
        }
    }
    let sectors = a
        .sector_ids()
        .chain(a.plan_refs().map(|(sector, _, _)| sector));
    for name in &a.leaders {
        if let Some(l) = new.site.leaders.iter().position(|l| l.name == name.value) {
            jobs.insert(PageJob::Leader(l));
        }
    }
    for sector in sectors {
        let served = new.site.sector(sector).and_then(|s| s.served_by.as_ref());
        if let Some(c) = served.and_then(|served| {
            new.site
                .committees
                .iter()
                .position(|c| c.id == served.value)
        }) {
            jobs.insert(PageJob::Committee(c));
        }
        if let Some(index) = new.site.sector_index(sector) {
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
        let members = &new.derived.members;
        jobs.extend(
            a.participants
                .iter()
                .filter_map(|p| members.iter().position(|m| m.name == p.value))
                .map(PageJob::Member),
        );
    }
    if let Some(c) = new
        .site
        .commendations
        .iter()
        .position(|c| c.year == a.year())
    {
        jobs.insert(PageJob::Commendation(c));
    }
    jobs.extend([
        PageJob::Home,
        PageJob::TimelineIndex,
        PageJob::KindIndex,
        PageJob::YearIndex,
        PageJob::SectorIndex,
        PageJob::Organisation,
    ]);
}

/// The pages of `new` that show the document at `rel` (not a write-up), when it changed
/// in a way they alone show; `None` (render every page) for any other change, for a
/// document added or removed, and for a kind of document not listed here.
///
/// - A sector's profile (`index.md`) whose text alone changed: the sector's pages.
/// - A plan whose text or item titles changed (same items, kinds and quarters, so the
///   same figures): the sector's page of that year (and its profile in the current
///   year), the year report, and the pages of the write-ups carrying out its items.
/// - A summary whose text changed: the sector's page of that year (and the profile).
/// - A standalone output, a commendation notice or a free page whose text alone
///   changed: its own page.
///
/// A new kind of page that shows one of these documents adds its line here.
pub fn document_pages(old: &Checked, new: &Checked, rel: &Path) -> Option<BTreeSet<PageJob>> {
    let (o, n) = (&old.site, &new.site);
    let current = new.derived.current_year;
    let sector_year = |sector: &str, year: i32| -> Option<Vec<PageJob>> {
        let index = n.sector_index(sector)?;
        let mut pages = vec![PageJob::Sector {
            index,
            year,
            profile: false,
        }];
        if year == current {
            pages.push(PageJob::Sector {
                index,
                year,
                profile: true,
            });
        }
        Some(pages)
    };
    let mut jobs = BTreeSet::new();
    if let (Some(i), Some(j)) = (
        position_of(o.sectors.iter().map(|s| &s.source), rel),
        position_of(n.sectors.iter().map(|s| &s.source), rel),
    ) {
        if !same_but_body(&o.sectors[i], &n.sectors[j], |s| &mut s.body) {
            return None;
        }
        let id = &n.sectors[j].id;
        let index = n.sector_index(id)?;
        jobs.extend(
            pages::jobs(n, &new.derived)
                .into_iter()
                .filter(|job| matches!(job, PageJob::Sector { index: k, .. } if *k == index)),
        );
        return Some(jobs);
    }
    if let (Some(i), Some(j)) = (
        position_of(o.plans.iter().map(|p| &p.source), rel),
        position_of(n.plans.iter().map(|p| &p.source), rel),
    ) {
        let untitled = |p: &mut Plan| {
            p.body = Markdown::default();
            p.items.iter_mut().for_each(|item| item.title.clear());
        };
        let (mut before, mut after) = (o.plans[i].clone(), n.plans[j].clone());
        untitled(&mut before);
        untitled(&mut after);
        if before != after || old.derived.plan_done_by.get(i) != new.derived.plan_done_by.get(j) {
            return None;
        }
        let plan = &n.plans[j];
        jobs.extend(sector_year(&plan.sector, plan.year)?);
        jobs.insert(PageJob::Year(plan.year));
        jobs.extend(
            new.derived.plan_done_by[j]
                .iter()
                .flatten()
                .map(|&k| PageJob::Activity(k)),
        );
        return Some(jobs);
    }
    if let (Some(i), Some(j)) = (
        position_of(o.summaries.iter().map(|s| &s.source), rel),
        position_of(n.summaries.iter().map(|s| &s.source), rel),
    ) {
        if !same_but_body(&o.summaries[i], &n.summaries[j], |s| &mut s.body) {
            return None;
        }
        let summary = &n.summaries[j];
        jobs.extend(sector_year(&summary.sector, summary.year)?);
        return Some(jobs);
    }
    macro_rules! own_page {
        ($field:ident, $job:path) => {
            if let (Some(i), Some(j)) = (
                position_of(o.$field.iter().map(|d| &d.source), rel),
                position_of(n.$field.iter().map(|d| &d.source), rel),
            ) {
                if !same_but_body(&o.$field[i], &n.$field[j], |d| &mut d.body) {
                    return None;
                }
                jobs.insert($job(j));
                return Some(jobs);
            }
        };
    }
    own_page!(outputs, PageJob::Output);
    own_page!(commendations, PageJob::Commendation);
    own_page!(pages, PageJob::Page);
    None
}

/// Where the document of `rel` is among `sources`.
fn position_of<'a>(mut sources: impl Iterator<Item = &'a Source>, rel: &Path) -> Option<usize> {
    sources.position(|s| s.rel == rel)
}

/// Whether two versions of a document differ in their text at most.
fn same_but_body<T: Clone + PartialEq>(
    a: &T,
    b: &T,
    body: impl Fn(&mut T) -> &mut Markdown,
) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    *body(&mut a) = Markdown::default();
    *body(&mut b) = Markdown::default();
    a == b
}
