//! Core: what every layer needs and that knows nothing of sites: problems with their
//! place in a file, the language of messages, "did you mean" suggestions, slugs, text
//! escaping, paths inside `content/`, phase timings.

pub mod diagnostics;
pub mod i18n;
pub mod paths;
pub mod slug;
pub mod suggest;
pub mod text;
pub mod timings;
