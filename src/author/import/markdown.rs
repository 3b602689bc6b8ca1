//! A Word document's body as Markdown in the form a person would write it (CommonMark
//! with pipe tables and footnotes, as `render::markdown` reads it), with the photos and
//! their captions taken out for the front matter.

use crate::author::docx::{Block, Document, Format, Inline, Paragraph, Table};

/// A photo taken out of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// Index into [`Document::images`].
    pub image: usize,
    /// Its caption, from the caption line under it (without the “图1” numbering).
    pub caption: Option<String>,
}

/// The converted body.
#[derive(Debug, Default)]
pub struct Body {
    /// The Markdown.
    pub markdown: String,
    /// Photos in the order they appear.
    pub photos: Vec<Photo>,
    /// Headings written (Word's heading styles and Chinese outline numbering).
    pub headings: usize,
    /// Of which from Chinese outline numbering alone on a line (一、（一）1.).
    pub outline_headings: usize,
    /// Tables written.
    pub tables: usize,
    /// Tables whose merged cells were split.
    pub merged_tables: usize,
    /// Tables that only laid out photos and captions (taken apart into photos).
    pub photo_tables: usize,
}

/// Converts `document`'s body, leaving out block `skip` (the title). Images for which
/// `usable` is false stay out of the photos, and their captions stay in the text.
pub fn body(document: &Document, skip: &[usize], usable: &dyn Fn(usize) -> bool) -> Body {
    let mut body = Body::default();
    let mut out = Writer {
        heading_shift: heading_shift(document, skip),
        ..Writer::default()
    };
    let blocks = &document.blocks;
    let mut consumed = vec![false; blocks.len()];
    for &i in skip {
        if i < consumed.len() {
            consumed[i] = true;
        }
    }
    for i in 0..blocks.len() {
        if consumed[i] {
            continue;
        }
        match &blocks[i] {
            Block::Paragraph(p) => {
                let images: Vec<usize> = images_in(&p.inlines)
                    .into_iter()
                    .filter(|&i| usable(i))
                    .collect();
                if !images.is_empty() {
                    let own_text = super::guess::paragraph_text(p);
                    let first_new = body.photos.len();
                    for image in images {
                        if !body.photos.iter().any(|ph| ph.image == image) {
                            body.photos.push(Photo {
                                image,
                                caption: None,
                            });
                        }
                    }
                    let caption = if !own_text.is_empty() && is_caption(p, &own_text, true) {
                        Some(own_text.clone())
                    } else {
                        match blocks.get(i + 1) {
                            Some(Block::Paragraph(next)) if images_in(&next.inlines).is_empty() => {
                                let text = super::guess::paragraph_text(next);
                                is_caption(next, &text, false).then(|| {
                                    consumed[i + 1] = true;
                                    text
                                })
                            }
                            _ => None,
                        }
                    };
                    // One caption under photos side by side is theirs together.
                    if let Some(caption) = caption.as_deref() {
                        for photo in &mut body.photos[first_new..] {
                            photo.caption = Some(caption_text(caption));
                        }
                    }
                    if own_text.is_empty() || caption.as_deref() == Some(own_text.as_str()) {
                        continue;
                    }
                }
                out.paragraph(p, &mut body);
            }
            Block::Table(table) => {
                if let Some(photos) = photo_table(table, usable) {
                    body.photo_tables += 1;
                    for photo in photos {
                        if !body.photos.iter().any(|ph| ph.image == photo.image) {
                            body.photos.push(photo);
                        }
                    }
                    continue;
                }
                for image in table
                    .rows
                    .iter()
                    .flatten()
                    .flat_map(|c| c.blocks.iter())
                    .flat_map(block_images)
                    .filter(|&i| usable(i))
                {
                    if !body.photos.iter().any(|ph| ph.image == image) {
                        body.photos.push(Photo {
                            image,
                            caption: None,
                        });
                    }
                }
                out.table(table, &mut body);
            }
        }
    }
    for (n, note) in document.footnotes.iter().enumerate() {
        out.footnote(n + 1, note);
    }
    body.markdown = out.finish();
    body
}

fn images_in(inlines: &[Inline]) -> Vec<usize> {
    let mut found = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Image(i) => found.push(*i),
            Inline::Link { inlines, .. } => found.extend(images_in(inlines)),
            _ => {}
        }
    }
    found
}

fn block_images(block: &Block) -> Vec<usize> {
    match block {
        Block::Paragraph(p) => images_in(&p.inlines),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .flat_map(|c| c.blocks.iter())
            .flat_map(block_images)
            .collect(),
    }
}

/// Whether `text` starts with a figure number: 图1, 图 1, 图一, 圖2, Figure 1.
fn has_figure_number(text: &str) -> bool {
    let rest = text
        .strip_prefix('图')
        .or_else(|| text.strip_prefix('圖'))
        .or_else(|| text.strip_prefix("Figure"))
        .or_else(|| text.strip_prefix("照片"));
    rest.is_some_and(|rest| {
        rest.trim_start().chars().next().is_some_and(|c| {
            c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c)
        })
    })
}

/// Whether a paragraph under (or holding) a photo is its caption: in a caption style,
/// numbered as a figure, or a short centred line.
fn is_caption(p: &Paragraph, text: &str, holds_the_photo: bool) -> bool {
    if text.is_empty() || p.heading.is_some() || p.list.is_some() {
        return false;
    }
    let short = text.chars().count() <= 60 && !text.ends_with(['。', '；', '：']);
    let marked = text.starts_with(['▲', '△']) || text.starts_with("图为");
    p.caption || has_figure_number(text) || marked || (!holds_the_photo && p.centered && short)
}

/// A caption without its figure number (“图1 委员调研” → “委员调研”).
fn caption_text(caption: &str) -> String {
    // Markers such as ▲ that writers put before a caption.
    let caption = caption
        .trim_start_matches(|c: char| "▲△▼▽●○■□◆◇★☆→↑·".contains(c) || c.is_whitespace())
        .trim();
    // “图为协商会现场” (“pictured: …”) says no more than “协商会现场”.
    let caption = [
        "上图为",
        "下图为",
        "左图为",
        "右图为",
        "图为",
        "图：",
        "图:",
    ]
    .iter()
    .find_map(|p| caption.strip_prefix(p))
    .map(str::trim)
    .filter(|rest| !rest.is_empty())
    .unwrap_or(caption);
    if !has_figure_number(caption) {
        return caption.to_string();
    }
    let rest = ["图", "圖", "Figure", "照片"]
        .iter()
        .find_map(|p| caption.strip_prefix(p))
        .unwrap_or(caption)
        .trim_start();
    let rest = rest.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c)
    });
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "：:、.．-—".contains(c));
    if rest.is_empty() {
        caption.to_string()
    } else {
        rest.to_string()
    }
}

/// The photos and captions of a table that only lays out photos: every cell holds images
/// or a short line. A caption is the text in the photo's cell, or the text in the cell
/// below it.
fn photo_table(table: &Table, usable: &dyn Fn(usize) -> bool) -> Option<Vec<Photo>> {
    let mut any_image = false;
    for cell in table.rows.iter().flatten() {
        let images: Vec<usize> = cell
            .blocks
            .iter()
            .flat_map(block_images)
            .filter(|&i| usable(i))
            .collect();
        any_image |= !images.is_empty();
        let text: String = cell
            .blocks
            .iter()
            .map(|b| super::guess::clean_line(&b.plain_text()))
            .collect::<Vec<_>>()
            .join(" ");
        let is_table = cell.blocks.iter().any(|b| matches!(b, Block::Table(_)));
        if is_table || text.chars().count() > 60 {
            return None;
        }
    }
    if !any_image {
        return None;
    }
    let column_of = |row: &[crate::author::docx::Cell], index: usize| -> usize {
        row[..index].iter().map(|c| c.span).sum()
    };
    let mut photos = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let images: Vec<usize> = cell
                .blocks
                .iter()
                .flat_map(block_images)
                .filter(|&i| usable(i))
                .collect();
            if images.is_empty() {
                continue;
            }
            let own = caption_line(cell);
            let below = table.rows.get(r + 1).and_then(|next| {
                let column = column_of(row, c);
                let mut at = 0;
                next.iter().find(|cell| {
                    let hit = at == column;
                    at += cell.span;
                    hit
                })
            });
            let caption = if !own.is_empty() {
                Some(own)
            } else {
                below
                    .filter(|cell| cell.blocks.iter().all(|b| block_images(b).is_empty()))
                    .map(caption_line)
                    .filter(|t| !t.is_empty())
            };
            let last = images.len() - 1;
            for (k, image) in images.into_iter().enumerate() {
                photos.push(Photo {
                    image,
                    caption: if k == last {
                        caption.as_deref().map(caption_text)
                    } else {
                        None
                    },
                });
            }
        }
    }
    Some(photos)
}

/// A cell's text as one caption line: its non-empty lines joined by a space.
fn caption_line(cell: &crate::author::docx::Cell) -> String {
    cell.blocks
        .iter()
        .map(|b| super::guess::clean_line(&b.plain_text()))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The heading level Chinese outline numbering gives a short paragraph alone on a line,
/// as Word's heading levels: 一、 → 1, （一） → 2, 1. → 3.
fn outline_level(text: &str) -> Option<u8> {
    let count = text.chars().count();
    if !(3..=30).contains(&count)
        || text.ends_with(['。', '；', '，', ',', ';', '：', ':', '！', '？'])
    {
        return None;
    }
    let numerals = |s: &str| {
        s.chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .count()
    };
    let n = numerals(text);
    if n > 0 {
        let rest: String = text.chars().skip(n).collect();
        if rest.starts_with('、') {
            return Some(1);
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = text.strip_prefix(open) {
            let n = numerals(inner);
            if n > 0 && inner.chars().nth(n) == Some(close) {
                return Some(2);
            }
        }
    }
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let mut rest = text.chars().skip(digits);
        if matches!(rest.next(), Some('.' | '．' | '、'))
            && !rest.next().is_some_and(|c| c.is_ascii_digit())
        {
            return Some(3);
        }
    }
    None
}

/// How many levels to raise every heading so that the document's top heading level
/// becomes `##` (pandoc, for one, starts a body at Heading 2).
fn heading_shift(document: &Document, skip: &[usize]) -> u8 {
    document
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .filter_map(|(_, b)| match b {
            Block::Paragraph(p) if p.list.is_none() => p.heading.or_else(|| {
                (!p.inlines.contains(&Inline::Break))
                    .then(|| outline_level(&super::guess::paragraph_text(p)))
                    .flatten()
            }),
            _ => None,
        })
        .min()
        .map_or(0, |top| top.saturating_sub(1))
}

#[derive(Default)]
struct Writer {
    /// Levels every heading is raised by.
    heading_shift: u8,
    /// The level of the last heading in a Word heading style (after the shift).
    style_level: Option<u8>,
    text: String,
    /// Indents of the open list levels (the width of each level's marker).
    list_stack: Vec<usize>,
    in_list: bool,
}

impl Writer {
    fn separate(&mut self, list_item: bool) {
        if self.text.is_empty() {
            return;
        }
        if !(list_item && self.in_list) {
            self.text.push('\n');
        }
    }

    fn paragraph(&mut self, p: &Paragraph, body: &mut Body) {
        let rendered = inlines(&p.inlines, Context::Paragraph);
        let rendered = rendered.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if rendered.is_empty() || rendered == "\\" {
            return;
        }
        let plain = super::guess::paragraph_text(p);
        // Outline numbering (一、（一）1.) nests under the Word heading it follows.
        let heading = match p.heading {
            Some(level) => {
                let level = level.saturating_sub(self.heading_shift).max(1);
                self.style_level = Some(level);
                Some(level)
            }
            None if p.list.is_none() && !p.inlines.contains(&Inline::Break) => {
                outline_level(&plain).map(|outline| {
                    body.outline_headings += 1;
                    match self.style_level {
                        Some(style) => style + outline,
                        None => outline.saturating_sub(self.heading_shift).max(1),
                    }
                })
            }
            None => None,
        };
        if let Some(level) = heading.filter(|_| !plain.is_empty()) {
            self.separate(false);
            self.in_list = false;
            self.list_stack.clear();
            body.headings += 1;
            let hashes = "#".repeat(usize::from(level.saturating_add(1)).clamp(2, 6));
            // A # in a heading's text could close it (“一、 #”); escaped, it is text.
            let text = inlines(&p.inlines, Context::Heading).replace('#', "\\#");
            self.text.push_str(&format!(
                "{hashes} {}\n",
                text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            ));
            return;
        }
        if let Some(item) = &p.list {
            self.separate(true);
            if !self.in_list {
                self.list_stack.clear();
            }
            self.in_list = true;
            let level = usize::from(item.level);
            let width = if item.ordered { 3 } else { 2 };
            while self.list_stack.len() > level {
                self.list_stack.pop();
            }
            while self.list_stack.len() < level {
                let last = self.list_stack.last().copied().unwrap_or(2);
                self.list_stack.push(last);
            }
            let indent: usize = self.list_stack.iter().sum();
            self.list_stack.push(width);
            let marker = if item.ordered { "1. " } else { "- " };
            let continuation = " ".repeat(indent + width);
            let body_text = indent_lines(rendered, &continuation);
            self.text
                .push_str(&format!("{}{marker}{body_text}\n", " ".repeat(indent)));
            return;
        }
        self.separate(false);
        self.in_list = false;
        self.list_stack.clear();
        self.text.push_str(&escape_line_starts(rendered));
        self.text.push('\n');
    }

    fn table(&mut self, table: &Table, body: &mut Body) {
        let width = table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| c.span).sum::<usize>())
            .max()
            .unwrap_or(0);
        if width == 0 {
            return;
        }
        self.separate(false);
        self.in_list = false;
        self.list_stack.clear();
        body.tables += 1;
        let mut lines = Vec::new();
        for (r, row) in table.rows.iter().enumerate() {
            let mut cells: Vec<String> = Vec::new();
            for cell in row {
                let text = if cell.continued {
                    String::new()
                } else {
                    cell.blocks
                        .iter()
                        .map(cell_text)
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join("<br>")
                };
                cells.push(text);
                for _ in 1..cell.span {
                    cells.push(String::new());
                }
            }
            cells.resize(width, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if r == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        self.text.push_str(&lines.join("\n"));
        self.text.push('\n');
        if table.has_merged_cells() {
            body.merged_tables += 1;
        }
    }

    fn footnote(&mut self, number: usize, blocks: &[Block]) {
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => inlines(&p.inlines, Context::Paragraph)
                    .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                    .to_string(),
                Block::Table(_) => cell_text(b),
            })
            .filter(|t| !t.is_empty())
            .collect();
        self.separate(false);
        self.in_list = false;
        let first = texts.first().cloned().unwrap_or_default();
        self.text
            .push_str(&format!("[^{number}]: {}\n", indent_lines(&first, "    ")));
        for more in texts.iter().skip(1) {
            self.text
                .push_str(&format!("\n    {}\n", indent_lines(more, "    ")));
        }
    }

    fn finish(self) -> String {
        let mut text = self.text;
        while text.ends_with("\n\n") {
            text.pop();
        }
        text
    }
}

fn cell_text(block: &Block) -> String {
    match block {
        Block::Paragraph(p) => inlines(&p.inlines, Context::Cell)
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .to_string(),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .flat_map(|c| c.blocks.iter())
            .map(cell_text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("<br>"),
    }
}

/// Continuation lines of a multi-line item indented under it.
fn indent_lines(text: &str, indent: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                line.to_string()
            } else {
                format!("{indent}{}", escape_line_starts(line))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Paragraph,
    Heading,
    Cell,
}

/// Inline content as Markdown.
fn inlines(items: &[Inline], context: Context) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Inline::Text(text, format) => {
                let text = text.replace(['\t', '\u{a0}'], " ");
                let format = if context == Context::Heading {
                    Format::default()
                } else {
                    *format
                };
                let before = out.chars().last();
                let after = next_char(&items[i + 1..]);
                out.push_str(&formatted(&text, format, before, after));
            }
            Inline::Break => match context {
                Context::Paragraph => {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push_str("\\\n");
                }
                Context::Heading => out.push(' '),
                Context::Cell => out.push_str("<br>"),
            },
            Inline::Link {
                target,
                inlines: inner,
            } => {
                // Links are underlined anyway; Word's Hyperlink style says so again.
                let plain: Vec<Inline> = inner
                    .iter()
                    .map(|i| match i {
                        Inline::Text(t, f) => Inline::Text(
                            t.clone(),
                            Format {
                                underline: false,
                                ..*f
                            },
                        ),
                        other => other.clone(),
                    })
                    .collect();
                let label = inlines(&plain, context);
                if is_web_address(target) && !label.trim().is_empty() {
                    out.push_str(&format!(
                        "[{label}](<{}>)",
                        target.replace(['<', '>', ' '], "")
                    ));
                } else {
                    out.push_str(&label);
                }
            }
            Inline::Image(_) => {}
            Inline::FootnoteRef(n) => out.push_str(&format!("[^{}]", n + 1)),
        }
    }
    if context != Context::Paragraph {
        out = out.replace('\n', " ");
    } else {
        // Line breaks at the very start or end of a paragraph break nothing (and a
        // backslash there would be read as text).
        loop {
            let trimmed = out.trim_matches(|c: char| c == ' ' || c == '\u{3000}');
            if let Some(rest) = trimmed.strip_suffix("\\\n") {
                out = rest.to_string();
            } else if let Some(rest) = trimmed.strip_prefix("\\\n") {
                out = rest.to_string();
            } else {
                break;
            }
        }
    }
    out
}

fn next_char(items: &[Inline]) -> Option<char> {
    match items.first()? {
        Inline::Text(t, _) => t.chars().next(),
        Inline::Link { .. } => Some('['),
        Inline::Break => Some('\n'),
        Inline::Image(_) => next_char(&items[1..]),
        Inline::FootnoteRef(_) => Some('['),
    }
}

fn is_web_address(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Text with its formatting as Markdown. Emphasis markers are used where CommonMark
/// will read them back (next to Chinese punctuation they often would not); else the
/// HTML tags the site allows.
fn formatted(text: &str, format: Format, before: Option<char>, after: Option<char>) -> String {
    let core = text.trim_matches(' ');
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
    let trail = &text[text.trim_end_matches(' ').len()..];
    let outer_before = if lead.is_empty() { before } else { Some(' ') };
    let outer_after = if trail.is_empty() { after } else { Some(' ') };
    // What follows the text: a closing marker or tag when it is formatted.
    let formatted = format != Format::default();
    let mut inner = escape(core, if formatted { Some('*') } else { outer_after });
    if format.superscript {
        inner = format!("<sup>{inner}</sup>");
    }
    if format.subscript {
        inner = format!("<sub>{inner}</sub>");
    }
    // Markers right after another run's markers would merge into one delimiter run; and
    // each layer's markers must flank what is inside them now (another layer's markers).
    let after_markers = matches!(outer_before, Some('*' | '~' | '_'));
    let layers = [
        (format.strike, "~~", "<del>", "</del>"),
        (format.italic, "*", "<i>", "</i>"),
        (format.bold, "**", "<b>", "</b>"),
    ];
    for (on, marker, open, close) in layers {
        if !on {
            continue;
        }
        let markers_ok = !after_markers
            && can_open(outer_before, inner.chars().next())
            && can_close(inner.chars().last(), outer_after);
        inner = if markers_ok {
            format!("{marker}{inner}{marker}")
        } else {
            format!("{open}{inner}{close}")
        };
    }
    format!("{lead}{inner}{trail}")
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F)
}

/// Whether a delimiter run between `before` and `first` is left-flanking (CommonMark).
fn can_open(before: Option<char>, first: Option<char>) -> bool {
    let Some(first) = first else { return false };
    if first.is_whitespace() {
        return false;
    }
    !is_punctuation(first) || before.is_none_or(|b| b.is_whitespace() || is_punctuation(b))
}

/// Whether a delimiter run between `last` and `after` is right-flanking (CommonMark).
fn can_close(last: Option<char>, after: Option<char>) -> bool {
    let Some(last) = last else { return false };
    if last.is_whitespace() {
        return false;
    }
    !is_punctuation(last) || after.is_none_or(|a| a.is_whitespace() || is_punctuation(a))
}

/// Escapes the characters that would mean something inside a line of Markdown, and only
/// where they would: `1_000`, `<30%` and `[1]` stay as written.
fn escape(text: &str, next: Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        // The character after the last is the next run's first, or none at the end.
        let after = chars.get(i + 1).copied().or(next);
        let escape = match c {
            '\\' | '`' | '*' | '~' | '|' => true,
            // Intraword underscores never make emphasis.
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            '<' => after.is_some_and(|a| a.is_ascii_alphabetic() || "/!?".contains(a)),
            '>' => false,
            // A bracket matters only as a link, an image or a footnote: [x](…), [x][…], [^1].
            '[' => after == Some('^') || closes_as_link(&chars, i),
            ']' => matches!(after, Some('(' | '[' | ':')),
            '&' => after.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the `[` at `open` has a `]` followed by `(` or `[` later in the text.
fn closes_as_link(chars: &[char], open: usize) -> bool {
    chars[open + 1..]
        .iter()
        .position(|&c| c == ']')
        .is_some_and(|close| matches!(chars.get(open + 1 + close + 1), Some('(' | '[')))
}

/// Escapes what would make a line start a block: a heading, quote, list item, thematic
/// break or setext underline. `1.加强` (no space) and `2025.12.26` start nothing.
fn escape_line_starts(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let mut chars = trimmed.chars();
            let first = chars.next();
            let second = chars.next();
            let spaced = second.is_none_or(|c| c == ' ' || c == '\t');
            let all_same = |c: char| trimmed.chars().all(|x| x == c || x == ' ');
            match first {
                Some('>') => format!("\\{trimmed}"),
                Some('#') => {
                    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
                    let rest = &trimmed[hashes..];
                    if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                        format!("\\{trimmed}")
                    } else {
                        trimmed.to_string()
                    }
                }
                Some('-' | '+') if spaced => format!("\\{trimmed}"),
                Some(c @ ('-' | '=' | '_')) if all_same(c) => format!("\\{trimmed}"),
                Some(c) if c.is_ascii_digit() => {
                    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
                    let rest = &trimmed[digits..];
                    let mut after = rest.chars();
                    let marker = matches!(after.next(), Some('.' | ')'));
                    let then_space = after.next().is_none_or(|c| c == ' ' || c == '\t');
                    if digits <= 9 && marker && then_space {
                        format!("{}\\{}", &trimmed[..digits], rest)
                    } else {
                        trimmed.to_string()
                    }
                }
                _ => trimmed.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::docx::ListItem;

    fn text(t: &str) -> Inline {
        Inline::Text(t.into(), Format::default())
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph(Paragraph {
            inlines,
            ..Paragraph::default()
        })
    }

    fn markdown(blocks: Vec<Block>) -> String {
        let document = Document {
            blocks,
            ..Document::default()
        };
        body(&document, &[], &|_| true).markdown
    }

    #[test]
    fn emphasis_next_to_chinese_punctuation_falls_back_to_tags() {
        let bold = Format {
            bold: true,
            ..Format::default()
        };
        assert_eq!(
            markdown(vec![para(vec![
                text("会议强调"),
                Inline::Text("“两个确立”".into(), bold),
                text("的意义")
            ])]),
            "会议强调<b>“两个确立”</b>的意义\n"
        );
        assert_eq!(
            markdown(vec![para(vec![
                text("要"),
                Inline::Text("加强学习".into(), bold),
                text("。")
            ])]),
            "要**加强学习**。\n"
        );
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            markdown(vec![para(vec![text(
                "1. 第一条 *注意* [见附件] a|b & c &amp;"
            )])]),
            "1\\. 第一条 \\*注意\\* [见附件] a\\|b & c \\&amp;\n"
        );
        assert_eq!(
            markdown(vec![para(vec![text("# 不是标题")])]),
            "\\# 不是标题\n"
        );
        assert_eq!(markdown(vec![para(vec![text("---")])]), "\\---\n");
        for plain in [
            "1.加强统筹规划，推动各项任务落实。",
            "2025年11月",
            "1",
            "2025.12.26 召开",
            "低于<30%",
            "1_000 元",
            "见[1]",
            "#标签",
            "甲&乙",
        ] {
            assert_eq!(
                markdown(vec![para(vec![text(plain)])]),
                format!("{plain}\n")
            );
        }
    }

    #[test]
    fn outline_numbering_alone_on_a_line_is_a_heading() {
        assert_eq!(outline_level("一、基本情况"), Some(1));
        assert_eq!(outline_level("（二）存在问题"), Some(2));
        assert_eq!(outline_level("1. 加强学习"), Some(3));
        assert_eq!(outline_level("1.5亿元投入"), None);
        assert_eq!(outline_level("一、加强学习，提高认识。"), None);
        assert_eq!(outline_level("二〇二五年"), None);
        assert_eq!(
            markdown(vec![
                para(vec![text("一、基本情况")]),
                para(vec![text("正文。")])
            ]),
            "## 一、基本情况\n\n正文。\n"
        );
    }

    #[test]
    fn nested_lists() {
        let item = |t: &str, level: u8, ordered: bool| {
            Block::Paragraph(Paragraph {
                inlines: vec![text(t)],
                list: Some(ListItem { level, ordered }),
                ..Paragraph::default()
            })
        };
        assert_eq!(
            markdown(vec![
                para(vec![text("前言")]),
                item("甲", 0, false),
                item("甲一", 1, true),
                item("甲二", 1, true),
                item("乙", 0, false),
                para(vec![text("后记")]),
            ]),
            "前言\n\n- 甲\n  1. 甲一\n  1. 甲二\n- 乙\n\n后记\n"
        );
    }

    #[test]
    fn captions_under_photos_are_taken_out() {
        let centred = |t: &str| {
            Block::Paragraph(Paragraph {
                inlines: vec![text(t)],
                centered: true,
                ..Paragraph::default()
            })
        };
        let document = Document {
            blocks: vec![
                para(vec![text("正文。")]),
                para(vec![Inline::Image(0)]),
                centred("图1 委员在岸线现场调研"),
                para(vec![Inline::Image(1)]),
                centred("座谈交流"),
                para(vec![Inline::Image(2)]),
                para(vec![text("不是说明，是正文。")]),
            ],
            ..Document::default()
        };
        let converted = body(&document, &[], &|_| true);
        assert_eq!(converted.markdown, "正文。\n\n不是说明，是正文。\n");
        let captions: Vec<Option<&str>> = converted
            .photos
            .iter()
            .map(|p| p.caption.as_deref())
            .collect();
        assert_eq!(
            captions,
            vec![Some("委员在岸线现场调研"), Some("座谈交流"), None]
        );
    }

    #[test]
    fn caption_numbers_are_removed() {
        assert_eq!(caption_text("图1 委员调研"), "委员调研");
        assert_eq!(caption_text("图 2：座谈会现场"), "座谈会现场");
        assert_eq!(caption_text("图三、合影"), "合影");
        assert_eq!(caption_text("Figure 4. Visit"), "Visit");
        assert_eq!(caption_text("图书馆外景"), "图书馆外景");
        assert_eq!(caption_text("▲ 委员察看现场"), "委员察看现场");
        assert_eq!(caption_text("图为协商会现场"), "协商会现场");
    }

    /// The plain text CommonMark reads back from `markdown` (as the site renders it).
    fn read_back(markdown: &str) -> String {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let mut text = String::new();
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                Event::Html(_) | Event::InlineHtml(_) => {}
                _ => {}
            }
        }
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Whatever the text and its formatting, the site reads back exactly the text
        /// (escapes only where needed, emphasis markers never shown).
        #[test]
        fn markdown_reads_back_as_the_text(
            runs in proptest::collection::vec(
                ("[a-z0-9 *_\\[\\]()<>#|~`!&;:./\\\\+=^\"'一二三、。，（）“”《》-]{1,12}", 0u8..8),
                1..4,
            )
        ) {
            let inlines: Vec<Inline> = runs
                .iter()
                .map(|(t, f)| Inline::Text(t.clone(), Format {
                    bold: f & 1 != 0,
                    italic: f & 2 != 0,
                    strike: f & 4 != 0,
                    ..Format::default()
                }))
                .collect();
            let written = markdown(vec![para(inlines)]);
            let expected: String = runs.iter().map(|(t, _)| t.as_str()).collect();
            let expected = expected.trim_matches(' ');
            let read = read_back(&written);
            proptest::prop_assert_eq!(read.trim_matches(' '), expected, "written: {:?}", written);
        }

        /// Lines after a line break start blocks just as a paragraph does: they read back too.
        #[test]
        fn lines_after_breaks_read_back(
            lines in proptest::collection::vec("[a-z0-9 *_\\[\\]<>#|~!&.)+=>-]{1,10}", 1..4)
        ) {
            let mut inlines = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    inlines.push(Inline::Break);
                }
                inlines.push(text(line));
            }
            let written = markdown(vec![para(inlines)]);
            let trim = |t: &str| t.lines().map(|l| l.trim_matches(' ')).collect::<Vec<_>>().join("\n");
            let expected = trim(&lines.join("\n"));
            let expected = expected.trim_matches(|c| c == ' ' || c == '\n');
            let read = trim(&read_back(&written));
            proptest::prop_assert_eq!(read.trim_matches(|c| c == ' ' || c == '\n'), expected, "written: {:?}", written);
        }
    }
}
