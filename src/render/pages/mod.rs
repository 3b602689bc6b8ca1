//! Pages: every page of the site ([`PageJob`]), what each is (its route, template,
//! title, section, breadcrumb and feeds — all decided here, in one place), and its typed
//! view, built by one function per page kind in its own file. [`Renderer`] holds what
//! the pages share and renders one page at a time; pages render in parallel.

mod accessibility;
mod activity;
mod commendation;
mod commendation_index;
mod committee;
mod home;
mod kind;
mod kind_index;
mod leader;
mod member;
mod members;
mod meta;
mod not_found;
mod organisation;
mod output;
mod page;
mod search;
mod sector;
mod sector_index;
mod timeline;
mod timeline_index;
pub mod views;
mod year;
mod year_index;

pub use meta::{column_type, pub_date, site_domain, ArticleMeta, ColumnMeta};

use crate::derive::route::{root_for, Route};
use crate::derive::Derived;
use crate::model::{ActivityKind, Page, Site};
use crate::render::bodies::Bodies;
use crate::render::markdown::{Rendered, ROOT_MARK};
use crate::render::photos::Images;
use crate::render::templates::{RenderError, Templates};
use crate::render::words;
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use views::{Base, Card, Crumb, NavItem, QuotaView, SiteView};

/// A page to produce, by what it shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageJob {
    /// The home page.
    Home,
    /// Every sector, by group.
    SectorIndex,
    /// A sector's profile (`profile`, showing `year`, the current one) or its page for
    /// one year.
    Sector {
        /// Index in `site.sectors`.
        index: usize,
        /// The year shown.
        year: i32,
        /// The profile rather than a year page.
        profile: bool,
    },
    /// An activity, by index in `site.activities`.
    Activity(usize),
    /// A standalone output, by index in `site.outputs`.
    Output(usize),
    /// Every year's timeline.
    TimelineIndex,
    /// One year's timeline.
    Timeline(i32),
    /// The nine kinds.
    KindIndex,
    /// One kind.
    Kind(ActivityKind),
    /// Every year's report.
    YearIndex,
    /// One year's report.
    Year(i32),
    /// Every commendation notice.
    CommendationIndex,
    /// A commendation notice, by index in `site.commendations`.
    Commendation(usize),
    /// A free page, by index in `site.pages`.
    Page(usize),
    /// Members' participation in a year; only when `member_pages: true` in site.yaml.
    Members(i32),
    /// The chair-meeting members and special committees, and whom they serve.
    Organisation,
    /// A chair-meeting member, by index in `site.leaders`.
    Leader(usize),
    /// A special committee, by index in `site.committees`.
    Committee(usize),
    /// A member's page, by index in `derived.members`; only when `member_pages: true`.
    Member(usize),
    /// Full-text search.
    Search,
    /// How to read the site larger or in high contrast, with or without JavaScript (the
    /// no-script baseline of the elderly-friendly mode).
    Accessibility,
    /// The page servers show for a missing URL.
    NotFound,
}

/// Lists every page of the site.
pub fn jobs(site: &Site, derived: &Derived) -> Vec<PageJob> {
    let mut jobs = vec![
        PageJob::Home,
        PageJob::SectorIndex,
        PageJob::TimelineIndex,
        PageJob::KindIndex,
        PageJob::YearIndex,
        PageJob::CommendationIndex,
        PageJob::Search,
        PageJob::Accessibility,
        PageJob::NotFound,
    ];
    for index in 0..site.sectors.len() {
        jobs.push(PageJob::Sector {
            index,
            year: derived.current_year,
            profile: true,
        });
        for &year in &derived.years {
            jobs.push(PageJob::Sector {
                index,
                year,
                profile: false,
            });
        }
    }
    jobs.extend((0..site.activities.len()).map(PageJob::Activity));
    jobs.extend((0..site.outputs.len()).map(PageJob::Output));
    jobs.extend(derived.years.iter().map(|&y| PageJob::Timeline(y)));
    jobs.extend(ActivityKind::ALL.iter().map(|&k| PageJob::Kind(k)));
    jobs.extend(derived.years.iter().map(|&y| PageJob::Year(y)));
    jobs.extend((0..site.commendations.len()).map(PageJob::Commendation));
    jobs.extend((0..site.pages.len()).map(PageJob::Page));
    if site.config.member_pages {
        jobs.extend(derived.years.iter().map(|&y| PageJob::Members(y)));
        jobs.extend((0..derived.members.len()).map(PageJob::Member));
    }
    jobs.push(PageJob::Organisation);
    jobs.extend((0..site.leaders.len()).map(PageJob::Leader));
    jobs.extend((0..site.committees.len()).map(PageJob::Committee));
    jobs
}

impl PageJob {
    /// Whether the page may list a large share of the write-ups (a year's timeline, a
    /// kind, a committee's or leader's work, the years' figures): the pages that take
    /// longest to render.
    fn lists_many(&self) -> bool {
        matches!(
            self,
            PageJob::Timeline(_)
                | PageJob::Kind(_)
                | PageJob::Committee(_)
                | PageJob::Leader(_)
                | PageJob::YearIndex
                | PageJob::Year(_)
        )
    }

    /// The page's route (its URL and file).
    pub fn route<'s>(&self, site: &'s Site, derived: &'s Derived) -> Route<'s> {
        match *self {
            PageJob::Home => Route::Home,
            PageJob::SectorIndex => Route::SectorIndex,
            PageJob::Sector {
                index,
                year,
                profile,
            } => {
                let id = &site.sectors[index].id;
                if profile {
                    Route::Sector(id)
                } else {
                    Route::SectorYear(id, year)
                }
            }
            PageJob::Activity(i) => {
                let a = &site.activities[i];
                Route::Activity {
                    sector: &a.sector,
                    year: a.year(),
                    slug: &a.slug,
                }
            }
            PageJob::Output(i) => {
                let o = &site.outputs[i];
                Route::Output {
                    sector: &o.sector,
                    slug: &o.slug,
                }
            }
            PageJob::TimelineIndex => Route::TimelineIndex,
            PageJob::Timeline(year) => Route::Timeline(year),
            PageJob::KindIndex => Route::KindIndex,
            PageJob::Kind(kind) => Route::Kind(kind),
            PageJob::YearIndex => Route::YearIndex,
            PageJob::Year(year) => Route::Year(year),
            PageJob::CommendationIndex => Route::CommendationIndex,
            PageJob::Commendation(i) => Route::Commendation(site.commendations[i].year),
            PageJob::Page(i) => Route::Page(&site.pages[i].id),
            PageJob::Members(year) => Route::Members(year),
            PageJob::Organisation => Route::Organisation,
            PageJob::Leader(i) => Route::Leader(&site.leaders[i].slug),
            PageJob::Committee(i) => Route::Committee(&site.committees[i].id),
            PageJob::Member(i) => Route::Member(&derived.members[i].slug),
            PageJob::Search => Route::Search,
            PageJob::Accessibility => Route::Accessibility,
            PageJob::NotFound => Route::NotFound,
        }
    }

    /// The template the page is rendered with (`serve` re-renders only the pages whose
    /// template changed).
    pub fn template(&self) -> &'static str {
        match self {
            PageJob::Home => "index.html",
            PageJob::SectorIndex => "sectors.html",
            PageJob::Sector { .. } => "sector.html",
            PageJob::Activity(_) => "activity.html",
            PageJob::Output(_) => "output.html",
            PageJob::TimelineIndex => "timeline.html",
            PageJob::Timeline(_) => "timeline_year.html",
            PageJob::KindIndex => "kinds.html",
            PageJob::Kind(_) => "kind.html",
            PageJob::YearIndex => "years.html",
            PageJob::Year(_) => "year.html",
            PageJob::CommendationIndex => "commendations.html",
            PageJob::Commendation(_) => "commendation.html",
            PageJob::Page(_) => "page.html",
            PageJob::Members(_) => "members.html",
            PageJob::Organisation => "organisation.html",
            PageJob::Leader(_) => "leader.html",
            PageJob::Committee(_) => "committee.html",
            PageJob::Member(_) => "member.html",
            PageJob::Search => "search.html",
            PageJob::Accessibility => "accessibility.html",
            PageJob::NotFound => "404.html",
        }
    }

    /// The navigation key of the page's column (the template marks that entry current).
    fn section(&self, site: &Site) -> String {
        match self {
            PageJob::Home => "home",
            PageJob::SectorIndex
            | PageJob::Sector { .. }
            | PageJob::Activity(_)
            | PageJob::Output(_)
            | PageJob::Organisation
            | PageJob::Leader(_)
            | PageJob::Committee(_)
            | PageJob::Member(_) => "sectors",
            PageJob::TimelineIndex | PageJob::Timeline(_) => "timeline",
            PageJob::KindIndex | PageJob::Kind(_) => "kinds",
            PageJob::YearIndex | PageJob::Year(_) | PageJob::Members(_) => "years",
            PageJob::CommendationIndex | PageJob::Commendation(_) => "commendations",
            PageJob::Page(i) => return page_key(&site.pages[*i]),
            PageJob::Search => "search",
            PageJob::Accessibility => "accessibility",
            PageJob::NotFound => "",
        }
        .to_string()
    }

    /// The page's title (the template adds the site's).
    fn title(&self, site: &Site, derived: &Derived) -> String {
        match *self {
            PageJob::Home => site.config.title.clone(),
            PageJob::Sector {
                index,
                year,
                profile,
            } => {
                let name = &site.sectors[index].name;
                if profile {
                    name.clone()
                } else {
                    format!("{name} {year} 年")
                }
            }
            PageJob::Timeline(year) => format!("{year} 年活动时间线"),
            PageJob::Year(year) => format!("{year} 年度界别工作"),
            PageJob::Commendation(i) => {
                format!("{} 年度界别工作通报表扬", site.commendations[i].year)
            }
            PageJob::Members(year) => format!("{year} 年界别委员参加活动情况"),
            PageJob::Leader(i) => {
                let l = &site.leaders[i];
                if l.title.is_empty() {
                    format!("{}联系界别情况", l.name)
                } else {
                    format!("{}{}联系界别情况", l.title, l.name)
                }
            }
            PageJob::Committee(i) => format!("{}对口服务界别情况", site.committees[i].name),
            PageJob::Member(i) => format!("{}委员履职情况", derived.members[i].name),
            PageJob::NotFound => "页面不存在".to_string(),
            _ => self.crumb_title(site, derived),
        }
    }

    /// The page's name in breadcrumbs.
    fn crumb_title(&self, site: &Site, derived: &Derived) -> String {
        match *self {
            PageJob::Home => "首页".to_string(),
            PageJob::SectorIndex => "界别风采".to_string(),
            PageJob::Sector {
                index,
                year,
                profile,
            } => {
                if profile {
                    site.sectors[index].display_name().to_string()
                } else {
                    format!("{year} 年")
                }
            }
            PageJob::Activity(i) => site.activities[i].title.clone(),
            PageJob::Output(i) => site.outputs[i].title.clone(),
            PageJob::TimelineIndex => "活动时间线".to_string(),
            PageJob::Timeline(year) | PageJob::Year(year) => format!("{year} 年"),
            PageJob::KindIndex => "活动类型".to_string(),
            PageJob::Kind(kind) => kind.name().to_string(),
            PageJob::YearIndex => "年度报告".to_string(),
            PageJob::CommendationIndex => "通报表扬".to_string(),
            PageJob::Commendation(i) => format!("{} 年度", site.commendations[i].year),
            PageJob::Page(i) => site.pages[i].title.clone(),
            PageJob::Members(_) => "委员参加活动情况".to_string(),
            PageJob::Organisation => "主席会议成员与专门委员会".to_string(),
            PageJob::Leader(i) => site.leaders[i].name.clone(),
            PageJob::Committee(i) => site.committees[i].name.clone(),
            PageJob::Member(i) => derived.members[i].name.clone(),
            PageJob::Search => "全文搜索".to_string(),
            PageJob::Accessibility => "无障碍和适老化说明".to_string(),
            PageJob::NotFound => String::new(),
        }
    }

    /// The page one level up in the breadcrumbs; `None` for the home page and for pages
    /// outside the hierarchy (404).
    fn parent(&self, site: &Site, derived: &Derived) -> Option<PageJob> {
        let profile_of = |id: &str| {
            site.sector_index(id).map(|index| PageJob::Sector {
                index,
                year: derived.current_year,
                profile: true,
            })
        };
        match *self {
            PageJob::Home | PageJob::NotFound => None,
            PageJob::Sector {
                index,
                profile: false,
                ..
            } => profile_of(&site.sectors[index].id),
            PageJob::Sector { .. } => Some(PageJob::SectorIndex),
            PageJob::Activity(i) => {
                let a = &site.activities[i];
                site.sector_index(&a.sector).map(|index| PageJob::Sector {
                    index,
                    year: a.year(),
                    profile: false,
                })
            }
            PageJob::Output(i) => profile_of(&site.outputs[i].sector),
            PageJob::Timeline(_) => Some(PageJob::TimelineIndex),
            PageJob::Kind(_) => Some(PageJob::KindIndex),
            PageJob::Year(_) => Some(PageJob::YearIndex),
            PageJob::Members(year) => Some(PageJob::Year(year)),
            // A member's page sits under their (first) sector's profile.
            PageJob::Member(i) => derived.members[i]
                .sectors
                .first()
                .map(|&index| PageJob::Sector {
                    index,
                    year: derived.current_year,
                    profile: true,
                })
                .or(Some(PageJob::SectorIndex)),
            PageJob::Commendation(_) => Some(PageJob::CommendationIndex),
            PageJob::Organisation => Some(PageJob::SectorIndex),
            PageJob::Leader(_) | PageJob::Committee(_) => Some(PageJob::Organisation),
            _ => Some(PageJob::Home),
        }
    }

    /// The breadcrumbs from the home page down to this page (none on the home page and
    /// the 404 page, which are outside the trail).
    fn breadcrumbs(&self, site: &Site, derived: &Derived) -> Vec<Crumb> {
        if matches!(self, PageJob::Home | PageJob::NotFound) {
            return Vec::new();
        }
        let mut trail = Vec::new();
        let mut at = Some(self.clone());
        while let Some(job) = at {
            at = job.parent(site, derived);
            trail.push(Crumb {
                title: job.crumb_title(site, derived),
                url: job.route(site, derived).url(),
            });
        }
        trail.reverse();
        trail
    }

    /// The Atom feeds the page announces: the site's, plus its sector's or kind's.
    fn feeds(&self, site: &Site) -> Vec<Crumb> {
        let mut feeds = vec![Crumb {
            title: site.config.title.clone(),
            url: Route::SiteFeed.url(),
        }];
        let sector = match self {
            PageJob::Sector { index, .. } => Some(site.sectors[*index].id.as_str()),
            PageJob::Activity(i) => Some(site.activities[*i].sector.as_str()),
            PageJob::Output(i) => Some(site.outputs[*i].sector.as_str()),
            _ => None,
        };
        if let Some(s) = sector.and_then(|id| site.sector(id)) {
            feeds.push(Crumb {
                title: s.display_name().to_string(),
                url: Route::SectorFeed(&s.id).url(),
            });
        }
        if let PageJob::Kind(kind) = self {
            feeds.push(Crumb {
                title: kind.name().to_string(),
                url: Route::KindFeed(*kind).url(),
            });
        }
        if let PageJob::Committee(i) = self {
            let c = &site.committees[*i];
            feeds.push(Crumb {
                title: c.name.clone(),
                url: Route::CommitteeFeed(&c.id).url(),
            });
        }
        feeds
    }
}

/// The navigation key of a free page.
fn page_key(page: &Page) -> String {
    format!("page-{}", page.id)
}

/// A free page as a navigation entry.
fn page_nav(page: &Page) -> NavItem {
    NavItem {
        title: page.short.clone().unwrap_or_else(|| page.title.clone()),
        url: Route::Page(&page.id).url(),
        key: page_key(page),
    }
}

/// What changes per page in the head: share-card details that articles have.
#[derive(Default)]
struct Head {
    og_type: Option<&'static str>,
    description: Option<String>,
    image: Option<String>,
}

/// Everything shared by all pages, prepared once.
pub struct Renderer<'a> {
    images: &'a Images,
    site: &'a Site,
    derived: &'a Derived,
    bodies: &'a Bodies,
    templates: &'a Templates,
    cards: Vec<Card>,
    site_value: tera::Value,
    /// Each roster name's page URL; empty unless `member_pages: true`, so that no page
    /// links to a member page that is not published.
    member_urls: HashMap<&'a str, String>,
    /// Every year's member records, counted once for all member pages (empty without
    /// `member_pages`).
    member_records: Vec<(i32, Vec<crate::derive::figures::MemberRecord>)>,
}

impl<'a> Renderer<'a> {
    /// Prepares the shared views: the site, and a card for every activity.
    pub fn new(
        site: &'a Site,
        derived: &'a Derived,
        bodies: &'a Bodies,
        templates: &'a Templates,
        images: &'a Images,
    ) -> Renderer<'a> {
        let cards: Vec<Card> = site
            .activities
            .par_iter()
            .enumerate()
            .map(|(i, a)| card(site, derived, bodies, images, i, a))
            .collect();
        let nav_entry = |title: &str, route: Route<'_>, key: &str| NavItem {
            title: title.to_string(),
            url: route.url(),
            key: key.to_string(),
        };
        let mut nav = vec![
            nav_entry("首页", Route::Home, "home"),
            nav_entry("界别风采", Route::SectorIndex, "sectors"),
            nav_entry("活动时间线", Route::TimelineIndex, "timeline"),
            nav_entry("活动类型", Route::KindIndex, "kinds"),
            nav_entry("年度报告", Route::YearIndex, "years"),
            nav_entry("通报表扬", Route::CommendationIndex, "commendations"),
        ];
        let mut menu_pages: Vec<&Page> = site.pages.iter().filter(|p| p.menu.is_some()).collect();
        menu_pages.sort_by_key(|p| (p.menu, p.id.clone()));
        nav.extend(menu_pages.into_iter().map(page_nav));
        let config = &site.config;
        let site_view = SiteView {
            title: &config.title,
            committee: &config.committee,
            term: config.term.as_deref(),
            description: config.description.as_deref(),
            base_url: &config.base_url,
            base_path: meta::base_path(&config.base_url),
            domain: site_domain(&config.base_url),
            language: &config.language,
            footer: &config.footer,
            gov_mark_url: config
                .footer
                .gov_mark
                .as_ref()
                .and_then(|m| site.assets.get(&PathBuf::from(m)))
                .map(|p| Route::Media(p).url()),
            favicon_url: Route::Favicon.url(),
            current_year: derived.current_year,
            nav,
            pages: site.pages.iter().map(page_nav).collect(),
            quota: QuotaView {
                activities: config.quota.activities,
                outputs: config.quota.outputs,
            },
        };
        let site_value = tera::to_value(&site_view).unwrap_or_default();
        let (member_urls, member_records) = if config.member_pages {
            (
                derived
                    .members
                    .iter()
                    .map(|m| (m.name.as_str(), Route::Member(&m.slug).url()))
                    .collect(),
                crate::derive::figures::member_records_by_year(site, derived),
            )
        } else {
            (HashMap::new(), Vec::new())
        };
        Renderer {
            images,
            site,
            derived,
            bodies,
            templates,
            cards,
            site_value,
            member_urls,
            member_records,
        }
    }

    /// `name`, linked to their member page when there is one.
    fn person<'n>(&self, name: &'n str) -> views::PersonLink<'n> {
        views::PersonLink {
            name,
            url: self.member_urls.get(name).cloned(),
        }
    }

    /// Renders one page to HTML.
    pub fn render(&self, job: &PageJob) -> Result<String, RenderError> {
        let url = job.route(self.site, self.derived).url();
        let mut head = Head::default();
        match job {
            PageJob::Home => self.finish(job, &url, head, &home::view(self)),
            PageJob::SectorIndex => self.finish(job, &url, head, &sector_index::view(self)),
            PageJob::Sector {
                index,
                year,
                profile,
            } => {
                let view = sector::view(self, *index, *year, *profile, &root_for(&url));
                self.finish(job, &url, head, &view)
            }
            PageJob::Activity(i) => {
                let view = activity::view(self, *i, &root_for(&url), &mut head);
                self.finish(job, &url, head, &view)
            }
            PageJob::Output(i) => {
                let view = output::view(self, *i, &root_for(&url));
                self.finish(job, &url, head, &view)
            }
            PageJob::TimelineIndex => self.finish(job, &url, head, &timeline_index::view(self)),
            PageJob::Timeline(year) => self.finish(job, &url, head, &timeline::view(self, *year)),
            PageJob::KindIndex => self.finish(job, &url, head, &kind_index::view(self)),
            PageJob::Kind(kind) => self.finish(job, &url, head, &kind::view(self, *kind)),
            PageJob::YearIndex => self.finish(job, &url, head, &year_index::view(self)),
            PageJob::Year(year) => self.finish(job, &url, head, &year::view(self, *year)),
            PageJob::CommendationIndex => {
                self.finish(job, &url, head, &commendation_index::view(self))
            }
            PageJob::Commendation(i) => {
                let view = commendation::view(self, *i, &root_for(&url));
                self.finish(job, &url, head, &view)
            }
            PageJob::Page(i) => {
                let view = page::view(self, *i, &root_for(&url));
                self.finish(job, &url, head, &view)
            }
            PageJob::Members(year) => self.finish(job, &url, head, &members::view(self, *year)),
            PageJob::Organisation => self.finish(job, &url, head, &organisation::view(self)),
            PageJob::Leader(i) => self.finish(job, &url, head, &leader::view(self, *i)),
            PageJob::Committee(i) => self.finish(job, &url, head, &committee::view(self, *i)),
            PageJob::Member(i) => self.finish(job, &url, head, &member::view(self, *i)),
            PageJob::Search => self.finish(job, &url, head, &search::view(self)),
            PageJob::Accessibility => self.finish(job, &url, head, &accessibility::View {}),
            PageJob::NotFound => self.finish(job, &url, head, &not_found::View {}),
        }
    }

    /// Renders `view` with the head every page has.
    fn finish<V: Serialize>(
        &self,
        job: &PageJob,
        url: &str,
        head: Head,
        view: &V,
    ) -> Result<String, RenderError> {
        let site = self.site;
        let config = &site.config;
        // The 404 page is served at any depth: its links start from the site's path.
        let root = if *job == PageJob::NotFound {
            meta::base_path(&config.base_url)
        } else {
            root_for(url)
        };
        let (column, article) = self.gov_meta(job);
        let base = Base {
            site: &self.site_value,
            root,
            page_url: url.to_string(),
            canonical: format!("{}{url}", config.base_url),
            title: job.title(site, self.derived),
            section: job.section(site),
            breadcrumbs: job.breadcrumbs(site, self.derived),
            og_type: head.og_type.unwrap_or("website"),
            page_description: head
                .description
                .unwrap_or_else(|| config.description.clone().unwrap_or_default()),
            og_image: head.image,
            feeds: job.feeds(site),
            column,
            article,
        };
        self.templates.render(job.template(), &base, view)
    }

    /// A rendered body with its links made relative to the page at `root`.
    fn html(&self, rendered: &Rendered, root: &str) -> String {
        rendered.html.replace(ROOT_MARK, root)
    }

    /// Whether the year is still in progress.
    fn in_progress(&self, year: i32) -> bool {
        crate::derive::figures::in_progress(self.site, self.derived, year)
    }
}

/// The card of activity `i`.
fn card(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    images: &Images,
    i: usize,
    a: &crate::model::Activity,
) -> Card {
    let summary = a
        .summary
        .clone()
        .unwrap_or_else(|| bodies.activities[i].first_paragraph.clone());
    let sector_ref = |id: &str| views::SectorRef {
        id: id.to_string(),
        name: site.sector_name(id).to_string(),
        url: Route::Sector(id).url(),
    };
    Card {
        url: derived.activity_urls[i].clone(),
        title: a.title.clone(),
        date: a.date.to_string(),
        date_text: words::date_text(a.date),
        year: a.year(),
        month: a.date.month(),
        kind: a.kind.id(),
        kind_name: a.kind.name(),
        sector: sector_ref(&a.sector),
        joint: a
            .also_sectors
            .iter()
            .map(|s| sector_ref(&s.value))
            .collect(),
        plenary: a.plenary_group,
        summary: crate::core::text::shorten(&summary, 90),
        photo: a
            .photos
            .first()
            .map(|p| views::photo_view(images, p, p.caption.clone())),
        outputs: a.outputs.len(),
        draft: a.draft,
        pending_review: !a.pending_review.is_empty(),
    }
}

/// Renders `jobs` in parallel and hands each page to `sink(path in output, bytes)`.
/// Returns every template error and write error, sorted.
pub fn render_all<F, E>(renderer: &Renderer<'_>, jobs: &[PageJob], sink: F) -> Vec<E>
where
    F: Fn(&str, &[u8]) -> Result<(), E> + Sync,
    E: From<RenderError> + Send,
{
    // The long pages first: started last, one of them would leave a core idle at the
    // end (a re-dated write-up redraws two timelines and a committee's page).
    let (long, short): (Vec<&PageJob>, Vec<&PageJob>) = jobs.iter().partition(|j| j.lists_many());
    long.into_par_iter()
        .chain(short)
        .filter_map(|job| {
            let html = match renderer.render(job) {
                Ok(html) => html,
                Err(e) => return Some(E::from(e)),
            };
            let file = job.route(renderer.site, renderer.derived).file();
            sink(&file, html.as_bytes()).err()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_template_is_a_default_template() {
        let defaults: Vec<&str> = crate::render::theme::DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let jobs = [
            PageJob::Home,
            PageJob::SectorIndex,
            PageJob::Sector {
                index: 0,
                year: 2025,
                profile: true,
            },
            PageJob::Activity(0),
            PageJob::Output(0),
            PageJob::TimelineIndex,
            PageJob::Timeline(2025),
            PageJob::KindIndex,
            PageJob::Kind(ActivityKind::Study),
            PageJob::YearIndex,
            PageJob::Year(2025),
            PageJob::CommendationIndex,
            PageJob::Commendation(0),
            PageJob::Page(0),
            PageJob::Members(2025),
            PageJob::Organisation,
            PageJob::Leader(0),
            PageJob::Committee(0),
            PageJob::Member(0),
            PageJob::Search,
            PageJob::Accessibility,
            PageJob::NotFound,
        ];
        for job in &jobs {
            assert!(defaults.contains(&job.template()), "{job:?}");
        }
    }
}
