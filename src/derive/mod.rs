//! Derive: everything computed from the whole site — URLs, indexes by sector, year, month
//! and kind, previous/next links, and each sector's yearly figures against the clause-4
//! quota. Every pass here is linear (or n·log n) in the number of write-ups.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::model::*;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// One sector's record for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SectorYear {
    /// Sector id.
    pub sector: String,
    /// The year.
    pub year: i32,
    /// Activities held, plenary group discussions excluded (joint ones included).
    pub activities: u32,
    /// Plenary group discussions (outside the quota).
    pub plenary: u32,
    /// Submissions by output kind, in [`OutputKind::ALL`] order.
    pub outputs_by_kind: Vec<u32>,
    /// All submissions.
    pub outputs: u32,
    /// Whether a plan was filed for the year.
    pub has_plan: bool,
    /// Plan items.
    pub plan_items: u32,
    /// Plan items carried out by at least one activity.
    pub plan_done: u32,
    /// Activities that carried out no plan item.
    pub unplanned: u32,
    /// Activities of a signature programme.
    pub brand_activities: u32,
    /// Distinct members who took part at least once.
    pub participants: u32,
    /// Members on the roster.
    pub members: u32,
    /// Activities attended by a chair-meeting member.
    pub with_leaders: u32,
    /// Whether anything at all was recorded for the year.
    pub has_data: bool,
    /// Clause-4 verdict.
    pub quota_met: bool,
    /// Why the quota was not met, in Chinese (empty when met).
    pub shortfalls: Vec<String>,
}

/// Indexes and figures derived from the site.
#[derive(Debug, Default)]
pub struct Derived {
    /// URL path (relative to the site root, ending in `/`) of each activity, by index.
    pub activity_urls: Vec<String>,
    /// URL path of each standalone output, by index.
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
    /// Figures per (sector, year) for every sector and every year in `years`.
    pub sector_years: BTreeMap<(String, i32), SectorYear>,
    /// URL path of every document, by its path relative to content/ (for Markdown links).
    pub document_urls: HashMap<PathBuf, String>,
}

impl Derived {
    /// Figures for one sector and year.
    pub fn sector_year(&self, sector: &str, year: i32) -> Option<&SectorYear> {
        self.sector_years.get(&(sector.to_string(), year))
    }
}

/// URL path of a sector profile.
pub fn sector_url(id: &str) -> String {
    format!("sectors/{id}/")
}

/// URL path of a sector's page for one year.
pub fn sector_year_url(id: &str, year: i32) -> String {
    format!("sectors/{id}/{year}/")
}

/// Computes every derived index. Duplicate URLs are reported as errors.
pub fn derive(site: &Site) -> (Derived, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut d = Derived::default();
    let mut claimed: HashMap<String, &Source> = HashMap::new();
    for a in &site.activities {
        let url = format!("sectors/{}/{}/{}/", a.sector, a.year(), a.slug);
        let url = claim(&mut claimed, url, &a.source, &mut diagnostics);
        d.document_urls.insert(a.source.rel.clone(), url.clone());
        d.activity_urls.push(url);
    }
    for o in &site.outputs {
        let url = format!("sectors/{}/outputs/{}/", o.sector, o.slug);
        let url = claim(&mut claimed, url, &o.source, &mut diagnostics);
        d.document_urls.insert(o.source.rel.clone(), url.clone());
        d.output_urls.push(url);
    }
    for s in &site.sectors {
        d.document_urls
            .insert(s.source.rel.clone(), sector_url(&s.id));
    }
    for p in &site.plans {
        d.document_urls.insert(
            p.source.rel.clone(),
            format!("{}#plan", sector_year_url(&p.sector, p.year)),
        );
    }
    for s in &site.summaries {
        d.document_urls.insert(
            s.source.rel.clone(),
            format!("{}#summary", sector_year_url(&s.sector, s.year)),
        );
    }
    for c in &site.commendations {
        d.document_urls
            .insert(c.source.rel.clone(), format!("commendations/{}/", c.year));
    }
    for p in &site.pages {
        d.document_urls
            .insert(p.source.rel.clone(), format!("pages/{}/", p.id));
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

    d.sector_years = sector_figures(site, &d);
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

fn sector_figures(site: &Site, d: &Derived) -> BTreeMap<(String, i32), SectorYear> {
    let mut figures: BTreeMap<(String, i32), SectorYear> = BTreeMap::new();
    let plans: HashMap<(&str, i32), &Plan> = site
        .plans
        .iter()
        .map(|p| ((p.sector.as_str(), p.year), p))
        .collect();
    for sector in &site.sectors {
        let members: BTreeSet<&str> = sector.members.iter().map(String::as_str).collect();
        for &year in &d.years {
            let mut f = SectorYear {
                sector: sector.id.clone(),
                year,
                outputs_by_kind: vec![0; OutputKind::ALL.len()],
                members: members.len() as u32,
                ..SectorYear::default()
            };
            let plan = plans.get(&(sector.id.as_str(), year));
            f.has_plan = plan.is_some();
            f.plan_items = plan.map_or(0, |p| p.items.len() as u32);
            let mut done: BTreeSet<&str> = BTreeSet::new();
            let mut people: BTreeSet<&str> = BTreeSet::new();
            for &i in d
                .by_sector
                .get(&sector.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let a = &site.activities[i];
                if a.year() != year {
                    continue;
                }
                if a.plenary_group {
                    f.plenary += 1;
                } else {
                    f.activities += 1;
                }
                for output in &a.outputs {
                    f.outputs_by_kind[output_index(output.kind)] += 1;
                }
                // A plan item belongs to the filing sector's plan.
                match (&a.plan, a.sector == sector.id) {
                    (Some(p), true)
                        if plan.is_some_and(|pl| pl.items.iter().any(|it| it.id == p.value)) =>
                    {
                        done.insert(p.value.as_str());
                    }
                    _ if !a.plenary_group => f.unplanned += 1,
                    _ => {}
                }
                if a.brand.is_some() && a.sector == sector.id {
                    f.brand_activities += 1;
                }
                if !a.leaders.is_empty() {
                    f.with_leaders += 1;
                }
                for p in &a.participants {
                    if members.contains(p.value.as_str()) {
                        people.insert(p.value.as_str());
                    }
                }
            }
            for &i in d
                .outputs_by_sector
                .get(&sector.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let o = &site.outputs[i];
                if o.date.year() == year {
                    f.outputs_by_kind[output_index(o.kind)] += 1;
                }
            }
            f.outputs = f.outputs_by_kind.iter().sum();
            f.plan_done = done.len() as u32;
            f.participants = people.len() as u32;
            f.has_data = f.activities + f.plenary + f.outputs > 0 || f.has_plan;
            let quota = site.config.quota;
            if f.activities < quota.activities {
                let mut why = format!("活动 {} 次，少于 {} 次", f.activities, quota.activities);
                if f.plenary > 0 {
                    why.push_str(&format!("（全会界别小组讨论 {} 次不计入）", f.plenary));
                }
                f.shortfalls.push(why);
            }
            if f.outputs < quota.outputs {
                f.shortfalls.push(format!(
                    "提交调研报告、大会发言、集体提案、社情民意信息 {} 篇，少于 {} 篇",
                    f.outputs, quota.outputs
                ));
            }
            f.quota_met = f.shortfalls.is_empty();
            figures.insert((sector.id.clone(), year), f);
        }
    }
    figures
}

/// Position of an output kind in [`OutputKind::ALL`].
pub fn output_index(kind: OutputKind) -> usize {
    OutputKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The month (1–12) of a date, for grouping timelines.
pub fn month_of(date: chrono::NaiveDate) -> u32 {
    date.month()
}
