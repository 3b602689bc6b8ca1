//! The meta tags of 《政府网站发展指引》's page-design annex: column tags for list pages
//! (`ColumnName` …), article tags for articles (`ArticleTitle`, `PubDate`,
//! `ContentSource`), and the site's domain and path.

use super::{PageJob, Renderer};
use crate::render::words;
use chrono::NaiveDate;
use serde::Serialize;

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

/// Path part of the base URL (`/jbfc/`).
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

impl Renderer<'_> {
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
        let sector_name = |id: &str| site.sector_name(id).to_string();
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
            PageJob::Organisation | PageJob::Leader(_) | PageJob::Committee(_) => (
                column(
                    "sectors",
                    "主席会议成员与专门委员会",
                    format!("{committee}主席会议成员联系界别、专门委员会对口服务界别的情况。"),
                    &["主席会议成员联系界别", "对口服务界别", "专门委员会"],
                ),
                None,
            ),
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
                    words::kind_description(*kind).to_string(),
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
            PageJob::Member(_) => (
                column(
                    "sectors",
                    "界别委员",
                    format!("{committee}界别委员参加界别活动、形成履职成果和担任界别职务的情况。"),
                    &["界别委员", "履职情况", "界别活动"],
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("https://a.cn/jbfc/"), "/jbfc/");
        assert_eq!(base_path("https://a.cn/"), "/");
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
}
