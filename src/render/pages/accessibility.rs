//! How to read the site larger or in high contrast: the template says it all.

use serde::Serialize;

/// What `accessibility.html` shows besides the head: nothing.
#[derive(Serialize)]
pub struct View {}
