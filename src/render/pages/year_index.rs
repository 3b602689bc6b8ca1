//! The year index: every year's committee totals.

use super::Renderer;
use crate::derive::figures::{self, YearTotals};
use crate::derive::route::Route;
use serde::Serialize;

/// What `years.html` shows.
#[derive(Serialize)]
pub struct View {
    years: Vec<TotalsView>,
}

/// A year's committee totals as pages show them (the home page, the year index, the
/// year page's summary and totals table).
#[derive(Serialize)]
pub struct TotalsView {
    year: i32,
    activities: u32,
    plenary: u32,
    sector_activities: u32,
    outputs: u32,
    outputs_by_kind: Vec<u32>,
    results: u32,
    results_by_kind: Vec<u32>,
    sectors: u32,
    sectors_total: u32,
    sectors_with_data: u32,
    sectors_with_plan: u32,
    sectors_met: u32,
    plan_done: u32,
    plan_items: u32,
    unplanned: u32,
    brand_activities: u32,
    participants: u32,
    members: u32,
    with_leaders: u32,
    in_progress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl TotalsView {
    /// The view of a year's totals, with a link to the year when given.
    pub fn new(t: &YearTotals, url: Option<String>) -> TotalsView {
        TotalsView {
            year: t.year,
            activities: t.activities,
            plenary: t.plenary,
            sector_activities: t.sector_activities,
            outputs: t.outputs,
            outputs_by_kind: t.outputs_by_kind.clone(),
            results: t.results,
            results_by_kind: t.results_by_kind.clone(),
            sectors: t.sectors,
            sectors_total: t.sectors,
            sectors_with_data: t.sectors_with_data,
            sectors_with_plan: t.sectors_with_plan,
            sectors_met: t.sectors_met,
            plan_done: t.plan_done,
            plan_items: t.plan_items,
            unplanned: t.unplanned,
            brand_activities: t.brand_activities,
            participants: t.participants,
            members: t.members,
            with_leaders: t.with_leaders,
            in_progress: t.in_progress,
            url,
        }
    }
}

/// The year index's view.
pub fn view(r: &Renderer<'_>) -> View {
    View {
        years: r
            .derived
            .years
            .iter()
            .map(|&y| {
                let totals = figures::year_totals(r.site, r.derived, y);
                TotalsView::new(&totals, Some(Route::Year(y).url()))
            })
            .collect(),
    }
}
