//! The walk over `document.xml`: paragraphs, runs, tables, fields, alternate content,
//! drawings and notes, into [`Document`]. Every element the walk does not know is walked
//! into, so its text is kept.

use super::package::{Package, Relationship, MAX_MEDIA_BYTES};
use super::styles::{is_centred, PartialFormat, Styles};
use super::xml::{Element, Ns};
use super::{Block, Cell, Document, DocxError, Inline, ListItem, Media, Paragraph, Table};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Reads the main document of `package`.
pub fn read_document(package: &mut Package<'_>) -> Result<Document, DocxError> {
    let main = package
        .main_document_name()?
        .unwrap_or_else(|| "word/document.xml".to_string());
    let root = package.xml_part(&main)?.ok_or(DocxError::NotWord)?;
    let body = root.child(Ns::W, "body").ok_or(DocxError::NotWord)?;
    let rels = package.relationships(&main);
    // Side parts that are missing or broken cost their contribution, not the import.
    let side_part = |package: &mut Package<'_>, kind: &str| -> Result<Option<Element>, DocxError> {
        let Some(name) = rels
            .values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
        else {
            return Ok(None);
        };
        match package.xml_part(&name) {
            Ok(part) => Ok(part),
            Err(e @ DocxError::TooLarge { .. }) => Err(e),
            Err(_) => Ok(None),
        }
    };
    let styles_root = side_part(package, "styles")?;
    let numbering_root = side_part(package, "numbering")?;
    let footnotes_root = side_part(package, "footnotes")?;
    let endnotes_root = side_part(package, "endnotes")?;
    let styles = Styles::read(styles_root.as_ref(), numbering_root.as_ref());
    let mut notes = HashMap::new();
    for (prefix, root, name) in [
        ("f", &footnotes_root, "footnote"),
        ("e", &endnotes_root, "endnote"),
    ] {
        if let Some(root) = root {
            for note in root.elements().filter(|e| e.is(Ns::W, name)) {
                if let Some(id) = note.attr(Ns::W, "id") {
                    notes.insert(format!("{prefix}:{id}"), note);
                }
            }
        }
    }
    let properties = read_properties(package);
    let mut reader = Reader {
        package,
        styles: &styles,
        rels: &rels,
        notes,
        document: Document {
            properties,
            ..Document::default()
        },
        note_numbers: HashMap::new(),
        image_numbers: HashMap::new(),
        comments: HashSet::new(),
        out: Vec::new(),
        pending: Vec::new(),
        fields: Vec::new(),
        merge_floor: 0,
    };
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);
    reader.document.blocks = blocks;
    reader.document.dropped.comments = reader.comments.len();
    Ok(reader.document)
}

fn read_properties(package: &mut Package<'_>) -> super::Properties {
    let rels = package.relationships("");
    let name = rels
        .values()
        .find(|r| r.kind == "core-properties" && !r.external)
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    let Ok(Some(root)) = package.xml_part(&name) else {
        return super::Properties::default();
    };
    let text = |name: &str| {
        root.elements()
            .find(|e| e.ns == Ns::Properties && e.name == name)
            .map(|e| e.text().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let date = |name: &str| {
        text(name).and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
    };
    super::Properties {
        title: text("title"),
        created: date("created"),
        modified: date("modified"),
    }
}

/// A field (`fldChar` begin … separate … end) being read.
struct Field {
    instruction: String,
    /// Past `separate`: its result is being read.
    in_result: bool,
    /// What to do with the result, decided at `separate`.
    action: FieldAction,
    /// Where a hyperlink field's result starts in the current inline buffer.
    link_start: usize,
}

#[derive(Clone, PartialEq)]
enum FieldAction {
    Keep,
    Drop,
    Link(String),
}

struct Reader<'p, 'a, 'd> {
    package: &'p mut Package<'a>,
    styles: &'d Styles,
    rels: &'d HashMap<String, Relationship>,
    notes: HashMap<String, &'d Element>,
    document: Document,
    note_numbers: HashMap<String, usize>,
    image_numbers: HashMap<String, usize>,
    comments: HashSet<String>,
    /// The inline content of the paragraph being read.
    out: Vec<Inline>,
    /// Text boxes met in the paragraph being read, to follow it.
    pending: Vec<Block>,
    fields: Vec<Field>,
    /// Text pushed at or after this index is not merged into the text before it (a
    /// hyperlink field's result starts there).
    merge_floor: usize,
}

impl Reader<'_, '_, '_> {
    /// Whether content met now is shown: not inside a field's instruction, nor inside the
    /// result of a field whose result is dropped (a table of contents, a page number).
    fn emitting(&self) -> bool {
        self.fields
            .iter()
            .all(|f| f.in_result && f.action != FieldAction::Drop)
    }

    fn push(&mut self, inline: Inline) {
        if !self.emitting() {
            return;
        }
        let mergeable = self.out.len() > self.merge_floor;
        if let (true, Inline::Text(text, format), Some(Inline::Text(last, last_format))) =
            (mergeable, &inline, self.out.last_mut())
        {
            if format == last_format {
                last.push_str(text);
                return;
            }
        }
        self.out.push(inline);
    }

    fn blocks(&mut self, parent: &Element, out: &mut Vec<Block>) {
        for child in parent.elements() {
            match (child.ns, child.name.as_str()) {
                (Ns::W, "p") => self.paragraph(child, out),
                (Ns::W, "tbl") => self.table(child, out),
                (Ns::W, "sdt") => {
                    if is_table_of_contents(child) {
                        self.document.dropped.fields += 1;
                    } else if let Some(content) = child.child(Ns::W, "sdtContent") {
                        self.blocks(content, out);
                    }
                }
                (Ns::W, "del" | "moveFrom") => self.document.dropped.deletions += 1,
                (
                    Ns::W,
                    "sectPr" | "pPr" | "tblPr" | "tcPr" | "trPr" | "bookmarkStart" | "bookmarkEnd"
                    | "proofErr" | "permStart" | "permEnd",
                ) => {}
                (Ns::W, "commentRangeStart" | "commentRangeEnd") => {}
                (Ns::M, "oMathPara" | "oMath") => {
                    let saved = std::mem::take(&mut self.out);
                    self.equation(child);
                    let inlines = std::mem::replace(&mut self.out, saved);
                    if !inlines.is_empty() {
                        out.push(Block::Paragraph(Paragraph {
                            inlines,
                            ..Paragraph::default()
                        }));
                    }
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(choice) = alternate(child) {
                        self.blocks(choice, out);
                    }
                }
                _ => self.blocks(child, out),
            }
        }
    }

    fn paragraph(&mut self, p: &Element, out: &mut Vec<Block>) {
        let ppr = p.child(Ns::W, "pPr");
        let style_id = ppr
            .and_then(|ppr| ppr.child(Ns::W, "pStyle"))
            .and_then(|s| s.val());
        let style = self.styles.paragraph(style_id);
        let direct_outline = ppr
            .and_then(|ppr| ppr.child(Ns::W, "outlineLvl"))
            .and_then(|o| o.val())
            .and_then(|v| v.parse::<u8>().ok());
        let centered = ppr
            .and_then(|ppr| ppr.child(Ns::W, "jc"))
            .map(is_centred)
            .or(style.centered)
            .unwrap_or(false);
        let numbering = match ppr.and_then(|ppr| ppr.child(Ns::W, "numPr")) {
            Some(numpr) => numpr.child(Ns::W, "numId").and_then(|n| n.val()).map(|id| {
                let level = numpr
                    .child(Ns::W, "ilvl")
                    .and_then(|l| l.val())
                    .and_then(|v| v.parse().ok())
                    .or_else(|| style.numbering.as_ref().map(|(_, l)| *l))
                    .unwrap_or(0);
                (id.to_string(), level)
            }),
            None => style.numbering.clone(),
        };
        for child in p.elements() {
            if !child.is(Ns::W, "pPr") {
                self.inline(child);
            }
        }
        // A hyperlink field that goes on into the next paragraph links this part here.
        let mut inlines = std::mem::take(&mut self.out);
        self.merge_floor = 0;
        for field in self.fields.iter_mut() {
            if let FieldAction::Link(target) = &field.action {
                if field.in_result && field.link_start < inlines.len() {
                    let linked = inlines.split_off(field.link_start);
                    inlines.push(Inline::Link {
                        target: target.clone(),
                        inlines: linked,
                    });
                }
                field.link_start = 0;
            }
        }
        let heading = match direct_outline {
            Some(level) if level < 9 => Some(level + 1),
            Some(_) => None,
            None => style.heading,
        };
        let list = match (&heading, numbering) {
            (None, Some((id, level))) if !style.title => {
                let level = match style.list_depth {
                    Some(depth) if level == 0 => depth,
                    _ => level,
                };
                self.styles
                    .list_kind(&id, level.min(8))
                    .or_else(|| self.styles.list_kind(&id, 0))
                    .map(|ordered| ListItem { level, ordered })
            }
            _ => None,
        };
        if !inlines.is_empty() {
            out.push(Block::Paragraph(Paragraph {
                inlines,
                heading,
                title: style.title,
                caption: style.caption,
                centered,
                list,
            }));
        }
        out.append(&mut self.pending);
    }

    fn table(&mut self, tbl: &Element, out: &mut Vec<Block>) {
        let mut table = Table::default();
        for tr in descendants_through_wrappers(tbl, "tr") {
            let deleted = tr
                .child(Ns::W, "trPr")
                .is_some_and(|p| p.child(Ns::W, "del").is_some());
            if deleted {
                self.document.dropped.deletions += 1;
                continue;
            }
            let mut row: Vec<Cell> = Vec::new();
            for tc in descendants_through_wrappers(tr, "tc") {
                let tcpr = tc.child(Ns::W, "tcPr");
                let span = tcpr
                    .and_then(|p| p.child(Ns::W, "gridSpan"))
                    .and_then(|g| g.val())
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = tcpr
                    .and_then(|p| p.child(Ns::W, "vMerge"))
                    .is_some_and(|m| m.val() != Some("restart"));
                let merged_across = tcpr
                    .and_then(|p| p.child(Ns::W, "hMerge"))
                    .is_some_and(|m| m.val() != Some("restart"));
                if merged_across {
                    if let Some(last) = row.last_mut() {
                        last.span += 1;
                        continue;
                    }
                }
                let mut blocks = Vec::new();
                let saved_pending = std::mem::take(&mut self.pending);
                self.blocks(tc, &mut blocks);
                self.pending = saved_pending;
                row.push(Cell {
                    blocks,
                    span,
                    continued,
                });
            }
            if !row.is_empty() {
                table.rows.push(row);
            }
        }
        if !table.rows.is_empty() {
            out.push(Block::Table(table));
        }
    }

    fn inline(&mut self, e: &Element) {
        match (e.ns, e.name.as_str()) {
            (Ns::W, "r") => self.run(e),
            (Ns::W, "hyperlink") => {
                let target = e
                    .attr(Ns::R, "id")
                    .and_then(|id| self.rels.get(id))
                    .filter(|r| r.external)
                    .map(|r| r.target.clone());
                let saved = std::mem::take(&mut self.out);
                for child in e.elements() {
                    self.inline(child);
                }
                let inner = std::mem::replace(&mut self.out, saved);
                match target {
                    Some(target) if !inner.is_empty() => self.out.push(Inline::Link {
                        target,
                        inlines: inner,
                    }),
                    _ => self.out.extend(inner),
                }
            }
            (Ns::W, "fldSimple") => {
                let instruction = e.attr(Ns::W, "instr").unwrap_or_default();
                match field_action(instruction) {
                    FieldAction::Drop => {
                        if self.emitting() {
                            self.document.dropped.fields += 1;
                        }
                    }
                    FieldAction::Keep => {
                        for child in e.elements() {
                            self.inline(child);
                        }
                    }
                    FieldAction::Link(target) => {
                        let saved = std::mem::take(&mut self.out);
                        for child in e.elements() {
                            self.inline(child);
                        }
                        let inner = std::mem::replace(&mut self.out, saved);
                        if !inner.is_empty() {
                            self.out.push(Inline::Link {
                                target,
                                inlines: inner,
                            });
                        }
                    }
                }
            }
            (Ns::W, "del" | "moveFrom") => self.document.dropped.deletions += 1,
            (Ns::W, "sdt") => {
                if let Some(content) = e.child(Ns::W, "sdtContent") {
                    for child in content.elements() {
                        self.inline(child);
                    }
                }
            }
            (
                Ns::W,
                "pPr" | "rPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "permStart"
                | "permEnd" | "commentRangeStart" | "commentRangeEnd",
            ) => {}
            (Ns::M, "oMathPara" | "oMath") => self.equation(e),
            (Ns::Mc, "AlternateContent") => {
                if let Some(choice) = alternate(e) {
                    for child in choice.elements() {
                        self.inline(child);
                    }
                }
            }
            _ => {
                for child in e.elements() {
                    self.inline(child);
                }
            }
        }
    }

    fn run(&mut self, r: &Element) {
        let rpr = r.child(Ns::W, "rPr");
        let direct = rpr.map(PartialFormat::read).unwrap_or_default();
        let styled = rpr
            .and_then(|rpr| rpr.child(Ns::W, "rStyle"))
            .and_then(|s| s.val())
            .map(|id| self.styles.character(id))
            .unwrap_or_default();
        let format = direct.over(styled).resolve();
        for child in r.elements() {
            self.run_content(child, format);
        }
    }

    fn run_content(&mut self, e: &Element, format: super::Format) {
        match (e.ns, e.name.as_str()) {
            (Ns::W, "t") => {
                let text = e.text();
                if !text.is_empty() {
                    self.push(Inline::Text(text, format));
                }
            }
            (Ns::W, "tab" | "ptab") => self.push(Inline::Text("\t".into(), format)),
            (Ns::W, "br") => {
                if !matches!(e.attr(Ns::W, "type"), Some("page" | "column")) {
                    self.push(Inline::Break);
                }
            }
            (Ns::W, "cr") => self.push(Inline::Break),
            (Ns::W, "noBreakHyphen") => self.push(Inline::Text("-".into(), format)),
            (Ns::W, "sym") => match symbol(e) {
                Some(c) => self.push(Inline::Text(c.to_string(), format)),
                None => {
                    if self.emitting() {
                        self.document.dropped.symbols += 1;
                    }
                }
            },
            (Ns::W, "instrText") => {
                if let Some(field) = self.fields.last_mut() {
                    if !field.in_result {
                        field.instruction.push_str(&e.text());
                    }
                }
            }
            (Ns::W, "fldChar") => self.field_char(e),
            (Ns::W, "drawing") => {
                if self.emitting() {
                    self.drawing(e);
                }
            }
            (Ns::W, "pict") => {
                if self.emitting() {
                    self.picture(e);
                }
            }
            (Ns::W, "object") => {
                if self.emitting() {
                    self.document.dropped.objects += 1;
                }
            }
            (Ns::W, "footnoteReference") => self.note_reference(e, "f"),
            (Ns::W, "endnoteReference") => self.note_reference(e, "e"),
            (Ns::W, "commentReference") => {
                let id = e.attr(Ns::W, "id").unwrap_or_default().to_string();
                self.comments.insert(id);
            }
            (Ns::W, "ruby") => {
                if let Some(base) = e.child(Ns::W, "rubyBase") {
                    for child in base.elements() {
                        self.inline(child);
                    }
                }
            }
            (Ns::M, "oMathPara" | "oMath") => self.equation(e),
            (Ns::Mc, "AlternateContent") => {
                if let Some(choice) = alternate(e) {
                    for child in choice.elements() {
                        self.run_content(child, format);
                    }
                }
            }
            (
                Ns::W,
                "rPr"
                | "delText"
                | "delInstrText"
                | "softHyphen"
                | "footnoteRef"
                | "endnoteRef"
                | "separator"
                | "continuationSeparator"
                | "annotationRef"
                | "lastRenderedPageBreak"
                | "fldData",
            ) => {}
            (Ns::W, "del" | "moveFrom") => self.document.dropped.deletions += 1,
            _ => {
                for child in e.elements() {
                    self.run_content(child, format);
                }
            }
        }
    }

    /// An equation, kept as linear text (a/b, x^2) inside its sentence.
    fn equation(&mut self, e: &Element) {
        let text = math_text(e);
        if !text.trim().is_empty() && self.emitting() {
            self.document.equations += 1;
            self.push(Inline::Text(text, super::Format::default()));
        }
    }

    fn field_char(&mut self, e: &Element) {
        match e.attr(Ns::W, "fldCharType") {
            Some("begin") => self.fields.push(Field {
                instruction: String::new(),
                in_result: false,
                action: FieldAction::Keep,
                link_start: 0,
            }),
            Some("separate") => {
                let start = self.out.len();
                if let Some(field) = self.fields.last_mut() {
                    field.in_result = true;
                    field.action = field_action(&field.instruction);
                    field.link_start = start;
                }
                self.merge_floor = start;
            }
            Some("end") => {
                let Some(mut field) = self.fields.pop() else {
                    return;
                };
                if !field.in_result {
                    // A field without a result part: nothing was shown.
                    field.action = field_action(&field.instruction);
                    if field.action == FieldAction::Drop && self.emitting() {
                        self.document.dropped.fields += 1;
                    }
                    return;
                }
                match field.action {
                    FieldAction::Drop => {
                        if self.emitting() {
                            self.document.dropped.fields += 1;
                        }
                    }
                    FieldAction::Link(target) => {
                        let start = field.link_start.min(self.out.len());
                        let linked = self.out.split_off(start);
                        if !linked.is_empty() {
                            self.out.push(Inline::Link {
                                target,
                                inlines: linked,
                            });
                        }
                    }
                    FieldAction::Keep => {}
                }
            }
            _ => {}
        }
    }

    fn drawing(&mut self, e: &Element) {
        let is_object = {
            let mut data = Vec::new();
            e.find_all(Ns::A, "graphicData", &mut data);
            data.iter().any(|d| {
                d.attr(Ns::None, "uri")
                    .is_some_and(|uri| uri.ends_with("/chart") || uri.ends_with("/diagram"))
            })
        };
        if is_object {
            self.document.dropped.objects += 1;
        }
        let description = e
            .find(Ns::Wp, "docPr")
            .and_then(|d| {
                d.attr(Ns::None, "descr")
                    .or_else(|| d.attr(Ns::None, "title"))
            })
            .and_then(writer_description);
        let mut blips = Vec::new();
        e.find_all(Ns::A, "blip", &mut blips);
        for blip in blips {
            if let Some(id) = blip.attr(Ns::R, "embed") {
                self.image(id, description.clone());
            } else if blip.attr(Ns::R, "link").is_some() {
                self.document.dropped.linked_images += 1;
            }
        }
        self.text_boxes(e);
    }

    fn picture(&mut self, e: &Element) {
        let mut data = Vec::new();
        e.find_all(Ns::V, "imagedata", &mut data);
        for imagedata in data {
            let description = imagedata
                .attr(Ns::Other, "title")
                .or_else(|| imagedata.attr(Ns::None, "title"))
                .and_then(writer_description);
            if let Some(id) = imagedata.attr(Ns::R, "id") {
                self.image(id, description);
            }
        }
        self.text_boxes(e);
    }

    /// The blocks inside `e` (a text box, a note), read apart from the paragraph being
    /// read: its content, its pending text boxes and its open fields wait meanwhile.
    fn blocks_apart(&mut self, e: &Element) -> Vec<Block> {
        let out = std::mem::take(&mut self.out);
        let pending = std::mem::take(&mut self.pending);
        let fields = std::mem::take(&mut self.fields);
        let merge_floor = std::mem::take(&mut self.merge_floor);
        let mut blocks = Vec::new();
        self.blocks(e, &mut blocks);
        self.out = out;
        self.pending = pending;
        self.fields = fields;
        self.merge_floor = merge_floor;
        blocks
    }

    /// The text of text boxes in `e`, as blocks after the current paragraph.
    fn text_boxes(&mut self, e: &Element) {
        let mut boxes = Vec::new();
        e.find_all(Ns::W, "txbxContent", &mut boxes);
        for content in boxes {
            let blocks = self.blocks_apart(content);
            if !blocks.is_empty() {
                self.document.text_boxes += 1;
                self.pending.extend(blocks);
            }
        }
    }

    fn image(&mut self, relationship: &str, description: Option<String>) {
        let Some(rel) = self.rels.get(relationship) else {
            self.document.dropped.missing_images += 1;
            return;
        };
        if rel.external {
            self.document.dropped.linked_images += 1;
            return;
        }
        if let Some(&index) = self.image_numbers.get(&rel.target) {
            self.push(Inline::Image(index));
            return;
        }
        match self.package.part(&rel.target, MAX_MEDIA_BYTES) {
            Ok(Some(bytes)) => {
                let index = self.document.images.len();
                self.document.images.push(Media {
                    part: rel.target.clone(),
                    bytes,
                    description,
                });
                self.image_numbers.insert(rel.target.clone(), index);
                self.push(Inline::Image(index));
            }
            Ok(None) => self.document.dropped.missing_images += 1,
            Err(DocxError::TooLarge { .. }) => self.document.dropped.oversized_images += 1,
            Err(_) => self.document.dropped.missing_images += 1,
        }
    }

    fn note_reference(&mut self, e: &Element, prefix: &str) {
        if !self.emitting() {
            return;
        }
        let key = format!("{prefix}:{}", e.attr(Ns::W, "id").unwrap_or_default());
        if let Some(&index) = self.note_numbers.get(&key) {
            self.push(Inline::FootnoteRef(index));
            return;
        }
        let Some(&note) = self.notes.get(&key) else {
            return;
        };
        let index = self.document.footnotes.len();
        self.document.footnotes.push(Vec::new());
        self.note_numbers.insert(key, index);
        self.push(Inline::FootnoteRef(index));
        self.document.footnotes[index] = self.blocks_apart(note);
    }
}

/// An equation's text in a linear form: fractions as (a)/(b), powers as a^b, roots as
/// √(a); everything else in order.
fn math_text(e: &Element) -> String {
    let part = |name: &str| e.child(Ns::M, name).map(math_text).unwrap_or_default();
    let group = |text: String| {
        if text.chars().count() > 1 {
            format!("({text})")
        } else {
            text
        }
    };
    match (e.ns, e.name.as_str()) {
        (Ns::M, "t") => e.text(),
        (Ns::M, "f") => format!("{}/{}", group(part("num")), group(part("den"))),
        (Ns::M, "sSup") => format!("{}^{}", part("e"), group(part("sup"))),
        (Ns::M, "sSub") => format!("{}_{}", part("e"), group(part("sub"))),
        (Ns::M, "sSubSup") => format!(
            "{}_{}^{}",
            part("e"),
            group(part("sub")),
            group(part("sup"))
        ),
        (Ns::M, "rad") => format!("√{}", group(part("e"))),
        (_, "rPr" | "ctrlPr" | "fPr" | "radPr" | "sSupPr" | "sSubPr" | "oMathParaPr") => {
            String::new()
        }
        _ => e.elements().map(math_text).collect(),
    }
}

/// A symbol-font character as the Unicode character it shows, where it has one.
fn symbol(e: &Element) -> Option<char> {
    let code = u32::from_str_radix(e.attr(Ns::W, "char")?, 16).ok()?;
    let code = if code >= 0xF000 { code - 0xF000 } else { code };
    let font = e
        .attr(Ns::W, "font")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let c = if font.starts_with("wingdings") {
        match code {
            0x9F => '•',
            0x6C => '●',
            0x6E => '■',
            0xA7 => '▪',
            0xA8 => '□',
            0xFB => '✗',
            0xFC => '✓',
            0xFD => '☒',
            0xFE => '☑',
            0xE0 => '→',
            _ => return None,
        }
    } else if font == "symbol" {
        match code {
            0xB7 => '•',
            0xB4 => '×',
            0xB8 => '÷',
            0xB1 => '±',
            0xA3 => '≤',
            0xB3 => '≥',
            0xAE => '→',
            0xB0 => '°',
            _ => return None,
        }
    } else {
        char::from_u32(code)
            .filter(|c| !c.is_control() && !('\u{E000}'..='\u{F8FF}').contains(c))?
    };
    Some(c)
}

/// What to do with a field's result, from its instruction.
fn field_action(instruction: &str) -> FieldAction {
    let mut words = instruction.split_whitespace();
    let name = words.next().unwrap_or_default().to_ascii_uppercase();
    match name.as_str() {
        "TOC" | "PAGE" | "NUMPAGES" | "SECTIONPAGES" | "PAGEREF" | "INDEX" | "TOA" | "XE"
        | "TC" | "RD" => FieldAction::Drop,
        "HYPERLINK" => {
            let rest: Vec<&str> = words.collect();
            let target = rest
                .iter()
                .position(|w| !w.starts_with('\\'))
                .filter(|&i| i == 0 || rest[i - 1] != "\\l")
                .map(|i| rest[i].trim_matches('"').to_string())
                .filter(|t| !t.is_empty());
            match target {
                Some(t) => FieldAction::Link(t),
                None => FieldAction::Keep,
            }
        }
        _ => FieldAction::Keep,
    }
}

fn is_table_of_contents(sdt: &Element) -> bool {
    sdt.child(Ns::W, "sdtPr")
        .and_then(|p| p.find(Ns::W, "docPartGallery"))
        .and_then(|g| g.val())
        .is_some_and(|v| v.contains("Table of Contents") || v.contains("目录"))
}

/// The branch of `mc:AlternateContent` to read: the first choice (what Word shows), else
/// the fallback. Reading one keeps a text box from appearing twice.
fn alternate(e: &Element) -> Option<&Element> {
    e.child(Ns::Mc, "Choice")
        .or_else(|| e.child(Ns::Mc, "Fallback"))
}

/// `name` children of `parent`, looking through the wrappers Word may put around rows
/// and cells (content controls, custom XML, tracked insertions).
fn descendants_through_wrappers<'e>(parent: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut found = Vec::new();
    for child in parent.elements() {
        if child.is(Ns::W, name) {
            found.push(child);
        } else if child.ns == Ns::W
            && matches!(
                child.name.as_str(),
                "sdt" | "sdtContent" | "customXml" | "ins"
            )
        {
            found.extend(descendants_through_wrappers(child, name));
        }
    }
    found
}

/// The writer's description of an image, unless it is one a program made up: Word's
/// automatic descriptions, a file name, or a default name such as “图片 1”.
fn writer_description(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let lower = text.to_lowercase();
    let generated = [
        "图片包含",
        "自动生成",
        "ai 生成",
        "a picture containing",
        "description automatically generated",
        "generated with",
    ];
    if generated.iter().any(|g| lower.contains(g)) {
        return None;
    }
    let extensions = [
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".webp",
    ];
    if extensions.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    let default_name = ["图片", "picture", "image", "图像", "图表", "图形", "img"]
        .iter()
        .any(|prefix| {
            lower
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.trim().chars().all(|c| c.is_ascii_digit() || c == '_'))
        });
    if default_name {
        return None;
    }
    Some(text.to_string())
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn field_instructions() {
        assert!(field_action(r#" TOC \o "1-3" \h \z \u "#) == FieldAction::Drop);
        assert!(field_action(" PAGE ") == FieldAction::Drop);
        assert!(
            field_action(r#" HYPERLINK "https://www.cppcc.gov.cn/" "#)
                == FieldAction::Link("https://www.cppcc.gov.cn/".into())
        );
        assert!(field_action(r#" HYPERLINK \l "_Toc1" "#) == FieldAction::Keep);
        assert!(field_action(" SEQ 图 \\* ARABIC ") == FieldAction::Keep);
    }

    #[test]
    fn made_up_descriptions_are_not_alt_text() {
        assert_eq!(writer_description("图片 1"), None);
        assert_eq!(writer_description("IMG_2034.JPG"), None);
        assert_eq!(
            writer_description("图片包含 人, 室内, 会议\n\n描述已自动生成"),
            None
        );
        assert_eq!(
            writer_description("委员在岸线调研").as_deref(),
            Some("委员在岸线调研")
        );
    }
}
