//! Front matter guessed from a Word document, never invented: each guess says where it
//! came from, and what the document does not say is left out.

use crate::author::docx::{Block, Document, Paragraph};
use crate::model::{ActivityKind, Site};
use chrono::{Datelike, NaiveDate};

/// A guessed value and where it came from (shown as a comment in the write-up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess<T> {
    /// The value.
    pub value: T,
    /// Where it came from, for the liaison: “文档的“标题”样式”.
    pub source: String,
    /// Only a hint (the document's creation date): a person must confirm it, so the
    /// write-up is saved as a draft.
    pub weak: bool,
}

impl<T> Guess<T> {
    fn new(value: T, source: String) -> Self {
        Guess {
            value,
            source,
            weak: false,
        }
    }
}

/// The title, and the block it was taken from (left out of the body).
pub fn title(document: &Document) -> Option<(Guess<String>, Vec<usize>)> {
    let paragraphs: Vec<(usize, &Paragraph)> = document
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Paragraph(p) => Some((i, p)),
            Block::Table(_) => None,
        })
        .filter(|(_, p)| !paragraph_text(p).is_empty())
        .collect();
    // A main title may have a subtitle under it: “——医卫界开展……协商”.
    let with_subtitle = |position: usize, source: String| {
        let (i, p) = paragraphs[position];
        let mut text = paragraph_text(p);
        let mut blocks = vec![i];
        if let Some(&(next, subtitle)) = paragraphs.get(position + 1) {
            let sub = paragraph_text(subtitle);
            if sub.starts_with(['—', '－']) || sub.starts_with("--") {
                text.push_str(&sub);
                blocks.push(next);
            }
        }
        Some((Guess::new(text, source), blocks))
    };
    if let Some(position) = paragraphs.iter().position(|(_, p)| p.title) {
        return with_subtitle(
            position,
            crate::tr!("取自文档的“标题”样式", "from the document's Title style"),
        );
    }
    let (_, first) = *paragraphs.first()?;
    let text = paragraph_text(first);
    let count = text.chars().count();
    let sentence_end = text.ends_with(['。', '；', '：', ':', '.', '！', '？', '，']);
    let short = count <= 60 && !sentence_end;
    if first.heading.is_some() && short {
        return with_subtitle(
            0,
            crate::tr!("取自文档的第一个标题", "from the document's first heading"),
        );
    }
    if first.centered && short && first.list.is_none() {
        return with_subtitle(
            0,
            crate::tr!(
                "取自文档第一段居中的短句",
                "from the document's first line, centred and short"
            ),
        );
    }
    // A short first line that is no sentence, over more text, is the title as typed.
    let chinese = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    let starts_with_number = text.starts_with(|c: char| c.is_ascii_digit() || c.is_numeric());
    let plain_title = count <= 40
        && chinese >= 6
        && !sentence_end
        && !starts_with_number
        && first.list.is_none()
        && !first.inlines.contains(&crate::author::docx::Inline::Break)
        && paragraphs.len() > 1;
    if plain_title {
        return with_subtitle(
            0,
            crate::tr!(
                "取自文档第一行（短句，不以句号结尾）",
                "from the document's first line (short, not a sentence)"
            ),
        );
    }
    let from_properties = document.properties.title.as_deref().map(clean_line)?;
    (!from_properties.is_empty()).then(|| {
        (
            Guess::new(
                from_properties,
                crate::tr!("取自文档属性中的标题", "from the document's properties"),
            ),
            Vec::new(),
        )
    })
}

/// A paragraph's text on one line, trimmed (runs of whitespace, 　 included, made one
/// space).
pub fn paragraph_text(p: &Paragraph) -> String {
    let mut text = String::new();
    crate::author::docx::inline_text(&p.inlines, &mut text);
    clean_line(&text)
}

/// A line of text with runs of whitespace made one space and the ends trimmed.
pub fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The activity date: the first full date in the title or text that is not after
/// `today`; a month and day take the year the text gives first (or the document's
/// creation year); else the document's creation date.
pub fn date(
    title: &str,
    text: &str,
    document: &Document,
    today: NaiveDate,
) -> Option<Guess<(NaiveDate, Option<NaiveDate>)>> {
    let from_text = first_year(title).or_else(|| first_year(text));
    let year_hint = from_text.or(document.properties.created.map(|d| d.year()));
    for (source, haystack) in [
        (crate::tr!("标题", "the title"), title),
        (crate::tr!("正文", "the text"), text),
    ] {
        for found in dates_in(haystack, year_hint) {
            if found.date > today {
                continue;
            }
            let spelled_year = found.spelled.contains(['年', '-', '/', '.']);
            let mut source = crate::tr!(
                "取自{source}中的“{}”",
                "from “{}” in {source}",
                found.spelled
            );
            if !spelled_year {
                source.push_str(&match from_text {
                    Some(year) => crate::tr!(
                        "，年份取自文中的“{year}年”",
                        ", the year from “{year}年” in the text"
                    ),
                    None => crate::tr!(
                        "，年份取自文档的创建日期，请核对",
                        ", the year from the document's creation date: check it"
                    ),
                });
            }
            return Some(Guess {
                weak: !spelled_year && from_text.is_none(),
                ..Guess::new((found.date, found.end), source)
            });
        }
    }
    let created = document.properties.created?;
    (created <= today).then(|| Guess {
        weak: true,
        ..Guess::new(
            (created, None),
            crate::tr!(
                "正文中没有日期，取自文档属性中的创建日期，请核对",
                "no date in the text: the document's creation date; check it"
            ),
        )
    })
}

struct FoundDate {
    date: NaiveDate,
    spelled: String,
    /// The last day of a range written after it (至17日, —10月17日), when there is one.
    end: Option<NaiveDate>,
}

/// Digits in any of the ways Chinese documents write them, as a number.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | 'Ｏ' | 'О' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Reads a number at `chars[i..]`: Arabic or full-width digits, or Chinese numerals
/// (十一, 二十三, 二〇二五). Returns the value and the index after it.
fn number(chars: &[char], mut i: usize) -> Option<(u32, usize)> {
    let start = i;
    let mut value: u32 = 0;
    let mut tens_seen = false;
    let mut digits = 0;
    while i < chars.len() && digits < 4 {
        let c = chars[i];
        if c == '十' && !tens_seen {
            value = if i == start { 10 } else { value * 10 };
            tens_seen = true;
            i += 1;
            continue;
        }
        match digit(c) {
            Some(d) => {
                value = if tens_seen {
                    value - value % 10 + d
                } else {
                    value * 10 + d
                };
                digits += 1;
                i += 1;
                if tens_seen {
                    break;
                }
            }
            None => break,
        }
    }
    (i > start).then_some((value, i))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '\u{3000}') {
        i += 1;
    }
    i
}

fn first_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some((value, end)) = number(&chars, i) {
            let next = skip_spaces(&chars, end);
            if end - i == 4 && (1990..=2100).contains(&value) && chars.get(next) == Some(&'年') {
                return Some(value as i32);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// The end of a range starting at `start` whose text goes on at `chars[at..]`:
/// 至17日, 至10月17日, —17日, ~2025年10月17日 (the end after the start, within a year).
fn range_end(chars: &[char], at: usize, start: NaiveDate) -> Option<NaiveDate> {
    let at = skip_spaces(chars, at);
    let dash = matches!(
        chars.get(at)?,
        '至' | '到' | '—' | '－' | '-' | '~' | '～' | '–'
    );
    if !dash {
        return None;
    }
    let mut i = skip_spaces(chars, at + 1);
    while chars.get(i) == Some(&'—') {
        i += 1;
    }
    let (mut year, mut month) = (start.year(), start.month());
    let (first, end) = number(chars, i)?;
    let mut i = skip_spaces(chars, end);
    let mut value = first;
    if chars.get(i) == Some(&'年') && end - skip_spaces(chars, at + 1) == 4 {
        year = value as i32;
        let (m, e) = number(chars, skip_spaces(chars, i + 1))?;
        i = skip_spaces(chars, e);
        chars.get(i).filter(|c| **c == '月')?;
        month = m;
        let (d, e) = number(chars, skip_spaces(chars, i + 1))?;
        value = d;
        i = skip_spaces(chars, e);
    } else if chars.get(i) == Some(&'月') {
        month = value;
        let (d, e) = number(chars, skip_spaces(chars, i + 1))?;
        value = d;
        i = skip_spaces(chars, e);
    }
    if !matches!(chars.get(i), Some('日' | '号')) {
        return None;
    }
    let end = NaiveDate::from_ymd_opt(year, month, value)?;
    (end > start && (end - start).num_days() <= 366).then_some(end)
}

/// Every date spelled in `text`, in order: 2025年11月14日, 二〇二五年十一月十四日,
/// 11月14日 (with `year`), 2025-11-14, 2025/11/14, 2025.11.14.
fn dates_in(text: &str, year: Option<i32>) -> Vec<FoundDate> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((first, end)) = number(&chars, i) else {
            i += 1;
            continue;
        };
        let mut parsed: Option<(i32, u32, u32, usize)> = None;
        let at = skip_spaces(&chars, end);
        match chars.get(at) {
            Some('年') if end - i == 4 => {
                let m_at = skip_spaces(&chars, at + 1);
                if let Some((month, m_end)) = number(&chars, m_at) {
                    let after_month = skip_spaces(&chars, m_end);
                    if chars.get(after_month) == Some(&'月') {
                        let d_at = skip_spaces(&chars, after_month + 1);
                        if let Some((day, d_end)) = number(&chars, d_at) {
                            let after_day = skip_spaces(&chars, d_end);
                            if matches!(chars.get(after_day), Some('日' | '号')) {
                                parsed = Some((first as i32, month, day, after_day + 1));
                            }
                        }
                    }
                }
            }
            Some('月') if end - i <= 2 => {
                let d_at = skip_spaces(&chars, at + 1);
                if let (Some(year), Some((day, d_end))) = (year, number(&chars, d_at)) {
                    let after_day = skip_spaces(&chars, d_end);
                    if matches!(chars.get(after_day), Some('日' | '号')) {
                        parsed = Some((year, first, day, after_day + 1));
                    }
                }
            }
            Some(&sep @ ('-' | '/' | '.')) if end - i == 4 && at == end => {
                if let Some((month, m_end)) = number(&chars, at + 1) {
                    if chars.get(m_end) == Some(&sep) {
                        if let Some((day, d_end)) = number(&chars, m_end + 1) {
                            let ascii = chars[i..d_end].iter().all(|c| c.is_ascii());
                            let continues = chars.get(d_end).is_some_and(|c| c.is_ascii_digit())
                                || (chars.get(d_end) == Some(&sep)
                                    && chars.get(d_end + 1).is_some_and(|c| c.is_ascii_digit()));
                            if ascii && !continues {
                                parsed = Some((first as i32, month, day, d_end));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        match parsed.and_then(|(y, m, d, stop)| Some((NaiveDate::from_ymd_opt(y, m, d)?, stop))) {
            Some((date, stop)) => {
                let end = range_end(&chars, stop, date);
                found.push(FoundDate {
                    date,
                    spelled: chars[i..stop].iter().collect(),
                    end,
                });
                i = stop;
            }
            None => i = end.max(i + 1),
        }
    }
    found
}

/// The names a sector is called by in running text: its full and short names, and, for
/// parties and people's organisations (proper names), those names without 界 (民盟).
fn sector_names(site: &Site, index: usize) -> Vec<(String, bool)> {
    let sector = &site.sectors[index];
    let mut names = vec![(sector.name.clone(), true)];
    if let Some(short) = &sector.short {
        names.push((short.clone(), true));
    }
    let proper = !matches!(sector.group.as_str(), "界别" | "无党派人士");
    if proper {
        for name in names.clone() {
            if let Some(stripped) = name.0.strip_suffix('界') {
                if stripped.chars().count() >= 2 {
                    names.push((stripped.to_string(), false));
                }
            }
        }
    }
    names
}

/// Sectors named in `text`, in the order they are first named; names with 界 first.
fn sectors_named(site: &Site, text: &str) -> Vec<(usize, String)> {
    for strong in [true, false] {
        let mut hits: Vec<(usize, usize, String)> = Vec::new();
        for index in 0..site.sectors.len() {
            let best = sector_names(site, index)
                .into_iter()
                .filter(|(_, is_strong)| !strong || *is_strong)
                .filter_map(|(name, _)| text.find(&name).map(|at| (at, name)))
                .min_by_key(|(at, name)| (*at, std::cmp::Reverse(name.len())));
            if let Some((at, name)) = best {
                hits.push((at, index, name));
            }
        }
        // A name inside a longer one (经济界 in 民营经济界) counts once, for the longer.
        let spans: Vec<(usize, usize)> =
            hits.iter().map(|(at, _, n)| (*at, at + n.len())).collect();
        hits.retain(|(at, _, name)| {
            let (s, e) = (*at, at + name.len());
            !spans
                .iter()
                .any(|&(os, oe)| os <= s && e <= oe && (oe - os) > (e - s))
        });
        if !hits.is_empty() {
            hits.sort();
            return hits.into_iter().map(|(_, i, n)| (i, n)).collect();
        }
    }
    Vec::new()
}

/// The sector (and joint sectors) named in the title, else in the first paragraph.
pub fn sectors(
    site: &Site,
    title: &str,
    first_paragraph: &str,
) -> Option<(Guess<String>, Vec<String>)> {
    for (place, text) in [
        (crate::tr!("标题", "the title"), title),
        (
            crate::tr!("正文第一段", "the first paragraph"),
            first_paragraph,
        ),
    ] {
        let named = sectors_named(site, text);
        if let Some(((first, name), rest)) = named.split_first() {
            let guess = Guess::new(
                site.sectors[*first].id.clone(),
                crate::tr!("{place}中有“{name}”", "“{name}” in {place}"),
            );
            let joint = rest
                .iter()
                .map(|(i, _)| site.sectors[*i].id.clone())
                .collect();
            return Some((guess, joint));
        }
    }
    None
}

/// Words in a title that say the kind of activity, most specific first.
const KIND_WORDS: &[(&str, ActivityKind)] = &[
    ("社情民意", ActivityKind::Proposal),
    ("提案", ActivityKind::Proposal),
    ("民主监督", ActivityKind::Supervision),
    ("监督", ActivityKind::Supervision),
    ("大会发言", ActivityKind::Speech),
    ("发言", ActivityKind::Speech),
    ("协商", ActivityKind::Consultation),
    ("座谈", ActivityKind::Consultation),
    ("调研", ActivityKind::Research),
    ("视察", ActivityKind::Research),
    ("考察", ActivityKind::Research),
    ("走访", ActivityKind::Research),
    ("学习", ActivityKind::Study),
    ("读书", ActivityKind::Study),
    ("培训", ActivityKind::Study),
    ("宣讲", ActivityKind::Study),
    ("义诊", ActivityKind::Service),
    ("送医", ActivityKind::Service),
    ("送教", ActivityKind::Service),
    ("捐赠", ActivityKind::Service),
    ("捐助", ActivityKind::Service),
    ("慰问", ActivityKind::Service),
    ("志愿", ActivityKind::Service),
    ("公益", ActivityKind::Service),
    ("帮扶", ActivityKind::Service),
    ("社会服务", ActivityKind::Service),
    ("联谊", ActivityKind::Fellowship),
    ("茶话", ActivityKind::Fellowship),
];

/// Words that name a kind only when no word above does (“课后服务” in a consultation's
/// title is its subject, not its kind).
const FALLBACK_KIND_WORDS: &[(&str, ActivityKind)] = &[("服务", ActivityKind::Service)];

/// The kind, from the word of the title that names one first.
pub fn kind(title: &str) -> Option<Guess<ActivityKind>> {
    [KIND_WORDS, FALLBACK_KIND_WORDS].iter().find_map(|words| {
        words
            .iter()
            .filter_map(|(word, kind)| title.find(word).map(|at| (at, *word, *kind)))
            .min_by_key(|(at, word, _)| (*at, std::cmp::Reverse(word.len())))
            .map(|(_, word, kind)| {
                Guess::new(
                    kind,
                    crate::tr!("标题中有“{word}”", "“{word}” in the title"),
                )
            })
    })
}

/// The writer named in the text: 供稿：某某, 撰稿：某某, 执笔：某某 (the first name).
pub fn writer(text: &str) -> Option<Guess<String>> {
    for label in ["供稿", "撰稿人", "撰稿", "执笔", "作者", "文/"] {
        let Some(at) = text.find(label) else {
            continue;
        };
        let rest = text[at + label.len()..].trim_start_matches([':', '：', ' ', '\u{3000}']);
        let name: String = rest
            .chars()
            .take_while(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .take(4)
            .collect();
        if name.chars().count() >= 2 {
            return Some(Guess::new(
                name,
                crate::tr!("取自正文中的“{label}”", "from “{label}” in the text"),
            ));
        }
    }
    None
}

/// Names from `roster` that appear in `text`, in the order they first appear.
pub fn names_in<'a>(text: &str, roster: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for name in roster {
        if name.chars().count() < 2 || found.iter().any(|(_, n)| n == name) {
            continue;
        }
        if let Some(at) = text.find(name) {
            found.push((at, name.to_string()));
        }
    }
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_the_ways_they_are_written() {
        let found = |text: &str| {
            dates_in(text, Some(2025))
                .into_iter()
                .map(|f| f.date)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("2025年11月14日，民盟界"), vec![d(2025, 11, 14)]);
        assert_eq!(found("２０２５年３月５日上午"), vec![d(2025, 3, 5)]);
        assert_eq!(found("二〇二五年十一月十四日"), vec![d(2025, 11, 14)]);
        assert_eq!(found("二〇二四年三月二十日"), vec![d(2024, 3, 20)]);
        assert_eq!(found("11月20日至21日"), vec![d(2025, 11, 20)]);
        assert_eq!(
            found("会议于 2025-06-30 召开，2025/7/1 结束"),
            vec![d(2025, 6, 30), d(2025, 7, 1)]
        );
        assert_eq!(found("版本 2025.11.14.2"), Vec::<NaiveDate>::new());
        assert_eq!(found("2月30日"), Vec::<NaiveDate>::new());
        assert!(dates_in("11月14日", None).is_empty(), "no year, no date");
        let ends = |text: &str| {
            dates_in(text, Some(2025))
                .into_iter()
                .take(1)
                .map(|f| f.end)
                .collect::<Vec<_>>()
        };
        assert_eq!(ends("10月15日至17日"), vec![Some(d(2025, 10, 15 + 2))]);
        assert_eq!(ends("2025年10月30日至11月2日"), vec![Some(d(2025, 11, 2))]);
        assert_eq!(ends("12月30日—2026年1月2日"), vec![Some(d(2026, 1, 2))]);
        assert_eq!(ends("10月15日至今"), vec![None]);
        assert_eq!(ends("10月15日，至17日"), vec![None]);
    }

    #[test]
    fn years_come_from_the_text() {
        assert_eq!(first_year("为贯彻2025年全国两会精神"), Some(2025));
        assert_eq!(first_year("第12345年"), None);
    }

    #[test]
    fn kinds_from_title_words() {
        assert_eq!(
            kind("民盟界赴长江岸线开展生态保护专题调研").unwrap().value,
            ActivityKind::Research
        );
        assert_eq!(
            kind("教育界召开协商座谈会").unwrap().value,
            ActivityKind::Consultation
        );
        assert_eq!(
            kind("专题学习会后开展调研").unwrap().value,
            ActivityKind::Study
        );
        assert_eq!(kind("界别活动报道"), None);
        assert_eq!(
            kind("教育界围绕“课后服务”开展界别协商").unwrap().value,
            ActivityKind::Consultation
        );
        assert_eq!(
            kind("致公党界服务基层").unwrap().value,
            ActivityKind::Service
        );
        assert_eq!(
            kind("文艺界召开座谈会").unwrap().value,
            ActivityKind::Consultation
        );
    }

    #[test]
    fn writers_are_read_from_the_credit_line() {
        assert_eq!(
            writer("……报送市政协。（供稿：白某某）").unwrap().value,
            "白某某"
        );
        assert_eq!(writer("撰稿人：蔺某、张某").unwrap().value, "蔺某");
        assert_eq!(writer("没有署名"), None);
    }

    #[test]
    fn names_in_order_of_appearance() {
        assert_eq!(
            names_in("李四、张三参加。张三发言", ["张三", "李四", "王五", "张"]),
            vec!["李四".to_string(), "张三".to_string()]
        );
    }
}
