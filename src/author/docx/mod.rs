//! Reading Word documents (`.docx`, as saved by Word, WPS, LibreOffice, pandoc and
//! python-docx) into a small document tree: paragraphs with their heading level, list
//! level and caption style, formatted text, links, footnotes, tables and embedded images.
//!
//! The package is read with `zip` and its parts with quick-xml ([`xml`]) rather than a
//! docx crate: the importer needs what those crates drop (tracked changes taken as
//! accepted, alternate content read once, text boxes, fields, WPS's VML images) and must
//! bound every read of a hostile file (bytes per part, elements, depth, no DTDs). Unknown
//! elements keep their text; nothing in a document makes the reader fail except a package
//! that is not a Word document at all.

mod body;
mod package;
mod styles;
pub mod xml;

use chrono::NaiveDate;
use std::path::Path;

pub use package::{MAX_MEDIA_BYTES, MAX_PART_BYTES};

/// A Word document as the importer sees it.
#[derive(Debug, Default)]
pub struct Document {
    /// The body, in reading order (text boxes follow the paragraph that holds them).
    pub blocks: Vec<Block>,
    /// Footnotes and endnotes, numbered in the order the body refers to them.
    pub footnotes: Vec<Vec<Block>>,
    /// Embedded images, in the order the body shows them first.
    pub images: Vec<Media>,
    /// The document's properties (docProps/core.xml).
    pub properties: Properties,
    /// What was left out, counted for the import's message.
    pub dropped: Dropped,
    /// Text boxes whose text was kept (after the paragraph that anchors them).
    pub text_boxes: usize,
    /// Equations kept as linear text (a/b, x^2).
    pub equations: usize,
}

/// The document's own properties.
#[derive(Debug, Default, Clone)]
pub struct Properties {
    /// `dc:title`.
    pub title: Option<String>,
    /// `dcterms:created`, as a date.
    pub created: Option<NaiveDate>,
    /// `dcterms:modified`, as a date.
    pub modified: Option<NaiveDate>,
}

/// Counts of what the reader left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Comments (their text is never imported).
    pub comments: usize,
    /// Tracked deletions (taken as accepted: the deleted text is gone).
    pub deletions: usize,
    /// Tables of contents, page numbers and similar fields.
    pub fields: usize,
    /// Embedded objects, charts and SmartArt.
    pub objects: usize,
    /// Images that are only linked (a file on the writer's computer), not embedded.
    pub linked_images: usize,
    /// Images whose part is missing from the package or cannot be reached.
    pub missing_images: usize,
    /// Symbols from symbol fonts (Wingdings and the like).
    pub symbols: usize,
    /// Images larger than [`MAX_MEDIA_BYTES`] unpacked.
    pub oversized_images: usize,
}

/// An embedded image.
#[derive(Debug, Clone)]
pub struct Media {
    /// Its part name inside the package (`word/media/image1.png`).
    pub part: String,
    /// The bytes, as stored.
    pub bytes: Vec<u8>,
    /// The writer's own description (Word's “alt text”), when it is not one Word made up.
    pub description: Option<String>,
}

/// A block of the body.
#[derive(Debug, Clone)]
pub enum Block {
    /// A paragraph (also a heading, a list item or a caption).
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph and what its style says about it.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// Its content.
    pub inlines: Vec<Inline>,
    /// Heading level 1–9 (from the style's name, or its outline level).
    pub heading: Option<u8>,
    /// In the Title style.
    pub title: bool,
    /// In a caption style (Caption, 题注, Image Caption …).
    pub caption: bool,
    /// Centred.
    pub centered: bool,
    /// A list item, when it is numbered or bulleted.
    pub list: Option<ListItem>,
}

/// Where a list item sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// Nesting level, 0 for the outermost.
    pub level: u8,
    /// Numbered rather than bulleted.
    pub ordered: bool,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with its formatting.
    Text(String, Format),
    /// A line break inside the paragraph.
    Break,
    /// A hyperlink to an address outside the document.
    Link {
        /// The address.
        target: String,
        /// The linked content.
        inlines: Vec<Inline>,
    },
    /// An embedded image: an index into [`Document::images`].
    Image(usize),
    /// A footnote reference: an index into [`Document::footnotes`].
    FootnoteRef(usize),
}

/// Character formatting that survives into Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Format {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub strike: bool,
    /// Superscript.
    pub superscript: bool,
    /// Subscript.
    pub subscript: bool,
}

/// A table, row by row.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The rows; each cell knows how many grid columns it spans.
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Its content.
    pub blocks: Vec<Block>,
    /// Grid columns it spans (1 unless merged across).
    pub span: usize,
    /// The lower part of a vertically merged cell (its content is in the cell above).
    pub continued: bool,
}

impl Table {
    /// Whether any cell is merged with another.
    pub fn has_merged_cells(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|cell| cell.span > 1 || cell.continued)
    }
}

impl Block {
    /// The block's plain text (line breaks as newlines, tables cell by cell).
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        match self {
            Block::Paragraph(p) => inline_text(&p.inlines, &mut text),
            Block::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    for block in &cell.blocks {
                        text.push_str(&block.plain_text());
                        text.push('\n');
                    }
                }
            }
        }
        text
    }
}

/// The plain text of inline content.
pub fn inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Break => out.push('\n'),
            Inline::Link { inlines, .. } => inline_text(inlines, out),
            Inline::Image(_) | Inline::FootnoteRef(_) => {}
        }
    }
}

/// Why a file could not be read as a Word document. Each names what to do in
/// [`DocxError::help`].
#[derive(Debug)]
pub enum DocxError {
    /// The file could not be read.
    Io(std::io::Error),
    /// A Word 97–2003 document (`.doc`).
    LegacyWord,
    /// A WPS document in its own format (`.wps`).
    LegacyWps,
    /// Protected by a password (an encrypted package).
    Encrypted,
    /// An OpenDocument text (`.odt`), perhaps renamed.
    OpenDocument,
    /// An Excel workbook.
    Spreadsheet,
    /// A PowerPoint presentation.
    Presentation,
    /// Not a zip package at all.
    NotZip,
    /// A zip package that is cut short or damaged.
    Corrupt(String),
    /// A zip package without a Word document inside.
    NotWord,
    /// A part larger than the reader accepts once unpacked (a zip bomb, or a giant image).
    TooLarge {
        /// The part.
        part: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A part that is not readable XML.
    Xml {
        /// The part.
        part: String,
        /// Why.
        error: xml::XmlError,
    },
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            DocxError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::tr!("文件不存在", "no such file")
            }
            DocxError::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                crate::tr!("没有读取这个文件的权限", "no permission to read the file")
            }
            DocxError::Io(e) => crate::tr!("无法读取：{e}", "cannot be read: {e}"),
            DocxError::LegacyWord => crate::tr!(
                "这是旧版 Word 97-2003 文档（.doc），不能直接导入",
                "this is an old Word 97-2003 document (.doc) and cannot be imported as it is"
            ),
            DocxError::LegacyWps => crate::tr!(
                "这是 WPS 自有格式的文档（.wps），不能直接导入",
                "this is a document in WPS's own format (.wps) and cannot be imported as it is"
            ),
            DocxError::Encrypted => crate::tr!(
                "文档设置了打开密码，无法读取",
                "the document is protected by a password and cannot be read"
            ),
            DocxError::OpenDocument => crate::tr!(
                "这是 OpenDocument 文档（.odt），不是 .docx",
                "this is an OpenDocument text (.odt), not a .docx"
            ),
            DocxError::Spreadsheet => crate::tr!(
                "这是 Excel 表格，不是 Word 文档",
                "this is an Excel workbook, not a Word document"
            ),
            DocxError::Presentation => crate::tr!(
                "这是 PowerPoint 演示文稿，不是 Word 文档",
                "this is a PowerPoint presentation, not a Word document"
            ),
            DocxError::NotZip => crate::tr!(
                "不是 .docx 文件（内容不是 Word 文档的格式，可能只是改了扩展名）",
                "not a .docx file (its content is not in Word's format; perhaps only the extension was changed)"
            ),
            DocxError::Corrupt(e) => crate::tr!(
                "文件不完整或已损坏（{e}），可能没有下载或复制完",
                "the file is incomplete or damaged ({e}); perhaps it was not fully downloaded or copied"
            ),
            DocxError::NotWord => crate::tr!(
                "压缩包里没有 Word 文档正文，不是 .docx 文件",
                "the package holds no Word document body; it is not a .docx file"
            ),
            DocxError::TooLarge { part, limit } => crate::tr!(
                "文档中的 {part} 解压后超过 {} MB，可能是损坏或恶意的文件",
                "{part} inside the document is over {} MB unpacked; the file may be damaged or malicious",
                limit / (1024 * 1024)
            ),
            DocxError::Xml { part, error } => match error {
                xml::XmlError::Dtd => crate::tr!(
                    "文档中的 {part} 含有 DTD 声明（Word 和 WPS 不会写出），可能是恶意文件",
                    "{part} inside the document has a DTD declaration (Word and WPS never write one); the file may be malicious"
                ),
                _ => crate::tr!(
                    "文档中的 {part} 已损坏，无法读取（{error}）",
                    "{part} inside the document is damaged and cannot be read ({error})"
                ),
            },
        };
        f.write_str(&text)
    }
}

impl DocxError {
    /// What the writer should do.
    pub fn help(&self) -> String {
        match self {
            DocxError::Io(_) => crate::tr!(
                "检查文件名和路径是否正确，文件是否被其他程序占用",
                "check the file name and path, and that no other program holds the file"
            ),
            DocxError::Encrypted => crate::tr!(
                "请在 Word/WPS 中打开它，取消密码（文件 → 信息 → 保护文档），另存为 .docx 后再导入",
                "open it in Word/WPS, remove the password (File → Info → Protect Document), save as .docx and import again"
            ),
            DocxError::Spreadsheet | DocxError::Presentation => crate::tr!(
                "只能导入 Word 文档；请把稿件内容放进 Word/WPS 文档，另存为 .docx 后再导入",
                "only Word documents can be imported; put the write-up in a Word/WPS document, save it as .docx and import again"
            ),
            DocxError::TooLarge { .. } | DocxError::Xml { .. } => crate::tr!(
                "请在 Word/WPS 中打开它检查内容，另存为新的 .docx 后再导入；如果不是你们写的文件，请不要打开",
                "open it in Word/WPS to check it, save it as a new .docx and import again; if nobody you know wrote it, do not open it"
            ),
            _ => crate::tr!(
                "请在 Word/WPS 中打开它，用“另存为”选择 Word 文档（*.docx）格式保存后再导入",
                "open it in Word/WPS and use “Save As” with the Word Document (*.docx) format, then import again"
            ),
        }
    }
}

impl std::error::Error for DocxError {}

/// Reads the Word document at `path`.
pub fn read_file(path: &Path) -> Result<Document, DocxError> {
    let bytes = std::fs::read(path).map_err(DocxError::Io)?;
    let is_wps = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wps"));
    match read(&bytes) {
        Err(DocxError::LegacyWord) if is_wps => Err(DocxError::LegacyWps),
        other => other,
    }
}

/// Reads a Word document from its bytes.
pub fn read(bytes: &[u8]) -> Result<Document, DocxError> {
    let mut package = package::Package::open(bytes)?;
    body::read_document(&mut package)
}

#[cfg(test)]
pub(crate) mod tests;
