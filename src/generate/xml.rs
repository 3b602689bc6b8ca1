//! Writing the feeds and sitemaps: quick-xml's writer does the escaping; this adds the
//! one layout both use (two spaces per level, one element per line unless asked
//! otherwise) and drops the characters XML 1.0 forbids, which quick-xml would pass on.

use crate::core::text::xml_safe;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io;

/// An XML document being written into memory.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document starting with the XML declaration (`encoding` as it should read, e.g.
    /// `utf-8` or `UTF-8`) and a line break.
    pub fn new(encoding: &str) -> io::Result<Xml> {
        let mut xml = Xml {
            writer: Writer::new(Vec::new()),
        };
        xml.writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some(encoding), None)))?;
        xml.raw("\n")?;
        Ok(xml)
    }

    /// Whitespace between elements (indentation, line breaks), written as it is.
    pub fn raw(&mut self, text: &str) -> io::Result<()> {
        self.writer
            .write_event(Event::Text(BytesText::from_escaped(text)))
    }

    /// `<name attr="…">` on its own.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Start(element(name, attributes)))
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attr="…">text</name>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open(name, attributes)?;
        self.writer
            .write_event(Event::Text(BytesText::new(&xml_safe(text))))?;
        self.close(name)
    }

    /// `<name attr="…"/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Empty(element(name, attributes)))
    }

    /// The document's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

fn element<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        start.push_attribute((*key, xml_safe(value).as_ref()));
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the feeds used before quick-xml wrote them: escaping must not change.
    fn reference_escape(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' | '\n' | '\r' => out.push(c),
                c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn text_and_attributes_are_escaped_as_before() {
        for sample in [
            "a<b>&\"'\u{1}c",
            "民盟界“长江”调研 & 座谈\r\n\t",
            "\u{fffe}\u{ffff}\u{7f}é",
            "<script>alert('x')</script>",
        ] {
            let mut xml = Xml::new("utf-8").unwrap();
            xml.text("t", &[("a", sample)], sample).unwrap();
            let out = String::from_utf8(xml.finish()).unwrap();
            let escaped = reference_escape(sample);
            assert_eq!(
                out,
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<t a=\"{escaped}\">{escaped}</t>"
                )
            );
        }
    }

    #[test]
    fn empty_elements_close_themselves() {
        let mut xml = Xml::new("UTF-8").unwrap();
        xml.empty("link", &[("rel", "self"), ("href", "https://e.org/a?b&c")])
            .unwrap();
        assert!(String::from_utf8(xml.finish())
            .unwrap()
            .ends_with("<link rel=\"self\" href=\"https://e.org/a?b&amp;c\"/>"));
    }
}
