//! Reports: the clause-10 year-start plan summary and year-end report, and the per-member
//! record that clause-11 evaluation and clause-12 employer notices need. Every figure comes
//! from [`derive::SectorYear`] or from the write-ups directly; the tables built here are
//! shared by the terminal, the CSV/XLSX/Markdown exports (`export`) and the site.

pub mod export;

use crate::derive::{Derived, SectorYear};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Number(i64),
    /// No value: used where the year has no record, so that it does not read as zero.
    Blank,
}

impl Cell {
    /// The cell as shown in text formats (a blank shows as “—”).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Blank => "—".to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(i64::from(n))
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A titled table with Chinese column headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Short name, used as the XLSX sheet name (≤ 31 characters).
    pub name: String,
    /// Heading shown above the table.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &str, title: impl Into<String>, headers: &[&str]) -> Table {
        Table {
            name: name.to_string(),
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// A report: a title, notes to read first, and tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// E.g. “2025 年度界别工作完成情况”.
    pub title: String,
    /// The year reported.
    pub year: i32,
    /// False when nothing at all was recorded for the year: the report says so instead of
    /// showing zeros that would read as failure.
    pub has_data: bool,
    /// Sentences printed before the tables.
    pub notes: Vec<String>,
    /// The tables.
    pub tables: Vec<Table>,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// Year-start summary of every sector's plan (clause 10).
    Plans,
    /// Year-end completion report (clause 10).
    Year,
    /// Per-member participation (clauses 11, 12).
    Members,
}

/// Builds one report for one year.
pub fn build(kind: ReportKind, site: &Site, derived: &Derived, year: i32) -> Report {
    match kind {
        ReportKind::Plans => plans_report(site, year),
        ReportKind::Year => year_report(site, derived, year),
        ReportKind::Members => members_report(site, derived, year),
    }
}

/// Sector indexes grouped for display: groups in the order of `site.yaml`'s `groups`, then
/// the customary order, then alphabetically; sectors by id within a group.
pub fn sector_groups(site: &Site) -> Vec<(String, Vec<usize>)> {
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

/// Sector indexes in display order (see [`sector_groups`]).
pub fn sector_order(site: &Site) -> Vec<usize> {
    sector_groups(site)
        .into_iter()
        .flat_map(|(_, list)| list)
        .collect()
}

/// Whether anything at all was recorded for the year.
pub fn year_has_data(site: &Site, derived: &Derived, year: i32) -> bool {
    derived.years.contains(&year)
        && site
            .sectors
            .iter()
            .any(|s| derived.sector_year(&s.id, year).is_some_and(|f| f.has_data))
}

/// A year is still in progress when it is the newest year and no sector has filed its
/// year-end summary yet (decided from content, never from the clock).
pub fn in_progress(site: &Site, derived: &Derived, year: i32) -> bool {
    year == derived.current_year && !site.summaries.iter().any(|s| s.year == year)
}

fn no_data_note(year: i32) -> String {
    format!("{year} 年没有任何记录（没有活动稿件、成果、计划或总结），无法统计；这不表示各界别未开展工作。")
}

fn quarter_text(q: Option<u8>) -> String {
    q.map_or_else(|| "未定".to_string(), |q| format!("第{q}季度"))
}

/// The year-start summary: every sector's plan items by quarter and kind, and the sectors
/// that filed no plan.
pub fn plans_report(site: &Site, year: i32) -> Report {
    let mut report = Report {
        title: format!("{year} 年度各界别工作计划汇总"),
        year,
        has_data: site.plans.iter().any(|p| p.year == year),
        notes: Vec::new(),
        tables: Vec::new(),
    };
    if !report.has_data {
        report.notes.push(format!(
            "{year} 年没有任何界别报送工作计划（content/sectors/<界别>/plans/{year}.md）。"
        ));
    }
    let order = sector_order(site);
    let mut items = Table::new(
        "计划事项",
        format!("{year} 年各界别计划事项"),
        &["界别", "编号", "季度", "活动类型", "计划事项"],
    );
    let mut by_quarter = Table::new(
        "按季度",
        format!("{year} 年各界别计划事项按季度统计"),
        &[
            "界别",
            "计划事项",
            "第1季度",
            "第2季度",
            "第3季度",
            "第4季度",
            "季度未定",
        ],
    );
    let mut kinds: BTreeMap<Option<ActivityKind>, u32> = BTreeMap::new();
    let mut missing = Table::new(
        "未报送计划",
        format!("{year} 年未报送工作计划的界别"),
        &["界别", "分组"],
    );
    let mut filed = 0usize;
    for &si in &order {
        let s = &site.sectors[si];
        let Some(plan) = site
            .plans
            .iter()
            .find(|p| p.sector == s.id && p.year == year)
        else {
            missing
                .rows
                .push(vec![s.display_name().into(), s.group.as_str().into()]);
            continue;
        };
        filed += 1;
        let mut sorted: Vec<&PlanItem> = plan.items.iter().collect();
        sorted.sort_by_key(|it| it.quarter.unwrap_or(u8::MAX));
        let mut quarters = [0u32; 5];
        for it in sorted {
            items.rows.push(vec![
                s.display_name().into(),
                it.id.as_str().into(),
                quarter_text(it.quarter).into(),
                it.kind.map_or("未定", |k| k.name()).into(),
                it.title.as_str().into(),
            ]);
            let q = it.quarter.map_or(4, |q| usize::from(q.clamp(1, 4)) - 1);
            quarters[q] += 1;
            *kinds.entry(it.kind).or_default() += 1;
        }
        let mut row: Vec<Cell> = vec![s.display_name().into(), plan.items.len().into()];
        row.extend(quarters.iter().map(|&n| Cell::from(n)));
        by_quarter.rows.push(row);
    }
    let mut by_kind = Table::new(
        "按类型",
        format!("{year} 年计划事项按活动类型统计"),
        &["活动类型", "计划事项"],
    );
    for (kind, n) in &kinds {
        by_kind
            .rows
            .push(vec![kind.map_or("未定", |k| k.name()).into(), (*n).into()]);
    }
    if report.has_data {
        report.notes.push(format!(
            "{filed} 个界别报送了计划，共 {} 项；{} 个界别未报送。",
            items.rows.len(),
            missing.rows.len()
        ));
        report.tables = vec![items, by_quarter, by_kind, missing];
    }
    report
}

/// Names of those holding a role in `year`.
pub fn holders(roles: &[Role], year: i32) -> Vec<&str> {
    roles
        .iter()
        .filter(|r| r.holds_in(year))
        .map(|r| r.name.as_str())
        .collect()
}

fn verdict_text(f: &SectorYear, in_progress: bool) -> &'static str {
    if !f.has_data {
        "无记录"
    } else if f.quota_met {
        "已达到"
    } else if in_progress {
        "尚未达到（年度进行中）"
    } else {
        "未达到"
    }
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
    let mut list: Vec<Ranked> = sector_order(site)
        .into_iter()
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
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct YearTotals {
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
    /// Sectors in the site.
    pub sectors: u32,
    /// Sectors with any record for the year.
    pub sectors_with_data: u32,
    /// Sectors that filed a plan.
    pub sectors_with_plan: u32,
    /// Sectors that met the clause-4 quota.
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
}

/// Committee-wide totals of a year.
pub fn year_totals(site: &Site, derived: &Derived, year: i32) -> YearTotals {
    let mut t = YearTotals {
        outputs_by_kind: vec![0; OutputKind::ALL.len()],
        sectors: site.sectors.len() as u32,
        ..YearTotals::default()
    };
    let list = derived
        .by_year
        .get(&year)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let roster: BTreeSet<&str> = site
        .sectors
        .iter()
        .flat_map(|s| s.members.iter().map(String::as_str))
        .collect();
    let mut people: BTreeSet<&str> = BTreeSet::new();
    for &i in list {
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
            t.outputs_by_kind[crate::derive::output_index(o.kind)] += 1;
        }
        people.extend(
            a.participants
                .iter()
                .map(|p| p.value.as_str())
                .filter(|p| roster.contains(p)),
        );
    }
    for o in site
        .outputs
        .iter()
        .filter(|o| chrono::Datelike::year(&o.date) == year)
    {
        t.outputs_by_kind[crate::derive::output_index(o.kind)] += 1;
    }
    t.outputs = t.outputs_by_kind.iter().sum();
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

/// Headers of the per-sector table of the year-end report.
pub const SECTOR_HEADERS: &[&str] = &[
    "界别",
    "召集人",
    "联络员",
    "活动",
    "全会小组讨论",
    "调研报告",
    "大会发言",
    "集体提案",
    "社情民意信息",
    "成果合计",
    "完成计划事项",
    "计划事项",
    "计划外活动",
    "特色品牌活动",
    "参与委员",
    "委员人数",
    "主席会议成员参加活动",
    "活动要求",
];

impl Report {
    /// An empty report on `year` for data recorded during it; a year with no record at
    /// all carries the note saying so (never zeros that read as failure).
    fn for_year(site: &Site, derived: &Derived, year: i32, title: String) -> Report {
        let has_data = year_has_data(site, derived, year);
        let notes = if has_data {
            Vec::new()
        } else {
            vec![no_data_note(year)]
        };
        Report {
            title,
            year,
            has_data,
            notes,
            tables: Vec::new(),
        }
    }
}

/// The year-end report: each sector's figures with the clause-4 verdict, committee totals,
/// the ranking and the sectors that fell short with why.
pub fn year_report(site: &Site, derived: &Derived, year: i32) -> Report {
    let progressing = in_progress(site, derived, year);
    let mut report = Report::for_year(
        site,
        derived,
        year,
        format!("{year} 年度界别工作计划完成情况"),
    );
    if !report.has_data {
        return report;
    }
    let quota = site.config.quota;
    report.notes.push(format!(
        "年度活动要求（《意见》第4条）：除全会期间的界别小组讨论外，每个界别每年开展活动不少于 {} 次，提交调研报告或大会发言、集体提案、社情民意信息不少于 {} 篇。联合活动对参与的每个界别各计一次，其成果对每个界别各计一次。",
        quota.activities, quota.outputs
    ));
    if progressing {
        report.notes.push(format!(
            "{year} 年度尚在进行中（还没有界别报送年度总结），以下数字截至目前。"
        ));
    }

    let mut sectors = Table::new(
        "各界别",
        format!("{year} 年各界别活动与成果"),
        SECTOR_HEADERS,
    );
    let mut short = Table::new(
        "未达要求",
        if progressing {
            format!("{year} 年目前尚未达到年度活动要求的界别")
        } else {
            format!("{year} 年未达到年度活动要求的界别")
        },
        &["界别", "原因"],
    );
    let mut without_data = Vec::new();
    for si in sector_order(site) {
        let s = &site.sectors[si];
        let Some(f) = derived.sector_year(&s.id, year) else {
            continue;
        };
        let mut row: Vec<Cell> = vec![
            s.display_name().into(),
            holders(&s.convenors, year).join("、").into(),
            holders(&s.liaisons, year).join("、").into(),
        ];
        if f.has_data {
            row.push(f.activities.into());
            row.push(f.plenary.into());
            row.extend(f.outputs_by_kind.iter().map(|&n| Cell::from(n)));
            row.push(f.outputs.into());
            if f.has_plan {
                row.push(f.plan_done.into());
                row.push(f.plan_items.into());
            } else {
                row.push("未报送计划".into());
                row.push(Cell::Blank);
            }
            row.push(f.unplanned.into());
            row.push(f.brand_activities.into());
            row.push(f.participants.into());
            row.push(f.members.into());
            row.push(f.with_leaders.into());
        } else {
            without_data.push(s.display_name().to_string());
            row.extend(std::iter::repeat_n(Cell::Blank, SECTOR_HEADERS.len() - 4));
        }
        row.push(verdict_text(f, progressing).into());
        sectors.rows.push(row);
        if f.has_data && !f.quota_met {
            short.rows.push(vec![
                s.display_name().into(),
                f.shortfalls.join("；").into(),
            ]);
        }
    }

    let t = year_totals(site, derived, year);
    let mut totals = Table::new(
        "全会合计",
        format!("{year} 年全委会合计"),
        &["项目", "数量"],
    );
    let mut add = |label: &str, n: u32| totals.rows.push(vec![label.into(), n.into()]);
    add("界别活动（每次活动计一次，不含全会小组讨论）", t.activities);
    add("全会界别小组讨论", t.plenary);
    add(
        "各界别活动次数之和（联合活动各计一次）",
        t.sector_activities,
    );
    add("成果（每篇计一次）", t.outputs);
    for (k, n) in OutputKind::ALL.iter().zip(&t.outputs_by_kind) {
        totals
            .rows
            .push(vec![format!("其中{}", k.name()).into(), (*n).into()]);
    }
    let mut add = |label: &str, n: u32| totals.rows.push(vec![label.into(), n.into()]);
    add("界别总数", t.sectors);
    add("有记录的界别", t.sectors_with_data);
    add("报送年度计划的界别", t.sectors_with_plan);
    add("达到年度活动要求的界别", t.sectors_met);
    add("完成计划事项", t.plan_done);
    add("计划事项", t.plan_items);
    add("计划外活动（按界别计）", t.unplanned);
    add("特色品牌活动", t.brand_activities);
    add("参加过活动的委员", t.participants);
    add("界别委员总数", t.members);
    add("主席会议成员参加的活动", t.with_leaders);

    let mut ranks = Table::new(
        "排名",
        format!("{year} 年各界别活动与成果排名"),
        &["名次", "界别", "活动", "成果", "合计"],
    );
    for r in ranking(site, derived, year) {
        ranks.rows.push(vec![
            r.rank.into(),
            site.sectors[r.sector].display_name().into(),
            r.activities.into(),
            r.outputs.into(),
            (r.activities + r.outputs).into(),
        ]);
    }
    report.notes.push(format!(
        "{} 个界别中，{} 个有记录，{} 个达到年度活动要求，{} 个{}未达到。",
        t.sectors,
        t.sectors_with_data,
        t.sectors_met,
        short.rows.len(),
        if progressing { "目前" } else { "" }
    ));
    if !without_data.is_empty() {
        report.notes.push(format!(
            "本年度无记录的界别（不计入未达要求）：{}。",
            without_data.join("、")
        ));
    }
    report.tables = vec![sectors, totals, ranks, short];
    report
}

/// One member's record for a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberRecord {
    /// Name.
    pub name: String,
    /// Display names of the sectors whose roster lists the member (empty when none does).
    pub sectors: Vec<String>,
    /// Roles held in the year, e.g. “民盟界第一召集人”.
    pub roles: Vec<String>,
    /// Activities attended, plenary group discussions apart.
    pub activities: u32,
    /// Plenary group discussions attended.
    pub plenary: u32,
    /// Submissions of the activities attended.
    pub outputs: u32,
}

/// Every member on a roster (and anyone else recorded as taking part) with the year's
/// attendance, ordered by sector display order then name.
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
    };
    for si in sector_order(site) {
        let s = &site.sectors[si];
        for m in &s.members {
            let r = records.entry(m.as_str()).or_insert_with(|| {
                order.push(m.as_str());
                blank(m)
            });
            r.sectors.push(s.display_name().to_string());
        }
        for c in s.convenors.iter().filter(|r| r.holds_in(year)) {
            let role = if c.first {
                "第一召集人"
            } else {
                "召集人"
            };
            if let Some(r) = records.get_mut(c.name.as_str()) {
                r.roles.push(format!("{}{role}", s.display_name()));
            }
        }
    }
    for &i in derived
        .by_year
        .get(&year)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
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
            if a.plenary_group {
                r.plenary += 1;
            } else {
                r.activities += 1;
            }
            r.outputs += a.outputs.len() as u32;
        }
    }
    order
        .into_iter()
        .filter_map(|n| records.remove(n))
        .collect()
}

/// The per-member report.
pub fn members_report(site: &Site, derived: &Derived, year: i32) -> Report {
    let mut report = Report::for_year(
        site,
        derived,
        year,
        format!("{year} 年度界别委员参加界别活动情况"),
    );
    if !report.has_data {
        return report;
    }
    report.notes.push("按活动稿件的参加人员（participants）统计；“参与形成成果”为所参加活动形成的成果篇数。供委员履职综合评价（《意见》第11条）和向委员所在单位通报履职情况（第12条）使用。".to_string());
    if in_progress(site, derived, year) {
        report
            .notes
            .push(format!("{year} 年度尚在进行中，以下数字截至目前。"));
    }
    let mut table = Table::new(
        "委员",
        format!("{year} 年界别委员参加活动情况"),
        &[
            "委员",
            "界别",
            "界别职务",
            "参加活动",
            "参加全会小组讨论",
            "参与形成成果",
        ],
    );
    let records = member_records(site, derived, year);
    let absent = records
        .iter()
        .filter(|r| r.activities + r.plenary == 0)
        .count();
    for r in records {
        table.rows.push(vec![
            r.name.into(),
            if r.sectors.is_empty() {
                "（未列入界别委员名单）".to_string().into()
            } else {
                r.sectors.join("、").into()
            },
            r.roles.join("、").into(),
            r.activities.into(),
            r.plenary.into(),
            r.outputs.into(),
        ]);
    }
    report.notes.push(format!(
        "共 {} 名委员，其中 {absent} 名本年度未参加界别活动。",
        table.rows.len()
    ));
    report.tables = vec![table];
    report
}

/// Activities (plenary group discussions apart) per month of the year, January first.
pub fn activities_by_month(site: &Site, derived: &Derived, year: i32) -> [u32; 12] {
    let mut months = [0u32; 12];
    for &i in derived
        .by_year
        .get(&year)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let a = &site.activities[i];
        if !a.plenary_group {
            let m = crate::derive::month_of(a.date) as usize;
            months[m.clamp(1, 12) - 1] += 1;
        }
    }
    months
}

/// Activities (plenary group discussions apart) per kind, in [`ActivityKind::ALL`] order.
pub fn activities_by_kind(site: &Site, derived: &Derived, year: i32) -> Vec<u32> {
    let mut kinds = vec![0u32; ActivityKind::ALL.len()];
    for &i in derived
        .by_year
        .get(&year)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let a = &site.activities[i];
        if !a.plenary_group {
            if let Some(k) = ActivityKind::ALL.iter().position(|k| *k == a.kind) {
                kinds[k] += 1;
            }
        }
    }
    kinds
}
