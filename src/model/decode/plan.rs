//! A sector's annual plan (`sectors/<id>/plans/<year>.md`) and its items.

use super::fields::{activity_kind, check_year_field};
use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

pub(crate) fn decode_plan(
    r: &mut Reporter<'_>,
    node: &Node,
    sector: &str,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Plan> {
    let mut f = r.fields(
        node,
        &crate::tr!("年度计划的前置信息", "the front matter of a yearly plan"),
    )?;
    check_year_field(r, &mut f, year);
    let mut items: Vec<PlanItem> = Vec::new();
    if let Some(list) = f.get("items") {
        for item in r.mapping_list(list, "items") {
            let Some(mut pf) = r.fields(item, &crate::tr!("计划项目", "a plan item")) else {
                continue;
            };
            let id = pf.require_id(r, "id", &crate::tr!("项目编号", "item id"), "p1");
            let title = pf.require_text(
                r,
                "title",
                &crate::tr!("项目内容", "item description"),
                "学习全国两会精神",
            );
            let kind = pf.get("kind").and_then(|n| activity_kind(r, n));
            let quarter = pf
                .get("quarter")
                .and_then(|n| r.integer(n, "quarter", 1..=4))
                .map(|q| q as u8);
            pf.finish(
                r,
                &["id", "title", "kind", "quarter"],
                &crate::tr!("计划项目", "a plan item"),
            );
            if let (Some(id), Some(title)) = (id, title) {
                if items.iter().any(|i| i.id == id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "计划项目编号 “{id}” 重复",
                            "plan item id “{id}” is used twice"
                        ),
                        crate::tr!(
                            "每个项目的 id 必须不同，如 p1、p2、p3",
                            "every item needs a different id, such as p1, p2, p3"
                        ),
                    );
                }
                items.push(PlanItem {
                    id,
                    title,
                    position: item.position,
                    kind,
                    quarter,
                });
            }
        }
    }
    f.finish(
        r,
        &["year", "items"],
        &crate::tr!("年度计划", "a yearly plan"),
    );
    Some(Plan {
        sector: sector.to_string(),
        year,
        items,
        body,
        source,
    })
}
