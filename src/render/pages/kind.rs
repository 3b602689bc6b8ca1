//! One kind's activities, by year.

use super::views::{Card, MonthGroup};
use super::Renderer;
use crate::derive::route::Route;
use crate::model::ActivityKind;
use serde::Serialize;

/// What `kind.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    kind: KindView,
    count: usize,
    years: Vec<YearGroup<'a>>,
    kinds: Vec<KindTab>,
}

#[derive(Serialize)]
struct KindView {
    id: &'static str,
    name: &'static str,
    description: &'static str,
}

/// A year of a kind's activities (its one "month" group holds the whole year, as the
/// template expects).
#[derive(Serialize)]
struct YearGroup<'a> {
    year: i32,
    url: String,
    count: usize,
    months: Vec<MonthGroup<'a>>,
}

#[derive(Serialize)]
struct KindTab {
    id: &'static str,
    name: &'static str,
    url: String,
    current: bool,
}

/// The view of `kind`'s page.
pub fn view<'a>(r: &'a Renderer<'a>, kind: ActivityKind) -> View<'a> {
    let cards: Vec<&Card> = r.cards_for(r.derived.activities_of_kind(kind));
    let mut years: Vec<YearGroup<'_>> = Vec::new();
    for card in &cards {
        match years.last_mut() {
            Some(g) if g.year == card.year => g.months[0].items.push(card),
            _ => years.push(YearGroup {
                year: card.year,
                url: Route::Timeline(card.year).url(),
                count: 0,
                months: vec![MonthGroup {
                    month: 0,
                    label: String::new(),
                    items: vec![card],
                }],
            }),
        }
    }
    for g in &mut years {
        g.count = g.months[0].items.len();
    }
    View {
        kind: KindView {
            id: kind.id(),
            name: kind.name(),
            description: description(kind),
        },
        count: cards.len(),
        years,
        kinds: ActivityKind::ALL
            .iter()
            .map(|&k| KindTab {
                id: k.id(),
                name: k.name(),
                url: Route::Kind(k).url(),
                current: k == kind,
            })
            .collect(),
    }
}

/// Description of each activity kind, from the rules (clause 3).
pub fn description(kind: ActivityKind) -> &'static str {
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
