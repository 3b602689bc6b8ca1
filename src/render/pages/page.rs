//! A free page (`pages/<id>.md`).

use super::Renderer;
use serde::Serialize;

/// What `page.html` shows (its title is the page's).
#[derive(Serialize)]
pub struct View<'a> {
    summary: Option<&'a str>,
    body: String,
}

/// The view of free page `i`.
pub fn view<'a>(r: &'a Renderer<'a>, i: usize, root: &str) -> View<'a> {
    let p = &r.site.pages[i];
    View {
        summary: p.summary.as_deref(),
        body: r.html(&r.bodies.pages[i], root),
    }
}
