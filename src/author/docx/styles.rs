//! Styles (`styles.xml`) and list numbering (`numbering.xml`): what a paragraph's style
//! makes it (heading, title, caption, list item, centred) and a run's style makes its text.
//! Word writes built-in style names in English whatever the interface language, but WPS
//! and localised templates may use the Chinese names, and Chinese Word uses numeric style
//! ids ("1" for heading 1): so names are matched in both languages and ids never.

use super::xml::{Element, Ns};
use super::Format;
use std::collections::HashMap;

/// What a paragraph style contributes.
#[derive(Debug, Clone, Default)]
pub struct ParagraphStyle {
    /// Heading level 1–9.
    pub heading: Option<u8>,
    /// The Title style (or Subtitle, which is not used as the title).
    pub title: bool,
    /// A caption style.
    pub caption: bool,
    /// Centred.
    pub centered: Option<bool>,
    /// List numbering (`numId`, level).
    pub numbering: Option<(String, u8)>,
    /// The nesting a numbered list style's name gives (“List Bullet 2” → 1): some
    /// writers nest lists only by style, each level a separate list at level 0.
    pub list_depth: Option<u8>,
}

#[derive(Debug, Clone, Default)]
struct RawStyle {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    centered: Option<bool>,
    numbering: Option<(String, Option<u8>)>,
    format: PartialFormat,
}

/// Run properties as written: `None` where the style says nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartialFormat {
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    strike: Option<bool>,
    vertical: Option<i8>,
}

impl PartialFormat {
    /// Reads `w:rPr`.
    pub fn read(rpr: &Element) -> Self {
        let mut format = PartialFormat::default();
        for e in rpr.elements().filter(|e| e.ns == Ns::W) {
            match e.name.as_str() {
                "b" => format.bold = Some(e.is_on()),
                "i" => format.italic = Some(e.is_on()),
                "u" => format.underline = Some(e.is_on()),
                "strike" | "dstrike" => format.strike = Some(e.is_on()),
                "vertAlign" => {
                    format.vertical = Some(match e.val() {
                        Some("superscript") => 1,
                        Some("subscript") => -1,
                        _ => 0,
                    })
                }
                _ => {}
            }
        }
        format
    }

    /// `self` where it says something, else `under`.
    pub fn over(self, under: PartialFormat) -> PartialFormat {
        PartialFormat {
            bold: self.bold.or(under.bold),
            italic: self.italic.or(under.italic),
            underline: self.underline.or(under.underline),
            strike: self.strike.or(under.strike),
            vertical: self.vertical.or(under.vertical),
        }
    }

    /// The formatting in effect.
    pub fn resolve(self) -> Format {
        Format {
            bold: self.bold.unwrap_or(false),
            italic: self.italic.unwrap_or(false),
            underline: self.underline.unwrap_or(false),
            strike: self.strike.unwrap_or(false),
            superscript: self.vertical == Some(1),
            subscript: self.vertical == Some(-1),
        }
    }
}

/// The document's styles and numbering definitions.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, RawStyle>,
    default_paragraph: Option<String>,
    /// numId → level → ordered (numbered, not bulleted); absent levels are not lists.
    numbering: HashMap<String, HashMap<u8, bool>>,
}

impl Styles {
    /// Reads `styles.xml` and `numbering.xml` (either may be missing).
    pub fn read(styles: Option<&Element>, numbering: Option<&Element>) -> Self {
        let mut result = Styles::default();
        if let Some(root) = styles {
            for style in root.elements().filter(|e| e.is(Ns::W, "style")) {
                let Some(id) = style.attr(Ns::W, "styleId") else {
                    continue;
                };
                let mut raw = RawStyle {
                    name: style
                        .child(Ns::W, "name")
                        .and_then(|n| n.val())
                        .unwrap_or(id)
                        .to_string(),
                    based_on: style
                        .child(Ns::W, "basedOn")
                        .and_then(|b| b.val())
                        .map(str::to_string),
                    ..RawStyle::default()
                };
                if let Some(ppr) = style.child(Ns::W, "pPr") {
                    raw.outline = ppr
                        .child(Ns::W, "outlineLvl")
                        .and_then(|o| o.val())
                        .and_then(|v| v.parse().ok());
                    raw.centered = ppr.child(Ns::W, "jc").map(is_centred);
                    raw.numbering = ppr.child(Ns::W, "numPr").and_then(|n| {
                        let id = n.child(Ns::W, "numId")?.val()?.to_string();
                        let level = n
                            .child(Ns::W, "ilvl")
                            .and_then(|l| l.val())
                            .and_then(|v| v.parse().ok());
                        Some((id, level))
                    });
                }
                if let Some(rpr) = style.child(Ns::W, "rPr") {
                    raw.format = PartialFormat::read(rpr);
                }
                let is_default = style.attr(Ns::W, "type") == Some("paragraph")
                    && style
                        .attr(Ns::W, "default")
                        .is_some_and(|d| d == "1" || d == "true");
                if is_default {
                    result.default_paragraph = Some(id.to_string());
                }
                result.styles.insert(id.to_string(), raw);
            }
        }
        if let Some(root) = numbering {
            let mut abstracts: HashMap<String, HashMap<u8, bool>> = HashMap::new();
            for abs in root.elements().filter(|e| e.is(Ns::W, "abstractNum")) {
                let Some(id) = abs.attr(Ns::W, "abstractNumId") else {
                    continue;
                };
                let levels = abs
                    .elements()
                    .filter(|e| e.is(Ns::W, "lvl"))
                    .filter_map(|lvl| {
                        let level: u8 = lvl.attr(Ns::W, "ilvl")?.parse().ok()?;
                        let format = lvl.child(Ns::W, "numFmt").and_then(|f| f.val());
                        match format {
                            Some("none") => None,
                            Some("bullet") => Some((level, false)),
                            _ => Some((level, true)),
                        }
                    })
                    .collect();
                abstracts.insert(id.to_string(), levels);
            }
            for num in root.elements().filter(|e| e.is(Ns::W, "num")) {
                let (Some(id), Some(abs)) = (
                    num.attr(Ns::W, "numId"),
                    num.child(Ns::W, "abstractNumId").and_then(|a| a.val()),
                ) else {
                    continue;
                };
                if let Some(levels) = abstracts.get(abs) {
                    result.numbering.insert(id.to_string(), levels.clone());
                }
            }
        }
        result
    }

    /// The style chain from `id` up through `basedOn` (bounded: a cycle ends it).
    fn chain(&self, id: &str) -> Vec<&RawStyle> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(style) = self.styles.get(id) else {
                break;
            };
            if chain.len() >= 16 {
                break;
            }
            chain.push(style);
            next = style.based_on.as_deref();
        }
        chain
    }

    /// What the paragraph style `id` (or the default paragraph style) makes a paragraph.
    pub fn paragraph(&self, id: Option<&str>) -> ParagraphStyle {
        let Some(id) = id.or(self.default_paragraph.as_deref()) else {
            return ParagraphStyle::default();
        };
        let chain = self.chain(id);
        let mut style = ParagraphStyle::default();
        // The style's own name decides what it is; an outline level may come from a base.
        if let Some(own) = chain.first() {
            let name = normalise(&own.name);
            style.title = name == "title" || name == "标题";
            style.caption = is_caption_name(&name);
            style.heading = heading_level(&name);
            style.list_depth = list_depth(&name);
        }
        if style.heading.is_none() && !style.title {
            style.heading = chain
                .iter()
                .find_map(|s| s.outline)
                .filter(|&o| o < 9)
                .map(|o| o + 1);
        }
        style.centered = chain.iter().find_map(|s| s.centered);
        style.numbering = chain
            .iter()
            .find_map(|s| s.numbering.clone())
            .map(|(id, level)| (id, level.unwrap_or(0)));
        style
    }

    /// The run formatting a character style gives.
    pub fn character(&self, id: &str) -> PartialFormat {
        self.chain(id)
            .iter()
            .fold(PartialFormat::default(), |acc, s| acc.over(s.format))
    }

    /// Whether list `num_id` at `level` is numbered (`Some(true)`), bulleted
    /// (`Some(false)`) or not a list at all.
    pub fn list_kind(&self, num_id: &str, level: u8) -> Option<bool> {
        if num_id == "0" {
            return None;
        }
        match self.numbering.get(num_id) {
            Some(levels) => levels.get(&level).copied(),
            // Numbering that the numbering part does not define: still a list, as Word shows.
            None => Some(true),
        }
    }
}

/// Whether a `w:jc` centres.
pub fn is_centred(jc: &Element) -> bool {
    matches!(jc.val(), Some("center" | "centre"))
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '_', '-'], "")
}

fn heading_level(name: &str) -> Option<u8> {
    let digits = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))?;
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

fn list_depth(name: &str) -> Option<u8> {
    let digits = [
        "listbullet",
        "listnumber",
        "列表项目符号",
        "列表编号",
        "listparagraph",
    ]
    .iter()
    .find_map(|prefix| name.strip_prefix(prefix))?;
    let n: u8 = digits.parse().ok()?;
    (2..=9).contains(&n).then_some(n - 1)
}

fn is_caption_name(name: &str) -> bool {
    matches!(
        name,
        "caption"
            | "题注"
            | "imagecaption"
            | "figurecaption"
            | "figure"
            | "illustration"
            | "图注"
            | "图片说明"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_in_both_languages() {
        assert_eq!(heading_level(&normalise("heading 2")), Some(2));
        assert_eq!(heading_level(&normalise("Heading 1")), Some(1));
        assert_eq!(heading_level(&normalise("标题 3")), Some(3));
        assert_eq!(heading_level(&normalise("标题")), None);
        assert_eq!(heading_level(&normalise("Heading Char")), None);
        assert!(is_caption_name(&normalise("Image Caption")));
        assert!(is_caption_name(&normalise("题注")));
    }
}
