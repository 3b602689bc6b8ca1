//! Model: the site as typed data ([`types`], re-exported here), and the validation that
//! makes it from the source files: one decoder per kind of document ([`decode`]), the
//! rules across files ([`cross_check`]), dates against the build date ([`dates`]), convenors and liaisons year by year ([`roles`]), the review gate ([`review`]), assembled by
//! [`validate`]; and `check`'s extra checks on the text ([`lint`]).

pub mod cross_check;
pub mod dates;
pub mod decode;
pub mod lint;
pub mod review;
pub mod roles;
mod types;
pub mod validate;

pub use types::*;
