//! Generate: the files a site publishes besides its pages: the search index, Atom feeds,
//! the sitemap and robots.txt, and the `api/` export.

pub mod api;
pub mod feeds;
pub mod search;
