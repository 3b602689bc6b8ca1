//! Routes: every page and every file of the published site, and the only code that turns
//! one into its URL or its path in the output directory.
//!
//! A URL here is relative to the site root (`sectors/minmeng/2025/`); pages add their
//! relative way to the root in front, feeds and the sitemap add `base_url`. A page's file
//! is its URL with `index.html` added (`sectors/minmeng/2025/index.html`). Only media
//! paths can hold characters that need percent-encoding: every other segment is an id or
//! slug that validation limited to ASCII letters, digits and `-`.

use crate::core::paths::encode_segment;
use crate::model::ActivityKind;
use std::fmt::Write;
use std::path::Path;

/// A page or file of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route<'a> {
    /// The home page.
    Home,
    /// Every sector, by group.
    SectorIndex,
    /// A sector's profile.
    Sector(&'a str),
    /// A sector's page for one year.
    SectorYear(&'a str, i32),
    /// The plan on a sector's year page.
    Plan(&'a str, i32),
    /// The year-end summary on a sector's year page.
    Summary(&'a str, i32),
    /// An activity write-up, under the sector that filed it.
    Activity {
        /// The filing sector.
        sector: &'a str,
        /// The year it was held.
        year: i32,
        /// Its URL segment.
        slug: &'a str,
    },
    /// A standalone output.
    Output {
        /// The sector.
        sector: &'a str,
        /// Its URL segment.
        slug: &'a str,
    },
    /// Every year's timeline.
    TimelineIndex,
    /// One year's timeline.
    Timeline(i32),
    /// The nine kinds of activity.
    KindIndex,
    /// One kind's activities.
    Kind(ActivityKind),
    /// Every year's report.
    YearIndex,
    /// One year's report.
    Year(i32),
    /// Every commendation notice.
    CommendationIndex,
    /// One year's commendation notice.
    Commendation(i32),
    /// A free page (`pages/<id>.md`).
    Page(&'a str),
    /// Members' participation in a year (only with `member_pages: true`).
    Members(i32),
    /// The chair-meeting members and the special committees (clauses 6 and 8).
    Organisation,
    /// A chair-meeting member's page, by the slug of `Leader::slug`.
    Leader(&'a str),
    /// A special committee's page, by its id.
    Committee(&'a str),
    /// One member's page, by the slug of [`crate::derive::members`] (only with
    /// `member_pages: true`); under `people/` so that no slug can meet a year of
    /// `members/`.
    Member(&'a str),
    /// Full-text search.
    Search,
    /// How to read the site larger or in high contrast.
    Accessibility,
    /// The page servers show for a missing URL.
    NotFound,
    /// The site's Atom feed.
    SiteFeed,
    /// A sector's Atom feed.
    SectorFeed(&'a str),
    /// A kind's Atom feed.
    KindFeed(ActivityKind),
    /// The Atom feed of the sectors a committee serves.
    CommitteeFeed(&'a str),
    /// `sitemap.xml` (a sitemap index when the site has more URLs than one file holds).
    Sitemap,
    /// The `n`th (from 1) sitemap under a sitemap index.
    SitemapPart(usize),
    /// `robots.txt`.
    Robots,
    /// The `api/` export's table of contents.
    ApiIndex,
    /// Every sector, for the export.
    ApiSectors,
    /// A year's activities, for the export.
    ApiActivities(i32),
    /// A year's figures, for the export.
    ApiReport(i32),
    /// The search index's description (`search.js` reads it first).
    SearchMeta,
    /// One shard of the search index, by its file name (hex).
    SearchShard(&'a str),
    /// A file of search documents: those whose numbers shifted right by
    /// `search::DOC_GROUP_BITS` give this group.
    SearchDocs(u64),
    /// A file of the theme's `static/` folder.
    Static(&'a str),
    /// The site's icon, `favicon.ico` at the site root: browsers ask for it there when a
    /// page names none (and every page names this one, for sites under a sub-path).
    Favicon,
    /// A file from `content/` as published (photos without their metadata).
    Media(&'a Path),
    /// A smaller copy of a published photo, `width` pixels wide.
    MediaCopy(&'a Path, u32),
}

/// The name of the site's icon, in the theme's `static/` folder and at the site root.
const FAVICON: &str = "favicon.ico";

impl<'a> Route<'a> {
    /// Where the theme's static file `name` (its path under `static/`) is published:
    /// the icon at the site root, every other file under `static/`.
    pub fn theme_file(name: &'a str) -> Route<'a> {
        if name == FAVICON {
            Route::Favicon
        } else {
            Route::Static(name)
        }
    }
}

impl Route<'_> {
    /// The URL path relative to the site root: `sectors/minmeng/` for a page (directory
    /// pages end in `/`, the home page is empty), `feed.xml` for a file.
    pub fn url(&self) -> String {
        let mut out = String::new();
        match self {
            Route::Media(_) | Route::MediaCopy(..) => {
                let file = self.file();
                for (i, part) in file.split('/').enumerate() {
                    if i > 0 {
                        out.push('/');
                    }
                    out.push_str(&encode_segment(part));
                }
            }
            Route::Plan(..) => {
                self.write_path(&mut out);
                out.push_str("#plan");
            }
            Route::Summary(..) => {
                self.write_path(&mut out);
                out.push_str("#summary");
            }
            _ => self.write_path(&mut out),
        }
        out
    }

    /// The path of the file in the output directory: `sectors/minmeng/index.html` for a
    /// page, `media/sectors/minmeng/长江.jpg` for a published content file.
    pub fn file(&self) -> String {
        let mut out = String::new();
        self.write_path(&mut out);
        if out.is_empty() || out.ends_with('/') {
            out.push_str("index.html");
        }
        out
    }

    /// The absolute URL under the site's `base_url` (which ends in `/`).
    pub fn absolute(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.url())
    }

    /// The path without encoding or fragment (writing to a `String` cannot fail).
    fn write_path(&self, out: &mut String) {
        let _ = match self {
            Route::Home => Ok(()),
            Route::SectorIndex => write!(out, "sectors/"),
            Route::Sector(id) => write!(out, "sectors/{id}/"),
            Route::SectorYear(id, year) | Route::Plan(id, year) | Route::Summary(id, year) => {
                write!(out, "sectors/{id}/{year}/")
            }
            Route::Activity { sector, year, slug } => {
                write!(out, "sectors/{sector}/{year}/{slug}/")
            }
            Route::Output { sector, slug } => write!(out, "sectors/{sector}/outputs/{slug}/"),
            Route::TimelineIndex => write!(out, "timeline/"),
            Route::Timeline(year) => write!(out, "timeline/{year}/"),
            Route::KindIndex => write!(out, "kinds/"),
            Route::Kind(kind) => write!(out, "kinds/{}/", kind.id()),
            Route::YearIndex => write!(out, "years/"),
            Route::Year(year) => write!(out, "years/{year}/"),
            Route::CommendationIndex => write!(out, "commendations/"),
            Route::Commendation(year) => write!(out, "commendations/{year}/"),
            Route::Page(id) => write!(out, "pages/{id}/"),
            Route::Members(year) => write!(out, "members/{year}/"),
            Route::Organisation => write!(out, "organisation/"),
            Route::Leader(slug) => write!(out, "organisation/leaders/{slug}/"),
            Route::Committee(id) => write!(out, "organisation/committees/{id}/"),
            Route::Member(slug) => write!(out, "people/{slug}/"),
            Route::Search => write!(out, "search/"),
            Route::Accessibility => write!(out, "accessibility/"),
            Route::NotFound => write!(out, "404.html"),
            Route::SiteFeed => write!(out, "feed.xml"),
            Route::SectorFeed(id) => write!(out, "sectors/{id}/feed.xml"),
            Route::KindFeed(kind) => write!(out, "kinds/{}/feed.xml", kind.id()),
            Route::CommitteeFeed(id) => write!(out, "organisation/committees/{id}/feed.xml"),
            Route::Sitemap => write!(out, "sitemap.xml"),
            Route::SitemapPart(n) => write!(out, "sitemap-{n}.xml"),
            Route::Robots => write!(out, "robots.txt"),
            Route::ApiIndex => write!(out, "api/index.json"),
            Route::ApiSectors => write!(out, "api/sectors.json"),
            Route::ApiActivities(year) => write!(out, "api/activities/{year}.json"),
            Route::ApiReport(year) => write!(out, "api/reports/{year}.json"),
            Route::SearchMeta => write!(out, "search/meta.json"),
            Route::SearchShard(name) => write!(out, "search/idx/{name}.json"),
            Route::SearchDocs(group) => write!(out, "search/docs/{group}.json"),
            Route::Static(name) => write!(out, "static/{name}"),
            Route::Favicon => write!(out, "{FAVICON}"),
            Route::Media(source) => {
                out.push_str("media");
                for part in source.components() {
                    out.push('/');
                    out.push_str(&part.as_os_str().to_string_lossy());
                }
                Ok(())
            }
            Route::MediaCopy(source, width) => {
                Route::Media(source).write_path(out);
                // `photo.jpg` → `photo-480w.jpg`; a name without extension gets `.jpg`.
                let name_start = out.rfind('/').map_or(0, |i| i + 1);
                match out[name_start..].rfind('.').filter(|&dot| dot > 0) {
                    Some(dot) => {
                        let ext = out.split_off(name_start + dot);
                        write!(out, "-{width}w{ext}")
                    }
                    None => write!(out, "-{width}w.jpg"),
                }
            }
        };
    }
}

/// Whether `path` (a URL path from the site root, with or without a leading `/` or a
/// trailing `index.html`) is the page of an activity write-up, `sectors/<id>/<year>/<slug>/`
/// ([`Route::Activity`]): the preview offers the WeChat export there.
pub fn is_activity_page(path: &str) -> bool {
    let path = path.trim_start_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    matches!(
        parts.as_slice(),
        ["sectors", sector, year, slug, ""]
            if !sector.is_empty()
                && !slug.is_empty()
                && year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
    )
}

/// The relative way from the page at `url` (a [`Route::url`]) to the site root: `./` on
/// the home page, `../` for each folder below it.
pub fn root_for(url: &str) -> String {
    let depth = url.trim_end_matches(|c| c != '/').matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_with_an_index() {
        let activity = Route::Activity {
            sector: "minmeng",
            year: 2025,
            slug: "chang-jiang",
        };
        assert_eq!(activity.url(), "sectors/minmeng/2025/chang-jiang/");
        assert_eq!(
            activity.file(),
            "sectors/minmeng/2025/chang-jiang/index.html"
        );
        assert_eq!(Route::Member("zhang-wei").url(), "people/zhang-wei/");
        assert_eq!(Route::Home.url(), "");
        assert_eq!(Route::Home.file(), "index.html");
        assert_eq!(Route::NotFound.file(), "404.html");
        assert_eq!(Route::Kind(ActivityKind::Study).url(), "kinds/study/");
        assert_eq!(
            Route::Plan("minmeng", 2025).url(),
            "sectors/minmeng/2025/#plan"
        );
        assert_eq!(
            Route::Plan("minmeng", 2025).file(),
            "sectors/minmeng/2025/index.html"
        );
    }

    #[test]
    fn media_urls_are_encoded_and_files_are_not() {
        let photo = Path::new("sectors/a/活动 1.jpg");
        assert_eq!(
            Route::Media(photo).url(),
            "media/sectors/a/%E6%B4%BB%E5%8A%A8%201.jpg"
        );
        assert_eq!(Route::Media(photo).file(), "media/sectors/a/活动 1.jpg");
        assert_eq!(
            Route::MediaCopy(Path::new("x.y/长江.jpeg"), 480).file(),
            "media/x.y/长江-480w.jpeg"
        );
        assert_eq!(
            Route::MediaCopy(Path::new("x.y/photo"), 960).file(),
            "media/x.y/photo-960w.jpg"
        );
    }

    #[test]
    fn generated_files_have_fixed_places() {
        assert_eq!(
            Route::SectorFeed("minmeng").url(),
            "sectors/minmeng/feed.xml"
        );
        assert_eq!(Route::SitemapPart(2).file(), "sitemap-2.xml");
        assert_eq!(
            Route::Leader("huang-mou").file(),
            "organisation/leaders/huang-mou/index.html"
        );
        assert_eq!(
            Route::CommitteeFeed("economy").url(),
            "organisation/committees/economy/feed.xml"
        );
        assert_eq!(
            Route::ApiActivities(2025).file(),
            "api/activities/2025.json"
        );
        assert_eq!(Route::SearchShard("0a").file(), "search/idx/0a.json");
        assert_eq!(Route::theme_file("favicon.ico").file(), "favicon.ico");
        assert_eq!(Route::theme_file("favicon.ico").url(), "favicon.ico");
        assert_eq!(Route::theme_file("style.css").file(), "static/style.css");
        assert_eq!(
            Route::theme_file("img/favicon.ico").file(),
            "static/img/favicon.ico"
        );
        assert_eq!(
            Route::SiteFeed.absolute("https://e.gov.cn/jbfc/"),
            "https://e.gov.cn/jbfc/feed.xml"
        );
    }

    #[test]
    fn root_is_relative_to_page_depth() {
        assert_eq!(root_for(""), "./");
        assert_eq!(root_for("sectors/"), "../");
        assert_eq!(root_for("sectors/minmeng/2025/x/"), "../../../../");
    }

    #[test]
    fn activity_pages_are_recognised() {
        let activity = Route::Activity {
            sector: "minmeng",
            year: 2025,
            slug: "x",
        };
        assert!(is_activity_page(&activity.url()));
        assert!(is_activity_page(&format!("/{}", activity.file())));
        for other in [
            Route::SectorYear("minmeng", 2025).url(),
            Route::Output {
                sector: "minmeng",
                slug: "x",
            }
            .url(),
            Route::Sector("minmeng").url(),
            Route::Timeline(2025).url(),
            "sectors/minmeng/2025/x/y/".to_string(),
        ] {
            assert!(!is_activity_page(&other), "{other}");
        }
    }
}
