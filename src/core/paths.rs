//! Paths inside `content/` and URL path segments: resolving what a document refers to
//! (a photo, a link to another document) without ever leaving the content directory, and
//! percent-coding (through the `percent-encoding` crate).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// What a URL path segment keeps as it is: ASCII letters, digits and `-._~` (RFC 3986's
/// unreserved characters); everything else is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one URL path segment.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Decodes `%XX` escapes (Markdown links to Chinese file names are often encoded); text
/// that does not decode to UTF-8 is returned as written.
pub fn percent_decode(text: &str) -> String {
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

/// Why a referenced file cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum AssetError {
    /// The path leaves the content directory.
    Outside,
    /// No such file; the names of files in the folder it points into, for suggestions.
    Missing(Vec<String>),
}

/// Resolves a reference written in the document at `rel` (relative to its folder, or to
/// the content root when it starts with `/`) against the known assets.
pub fn resolve_asset(
    rel: &Path,
    reference: &str,
    assets: &BTreeSet<PathBuf>,
) -> Result<PathBuf, AssetError> {
    let path = resolve_reference(rel, reference).ok_or(AssetError::Outside)?;
    if assets.contains(&path) {
        return Ok(path);
    }
    let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let candidates = assets
        .range(folder.clone()..)
        .take_while(|p| p.starts_with(&folder))
        .filter(|p| p.parent() == Some(folder.as_path()))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    Err(AssetError::Missing(candidates))
}

/// Joins a relative reference onto a document's folder and normalises `.`/`..`,
/// returning `None` when the result would leave the content directory.
pub fn resolve_reference(rel: &Path, reference: &str) -> Option<PathBuf> {
    let reference = percent_decode(reference.trim());
    let (base, reference) = match reference.strip_prefix('/') {
        Some(rest) => (PathBuf::new(), rest.to_string()),
        None => (
            rel.parent().unwrap_or(Path::new("")).to_path_buf(),
            reference,
        ),
    };
    let mut parts: Vec<String> = base
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for part in reference.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ if part.contains(':') => return None,
            _ => parts.push(part.to_string()),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.iter().collect())
}

/// A relative path written with `/` between its parts, whatever the platform.
pub fn slashed(rel: &Path) -> String {
    segments(rel).join("/")
}

/// The `/`-separated parts of a relative path, as text.
pub fn segments(rel: &Path) -> Vec<String> {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_inside_content_only() {
        let rel = Path::new("sectors/a/activities/2025/x.md");
        assert_eq!(
            resolve_reference(rel, "p.jpg"),
            Some(PathBuf::from("sectors/a/activities/2025/p.jpg"))
        );
        assert_eq!(
            resolve_reference(rel, "../../index.md"),
            Some(PathBuf::from("sectors/a/index.md"))
        );
        assert_eq!(
            resolve_reference(rel, "/pages/rules.md"),
            Some(PathBuf::from("pages/rules.md"))
        );
        assert_eq!(resolve_reference(rel, "../../../../../etc/passwd"), None);
        assert_eq!(
            resolve_reference(rel, "%E9%95%BF.jpg"),
            Some(PathBuf::from("sectors/a/activities/2025/长.jpg"))
        );
        assert_eq!(resolve_reference(rel, "C:/x.jpg"), None);
    }

    #[test]
    fn segments_keep_unreserved_characters_only() {
        assert_eq!(encode_segment("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(encode_segment("长 江/"), "%E9%95%BF%20%E6%B1%9F%2F");
        assert_eq!(percent_decode("%E9%95%BF%2"), "长%2");
        assert_eq!(percent_decode("%FF"), "%FF");
    }
}
