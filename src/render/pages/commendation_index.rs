//! Every commendation notice (clause 11), newest first.

use super::Renderer;
use crate::derive::route::Route;
use crate::render::words::date_text;
use serde::Serialize;

/// What `commendations.html` shows.
#[derive(Serialize)]
pub struct View<'a> {
    notices: Vec<Notice<'a>>,
}

#[derive(Serialize)]
struct Notice<'a> {
    year: i32,
    url: String,
    document: Option<&'a str>,
    date_text: Option<String>,
    sectors: usize,
    convenors: usize,
    liaisons: usize,
}

/// The commendation index's view.
pub fn view<'a>(r: &'a Renderer<'a>) -> View<'a> {
    View {
        notices: r
            .site
            .commendations
            .iter()
            .rev()
            .map(|c| Notice {
                year: c.year,
                url: Route::Commendation(c.year).url(),
                document: c.document.as_deref(),
                date_text: c.date.map(date_text),
                sectors: c.sectors.len(),
                convenors: c.convenors.len(),
                liaisons: c.liaisons.len(),
            })
            .collect(),
    }
}
