//! The search page: the form and its filters (the index is `generate::search`).

use super::views::SectorRef;
use super::Renderer;
use crate::model::ActivityKind;
use serde::Serialize;

/// What `search.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    sectors: Vec<SectorRef>,
    kinds: Vec<KindOption>,
    years: &'a [i32],
}

#[derive(Serialize)]
struct KindOption {
    id: &'static str,
    name: &'static str,
}

/// The search page's view.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    View {
        sectors: r.site.sectors.iter().map(|s| r.sector_ref(&s.id)).collect(),
        kinds: ActivityKind::ALL
            .iter()
            .map(|k| KindOption {
                id: k.id(),
                name: k.name(),
            })
            .collect(),
        years: &r.derived.years,
    }
}
