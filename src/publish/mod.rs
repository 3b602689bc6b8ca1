//! Publish: the build pipeline ([`pipeline`]: check, then every output stage of
//! [`stages`] into a staging directory swapped into place by [`write`]), the
//! incremental [`session`] behind `serve` (the same stages, run as far as a change
//! reaches) and the preview server ([`serve`]).

pub mod error;
pub mod media;
pub mod options;
pub mod pipeline;
pub mod serve;
pub mod session;
pub mod stages;
pub mod write;

pub use error::{BuildError, ThemeError};
pub use options::BuildOptions;
pub use pipeline::{build, check, BuildSummary, Checked};
