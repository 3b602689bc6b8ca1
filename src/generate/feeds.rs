//! Feeds and crawler files: Atom 1.0 feeds (whole site, each sector, each activity kind),
//! `sitemap.xml` (an index over numbered sitemaps past 50,000 URLs) and `robots.txt`.
//!
//! Every URL in these files is absolute under `base_url`, because readers and crawlers
//! fetch them out of the site's context. Dates come from the content, never from the
//! build clock, so two builds of the same content are byte-identical.

use crate::derive::Derived;
use crate::model::{Activity, ActivityKind, Site};
use crate::render::markdown::{self, ROOT_MARK};
use crate::render::{self, Bodies, PageJob};
use chrono::NaiveDate;

/// Entries per feed: the newest ones. A feed carries full content, so a feed of every
/// write-up of a large site would be tens of megabytes fetched again on every poll.
pub const FEED_ENTRIES: usize = 50;

/// The most URLs one sitemap file may list (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 time for a date: midnight China Standard Time.
pub fn atom_date(date: NaiveDate) -> String {
    format!("{date}T00:00:00+08:00")
}

/// A write-up body with its root-relative links (`jiebie:root/…`) made absolute.
pub fn absolute_html(html: &str, base_url: &str) -> String {
    html.replace(ROOT_MARK, base_url)
}

/// One feed to write.
struct FeedSpec<'a> {
    path: String,
    page: String,
    title: String,
    entries: Vec<usize>,
    site: &'a Site,
}

/// Builds every feed: (path in the output directory, bytes).
pub fn feeds(site: &Site, derived: &Derived, bodies: &Bodies) -> Vec<(String, Vec<u8>)> {
    feeds_where(site, derived, bodies, &|_| true)
}

/// The feed files: the site's, then one per sector and one per activity kind.
pub fn feed_paths(site: &Site) -> Vec<String> {
    let mut paths = vec!["feed.xml".to_string()];
    paths.extend(
        site.sectors
            .iter()
            .map(|s| format!("sectors/{}/feed.xml", s.id)),
    );
    paths.extend(
        ActivityKind::ALL
            .iter()
            .map(|k| format!("kinds/{}/feed.xml", k.id())),
    );
    paths
}

/// Builds the feeds whose path `wanted` accepts (`serve` rebuilds only the feeds an
/// edited write-up appears in).
pub fn feeds_where(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<(String, Vec<u8>)> {
    let mut specs = vec![FeedSpec {
        path: "feed.xml".into(),
        page: String::new(),
        title: site.config.title.clone(),
        entries: (0..site.activities.len()).collect(),
        site,
    }];
    for s in &site.sectors {
        specs.push(FeedSpec {
            path: format!("sectors/{}/feed.xml", s.id),
            page: crate::derive::sector_url(&s.id),
            title: format!("{} - {}", s.display_name(), site.config.title),
            entries: derived.by_sector.get(&s.id).cloned().unwrap_or_default(),
            site,
        });
    }
    for &k in ActivityKind::ALL {
        specs.push(FeedSpec {
            path: format!("kinds/{}/feed.xml", k.id()),
            page: format!("kinds/{}/", k.id()),
            title: format!("{} - {}", k.name(), site.config.title),
            entries: derived.by_kind.get(&k).cloned().unwrap_or_default(),
            site,
        });
    }
    // The newest date of the whole site dates an empty feed: still content, not clock.
    let site_updated = site.activities.iter().map(|a| a.date).max();
    specs
        .into_iter()
        .filter(|spec| wanted(&spec.path))
        .map(|spec| {
            let xml = feed_xml(&spec, derived, bodies, site_updated);
            (spec.path, xml.into_bytes())
        })
        .collect()
}

fn feed_xml(
    spec: &FeedSpec<'_>,
    derived: &Derived,
    bodies: &Bodies,
    site_updated: Option<NaiveDate>,
) -> String {
    let site = spec.site;
    let base = &site.config.base_url;
    let mut entries: Vec<usize> = spec.entries.clone();
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
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&site.config.language)
    ));
    let self_url = format!("{base}{}", spec.path);
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(&spec.title)));
    if let Some(d) = &site.config.description {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(d)));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&format!("{base}{}", spec.page))
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", atom_date(updated)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.config.committee)
    ));
    x.push_str("  <generator>jiebie</generator>\n");
    for &i in &entries {
        x.push_str(&entry_xml(
            site,
            &site.activities[i],
            &derived.activity_urls[i],
            &bodies.activities[i],
        ));
    }
    x.push_str("</feed>\n");
    x
}

fn entry_xml(
    site: &Site,
    a: &Activity,
    url: &str,
    body: &crate::render::markdown::Rendered,
) -> String {
    let base = &site.config.base_url;
    let abs = format!("{base}{url}");
    let sector_name = site
        .sectors
        .iter()
        .find(|s| s.id == a.sector)
        .map_or(a.sector.as_str(), |s| s.display_name());
    let mut content = absolute_html(&body.html, base);
    for p in &a.photos {
        content.push_str(&format!(
            "<figure><img src=\"{}\" alt=\"{}\">{}</figure>",
            render::escape_html(&format!("{base}{}", markdown::media_url(&p.src))),
            render::escape_html(&p.alt),
            p.caption
                .as_ref()
                .map(|c| format!("<figcaption>{}</figcaption>", render::escape_html(c)))
                .unwrap_or_default()
        ));
    }
    let summary = a
        .summary
        .clone()
        .unwrap_or_else(|| body.first_paragraph.clone());
    let mut x = String::from("  <entry>\n");
    x.push_str(&format!("    <id>{}</id>\n", xml_escape(&abs)));
    x.push_str(&format!("    <title>{}</title>\n", xml_escape(&a.title)));
    x.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&abs)
    ));
    x.push_str(&format!(
        "    <published>{}</published>\n",
        atom_date(a.date)
    ));
    x.push_str(&format!("    <updated>{}</updated>\n", atom_date(a.date)));
    let author = a
        .author
        .as_ref()
        .map_or(sector_name.to_string(), |x| x.value.clone());
    x.push_str(&format!(
        "    <author><name>{}</name></author>\n",
        xml_escape(&author)
    ));
    x.push_str(&format!(
        "    <category term=\"{}\" label=\"{}\"/>\n",
        a.kind.id(),
        xml_escape(a.kind.name())
    ));
    for s in a.sector_ids() {
        x.push_str(&format!(
            "    <category term=\"sector:{}\"/>\n",
            xml_escape(s)
        ));
    }
    if !summary.trim().is_empty() {
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(summary.trim())
        ));
    }
    x.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        xml_escape(&content)
    ));
    x.push_str("  </entry>\n");
    x
}

/// One URL of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// Last change, when the content dates it.
    pub lastmod: Option<NaiveDate>,
}

/// Every public page of the site, absolute, sorted (the 404 page is not a page to index).
pub fn sitemap_urls(site: &Site, derived: &Derived) -> Vec<SitemapUrl> {
    let base = &site.config.base_url;
    let mut urls: Vec<SitemapUrl> = render::jobs(site, derived)
        .iter()
        .filter(|j| **j != PageJob::NotFound)
        .map(|job| {
            let lastmod = match job {
                PageJob::Activity(i) => {
                    let a = &site.activities[*i];
                    Some(a.end_date.unwrap_or(a.date).max(a.date))
                }
                PageJob::Output(i) => Some(site.outputs[*i].date),
                _ => None,
            };
            SitemapUrl {
                loc: format!("{base}{}", render::job_url(site, derived, job)),
                lastmod,
            }
        })
        .collect();
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    urls.dedup_by(|a, b| a.loc == b.loc);
    urls
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `sitemap.xml`, or past `limit` URLs a sitemap index plus `sitemap-<n>.xml` files.
pub fn sitemap_files(urls: &[SitemapUrl], base_url: &str, limit: usize) -> Vec<(String, Vec<u8>)> {
    let urlset = |chunk: &[SitemapUrl]| {
        let mut x = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{SITEMAP_NS}\">\n"
        );
        for u in chunk {
            x.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&u.loc)));
            if let Some(d) = u.lastmod {
                x.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    let limit = limit.max(1);
    if urls.len() <= limit {
        return vec![("sitemap.xml".into(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{SITEMAP_NS}\">\n"
    );
    for (n, chunk) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc>",
            xml_escape(&format!("{base_url}{name}"))
        ));
        if let Some(d) = chunk.iter().filter_map(|u| u.lastmod).max() {
            index.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index.into_bytes()));
    files
}

/// `robots.txt`: everything may be crawled; where the sitemap is. Crawlers read only
/// `robots.txt` at the host's root: a site under a sub-path should have its host's file
/// point at this sitemap too.
pub fn robots_txt(base_url: &str) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_drops_forbidden_characters() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }

    #[test]
    fn large_sitemaps_become_an_index() {
        let urls: Vec<SitemapUrl> = (0..5)
            .map(|i| SitemapUrl {
                loc: format!("https://e.org/{i}/"),
                lastmod: NaiveDate::from_ymd_opt(2025, 1, i + 1),
            })
            .collect();
        let files = sitemap_files(&urls, "https://e.org/", 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = String::from_utf8_lossy(&files[0].1);
        assert!(index.contains("<sitemapindex"));
        assert!(
            index.contains("<loc>https://e.org/sitemap-3.xml</loc><lastmod>2025-01-05</lastmod>")
        );
        let single = sitemap_files(&urls, "https://e.org/", SITEMAP_LIMIT);
        assert_eq!(single.len(), 1);
        assert!(String::from_utf8_lossy(&single[0].1).contains("<urlset"));
    }
}
