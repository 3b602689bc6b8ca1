//! `organisation.yaml`: special committees and chair-meeting members.

use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

pub(crate) fn decode_organisation(
    r: &mut Reporter<'_>,
    node: &Node,
) -> Option<(Vec<Committee>, Vec<Leader>)> {
    let mut f = r.fields(node, "organisation.yaml")?;
    let mut committees = Vec::new();
    if let Some(list) = f.get("committees") {
        for item in r.mapping_list(list, "committees") {
            let Some(mut cf) = r.fields(item, &crate::tr!("委员会", "a committee")) else {
                continue;
            };
            let id = cf.require_text(
                r,
                "id",
                &crate::tr!("委员会代号", "committee id"),
                "economy",
            );
            let name = cf.require_text(
                r,
                "name",
                &crate::tr!("委员会名称", "committee name"),
                "经济委员会",
            );
            cf.finish(r, &["id", "name"], &crate::tr!("委员会", "a committee"));
            if let (Some(id), Some(name)) = (id, name) {
                if committees.iter().any(|c: &Committee| c.id == id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "委员会代号 “{id}” 重复",
                            "committee id “{id}” is used twice"
                        ),
                        crate::tr!(
                            "每个委员会的 id 必须不同",
                            "every committee needs a different id"
                        ),
                    );
                }
                committees.push(Committee { id, name });
            }
        }
    }
    let mut leaders = Vec::new();
    if let Some(list) = f.get("leaders") {
        for item in r.mapping_list(list, "leaders") {
            let Some(mut lf) = r.fields(
                item,
                &crate::tr!(
                    "主席会议成员",
                    "a member of the chairpersons' council (主席会议成员)"
                ),
            ) else {
                continue;
            };
            let name = lf.require_text(r, "name", &crate::tr!("姓名", "name"), "某某某");
            let title = lf.text(r, "title").unwrap_or_default();
            lf.finish(
                r,
                &["name", "title"],
                &crate::tr!(
                    "主席会议成员",
                    "a member of the chairpersons' council (主席会议成员)"
                ),
            );
            if let Some(name) = name {
                leaders.push(Leader { name, title });
            }
        }
    }
    f.finish(r, &["committees", "leaders"], "organisation.yaml ");
    Some((committees, leaders))
}
