//! Editing a document's front matter in place, the way a person would: the writing desk
//! saves a form through [`apply`], which changes only the keys whose values changed and
//! leaves every other byte of the file alone — comments, blank lines, unknown keys, the
//! body, CRLF line ends and a BOM. A key the file lacks is written where the documented
//! key order puts it. An unchanged save gives back the file byte for byte.
//!
//! Values are compared the way the field readers read them (`2024` and `"2024"` are the
//! same title, `张某某、李某某` the same list as `[张某某, 李某某]`), so a liaison's own way
//! of writing a value survives a save that did not change it. Every result is parsed again
//! before it is returned: a value that would not read back exactly as given is an error,
//! never a silently different file.

use crate::core::text::display_width;
use crate::source::fields::{parse_boolean, split_names};
use crate::source::front_matter::split_front_matter;
use crate::source::yaml::{self, Key, Node, Value};
use std::collections::BTreeMap;

/// A flow list longer than this many columns is written one item per line.
const FLOW_WIDTH: usize = 80;

/// A value the desk writes for one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// A scalar, quoted only when YAML needs it; a text of several lines is written as a
    /// block (`|`) when that reads back exactly, else double-quoted with escapes.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// A list of texts: `[a, b]` when short and plain, else one `- item` per line.
    List(Vec<String>),
    /// A list of mappings (photos: `src`/`alt`/`caption`; outputs: `kind`/`title`/
    /// `results`), one `- key: value` block per record, fields in the order given.
    Records(Vec<Vec<(String, FieldValue)>>),
}

impl FieldValue {
    /// A [`FieldValue::Text`].
    pub fn text(text: impl Into<String>) -> FieldValue {
        FieldValue::Text(text.into())
    }

    /// A [`FieldValue::List`].
    pub fn list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> FieldValue {
        FieldValue::List(items.into_iter().map(Into::into).collect())
    }
}

/// What to do to one key: `Some(value)` sets it, `None` empties it (`key:` with no value
/// when the file has the key, nothing at all when it does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The top-level key.
    pub key: String,
    /// The new value; `None` empties it.
    pub value: Option<FieldValue>,
}

impl Change {
    /// Sets `key` to `value`.
    pub fn set(key: impl Into<String>, value: FieldValue) -> Change {
        Change {
            key: key.into(),
            value: Some(value),
        }
    }

    /// Empties `key`.
    pub fn clear(key: impl Into<String>) -> Change {
        Change {
            key: key.into(),
            value: None,
        }
    }
}

/// Why a file could not be edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The file's front matter cannot be read (its fences or its YAML); the line and
    /// column are the file's.
    FrontMatter {
        /// 1-based line of the file.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// The front matter is a list or a text, not `key: value` lines.
    NotMapping {
        /// Where it starts.
        line: usize,
    },
    /// A key shares its line with another or sits inside `{ … }`, so it cannot be
    /// changed line by line.
    Layout {
        /// The key's line.
        line: usize,
        /// The key.
        key: String,
    },
    /// A key the desk asked to write that YAML would read as something else (or empty).
    InvalidKey(String),
    /// The same key was changed twice in one save.
    DuplicateChange(String),
    /// The value written for this key would not read back as given.
    NotKept(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            EditError::FrontMatter {
                line,
                column,
                message,
                help,
            } => crate::tr!(
                "第 {line} 行第 {column} 列：{message}（{help}）",
                "line {line}, column {column}: {message} ({help})"
            ),
            EditError::NotMapping { line } => crate::tr!(
                "第 {line} 行：前置信息应该是 `键: 值` 的形式，不能是列表或一段文字",
                "line {line}: the front matter must be `key: value` lines, not a list or a text"
            ),
            EditError::Layout { line, key } => crate::tr!(
                "第 {line} 行：键 {key} 没有单独占一行（写在 {{ }} 里或与其他键同行），无法逐行修改；请改成每行一个 `键: 值`",
                "line {line}: key {key} is not on a line of its own (inside {{ }} or beside another key), so it cannot be changed line by line; write one `key: value` per line"
            ),
            EditError::InvalidKey(key) => crate::tr!(
                "键名 “{key}” 不能原样写进 YAML",
                "the key “{key}” cannot be written into YAML as it is"
            ),
            EditError::DuplicateChange(key) => crate::tr!(
                "一次保存里键 {key} 被修改了两次",
                "key {key} was changed twice in one save"
            ),
            EditError::NotKept(key) => crate::tr!(
                "字段 {key} 的值写入后读不回原样，文件未修改",
                "the value of {key} would not read back as written; the file was not changed"
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for EditError {}

/// Writes `changes` (and the body, when given) into `original`, a whole Markdown file,
/// and returns the new file. `key_order` is the documented order of the document's keys
/// (e.g. the activity keys); a key the file lacks is inserted after the nearest key
/// before it in that order that the file has (else above the nearest one after it, else
/// at the end of the front matter). An empty file, or one without front matter, gets
/// front matter above its text. `body: Some(text)` replaces everything after the closing
/// fence with exactly `text`; `None` keeps it byte for byte.
pub fn apply(
    original: &str,
    key_order: &[&str],
    changes: &[Change],
    body: Option<&str>,
) -> Result<String, EditError> {
    check_changes(changes)?;
    let (bom, text) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let lines = split_lines(text);
    let newline = dominant_newline(&lines);
    let normalized: String = lines
        .iter()
        .map(|l| {
            if l.end.is_empty() {
                l.text.to_string()
            } else {
                format!("{}\n", l.text)
            }
        })
        .collect();
    let first = lines.first().map_or("", |l| l.text);
    let result = if normalized.trim().is_empty() || !first.trim_start().starts_with("---") {
        new_front_matter(bom, text, newline, key_order, changes, body)
    } else {
        match edit_front_matter(&lines, &normalized, newline, key_order, changes, body)? {
            Some(edited) => format!("{bom}{edited}"),
            None => return Ok(original.to_string()),
        }
    };
    verify(original, &result, changes)?;
    Ok(result)
}

/// The one quoting function of the crate: `text` as a YAML scalar that reads back as
/// exactly `text` in a block value (`key: …`), a flow list (`[…, …]`) or a list item.
/// Plain when that is safe, else double-quoted with escapes; words and numbers YAML
/// would read as something else (`true`, `no`, `null`, `~`, `0x1F`, `1e3`) are quoted,
/// plain years and dates (`2024`, `2024-03-15`) are not.
pub fn yaml_scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

fn is_plain_safe(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    if first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || text.starts_with("...") {
        return false;
    }
    // `:` and `#` start a value or a comment after a space; `,` and brackets end an item
    // of a flow list. Quoting them everywhere keeps one rule for every context.
    if text.contains([':', '#', ',', '[', ']', '{', '}']) {
        return false;
    }
    if text.chars().any(needs_escape) {
        return false;
    }
    let lower = text.to_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || parse_boolean(text).is_some()
    {
        return false;
    }
    !looks_numeric(text)
}

/// Whether a YAML reader would take `text` for a number other than a plain whole number
/// (which the field readers keep as text, and people write: `2024`).
fn looks_numeric(text: &str) -> bool {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        // `0123` is octal to YAML 1.1 readers.
        return text.len() > 1 && text.starts_with('0');
    }
    let unsigned = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p))
        || matches!(unsigned.as_str(), ".inf" | ".nan")
        || text.replace('_', "").parse::<f64>().is_ok()
}

/// Characters a plain or block scalar cannot hold as they are: controls, YAML's
/// non-printable characters, and the ones some readers take for line breaks or a BOM.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One line of the file, with its own line end (`\n`, `\r\n`, `\r`, or none at the end).
struct Line<'a> {
    text: &'a str,
    end: &'a str,
}

/// Splits at every line end the loader recognises, so that line numbers agree with the
/// parser's (the loader reads `\r\n` and a lone `\r` as `\n`).
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let len = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                lines.push(Line {
                    text: &rest[..i],
                    end: &rest[i..i + len],
                });
                rest = &rest[i + len..];
            }
            None => {
                lines.push(Line {
                    text: rest,
                    end: "",
                });
                rest = "";
            }
        }
    }
    lines
}

/// The line end the file uses most (new lines are written with it); `\n` for a file of
/// one line.
fn dominant_newline(lines: &[Line<'_>]) -> &'static str {
    let count = |end: &str| lines.iter().filter(|l| l.end == end).count();
    let (lf, crlf, cr) = (count("\n"), count("\r\n"), count("\r"));
    if crlf > lf && crlf >= cr {
        "\r\n"
    } else if cr > lf && cr > crlf {
        "\r"
    } else {
        "\n"
    }
}

fn check_changes(changes: &[Change]) -> Result<(), EditError> {
    for (i, change) in changes.iter().enumerate() {
        check_key(&change.key)?;
        if changes[..i].iter().any(|c| c.key == change.key) {
            return Err(EditError::DuplicateChange(change.key.clone()));
        }
        if let Some(value) = &change.value {
            check_value_keys(value)?;
        }
    }
    Ok(())
}

fn check_key(key: &str) -> Result<(), EditError> {
    if is_plain_safe(key) {
        Ok(())
    } else {
        Err(EditError::InvalidKey(key.to_string()))
    }
}

fn check_value_keys(value: &FieldValue) -> Result<(), EditError> {
    if let FieldValue::Records(records) = value {
        for record in records {
            for (i, (key, value)) in record.iter().enumerate() {
                check_key(key)?;
                if record[..i].iter().any(|(k, _)| k == key) {
                    return Err(EditError::DuplicateChange(key.clone()));
                }
                check_value_keys(value)?;
            }
        }
    }
    Ok(())
}

/// The changes in the order they are written: documented keys in documented order, then
/// the others as given.
fn in_key_order<'c>(changes: &'c [Change], key_order: &[&str]) -> Vec<&'c Change> {
    let mut ordered: Vec<&Change> = changes.iter().collect();
    ordered.sort_by_key(|c| {
        key_order
            .iter()
            .position(|k| *k == c.key)
            .unwrap_or(usize::MAX)
    });
    ordered
}

/// A file without front matter (or an empty one): front matter with the non-empty
/// changes, then the file's text (or the new body) as the body.
fn new_front_matter(
    bom: &str,
    text: &str,
    newline: &str,
    key_order: &[&str],
    changes: &[Change],
    body: Option<&str>,
) -> String {
    let mut out = format!("{bom}---{newline}");
    for change in in_key_order(changes, key_order) {
        if same(change.value.as_ref(), None) {
            continue;
        }
        for line in render_entry(&change.key, change.value.as_ref(), "") {
            out.push_str(&line);
            out.push_str(newline);
        }
    }
    out.push_str("---");
    out.push_str(newline);
    match body {
        Some(body) => out.push_str(body),
        None if text.trim().is_empty() => {}
        None => out.push_str(text),
    }
    out
}

/// The edited file without its BOM, or `None` when nothing changes.
fn edit_front_matter(
    lines: &[Line<'_>],
    normalized: &str,
    newline: &str,
    key_order: &[&str],
    changes: &[Change],
    body: Option<&str>,
) -> Result<Option<String>, EditError> {
    let split = split_front_matter(normalized).map_err(|p| EditError::FrontMatter {
        line: p.position.line,
        column: p.position.column,
        message: p.message,
        help: p.help,
    })?;
    // Indices into `lines`: the front matter is lines 1..fence, the body follows fence.
    let fence = split.body_line - 2;
    let root = yaml::parse_from_line(split.front, split.front_line).map_err(|e| {
        EditError::FrontMatter {
            line: e.position.line,
            column: e.position.column,
            message: e.message,
            help: e.help,
        }
    })?;
    let entries: &[(Key, Node)] = match &root.value {
        Value::Mapping(entries) => entries,
        Value::Null => &[],
        _ => {
            return Err(EditError::NotMapping {
                line: root.position.line,
            })
        }
    };
    let layout = Layout::new(lines, entries, fence)?;
    let mut insertions: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut replacements: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
    for change in in_key_order(changes, key_order) {
        let value = change.value.as_ref();
        match layout.find(&change.key) {
            Some(i) => {
                let (key, node) = &entries[i];
                if same(value, Some(node)) {
                    continue;
                }
                let start = layout.key_lines[i];
                let end = layout.value_end(i, &key.text, node);
                let mut rendered = render_entry(&change.key, value, &layout.indent);
                if let (Some(comment), Some(first)) =
                    (key_line_comment(lines[start].text), rendered.first_mut())
                {
                    first.push_str(comment);
                }
                replacements.insert(start, (end, rendered));
            }
            None => {
                if same(value, None) {
                    continue;
                }
                let at = layout.insertion_point(&change.key, key_order);
                insertions.entry(at).or_default().extend(render_entry(
                    &change.key,
                    value,
                    &layout.indent,
                ));
            }
        }
    }
    if insertions.is_empty() && replacements.is_empty() && body.is_none() {
        return Ok(None);
    }
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(new) = insertions.get(&i) {
            for line in new {
                out.push_str(line);
                out.push_str(newline);
            }
        }
        if let Some((end, new)) = replacements.get(&i) {
            for line in new {
                out.push_str(line);
                out.push_str(newline);
            }
            i = *end;
            continue;
        }
        let line = &lines[i];
        out.push_str(line.text);
        if i == fence {
            if let Some(body) = body {
                // A file ending at its closing fence has no line end to put the body after.
                let end = if line.end.is_empty() && !body.is_empty() {
                    newline
                } else {
                    line.end
                };
                out.push_str(end);
                out.push_str(body);
                return Ok(Some(out));
            }
        }
        out.push_str(line.end);
        i += 1;
    }
    Ok(Some(out))
}

/// Where the top-level keys of the front matter are.
struct Layout<'l, 'a> {
    lines: &'l [Line<'a>],
    entries: &'l [(Key, Node)],
    /// The line index of each entry's key.
    key_lines: Vec<usize>,
    /// The index of the closing fence.
    fence: usize,
    /// The indentation of the top-level keys (nearly always none).
    indent: String,
}

impl<'l, 'a> Layout<'l, 'a> {
    fn new(
        lines: &'l [Line<'a>],
        entries: &'l [(Key, Node)],
        fence: usize,
    ) -> Result<Self, EditError> {
        let column = entries.first().map_or(1, |(k, _)| k.position.column);
        let mut key_lines = Vec::with_capacity(entries.len());
        for (key, _) in entries {
            let index = key.position.line.saturating_sub(1);
            let before_key: String = lines
                .get(index)
                .map(|l| {
                    l.text
                        .chars()
                        .take(key.position.column.saturating_sub(1))
                        .collect()
                })
                .unwrap_or_default();
            let alone = key.position.column == column
                && before_key.chars().all(|c| c == ' ')
                && key_lines.last().is_none_or(|&last| last < index)
                && index > 0
                && index < fence;
            if !alone {
                return Err(EditError::Layout {
                    line: key.position.line,
                    key: key.text.clone(),
                });
            }
            key_lines.push(index);
        }
        Ok(Layout {
            lines,
            entries,
            key_lines,
            fence,
            indent: " ".repeat(column.saturating_sub(1)),
        })
    }

    fn find(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k.text == key)
    }

    /// The index after the last line of entry `i`'s value. Comment and blank lines
    /// between it and the next key belong to the next key (they are usually its
    /// explanation), unless they are part of the value, as in a block scalar: a line is
    /// given up only when the value reads the same without it.
    fn value_end(&self, i: usize, key: &str, node: &Node) -> usize {
        let start = self.key_lines[i];
        let mut end = self.key_lines.get(i + 1).copied().unwrap_or(self.fence);
        while end > start + 1 {
            let last = self.lines[end - 1].text.trim_start();
            if !(last.is_empty() || last.starts_with('#')) {
                break;
            }
            let shorter: String = self.lines[start..end - 1]
                .iter()
                .map(|l| format!("{}\n", l.text))
                .collect();
            let reads_same = yaml::parse(&shorter).ok().is_some_and(|root| {
                matches!(root.as_mapping(), Some([(k, n)]) if k.text == key && same_tree(n, node))
            });
            if !reads_same {
                break;
            }
            end -= 1;
        }
        end
    }

    /// Where a key the file lacks is written: after the value of the nearest key before
    /// it in `key_order` that the file has; else above the comment lines of the nearest
    /// one after it; else at the end of the front matter.
    fn insertion_point(&self, key: &str, key_order: &[&str]) -> usize {
        let Some(position) = key_order.iter().position(|k| *k == key) else {
            return self.fence;
        };
        if let Some(i) = key_order[..position]
            .iter()
            .rev()
            .find_map(|k| self.find(k))
        {
            let (key, node) = &self.entries[i];
            return self.value_end(i, &key.text, node);
        }
        if let Some(i) = key_order[position + 1..].iter().find_map(|k| self.find(k)) {
            let floor = match i.checked_sub(1) {
                Some(previous) => {
                    let (key, node) = &self.entries[previous];
                    self.value_end(previous, &key.text, node)
                }
                None => 1,
            };
            let mut at = self.key_lines[i];
            while at > floor && self.lines[at - 1].text.trim_start().starts_with('#') {
                at -= 1;
            }
            return at;
        }
        self.fence
    }
}

/// The end-of-line comment of a key line (`kind: study  # 学习`), with the spaces before
/// it, when the line reads the same without it.
fn key_line_comment(line: &str) -> Option<&str> {
    let whole = yaml::parse(line).ok()?;
    whole.as_mapping()?;
    line.char_indices()
        .filter(|&(p, c)| c == '#' && line[..p].ends_with([' ', '\t']))
        .find_map(|(p, _)| {
            let prefix = &line[..p];
            let without = yaml::parse(prefix).ok()?;
            same_tree(&without, &whole).then(|| &line[prefix.trim_end().len()..])
        })
}

/// The lines of `key: value` at `indent`, without line ends.
fn render_entry(key: &str, value: Option<&FieldValue>, indent: &str) -> Vec<String> {
    let head = format!("{indent}{key}:");
    let inner = format!("{indent}  ");
    match value {
        None => vec![head],
        Some(FieldValue::Text(text)) if text.is_empty() => vec![head],
        Some(FieldValue::Text(text)) => match block_scalar(key, text, &inner) {
            Some((header, body)) => {
                let mut lines = vec![format!("{head} {header}")];
                lines.extend(body);
                lines
            }
            None => vec![format!("{head} {}", yaml_scalar(text))],
        },
        Some(FieldValue::Bool(value)) => vec![format!("{head} {value}")],
        Some(FieldValue::List(items)) if items.is_empty() => vec![format!("{head} []")],
        Some(FieldValue::List(items)) => {
            let scalars: Vec<String> = items.iter().map(|i| yaml_scalar(i)).collect();
            let flow = format!("{head} [{}]", scalars.join(", "));
            // A quoted item is easier to read, and to fix by hand, on a line of its own.
            if display_width(&flow) <= FLOW_WIDTH && !scalars.iter().any(|s| s.starts_with('"')) {
                vec![flow]
            } else {
                let mut lines = vec![head];
                lines.extend(scalars.iter().map(|s| format!("{inner}- {s}")));
                lines
            }
        }
        Some(FieldValue::Records(records)) if records.is_empty() => vec![format!("{head} []")],
        Some(FieldValue::Records(records)) => {
            let mut lines = vec![head];
            for record in records {
                lines.extend(render_record(record, &inner));
            }
            lines
        }
    }
}

/// One record as a block list item: `- first: …` then the other fields under it.
fn render_record(record: &[(String, FieldValue)], indent: &str) -> Vec<String> {
    let fields = format!("{indent}  ");
    let mut lines: Vec<String> = record
        .iter()
        .flat_map(|(key, value)| render_entry(key, Some(value), &fields))
        .collect();
    match lines.first_mut() {
        Some(first) => first.replace_range(..fields.len(), &format!("{indent}- ")),
        None => lines.push(format!("{indent}- {{}}")),
    }
    lines
}

/// A text of several lines as a literal block (`|-`, or `|` when it ends with a line
/// end), when one reads back exactly; `None` leaves it to double quotes.
fn block_scalar(key: &str, text: &str, indent: &str) -> Option<(&'static str, Vec<String>)> {
    if !text.contains('\n') || text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return None;
    }
    let content = text.trim_end_matches('\n');
    // Keep chomping (`|+`) would swallow the blank lines a file has before its next
    // key, so more than one final line end is left to double quotes.
    let header = match text.len() - content.len() {
        0 => "|-",
        1 => "|",
        _ => return None,
    };
    let first = content.lines().next()?;
    // The first line decides the indentation; lines of only spaces are easy to get wrong.
    if first.is_empty()
        || first.starts_with(' ')
        || content
            .split('\n')
            .any(|l| !l.is_empty() && l.trim().is_empty())
    {
        return None;
    }
    let body: Vec<String> = content
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect();
    // A literal block has rules of its own; it is used only when it provably reads back.
    let trial = format!("{key}: {header}\n{}\n", body.join("\n"));
    let reads_back = yaml::parse(&trial).ok().is_some_and(
        |root| matches!(root.as_mapping(), Some([(_, n)]) if n.as_str() == Some(text)),
    );
    reads_back.then_some((header, body))
}

fn value_is_empty(value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(text) => text.is_empty(),
        FieldValue::Bool(_) => false,
        FieldValue::List(items) => items.is_empty(),
        FieldValue::Records(records) => records.is_empty(),
    }
}

fn node_is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Scalar { text, .. } => text.is_empty(),
        Value::Sequence(items) => items.is_empty(),
        Value::Mapping(entries) => entries.is_empty(),
    }
}

/// Whether the file's `node` already holds `value`, as the field readers would read it.
/// Empty values (`None`, `""`, `[]`) equal empty nodes (missing, `~`, `""`, `[]`).
fn same(value: Option<&FieldValue>, node: Option<&Node>) -> bool {
    let value = value.filter(|v| !value_is_empty(v));
    let node = node.filter(|n| !node_is_empty(n));
    let (value, node) = match (value, node) {
        (None, None) => return true,
        (Some(value), Some(node)) => (value, node),
        _ => return false,
    };
    match (value, &node.value) {
        (FieldValue::Text(text), Value::Scalar { text: held, .. }) => text == held,
        (FieldValue::Bool(value), Value::Scalar { text, .. }) => {
            parse_boolean(text.trim()) == Some(*value)
        }
        (FieldValue::List(items), Value::Sequence(nodes)) => {
            items.len() == nodes.len()
                && items
                    .iter()
                    .zip(nodes)
                    .all(|(item, node)| node.as_str() == Some(item))
        }
        (FieldValue::List(items), Value::Scalar { text, .. }) => split_names(text) == *items,
        (FieldValue::Records(records), Value::Sequence(nodes)) => {
            records.len() == nodes.len()
                && records
                    .iter()
                    .zip(nodes)
                    .all(|(record, node)| same_record(record, node))
        }
        _ => false,
    }
}

/// A record equals a mapping that has its non-empty fields and nothing else non-empty.
fn same_record(record: &[(String, FieldValue)], node: &Node) -> bool {
    let Some(entries) = node.as_mapping() else {
        return false;
    };
    let lookup = |key: &str| entries.iter().find(|(k, _)| k.text == key).map(|(_, n)| n);
    record
        .iter()
        .all(|(key, value)| same(Some(value), lookup(key)))
        && entries
            .iter()
            .all(|(key, node)| record.iter().any(|(k, _)| *k == key.text) || node_is_empty(node))
}

/// Equality of two trees ignoring where they are.
fn same_tree(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) => true,
        (
            Value::Scalar { text, quoted },
            Value::Scalar {
                text: other,
                quoted: other_quoted,
            },
        ) => text == other && quoted == other_quoted,
        (Value::Sequence(items), Value::Sequence(others)) => {
            items.len() == others.len() && items.iter().zip(others).all(|(a, b)| same_tree(a, b))
        }
        (Value::Mapping(entries), Value::Mapping(others)) => {
            entries.len() == others.len()
                && entries
                    .iter()
                    .zip(others)
                    .all(|((k, a), (l, b))| k.text == l.text && same_tree(a, b))
        }
        _ => false,
    }
}

/// The top-level entries of a whole file's front matter, as the loader would read them.
fn read_entries(file: &str) -> Option<Vec<(Key, Node)>> {
    let text = file.strip_prefix('\u{feff}').unwrap_or(file);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let split = split_front_matter(&normalized).ok()?;
    match yaml::parse_from_line(split.front, split.front_line)
        .ok()?
        .value
    {
        Value::Mapping(entries) => Some(entries),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// Reads the result back: every change must read as given, and every other key exactly
/// as it was. A failure here is a bug in this module; it must never cost a liaison a file.
fn verify(original: &str, result: &str, changes: &[Change]) -> Result<(), EditError> {
    let first_key = || {
        changes
            .first()
            .map_or_else(|| "---".to_string(), |c| c.key.clone())
    };
    let after = read_entries(result).ok_or_else(|| EditError::NotKept(first_key()))?;
    let before = read_entries(original).unwrap_or_default();
    let lookup = |entries: &'_ [(Key, Node)], key: &str| {
        entries
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, n)| n.clone())
    };
    for change in changes {
        if !same(change.value.as_ref(), lookup(&after, &change.key).as_ref()) {
            return Err(EditError::NotKept(change.key.clone()));
        }
    }
    let changed = |key: &str| changes.iter().any(|c| c.key == key);
    for (key, node) in before.iter().filter(|(k, _)| !changed(&k.text)) {
        let kept = lookup(&after, &key.text).is_some_and(|n| same_tree(&n, node));
        if !kept {
            return Err(EditError::NotKept(key.text.clone()));
        }
    }
    if let Some((key, _)) = after
        .iter()
        .find(|(k, _)| !changed(&k.text) && lookup(&before, &k.text).is_none())
    {
        return Err(EditError::NotKept(key.text.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
