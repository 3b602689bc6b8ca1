//! The rules for convenors and liaisons, year by year (clauses 7, 13, 16): each sector has
//! at most two convenors and one first convenor at a time (a sole convenor leads without
//! being marked), at most two liaisons, and its current convenors are members of it (when
//! its roster is entered at all). A
//! role filed under a term (届) of organisation.yaml may not start before that term.

use crate::core::diagnostics::Diagnostic;
use crate::core::suggest;
use crate::model::{Role, Sector, Site};
use std::collections::BTreeSet;

/// Every problem with the sectors' roles. `year` is the current year (the roster is the
/// current one, so membership is checked for the roles held then).
pub(crate) fn check_roles(site: &Site, year: i32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sector in &site.sectors {
        check_list(sector, &sector.convenors, Kind::Convenor, year, &mut out);
        check_list(sector, &sector.liaisons, Kind::Liaison, year, &mut out);
        // A sector whose roster is not entered yet has nothing to check its convenors
        // against (its participants are still warned about one by one).
        let roster_entered = !sector.members.is_empty();
        for role in Role::holders(&sector.convenors, year) {
            if roster_entered && !sector.has_member(&role.name) {
                let name = &role.name;
                out.push(
                    Diagnostic::error(
                        &sector.source.display,
                        role.position,
                        crate::tr!(
                            "召集人 {name} 不在本界别的委员名单（members）里",
                            "convenor {name} is not on the sector's member list (members)"
                        ),
                    )
                    .with_help(crate::tr!(
                        "召集人须是本界别委员：把 {name} 加入 members，或改正姓名",
                        "a convenor must be a member of the sector: add {name} to members, or correct the name"
                    )),
                );
            }
        }
        for role in sector.convenors.iter().chain(&sector.liaisons) {
            check_term(site, sector, role, &mut out);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Convenor,
    Liaison,
}

/// Overlapping years that break the limits, each set of overlapping entries once.
fn check_list(
    sector: &Sector,
    roles: &[Role],
    kind: Kind,
    current: i32,
    out: &mut Vec<Diagnostic>,
) {
    if roles.len() < 2 {
        return;
    }
    let bounds = roles.iter().flat_map(|r| [r.from, r.to]).flatten();
    let latest = bounds.clone().max().unwrap_or(current).max(current);
    // Years parse only within 1949–2999, so the range stays small.
    let earliest = bounds.min().unwrap_or(latest).max(latest - 1100);
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    for year in earliest..=latest {
        let holders: Vec<usize> = (0..roles.len())
            .filter(|&i| roles[i].holds_in(year))
            .collect();
        let firsts: Vec<usize> = holders
            .iter()
            .copied()
            .filter(|&i| roles[i].first)
            .collect();
        let problem = if holders.len() > 2 {
            let n = holders.len();
            Some((
                holders.clone(),
                match kind {
                    Kind::Convenor => crate::tr!(
                        "{year} 年同时有 {n} 名召集人（第 7 条：每个界别 1–2 名）",
                        "{n} convenors at once in {year} (clause 7: one or two per sector)"
                    ),
                    Kind::Liaison => crate::tr!(
                        "{year} 年同时有 {n} 名联络员（第 13 条：1 名，可增设 1 名）",
                        "{n} liaisons at once in {year} (clause 13: one, optionally a second)"
                    ),
                },
            ))
        } else if kind == Kind::Convenor && firsts.len() > 1 {
            Some((
                firsts.clone(),
                crate::tr!(
                    "{year} 年有 {} 名第一召集人（第 7 条：只有一名）",
                    "{} first convenors in {year} (clause 7: there is one)",
                    firsts.len()
                ),
            ))
        } else if kind == Kind::Convenor && holders.len() == 2 && firsts.is_empty() {
            Some((
                holders.clone(),
                crate::tr!(
                    "{year} 年的两名召集人都没有标明第一召集人（第 7 条）",
                    "neither of the two convenors of {year} is marked first convenor (clause 7)"
                ),
            ))
        } else {
            None
        };
        let Some((entries, message)) = problem else {
            continue;
        };
        if !reported.insert(entries.clone()) {
            continue;
        }
        // Reported at the entry that starts last (the one that made the overlap), naming
        // the lines of the others.
        let at = *entries
            .iter()
            .max_by_key(|&&i| (roles[i].from.unwrap_or(i32::MIN), i))
            .unwrap_or(&entries[0]);
        let others: Vec<String> = entries
            .iter()
            .filter(|&&i| i != at)
            .map(|&i| roles[i].position.line.to_string())
            .collect();
        let others = others.join(crate::core::i18n::separator());
        let help = if holders.len() == 2 && firsts.is_empty() {
            crate::tr!(
                "给其中一人写 first: true（另见第 {others} 行）",
                "write first: true for one of them (see also line {others})"
            )
        } else {
            crate::tr!(
                "与第 {others} 行的任期重叠：给先任职的人写上 to（最后一年），或改正 from",
                "the term overlaps line {others}: give the earlier holder a to (last year), or correct from"
            )
        };
        out.push(
            Diagnostic::error(&sector.source.display, roles[at].position, message).with_help(help),
        );
    }
}

/// A role filed under a term must name a term of organisation.yaml and not start before it.
fn check_term(site: &Site, sector: &Sector, role: &Role, out: &mut Vec<Diagnostic>) {
    let Some(term) = &role.term else {
        return;
    };
    let path = &sector.source.display;
    let Some(known) = site.terms.iter().find(|t| t.name == term.value) else {
        let names = site.terms.iter().map(|t| t.name.as_str());
        let help = suggest::did_you_mean(&term.value, names.clone()).unwrap_or_else(|| {
            let names: Vec<&str> = names.collect();
            crate::tr!(
                "organisation.yaml 的 terms 里列出的届：{}",
                "the terms listed under terms in organisation.yaml: {}",
                names.join(crate::core::i18n::separator())
            )
        });
        out.push(
            Diagnostic::error(
                path,
                term.position,
                crate::tr!("不认识的届 “{}”", "unknown term “{}”", term.value),
            )
            .with_help(help),
        );
        return;
    };
    if let Some(from) = role.from.filter(|&f| f < known.from) {
        let (name, start) = (&known.name, known.from);
        out.push(
            Diagnostic::error(
                path,
                role.position,
                crate::tr!(
                    "任期从 {from} 年开始，早于所属的{name}（{start} 年起）",
                    "the role starts in {from}, before its term {name} (from {start})"
                ),
            )
            .with_help(crate::tr!(
                "召集人、联络员在一届开始时确定（第 16 条）：from 不早于 {start}，或改写所属的届",
                "convenors and liaisons are set at the start of a term (clause 16): from no earlier than {start}, or file it under the right term"
            )),
        );
    }
}
