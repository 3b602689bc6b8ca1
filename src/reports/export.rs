//! Export: a [`Report`] as a terminal table, CSV (UTF-8 with BOM, for Excel and WPS), an
//! XLSX workbook (one sheet per table) or Markdown (for the newsletter).

use crate::reports::{Cell, Report, Table};

/// A file format for `jiebie report --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, UTF-8 with a byte-order mark.
    Csv,
    /// Office Open XML workbook.
    Xlsx,
    /// Markdown tables.
    Markdown,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Markdown => "md",
        }
    }
}

/// The report in the format, as the bytes of a file.
pub fn export(report: &Report, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => Ok(to_csv(report).into_bytes()),
        Format::Xlsx => to_xlsx(report),
        Format::Markdown => Ok(to_markdown(report).into_bytes()),
    }
}

use crate::core::text::display_width;

fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// The report as aligned plain-text tables for the terminal.
pub fn to_terminal(report: &Report) -> String {
    let mut out = format!("{}\n", report.title);
    for note in &report.notes {
        out.push_str(note);
        out.push('\n');
    }
    for table in &report.tables {
        out.push('\n');
        out.push_str(&format!("【{}】\n", table.title));
        if table.rows.is_empty() {
            out.push_str("（无）\n");
            continue;
        }
        let mut widths: Vec<usize> = table.headers.iter().map(|h| display_width(h)).collect();
        for row in &table.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(display_width(&cell.display()));
            }
        }
        let numeric: Vec<bool> = (0..table.headers.len())
            .map(|c| {
                table
                    .rows
                    .iter()
                    .all(|r| matches!(r.get(c), Some(Cell::Number(_) | Cell::Blank)))
            })
            .collect();
        let line = |cells: Vec<String>| -> String {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, text)| pad(text, widths[c], numeric[c]))
                .collect();
            format!("{}\n", parts.join("  ").trim_end())
        };
        out.push_str(&line(table.headers.clone()));
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        out.push_str(&format!("{}\n", rule.join("  ")));
        for row in &table.rows {
            out.push_str(&line(row.iter().map(Cell::display).collect()));
        }
    }
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Blank => String::new(),
        other => csv_field(&other.display()),
    }
}

/// The report as CSV: a byte-order mark (so that Excel and WPS read UTF-8), the title and
/// notes, then each table as a title line, a header line and its rows, tables separated by
/// an empty line. Lines end in CRLF.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_field(&report.title));
    out.push_str("\r\n");
    for note in &report.notes {
        out.push_str(&csv_field(note));
        out.push_str("\r\n");
    }
    for table in &report.tables {
        out.push_str("\r\n");
        out.push_str(&csv_field(&table.title));
        out.push_str("\r\n");
        let header: Vec<String> = table.headers.iter().map(|h| csv_field(h)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(csv_cell).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The report as Markdown: a heading, the notes, and a pipe table per table.
pub fn to_markdown(report: &Report) -> String {
    let mut out = format!("# {}\n\n", report.title);
    for note in &report.notes {
        out.push_str(note);
        out.push_str("\n\n");
    }
    for table in &report.tables {
        out.push_str(&format!("## {}\n\n", table.title));
        if table.rows.is_empty() {
            out.push_str(&crate::tr!("无。\n\n", "None.\n\n"));
            continue;
        }
        let header: Vec<String> = table.headers.iter().map(|h| markdown_cell(h)).collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        let align: Vec<&str> = (0..table.headers.len())
            .map(|c| {
                if table
                    .rows
                    .iter()
                    .any(|r| matches!(r.get(c), Some(Cell::Number(_))))
                {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", align.join(" | ")));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| markdown_cell(&c.display())).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out
}

/// Excel forbids these in sheet names and limits them to 31 characters.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let mut candidate = if clean.is_empty() {
        crate::tr!("表", "table")
    } else {
        clean
    };
    let base = candidate.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

/// Column width in Excel units (about one Latin character; a CJK character needs two).
fn column_width(table: &Table, col: usize) -> f64 {
    let widest = table
        .rows
        .iter()
        .filter_map(|r| r.get(col))
        .map(|c| display_width(&c.display()))
        .chain(std::iter::once(display_width(&table.headers[col])))
        .max()
        .unwrap_or(8);
    (widest + 2).clamp(6, 60) as f64
}

/// Why a report could not be made into a file.
#[derive(Debug)]
pub enum ExportError {
    /// The XLSX writer failed.
    Xlsx(rust_xlsxwriter::XlsxError),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Xlsx(e) => f.write_str(&crate::tr!(
                "生成 XLSX 文件失败：{e}",
                "failed to create the XLSX file: {e}"
            )),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Xlsx(e) => Some(e),
        }
    }
}

/// The report as an XLSX workbook: a notes (“说明”) sheet with the title and notes, then one sheet
/// per table with a bold, frozen header row and column widths fitted to the text.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let failed = ExportError::Xlsx;
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let wrap = CellFormat::new().set_text_wrap();
    let notes = crate::tr!("说明", "notes");
    let mut taken: Vec<String> = vec![notes.clone()];
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&notes).map_err(failed)?;
        sheet.set_column_width(0, 100).map_err(failed)?;
        sheet
            .write_string_with_format(0, 0, &report.title, &bold)
            .map_err(failed)?;
        for (i, note) in report.notes.iter().enumerate() {
            sheet
                .write_string_with_format(i as u32 + 1, 0, note, &wrap)
                .map_err(failed)?;
        }
        for (i, table) in report.tables.iter().enumerate() {
            let row = (report.notes.len() + 2 + i) as u32;
            let (title, name) = (&table.title, &table.name);
            let pointer = crate::tr!(
                "{title}：见工作表“{name}”",
                "{title}: see the sheet “{name}”"
            );
            sheet.write_string(row, 0, pointer).map_err(failed)?;
        }
    }
    for table in &report.tables {
        let name = sheet_name(&table.name, &taken);
        taken.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(failed)?;
        for (c, header) in table.headers.iter().enumerate() {
            let col = c as u16;
            sheet
                .write_string_with_format(0, col, header, &bold)
                .map_err(failed)?;
            sheet
                .set_column_width(col, column_width(table, c))
                .map_err(failed)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Cell::Blank => Ok(()),
                }
                .map_err(failed)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("民盟界"), "民盟界");
        assert_eq!(csv_field("甲,乙"), "\"甲,乙\"");
        assert_eq!(csv_field("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(csv_field("一\n二"), "\"一\n二\"");
    }

    #[test]
    fn cjk_counts_two_columns() {
        assert_eq!(display_width("民盟界"), 6);
        assert_eq!(display_width("ab"), 2);
        assert_eq!(pad("民盟", 6, false), "民盟  ");
        assert_eq!(pad("12", 4, true), "  12");
    }

    #[test]
    fn sheet_names_are_cleaned_and_unique() {
        let taken = vec!["计划".to_string()];
        assert_eq!(sheet_name("计划", &taken), "计划2");
        assert_eq!(sheet_name("a/b:c", &[]), "abc");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
    }
}
