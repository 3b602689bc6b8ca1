//! `sitemap.xml` (an index over numbered sitemaps past 50,000 URLs) and `robots.txt`.
//! Every URL is absolute under `base_url`: crawlers fetch these out of the site's context.

use super::xml::Xml;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::Site;
use crate::render::pages::{self, PageJob};
use chrono::NaiveDate;
use std::io;

/// The most URLs one sitemap file may list (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One URL of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// Last change, when the content dates it.
    pub lastmod: Option<NaiveDate>,
}

/// Every public page of the site, absolute, sorted (the 404 page is not a page to index).
pub fn urls(site: &Site, derived: &Derived) -> Vec<SitemapUrl> {
    let base = &site.config.base_url;
    let mut urls: Vec<SitemapUrl> = pages::jobs(site, derived)
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
                loc: job.route(site, derived).absolute(base),
                lastmod,
            }
        })
        .collect();
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    urls.dedup_by(|a, b| a.loc == b.loc);
    urls
}

/// `sitemap.xml`, or past `limit` URLs a sitemap index plus `sitemap-<n>.xml` files, as
/// (path in the output directory, bytes).
pub fn files(
    urls: &[SitemapUrl],
    base_url: &str,
    limit: usize,
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let limit = limit.max(1);
    if urls.len() <= limit {
        return Ok(vec![(Route::Sitemap.file(), list("urlset", "url", urls)?)]);
    }
    let mut files = Vec::new();
    let mut index = Vec::new();
    for (n, chunk) in urls.chunks(limit).enumerate() {
        let part = Route::SitemapPart(n + 1);
        index.push(SitemapUrl {
            loc: part.absolute(base_url),
            lastmod: chunk.iter().filter_map(|u| u.lastmod).max(),
        });
        files.push((part.file(), list("urlset", "url", chunk)?));
    }
    files.insert(
        0,
        (
            Route::Sitemap.file(),
            list("sitemapindex", "sitemap", &index)?,
        ),
    );
    Ok(files)
}

/// A `<urlset>` of `<url>`s or a `<sitemapindex>` of `<sitemap>`s, one per line.
fn list(root: &str, item: &str, urls: &[SitemapUrl]) -> io::Result<Vec<u8>> {
    let mut x = Xml::new("UTF-8")?;
    x.open(root, &[("xmlns", SITEMAP_NS)])?;
    x.raw("\n")?;
    for u in urls {
        x.raw("  ")?;
        x.open(item, &[])?;
        x.text("loc", &[], &u.loc)?;
        if let Some(d) = u.lastmod {
            x.text("lastmod", &[], &d.to_string())?;
        }
        x.close(item)?;
        x.raw("\n")?;
    }
    x.close(root)?;
    x.raw("\n")?;
    Ok(x.finish())
}

/// `robots.txt`: everything may be crawled; where the sitemap is. Crawlers read only
/// `robots.txt` at the host's root: a site under a sub-path should have its host's file
/// point at this sitemap too.
pub fn robots_txt(base_url: &str) -> Vec<u8> {
    let sitemap = Route::Sitemap.absolute(base_url);
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes()
}

/// The sitemap files and `robots.txt`.
pub fn write(site: &Site, derived: &Derived, sink: &super::Sink) -> io::Result<()> {
    let base = &site.config.base_url;
    for (path, bytes) in files(&urls(site, derived), base, SITEMAP_LIMIT)? {
        sink(&path, &bytes)?;
    }
    sink(&Route::Robots.file(), &robots_txt(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sitemaps_become_an_index() {
        let urls: Vec<SitemapUrl> = (0..5)
            .map(|i| SitemapUrl {
                loc: format!("https://e.org/{i}/"),
                lastmod: NaiveDate::from_ymd_opt(2025, 1, i + 1),
            })
            .collect();
        let files = files(&urls, "https://e.org/", 2).unwrap();
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
        let single = super::files(&urls, "https://e.org/", SITEMAP_LIMIT).unwrap();
        assert_eq!(single.len(), 1);
        assert!(String::from_utf8_lossy(&single[0].1).contains("<urlset"));
    }
}
