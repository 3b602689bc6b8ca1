//! A standalone output.

use super::views::{ResultView, SectorRef};
use super::Renderer;
use crate::derive::route::Route;
use crate::render::words::date_text;
use chrono::Datelike;
use serde::Serialize;

/// What `output.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    output: OutputView<'a>,
    body: String,
}

#[derive(Serialize)]
struct OutputView<'a> {
    title: &'a str,
    date: String,
    date_text: String,
    kind: &'static str,
    kind_name: &'static str,
    sector: SectorRef,
    year: i32,
    year_url: String,
    results: Vec<ResultView<'a>>,
}

/// The view of output `i`.
pub fn view<'a>(r: &'a Renderer<'a>, i: usize, root: &str) -> View<'a> {
    let o = &r.site.outputs[i];
    View {
        output: OutputView {
            title: &o.title,
            date: o.date.to_string(),
            date_text: date_text(o.date),
            kind: o.kind.id(),
            kind_name: o.kind.name(),
            sector: r.sector_ref(&o.sector),
            year: o.date.year(),
            year_url: Route::SectorYear(&o.sector, o.date.year()).url(),
            results: o.results.iter().map(ResultView::from).collect(),
        },
        body: r.html(&r.bodies.outputs[i], root),
    }
}
