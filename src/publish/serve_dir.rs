//! Serve's private directory: where `jiebie serve` builds the site it previews.
//!
//! The preview holds write-ups nobody has reviewed yet, so its build must not be
//! readable by the machine's other users, nor sit at a path they can guess and plant
//! something at, nor stay behind. The directory is this process's own (mode 0700),
//! in a `jiebie/` folder (also 0700) of the user's runtime directory
//! (`$XDG_RUNTIME_DIR`, which the system empties at logout) or, failing that, of the
//! cache directory (`$XDG_CACHE_HOME`, else `~/.cache`). Only when neither can be used
//! is it made directly in the temporary directory, with the user id in its name and
//! never under a name something else already has.
//!
//! The site is built into its `site/` folder: the build keeps its staging and previous
//! trees beside the output ([`Staging`](super::write::Staging)), so they are inside this
//! directory too, and removing it removes everything serve wrote. `serve` removes it
//! when stopped; one whose process died without removing it (`kill -9`, a crash) is
//! removed by the next `serve`.

use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

/// What sessions are named after in the temporary directory before this module existed
/// (`jiebie-serve-<pid>-<port>`, mode 0755); still swept, so those go too.
const OLD_PREFIX: &str = "jiebie-serve-";

/// Serve's private directory, removed when dropped.
#[derive(Debug)]
pub struct ServeDir {
    path: PathBuf,
}

/// Why no private directory could be made.
#[derive(Debug)]
pub struct ServeDirError {
    /// The last place tried (the temporary directory).
    pub path: PathBuf,
    /// Why it could not be used.
    pub source: io::Error,
}

impl std::fmt::Display for ServeDirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (path, source) = (self.path.display(), &self.source);
        f.write_str(&crate::tr!(
            "无法为预览创建私有目录（运行时目录、缓存目录和临时目录都不可用），最后尝试的是 {path}：{source}",
            "cannot make a private folder for the preview (the runtime, cache and temporary directories are all unusable); the last tried was {path}: {source}"
        ))
    }
}

impl std::error::Error for ServeDirError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl ServeDir {
    /// Removes what dead sessions left, then makes this process's directory for the
    /// server on `port`, in the first usable of the places the environment names.
    pub fn create(port: u16) -> Result<ServeDir, ServeDirError> {
        let places = Places::from_env();
        let me = Me::current();
        sweep_all(&places, &me);
        create_in(&places, &me, port).map(|path| ServeDir { path })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the site is built.
    pub fn site(&self) -> PathBuf {
        self.path.join("site")
    }
}

impl Drop for ServeDir {
    fn drop(&mut self) {
        remove(&self.path);
    }
}

/// Removes a session's directory and everything in it. A rebuild still writing into it
/// may create folders again while it goes, so it tries a few times.
pub fn remove(path: &Path) {
    for _ in 0..5 {
        // `remove_dir_all` does not follow symbolic links inside the tree.
        let _ = std::fs::remove_dir_all(path);
        if std::fs::symlink_metadata(path).is_err() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Where a private directory may go, in order of preference.
#[derive(Debug, Clone)]
struct Places {
    /// `$XDG_RUNTIME_DIR`.
    runtime: Option<PathBuf>,
    /// `$XDG_CACHE_HOME`, else `$HOME/.cache`.
    cache: Option<PathBuf>,
    /// The temporary directory.
    temp: PathBuf,
}

impl Places {
    fn from_env() -> Places {
        // Relative values are ignored, as the XDG base directory specification asks.
        let absolute = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
        };
        Places {
            runtime: absolute("XDG_RUNTIME_DIR"),
            cache: absolute("XDG_CACHE_HOME")
                .or_else(|| absolute("HOME").map(|h| h.join(".cache"))),
            temp: std::env::temp_dir(),
        }
    }

    /// The folders sessions are made in, best first: `(folder, name prefix, its parent
    /// when the folder is ours alone)`.
    fn bases(&self, me: &Me) -> Vec<Base> {
        let mut bases = Vec::new();
        for (parent, may_create) in [(&self.runtime, false), (&self.cache, true)] {
            if let Some(parent) = parent {
                bases.push(Base {
                    dir: parent.join("jiebie"),
                    prefix: "serve-".into(),
                    private: Some((parent.clone(), may_create)),
                });
            }
        }
        bases.push(Base {
            dir: self.temp.clone(),
            prefix: format!("jiebie-{}-serve-", me.uid),
            private: None,
        });
        bases
    }
}

/// A folder sessions are made in.
#[derive(Debug)]
struct Base {
    dir: PathBuf,
    /// Sessions are `<prefix><pid>-<port>` (`-<n>` added when the name is taken).
    prefix: String,
    /// For a folder of our own (`jiebie/`): its parent, and whether the parent may be
    /// created when missing (the cache directory may; the runtime directory is the
    /// system's to make). `None` for the shared temporary directory.
    private: Option<(PathBuf, bool)>,
}

/// The process asking: its user and its id.
#[derive(Debug, Clone, Copy)]
struct Me {
    uid: u32,
    pid: u32,
}

impl Me {
    fn current() -> Me {
        Me {
            uid: current_uid(),
            pid: std::process::id(),
        }
    }
}

/// Makes the session directory in the first usable base.
fn create_in(places: &Places, me: &Me, port: u16) -> Result<PathBuf, ServeDirError> {
    let mut last = None;
    for base in places.bases(me) {
        match prepare(&base, me).and_then(|()| make_session(&base, me, port)) {
            Ok(path) => return Ok(path),
            Err(source) => last = Some((base.dir, source)),
        }
    }
    let (path, source) =
        last.unwrap_or_else(|| (places.temp.clone(), io::ErrorKind::NotFound.into()));
    Err(ServeDirError { path, source })
}

/// Makes sure a base can hold private sessions: for `jiebie/`, a real directory of
/// ours, mode 0700, in a parent of ours that no other user can write to (else they
/// could replace `jiebie/` between our check and our use); for the temporary
/// directory, only that it is a directory (each session is checked on its own).
fn prepare(base: &Base, me: &Me) -> io::Result<()> {
    let Some((parent, may_create)) = &base.private else {
        return if std::fs::metadata(&base.dir)?.is_dir() {
            Ok(())
        } else {
            Err(io::ErrorKind::NotADirectory.into())
        };
    };
    if *may_create && std::fs::symlink_metadata(parent).is_err() {
        // Only the last folder: a missing home is not ours to make.
        make_private_dir(parent)?;
    }
    // The parent itself may be a symbolic link (a cache moved to another disk); what
    // matters is who owns and can write to the directory it leads to.
    let meta = std::fs::metadata(parent)?;
    if !meta.is_dir() || !owned_by(&meta, me.uid) || others_can_write(&meta) {
        return Err(refused(parent));
    }
    match make_private_dir(&base.dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::symlink_metadata(&base.dir)?;
    if !(meta.is_dir() && owned_by(&meta, me.uid)) {
        return Err(refused(&base.dir));
    }
    set_private(&base.dir)
}

/// Makes `<prefix><pid>-<port>`, or the first of `…-1`, `…-2` … that nothing has taken:
/// whatever stands at a name already (a folder, a link, planted or stale) is left alone
/// and never used.
fn make_session(base: &Base, me: &Me, port: u16) -> io::Result<PathBuf> {
    let name = format!("{}{}-{port}", base.prefix, me.pid);
    for n in 0..100 {
        let path = match n {
            0 => base.dir.join(&name),
            n => base.dir.join(format!("{name}-{n}")),
        };
        match make_private_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        // `mkdir` made it, so it is ours; the mode is set again in case the umask took
        // bits away that the owner needs.
        let meta = std::fs::symlink_metadata(&path)?;
        if !(meta.is_dir() && owned_by(&meta, me.uid)) {
            return Err(refused(&path));
        }
        set_private(&path)?;
        return Ok(path);
    }
    Err(io::ErrorKind::AlreadyExists.into())
}

/// Removes the sessions dead processes left in every base that exists.
fn sweep_all(places: &Places, me: &Me) {
    for base in places.bases(me) {
        if base.private.is_some() {
            let ours = std::fs::symlink_metadata(&base.dir)
                .is_ok_and(|m| m.is_dir() && owned_by(&m, me.uid));
            if !ours {
                continue;
            }
        }
        sweep(&base.dir, &base.prefix, me);
    }
    sweep(&places.temp, OLD_PREFIX, me);
}

/// Removes every `<prefix><pid>-…` directory in `dir` that is a real directory owned by
/// `me.uid` and whose process is no longer alive. Links, files, other users' folders,
/// live sessions and names of other shapes are left alone.
fn sweep(dir: &Path, prefix: &str, me: &Me) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| session_pid(n, prefix)) else {
            continue;
        };
        if pid == me.pid || is_alive(pid) {
            continue;
        }
        let path = entry.path();
        let ours =
            std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && owned_by(&m, me.uid));
        if ours {
            remove(&path);
        }
    }
}

/// The process id in a session's name `<prefix><pid>-<port>[-<n>]`.
fn session_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let mut parts = rest.split('-');
    let pid = parts.next()?.parse().ok()?;
    let numbers: Vec<&str> = parts.collect();
    let well_formed = matches!(numbers.len(), 1 | 2)
        && numbers
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    well_formed.then_some(pid)
}

fn refused(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        crate::tr!(
            "{} 不是当前用户独有的目录",
            "{} is not a directory of the current user's alone",
            path.display()
        ),
    )
}

#[cfg(unix)]
fn current_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

#[cfg(unix)]
fn owned_by(meta: &Metadata, uid: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == uid
}

/// Whether users other than the owner (and the owner's group, which on most systems
/// is the user's own) can create or rename entries in the directory.
#[cfg(unix)]
fn others_can_write(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.mode() & 0o002 != 0
}

#[cfg(unix)]
fn make_private_dir(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    // `mkdir` fails on anything already at the path, a symbolic link included.
    std::fs::DirBuilder::new().mode(0o700).create(path)
}

#[cfg(unix)]
fn set_private(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

/// Whether process `pid` exists (`kill(pid, 0)`): it does unless the kernel says there
/// is no such process; one of another user's still counts.
#[cfg(unix)]
fn is_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return true;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

// Elsewhere the user's folders are private by default and there is no portable way
// to ask whether a process lives: nothing is checked, and nothing is swept.
#[cfg(not(unix))]
fn current_uid() -> u32 {
    0
}

#[cfg(not(unix))]
fn owned_by(_meta: &Metadata, _uid: u32) -> bool {
    true
}

#[cfg(not(unix))]
fn others_can_write(_meta: &Metadata) -> bool {
    false
}

#[cfg(not(unix))]
fn make_private_dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir(path)
}

#[cfg(not(unix))]
fn set_private(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn is_alive(_pid: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    fn me() -> Me {
        Me::current()
    }

    /// A process id that was alive a moment ago and is not any more.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!is_alive(pid));
        pid
    }

    fn private_dir(path: &Path) {
        std::fs::create_dir_all(path).unwrap();
        set_private(path).unwrap();
    }

    #[test]
    fn the_runtime_directory_comes_first_and_everything_is_private() {
        let tmp = tempfile::tempdir().unwrap();
        let run = tmp.path().join("run");
        private_dir(&run);
        let places = Places {
            runtime: Some(run.clone()),
            cache: Some(tmp.path().join("cache")),
            temp: tmp.path().to_path_buf(),
        };
        let path = create_in(&places, &me(), 4321).unwrap();
        assert_eq!(
            path,
            run.join("jiebie").join(format!("serve-{}-4321", me().pid))
        );
        assert_eq!(mode(&run.join("jiebie")), 0o700);
        assert_eq!(mode(&path), 0o700);
        assert!(
            !tmp.path().join("cache").exists(),
            "the cache is not touched"
        );

        // A second server of the same process gets its own directory.
        let again = create_in(&places, &me(), 4321).unwrap();
        assert_ne!(again, path);

        // A loose `jiebie/` of ours is made private again.
        std::fs::set_permissions(run.join("jiebie"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        create_in(&places, &me(), 1).unwrap();
        assert_eq!(mode(&run.join("jiebie")), 0o700);
    }

    #[test]
    fn an_unusable_runtime_directory_falls_back_to_the_cache_then_the_temp_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        let open = tmp.path().join("world-writable");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let cache = tmp.path().join("cache");
        for runtime in [
            None,
            Some(tmp.path().join("missing")),
            Some(file.clone()),
            Some(open.clone()),
        ] {
            let places = Places {
                runtime: runtime.clone(),
                cache: Some(cache.clone()),
                temp: tmp.path().to_path_buf(),
            };
            let path = create_in(&places, &me(), 80).unwrap();
            assert!(
                path.starts_with(cache.join("jiebie")),
                "{runtime:?}: {path:?}"
            );
            assert_eq!(mode(&cache), 0o700, "a missing cache is made private");
            remove(&path);
        }
        assert!(
            !open.join("jiebie").exists(),
            "nothing made in a world-writable folder"
        );

        // No usable cache either (a file, a missing home): the temporary directory, with
        // the user id in the name.
        let temp = tmp.path().join("temp");
        std::fs::create_dir(&temp).unwrap();
        for cache in [
            Some(file.clone()),
            Some(tmp.path().join("no-home/.cache")),
            None,
        ] {
            let places = Places {
                runtime: None,
                cache: cache.clone(),
                temp: temp.clone(),
            };
            let path = create_in(&places, &me(), 80).unwrap();
            assert_eq!(
                path,
                temp.join(format!("jiebie-{}-serve-{}-80", me().uid, me().pid)),
                "{cache:?}"
            );
            assert_eq!(mode(&path), 0o700);
            remove(&path);
        }
        assert!(
            !tmp.path().join("no-home").exists(),
            "a missing home is not made"
        );
    }

    #[test]
    fn a_path_planted_before_is_never_used() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let temp = tmp.path().join("temp");
        std::fs::create_dir(&temp).unwrap();
        let name = format!("jiebie-{}-serve-{}-80", me().uid, me().pid);
        std::os::unix::fs::symlink(&elsewhere, temp.join(&name)).unwrap();
        std::fs::write(temp.join(format!("{name}-1")), "planted").unwrap();
        let places = Places {
            runtime: None,
            cache: None,
            temp: temp.clone(),
        };
        let path = create_in(&places, &me(), 80).unwrap();
        assert_eq!(path, temp.join(format!("{name}-2")));
        assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
        assert!(temp.join(&name).is_symlink());

        // A `jiebie/` that is a link, or not ours, makes the runtime directory unusable.
        let run = tmp.path().join("run");
        private_dir(&run);
        std::os::unix::fs::symlink(&elsewhere, run.join("jiebie")).unwrap();
        let places = Places {
            runtime: Some(run.clone()),
            cache: None,
            temp: temp.clone(),
        };
        assert!(create_in(&places, &me(), 81).unwrap().starts_with(&temp));
        assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
        std::fs::remove_file(run.join("jiebie")).unwrap();
        let base = &places.bases(&me())[0];
        prepare(base, &me()).unwrap();
        let stranger = Me {
            uid: me().uid + 1,
            ..me()
        };
        assert!(prepare(base, &stranger).is_err(), "not the stranger's");
    }

    #[test]
    fn sessions_of_dead_processes_are_swept_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let run = tmp.path().join("run");
        private_dir(&run.join("jiebie"));
        let temp = tmp.path().join("temp");
        std::fs::create_dir(&temp).unwrap();
        let places = Places {
            runtime: Some(run.clone()),
            cache: None,
            temp: temp.clone(),
        };
        let (dead, alive) = (dead_pid(), me().pid);
        let base = run.join("jiebie");
        let session = |dir: &Path, name: String| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.join("site/.site.jiebie-previous")).unwrap();
            std::fs::write(path.join("site/index.html"), "未审稿件").unwrap();
            path
        };
        let stale = session(&base, format!("serve-{dead}-1111"));
        let stale_renamed = session(&base, format!("serve-{dead}-1111-1"));
        let live = session(&base, format!("serve-{alive}-1112"));
        let odd = session(&base, format!("serve-{dead}"));
        let other = session(&base, "notes".into());
        let old = session(&temp, format!("jiebie-serve-{dead}-1111"));
        let old_live = session(&temp, format!("jiebie-serve-{alive}-1111"));
        let fallback = session(&temp, format!("jiebie-{}-serve-{dead}-1", me().uid));
        let target = session(tmp.path(), "target".into());
        let link = base.join(format!("serve-{dead}-1113"));
        std::os::unix::fs::symlink(&target, &link).unwrap();

        // As another user would see them: none of them is theirs.
        let stranger = Me {
            uid: me().uid + 1,
            pid: alive,
        };
        sweep_all(&places, &stranger);
        for kept in [&stale, &live, &old, &fallback] {
            assert!(
                kept.exists(),
                "another user's session is not touched: {kept:?}"
            );
        }

        sweep_all(&places, &me());
        for gone in [&stale, &stale_renamed, &old, &fallback] {
            assert!(!gone.exists(), "{gone:?}");
        }
        for kept in [&live, &odd, &other, &old_live, &link] {
            assert!(std::fs::symlink_metadata(kept).is_ok(), "{kept:?}");
        }
        assert!(
            target.join("site/index.html").is_file(),
            "a link is not followed"
        );
    }

    #[test]
    fn the_directory_goes_when_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let places = Places {
            runtime: None,
            cache: None,
            temp: tmp.path().to_path_buf(),
        };
        let dir = ServeDir {
            path: create_in(&places, &me(), 5).unwrap(),
        };
        std::fs::create_dir_all(dir.site().join("sectors")).unwrap();
        std::fs::write(dir.site().join("index.html"), "x").unwrap();
        let path = dir.path().to_path_buf();
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn session_names_are_parsed_strictly() {
        assert_eq!(session_pid("serve-12-80", "serve-"), Some(12));
        assert_eq!(session_pid("serve-12-80-3", "serve-"), Some(12));
        for odd in [
            "serve-12",
            "serve-12-",
            "serve-x-80",
            "serve-12-80-3-4",
            "serve-12-8a",
            "other-12-80",
        ] {
            assert_eq!(session_pid(odd, "serve-"), None, "{odd}");
        }
    }
}
