//! The yearly figures: the one place where what a sector did in a year is counted and
//! judged against the clause-4 quota. The year pages, the home page, the reports and
//! their exports, `check`'s quota standing and the `api/` export all read these; none
//! counts for itself.
//!
//! The rules, decided here once (docs/content-model.md, "How the figures are counted"):
//!
//! - **Activities** of a sector: the write-ups it filed plus the joint ones naming it in
//!   `also_sectors`; plenary group discussions are counted apart and not for the quota.
//!   Committee totals count each activity once.
//! - **Outputs** of a sector: those listed in its activities (a joint activity's outputs
//!   count for every sector in it) plus its standalone outputs. Committee totals count
//!   each output once.
//! - **Results of outputs** (成果转化: accepted as a proposal, adopted, instructed on by a
//!   leader, published) are counted with their outputs: for every sector an output counts
//!   for, and once each in committee totals.
//! - **A participant** is a person on a sector's roster (`members`) named in the
//!   `participants` of an activity held that year, plenary discussions included; names
//!   on no roster are not counted (`check` warns about them). A sector's participants
//!   are its own roster members; the committee's are distinct roster members of any
//!   sector.
//! - **A plan item is done** when an activity of the sector that year names it in `plan`:
//!   `p2` for the filing sector's own item, `jiaoyu/p4` for a partner's in a joint
//!   activity.
//! - **The quota is met** when the sector held at least the required activities and
//!   submitted at least the required outputs. A sector with no record at all for a year
//!   (no activity, output or plan) has *no record*: it is neither met nor short, and is
//!   never counted among the sectors that met the quota.
//! - **A sector's year is closed** when the sector has filed its year-end summary, or when
//!   the year is over (the build date, [`Derived::today`], is past 31 December). Until
//!   then a shortfall reads "not yet met" and a sector without any record yet is "in
//!   progress". **The year as a whole** is in progress while any sector's year is open.

use super::Derived;
use crate::model::{ActivityKind, OutputKind, OutputResult, Plan, ResultKind, Role, Site};
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One sector's record for one year. It serializes as the pages and the export show it,
/// less the reasons, which those put in words.
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
    /// Results of the submissions (成果转化) by kind, in [`ResultKind::ALL`] order.
    pub results_by_kind: Vec<u32>,
    /// All results of the submissions.
    pub results: u32,
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
    /// Distinct members of the sector's roster who took part at least once.
    pub participants: u32,
    /// Members on the roster.
    pub members: u32,
    /// Activities attended by a chair-meeting member.
    pub with_leaders: u32,
    /// Whether anything at all was recorded for the year.
    pub has_data: bool,
    /// Clause-4 verdict: the minimums were reached.
    pub quota_met: bool,
    /// The sector's year is closed: its summary is filed, or the year is over.
    pub closed: bool,
    /// Why the quota was not met (empty when met).
    #[serde(skip)]
    pub shortfalls: Vec<Shortfall>,
}

/// One reason a sector fell short of the clause-4 quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    /// Too few activities.
    Activities {
        /// Activities held (plenary group discussions apart).
        held: u32,
        /// The minimum.
        required: u32,
        /// Plenary group discussions held, which do not count.
        plenary: u32,
    },
    /// Too few outputs.
    Outputs {
        /// Outputs submitted.
        submitted: u32,
        /// The minimum.
        required: u32,
    },
}

/// Where a sector stands against the quota in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing recorded yet, in a year still open for the sector.
    InProgress,
    /// Nothing was recorded for the year, which is closed.
    NoRecord,
    /// The minimums were reached.
    Met,
    /// Not reached yet, in a year still open for the sector.
    NotYetMet,
    /// Not reached, in a closed year.
    NotMet,
}

impl SectorYear {
    /// The verdict, from the figures and whether the sector's year is closed.
    pub fn verdict(&self) -> Verdict {
        match (self.has_data, self.quota_met, self.closed) {
            (false, _, false) => Verdict::InProgress,
            (false, _, true) => Verdict::NoRecord,
            (true, true, _) => Verdict::Met,
            (true, false, false) => Verdict::NotYetMet,
            (true, false, true) => Verdict::NotMet,
        }
    }

    /// Whether the sector recorded work but fell short (the year report lists these).
    pub fn is_short(&self) -> bool {
        self.has_data && !self.quota_met
    }
}

/// Figures per (sector, year).
pub type SectorYears = BTreeMap<(String, i32), SectorYear>;

/// For each plan (by index) and each of its items, the activities that carried it out.
pub type PlanProgress = Vec<Vec<Vec<usize>>>;

/// Figures per (sector, year) for every sector and every year in `derived.years`, and
/// the activities that carried out each plan item.
pub(super) fn sector_figures(site: &Site, d: &Derived) -> (SectorYears, PlanProgress) {
    let mut figures: BTreeMap<(String, i32), SectorYear> = BTreeMap::new();
    let plans: HashMap<(&str, i32), (usize, &Plan)> = site
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.sector.as_str(), p.year), (i, p)))
        .collect();
    let mut done_by: PlanProgress = site
        .plans
        .iter()
        .map(|p| vec![Vec::new(); p.items.len()])
        .collect();
    let quota = site.config.quota;
    let summaries: BTreeSet<(&str, i32)> = site
        .summaries
        .iter()
        .map(|s| (s.sector.as_str(), s.year))
        .collect();
    for sector in &site.sectors {
        let members: BTreeSet<&str> = sector.member_names().collect();
        for &year in &d.years {
            let mut f = SectorYear {
                sector: sector.id.clone(),
                year,
                outputs_by_kind: vec![0; OutputKind::ALL.len()],
                results_by_kind: vec![0; ResultKind::ALL.len()],
                members: members.len() as u32,
                ..SectorYear::default()
            };
            f.closed = year_over(d, year) || summaries.contains(&(sector.id.as_str(), year));
            let plan = plans.get(&(sector.id.as_str(), year)).copied();
            f.has_plan = plan.is_some();
            f.plan_items = plan.map_or(0, |(_, p)| p.items.len() as u32);
            let mut people: BTreeSet<&str> = BTreeSet::new();
            for &i in d.activities_of(&sector.id) {
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
                    count_results(&mut f.results_by_kind, &output.results);
                }
                // An activity carries out the items its `plan` names of this sector's
                // plan (its own, or a partner's in a joint activity).
                let mut planned = false;
                if let Some((pi, pl)) = plan {
                    for (of, item, _) in a.plan_refs() {
                        let k = pl.items.iter().position(|it| it.id == item);
                        if let (true, Some(k)) = (of == sector.id, k) {
                            if done_by[pi][k].last() != Some(&i) {
                                done_by[pi][k].push(i);
                            }
                            planned = true;
                        }
                    }
                }
                if !planned && !a.plenary_group {
                    f.unplanned += 1;
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
            for &i in d.outputs_of(&sector.id) {
                let o = &site.outputs[i];
                if o.date.year() == year {
                    f.outputs_by_kind[output_index(o.kind)] += 1;
                    count_results(&mut f.results_by_kind, &o.results);
                }
            }
            f.outputs = f.outputs_by_kind.iter().sum();
            f.results = f.results_by_kind.iter().sum();
            if let Some((pi, _)) = plan {
                f.plan_done = done_by[pi].iter().filter(|by| !by.is_empty()).count() as u32;
            }
            f.participants = people.len() as u32;
            f.has_data = f.activities + f.plenary + f.outputs > 0 || f.has_plan;
            if f.activities < quota.activities {
                f.shortfalls.push(Shortfall::Activities {
                    held: f.activities,
                    required: quota.activities,
                    plenary: f.plenary,
                });
            }
            if f.outputs < quota.outputs {
                f.shortfalls.push(Shortfall::Outputs {
                    submitted: f.outputs,
                    required: quota.outputs,
                });
            }
            f.quota_met = f.shortfalls.is_empty();
            figures.insert((sector.id.clone(), year), f);
        }
    }
    (figures, done_by)
}

/// Adds each result to its kind's count.
fn count_results(by_kind: &mut [u32], results: &[OutputResult]) {
    for r in results {
        if let Some(k) = ResultKind::ALL.iter().position(|x| *x == r.kind) {
            by_kind[k] += 1;
        }
    }
}

/// Position of an output kind in [`OutputKind::ALL`].
pub fn output_index(kind: OutputKind) -> usize {
    OutputKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Whether anything at all was recorded for the year.
pub fn year_has_data(site: &Site, derived: &Derived, year: i32) -> bool {
    derived.years.contains(&year)
        && site
            .sectors
            .iter()
            .any(|s| derived.sector_year(&s.id, year).is_some_and(|f| f.has_data))
}

/// Whether `year` is over on the build date (`derived.today` is past its 31 December).
pub fn year_over(derived: &Derived, year: i32) -> bool {
    year < derived.today.year()
}

/// Whether the year is still in progress as a whole: it is not over and some sector has
/// not filed its year-end summary.
pub fn in_progress(site: &Site, derived: &Derived, year: i32) -> bool {
    site.sectors
        .iter()
        .any(|s| derived.sector_year(&s.id, year).is_some_and(|f| !f.closed))
}

/// How many sectors have closed `year` (filed their summary, or the year is over).
pub fn sectors_closed(site: &Site, derived: &Derived, year: i32) -> usize {
    site.sectors
        .iter()
        .filter(|s| derived.sector_year(&s.id, year).is_some_and(|f| f.closed))
        .count()
}

/// A sector's place in the year's ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Position (equal scores share a position: 1, 2, 2, 4).
    pub rank: usize,
    /// Sector index in `site.sectors`.
    pub sector: usize,
    /// Activities (plenary group discussions apart).
    pub activities: u32,
    /// Submissions.
    pub outputs: u32,
}

/// Sectors with records for the year, ranked by activities plus submissions, then by
/// activities; sectors without records are left out rather than ranked last.
pub fn ranking(site: &Site, derived: &Derived, year: i32) -> Vec<Ranked> {
    let mut list: Vec<Ranked> = derived
        .sector_order()
        .filter_map(|si| {
            let f = derived.sector_year(&site.sectors[si].id, year)?;
            f.has_data.then_some(Ranked {
                rank: 0,
                sector: si,
                activities: f.activities,
                outputs: f.outputs,
            })
        })
        .collect();
    let key = |r: &Ranked| (r.activities + r.outputs, r.activities);
    list.sort_by_key(|r| std::cmp::Reverse(key(r)));
    for i in 0..list.len() {
        list[i].rank = if i > 0 && key(&list[i]) == key(&list[i - 1]) {
            list[i - 1].rank
        } else {
            i + 1
        };
    }
    list
}

/// Committee-wide totals of a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearTotals {
    /// The year.
    pub year: i32,
    /// Activities held, each counted once however many sectors took part.
    pub activities: u32,
    /// Plenary group discussions.
    pub plenary: u32,
    /// Sum over sectors of their activities (a joint activity counts for each sector).
    pub sector_activities: u32,
    /// Submissions, each counted once.
    pub outputs: u32,
    /// Submissions by kind, in [`OutputKind::ALL`] order, each counted once.
    pub outputs_by_kind: Vec<u32>,
    /// Results of the submissions by kind, in [`ResultKind::ALL`] order, each once.
    pub results_by_kind: Vec<u32>,
    /// All results of the submissions.
    pub results: u32,
    /// Sectors in the site.
    pub sectors: u32,
    /// Sectors with any record for the year.
    pub sectors_with_data: u32,
    /// Sectors that filed a plan.
    pub sectors_with_plan: u32,
    /// Sectors that met the clause-4 quota (never one without record).
    pub sectors_met: u32,
    /// Plan items carried out, over all sectors.
    pub plan_done: u32,
    /// Plan items, over all sectors.
    pub plan_items: u32,
    /// Activities that carried out no plan item of their sector, over all sectors.
    pub unplanned: u32,
    /// Signature-programme activities.
    pub brand_activities: u32,
    /// Distinct roster members who took part at least once.
    pub participants: u32,
    /// Distinct members on all rosters.
    pub members: u32,
    /// Activities (plenary discussions included) attended by a chair-meeting member.
    pub with_leaders: u32,
    /// Whether the year is still in progress.
    pub in_progress: bool,
}

/// Committee-wide totals of a year.
pub fn year_totals(site: &Site, derived: &Derived, year: i32) -> YearTotals {
    let mut t = YearTotals {
        year,
        outputs_by_kind: vec![0; OutputKind::ALL.len()],
        results_by_kind: vec![0; ResultKind::ALL.len()],
        sectors: site.sectors.len() as u32,
        in_progress: in_progress(site, derived, year),
        ..YearTotals::default()
    };
    // Hashed: only the count is published, and the home, years and year pages ask for
    // every year's totals again after each edit in `serve`.
    let roster: HashSet<&str> = site.sectors.iter().flat_map(|s| s.member_names()).collect();
    let mut people: HashSet<&str> = HashSet::new();
    for &i in derived.activities_in(year) {
        let a = &site.activities[i];
        if a.plenary_group {
            t.plenary += 1;
        } else {
            t.activities += 1;
        }
        if !a.leaders.is_empty() {
            t.with_leaders += 1;
        }
        for o in &a.outputs {
            t.outputs_by_kind[output_index(o.kind)] += 1;
            count_results(&mut t.results_by_kind, &o.results);
        }
        people.extend(
            a.participants
                .iter()
                .map(|p| p.value.as_str())
                .filter(|p| roster.contains(p)),
        );
    }
    for o in site.outputs.iter().filter(|o| o.date.year() == year) {
        t.outputs_by_kind[output_index(o.kind)] += 1;
        count_results(&mut t.results_by_kind, &o.results);
    }
    t.outputs = t.outputs_by_kind.iter().sum();
    t.results = t.results_by_kind.iter().sum();
    t.participants = people.len() as u32;
    t.members = roster.len() as u32;
    for s in &site.sectors {
        let Some(f) = derived.sector_year(&s.id, year) else {
            continue;
        };
        t.sector_activities += f.activities;
        if f.has_data {
            t.sectors_with_data += 1;
        }
        if f.has_plan {
            t.sectors_with_plan += 1;
        }
        if f.has_data && f.quota_met {
            t.sectors_met += 1;
        }
        t.plan_done += f.plan_done;
        t.plan_items += f.plan_items;
        t.unplanned += f.unplanned;
        t.brand_activities += f.brand_activities;
    }
    t
}

/// A role someone held in a sector in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldRole {
    /// Sector index in `site.sectors`.
    pub sector: usize,
    /// The first convenor (otherwise a convenor).
    pub first: bool,
}

/// One member's record for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecord {
    /// Name.
    pub name: String,
    /// Indexes of the sectors whose roster lists the member (empty when none does), in
    /// display order.
    pub sectors: Vec<usize>,
    /// Convenor roles held in the year.
    pub roles: Vec<HeldRole>,
    /// Activities attended, plenary group discussions apart.
    pub activities: u32,
    /// Plenary group discussions attended.
    pub plenary: u32,
    /// Submissions of the activities attended.
    pub outputs: u32,
    /// 所在单位 from the roster ([`super::members::RosterMember::unit`]).
    pub unit: Option<String>,
    /// 职务 from the roster.
    pub post: Option<String>,
    /// The activities attended (plenary group discussions included), newest first: the
    /// counts above are counted from this list.
    pub attended: Vec<usize>,
}

/// Every member on a roster (and anyone else recorded as taking part) with the year's
/// attendance: the roster's members first, each at its index in [`Derived::members`]
/// (sector display order, then roster order), then the others.
pub fn member_records(site: &Site, derived: &Derived, year: i32) -> Vec<MemberRecord> {
    let mut records: BTreeMap<&str, MemberRecord> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let blank = |name: &str| MemberRecord {
        name: name.to_string(),
        sectors: Vec::new(),
        roles: Vec::new(),
        activities: 0,
        plenary: 0,
        outputs: 0,
        unit: None,
        post: None,
        attended: Vec::new(),
    };
    for m in &derived.members {
        order.push(m.name.as_str());
        let mut record = blank(&m.name);
        record.sectors.clone_from(&m.sectors);
        record.unit.clone_from(&m.unit);
        record.post.clone_from(&m.post);
        records.insert(m.name.as_str(), record);
    }
    for si in derived.sector_order() {
        let s = &site.sectors[si];
        for c in Role::holders(&s.convenors, year) {
            if let Some(r) = records.get_mut(c.name.as_str()) {
                r.roles.push(HeldRole {
                    sector: si,
                    first: c.first,
                });
            }
        }
    }
    for &i in derived.activities_in(year) {
        let a = &site.activities[i];
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for p in &a.participants {
            let name = p.value.as_str();
            if !seen.insert(name) {
                continue;
            }
            let r = records.entry(name).or_insert_with(|| {
                order.push(name);
                blank(name)
            });
            r.attend(site, i);
        }
    }
    order
        .into_iter()
        .filter_map(|n| records.remove(n))
        .collect()
}

impl MemberRecord {
    /// Counts activity `i` as attended: the one counting rule of [`member_records`] and
    /// [`member_years`].
    fn attend(&mut self, site: &Site, i: usize) {
        let a = &site.activities[i];
        if a.plenary_group {
            self.plenary += 1;
        } else {
            self.activities += 1;
        }
        self.outputs += a.outputs.len() as u32;
        self.attended.push(i);
    }
}

/// [`member_records`] of every year with records, newest first: counted once for all the
/// member pages, which [`member_years`] then reads.
pub fn member_records_by_year(site: &Site, derived: &Derived) -> Vec<(i32, Vec<MemberRecord>)> {
    derived
        .years
        .iter()
        .map(|&year| (year, member_records(site, derived, year)))
        .collect()
}

/// The record of the member at `member` (index in [`Derived::members`]) for every year
/// they attended anything or held a convenor role, newest first: what their member page
/// shows, read from `by_year` ([`member_records_by_year`]), where the roster's members
/// come first, in the order of [`Derived::members`].
pub fn member_years(
    by_year: &[(i32, Vec<MemberRecord>)],
    member: usize,
) -> Vec<(i32, &MemberRecord)> {
    by_year
        .iter()
        .filter_map(|(year, records)| {
            records
                .get(member)
                .filter(|r| !r.attended.is_empty() || !r.roles.is_empty())
                .map(|r| (*year, r))
        })
        .collect()
}

/// Activities (plenary group discussions apart) per month of the year, January first.
pub fn activities_by_month(site: &Site, derived: &Derived, year: i32) -> [u32; 12] {
    let mut months = [0u32; 12];
    for &i in derived.activities_in(year) {
        let a = &site.activities[i];
        if !a.plenary_group {
            let m = a.date.month() as usize;
            months[m.clamp(1, 12) - 1] += 1;
        }
    }
    months
}

/// Activities (plenary group discussions apart) per kind, in [`ActivityKind::ALL`] order.
pub fn activities_by_kind(site: &Site, derived: &Derived, year: i32) -> Vec<u32> {
    let mut kinds = vec![0u32; ActivityKind::ALL.len()];
    for &i in derived.activities_in(year) {
        let a = &site.activities[i];
        if !a.plenary_group {
            if let Some(k) = ActivityKind::ALL.iter().position(|k| *k == a.kind) {
                kinds[k] += 1;
            }
        }
    }
    kinds
}

/// Something a sector has not filed or done by the build date, for the office to chase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The year has begun and no plan is filed for it.
    Plan,
    /// The year is over and no year-end summary is filed.
    Summary,
    /// A plan item whose quarter has ended was carried out by no activity.
    ItemNotStarted {
        /// Index in `site.plans`.
        plan: usize,
        /// Index in that plan's items.
        item: usize,
    },
    /// In the fourth quarter of an open year, the quota is not met yet.
    QuotaAtRisk,
}

/// What each sector is missing in `year` on the build date, as (sector index, what),
/// sectors in display order.
pub fn missing(site: &Site, derived: &Derived, year: i32) -> Vec<(usize, Missing)> {
    let today = derived.today;
    if year > today.year() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for si in derived.sector_order() {
        let s = &site.sectors[si];
        let plan = site
            .plans
            .iter()
            .position(|p| p.sector == s.id && p.year == year);
        match plan {
            None => out.push((si, Missing::Plan)),
            Some(pi) => {
                for (k, item) in site.plans[pi].items.iter().enumerate() {
                    let ended = item
                        .quarter
                        .and_then(|q| quarter_end(year, q))
                        .is_some_and(|end| end < today);
                    if ended && derived.plan_done_by[pi][k].is_empty() {
                        out.push((si, Missing::ItemNotStarted { plan: pi, item: k }));
                    }
                }
            }
        }
        let f = derived.sector_year(&s.id, year);
        let summary = site
            .summaries
            .iter()
            .any(|x| x.sector == s.id && x.year == year);
        if year_over(derived, year) && !summary {
            out.push((si, Missing::Summary));
        }
        if year == today.year()
            && today.month() >= 10
            && f.is_some_and(|f| !f.closed && !f.quota_met)
        {
            out.push((si, Missing::QuotaAtRisk));
        }
    }
    out
}

/// The last day of quarter `q` (1–4) of `year`.
pub fn quarter_end(year: i32, q: u8) -> Option<chrono::NaiveDate> {
    let month = u32::from(q.clamp(1, 4)) * 3;
    chrono::NaiveDate::from_ymd_opt(year, month, 1)?
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()
}
