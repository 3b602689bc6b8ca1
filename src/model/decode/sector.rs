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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostics::Severity;
    use crate::source::yaml;
    use std::path::{Path, PathBuf};

    /// Decodes a profile's front matter; returns the roster and the diagnostics.
    fn roster(front: &str) -> (Vec<Member>, Vec<crate::core::diagnostics::Diagnostic>) {
        let node = yaml::parse(front).unwrap_or_else(|e| panic!("{front}: {e:?}"));
        let mut r = Reporter::new(Path::new("sectors/a/index.md"));
        let source = Source {
            rel: PathBuf::from("sectors/a/index.md"),
            display: PathBuf::from("sectors/a/index.md"),
        };
        let sector = decode_sector(&mut r, &node, "a", source, Markdown::default());
        (sector.map(|s| s.members).unwrap_or_default(), r.diagnostics)
    }

    const HEAD: &str = "name: 甲界\ngroup: 社会界别\nserved_by: x\n";

    #[test]
    fn plain_names_and_mappings_mix() {
        let (members, diagnostics) = roster(&format!(
            "{HEAD}members:\n  - 张某某\n  - {{ name: 李某某, unit: 武汉某某大学, post: 教授 }}\n  - name: 王某某\n    unit: 武汉某某医院\n"
        ));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let got: Vec<(&str, Option<&str>, Option<&str>)> = members
            .iter()
            .map(|m| (m.name.as_str(), m.unit.as_deref(), m.post.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("张某某", None, None),
                ("李某某", Some("武汉某某大学"), Some("教授")),
                ("王某某", Some("武汉某某医院"), None),
            ]
        );
        assert_eq!(members[1].position.line, 6);
        assert_eq!(members[2].position.line, 7);
    }

    #[test]
    fn a_list_written_as_one_text_is_still_names() {
        let (members, diagnostics) = roster(&format!("{HEAD}members: 张某某、李某某\n"));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["张某某", "李某某"]);
    }

    #[test]
    fn an_entry_without_name_is_an_error_where_it_is_written() {
        let (members, diagnostics) = roster(&format!(
            "{HEAD}members:\n  - 张某某\n  - unit: 武汉某某大学\n"
        ));
        assert_eq!(members.len(), 1);
        let error = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("no error: {diagnostics:?}"));
        assert_eq!(error.position.line, 6, "{error:?}");
        assert!(error.message.contains("name"), "{}", error.message);
    }

    #[test]
    fn a_misspelt_key_is_warned_with_the_right_one() {
        let (members, diagnostics) = roster(&format!(
            "{HEAD}members:\n  - {{ name: 张某某, uint: 武汉某某大学 }}\n"
        ));
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].unit, None);
        let warning = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Warning)
            .unwrap_or_else(|| panic!("no warning: {diagnostics:?}"));
        assert!(warning.message.contains("uint"), "{}", warning.message);
        let help = warning.help.clone().unwrap_or_default();
        assert!(help.contains("“unit”"), "{help}");
        assert_eq!(warning.position.line, 5);
    }

    #[test]
    fn a_nested_list_is_an_error() {
        let (members, diagnostics) = roster(&format!("{HEAD}members:\n  - [张某某]\n"));
        assert!(members.is_empty());
        assert!(
            diagnostics.iter().any(|d| d.severity == Severity::Error),
            "{diagnostics:?}"
        );
    }
}
