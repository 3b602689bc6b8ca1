//! The theme: Tera templates and static files. The default theme is compiled into the
//! binary; a site may replace it with `themes/default/` on disk and override single
//! templates in its own `templates/`.

use std::fmt;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($kind:ident: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", stringify!($kind), "/", $name)))),*]
    };
}

/// Templates of the built-in default theme, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!(templates:
    "base.html", "macros.html", "index.html", "sectors.html", "sector.html", "activity.html",
    "output.html", "timeline.html", "timeline_year.html", "kinds.html", "kind.html",
    "years.html", "year.html", "commendations.html", "commendation.html", "page.html",
    "404.html", "members.html", "member.html", "search.html", "accessibility.html",
    "organisation.html", "leader.html", "committee.html",
);

/// Static files of the built-in default theme, by path under `static/`. `favicon.ico`
/// (made by `themes/default/make-favicon.py`) is published at the site root, see
/// [`Route::theme_file`](crate::derive::route::Route::theme_file).
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!(static:
    "style.css", "contrast.css", "large.css", "a11y.js", "search.js", "favicon.ico",
);

/// A theme file or folder that cannot be used.
#[derive(Debug)]
pub enum ReadError {
    /// It cannot be read.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is a symbolic link, which is refused: it may point outside the site.
    Symlink(PathBuf),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => write!(f, "{}：{source}", path.display()),
            ReadError::Symlink(path) => f.write_str(&crate::tr!("{} 是符号链接；主题和模板目录里只能放真实文件（符号链接可能指向网站之外）", "{} is a symbolic link; theme and template directories may hold only real files (a link may point outside the site)",
                path.display()
            )),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            ReadError::Symlink(_) => None,
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> ReadError + '_ {
    move |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A theme ready to compile: template sources and static files.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// (name, source) of every template.
    pub templates: Vec<(String, String)>,
    /// (path under static/, bytes) of every static file.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Where each overriding file came from, for messages.
    pub overrides: Vec<PathBuf>,
}

/// Assembles the theme for the site in `site_dir`: built-in default, then
/// `site_dir/themes/default/{templates,static}`, then `site_dir/templates` and
/// `site_dir/static`, each replacing files of the same name.
pub fn load(site_dir: &Path) -> Result<Theme, ReadError> {
    let mut theme = Theme::default();
    for (name, bytes) in DEFAULT_TEMPLATES {
        theme.templates.push((
            name.to_string(),
            String::from_utf8_lossy(bytes).into_owned(),
        ));
    }
    for (name, bytes) in DEFAULT_STATIC {
        theme.statics.push((name.to_string(), bytes.to_vec()));
    }
    let theme_dir = site_dir.join("themes").join("default");
    for dir in [theme_dir.join("templates"), site_dir.join("templates")] {
        for (name, path) in files_in(site_dir, &dir)? {
            if !name.ends_with(".html") {
                continue;
            }
            let source = std::fs::read_to_string(&path).map_err(io_at(&path))?;
            replace(&mut theme.templates, name, source);
            theme.overrides.push(path);
        }
    }
    for dir in [theme_dir.join("static"), site_dir.join("static")] {
        for (name, path) in files_in(site_dir, &dir)? {
            let bytes = std::fs::read(&path).map_err(io_at(&path))?;
            replace(&mut theme.statics, name, bytes);
        }
    }
    Ok(theme)
}

fn replace<T>(list: &mut Vec<(String, T)>, name: String, value: T) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}

/// Regular files below `dir` (which lies inside `site_dir`) as (path relative to dir
/// with `/`, full path), sorted.
///
/// A symbolic link anywhere on the way is refused rather than followed or skipped: a
/// theme file that is really `/etc/passwd` or another site's secrets would otherwise be
/// published, and silently skipping it would leave a theme that works differently from
/// what its author sees.
fn files_in(site_dir: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, ReadError> {
    let mut out = Vec::new();
    let mut on_the_way = site_dir.to_path_buf();
    for part in dir.strip_prefix(site_dir).unwrap_or(dir).components() {
        on_the_way.push(part);
        if on_the_way.is_symlink() {
            return Err(ReadError::Symlink(on_the_way));
        }
    }
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = entry.map_err(|e| ReadError::Io {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into(),
        })?;
        if entry.path_is_symlink() {
            return Err(ReadError::Symlink(entry.path().to_path_buf()));
        }
        if !entry.file_type().is_file()
            || crate::source::roles::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = crate::core::paths::slashed(rel);
        out.push((name, entry.path().to_path_buf()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn symlinks_in_the_theme_are_refused_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "秘密").unwrap();
        for link in [
            "templates/base.html",
            "templates",
            "themes/default/static/x.css",
        ] {
            let site = tempfile::tempdir().unwrap();
            let link = site.path().join(link);
            std::fs::create_dir_all(link.parent().unwrap()).unwrap();
            let target = if link.ends_with("templates") {
                outside.path().to_path_buf()
            } else {
                outside.path().join("secret.html")
            };
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let err = load(site.path()).unwrap_err();
            assert!(err.to_string().contains("符号链接"), "{err}");
        }
    }

    #[test]
    fn a_site_without_theme_files_gets_the_default_theme() {
        let site = tempfile::tempdir().unwrap();
        let theme = load(site.path()).unwrap();
        assert_eq!(theme.templates.len(), DEFAULT_TEMPLATES.len());
    }
}
