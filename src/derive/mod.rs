//! Derive: everything computed from the whole site — the URL of every document
//! ([`route`]), indexes by sector, year and kind, previous/next links, the display order
//! of sectors, and each sector's yearly figures ([`figures`]). Every pass here is linear
//! (or n·log n) in the number of write-ups.

mod checks;
pub mod figures;
pub mod members;
pub mod route;

use crate::core::diagnostics::{Diagnostic, Position};
use crate::model::*;
use chrono::Datelike;
use figures::SectorYear;
use route::Route;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Indexes and figures derived from the site.
#[derive(Debug, Default)]
pub struct Derived {
    /// URL (a [`Route::url`]) of each activity, by index.
    pub activity_urls: Vec<String>,
    /// URL of each standalone output, by index.
    pub output_urls: Vec<String>,
    /// Activities counting for each sector (joint ones included), newest first.
    pub by_sector: HashMap<String, Vec<usize>>,
    /// Activities by year, newest first within each year.
    pub by_year: BTreeMap<i32, Vec<usize>>,
    /// Activities by kind, newest first.
    pub by_kind: BTreeMap<ActivityKind, Vec<usize>>,
    /// Standalone outputs by sector, newest first.
    pub outputs_by_sector: HashMap<String, Vec<usize>>,
    /// Previous (older) and next (newer) activity within the filing sector.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Every year the site has records for, newest first.
    pub years: Vec<i32>,
    /// The year the site describes as current: the newest year with records.
    pub current_year: i32,
    /// The date the build takes as today.
    pub today: chrono::NaiveDate,
    /// Sector indexes by group, in display order: groups in the order of `site.yaml`'s
    /// `groups`, then the customary order, then alphabetically; sectors by id within a
    /// group.
    pub groups: Vec<(String, Vec<usize>)>,
    /// Figures per (sector, year) for every sector and every year in `years`.
    pub sector_years: figures::SectorYears,
    /// For each plan (by index) and each of its items, the activities that carried the
    /// item out, newest first.
    pub plan_done_by: figures::PlanProgress,
    /// URL of every document, by its path relative to content/ (for Markdown links).
    pub document_urls: HashMap<PathBuf, String>,
    /// Everyone on the rosters, each name once, with their page's slug
    /// ([`members::roster`]).
    pub members: Vec<members::RosterMember>,
}

impl Derived {
    /// Figures for one sector and year.
    pub fn sector_year(&self, sector: &str, year: i32) -> Option<&SectorYear> {
        self.sector_years.get(&(sector.to_string(), year))
    }

    /// Activities counting for a sector (joint ones included), newest first.
    pub fn activities_of(&self, sector: &str) -> &[usize] {
        self.by_sector
            .get(sector)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Standalone outputs of a sector, newest first.
    pub fn outputs_of(&self, sector: &str) -> &[usize] {
        self.outputs_by_sector
            .get(sector)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Activities held in a year, newest first.
    pub fn activities_in(&self, year: i32) -> &[usize] {
        self.by_year
            .get(&year)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Activities of a kind, newest first.
    pub fn activities_of_kind(&self, kind: ActivityKind) -> &[usize] {
        self.by_kind
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Sector indexes in display order (see [`Derived::groups`]).
    pub fn sector_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups
            .iter()
            .flat_map(|(_, list)| list.iter().copied())
    }

    /// The sectors a committee serves (`served_by`, clause 8), in display order.
    pub fn sectors_served_by<'s>(
        &'s self,
        site: &'s Site,
        committee: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.sector_order().filter(move |&i| {
            site.sectors[i]
                .served_by
                .as_ref()
                .is_some_and(|c| c.value == committee)
        })
    }

    /// The sectors a chair-meeting member liaises with (`vice_chair`, clause 6), in
    /// display order.
    pub fn sectors_liaised_by<'s>(
        &'s self,
        site: &'s Site,
        leader: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.sector_order().filter(move |&i| {
            site.sectors[i]
                .vice_chair
                .as_ref()
                .is_some_and(|v| v.value == leader)
        })
    }

    /// The activities counting for any sector a committee serves, each once, newest
    /// first.
    pub fn activities_served_by(&self, site: &Site, committee: &str) -> Vec<usize> {
        let mut list: Vec<usize> = self
            .sectors_served_by(site, committee)
            .flat_map(|i| self.activities_of(&site.sectors[i].id).iter().copied())
            .collect();
        // Activities are sorted newest first, so index order is newest first.
        list.sort_unstable();
        list.dedup();
        list
    }
}

/// The activities a chair-meeting member attended (named in `leaders`), newest first.
pub fn activities_with_leader(site: &Site, leader: &str) -> Vec<usize> {
    site.activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.leaders.iter().any(|l| l.value == leader))
        .map(|(i, _)| i)
        .collect()
}

/// Computes every derived index, taking `today` as the build date (it decides which
/// years are over). Duplicate URLs are reported as errors.
pub fn derive(site: &Site, today: chrono::NaiveDate) -> (Derived, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut d = Derived {
        today,
        ..Derived::default()
    };
    let mut claimed: HashMap<String, &Source> = HashMap::new();
    for a in &site.activities {
        let route = Route::Activity {
            sector: &a.sector,
            year: a.year(),
            slug: &a.slug,
        };
        let url = claim(&mut claimed, route.url(), &a.source, &mut diagnostics);
        d.document_urls.insert(a.source.rel.clone(), url.clone());
        d.activity_urls.push(url);
    }
    for o in &site.outputs {
        let route = Route::Output {
            sector: &o.sector,
            slug: &o.slug,
        };
        let url = claim(&mut claimed, route.url(), &o.source, &mut diagnostics);
        d.document_urls.insert(o.source.rel.clone(), url.clone());
        d.output_urls.push(url);
    }
    let mut link = |source: &Source, route: Route<'_>| {
        d.document_urls.insert(source.rel.clone(), route.url());
    };
    for s in &site.sectors {
        link(&s.source, Route::Sector(&s.id));
    }
    for p in &site.plans {
        link(&p.source, Route::Plan(&p.sector, p.year));
    }
    for s in &site.summaries {
        link(&s.source, Route::Summary(&s.sector, s.year));
    }
    for c in &site.commendations {
        link(&c.source, Route::Commendation(c.year));
    }
    for p in &site.pages {
        link(&p.source, Route::Page(&p.id));
    }

    // Activities are sorted newest first, so pushing in order keeps every index sorted.
    for (i, a) in site.activities.iter().enumerate() {
        for sector in a.sector_ids() {
            let list = d.by_sector.entry(sector.to_string()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
        d.by_year.entry(a.year()).or_default().push(i);
        d.by_kind.entry(a.kind).or_default().push(i);
    }
    for (i, o) in site.outputs.iter().enumerate() {
        d.outputs_by_sector
            .entry(o.sector.clone())
            .or_default()
            .push(i);
    }

    d.neighbours = vec![(None, None); site.activities.len()];
    let mut filed: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in site.activities.iter().enumerate() {
        filed.entry(a.sector.as_str()).or_default().push(i);
    }
    for list in filed.values() {
        for (pos, &i) in list.iter().enumerate() {
            let newer = pos.checked_sub(1).map(|p| list[p]);
            let older = list.get(pos + 1).copied();
            d.neighbours[i] = (older, newer);
        }
    }

    let mut years: BTreeSet<i32> = d.by_year.keys().copied().collect();
    years.extend(site.plans.iter().map(|p| p.year));
    years.extend(site.summaries.iter().map(|s| s.year));
    years.extend(site.outputs.iter().map(|o| o.date.year()));
    years.extend(site.commendations.iter().map(|c| c.year));
    d.current_year = years.iter().next_back().copied().unwrap_or(2000);
    d.years = years.into_iter().rev().collect();
    d.groups = sector_groups(site);
    d.members = members::roster(site, &d);

    (d.sector_years, d.plan_done_by) = figures::sector_figures(site, &d);
    diagnostics.extend(checks::check(site, &d));
    (d, diagnostics)
}

/// Records that `source` produces `url`, reporting a second claimant as an error.
fn claim<'s>(
    claimed: &mut HashMap<String, &'s Source>,
    url: String,
    source: &'s Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    if let Some(first) = claimed.get(&url) {
        diagnostics.push(
            Diagnostic::error(&source.display, Position::start(), crate::tr!("与 {} 生成了同一个网址 /{url}", "makes the same web address /{url} as {}", first.display.display()))
                .with_help(crate::tr!("两篇稿件的文件名（或 slug）不能相同；给其中一篇改个文件名，或在前置信息里加 slug: 另一个英文网址名", "two write-ups cannot have the same file name (or slug); rename one of them, or add slug: <another-ascii-name> to its front matter")),
        );
    } else {
        claimed.insert(url.clone(), source);
    }
    url
}

/// Sector indexes grouped for display: groups in the order of `site.yaml`'s `groups`, then
/// the customary order, then alphabetically; sectors by id within a group.
fn sector_groups(site: &Site) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, s) in site.sectors.iter().enumerate() {
        match groups.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, list)) => list.push(i),
            None => groups.push((s.group.clone(), vec![i])),
        }
    }
    let default_order = ["中国共产党", "民主党派", "无党派人士", "人民团体", "界别"];
    let rank = |g: &str| -> (usize, String) {
        let configured = site.config.groups.iter().position(|x| x == g);
        let fallback = default_order.iter().position(|x| *x == g).map(|p| p + 1000);
        (configured.or(fallback).unwrap_or(usize::MAX), g.to_string())
    };
    groups.sort_by_key(|(g, _)| rank(g));
    groups
}
