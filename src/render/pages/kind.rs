//! One kind's activities, by year.

use super::views::{Card, MonthGroup};
use super::Renderer;
use crate::derive::route::Route;
use crate::model::ActivityKind;
use crate::render::words;
use serde::Serialize;

/// What `kind.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    kind: KindView,
    count: usize,
    years: Vec<YearGroup<'a>>,
    kinds: Vec<KindTab>,
}

#[derive(Serialize)]
struct KindView {
    id: &'static str,
    name: &'static str,
    description: &'static str,
}

/// A year of a kind's activities (its one "month" group holds the whole year, as the
/// template expects).
#[derive(Serialize)]
struct YearGroup<'a> {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthGroup<'a>>,
}

#[derive(Serialize)]
struct KindTab {
    id: &'static str,
    name: &'static str,
    url: String,
    current: bool,
}

/// The view of `kind`'s page.
pub fn view<'a>(r: &'a Renderer<'a>, kind: ActivityKind) -> View<'a> {
    let cards: Vec<&Card> = r.cards_for(r.derived.activities_of_kind(kind));
    let mut years: Vec<YearGroup<'_>> = Vec::new();
    for card in &cards {
        match years.last_mut() {
            Some(g) if g.year == card.year => g.months[0].items.push(card),
            _ => years.push(YearGroup {
                year: card.year,
                url: Route::Timeline(card.year).url(),
                count: 0,
                months: vec![MonthGroup {
                    month: 0,
                    label: String::new(),
                    items: vec![card],
                }],
            }),
        }
    }
    for g in &mut years {
        g.count = g.months[0].items.len();
    }
    View {
        kind: KindView {
            id: kind.id(),
            name: kind.name(),
            description: words::kind_description(kind),
        },
        count: cards.len(),
        years,
        kinds: ActivityKind::ALL
            .iter()
            .map(|&k| KindTab {
                id: k.id(),
                name: k.name(),
                url: Route::Kind(k).url(),
                current: k == kind,
            })
            .collect(),
    }
}
