//! Reports: the clause-10 year-start plan summary and year-end report, and the per-member
//! record that clause-11 evaluation and clause-12 employer notices need. Every figure comes
//! from [`derive::SectorYear`] or from the write-ups directly; the tables built here are
//! shared by the terminal, the CSV/XLSX/Markdown exports (`export`) and the site.

pub mod export;

use crate::core::i18n::Lang;
use crate::derive::figures::{
    in_progress, member_records, ranking, year_has_data, year_totals, SectorYear,
};
use crate::derive::Derived;
use crate::model::*;
use crate::render::words;
use std::collections::BTreeMap;

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
        ReportKind::Plans => plans_report(site, derived, year),
        ReportKind::Year => year_report(site, derived, year),
        ReportKind::Members => members_report(site, derived, year),
    }
}

fn no_data_note(year: i32) -> String {
    format!("{year} 年没有任何记录（没有活动稿件、成果、计划或总结），无法统计；这不表示各界别未开展工作。")
}

fn quarter_text(q: Option<u8>) -> String {
    q.map_or_else(|| "未定".to_string(), |q| format!("第{q}季度"))
}

/// The year-start summary: every sector's plan items by quarter and kind, and the sectors
/// that filed no plan.
pub fn plans_report(site: &Site, derived: &Derived, year: i32) -> Report {
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
    let order: Vec<usize> = derived.sector_order().collect();
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

fn verdict_text(f: &SectorYear, in_progress: bool) -> String {
    words::verdict(f.verdict(in_progress), Lang::Zh)
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
    for si in derived.sector_order() {
        let s = &site.sectors[si];
        let Some(f) = derived.sector_year(&s.id, year) else {
            continue;
        };
        let mut row: Vec<Cell> = vec![
            s.display_name().into(),
            holder_names(&s.convenors, year).into(),
            holder_names(&s.liaisons, year).into(),
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
                words::shortfalls_text(&f.shortfalls, Lang::Zh).into(),
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
        let sectors: Vec<&str> = r
            .sectors
            .iter()
            .map(|&si| site.sectors[si].display_name())
            .collect();
        let roles: Vec<String> = r
            .roles
            .iter()
            .map(|h| words::convenor_role(site.sectors[h.sector].display_name(), h.first, Lang::Zh))
            .collect();
        table.rows.push(vec![
            r.name.into(),
            if sectors.is_empty() {
                "（未列入界别委员名单）".to_string().into()
            } else {
                sectors.join("、").into()
            },
            roles.join("、").into(),
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

/// The names of those holding a role in `year`, joined for a table cell.
fn holder_names(roles: &[Role], year: i32) -> Cell {
    Role::holders(roles, year)
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
        .into()
}
