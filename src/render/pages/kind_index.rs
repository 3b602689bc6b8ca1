//! The nine kinds of activity (clause 3) with how many of each were held.

use super::Renderer;
use crate::derive::route::Route;
use crate::model::ActivityKind;
use crate::render::words;
use serde::Serialize;

/// What `kinds.html` shows.
#[derive(Serialize)]
pub struct View {
    kinds: Vec<KindEntry>,
}

#[derive(Serialize)]
struct KindEntry {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    count: usize,
    url: String,
}

/// The kind index's view.
pub fn view(r: &Renderer<'_>) -> View {
    View {
        kinds: ActivityKind::ALL
            .iter()
            .map(|&k| KindEntry {
                id: k.id(),
                name: k.name(),
                description: words::kind_description(k),
                count: r.derived.activities_of_kind(k).len(),
                url: Route::Kind(k).url(),
            })
            .collect(),
    }
}
