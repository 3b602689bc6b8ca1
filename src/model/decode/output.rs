//! A standalone output (`sectors/<id>/outputs/*.md`).

use super::fields::{decode_results, decode_slug, output_kind};
use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::load::SourceFile;

/// The fields every such document must have, with an example of each.
const REQUIRED: &[(&str, &str)] = &[
    ("title", "关于……的集体提案"),
    ("date", "2024-03-15"),
    ("kind", "proposal"),
];

pub(crate) fn decode_output(
    r: &mut Reporter<'_>,
    file: &SourceFile,
    sector: &str,
    source: Source,
    body: Markdown,
) -> Option<StandaloneOutput> {
    let mut f = r.document_fields(
        &file.front,
        &crate::tr!("成果的前置信息", "the front matter of an output"),
        REQUIRED,
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("成果标题", "output title"),
        REQUIRED[0].1,
    );
    let date_node = f.require(
        r,
        "date",
        &crate::tr!("提交日期", "submission date"),
        REQUIRED[1].1,
    );
    let date_position = date_node.map_or(f.position(), |n| n.position);
    let date = date_node.and_then(|n| r.date(n, "date"));
    let kind = f
        .require(
            r,
            "kind",
            &crate::tr!("成果类型", "output kind"),
            REQUIRED[2].1,
        )
        .and_then(|n| output_kind(r, n));
    let results = f
        .get("results")
        .map(|n| decode_results(r, n))
        .unwrap_or_default();
    let slug = decode_slug(r, &mut f, &file.rel);
    f.finish(
        r,
        &["title", "date", "kind", "results", "slug"],
        &crate::tr!("成果", "an output"),
    );
    Some(StandaloneOutput {
        sector: sector.to_string(),
        title: title?,
        date: date?,
        date_position,
        kind: kind?,
        results,
        slug: slug?,
        body,
        source,
    })
}
