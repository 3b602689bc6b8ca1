//! Model: the site as typed data, and the validation that makes it from the source files:
//! one decoder per kind of document, the rules across files, the review gate.

pub mod lint;
mod types;
pub mod validate;

pub use types::*;
