//! The committee's own list of wrong terms (`lint.yaml`: `错误写法: 正确写法`), and
//! every use of one in a document.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::source::fields::Reporter;
use crate::source::yaml::Node;
use std::path::Path;

/// One entry of the committee's list of wrong terms (`content/lint.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The wrong or outdated wording.
    pub wrong: String,
    /// What to write instead.
    pub right: String,
    /// Why, optionally.
    pub note: Option<String>,
}

/// Reads `lint.yaml`: either `terms: [{ wrong, right, note }]` or a plain mapping
/// `wrong: right`.
pub fn read_terms(path: &Path, node: &Node) -> (Vec<Term>, Vec<Diagnostic>) {
    let mut r = Reporter::new(path);
    let mut terms = Vec::new();
    if node.is_null() {
        return (terms, r.diagnostics);
    }
    let Some(entries) = node.as_mapping() else {
        r.error(
            node.position,
            crate::tr!(
                "lint.yaml 应该是 `错误写法: 正确写法` 的列表",
                "lint.yaml should be a list of `wrong: right` lines"
            ),
            crate::tr!(
                "例如：\n政协委员会议: 政协全体委员会议",
                "for example:\n政协委员会议: 政协全体委员会议"
            ),
        );
        return (terms, r.diagnostics);
    };
    for (key, value) in entries {
        if key.text == "terms" {
            for item in r.mapping_list(value, "terms") {
                let Some(mut f) = r.fields(item, &crate::tr!("用语规则", "a term rule")) else {
                    continue;
                };
                let wrong = f.require_text(
                    &mut r,
                    "wrong",
                    &crate::tr!("错误写法", "wrong wording"),
                    "政协委员会议",
                );
                let right = f.require_text(
                    &mut r,
                    "right",
                    &crate::tr!("正确写法", "right wording"),
                    "政协全体委员会议",
                );
                let note = f.text(&mut r, "note");
                f.finish(
                    &mut r,
                    &["wrong", "right", "note"],
                    &crate::tr!("用语规则", "a term rule"),
                );
                if let (Some(wrong), Some(right)) = (wrong, right) {
                    terms.push(Term { wrong, right, note });
                }
            }
        } else if let Some(right) = r.text(value, &key.text) {
            terms.push(Term {
                wrong: key.text.clone(),
                right,
                note: None,
            });
        }
    }
    (terms, r.diagnostics)
}

/// Reads the list of wrong terms from `path` (found through the file-role table:
/// `lint.yaml` or `lint.yml`).
pub fn load_terms(path: &Path) -> (Vec<Term>, Vec<Diagnostic>) {
    let text = match crate::source::front_matter::read_text(path) {
        Ok(text) => text,
        Err(d) => return (Vec::new(), vec![d]),
    };
    match crate::source::yaml::parse(&text) {
        Ok(node) => read_terms(path, &node),
        Err(e) => (
            Vec::new(),
            vec![Diagnostic::error(path, e.position, e.message).with_help(e.help)],
        ),
    }
}

/// Reports every use of a wrong term in a document.
pub fn check_terms(path: &Path, text: &str, terms: &[Term]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if terms.is_empty() {
        return out;
    }
    for (n, line) in text.lines().enumerate() {
        for term in terms {
            if term.wrong.is_empty() {
                continue;
            }
            for (byte, _) in line.match_indices(&term.wrong) {
                // The right wording may contain the wrong one (会议 → 全体会议): skip those.
                if !term.right.contains(&term.wrong) || !right_at(line, byte, term) {
                    let column = line[..byte].chars().count() + 1;
                    let why = term
                        .note
                        .as_ref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default();
                    out.push(
                        Diagnostic::warning(
                            path,
                            Position::new(n + 1, column),
                            crate::tr!(
                                "用语不规范：“{}”{why}",
                                "non-standard wording: “{}”{why}",
                                term.wrong
                            ),
                        )
                        .with_help(crate::tr!(
                            "改为 “{}”",
                            "change it to “{}”",
                            term.right
                        )),
                    );
                }
            }
        }
    }
    out
}

fn right_at(line: &str, byte: usize, term: &Term) -> bool {
    let Some(offset) = term.right.find(&term.wrong) else {
        return false;
    };
    byte >= offset && line[byte - offset..].starts_with(&term.right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_terms_are_found_but_not_inside_the_right_one() {
        let terms = vec![Term {
            wrong: "委员会议".into(),
            right: "全体委员会议".into(),
            note: None,
        }];
        let diags = check_terms(
            Path::new("a.md"),
            "召开委员会议。\n召开全体委员会议。",
            &terms,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].position, Position::new(1, 3));
        assert!(diags[0].help.as_deref().unwrap().contains("全体委员会议"));
    }
}
