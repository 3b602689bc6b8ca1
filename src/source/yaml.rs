//! YAML parsing with a position on every node.
//!
//! All YAML in jiebie goes through this module. We build our own small tree from the
//! parser's events (yaml-rust2) rather than deserialising straight into structs, because
//! liaisons need every complaint to name a line and column — "unknown sector on line 7",
//! not "invalid value". Building the tree ourselves also lets us refuse the parts of YAML
//! that only ever cause trouble in front matter: aliases (alias bombs), duplicate keys and
//! absurd nesting.

use crate::core::diagnostics::Position;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Deeper nesting than this is refused: no real front matter comes close.
const MAX_DEPTH: usize = 64;
/// More nodes than this is refused, so a hostile file cannot exhaust memory.
const MAX_NODES: usize = 1_000_000;

/// A YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts, relative to the YAML text (add the front matter's offset).
    pub position: Position,
}

/// The shapes of YAML value that front matter uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null`, or nothing at all.
    Null,
    /// Any scalar, kept as text: types are decided by the field that reads it, so that
    /// `title: 2024` is a title and `no` is not silently `false`.
    Scalar {
        /// The text of the scalar.
        text: String,
        /// Whether it was quoted (a quoted `"true"` is text, never a boolean).
        quoted: bool,
    },
    /// A sequence.
    Sequence(Vec<Node>),
    /// A mapping, in source order, keys as text.
    Mapping(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub text: String,
    /// Where the key starts.
    pub position: Position,
}

/// A YAML syntax problem, positioned relative to the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where it went wrong.
    pub position: Position,
    /// What went wrong, in Chinese.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Node {
    /// The scalar text, if this is a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether the node is null (absent value).
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The key/value pairs, if this is a mapping.
    pub fn as_mapping(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// A short description of the node's shape, for error messages (in the language of
    /// [`crate::core::i18n::current`]).
    pub fn shape(&self) -> &'static str {
        let en = crate::core::i18n::current() == crate::core::i18n::Lang::En;
        match (&self.value, en) {
            (Value::Null, false) => "空值",
            (Value::Scalar { .. }, false) => "文字",
            (Value::Sequence(_), false) => "列表",
            (Value::Mapping(_), false) => "键值表",
            (Value::Null, true) => "empty",
            (Value::Scalar { .. }, true) => "text",
            (Value::Sequence(_), true) => "a list",
            (Value::Mapping(_), true) => "a mapping",
        }
    }
}

enum Frame {
    Sequence(Position, Vec<Node>),
    Mapping(Position, Vec<(Key, Node)>, Option<Key>),
}

/// Parses one YAML document. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    parse_from_line(text, 1)
}

/// Parses YAML that starts on line `first_line` of its file (front matter starts on
/// line 2), so that every position and every line named in a message is a line of the
/// file.
pub fn parse_from_line(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let offset = first_line.saturating_sub(1);
    parse_text(text, offset)
}

fn parse_text(text: &str, offset: usize) -> Result<Node, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| {
            let mut error = scan_error(text, &e);
            error.position.line += offset;
            error
        })?;
        let position = Position::new(marker.line() + offset, marker.col() + 1);
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        position,
                        message: crate::tr!(
                            "这里出现了第二个 YAML 文档",
                            "a second YAML document starts here"
                        ),
                        help: crate::tr!(
                            "一个文件只能有一段 YAML；删除多余的 `---` 分隔线",
                            "a file may hold only one YAML block; delete the extra `---` line"
                        ),
                    });
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Alias(_) => {
                return Err(SyntaxError {
                    position,
                    message: crate::tr!(
                        "不支持 YAML 别名（*引用）",
                        "YAML aliases (*references) are not supported"
                    ),
                    help: crate::tr!(
                        "把引用的内容直接写出来",
                        "write the referenced content out in full"
                    ),
                })
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        position,
                        message: crate::tr!(
                            "嵌套太深（超过 {MAX_DEPTH} 层）",
                            "nested too deeply (more than {MAX_DEPTH} levels)"
                        ),
                        help: crate::tr!(
                            "前置信息不需要这么深的层次，请简化结构",
                            "front matter never needs this much nesting; simplify the structure"
                        ),
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Sequence(position, Vec::new())
                } else {
                    Frame::Mapping(position, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Sequence(start, items)) => Node {
                    value: Value::Sequence(items),
                    position: start,
                },
                _ => return Err(internal(position)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Mapping(start, entries, _)) => Node {
                    value: Value::Mapping(entries),
                    position: start,
                },
                _ => return Err(internal(position)),
            },
            Event::Scalar(text, style, _, _) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                let value =
                    if !quoted && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                        Value::Null
                    } else {
                        Value::Scalar { text, quoted }
                    };
                Node { value, position }
            }
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(SyntaxError {
                position,
                message: crate::tr!("YAML 内容过大", "the YAML is too large"),
                help: crate::tr!(
                    "前置信息只应包含少量字段",
                    "front matter should hold only a few fields"
                ),
            });
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Sequence(_, items)) => items.push(node),
            Some(Frame::Mapping(start, entries, pending_key)) => {
                match pending_key.take() {
                    None => {
                        let text = match &node.value {
                            Value::Scalar { text, .. } => text.clone(),
                            Value::Null => String::new(),
                            _ => {
                                return Err(SyntaxError {
                                    position: node.position,
                                    message: crate::tr!(
                                        "键名必须是简单文字",
                                        "a key must be plain text"
                                    ),
                                    help: crate::tr!(
                                        "键名写成 `名称: 值` 的形式",
                                        "write keys as `name: value`"
                                    ),
                                })
                            }
                        };
                        if let Some((first, _)) = entries.iter().find(|(k, _)| k.text == text) {
                            return Err(SyntaxError {
                            position: node.position,
                            message: crate::tr!("键 “{text}” 重复出现（第一次在第 {} 行）", "key “{text}” appears twice (first on line {})",
                                first.position.line
                            ),
                            help: crate::tr!("同一个键只能写一次；删除或合并重复的那一行", "a key may be written only once; delete or merge the repeated line"),
                        });
                        }
                        // yaml-rust2 places a block mapping at its first key's colon; a
                        // person looks for it at the first key.
                        if entries.is_empty() && node.position < *start {
                            *start = node.position;
                        }
                        *pending_key = Some(Key {
                            text,
                            position: node.position,
                        });
                    }
                    Some(key) => entries.push((key, node)),
                }
            }
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        position: Position::start(),
    }))
}

fn internal(position: Position) -> SyntaxError {
    SyntaxError {
        position,
        message: crate::tr!("YAML 结构不完整", "the YAML structure is incomplete"),
        help: crate::tr!(
            "检查括号和缩进是否配对",
            "check that brackets and indentation match up"
        ),
    }
}

/// Turns the parser's English message into Chinese advice for the common mistakes.
fn scan_error(text: &str, error: &yaml_rust2::ScanError) -> SyntaxError {
    let marker = error.marker();
    let info = error.info();
    let mut line = marker.line();
    let mut column = marker.col() + 1;
    let (message, help) = if info.contains("mapping values are not allowed") {
        (
            crate::tr!("这一行的冒号位置不对（YAML 不允许在这里出现 `: `）", "misplaced colon on this line (YAML does not allow `: ` here)"),
            crate::tr!("值里含有英文冒号时，用英文引号把整个值括起来，例如 title: \"主题：副题\"", "when a value contains an ASCII colon, put the whole value in ASCII quotes, e.g. title: \"主题：副题\""),
        )
    } else if info.contains("did not find expected key")
        || info.contains("block mapping")
        || info.contains("block collection")
    {
        (
            crate::tr!("缩进不一致或缺少 `键: 值` 中的冒号", "inconsistent indentation, or the colon of `key: value` is missing"),
            crate::tr!("同一层的键必须左对齐，键和值之间用英文冒号加空格分开", "keys at the same level must line up on the left; separate key and value with an ASCII colon and a space"),
        )
    } else if info.contains("recursion limit") {
        (
            crate::tr!(
                "嵌套太深（超过 {MAX_DEPTH} 层）",
                "nested too deeply (more than {MAX_DEPTH} levels)"
            ),
            crate::tr!(
                "前置信息不需要这么深的层次，请简化结构",
                "front matter never needs this much nesting; simplify the structure"
            ),
        )
    } else if info.contains("tab") {
        (
            crate::tr!(
                "YAML 不能用制表符（Tab）缩进",
                "YAML cannot be indented with tabs"
            ),
            crate::tr!("把 Tab 换成空格", "replace the tabs with spaces"),
        )
    } else if info.contains("did not find expected ',' or ']'")
        || info.contains("did not find expected ',' or '}'")
        || info.contains("while parsing a flow")
    {
        (
            crate::tr!(
                "方括号或花括号没有配对",
                "unmatched square or curly brackets"
            ),
            crate::tr!(
                "检查 [ ] 与 {{ }} 是否成对，项目之间用英文逗号分开",
                "check that [ ] and {{ }} come in pairs, and separate items with ASCII commas"
            ),
        )
    } else if info.contains("found unknown escape character")
        || info.contains("while scanning a quoted scalar")
        || info.contains("unclosed quoted")
    {
        (
            crate::tr!("引号没有配对，或引号里有无效的转义", "unmatched quotes, or an invalid escape inside quotes"),
            crate::tr!("检查值两端的引号；值里要写反斜杠时改用单引号", "check the quotes around the value; use single quotes when the value contains a backslash"),
        )
    } else if info.contains("found character that cannot start any token") {
        (
            crate::tr!(
                "这里的字符不能作为 YAML 值的开头",
                "a YAML value cannot start with this character"
            ),
            crate::tr!(
                "以 @、`、% 等符号开头的值要用引号括起来",
                "put values starting with @, `, % or similar symbols in quotes"
            ),
        )
    } else {
        (
            crate::tr!("YAML 格式错误（{info}）", "YAML syntax error ({info})"),
            crate::tr!(
                "对照 docs/content-model.md 检查这一行的写法",
                "compare this line with docs/content-model.md"
            ),
        )
    };
    // The scanner often reports the end of the input for an unclosed construct; point at
    // the last non-empty line instead, which is where a person would look.
    // The scanner's index counts characters, not bytes.
    if marker.index() >= text.chars().count() && line > 1 {
        let last = text.trim_end().lines().count().max(1);
        if last < line {
            line = last;
            column = 1;
        }
    }
    SyntaxError {
        position: Position::new(line, column),
        message,
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_texts(node: &Node) -> Vec<&str> {
        node.as_mapping()
            .unwrap_or_default()
            .iter()
            .map(|(k, _)| k.text.as_str())
            .collect()
    }

    #[test]
    fn positions_of_keys_and_values_are_one_based() {
        let node = parse("title: 甲\nkind: research\nlist:\n  - a\n  - { x: 1 }\n").unwrap();
        assert_eq!(key_texts(&node), ["title", "kind", "list"]);
        let entries = node.as_mapping().unwrap();
        assert_eq!(entries[1].0.position, Position::new(2, 1));
        assert_eq!(entries[1].1.position, Position::new(2, 7));
        let items = entries[2].1.as_sequence().unwrap();
        assert_eq!(items[0].position, Position::new(4, 5));
        let inner = items[1].as_mapping().unwrap();
        assert_eq!(inner[0].1.position, Position::new(5, 10));
    }

    #[test]
    fn quoted_and_null_scalars_are_distinguished() {
        let node = parse("a: \"true\"\nb: true\nc:\nd: ~\n").unwrap();
        let e = node.as_mapping().unwrap();
        assert_eq!(
            e[0].1.value,
            Value::Scalar {
                text: "true".into(),
                quoted: true
            }
        );
        assert_eq!(
            e[1].1.value,
            Value::Scalar {
                text: "true".into(),
                quoted: false
            }
        );
        assert!(e[2].1.is_null());
        assert!(e[3].1.is_null());
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_lines() {
        let err = parse("title: a\nkind: b\ntitle: c\n").unwrap_err();
        assert_eq!(err.position.line, 3);
        assert!(err.message.contains("第 1 行"), "{}", err.message);
    }

    #[test]
    fn aliases_are_refused() {
        let err = parse("a: &x [1, 2]\nb: [*x, *x]\n").unwrap_err();
        assert!(err.message.contains("别名"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        for depth in [100, 200, 100_000] {
            let text = "[".repeat(depth) + &"]".repeat(depth);
            let err = parse(&text).unwrap_err();
            assert!(err.message.contains("嵌套太深"), "{depth}: {}", err.message);
        }
    }

    #[test]
    fn colon_in_value_is_explained() {
        let err = parse("title: 主题: 副题\n").unwrap_err();
        assert_eq!(err.position.line, 1);
        assert!(err.message.contains("冒号"), "{}", err.message);
    }

    #[test]
    fn empty_document_is_null() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
    }

    #[test]
    fn positions_start_at_the_given_line() {
        let node = parse_from_line("a:\n  - b\n", 11).unwrap();
        let e = node.as_mapping().unwrap();
        assert_eq!(e[0].0.position.line, 11);
        assert_eq!(e[0].1.as_sequence().unwrap()[0].position.line, 12);
    }
}
