//! An activity write-up: its facts, body, photos and the previous and next write-ups of
//! its sector.

use super::views::{Leader, OutputRef, PhotoView, SectorRef};
use super::{Head, Renderer};
use crate::derive::route::Route;
use crate::render::words::date_text;
use serde::Serialize;

/// What `activity.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    activity: ActivityView<'a>,
    body: String,
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
}

#[derive(Serialize)]
struct ActivityView<'a> {
    title: &'a str,
    date: String,
    date_text: &'a str,
    end_date_text: Option<String>,
    kind: &'static str,
    kind_name: &'static str,
    kind_url: String,
    sector: &'a SectorRef,
    joint: &'a [SectorRef],
    plenary: bool,
    location: Option<&'a str>,
    organiser: Option<&'a str>,
    participants: Vec<&'a str>,
    leaders: Vec<Leader<'a>>,
    brand: Option<BrandLink<'a>>,
    plan_items: Vec<PlanLink<'a>>,
    outputs: Vec<OutputRef<'a>>,
    photos: Vec<PhotoView>,
    author: Option<&'a str>,
    summary: &'a str,
    draft: bool,
    pending_review: &'a [String],
    year_url: String,
}

#[derive(Serialize)]
struct BrandLink<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct PlanLink<'a> {
    id: &'a str,
    title: &'a str,
    /// The partner's name, for a partner's item.
    sector: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    url: &'a str,
    date_text: String,
}

/// The view of activity `i`; sets the share card (article type, summary, first photo).
pub fn view<'a>(r: &'a Renderer<'a>, i: usize, root: &str, head: &mut Head) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let a = &site.activities[i];
    let card = &r.cards[i];
    let brand = a
        .brand
        .as_ref()
        .and_then(|b| {
            site.sector(&a.sector)?
                .brands
                .iter()
                .find(|x| x.id == b.value)
        })
        .map(|b| BrandLink {
            id: &b.id,
            name: &b.name,
        });
    let plan_items = a
        .plan_refs()
        .filter_map(|(sector, item, _)| {
            let plan = site
                .plans
                .iter()
                .find(|x| x.sector == sector && x.year == a.year())?;
            let it = plan.items.iter().find(|it| it.id == item)?;
            Some(PlanLink {
                id: &it.id,
                title: &it.title,
                sector: (sector != a.sector).then(|| site.sector_name(sector)),
                url: Route::Plan(&plan.sector, a.year()).url(),
            })
        })
        .collect();
    let neighbour = |n: Option<usize>| {
        n.map(|j| Neighbour {
            title: &site.activities[j].title,
            url: &d.activity_urls[j],
            date_text: date_text(site.activities[j].date),
        })
    };
    let (older, newer) = d.neighbours[i];
    head.og_type = Some("article");
    if !card.summary.is_empty() {
        head.description = Some(card.summary.clone());
    }
    head.image = a
        .photos
        .first()
        .map(|p| Route::Media(&p.src).absolute(&site.config.base_url));
    View {
        activity: ActivityView {
            title: &a.title,
            date: a.date.to_string(),
            date_text: &card.date_text,
            end_date_text: a.end_date.map(date_text),
            kind: a.kind.id(),
            kind_name: a.kind.name(),
            kind_url: Route::Kind(a.kind).url(),
            sector: &card.sector,
            joint: &card.joint,
            plenary: a.plenary_group,
            location: a.location.as_deref(),
            organiser: a.organiser.as_deref(),
            participants: a.participants.iter().map(|p| p.value.as_str()).collect(),
            leaders: a.leaders.iter().map(|l| r.leader(&l.value)).collect(),
            brand,
            plan_items,
            outputs: a.outputs.iter().map(OutputRef::from).collect(),
            photos: a
                .photos
                .iter()
                .map(|p| r.photo_view(p, p.caption.clone()))
                .collect(),
            author: a.author.as_ref().map(|x| x.value.as_str()),
            summary: &card.summary,
            draft: a.draft,
            pending_review: &a.pending_review,
            year_url: Route::SectorYear(&a.sector, a.year()).url(),
        },
        body: r.html(&r.bodies.activities[i], root),
        previous: neighbour(older),
        next: neighbour(newer),
    }
}
