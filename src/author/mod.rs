//! Author: creating content files the way a liaison would write them (`jiebie new`).

pub mod scaffold;
