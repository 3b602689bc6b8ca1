//! Readable ASCII URL segments from file names, Chinese included.
//!
//! A liaison may name a write-up `2025-04-12-长江岸线调研.md`; its address becomes
//! `2025-04-12-chang-jiang-an-xian-diao-yan`, which survives being pasted into WeChat or an
//! e-mail (percent-encoded Chinese does not), and stays the same as long as the file name
//! does.

use pinyin::ToPinyin;

/// Longest slug we produce; longer ones are cut at a word boundary.
const MAX_SLUG_CHARS: usize = 80;

/// Turns any text into lower-case ASCII words joined by `-`. Chinese characters become
/// their pinyin (without tones), one word per character; other characters separate words.
pub fn slugify(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            current.push(ch.to_ascii_lowercase());
            continue;
        }
        if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if let Some(p) = ch.to_pinyin() {
            words.push(p.plain().to_string());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut slug = String::new();
    for word in words {
        if slug.len() + word.len() + 1 > MAX_SLUG_CHARS && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_keep_their_words() {
        assert_eq!(slugify("2025-03-15-River Research"), "2025-03-15-river-research");
        assert_eq!(slugify("a__b  c"), "a-b-c");
    }

    #[test]
    fn chinese_becomes_pinyin_words() {
        assert_eq!(slugify("2025-04-12-长江调研"), "2025-04-12-chang-jiang-diao-yan");
        assert_eq!(slugify("民盟5G基站"), "min-meng-5g-ji-zhan");
    }

    #[test]
    fn punctuation_only_gives_empty_slug() {
        assert_eq!(slugify("——！"), "");
    }

    #[test]
    fn long_names_are_cut_between_words() {
        let slug = slugify(&"长江".repeat(60));
        assert!(slug.len() <= MAX_SLUG_CHARS);
        assert!(!slug.ends_with('-'));
    }
}
