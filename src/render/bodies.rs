//! Every Markdown body of the site, rendered once (in parallel) and shared by the pages,
//! the search index, the feeds and the export.

use crate::derive::Derived;
use crate::model::{Markdown, Site, Source};
use crate::render::markdown::{self, LinkContext, Output, Rendered};
use rayon::prelude::*;

/// Every Markdown body of the site, rendered once.
#[derive(Debug, Default)]
pub struct Bodies {
    /// By activity index.
    pub activities: Vec<Rendered>,
    /// By standalone output index.
    pub outputs: Vec<Rendered>,
    /// By sector index.
    pub sectors: Vec<Rendered>,
    /// By plan index.
    pub plans: Vec<Rendered>,
    /// By summary index.
    pub summaries: Vec<Rendered>,
    /// By commendation index.
    pub commendations: Vec<Rendered>,
    /// By page index.
    pub pages: Vec<Rendered>,
    /// Documents that failed validation: rendered only to check their bodies.
    pub rejected: Vec<Rendered>,
}

impl Bodies {
    /// Renders every body in parallel.
    pub fn render(site: &Site, derived: &Derived) -> Bodies {
        Bodies::render_as(site, derived, Output::Html)
    }

    /// Renders every body in parallel, with HTML only when `output` asks for it.
    fn render_as(site: &Site, derived: &Derived, output: Output) -> Bodies {
        let links = LinkContext::of(site, derived);
        let go =
            |body: &Markdown, source: &Source| markdown::render_as(body, source, links, output);
        Bodies {
            activities: site
                .activities
                .par_iter()
                .map(|a| go(&a.body, &a.source))
                .collect(),
            outputs: site
                .outputs
                .par_iter()
                .map(|o| go(&o.body, &o.source))
                .collect(),
            sectors: site
                .sectors
                .par_iter()
                .map(|s| go(&s.body, &s.source))
                .collect(),
            plans: site
                .plans
                .par_iter()
                .map(|p| go(&p.body, &p.source))
                .collect(),
            summaries: site
                .summaries
                .par_iter()
                .map(|s| go(&s.body, &s.source))
                .collect(),
            commendations: site
                .commendations
                .par_iter()
                .map(|c| go(&c.body, &c.source))
                .collect(),
            pages: site
                .pages
                .par_iter()
                .map(|p| go(&p.body, &p.source))
                .collect(),
            rejected: site
                .rejected
                .values()
                .map(|r| go(&r.body, &r.source))
                .collect(),
        }
    }

    /// Like [`Bodies::render`], and empties each write-up's Markdown text once it is
    /// rendered: a one-off build or check never reads it again, and at 100,000 write-ups
    /// holding it beside the HTML would add a third to the peak memory. The other
    /// documents are few and keep theirs (the commendation notice's paper reads its
    /// text). `serve` keeps every text (it compares them to know what changed) and
    /// renders with [`Bodies::render`]. With [`Output::DiagnosticsOnly`] no body gets
    /// its HTML (a check that publishes nothing).
    pub fn render_releasing(site: &mut Site, derived: &Derived, output: Output) -> Bodies {
        let mut activities = std::mem::take(&mut site.activities);
        let mut bodies = Bodies::render_as(site, derived, output);
        let links = LinkContext::of(site, derived);
        bodies.activities = activities
            .par_iter_mut()
            .map(|a| {
                let rendered = markdown::render_as(&a.body, &a.source, links, output);
                a.body.text = String::new();
                rendered
            })
            .collect();
        site.activities = activities;
        bodies
    }

    /// Every rendered body, for collecting diagnostics and assets.
    pub fn all(&self) -> impl Iterator<Item = &Rendered> {
        self.activities
            .iter()
            .chain(&self.outputs)
            .chain(&self.sectors)
            .chain(&self.plans)
            .chain(&self.summaries)
            .chain(&self.commendations)
            .chain(&self.pages)
            .chain(&self.rejected)
    }
}
