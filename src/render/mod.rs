//! Render: turn the model and derived indexes into HTML pages with the theme's Tera
//! templates (compiled once), in parallel, handing each page to the writer as it is done.

pub mod chart;
pub mod markdown;
pub mod photos;
pub mod theme;

use crate::derive::{self, Derived, SectorYear};
use crate::model::*;
use crate::reports;
use chart::{BarChart, Direction, Series, COLOURS};
use chrono::{Datelike, NaiveDate};
use markdown::{LinkContext, Rendered, ROOT_MARK};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use tera::{Context, Tera};

/// Every Markdown body of the site, rendered once.
#[derive(Debug, Default)]
pub struct Bodies {
    /// By activity index.
    pub activities: Vec<Rendered>,
    /// By standalone output index.
    pub outputs: Vec<Rendered>,
    /// By sector index.
    pub sectors: Vec<Rendered>,
    /// By plan index.
    pub plans: Vec<Rendered>,
    /// By summary index.
    pub summaries: Vec<Rendered>,
    /// By commendation index.
    pub commendations: Vec<Rendered>,
    /// By page index.
    pub pages: Vec<Rendered>,
    /// Documents that failed validation: rendered only to check their bodies.
    pub rejected: Vec<Rendered>,
}

impl Bodies {
    /// Renders every body in parallel.
    pub fn render(site: &Site, derived: &Derived) -> Bodies {
        let links = LinkContext {
            document_urls: &derived.document_urls,
            rejected: &site.rejected,
            assets: &site.assets,
            trusted_html: site.config.trusted_html,
        };
        let go = |body: &Markdown, source: &Source| markdown::render(body, source, links);
        Bodies {
            activities: site
                .activities
                .par_iter()
                .map(|a| go(&a.body, &a.source))
                .collect(),
            outputs: site
                .outputs
                .par_iter()
                .map(|o| go(&o.body, &o.source))
                .collect(),
            sectors: site
                .sectors
                .par_iter()
                .map(|s| go(&s.body, &s.source))
                .collect(),
            plans: site
                .plans
                .par_iter()
                .map(|p| go(&p.body, &p.source))
                .collect(),
            summaries: site
                .summaries
                .par_iter()
                .map(|s| go(&s.body, &s.source))
                .collect(),
            commendations: site
                .commendations
                .par_iter()
                .map(|c| go(&c.body, &c.source))
                .collect(),
            pages: site
                .pages
                .par_iter()
                .map(|p| go(&p.body, &p.source))
                .collect(),
            rejected: site
                .rejected
                .values()
                .map(|r| go(&r.body, &r.source))
                .collect(),
        }
    }

    /// Every rendered body, for collecting diagnostics and assets.
    pub fn all(&self) -> impl Iterator<Item = &Rendered> {
        self.activities
            .iter()
            .chain(&self.outputs)
            .chain(&self.sectors)
            .chain(&self.plans)
            .chain(&self.summaries)
            .chain(&self.commendations)
            .chain(&self.pages)
            .chain(&self.rejected)
    }
}

/// A page to produce: its URL path (relative to the root, `/`-terminated, or a file name
/// such as `404.html`) and how to render it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageJob {
    /// `/`
    Home,
    /// `/sectors/`
    SectorIndex,
    /// `/sectors/<id>/` (profile = true) or `/sectors/<id>/<year>/`
    Sector {
        index: usize,
        year: i32,
        profile: bool,
    },
    /// An activity page.
    Activity(usize),
    /// A standalone output page.
    Output(usize),
    /// `/timeline/`
    TimelineIndex,
    /// `/timeline/<year>/`
    Timeline(i32),
    /// `/kinds/`
    KindIndex,
    /// `/kinds/<kind>/`
    Kind(ActivityKind),
    /// `/years/`
    YearIndex,
    /// `/years/<year>/`
    Year(i32),
    /// `/commendations/`
    CommendationIndex,
    /// `/commendations/<year>/`
    Commendation(usize),
    /// `/pages/<id>/`
    Page(usize),
    /// `/members/<year>/`, only when `member_pages: true` in site.yaml
    Members(i32),
    /// `/search/`
    Search,
    /// `/accessibility/`: how to read the site larger or in high contrast, with or
    /// without JavaScript (the no-script baseline of the elderly-friendly mode).
    Accessibility,
    /// `/404.html`
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
    }
    jobs
}

/// The URL path (relative to the root) a job is written to, ending in `/` for directory
/// pages. Needs no templates: feeds and the sitemap use it too.
pub fn job_url(site: &Site, derived: &Derived, job: &PageJob) -> String {
    match job {
        PageJob::Home => String::new(),
        PageJob::SectorIndex => "sectors/".into(),
        PageJob::Sector {
            index,
            year,
            profile,
        } => {
            let id = &site.sectors[*index].id;
            if *profile {
                derive::sector_url(id)
            } else {
                derive::sector_year_url(id, *year)
            }
        }
        PageJob::Activity(i) => derived.activity_urls[*i].clone(),
        PageJob::Output(i) => derived.output_urls[*i].clone(),
        PageJob::TimelineIndex => "timeline/".into(),
        PageJob::Timeline(y) => format!("timeline/{y}/"),
        PageJob::KindIndex => "kinds/".into(),
        PageJob::Kind(k) => format!("kinds/{}/", k.id()),
        PageJob::YearIndex => "years/".into(),
        PageJob::Year(y) => format!("years/{y}/"),
        PageJob::CommendationIndex => "commendations/".into(),
        PageJob::Commendation(i) => {
            format!("commendations/{}/", site.commendations[*i].year)
        }
        PageJob::Page(i) => format!("pages/{}/", site.pages[*i].id),
        PageJob::Members(y) => format!("members/{y}/"),
        PageJob::Accessibility => "accessibility/".into(),
        PageJob::Search => "search/".into(),
        PageJob::NotFound => "404.html".into(),
    }
}

/// The template a job is rendered with (`serve` re-renders only the pages whose template
/// changed; debug builds check it against what [`Renderer::render`] uses).
pub fn template_name(job: &PageJob) -> &'static str {
    match job {
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
        PageJob::Search => "search.html",
        PageJob::Accessibility => "accessibility.html",
        PageJob::NotFound => "404.html",
    }
}

/// Compiles the theme's templates once.
pub fn compile(theme: &crate::render::theme::Theme) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    let sources: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| describe_tera_error(&e))?;
    Ok(tera)
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
/// (Tera's default also escapes `/`, which only bloats URLs.)
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Tera errors nest their cause; show the whole chain.
pub fn describe_tera_error(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push('：');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    key: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    committee: &'a str,
    term: Option<&'a str>,
    description: Option<&'a str>,
    base_url: &'a str,
    base_path: String,
    domain: String,
    language: &'a str,
    footer: &'a Footer,
    gov_mark_url: Option<String>,
    current_year: i32,
    nav: Vec<NavItem>,
    pages: Vec<NavItem>,
    quota: QuotaView,
}

/// The column (栏目) meta tags of a list page, from the page-design annex of
/// 《政府网站发展指引》: `ColumnName`, `ColumnDescription`, `ColumnKeywords`, `ColumnType`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct ColumnMeta {
    /// `ColumnName`: the column's name as shown in the navigation.
    pub name: String,
    /// `ColumnDescription`: one sentence on what the column holds.
    pub description: String,
    /// `ColumnKeywords`: comma-separated keywords.
    pub keywords: String,
    /// `ColumnType`: the kind of column (see [`column_type`]).
    pub kind: &'static str,
}

/// The article (文章) meta tags of an article page: `ArticleTitle`, `PubDate`,
/// `ContentSource`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeta {
    /// `ArticleTitle`.
    pub title: String,
    /// `PubDate` as `YYYY-MM-DD HH:MM`: the day of the activity (or output, or notice),
    /// with the write-up's `time:` or `00:00`. Never the build time: rebuilding the site
    /// must not re-date every article. `None` for pages without a date.
    pub pub_date: Option<String>,
    /// `ContentSource`: who the content comes from (the sector, or the committee).
    pub source: String,
}

/// `ColumnType` of each column of the site. The annex leaves the vocabulary to the site;
/// these follow the usual columns of government sites.
pub fn column_type(section: &str) -> &'static str {
    match section {
        "sectors" => "概况信息",
        "timeline" | "kinds" => "工作动态",
        "years" => "统计数据",
        "commendations" => "通知公告",
        _ => "其他",
    }
}

/// `PubDate` text: `YYYY-MM-DD HH:MM`.
pub fn pub_date(date: NaiveDate, time: Option<chrono::NaiveTime>) -> String {
    let time = time.unwrap_or_default();
    format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M"))
}

/// The host of the base URL (`www.example.gov.cn`), for the `SiteDomain` meta tag.
pub fn site_domain(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

#[derive(Serialize)]
struct QuotaView {
    activities: u32,
    outputs: u32,
}

#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct SectorRef {
    id: String,
    name: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct PhotoView {
    url: String,
    alt: String,
    caption: Option<String>,
    /// Pixel size of the published original (lets browsers reserve the space).
    width: Option<u32>,
    height: Option<u32>,
    /// The smaller copies and the original, for `srcset` (empty: no smaller copies).
    sources: Vec<ImageSource>,
    /// The smallest copy, for lists.
    thumb: String,
}

fn photo_view(
    images: &crate::publish::Images,
    photo: &Photo,
    caption: Option<String>,
) -> PhotoView {
    let url = markdown::media_url(&photo.src);
    let info = images.get(&photo.src);
    let encode = |path: &str| -> String {
        path.split('/')
            .map(markdown::encode_segment)
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut sources: Vec<ImageSource> = info
        .map(|i| {
            i.variants
                .iter()
                .map(|(w, p)| ImageSource {
                    url: encode(p),
                    width: *w,
                })
                .collect()
        })
        .unwrap_or_default();
    if let (false, Some(i)) = (sources.is_empty(), info) {
        sources.push(ImageSource {
            url: url.clone(),
            width: i.width,
        });
    }
    let thumb = info
        .and_then(|i| i.variants.first())
        .map_or_else(|| url.clone(), |(_, p)| encode(p));
    PhotoView {
        url,
        alt: photo.alt.clone(),
        caption,
        width: info.map(|i| i.width),
        height: info.map(|i| i.height),
        sources,
        thumb,
    }
}

/// One candidate of an image's `srcset`.
#[derive(Serialize, Clone)]
struct ImageSource {
    url: String,
    width: u32,
}

#[derive(Serialize, Clone)]
struct Card {
    url: String,
    title: String,
    date: String,
    date_text: String,
    year: i32,
    month: u32,
    kind: &'static str,
    kind_name: &'static str,
    sector: SectorRef,
    joint: Vec<SectorRef>,
    plenary: bool,
    summary: String,
    photo: Option<PhotoView>,
    outputs: usize,
    draft: bool,
    pending_review: bool,
}

#[derive(Serialize)]
struct MonthGroup<'a> {
    month: u32,
    label: String,
    items: Vec<&'a Card>,
}

#[derive(Serialize)]
struct YearGroup<'a> {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthGroup<'a>>,
}

/// Everything shared by all pages, prepared once.
pub struct Renderer<'a> {
    images: &'a crate::publish::Images,
    site: &'a Site,
    derived: &'a Derived,
    bodies: &'a Bodies,
    tera: &'a Tera,
    cards: Vec<Card>,
    site_value: tera::Value,
    sector_index: BTreeMap<&'a str, usize>,
    groups: Vec<(String, Vec<usize>)>,
}

fn date_text(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}……")
    }
}

/// Relative path from a page at `url` to the site root.
pub fn root_for(url: &str) -> String {
    let depth = url.trim_end_matches(|c| c != '/').matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// Path part of the base URL (`/jbfc/`).
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

/// Description of each activity kind, from the rules (clause 3).
pub fn kind_description(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Study => {
            "组织界别委员学习党和国家的大政方针，政协重要会议精神、理论知识和业务知识。"
        }
        ActivityKind::Research => {
            "围绕市政协年度重点工作开展调研、视察，并将调研成果以界别名义发表。"
        }
        ActivityKind::Proposal => {
            "通过界别集体提案、反映社情民意信息，及时反映界别委员和群众的意见建议。"
        }
        ActivityKind::Consultation => {
            "聚焦市委市政府中心工作，对社会关注、群众关心的问题开展界别协商。"
        }
        ActivityKind::Supervision => {
            "组织界别委员参加有关民主监督活动，担任相关部门、行业的特邀监督员。"
        }
        ActivityKind::Speech => {
            "在政协全体委员会议、常务委员会议和各种协商会议上以界别名义发表意见。"
        }
        ActivityKind::Service => "发挥界别委员的专业特长和优势，开展有界别特色的社会公益活动。",
        ActivityKind::Fellowship => {
            "通过界别联谊会、座谈会等形式，加强委员之间、界别之间的联系与沟通。"
        }
        ActivityKind::Other => "各界别结合新时代要求探索的其他活动形式。",
    }
}

impl<'a> Renderer<'a> {
    /// Prepares the shared views.
    pub fn new(
        site: &'a Site,
        derived: &'a Derived,
        bodies: &'a Bodies,
        tera: &'a Tera,
        images: &'a crate::publish::Images,
    ) -> Renderer<'a> {
        let sector_index: BTreeMap<&str, usize> = site
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let sector_ref = |id: &str| -> SectorRef {
            let name = sector_index.get(id).map_or(id.to_string(), |&i| {
                site.sectors[i].display_name().to_string()
            });
            SectorRef {
                id: id.to_string(),
                name,
                url: derive::sector_url(id),
            }
        };
        let cards: Vec<Card> = site
            .activities
            .par_iter()
            .enumerate()
            .map(|(i, a)| {
                let summary = a
                    .summary
                    .clone()
                    .unwrap_or_else(|| bodies.activities[i].first_paragraph.clone());
                Card {
                    url: derived.activity_urls[i].clone(),
                    title: a.title.clone(),
                    date: a.date.to_string(),
                    date_text: date_text(a.date),
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
                    summary: truncate(&summary, 90),
                    photo: a
                        .photos
                        .first()
                        .map(|p| photo_view(images, p, p.caption.clone())),
                    outputs: a.outputs.len(),
                    draft: a.draft,
                    pending_review: !a.pending_review.is_empty(),
                }
            })
            .collect();

        let mut nav = vec![
            NavItem {
                title: "首页".into(),
                url: String::new(),
                key: "home".into(),
            },
            NavItem {
                title: "界别风采".into(),
                url: "sectors/".into(),
                key: "sectors".into(),
            },
            NavItem {
                title: "活动时间线".into(),
                url: "timeline/".into(),
                key: "timeline".into(),
            },
            NavItem {
                title: "活动类型".into(),
                url: "kinds/".into(),
                key: "kinds".into(),
            },
            NavItem {
                title: "年度报告".into(),
                url: "years/".into(),
                key: "years".into(),
            },
            NavItem {
                title: "通报表扬".into(),
                url: "commendations/".into(),
                key: "commendations".into(),
            },
        ];
        let mut menu_pages: Vec<&Page> = site.pages.iter().filter(|p| p.menu.is_some()).collect();
        menu_pages.sort_by_key(|p| (p.menu, p.id.clone()));
        for page in menu_pages {
            nav.push(NavItem {
                title: page.short.clone().unwrap_or_else(|| page.title.clone()),
                url: format!("pages/{}/", page.id),
                key: format!("page-{}", page.id),
            });
        }
        let config = &site.config;
        let site_view = SiteView {
            title: &config.title,
            committee: &config.committee,
            term: config.term.as_deref(),
            description: config.description.as_deref(),
            base_url: &config.base_url,
            base_path: base_path(&config.base_url),
            domain: site_domain(&config.base_url),
            language: &config.language,
            footer: &config.footer,
            gov_mark_url: config
                .footer
                .gov_mark
                .as_ref()
                .and_then(|m| site.assets.get(&PathBuf::from(m)))
                .map(|p| markdown::media_url(p)),
            current_year: derived.current_year,
            nav,
            pages: site
                .pages
                .iter()
                .map(|p| NavItem {
                    title: p.short.clone().unwrap_or_else(|| p.title.clone()),
                    url: format!("pages/{}/", p.id),
                    key: format!("page-{}", p.id),
                })
                .collect(),
            quota: QuotaView {
                activities: config.quota.activities,
                outputs: config.quota.outputs,
            },
        };
        let site_value = tera::to_value(&site_view).unwrap_or_default();

        let groups = reports::sector_groups(site);

        Renderer {
            images,
            site,
            derived,
            bodies,
            tera,
            cards,
            site_value,
            sector_index,
            groups,
        }
    }

    /// The URL path (relative to the root) a job is written to, ending in `/` for
    /// directory pages.
    pub fn url(&self, job: &PageJob) -> String {
        job_url(self.site, self.derived, job)
    }

    fn sector_ref(&self, id: &str) -> SectorRef {
        let name = self.sector_index.get(id).map_or(id.to_string(), |&i| {
            self.site.sectors[i].display_name().to_string()
        });
        SectorRef {
            id: id.to_string(),
            name,
            url: derive::sector_url(id),
        }
    }

    fn base_context(&self, url: &str, title: &str, section: &str, crumbs: Vec<Crumb>) -> Context {
        let root = if url == "404.html" {
            base_path(&self.site.config.base_url)
        } else {
            root_for(url)
        };
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("root", &root);
        ctx.insert("page_url", url);
        ctx.insert(
            "canonical",
            &format!("{}{}", self.site.config.base_url, url),
        );
        ctx.insert("title", title);
        ctx.insert("section", section);
        ctx.insert("breadcrumbs", &crumbs);
        // Share cards (Open Graph, read by WeChat and others): pages override type,
        // description and image where they have better ones.
        ctx.insert("og_type", "website");
        ctx.insert(
            "page_description",
            self.site.config.description.as_deref().unwrap_or(""),
        );
        ctx.insert("og_image", &Option::<String>::None);
        ctx.insert("feeds", &self.feeds_for(url));
        ctx
    }

    /// The Atom feeds a page announces: the site's, plus its sector's or kind's.
    fn feeds_for(&self, url: &str) -> Vec<Crumb> {
        let mut feeds = vec![Crumb {
            title: self.site.config.title.clone(),
            url: "feed.xml".into(),
        }];
        let mut parts = url.split('/');
        match (parts.next(), parts.next()) {
            (Some("sectors"), Some(id)) => {
                if let Some(&i) = self.sector_index.get(id) {
                    feeds.push(Crumb {
                        title: self.site.sectors[i].display_name().to_string(),
                        url: format!("sectors/{id}/feed.xml"),
                    });
                }
            }
            (Some("kinds"), Some(id)) => {
                if let Some(k) = ActivityKind::ALL.iter().find(|k| k.id() == id) {
                    feeds.push(Crumb {
                        title: k.name().to_string(),
                        url: format!("kinds/{id}/feed.xml"),
                    });
                }
            }
            _ => {}
        }
        feeds
    }

    fn html(&self, rendered: &Rendered, root: &str) -> String {
        rendered.html.replace(ROOT_MARK, root)
    }

    fn cards_for(&self, indices: &[usize]) -> Vec<&Card> {
        indices.iter().map(|&i| &self.cards[i]).collect()
    }

    fn by_month<'c>(&self, cards: &[&'c Card]) -> Vec<MonthGroup<'c>> {
        let mut months: Vec<MonthGroup<'c>> = Vec::new();
        for &card in cards {
            match months.last_mut() {
                Some(group) if group.month == card.month => group.items.push(card),
                _ => months.push(MonthGroup {
                    month: card.month,
                    label: format!("{}月", card.month),
                    items: vec![card],
                }),
            }
        }
        months
    }

    /// Renders one page to HTML.
    pub fn render(&self, job: &PageJob) -> Result<String, String> {
        let url = self.url(job);
        let (template, mut ctx) = self.context(job, &url);
        debug_assert_eq!(template, template_name(job), "render::template_name");
        let (column, article) = self.gov_meta(job);
        ctx.insert("column", &column);
        ctx.insert("article", &article);
        self.tera
            .render(template, &ctx)
            .map_err(|e| format!("模板 {template}：{}", describe_tera_error(&e)))
    }

    fn context(&self, job: &PageJob, url: &str) -> (&'static str, Context) {
        let site = self.site;
        let d = self.derived;
        let home = Crumb {
            title: "首页".into(),
            url: String::new(),
        };
        match job {
            PageJob::Home => {
                let mut ctx = self.base_context(url, &site.config.title, "home", vec![]);
                let latest: Vec<&Card> =
                    self.cards.iter().filter(|c| !c.plenary).take(12).collect();
                ctx.insert("latest", &latest);
                ctx.insert("groups", &self.group_views(d.current_year));
                ctx.insert("figures", &self.year_totals(d.current_year));
                ctx.insert("year", &d.current_year);
                ctx.insert("commendation", &site.commendations.last().map(|c| serde_json::json!({"year": c.year, "url": format!("commendations/{}/", c.year), "sectors": c.sectors.len(), "people": c.convenors.len() + c.liaisons.len()})));
                ("index.html", ctx)
            }
            PageJob::SectorIndex => {
                let mut ctx = self.base_context(
                    url,
                    "界别风采",
                    "sectors",
                    vec![
                        home,
                        Crumb {
                            title: "界别风采".into(),
                            url: url.into(),
                        },
                    ],
                );
                ctx.insert("groups", &self.group_views(d.current_year));
                ctx.insert("sector_count", &site.sectors.len());
                ctx.insert("year", &d.current_year);
                ("sectors.html", ctx)
            }
            PageJob::Sector {
                index,
                year,
                profile,
            } => self.sector_context(*index, *year, *profile, url),
            PageJob::Activity(i) => self.activity_context(*i, url),
            PageJob::Output(i) => {
                let o = &site.outputs[*i];
                let sector = self.sector_ref(&o.sector);
                let crumbs = vec![
                    home,
                    Crumb {
                        title: "界别风采".into(),
                        url: "sectors/".into(),
                    },
                    Crumb {
                        title: sector.name.clone(),
                        url: sector.url.clone(),
                    },
                    Crumb {
                        title: o.title.clone(),
                        url: url.into(),
                    },
                ];
                let mut ctx = self.base_context(url, &o.title, "sectors", crumbs);
                let root = root_for(url);
                ctx.insert("output", &serde_json::json!({
                    "title": o.title, "date": o.date.to_string(), "date_text": date_text(o.date),
                    "kind": o.kind.id(), "kind_name": o.kind.name(), "sector": sector,
                    "year": o.date.year(), "year_url": derive::sector_year_url(&o.sector, o.date.year()),
                }));
                ctx.insert("body", &self.html(&self.bodies.outputs[*i], &root));
                ("output.html", ctx)
            }
            PageJob::TimelineIndex => {
                let mut ctx = self.base_context(
                    url,
                    "活动时间线",
                    "timeline",
                    vec![
                        home,
                        Crumb {
                            title: "活动时间线".into(),
                            url: url.into(),
                        },
                    ],
                );
                let years: Vec<serde_json::Value> = d
                    .years
                    .iter()
                    .map(|&y| {
                        let list = d.by_year.get(&y).map(Vec::as_slice).unwrap_or_default();
                        let cards = self.cards_for(list);
                        let months: Vec<serde_json::Value> = self.by_month(&cards).iter().map(|m| serde_json::json!({"month": m.month, "label": m.label, "count": m.items.len()})).collect();
                        serde_json::json!({"year": y, "url": format!("timeline/{y}/"), "count": list.len(), "months": months})
                    })
                    .collect();
                ctx.insert("years", &years);
                let latest: Vec<&Card> = self.cards.iter().take(20).collect();
                ctx.insert("latest", &latest);
                ("timeline.html", ctx)
            }
            PageJob::Timeline(year) => {
                let title = format!("{year} 年活动时间线");
                let mut ctx = self.base_context(
                    url,
                    &title,
                    "timeline",
                    vec![
                        home,
                        Crumb {
                            title: "活动时间线".into(),
                            url: "timeline/".into(),
                        },
                        Crumb {
                            title: format!("{year} 年"),
                            url: url.into(),
                        },
                    ],
                );
                let cards =
                    self.cards_for(d.by_year.get(year).map(Vec::as_slice).unwrap_or_default());
                ctx.insert("year", year);
                ctx.insert("count", &cards.len());
                ctx.insert("months", &self.by_month(&cards));
                ctx.insert("years", &self.year_links("timeline"));
                ("timeline_year.html", ctx)
            }
            PageJob::KindIndex => {
                let mut ctx = self.base_context(
                    url,
                    "活动类型",
                    "kinds",
                    vec![
                        home,
                        Crumb {
                            title: "活动类型".into(),
                            url: url.into(),
                        },
                    ],
                );
                let kinds: Vec<serde_json::Value> = ActivityKind::ALL
                    .iter()
                    .map(|&k| serde_json::json!({"id": k.id(), "name": k.name(), "description": kind_description(k), "count": d.by_kind.get(&k).map_or(0, Vec::len), "url": format!("kinds/{}/", k.id())}))
                    .collect();
                ctx.insert("kinds", &kinds);
                ("kinds.html", ctx)
            }
            PageJob::Kind(kind) => {
                let mut ctx = self.base_context(
                    url,
                    kind.name(),
                    "kinds",
                    vec![
                        home,
                        Crumb {
                            title: "活动类型".into(),
                            url: "kinds/".into(),
                        },
                        Crumb {
                            title: kind.name().into(),
                            url: url.into(),
                        },
                    ],
                );
                let cards =
                    self.cards_for(d.by_kind.get(kind).map(Vec::as_slice).unwrap_or_default());
                let mut years: Vec<YearGroup<'_>> = Vec::new();
                for card in &cards {
                    match years.last_mut() {
                        Some(g) if g.year == card.year => g.months[0].items.push(card),
                        _ => years.push(YearGroup {
                            year: card.year,
                            url: format!("timeline/{}/", card.year),
                            count: 0,
                            months: vec![MonthGroup {
                                month: 0,
                                label: String::new(),
                                items: vec![card],
                            }],
                        }),
                    }
                }
                for g in &mut years {
                    g.count = g.months[0].items.len();
                }
                ctx.insert("kind", &serde_json::json!({"id": kind.id(), "name": kind.name(), "description": kind_description(*kind)}));
                ctx.insert("count", &cards.len());
                ctx.insert("years", &years);
                ctx.insert("kinds", &ActivityKind::ALL.iter().map(|k| serde_json::json!({"id": k.id(), "name": k.name(), "url": format!("kinds/{}/", k.id()), "current": k == kind})).collect::<Vec<_>>());
                ("kind.html", ctx)
            }
            PageJob::YearIndex => {
                let mut ctx = self.base_context(
                    url,
                    "年度报告",
                    "years",
                    vec![
                        home,
                        Crumb {
                            title: "年度报告".into(),
                            url: url.into(),
                        },
                    ],
                );
                let years: Vec<serde_json::Value> = d
                    .years
                    .iter()
                    .map(|&y| {
                        let mut t = self.year_totals(y);
                        t["url"] = serde_json::json!(format!("years/{y}/"));
                        t
                    })
                    .collect();
                ctx.insert("years", &years);
                ("years.html", ctx)
            }
            PageJob::Year(year) => self.year_context(*year, url),
            PageJob::CommendationIndex => {
                let mut ctx = self.base_context(
                    url,
                    "通报表扬",
                    "commendations",
                    vec![
                        home,
                        Crumb {
                            title: "通报表扬".into(),
                            url: url.into(),
                        },
                    ],
                );
                let notices: Vec<serde_json::Value> = site.commendations.iter().rev().map(|c| serde_json::json!({
                    "year": c.year, "url": format!("commendations/{}/", c.year), "document": c.document,
                    "date_text": c.date.map(date_text), "sectors": c.sectors.len(), "convenors": c.convenors.len(), "liaisons": c.liaisons.len(),
                })).collect();
                ctx.insert("notices", &notices);
                ("commendations.html", ctx)
            }
            PageJob::Commendation(i) => self.commendation_context(*i, url),
            PageJob::Page(i) => {
                let p = &site.pages[*i];
                let mut ctx = self.base_context(
                    url,
                    &p.title,
                    &format!("page-{}", p.id),
                    vec![
                        home,
                        Crumb {
                            title: p.title.clone(),
                            url: url.into(),
                        },
                    ],
                );
                ctx.insert("summary", &p.summary);
                ctx.insert("body", &self.html(&self.bodies.pages[*i], &root_for(url)));
                ("page.html", ctx)
            }
            PageJob::Members(year) => self.members_context(*year, url),
            PageJob::Search => {
                let mut ctx = self.base_context(
                    url,
                    "全文搜索",
                    "search",
                    vec![
                        home,
                        Crumb {
                            title: "全文搜索".into(),
                            url: url.into(),
                        },
                    ],
                );
                ctx.insert(
                    "sectors",
                    &site
                        .sectors
                        .iter()
                        .map(|s| self.sector_ref(&s.id))
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "kinds",
                    &ActivityKind::ALL
                        .iter()
                        .map(|k| serde_json::json!({"id": k.id(), "name": k.name()}))
                        .collect::<Vec<_>>(),
                );
                ctx.insert("years", &d.years);
                ("search.html", ctx)
            }
            PageJob::Accessibility => {
                let ctx = self.base_context(
                    url,
                    "无障碍和适老化说明",
                    "accessibility",
                    vec![
                        home,
                        Crumb {
                            title: "无障碍和适老化说明".into(),
                            url: url.into(),
                        },
                    ],
                );
                ("accessibility.html", ctx)
            }
            PageJob::NotFound => {
                let ctx = self.base_context(url, "页面不存在", "", vec![]);
                ("404.html", ctx)
            }
        }
    }

    /// The government-site meta tags of a page: column tags for list pages, article tags
    /// for articles; the home page and the 404 page have neither (only the site tags).
    pub fn gov_meta(&self, job: &PageJob) -> (Option<ColumnMeta>, Option<ArticleMeta>) {
        let site = self.site;
        let committee = &site.config.committee;
        let column = |section: &str, name: &str, description: String, keywords: &[&str]| {
            Some(ColumnMeta {
                name: name.to_string(),
                description,
                keywords: keywords.join(","),
                kind: column_type(section),
            })
        };
        let sector_name = |id: &str| self.sector_ref(id).name;
        match job {
            PageJob::Home | PageJob::NotFound => (None, None),
            PageJob::Accessibility => (
                None,
                Some(ArticleMeta {
                    title: "无障碍和适老化说明".into(),
                    pub_date: None,
                    source: committee.clone(),
                }),
            ),
            PageJob::SectorIndex => (
                column(
                    "sectors",
                    "界别风采",
                    format!("{committee}各界别的组成、召集人、联络员和年度活动。"),
                    &["界别", "界别风采", "召集人", "联络员"],
                ),
                None,
            ),
            PageJob::Sector { index, year, .. } => {
                let name = site.sectors[*index].display_name();
                (
                    column(
                        "sectors",
                        name,
                        format!("{name}的概况、{year} 年度工作计划、活动和成果。"),
                        &[name, "界别活动", "年度计划", "履职成果"],
                    ),
                    None,
                )
            }
            PageJob::TimelineIndex | PageJob::Timeline(_) => (
                column(
                    "timeline",
                    "活动时间线",
                    format!("{committee}各界别开展的界别活动，按时间排列。"),
                    &["界别活动", "活动时间线", "工作动态"],
                ),
                None,
            ),
            PageJob::KindIndex => (
                column(
                    "kinds",
                    "活动类型",
                    "九类界别活动及各类活动的开展情况。".into(),
                    &["界别活动", "活动类型"],
                ),
                None,
            ),
            PageJob::Kind(kind) => (
                column(
                    "kinds",
                    kind.name(),
                    kind_description(*kind).to_string(),
                    &[kind.name(), "界别活动"],
                ),
                None,
            ),
            PageJob::YearIndex | PageJob::Year(_) | PageJob::Members(_) => (
                column(
                    "years",
                    "年度报告",
                    "各界别年度工作计划汇总和计划完成情况。".into(),
                    &["年度报告", "工作计划", "完成情况"],
                ),
                None,
            ),
            PageJob::Search => (
                column(
                    "search",
                    "全文搜索",
                    format!("在{committee}界别工作网站的全部活动稿件中搜索。"),
                    &["搜索", "界别活动"],
                ),
                None,
            ),
            PageJob::CommendationIndex => (
                column(
                    "commendations",
                    "通报表扬",
                    "对表现突出的界别、界别召集人和联络员的年度通报表扬。".into(),
                    &["通报表扬", "界别", "召集人", "联络员"],
                ),
                None,
            ),
            PageJob::Activity(i) => {
                let a = &site.activities[*i];
                let mut source = sector_name(&a.sector);
                for other in &a.also_sectors {
                    source.push('、');
                    source.push_str(&sector_name(&other.value));
                }
                let article = ArticleMeta {
                    title: a.title.clone(),
                    pub_date: Some(pub_date(a.date, a.time)),
                    source,
                };
                (None, Some(article))
            }
            PageJob::Output(i) => {
                let o = &site.outputs[*i];
                let article = ArticleMeta {
                    title: o.title.clone(),
                    pub_date: Some(pub_date(o.date, None)),
                    source: sector_name(&o.sector),
                };
                (None, Some(article))
            }
            PageJob::Commendation(i) => {
                let c = &site.commendations[*i];
                let article = ArticleMeta {
                    title: format!("{} 年度界别工作通报表扬", c.year),
                    pub_date: c.date.map(|d| pub_date(d, None)),
                    source: committee.clone(),
                };
                (None, Some(article))
            }
            PageJob::Page(i) => {
                let article = ArticleMeta {
                    title: site.pages[*i].title.clone(),
                    pub_date: None,
                    source: committee.clone(),
                };
                (None, Some(article))
            }
        }
    }

    fn year_links(&self, prefix: &str) -> Vec<serde_json::Value> {
        self.derived
            .years
            .iter()
            .map(|y| serde_json::json!({"year": y, "url": format!("{prefix}/{y}/")}))
            .collect()
    }

    fn group_views(&self, year: i32) -> Vec<serde_json::Value> {
        self.groups
            .iter()
            .map(|(name, list)| {
                let sectors: Vec<serde_json::Value> = list
                    .iter()
                    .map(|&i| {
                        let s = &self.site.sectors[i];
                        let f = self.derived.sector_year(&s.id, year);
                        let convenor = s.convenors.iter().filter(|r| r.holds_in(year)).max_by_key(|r| r.first).map(|r| r.name.clone());
                        serde_json::json!({
                            "id": s.id, "name": s.display_name(), "full_name": s.name, "url": derive::sector_url(&s.id),
                            "served_by": self.served_text(s), "convenor": convenor,
                            "activities": f.map_or(0, |f| f.activities), "outputs": f.map_or(0, |f| f.outputs),
                            "quota_met": f.is_some_and(|f| f.quota_met),
                            "total": self.derived.by_sector.get(&s.id).map_or(0, Vec::len),
                        })
                    })
                    .collect();
                serde_json::json!({"name": name, "sectors": sectors})
            })
            .collect()
    }

    fn served_text(&self, s: &Sector) -> Option<String> {
        if let Some(org) = &s.organised_by {
            return Some(format!("{org}组织"));
        }
        s.served_by.as_ref().map(|c| {
            let name = self
                .site
                .committees
                .iter()
                .find(|x| x.id == c.value)
                .map_or(c.value.as_str(), |x| x.name.as_str());
            format!("{name}对口服务")
        })
    }

    fn year_totals(&self, year: i32) -> serde_json::Value {
        let d = self.derived;
        let list = d.by_year.get(&year).map(Vec::as_slice).unwrap_or_default();
        let plenary = list
            .iter()
            .filter(|&&i| self.site.activities[i].plenary_group)
            .count();
        let figures: Vec<&SectorYear> = self
            .site
            .sectors
            .iter()
            .filter_map(|s| d.sector_year(&s.id, year))
            .collect();
        let outputs_activity: usize = list
            .iter()
            .map(|&i| self.site.activities[i].outputs.len())
            .sum();
        let outputs_standalone = self
            .site
            .outputs
            .iter()
            .filter(|o| o.date.year() == year)
            .count();
        let people: BTreeSet<&str> = list
            .iter()
            .flat_map(|&i| {
                self.site.activities[i]
                    .participants
                    .iter()
                    .map(|p| p.value.as_str())
            })
            .collect();
        serde_json::json!({
            "year": year,
            "activities": list.len() - plenary,
            "plenary": plenary,
            "outputs": outputs_activity + outputs_standalone,
            "sectors_total": figures.len(),
            "sectors_met": figures.iter().filter(|f| f.quota_met).count(),
            "sectors_with_plan": figures.iter().filter(|f| f.has_plan).count(),
            "participants": people.len(),
            "in_progress": self.in_progress(year),
        })
    }

    /// A year is still in progress when it is the newest year and no sector has filed its
    /// year-end summary yet (decided from content, never from the clock).
    fn in_progress(&self, year: i32) -> bool {
        reports::in_progress(self.site, self.derived, year)
    }

    fn role_views(roles: &[Role], year: Option<i32>) -> Vec<serde_json::Value> {
        roles
            .iter()
            .filter(|r| year.is_none_or(|y| r.holds_in(y)))
            .map(|r| serde_json::json!({"name": r.name, "first": r.first, "unit": r.unit, "span": r.span_text(), "current": year.is_none_or(|y| r.holds_in(y))}))
            .collect()
    }

    fn sector_context(
        &self,
        index: usize,
        year: i32,
        profile: bool,
        url: &str,
    ) -> (&'static str, Context) {
        let site = self.site;
        let d = self.derived;
        let s = &site.sectors[index];
        let root = root_for(url);
        let mut crumbs = vec![
            Crumb {
                title: "首页".into(),
                url: String::new(),
            },
            Crumb {
                title: "界别风采".into(),
                url: "sectors/".into(),
            },
            Crumb {
                title: s.display_name().into(),
                url: derive::sector_url(&s.id),
            },
        ];
        if !profile {
            crumbs.push(Crumb {
                title: format!("{year} 年"),
                url: url.into(),
            });
        }
        let title = if profile {
            s.name.clone()
        } else {
            format!("{} {year} 年", s.name)
        };
        let mut ctx = self.base_context(url, &title, "sectors", crumbs);
        let vice_chair = s.vice_chair.as_ref().map(|v| {
            let title = site
                .leaders
                .iter()
                .find(|l| l.name == v.value)
                .map(|l| l.title.clone())
                .unwrap_or_default();
            serde_json::json!({"name": v.value, "title": title})
        });
        let brands: Vec<serde_json::Value> = s.brands.iter().map(|b| {
            let count = d.by_sector.get(&s.id).map_or(0, |l| l.iter().filter(|&&i| site.activities[i].brand.as_ref().is_some_and(|x| x.value == b.id) && site.activities[i].sector == s.id).count());
            serde_json::json!({"id": b.id, "name": b.name, "summary": b.summary, "activities": count})
        }).collect();
        ctx.insert("sector", &serde_json::json!({
            "id": s.id, "name": s.name, "short": s.short, "display_name": s.display_name(), "group": s.group,
            "url": derive::sector_url(&s.id), "served_by": self.served_text(s), "vice_chair": vice_chair,
            "members": s.members, "brands": brands,
            "convenor_history": Self::role_views(&s.convenors, None), "liaison_history": Self::role_views(&s.liaisons, None),
        }));
        ctx.insert("intro", &self.html(&self.bodies.sectors[index], &root));
        ctx.insert("profile", &profile);
        ctx.insert("year", &year);
        ctx.insert("convenors", &Self::role_views(&s.convenors, Some(year)));
        ctx.insert("liaisons", &Self::role_views(&s.liaisons, Some(year)));
        ctx.insert("years", &d.years.iter().map(|&y| serde_json::json!({"year": y, "url": derive::sector_year_url(&s.id, y), "current": y == year, "count": d.sector_year(&s.id, y).map_or(0, |f| f.activities + f.plenary)})).collect::<Vec<_>>());
        let figures = d.sector_year(&s.id, year);
        ctx.insert("figures", &figures);
        ctx.insert("in_progress", &self.in_progress(year));
        let list: Vec<usize> = d.by_sector.get(&s.id).map_or_else(Vec::new, |l| {
            l.iter()
                .copied()
                .filter(|&i| site.activities[i].year() == year)
                .collect()
        });
        let cards = self.cards_for(&list);
        ctx.insert("months", &self.by_month(&cards));
        ctx.insert("count", &cards.len());

        let plan_index = site
            .plans
            .iter()
            .position(|p| p.sector == s.id && p.year == year);
        let plan = plan_index.map(|pi| {
            let p = &site.plans[pi];
            let items: Vec<serde_json::Value> = p.items.iter().map(|item| {
                let done: Vec<serde_json::Value> = list.iter().filter(|&&i| {
                    let a = &site.activities[i];
                    a.sector == s.id && a.plan.as_ref().is_some_and(|x| x.value == item.id)
                }).map(|&i| serde_json::json!({"title": site.activities[i].title, "url": d.activity_urls[i]})).collect();
                serde_json::json!({"id": item.id, "title": item.title, "kind_name": item.kind.map(|k| k.name()), "quarter": item.quarter, "done": !done.is_empty(), "activities": done})
            }).collect();
            serde_json::json!({"items": items, "html": self.html(&self.bodies.plans[pi], &root)})
        });
        ctx.insert("plan", &plan);
        let summary = site
            .summaries
            .iter()
            .position(|x| x.sector == s.id && x.year == year)
            .map(|si| self.html(&self.bodies.summaries[si], &root));
        ctx.insert("summary", &summary);
        let mut outputs: Vec<serde_json::Value> = Vec::new();
        for &i in &list {
            let a = &site.activities[i];
            for o in &a.outputs {
                outputs.push(serde_json::json!({"kind_name": o.kind.name(), "title": o.title, "date": a.date.to_string(), "date_text": date_text(a.date), "from": {"title": a.title, "url": d.activity_urls[i]}}));
            }
        }
        for &i in d
            .outputs_by_sector
            .get(&s.id)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let o = &site.outputs[i];
            if o.date.year() == year {
                outputs.push(serde_json::json!({"kind_name": o.kind.name(), "title": o.title, "date": o.date.to_string(), "date_text": date_text(o.date), "url": d.output_urls[i]}));
            }
        }
        outputs.sort_by(|a, b| b["date"].as_str().cmp(&a["date"].as_str()));
        ctx.insert("outputs", &outputs);
        ("sector.html", ctx)
    }

    fn activity_context(&self, i: usize, url: &str) -> (&'static str, Context) {
        let site = self.site;
        let d = self.derived;
        let a = &site.activities[i];
        let card = &self.cards[i];
        let root = root_for(url);
        let crumbs = vec![
            Crumb {
                title: "首页".into(),
                url: String::new(),
            },
            Crumb {
                title: "界别风采".into(),
                url: "sectors/".into(),
            },
            Crumb {
                title: card.sector.name.clone(),
                url: card.sector.url.clone(),
            },
            Crumb {
                title: format!("{} 年", a.year()),
                url: derive::sector_year_url(&a.sector, a.year()),
            },
            Crumb {
                title: a.title.clone(),
                url: url.into(),
            },
        ];
        let mut ctx = self.base_context(url, &a.title, "sectors", crumbs);
        let home = site.sectors.get(
            self.sector_index
                .get(a.sector.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        );
        let brand = a
            .brand
            .as_ref()
            .and_then(|b| home.and_then(|s| s.brands.iter().find(|x| x.id == b.value)))
            .map(|b| serde_json::json!({"id": b.id, "name": b.name}));
        let plan_item = a.plan.as_ref().and_then(|p| site.plans.iter().find(|x| x.sector == a.sector && x.year == a.year()).and_then(|pl| pl.items.iter().find(|it| it.id == p.value))).map(|it| serde_json::json!({"id": it.id, "title": it.title, "url": format!("{}#plan", derive::sector_year_url(&a.sector, a.year()))}));
        let leaders: Vec<serde_json::Value> = a
            .leaders
            .iter()
            .map(|l| {
                let title = site
                    .leaders
                    .iter()
                    .find(|x| x.name == l.value)
                    .map(|x| x.title.clone())
                    .unwrap_or_default();
                serde_json::json!({"name": l.value, "title": title})
            })
            .collect();
        let neighbour = |n: Option<usize>| {
            n.map(|j| serde_json::json!({"title": site.activities[j].title, "url": d.activity_urls[j], "date_text": date_text(site.activities[j].date)}))
        };
        let (older, newer) = d.neighbours[i];
        ctx.insert("activity", &serde_json::json!({
            "title": a.title, "date": a.date.to_string(), "date_text": card.date_text,
            "end_date_text": a.end_date.map(date_text), "kind": a.kind.id(), "kind_name": a.kind.name(), "kind_url": format!("kinds/{}/", a.kind.id()),
            "sector": card.sector, "joint": card.joint, "plenary": a.plenary_group,
            "location": a.location, "organiser": a.organiser,
            "participants": a.participants.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            "leaders": leaders, "brand": brand, "plan_item": plan_item,
            "outputs": a.outputs.iter().map(|o| serde_json::json!({"kind": o.kind.id(), "kind_name": o.kind.name(), "title": o.title})).collect::<Vec<_>>(),
            "photos": a.photos.iter().map(|p| photo_view(self.images, p, p.caption.clone())).collect::<Vec<_>>(),
            "author": a.author.as_ref().map(|x| x.value.as_str()), "summary": card.summary, "draft": a.draft, "pending_review": a.pending_review,
            "year_url": derive::sector_year_url(&a.sector, a.year()),
        }));
        ctx.insert("body", &self.html(&self.bodies.activities[i], &root));
        ctx.insert("og_type", "article");
        if !card.summary.is_empty() {
            ctx.insert("page_description", &card.summary);
        }
        ctx.insert(
            "og_image",
            &a.photos
                .first()
                .map(|p| format!("{}{}", site.config.base_url, markdown::media_url(&p.src))),
        );
        ctx.insert("previous", &neighbour(older));
        ctx.insert("next", &neighbour(newer));
        ("activity.html", ctx)
    }

    fn year_context(&self, year: i32, url: &str) -> (&'static str, Context) {
        let site = self.site;
        let d = self.derived;
        let title = format!("{year} 年度界别工作");
        let mut ctx = self.base_context(
            url,
            &title,
            "years",
            vec![
                Crumb {
                    title: "首页".into(),
                    url: String::new(),
                },
                Crumb {
                    title: "年度报告".into(),
                    url: "years/".into(),
                },
                Crumb {
                    title: format!("{year} 年"),
                    url: url.into(),
                },
            ],
        );
        ctx.insert("year", &year);
        ctx.insert("totals", &self.year_totals(year));
        ctx.insert("has_data", &reports::year_has_data(site, d, year));
        // Columns after the sector name that a year without records spans.
        ctx.insert("no_data_colspan", &(OutputKind::ALL.len() + 8));
        ctx.insert("report", &reports::year_totals(site, d, year));
        ctx.insert("charts", &self.year_charts(year));
        let ranking: Vec<serde_json::Value> = reports::ranking(site, d, year)
            .into_iter()
            .map(|r| serde_json::json!({"rank": r.rank, "sector": self.sector_ref(&site.sectors[r.sector].id), "activities": r.activities, "outputs": r.outputs, "total": r.activities + r.outputs}))
            .collect();
        ctx.insert("ranking", &ranking);
        ctx.insert(
            "members_url",
            &site.config.member_pages.then(|| format!("members/{year}/")),
        );
        ctx.insert(
            "output_kinds",
            &OutputKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
        );
        let mut rows = Vec::new();
        let mut short = Vec::new();
        for (group, list) in &self.groups {
            for &si in list {
                let s = &site.sectors[si];
                let Some(f) = d.sector_year(&s.id, year) else {
                    continue;
                };
                let plan = site
                    .plans
                    .iter()
                    .find(|p| p.sector == s.id && p.year == year);
                let items: Vec<serde_json::Value> = plan.map(|p| p.items.iter().map(|it| {
                    let done = d.by_sector.get(&s.id).is_some_and(|l| l.iter().any(|&i| {
                        let a = &site.activities[i];
                        a.sector == s.id && a.year() == year && a.plan.as_ref().is_some_and(|x| x.value == it.id)
                    }));
                    serde_json::json!({"id": it.id, "title": it.title, "kind_name": it.kind.map(|k| k.name()), "quarter": it.quarter, "done": done})
                }).collect()).unwrap_or_default();
                let row = serde_json::json!({
                    "sector": self.sector_ref(&s.id), "group": group, "year_url": derive::sector_year_url(&s.id, year),
                    "figures": f, "plan_items": items,
                    "convenors": reports::holders(&s.convenors, year), "liaisons": reports::holders(&s.liaisons, year),
                });
                if f.has_data && !f.quota_met {
                    short.push(row.clone());
                }
                rows.push(row);
            }
        }
        ctx.insert("rows", &rows);
        ctx.insert("short", &short);
        ctx.insert("in_progress", &self.in_progress(year));
        ctx.insert("years", &self.year_links("years"));
        ctx.insert(
            "commendation_url",
            &site
                .commendations
                .iter()
                .find(|c| c.year == year)
                .map(|c| format!("commendations/{}/", c.year)),
        );
        ("year.html", ctx)
    }

    fn commendation_context(&self, i: usize, url: &str) -> (&'static str, Context) {
        let site = self.site;
        let d = self.derived;
        let c = &site.commendations[i];
        let root = root_for(url);
        let title = format!("{} 年度界别工作通报表扬", c.year);
        let mut ctx = self.base_context(
            url,
            &title,
            "commendations",
            vec![
                Crumb {
                    title: "首页".into(),
                    url: String::new(),
                },
                Crumb {
                    title: "通报表扬".into(),
                    url: "commendations/".into(),
                },
                Crumb {
                    title: format!("{} 年度", c.year),
                    url: url.into(),
                },
            ],
        );
        let sectors: Vec<serde_json::Value> = c.sectors.iter().map(|cs| {
            let id = cs.sector.value.as_str();
            let best: Vec<&Card> = d.by_sector.get(id).map(|l| {
                let mut list: Vec<usize> = l.iter().copied().filter(|&j| site.activities[j].year() == c.year && !site.activities[j].plenary_group).collect();
                list.sort_by_key(|&j| (std::cmp::Reverse(site.activities[j].photos.len().min(1) * 10 + site.activities[j].outputs.len()), j));
                list.into_iter().take(3).map(|j| &self.cards[j]).collect()
            }).unwrap_or_default();
            // The best-documented activities with up to two photos each, for the handout.
            let photos: Vec<PhotoView> = best.iter().flat_map(|card| {
                let j = d.activity_urls.iter().position(|u| *u == card.url).unwrap_or(usize::MAX);
                site.activities.get(j).map(|a| a.photos.iter().take(2).map(|p| photo_view(self.images, p, p.caption.clone().or_else(|| Some(a.title.clone())))).collect::<Vec<_>>()).unwrap_or_default()
            }).take(4).collect();
            let sector = self.sector_index.get(id).map(|&si| &site.sectors[si]);
            let convenors = sector.map(|s| reports::holders(&s.convenors, c.year)).unwrap_or_default();
            let liaisons = sector.map(|s| reports::holders(&s.liaisons, c.year)).unwrap_or_default();
            serde_json::json!({"sector": self.sector_ref(id), "citation": cs.citation, "figures": d.sector_year(id, c.year), "best": best, "photos": photos, "convenors": convenors, "liaisons": liaisons, "year_url": derive::sector_year_url(id, c.year)})
        }).collect();
        let people = |list: &[CommendedPerson]| -> Vec<serde_json::Value> {
            list.iter().map(|p| serde_json::json!({"name": p.name.value, "sector": self.sector_ref(&p.sector.value), "citation": p.citation, "figures": d.sector_year(&p.sector.value, c.year)})).collect()
        };
        ctx.insert("notice", &serde_json::json!({"year": c.year, "date_text": c.date.map(date_text), "document": c.document}));
        ctx.insert("body", &self.html(&self.bodies.commendations[i], &root));
        ctx.insert("sectors", &sectors);
        ctx.insert("convenors", &people(&c.convenors));
        ctx.insert("liaisons", &people(&c.liaisons));
        ctx.insert("year_url", &format!("years/{}/", c.year));
        ("commendation.html", ctx)
    }
}

impl Renderer<'_> {
    /// The year page's charts: activities and outputs per sector against the quota line,
    /// activities per month, kinds of activity.
    fn year_charts(&self, year: i32) -> Vec<String> {
        let site = self.site;
        let d = self.derived;
        let quota = site.config.quota;
        let mut labels = Vec::new();
        let mut activities = Vec::new();
        let mut outputs = Vec::new();
        for si in reports::sector_order(site) {
            let s = &site.sectors[si];
            if let Some(f) = d.sector_year(&s.id, year).filter(|f| f.has_data) {
                labels.push(s.display_name().to_string());
                activities.push(f.activities);
                outputs.push(f.outputs);
            }
        }
        let mut charts: Vec<BarChart> = Vec::new();
        if labels.is_empty() {
            return Vec::new();
        }
        let series_a = Series {
            name: "活动（次）".into(),
            colour: COLOURS[0],
            values: activities,
        };
        let series_o = Series {
            name: "成果（篇）".into(),
            colour: COLOURS[1],
            values: outputs,
        };
        if quota.activities == quota.outputs {
            charts.push(BarChart {
                id: "chart-sectors".into(),
                title: format!("{year} 年各界别活动和成果"),
                description: format!("横向条形图：各界别开展活动次数（不含全会小组讨论）和提交成果篇数，虚线为年度要求 {} 次（篇）。", quota.activities),
                labels,
                series: vec![series_a, series_o],
                quota: Some((quota.activities, format!("年度要求 {}", quota.activities))),
                direction: Direction::Horizontal,
            });
        } else {
            charts.push(BarChart {
                id: "chart-sector-activities".into(),
                title: format!("{year} 年各界别活动次数"),
                description: format!(
                    "横向条形图：各界别开展活动次数（不含全会小组讨论），虚线为年度要求 {} 次。",
                    quota.activities
                ),
                labels: labels.clone(),
                series: vec![series_a],
                quota: Some((
                    quota.activities,
                    format!("年度要求 {} 次", quota.activities),
                )),
                direction: Direction::Horizontal,
            });
            charts.push(BarChart {
                id: "chart-sector-outputs".into(),
                title: format!("{year} 年各界别成果篇数"),
                description: format!(
                    "横向条形图：各界别提交成果篇数，虚线为年度要求 {} 篇。",
                    quota.outputs
                ),
                labels,
                series: vec![series_o],
                quota: Some((quota.outputs, format!("年度要求 {} 篇", quota.outputs))),
                direction: Direction::Horizontal,
            });
        }
        charts.push(BarChart {
            id: "chart-months".into(),
            title: format!("{year} 年每月开展的界别活动"),
            description: "柱状图：每月开展的界别活动次数（联合活动计一次，不含全会小组讨论）。"
                .into(),
            labels: (1..=12).map(|m| format!("{m}月")).collect(),
            series: vec![Series {
                name: "活动（次）".into(),
                colour: COLOURS[0],
                values: reports::activities_by_month(site, d, year).to_vec(),
            }],
            quota: None,
            direction: Direction::Vertical,
        });
        charts.push(BarChart {
            id: "chart-kinds".into(),
            title: format!("{year} 年界别活动类型"),
            description:
                "横向条形图：九类界别活动各开展的次数（联合活动计一次，不含全会小组讨论）。".into(),
            labels: ActivityKind::ALL
                .iter()
                .map(|k| k.name().to_string())
                .collect(),
            series: vec![Series {
                name: "活动（次）".into(),
                colour: COLOURS[0],
                values: reports::activities_by_kind(site, d, year),
            }],
            quota: None,
            direction: Direction::Horizontal,
        });
        charts.iter().map(BarChart::figure).collect()
    }

    fn members_context(&self, year: i32, url: &str) -> (&'static str, Context) {
        let title = format!("{year} 年界别委员参加活动情况");
        let mut ctx = self.base_context(
            url,
            &title,
            "years",
            vec![
                Crumb {
                    title: "首页".into(),
                    url: String::new(),
                },
                Crumb {
                    title: "年度报告".into(),
                    url: "years/".into(),
                },
                Crumb {
                    title: format!("{year} 年"),
                    url: format!("years/{year}/"),
                },
                Crumb {
                    title: "委员参加活动情况".into(),
                    url: url.into(),
                },
            ],
        );
        ctx.insert("year", &year);
        ctx.insert(
            "has_data",
            &reports::year_has_data(self.site, self.derived, year),
        );
        ctx.insert("in_progress", &self.in_progress(year));
        ctx.insert(
            "members",
            &reports::member_records(self.site, self.derived, year),
        );
        ctx.insert("year_url", &format!("years/{year}/"));
        ("members.html", ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_relative_to_page_depth() {
        assert_eq!(root_for(""), "./");
        assert_eq!(root_for("sectors/"), "../");
        assert_eq!(root_for("sectors/minmeng/2025/x/"), "../../../../");
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("https://a.cn/jbfc/"), "/jbfc/");
        assert_eq!(base_path("https://a.cn/"), "/");
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html(r#"<a href="x" onclick='y'>&"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;"
        );
        assert_eq!(escape_html("sectors/民盟/"), "sectors/民盟/");
    }

    #[test]
    fn pub_date_uses_the_given_time_or_midnight() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(pub_date(day, None), "2025-03-07 00:00");
        let t = chrono::NaiveTime::from_hms_opt(9, 5, 0);
        assert_eq!(pub_date(day, t), "2025-03-07 09:05");
    }

    #[test]
    fn site_domain_is_the_host_of_base_url() {
        assert_eq!(
            site_domain("https://www.example.gov.cn/jbfc/"),
            "www.example.gov.cn"
        );
        assert_eq!(site_domain("http://127.0.0.1:8080/jbfc/"), "127.0.0.1:8080");
    }

    #[test]
    fn truncate_counts_characters() {
        assert_eq!(truncate("一二三四", 2), "一二……");
        assert_eq!(truncate("一二", 2), "一二");
    }
}
