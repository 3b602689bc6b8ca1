//! A free page (`pages/<id>.md`).

use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

/// The fields every such document must have, with an example of each.
const REQUIRED: &[(&str, &str)] = &[("title", "关于本站")];

pub(crate) fn decode_page(
    r: &mut Reporter<'_>,
    node: &Node,
    id: &str,
    source: Source,
    body: Markdown,
) -> Option<Page> {
    let mut f = r.document_fields(
        node,
        &crate::tr!("页面的前置信息", "the front matter of a page"),
        REQUIRED,
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("页面标题", "page title"),
        REQUIRED[0].1,
    );
    let summary = f.text(r, "summary");
    let short = f.text(r, "short");
    let menu = f
        .get("menu")
        .and_then(|n| r.integer(n, "menu", -1000..=1000))
        .map(|m| m as i32);
    f.finish(
        r,
        &["title", "summary", "short", "menu"],
        &crate::tr!("页面", "a page"),
    );
    Some(Page {
        id: id.to_string(),
        title: title?,
        summary,
        short,
        menu,
        body,
        source,
    })
}
