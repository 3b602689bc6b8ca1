//! Words for the model's data, made where the data is shown: the site (always Chinese,
//! the site's language) and the command line and reports (Chinese, or English with
//! `--lang en`). Every place that shows a quota reason, a verdict or a role takes its
//! words from here, so each is worded once.

use crate::core::i18n::Lang;
use crate::derive::figures::{Missing, Shortfall, Verdict};
use crate::model::{ActivityKind, Site};
use chrono::{Datelike, NaiveDate};

/// Why a sector fell short of the quota, in `lang`.
pub fn shortfall(reason: &Shortfall, lang: Lang) -> String {
    match *reason {
        Shortfall::Activities {
            held,
            required,
            plenary,
        } => {
            let mut text = crate::tr_in!(
                lang,
                "活动 {held} 次，少于 {required} 次",
                "{held} activities held, fewer than the {required} required"
            );
            if plenary > 0 {
                text.push_str(&crate::tr_in!(
                    lang,
                    "（全会界别小组讨论 {plenary} 次不计入）",
                    " ({plenary} plenary group discussions do not count)"
                ));
            }
            text
        }
        Shortfall::Outputs {
            submitted,
            required,
        } => crate::tr_in!(
            lang,
            "提交调研报告、大会发言、集体提案、社情民意信息 {submitted} 篇，少于 {required} 篇",
            "{submitted} research reports, plenary speeches, collective proposals or public-opinion reports submitted, fewer than the {required} required"
        ),
    }
}

/// The reasons in the site's words (Chinese).
pub fn site_shortfalls(reasons: &[Shortfall]) -> Vec<String> {
    reasons.iter().map(|r| shortfall(r, Lang::Zh)).collect()
}

/// The reasons joined into one sentence, in the language of the command line.
pub fn shortfalls_text(reasons: &[Shortfall], lang: Lang) -> String {
    let joiner = match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    reasons
        .iter()
        .map(|r| shortfall(r, lang))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// A verdict against the quota, in `lang`.
pub fn verdict(verdict: Verdict, lang: Lang) -> String {
    match verdict {
        Verdict::InProgress => crate::tr_in!(lang, "年度进行中", "year in progress"),
        Verdict::NoRecord => crate::tr_in!(lang, "无记录", "no record"),
        Verdict::Met => crate::tr_in!(lang, "已达到", "met"),
        Verdict::NotYetMet => crate::tr_in!(
            lang,
            "尚未达到（年度进行中）",
            "not yet met (year in progress)"
        ),
        Verdict::NotMet => crate::tr_in!(lang, "未达到", "not met"),
    }
}

/// The class a page marks a verdict with (`verdict-met` …).
pub fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::InProgress | Verdict::NotYetMet => "progress",
        Verdict::NoRecord => "none",
        Verdict::Met => "met",
        Verdict::NotMet => "short",
    }
}

/// What a sector is missing in `year`, in `lang` (the plan items from `site`).
pub fn missing(site: &Site, year: i32, what: Missing, lang: Lang) -> String {
    match what {
        Missing::Plan => crate::tr_in!(
            lang,
            "未报送 {year} 年度工作计划",
            "no work plan for {year} filed"
        ),
        Missing::Summary => crate::tr_in!(
            lang,
            "未报送 {year} 年度工作总结",
            "no year-end summary for {year} filed"
        ),
        Missing::ItemNotStarted { plan, item } => {
            let it = &site.plans[plan].items[item];
            let (id, title, q) = (&it.id, &it.title, it.quarter.unwrap_or(4));
            crate::tr_in!(
                lang,
                "计划项目 {id}（{title}，第{q}季度）到季度末仍未开展",
                "plan item {id} ({title}, Q{q}) not started by the end of its quarter"
            )
        }
        Missing::QuotaAtRisk => crate::tr_in!(
            lang,
            "已到第四季度，{year} 年度活动要求尚未达到",
            "in the fourth quarter, the {year} requirement is not met yet"
        ),
    }
}

/// A convenor's role in a sector: “民盟界第一召集人”.
pub fn convenor_role(sector: &str, first: bool, lang: Lang) -> String {
    match (first, lang) {
        (true, Lang::Zh) => format!("{sector}第一召集人"),
        (false, Lang::Zh) => format!("{sector}召集人"),
        (true, Lang::En) => format!("first convenor of {sector}"),
        (false, Lang::En) => format!("convenor of {sector}"),
    }
}

/// A date as pages show it: `2025年3月7日`.
pub fn date_text(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Description of each activity kind, from the rules (clause 3).
pub fn kind_description(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Study => {
            "组织界别委员学习党和国家的大政方针，政协重要会议精神、理论知识和业务知识。"
        }
        ActivityKind::Research => {
            "围绕市政协年度重点工作开展调研、视察，并将调研成果以界别名义发表。"
        }
        ActivityKind::Proposal => {
            "通过界别集体提案、反映社情民意信息，及时反映界别委员和群众的意见建议。"
        }
        ActivityKind::Consultation => {
            "聚焦市委市政府中心工作，对社会关注、群众关心的问题开展界别协商。"
        }
        ActivityKind::Supervision => {
            "组织界别委员参加有关民主监督活动，担任相关部门、行业的特邀监督员。"
        }
        ActivityKind::Speech => {
            "在政协全体委员会议、常务委员会议和各种协商会议上以界别名义发表意见。"
        }
        ActivityKind::Service => "发挥界别委员的专业特长和优势，开展有界别特色的社会公益活动。",
        ActivityKind::Fellowship => {
            "通过界别联谊会、座谈会等形式，加强委员之间、界别之间的联系与沟通。"
        }
        ActivityKind::Other => "各界别结合新时代要求探索的其他活动形式。",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortfalls_read_in_either_language() {
        let short = Shortfall::Activities {
            held: 1,
            required: 2,
            plenary: 1,
        };
        assert_eq!(
            shortfall(&short, Lang::Zh),
            "活动 1 次，少于 2 次（全会界别小组讨论 1 次不计入）"
        );
        assert_eq!(
            shortfall(&short, Lang::En),
            "1 activities held, fewer than the 2 required (1 plenary group discussions do not count)"
        );
        let outputs = Shortfall::Outputs {
            submitted: 0,
            required: 2,
        };
        assert!(shortfalls_text(&[short, outputs], Lang::En).contains("; 0 research reports"));
    }

    #[test]
    fn dates_read_the_chinese_way() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(date_text(day), "2025年3月7日");
    }
}
