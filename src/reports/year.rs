//! The year-end report (clause 10): each sector's figures with the clause-4 verdict,
//! committee totals, the ranking, and the sectors that fell short with why.

use super::{holder_names, separator, Cell, Report, Table};
use crate::core::i18n;
use crate::derive::figures::{self, in_progress, ranking, sectors_closed, year_totals};
use crate::derive::Derived;
use crate::model::{OutputKind, ResultKind, Site};
use crate::render::chart::year_charts;
use crate::render::words;
use crate::tr;

/// Headers of the per-sector table: sector, roles, then one column per figure (output
/// kinds by their names), then the verdict.
fn sector_headers() -> Vec<String> {
    let mut headers = vec![
        tr!("界别", "sector"),
        tr!("召集人", "convenors"),
        tr!("联络员", "liaisons"),
        tr!("活动", "activities"),
        tr!("全会小组讨论", "plenary group discussions"),
    ];
    headers.extend(OutputKind::ALL.iter().map(|k| k.name().to_string()));
    headers.extend([
        tr!("成果合计", "outputs"),
        tr!("成果转化", "results of outputs"),
        tr!("完成计划事项", "plan items done"),
        tr!("计划事项", "plan items"),
        tr!("计划外活动", "unplanned activities"),
        tr!("特色品牌活动", "signature-programme activities"),
        tr!("参与委员", "members taking part"),
        tr!("委员人数", "members"),
        tr!(
            "主席会议成员参加活动",
            "activities with chair-meeting members"
        ),
        tr!("活动要求", "quota"),
    ]);
    headers
}

/// The year-end report of `year`.
pub fn report(site: &Site, derived: &Derived, year: i32) -> Report {
    let lang = i18n::current();
    let progressing = in_progress(site, derived, year);
    let mut report = Report::for_year(
        site,
        derived,
        year,
        tr!(
            "{year} 年度界别工作计划完成情况",
            "{year}: completion of the sectors' work plans"
        ),
    );
    if !report.has_data {
        return report;
    }
    let (activities, outputs) = (site.config.quota.activities, site.config.quota.outputs);
    report.notes.push(tr!(
        "年度活动要求（《意见》第4条）：除全会期间的界别小组讨论外，每个界别每年开展活动不少于 {activities} 次，提交调研报告或大会发言、集体提案、社情民意信息不少于 {outputs} 篇。联合活动对参与的每个界别各计一次，其成果对每个界别各计一次。",
        "Yearly requirement (clause 4): apart from the plenary group discussions, each sector holds at least {activities} activities a year and submits at least {outputs} research reports, plenary speeches, collective proposals or public-opinion reports. A joint activity counts once for every sector in it, and so do its outputs."
    ));
    if progressing {
        let (closed, all) = (sectors_closed(site, derived, year), site.sectors.len());
        report.notes.push(tr!(
            "{year} 年度尚在进行中（{all} 个界别中 {closed} 个已报送年度总结），以下数字截至目前；已报送总结的界别按最终结果判定。",
            "{year} is still in progress ({closed} of {all} sectors have filed their year-end summary); the figures are so far, and the sectors that filed their summary are judged final."
        ));
    }

    let sector_word = tr!("界别", "sector");
    let headers = sector_headers();
    let columns = headers.len();
    let mut sectors = Table::new(
        tr!("各界别", "sectors"),
        tr!(
            "{year} 年各界别活动与成果",
            "{year}: activities and outputs of every sector"
        ),
        headers,
    );
    let mut short = Table::new(
        tr!("未达要求", "short of the quota"),
        if progressing {
            tr!(
                "{year} 年目前尚未达到年度活动要求的界别",
                "{year}: sectors that have not yet met the yearly requirement"
            )
        } else {
            tr!(
                "{year} 年未达到年度活动要求的界别",
                "{year}: sectors that did not meet the yearly requirement"
            )
        },
        vec![sector_word.clone(), tr!("原因", "why")],
    );
    let mut without_data = Vec::new();
    for si in derived.sector_order() {
        let s = &site.sectors[si];
        let Some(f) = derived.sector_year(&s.id, year) else {
            continue;
        };
        let mut row: Vec<Cell> = vec![
            s.display_name().into(),
            holder_names(&s.convenors, year),
            holder_names(&s.liaisons, year),
        ];
        if f.has_data {
            row.push(f.activities.into());
            row.push(f.plenary.into());
            row.extend(f.outputs_by_kind.iter().map(|&n| Cell::from(n)));
            row.push(f.outputs.into());
            row.push(f.results.into());
            if f.has_plan {
                row.push(f.plan_done.into());
                row.push(f.plan_items.into());
            } else {
                row.push(tr!("未报送计划", "no plan filed").into());
                row.push(Cell::Blank);
            }
            row.push(f.unplanned.into());
            row.push(f.brand_activities.into());
            row.push(f.participants.into());
            row.push(f.members.into());
            row.push(f.with_leaders.into());
        } else {
            without_data.push(s.display_name().to_string());
            row.extend(std::iter::repeat_n(Cell::Blank, columns - 4));
        }
        row.push(words::verdict(f.verdict(), lang).into());
        sectors.rows.push(row);
        if f.is_short() {
            short.rows.push(vec![
                s.display_name().into(),
                words::shortfalls_text(&f.shortfalls, lang).into(),
            ]);
        }
    }

    let t = year_totals(site, derived, year);
    let mut totals = Table::new(
        tr!("全会合计", "committee totals"),
        tr!("{year} 年全委会合计", "{year}: committee totals"),
        vec![tr!("项目", "item"), tr!("数量", "number")],
    );
    let mut add = |label: String, n: u32| totals.rows.push(vec![label.into(), n.into()]);
    add(
        tr!(
            "界别活动（每次活动计一次，不含全会小组讨论）",
            "sector activities (each once, plenary group discussions apart)"
        ),
        t.activities,
    );
    add(
        tr!("全会界别小组讨论", "plenary group discussions"),
        t.plenary,
    );
    add(
        tr!(
            "各界别活动次数之和（联合活动各计一次）",
            "sum of the sectors' activities (a joint one once for each sector)"
        ),
        t.sector_activities,
    );
    add(tr!("成果（每篇计一次）", "outputs (each once)"), t.outputs);
    for (k, &n) in OutputKind::ALL.iter().zip(&t.outputs_by_kind) {
        let name = k.name();
        add(tr!("其中{name}", "of which {name}"), n);
    }
    add(
        tr!(
            "成果转化（立案、采用、领导批示、刊发）",
            "results of outputs (accepted, adopted, instructed on, published)"
        ),
        t.results,
    );
    for (k, &n) in ResultKind::ALL.iter().zip(&t.results_by_kind) {
        let name = k.name();
        add(tr!("其中{name}", "of which {name}"), n);
    }
    add(tr!("界别总数", "sectors"), t.sectors);
    add(
        tr!("有记录的界别", "sectors with records"),
        t.sectors_with_data,
    );
    add(
        tr!("报送年度计划的界别", "sectors that filed a plan"),
        t.sectors_with_plan,
    );
    add(
        tr!(
            "达到年度活动要求的界别",
            "sectors that met the yearly requirement"
        ),
        t.sectors_met,
    );
    add(tr!("完成计划事项", "plan items done"), t.plan_done);
    add(tr!("计划事项", "plan items"), t.plan_items);
    add(
        tr!("计划外活动（按界别计）", "unplanned activities (by sector)"),
        t.unplanned,
    );
    add(
        tr!("特色品牌活动", "signature-programme activities"),
        t.brand_activities,
    );
    add(
        tr!("参加过活动的委员", "members who took part"),
        t.participants,
    );
    add(tr!("界别委员总数", "members on the rosters"), t.members);
    add(
        tr!(
            "主席会议成员参加的活动",
            "activities with chair-meeting members"
        ),
        t.with_leaders,
    );

    let mut ranks = Table::new(
        tr!("排名", "ranking"),
        tr!(
            "{year} 年各界别活动与成果排名",
            "{year}: sectors ranked by activities and outputs"
        ),
        vec![
            tr!("名次", "rank"),
            sector_word,
            tr!("活动", "activities"),
            tr!("成果", "outputs"),
            tr!("合计", "total"),
        ],
    );
    for r in ranking(site, derived, year) {
        ranks.rows.push(vec![
            r.rank.into(),
            site.sectors[r.sector].display_name().into(),
            r.activities.into(),
            r.outputs.into(),
            (r.activities + r.outputs).into(),
        ]);
    }
    let (all, with_data, met, short_count) = (
        t.sectors,
        t.sectors_with_data,
        t.sectors_met,
        short.rows.len(),
    );
    report.notes.push(if progressing {
        tr!(
            "{all} 个界别中，{with_data} 个有记录，{met} 个达到年度活动要求，{short_count} 个目前未达到。",
            "Of {all} sectors, {with_data} have records, {met} met the yearly requirement and {short_count} have not met it yet."
        )
    } else {
        tr!(
            "{all} 个界别中，{with_data} 个有记录，{met} 个达到年度活动要求，{short_count} 个未达到。",
            "Of {all} sectors, {with_data} have records, {met} met the yearly requirement and {short_count} did not."
        )
    });
    if !without_data.is_empty() {
        let list = without_data.join(separator());
        report.notes.push(tr!(
            "本年度无记录的界别（不计入未达要求）：{list}。",
            "Sectors without records this year (not counted as short): {list}."
        ));
    }
    let mut missing = Table::new(
        tr!("缺报和未开展", "not filed or done"),
        tr!(
            "{year} 年各界别尚未报送或开展的事项（截至 {today}）",
            "{year}: what sectors have not filed or done (as of {today})",
            today = derived.today
        ),
        vec![tr!("界别", "sector"), tr!("事项", "what")],
    );
    for (si, what) in figures::missing(site, derived, year) {
        missing.rows.push(vec![
            site.sectors[si].display_name().into(),
            words::missing(site, year, what, lang).into(),
        ]);
    }
    report.tables = vec![sectors, totals, ranks, short, missing];
    report.charts = year_charts(site, derived, year, lang);
    report
}
