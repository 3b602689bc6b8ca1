//! Generate: the files a site publishes besides its pages: the search index, Atom feeds,
//! the sitemap and robots.txt, and the `api/` export. Each hands its files to a
//! [`Sink`] as they are made.

pub mod api;
pub mod feeds;
pub mod search;
pub mod sitemap;
mod xml;

/// Where generated files go: `sink(path in the output directory, bytes)`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;
