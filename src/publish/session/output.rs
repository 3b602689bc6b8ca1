//! The session's output directory: files written only when their bytes change, and
//! files no stage makes any more removed with the folders they leave empty.

use super::super::stages::Stage;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

/// How a changed file is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Through a temporary file and a rename, so a reader never sees half a page.
    Atomically,
    /// By writing over the file that is there. For the search index: its files are
    /// never replaced together (a query during a rebuild may read a new shard and an old
    /// document file whichever way each file is written), every rebuild ends with the
    /// reload event that runs the page's query again, and a re-dated write-up rewrites
    /// some 500 shards, where creating a file and renaming it over the old one took half
    /// the rebuild's CPU (ext4 allocating an inode, two threads waiting on the folder's
    /// lock).
    InPlace,
}

/// Writes `bytes` to `path` unless it already holds exactly them. Returns whether it
/// wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8], replace: Replace) -> std::io::Result<bool> {
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.len() == bytes.len() as u64 && std::fs::read(path)? == bytes {
            return Ok(false);
        }
    }
    let overwrite = replace == Replace::InPlace
        && existing
            .as_ref()
            .is_some_and(|m| m.is_file() && one_name(m));
    if overwrite {
        // Not emptied first: ext4 starts writing a file that was truncated to nothing
        // back to disk as it is closed (`auto_da_alloc`, its guard for files rewritten
        // without fsync), which put a disk write into every shard's close. Written
        // over, then cut to its new length.
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.write_all(bytes)?;
        if existing
            .as_ref()
            .is_some_and(|m| m.len() > bytes.len() as u64)
        {
            file.set_len(bytes.len() as u64)?;
        }
        return Ok(true);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("jiebie-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(true)
}

/// Whether the file has no other name: one that has (a hard link) would change under
/// it too if written over.
#[cfg(unix)]
fn one_name(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) == 1
}

/// Elsewhere the link count is not known, so the file is replaced atomically.
#[cfg(not(unix))]
fn one_name(_meta: &std::fs::Metadata) -> bool {
    false
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn inode(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn in_place_keeps_the_file_atomically_replaces_it_and_same_bytes_write_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search/i/0a.json");
        assert!(write_if_changed(&path, b"{\"a\":\"1\"}", Replace::InPlace).unwrap());
        let first = inode(&path);
        assert!(!write_if_changed(&path, b"{\"a\":\"1\"}", Replace::InPlace).unwrap());

        assert!(write_if_changed(&path, b"{}", Replace::InPlace).unwrap());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{}",
            "shorter text cuts the file"
        );
        assert!(write_if_changed(&path, b"{\"c\":\"33\"}", Replace::InPlace).unwrap());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"{\"c\":\"33\"}",
            "longer text grows it"
        );
        assert_eq!(inode(&path), first, "written over, not replaced");

        assert!(write_if_changed(&path, b"{\"b\":\"2\"}", Replace::Atomically).unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"b\":\"2\"}");
        assert_ne!(inode(&path), first, "a new file renamed over the old one");
        assert!(!path.with_extension("jiebie-tmp").exists());
    }

    #[test]
    fn a_file_with_another_name_is_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let (path, other) = (dir.path().join("meta.json"), dir.path().join("kept.json"));
        std::fs::write(&path, b"old").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        assert!(write_if_changed(&path, b"new", Replace::InPlace).unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(
            std::fs::read(&other).unwrap(),
            b"old",
            "the other name keeps its bytes"
        );
    }
}
