//! The file-role table: what each file under `content/` is, decided by its place in the
//! tree, and where each kind of document goes. This is the only place a content file
//! name or folder is spelled; everything else asks here.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::paths::segments;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The spellings of the site configuration file, the first preferred.
pub const SITE_CONFIG: &[&str] = &["site.yaml", "site.yml"];
/// The spellings of the organisation file.
pub const ORGANISATION: &[&str] = &["organisation.yaml", "organisation.yml", "organization.yaml"];
/// The spellings of the committee's list of wrong terms.
pub const LINT_TERMS: &[&str] = &["lint.yaml", "lint.yml"];
/// The document a folder stands for (a sector's profile; a link to a folder).
pub const FOLDER_INDEX: &str = "index.md";

/// What a content file is, decided by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// `site.yaml`
    SiteConfig,
    /// `organisation.yaml`
    Organisation,
    /// `lint.yaml`: the committee's list of wrong terms (read by `check`).
    LintTerms,
    /// `sectors/<id>/index.md`
    Sector {
        /// The sector id (directory name).
        sector: String,
    },
    /// `sectors/<id>/activities/**/*.md`
    Activity {
        /// The sector the write-up is filed under.
        sector: String,
    },
    /// `sectors/<id>/plans/<year>.md`
    Plan {
        /// The sector.
        sector: String,
        /// The year, from the file name.
        year: i32,
    },
    /// `sectors/<id>/summaries/<year>.md`
    Summary {
        /// The sector.
        sector: String,
        /// The year, from the file name.
        year: i32,
    },
    /// `sectors/<id>/outputs/**/*.md`
    Output {
        /// The sector.
        sector: String,
    },
    /// `commendations/<year>.md`
    Commendation {
        /// The year, from the file name.
        year: i32,
    },
    /// `pages/<id>.md`
    Page {
        /// The page id (file stem).
        id: String,
    },
}

impl Role {
    /// The role of the file at `rel` (relative to content/), when it has one and its
    /// name is right.
    pub fn of(rel: &Path) -> Option<Role> {
        classify(rel).ok().flatten()
    }
}

/// The first of `spellings` that exists in `content_dir`.
pub fn find(content_dir: &Path, spellings: &[&str]) -> Option<PathBuf> {
    spellings
        .iter()
        .map(|name| content_dir.join(name))
        .find(|path| path.is_file())
}

/// A sector's profile: `sectors/<id>/index.md`.
pub fn sector_profile(sector: &str) -> PathBuf {
    ["sectors", sector, FOLDER_INDEX].iter().collect()
}

/// A write-up: `sectors/<id>/activities/<year>/<date>-<title>.md`.
pub fn activity_file(sector: &str, date: NaiveDate, title: &str) -> PathBuf {
    let year = date.year().to_string();
    let name = format!("{date}-{title}.md");
    ["sectors", sector, "activities", &year, &name]
        .iter()
        .collect()
}

/// A standalone output: `sectors/<id>/outputs/<date>-<title>.md`.
pub fn output_file(sector: &str, date: NaiveDate, title: &str) -> PathBuf {
    let name = format!("{date}-{title}.md");
    ["sectors", sector, "outputs", &name].iter().collect()
}

/// A plan: `sectors/<id>/plans/<year>.md`.
pub fn plan_file(sector: &str, year: i32) -> PathBuf {
    ["sectors", sector, "plans", &format!("{year}.md")]
        .iter()
        .collect()
}

/// A year-end summary: `sectors/<id>/summaries/<year>.md`.
pub fn summary_file(sector: &str, year: i32) -> PathBuf {
    ["sectors", sector, "summaries", &format!("{year}.md")]
        .iter()
        .collect()
}

/// A commendation notice: `commendations/<year>.md`.
pub fn commendation_file(year: i32) -> PathBuf {
    ["commendations", &format!("{year}.md")].iter().collect()
}

/// Whether a file under `content/` is a document (read as text with front matter) rather
/// than an asset, by its extension.
pub fn is_document(rel: &Path) -> bool {
    matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "yaml" | "yml")
    )
}

/// Why a name is never read as content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoredName {
    /// Starts with `.`: hidden (and `.`, `..` tricks).
    Hidden,
    /// An editor's or Word's temporary file: `#…#`, `~$…`, `.swp`, `.swx`, `.tmp`.
    Temporary,
    /// A backup: `…~`, `.bak`.
    Backup,
}

const TEMPORARY_ENDINGS: [&str; 3] = [".swp", ".swx", ".tmp"];
const BACKUP_ENDINGS: [&str; 2] = ["~", ".bak"];

/// Why `name` is never content, or `None` when it may be.
pub fn ignored_name(name: &str) -> Option<IgnoredName> {
    if name.starts_with('.') {
        Some(IgnoredName::Hidden)
    } else if name.starts_with('#')
        || name.starts_with("~$")
        || TEMPORARY_ENDINGS.iter().any(|e| name.ends_with(e))
    {
        Some(IgnoredName::Temporary)
    } else if BACKUP_ENDINGS.iter().any(|e| name.ends_with(e)) {
        Some(IgnoredName::Backup)
    } else {
        None
    }
}

/// Hidden files, editors' backups and swap files are never content.
pub fn is_ignored_name(name: &str) -> bool {
    ignored_name(name).is_some()
}

/// `name` without what makes it ignored (`.a.md` → `a.md`, `a.md.bak` → `a.md`), to
/// suggest the name it would need to be read.
pub fn unignored_name(name: &str) -> String {
    let mut name = name.trim_start_matches(['.', '#']);
    name = name.strip_prefix("~$").unwrap_or(name);
    loop {
        let before = name;
        name = name.trim_end_matches(['~', '#']);
        for ending in TEMPORARY_ENDINGS.iter().chain(&BACKUP_ENDINGS) {
            name = name.strip_suffix(ending).unwrap_or(name);
        }
        if name == before {
            return name.to_string();
        }
    }
}

/// Why a path cannot be a document.
#[derive(Debug)]
pub struct ClassifyError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl ClassifyError {
    /// The problem as a diagnostic of the file at `path`.
    pub fn into_diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, Position::start(), self.message).with_help(self.help)
    }
}

/// Decides a file's role from its path. `Ok(None)`: not a document jiebie reads (a
/// warning would be noise for READMEs and the like, so they are simply skipped).
pub fn classify(rel: &Path) -> Result<Option<Role>, ClassifyError> {
    let parts = segments(rel);
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_md = matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    );
    let year_of = |what: &str| -> Result<i32, ClassifyError> {
        parse_year(&stem).ok_or_else(|| ClassifyError {
            message: crate::tr!(
                "{what}的文件名必须是四位年份，例如 2025.md，而不是 “{stem}”",
                "the file name of {what} must be a four-digit year such as 2025.md, not “{stem}”"
            ),
            help: crate::tr!(
                "把文件改名为年份，如 2025.md",
                "rename the file to the year, e.g. 2025.md"
            ),
        })
    };
    let role = match parts.as_slice() {
        [name] if SITE_CONFIG.contains(name) => Role::SiteConfig,
        [name] if ORGANISATION.contains(name) => Role::Organisation,
        [name] if LINT_TERMS.contains(name) => Role::LintTerms,
        ["sectors", sector, rest @ ..] if is_md => {
            check_id(sector, &crate::tr!("界别目录名", "sector directory name"))?;
            let sector = sector.to_string();
            match rest {
                [name] if *name == FOLDER_INDEX => Role::Sector { sector },
                ["activities", _, ..] => Role::Activity { sector },
                ["plans", _] => Role::Plan {
                    sector,
                    year: year_of(&crate::tr!("年度计划", "a yearly plan"))?,
                },
                ["summaries", _] => Role::Summary {
                    sector,
                    year: year_of(&crate::tr!("年度总结", "a yearly summary"))?,
                },
                ["outputs", _, ..] => Role::Output { sector },
                _ => return Err(misplaced()),
            }
        }
        ["commendations", _] if is_md => Role::Commendation {
            year: year_of(&crate::tr!("通报表扬", "a commendation"))?,
        },
        ["pages", _] if is_md => {
            check_id(&stem, &crate::tr!("页面文件名", "page file name"))?;
            Role::Page { id: stem }
        }
        _ if is_md => return Err(misplaced()),
        _ => return Ok(None),
    };
    Ok(Some(role))
}

fn misplaced() -> ClassifyError {
    ClassifyError {
        message: crate::tr!("这个文件不在 jiebie 认识的位置，不会被发布", "jiebie does not know this location, so the file will not be published"),
        help: crate::tr!(
            "活动稿件放在 sectors/<界别>/activities/ 下；计划放 plans/<年份>.md；页面放 pages/",
            "activity write-ups go under sectors/<sector>/activities/, plans in plans/<year>.md, pages in pages/"
        ),
    }
}

fn check_id(id: &str, what: &str) -> Result<(), ClassifyError> {
    crate::core::slug::check_id(id).map_err(|problem| ClassifyError {
        message: problem.describe(what, id),
        help: crate::tr!(
            "改名为 “{}”",
            "rename it to “{}”",
            crate::core::slug::suggest_id(id)
        ),
    })
}

fn parse_year(text: &str) -> Option<i32> {
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok().filter(|y| (1949..=2999).contains(y))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_tree() {
        let role = |p: &str| classify(Path::new(p)).map_err(|e| e.message);
        assert_eq!(role("site.yaml").unwrap(), Some(Role::SiteConfig));
        assert_eq!(
            role("sectors/minmeng/activities/2025/x/长江.md").unwrap(),
            Some(Role::Activity {
                sector: "minmeng".into()
            })
        );
        assert_eq!(
            role("sectors/minmeng/plans/2025.md").unwrap(),
            Some(Role::Plan {
                sector: "minmeng".into(),
                year: 2025
            })
        );
        assert!(role("sectors/minmeng/plans/plan.md")
            .unwrap_err()
            .contains("四位年份"));
        assert!(role("sectors/MinMeng/index.md")
            .unwrap_err()
            .contains("小写"));
        assert!(role("notes.md").unwrap_err().contains("位置"));
        assert_eq!(role("sectors/minmeng/activities/2025/a.jpg").unwrap(), None);
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".a.md.swp", "a.md~", "#a.md#", ".git", "~$a.docx"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
        assert_eq!(ignored_name(".2025"), Some(IgnoredName::Hidden));
        assert_eq!(ignored_name("a.md~"), Some(IgnoredName::Backup));
        assert_eq!(ignored_name("a.md.bak"), Some(IgnoredName::Backup));
        assert_eq!(ignored_name("#a.md#"), Some(IgnoredName::Temporary));
        assert_eq!(unignored_name(".调研.md"), "调研.md");
        assert_eq!(unignored_name("a.md.bak"), "a.md");
        assert_eq!(unignored_name("#a.md#"), "a.md");
        assert_eq!(unignored_name("..%2f..%2fetc"), "%2f..%2fetc");
    }

    #[test]
    fn every_spelling_classifies_to_its_role_and_paths_round_trip() {
        for (names, role) in [
            (SITE_CONFIG, Role::SiteConfig),
            (ORGANISATION, Role::Organisation),
            (LINT_TERMS, Role::LintTerms),
        ] {
            for name in names {
                assert_eq!(Role::of(Path::new(name)), Some(role.clone()), "{name}");
            }
        }
        let day = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(
            Role::of(&activity_file("minmeng", day, "长江")),
            Some(Role::Activity {
                sector: "minmeng".into()
            })
        );
        assert_eq!(
            Role::of(&plan_file("minmeng", 2026)),
            Some(Role::Plan {
                sector: "minmeng".into(),
                year: 2026
            })
        );
        assert_eq!(
            Role::of(&summary_file("minmeng", 2026)),
            Some(Role::Summary {
                sector: "minmeng".into(),
                year: 2026
            })
        );
        assert_eq!(
            Role::of(&output_file("minmeng", day, "报告")),
            Some(Role::Output {
                sector: "minmeng".into()
            })
        );
        assert_eq!(
            Role::of(&commendation_file(2026)),
            Some(Role::Commendation { year: 2026 })
        );
        assert_eq!(
            Role::of(&sector_profile("minmeng")),
            Some(Role::Sector {
                sector: "minmeng".into()
            })
        );
    }
}
