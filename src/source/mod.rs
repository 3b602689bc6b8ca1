//! Source: the files under `content/` as text. Finds every file, decides its role from
//! its path, reads it as UTF-8 and splits off its front matter into a positioned YAML
//! tree. Nothing here knows what a field means.

pub mod fields;
pub mod load;
pub mod yaml;
