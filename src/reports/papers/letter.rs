//! The clause-12 letter to a member's employer (致委员所在单位的函): addressed to the
//! unit, it reports its members' participation in the year — the members report's
//! figures for each of them, then every activity they attended with the outputs it
//! produced — and is signed and dated like every paper, ready to sign and send.

use super::{chinese_ordinal, Block, Paper};
use crate::derive::Derived;
use crate::model::Site;
use crate::reports::members::{record_cells, record_headers, UnitMembers};
use crate::reports::{Cell, Table};
use crate::tr;
use chrono::NaiveDate;

/// How many names a title lists before “等 N 名委员”.
const NAMES_IN_TITLE: usize = 3;

/// The letter to `group`'s employer about `year`, dated `date`; `None` for the group of
/// members without `unit:` (there is nobody to address).
pub fn unit_letter(
    site: &Site,
    derived: &Derived,
    group: &UnitMembers,
    year: i32,
    date: NaiveDate,
) -> Option<Paper> {
    let unit = group.unit.as_deref()?;
    let committee = site.config.committee.trim();
    let named = (!committee.is_empty()).then(|| committee.to_string());
    let names: Vec<&str> = group.members.iter().map(|m| m.name.as_str()).collect();
    let who = if names.len() > NAMES_IN_TITLE {
        let (first, count) = (names[..NAMES_IN_TITLE].join("、"), names.len());
        tr!(
            "{first}等{count}名委员",
            "{first} and others ({count} members)"
        )
    } else {
        let listed = names.join("、");
        tr!("{listed}委员", "member(s) {listed}")
    };
    let all = names.join("、");
    let mut blocks = vec![
        Block::Flush(tr!("{unit}：", "To {unit}:")),
        Block::Paragraph(tr!(
            "为落实界别委员所在单位支持制度，现将贵单位{all}同志{year}年度参加{committee}界别活动的情况通报如下。",
            "Under the system of support from members' employers, this letter reports how {all} of your organisation took part in the sector activities of {committee} in {year}."
        )),
    ];
    if crate::derive::figures::in_progress(site, derived, year) {
        blocks.push(Block::Paragraph(tr!(
            "{year}年度尚在进行中，以下数字截至成文日期。",
            "{year} is still in progress; the figures are as of the date of this letter."
        )));
    }
    let heading = |n: usize, text: String| {
        let number = chinese_ordinal(n);
        Block::Heading(tr!("{number}、{text}", "{n}. {text}"))
    };
    blocks.push(heading(1, tr!("参加界别活动情况", "Participation")));
    blocks.push(Block::Table(summary_table(site, group, year)));
    blocks.push(heading(
        2,
        tr!(
            "参加的活动和形成的成果",
            "Activities attended and their outputs"
        ),
    ));
    for m in &group.members {
        let name = &m.name;
        if group.members.len() > 1 {
            blocks.push(Block::Flush(tr!("{name}同志：", "{name}:")));
        }
        if m.attended.is_empty() {
            blocks.push(Block::Paragraph(tr!(
                "本年度未参加界别活动。",
                "Took part in no sector activity this year."
            )));
        } else {
            blocks.push(Block::Table(activity_table(site, m, year)));
        }
    }
    blocks.push(Block::Paragraph(tr!(
        "感谢贵单位对人民政协工作的理解和支持。希望继续支持{all}同志履行委员职责，为其参加界别活动创造条件。",
        "Thank you for supporting the work of the committee; please keep making it possible for {all} to take part in sector activities."
    )));
    blocks.push(Block::Paragraph(tr!("特此函告。", "Yours faithfully.")));
    Some(Paper {
        issuer: named.clone(),
        document: None,
        title: tr!(
            "关于通报{who}{year}年度履职情况的函",
            "Letter on the participation of {who} in {year}"
        ),
        blocks,
        signature: named,
        date,
        appendix: None,
    })
}

/// One row per member: the members report's figures, with their post.
fn summary_table(site: &Site, group: &UnitMembers, year: i32) -> Table {
    let mut table = Table::new(
        tr!("委员", "members"),
        tr!("{year}年度参加界别活动情况", "{year}: participation"),
        [tr!("委员", "member"), tr!("职务", "post")]
            .into_iter()
            .chain(record_headers())
            .collect(),
    );
    for m in &group.members {
        let mut row: Vec<Cell> = vec![
            m.name.as_str().into(),
            m.post.clone().unwrap_or_default().into(),
        ];
        row.extend(record_cells(site, m));
        table.rows.push(row);
    }
    table
}

/// Every activity `m` attended in the year, oldest first, with the outputs it produced.
fn activity_table(site: &Site, m: &crate::derive::figures::MemberRecord, year: i32) -> Table {
    let name = &m.name;
    let mut table = Table::new(
        name.clone(),
        tr!("{name}{year}年度参加的活动", "{name}: activities in {year}"),
        vec![
            tr!("日期", "date"),
            tr!("活动", "activity"),
            tr!("类型", "kind"),
            tr!("界别", "sector"),
            tr!("形成成果", "outputs"),
        ],
    );
    for &i in m.attended.iter().rev() {
        let a = &site.activities[i];
        let kind = if a.plenary_group {
            tr!("全会界别小组讨论", "plenary group discussion")
        } else {
            a.kind.name().to_string()
        };
        let outputs: Vec<String> = a
            .outputs
            .iter()
            .map(|o| format!("{}《{}》", o.kind.name(), o.title))
            .collect();
        table.rows.push(vec![
            crate::render::words::date_text(a.date).into(),
            a.title.as_str().into(),
            kind.into(),
            a.sector_ids()
                .map(|id| site.sector_name(id))
                .collect::<Vec<_>>()
                .join("、")
                .into(),
            outputs.join("；").into(),
        ]);
    }
    table
}

/// A file name for `unit`'s letter: the unit's name with the characters no file system
/// takes (`/ \ : * ? " < > |`, control characters, a leading dot) replaced by `_`, cut to
/// 80 characters, plus `.docx`.
pub fn letter_file_name(unit: &str) -> String {
    let mut name: String = unit
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    if name.starts_with('.') || name.is_empty() {
        name.insert(0, '_');
    }
    format!("{name}.docx")
}
