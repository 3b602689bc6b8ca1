//! The OOXML writer: a [`Paper`] as a `.docx` package laid out per GB/T 9704-2012.
//!
//! Written by hand (strings, escaped with quick-xml) into a zip rather than through a docx
//! crate: the paper needs even/odd footers with a PAGE field, `w:evenAndOddHeaders`,
//! `w:tblHeader`, exact line spacing and a font table with fallbacks, and the output must
//! be byte-identical for the same content (fixed zip timestamps, dates from the paper).
//! The parts are the minimal package Word and LibreOffice open without repair.

use super::{Block, Paper, PaperError};
use crate::core::text::display_width;
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
/// `w:altName`). Latin text and digits are in Times New Roman everywhere.
const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const NUMBER_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";
const FONTS: &[(&str, &str, &str)] = &[
    // (name, fallback, family)
    (TITLE_FONT, "华文中宋", "auto"),
    (BODY_FONT, "仿宋", "modern"),
    (HEADING_FONT, "SimHei", "modern"),
    (NUMBER_FONT, "SimSun", "auto"),
];

/// The width of the text block (版心) in twips.
const TEXT_WIDTH: u32 = 11906 - 1588 - 1474;
/// One body character (16 pt) in twips, for indents of so many characters.
const CHAR: u32 = 320;
/// 发文机关标志 in red (GB/T 9704: 红色).
const RED: &str = "FF0000";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text for XML: escaped, and without the control characters XML 1.0 cannot carry (a
/// stray one from a pasted text would make Word refuse the file).
fn esc(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

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
        None => out.push_str(
            "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
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
fn column_widths(table: &Table) -> Vec<u32> {
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
    let mut widths: Vec<u32> = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
    // Rounding leaves a few twips; the last column takes them so the table fills the block.
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH.saturating_sub(used);
    }
    widths
}

/// A table: full width, ruled, the header row bold and repeated on every page
/// (`w:tblHeader`), rows kept whole across pages, counts right-aligned. Many columns get a
/// smaller type so that the numbers still fit.
fn table(t: &Table) -> String {
    let widths = column_widths(t);
    let size = match t.headers.len() {
        0..=4 => 28, // 四号
        5..=8 => 24, // 小四
        _ => 18,     // 小五
    };
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
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

/// `word/document.xml`: 版头, title, body, signature and date, and the section with the
/// A4 page, the margins and the odd/even footers.
fn document(paper: &Paper) -> String {
    let body = run_props(BODY_FONT, LAYOUT.body_size, false, None);
    let mut out = format!("{HEADER}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>");
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
    blocks(&mut out, &paper.blocks);
    out.push_str(&blank());
    if let Some(signature) = &paper.signature {
        let para = Para {
            align: "right",
            right: 2 * CHAR,
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
        blocks(&mut out, &appendix.blocks);
    }
    let [top, bottom, left, right] = LAYOUT.margins;
    let (w, h) = LAYOUT.page;
    out.push_str(&format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
         <w:footerReference w:type=\"even\" r:id=\"rId5\"/>\
         <w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>\
         <w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"851\" w:footer=\"1247\" w:gutter=\"0\"/>\
         <w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/><w:cols w:space=\"425\"/>\
         <w:docGrid w:type=\"lines\" w:linePitch=\"{}\"/></w:sectPr></w:body></w:document>",
        LAYOUT.line
    ));
    out
}

/// Body blocks: paragraphs indented two characters, headings in 黑体 kept with what
/// follows, tables followed by the paragraph Word needs after one.
fn blocks(out: &mut String, blocks: &[Block]) {
    let body = run_props(BODY_FONT, LAYOUT.body_size, false, None);
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                let para = Para {
                    first_line: 200,
                    ..Para::default()
                };
                out.push_str(&paragraph(&para, text, &body));
            }
            Block::Flush(text) => out.push_str(&paragraph(&Para::default(), text, &body)),
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
/// the zip format's earliest timestamp (1980-01-01), so equal papers give equal bytes.
pub fn to_docx(paper: &Paper) -> Result<Vec<u8>, PaperError> {
    let parts: [(&str, String); 10] = [
        ("[Content_Types].xml", format!("{HEADER}{CONTENT_TYPES}")),
        ("_rels/.rels", format!("{HEADER}{PACKAGE_RELS}")),
        ("word/document.xml", document(paper)),
        (
            "word/_rels/document.xml.rels",
            format!("{HEADER}{DOCUMENT_RELS}"),
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
        super::document(paper)
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
