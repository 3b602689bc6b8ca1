//! What a change reaches: the pages that show a changed write-up, and whether the
//! documents' URLs stayed the same (so the other bodies and generated files can be
//! patched rather than made again).

use crate::model::Site;
use crate::publish::check::Checked;
use crate::render::pages::PageJob;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::PathBuf;

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

/// The pages that can change when only the write-ups `changed` (paths relative to
/// content/) changed between `old` and `new`, or `None` when anything else changed and
/// every page must be rendered.
///
/// A write-up appears on: its own page; the pages of its neighbours (their previous/next
/// links show its title); the profile and year pages of every sector it counts for; the
/// timeline of its year and the timeline index; its kind's page and the kind index; the
/// year report and the year index; the members page of its year and the pages of its
/// participants (with `member_pages: true`); the home page; the commendation of its year;
/// the pages of the chair-meeting members it names in `leaders` and of the committees
/// serving its sectors, and their index. Old and new values are both covered, so a
/// changed date, kind or `leaders` updates both places.
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
    // Member pages by name (rosters cannot differ here: a profile edit renders all).
    let member_pages: HashMap<&str, usize> = if new.site.config.member_pages {
        new.derived
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.as_str(), i))
            .collect()
    } else {
        HashMap::new()
    };
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
            for name in &a.leaders {
                if let Some(l) = new.site.leaders.iter().position(|l| l.name == name.value) {
                    jobs.insert(PageJob::Leader(l));
                }
            }
            for sector in a.sector_ids() {
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
                jobs.extend(
                    a.participants
                        .iter()
                        .filter_map(|p| member_pages.get(p.value.as_str()))
                        .map(|&m| PageJob::Member(m)),
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
        }
    }
    jobs.extend([
        PageJob::Home,
        PageJob::TimelineIndex,
        PageJob::KindIndex,
        PageJob::YearIndex,
        PageJob::SectorIndex,
        PageJob::Organisation,
    ]);
    Some(jobs)
}
