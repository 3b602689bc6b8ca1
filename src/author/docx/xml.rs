//! A small element tree over quick-xml, with namespaces resolved to the handful of
//! vocabularies a Word document uses. Word's parts are a few megabytes at most, and a tree
//! lets the reader look ahead (alternate content, fields, merged cells) where a stream
//! would need state machines. Hostile input is bounded: no DTDs (so no entity expansion),
//! a depth limit, and an element-count limit.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// The vocabularies the reader tells apart; both the transitional and the strict OOXML
/// namespace of each map to the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML (`w:`).
    W,
    /// Relationships in attributes (`r:id`, `r:embed`).
    R,
    /// Office Math (`m:`).
    M,
    /// DrawingML (`a:`), including pictures (`pic:`).
    A,
    /// Drawing placement (`wp:`).
    Wp,
    /// VML (`v:`), older images and text boxes.
    V,
    /// Markup compatibility (`mc:`).
    Mc,
    /// Word 2010 shapes (`wps:`) and groups (`wpg:`).
    Wps,
    /// Package relationships (in `.rels` parts).
    Rel,
    /// Core properties: Dublin Core and its terms, and `cp:`.
    Properties,
    /// No namespace.
    None,
    /// Anything else.
    Other,
}

fn namespace(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | b"http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::R,
        b"http://schemas.openxmlformats.org/officeDocument/2006/math"
        | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
        | b"http://purl.oclc.org/ooxml/drawingml/main"
        | b"http://schemas.openxmlformats.org/drawingml/2006/picture"
        | b"http://purl.oclc.org/ooxml/drawingml/picture" => Ns::A,
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        | b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns::Wp,
        b"urn:schemas-microsoft-com:vml" => Ns::V,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
        | b"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" => Ns::Wps,
        b"http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rel,
        b"http://purl.org/dc/elements/1.1/"
        | b"http://purl.org/dc/terms/"
        | b"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" => {
            Ns::Properties
        }
        _ => Ns::Other,
    }
}

/// The vocabulary a resolved prefix names.
fn vocabulary(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(uri) => namespace(uri.as_ref()),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// An element: its vocabulary, local name, attributes and children.
#[derive(Debug, Clone)]
pub struct Element {
    /// The element's vocabulary.
    pub ns: Ns,
    /// The local name (`p` for `w:p`).
    pub name: String,
    attributes: Vec<(Ns, String, String)>,
    /// Child elements and text, in document order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, entities resolved.
    Text(String),
}

impl Element {
    /// Whether this is `ns:name`.
    pub fn is(&self, ns: Ns, name: &str) -> bool {
        self.ns == ns && self.name == name
    }

    /// The value of the attribute `ns:name`.
    pub fn attr(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, local, _)| *n == ns && local == name)
            .map(|(_, _, value)| value.as_str())
    }

    /// `w:val` (the usual value attribute of WordprocessingML properties).
    pub fn val(&self) -> Option<&str> {
        self.attr(Ns::W, "val")
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element `ns:name`.
    pub fn child(&self, ns: Ns, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// The first descendant `ns:name` (depth first, this element excluded).
    pub fn find(&self, ns: Ns, name: &str) -> Option<&Element> {
        for child in self.elements() {
            if child.is(ns, name) {
                return Some(child);
            }
            if let Some(found) = child.find(ns, name) {
                return Some(found);
            }
        }
        None
    }

    /// Every descendant `ns:name`, in document order, not looking inside a match.
    pub fn find_all<'a>(&'a self, ns: Ns, name: &str, out: &mut Vec<&'a Element>) {
        for child in self.elements() {
            if child.is(ns, name) {
                out.push(child);
            } else {
                child.find_all(ns, name, out);
            }
        }
    }

    /// The concatenated text directly inside this element.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for child in &self.children {
            if let Node::Text(t) = child {
                text.push_str(t);
            }
        }
        text
    }

    /// A boolean property such as `<w:b/>`: present and not switched off with
    /// `w:val="0"`/`"false"`/`"off"`.
    pub fn is_on(&self) -> bool {
        !matches!(self.val(), Some("0" | "false" | "off" | "none"))
    }
}

/// Why a part is not readable XML.
#[derive(Debug)]
pub enum XmlError {
    /// Not well-formed.
    Syntax(String),
    /// A document type declaration: Word never writes one, and it is how entity-expansion
    /// attacks start.
    Dtd,
    /// Deeper than [`MAX_DEPTH`] or more than [`MAX_ELEMENTS`] elements.
    TooLarge,
    /// No root element.
    Empty,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlError::Syntax(e) => write!(f, "XML: {e}"),
            XmlError::Dtd => f.write_str("DTD"),
            XmlError::TooLarge => f.write_str("XML too deep or too large"),
            XmlError::Empty => f.write_str("XML without a root element"),
        }
    }
}

impl std::error::Error for XmlError {}

/// Elements nested deeper than this are refused (Word nests a few dozen deep).
pub const MAX_DEPTH: usize = 256;
/// More elements than this in one part are refused (a 300-page report has about a million).
pub const MAX_ELEMENTS: usize = 8_000_000;

/// Parses a part into its root element. UTF-16 parts (rare, but allowed) are converted.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = decode(bytes)?;
    let mut reader = NsReader::from_str(&text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlError::Syntax(e.to_string()))?;
        let ns = vocabulary(&resolved);
        match event {
            Event::Start(start) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(XmlError::TooLarge);
                }
                stack.push(element(&reader, ns, &start)?);
            }
            Event::Empty(start) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(XmlError::TooLarge);
                }
                let done = element(&reader, ns, &start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(XmlError::Syntax("unbalanced end tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(text) => {
                if let Some(parent) = stack.last_mut() {
                    let content = text
                        .xml_content()
                        .map_err(|e| XmlError::Syntax(e.to_string()))?;
                    push_text(parent, &content);
                }
            }
            Event::CData(data) => {
                if let Some(parent) = stack.last_mut() {
                    let content = data
                        .xml_content()
                        .map_err(|e| XmlError::Syntax(e.to_string()))?;
                    push_text(parent, &content);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(parent) = stack.last_mut() {
                    if let Some(c) = resolve_reference(&reference)? {
                        push_text(parent, c.encode_utf8(&mut [0; 4]));
                    }
                }
            }
            Event::DocType(_) => return Err(XmlError::Dtd),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Syntax("unclosed element".into()));
    }
    root.ok_or(XmlError::Empty)
}

fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, XmlError> {
    let utf16 = |bytes: &[u8], big_endian: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| {
                if big_endian {
                    u16::from_be_bytes([pair[0], pair[1]])
                } else {
                    u16::from_le_bytes([pair[0], pair[1]])
                }
            })
            .collect();
        String::from_utf16(&units)
            .map(std::borrow::Cow::Owned)
            .map_err(|_| XmlError::Syntax("invalid UTF-16".into()))
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| XmlError::Syntax("invalid UTF-8".into())),
        _ => std::str::from_utf8(bytes)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| XmlError::Syntax("invalid UTF-8".into())),
    }
}

fn push_text(parent: &mut Element, text: &str) {
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

/// The five predefined entities and character references; any other entity is dropped
/// (without a DTD none can be declared).
fn resolve_reference(
    reference: &quick_xml::events::BytesRef<'_>,
) -> Result<Option<char>, XmlError> {
    if reference.is_char_ref() {
        return reference
            .resolve_char_ref()
            .map_err(|e| XmlError::Syntax(e.to_string()));
    }
    let name: &[u8] = reference;
    Ok(match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    })
}

fn element(
    reader: &NsReader<&[u8]>,
    ns: Ns,
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<Element, XmlError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes().with_checks(false) {
        let attribute = attribute.map_err(|e| XmlError::Syntax(e.to_string()))?;
        let (resolved, local) = reader.resolver().resolve_attribute(attribute.key);
        let key = attribute.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        let attr_ns = vocabulary(&resolved);
        let value = attribute
            .decode_and_unescape_value(reader.decoder())
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&attribute.value).into_owned());
        attributes.push((
            attr_ns,
            String::from_utf8_lossy(local.as_ref()).into_owned(),
            value,
        ));
    }
    Ok(Element {
        ns,
        name,
        attributes,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    #[test]
    fn namespaces_resolve_whatever_the_prefix() {
        let xml = format!(
            r#"<x:document xmlns:x="{W}"><x:body><x:p><x:r><x:t xml:space="preserve">甲 &amp; 乙&#x4E19;</x:t></x:r></x:p></x:body></x:document>"#
        );
        let root = parse(xml.as_bytes()).unwrap();
        assert!(root.is(Ns::W, "document"));
        let t = root.find(Ns::W, "t").unwrap();
        assert_eq!(t.text(), "甲 & 乙丙");
    }

    #[test]
    fn a_dtd_is_refused() {
        let xml = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><a>&lol;</a>"#;
        assert!(matches!(parse(xml.as_bytes()), Err(XmlError::Dtd)));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let xml = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(parse(xml.as_bytes()), Err(XmlError::TooLarge)));
    }

    #[test]
    fn utf16_parts_are_read() {
        let xml = "<a>中文</a>";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in xml.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(parse(&bytes).unwrap().text(), "中文");
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"").is_err());
    }
}
