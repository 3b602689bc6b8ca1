//! One kind's activities, by year.

use super::views::{Card, YearGroup};
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
    let years = r.by_year(&cards);
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
