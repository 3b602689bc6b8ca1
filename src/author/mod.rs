//! Author: creating and changing content files the way a liaison would write them:
//! `jiebie new` (`scaffold`), `jiebie import` of Word documents (`docx` reads them,
//! `import` turns them into write-ups), `edit`, which changes a document's front matter
//! in place (comments, order and the rest of the file kept), and the writing desk's
//! forms, checks and listings (`desk`; its HTTP side is `publish::serve::desk`).

pub mod desk;
pub mod docx;
pub mod edit;
pub mod import;
pub mod scaffold;
