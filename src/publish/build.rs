//! [`build`]: check the site, then run every output stage ([`super::stages`]) into a
//! staging directory that replaces the output only when all of them succeeded.

use super::check::check;
use super::error::{BuildError, ThemeError};
use super::options::BuildOptions;
use super::stages::{self, Inputs, Stage, State, Work};
use super::write::{self, Start};
use crate::core::diagnostics::Diagnostic;
use crate::core::timings::Timings;
use crate::render::templates::Templates;
use crate::render::theme::{self, Theme};
use std::path::Path;

/// What a successful build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Media files published.
    pub media: usize,
    /// Activities published.
    pub activities: usize,
    /// Warnings (the build went ahead).
    pub warnings: Vec<Diagnostic>,
    /// What the build started from (files it did not have to write again).
    pub start: Start,
}

/// Reads the site's theme and compiles its templates.
pub fn load_theme(site_dir: &Path) -> Result<(Theme, Templates), ThemeError> {
    let theme = theme::load(site_dir)?;
    let templates = Templates::compile(&theme).map_err(ThemeError::Compile)?;
    Ok((theme, templates))
}

/// Builds the site into the output directory. On any failure the output directory is
/// left exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    write::check_output(
        &options.output_dir,
        &options.content_dir,
        &options.site_dir(),
        options.force,
    )?;
    let mut timings = Timings::from_env();
    let (theme, templates) = load_theme(&options.site_dir())?;
    timings.lap("theme");
    let checked = check(options)?;
    timings.lap("load, validate, derive, bodies");

    let staging = write::Staging::create(&options.output_dir)?;
    let inputs = Inputs {
        checked: &checked,
        templates: &templates,
        theme: &theme,
        options,
    };
    let work = Work::everything();
    let mut state = State::for_build();
    let start = staging.start();
    let report = match stages::run(&Stage::ALL, &inputs, &work, &mut state, &|_, rel, bytes| {
        staging.write(rel, bytes)
    }) {
        Ok(report) => report,
        Err(error @ BuildError::Output(_)) => {
            staging.discard();
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    timings.lap("every stage (each timed above; pages beside the others)");
    staging.commit()?;
    timings.lap("swap into place");
    Ok(BuildSummary {
        pages: report.pages,
        media: report.media,
        activities: checked.site.activities.len(),
        warnings: checked.warnings,
        start,
    })
}
