//! Readable ASCII URL segments from file names, Chinese included.
//!
//! A liaison may name a write-up `2025-04-12-长江岸线调研.md`; its address becomes
//! `2025-04-12-chang-jiang-an-xian-diao-yan`, which survives being pasted into WeChat or an
//! e-mail (percent-encoded Chinese does not), and stays the same as long as the file name
//! does.

use pinyin::ToPinyin;

/// Longest slug we produce; longer ones are cut at a word boundary.
const MAX_SLUG_CHARS: usize = 80;

/// Words whose characters have several readings, where the pinyin table's default reading
/// is wrong in the vocabulary of sector work (长江 is chang jiang, not zhang jiang).
const PHRASES: &[(&str, &[&str])] = &[
    ("长江", &["chang", "jiang"]),
    ("长沙", &["chang", "sha"]),
    ("长期", &["chang", "qi"]),
    ("长效", &["chang", "xiao"]),
    ("长廊", &["chang", "lang"]),
    ("延长", &["yan", "chang"]),
    ("银行", &["yin", "hang"]),
    ("行业", &["hang", "ye"]),
    ("重庆", &["chong", "qing"]),
    ("重阳", &["chong", "yang"]),
    ("会计", &["kuai", "ji"]),
    ("音乐", &["yin", "yue"]),
    ("成都", &["cheng", "du"]),
    ("首都", &["shou", "du"]),
    ("调研", &["diao", "yan"]),
    ("调查", &["diao", "cha"]),
    ("参加", &["can", "jia"]),
    ("参与", &["can", "yu"]),
    ("参观", &["can", "guan"]),
    ("传记", &["zhuan", "ji"]),
    ("少数", &["shao", "shu"]),
    ("西藏", &["xi", "zang"]),
    ("朝阳", &["chao", "yang"]),
    ("硚口", &["qiao", "kou"]),
];

/// Turns any text into lower-case ASCII words joined by `-`. Chinese characters become
/// their pinyin (without tones), one word per character; other characters separate words.
pub fn slugify(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        if let Some((phrase, readings)) = PHRASES.iter().find(|(p, _)| rest.starts_with(p)) {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            words.extend(readings.iter().map(|r| r.to_string()));
            rest = &rest[phrase.len()..];
            continue;
        }
        rest = &rest[ch.len_utf8()..];
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
        assert_eq!(
            slugify("2025-03-15-River Research"),
            "2025-03-15-river-research"
        );
        assert_eq!(slugify("a__b  c"), "a-b-c");
    }

    #[test]
    fn chinese_becomes_pinyin_words() {
        assert_eq!(
            slugify("2025-04-12-长江调研"),
            "2025-04-12-chang-jiang-diao-yan"
        );
        assert_eq!(slugify("民盟5G基站"), "min-meng-5g-ji-zhan");
        assert_eq!(slugify("银行业市长"), "yin-hang-ye-shi-zhang");
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
