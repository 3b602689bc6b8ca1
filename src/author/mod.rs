//! Author: creating and changing content files the way a liaison would write them:
//! `jiebie new` (`scaffold`), `jiebie import` of Word documents (`docx` reads them,
//! `import` turns them into write-ups), and `edit`, which changes a document's front
//! matter in place for the writing desk (comments, order and the rest of the file kept).

pub mod docx;
pub mod edit;
pub mod import;
pub mod scaffold;
