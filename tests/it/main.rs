//! The integration tests, in one test binary so that `cargo test` links them once.
//! Each module is one area; `helpers` holds what several of them share.

mod helpers;

mod architecture;
mod desk;
mod determinism;
mod disk;
mod hostile_input;
mod import;
mod incremental;
mod kill;
mod lang;
mod members;
mod papers;
mod properties;
mod publish;
mod report;
mod serve_http;
mod serves;
mod site;
mod validation;
mod wechat;
mod workflow;
mod xss;
