//! Checking a document before it is saved, with the same code as `check`: the text is
//! read as the file it would become, decoded, and validated against the rest of the
//! site; only the problems of that file are returned, with its body rendered by the
//! site's own Markdown renderer for the preview.
//!
//! The rest of the site is taken as `serve` already holds it (every document loaded and
//! decoded). To answer while the liaison types, even at tens of thousands of write-ups,
//! only what a document can be judged against is validated with it: the site's
//! settings, rosters, plans, summaries, notices and pages, and the write-ups and outputs
//! of the sectors it concerns (its own and its joint sectors; addresses and quotas are
//! per sector). The body's links are checked against every document of the last build.

use crate::core::diagnostics::{self, Diagnostic, Position};
use crate::model::lint;
use crate::model::validate::{self, Decoded, ValidateOptions};
use crate::model::{Markdown, Source};
use crate::render::markdown::{self, LinkContext, ROOT_MARK};
use crate::source::load::{self, Loaded, SourceFile};
use crate::source::roles::{self, Role};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The content as `serve` holds it.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Every document as loaded.
    pub loaded: &'a Loaded,
    /// Each decoded on its own, in the same order.
    pub decoded: &'a [Decoded],
}

/// What checking a document found.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// The problems of the document, errors first, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Its body as it will be published (HTML, addresses from the site root).
    pub preview: String,
}

impl Verdict {
    /// Whether it has an error (it can then only be saved as a draft).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks `text` as the document at `rel` (relative to `content_dir`). `fresh` lists
/// files (relative to content/) that are on disk but not yet in `sources` — a photo just
/// uploaded, before the preview has rebuilt — so they are not reported missing.
#[allow(clippy::too_many_arguments)]
pub fn check_document(
    content_dir: &Path,
    sources: Sources<'_>,
    links: LinkContext<'_>,
    rel: &Path,
    text: &str,
    fresh: &[PathBuf],
    options: &ValidateOptions,
    today: NaiveDate,
) -> Verdict {
    let mut assets = sources.loaded.assets.clone();
    assets.extend(fresh.iter().cloned());
    let links = LinkContext {
        assets: &assets,
        ..links
    };
    let file = match load::document_from_text(content_dir, rel, text) {
        Ok(Some(file)) => file,
        Ok(None) => {
            return Verdict {
                diagnostics: vec![Diagnostic::error(
                    &content_dir.join(rel),
                    Position::start(),
                    crate::tr!(
                        "这个位置不是稿件的位置",
                        "this is not a place for a document"
                    ),
                )],
                preview: String::new(),
            }
        }
        Err(unreadable) => {
            return Verdict {
                diagnostics: vec![unreadable.diagnostic],
                preview: String::new(),
            }
        }
    };
    let display = file.display.clone();
    let mut found = lint::check_privacy(&display, text);
    if let Some(path) = roles::find(content_dir, roles::LINT_TERMS) {
        let (terms, _) = lint::load_terms(&path);
        found.extend(lint::check_terms(&display, text, &terms));
    }
    let rendered = markdown::render(
        &Markdown {
            text: file.body.clone(),
            line: file.body_line,
        },
        &Source {
            rel: file.rel.clone(),
            display: display.clone(),
        },
        links,
    );
    found.extend(rendered.diagnostics);

    let concerned = sectors_concerned(&file);
    let (loaded, decoded) = site_around(sources, file, &concerned, assets);
    let (site, mut problems) = validate::validate_decoded(&loaded, decoded, content_dir, options);
    if let Some(site) = site {
        let (_, more) = crate::derive::derive(&site, today);
        problems.extend(more);
    }
    // A problem between two files is reported at one of them; when that is the other
    // one, it names this file, and is shown here with the other file's name in front.
    let named = display.display().to_string();
    for mut problem in problems {
        if problem.path == display {
            found.push(problem);
        } else if problem.message.contains(&named) {
            problem.message = format!("{}：{}", problem.path.display(), problem.message);
            problem.path = display.clone();
            problem.position = Position::start();
            found.push(problem);
        }
    }
    diagnostics::sort(&mut found);
    found.dedup();
    found.sort_by_key(|d| !d.is_error());
    Verdict {
        diagnostics: found,
        preview: rendered.html.replace(ROOT_MARK, "/"),
    }
}

/// The form field a problem on `line` of `text` belongs to: the top-level key whose
/// value spans the line, `body` for the body, `None` for the fences or an unreadable
/// front matter (the problem is then shown above the form).
pub fn field_at(text: &str, line: usize) -> Option<String> {
    let split = crate::source::front_matter::split_front_matter(text).ok()?;
    if line >= split.body_line {
        return Some("body".into());
    }
    let front = crate::source::yaml::parse_from_line(split.front, split.front_line).ok()?;
    front
        .as_mapping()?
        .iter()
        .take_while(|(key, _)| key.position.line <= line)
        .last()
        .map(|(key, _)| key.text.clone())
}

/// The sector a document is filed under and the joint sectors it names.
fn sectors_concerned(file: &SourceFile) -> Vec<String> {
    let mut sectors = Vec::new();
    if let Some(Role::Activity { sector } | Role::Output { sector }) = Role::of(&file.rel) {
        sectors.push(sector);
    }
    let joint: Vec<String> = file
        .front
        .as_mapping()
        .and_then(|entries| entries.iter().find(|(k, _)| k.text == "also_sectors"))
        .map(|(_, node)| match node.as_sequence() {
            Some(items) => items
                .iter()
                .filter_map(|i| i.as_str())
                .map(str::to_string)
                .collect(),
            None => node.as_str().map(str::to_string).into_iter().collect(),
        })
        .unwrap_or_default();
    sectors.extend(joint);
    sectors
}

/// The part of the site the document is judged against, with the document in its place.
fn site_around(
    sources: Sources<'_>,
    file: SourceFile,
    concerned: &[String],
    assets: std::collections::BTreeSet<PathBuf>,
) -> (Loaded, Vec<Decoded>) {
    let keep = |f: &SourceFile| match &f.role {
        Role::Activity { sector } | Role::Output { sector } => concerned.contains(sector),
        _ => true,
    };
    let candidate = validate::decode_file(&file, &assets);
    let mut files = Vec::new();
    let mut decoded = Vec::new();
    let mut placed = Some((file, candidate));
    for (f, d) in sources.loaded.files.iter().zip(sources.decoded) {
        if let Some((file, _)) = &placed {
            if f.rel >= file.rel {
                if let Some((file, candidate)) = placed.take() {
                    let replaces = f.rel == file.rel;
                    files.push(file);
                    decoded.push(candidate);
                    if replaces {
                        continue;
                    }
                }
            }
        }
        if keep(f) {
            files.push(f.clone());
            decoded.push(d.clone());
        }
    }
    if let Some((file, candidate)) = placed {
        files.push(file);
        decoded.push(candidate);
    }
    let rel = &files.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
    let loaded = Loaded {
        files,
        assets,
        // The document's own earlier, unreadable version is replaced by this one.
        unreadable: sources
            .loaded
            .unreadable
            .iter()
            .filter(|u| !rel.contains(&u.rel))
            .cloned()
            .collect(),
        diagnostics: Vec::new(),
    };
    (loaded, decoded)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Site;
    use std::collections::HashMap;

    fn content() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    /// The bundled sample site, validated.
    pub(crate) fn sample_site() -> Site {
        crate::author::scaffold::load_site(&content()).expect("the sample site loads")
    }

    fn check(rel: &str, text: &str) -> Verdict {
        let content = content();
        let loaded = load::load(&content);
        let decoded: Vec<Decoded> = loaded
            .files
            .iter()
            .map(|f| validate::decode_file(f, &loaded.assets))
            .collect();
        let urls = HashMap::new();
        let links = LinkContext {
            document_urls: &urls,
            assets: &loaded.assets,
            rejected: &Default::default(),
            trusted_html: false,
        };
        let options = ValidateOptions {
            include_drafts: true,
            include_unreviewed: true,
            today: NaiveDate::from_ymd_opt(2026, 12, 1),
            ..ValidateOptions::default()
        };
        check_document(
            &content,
            Sources {
                loaded: &loaded,
                decoded: &decoded,
            },
            links,
            Path::new(rel),
            text,
            &[],
            &options,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )
    }

    const REL: &str = "sectors/minmeng/activities/2026/2026-05-01-desk.md";

    #[test]
    fn a_good_write_up_has_no_error_and_a_preview() {
        let verdict = check(
            REL,
            "---\ntitle: 民盟界别调研\ndate: 2026-05-01\nkind: research\n---\n第一段。\n\n## 小标题\n",
        );
        assert!(!verdict.has_errors(), "{:?}", verdict.diagnostics);
        assert!(verdict.preview.contains("<h2"), "{}", verdict.preview);
    }

    #[test]
    fn problems_name_the_line_and_suggest_the_fix() {
        let verdict = check(
            REL,
            "---\ntitle: 民盟界别调研\ndate: 2026-05-01\nkind: reserch\n---\n正文\n",
        );
        let errors: Vec<_> = verdict
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        let kind = errors
            .iter()
            .find(|d| d.position.line == 4)
            .expect("kind on line 4");
        assert!(
            kind.help
                .as_deref()
                .unwrap_or_default()
                .contains("research"),
            "{kind:?}"
        );
        assert!(verdict.diagnostics.iter().all(|d| d.path.ends_with(REL)));
        // A reference to another file is checked once the document decodes.
        let verdict = check(
            REL,
            "---\ntitle: 民盟界别调研\ndate: 2026-05-01\nkind: research\nalso_sectors: [jiaoyuu]\n---\n正文\n",
        );
        let joint = verdict
            .diagnostics
            .iter()
            .find(|d| d.is_error() && d.position.line == 5)
            .expect("also_sectors on line 5");
        assert!(
            joint.help.as_deref().unwrap_or_default().contains("jiaoyu"),
            "{joint:?}"
        );
    }

    #[test]
    fn problems_are_placed_at_their_field() {
        let text = "---\ntitle: 调研\n# 说明\nparticipants:\n  - 张三\n  - 李四\n---\n正文\n";
        assert_eq!(field_at(text, 2).as_deref(), Some("title"));
        assert_eq!(field_at(text, 3).as_deref(), Some("title"));
        assert_eq!(field_at(text, 6).as_deref(), Some("participants"));
        assert_eq!(field_at(text, 8).as_deref(), Some("body"));
        assert_eq!(field_at(text, 1), None);
        assert_eq!(field_at("no front matter", 1), None);
    }

    #[test]
    fn a_missing_front_matter_is_one_error() {
        let verdict = check(REL, "没有前置信息\n");
        assert_eq!(verdict.diagnostics.len(), 1);
        assert!(verdict.has_errors());
    }

    #[test]
    fn a_clash_with_a_write_up_of_the_same_sector_is_found() {
        let content = content();
        let loaded = load::load(&content);
        let activity = loaded
            .files
            .iter()
            .filter(|f| matches!(&f.role, Role::Activity { sector } if sector == "minmeng"))
            .find_map(|f| validate::decode_file(f, &loaded.assets).activity().cloned())
            .expect("minmeng has write-ups");
        let verdict = check(
            &format!(
                "sectors/minmeng/activities/{}/{}-copy.md",
                activity.year(),
                activity.date
            ),
            &format!(
                "---\ntitle: 重复\ndate: {}\nkind: study\nslug: {}\n---\n正文\n",
                activity.date, activity.slug
            ),
        );
        assert!(
            verdict.has_errors(),
            "the same address as {}: {:?}",
            activity.source.rel.display(),
            verdict.diagnostics
        );
    }
}
