//! Reports: the clause-10 year-start plan summary ([`plans`]) and year-end report
//! ([`year`]), and the per-member record ([`members`]) that clause-11 evaluation and
//! clause-12 employer notices need. Every figure comes from [`crate::derive::figures`];
//! this layer only lays the figures out as tables, with their words in the language of
//! the command line (Chinese, or English with `--lang en`). The tables are shared by the
//! terminal and the CSV/XLSX/Markdown exports ([`export`]).

pub mod export;
pub mod members;
pub mod papers;
pub mod plans;
pub mod year;

use crate::derive::figures::year_has_data;
use crate::derive::Derived;
use crate::model::{Role, Site};
use crate::render::chart::BarChart;

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Number(i64),
    /// No value: used where the year has no record, so that it does not read as zero.
    Blank,
}

impl Cell {
    /// The cell as shown in text formats (a blank shows as “—”).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Blank => "—".to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(i64::from(n))
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A titled table with column headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Short name, used as the XLSX sheet name (≤ 31 characters).
    pub name: String,
    /// Heading shown above the table.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub(crate) fn new(name: String, title: String, headers: Vec<String>) -> Table {
        Table {
            name,
            title,
            headers,
            rows: Vec::new(),
        }
    }
}

/// A report: a title, notes to read first, and tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// E.g. “2025 年度界别工作完成情况”.
    pub title: String,
    /// The year reported.
    pub year: i32,
    /// False when nothing at all was recorded for the year: the report says so instead of
    /// showing zeros that would read as failure.
    pub has_data: bool,
    /// Sentences printed before the tables.
    pub notes: Vec<String>,
    /// The tables.
    pub tables: Vec<Table>,
    /// Charts drawn from the same figures (the year page's, for the year report); the
    /// Word paper carries them as charts, the text exports leave them out (their data is
    /// in the tables).
    pub charts: Vec<BarChart>,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// Year-start summary of every sector's plan (clause 10).
    Plans,
    /// Year-end completion report (clause 10).
    Year,
    /// Per-member participation (clauses 11, 12).
    Members,
}

/// Builds one report for one year.
pub fn build(kind: ReportKind, site: &Site, derived: &Derived, year: i32) -> Report {
    match kind {
        ReportKind::Plans => plans::report(site, derived, year),
        ReportKind::Year => year::report(site, derived, year),
        ReportKind::Members => members::report(site, derived, year),
    }
}

impl Report {
    /// An empty report on `year` for data recorded during it; a year with no record at
    /// all carries the note saying so (never zeros that read as failure).
    fn for_year(site: &Site, derived: &Derived, year: i32, title: String) -> Report {
        let has_data = year_has_data(site, derived, year);
        let notes = if has_data {
            Vec::new()
        } else {
            vec![crate::tr!(
                "{year} 年没有任何记录（没有活动稿件、成果、计划或总结），无法统计；这不表示各界别未开展工作。",
                "nothing at all was recorded for {year} (no write-up, output, plan or summary), so there is nothing to count; this does not mean the sectors did no work."
            )]
        };
        Report {
            title,
            year,
            has_data,
            notes,
            tables: Vec::new(),
            charts: Vec::new(),
        }
    }
}

/// The separator between items of a list in a table cell.
fn separator() -> &'static str {
    crate::core::i18n::separator()
}

/// The names of those holding a role in `year`, joined for a table cell.
fn holder_names(roles: &[Role], year: i32) -> Cell {
    Role::holders(roles, year)
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(separator())
        .into()
}
