//! Atom 1.0 feeds: the whole site, each sector, each activity kind, each committee (the
//! sectors it serves).
//!
//! Every URL in a feed is absolute under `base_url`, because readers fetch feeds out of
//! the site's context. Dates come from the content, never from the build clock, so two
//! builds of the same content are byte-identical.

use super::xml::Xml;
use crate::core::text::escape_html;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::{Activity, ActivityKind, Site};
use crate::render::bodies::Bodies;
use crate::render::markdown::{Rendered, ROOT_MARK};
use chrono::NaiveDate;
use std::io;

/// Entries per feed: the newest ones. A feed carries full content, so a feed of every
/// write-up of a large site would be tens of megabytes fetched again on every poll.
pub const FEED_ENTRIES: usize = 50;

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feed<'a> {
    /// Every write-up.
    Site,
    /// The write-ups counting for a sector.
    Sector(&'a str),
    /// The write-ups of a kind.
    Kind(ActivityKind),
    /// The write-ups counting for the sectors a committee serves.
    Committee(&'a str),
}

impl<'a> Feed<'a> {
    /// Its file.
    pub fn route(self) -> Route<'a> {
        match self {
            Feed::Site => Route::SiteFeed,
            Feed::Sector(id) => Route::SectorFeed(id),
            Feed::Kind(kind) => Route::KindFeed(kind),
            Feed::Committee(id) => Route::CommitteeFeed(id),
        }
    }

    /// The feeds a write-up appears in: the site's, its sectors', its kind's, and those
    /// of the committees serving its sectors.
    pub fn of(site: &'a Site, activity: &'a Activity) -> impl Iterator<Item = Feed<'a>> {
        let committees = activity.sector_ids().filter_map(|id| {
            let served = site.sector(id)?.served_by.as_ref()?;
            Some(Feed::Committee(served.value.as_str()))
        });
        std::iter::once(Feed::Site)
            .chain(activity.sector_ids().map(Feed::Sector))
            .chain(std::iter::once(Feed::Kind(activity.kind)))
            .chain(committees)
    }
}

/// An RFC 3339 time for a date: midnight China Standard Time.
pub fn atom_date(date: NaiveDate) -> String {
    format!("{date}T00:00:00+08:00")
}

/// A write-up body with its root-relative links (`jiebie:root/…`) made absolute.
pub fn absolute_html(html: &str, base_url: &str) -> String {
    html.replace(ROOT_MARK, base_url)
}

/// Every feed of the site, in a fixed order: the site's, one per sector, one per kind,
/// one per committee.
pub fn all(site: &Site) -> Vec<Feed<'_>> {
    let mut feeds = vec![Feed::Site];
    feeds.extend(site.sectors.iter().map(|s| Feed::Sector(&s.id)));
    feeds.extend(ActivityKind::ALL.iter().map(|&k| Feed::Kind(k)));
    feeds.extend(site.committees.iter().map(|c| Feed::Committee(&c.id)));
    feeds
}

/// Writes `feeds` and hands each to `sink` (path in the output directory, bytes).
pub fn write<'a>(
    site: &'a Site,
    derived: &Derived,
    bodies: &Bodies,
    feeds: impl IntoIterator<Item = Feed<'a>>,
    sink: &super::Sink,
) -> io::Result<()> {
    // The newest date of the whole site dates an empty feed: still content, not clock.
    let site_updated = site.activities.iter().map(|a| a.date).max();
    for feed in feeds {
        let bytes = feed_xml(site, derived, bodies, feed, site_updated)?;
        sink(&feed.route().file(), &bytes)?;
    }
    Ok(())
}

fn feed_xml(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    feed: Feed<'_>,
    site_updated: Option<NaiveDate>,
) -> io::Result<Vec<u8>> {
    let base = &site.config.base_url;
    let (title, page, mut entries) = match feed {
        Feed::Site => (
            site.config.title.clone(),
            Route::Home,
            (0..site.activities.len()).collect::<Vec<usize>>(),
        ),
        Feed::Sector(id) => (
            format!("{} - {}", site.sector_name(id), site.config.title),
            Route::Sector(id),
            derived.activities_of(id).to_vec(),
        ),
        Feed::Kind(kind) => (
            format!("{} - {}", kind.name(), site.config.title),
            Route::Kind(kind),
            derived.activities_of_kind(kind).to_vec(),
        ),
        Feed::Committee(id) => (
            format!("{} - {}", committee_name(site, id), site.config.title),
            Route::Committee(id),
            derived.activities_served_by(site, id),
        ),
    };
    // Newest first, ties by URL: the order must not depend on how indexes were built.
    entries.sort_by(|&a, &b| {
        site.activities[b]
            .date
            .cmp(&site.activities[a].date)
            .then_with(|| derived.activity_urls[a].cmp(&derived.activity_urls[b]))
    });
    entries.truncate(FEED_ENTRIES);
    let updated = entries
        .iter()
        .map(|&i| site.activities[i].date)
        .max()
        .or(site_updated)
        .unwrap_or_default();
    let self_url = feed.route().absolute(base);
    let mut x = Xml::new("utf-8")?;
    x.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &site.config.language),
        ],
    )?;
    x.raw("\n  ")?;
    x.text("id", &[], &self_url)?;
    x.raw("\n  ")?;
    x.text("title", &[], &title)?;
    if let Some(d) = &site.config.description {
        x.raw("\n  ")?;
        x.text("subtitle", &[], d)?;
    }
    x.raw("\n  ")?;
    x.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &self_url),
        ],
    )?;
    x.raw("\n  ")?;
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &page.absolute(base)),
        ],
    )?;
    x.raw("\n  ")?;
    x.text("updated", &[], &atom_date(updated))?;
    x.raw("\n  ")?;
    x.open("author", &[])?;
    x.text("name", &[], &site.config.committee)?;
    x.close("author")?;
    x.raw("\n  ")?;
    x.text("generator", &[], "jiebie")?;
    x.raw("\n")?;
    for &i in &entries {
        entry(
            &mut x,
            site,
            &site.activities[i],
            &derived.activity_urls[i],
            &bodies.activities[i],
        )?;
    }
    x.close("feed")?;
    x.raw("\n")?;
    Ok(x.finish())
}

/// A committee's name, or its id when organisation.yaml does not list it.
fn committee_name<'s>(site: &'s Site, id: &'s str) -> &'s str {
    site.committees
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}

fn entry(x: &mut Xml, site: &Site, a: &Activity, url: &str, body: &Rendered) -> io::Result<()> {
    let base = &site.config.base_url;
    let abs = format!("{base}{url}");
    let mut content = absolute_html(&body.html, base);
    for p in &a.photos {
        content.push_str(&format!(
            "<figure><img src=\"{}\" alt=\"{}\">{}</figure>",
            escape_html(&Route::Media(&p.src).absolute(base)),
            escape_html(&p.alt),
            p.caption
                .as_ref()
                .map(|c| format!("<figcaption>{}</figcaption>", escape_html(c)))
                .unwrap_or_default()
        ));
    }
    let summary = a
        .summary
        .clone()
        .unwrap_or_else(|| body.first_paragraph.clone());
    let author = a.author.as_ref().map_or_else(
        || site.sector_name(&a.sector).to_string(),
        |x| x.value.clone(),
    );
    x.raw("  ")?;
    x.open("entry", &[])?;
    x.raw("\n    ")?;
    x.text("id", &[], &abs)?;
    x.raw("\n    ")?;
    x.text("title", &[], &a.title)?;
    x.raw("\n    ")?;
    x.empty(
        "link",
        &[("rel", "alternate"), ("type", "text/html"), ("href", &abs)],
    )?;
    x.raw("\n    ")?;
    x.text("published", &[], &atom_date(a.date))?;
    x.raw("\n    ")?;
    x.text("updated", &[], &atom_date(a.date))?;
    x.raw("\n    ")?;
    x.open("author", &[])?;
    x.text("name", &[], &author)?;
    x.close("author")?;
    x.raw("\n    ")?;
    x.empty(
        "category",
        &[("term", a.kind.id()), ("label", a.kind.name())],
    )?;
    for s in a.sector_ids() {
        x.raw("\n    ")?;
        x.empty("category", &[("term", &format!("sector:{s}"))])?;
    }
    if !summary.trim().is_empty() {
        x.raw("\n    ")?;
        x.text("summary", &[], summary.trim())?;
    }
    x.raw("\n    ")?;
    x.text("content", &[("type", "html")], &content)?;
    x.raw("\n  ")?;
    x.close("entry")?;
    x.raw("\n")
}
