//! A year's commendation notice as a printable showcase: each commended sector with its
//! figures, best-documented activities and photos, and the commended people.

use super::views::{holder_names, Card, FiguresView, PhotoView, SectorRef};
use super::Renderer;
use crate::derive::route::Route;
use crate::model::CommendedPerson;
use crate::render::words::date_text;
use serde::Serialize;

/// What `commendation.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    notice: NoticeView<'a>,
    body: String,
    sectors: Vec<CommendedSectorView<'a>>,
    convenors: Vec<PersonView<'a>>,
    liaisons: Vec<PersonView<'a>>,
    year_url: String,
}

#[derive(Serialize)]
struct NoticeView<'a> {
    year: i32,
    date_text: Option<String>,
    document: Option<&'a str>,
}

#[derive(Serialize)]
struct CommendedSectorView<'a> {
    sector: SectorRef,
    citation: Option<&'a str>,
    figures: Option<FiguresView<'a>>,
    best: Vec<&'a Card>,
    photos: Vec<PhotoView>,
    convenors: Vec<&'a str>,
    liaisons: Vec<&'a str>,
    year_url: String,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    sector: SectorRef,
    citation: Option<&'a str>,
    figures: Option<FiguresView<'a>>,
}

/// The view of commendation notice `i`.
pub fn view<'a>(r: &'a Renderer<'a>, i: usize, root: &str) -> View<'a> {
    let (site, d) = (r.site, r.derived);
    let c = &site.commendations[i];
    let sectors = c
        .sectors
        .iter()
        .map(|cs| {
            let id = cs.sector.value.as_str();
            // The best-documented activities (photos first, then outputs) of the year.
            let mut list: Vec<usize> = d
                .activities_of(id)
                .iter()
                .copied()
                .filter(|&j| {
                    let a = &site.activities[j];
                    a.year() == c.year && !a.plenary_group
                })
                .collect();
            list.sort_by_key(|&j| {
                let a = &site.activities[j];
                (
                    std::cmp::Reverse(a.photos.len().min(1) * 10 + a.outputs.len()),
                    j,
                )
            });
            list.truncate(3);
            // Up to two photos of each, four in all, for the handout.
            let photos = list
                .iter()
                .flat_map(|&j| {
                    let a = &site.activities[j];
                    a.photos.iter().take(2).map(move |p| (a, p))
                })
                .take(4)
                .map(|(a, p)| r.photo_view(p, p.caption.clone().or_else(|| Some(a.title.clone()))))
                .collect();
            let sector = site.sector(id);
            CommendedSectorView {
                sector: r.sector_ref(id),
                citation: cs.citation.as_deref(),
                figures: d.sector_year(id, c.year).map(FiguresView::new),
                best: r.cards_for(&list),
                photos,
                convenors: sector
                    .map(|s| holder_names(&s.convenors, c.year))
                    .unwrap_or_default(),
                liaisons: sector
                    .map(|s| holder_names(&s.liaisons, c.year))
                    .unwrap_or_default(),
                year_url: Route::SectorYear(id, c.year).url(),
            }
        })
        .collect();
    let people = |list: &'a [CommendedPerson]| -> Vec<PersonView<'a>> {
        list.iter()
            .map(|p| PersonView {
                name: &p.name.value,
                sector: r.sector_ref(&p.sector.value),
                citation: p.citation.as_deref(),
                figures: d.sector_year(&p.sector.value, c.year).map(FiguresView::new),
            })
            .collect()
    };
    View {
        notice: NoticeView {
            year: c.year,
            date_text: c.date.map(date_text),
            document: c.document.as_deref(),
        },
        body: r.html(&r.bodies.commendations[i], root),
        sectors,
        convenors: people(&c.convenors),
        liaisons: people(&c.liaisons),
        year_url: Route::Year(c.year).url(),
    }
}
