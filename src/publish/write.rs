//! Write: put the built site in place without ever leaving a half-built or damaged
//! output directory, and without deleting anything jiebie did not create.
//!
//! Pages are written into a staging directory beside the output; only when everything
//! succeeded is it swapped with the output directory (atomically with
//! `renameat2(RENAME_EXCHANGE)` where the kernel supports it), and the old tree removed.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Marks a directory as jiebie's output, so a later build may replace it.
pub const MARKER: &str = ".jiebie-output";

/// Why an output directory may not be used or written.
#[derive(Debug)]
pub enum OutputError {
    /// The directory is unsafe to replace.
    Refused {
        /// The output directory, resolved.
        path: PathBuf,
        /// Why replacing it would destroy something.
        reason: Refusal,
    },
    /// A file-system error on a file or folder.
    Io(PathBuf, io::Error),
}

/// Why an output directory is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It is `/`.
    Root,
    /// It is or contains the home directory.
    Home,
    /// It is or contains the current directory.
    CurrentDirectory,
    /// It is the site directory.
    SiteDirectory,
    /// It contains the content directory (given).
    ContainsContent(PathBuf),
    /// It is inside the content directory.
    InsideContent,
    /// It is the root of a repository.
    Repository,
    /// It holds a file jiebie did not create (named) and `--force` was not given.
    NotOurs(String),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            OutputError::Io(path, err) => {
                let path = path.display();
                let (cause, fix) = io_cause(err);
                crate::tr!(
                    "{cause}，无法写入 {path}（{err}）\n    修改建议：{fix}",
                    "{cause}: cannot write {path} ({err})\n    fix: {fix}"
                )
            }
            OutputError::Refused { path, reason } => {
                let out = path.display();
                match reason {
                    Refusal::Root => crate::tr!(
                        "拒绝把网站输出到根目录 {out}",
                        "refusing to write the site into the root directory {out}"
                    ),
                    Refusal::Home => crate::tr!("拒绝把网站输出到主目录或包含主目录的 {out}（会删除其中的文件）", "refusing to write the site into the home directory or {out}, which contains it (its files would be deleted)"),
                    Refusal::CurrentDirectory => crate::tr!("输出目录 {out} 是当前目录或包含当前目录，构建会把它整个替换掉", "the output directory {out} is or contains the current directory; the build would replace all of it"),
                    Refusal::SiteDirectory => crate::tr!("输出目录 {out} 就是网站目录（存放 content/、templates/ 的目录），构建会删除它们", "the output directory {out} is the site directory (holding content/ and templates/); the build would delete them"),
                    Refusal::ContainsContent(content) => {
                        let content = content.display();
                        crate::tr!("输出目录 {out} 包含内容目录 {content}，构建会删除稿件", "the output directory {out} contains the content directory {content}; the build would delete the write-ups")
                    }
                    Refusal::InsideContent => crate::tr!(
                        "输出目录 {out} 不能放在内容目录里面",
                        "the output directory {out} cannot be inside the content directory"
                    ),
                    Refusal::Repository => crate::tr!(
                        "{out} 是一个代码仓库的根目录，不能作为输出目录",
                        "{out} is the root of a code repository and cannot be the output directory"
                    ),
                    Refusal::NotOurs(example) => crate::tr!("输出目录 {out} 里已有不是 jiebie 生成的文件（如 {example}），为避免误删，拒绝覆盖。确认可以清空时加 --force", "the output directory {out} holds files jiebie did not create (such as {example}); refusing to overwrite them. Add --force if it may be emptied"),
                }
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io(_, e) => Some(e),
            OutputError::Refused { .. } => None,
        }
    }
}

/// What an I/O failure means for someone building a site, and what to do about it.
fn io_cause(err: &io::Error) -> (String, String) {
    use io::ErrorKind::*;
    match err.kind() {
        StorageFull | QuotaExceeded | FileTooLarge => (
            crate::tr!("磁盘空间已满", "the disk is full"),
            crate::tr!(
                "腾出磁盘空间（df -h 可查看），或用 --output 写到空间更大的磁盘，然后重新构建",
                "free some disk space (df -h shows it), or write to a larger disk with --output, then build again"
            ),
        ),
        PermissionDenied => (
            crate::tr!("没有写入权限", "no permission to write"),
            crate::tr!(
                "检查输出目录的所有者和权限（ls -ld 可查看），或用 --output 换一个目录",
                "check the owner and permissions of the output directory (ls -ld shows them), or choose another with --output"
            ),
        ),
        ReadOnlyFilesystem => (
            crate::tr!("磁盘是只读的", "the disk is read-only"),
            crate::tr!(
                "用 --output 写到可写的磁盘",
                "write to a writable disk with --output"
            ),
        ),
        _ => (
            crate::tr!("写入失败", "writing failed"),
            crate::tr!(
                "检查磁盘和输出目录后重新构建",
                "check the disk and the output directory, then build again"
            ),
        ),
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// A staging directory that becomes the output on [`Staging::commit`].
///
/// When it can, the staging tree is the *previous* build's tree (kept beside the output
/// as `.<name>.jiebie-previous` after each swap), brought up to date in place: a file
/// that already holds the right bytes is left alone, so a rebuild that changes little
/// creates, writes and deletes little. Its contents are never trusted: every file is
/// compared with the bytes this build produces, and whatever this build does not produce
/// is removed before the swap, so the staged tree is always exactly the new site.
#[derive(Debug)]
pub struct Staging {
    /// Where pages are written now.
    pub dir: PathBuf,
    output: PathBuf,
    previous: PathBuf,
    /// Files the recycled tree held when it was claimed (relative, `/`-separated); empty
    /// for a fresh staging directory.
    inherited: HashSet<String>,
    /// Files this build produced (to find the inherited ones that are now stale).
    produced: Mutex<HashSet<String>>,
    /// What the staging tree started from.
    start: Start,
    /// Whether the tree was handed over (committed or discarded); if not, dropping it
    /// keeps it as the next build's starting point.
    settled: bool,
}

/// What a build's staging tree started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The tree the last build replaced.
    Previous,
    /// The tree a build that was killed (or crashed) left half updated: as good a start as
    /// any, since nothing in a starting tree is trusted.
    Interrupted,
    /// Nothing: every file is written. `replacing` when there is a site in the output
    /// already, whose starting tree was lost (a failed write removed it, or it was
    /// deleted); the build says so.
    Empty {
        /// Whether the output directory already holds a site.
        replacing: bool,
    },
}

impl Default for Start {
    fn default() -> Start {
        Start::Empty { replacing: false }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn canonical_or_absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| absolute(path))
}

/// Refuses output directories whose replacement would destroy something: `/`, the home
/// directory or one containing it, the current directory or one containing it, the site
/// directory, the content directory or anything containing it, a repository root, and a
/// non-empty directory jiebie did not create (unless `force`; `force` never overrides
/// the other refusals).
pub fn check_output(
    output: &Path,
    content_dir: &Path,
    site_dir: &Path,
    force: bool,
) -> Result<(), OutputError> {
    let out = canonical_or_absolute(output);
    let content = canonical_or_absolute(content_dir);
    let refuse = |reason: Refusal| {
        Err(OutputError::Refused {
            path: out.clone(),
            reason,
        })
    };
    if out.parent().is_none() {
        return refuse(Refusal::Root);
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if canonical_or_absolute(&home).starts_with(&out) {
            return refuse(Refusal::Home);
        }
    }
    if let Ok(current) = std::env::current_dir() {
        if canonical_or_absolute(&current).starts_with(&out) {
            return refuse(Refusal::CurrentDirectory);
        }
    }
    if canonical_or_absolute(site_dir) == out {
        return refuse(Refusal::SiteDirectory);
    }
    if content.starts_with(&out) {
        return refuse(Refusal::ContainsContent(content.clone()));
    }
    if out.starts_with(&content) {
        return refuse(Refusal::InsideContent);
    }
    if out.join(".git").exists() {
        return refuse(Refusal::Repository);
    }
    if force || !out.exists() || out.join(MARKER).exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(&out).map_err(io_error(&out))?;
    for entry in entries {
        let entry = entry.map_err(io_error(&out))?;
        if entry.file_name() != ".gitkeep" {
            return refuse(Refusal::NotOurs(
                entry.file_name().to_string_lossy().into_owned(),
            ));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates the staging directory beside `output`: the previous build's tree when one
    /// is there (see [`Staging`]), else the newest tree a killed build left behind, else an
    /// empty directory ([`Staging::start`] says which). Other staging directories that
    /// killed builds left behind are removed.
    pub fn create(output: &Path) -> Result<Staging, OutputError> {
        let output = absolute(output);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        // One staging directory per process, so two builds into the same output never
        // mix their files; whichever commits last wins, and each swap is whole.
        let prefix = format!(".{name}.jiebie-staging-");
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        let previous = parent.join(format!(".{name}.jiebie-previous"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        // Renaming claims a tree for this process alone; a concurrent build that loses
        // the race starts from an empty directory instead. The last build's tree first;
        // without it, the newest tree a killed build left behind.
        let abandoned = abandoned_staging(&parent, &prefix);
        let start = if std::fs::symlink_metadata(&previous).is_ok_and(|m| m.is_dir())
            && std::fs::rename(&previous, &dir).is_ok()
        {
            Start::Previous
        } else if abandoned
            .first()
            .is_some_and(|newest| std::fs::rename(newest, &dir).is_ok())
        {
            Start::Interrupted
        } else {
            Start::Empty {
                replacing: output.join(MARKER).is_file(),
            }
        };
        for stale in &abandoned {
            let _ = std::fs::remove_dir_all(stale);
        }
        let inherited = if !matches!(start, Start::Empty { .. }) {
            inventory(&dir).map_err(io_error(&dir))?
        } else {
            std::fs::create_dir(&dir).map_err(io_error(&dir))?;
            HashSet::new()
        };
        let staging = Staging {
            dir,
            output,
            previous,
            inherited,
            produced: Mutex::new(HashSet::new()),
            start,
            settled: false,
        };
        staging
            .write(
                MARKER,
                "此目录由 jiebie 生成，重新构建时会被整体替换。\n".as_bytes(),
            )
            .map_err(io_error(&staging.dir))?;
        Ok(staging)
    }

    /// Writes `bytes` to `rel` inside the staging directory, creating folders.
    ///
    /// When the current output already holds exactly these bytes at `rel`, that file is
    /// hard-linked instead of written: a rebuild with nothing changed writes no file data,
    /// and unchanged files keep their modification time, so `rsync` deploys move only
    /// what changed. A file inherited from the previous build is never written in place
    /// (it may be a link to the live site): it is kept when it already holds these
    /// bytes, and otherwise replaced.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        let inherited = self.inherited.contains(rel);
        if !self.inherited.is_empty() {
            self.produced
                .lock()
                .map_err(|_| io::Error::other("lock"))?
                .insert(rel.to_string());
        }
        let live = self.output.join(rel);
        let live_meta = std::fs::symlink_metadata(&live)
            .ok()
            .filter(|m| m.is_file() && m.len() == bytes.len() as u64);
        if let Some(live_meta) = live_meta {
            if std::fs::read(&live).is_ok_and(|old| old == bytes) {
                if inherited {
                    match std::fs::symlink_metadata(&path) {
                        Ok(meta) if same_file(&meta, &live_meta) => return Ok(()),
                        _ => remove_entry(&path)?,
                    }
                }
                make_parent(&self.dir, &path)?;
                if std::fs::hard_link(&live, &path).is_ok() {
                    return Ok(());
                }
                return std::fs::write(&path, bytes);
            }
        }
        if inherited {
            let kept = std::fs::symlink_metadata(&path)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && std::fs::read(&path).is_ok_and(|old| old == bytes);
            if kept {
                return Ok(());
            }
        }
        // A folder left where this build now has a file (a section that became a page).
        remove_entry(&path)?;
        make_parent(&self.dir, &path)?;
        std::fs::write(&path, bytes)
    }

    /// What the staging tree started from.
    pub fn start(&self) -> Start {
        self.start
    }

    /// Removes the staging tree: after a failed write (a full disk above all), keeping it
    /// would hold on to the space and make the retry fail the same way.
    pub fn discard(mut self) {
        self.settled = true;
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Puts the staged site in place of the output directory. The replaced site is kept
    /// beside it as the next build's starting point (see [`Staging`]), unless it was not
    /// made by jiebie. If this fails before the swap, the staging tree is removed.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let result = self.swap_into_place();
        if result.is_err() && !self.settled {
            self.discard();
        }
        result
    }

    fn swap_into_place(&mut self) -> Result<(), OutputError> {
        let output = self.output.clone();
        // A committed .gitkeep in public/ should survive builds.
        let keep = output.join(".gitkeep");
        if keep.is_file() {
            let bytes = std::fs::read(&keep).map_err(io_error(&keep))?;
            self.write(".gitkeep", &bytes).map_err(io_error(&keep))?;
        }
        self.remove_stale().map_err(io_error(&self.dir))?;
        if output.exists() {
            swap(&self.dir, &output).map_err(io_error(&output))?;
            // The old site is now in the staging path.
            self.settled = true;
            let ours = self.dir.join(MARKER).is_file();
            if !(ours && std::fs::rename(&self.dir, &self.previous).is_ok()) {
                std::fs::remove_dir_all(&self.dir).map_err(io_error(&self.dir))?;
            }
        } else {
            std::fs::rename(&self.dir, &output).map_err(io_error(&output))?;
            self.settled = true;
        }
        Ok(())
    }

    /// Removes the inherited files this build did not produce, and the folders that
    /// leaves empty.
    fn remove_stale(&self) -> io::Result<()> {
        let produced = self.produced.lock().map_err(|_| io::Error::other("lock"))?;
        let mut stale: Vec<&String> = self.inherited.difference(&produced).collect();
        stale.sort();
        for rel in stale {
            let path = self.dir.join(rel);
            // A stale file whose path is now a folder of this build's files was already
            // replaced by `make_parent`.
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if !meta.is_dir() => std::fs::remove_file(&path)?,
                _ => continue,
            }
            // Deepest first; stops at the first folder that still holds something.
            let mut folder = path.parent();
            while let Some(f) = folder.filter(|f| *f != self.dir) {
                if std::fs::remove_dir(f).is_err() {
                    break;
                }
                folder = f.parent();
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.settled {
            // A failed build's tree is as good a starting point as any: nothing in it is
            // trusted.
            if std::fs::rename(&self.dir, &self.previous).is_err() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        }
    }
}

/// Lists the regular files of a recycled tree (relative, `/`-separated), removing
/// anything else a tree of ours should not hold (symbolic links, devices), so that no
/// later write can be led outside it.
fn inventory(dir: &Path) -> io::Result<HashSet<String>> {
    let mut files = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            std::fs::remove_file(entry.path())?;
            continue;
        }
        let rel =
            crate::core::paths::slashed(entry.path().strip_prefix(dir).map_err(io::Error::other)?);
        files.insert(rel);
    }
    Ok(files)
}

/// Removes a file, or a folder and everything in it; a missing path is fine.
fn remove_entry(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Creates the folders above `path` inside `root`, replacing any file that stands where
/// a folder is now needed (a page that became a section between two builds).
fn make_parent(root: &Path, path: &Path) -> io::Result<()> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    if std::fs::create_dir_all(parent).is_ok() {
        return Ok(());
    }
    for ancestor in parent.ancestors().take_while(|a| *a != root) {
        if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(ancestor)?;
        }
    }
    std::fs::create_dir_all(parent)
}

/// Whether two metadata describe the same file (a hard link of one another).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        // Without inode numbers, compare contents instead (the caller reads them).
        let _ = (a, b);
        false
    }
}

/// Staging directories left by builds that were killed (their process is gone), newest
/// first.
fn abandoned_staging(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name.strip_prefix(prefix)?.parse::<u32>().ok()?;
            // Where processes cannot be looked up, another build's directory is left alone.
            let gone = cfg!(target_os = "linux")
                && pid != std::process::id()
                && !Path::new(&format!("/proc/{pid}")).exists();
            let meta = std::fs::symlink_metadata(entry.path()).ok()?;
            if !(gone && meta.is_dir()) {
                return None;
            }
            Some((meta.modified().ok()?, entry.path()))
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, path)| path).collect()
}

/// Exchanges two directories atomically where possible.
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e)
                if e == rustix::io::Errno::INVAL
                    || e == rustix::io::Errno::NOSYS
                    || e == rustix::io::Errno::NOTSUP => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Fallback: two renames; a crash between them leaves the old site at `.old`.
    let old = b.with_extension("jiebie-old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let site = tmp.path();
        let refused = |out: &Path, force: bool| check_output(out, &content, site, force).is_err();
        assert!(refused(Path::new("/"), true));
        assert!(refused(tmp.path(), true));
        assert!(refused(&content, true));
        assert!(refused(&content.join("public"), true));
        let foreign = tmp.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("a.txt"), "x").unwrap();
        assert!(refused(&foreign, false));
        assert!(!refused(&foreign, true));
        let fresh = tmp.path().join("public");
        assert!(!refused(&fresh, false));
        std::fs::create_dir(&fresh).unwrap();
        std::fs::write(fresh.join(".gitkeep"), "").unwrap();
        assert!(!refused(&fresh, false));
        let repository = tmp.path().join("repo");
        std::fs::create_dir_all(repository.join(".git")).unwrap();
        assert!(refused(&repository, true));
    }

    #[test]
    fn refuses_the_site_directory_even_when_content_lives_elsewhere() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("elsewhere").join("content");
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(site.join("templates")).unwrap();
        let err = check_output(&site, &content, &site, true).unwrap_err();
        assert!(err.to_string().contains("网站目录"), "{err}");
        assert!(check_output(&site.join("public"), &content, &site, false).is_ok());
    }

    #[test]
    fn refuses_home_and_its_ancestors() {
        let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        for out in [home.clone(), home.parent().unwrap_or(&home).to_path_buf()] {
            if out.parent().is_some() {
                let err = check_output(&out, &content, tmp.path(), true).unwrap_err();
                assert!(err.to_string().contains("主目录"), "{err}");
            }
        }
    }

    #[test]
    fn commit_replaces_output_and_keeps_gitkeep() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(".gitkeep"), "").unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(out.join(".gitkeep").exists());
        assert!(out.join(MARKER).exists());
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging removed");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_not_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = Staging::create(&out).unwrap();
        first.write("same.html", b"same").unwrap();
        first.write("changed.html", b"old").unwrap();
        first.commit().unwrap();
        let inode = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.html"), inode("changed.html"));
        let second = Staging::create(&out).unwrap();
        second.write("same.html", b"same").unwrap();
        second.write("changed.html", b"new").unwrap();
        second.commit().unwrap();
        assert_eq!(inode("same.html"), same, "unchanged file kept (hard link)");
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"new");
        assert_eq!(std::fs::read(out.join("same.html")).unwrap(), b"same");
    }

    /// Every file under `dir` with its bytes (relative, `/`-separated).
    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn build(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::create(out).unwrap();
        for (rel, text) in files {
            staging.write(rel, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    #[test]
    fn the_previous_tree_is_recycled_into_exactly_the_new_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let previous = tmp.path().join(".public.jiebie-previous");
        build(
            &out,
            &[
                ("a/index.html", "a1"),
                ("b/index.html", "b1"),
                ("gone/x/index.html", "x"),
            ],
        );
        assert!(!previous.exists(), "nothing to keep after the first build");
        build(
            &out,
            &[
                ("a/index.html", "a2"),
                ("b/index.html", "b1"),
                ("gone/x/index.html", "x"),
            ],
        );
        assert!(previous.join(MARKER).is_file(), "the replaced site is kept");
        // The third build starts from the first build's tree: a1 must become a3, the page
        // `b` turns into a folder, `c` turns from nothing into a page, `gone/` goes.
        build(
            &out,
            &[
                ("a/index.html", "a3"),
                ("b/index.html/inner.html", "deep"),
                ("c", "c"),
            ],
        );
        let expected: Vec<(String, Vec<u8>)> = [
            (MARKER, "此目录由 jiebie 生成，重新构建时会被整体替换。\n"),
            ("a/index.html", "a3"),
            ("b/index.html/inner.html", "deep"),
            ("c", "c"),
        ]
        .iter()
        .map(|(r, t)| (r.to_string(), t.as_bytes().to_vec()))
        .collect();
        let mut expected = expected;
        expected.sort();
        assert_eq!(tree(&out), expected);
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        // And back: the folder `b/index.html` becomes a page again.
        build(&out, &[("b/index.html", "b5")]);
        build(&out, &[("b/index.html", "b6")]);
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "b6"
        );
        assert_eq!(tree(&out).len(), 2, "{:?}", tree(&out));
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "only public/ and the previous tree: {names:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_recycled_tree_never_writes_through_links() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("index.html"), "precious").unwrap();
        build(&out, &[("page/index.html", "v1"), ("same.html", "same")]);
        build(&out, &[("page/index.html", "v2"), ("same.html", "same")]);
        // The kept previous tree shares unchanged files with the live site by hard link;
        // someone also planted a link to a folder outside.
        let previous = tmp.path().join(".public.jiebie-previous");
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            ino(&previous.join("same.html")),
            ino(&out.join("same.html"))
        );
        std::fs::remove_dir_all(previous.join("page")).unwrap();
        std::os::unix::fs::symlink(&outside, previous.join("page")).unwrap();
        let live_same = ino(&out.join("same.html"));
        build(&out, &[("page/index.html", "v3"), ("same.html", "same")]);
        assert_eq!(
            std::fs::read_to_string(outside.join("index.html")).unwrap(),
            "precious"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("page/index.html")).unwrap(),
            "v3"
        );
        assert!(!std::fs::symlink_metadata(out.join("page"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            ino(&out.join("same.html")),
            live_same,
            "unchanged file kept"
        );
        // The live v2 page was never rewritten in place: it is the previous tree's now.
        assert_eq!(
            std::fs::read_to_string(previous.join("page/index.html")).unwrap(),
            "v2"
        );
    }

    #[test]
    fn a_failed_build_leaves_the_output_and_keeps_nothing_half_done_in_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "v1")]);
        build(&out, &[("index.html", "v2")]);
        {
            let staging = Staging::create(&out).unwrap();
            staging.write("index.html", b"v3").unwrap();
            staging.write("extra.html", b"x").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "v2"
        );
        assert!(!out.join("extra.html").exists());
        // The next build starts from the abandoned tree and still produces exactly its site.
        build(&out, &[("index.html", "v4")]);
        assert_eq!(tree(&out).len(), 2, "{:?}", tree(&out));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "v4"
        );
    }

    #[test]
    fn dropped_staging_leaves_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let staging: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(staging.is_empty(), "{staging:?}");
    }

    fn names_beside(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_discarded_tree_is_removed_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "v1")]);
        build(&out, &[("index.html", "v2")]);
        assert!(names_beside(&out).contains(&".public.jiebie-previous".to_string()));
        let staging = Staging::create(&out).unwrap();
        assert_eq!(staging.start(), Start::Previous);
        staging
            .write("big.html", b"a page the disk had no room for")
            .unwrap();
        staging.discard();
        assert_eq!(
            names_beside(&out),
            ["public"],
            "nothing kept beside the site"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "v2"
        );
        let staging = Staging::create(&out).unwrap();
        assert_eq!(staging.start(), Start::Empty { replacing: true });
    }

    #[test]
    fn a_killed_builds_tree_is_the_next_start() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "v1")]);
        // What `kill -9` leaves: a staging tree named after a process that is gone.
        let dead = tmp.path().join(".public.jiebie-staging-4294967");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join("index.html"), "half").unwrap();
        let older = tmp.path().join(".public.jiebie-staging-4294966");
        std::fs::create_dir(&older).unwrap();
        let old_time = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::open(&older)
            .unwrap()
            .set_modified(old_time)
            .unwrap();
        let staging = Staging::create(&out).unwrap();
        assert_eq!(staging.start(), Start::Interrupted);
        assert!(staging.inherited.contains("index.html"), "the newest tree");
        assert!(
            !older.exists() && !dead.exists(),
            "{:?}",
            names_beside(&out)
        );
        staging.write("index.html", b"v2").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "v2"
        );
    }
}
