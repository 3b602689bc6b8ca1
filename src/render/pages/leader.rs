//! A chair-meeting member's page (clause 6): the sectors they liaise with (`vice_chair`
//! of the sector profiles) and the activities they attended (`leaders` of the
//! write-ups), by year.

use super::views::{Crumb, SectorRef, YearGroup};
use super::Renderer;
use crate::derive::activities_with_leader;
use serde::Serialize;

/// What `leader.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    leader: LeaderView<'a>,
    sectors: Vec<LiaisedSector>,
    count: usize,
    years: Vec<YearGroup<'a>>,
}

#[derive(Serialize)]
struct LeaderView<'a> {
    name: &'a str,
    title: &'a str,
}

/// A sector the member liaises with, and who serves or organises it.
#[derive(Serialize)]
pub struct LiaisedSector {
    /// The sector.
    pub sector: SectorRef,
    /// 经济委员会对口服务, 民盟武汉市委员会组织 ….
    pub served_by: Option<String>,
    /// The serving committee's page.
    pub committee: Option<Crumb>,
}

/// The view of leader `index`'s page.
pub fn view<'a>(r: &'a Renderer<'a>, index: usize) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let leader = &site.leaders[index];
    let sectors = d
        .sectors_liaised_by(site, &leader.name)
        .map(|i| liaised(r, i))
        .collect();
    let cards = r.cards_for(&activities_with_leader(site, &leader.name));
    View {
        leader: LeaderView {
            name: &leader.name,
            title: &leader.title,
        },
        sectors,
        count: cards.len(),
        years: r.by_year(&cards),
    }
}

/// Sector `index` as a member's page and the index list it.
pub fn liaised(r: &Renderer<'_>, index: usize) -> LiaisedSector {
    let s = &r.site.sectors[index];
    LiaisedSector {
        sector: r.sector_ref(&s.id),
        served_by: r.served_text(s),
        committee: r.serving_committee(s),
    }
}
