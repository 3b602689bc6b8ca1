//! Readers shared by several kinds of document: positioned name lists, slugs, kinds,
//! the year in a file name against the year in the front matter.

use crate::core::diagnostics::Position;
use crate::core::slug::{check_id, slugify, suggest_id};
use crate::core::suggest;
use crate::model::*;
use crate::source::fields::{Fields, Reporter};
use crate::source::yaml::Node;
use std::path::Path;

pub(crate) fn positioned_list(
    r: &mut Reporter<'_>,
    f: &mut Fields<'_>,
    key: &str,
) -> Vec<At<String>> {
    f.get(key)
        .map(|n| r.text_list(n, key))
        .unwrap_or_default()
        .into_iter()
        .map(|(t, p)| At::new(t, p))
        .collect()
}

pub(crate) fn decode_slug(r: &mut Reporter<'_>, f: &mut Fields<'_>, rel: &Path) -> Option<String> {
    if let Some((slug, position)) = f.text_at(r, "slug") {
        return match check_id(&slug) {
            Ok(()) => Some(slug),
            Err(problem) => {
                r.error(
                    position,
                    problem.describe("slug", &slug),
                    crate::tr!(
                        "改为 slug: {}（几个英文单词即可）",
                        "change it to slug: {} (a few ASCII words are enough)",
                        suggest_id(&slug)
                    ),
                );
                None
            }
        };
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        r.error(
            Position::start(),
            crate::tr!("无法从文件名 “{stem}” 生成网址", "cannot make a web address from the file name “{stem}”"),
            crate::tr!("把文件改名为日期加简短说明（如 2025-03-15-diaoyan.md），或在前置信息里加 slug: 英文网址名", "rename the file to the date and a short description (e.g. 2025-03-15-diaoyan.md), or add slug: <ascii-name> to the front matter"),
        );
        return None;
    }
    Some(slug)
}

pub(crate) fn activity_kind(r: &mut Reporter<'_>, node: &Node) -> Option<ActivityKind> {
    read_kind(
        r,
        node,
        (
            crate::tr!("九类活动", "the nine kinds"),
            crate::tr!("活动类型", "activity kind"),
        ),
    )
}

pub(crate) fn output_kind(r: &mut Reporter<'_>, node: &Node) -> Option<OutputKind> {
    read_kind(
        r,
        node,
        (
            crate::tr!("成果类型", "the output kinds"),
            crate::tr!("成果类型", "output kind"),
        ),
    )
}

pub(crate) fn result_kind(r: &mut Reporter<'_>, node: &Node) -> Option<ResultKind> {
    read_kind(
        r,
        node,
        (
            crate::tr!("成果转化类型", "the result kinds"),
            crate::tr!("成果转化类型", "result kind"),
        ),
    )
}

/// `results: [{ kind, date, by, document, note }]` of an output.
pub(crate) fn decode_results(r: &mut Reporter<'_>, node: &Node) -> Vec<OutputResult> {
    let what = crate::tr!("成果转化", "a result");
    let mut results = Vec::new();
    for item in r.mapping_list(node, "results") {
        let Some(mut rf) = r.fields(item, &what) else {
            continue;
        };
        let kind = rf
            .require(
                r,
                "kind",
                &crate::tr!("成果转化类型", "result kind"),
                "adopted",
            )
            .and_then(|n| result_kind(r, n));
        let date = rf.get("date").and_then(|n| r.date(n, "date"));
        let by = rf.text(r, "by");
        let document = rf.text(r, "document");
        let note = rf.text(r, "note");
        rf.finish(r, &["kind", "date", "by", "document", "note"], &what);
        if let Some(kind) = kind {
            results.push(OutputResult {
                kind,
                date,
                by,
                document,
                note,
            });
        }
    }
    results
}

/// Reads a kind (id or Chinese name); an unknown one is an error suggesting the nearest
/// spelling and listing them all. `labels` = (the list's label, the field's name).
pub(crate) fn read_kind<K: Kind>(
    r: &mut Reporter<'_>,
    node: &Node,
    labels: (String, String),
) -> Option<K> {
    let text = r.text(node, "kind")?;
    let kind = K::parse(&text);
    if kind.is_none() {
        let (list_label, what) = labels;
        let show = |k: K| crate::tr!("{}（{}）", "{} ({})", k.id(), k.name());
        let list: Vec<String> = K::all().iter().map(|&k| show(k)).collect();
        let list = list.join(crate::core::i18n::separator());
        let help = match suggest::nearest(&text, K::spellings()) {
            Some(s) => {
                let k = K::parse(s).map_or(s.to_string(), show);
                crate::tr!(
                    "是否想写 {k}？{list_label}：{list}",
                    "did you mean {k}? {list_label}: {list}"
                )
            }
            None => crate::tr!("{list_label}：{list}", "{list_label}: {list}"),
        };
        r.error(
            node.position,
            crate::tr!("不认识的{what} “{text}”", "unknown {what} “{text}”"),
            help,
        );
    }
    kind
}

pub(crate) fn check_year_field(r: &mut Reporter<'_>, f: &mut Fields<'_>, year: i32) {
    if let Some(node) = f.get("year") {
        if let Some(y) = r.year(node, "year") {
            if y != year {
                r.error(
                    node.position,
                    crate::tr!(
                        "year: {y} 与文件名中的年份 {year} 不一致",
                        "year: {y} does not match the year {year} in the file name"
                    ),
                    crate::tr!(
                        "改为 year: {year}，或把文件改名为 {y}.md",
                        "change it to year: {year}, or rename the file to {y}.md"
                    ),
                );
            }
        }
    }
}
