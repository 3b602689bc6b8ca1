//! The content as `serve` keeps it: every document as loaded and decoded, so that a
//! changed file is read and decoded again on its own.

use crate::model::validate::{self, Decoded};
use crate::source::load::{self, Loaded};
use crate::source::roles;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The content as last read: every document with its decoded form.
pub struct Sources {
    /// What the last load found.
    pub loaded: Loaded,
    /// One per `loaded.files`, same order.
    pub decoded: Vec<Decoded>,
    /// A copy of `decoded` made while nothing was happening, for the next validation
    /// (which consumes its documents), kept in step with it.
    pub spare: Option<Vec<Decoded>>,
}

/// What re-reading some files found.
pub struct Update {
    /// The changed files that were or are part of the content.
    pub relevant: Vec<PathBuf>,
    /// The documents read again, with the decoded form each had before.
    pub replaced: Vec<(PathBuf, Decoded)>,
}

impl Sources {
    /// Loads and decodes every file of `content_dir`.
    pub fn load(content_dir: &Path) -> Sources {
        let loaded = load::load(content_dir);
        let decoded = decode_all(&loaded);
        Sources {
            loaded,
            decoded,
            spare: None,
        }
    }

    /// Reads again the content files in `changed` (relative to content/) and returns
    /// those that were or are part of the content, with the decoded form each re-read
    /// document had before. `None` when the change is not one this can follow and
    /// everything must be loaded again.
    pub fn update(&mut self, content_dir: &Path, changed: &[PathBuf]) -> Option<Update> {
        let sources = self;
        let mut relevant = Vec::new();
        let mut replaced = Vec::new();
        let loaded = &mut sources.loaded;
        let mut assets_changed = false;
        let mut added = Vec::new();
        for rel in changed {
            if rel.as_os_str().is_empty() {
                return None;
            }
            // Hidden and backup files (and everything in hidden directories) are never
            // content: `load` skips them the same way.
            if rel
                .components()
                .any(|c| roles::is_ignored_name(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            // A symbolic link on the way, or a directory, is left to the full load
            // (which reports links and walks directories).
            let mut on_the_way = content_dir.to_path_buf();
            for part in rel.components() {
                on_the_way.push(part);
                if on_the_way.is_symlink() {
                    return None;
                }
            }
            let path = content_dir.join(rel);
            let is_file = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => return None,
                Ok(meta) => meta.is_file(),
                Err(_) => {
                    // A removed directory.
                    let inside = |p: &Path| p != rel && p.starts_with(rel);
                    if loaded.files.iter().any(|f| inside(&f.rel))
                        || loaded.assets.iter().any(|a| inside(a))
                        || loaded.unreadable.iter().any(|u| inside(&u.rel))
                    {
                        return None;
                    }
                    false
                }
            };
            let mut known = false;
            if let Ok(at) = loaded.files.binary_search_by(|f| f.rel.as_path().cmp(rel)) {
                loaded.files.remove(at);
                replaced.push((rel.clone(), sources.decoded.remove(at)));
                if let Some(spare) = &mut sources.spare {
                    spare.remove(at);
                }
                known = true;
            }
            let unreadable = loaded.unreadable.len();
            loaded.unreadable.retain(|u| &u.rel != rel);
            known |= unreadable != loaded.unreadable.len();
            loaded.diagnostics.retain(|d| d.path != path);
            let was_asset = loaded.assets.remove(rel);
            assets_changed |= was_asset;
            if known || was_asset || is_file {
                relevant.push(rel.clone());
            }
            if !is_file {
                continue;
            }
            if !roles::is_document(rel) {
                assets_changed |= loaded.assets.insert(rel.clone());
                continue;
            }
            match load::load_file(content_dir, rel) {
                Ok(Some(file)) => added.push(file),
                Ok(None) => {}
                Err(unreadable) => {
                    loaded.diagnostics.push(unreadable.diagnostic.clone());
                    loaded.unreadable.push(*unreadable);
                }
            }
        }
        for file in added {
            let at = loaded
                .files
                .binary_search_by(|f| f.rel.cmp(&file.rel))
                .unwrap_or_else(|at| at);
            let decoded = validate::decode_file(&file, &loaded.assets);
            if let Some(spare) = &mut sources.spare {
                spare.insert(at, decoded.clone());
            }
            sources.decoded.insert(at, decoded);
            loaded.files.insert(at, file);
        }
        if assets_changed {
            sources.decoded = decode_all(loaded);
            sources.spare = None;
            replaced.clear();
        }
        Some(Update { relevant, replaced })
    }
}

fn decode_all(loaded: &Loaded) -> Vec<Decoded> {
    loaded
        .files
        .par_iter()
        .map(|file| validate::decode_file(file, &loaded.assets))
        .collect()
}
