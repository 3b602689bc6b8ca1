//! The home page: the current year's figures, the latest activities, every sector.

use super::views::Card;
use super::year_index::TotalsView;
use super::Renderer;
use crate::derive::figures;
use crate::derive::route::Route;
use serde::Serialize;

/// What `index.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    latest: Vec<&'a Card>,
    groups: Vec<super::sector_index::GroupView<'a>>,
    figures: TotalsView,
    year: i32,
    year_url: String,
    commendation: Option<CommendationLink>,
}

#[derive(Serialize)]
struct CommendationLink {
    year: i32,
    url: String,
    sectors: usize,
    people: usize,
}

/// The home page's view.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let year = d.current_year;
    View {
        latest: r.cards.iter().filter(|c| !c.plenary).take(12).collect(),
        groups: super::sector_index::groups(r, year),
        figures: TotalsView::new(&figures::year_totals(site, d, year), None),
        year,
        year_url: Route::Year(year).url(),
        commendation: site.commendations.last().map(|c| CommendationLink {
            year: c.year,
            url: Route::Commendation(c.year).url(),
            sectors: c.sectors.len(),
            people: c.convenors.len() + c.liaisons.len(),
        }),
    }
}
