//! A sector's year-end summary (`sectors/<id>/summaries/<year>.md`).

use super::fields::check_year_field;
use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

pub(crate) fn decode_summary(
    r: &mut Reporter<'_>,
    node: &Node,
    sector: &str,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Summary> {
    if node.is_null() {
        return Some(Summary {
            sector: sector.to_string(),
            year,
            body,
            source,
        });
    }
    let mut f = r.fields(
        node,
        &crate::tr!("年度总结的前置信息", "the front matter of a yearly summary"),
    )?;
    check_year_field(r, &mut f, year);
    f.finish(r, &["year"], &crate::tr!("年度总结", "a yearly summary"));
    Some(Summary {
        sector: sector.to_string(),
        year,
        body,
        source,
    })
}
