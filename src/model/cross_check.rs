//! The rules across files: every reference from one document to another (sectors,
//! committees, brands, plan items, people, roles) resolves, with a suggestion when not.
//! References to a file that failed validation were reported with that file and are not
//! reported again everywhere they are used.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::suggest;
use crate::model::*;
use crate::source::roles::{self, Role as FileRole};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Checks every reference between files: sectors, committees, brands, plan items,
/// people and roles.
pub(crate) fn cross_check(site: &Site) -> Vec<Diagnostic> {
    let refs = References::new(site);
    let mut out = Vec::new();
    for sector in &site.sectors {
        refs.check_sector(sector, &mut out);
    }
    for activity in &site.activities {
        refs.check_activity(activity, &mut out);
    }
    refs.check_filed_sectors(&mut out);
    check_member_units(site, &mut out);
    for notice in &site.commendations {
        refs.check_commendation(notice, &mut out);
    }
    out
}

/// A name on two rosters is one person (docs/content-model.md): two different `unit:`
/// for it would send the clause-12 letter to one of them silently, so the later entry is
/// warned about, naming the earlier one.
fn check_member_units(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (&Sector, &Member)> = HashMap::new();
    for sector in &site.sectors {
        for m in &sector.members {
            let Some(unit) = m.unit.as_deref() else {
                continue;
            };
            let Some((other_sector, other)) = first.get(m.name.as_str()).copied() else {
                first.insert(m.name.as_str(), (sector, m));
                continue;
            };
            let other_unit = other.unit.as_deref().unwrap_or_default();
            if other_unit == unit {
                continue;
            }
            let (name, file, line) = (
                &m.name,
                other_sector.source.display.display(),
                other.position.line,
            );
            out.push(
                Diagnostic::warning(
                    &sector.source.display,
                    m.position,
                    crate::tr!(
                        "委员 {name} 的所在单位在 {file}:{line} 写的是 “{other_unit}”，这里是 “{unit}”；同名按同一人计，只能给一个单位发函",
                        "member {name} works at “{other_unit}” according to {file}:{line} but at “{unit}” here; one name is one person, whose letter goes to one employer"
                    ),
                )
                .with_help(crate::tr!(
                    "两处写成同一个单位，或删去其中一处的 unit",
                    "write the same unit in both places, or leave unit out in one of them"
                )),
            );
        }
    }
}

/// What references are checked against.
struct References<'s> {
    site: &'s Site,
    sectors: HashMap<&'s str, &'s Sector>,
    sector_ids: Vec<&'s str>,
    committee_ids: Vec<&'s str>,
    leader_names: Vec<&'s str>,
    members: HashSet<&'s str>,
    member_list: Vec<&'s str>,
    plans: BTreeMap<(&'s str, i32), &'s Plan>,
    /// Sectors whose profile failed validation.
    broken_sectors: HashSet<String>,
    /// Whether organisation.yaml failed validation.
    organisation_broken: bool,
}

impl<'s> References<'s> {
    fn new(site: &'s Site) -> References<'s> {
        let members: HashSet<&str> = site.sectors.iter().flat_map(|s| s.member_names()).collect();
        let mut member_list: Vec<&str> = members.iter().copied().collect();
        member_list.sort_unstable();
        let rejected_roles: Vec<FileRole> = site
            .rejected
            .keys()
            .filter_map(|p| FileRole::of(p))
            .collect();
        References {
            site,
            sectors: site.sectors.iter().map(|s| (s.id.as_str(), s)).collect(),
            sector_ids: site.sectors.iter().map(|s| s.id.as_str()).collect(),
            committee_ids: site.committees.iter().map(|c| c.id.as_str()).collect(),
            leader_names: site.leaders.iter().map(|l| l.name.as_str()).collect(),
            members,
            member_list,
            plans: site
                .plans
                .iter()
                .map(|p| ((p.sector.as_str(), p.year), p))
                .collect(),
            broken_sectors: rejected_roles
                .iter()
                .filter_map(|role| match role {
                    FileRole::Sector { sector } => Some(sector.clone()),
                    _ => None,
                })
                .collect(),
            organisation_broken: rejected_roles.contains(&FileRole::Organisation),
        }
    }

    fn known_sector(&self, id: &str) -> bool {
        self.sectors.contains_key(id) || self.broken_sectors.contains(id)
    }

    /// Advice for a sector reference that is not an id: the id of a sector so named, or
    /// the nearest id.
    fn sector_help(&self, wrong: &str) -> String {
        let by_name = self
            .site
            .sectors
            .iter()
            .find(|s| s.name == wrong || s.short.as_deref() == Some(wrong));
        match by_name {
            Some(s) => crate::tr!(
                "这里要写界别代号：{}（{}）",
                "write the sector id here: {} ({})",
                s.id,
                s.display_name()
            ),
            None => match suggest::did_you_mean(wrong, self.sector_ids.iter().copied()) {
                Some(s) => crate::tr!(
                    "{s}界别代号就是 sectors/ 下的文件夹名",
                    "{s} The sector id is the folder name under sectors/"
                ),
                None => crate::tr!(
                    "界别代号就是 sectors/ 下的文件夹名，例如 minmeng",
                    "the sector id is the folder name under sectors/, e.g. minmeng"
                ),
            },
        }
    }

    /// A sector's references to a committee and a chair-meeting member.
    fn check_sector(&self, sector: &Sector, out: &mut Vec<Diagnostic>) {
        if let Some(served) = &sector.served_by {
            if !self.organisation_broken && !self.committee_ids.contains(&served.value.as_str()) {
                let by_name = self.site.committees.iter().find(|c| c.name == served.value);
                let help = match by_name {
                    Some(c) => crate::tr!(
                        "这里要写委员会代号：served_by: {}",
                        "write the committee id here: served_by: {}",
                        c.id
                    ),
                    None => {
                        match suggest::did_you_mean(
                            &served.value,
                            self.committee_ids.iter().copied(),
                        ) {
                            Some(s) => s,
                            None => crate::tr!(
                                "organisation.yaml 里的委员会代号：{}",
                                "the committee ids in organisation.yaml: {}",
                                self.committee_ids.join(crate::core::i18n::separator())
                            ),
                        }
                    }
                };
                out.push(
                    Diagnostic::error(
                        &sector.source.display,
                        served.position,
                        crate::tr!(
                            "不认识的委员会 “{}”",
                            "unknown committee “{}”",
                            served.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(vc) = &sector.vice_chair {
            if !self.organisation_broken && !self.leader_names.contains(&vc.value.as_str()) {
                out.push(
                    Diagnostic::warning(
                        &sector.source.display,
                        vc.position,
                        crate::tr!("“{}” 不在 organisation.yaml 的主席会议成员名单中", "“{}” is not in the list of chairpersons' council members in organisation.yaml", vc.value),
                    )
                    .with_help(
                        suggest::did_you_mean(&vc.value, self.leader_names.iter().copied())
                            .unwrap_or_else(|| crate::tr!("在 organisation.yaml 的 leaders 里加上此人", "add this person to leaders in organisation.yaml")),
                    ),
                );
            }
        }
    }

    /// A write-up's references: joint sectors, brand, plan item, participants, leaders,
    /// author.
    fn check_activity(&self, activity: &Activity, out: &mut Vec<Diagnostic>) {
        let path = &activity.source.display;
        let year = activity.year();
        for also in &activity.also_sectors {
            if !self.known_sector(also.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        path,
                        also.position,
                        crate::tr!("不认识的界别 “{}”", "unknown sector “{}”", also.value),
                    )
                    .with_help(self.sector_help(&also.value)),
                );
            } else if also.value == activity.sector {
                out.push(
                    Diagnostic::warning(
                        path,
                        also.position,
                        crate::tr!(
                            "also_sectors 里不用再写本界别",
                            "also_sectors need not list the write-up's own sector"
                        ),
                    )
                    .with_help(crate::tr!("删除这一项", "delete this item")),
                );
            }
        }
        let home = self.sectors.get(activity.sector.as_str());
        if let (Some(brand), Some(home)) = (&activity.brand, home) {
            if !home.brands.iter().any(|b| b.id == brand.value) {
                let ids: Vec<&str> = home.brands.iter().map(|b| b.id.as_str()).collect();
                let help = match suggest::did_you_mean(&brand.value, ids.iter().copied()) {
                    Some(s) => s,
                    None if ids.is_empty() => crate::tr!("{} 还没有特色品牌；在 {} 的 brands 里添加，或删掉这一行", "{} has no signature programmes yet; add one under brands in {}, or delete this line",
                        home.display_name(),
                        roles::sector_profile(&home.id).display()
                    ),
                    None => crate::tr!("本界别的品牌代号：{}", "this sector's programme ids: {}", ids.join(crate::core::i18n::separator())),
                };
                out.push(
                    Diagnostic::error(
                        path,
                        brand.position,
                        crate::tr!(
                            "不认识的特色品牌 “{}”",
                            "unknown signature programme “{}”",
                            brand.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        for (sector, item, position) in activity.plan_refs() {
            if sector != activity.sector && !activity.also_sectors.iter().any(|s| s.value == sector)
            {
                let name = self.site.sector_name(sector);
                out.push(
                    Diagnostic::error(
                        path,
                        position,
                        crate::tr!(
                            "计划项目 “{sector}/{item}” 属于{name}，但本稿件不是与{name}联合开展的",
                            "plan item “{sector}/{item}” belongs to {name}, but this write-up is not a joint activity with {name}"
                        ),
                    )
                    .with_help(crate::tr!(
                        "联合开展的，在 also_sectors 里写上 {sector}；否则删掉这一项",
                        "if it was joint, add {sector} to also_sectors; otherwise delete this item"
                    )),
                );
                continue;
            }
            match self.plans.get(&(sector, year)) {
                None => out.push(
                    Diagnostic::error(
                        path,
                        position,
                        if sector == activity.sector {
                            crate::tr!("本界别没有 {year} 年的年度计划，无法对应计划项目 “{item}”", "the sector has no plan for {year}, so plan item “{item}” cannot be matched")
                        } else {
                            let name = self.site.sector_name(sector);
                            crate::tr!("{name}没有 {year} 年的年度计划，无法对应计划项目 “{item}”", "{name} has no plan for {year}, so plan item “{item}” cannot be matched")
                        },
                    )
                    .with_help(crate::tr!("先建 {}，或删掉 plan 这一行", "create {} first, or delete the plan line",
                        roles::plan_file(sector, year).display()
                    )),
                ),
                Some(plan) if !plan.items.iter().any(|i| i.id == item) => {
                    let ids: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
                    let listing: Vec<String> = plan
                        .items
                        .iter()
                        .map(|i| crate::tr!("{}（{}）", "{} ({})", i.id, i.title))
                        .collect();
                    let help = match suggest::did_you_mean(item, ids.iter().copied()) {
                        Some(s) => crate::tr!("{s}{year} 年计划的项目：{}", "{s} The items of the {year} plan: {}", listing.join(crate::core::i18n::separator())),
                        None => crate::tr!("{year} 年计划的项目：{}", "the items of the {year} plan: {}", listing.join(crate::core::i18n::separator())),
                    };
                    out.push(
                        Diagnostic::error(
                            path,
                            position,
                            crate::tr!("{year} 年计划里没有项目 “{item}”", "the {year} plan has no item “{item}”"),
                        )
                        .with_help(help),
                    );
                }
                Some(_) => {}
            }
        }
        for person in &activity.participants {
            if !self.members.contains(person.value.as_str()) {
                let help = match suggest::did_you_mean(
                    &person.value,
                    self.member_list.iter().copied(),
                ) {
                    Some(s) => s,
                    None => {
                        crate::tr!("把此人加入所在界别 index.md 的 members 名单；如果不是委员，可写在正文里", "add this person to members in their sector's index.md; if they are not a member, mention them in the body instead")
                    }
                };
                out.push(
                    Diagnostic::warning(
                        path,
                        person.position,
                        crate::tr!(
                            "参加人员 “{}” 不在任何界别的委员名单中",
                            "participant “{}” is not on any sector's member list",
                            person.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        for leader in &activity.leaders {
            if !self.organisation_broken && !self.leader_names.contains(&leader.value.as_str()) {
                let help = suggest::did_you_mean(&leader.value, self.leader_names.iter().copied())
                    .unwrap_or_else(|| {
                        crate::tr!("leaders 只写主席会议成员（organisation.yaml 的 leaders）", "leaders lists only members of the chairpersons' council (leaders in organisation.yaml)")
                    });
                out.push(
                    Diagnostic::warning(
                        path,
                        leader.position,
                        crate::tr!(
                            "“{}” 不在主席会议成员名单中",
                            "“{}” is not on the chairpersons' council list",
                            leader.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(author) = &activity.author {
            let holds_now = activity
                .sector_ids()
                .filter_map(|id| self.sectors.get(id))
                .any(|s| {
                    s.liaisons
                        .iter()
                        .any(|l| l.name == author.value && l.holds_in(year))
                });
            if !holds_now {
                let other_years =
                    home.and_then(|s| s.liaisons.iter().find(|l| l.name == author.value));
                match other_years {
                    Some(role) => out.push(
                        Diagnostic::error(path, author.position, crate::tr!("{} 在 {year} 年不是本界别的联络员（任期 {}）", "{} was not this sector's liaison in {year} (term: {})", author.value, role.span_text()))
                            .with_help(crate::tr!("作者写 {year} 年在任的联络员：{}", "the author should be a liaison serving in {year}: {}", home.map(|s| holders(&s.liaisons, year)).unwrap_or_default())),
                    ),
                    None => out.push(
                        Diagnostic::warning(path, author.position, crate::tr!("作者 “{}” 不是本界别的联络员", "author “{}” is not a liaison of this sector", author.value)).with_help(
                            match home.and_then(|s| suggest::did_you_mean(&author.value, s.liaisons.iter().map(|l| l.name.as_str()))) {
                                Some(s) => s,
                                None => crate::tr!("作者一般是本界别联络员；如有变动，请更新界别 index.md 的 liaisons", "the author is normally one of the sector's liaisons; if that changed, update liaisons in the sector's index.md"),
                            },
                        ),
                    ),
                }
            }
        }
    }

    /// Documents filed under a sector folder that has no profile (reported once per
    /// sector, at the first such file).
    fn check_filed_sectors(&self, out: &mut Vec<Diagnostic>) {
        let site = self.site;
        let filed = site
            .activities
            .iter()
            .map(|a| (&a.sector, &a.source))
            .chain(site.outputs.iter().map(|o| (&o.sector, &o.source)))
            .chain(site.plans.iter().map(|p| (&p.sector, &p.source)))
            .chain(site.summaries.iter().map(|s| (&s.sector, &s.source)));
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for (sector, source) in filed {
            if self.known_sector(sector) || !reported.insert(sector) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    &source.display,
                    Position::start(),
                    crate::tr!("界别 “{sector}” 没有简介文件 {}", "sector “{sector}” has no profile {}", roles::sector_profile(sector).display()),
                )
                .with_help(
                    match suggest::did_you_mean(sector, self.sector_ids.iter().copied()) {
                        Some(s) => crate::tr!("{s}文件夹名要与已有界别一致；新界别请先建 index.md", "{s} The folder name must match an existing sector; for a new sector create index.md first"),
                        None => crate::tr!("新建 {}，写上 name 和 group", "create {} with name and group", roles::sector_profile(sector).display()),
                    },
                ),
            );
        }
    }

    /// A commendation's references: commended sectors, and convenors and liaisons who
    /// held the role in the year.
    fn check_commendation(&self, notice: &Commendation, out: &mut Vec<Diagnostic>) {
        let path = &notice.source.display;
        for commended in &notice.sectors {
            if !self.known_sector(commended.sector.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        path,
                        commended.sector.position,
                        crate::tr!(
                            "不认识的界别 “{}”",
                            "unknown sector “{}”",
                            commended.sector.value
                        ),
                    )
                    .with_help(self.sector_help(&commended.sector.value)),
                );
            }
        }
        for (people, role_name) in [(&notice.convenors, "召集人"), (&notice.liaisons, "联络员")]
        {
            for person in people {
                let Some(sector) = self.sectors.get(person.sector.value.as_str()) else {
                    if self.known_sector(person.sector.value.as_str()) {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            path,
                            person.sector.position,
                            crate::tr!(
                                "不认识的界别 “{}”",
                                "unknown sector “{}”",
                                person.sector.value
                            ),
                        )
                        .with_help(self.sector_help(&person.sector.value)),
                    );
                    continue;
                };
                let roles = if role_name == "召集人" {
                    &sector.convenors
                } else {
                    &sector.liaisons
                };
                if roles
                    .iter()
                    .any(|r| r.name == person.name.value && r.holds_in(notice.year))
                {
                    continue;
                }
                let role_name = if role_name == "召集人" {
                    crate::tr!("召集人", "convenor")
                } else {
                    crate::tr!("联络员", "liaison")
                };
                let (name, sector_name, year) =
                    (&person.name.value, sector.display_name(), notice.year);
                let message = match roles.iter().find(|r| r.name == person.name.value) {
                    Some(role) => {
                        let span = role.span_text();
                        crate::tr!(
                            "{name} 在 {year} 年不是{sector_name}的{role_name}（任期 {span}）",
                            "{name} was not the {role_name} of {sector_name} in {year} (term: {span})"
                        )
                    }
                    None => crate::tr!(
                        "{name} 不是{sector_name}的{role_name}",
                        "{name} is not a {role_name} of {sector_name}"
                    ),
                };
                let names = roles.iter().map(|r| r.name.as_str());
                let help = match suggest::did_you_mean(&person.name.value, names) {
                    Some(s) => s,
                    None => crate::tr!(
                        "{} 年在任的{role_name}：{}",
                        "{role_name}s serving in {}: {}",
                        notice.year,
                        holders(roles, notice.year)
                    ),
                };
                out.push(Diagnostic::error(path, person.name.position, message).with_help(help));
            }
        }
    }
}

pub(crate) fn holders(roles: &[Role], year: i32) -> String {
    let names: Vec<&str> = roles
        .iter()
        .filter(|r| r.holds_in(year))
        .map(|r| r.name.as_str())
        .collect();
    if names.is_empty() {
        crate::tr!("（无）", "(none)")
    } else {
        names.join(crate::core::i18n::separator())
    }
}
