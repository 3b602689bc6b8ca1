//! Export for the committee's main website: JSON files under `public/api/` that its CMS
//! can import — sectors, activities per year (front matter, HTML body, URLs) and the
//! yearly figures. The format is described by the JSON Schemas in `docs/api/`; change
//! both together and raise [`API_VERSION`] on an incompatible change.
//!
//! Every URL is absolute under `base_url` (the importing site is elsewhere); object keys
//! come out sorted (serde_json's map), so the files are byte-identical across builds.

use crate::derive::{self, Derived};
use crate::generate::feeds::absolute_html;
use crate::model::{Activity, Role, Site};
use crate::publish::Sink;
use crate::render::markdown;
use crate::render::Bodies;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io;

/// Version of the export format.
pub const API_VERSION: u32 = 1;

fn roles(roles: &[Role]) -> Value {
    Value::Array(
        roles
            .iter()
            .map(|r| {
                json!({"name": r.name, "first": r.first, "from": r.from, "to": r.to, "unit": r.unit})
            })
            .collect(),
    )
}

fn activity(site: &Site, derived: &Derived, bodies: &Bodies, i: usize, a: &Activity) -> Value {
    let base = &site.config.base_url;
    let body = &bodies.activities[i];
    json!({
        "url": format!("{base}{}", derived.activity_urls[i]),
        "path": derived.activity_urls[i],
        "source": a.source.rel.to_string_lossy().replace('\\', "/"),
        "title": a.title,
        "date": a.date.to_string(),
        "end_date": a.end_date.map(|d| d.to_string()),
        "year": a.year(),
        "kind": a.kind.id(),
        "kind_name": a.kind.name(),
        "sector": a.sector,
        "also_sectors": a.also_sectors.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(),
        "plenary_group": a.plenary_group,
        "location": a.location,
        "organiser": a.organiser,
        "participants": a.participants.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
        "leaders": a.leaders.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
        "brand": a.brand.as_ref().map(|b| b.value.as_str()),
        "plan": a.plan.as_ref().map(|b| b.value.as_str()),
        "outputs": a.outputs.iter().map(|o| json!({"kind": o.kind.id(), "kind_name": o.kind.name(), "title": o.title})).collect::<Vec<_>>(),
        "photos": a.photos.iter().map(|p| json!({"url": format!("{base}{}", markdown::media_url(&p.src)), "alt": p.alt, "caption": p.caption})).collect::<Vec<_>>(),
        "author": a.author.as_ref().map(|x| x.value.as_str()),
        "summary": a.summary.clone().unwrap_or_else(|| body.first_paragraph.clone()),
        "body_html": absolute_html(&body.html, base),
    })
}

fn to_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Builds every export file and hands each to `sink` (path in the output directory,
/// bytes). The activities are made one year at a time, so only one year's export is in
/// memory at once.
pub fn build(site: &Site, derived: &Derived, bodies: &Bodies, sink: &Sink) -> io::Result<()> {
    build_years(site, derived, bodies, None, sink)
}

/// Like [`build`], but writes the activity files only of `years` (all when `None`); the
/// other files are small and always written. `serve` uses it after an edit.
pub fn build_years(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    years: Option<&std::collections::BTreeSet<i32>>,
    sink: &Sink,
) -> io::Result<()> {
    let base = &site.config.base_url;
    let mut files = Vec::new();
    let sectors: Vec<Value> = site
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": s.id,
                "name": s.name,
                "short": s.short,
                "group": s.group,
                "url": format!("{base}{}", derive::sector_url(&s.id)),
                "feed": format!("{base}sectors/{}/feed.xml", s.id),
                "served_by": s.served_by.as_ref().map(|x| x.value.as_str()),
                "organised_by": s.organised_by,
                "vice_chair": s.vice_chair.as_ref().map(|x| x.value.as_str()),
                "convenors": roles(&s.convenors),
                "liaisons": roles(&s.liaisons),
                "members": s.members,
                "brands": s.brands.iter().map(|b| json!({"id": b.id, "name": b.name, "summary": b.summary})).collect::<Vec<_>>(),
                "intro_html": absolute_html(&bodies.sectors[i].html, base),
            })
        })
        .collect();
    files.push((
        "api/sectors.json".to_string(),
        to_bytes(&json!({"api_version": API_VERSION, "sectors": sectors})),
    ));

    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, a) in site.activities.iter().enumerate() {
        by_year.entry(a.year()).or_default().push(i);
    }
    let mut activity_files = Vec::new();
    for (year, indexes) in &by_year {
        let path = format!("api/activities/{year}.json");
        activity_files
            .push(json!({"year": year, "count": indexes.len(), "url": format!("{base}{path}")}));
        if years.is_some_and(|wanted| !wanted.contains(year)) {
            continue;
        }
        let list: Vec<Value> = indexes
            .par_iter()
            .map(|&i| activity(site, derived, bodies, i, &site.activities[i]))
            .collect();
        sink(
            &path,
            &to_bytes(&json!({"api_version": API_VERSION, "year": year, "activities": list})),
        )?;
    }

    let mut report_files = Vec::new();
    for &year in derived.years.iter().rev() {
        let figures: Vec<&derive::SectorYear> = site
            .sectors
            .iter()
            .filter_map(|s| derived.sector_year(&s.id, year))
            .collect();
        let path = format!("api/reports/{year}.json");
        report_files.push(json!({"year": year, "url": format!("{base}{path}")}));
        files.push((
            path,
            to_bytes(&json!({
                "api_version": API_VERSION,
                "year": year,
                "in_progress": crate::reports::in_progress(site, derived, year),
                "quota": {"activities": site.config.quota.activities, "outputs": site.config.quota.outputs},
                "output_kinds": crate::model::OutputKind::ALL.iter().map(|k| k.id()).collect::<Vec<_>>(),
                "sectors": figures,
            })),
        ));
    }

    files.push((
        "api/index.json".to_string(),
        to_bytes(&json!({
            "api_version": API_VERSION,
            "site": {
                "title": site.config.title,
                "committee": site.config.committee,
                "base_url": base,
                "language": site.config.language,
                "term": site.config.term,
            },
            "sectors": format!("{base}api/sectors.json"),
            "activities": activity_files,
            "reports": report_files,
            "feed": format!("{base}feed.xml"),
        })),
    ));
    files.iter().try_for_each(|(path, bytes)| sink(path, bytes))
}
