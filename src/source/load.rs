//! Load: find every file under `content/`, read it as text and split off its front matter.
//!
//! Nothing here knows what a field means; that is `validate`'s job. This stage only answers
//! "what kind of document is this file, by where it lives" and "is it readable text with
//! well-formed YAML", reporting what is not.

use super::front_matter::{read_text, split_front_matter};
use super::roles::{
    classify, ignored_name, is_document, is_ignored_name, unignored_name, IgnoredName, Role,
};
use crate::core::diagnostics::{Diagnostic, Position};
use crate::source::yaml::{self, Node};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A content file, read and split.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content directory, with `/` separators.
    pub rel: PathBuf,
    /// Path as shown in messages (the content directory joined with `rel`).
    pub display: PathBuf,
    /// What the file is.
    pub role: Role,
    /// The front matter (or the whole YAML file), positions already relative to the file.
    pub front: Node,
    /// The Markdown body (empty for YAML files).
    pub body: String,
    /// The 1-based line on which the body starts.
    pub body_line: usize,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents, sorted by path.
    pub files: Vec<SourceFile>,
    /// Every other regular file (images and attachments), relative to the content dir.
    pub assets: BTreeSet<PathBuf>,
    /// Documents that could not be read or parsed.
    pub unreadable: Vec<Unreadable>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the content directory. Unreadable or malformed files become diagnostics; the
/// rest is returned so that one run reports every problem.
pub fn load(content_dir: &Path) -> Loaded {
    load_with(content_dir, None)
}

/// A check run on the full text of every document as it is read (`jiebie check` uses it
/// for personal data and wrong terms).
pub type TextCheck<'a> = &'a (dyn Fn(&Path, &str) -> Vec<Diagnostic> + Sync);

/// Like [`load`], also running `text_check` on every document's text.
pub fn load_with(content_dir: &Path, text_check: Option<TextCheck<'_>>) -> Loaded {
    load_mapped(content_dir, text_check, |_, _| ()).0
}

/// Like [`load_with`], also running `each` on every document right after it is read,
/// in parallel, with the assets found (one result per file of [`Loaded::files`], in the
/// same order). `each` may empty the file's front matter and body once it has taken
/// what it needs: `check` decodes every file there, so that the YAML trees and texts of
/// 100,000 write-ups are never all in memory at once.
pub fn load_mapped<T: Send>(
    content_dir: &Path,
    text_check: Option<TextCheck<'_>>,
    each: impl Fn(&mut SourceFile, &BTreeSet<PathBuf>) -> T + Sync,
) -> (Loaded, Vec<T>) {
    let mut loaded = Loaded::default();
    let mut candidates = Vec::new();
    let mut ignored = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let skip = e.depth() > 0 && is_ignored_name(&e.file_name().to_string_lossy());
            if skip && !e.path_is_symlink() {
                ignored.push((e.path().to_path_buf(), e.file_type().is_dir()));
            }
            !skip
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(content_dir).to_path_buf();
                loaded.diagnostics.push(
                    Diagnostic::error(
                        &path,
                        Position::start(),
                        crate::tr!("无法读取：{err}", "cannot read: {err}"),
                    )
                    .with_help(crate::tr!("检查文件权限", "check the file permissions")),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let rel = rel.to_path_buf();
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::warning(entry.path(), Position::start(), crate::tr!("已忽略符号链接", "symbolic link ignored"))
                    .with_help(crate::tr!("内容目录里请放真实文件，不要放符号链接（它可能指向目录之外）", "put real files in the content directory, not symbolic links (they may point outside it)")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if is_document(&rel) {
            candidates.push(rel);
        } else {
            loaded.assets.insert(rel);
        }
    }

    let mut ignored_content: Vec<Diagnostic> = ignored
        .par_iter()
        .filter_map(|(path, is_dir)| ignored_content(path, *is_dir))
        .collect();
    loaded.diagnostics.append(&mut ignored_content);

    type Read<T> = (
        Result<Option<(SourceFile, T)>, Box<Unreadable>>,
        Vec<Diagnostic>,
    );
    let assets = &loaded.assets;
    let results: Vec<Read<T>> = candidates
        .par_iter()
        .map(|rel| {
            let mut extra = Vec::new();
            let result = read_document(content_dir, rel, &mut |path, text| {
                if let Some(check) = text_check {
                    extra = check(path, text);
                }
            })
            .map(|file| {
                file.map(|mut file| {
                    let mapped = each(&mut file, assets);
                    (file, mapped)
                })
            });
            (result, extra)
        })
        .collect();
    let mut mapped = Vec::with_capacity(results.len());
    for (result, mut extra) in results {
        loaded.diagnostics.append(&mut extra);
        match result {
            Ok(Some((file, value))) => {
                loaded.files.push(file);
                mapped.push(value);
            }
            Ok(None) => {}
            Err(unreadable) => {
                loaded.diagnostics.push(unreadable.diagnostic.clone());
                loaded.unreadable.push(*unreadable);
            }
        }
    }
    (loaded, mapped)
}

/// Most entries looked at inside an ignored folder before deciding it holds no content.
const IGNORED_FOLDER_SCAN: usize = 2000;

/// A warning for an ignored name that looks like content a liaison meant to publish: a
/// Markdown file with front matter (unless the file it backs up is there), or a folder
/// holding one. Without it, a write-up named `.2025-03-01-调研.md` or a sector folder
/// renamed by accident would vanish from the site without a word.
fn ignored_content(path: &Path, is_dir: bool) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let why = ignored_name(&name)?;
    let wanted = unignored_name(&name);
    let holds_content = if is_dir {
        // Version control and jiebie's own folders are never content.
        name != ".git"
            && !name.starts_with(".jiebie")
            && WalkDir::new(path)
                .max_depth(4)
                .into_iter()
                .take(IGNORED_FOLDER_SCAN)
                .filter_map(Result::ok)
                .any(|e| e.file_type().is_file() && has_front_matter(e.path()))
    } else {
        let backs_up_a_present_file =
            !wanted.is_empty() && path.parent().is_some_and(|dir| dir.join(&wanted).exists());
        !backs_up_a_present_file && has_front_matter(path)
    };
    if !holds_content {
        return None;
    }
    let reason = match why {
        IgnoredName::Hidden => crate::tr!(
            "名称以 “.” 开头，是隐藏的",
            "its name starts with “.”, so it is hidden"
        ),
        IgnoredName::Temporary => crate::tr!(
            "名称像编辑器的临时文件",
            "its name looks like an editor's temporary file"
        ),
        IgnoredName::Backup => crate::tr!("名称像备份文件", "its name looks like a backup"),
    };
    let what = if is_dir {
        crate::tr!("这个文件夹里有稿件，但{reason}，jiebie 不读取它：里面的内容不会发布", "this folder holds write-ups, but {reason}, so jiebie does not read it: nothing in it is published")
    } else {
        crate::tr!("这个文件像稿件，但{reason}，jiebie 不读取它：它不会发布", "this file looks like a write-up, but {reason}, so jiebie does not read it: it is not published")
    };
    let wanted = if is_dir {
        crate::core::slug::suggest_id(&wanted)
    } else {
        wanted
    };
    let help = if wanted.is_empty() {
        crate::tr!(
            "要发布它，请改一个正常的名称",
            "to publish it, give it an ordinary name"
        )
    } else {
        crate::tr!(
            "要发布它，请改名为 “{wanted}”；不需要它就删除",
            "to publish it, rename it to “{wanted}”; delete it if it is not needed"
        )
    };
    Some(Diagnostic::warning(path, Position::start(), what).with_help(help))
}

/// Whether the file is Markdown that starts with a front-matter fence (only its first
/// bytes are read).
fn has_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if !(name.contains(".md") || name.contains(".markdown")) {
        return false;
    }
    let mut head = [0u8; 8];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    let head = &head[..read];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(b"---")
}

/// Reads one document exactly as [`load`] does (`serve` re-reads only the files that
/// changed). `Ok(None)` when the path has no role.
pub fn load_file(content_dir: &Path, rel: &Path) -> Result<Option<SourceFile>, Box<Unreadable>> {
    read_document(content_dir, rel, &mut |_, _| {})
}

/// A document that could not be read or parsed: its problem, and its body when the
/// front matter could at least be split off (so the body can still be checked).
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Path relative to the content directory.
    pub rel: PathBuf,
    /// Path as shown in messages.
    pub display: PathBuf,
    /// What is wrong.
    pub diagnostic: Diagnostic,
    /// The Markdown body, if it could be found.
    pub body: String,
    /// The line where the body starts.
    pub body_line: usize,
}

impl Unreadable {
    fn boxed(
        rel: &Path,
        diagnostic: Diagnostic,
        body: &str,
        body_line: usize,
        content_dir: &Path,
    ) -> Box<Unreadable> {
        Box::new(Unreadable {
            rel: rel.to_path_buf(),
            display: content_dir.join(rel),
            diagnostic,
            body: body.to_string(),
            body_line,
        })
    }
}

fn read_document(
    content_dir: &Path,
    rel: &Path,
    inspect: &mut dyn FnMut(&Path, &str),
) -> Result<Option<SourceFile>, Box<Unreadable>> {
    let display = content_dir.join(rel);
    let fail = |diagnostic: Diagnostic, body: &str, body_line: usize| {
        Unreadable::boxed(rel, diagnostic, body, body_line, content_dir)
    };
    let role = match classify(rel) {
        Ok(Some(role)) => role,
        Ok(None) => return Ok(None),
        Err(problem) => return Err(fail(problem.into_diagnostic(&display), "", 1)),
    };
    let text = read_text(&display).map_err(|d| fail(d, "", 1))?;
    inspect(&display, &text);
    parse_document(content_dir, rel, role, &text)
}

/// Reads a document from `text` as if it were the file at `rel` (the writing desk checks
/// a form before it is saved); `Ok(None)` when the path has no role.
pub fn document_from_text(
    content_dir: &Path,
    rel: &Path,
    text: &str,
) -> Result<Option<SourceFile>, Box<Unreadable>> {
    let display = content_dir.join(rel);
    match classify(rel) {
        Ok(Some(role)) => parse_document(content_dir, rel, role, text),
        Ok(None) => Ok(None),
        Err(problem) => Err(Unreadable::boxed(
            rel,
            problem.into_diagnostic(&display),
            "",
            1,
            content_dir,
        )),
    }
}

fn parse_document(
    content_dir: &Path,
    rel: &Path,
    role: Role,
    text: &str,
) -> Result<Option<SourceFile>, Box<Unreadable>> {
    let display = content_dir.join(rel);
    let fail = |diagnostic: Diagnostic, body: &str, body_line: usize| {
        Unreadable::boxed(rel, diagnostic, body, body_line, content_dir)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_yaml = matches!(
        rel.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let (front_text, front_line, body, body_line) = if is_yaml {
        (text, 1, "", 1)
    } else {
        match split_front_matter(text) {
            Ok(split) => (split.front, split.front_line, split.body, split.body_line),
            Err(problem) => return Err(fail(problem.into_diagnostic(&display), "", 1)),
        }
    };
    let front = yaml::parse_from_line(front_text, front_line).map_err(|e| {
        fail(
            Diagnostic::error(&display, e.position, e.message).with_help(e.help),
            body,
            body_line,
        )
    })?;
    Ok(Some(SourceFile {
        rel: rel.to_path_buf(),
        display,
        role,
        front,
        body: body.to_string(),
        body_line,
    }))
}
