//! A sector's profile and its page for each year: roles, figures against the quota,
//! plan and its completion, summary, activities by month and outputs.

use super::views::{self, role_views, Crumb, FiguresView, Leader, MonthGroup, RoleView};
use super::Renderer;
use crate::derive::route::Route;
use crate::render::words::date_text;
use serde::Serialize;

/// What `sector.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    sector: SectorView<'a>,
    intro: String,
    profile: bool,
    year: i32,
    convenors: Vec<RoleView<'a>>,
    liaisons: Vec<RoleView<'a>>,
    years: Vec<YearTab>,
    figures: Option<FiguresView<'a>>,
    in_progress: bool,
    months: Vec<MonthGroup<'a>>,
    count: usize,
    plan: Option<PlanView<'a>>,
    summary: Option<String>,
    outputs: Vec<OutputEntry<'a>>,
}

#[derive(Serialize)]
struct SectorView<'a> {
    id: &'a str,
    name: &'a str,
    short: Option<&'a str>,
    display_name: &'a str,
    group: &'a str,
    url: String,
    served_by: Option<String>,
    /// The serving committee's page (absent for sectors a party organises).
    committee: Option<Crumb>,
    vice_chair: Option<Leader<'a>>,
    members: Vec<views::PersonLink<'a>>,
    brands: Vec<BrandView<'a>>,
    convenor_history: Vec<RoleView<'a>>,
    liaison_history: Vec<RoleView<'a>>,
}

#[derive(Serialize)]
struct BrandView<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
    activities: usize,
}

#[derive(Serialize)]
struct YearTab {
    year: i32,
    url: String,
    current: bool,
    count: u32,
}

#[derive(Serialize)]
struct PlanView<'a> {
    items: Vec<PlanItemView<'a>>,
    html: String,
}

#[derive(Serialize)]
struct PlanItemView<'a> {
    id: &'a str,
    title: &'a str,
    kind_name: Option<&'static str>,
    quarter: Option<u8>,
    done: bool,
    activities: Vec<super::views::Crumb>,
}

#[derive(Serialize)]
struct OutputEntry<'a> {
    kind_name: &'static str,
    title: &'a str,
    date: String,
    date_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<super::views::Crumb>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// The view of sector `index`'s profile or its page for `year`.
pub fn view<'a>(
    r: &'a Renderer<'a>,
    index: usize,
    year: i32,
    profile: bool,
    root: &str,
) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let s = &site.sectors[index];
    let brands = s
        .brands
        .iter()
        .map(|b| BrandView {
            id: &b.id,
            name: &b.name,
            summary: b.summary.as_deref(),
            activities: d
                .activities_of(&s.id)
                .iter()
                .filter(|&&i| {
                    let a = &site.activities[i];
                    a.sector == s.id && a.brand.as_ref().is_some_and(|x| x.value == b.id)
                })
                .count(),
        })
        .collect();
    let sector = SectorView {
        id: &s.id,
        name: &s.name,
        short: s.short.as_deref(),
        display_name: s.display_name(),
        group: &s.group,
        url: Route::Sector(&s.id).url(),
        served_by: r.served_text(s),
        committee: r.serving_committee(s),
        vice_chair: s.vice_chair.as_ref().map(|v| r.leader(&v.value)),
        members: s.member_names().map(|n| r.person(n)).collect(),
        brands,
        convenor_history: role_views(&s.convenors, None),
        liaison_history: role_views(&s.liaisons, None),
    };
    let years = d
        .years
        .iter()
        .map(|&y| YearTab {
            year: y,
            url: Route::SectorYear(&s.id, y).url(),
            current: y == year,
            count: d
                .sector_year(&s.id, y)
                .map_or(0, |f| f.activities + f.plenary),
        })
        .collect();
    let list: Vec<usize> = d
        .activities_of(&s.id)
        .iter()
        .copied()
        .filter(|&i| site.activities[i].year() == year)
        .collect();
    let cards = r.cards_for(&list);
    let plan = site
        .plans
        .iter()
        .position(|p| p.sector == s.id && p.year == year)
        .map(|pi| {
            let p = &site.plans[pi];
            let items = p
                .items
                .iter()
                .zip(&d.plan_done_by[pi])
                .map(|(item, done_by)| PlanItemView {
                    id: &item.id,
                    title: &item.title,
                    kind_name: item.kind.map(|k| k.name()),
                    quarter: item.quarter,
                    done: !done_by.is_empty(),
                    activities: done_by
                        .iter()
                        .map(|&i| super::views::Crumb {
                            title: site.activities[i].title.clone(),
                            url: d.activity_urls[i].clone(),
                        })
                        .collect(),
                })
                .collect();
            PlanView {
                items,
                html: r.html(&r.bodies.plans[pi], root),
            }
        });
    let summary = site
        .summaries
        .iter()
        .position(|x| x.sector == s.id && x.year == year)
        .map(|si| r.html(&r.bodies.summaries[si], root));
    let mut outputs = Vec::new();
    for &i in &list {
        let a = &site.activities[i];
        for o in &a.outputs {
            outputs.push(OutputEntry {
                kind_name: o.kind.name(),
                title: &o.title,
                date: a.date.to_string(),
                date_text: date_text(a.date),
                from: Some(super::views::Crumb {
                    title: a.title.clone(),
                    url: d.activity_urls[i].clone(),
                }),
                url: None,
            });
        }
    }
    for &i in d.outputs_of(&s.id) {
        let o = &site.outputs[i];
        if chrono::Datelike::year(&o.date) == year {
            outputs.push(OutputEntry {
                kind_name: o.kind.name(),
                title: &o.title,
                date: o.date.to_string(),
                date_text: date_text(o.date),
                from: None,
                url: Some(&d.output_urls[i]),
            });
        }
    }
    outputs.sort_by(|a, b| b.date.cmp(&a.date));
    View {
        sector,
        intro: r.html(&r.bodies.sectors[index], root),
        profile,
        year,
        convenors: role_views(&s.convenors, Some(year)),
        liaisons: role_views(&s.liaisons, Some(year)),
        years,
        figures: d.sector_year(&s.id, year).map(FiguresView::new),
        in_progress: r.in_progress(year),
        count: cards.len(),
        months: r.by_month(&cards),
        plan,
        summary,
        outputs,
    }
}
