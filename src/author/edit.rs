//! PLACEHOLDER until branch desk-edit is merged.
#![allow(missing_docs, dead_code)]

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Bool(bool),
    List(Vec<String>),
    Records(Vec<Vec<(String, FieldValue)>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub value: Option<FieldValue>,
}

#[derive(Debug)]
pub struct EditError;

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("edit")
    }
}
impl std::error::Error for EditError {}

pub fn apply(
    original: &str,
    _key_order: &[&str],
    _changes: &[Change],
    _body: Option<&str>,
) -> Result<String, EditError> {
    Ok(original.to_string())
}
