//! A sector's year on the desk: every write-up and output filed (published, draft, or
//! with errors), whether the plan and the summary are in, and where the sector stands
//! against the clause-4 quota — so a liaison sees what is left to file.

use super::check::Sources;
use super::DocType;
use crate::core::i18n;
use crate::core::paths::slashed;
use crate::derive::Derived;
use crate::model::Site;
use crate::source::roles::{self, Role};
use serde::Serialize;
use std::path::PathBuf;

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Published with the next build.
    Published,
    /// Saved as a draft: not published.
    Draft,
    /// Has errors: left out until they are fixed.
    Errors,
}

/// One document of the sector's year.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Path relative to content/.
    pub file: String,
    /// Write-up or output.
    pub doc: DocType,
    /// Its title (or file name when it has none).
    pub title: String,
    /// Its date as written.
    pub date: String,
    /// Where it stands.
    pub state: State,
    /// Its first problem, when it has errors.
    pub problem: Option<String>,
}

/// The sector's standing against the quota, in words and figures.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// Activities counted so far.
    pub activities: u32,
    /// Activities required.
    pub activities_required: u32,
    /// Outputs counted so far.
    pub outputs: u32,
    /// Outputs required.
    pub outputs_required: u32,
    /// The verdict in words.
    pub verdict: String,
    /// What is still missing, in words (empty when met).
    pub shortfalls: String,
}

/// A sector's year as the desk lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// Sector id.
    pub sector: String,
    /// Its name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// Write-ups and outputs of the year, newest first.
    pub entries: Vec<Entry>,
    /// The plan's file, when filed.
    pub plan: Option<String>,
    /// The summary's file, when filed.
    pub summary: Option<String>,
    /// Where the plan and summary would be written.
    pub plan_file: String,
    /// Where the summary would be written.
    pub summary_file: String,
    /// Quota standing from the last good build (`None` before one).
    pub standing: Option<Standing>,
    /// Drafts and documents with errors.
    pub unfinished: usize,
}

/// Lists `sector`'s documents of `year` from the content as held, with the standing from
/// the last good build.
pub fn listing(
    sources: Sources<'_>,
    built: Option<(&Site, &Derived)>,
    sector: &str,
    name: &str,
    year: i32,
) -> Listing {
    let mut entries = Vec::new();
    let mut plan = None;
    let mut summary = None;
    for (file, decoded) in sources.loaded.files.iter().zip(sources.decoded) {
        let doc = match &file.role {
            Role::Activity { sector: s } if s == sector => DocType::Activity,
            Role::Output { sector: s } if s == sector => DocType::Output,
            Role::Plan { sector: s, year: y } if s == sector && *y == year => {
                plan = Some(slashed(&file.rel));
                continue;
            }
            Role::Summary { sector: s, year: y } if s == sector && *y == year => {
                summary = Some(slashed(&file.rel));
                continue;
            }
            _ => continue,
        };
        let text = |key: &str| {
            file.front
                .as_mapping()
                .and_then(|m| m.iter().find(|(k, _)| k.text == key))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string)
        };
        let date = text("date").unwrap_or_default();
        let in_year = match crate::source::fields::parse_date(&date) {
            Ok(d) => chrono::Datelike::year(&d) == year,
            // Undated: listed under the year of its folder, else every year (to be fixed).
            Err(_) => {
                file.rel
                    .components()
                    .any(|c| c.as_os_str() == year.to_string().as_str())
                    || !file
                        .rel
                        .components()
                        .any(|c| c.as_os_str().to_string_lossy().parse::<i32>().is_ok())
            }
        };
        if !in_year {
            continue;
        }
        let draft = text("draft")
            .and_then(|d| crate::source::fields::parse_boolean(&d))
            .unwrap_or(false);
        // A draft's problems are warnings (it is not published); they are still its to fix.
        let first_error = decoded.diagnostics().iter().find(|d| d.is_error() || draft);
        let state = match (first_error, draft) {
            (Some(_), false) => State::Errors,
            (_, true) => State::Draft,
            (None, false) => State::Published,
        };
        entries.push(Entry {
            file: slashed(&file.rel),
            doc,
            title: text("title").unwrap_or_else(|| {
                file.rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            date,
            state,
            problem: first_error.map(|d| d.message.clone()),
        });
    }
    for unreadable in &sources.loaded.unreadable {
        let doc = match Role::of(&unreadable.rel) {
            Some(Role::Activity { sector: s }) if s == sector => DocType::Activity,
            Some(Role::Output { sector: s }) if s == sector => DocType::Output,
            _ => continue,
        };
        entries.push(Entry {
            file: slashed(&unreadable.rel),
            doc,
            title: unreadable
                .rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            date: String::new(),
            state: State::Errors,
            problem: Some(unreadable.diagnostic.message.clone()),
        });
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.file.cmp(&b.file)));
    let standing = built.map(|(site, derived)| {
        let figures = derived
            .sector_years
            .get(&(sector.to_string(), year))
            .cloned()
            .unwrap_or_default();
        let lang = i18n::current();
        Standing {
            activities: figures.activities,
            activities_required: site.config.quota.activities,
            outputs: figures.outputs,
            outputs_required: site.config.quota.outputs,
            verdict: crate::render::words::verdict(figures.verdict(), lang),
            shortfalls: crate::render::words::shortfalls_text(&figures.shortfalls, lang),
        }
    });
    let unfinished = entries
        .iter()
        .filter(|e| e.state != State::Published)
        .count();
    Listing {
        sector: sector.to_string(),
        name: name.to_string(),
        year,
        entries,
        plan,
        summary,
        plan_file: slashed(&roles::plan_file(sector, year)),
        summary_file: slashed(&roles::summary_file(sector, year)),
        standing,
        unfinished,
    }
}

/// A path from a form or an address, relative to content/, when it is one the desk may
/// open: `/`-separated plain names (no `..`, `.`, empty, hidden or drive-like segment, no
/// backslash or NUL) naming a document of a type the desk files.
pub fn document_path(given: &str) -> Option<PathBuf> {
    let plain = |segment: &str| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && !segment.contains(['\\', '\0', ':'])
            && !roles::is_ignored_name(segment)
    };
    if !given.split('/').all(plain) {
        return None;
    }
    let rel: PathBuf = given.split('/').collect();
    DocType::of(&rel).map(|_| rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_to_desk_documents_are_opened() {
        assert_eq!(
            document_path("sectors/minmeng/activities/2025/a.md"),
            Some(PathBuf::from("sectors/minmeng/activities/2025/a.md"))
        );
        assert!(document_path("commendations/2025.md").is_some());
        let traversals = include_str!("../../../tests/fixtures/serve/traversal.txt");
        for bad in traversals
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.trim_start_matches('/').to_string())
            .chain(
                [
                    "",
                    "/sectors/minmeng/activities/2025/a.md",
                    "sectors/minmeng/activities/2025/../../../../site.yaml",
                    "sectors/minmeng//activities/a.md",
                    "sectors/minmeng/activities/.hidden.md",
                    "sectors\\minmeng\\activities\\a.md",
                    "site.yaml",
                    "organisation.yaml",
                    "sectors/minmeng/index.md",
                    "pages/about.md",
                    "sectors/minmeng/activities/2025/a.md\0",
                    "C:/sectors/minmeng/activities/a.md",
                ]
                .map(str::to_string),
            )
        {
            assert_eq!(document_path(&bad), None, "{bad}");
        }
    }
}
