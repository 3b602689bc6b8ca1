//! Publish: the build pipeline ([`check`], then [`build`]: every output stage of
//! [`stages`] into a staging directory swapped into place by [`write`]), the
//! incremental [`session`] behind `serve` (the same stages, run as far as a change
//! reaches) and the preview server ([`serve`]).

pub mod build;
pub mod check;
pub mod error;
pub mod media;
pub mod options;
pub mod serve;
pub mod serve_dir;
pub mod session;
pub mod stages;
pub mod write;

pub use build::{build, BuildSummary};
pub use check::{check, check_only, Checked};
pub use error::{BuildError, ThemeError};
pub use options::BuildOptions;
