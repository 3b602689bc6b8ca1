//! [`check`]: read, validate and derive the whole site and render its bodies, reporting
//! every problem at once. What every output stage starts from.

use super::error::BuildError;
use super::options::{BuildOptions, TODAY_VARIABLE};
use crate::core::diagnostics::{self, Diagnostic, Position};
use crate::core::timings::Timings;
use crate::derive::Derived;
use crate::model::lint;
use crate::model::validate::{self, ValidateOptions};
use crate::model::Site;
use crate::render::bodies::Bodies;
use crate::render::markdown::Output;
use crate::source::load;
use crate::source::roles::{self, Role};
use chrono::NaiveDate;
use std::path::Path;

/// The validated site with everything derived from it.
pub struct Checked {
    /// The model.
    pub site: Site,
    /// Indexes and figures.
    pub derived: Derived,
    /// Rendered Markdown bodies.
    pub bodies: Bodies,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Loads, validates and derives the site, renders bodies; fails with every problem found.
/// With `options.lint`, also runs `check`'s extra checks (personal data, wrong terms,
/// heavy images).
pub fn check(options: &BuildOptions) -> Result<Checked, BuildError> {
    check_as(options, Output::Html)
}

/// Like [`check`], for callers that publish no body (`jiebie check`, reports, papers):
/// the bodies' HTML is not made (every `Checked::bodies` HTML is empty), the problems
/// found are the same.
pub fn check_only(options: &BuildOptions) -> Result<Checked, BuildError> {
    check_as(options, Output::DiagnosticsOnly)
}

fn check_as(options: &BuildOptions, output: Output) -> Result<Checked, BuildError> {
    let content_dir = &options.content_dir;
    if !content_dir.is_dir() {
        return Err(BuildError::Content(vec![Diagnostic::error(
            content_dir,
            Position::start(),
            crate::tr!("内容目录不存在", "the content directory does not exist"),
        )
        .with_help(crate::tr!(
            "在网站目录里运行 jiebie，或用 --content 指定内容目录",
            "run jiebie in the site directory, or name the content directory with --content"
        ))]));
    }
    let today = today(options)?;
    let mut timings = Timings::from_env();
    let mut lint_problems = Vec::new();
    // Each file is decoded as soon as it is read, so that the front matter trees and
    // texts of a large site are never all in memory at once.
    let (loaded, decoded) = if options.lint {
        let (terms, mut problems) = match roles::find(content_dir, roles::LINT_TERMS) {
            Some(path) => lint::load_terms(&path),
            None => Default::default(),
        };
        lint_problems.append(&mut problems);
        let text_check = |path: &Path, text: &str| {
            let rel = path.strip_prefix(content_dir).unwrap_or(path);
            // The list of wrong terms names them: it is not checked against itself.
            if Role::of(rel) == Some(Role::LintTerms) {
                return Vec::new();
            }
            let mut found = lint::check_privacy(path, text);
            found.extend(lint::check_terms(path, text, &terms));
            found
        };
        let (loaded, decoded) =
            load::load_mapped(content_dir, Some(&text_check), validate::decode_and_release);
        lint_problems.extend(lint::check_images(content_dir, &loaded.assets));
        (loaded, decoded)
    } else {
        load::load_mapped(content_dir, None, validate::decode_and_release)
    };
    timings.lap("  load and decode");
    let (site, mut diags) = validate::validate_decoded(
        &loaded,
        decoded,
        content_dir,
        &validate_options(options, today),
    );
    drop(loaded);
    diags.append(&mut lint_problems);
    timings.lap("  validate");
    check_validated(site, diags, options, today, |site, derived| {
        Bodies::render_releasing(site, derived, output)
    })
}

/// The date the build takes as today ([`BuildOptions::today`]); a `JIEBIE_TODAY` that is
/// not a date is a problem reported like any other.
pub fn today(options: &BuildOptions) -> Result<NaiveDate, BuildError> {
    options.today().map_err(|e| {
        BuildError::Content(vec![Diagnostic::error(
            Path::new(TODAY_VARIABLE),
            Position::start(),
            e.to_string(),
        )])
    })
}

/// The options [`check`] validates with.
pub fn validate_options(options: &BuildOptions, today: NaiveDate) -> ValidateOptions {
    ValidateOptions {
        include_drafts: options.drafts,
        base_url: options.base_url.clone(),
        include_unreviewed: options.unreviewed,
        today: Some(today),
    }
}

/// The end of [`check`] after validation: derive, bodies (through `bodies`, which `serve`
/// uses to reuse the bodies that did not change) and the verdict over every problem.
pub fn check_validated(
    site: Option<Site>,
    mut diags: Vec<Diagnostic>,
    options: &BuildOptions,
    today: NaiveDate,
    bodies: impl FnOnce(&mut Site, &Derived) -> Bodies,
) -> Result<Checked, BuildError> {
    let mut timings = Timings::from_env();
    let Some(mut site) = site else {
        diagnostics::sort(&mut diags);
        return Err(BuildError::Content(diags));
    };
    let (derived, mut more) = crate::derive::derive(&site, today);
    diags.append(&mut more);
    timings.lap("  derive");
    let bodies = bodies(&mut site, &derived);
    timings.lap("  bodies");
    diags.extend(bodies.all().flat_map(|b| b.diagnostics.iter().cloned()));
    diagnostics::sort(&mut diags);
    diags.dedup();
    let failed = diags.iter().any(|d| d.is_error() || options.strict);
    if failed {
        return Err(BuildError::Content(diags));
    }
    Ok(Checked {
        site,
        derived,
        bodies,
        warnings: diags,
    })
}
