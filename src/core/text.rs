//! Text helpers every output format shares: HTML and XML escaping, terminal width,
//! shortening for summaries.

use unicode_width::UnicodeWidthStr;

/// Escapes text for HTML element content and double- or single-quoted attributes.
/// (Tera's default also escapes `/`, which only bloats URLs.)
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Removes the characters XML 1.0 forbids (control characters other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF), which a write-up may carry but no feed reader
/// accepts. Escaping is left to the XML writer.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    };
    if text.contains(forbidden) {
        text.chars()
            .filter(|&c| !forbidden(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Display width in terminal columns: CJK characters take two.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` trimmed and cut to `max` characters, with “……” when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}……")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html(r#"<a href="x" onclick='y'>&"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;"
        );
        assert_eq!(escape_html("sectors/民盟/"), "sectors/民盟/");
    }

    #[test]
    fn xml_safe_drops_forbidden_characters_only() {
        assert_eq!(xml_safe("a\u{1}b\tc\u{ffff}"), "ab\tc");
        assert!(matches!(xml_safe("普通"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("一二三四", 2), "一二……");
        assert_eq!(shorten("一二", 2), "一二");
    }

    #[test]
    fn cjk_is_two_columns_wide() {
        assert_eq!(display_width("界别a"), 5);
    }
}
