//! A year's report (clause 10): committee totals, charts, each sector's figures and
//! verdict, the sectors that fell short and why, the ranking and every plan.

use super::views::{holder_names, FiguresView, SectorRef, YearLink};
use super::year_index::TotalsView;
use super::Renderer;
use crate::derive::figures;
use crate::derive::route::Route;
use crate::model::{ActivityKind, OutputKind, ResultKind};
use crate::render::chart::{BarChart, Direction, Series, COLOURS};
use serde::Serialize;

/// What `year.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    year: i32,
    totals: TotalsView,
    has_data: bool,
    /// Columns after the sector name that a year without records spans.
    no_data_colspan: usize,
    report: TotalsView,
    charts: Vec<String>,
    ranking: Vec<RankView>,
    members_url: Option<String>,
    output_kinds: Vec<&'static str>,
    result_kinds: Vec<&'static str>,
    rows: Vec<SectorRow<'a>>,
    short: Vec<SectorRow<'a>>,
    in_progress: bool,
    years: Vec<YearLink>,
    commendation_url: Option<String>,
}

#[derive(Serialize)]
struct RankView {
    rank: usize,
    sector: SectorRef,
    activities: u32,
    outputs: u32,
    total: u32,
}

#[derive(Serialize, Clone)]
struct SectorRow<'a> {
    sector: SectorRef,
    group: &'a str,
    year_url: String,
    figures: FiguresView<'a>,
    plan_items: Vec<PlanItemStatus<'a>>,
    convenors: Vec<&'a str>,
    liaisons: Vec<&'a str>,
}

#[derive(Serialize, Clone)]
struct PlanItemStatus<'a> {
    id: &'a str,
    title: &'a str,
    kind_name: Option<&'static str>,
    quarter: Option<u8>,
    done: bool,
}

/// The view of `year`'s report.
pub fn view<'a>(r: &'a Renderer<'a>, year: i32) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let totals = figures::year_totals(site, d, year);
    let ranking = figures::ranking(site, d, year)
        .into_iter()
        .map(|x| RankView {
            rank: x.rank,
            sector: r.sector_ref(&site.sectors[x.sector].id),
            activities: x.activities,
            outputs: x.outputs,
            total: x.activities + x.outputs,
        })
        .collect();
    let mut rows = Vec::new();
    let mut short = Vec::new();
    for (group, list) in &d.groups {
        for &si in list {
            let s = &site.sectors[si];
            let Some(f) = d.sector_year(&s.id, year) else {
                continue;
            };
            let plan_items = site
                .plans
                .iter()
                .position(|p| p.sector == s.id && p.year == year)
                .map(|pi| {
                    site.plans[pi]
                        .items
                        .iter()
                        .zip(&d.plan_done_by[pi])
                        .map(|(it, done_by)| PlanItemStatus {
                            id: &it.id,
                            title: &it.title,
                            kind_name: it.kind.map(|k| k.name()),
                            quarter: it.quarter,
                            done: !done_by.is_empty(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let row = SectorRow {
                sector: r.sector_ref(&s.id),
                group,
                year_url: Route::SectorYear(&s.id, year).url(),
                figures: FiguresView::new(f),
                plan_items,
                convenors: holder_names(&s.convenors, year),
                liaisons: holder_names(&s.liaisons, year),
            };
            if f.is_short() {
                short.push(row.clone());
            }
            rows.push(row);
        }
    }
    View {
        year,
        totals: TotalsView::new(&totals, None),
        has_data: figures::year_has_data(site, d, year),
        no_data_colspan: OutputKind::ALL.len() + 9,
        report: TotalsView::new(&totals, None),
        charts: charts(r, year),
        ranking,
        members_url: site.config.member_pages.then(|| Route::Members(year).url()),
        output_kinds: OutputKind::ALL.iter().map(|k| k.name()).collect(),
        result_kinds: ResultKind::ALL.iter().map(|k| k.name()).collect(),
        rows,
        short,
        in_progress: r.in_progress(year),
        years: r.year_links(Route::Year),
        commendation_url: site
            .commendations
            .iter()
            .find(|c| c.year == year)
            .map(|c| Route::Commendation(c.year).url()),
    }
}

/// The year's charts: activities and outputs per sector against the quota line,
/// activities per month, kinds of activity.
fn charts(r: &Renderer<'_>, year: i32) -> Vec<String> {
    let (site, d) = (r.site, r.derived);
    let quota = site.config.quota;
    let mut labels = Vec::new();
    let mut activities = Vec::new();
    let mut outputs = Vec::new();
    for si in d.sector_order() {
        let s = &site.sectors[si];
        if let Some(f) = d.sector_year(&s.id, year).filter(|f| f.has_data) {
            labels.push(s.display_name().to_string());
            activities.push(f.activities);
            outputs.push(f.outputs);
        }
    }
    if labels.is_empty() {
        return Vec::new();
    }
    let mut charts: Vec<BarChart> = Vec::new();
    let series_a = Series {
        name: "活动（次）".into(),
        colour: COLOURS[0],
        values: activities,
    };
    let series_o = Series {
        name: "成果（篇）".into(),
        colour: COLOURS[1],
        values: outputs,
    };
    if quota.activities == quota.outputs {
        charts.push(BarChart {
            id: "chart-sectors".into(),
            title: format!("{year} 年各界别活动和成果"),
            description: format!("横向条形图：各界别开展活动次数（不含全会小组讨论）和提交成果篇数，虚线为年度要求 {} 次（篇）。", quota.activities),
            labels,
            series: vec![series_a, series_o],
            quota: Some((quota.activities, format!("年度要求 {}", quota.activities))),
            direction: Direction::Horizontal,
        });
    } else {
        charts.push(BarChart {
            id: "chart-sector-activities".into(),
            title: format!("{year} 年各界别活动次数"),
            description: format!(
                "横向条形图：各界别开展活动次数（不含全会小组讨论），虚线为年度要求 {} 次。",
                quota.activities
            ),
            labels: labels.clone(),
            series: vec![series_a],
            quota: Some((
                quota.activities,
                format!("年度要求 {} 次", quota.activities),
            )),
            direction: Direction::Horizontal,
        });
        charts.push(BarChart {
            id: "chart-sector-outputs".into(),
            title: format!("{year} 年各界别成果篇数"),
            description: format!(
                "横向条形图：各界别提交成果篇数，虚线为年度要求 {} 篇。",
                quota.outputs
            ),
            labels,
            series: vec![series_o],
            quota: Some((quota.outputs, format!("年度要求 {} 篇", quota.outputs))),
            direction: Direction::Horizontal,
        });
    }
    charts.push(BarChart {
        id: "chart-months".into(),
        title: format!("{year} 年每月开展的界别活动"),
        description: "柱状图：每月开展的界别活动次数（联合活动计一次，不含全会小组讨论）。".into(),
        labels: (1..=12).map(|m| format!("{m}月")).collect(),
        series: vec![Series {
            name: "活动（次）".into(),
            colour: COLOURS[0],
            values: figures::activities_by_month(site, d, year).to_vec(),
        }],
        quota: None,
        direction: Direction::Vertical,
    });
    charts.push(BarChart {
        id: "chart-kinds".into(),
        title: format!("{year} 年界别活动类型"),
        description: "横向条形图：九类界别活动各开展的次数（联合活动计一次，不含全会小组讨论）。"
            .into(),
        labels: ActivityKind::ALL
            .iter()
            .map(|k| k.name().to_string())
            .collect(),
        series: vec![Series {
            name: "活动（次）".into(),
            colour: COLOURS[0],
            values: figures::activities_by_kind(site, d, year),
        }],
        quota: None,
        direction: Direction::Horizontal,
    });
    charts.iter().map(BarChart::figure).collect()
}
