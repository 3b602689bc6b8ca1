//! One decoder per kind of document: each reads its front matter into the typed model,
//! checking every field on its own (what needs other files is [`super::cross_check`]).

pub mod activity;
pub mod commendation;
pub mod config;
pub mod fields;
pub mod organisation;
pub mod output;
pub mod page;
pub mod plan;
pub mod sector;
pub mod summary;
