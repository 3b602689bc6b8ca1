//! The year-start summary (clause 10): every sector's plan items by quarter and kind,
//! and the sectors that filed no plan.

use super::{Cell, Report, Table};
use crate::derive::Derived;
use crate::model::{ActivityKind, PlanItem, Site};
use crate::render::chart::{BarChart, Direction, Series, COLOURS};
use crate::tr;
use std::collections::BTreeMap;

fn quarter_text(q: Option<u8>) -> String {
    match q {
        Some(q) => tr!("第{q}季度", "Q{q}"),
        None => tr!("未定", "not set"),
    }
}

fn kind_text(kind: Option<ActivityKind>) -> String {
    kind.map_or_else(|| tr!("未定", "not set"), |k| k.name().to_string())
}

/// The summary's charts, from the very counts of its tables: plan items by quarter
/// (columns) and by kind of activity (bars).
fn charts(
    year: i32,
    quarters: &[u32; 5],
    kinds: &BTreeMap<Option<ActivityKind>, u32>,
) -> Vec<BarChart> {
    let items = tr!("计划事项（项）", "plan items");
    vec![
        BarChart {
            id: "chart-plan-quarters".into(),
            title: tr!("{year} 年计划事项按季度", "{year}: plan items by quarter"),
            description: tr!(
                "柱状图：各界别计划事项合计，按计划开展的季度。",
                "Column chart: the sectors' plan items by the quarter they are planned for."
            ),
            labels: [Some(1), Some(2), Some(3), Some(4), None]
                .into_iter()
                .map(quarter_text)
                .collect(),
            series: vec![Series {
                name: items.clone(),
                colour: COLOURS[1],
                values: quarters.to_vec(),
            }],
            quota: None,
            direction: Direction::Vertical,
        },
        BarChart {
            id: "chart-plan-kinds".into(),
            title: tr!(
                "{year} 年计划事项按活动类型",
                "{year}: plan items by kind of activity"
            ),
            description: tr!(
                "横向条形图：各界别计划事项合计，按活动类型。",
                "Horizontal bar chart: the sectors' plan items by kind of activity."
            ),
            labels: kinds.keys().map(|k| kind_text(*k)).collect(),
            series: vec![Series {
                name: items,
                colour: COLOURS[1],
                values: kinds.values().copied().collect(),
            }],
            quota: None,
            direction: Direction::Horizontal,
        },
    ]
}

/// The year-start summary of `year`.
pub fn report(site: &Site, derived: &Derived, year: i32) -> Report {
    let mut report = Report {
        title: tr!(
            "{year} 年度各界别工作计划汇总",
            "{year}: the sectors' work plans"
        ),
        year,
        has_data: site.plans.iter().any(|p| p.year == year),
        notes: Vec::new(),
        tables: Vec::new(),
        charts: Vec::new(),
    };
    if !report.has_data {
        report.notes.push(tr!(
            "{year} 年没有任何界别报送工作计划（content/sectors/<界别>/plans/{year}.md）。",
            "no sector filed a work plan for {year} (content/sectors/<sector>/plans/{year}.md)."
        ));
    }
    let sector = tr!("界别", "sector");
    let items_word = tr!("计划事项", "plan items");
    let mut items = Table::new(
        items_word.clone(),
        tr!(
            "{year} 年各界别计划事项",
            "{year}: plan items of every sector"
        ),
        vec![
            sector.clone(),
            tr!("编号", "id"),
            tr!("季度", "quarter"),
            tr!("活动类型", "kind"),
            items_word.clone(),
        ],
    );
    let mut by_quarter = Table::new(
        tr!("按季度", "by quarter"),
        tr!(
            "{year} 年各界别计划事项按季度统计",
            "{year}: plan items by quarter"
        ),
        vec![
            sector.clone(),
            items_word.clone(),
            quarter_text(Some(1)),
            quarter_text(Some(2)),
            quarter_text(Some(3)),
            quarter_text(Some(4)),
            tr!("季度未定", "quarter not set"),
        ],
    );
    let mut kinds: BTreeMap<Option<ActivityKind>, u32> = BTreeMap::new();
    let mut missing = Table::new(
        tr!("未报送计划", "no plan"),
        tr!(
            "{year} 年未报送工作计划的界别",
            "{year}: sectors that filed no plan"
        ),
        vec![sector, tr!("分组", "group")],
    );
    let mut filed = 0usize;
    // Items of all sectors by quarter (1–4, then not set), for the chart.
    let mut all_quarters = [0u32; 5];
    for si in derived.sector_order() {
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
                kind_text(it.kind).into(),
                it.title.as_str().into(),
            ]);
            let q = it.quarter.map_or(4, |q| usize::from(q.clamp(1, 4)) - 1);
            quarters[q] += 1;
            all_quarters[q] += 1;
            *kinds.entry(it.kind).or_default() += 1;
        }
        let mut row: Vec<Cell> = vec![s.display_name().into(), plan.items.len().into()];
        row.extend(quarters.iter().map(|&n| Cell::from(n)));
        by_quarter.rows.push(row);
    }
    let mut by_kind = Table::new(
        tr!("按类型", "by kind"),
        tr!(
            "{year} 年计划事项按活动类型统计",
            "{year}: plan items by kind of activity"
        ),
        vec![tr!("活动类型", "kind"), items_word],
    );
    for (kind, n) in &kinds {
        by_kind
            .rows
            .push(vec![kind_text(*kind).into(), (*n).into()]);
    }
    if report.has_data {
        let (count, not_filed) = (items.rows.len(), missing.rows.len());
        report.notes.push(tr!(
            "{filed} 个界别报送了计划，共 {count} 项；{not_filed} 个界别未报送。",
            "{filed} sectors filed a plan, {count} items in all; {not_filed} sectors filed none."
        ));
        report.charts = charts(year, &all_quarters, &kinds);
        report.tables = vec![items, by_quarter, by_kind, missing];
    }
    report
}
