//! The timeline index: activities per year and month, and the latest ones.

use super::views::Card;
use super::Renderer;
use crate::derive::route::Route;
use serde::Serialize;

/// What `timeline.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    years: Vec<YearCount>,
    latest: Vec<&'a Card>,
}

#[derive(Serialize)]
struct YearCount {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthCount>,
}

#[derive(Serialize)]
struct MonthCount {
    month: u32,
    label: String,
    count: usize,
}

/// The timeline index's view.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    let years = r
        .derived
        .years
        .iter()
        .map(|&year| {
            let list = r.derived.activities_in(year);
            let cards = r.cards_for(list);
            YearCount {
                year,
                url: Route::Timeline(year).url(),
                count: list.len(),
                months: r
                    .by_month(&cards)
                    .into_iter()
                    .map(|m| MonthCount {
                        month: m.month,
                        label: m.label,
                        count: m.items.len(),
                    })
                    .collect(),
            }
        })
        .collect();
    View {
        years,
        latest: r.cards.iter().take(20).collect(),
    }
}
