//! The OOXML writer: a [`Paper`] as a `.docx` package laid out per GB/T 9704-2012.
//!
//! Written by hand (strings, escaped with quick-xml) into a zip rather than through a docx
//! crate: the paper needs even/odd footers with a PAGE field, `w:evenAndOddHeaders`,
//! `w:tblHeader`, exact line spacing and a font table with fallbacks, and the output must
//! be byte-identical for the same content (fixed zip timestamps, dates from the paper).
//! The parts are the minimal package Word and LibreOffice open without repair.

use super::chart::{chart_part, CHART_CONTENT_TYPE, CHART_RELATIONSHIP};
use super::ooxml::{esc, BODY_FONT, HEADER, LATIN_FONT};
use super::{Block, Paper, PaperError};
use crate::core::text::display_width;
use crate::render::chart::{BarChart, Direction};
use crate::reports::{Cell, Table};
use chrono::NaiveDate;
use std::io::{Cursor, Write};

/// The page and type of an official paper (GB/T 9704-2012), in Word's units: twips
/// (1/20 pt; 1 mm ≈ 56.7 twips) and half-points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A4: 210 × 297 mm.
    pub page: (u32, u32),
    /// Margins top, bottom, left, right: 37, 35, 28, 26 mm (版心 156 × 225 mm).
    pub margins: [u32; 4],
    /// Title: 二号 (22 pt).
    pub title_size: u32,
    /// Body: 三号 (16 pt).
    pub body_size: u32,
    /// Exact line spacing: 28 pt.
    pub line: u32,
    /// Page numbers: 四号 (14 pt).
    pub page_number_size: u32,
}

/// The layout every paper uses.
pub const LAYOUT: Layout = Layout {
    page: (11906, 16838),
    margins: [2098, 1984, 1588, 1474],
    title_size: 44,
    body_size: 32,
    line: 560,
    page_number_size: 28,
};

/// Fonts, with the name Word substitutes when the first is missing (the font table's
/// `w:altName`). Latin text and digits are in Times New Roman everywhere; the body font
/// and the Latin one are in `ooxml.rs`, shared with the chart writer.
const TITLE_FONT: &str = "方正小标宋简体";
const HEADING_FONT: &str = "黑体";
const NUMBER_FONT: &str = "宋体";
const FONTS: &[(&str, &str, &str)] = &[
    // (name, fallback, family)
    (TITLE_FONT, "华文中宋", "auto"),
    (BODY_FONT, "仿宋", "modern"),
    (HEADING_FONT, "SimHei", "modern"),
    (NUMBER_FONT, "SimSun", "auto"),
];

/// The width of the text block (版心) in twips.
const TEXT_WIDTH: u32 = 11906 - 1588 - 1474;
/// The height of the text block in twips.
const TEXT_HEIGHT: u32 = 16838 - 2098 - 1984;

/// A table with more columns than this (the year report's per-sector table has 19) is
/// set on a landscape page of its own: on the portrait 版心 its columns would be two
/// characters wide.
pub const LANDSCAPE_COLUMNS: usize = 8;
/// Margins of a landscape page, top, bottom, left, right: 28, 35, 37, 26 mm — the
/// portrait margins turned with the page, except that the bottom keeps 35 mm so the page
/// number sits as on the portrait pages.
const LANDSCAPE_MARGINS: [u32; 4] = [1588, 1984, 2098, 1474];
/// The width of a landscape page's text block in twips (234 mm).
const LANDSCAPE_TEXT_WIDTH: u32 = 16838 - 2098 - 1474;

/// Whether `table` is set on a landscape page.
pub fn is_wide(table: &Table) -> bool {
    table.headers.len() > LANDSCAPE_COLUMNS
}
/// One body character (16 pt) in twips, for indents of so many characters.
const CHAR: u32 = 320;
/// 发文机关标志 in red (GB/T 9704: 红色).
const RED: &str = "FF0000";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const C_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";

/// Run properties: fonts (East Asian and Latin), bold, colour, size.
fn run_props(east_asia: &str, size: u32, bold: bool, color: Option<&str>) -> String {
    let mut out = format!(
        "<w:rPr><w:rFonts w:ascii=\"{LATIN_FONT}\" w:hAnsi=\"{LATIN_FONT}\" w:eastAsia=\"{east_asia}\" w:cs=\"{LATIN_FONT}\"/>"
    );
    if bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if let Some(color) = color {
        out.push_str(&format!("<w:color w:val=\"{color}\"/>"));
    }
    out.push_str(&format!(
        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>"
    ));
    out
}

/// A run of text (line breaks inside become `w:br`).
fn run(text: &str, props: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(&format!("<w:r>{props}<w:br/></w:r>"));
        }
        if !line.is_empty() {
            out.push_str(&format!(
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(line)
            ));
        }
    }
    out
}

/// How a paragraph is placed.
struct Para<'a> {
    style: Option<&'a str>,
    align: &'a str,
    /// First-line indent in characters ×100 (`200` = two characters).
    first_line: u32,
    /// Right indent in twips.
    right: u32,
    /// Exact line spacing in twips; none for single (tables).
    line: Option<u32>,
    /// A red rule under the paragraph (版头's separator line).
    red_rule: bool,
    keep_next: bool,
}

impl Default for Para<'_> {
    fn default() -> Self {
        Para {
            style: None,
            align: "both",
            first_line: 0,
            right: 0,
            line: Some(LAYOUT.line),
            red_rule: false,
            keep_next: false,
        }
    }
}

/// A paragraph of one run.
fn paragraph(para: &Para<'_>, text: &str, props: &str) -> String {
    let mut out = String::from("<w:p><w:pPr>");
    if let Some(style) = para.style {
        out.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
    }
    if para.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if para.red_rule {
        out.push_str(&format!(
            "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"6\" w:color=\"{RED}\"/></w:pBdr>"
        ));
    }
    match para.line {
        Some(line) => out.push_str(&format!(
            "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{line}\" w:lineRule=\"exact\"/>"
        )),
        // Single spacing off the 28-pt line grid (table cells, charts): snapped to the
        // grid, LibreOffice would give every line of a table 28 pt.
        None => out.push_str(
            "<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        ),
    }
    if para.first_line > 0 || para.right > 0 {
        out.push_str("<w:ind");
        if para.right > 0 {
            out.push_str(&format!(" w:right=\"{}\"", para.right));
        }
        if para.first_line > 0 {
            let twips = para.first_line * CHAR / 100;
            out.push_str(&format!(
                " w:firstLineChars=\"{}\" w:firstLine=\"{twips}\"",
                para.first_line
            ));
        }
        out.push_str("/>");
    }
    out.push_str(&format!("<w:jc w:val=\"{}\"/>", para.align));
    // The paragraph mark takes the run's font and size, so an empty line is as tall.
    out.push_str(props);
    out.push_str("</w:pPr>");
    out.push_str(&run(text, props));
    out.push_str("</w:p>");
    out
}

/// An empty line of body height.
fn blank() -> String {
    paragraph(
        &Para::default(),
        "",
        &run_props(BODY_FONT, LAYOUT.body_size, false, None),
    )
}

/// Column widths in twips: the text block shared by each column's widest text
/// (display width, a CJK character counting two), so names get room and counts do not.
fn column_widths(table: &Table, text_width: u32) -> Vec<u32> {
    let columns = table.headers.len().max(1);
    let weights: Vec<u32> = (0..columns)
        .map(|c| {
            let header = table.headers.get(c).map_or(0, |h| display_width(h));
            let widest = table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| display_width(&cell.display()))
                .max()
                .unwrap_or(0);
            // A header may wrap onto a few lines; the contents should not.
            let wanted = widest.max(header.div_ceil(3)).clamp(3, 12);
            u32::try_from(wanted).unwrap_or(12)
        })
        .collect();
    let total: u32 = weights.iter().sum::<u32>().max(1);
    let mut widths: Vec<u32> = weights.iter().map(|w| text_width * w / total).collect();
    // Rounding leaves a few twips; the last column takes them so the table fills the block.
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += text_width.saturating_sub(used);
    }
    widths
}

/// A table: full width, ruled, the header row bold and repeated on every page
/// (`w:tblHeader`), rows kept whole across pages, counts right-aligned. Many columns get a
/// smaller type so that the numbers still fit; a wide one is set on a landscape page
/// ([`is_wide`]) and spans its text width.
fn table(t: &Table) -> String {
    let text_width = if is_wide(t) {
        LANDSCAPE_TEXT_WIDTH
    } else {
        TEXT_WIDTH
    };
    let widths = column_widths(t, text_width);
    let size = match t.headers.len() {
        0..=4 => 28, // 四号
        5..=8 => 24, // 小四
        _ => 18,     // 小五
    };
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{text_width}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
         <w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>\
         <w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"28\" w:type=\"dxa\"/><w:right w:w=\"28\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>\
         </w:tblPr><w:tblGrid>"
    );
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let header_props = run_props(HEADING_FONT, size, false, None);
    let cell_props = run_props(BODY_FONT, size, false, None);
    let cell = |text: &str, width: u32, align: &str, props: &str| -> String {
        let para = Para {
            align,
            line: None,
            ..Para::default()
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>{}</w:tc>",
            paragraph(&para, text, props)
        )
    };
    out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (h, w) in t.headers.iter().zip(&widths) {
        out.push_str(&cell(h, *w, "center", &header_props));
    }
    out.push_str("</w:tr>");
    for row in &t.rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (c, w) in widths.iter().enumerate() {
            let value = row.get(c).unwrap_or(&Cell::Blank);
            let align = match value {
                Cell::Text(_) => "left",
                Cell::Number(_) | Cell::Blank => "center",
            };
            out.push_str(&cell(&value.display(), *w, align, &cell_props));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// One EMU (the drawing unit) per twip is 635.
const EMU_PER_TWIP: u64 = 635;

/// A chart's size in twips: the text block's width; a height that gives each bar room
/// for its label (horizontal bars) or a fixed third of the page (columns), never more
/// than the text block less the caption and an attachment's heading (附件, its title on
/// the third line, a blank line), so the first chart shares the attachment's first page.
fn chart_size(chart: &BarChart) -> (u32, u32) {
    let height = match chart.direction {
        Direction::Horizontal => {
            let categories = u32::try_from(chart.labels.len()).unwrap_or(u32::MAX);
            let series = u32::try_from(chart.series.len()).unwrap_or(u32::MAX);
            // At least 15 pt a category, or the 9-pt labels are thinned out.
            categories
                .saturating_mul(series.saturating_mul(120).saturating_add(80).max(300))
                .saturating_add(1200)
                .max(3000)
        }
        Direction::Vertical => 5000,
    };
    (TEXT_WIDTH, height.min(TEXT_HEIGHT - 8 * LAYOUT.line))
}

/// A chart in the body: a centred paragraph holding the chart part inline (`r:id` to
/// `charts/chartN.xml`, its description as the alternative text), then its caption
/// “图N　title” centred under it, as Chinese papers number figures. A quota line is named
/// in the caption, since the chart draws no reference line.
fn chart_paragraph(chart: &BarChart, number: usize) -> String {
    let (width, height) = chart_size(chart);
    let (cx, cy) = (
        u64::from(width) * EMU_PER_TWIP,
        u64::from(height) * EMU_PER_TWIP,
    );
    let (title, description) = (esc(&chart.title), esc(&chart.description));
    let frame = Para {
        align: "center",
        line: None,
        keep_next: true,
        ..Para::default()
    };
    let mut out = paragraph(
        &frame,
        "",
        &run_props(BODY_FONT, LAYOUT.body_size, false, None),
    );
    let drawing = format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{number}\" name=\"Chart {number}\" title=\"{title}\" descr=\"{description}\"/><wp:cNvGraphicFramePr/>\
         <a:graphic xmlns:a=\"{A_NS}\"><a:graphicData uri=\"{C_NS}\"><c:chart xmlns:c=\"{C_NS}\" r:id=\"{}\"/></a:graphicData></a:graphic>\
         </wp:inline></w:drawing></w:r></w:p>",
        chart_relationship_id(number)
    );
    out.truncate(out.len() - "</w:p>".len());
    out.push_str(&drawing);
    let caption = match &chart.quota {
        Some((_, quota)) => crate::tr!(
            "图{number}　{}（{quota}）",
            "Figure {number}. {} ({quota})",
            chart.title
        ),
        None => crate::tr!("图{number}　{}", "Figure {number}. {}", chart.title),
    };
    let para = Para {
        align: "center",
        ..Para::default()
    };
    out.push_str(&paragraph(
        &para,
        &caption,
        &run_props(HEADING_FONT, 28, false, None),
    ));
    out.push_str(&blank());
    out
}

/// The relationship id of chart `number` in `document.xml.rels` (after the fixed rId1–5).
fn chart_relationship_id(number: usize) -> String {
    format!("rIdChart{number}")
}

/// `word/document.xml`: 版头, title, body, signature and date, and the sections with the
/// A4 page (landscape for a wide table), the margins and the odd/even footers; with the
/// charts met in the body, in order.
fn document(paper: &Paper) -> (String, Vec<&BarChart>) {
    let body = run_props(BODY_FONT, LAYOUT.body_size, false, None);
    let mut out = format!(
        "{HEADER}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\" xmlns:wp=\"{WP_NS}\"><w:body>"
    );
    if let Some(issuer) = &paper.issuer {
        let para = Para {
            align: "center",
            line: None,
            // Without a document number the red rule goes under the issuing body.
            red_rule: paper.document.is_none(),
            ..Para::default()
        };
        out.push_str(&paragraph(
            &para,
            issuer,
            &run_props(TITLE_FONT, LAYOUT.title_size, false, Some(RED)),
        ));
        out.push_str(&blank());
    }
    if let Some(document) = &paper.document {
        let para = Para {
            align: "center",
            red_rule: true,
            ..Para::default()
        };
        out.push_str(&paragraph(&para, document, &body));
    }
    if paper.issuer.is_some() || paper.document.is_some() {
        out.push_str(&blank());
    }
    let title = Para {
        style: Some("Title"),
        align: "center",
        line: Some(LAYOUT.line + 200),
        ..Para::default()
    };
    out.push_str(&paragraph(
        &title,
        &paper.title,
        &run_props(TITLE_FONT, LAYOUT.title_size, false, None),
    ));
    out.push_str(&blank());
    let mut writer = Body {
        out,
        landscape: false,
        sections: 0,
        charts: Vec::new(),
    };
    writer.blocks(&paper.blocks);
    let mut out = std::mem::take(&mut writer.out);
    out.push_str(&paragraph(
        &Para {
            keep_next: true,
            ..Para::default()
        },
        "",
        &body,
    ));
    if let Some(signature) = &paper.signature {
        let para = Para {
            align: "right",
            right: 2 * CHAR,
            keep_next: true,
            ..Para::default()
        };
        out.push_str(&paragraph(&para, signature, &body));
    }
    let date = Para {
        align: "right",
        right: 4 * CHAR,
        ..Para::default()
    };
    out.push_str(&paragraph(&date, &date_text(paper.date), &body));
    if let Some(appendix) = &paper.appendix {
        out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        out.push_str(&paragraph(
            &Para::default(),
            &crate::tr!("附件", "Attachment"),
            &run_props(HEADING_FONT, LAYOUT.body_size, false, None),
        ));
        out.push_str(&blank());
        out.push_str(&paragraph(
            &title,
            &appendix.title,
            &run_props(TITLE_FONT, LAYOUT.title_size, false, None),
        ));
        out.push_str(&blank());
        writer.out = out;
        writer.blocks(&appendix.blocks);
        out = std::mem::take(&mut writer.out);
    }
    writer.out = out;
    writer.close_section(true);
    writer.out.push_str("</w:body></w:document>");
    (writer.out, writer.charts)
}

/// What the body writer carries from block to block: the orientation of the section
/// being written, how many sections are closed (only the first restarts the page
/// numbers) and the charts met so far (each becomes a part, `word/charts/chartN.xml`).
struct Body<'a> {
    out: String,
    landscape: bool,
    sections: usize,
    charts: Vec<&'a BarChart>,
}

impl<'a> Body<'a> {
    /// Ends the section being written with its `w:sectPr`: in a paragraph of its own
    /// (a section break) or, for the last one, as the body's own.
    fn close_section(&mut self, last: bool) {
        let [top, bottom, left, right] = if self.landscape {
            LANDSCAPE_MARGINS
        } else {
            LAYOUT.margins
        };
        let (w, h) = LAYOUT.page;
        let size = if self.landscape {
            format!("<w:pgSz w:w=\"{h}\" w:h=\"{w}\" w:orient=\"landscape\"/>")
        } else {
            format!("<w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>")
        };
        // Page numbers run on through every section: only the first starts them at 1.
        let start = if self.sections == 0 {
            " w:start=\"1\""
        } else {
            ""
        };
        let section = format!(
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
             <w:footerReference w:type=\"even\" r:id=\"rId5\"/>{size}\
             <w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"851\" w:footer=\"1247\" w:gutter=\"0\"/>\
             <w:pgNumType w:fmt=\"decimal\"{start}/><w:cols w:space=\"425\"/>\
             <w:docGrid w:type=\"lines\" w:linePitch=\"{}\"/></w:sectPr>",
            LAYOUT.line
        );
        self.sections += 1;
        if last {
            self.out.push_str(&section);
        } else {
            self.out.push_str(&format!(
                "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>{section}</w:pPr></w:p>"
            ));
        }
    }

    /// Body blocks: paragraphs indented two characters, headings in 黑体 kept with what
    /// follows, tables followed by the paragraph Word needs after one. A wide table and
    /// the heading over it go on landscape pages (a section of their own, the page
    /// numbers running on); charts are numbered 图1, 图2, … under the chart.
    fn blocks(&mut self, blocks: &'a [Block]) {
        let body = run_props(BODY_FONT, LAYOUT.body_size, false, None);
        let wide = |b: Option<&Block>| matches!(b, Some(Block::Table(t)) if is_wide(t));
        for (i, block) in blocks.iter().enumerate() {
            let landscape = wide(Some(block))
                || (matches!(block, Block::Heading(_)) && wide(blocks.get(i + 1)));
            if landscape != self.landscape {
                self.close_section(false);
                self.landscape = landscape;
            }
            let out = &mut self.out;
            match block {
                Block::Paragraph(text) => {
                    // The last paragraph stays on the page of the signature and date
                    // (GB/T 9704: the date never stands alone on a page).
                    let para = Para {
                        first_line: 200,
                        keep_next: i + 1 == blocks.len(),
                        ..Para::default()
                    };
                    out.push_str(&paragraph(&para, text, &body));
                }
                // A salutation or lead line (“各界别：”, “某某同志：”) opens what follows.
                Block::Flush(text) => {
                    let para = Para {
                        keep_next: true,
                        ..Para::default()
                    };
                    out.push_str(&paragraph(&para, text, &body));
                }
                Block::Heading(text) => {
                    let para = Para {
                        style: Some("Heading1"),
                        first_line: 200,
                        keep_next: true,
                        ..Para::default()
                    };
                    out.push_str(&paragraph(
                        &para,
                        text,
                        &run_props(HEADING_FONT, LAYOUT.body_size, false, None),
                    ));
                }
                Block::Table(t) => {
                    out.push_str(&table(t));
                    // Word needs a paragraph between a table and what follows.
                    out.push_str(&blank());
                }
                Block::Chart(chart) => {
                    self.charts.push(chart);
                    let number = self.charts.len();
                    self.out.push_str(&chart_paragraph(chart, number));
                }
            }
        }
        if self.landscape {
            self.close_section(false);
            self.landscape = false;
        }
    }
}

/// 成文日期 in Arabic numerals, as GB/T 9704-2012 writes it: 2026年1月22日.
pub(super) fn date_text(date: NaiveDate) -> String {
    crate::render::words::date_text(date)
}

/// A footer with the page number as “— 1 —” (a PAGE field between two em dashes):
/// right-aligned one character in on odd pages, left-aligned on even ones.
fn footer(odd: bool) -> String {
    let props = run_props(NUMBER_FONT, LAYOUT.page_number_size, false, None);
    let placement = if odd {
        format!("<w:ind w:right=\"{}\"/><w:jc w:val=\"right\"/>", CHAR)
    } else {
        format!("<w:ind w:left=\"{}\"/><w:jc w:val=\"left\"/>", CHAR)
    };
    let placeholder = if odd { "1" } else { "2" };
    format!(
        "{HEADER}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{placement}</w:pPr>\
         <w:r>{props}<w:t xml:space=\"preserve\">— </w:t></w:r>\
         <w:r>{props}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r>{props}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r>{props}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r>{props}<w:t>{placeholder}</w:t></w:r>\
         <w:r>{props}<w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r>{props}<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// `word/styles.xml`: the defaults (body font and size, exact 28-pt lines, Chinese
/// language) and the styles a reader recognises: Normal, Title, heading 1, footer.
fn styles() -> String {
    let body = run_props(BODY_FONT, LAYOUT.body_size, false, None);
    let body = body.replace(
        "</w:rPr>",
        "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr>",
    );
    let title = run_props(TITLE_FONT, LAYOUT.title_size, false, None);
    let heading = run_props(HEADING_FONT, LAYOUT.body_size, false, None);
    let number = run_props(NUMBER_FONT, LAYOUT.page_number_size, false, None);
    let line = LAYOUT.line;
    format!(
        "{HEADER}<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault>{body}</w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"{line}\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr>{title}</w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr>{heading}</w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>{number}</w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>"
    )
}

/// `word/settings.xml`: different footers on odd and even pages (`w:evenAndOddHeaders`),
/// compressed punctuation as Chinese typesetting wants.
fn settings() -> String {
    format!(
        "{HEADER}<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/>\
         <w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/>\
         <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>"
    )
}

/// `word/fontTable.xml`: every font used, with the font Word falls back to (`w:altName`)
/// and the GB2312 character set.
fn font_table() -> String {
    let mut out = format!("{HEADER}<w:fonts xmlns:w=\"{W_NS}\">");
    for (name, fallback, family) in FONTS {
        out.push_str(&format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{fallback}\"/><w:charset w:val=\"86\"/>\
             <w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/></w:font>"
        ));
    }
    out.push_str(&format!(
        "<w:font w:name=\"{LATIN_FONT}\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    ));
    out
}

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const PACKAGE_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>\
</Relationships>";

/// `docProps/core.xml`: the title and, as created and modified, the paper's date (never
/// the clock, so the same content gives the same bytes).
fn core_properties(paper: &Paper) -> String {
    let date = paper.date.format("%Y-%m-%dT00:00:00Z");
    let title = esc(&paper.title);
    format!(
        "{HEADER}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>jiebie</dc:creator><dc:language>zh-CN</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>"
    )
}

const APP_PROPERTIES: &str = "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>jiebie</Application></Properties>";

/// The paper as the bytes of a `.docx` file. Entries are stored in a fixed order with
/// the zip format's earliest timestamp (1980-01-01), and every id is a counter, so equal
/// papers give equal bytes.
pub fn to_docx(paper: &Paper) -> Result<Vec<u8>, PaperError> {
    let (document, charts) = document(paper);
    let mut types = CONTENT_TYPES.replace("</Types>", "");
    let mut relationships = DOCUMENT_RELS.replace("</Relationships>", "");
    let mut chart_parts = Vec::new();
    for (i, chart) in charts.iter().enumerate() {
        let number = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/word/charts/chart{number}.xml\" ContentType=\"{CHART_CONTENT_TYPE}\"/>"
        ));
        relationships.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{CHART_RELATIONSHIP}\" Target=\"charts/chart{number}.xml\"/>",
            chart_relationship_id(number)
        ));
        chart_parts.push((format!("word/charts/chart{number}.xml"), chart_part(chart)));
    }
    types.push_str("</Types>");
    relationships.push_str("</Relationships>");
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", format!("{HEADER}{types}")),
        ("_rels/.rels", format!("{HEADER}{PACKAGE_RELS}")),
        ("word/document.xml", document),
        (
            "word/_rels/document.xml.rels",
            format!("{HEADER}{relationships}"),
        ),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer(true)),
        ("word/footer2.xml", footer(false)),
        ("docProps/core.xml", core_properties(paper)),
    ];
    let app = format!("{HEADER}{APP_PROPERTIES}");
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let io = |e: std::io::Error| PaperError::Zip(zip::result::ZipError::Io(e));
    for (name, text) in parts
        .iter()
        .map(|(n, t)| (*n, t.as_str()))
        .chain([("docProps/app.xml", app.as_str())])
        .chain(chart_parts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        writer.start_file(name, options).map_err(PaperError::Zip)?;
        writer.write_all(text.as_bytes()).map_err(io)?;
    }
    let cursor = writer.finish().map_err(PaperError::Zip)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
pub(super) mod parts {
    //! The parts as text, for the unit tests.
    use super::Paper;

    /// `word/document.xml`.
    pub fn document(paper: &Paper) -> String {
        super::document(paper).0
    }
    /// `word/footer1.xml` or `footer2.xml`.
    pub fn footer(odd: bool) -> String {
        super::footer(odd)
    }
    /// `word/settings.xml`.
    pub fn settings() -> String {
        super::settings()
    }
    /// `word/fontTable.xml`.
    pub fn font_table() -> String {
        super::font_table()
    }
}
