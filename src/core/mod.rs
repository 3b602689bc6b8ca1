//! Core: what every layer needs and that knows nothing of sites: problems with their
//! place in a file, the language of messages, "did you mean" suggestions, slugs.

pub mod diagnostics;
pub mod i18n;
pub mod slug;
pub mod suggest;
