//! Source: the files under `content/` as text. Finds every file ([`load`]), decides its
//! role from its path ([`roles`], the only place a content file name is spelled), reads
//! it as UTF-8 and splits off its front matter ([`front_matter`]) into a positioned YAML
//! tree ([`yaml`]); [`fields`] reads typed values out of that tree with Chinese
//! diagnostics; [`image`] reads image headers and checks the photo limits without
//! decoding. Nothing here knows what a field means.

pub mod fields;
pub mod front_matter;
pub mod image;
pub mod load;
pub mod roles;
pub mod yaml;
