//! Rules that need the yearly figures, so they run after them: a commendation (clause
//! 11) of a sector that recorded work but did not meet the clause-4 quota that year, or
//! of a convenor or liaison of such a sector, is a warning naming the figures.

use super::Derived;
use crate::core::diagnostics::Diagnostic;
use crate::model::Site;

/// Every problem these rules find.
pub(super) fn check(site: &Site, derived: &Derived) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let quota = site.config.quota;
    for notice in &site.commendations {
        let year = notice.year;
        let commended = notice
            .sectors
            .iter()
            .map(|s| (&s.sector.value, s.sector.position, None))
            .chain(notice.convenors.iter().chain(&notice.liaisons).map(|p| {
                (
                    &p.sector.value,
                    p.name.position,
                    Some(p.name.value.as_str()),
                )
            }));
        for (sector, position, person) in commended {
            let Some(f) = derived.sector_year(sector, year) else {
                continue;
            };
            // A year without any record says nothing either way (it may predate the
            // site's records).
            if !f.is_short() {
                continue;
            }
            let name = site.sector_name(sector);
            let (activities, outputs) = (f.activities, f.outputs);
            let (need_activities, need_outputs) = (quota.activities, quota.outputs);
            let figures = crate::tr!(
                "{name}在 {year} 年开展活动 {activities} 次、提交成果 {outputs} 篇，要求分别不少于 {need_activities} 次、{need_outputs} 篇",
                "in {year} {name} held {activities} activities and submitted {outputs} outputs, against at least {need_activities} and {need_outputs}"
            );
            let message = match person {
                None => crate::tr!(
                    "表扬的界别未达到 {year} 年度活动要求：{figures}",
                    "the commended sector did not meet the {year} requirement: {figures}"
                ),
                Some(person) => crate::tr!(
                    "{person} 所在的界别未达到 {year} 年度活动要求：{figures}",
                    "the sector of {person} did not meet the {year} requirement: {figures}"
                ),
            };
            out.push(
                Diagnostic::warning(&notice.source.display, position, message).with_help(
                    crate::tr!(
                        "通报表扬一般给达到要求的界别及其召集人、联络员；请核实，确需表扬的在表扬理由里说明",
                        "commendations normally go to sectors that met the requirement and their convenors and liaisons; check it, and if it stands, say why in the citation"
                    ),
                ),
            );
        }
    }
    out
}
