//! A special committee's page (clause 8): the sectors it serves, where each stands
//! against the clause-4 quota in every year (from `derive::figures`), and their
//! activities by year: the newest year's listed, earlier years counted.

use super::views::{FiguresView, Leader, SectorRef, YearGroup};
use super::Renderer;
use crate::derive::route::Route;
use serde::Serialize;

/// What `committee.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    committee: CommitteeView<'a>,
    sectors: Vec<ServedSector<'a>>,
    /// The years of the standing table's columns, newest first.
    standing_years: &'a [i32],
    count: usize,
    years: Vec<YearGroup<'a>>,
}

#[derive(Serialize)]
struct CommitteeView<'a> {
    id: &'a str,
    name: &'a str,
    feed_url: String,
}

#[derive(Serialize)]
struct ServedSector<'a> {
    sector: SectorRef,
    vice_chair: Option<Leader<'a>>,
    /// One entry per year of `standing_years`.
    standing: Vec<Standing<'a>>,
}

#[derive(Serialize)]
struct Standing<'a> {
    year: i32,
    url: String,
    figures: Option<FiguresView<'a>>,
}

/// The view of committee `index`'s page.
pub fn view<'a>(r: &'a Renderer<'a>, index: usize) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let c = &site.committees[index];
    let sectors = d
        .sectors_served_by(site, &c.id)
        .map(|i| {
            let s = &site.sectors[i];
            ServedSector {
                sector: r.sector_ref(&s.id),
                vice_chair: s.vice_chair.as_ref().map(|v| r.leader(&v.value)),
                standing: d
                    .years
                    .iter()
                    .map(|&year| Standing {
                        year,
                        url: Route::SectorYear(&s.id, year).url(),
                        figures: d.sector_year(&s.id, year).map(FiguresView::new),
                    })
                    .collect(),
            }
        })
        .collect();
    let cards = r.cards_for(&d.activities_served_by(site, &c.id));
    // The newest year is listed in full; earlier years by their counts, each linked from
    // the standing table to the sector's page of that year, which lists them. A page of
    // every activity of a committee serving many sectors would grow without end and be
    // rendered again after every edit in `serve`.
    let mut years = r.by_year(&cards);
    for group in years.iter_mut().skip(1) {
        group.months.clear();
    }
    View {
        committee: CommitteeView {
            id: &c.id,
            name: &c.name,
            feed_url: Route::CommitteeFeed(&c.id).url(),
        },
        sectors,
        standing_years: &d.years,
        count: cards.len(),
        years,
    }
}
