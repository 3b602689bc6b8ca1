//! What to build, from where, to where.

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
