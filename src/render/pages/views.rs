//! The parts page views share: the head every page has ([`Base`]), the site's
//! navigation, breadcrumbs, sector references, photos, activity cards and year links.
//! Field names are what the templates read; a site's own templates rely on them too.

use super::meta::{ArticleMeta, ColumnMeta};
use super::Renderer;
use crate::derive::figures::SectorYear;
use crate::derive::route::Route;
use crate::model::{Footer, OutputItem, OutputResult, Photo, Role, Sector};
use crate::render::words;
use serde::Serialize;

/// What every page's template receives besides its own view: the site, where the page
/// is, its title and its share-card and government-site meta tags.
#[derive(Serialize)]
pub struct Base<'a> {
    /// The site (navigation, footer …), shared by every page.
    pub site: &'a tera::Value,
    /// The relative way from the page to the site root (`../../`).
    pub root: String,
    /// The page's URL relative to the root.
    pub page_url: String,
    /// The page's absolute URL.
    pub canonical: String,
    /// The page title (without the site's).
    pub title: String,
    /// The navigation key of the page's column (`sectors`, `years` …).
    pub section: String,
    /// Home first; the last one is the page itself. Empty on the home and 404 pages.
    pub breadcrumbs: Vec<Crumb>,
    /// Open Graph type: `article` for write-ups, `website` otherwise.
    pub og_type: &'static str,
    /// The description for share cards.
    pub page_description: String,
    /// An absolute image URL for share cards.
    pub og_image: Option<String>,
    /// The Atom feeds the page announces.
    pub feeds: Vec<Crumb>,
    /// Column meta tags (list pages).
    pub column: Option<ColumnMeta>,
    /// Article meta tags (articles).
    pub article: Option<ArticleMeta>,
}

/// A navigation entry.
#[derive(Serialize)]
pub struct NavItem {
    /// Its text.
    pub title: String,
    /// Its URL relative to the root.
    pub url: String,
    /// The `section` of the pages it leads to (marks the current entry).
    pub key: String,
}

/// The site as every template sees it.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's title.
    pub title: &'a str,
    /// The committee's full name.
    pub committee: &'a str,
    /// The current term.
    pub term: Option<&'a str>,
    /// The site's description.
    pub description: Option<&'a str>,
    /// Absolute URL of the site.
    pub base_url: &'a str,
    /// Path part of the base URL (`/jbfc/`).
    pub base_path: String,
    /// Host of the base URL.
    pub domain: String,
    /// Page language.
    pub language: &'a str,
    /// Footer identifiers.
    pub footer: &'a Footer,
    /// URL of the 党政机关网站标识 image.
    pub gov_mark_url: Option<String>,
    /// URL of the site's icon (`favicon.ico`), relative to the root.
    pub favicon_url: String,
    /// The newest year with records.
    pub current_year: i32,
    /// The main navigation.
    pub nav: Vec<NavItem>,
    /// Every free page (footer links).
    pub pages: Vec<NavItem>,
    /// The clause-4 minimums.
    pub quota: QuotaView,
}

/// The clause-4 minimums.
#[derive(Serialize)]
pub struct QuotaView {
    /// Activities.
    pub activities: u32,
    /// Outputs.
    pub outputs: u32,
}

/// A link with its text: a breadcrumb, a feed, a year.
#[derive(Serialize, Clone)]
pub struct Crumb {
    /// Its text.
    pub title: String,
    /// Its URL relative to the root.
    pub url: String,
}

/// A member's name, linked to their page when `member_pages: true` (and plain text
/// otherwise, or for a name on no roster).
#[derive(Serialize, Clone)]
pub struct PersonLink<'a> {
    /// The name.
    pub name: &'a str,
    /// Their page's URL relative to the root.
    pub url: Option<String>,
}

/// A sector as pages mention it.
#[derive(Serialize, Clone)]
pub struct SectorRef {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its profile's URL.
    pub url: String,
}

/// A photo as pages show it.
#[derive(Serialize, Clone)]
pub struct PhotoView {
    /// The published original.
    pub url: String,
    /// Text alternative.
    pub alt: String,
    /// Visible caption.
    pub caption: Option<String>,
    /// Pixel size of the published original (lets browsers reserve the space).
    pub width: Option<u32>,
    /// Pixel height of the published original.
    pub height: Option<u32>,
    /// The smaller copies and the original, for `srcset` (empty: no smaller copies).
    pub sources: Vec<ImageSource>,
    /// The smallest copy, for lists.
    pub thumb: String,
}

/// One candidate of an image's `srcset`.
#[derive(Serialize, Clone)]
pub struct ImageSource {
    /// Its URL.
    pub url: String,
    /// Its width in pixels.
    pub width: u32,
}

/// An activity in a list.
#[derive(Serialize, Clone)]
pub struct Card {
    /// Its page.
    pub url: String,
    /// Title.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `2025年3月7日`.
    pub date_text: String,
    /// Year held.
    pub year: i32,
    /// Month held.
    pub month: u32,
    /// Kind id.
    pub kind: &'static str,
    /// Kind name.
    pub kind_name: &'static str,
    /// The filing sector.
    pub sector: SectorRef,
    /// The other sectors of a joint activity.
    pub joint: Vec<SectorRef>,
    /// A plenary group discussion.
    pub plenary: bool,
    /// Its summary, shortened.
    pub summary: String,
    /// Its first photo.
    pub photo: Option<PhotoView>,
    /// Number of outputs.
    pub outputs: usize,
    /// A draft (shown only with `--drafts`).
    pub draft: bool,
    /// Review incomplete (shown only by `serve`).
    pub pending_review: bool,
}

/// Cards of one month.
#[derive(Serialize)]
pub struct MonthGroup<'a> {
    /// 1–12 (0 when the group is a whole year).
    pub month: u32,
    /// `3月`.
    pub label: String,
    /// The activities.
    pub items: Vec<&'a Card>,
}

/// A year of activities, newest first within it (its one "month" group holds the whole
/// year, as the templates expect).
#[derive(Serialize)]
pub struct YearGroup<'a> {
    /// The year.
    pub year: i32,
    /// The year's timeline.
    pub url: String,
    /// How many activities.
    pub count: usize,
    /// One group with every activity of the year.
    pub months: Vec<MonthGroup<'a>>,
}

/// A chair-meeting member as pages mention them.
#[derive(Serialize)]
pub struct Leader<'a> {
    /// Name.
    pub name: &'a str,
    /// 主席, 副主席 … (empty when not on the list).
    pub title: String,
    /// Their page, when they are on organisation.yaml's list.
    pub url: Option<String>,
}

/// A year in a list of years.
#[derive(Serialize)]
pub struct YearLink {
    /// The year.
    pub year: i32,
    /// Its page.
    pub url: String,
}

/// A convenor or liaison.
#[derive(Serialize)]
pub struct RoleView<'a> {
    /// Who.
    pub name: &'a str,
    /// The first convenor.
    pub first: bool,
    /// Work unit.
    pub unit: Option<&'a str>,
    /// Years held, as text.
    pub span: String,
    /// Held in the year shown.
    pub current: bool,
}

/// A sector's figures for a year, with the quota reasons in the site's words (also what
/// the `api/` export publishes).
#[derive(Serialize, Clone)]
pub struct FiguresView<'a> {
    /// The figures.
    #[serde(flatten)]
    pub figures: &'a SectorYear,
    /// Why the quota was not met, in Chinese.
    pub shortfalls: Vec<String>,
    /// The verdict in words.
    pub verdict: String,
    /// The verdict's class (`met`, `short`, `progress`, `none`).
    pub state: &'static str,
}

impl<'a> FiguresView<'a> {
    /// The view of a sector's figures.
    pub fn new(figures: &'a SectorYear) -> FiguresView<'a> {
        let verdict = figures.verdict();
        FiguresView {
            figures,
            shortfalls: words::site_shortfalls(&figures.shortfalls),
            verdict: words::verdict(verdict, crate::core::i18n::Lang::Zh),
            state: words::verdict_class(verdict),
        }
    }
}

/// An output of an activity, as the pages and the export list it.
#[derive(Serialize)]
pub struct OutputRef<'a> {
    /// Kind id.
    pub kind: &'static str,
    /// Kind name.
    pub kind_name: &'static str,
    /// Its title.
    pub title: &'a str,
    /// What became of it.
    pub results: Vec<ResultView<'a>>,
}

impl<'a> From<&'a OutputItem> for OutputRef<'a> {
    fn from(output: &'a OutputItem) -> OutputRef<'a> {
        OutputRef {
            kind: output.kind.id(),
            kind_name: output.kind.name(),
            title: &output.title,
            results: output.results.iter().map(ResultView::from).collect(),
        }
    }
}

/// A result of an output (成果转化).
#[derive(Serialize)]
pub struct ResultView<'a> {
    /// Kind id.
    pub kind: &'static str,
    /// Kind name (立案, 采用 …).
    pub kind_name: &'static str,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who.
    pub by: Option<&'a str>,
    /// The document or issue number.
    pub document: Option<&'a str>,
    /// Anything else.
    pub note: Option<&'a str>,
}

impl<'a> From<&'a OutputResult> for ResultView<'a> {
    fn from(r: &'a OutputResult) -> ResultView<'a> {
        ResultView {
            kind: r.kind.id(),
            kind_name: r.kind.name(),
            date: r.date.map(|d| d.to_string()),
            by: r.by.as_deref(),
            document: r.document.as_deref(),
            note: r.note.as_deref(),
        }
    }
}

impl<'a> Renderer<'a> {
    /// How pages refer to a sector.
    pub fn sector_ref(&self, id: &str) -> SectorRef {
        SectorRef {
            id: id.to_string(),
            name: self.site.sector_name(id).to_string(),
            url: Route::Sector(id).url(),
        }
    }

    /// The cards of these activities, in the same order.
    pub fn cards_for(&self, indices: &[usize]) -> Vec<&Card> {
        indices.iter().map(|&i| &self.cards[i]).collect()
    }

    /// Cards grouped by month, in their order (which is newest first).
    pub fn by_month<'c>(&self, cards: &[&'c Card]) -> Vec<MonthGroup<'c>> {
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

    /// Cards grouped by year, in their order (which is newest first), with counts.
    pub fn by_year<'c>(&self, cards: &[&'c Card]) -> Vec<YearGroup<'c>> {
        let mut years: Vec<YearGroup<'c>> = Vec::new();
        for &card in cards {
            match years.last_mut() {
                Some(g) if g.year == card.year => g.months[0].items.push(card),
                _ => years.push(YearGroup {
                    year: card.year,
                    url: Route::Timeline(card.year).url(),
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
        years
    }

    /// Every year with records, linked to the page `route` gives for it.
    pub fn year_links(&self, route: impl Fn(i32) -> Route<'static>) -> Vec<YearLink> {
        self.derived
            .years
            .iter()
            .map(|&year| YearLink {
                year,
                url: route(year).url(),
            })
            .collect()
    }

    /// Who organises or serves a sector (clause 8), as shown on its pages.
    pub fn served_text(&self, s: &Sector) -> Option<String> {
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

    /// The special committee serving a sector (clause 8) and its page, when it is on
    /// organisation.yaml's list.
    pub fn serving_committee(&self, s: &Sector) -> Option<Crumb> {
        let id = &s.served_by.as_ref()?.value;
        let c = self.site.committees.iter().find(|c| &c.id == id)?;
        Some(Crumb {
            title: c.name.clone(),
            url: Route::Committee(&c.id).url(),
        })
    }

    /// A chair-meeting member by name: their title and page (none when not on the list).
    pub fn leader<'n>(&self, name: &'n str) -> Leader<'n> {
        let known = self.site.leaders.iter().find(|l| l.name == name);
        Leader {
            name,
            title: known.map(|l| l.title.clone()).unwrap_or_default(),
            url: known.map(|l| Route::Leader(&l.slug).url()),
        }
    }

    /// A photo's view: its published original, its smaller copies and its size.
    pub fn photo_view(&self, photo: &Photo, caption: Option<String>) -> PhotoView {
        photo_view(self.images, photo, caption)
    }
}

/// A photo's view (also used while the cards are made, before the renderer exists).
pub fn photo_view(
    images: &crate::render::photos::Images,
    photo: &Photo,
    caption: Option<String>,
) -> PhotoView {
    let url = Route::Media(&photo.src).url();
    let info = images.get(&photo.src);
    let copy = |width: u32| Route::MediaCopy(&photo.src, width).url();
    let mut sources: Vec<ImageSource> = info
        .map(|i| {
            i.copies
                .iter()
                .map(|&width| ImageSource {
                    url: copy(width),
                    width,
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
        .and_then(|i| i.copies.first())
        .map_or_else(|| url.clone(), |&width| copy(width));
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

/// The roles of `roles` held in `year` (all of them, marked current, without a year).
pub fn role_views(roles: &[Role], year: Option<i32>) -> Vec<RoleView<'_>> {
    roles
        .iter()
        .filter(|r| year.is_none_or(|y| r.holds_in(y)))
        .map(|r| RoleView {
            name: &r.name,
            first: r.first,
            unit: r.unit.as_deref(),
            span: r.span_text(),
            current: year.is_none_or(|y| r.holds_in(y)),
        })
        .collect()
}

/// Names of those holding a role in `year`.
pub fn holder_names(roles: &[Role], year: i32) -> Vec<&str> {
    Role::holders(roles, year)
        .map(|r| r.name.as_str())
        .collect()
}
