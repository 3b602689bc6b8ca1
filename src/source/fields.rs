//! Reading typed values out of positioned YAML, with Chinese diagnostics.
//!
//! Each reader reports what it could not read and returns `None`, so a file with five
//! mistakes yields five messages in one run.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::suggest;
use crate::source::yaml::{Key, Node, Value};
use chrono::NaiveDate;
use std::path::Path;

/// Collects the problems of one file.
#[derive(Debug)]
pub struct Reporter<'a> {
    /// The file, as shown to the user.
    pub path: &'a Path,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `path`.
    pub fn new(path: &'a Path) -> Reporter<'a> {
        Reporter {
            path,
            diagnostics: Vec::new(),
        }
    }

    /// Records an error.
    pub fn error(
        &mut self,
        position: Position,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(self.path, position, message).with_help(help));
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        position: Position,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, position, message).with_help(help));
    }

    /// Views `node` as a mapping of fields, or reports that it is not one.
    pub fn fields<'n>(&mut self, node: &'n Node, what: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Mapping(entries) => Some(Fields {
                node,
                entries,
                used: vec![false; entries.len()],
            }),
            Value::Null => {
                self.error(
                    node.position,
                    crate::tr!("{what}是空的", "{what} is empty"),
                    crate::tr!("按 docs/content-model.md 的示例填写字段，每行一个 `键: 值`", "fill in the fields as in the examples in docs/content-model.md, one `key: value` per line"),
                );
                None
            }
            _ => {
                self.error(
                    node.position,
                    crate::tr!(
                        "{what}应该是 `键: 值` 的列表，这里却是{}",
                        "{what} should be a list of `key: value` lines, but this is {}",
                        node.shape()
                    ),
                    crate::tr!(
                        "每行写一个字段，例如 title: 某某活动",
                        "write one field per line, e.g. title: 某某活动"
                    ),
                );
                None
            }
        }
    }

    /// Like [`Reporter::fields`] for a whole document's front matter: an empty one is
    /// reported once, naming every field it must have, with an example of each
    /// (`required`: key and example value).
    pub fn document_fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        required: &[(&str, &str)],
    ) -> Option<Fields<'n>> {
        if !node.is_null() || required.is_empty() {
            return self.fields(node, what);
        }
        let keys: Vec<&str> = required.iter().map(|(key, _)| *key).collect();
        let lines: Vec<String> = required
            .iter()
            .map(|(key, example)| format!("{key}: {example}"))
            .collect();
        let (keys, lines) = (
            keys.join(crate::core::i18n::separator()),
            lines.join(crate::core::i18n::separator()),
        );
        self.error(
            node.position,
            crate::tr!(
                "{what}是空的：必填字段 {keys} 都没有写",
                "{what} is empty: the required fields {keys} are all missing"
            ),
            crate::tr!(
                "在两行 --- 之间每行写一个字段，例如 {lines}",
                "between the two --- lines write one field per line, e.g. {lines}"
            ),
        );
        None
    }

    /// Reads a scalar as text.
    pub fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } => {
                let text = text.trim();
                if text.is_empty() {
                    None
                } else {
                    Some(text.to_string())
                }
            }
            Value::Null => None,
            _ => {
                self.error(
                    node.position,
                    crate::tr!("字段 {key} 应该是一段文字，这里却是{}", "field {key} should be text, but this is {}", node.shape()),
                    crate::tr!("写成 {key}: 文字；文字里有英文冒号或以符号开头时加英文引号", "write {key}: text; put the text in ASCII quotes when it contains an ASCII colon or starts with a symbol"),
                );
                None
            }
        }
    }

    /// Reads `true`/`false` (also 是/否).
    pub fn boolean(&mut self, node: &Node, key: &str) -> Option<bool> {
        let text = self.text(node, key)?;
        match parse_boolean(&text) {
            Some(value) => Some(value),
            None => {
                self.error(
                    node.position,
                    crate::tr!(
                        "字段 {key} 只能是 true 或 false，这里是 “{text}”",
                        "field {key} must be true or false, not “{text}”"
                    ),
                    crate::tr!(
                        "写成 {key}: true 或 {key}: false",
                        "write {key}: true or {key}: false"
                    ),
                );
                None
            }
        }
    }

    /// Reads a whole number in `range`.
    pub fn integer(
        &mut self,
        node: &Node,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let text = self.text(node, key)?;
        match text.parse::<i64>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                self.error(
                    node.position,
                    crate::tr!(
                        "字段 {key} 应该是 {} 到 {} 之间的整数，这里是 “{text}”",
                        "field {key} should be a whole number from {} to {}, not “{text}”",
                        range.start(),
                        range.end()
                    ),
                    crate::tr!("例如 {key}: {}", "for example {key}: {}", range.start()),
                );
                None
            }
        }
    }

    /// Reads a year (four digits).
    pub fn year(&mut self, node: &Node, key: &str) -> Option<i32> {
        self.integer(node, key, 1949..=2999).map(|y| y as i32)
    }

    /// Reads a calendar date written `YYYY-MM-DD`, explaining near misses.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<NaiveDate> {
        let text = self.text(node, key)?;
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(error) => {
                let message = error.message();
                self.error(
                    node.position,
                    crate::tr!(
                        "字段 {key} 的日期 “{text}” {message}",
                        "field {key}: the date “{text}” {message}"
                    ),
                    error.help(),
                );
                None
            }
        }
    }

    /// Reads a list of texts. A single text is accepted as a one-item list, and a text
    /// written with 、 or commas (张某某、李某某) is split: liaisons write lists that way.
    pub fn text_list(&mut self, node: &Node, key: &str) -> Vec<(String, Position)> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Scalar { text, .. } => split_names(text)
                .into_iter()
                .map(|t| (t, node.position))
                .collect(),
            Value::Sequence(items) => items
                .iter()
                .filter_map(|item| self.text(item, key).map(|t| (t, item.position)))
                .collect(),
            Value::Mapping(_) => {
                self.error(
                    node.position,
                    crate::tr!(
                        "字段 {key} 应该是列表，这里却是键值表",
                        "field {key} should be a list, but this is a mapping"
                    ),
                    crate::tr!(
                        "写成 {key}: [甲, 乙] 或每行一项 `- 甲`",
                        "write {key}: [甲, 乙] or one item per line `- 甲`"
                    ),
                );
                Vec::new()
            }
        }
    }

    /// Reads a list whose items are mappings.
    pub fn mapping_list<'n>(&mut self, node: &'n Node, key: &str) -> Vec<&'n Node> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => items.iter().collect(),
            _ => {
                self.error(
                    node.position,
                    crate::tr!(
                        "字段 {key} 应该是列表（每项以 - 开头），这里却是{}",
                        "field {key} should be a list (each item starting with -), but this is {}",
                        node.shape()
                    ),
                    crate::tr!(
                        "写成\n{key}:\n  - {{ ... }}",
                        "write it as\n{key}:\n  - {{ ... }}"
                    ),
                );
                Vec::new()
            }
        }
    }
}

/// Splits a list written as one text (张某某、李某某) into its names.
pub(crate) fn split_names(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Why a date cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not three numbers at all.
    Unreadable,
    /// A year outside 1949–2999.
    Year(u32),
    /// A month outside 1–12.
    Month(u32),
    /// A day the month does not have.
    Day {
        /// The year.
        year: u32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
    /// A real date, not written `YYYY-MM-DD` (it is given that way).
    Format(String),
    /// Eight digits that read as a real date once separated (given as `YYYY-MM-DD`).
    Compact(String),
}

impl DateError {
    /// What is wrong, to follow the date in a sentence (“日期 “…” {message}”).
    pub fn message(&self) -> String {
        match self {
            DateError::Unreadable => crate::tr!("无法识别", "cannot be read"),
            DateError::Year(year) => crate::tr!(
                "的年份 {year} 不在合理范围内",
                "has a year {year} outside the plausible range"
            ),
            DateError::Month(month) => crate::tr!(
                "的月份 {month} 不存在",
                "has a month {month}, which does not exist"
            ),
            DateError::Day { year, month, day } => crate::tr!(
                "不存在（{year} 年 {month} 月没有 {day} 日）",
                "does not exist (month {month} of {year} has no day {day})"
            ),
            DateError::Format(_) => crate::tr!("格式不对", "is not in the right format"),
            DateError::Compact(_) => crate::tr!(
                "缺少年、月、日之间的 -",
                "lacks the - between year, month and day"
            ),
        }
    }

    /// How to write it instead.
    pub fn help(&self) -> String {
        match self {
            DateError::Unreadable => crate::tr!(
                "日期写成 年-月-日，例如 2024-03-05",
                "write dates as year-month-day, e.g. 2024-03-05"
            ),
            DateError::Year(_) => crate::tr!(
                "检查年份是否写错，例如 2024-03-05",
                "check the year for a typo, e.g. 2024-03-05"
            ),
            DateError::Month(_) => crate::tr!("月份应在 1 到 12 之间", "months run from 1 to 12"),
            DateError::Day { .. } => crate::tr!("检查日期是否写错", "check the date for a typo"),
            DateError::Format(canonical) => crate::tr!(
                "日期一律写成 年-月-日，月和日用两位数：{canonical}",
                "always write dates as year-month-day with two-digit month and day: {canonical}"
            ),
            DateError::Compact(canonical) => crate::tr!("写成 {canonical}", "write {canonical}"),
        }
    }
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (message, help) = (self.message(), self.help());
        f.write_str(&crate::tr!("{message}：{help}", "{message}: {help}"))
    }
}

impl std::error::Error for DateError {}

/// The words a boolean field accepts: `true`/`false` (also yes/no, 是/否).
pub fn parse_boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "是" => Some(true),
        "false" | "False" | "FALSE" | "no" | "否" => Some(false),
        _ => None,
    }
}

/// Parses `YYYY-MM-DD`; on failure says why and what to write instead.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = text
        .trim()
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let numbers: Option<Vec<u32>> = if parts.len() == 3 {
        parts.iter().map(|p| p.trim().parse::<u32>().ok()).collect()
    } else {
        None
    };
    let Some([year, month, day]) = numbers
        .as_deref()
        .and_then(|n| <[u32; 3]>::try_from(n).ok())
    else {
        return Err(compact_date(text.trim()).map_or(DateError::Unreadable, DateError::Compact));
    };
    let canonical = format!("{year:04}-{month:02}-{day:02}");
    if !(1949..=2999).contains(&year) {
        return Err(DateError::Year(year));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::Month(month));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
        return Err(DateError::Day { year, month, day });
    };
    if text.trim() != canonical {
        return Err(DateError::Format(canonical));
    }
    Ok(date)
}

/// `20240315` read as `2024-03-15`, when it is a real date in the plausible range.
fn compact_date(text: &str) -> Option<String> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let canonical = format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]);
    parse_date(&canonical).ok().map(|_| canonical)
}

/// The fields of one mapping, remembering which were read so the rest can be flagged.
#[derive(Debug)]
pub struct Fields<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
}

impl<'n> Fields<'n> {
    /// Where the mapping starts.
    pub fn position(&self) -> Position {
        self.node.position
    }

    /// The value of `key`, unless absent or null.
    pub fn get(&mut self, key: &str) -> Option<&'n Node> {
        let index = self.entries.iter().position(|(k, _)| k.text == key)?;
        self.used[index] = true;
        let node = &self.entries[index].1;
        (!node.is_null()).then_some(node)
    }

    /// The value of `key`, or an error naming it as required.
    pub fn require(
        &mut self,
        reporter: &mut Reporter<'_>,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<&'n Node> {
        let node = self.get(key);
        if node.is_none() {
            // A key written with nothing after it is empty, not missing: point at it.
            match self.entries.iter().find(|(k, _)| k.text == key) {
                Some((written, _)) => reporter.error(
                    written.position,
                    crate::tr!(
                        "必填字段 {key}（{what}）是空的",
                        "required field {key} ({what}) is empty"
                    ),
                    crate::tr!(
                        "在冒号后面填写，例如 {key}: {example}",
                        "fill it in after the colon, e.g. {key}: {example}"
                    ),
                ),
                None => reporter.error(
                    self.node.position,
                    crate::tr!(
                        "缺少必填字段 {key}（{what}）",
                        "required field {key} ({what}) is missing"
                    ),
                    crate::tr!(
                        "加上一行，例如 {key}: {example}",
                        "add a line such as {key}: {example}"
                    ),
                ),
            }
        }
        node
    }

    /// Required text.
    pub fn require_text(
        &mut self,
        reporter: &mut Reporter<'_>,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<String> {
        match self.require(reporter, key, what, example) {
            Some(node) => {
                let text = reporter.text(node, key);
                if text.is_none() && node.as_str().is_some() {
                    reporter.error(
                        node.position,
                        crate::tr!(
                            "必填字段 {key}（{what}）是空的",
                            "required field {key} ({what}) is empty"
                        ),
                        crate::tr!("写成 {key}: {example}", "write {key}: {example}"),
                    );
                }
                text
            }
            None => None,
        }
    }

    /// Optional text.
    pub fn text(&mut self, reporter: &mut Reporter<'_>, key: &str) -> Option<String> {
        self.get(key).and_then(|n| reporter.text(n, key))
    }

    /// A required id ([`crate::core::slug::check_id`]): reported at its value, with the
    /// nearest valid id as the fix, when it breaks the rule.
    pub fn require_id(
        &mut self,
        reporter: &mut Reporter<'_>,
        key: &str,
        what: &str,
        example: &str,
    ) -> Option<String> {
        let position = self.get(key).map(|n| n.position);
        let id = self.require_text(reporter, key, what, example)?;
        match crate::core::slug::check_id(&id) {
            Ok(()) => Some(id),
            Err(problem) => {
                let suggestion = crate::core::slug::suggest_id(&id);
                let suggestion = if suggestion.is_empty() {
                    example.to_string()
                } else {
                    suggestion
                };
                reporter.error(
                    position.unwrap_or_else(|| self.position()),
                    problem.describe(what, &id),
                    crate::tr!(
                        "改为 {key}: {suggestion}",
                        "change it to {key}: {suggestion}"
                    ),
                );
                None
            }
        }
    }

    /// Optional text with its position.
    pub fn text_at(
        &mut self,
        reporter: &mut Reporter<'_>,
        key: &str,
    ) -> Option<(String, Position)> {
        let node = self.get(key)?;
        reporter.text(node, key).map(|t| (t, node.position))
    }

    /// Warns about every key that was never read, suggesting the nearest known one.
    pub fn finish(self, reporter: &mut Reporter<'_>, known: &[&str], what: &str) {
        for ((key, _), used) in self.entries.iter().zip(self.used) {
            if used || known.contains(&key.text.as_str()) {
                continue;
            }
            let help = match suggest::did_you_mean(&key.text, known.iter().copied()) {
                Some(s) => crate::tr!(
                    "{s}（可用的字段：{}）",
                    "{s} (the fields allowed: {})",
                    known.join(crate::core::i18n::separator())
                ),
                None => crate::tr!(
                    "{what}可用的字段：{}；不需要的行可以删除",
                    "the fields allowed in {what}: {}; delete lines you do not need",
                    known.join(crate::core::i18n::separator())
                ),
            };
            reporter.warning(
                key.position,
                crate::tr!(
                    "不认识的字段 “{}”，将被忽略",
                    "unknown field “{}”; it will be ignored",
                    key.text
                ),
                help,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

    #[test]
    fn dates_explain_what_is_wrong() {
        assert!(parse_date("2024-03-05").is_ok());
        let msg = parse_date("2024-02-30").unwrap_err().message();
        assert!(msg.contains("2 月没有 30 日"), "{msg}");
        let error = parse_date("2024/3/5").unwrap_err();
        let (msg, help) = (error.message(), error.help());
        assert!(msg.contains("格式"), "{msg}");
        assert!(help.contains("2024-03-05"), "{help}");
        let help = parse_date("2024年3月5日").unwrap_err().help();
        assert!(help.contains("2024-03-05"));
        assert!(parse_date("2024-13-01")
            .unwrap_err()
            .message()
            .contains("月份"));
        assert!(parse_date("99999-01-01").is_err());
        let compact = parse_date("20240315").unwrap_err();
        assert_eq!(compact, DateError::Compact("2024-03-15".into()));
        assert!(compact.help().contains("2024-03-15"));
        assert_eq!(parse_date("20241315").unwrap_err(), DateError::Unreadable);
        assert!(parse_date("昨天")
            .unwrap_err()
            .message()
            .contains("无法识别"));
    }

    #[test]
    fn unknown_keys_get_the_nearest_known_key() {
        let node = yaml::parse("title: a\nparticpants: [x]\n").unwrap();
        let path = Path::new("a.md");
        let mut reporter = Reporter::new(path);
        let mut fields = reporter.fields(&node, "稿件").unwrap();
        fields.get("title");
        fields.finish(&mut reporter, &["title", "participants"], "稿件");
        let d = &reporter.diagnostics[0];
        assert_eq!(d.position, Position::new(2, 1));
        assert!(d.help.as_deref().unwrap().contains("participants"));
    }

    #[test]
    fn lists_accept_a_single_text_and_chinese_separators() {
        let node = yaml::parse("a: 张某某、李某某\nb: [王某]\n").unwrap();
        let mut reporter = Reporter::new(Path::new("a.md"));
        let entries = node.as_mapping().unwrap();
        let names: Vec<String> = reporter
            .text_list(&entries[0].1, "a")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(names, ["张某某", "李某某"]);
        assert_eq!(reporter.text_list(&entries[1].1, "b").len(), 1);
    }

    #[test]
    fn booleans_reject_other_words() {
        let node = yaml::parse("a: maybe\n").unwrap();
        let mut reporter = Reporter::new(Path::new("a.md"));
        assert_eq!(
            reporter.boolean(&node.as_mapping().unwrap()[0].1, "a"),
            None
        );
        assert_eq!(reporter.diagnostics.len(), 1);
    }
}
