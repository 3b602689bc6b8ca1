//! Author: creating content files the way a liaison would write them: `jiebie new`
//! (`scaffold`) and `jiebie import` of Word documents (`docx` reads them, `import` turns
//! them into write-ups).

pub mod docx;
pub mod import;
pub mod scaffold;
