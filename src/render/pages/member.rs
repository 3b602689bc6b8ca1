//! A member's page (only with `member_pages: true`): their sectors and employer, the
//! roles they held year by year (convenor, liaison), and every activity they took part
//! in with the outputs it produced, newest year first. The counts come from
//! [`figures::member_years`], counted as the members report counts.

use super::views::SectorRef;
use super::Renderer;
use crate::core::i18n::Lang;
use crate::derive::figures;
use crate::derive::route::Route;
use crate::model::Role;
use crate::render::words;
use serde::Serialize;

/// What `member.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    name: &'a str,
    unit: Option<&'a str>,
    post: Option<&'a str>,
    sectors: Vec<SectorRef>,
    years: Vec<YearView>,
}

/// One year of the member's record.
#[derive(Serialize)]
struct YearView {
    year: i32,
    /// Convenor and liaison roles held that year, in words.
    roles: Vec<String>,
    activities: u32,
    plenary: u32,
    outputs: u32,
    attended: Vec<AttendedView>,
    members_url: String,
}

/// An activity attended, with the outputs it produced.
#[derive(Serialize)]
struct AttendedView {
    url: String,
    title: String,
    date: String,
    date_text: String,
    kind_name: &'static str,
    plenary: bool,
    sector: String,
    outputs: Vec<OutputView>,
}

#[derive(Serialize)]
struct OutputView {
    kind_name: &'static str,
    title: String,
}

/// The view of the page of `derived.members[member]`.
pub fn view<'a>(r: &Renderer<'a>, member: usize) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let m = &d.members[member];
    let mut years: Vec<YearView> = Vec::new();
    let records = figures::member_years(&r.member_records, member);
    // Liaison roles are not figures: read them from the profiles, for every year shown
    // and every year a role was held in.
    for &year in &d.years {
        let record = records.iter().find(|(y, _)| *y == year).map(|&(_, r)| r);
        let mut roles: Vec<String> = record
            .map(|rec| {
                rec.roles
                    .iter()
                    .map(|h| {
                        let sector = site.sectors[h.sector].display_name();
                        words::convenor_role(sector, h.first, Lang::Zh)
                    })
                    .collect()
            })
            .unwrap_or_default();
        for si in d.sector_order() {
            let s = &site.sectors[si];
            if Role::holders(&s.liaisons, year).any(|l| l.name == m.name) {
                roles.push(format!("{}联络员", s.display_name()));
            }
        }
        if record.is_none() && roles.is_empty() {
            continue;
        }
        let attended = record
            .map(|rec| {
                rec.attended
                    .iter()
                    .map(|&i| {
                        let a = &site.activities[i];
                        AttendedView {
                            url: d.activity_urls[i].clone(),
                            title: a.title.clone(),
                            date: a.date.to_string(),
                            date_text: words::date_text(a.date),
                            kind_name: a.kind.name(),
                            plenary: a.plenary_group,
                            sector: a
                                .sector_ids()
                                .map(|id| site.sector_name(id))
                                .collect::<Vec<_>>()
                                .join("、"),
                            outputs: a
                                .outputs
                                .iter()
                                .map(|o| OutputView {
                                    kind_name: o.kind.name(),
                                    title: o.title.clone(),
                                })
                                .collect(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        years.push(YearView {
            year,
            roles,
            activities: record.map_or(0, |x| x.activities),
            plenary: record.map_or(0, |x| x.plenary),
            outputs: record.map_or(0, |x| x.outputs),
            attended,
            members_url: Route::Members(year).url(),
        });
    }
    View {
        name: &m.name,
        unit: m.unit.as_deref(),
        post: m.post.as_deref(),
        sectors: m
            .sectors
            .iter()
            .map(|&si| {
                let s = &site.sectors[si];
                SectorRef {
                    id: s.id.clone(),
                    name: s.display_name().to_string(),
                    url: Route::Sector(&s.id).url(),
                }
            })
            .collect(),
        years,
    }
}
