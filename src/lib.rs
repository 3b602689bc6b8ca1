//! jiebie (界别): a static site generator for the sector work of a CPPCC committee.
//!
//! The crate is cut into layers, one folder each, in the order the data flows; a layer
//! uses only the layers above it in this list (`tests/it/architecture.rs` keeps it so):
//!
//! 1. [`core`]: diagnostics, language, suggestions, slugs, text escaping, paths.
//! 2. [`source`]: the walk of `content/`, the role of each file, front matter, YAML.
//! 3. [`model`]: the typed, validated site and its cross-file rules.
//! 4. [`derive`]: URLs ([`derive::route::Route`]), indexes and the yearly figures.
//! 5. [`render`]: Markdown bodies, page views, templates, charts, photos.
//! 6. [`generate`]: search index, feeds, sitemap, `api/` export.
//! 7. [`reports`]: the clause-10/11/12 reports as tables and their exports.
//! 8. [`author`]: creating content files (`new`).
//! 9. [`publish`]: the build pipeline, output stages, writing, `serve`'s session.
//! 10. [`cli`]: one module per subcommand.

#![forbid(unsafe_code)]

pub mod author;
pub mod cli;
pub mod core;
pub mod derive;
pub mod generate;
pub mod model;
pub mod publish;
pub mod render;
pub mod reports;
pub mod source;

pub use publish::{build, check, BuildError, BuildOptions, BuildSummary, Checked};
