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

/// Distinct slugs for `names`, in the same order: each is [`suggest_id`] of its name
/// (`fallback` when that is empty), and names whose slugs coincide (同音字: 张伟 and 章伟
/// are both `zhang-wei`) get `-2`, `-3` … in the byte order of the names, so a name's slug
/// depends only on the set of names, not on the order they are listed in. Equal names get
/// equal slugs (they are one person).
pub fn unique_slugs(names: &[&str], fallback: &str) -> Vec<String> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(names[b]).then(a.cmp(&b)));
    let base = |name: &str| {
        let id = suggest_id(name);
        if id.is_empty() {
            fallback.to_string()
        } else {
            id
        }
    };
    // Every natural slug is reserved first, so that a suffixed one never takes the
    // natural slug of another name (`zhang-wei-2` of a leader called “Zhang Wei 2”).
    let natural: Vec<String> = names.iter().map(|n| base(n)).collect();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut slugs = vec![String::new(); names.len()];
    let mut given: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut first_of: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for &i in &order {
        first_of.entry(natural[i].as_str()).or_insert(names[i]);
    }
    for &i in &order {
        if let Some(slug) = given.get(names[i]) {
            slugs[i] = slug.clone();
            continue;
        }
        let mut slug = natural[i].clone();
        let owns_natural = first_of.get(natural[i].as_str()) == Some(&names[i]);
        if !owns_natural || taken.contains(&slug) {
            let mut n = 2;
            loop {
                slug = format!("{}-{n}", natural[i]);
                if !taken.contains(&slug) && !natural.contains(&slug) {
                    break;
                }
                n += 1;
            }
        }
        taken.insert(slug.clone());
        given.insert(names[i], slug.clone());
        slugs[i] = slug;
    }
    slugs
}

/// Longest id accepted: past the file system's limit on a name (255 bytes) a page could
/// not be written, and an address this long is no longer readable.
pub const MAX_ID_BYTES: usize = 120;

/// Why a text cannot be an id (of a sector, brand, plan item, committee or page, or a
/// slug): ids become parts of web addresses, file names, HTML ids and the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Nothing is left.
    Empty,
    /// Longer than [`MAX_ID_BYTES`].
    TooLong,
    /// Something other than lower-case ASCII letters, digits and inner `-`.
    Characters,
}

/// The one rule for ids: lower-case ASCII letters, digits and `-`, not starting or ending
/// with `-`, at most [`MAX_ID_BYTES`] long. `/`, `.` and `%` are never allowed, so an id
/// can neither climb out of a folder nor be decoded into something else.
pub fn check_id(id: &str) -> Result<(), IdProblem> {
    if id.is_empty() {
        return Err(IdProblem::Empty);
    }
    if id.len() > MAX_ID_BYTES {
        return Err(IdProblem::TooLong);
    }
    let allowed = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !allowed || id.starts_with('-') || id.ends_with('-') {
        return Err(IdProblem::Characters);
    }
    Ok(())
}

/// Whether `id` passes [`check_id`].
pub fn is_valid_id(id: &str) -> bool {
    check_id(id).is_ok()
}

/// The valid id nearest to `text`, for a fix ("rename it to …"); empty when the text has
/// nothing to make one from.
pub fn suggest_id(text: &str) -> String {
    let mut id = slugify(text);
    if id.len() > MAX_ID_BYTES {
        let cut = id[..MAX_ID_BYTES].rfind('-').unwrap_or(MAX_ID_BYTES);
        id.truncate(cut);
    }
    id
}

impl IdProblem {
    /// What is wrong with `id`, named as `what` (“界别目录名”, “品牌代号” …).
    pub fn describe(self, what: &str, id: &str) -> String {
        match self {
            IdProblem::Empty => crate::tr!("{what}是空的", "{what} is empty"),
            IdProblem::TooLong => crate::tr!(
                "{what}太长（{} 个字符，最多 {MAX_ID_BYTES} 个）",
                "{what} is too long ({} characters, at most {MAX_ID_BYTES})",
                id.chars().count()
            ),
            IdProblem::Characters => crate::tr!(
                "{what} “{id}” 只能使用小写英文字母、数字和 -（它会成为网址的一部分）",
                "{what} “{id}” may contain only lower-case ASCII letters, digits and - (it becomes part of a web address)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_ids() {
        for good in ["minmeng", "p1", "2025-03-15-diao-yan", "a"] {
            assert_eq!(check_id(good), Ok(()), "{good}");
        }
        for (bad, problem) in [
            ("", IdProblem::Empty),
            ("Tiyu Sports", IdProblem::Characters),
            ("../../../../escaped-brand", IdProblem::Characters),
            ("..%2f..%2fetc", IdProblem::Characters),
            ("-p1", IdProblem::Characters),
            ("p1-", IdProblem::Characters),
            ("jiaoyu/p4", IdProblem::Characters),
            ("长江", IdProblem::Characters),
        ] {
            assert_eq!(check_id(bad), Err(problem), "{bad}");
        }
        assert_eq!(
            check_id(&"a".repeat(MAX_ID_BYTES + 1)),
            Err(IdProblem::TooLong)
        );
        assert_eq!(suggest_id("Tiyu Sports"), "tiyu-sports");
        assert_eq!(suggest_id("../../../../escaped-brand"), "escaped-brand");
        assert!(suggest_id(&"word ".repeat(100)).len() <= MAX_ID_BYTES);
    }

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
    fn unique_slugs_are_distinct_and_independent_of_order() {
        let names = ["章伟", "张伟", "李四", "Zhang Wei 2", "——"];
        let slugs = unique_slugs(&names, "leader");
        assert_eq!(
            slugs,
            ["zhang-wei-3", "zhang-wei", "li-si", "zhang-wei-2", "leader"]
        );
        let mut reversed = names;
        reversed.reverse();
        let mut again = unique_slugs(&reversed, "leader");
        again.reverse();
        assert_eq!(again, slugs);
        let distinct: std::collections::HashSet<&String> = slugs.iter().collect();
        assert_eq!(distinct.len(), slugs.len());
        assert!(slugs.iter().all(|s| is_valid_id(s)));
        assert_eq!(unique_slugs(&["王五", "王五"], "x"), ["wang-wu", "wang-wu"]);
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
