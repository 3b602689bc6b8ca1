//! Model: the site as typed data, after validation. Everything downstream (derive, render,
//! reports) reads these types and never sees YAML.

use crate::core::diagnostics::Position;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// A value with the place in its file where it was written, kept for the fields that
/// cross-reference other files so that a bad reference can be reported precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub position: Position,
}

impl<T> At<T> {
    /// A value at a position.
    pub fn new(value: T, position: Position) -> At<T> {
        At { value, position }
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Relative to the content directory, `/`-separated.
    pub rel: PathBuf,
    /// As shown in messages.
    pub display: PathBuf,
}

/// Markdown text and the line of the file where it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown {
    /// The Markdown source.
    pub text: String,
    /// 1-based line in the file where `text` starts.
    pub line: usize,
}

impl Markdown {
    /// Whether there is any text worth rendering.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

macro_rules! kind_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $id:literal, $zh:literal, [$($alias:literal),*];)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $(
                #[doc = $zh]
                $variant,
            )*
        }

        impl $name {
            /// Every kind, in the order of the rules.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The ASCII id used in front matter and URLs.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// The Chinese name used in the rules.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }

            /// Reads an id, the Chinese name or an accepted short name.
            pub fn parse(text: &str) -> Option<$name> {
                let text = text.trim();
                $(
                    if text.eq_ignore_ascii_case($id) || text == $zh $(|| text == $alias)* {
                        return Some($name::$variant);
                    }
                )*
                None
            }

            /// Every spelling accepted, for suggestions.
            pub fn spellings() -> Vec<&'static str> {
                vec![$($id, $zh, $($alias,)*)*]
            }
        }

        impl Kind for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn id(self) -> &'static str {
                $name::id(self)
            }
            fn name(self) -> &'static str {
                $name::name(self)
            }
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
            fn spellings() -> Vec<&'static str> {
                $name::spellings()
            }
        }
    };
}

/// What the two kind enums have in common, so that reading and suggesting them is
/// written once.
pub trait Kind: Copy + 'static {
    /// Every kind, in the order of the rules.
    fn all() -> &'static [Self];
    /// The ASCII id.
    fn id(self) -> &'static str;
    /// The Chinese name.
    fn name(self) -> &'static str;
    /// Reads an id, the Chinese name or an accepted short name.
    fn parse(text: &str) -> Option<Self>;
    /// Every spelling accepted.
    fn spellings() -> Vec<&'static str>;
}

kind_enum! {
    /// The nine kinds of sector activity (clause 3).
    ActivityKind {
        Study => "study", "界别学习", ["学习"];
        Research => "research", "界别调研和视察", ["调研和视察", "界别调研", "调研", "视察"];
        Proposal => "proposal", "界别提案和反映社情民意", ["提案和反映社情民意", "界别提案", "提案"];
        Consultation => "consultation", "界别协商", ["协商"];
        Supervision => "supervision", "界别监督", ["监督"];
        Speech => "speech", "界别发言", ["发言"];
        Service => "service", "界别社会服务", ["社会服务", "服务"];
        Fellowship => "fellowship", "界别联谊活动", ["联谊活动", "联谊"];
        Other => "other", "其他", ["其它"];
    }
}

kind_enum! {
    /// The kinds of submission counted by the quota (clause 4).
    OutputKind {
        Report => "report", "调研报告", ["报告"];
        Speech => "speech", "大会发言", ["发言"];
        Proposal => "proposal", "集体提案", ["提案", "界别提案"];
        Opinion => "opinion", "社情民意信息", ["社情民意"];
    }
}

kind_enum! {
    /// What became of an output (成果转化): the results the office reports.
    ResultKind {
        Accepted => "accepted", "立案", ["立案采纳"];
        Adopted => "adopted", "采用", ["采纳"];
        Instructed => "instructed", "领导批示", ["批示"];
        Published => "published", "刊发", ["刊登", "发表"];
    }
}

/// One result of an output: accepted as a proposal, adopted, instructed on by a leader,
/// or published (in 《政协论坛》 or the media).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputResult {
    /// Which result.
    pub kind: ResultKind,
    /// When.
    pub date: Option<NaiveDate>,
    /// Who: the department that accepted or adopted it, the leader, the outlet.
    pub by: Option<String>,
    /// The document or issue number.
    pub document: Option<String>,
    /// Anything else.
    pub note: Option<String>,
}

/// The clause-4 minimums per sector per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Activities, not counting plenary group discussions.
    pub activities: u32,
    /// Submissions of the four output kinds.
    pub outputs: u32,
}

impl Default for Quota {
    fn default() -> Quota {
        Quota {
            activities: 2,
            outputs: 2,
        }
    }
}

/// Government-site identifiers shown in the footer; each is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Footer {
    /// 网站标识码
    pub site_code: Option<String>,
    /// ICP 备案号
    pub icp: Option<String>,
    /// 公安备案号
    pub police: Option<String>,
    /// 主办单位
    pub sponsor: Option<String>,
    /// 联系电话
    pub contact: Option<String>,
    /// 地址
    pub address: Option<String>,
    /// 电子邮箱
    pub email: Option<String>,
    /// 党政机关网站标识 image, relative to the content directory.
    pub gov_mark: Option<String>,
}

/// `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteConfig {
    /// The site's title.
    pub title: String,
    /// The committee's full name.
    pub committee: String,
    /// Absolute URL of the site, always ending in `/`.
    pub base_url: String,
    /// Page language, `zh-CN` by default.
    pub language: String,
    /// The current term, e.g. 第十四届.
    pub term: Option<String>,
    /// One-sentence description for search engines and shares.
    pub description: Option<String>,
    /// Clause-4 minimums.
    pub quota: Quota,
    /// Footer identifiers.
    pub footer: Footer,
    /// Group display order for the sector index; groups not listed follow alphabetically.
    pub groups: Vec<String>,
    /// Publish per-member participation pages (`/members/<year>/`); off by default because
    /// a public site may not want them. The reports always have the data.
    pub member_pages: bool,
    /// The review steps (三审) every write-up must record in `reviewed_by` before it is
    /// published; empty when the committee publishes without review.
    pub review_steps: Vec<String>,
    /// `trusted_html: true`: raw HTML in bodies is published unsanitised (warned about).
    pub trusted_html: bool,
}

/// The steps of the customary three-stage review (三审) used when `review: required`
/// names no steps.
pub const DEFAULT_REVIEW_STEPS: [&str; 3] = ["初审", "复审", "终审"];

/// A special committee or other body that serves sectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// ASCII id referenced by `served_by`.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A chair-meeting member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    /// Name.
    pub name: String,
    /// 主席, 副主席, 秘书长 ….
    pub title: String,
    /// The ASCII segment of the member's page address: the pinyin of the name, made
    /// distinct among the leaders by `core::slug::unique_slugs`.
    pub slug: String,
}

/// A convenor or liaison, with the years the role was held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Who.
    pub name: String,
    /// The first convenor (clause 7).
    pub first: bool,
    /// First year held, inclusive; `None` means since before records began.
    pub from: Option<i32>,
    /// Last year held, inclusive; `None` means still held.
    pub to: Option<i32>,
    /// The liaison's work unit.
    pub unit: Option<String>,
    /// The term (届) the role was set for, by name in organisation.yaml.
    pub term: Option<At<String>>,
    /// Where the entry is written.
    pub position: Position,
}

/// A term (届) of the committee, from organisation.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Its name, e.g. 第十四届.
    pub name: String,
    /// Its first year.
    pub from: i32,
    /// Its last year; `None` for the current term.
    pub to: Option<i32>,
}

impl Role {
    /// Whether the role was held in `year`.
    pub fn holds_in(&self, year: i32) -> bool {
        self.from.is_none_or(|f| f <= year) && self.to.is_none_or(|t| year <= t)
    }

    /// Those of `roles` held in `year`, in the order written.
    pub fn holders(roles: &[Role], year: i32) -> impl Iterator<Item = &Role> {
        roles.iter().filter(move |r| r.holds_in(year))
    }

    /// "2022–2025", "2022 年起" ….
    pub fn span_text(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) if f == t => format!("{f} 年"),
            (Some(f), Some(t)) => format!("{f}–{t} 年"),
            (Some(f), None) => format!("{f} 年起"),
            (None, Some(t)) => format!("至 {t} 年"),
            (None, None) => String::new(),
        }
    }
}

/// A signature programme (clause 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    /// ASCII id referenced by activities.
    pub id: String,
    /// Name.
    pub name: String,
    /// One-paragraph description.
    pub summary: Option<String>,
}

/// A sector profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    /// ASCII id (the directory name).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short display name.
    pub short: Option<String>,
    /// Grouping on the sector index.
    pub group: String,
    /// Committee id of the serving special committee (clause 8).
    pub served_by: Option<At<String>>,
    /// The party or 工商联 organising it (clause 8).
    pub organised_by: Option<String>,
    /// The liaising vice-chair (clause 6).
    pub vice_chair: Option<At<String>>,
    /// Convenors over time.
    pub convenors: Vec<Role>,
    /// Liaisons over time.
    pub liaisons: Vec<Role>,
    /// Committee members of the sector (the roster), in the order written.
    pub members: Vec<Member>,
    /// Signature programmes.
    pub brands: Vec<Brand>,
    /// Introduction.
    pub body: Markdown,
    /// The profile file.
    pub source: Source,
}

impl Sector {
    /// The name to show in lists: the short name when there is one.
    pub fn display_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// The names on the roster, in the order written.
    pub fn member_names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.name.as_str())
    }

    /// Whether `name` is on the roster.
    pub fn has_member(&self, name: &str) -> bool {
        self.member_names().any(|m| m == name)
    }
}

/// A committee member on a sector's roster: a plain name, or a mapping that also gives
/// the member's employer (所在单位, for the clause-12 letters) and post there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Name.
    pub name: String,
    /// 所在单位: the employer the clause-12 letter is addressed to. Published only with
    /// `member_pages: true`.
    pub unit: Option<String>,
    /// 职务 at that employer. Published only with `member_pages: true`.
    pub post: Option<String>,
    /// Where the entry is written.
    pub position: Position,
}

/// A submission produced by an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputItem {
    /// Which of the four kinds.
    pub kind: OutputKind,
    /// Its title.
    pub title: String,
    /// What became of it.
    pub results: Vec<OutputResult>,
}

/// A photo of an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The image, relative to the content directory.
    pub src: PathBuf,
    /// Text alternative (required).
    pub alt: String,
    /// Visible caption.
    pub caption: Option<String>,
}

/// An activity write-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// The sector it is filed under.
    pub sector: String,
    /// Other sectors of a joint activity.
    pub also_sectors: Vec<At<String>>,
    /// Title.
    pub title: String,
    /// Day held (first day).
    pub date: NaiveDate,
    /// Where `date` is written (a date in the future is reported there).
    pub date_position: Position,
    /// Last day, for activities over several days.
    pub end_date: Option<NaiveDate>,
    /// Time of day it started (`time: 09:30`), if the write-up gives one: the `PubDate`
    /// of government-site meta tags is `date time`, `00:00` when absent.
    pub time: Option<chrono::NaiveTime>,
    /// Which of the nine kinds.
    pub kind: ActivityKind,
    /// A plenary group discussion: outside the quota.
    pub plenary_group: bool,
    /// Where.
    pub location: Option<String>,
    /// Organising body.
    pub organiser: Option<String>,
    /// Members present.
    pub participants: Vec<At<String>>,
    /// Chair-meeting members present.
    pub leaders: Vec<At<String>>,
    /// Signature programme id.
    pub brand: Option<At<String>>,
    /// Plan items carried out: `p2` (the filing sector's) or `jiaoyu/p4` (a partner's in
    /// a joint activity), as written.
    pub plans: Vec<At<String>>,
    /// Submissions produced.
    pub outputs: Vec<OutputItem>,
    /// Photos.
    pub photos: Vec<Photo>,
    /// The liaison who wrote it.
    pub author: Option<At<String>>,
    /// Explicit summary.
    pub summary: Option<String>,
    /// Left out of the published site.
    pub draft: bool,
    /// Who reviewed it, as (step, reviewer).
    pub reviewed_by: Vec<(String, String)>,
    /// Review steps still missing (empty when reviewed or no review is required).
    pub pending_review: Vec<String>,
    /// URL segment.
    pub slug: String,
    /// The write-up's text.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

impl Activity {
    /// The year it counts for.
    pub fn year(&self) -> i32 {
        chrono::Datelike::year(&self.date)
    }

    /// The plan items it carried out, as (sector, item id, where written): `p2` is the
    /// filing sector's, `jiaoyu/p4` a partner's.
    pub fn plan_refs(&self) -> impl Iterator<Item = (&str, &str, Position)> {
        self.plans.iter().map(|p| match p.value.split_once('/') {
            Some((sector, item)) => (sector.trim(), item.trim(), p.position),
            None => (self.sector.as_str(), p.value.trim(), p.position),
        })
    }

    /// Every sector it counts for: the filing sector first, then the joint ones.
    pub fn sector_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.sector.as_str())
            .chain(self.also_sectors.iter().map(|s| s.value.as_str()))
    }
}

/// A submission not tied to one activity (`outputs/*.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandaloneOutput {
    /// The sector.
    pub sector: String,
    /// Title.
    pub title: String,
    /// Date submitted.
    pub date: NaiveDate,
    /// Where `date` is written.
    pub date_position: Position,
    /// Which of the four kinds.
    pub kind: OutputKind,
    /// What became of it.
    pub results: Vec<OutputResult>,
    /// URL segment.
    pub slug: String,
    /// Optional text.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

/// One item of an annual plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Id referenced by activities' `plan`.
    pub id: String,
    /// What is planned.
    pub title: String,
    /// Planned kind.
    pub kind: Option<ActivityKind>,
    /// Planned quarter, 1–4.
    pub quarter: Option<u8>,
    /// Where the item is written in the plan.
    pub position: Position,
}

/// A sector's annual work plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The sector.
    pub sector: String,
    /// The year.
    pub year: i32,
    /// Items.
    pub items: Vec<PlanItem>,
    /// Text of the plan.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

/// A sector's year-end summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The sector.
    pub sector: String,
    /// The year.
    pub year: i32,
    /// Text.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

/// A commended sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommendedSector {
    /// Sector id.
    pub sector: At<String>,
    /// Why.
    pub citation: Option<String>,
}

/// A commended convenor or liaison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommendedPerson {
    /// Who.
    pub name: At<String>,
    /// In which sector.
    pub sector: At<String>,
    /// Why.
    pub citation: Option<String>,
}

/// A year's commendation notice (clause 11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commendation {
    /// The year commended.
    pub year: i32,
    /// When it was announced.
    pub date: Option<NaiveDate>,
    /// Reference number of the notice.
    pub document: Option<String>,
    /// Commended sectors.
    pub sectors: Vec<CommendedSector>,
    /// Commended convenors.
    pub convenors: Vec<CommendedPerson>,
    /// Commended liaisons.
    pub liaisons: Vec<CommendedPerson>,
    /// The notice's text.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

/// A free page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// ASCII id (file stem).
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// Shorter title for the navigation.
    pub short: Option<String>,
    /// Position in the navigation (lower first); pages without it are not in the menu.
    pub menu: Option<i32>,
    /// Text.
    pub body: Markdown,
    /// The file.
    pub source: Source,
}

/// The whole validated site (empty by default: the writing desk's forms before the
/// first good build).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// `site.yaml`.
    pub config: SiteConfig,
    /// Special committees.
    pub committees: Vec<Committee>,
    /// Chair-meeting members.
    pub leaders: Vec<Leader>,
    /// The committee's terms (届), oldest first.
    pub terms: Vec<Term>,
    /// Sectors, by id.
    pub sectors: Vec<Sector>,
    /// Published activities (drafts excluded unless asked for), newest first.
    pub activities: Vec<Activity>,
    /// Standalone submissions, newest first.
    pub outputs: Vec<StandaloneOutput>,
    /// Plans, by sector then year.
    pub plans: Vec<Plan>,
    /// Summaries, by sector then year.
    pub summaries: Vec<Summary>,
    /// Commendation notices, by year.
    pub commendations: Vec<Commendation>,
    /// Free pages, by id.
    pub pages: Vec<Page>,
    /// Non-document files in content/, relative paths.
    pub assets: BTreeSet<PathBuf>,
    /// Documents that failed validation (already reported), by path: links to them are
    /// not reported again as broken, and their bodies are still checked.
    pub rejected: BTreeMap<PathBuf, Rejected>,
}

impl Site {
    /// The sector with this id (sectors are sorted by id).
    pub fn sector(&self, id: &str) -> Option<&Sector> {
        self.sector_index(id).map(|i| &self.sectors[i])
    }

    /// The index in `sectors` of the sector with this id.
    pub fn sector_index(&self, id: &str) -> Option<usize> {
        self.sectors
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
    }

    /// The display name of a sector, or its id when there is no such sector.
    pub fn sector_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.sector(id).map_or(id, Sector::display_name)
    }
}

/// A document that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file.
    pub source: Source,
    /// Its body, checked for broken links and images all the same.
    pub body: Markdown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_ids_and_chinese_names() {
        assert_eq!(
            ActivityKind::parse("research"),
            Some(ActivityKind::Research)
        );
        assert_eq!(
            ActivityKind::parse("界别调研和视察"),
            Some(ActivityKind::Research)
        );
        assert_eq!(ActivityKind::parse("调研"), Some(ActivityKind::Research));
        assert_eq!(ActivityKind::parse("Study"), Some(ActivityKind::Study));
        assert_eq!(ActivityKind::parse("reserch"), None);
        assert_eq!(OutputKind::parse("社情民意信息"), Some(OutputKind::Opinion));
        assert_eq!(ActivityKind::ALL.len(), 9);
    }

    #[test]
    fn roles_cover_inclusive_years() {
        let role = Role {
            name: "张某某".into(),
            first: false,
            from: Some(2022),
            to: Some(2024),
            unit: None,
            term: None,
            position: Position::start(),
        };
        assert!(role.holds_in(2022) && role.holds_in(2024));
        assert!(!role.holds_in(2021) && !role.holds_in(2025));
        assert_eq!(role.span_text(), "2022–2024 年");
    }
}
