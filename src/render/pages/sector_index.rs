//! The sector index: every sector by group, with its current convenor and activities.

use super::Renderer;
use crate::derive::route::Route;
use crate::model::Role;
use serde::Serialize;

/// What `sectors.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    groups: Vec<GroupView<'a>>,
    sector_count: usize,
    year: i32,
    /// Who liaises with and serves the sectors (clauses 6 and 8).
    organisation_url: String,
}

/// A group of sectors (also on the home page).
#[derive(Serialize)]
pub struct GroupView<'a> {
    name: &'a str,
    sectors: Vec<SectorEntry<'a>>,
}

#[derive(Serialize)]
struct SectorEntry<'a> {
    id: &'a str,
    name: &'a str,
    full_name: &'a str,
    url: String,
    served_by: Option<String>,
    convenor: Option<&'a str>,
    activities: u32,
    outputs: u32,
    quota_met: bool,
    total: usize,
}

/// The sector index's view.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    let year = r.derived.current_year;
    View {
        groups: groups(r, year),
        sector_count: r.site.sectors.len(),
        year,
        organisation_url: Route::Organisation.url(),
    }
}

/// Every group with its sectors and their figures for `year`.
pub fn groups<'a>(r: &'a Renderer<'a>, year: i32) -> Vec<GroupView<'a>> {
    let (site, d) = (r.site, r.derived);
    d.groups
        .iter()
        .map(|(name, list)| GroupView {
            name,
            sectors: list
                .iter()
                .map(|&i| {
                    let s = &site.sectors[i];
                    let f = d.sector_year(&s.id, year);
                    // The first convenor when there is one, else the last one listed.
                    let convenor = Role::holders(&s.convenors, year)
                        .max_by_key(|r| r.first)
                        .map(|r| r.name.as_str());
                    SectorEntry {
                        id: &s.id,
                        name: s.display_name(),
                        full_name: &s.name,
                        url: Route::Sector(&s.id).url(),
                        served_by: r.served_text(s),
                        convenor,
                        activities: f.map_or(0, |f| f.activities),
                        outputs: f.map_or(0, |f| f.outputs),
                        quota_met: f.is_some_and(|f| f.quota_met),
                        total: d.activities_of(&s.id).len(),
                    }
                })
                .collect(),
        })
        .collect()
}
