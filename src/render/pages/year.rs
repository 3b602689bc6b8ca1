//! A year's report (clause 10): committee totals, charts, each sector's figures and
//! verdict, the sectors that fell short and why, the ranking and every plan.

use super::views::{holder_names, FiguresView, SectorRef, YearLink};
use super::year_index::TotalsView;
use super::Renderer;
use crate::core::i18n::Lang;
use crate::derive::figures;
use crate::derive::route::Route;
use crate::model::{OutputKind, ResultKind};
use crate::render::chart::{year_charts, BarChart};
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

/// The year's charts as figures (the site's words are Chinese).
fn charts(r: &Renderer<'_>, year: i32) -> Vec<String> {
    year_charts(r.site, r.derived, year, Lang::Zh)
        .iter()
        .map(BarChart::figure)
        .collect()
}
