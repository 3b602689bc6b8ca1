//! A year's commendation notice (`commendations/<year>.md`, clause 11).

use super::fields::check_year_field;
use crate::model::*;
use crate::source::fields::{Fields, Reporter};
use crate::source::yaml::Node;

pub(crate) fn decode_commendation(
    r: &mut Reporter<'_>,
    node: &Node,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Commendation> {
    let mut f = r.fields(
        node,
        &crate::tr!("通报表扬的前置信息", "the front matter of a commendation"),
    )?;
    check_year_field(r, &mut f, year);
    let date = f.get("date").and_then(|n| r.date(n, "date"));
    let document = f.text(r, "document");
    let mut sectors = Vec::new();
    if let Some(list) = f.get("sectors") {
        for item in r.mapping_list(list, "sectors") {
            let Some(mut sf) = r.fields(item, &crate::tr!("表扬的界别", "a commended sector"))
            else {
                continue;
            };
            let sector =
                sf.require_text(r, "sector", &crate::tr!("界别代号", "sector id"), "minmeng");
            let citation = sf.text(r, "citation");
            sf.finish(
                r,
                &["sector", "citation"],
                &crate::tr!("表扬的界别", "a commended sector"),
            );
            if let Some(sector) = sector {
                sectors.push(CommendedSector {
                    sector: At::new(sector, item.position),
                    citation,
                });
            }
        }
    }
    let people = |r: &mut Reporter<'_>, f: &mut Fields<'_>, key: &str| -> Vec<CommendedPerson> {
        let mut out = Vec::new();
        if let Some(list) = f.get(key) {
            for item in r.mapping_list(list, key) {
                let Some(mut pf) = r.fields(item, &crate::tr!("表扬的个人", "a commended person"))
                else {
                    continue;
                };
                let name = pf.text_at(r, "name");
                let sector = pf.text_at(r, "sector");
                if name.is_none() {
                    r.error(
                        item.position,
                        crate::tr!(
                            "缺少必填字段 name（姓名）",
                            "required field name (the person's name) is missing"
                        ),
                        crate::tr!("加上 name: 张某某", "add name: 张某某"),
                    );
                }
                if sector.is_none() {
                    r.error(
                        item.position,
                        crate::tr!(
                            "缺少必填字段 sector（所在界别代号）",
                            "required field sector (the person's sector id) is missing"
                        ),
                        crate::tr!("加上 sector: minmeng", "add sector: minmeng"),
                    );
                }
                let citation = pf.text(r, "citation");
                pf.finish(
                    r,
                    &["name", "sector", "citation"],
                    &crate::tr!("表扬的个人", "a commended person"),
                );
                if let (Some((n, np)), Some((s, sp))) = (name, sector) {
                    out.push(CommendedPerson {
                        name: At::new(n, np),
                        sector: At::new(s, sp),
                        citation,
                    });
                }
            }
        }
        out
    };
    let convenors = people(r, &mut f, "convenors");
    let liaisons = people(r, &mut f, "liaisons");
    f.finish(
        r,
        &[
            "year",
            "date",
            "document",
            "sectors",
            "convenors",
            "liaisons",
        ],
        &crate::tr!("通报表扬", "a commendation"),
    );
    Some(Commendation {
        year,
        date,
        document,
        sectors,
        convenors,
        liaisons,
        body,
        source,
    })
}
