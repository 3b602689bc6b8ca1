//! The people on the sectors' rosters, once each, with the URL segment of their page
//! (`member_pages: true`).
//!
//! **A name is one person.** Activities name their participants by name only, so two
//! roster entries with the same name cannot be told apart in any figure: the figures
//! (`figures::member_records`) already count such a name once, with both sectors. The
//! member page does the same: one page per name, listing every sector whose roster has
//! it. Their employer is the first `unit:` written for the name, in sector display order.

use super::Derived;
use crate::core::slug::slugify;
use crate::model::Site;
use std::collections::{BTreeMap, HashMap};

/// One person on the rosters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterMember {
    /// Name, as written on the roster.
    pub name: String,
    /// The page's URL segment: the name's pinyin (`zhang-wei`), `-2`, `-3` … added when
    /// names share a reading (张伟, 章伟), in the order of the names' characters.
    pub slug: String,
    /// Sector indexes whose roster lists the name, in display order.
    pub sectors: Vec<usize>,
    /// 所在单位: the first `unit:` written for the name.
    pub unit: Option<String>,
    /// 职务: the post written with that unit (or the first one written).
    pub post: Option<String>,
}

/// The URL segment used when a name gives no letters at all.
const FALLBACK_SLUG: &str = "member";

/// Everyone on a roster, ordered by sector display order then roster order (the order
/// of the members report), each name once.
pub fn roster(site: &Site, derived: &Derived) -> Vec<RosterMember> {
    let mut members: Vec<RosterMember> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for si in derived.sector_order() {
        for m in &site.sectors[si].members {
            let i = *index.entry(m.name.as_str()).or_insert_with(|| {
                members.push(RosterMember {
                    name: m.name.clone(),
                    ..RosterMember::default()
                });
                members.len() - 1
            });
            let member = &mut members[i];
            if !member.sectors.contains(&si) {
                member.sectors.push(si);
            }
            if member.unit.is_none() && m.unit.is_some() {
                member.unit.clone_from(&m.unit);
                if m.post.is_some() {
                    member.post.clone_from(&m.post);
                }
            }
            if member.post.is_none() {
                member.post.clone_from(&m.post);
            }
        }
    }
    assign_slugs(&mut members);
    members
}

/// Gives every member a distinct slug that depends only on the set of names: names with
/// the same reading are numbered in the order of their characters.
fn assign_slugs(members: &mut [RosterMember]) {
    let mut by_reading: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let mut reading = slugify(&m.name);
        if reading.is_empty() {
            reading = FALLBACK_SLUG.to_string();
        }
        by_reading.entry(reading).or_default().push(i);
    }
    let taken: std::collections::BTreeSet<String> = by_reading.keys().cloned().collect();
    for (reading, mut list) in by_reading {
        list.sort_by(|&a, &b| members[a].name.cmp(&members[b].name));
        let mut n = 1;
        for (k, i) in list.into_iter().enumerate() {
            members[i].slug = if k == 0 {
                reading.clone()
            } else {
                // Skip numbers another name reads as (a name spelt `wang-2` in letters).
                loop {
                    n += 1;
                    let candidate = format!("{reading}-{n}");
                    if !taken.contains(&candidate) {
                        break candidate;
                    }
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(names: &[&str]) -> Vec<RosterMember> {
        names
            .iter()
            .map(|n| RosterMember {
                name: n.to_string(),
                ..RosterMember::default()
            })
            .collect()
    }

    #[test]
    fn same_readings_are_numbered_by_name_whatever_the_order() {
        let mut a = named(&["章伟", "张伟", "李明"]);
        let mut b = named(&["李明", "张伟", "章伟"]);
        assign_slugs(&mut a);
        assign_slugs(&mut b);
        let slug = |list: &[RosterMember], name: &str| {
            list.iter()
                .find(|m| m.name == name)
                .map(|m| m.slug.clone())
                .unwrap_or_default()
        };
        for name in ["章伟", "张伟", "李明"] {
            assert_eq!(slug(&a, name), slug(&b, name), "{name}");
        }
        assert_eq!(slug(&a, "李明"), "li-ming");
        let mut pair = vec![slug(&a, "张伟"), slug(&a, "章伟")];
        pair.sort();
        assert_eq!(pair, ["zhang-wei", "zhang-wei-2"]);
    }

    #[test]
    fn slugs_never_collide_with_numbered_readings() {
        let mut list = named(&["wang", "王", "wang-2", "？"]);
        assign_slugs(&mut list);
        let mut slugs: Vec<&str> = list.iter().map(|m| m.slug.as_str()).collect();
        slugs.sort_unstable();
        assert_eq!(slugs, ["member", "wang", "wang-2", "wang-3"]);
    }
}
