//! Who serves whom (clauses 6 and 8): every chair-meeting member with the sectors they
//! liaise with, every special committee with the sectors it serves, and the sectors the
//! parties and 工商联 organise themselves.

use super::leader::{liaised, LiaisedSector};
use super::views::SectorRef;
use super::Renderer;
use crate::derive::activities_with_leader;
use crate::derive::route::Route;
use serde::Serialize;

/// What `organisation.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    leaders: Vec<LeaderEntry<'a>>,
    committees: Vec<CommitteeEntry<'a>>,
    organised: Vec<Organised<'a>>,
}

#[derive(Serialize)]
struct LeaderEntry<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
    sectors: Vec<LiaisedSector>,
    activities: usize,
}

#[derive(Serialize)]
struct CommitteeEntry<'a> {
    name: &'a str,
    url: String,
    sectors: Vec<SectorRef>,
    activities: usize,
}

/// The sectors one party or 工商联 organises (clause 8).
#[derive(Serialize)]
struct Organised<'a> {
    by: &'a str,
    sectors: Vec<SectorRef>,
}

/// The view of the index of members and committees.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let leaders = site
        .leaders
        .iter()
        .map(|l| LeaderEntry {
            name: &l.name,
            title: &l.title,
            url: Route::Leader(&l.slug).url(),
            sectors: d
                .sectors_liaised_by(site, &l.name)
                .map(|i| liaised(r, i))
                .collect(),
            activities: activities_with_leader(site, &l.name).len(),
        })
        .collect();
    let committees = site
        .committees
        .iter()
        .map(|c| CommitteeEntry {
            name: &c.name,
            url: Route::Committee(&c.id).url(),
            sectors: d
                .sectors_served_by(site, &c.id)
                .map(|i| r.sector_ref(&site.sectors[i].id))
                .collect(),
            activities: d.activities_served_by(site, &c.id).len(),
        })
        .collect();
    let mut organised: Vec<Organised<'a>> = Vec::new();
    for i in d.sector_order() {
        let s = &site.sectors[i];
        let Some(by) = s.organised_by.as_deref() else {
            continue;
        };
        let sector = r.sector_ref(&s.id);
        match organised.iter_mut().find(|o| o.by == by) {
            Some(o) => o.sectors.push(sector),
            None => organised.push(Organised {
                by,
                sectors: vec![sector],
            }),
        }
    }
    View {
        leaders,
        committees,
        organised,
    }
}
