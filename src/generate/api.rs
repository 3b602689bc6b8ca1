//! Export for the committee's main website: JSON files under `public/api/` that its CMS
//! can import — sectors, activities per year (front matter, HTML body, URLs) and the
//! yearly figures. The format is described by the JSON Schemas in `docs/api/`; change
//! both together and raise [`API_VERSION`] on an incompatible change.
//!
//! Every URL is absolute under `base_url` (the importing site is elsewhere). Objects go
//! through `serde_json::Value`, whose maps sort their keys, so the files are
//! byte-identical across builds whatever the order of the fields below.

use super::feeds::absolute_html;
use super::Sink;
use crate::derive::figures;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::{Activity, OutputKind, ResultKind, Role, Site};
use crate::render::bodies::Bodies;
use crate::render::pages::views::{FiguresView, OutputRef};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// Version of the export format.
pub const API_VERSION: u32 = 1;

#[derive(Serialize)]
struct RoleExport<'a> {
    name: &'a str,
    first: bool,
    from: Option<i32>,
    to: Option<i32>,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct BrandExport<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct SectorExport<'a> {
    id: &'a str,
    name: &'a str,
    short: Option<&'a str>,
    group: &'a str,
    url: String,
    feed: String,
    served_by: Option<&'a str>,
    organised_by: Option<&'a str>,
    vice_chair: Option<&'a str>,
    convenors: Vec<RoleExport<'a>>,
    liaisons: Vec<RoleExport<'a>>,
    members: Vec<&'a str>,
    brands: Vec<BrandExport<'a>>,
    intro_html: String,
}

#[derive(Serialize)]
struct SectorsFile<'a> {
    api_version: u32,
    sectors: Vec<SectorExport<'a>>,
}

#[derive(Serialize)]
struct PhotoExport<'a> {
    url: String,
    alt: &'a str,
    caption: Option<&'a str>,
}

#[derive(Serialize)]
struct ActivityExport<'a> {
    url: String,
    path: &'a str,
    source: String,
    title: &'a str,
    date: String,
    end_date: Option<String>,
    year: i32,
    kind: &'static str,
    kind_name: &'static str,
    sector: &'a str,
    also_sectors: Vec<&'a str>,
    plenary_group: bool,
    location: Option<&'a str>,
    organiser: Option<&'a str>,
    participants: Vec<&'a str>,
    leaders: Vec<&'a str>,
    brand: Option<&'a str>,
    plan: Option<&'a str>,
    plans: Vec<&'a str>,
    outputs: Vec<OutputRef<'a>>,
    photos: Vec<PhotoExport<'a>>,
    author: Option<&'a str>,
    summary: &'a str,
    body_html: String,
}

#[derive(Serialize)]
struct ActivitiesFile<'a> {
    api_version: u32,
    year: i32,
    activities: Vec<ActivityExport<'a>>,
}

#[derive(Serialize)]
struct QuotaExport {
    activities: u32,
    outputs: u32,
}

#[derive(Serialize)]
struct ReportFile<'a> {
    api_version: u32,
    year: i32,
    in_progress: bool,
    quota: QuotaExport,
    output_kinds: Vec<&'static str>,
    result_kinds: Vec<&'static str>,
    sectors: Vec<FiguresView<'a>>,
}

#[derive(Serialize)]
struct SiteExport<'a> {
    title: &'a str,
    committee: &'a str,
    base_url: &'a str,
    language: &'a str,
    term: Option<&'a str>,
}

#[derive(Serialize)]
struct ActivitiesEntry {
    year: i32,
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct ReportEntry {
    year: i32,
    url: String,
}

#[derive(Serialize)]
struct IndexFile<'a> {
    api_version: u32,
    site: SiteExport<'a>,
    sectors: String,
    activities: Vec<ActivitiesEntry>,
    reports: Vec<ReportEntry>,
    feed: String,
}

fn roles(roles: &[Role]) -> Vec<RoleExport<'_>> {
    roles
        .iter()
        .map(|r| RoleExport {
            name: &r.name,
            first: r.first,
            from: r.from,
            to: r.to,
            unit: r.unit.as_deref(),
        })
        .collect()
}

fn activity<'a>(
    site: &'a Site,
    derived: &'a Derived,
    bodies: &'a Bodies,
    i: usize,
    a: &'a Activity,
) -> ActivityExport<'a> {
    let base = &site.config.base_url;
    let body = &bodies.activities[i];
    let path = &derived.activity_urls[i];
    ActivityExport {
        url: format!("{base}{path}"),
        path,
        source: a.source.rel.to_string_lossy().replace('\\', "/"),
        title: &a.title,
        date: a.date.to_string(),
        end_date: a.end_date.map(|d| d.to_string()),
        year: a.year(),
        kind: a.kind.id(),
        kind_name: a.kind.name(),
        sector: &a.sector,
        also_sectors: a.also_sectors.iter().map(|s| s.value.as_str()).collect(),
        plenary_group: a.plenary_group,
        location: a.location.as_deref(),
        organiser: a.organiser.as_deref(),
        participants: a.participants.iter().map(|p| p.value.as_str()).collect(),
        leaders: a.leaders.iter().map(|p| p.value.as_str()).collect(),
        brand: a.brand.as_ref().map(|b| b.value.as_str()),
        plan: a.plans.first().map(|b| b.value.as_str()),
        plans: a.plans.iter().map(|b| b.value.as_str()).collect(),
        outputs: a.outputs.iter().map(OutputRef::from).collect(),
        photos: a
            .photos
            .iter()
            .map(|p| PhotoExport {
                url: Route::Media(&p.src).absolute(base),
                alt: &p.alt,
                caption: p.caption.as_deref(),
            })
            .collect(),
        author: a.author.as_ref().map(|x| x.value.as_str()),
        summary: a.summary.as_deref().unwrap_or(&body.first_paragraph),
        body_html: absolute_html(&body.html, base),
    }
}

/// Pretty JSON with sorted keys and a final line break.
fn to_bytes(value: &impl Serialize) -> io::Result<Vec<u8>> {
    let value = serde_json::to_value(value).map_err(io::Error::other)?;
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Builds every export file and hands each to `sink` (path in the output directory,
/// bytes); the activity files only of `years` (all when `None`: `serve` rewrites only the
/// years an edit reaches; the other files are small and always written). The activities
/// are made one year at a time, so only one year's export is in memory at once.
pub fn write(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    years: Option<&BTreeSet<i32>>,
    sink: &Sink,
) -> io::Result<()> {
    let base = &site.config.base_url;
    let sectors = site
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| SectorExport {
            id: &s.id,
            name: &s.name,
            short: s.short.as_deref(),
            group: &s.group,
            url: Route::Sector(&s.id).absolute(base),
            feed: Route::SectorFeed(&s.id).absolute(base),
            served_by: s.served_by.as_ref().map(|x| x.value.as_str()),
            organised_by: s.organised_by.as_deref(),
            vice_chair: s.vice_chair.as_ref().map(|x| x.value.as_str()),
            convenors: roles(&s.convenors),
            liaisons: roles(&s.liaisons),
            members: s.member_names().collect(),
            brands: s
                .brands
                .iter()
                .map(|b| BrandExport {
                    id: &b.id,
                    name: &b.name,
                    summary: b.summary.as_deref(),
                })
                .collect(),
            intro_html: absolute_html(&bodies.sectors[i].html, base),
        })
        .collect();
    let mut files = vec![(
        Route::ApiSectors.file(),
        to_bytes(&SectorsFile {
            api_version: API_VERSION,
            sectors,
        })?,
    )];

    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, a) in site.activities.iter().enumerate() {
        by_year.entry(a.year()).or_default().push(i);
    }
    let mut activity_files = Vec::new();
    for (&year, indexes) in &by_year {
        let route = Route::ApiActivities(year);
        activity_files.push(ActivitiesEntry {
            year,
            count: indexes.len(),
            url: route.absolute(base),
        });
        if years.is_some_and(|wanted| !wanted.contains(&year)) {
            continue;
        }
        let activities = indexes
            .par_iter()
            .map(|&i| activity(site, derived, bodies, i, &site.activities[i]))
            .collect();
        let file = ActivitiesFile {
            api_version: API_VERSION,
            year,
            activities,
        };
        sink(&route.file(), &to_bytes(&file)?)?;
    }

    let mut report_files = Vec::new();
    for &year in derived.years.iter().rev() {
        let route = Route::ApiReport(year);
        report_files.push(ReportEntry {
            year,
            url: route.absolute(base),
        });
        let file = ReportFile {
            api_version: API_VERSION,
            year,
            in_progress: figures::in_progress(site, derived, year),
            quota: QuotaExport {
                activities: site.config.quota.activities,
                outputs: site.config.quota.outputs,
            },
            output_kinds: OutputKind::ALL.iter().map(|k| k.id()).collect(),
            result_kinds: ResultKind::ALL.iter().map(|k| k.id()).collect(),
            sectors: site
                .sectors
                .iter()
                .filter_map(|s| derived.sector_year(&s.id, year))
                .map(FiguresView::new)
                .collect(),
        };
        files.push((route.file(), to_bytes(&file)?));
    }

    let index = IndexFile {
        api_version: API_VERSION,
        site: SiteExport {
            title: &site.config.title,
            committee: &site.config.committee,
            base_url: base,
            language: &site.config.language,
            term: site.config.term.as_deref(),
        },
        sectors: Route::ApiSectors.absolute(base),
        activities: activity_files,
        reports: report_files,
        feed: Route::SiteFeed.absolute(base),
    };
    files.push((Route::ApiIndex.file(), to_bytes(&index)?));
    files.iter().try_for_each(|(path, bytes)| sink(path, bytes))
}
