//! A sector's profile (`sectors/<id>/index.md`): names, group, who serves it, roles over
//! time, roster, signature programmes.

use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::yaml::{Node, Value};

pub(crate) const SECTOR_KEYS: &[&str] = &[
    "name",
    "short",
    "group",
    "served_by",
    "organised_by",
    "vice_chair",
    "convenors",
    "liaisons",
    "members",
    "brands",
];

/// The fields every such document must have, with an example of each.
const REQUIRED: &[(&str, &str)] = &[("name", "中国民主同盟界"), ("group", "民主党派")];

pub(crate) fn decode_sector(
    r: &mut Reporter<'_>,
    node: &Node,
    id: &str,
    source: Source,
    body: Markdown,
) -> Option<Sector> {
    let mut f = r.document_fields(
        node,
        &crate::tr!("界别简介的前置信息", "the front matter of a sector profile"),
        REQUIRED,
    )?;
    let name = f.require_text(
        r,
        "name",
        &crate::tr!("界别全称", "full sector name"),
        REQUIRED[0].1,
    );
    let short = f.text(r, "short");
    let group = f.require_text(
        r,
        "group",
        &crate::tr!("界别分组", "sector group"),
        REQUIRED[1].1,
    );
    let served_by = f.text_at(r, "served_by").map(|(t, p)| At::new(t, p));
    let organised_by = f.text(r, "organised_by");
    let vice_chair = f.text_at(r, "vice_chair").map(|(t, p)| At::new(t, p));
    let convenors = f
        .get("convenors")
        .map(|n| decode_roles(r, n, "convenors"))
        .unwrap_or_default();
    let liaisons = f
        .get("liaisons")
        .map(|n| decode_roles(r, n, "liaisons"))
        .unwrap_or_default();
    let members = f
        .get("members")
        .map(|n| decode_members(r, n))
        .unwrap_or_default();
    let mut brands: Vec<Brand> = Vec::new();
    if let Some(list) = f.get("brands") {
        for item in r.mapping_list(list, "brands") {
            let Some(mut bf) = r.fields(
                item,
                &crate::tr!("特色品牌", "a signature programme (特色品牌)"),
            ) else {
                continue;
            };
            let brand_id = bf.require_id(
                r,
                "id",
                &crate::tr!("品牌代号（英文）", "programme id (ASCII)"),
                "river",
            );
            let brand_name = bf.require_text(
                r,
                "name",
                &crate::tr!("品牌名称", "programme name"),
                "长江大保护调研",
            );
            let summary = bf.text(r, "summary");
            bf.finish(
                r,
                &["id", "name", "summary"],
                &crate::tr!("特色品牌", "a signature programme (特色品牌)"),
            );
            if let (Some(brand_id), Some(brand_name)) = (brand_id, brand_name) {
                if brands.iter().any(|b| b.id == brand_id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "品牌代号 “{brand_id}” 重复",
                            "programme id “{brand_id}” is used twice"
                        ),
                        crate::tr!(
                            "每个品牌的 id 必须不同",
                            "every programme needs a different id"
                        ),
                    );
                }
                brands.push(Brand {
                    id: brand_id,
                    name: brand_name,
                    summary,
                });
            }
        }
    }
    if served_by.is_none() && organised_by.is_none() {
        r.warning(
            f.position(),
            crate::tr!("没有写明对口服务的专门委员会（served_by）或组织单位（organised_by）", "neither the special committee serving the sector (served_by) nor the organising body (organised_by) is given"),
            crate::tr!("按第 8 条：民主党派、工商联界别写 organised_by，其他界别写 served_by: 委员会代号", "by clause 8, democratic-party and ACFIC sectors write organised_by, other sectors write served_by: <committee id>"),
        );
    }
    f.finish(r, SECTOR_KEYS, &crate::tr!("界别简介", "a sector profile"));
    Some(Sector {
        id: id.to_string(),
        name: name?,
        short,
        group: group?,
        served_by,
        organised_by,
        vice_chair,
        convenors,
        liaisons,
        members,
        brands,
        body,
        source,
    })
}

/// The keys of a roster entry written as a mapping.
pub(crate) const MEMBER_KEYS: &[&str] = &["name", "unit", "post"];

/// The roster: a list whose entries are plain names (`- 张某某`) or mappings giving the
/// employer too (`- { name: 张某某, unit: 武汉大学, post: 教授 }`); a single text written
/// with 、 (张某某、李某某) is still read as a list of names.
fn decode_members(r: &mut Reporter<'_>, node: &Node) -> Vec<Member> {
    let plain = |(name, position): (String, _)| Member {
        name,
        unit: None,
        post: None,
        position,
    };
    let Value::Sequence(items) = &node.value else {
        return r
            .text_list(node, "members")
            .into_iter()
            .map(plain)
            .collect();
    };
    let what = crate::tr!("界别委员", "a member (members)");
    let mut members = Vec::new();
    for item in items {
        if !matches!(item.value, Value::Mapping(_)) {
            if let Some(name) = r.text(item, "members") {
                members.push(plain((name, item.position)));
            }
            continue;
        }
        let Some(mut mf) = r.fields(item, &what) else {
            continue;
        };
        let name = mf.require_text(r, "name", &crate::tr!("姓名", "name"), "张某某");
        let unit = mf.text(r, "unit");
        let post = mf.text(r, "post");
        mf.finish(r, MEMBER_KEYS, &what);
        if let Some(name) = name {
            members.push(Member {
                name,
                unit,
                post,
                position: item.position,
            });
        }
    }
    members
}

pub(crate) fn decode_roles(r: &mut Reporter<'_>, node: &Node, key: &str) -> Vec<Role> {
    let mut roles = Vec::new();
    for item in r.mapping_list(node, key) {
        if let Some(name) = item.as_str() {
            // A bare name is a role held throughout.
            roles.push(Role {
                name: name.trim().to_string(),
                first: false,
                from: None,
                to: None,
                unit: None,
                term: None,
                position: item.position,
            });
            continue;
        }
        let Some(mut rf) = r.fields(item, key) else {
            continue;
        };
        let name = rf.require_text(r, "name", &crate::tr!("姓名", "name"), "张某某");
        let first = rf
            .get("first")
            .and_then(|n| r.boolean(n, "first"))
            .unwrap_or(false);
        let from = rf.get("from").and_then(|n| r.year(n, "from"));
        let to = rf.get("to").and_then(|n| r.year(n, "to"));
        let unit = rf.text(r, "unit");
        let term = rf.text_at(r, "term").map(|(t, p)| At::new(t, p));
        rf.finish(
            r,
            &["name", "first", "from", "to", "unit", "term"],
            &crate::tr!("召集人/联络员", "a convenor/liaison"),
        );
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                r.error(
                    item.position,
                    crate::tr!(
                        "任期起始年 {f} 晚于结束年 {t}",
                        "the term starts in {f}, after it ends in {t}"
                    ),
                    crate::tr!(
                        "from 写开始年份，to 写结束年份（含）",
                        "write the first year in from and the last year (inclusive) in to"
                    ),
                );
            }
        }
        if let Some(name) = name {
            roles.push(Role {
                name,
                first,
                from,
                to,
                unit,
                term,
                position: item.position,
            });
        }
    }
    roles
}
