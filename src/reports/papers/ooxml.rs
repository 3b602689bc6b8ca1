//! What the document writer (`docx.rs`) and the chart writer (`chart.rs`) share: the XML
//! declaration, text escaping and the fonts both name.

/// The XML declaration every part starts with.
pub const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// 仿宋_GB2312: body text, tables and chart labels.
pub const BODY_FONT: &str = "仿宋_GB2312";
/// Latin text and digits everywhere.
pub const LATIN_FONT: &str = "Times New Roman";

/// Text for XML: escaped, and without the control characters XML 1.0 cannot carry (a
/// stray one from a pasted text would make Word refuse the file).
pub fn esc(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}
