//! Write: put the built site in place without ever leaving a half-built or damaged
//! output directory, and without deleting anything jiebie did not create.
//!
//! Pages are written into a staging directory beside the output; only when everything
//! succeeded is it swapped with the output directory (atomically with
//! `renameat2(RENAME_EXCHANGE)` where the kernel supports it), and the old tree removed.

use std::io;
use std::path::{Path, PathBuf};

/// Marks a directory as jiebie's output, so a later build may replace it.
pub const MARKER: &str = ".jiebie-output";

/// Why an output directory may not be used.
#[derive(Debug)]
pub enum OutputError {
    /// The directory is unsafe to replace; the message says why.
    Refused(String),
    /// A file-system error.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(message) => f.write_str(message),
            OutputError::Io(path, err) => write!(f, "{}：{err}", path.display()),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// A staging directory that becomes the output on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    /// Where pages are written now.
    pub dir: PathBuf,
    output: PathBuf,
    committed: bool,
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
    if out.parent().is_none() {
        return Err(OutputError::Refused(crate::tr!(
            "拒绝把网站输出到根目录 {}",
            "refusing to write the site into the root directory {}",
            out.display()
        )));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if canonical_or_absolute(&home).starts_with(&out) {
            return Err(OutputError::Refused(crate::tr!("拒绝把网站输出到主目录或包含主目录的 {}（会删除其中的文件）", "refusing to write the site into the home directory or {}, which contains it (its files would be deleted)",
                out.display()
            )));
        }
    }
    if let Ok(current) = std::env::current_dir() {
        if canonical_or_absolute(&current).starts_with(&out) {
            return Err(OutputError::Refused(crate::tr!("输出目录 {} 是当前目录或包含当前目录，构建会把它整个替换掉", "the output directory {} is or contains the current directory; the build would replace all of it",
                out.display()
            )));
        }
    }
    if canonical_or_absolute(site_dir) == out {
        return Err(OutputError::Refused(crate::tr!("输出目录 {} 就是网站目录（存放 content/、templates/ 的目录），构建会删除它们", "the output directory {} is the site directory (holding content/ and templates/); the build would delete them",
            out.display()
        )));
    }
    if content.starts_with(&out) {
        return Err(OutputError::Refused(crate::tr!("输出目录 {} 包含内容目录 {}，构建会删除稿件", "the output directory {} contains the content directory {}; the build would delete the write-ups",
            out.display(),
            content.display()
        )));
    }
    if out.starts_with(&content) {
        return Err(OutputError::Refused(crate::tr!(
            "输出目录 {} 不能放在内容目录里面",
            "the output directory {} cannot be inside the content directory",
            out.display()
        )));
    }
    if out.join(".git").exists() {
        return Err(OutputError::Refused(crate::tr!(
            "{} 是一个代码仓库的根目录，不能作为输出目录",
            "{} is the root of a code repository and cannot be the output directory",
            out.display()
        )));
    }
    if force || !out.exists() || out.join(MARKER).exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(&out).map_err(io_error(&out))?;
    for entry in entries {
        let entry = entry.map_err(io_error(&out))?;
        if entry.file_name() != ".gitkeep" {
            return Err(OutputError::Refused(crate::tr!("输出目录 {} 里已有不是 jiebie 生成的文件（如 {}），为避免误删，拒绝覆盖。确认可以清空时加 --force", "the output directory {} holds files jiebie did not create (such as {}); refusing to overwrite them. Add --force if it may be emptied",
                out.display(),
                entry.file_name().to_string_lossy()
            )));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates a fresh staging directory beside `output` (removing one a killed build
    /// left behind).
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
        remove_abandoned_staging(&parent, &prefix);
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
        std::fs::create_dir(&dir).map_err(io_error(&dir))?;
        std::fs::write(
            dir.join(MARKER),
            "此目录由 jiebie 生成，重新构建时会被整体替换。\n",
        )
        .map_err(io_error(&dir))?;
        Ok(Staging {
            dir,
            output,
            committed: false,
        })
    }

    /// Writes `bytes` to `rel` inside the staging directory, creating folders.
    ///
    /// When the current output already holds exactly these bytes at `rel`, that file is
    /// hard-linked instead of written: a rebuild with nothing changed writes no file data,
    /// and unchanged files keep their modification time, so `rsync` deploys move only
    /// what changed. The swap stays atomic: the staged tree is complete either way.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let previous = self.output.join(rel);
        if let Ok(meta) = std::fs::symlink_metadata(&previous) {
            let same = meta.is_file()
                && meta.len() == bytes.len() as u64
                && std::fs::read(&previous).is_ok_and(|old| old == bytes);
            if same && std::fs::hard_link(&previous, &path).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(path, bytes)
    }

    /// Puts the staged site in place of the output directory.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let output = self.output.clone();
        // A committed .gitkeep in public/ should survive builds.
        let keep = output.join(".gitkeep");
        if keep.exists() {
            std::fs::copy(&keep, self.dir.join(".gitkeep")).map_err(io_error(&keep))?;
        }
        if output.exists() {
            swap(&self.dir, &output).map_err(io_error(&output))?;
            // The old site is now in the staging path.
            std::fs::remove_dir_all(&self.dir).map_err(io_error(&self.dir))?;
        } else {
            std::fs::rename(&self.dir, &output).map_err(io_error(&output))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging directories left by builds that were killed (their process is gone).
fn remove_abandoned_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        // Where processes cannot be looked up, another build's directory is left alone.
        let gone = cfg!(target_os = "linux")
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists();
        if gone {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
