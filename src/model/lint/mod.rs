//! Extra checks run by `jiebie check` (not by `build`): personal data that government
//! sites must not publish ([`privacy`]), the committee's list of wrong terms ([`terms`]),
//! and oversized images ([`images`]).

pub mod images;
pub mod privacy;
pub mod terms;

pub use images::check_images;
pub use privacy::check_privacy;
pub use terms::{check_terms, load_terms};
