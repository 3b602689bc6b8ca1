//! What to build, from where, to where.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What to build, from where, to where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The `content/` directory.
    pub content_dir: PathBuf,
    /// Where the site goes (`public/`).
    pub output_dir: PathBuf,
    /// The site directory holding `themes/` and `templates/` (default: the parent of
    /// `content_dir`).
    pub site_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Replace an output directory jiebie did not create.
    pub force: bool,
    /// Also run `check`'s extra checks: personal data, wrong terms, oversized images.
    pub lint: bool,
    /// Publish write-ups whose review is incomplete, marked 待审核 (for `serve`).
    pub unreviewed: bool,
    /// The date the build takes as today: it decides which years are over and which
    /// dates lie in the future. `None`: the `JIEBIE_TODAY` variable, else the clock.
    pub today: Option<NaiveDate>,
}

impl BuildOptions {
    /// Options for the site in `site_dir` (`site_dir/content` → `site_dir/public`).
    pub fn for_site(site_dir: &Path) -> BuildOptions {
        BuildOptions {
            content_dir: site_dir.join("content"),
            output_dir: site_dir.join("public"),
            site_dir: Some(site_dir.to_path_buf()),
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            lint: false,
            unreviewed: false,
            today: None,
        }
    }

    /// The date taken as today: `today`, else `JIEBIE_TODAY` (`YYYY-MM-DD`), else the
    /// local date. A `JIEBIE_TODAY` that is not a date is an error naming it.
    pub fn today(&self) -> Result<NaiveDate, TodayError> {
        match self.today {
            Some(today) => Ok(today),
            None => today_from_environment(),
        }
    }

    /// The site directory: `site_dir`, or else the parent of the content directory.
    pub fn site_dir(&self) -> PathBuf {
        self.site_dir.clone().unwrap_or_else(|| {
            let parent = self.content_dir.parent().unwrap_or(Path::new("."));
            if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            }
        })
    }
}

/// The environment variable that fixes the date a build takes as today (tests,
/// reproducible builds).
pub const TODAY_VARIABLE: &str = "JIEBIE_TODAY";

/// `JIEBIE_TODAY` (`YYYY-MM-DD`) when set, else the local date.
pub fn today_from_environment() -> Result<NaiveDate, TodayError> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(text) if !text.trim().is_empty() => {
            crate::source::fields::parse_date(&text).map_err(|error| TodayError { text, error })
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// A `JIEBIE_TODAY` that is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayError {
    /// What the variable holds.
    pub text: String,
    /// Why it is not a date.
    pub error: crate::source::fields::DateError,
}

impl std::fmt::Display for TodayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (text, message, help) = (&self.text, self.error.message(), self.error.help());
        f.write_str(&crate::tr!(
            "环境变量 {TODAY_VARIABLE} 的日期 “{text}” {message}：{help}",
            "the date “{text}” in {TODAY_VARIABLE} {message}: {help}"
        ))
    }
}

impl std::error::Error for TodayError {}
