//! One year's timeline: its activities by month.

use super::views::{MonthGroup, YearLink};
use super::Renderer;
use crate::derive::route::Route;
use serde::Serialize;

/// What `timeline_year.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    year: i32,
    count: usize,
    months: Vec<MonthGroup<'a>>,
    years: Vec<YearLink>,
}

/// The view of `year`'s timeline.
pub fn view<'a>(r: &'a Renderer<'a>, year: i32) -> View<'a> {
    let cards = r.cards_for(r.derived.activities_in(year));
    View {
        year,
        count: cards.len(),
        months: r.by_month(&cards),
        years: r.year_links(Route::Timeline),
    }
}
