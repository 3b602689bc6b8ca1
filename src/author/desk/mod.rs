//! The writing desk's content side: which documents a liaison files through forms
//! ([`DocType`]), the form of each over the content model ([`form`]), what a form's
//! submission turns the file into ([`form::Form::changes`], written through
//! [`crate::author::edit`]), where a new document goes ([`new_file`]), checking a
//! document before it is saved with the same code as `check` ([`check`]), and a sector's
//! year at a glance ([`listing`]).
//!
//! Nothing here knows HTTP: `publish::serve::desk` puts it on the preview server.

pub mod check;
pub mod form;
pub mod listing;
pub mod photos;

use crate::model::{ActivityKind, OutputKind};
use crate::source::roles::{self, Role};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// A kind of document a liaison (or, for commendations, the office) files on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    /// An activity write-up.
    Activity,
    /// A sector's annual plan.
    Plan,
    /// A sector's year-end summary.
    Summary,
    /// A standalone output.
    Output,
    /// The annual commendation notice.
    Commendation,
}

impl DocType {
    /// Every type, in the order the desk offers them.
    pub const ALL: [DocType; 5] = [
        DocType::Activity,
        DocType::Plan,
        DocType::Summary,
        DocType::Output,
        DocType::Commendation,
    ];

    /// The id used in the desk's addresses.
    pub fn id(self) -> &'static str {
        match self {
            DocType::Activity => "activity",
            DocType::Plan => "plan",
            DocType::Summary => "summary",
            DocType::Output => "output",
            DocType::Commendation => "commendation",
        }
    }

    /// The type with this id.
    pub fn parse(id: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Its name for people.
    pub fn name(self) -> String {
        match self {
            DocType::Activity => crate::tr!("活动报道", "activity write-up"),
            DocType::Plan => crate::tr!("年度工作计划", "annual plan"),
            DocType::Summary => crate::tr!("年度工作总结", "year-end summary"),
            DocType::Output => crate::tr!("成果", "output"),
            DocType::Commendation => crate::tr!("表扬通报", "commendation notice"),
        }
    }

    /// The type of the document at `rel` (relative to content/), with its sector.
    pub fn of(rel: &Path) -> Option<(DocType, Option<String>)> {
        match Role::of(rel)? {
            Role::Activity { sector } => Some((DocType::Activity, Some(sector))),
            Role::Plan { sector, .. } => Some((DocType::Plan, Some(sector))),
            Role::Summary { sector, .. } => Some((DocType::Summary, Some(sector))),
            Role::Output { sector } => Some((DocType::Output, Some(sector))),
            Role::Commendation { .. } => Some((DocType::Commendation, None)),
            _ => None,
        }
    }

    /// Whether documents of this type belong to a sector.
    pub fn has_sector(self) -> bool {
        self != DocType::Commendation
    }

    /// The documented key order of its front matter.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            DocType::Activity => crate::model::decode::activity::ACTIVITY_KEYS,
            DocType::Plan => &["year", "items"],
            DocType::Summary => &["year"],
            DocType::Output => &["title", "date", "kind", "results", "slug"],
            DocType::Commendation => &[
                "year",
                "date",
                "document",
                "sectors",
                "convenors",
                "liaisons",
            ],
        }
    }

    /// The text of a new document of this type before the form's values are set: the
    /// same commented template `jiebie new` writes, so a file saved from the desk reads
    /// like one a person started.
    pub fn template(self, year: i32, today: NaiveDate) -> String {
        match self {
            DocType::Activity => crate::author::scaffold::activity_document(
                &crate::author::scaffold::ActivityDraft::default(),
            ),
            DocType::Output => {
                let kinds: Vec<String> = OutputKind::ALL
                    .iter()
                    .map(|k| format!("{} {}", k.id(), k.name()))
                    .collect();
                format!(
                    "---\n# 成果标题（必填）\ntitle:\n# 提交日期（必填），格式 年-月-日\ndate:\n# 成果类型（必填）：{}\nkind:\n---\n",
                    kinds.join("、")
                )
            }
            DocType::Plan => {
                let kinds: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.id()).collect();
                format!(
                    "---\n# 年份（与文件名一致）\nyear: {year}\n# 计划项目：id 是编号（活动稿件的 plan 字段引用它），kind 是九类活动之一（{}），quarter 是季度 1–4\nitems:\n---\n",
                    kinds.join("、")
                )
            }
            DocType::Summary => format!("---\n# 年份（与文件名一致）\nyear: {year}\n---\n"),
            DocType::Commendation => format!(
                "---\n# 表扬的年度（与文件名一致）\nyear: {year}\n# 通报日期\ndate: {today}\n# 文号\ndocument:\n# 表扬的界别：sector 写界别代号\nsectors:\n# 表扬的召集人、联络员：须在该年度担任该界别的相应职务\nconvenors:\nliaisons:\n---\n"
            ),
        }
    }
}

/// Where a new document goes (relative to content/): the same place `jiebie new` and
/// `jiebie import` write it. Write-ups and outputs are named by date and title; a
/// missing date is today's and a missing title is "草稿".
pub fn new_file(
    doc: DocType,
    sector: &str,
    title: Option<&str>,
    date: Option<NaiveDate>,
    year: i32,
    today: NaiveDate,
) -> PathBuf {
    let date = date.unwrap_or(today);
    let title = crate::author::scaffold::file_title(title.unwrap_or("草稿"));
    match doc {
        DocType::Activity => roles::activity_file(sector, date, &title),
        DocType::Output => roles::output_file(sector, date, &title),
        DocType::Plan => roles::plan_file(sector, year),
        DocType::Summary => roles::summary_file(sector, year),
        DocType::Commendation => roles::commendation_file(year),
    }
}

/// The first name under `rel`'s folder that is not taken: `rel` itself, else with
/// `-2`, `-3` … before the extension.
pub fn free_name(content_dir: &Path, rel: &Path) -> PathBuf {
    if !content_dir.join(rel).exists() {
        return rel.to_path_buf();
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = rel
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| rel.with_file_name(format!("{stem}-{n}{extension}")))
        .find(|candidate| !content_dir.join(candidate).exists())
        .unwrap_or_else(|| rel.to_path_buf())
}

/// Writes `bytes` to `path` whole or not at all: into a hidden file beside it (which
/// `serve`'s watcher and the loader ignore), then renamed over it, so the preview never
/// rebuilds from half a file and a failed save leaves the old one.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = path.with_file_name(format!(".{name}.jiebie-saving"));
    let written = (|| {
        let mut file = std::fs::File::create(&staging)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&staging, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    written
}

/// The year a document is for, from its file name (plans, summaries, commendations) or
/// its date.
pub fn year_of(rel: &Path, date: Option<NaiveDate>) -> Option<i32> {
    match Role::of(rel)? {
        Role::Plan { year, .. } | Role::Summary { year, .. } | Role::Commendation { year } => {
            Some(year)
        }
        _ => date.map(|d| d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_their_ids_and_paths() {
        for doc in DocType::ALL {
            assert_eq!(DocType::parse(doc.id()), Some(doc));
            let today = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
            let rel = new_file(doc, "minmeng", Some("长江调研"), None, 2026, today);
            let (found, sector) = DocType::of(&rel).unwrap();
            assert_eq!(found, doc, "{}", rel.display());
            assert_eq!(sector.is_some(), doc.has_sector());
            assert_eq!(year_of(&rel, Some(today)), Some(2026));
        }
        assert_eq!(DocType::parse("sector"), None);
        assert_eq!(DocType::of(Path::new("site.yaml")), None);
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("a/b.md");
        assert_eq!(free_name(dir.path(), rel), rel);
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/b.md"), "").unwrap();
        std::fs::write(dir.path().join("a/b-2.md"), "").unwrap();
        assert_eq!(free_name(dir.path(), rel), Path::new("a/b-3.md"));
    }
}
