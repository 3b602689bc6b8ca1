//! Members' participation in a year (only with `member_pages: true`).

use super::Renderer;
use crate::core::i18n::Lang;
use crate::derive::figures;
use crate::derive::route::Route;
use crate::render::words;
use serde::Serialize;

/// What `members.html` shows.
#[derive(Serialize)]
pub struct View {
    year: i32,
    has_data: bool,
    in_progress: bool,
    members: Vec<MemberView>,
    year_url: String,
}

#[derive(Serialize)]
struct MemberView {
    name: String,
    /// Their page (every roster name has one, since this page exists only with
    /// `member_pages: true`).
    url: Option<String>,
    /// 所在单位: shown here because this page is published only with `member_pages`.
    unit: String,
    sectors: Vec<String>,
    roles: Vec<String>,
    activities: u32,
    plenary: u32,
    outputs: u32,
}

/// The view of `year`'s members page.
pub fn view(r: &Renderer<'_>, year: i32) -> View {
    let (site, d) = (r.site, r.derived);
    let name = |si: usize| site.sectors[si].display_name().to_string();
    View {
        year,
        has_data: figures::year_has_data(site, d, year),
        in_progress: r.in_progress(year),
        members: figures::member_records(site, d, year)
            .into_iter()
            .map(|m| MemberView {
                sectors: m.sectors.iter().map(|&si| name(si)).collect(),
                roles: m
                    .roles
                    .iter()
                    .map(|h| {
                        words::convenor_role(
                            site.sectors[h.sector].display_name(),
                            h.first,
                            Lang::Zh,
                        )
                    })
                    .collect(),
                url: r.person(&m.name).url,
                unit: m.unit.clone().unwrap_or_default(),
                name: m.name,
                activities: m.activities,
                plenary: m.plenary,
                outputs: m.outputs,
            })
            .collect(),
        year_url: Route::Year(year).url(),
    }
}
