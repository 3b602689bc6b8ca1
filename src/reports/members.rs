//! Members' participation in a year: what clause-11 evaluation and clause-12 notices to
//! members' employers need.

use super::{separator, Report, Table};
use crate::core::i18n;
use crate::derive::figures::{in_progress, member_records};
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
        vec![
            tr!("委员", "member"),
            tr!("界别", "sector"),
            tr!("界别职务", "role"),
            tr!("参加活动", "activities"),
            tr!("参加全会小组讨论", "plenary group discussions"),
            tr!("参与形成成果", "outputs"),
        ],
    );
    let records = member_records(site, derived, year);
    let absent = records
        .iter()
        .filter(|r| r.activities + r.plenary == 0)
        .count();
    let lang = i18n::current();
    for r in records {
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
        table.rows.push(vec![
            r.name.into(),
            if sectors.is_empty() {
                tr!("（未列入界别委员名单）", "(on no sector's roster)").into()
            } else {
                sectors.join(separator()).into()
            },
            roles.join(separator()).into(),
            r.activities.into(),
            r.plenary.into(),
            r.outputs.into(),
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
