//! The page servers show for a missing URL: the template says it all.

use serde::Serialize;

/// What `404.html` shows besides the head: nothing.
#[derive(Serialize)]
pub struct View {}
