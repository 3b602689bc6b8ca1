//! Markdown bodies to HTML: links between documents rewritten to their URLs, images
//! checked and published, Chinese line breaks mended, raw HTML sanitised.
//!
//! Raw HTML is allowed but cleaned by [ammonia] to a small allowlist (see
//! [`sanitise`]): write-ups come from many hands and the site carries the committee's
//! name, so no script, style, frame, event handler or `javascript:`/`data:` URL may get
//! through. A site that trusts its writers can turn this off with `trusted_html: true`.
//!
//! Internal URLs are written with [`ROOT_MARK`] in front; the page that embeds the HTML
//! replaces it with its own relative path to the site root, so one rendering serves pages
//! at any depth.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::paths::{percent_decode, resolve_asset, resolve_reference, AssetError};
use crate::derive::route::Route;
use crate::model::{Markdown, Source};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Stands for "the site root, relative to this page" inside rendered HTML.
pub const ROOT_MARK: &str = "jiebie:root/";

/// What a body needs to know about the rest of the site.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// URL path of every document, by path relative to content/.
    pub document_urls: &'a HashMap<PathBuf, String>,
    /// Every non-document file in content/.
    pub assets: &'a BTreeSet<PathBuf>,
    /// Documents that failed validation: links to them are not reported a second time.
    pub rejected: &'a BTreeMap<PathBuf, crate::model::Rejected>,
    /// `trusted_html: true` in site.yaml: raw HTML is published as written, unsanitised.
    pub trusted_html: bool,
}

impl<'a> LinkContext<'a> {
    /// The context of the bodies of a checked `site`: its documents' URLs, rejected
    /// documents, assets and settings.
    pub fn of(site: &'a crate::model::Site, derived: &'a crate::derive::Derived) -> Self {
        LinkContext {
            document_urls: &derived.document_urls,
            rejected: &site.rejected,
            assets: &site.assets,
            trusted_html: site.config.trusted_html,
        }
    }
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// HTML, with [`ROOT_MARK`] for the site root.
    pub html: String,
    /// Plain text of the first paragraph (for summaries).
    pub first_paragraph: String,
    /// Files from content/ that the HTML links to and that must be published.
    pub assets: Vec<PathBuf>,
    /// Broken links and images.
    pub diagnostics: Vec<Diagnostic>,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF65) || "“”‘’—…·".contains(c)
}

/// Whether a soft line break between `before` and `after` should vanish: in Chinese a
/// line break inside a paragraph is not a word space (CommonMark would show a space).
pub(crate) fn joins_without_space(before: Option<char>, after: Option<char>) -> bool {
    match (before, after) {
        (Some(b), Some(a)) => {
            (is_cjk(b) && is_cjk(a)) || is_cjk_punctuation(b) || is_cjk_punctuation(a)
        }
        _ => false,
    }
}

fn last_char(event: &Event<'_>) -> Option<char> {
    match event {
        Event::Text(t) | Event::Code(t) => t.chars().next_back(),
        _ => None,
    }
}

fn first_char(event: &Event<'_>) -> Option<char> {
    match event {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// Renders a document body.
pub fn render(body: &Markdown, source: &Source, links: LinkContext<'_>) -> Rendered {
    render_as(body, source, links, Output::Html)
}

/// What [`render_as`] makes of a body besides its diagnostics, assets and first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The sanitised HTML, for pages, feeds and the search index.
    Html,
    /// No HTML (`Rendered::html` stays empty): for `check` and reports, which publish
    /// nothing. Writing and sanitising the HTML is over a third of the time a body takes.
    DiagnosticsOnly,
}

/// Renders `body`, making its HTML only when `output` asks for it; the diagnostics,
/// assets and first paragraph are the same either way.
pub fn render_as(
    body: &Markdown,
    source: &Source,
    links: LinkContext<'_>,
    output: Output,
) -> Rendered {
    let mut rendered = Rendered::default();
    if body.is_blank() {
        return rendered;
    }
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(&body.text, options)
        .into_offset_iter()
        .collect();
    let position_of = |offset: usize| -> Position {
        let before = &body.text[..offset.min(body.text.len())];
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        Position::new(body.line + line, column + 1)
    };

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // For each open link: whether we kept it (a dropped link keeps its text only).
    let mut link_kept: Vec<bool> = Vec::new();
    let mut in_first_paragraph = 0u8; // 0 before, 1 inside, 2 after
    let mut image_depth = 0usize;
    for (index, (event, range)) in events.iter().enumerate() {
        match event {
            Event::SoftBreak => {
                let before = out.last().and_then(last_char);
                let after = events.get(index + 1).and_then(|(e, _)| first_char(e));
                if joins_without_space(before, after) {
                    continue;
                }
                if in_first_paragraph == 1 {
                    rendered.first_paragraph.push(' ');
                }
                out.push(Event::SoftBreak);
            }
            Event::Start(Tag::Paragraph) => {
                if in_first_paragraph == 0 {
                    in_first_paragraph = 1;
                }
                out.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                if in_first_paragraph == 1 {
                    in_first_paragraph = 2;
                }
                out.push(event.clone());
            }
            Event::Text(text) | Event::Code(text) => {
                if in_first_paragraph == 1 && image_depth == 0 {
                    rendered.first_paragraph.push_str(text);
                }
                out.push(event.clone());
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // Passed through here; the whole document is sanitised below, because an
                // inline element arrives in pieces (`<b>`, text, `</b>`) that only make
                // sense together.
                out.push(event.clone());
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let level = if *level == HeadingLevel::H1 {
                    HeadingLevel::H2
                } else {
                    *level
                };
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: id.clone(),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = if *level == HeadingLevel::H1 {
                    HeadingLevel::H2
                } else {
                    *level
                };
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match rewrite_link(dest_url, *link_type, source, links) {
                LinkTarget::Keep(url) => {
                    link_kept.push(true);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: url,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                LinkTarget::Asset(path, url) => {
                    link_kept.push(true);
                    rendered.assets.push(path);
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: url,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                LinkTarget::Drop(problem) => {
                    link_kept.push(false);
                    if let Some((message, help, warn)) = problem {
                        let at = position_of(range.start);
                        let diag = if warn {
                            Diagnostic::warning(&source.display, at, message)
                        } else {
                            Diagnostic::error(&source.display, at, message)
                        };
                        rendered.diagnostics.push(diag.with_help(help));
                    }
                }
            },
            Event::End(TagEnd::Link) => {
                if link_kept.pop().unwrap_or(false) {
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_depth += 1;
                let alt_is_empty = !events[index + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .any(|(e, _)| matches!(e, Event::Text(t) if !t.trim().is_empty()));
                let at = position_of(range.start);
                if alt_is_empty {
                    rendered.diagnostics.push(
                        Diagnostic::error(&source.display, at, crate::tr!("正文图片缺少替代文字", "an image in the body has no alt text")).with_help(
                            crate::tr!("在方括号里写一句描述，例如 ![委员在社区座谈](meeting-1.jpg)", "write a one-sentence description in the square brackets, e.g. ![委员在社区座谈](meeting-1.jpg)"),
                        ),
                    );
                }
                let url = match image_target(dest_url, source, links) {
                    Ok((path, url)) => {
                        rendered.assets.push(path);
                        url
                    }
                    Err((message, help)) => {
                        rendered
                            .diagnostics
                            .push(Diagnostic::error(&source.display, at, message).with_help(help));
                        CowStr::Borrowed("")
                    }
                };
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: url,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
    }
    let trimmed: String = rendered.first_paragraph.trim().to_string();
    rendered.first_paragraph = trimmed;
    if output == Output::DiagnosticsOnly {
        return rendered;
    }
    let out = caption_tables(out);
    let mut html = String::with_capacity(body.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if html.contains("<th") {
        html = html
            .replace("<th>", "<th scope=\"col\">")
            .replace("<th style=", "<th scope=\"col\" style=");
    }
    rendered.html = if links.trusted_html {
        html
    } else {
        sanitise(&html)
    };
    rendered
}

/// Tags a body may contain: what Markdown produces plus a few inline tags that writers
/// use in raw HTML. Nothing that runs code, loads other documents or takes input.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// URL schemes allowed in `href`; relative URLs are allowed too. `jiebie` is
/// [`ROOT_MARK`], replaced by each page's path to the site root after sanitising.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "jiebie"];

fn sanitiser() -> &'static ammonia::Builder<'static> {
    static SANITISER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITISER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(ALLOWED_TAGS.iter().copied().collect())
            .generic_attributes(["class", "id", "lang", "title"].into_iter().collect())
            .tag_attributes(
                [
                    ("a", ["href"].as_slice()),
                    ("img", &["src", "alt", "width", "height"]),
                    ("ol", &["start"]),
                    ("th", &["scope", "style", "colspan", "rowspan", "abbr"]),
                    ("td", &["style", "colspan", "rowspan"]),
                    ("col", &["span"]),
                    ("colgroup", &["span"]),
                ]
                .into_iter()
                .map(|(tag, attributes)| (tag, attributes.iter().copied().collect()))
                .collect(),
            )
            // Table alignment from Markdown is the only style a body needs; anything else
            // could overlay the page (a fake notice over the committee's name).
            .filter_style_properties(["text-align"].into_iter().collect())
            .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            // Keep links as Markdown writes them (ammonia would add rel="noopener noreferrer").
            .link_rel(None)
            .strip_comments(true)
            .clean_content_tags(["script", "style"].into_iter().collect())
            .attribute_filter(|element, attribute, value| {
                // Images come only from the site itself: Markdown images are checked and
                // published with a ROOT_MARK URL, and nothing else is (the site loads
                // nothing from other hosts).
                if element == "img" && attribute == "src" && !value.starts_with(ROOT_MARK) {
                    None
                } else {
                    Some(value.into())
                }
            });
        builder
    })
}

/// Cleans rendered HTML to the allowlist: unknown tags are removed (their text kept),
/// `script` and `style` with their content, `on*` attributes, and URLs with schemes
/// other than http(s), mailto, tel (`javascript:`, `data:`, `vbscript:` …).
pub fn sanitise(html: &str) -> String {
    sanitiser().clean(html).to_string()
}

/// Whether a paragraph is a table title by the content-model convention: it starts with
/// `表：`, `表:` or `表` followed by a number (`表1`, `表 2`, `表一`).
fn is_table_title(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('表') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with(['：', ':'])
        || rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
}

/// Gives every table a `<caption>` (pulldown-cmark emits none, and a table without one
/// is announced by screen readers as just "table"), and wraps it in a focusable
/// scrolling region so a wide table scrolls by itself on a narrow phone instead of
/// widening the whole page. The caption is the paragraph right before the table when it
/// reads as a table title ([`is_table_title`]) — that paragraph is moved into the
/// table — else the nearest heading before the table, visually hidden, else "正文表格 N".
fn caption_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut last_heading = String::new();
    let mut heading_text: Option<String> = None;
    let mut tables = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => heading_text = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                last_heading = heading_text.take().unwrap_or_default();
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading_text.as_mut() {
                    h.push_str(t);
                }
            }
            _ => {}
        }
        if !matches!(event, Event::Start(Tag::Table(_))) {
            out.push(event);
            continue;
        }
        tables += 1;
        // The paragraph just before the table, if it is a table title.
        let title = if matches!(out.last(), Some(Event::End(TagEnd::Paragraph))) {
            let start = out
                .iter()
                .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)));
            start.and_then(|start| {
                let inner = &out[start + 1..out.len() - 1];
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                is_table_title(&text).then(|| {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, inner.iter().cloned());
                    (start, text, html)
                })
            })
        } else {
            None
        };
        let (label, caption) = match title {
            Some((start, text, html)) => {
                out.truncate(start);
                (text, format!("<caption>{html}</caption>"))
            }
            None => {
                let text = if last_heading.trim().is_empty() {
                    format!("正文表格 {tables}")
                } else {
                    last_heading.trim().to_string()
                };
                let html = crate::core::text::escape_html(&text);
                (
                    text,
                    format!("<caption class=\"visually-hidden\">{html}</caption>"),
                )
            }
        };
        out.push(Event::Html(CowStr::from(format!(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
            crate::core::text::escape_html(label.trim())
        ))));
        out.push(event);
        out.push(Event::Html(CowStr::from(caption)));
    }
    // Close each wrapper after its table.
    let mut closed = Vec::with_capacity(out.len() + tables);
    for event in out {
        let ends_table = matches!(event, Event::End(TagEnd::Table));
        closed.push(event);
        if ends_table {
            closed.push(Event::Html(CowStr::Borrowed("</div>\n")));
        }
    }
    closed
}

enum LinkTarget<'a> {
    Keep(CowStr<'a>),
    Asset(PathBuf, CowStr<'a>),
    /// Keep the text, drop the link; with a problem to report (message, help, is_warning).
    Drop(Option<(String, String, bool)>),
}

fn rewrite_link<'a>(
    dest: &CowStr<'a>,
    link_type: LinkType,
    source: &Source,
    links: LinkContext<'_>,
) -> LinkTarget<'a> {
    let dest_trimmed = dest.trim();
    let lower = dest_trimmed.to_ascii_lowercase();
    if matches!(link_type, LinkType::Email)
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
    {
        return LinkTarget::Keep(dest.clone());
    }
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || dest_trimmed.starts_with('#')
    {
        return LinkTarget::Keep(dest.clone());
    }
    let scheme_like = lower
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .contains(':');
    if scheme_like {
        return LinkTarget::Drop(Some((
            crate::tr!("不允许的链接 “{dest_trimmed}”", "link not allowed: “{dest_trimmed}”"),
            crate::tr!("只能链接到 http(s) 网址、电子邮箱或站内稿件；已去掉这个链接", "links may go only to http(s) addresses, e-mail addresses or write-ups on this site; the link was removed"),
            true,
        )));
    }
    if dest_trimmed.starts_with("//") {
        return LinkTarget::Keep(CowStr::from(format!("https:{dest_trimmed}")));
    }
    let (path_part, fragment) = match dest_trimmed.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest_trimmed, None),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let Some(target) = resolve_reference(&source.rel, path_part) else {
        return LinkTarget::Drop(Some((
            crate::tr!(
                "链接 “{dest_trimmed}” 指向内容目录之外",
                "link “{dest_trimmed}” points outside the content directory"
            ),
            crate::tr!(
                "站内链接写成相对于本稿件的路径，例如 ../other.md",
                "write links within the site as paths relative to this write-up, e.g. ../other.md"
            ),
            false,
        )));
    };
    let with_fragment = |url: &str| -> String {
        match fragment {
            Some(f) if !url.contains('#') => format!("{ROOT_MARK}{url}#{f}"),
            _ => format!("{ROOT_MARK}{url}"),
        }
    };
    if let Some(url) = links.document_urls.get(&target) {
        return LinkTarget::Keep(CowStr::from(with_fragment(url)));
    }
    // A link to a folder may mean its index.md.
    if let Some(url) = links
        .document_urls
        .get(&target.join(crate::source::roles::FOLDER_INDEX))
    {
        return LinkTarget::Keep(CowStr::from(with_fragment(url)));
    }
    if links.assets.contains(&target) {
        let url = format!("{ROOT_MARK}{}", Route::Media(&target).url());
        return LinkTarget::Asset(target, CowStr::from(url));
    }
    if links.rejected.contains_key(&target) {
        return LinkTarget::Drop(None);
    }
    let shown = percent_decode(path_part);
    LinkTarget::Drop(Some((
        crate::tr!("链接的目标 “{shown}” 不存在（或是未发布的草稿）", "the link target “{shown}” does not exist (or is an unpublished draft)"),
        crate::tr!("检查文件名和相对路径；链接到其他稿件时写 .md 文件的相对路径，例如 ../2025/2025-03-15-diaoyan.md", "check the file name and relative path; to link to another write-up, write the relative path of its .md file, e.g. ../2025/2025-03-15-diaoyan.md"),
        false,
    )))
}

fn image_target<'a>(
    dest: &CowStr<'a>,
    source: &Source,
    links: LinkContext<'_>,
) -> Result<(PathBuf, CowStr<'a>), (String, String)> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || dest.starts_with("//")
        || lower.starts_with("data:")
    {
        return Err((
            crate::tr!("图片 “{}” 来自其他网站", "image “{}” comes from another website",
                dest.chars().take(60).collect::<String>()
            ),
            crate::tr!("把图片下载后放在稿件所在的文件夹里，再写文件名；网站不引用外部资源", "download the image into the write-up's folder and write its file name; the site does not load external resources"),
        ));
    }
    match resolve_asset(&source.rel, dest, links.assets) {
        Ok(path) => {
            let url = format!("{ROOT_MARK}{}", Route::Media(&path).url());
            Ok((path, CowStr::from(url)))
        }
        Err(AssetError::Outside) => Err((
            crate::tr!(
                "图片路径 “{dest}” 指向内容目录之外",
                "the image path “{dest}” points outside the content directory"
            ),
            crate::tr!(
                "把图片放在稿件所在的文件夹里，写文件名即可",
                "put the image in the write-up's folder and write just the file name"
            ),
        )),
        Err(AssetError::Missing(candidates)) => {
            let wanted = std::path::Path::new(dest)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let help = crate::core::suggest::did_you_mean(&wanted, candidates.iter().map(String::as_str))
                .unwrap_or_else(|| {
                    crate::tr!("把图片放在稿件所在的文件夹，并检查文件名与扩展名（区分大小写）", "put the image in the write-up's folder and check the file name and extension (case-sensitive)")
                });
            Err((
                crate::tr!("找不到图片 “{dest}”", "image “{dest}” not found"),
                help,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_text(text: &str) -> Rendered {
        render_text_as(text, Output::Html)
    }

    fn render_text_as(text: &str, output: Output) -> Rendered {
        let urls: HashMap<PathBuf, String> =
            [(PathBuf::from("pages/rules.md"), "pages/rules/".to_string())].into();
        let assets: BTreeSet<PathBuf> = [PathBuf::from("sectors/a/activities/p.jpg")].into();
        let source = Source {
            rel: "sectors/a/activities/x.md".into(),
            display: "content/sectors/a/activities/x.md".into(),
        };
        let body = Markdown {
            text: text.into(),
            line: 5,
        };
        let rejected = BTreeMap::new();
        render_as(
            &body,
            &source,
            LinkContext {
                document_urls: &urls,
                assets: &assets,
                rejected: &rejected,
                trusted_html: false,
            },
            output,
        )
    }

    #[test]
    fn diagnostics_only_finds_what_a_full_rendering_finds_and_writes_no_html() {
        let bodies = [
            "第一行\n\n[x](missing.md) ![](p.jpg) ![图](nope.jpg)",
            "[规则](../../../pages/rules.md#s4) [照片](p.jpg)\n\n![图](p.jpg)",
            "委员们深入\n基层一线。\n\n表1 数据\n\n| a | b |\n|---|---|\n| 1 | [y](/nowhere.md) |",
            "<script>alert(1)</script> <a href=\"javascript:x\">链接</a> [z](mailto:a@b.cn)",
            "",
        ];
        for text in bodies {
            let full = render_text_as(text, Output::Html);
            let only = render_text_as(text, Output::DiagnosticsOnly);
            assert!(only.html.is_empty(), "{text}: {}", only.html);
            assert_eq!(only.diagnostics, full.diagnostics, "{text}");
            assert_eq!(only.assets, full.assets, "{text}");
            assert_eq!(only.first_paragraph, full.first_paragraph, "{text}");
        }
        // The bodies above do hold problems and assets, so the comparison says something.
        assert_eq!(
            render_text_as(bodies[0], Output::DiagnosticsOnly)
                .diagnostics
                .len(),
            3
        );
        assert_eq!(
            render_text_as(bodies[1], Output::DiagnosticsOnly)
                .assets
                .len(),
            2
        );
    }

    #[test]
    fn soft_breaks_between_chinese_characters_vanish() {
        let r = render_text("委员们深入\n基层一线。\nEnglish\nwords");
        assert!(r.html.contains("委员们深入基层一线。English"), "{}", r.html);
        assert!(r.html.contains("English\nwords"), "{}", r.html);
    }

    #[test]
    fn links_to_documents_and_assets_are_rewritten() {
        let r = render_text("[规则](../../../pages/rules.md#s4) [照片](p.jpg)");
        assert!(
            r.html.contains("href=\"jiebie:root/pages/rules/#s4\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("href=\"jiebie:root/media/sectors/a/activities/p.jpg\""),
            "{}",
            r.html
        );
        assert_eq!(r.assets, [PathBuf::from("sectors/a/activities/p.jpg")]);
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn broken_links_and_images_are_reported_with_position() {
        let r = render_text("第一行\n\n[x](missing.md) ![](p.jpg) ![图](nope.jpg)");
        let messages: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.position.line, d.position.column, d.message))
            .collect();
        assert_eq!(r.diagnostics.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("7:1 "), "{messages:?}");
        assert!(messages[1].contains("替代文字"));
        assert!(messages[2].contains("nope.jpg"));
    }

    #[test]
    fn raw_html_is_sanitised_to_the_allowlist() {
        let r = render_text(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1)) <b onclick=\"x()\">粗</b> \
             <a href=\"javascript:alert(1)\">j</a> <a href=\"../x/\">rel</a> \
             <img src=\"https://tracker.example/p.gif\" onerror=\"alert(1)\" alt=\"t\"> \
             <iframe src=\"https://e.example/\"></iframe><span style=\"position:fixed\">s</span>",
        );
        let html = &r.html;
        assert!(
            !html.contains("<script") && !html.contains("alert(1)"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            !html.contains("onclick") && !html.contains("onerror"),
            "{html}"
        );
        assert!(
            !html.contains("<iframe") && !html.contains("tracker"),
            "{html}"
        );
        assert!(!html.contains("position"), "{html}");
        assert!(html.contains("<b>粗</b>"), "allowed tags stay: {html}");
        assert!(html.contains("<a href=\"../x/\">rel</a>"), "{html}");
        assert!(html.contains("<span>s</span>"), "{html}");
    }

    #[test]
    fn internal_link_mark_and_markdown_structure_survive_sanitising() {
        let r = render_text(
            "[规则](/pages/rules.md) ![图](p.jpg) 注[^1]\n\n| a |\n| :-: |\n| 1 |\n\n[^1]: 脚注\n",
        );
        let html = &r.html;
        assert!(html.contains("href=\"jiebie:root/pages/rules/\""), "{html}");
        assert!(
            html.contains("src=\"jiebie:root/media/sectors/a/activities/p.jpg\""),
            "{html}"
        );
        assert!(html.contains("style=\"text-align:center\""), "{html}");
        assert!(html.contains("class=\"footnote-definition\""), "{html}");
    }

    #[test]
    fn trusted_html_is_published_as_written() {
        let urls = HashMap::new();
        let assets = BTreeSet::new();
        let source = Source {
            rel: "pages/a.md".into(),
            display: "content/pages/a.md".into(),
        };
        let body = Markdown {
            text: "<video controls src=\"v.mp4\"></video>\n".into(),
            line: 1,
        };
        let rejected = BTreeMap::new();
        let links = LinkContext {
            document_urls: &urls,
            assets: &assets,
            rejected: &rejected,
            trusted_html: true,
        };
        let r = render(&body, &source, links);
        assert!(r.html.contains("<video controls"), "{}", r.html);
        let r = render(
            &body,
            &source,
            LinkContext {
                trusted_html: false,
                ..links
            },
        );
        assert!(!r.html.contains("<video"), "{}", r.html);
    }

    #[test]
    fn tables_get_header_scope_and_h1_is_demoted() {
        let r = render_text("# 标题\n\n| a | b |\n| --- | :-: |\n| 1 | 2 |\n");
        assert!(r.html.contains("<h2>标题</h2>"), "{}", r.html);
        assert!(r.html.contains("<th scope=\"col\">a</th>"), "{}", r.html);
        assert!(r.html.contains("<th scope=\"col\" style="), "{}", r.html);
    }

    /// The `<caption>` text of each table in a rendered body, read by an HTML parser.
    fn captions(html: &str) -> Vec<(String, bool)> {
        let doc = scraper::Html::parse_fragment(html);
        let sel = scraper::Selector::parse("div.table-scroll > table > caption").unwrap();
        doc.select(&sel)
            .map(|c| {
                let hidden = c.value().classes().any(|k| k == "visually-hidden");
                (c.text().collect::<String>(), hidden)
            })
            .collect()
    }

    #[test]
    fn tables_get_a_caption_from_a_title_paragraph_or_heading() {
        let r = render_text(
            "表1：2025 年**活动**统计\n\n| a |\n| - |\n| 1 |\n\n## 经费\n\n| b |\n| - |\n| 2 |\n\n表格下面一段。\n\n| c |\n| - |\n| 3 |\n",
        );
        assert_eq!(
            captions(&r.html),
            [
                ("表1：2025 年活动统计".to_string(), false),
                ("经费".to_string(), true),
                ("经费".to_string(), true),
            ],
            "{}",
            r.html
        );
        // The title paragraph moved into the table; other paragraphs stay.
        assert!(!r.html.contains("<p>表1"), "{}", r.html);
        assert!(r.html.contains("<strong>活动</strong>"), "{}", r.html);
        assert!(r.html.contains("<p>表格下面一段。</p>"), "{}", r.html);
    }

    #[test]
    fn a_table_without_title_or_heading_gets_a_numbered_caption() {
        let r = render_text("说明文字。\n\n| a |\n| - |\n| 1 |\n");
        assert_eq!(captions(&r.html), [("正文表格 1".to_string(), true)]);
        assert!(r.html.contains("<p>说明文字。</p>"), "{}", r.html);
        assert!(is_table_title("表 2 各界别"));
        assert!(is_table_title("表：各界别"));
        assert!(!is_table_title("表彰名单如下"));
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render_text("## 小标题\n\n近日，**委员**赴\n江岸区调研。\n\n第二段。");
        assert_eq!(r.first_paragraph, "近日，委员赴江岸区调研。");
    }

    #[test]
    fn media_urls_encode_chinese_and_spaces() {
        assert_eq!(
            Route::Media(std::path::Path::new("a/长 江.jpg")).url(),
            "media/a/%E9%95%BF%20%E6%B1%9F.jpg"
        );
    }
}
