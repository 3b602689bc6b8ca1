//! Render: the model and its derived indexes as HTML. Markdown bodies are rendered once
//! ([`bodies`]); every page has a typed view ([`pages`]) rendered with the theme's
//! templates ([`templates`], compiled once), in parallel. Charts are inline SVG drawn
//! here; photos get their published copies here ([`photos`]); [`words`] holds the words
//! for the model's data that every place showing it shares.

pub mod bodies;
pub mod chart;
pub mod markdown;
pub mod pages;
pub mod photos;
pub mod templates;
pub mod theme;
pub mod wechat;
pub mod words;
