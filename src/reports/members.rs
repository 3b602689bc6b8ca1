//! Members' participation in a year: what clause-11 evaluation and clause-12 notices to
//! members' employers need.

use super::{separator, Cell, Report, Table};
use crate::core::diagnostics::Diagnostic;
use crate::core::i18n;
use crate::derive::figures::{in_progress, member_records, MemberRecord};
use crate::derive::Derived;
use crate::model::Site;
use crate::render::words;
use crate::tr;

/// The per-member report of `year`.
pub fn report(site: &Site, derived: &Derived, year: i32) -> Report {
    let mut report = Report::for_year(
        site,
        derived,
        year,
        tr!(
            "{year} 年度界别委员参加界别活动情况",
            "{year}: members' participation in sector activities"
        ),
    );
    if !report.has_data {
        return report;
    }
    report.notes.push(tr!(
        "按活动稿件的参加人员（participants）统计；“参与形成成果”为所参加活动形成的成果篇数。供委员履职综合评价（《意见》第11条）和向委员所在单位通报履职情况（第12条）使用。",
        "Counted from the participants of the write-ups; “outputs” are the outputs of the activities attended. For the evaluation of members (clause 11) and the notices to their employers (clause 12)."
    ));
    if in_progress(site, derived, year) {
        report.notes.push(tr!(
            "{year} 年度尚在进行中，以下数字截至目前。",
            "{year} is still in progress; the figures are so far."
        ));
    }
    let mut table = Table::new(
        tr!("委员", "members"),
        tr!(
            "{year} 年界别委员参加活动情况",
            "{year}: members' participation"
        ),
        std::iter::once(tr!("委员", "member"))
            .chain(record_headers())
            .collect(),
    );
    let records = member_records(site, derived, year);
    let absent = records
        .iter()
        .filter(|r| r.activities + r.plenary == 0)
        .count();
    for r in &records {
        let [sectors, roles, activities, plenary, outputs] = record_cells(site, r);
        table.rows.push(vec![
            r.name.as_str().into(),
            sectors,
            roles,
            activities,
            plenary,
            outputs,
        ]);
    }
    let count = table.rows.len();
    report.notes.push(tr!(
        "共 {count} 名委员，其中 {absent} 名本年度未参加界别活动。",
        "{count} members, of whom {absent} took part in no sector activity this year."
    ));
    report.tables = vec![table];
    report
}

/// The headers of [`record_cells`], in its order.
pub fn record_headers() -> [String; 5] {
    [
        tr!("界别", "sector"),
        tr!("界别职务", "role"),
        tr!("参加活动", "activities"),
        tr!("参加全会小组讨论", "plenary group discussions"),
        tr!("参与形成成果", "outputs"),
    ]
}

/// A member's cells after the name, as every members table shows them (the report, the
/// letters to employers and their summary): sectors, roles, activities, plenary group
/// discussions, outputs.
pub fn record_cells(site: &Site, r: &MemberRecord) -> [Cell; 5] {
    let lang = i18n::current();
    let sectors: Vec<&str> = r
        .sectors
        .iter()
        .map(|&si| site.sectors[si].display_name())
        .collect();
    let roles: Vec<String> = r
        .roles
        .iter()
        .map(|h| words::convenor_role(site.sectors[h.sector].display_name(), h.first, lang))
        .collect();
    [
        if sectors.is_empty() {
            tr!("（未列入界别委员名单）", "(on no sector's roster)").into()
        } else {
            sectors.join(separator()).into()
        },
        roles.join(separator()).into(),
        r.activities.into(),
        r.plenary.into(),
        r.outputs.into(),
    ]
}

/// The roster members of one employer (所在单位), for its clause-12 letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMembers {
    /// The employer as written in `unit:`; `None` for the members whose roster entry
    /// gives none (they get no letter).
    pub unit: Option<String>,
    /// Their records for the year, in the members report's order.
    pub members: Vec<MemberRecord>,
}

/// The year's roster members grouped by employer, employers in order of first appearance
/// in the members report, then those without `unit:` last. Names on no roster are left
/// out: they are not members.
pub fn by_unit(site: &Site, derived: &Derived, year: i32) -> Vec<UnitMembers> {
    let mut groups: Vec<UnitMembers> = Vec::new();
    let mut without = Vec::new();
    for r in member_records(site, derived, year) {
        if r.sectors.is_empty() {
            continue;
        }
        let Some(unit) = r.unit.clone() else {
            without.push(r);
            continue;
        };
        match groups.iter_mut().find(|g| g.unit.as_deref() == Some(&unit)) {
            Some(g) => g.members.push(r),
            None => groups.push(UnitMembers {
                unit: Some(unit),
                members: vec![r],
            }),
        }
    }
    if !without.is_empty() {
        groups.push(UnitMembers {
            unit: None,
            members: without,
        });
    }
    groups
}

/// The words standing for “no `unit:` given” in the summary.
pub fn no_unit() -> String {
    tr!("未填写单位", "no employer given")
}

/// The summary of the letters to employers: one row per member, by employer, with the
/// figures of the members report (and those without `unit:` under “未填写单位”).
pub fn unit_summary(site: &Site, derived: &Derived, year: i32, groups: &[UnitMembers]) -> Report {
    let mut report = Report::for_year(
        site,
        derived,
        year,
        tr!(
            "{year} 年度向委员所在单位通报履职情况汇总",
            "{year}: members' participation by employer"
        ),
    );
    report.notes.push(tr!(
        "按《意见》第12条向委员所在单位通报委员履职情况；数字与 jiebie report members 相同。",
        "For the clause-12 notices to members' employers; the figures are those of jiebie report members."
    ));
    if in_progress(site, derived, year) {
        report.notes.push(tr!(
            "{year} 年度尚在进行中，以下数字截至目前。",
            "{year} is still in progress; the figures are so far."
        ));
    }
    let mut table = Table::new(
        tr!("按单位", "by employer"),
        tr!(
            "{year} 年界别委员参加活动情况（按所在单位）",
            "{year}: members' participation by employer"
        ),
        [
            tr!("所在单位", "employer"),
            tr!("委员", "member"),
            tr!("职务", "post"),
        ]
        .into_iter()
        .chain(record_headers())
        .collect(),
    );
    for g in groups {
        let unit = g.unit.clone().unwrap_or_else(no_unit);
        for r in &g.members {
            let mut row: Vec<Cell> = vec![
                unit.as_str().into(),
                r.name.as_str().into(),
                r.post.clone().unwrap_or_default().into(),
            ];
            row.extend(record_cells(site, r));
            table.rows.push(row);
        }
    }
    report.tables = vec![table];
    report
}

/// A warning for every sector whose roster has members without `unit:`, at the first
/// such entry, naming them all and saying how to add one: they get no letter and are
/// listed under “未填写单位”.
pub fn missing_units(site: &Site, groups: &[UnitMembers]) -> Vec<Diagnostic> {
    let without: Vec<&MemberRecord> = groups
        .iter()
        .filter(|g| g.unit.is_none())
        .flat_map(|g| &g.members)
        .collect();
    let mut out = Vec::new();
    for sector in &site.sectors {
        let entries: Vec<&crate::model::Member> = sector
            .members
            .iter()
            .filter(|m| without.iter().any(|r| r.name == m.name))
            .collect();
        let Some(first) = entries.first() else {
            continue;
        };
        let (count, names) = (
            entries.len(),
            entries
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(separator()),
        );
        let name = &first.name;
        out.push(
            Diagnostic::warning(
                &sector.source.display,
                first.position,
                tr!(
                    "{count} 名委员没有填写所在单位（unit）：{names}。不给他们的单位生成函，汇总表中列在“未填写单位”下",
                    "{count} members have no employer (unit): {names}. No letter is made for them; the summary lists them under “未填写单位”"
                ),
            )
            .with_help(tr!(
                "在 members 中把每人写成 - {{ name: {name}, unit: 所在单位全称, post: 职务 }}",
                "in members, write each of them as - {{ name: {name}, unit: <employer's full name>, post: <post> }}"
            )),
        );
    }
    out
}
