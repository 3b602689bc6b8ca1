//! The session's output directory: files written only when their bytes change (through
//! a temporary file, so a reader never sees half a page), and files no stage makes any
//! more removed with the folders they leave empty.

use super::super::stages::Stage;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Writes `bytes` to `path` unless it already holds exactly them; the write goes through
/// a temporary file and a rename so a reader never sees half a page.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("jiebie-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(true)
}

/// Removes `files` from `out` unless a stage in `outputs` still produces them, and the
/// directories that leaves empty. Returns how many files were removed.
pub fn remove_files(
    out: &Path,
    files: &BTreeSet<String>,
    outputs: &BTreeMap<Stage, BTreeSet<String>>,
) -> usize {
    let mut removed = 0;
    for rel in files {
        if outputs.values().any(|set| set.contains(rel)) {
            continue;
        }
        let path = out.join(rel);
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    removed
}
