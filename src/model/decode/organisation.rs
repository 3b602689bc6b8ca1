//! `organisation.yaml`: special committees and chair-meeting members.

use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::Node;

/// What organisation.yaml holds.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    /// Special committees.
    pub committees: Vec<Committee>,
    /// Chair-meeting members.
    pub leaders: Vec<Leader>,
    /// Terms (届), oldest first.
    pub terms: Vec<Term>,
}

pub(crate) fn decode_organisation(r: &mut Reporter<'_>, node: &Node) -> Option<Organisation> {
    let mut f = r.fields(node, "organisation.yaml")?;
    let mut committees = Vec::new();
    if let Some(list) = f.get("committees") {
        for item in r.mapping_list(list, "committees") {
            let Some(mut cf) = r.fields(item, &crate::tr!("委员会", "a committee")) else {
                continue;
            };
            let id = cf.require_id(
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
                if leaders.iter().any(|l: &Leader| l.name == name) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "主席会议成员 “{name}” 重复",
                            "“{name}” is listed twice among the leaders"
                        ),
                        crate::tr!(
                            "每位主席会议成员只写一次；同名的两个人请在姓名后加以区分",
                            "list every member once; tell two people of the same name apart in the name"
                        ),
                    );
                    continue;
                }
                leaders.push(Leader {
                    name,
                    title,
                    slug: String::new(),
                });
            }
        }
    }
    let names: Vec<&str> = leaders.iter().map(|l| l.name.as_str()).collect();
    let slugs = crate::core::slug::unique_slugs(&names, "leader");
    for (leader, slug) in leaders.iter_mut().zip(slugs) {
        leader.slug = slug;
    }
    let mut terms: Vec<Term> = Vec::new();
    if let Some(list) = f.get("terms") {
        for item in r.mapping_list(list, "terms") {
            let what = crate::tr!("届", "a term (届)");
            let Some(mut tf) = r.fields(item, &what) else {
                continue;
            };
            let name = tf.require_text(r, "name", &crate::tr!("届次", "term name"), "第十四届");
            let from = tf
                .require(r, "from", &crate::tr!("起始年份", "first year"), "2023")
                .and_then(|n| r.year(n, "from"));
            let to = tf.get("to").and_then(|n| r.year(n, "to"));
            tf.finish(r, &["name", "from", "to"], &what);
            if let (Some(name), Some(from)) = (name, from) {
                let overlaps = terms
                    .iter()
                    .find(|t| t.to.is_none_or(|to| to >= from) && to.is_none_or(|to| to >= t.from));
                if let Some(other) = overlaps {
                    let other = &other.name;
                    r.error(
                        item.position,
                        crate::tr!(
                            "{name}与{other}的年份重叠",
                            "{name} overlaps {other} in years"
                        ),
                        crate::tr!(
                            "每届的 from–to 不能重叠；上一届写上 to",
                            "the from–to of the terms may not overlap; give the earlier one a to"
                        ),
                    );
                }
                terms.push(Term { name, from, to });
            }
        }
    }
    terms.sort_by_key(|t| t.from);
    f.finish(r, &["committees", "leaders", "terms"], "organisation.yaml ");
    Some(Organisation {
        committees,
        leaders,
        terms,
    })
}
