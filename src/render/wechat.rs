//! A write-up as one HTML fragment for the WeChat official-account editor (微信公众号),
//! for `jiebie export wechat` (docs/wechat.md).
//!
//! The editor keeps what is pasted into it only in part: it drops `<style>`, classes,
//! scripts, frames and forms, and turns a link to anything but mp.weixin.qq.com into
//! plain text. So the fragment is written in the shape the editor keeps:
//!
//! - only the tags of [`ALLOWED_TAGS`], each with its look as an inline `style`
//!   (the theme's palette, a Chinese font stack, 16 px text) and no other attribute but
//!   those of [`ALLOWED_ATTRIBUTES`] (`src`/`alt` of images, cell spans, a list's start);
//! - links written as their text followed by the address (`文字（https://…）`), and the
//!   original page's address as text in the last paragraph;
//! - images by absolute URL under the site's `base_url` (the published photo,
//!   [`Route::Media`]), which the editor fetches and re-hosts when pasted.
//!
//! The body is the one the site shows ([`crate::render::bodies::Bodies`]): it is cleaned
//! again by the site's sanitiser (even under `trusted_html`), then by a second, narrower
//! ammonia allowlist that also sets each tag's style, then [`finish`] rewrites links and
//! table captions, which ammonia cannot.

use crate::core::text::escape_html;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::{Activity, Site};
use crate::render::bodies::Bodies;
use crate::render::markdown::{sanitise, ROOT_MARK};
use crate::render::words::date_text;
use std::path::{Path, PathBuf};

/// Every tag the fragment may contain: what the WeChat editor keeps when HTML is pasted.
/// (`h1` and `section` only in the frame that [`fragment`] writes around the body.)
pub const ALLOWED_TAGS: &[&str] = &[
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "sup",
    "sub",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "img",
    "br",
    "hr",
];

/// Every attribute the fragment may contain (`style` on any tag, the others on the tags
/// [`body_sanitiser`] allows them on).
pub const ALLOWED_ATTRIBUTES: &[&str] = &["style", "src", "alt", "colspan", "rowspan", "start"];

/// Chinese fonts of the phones and desktops that read WeChat, then any sans-serif.
const FONTS: &str = "-apple-system,BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB',\
'Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif";

// The theme's palette (themes/default/static/style.css): ink, muted, red, line, tint.
const INK: &str = "#1f1f1f";
const MUTED: &str = "#555";
const RED: &str = "#a3121b";
const LINE: &str = "#d9d9d9";
const TINT: &str = "#faf6f2";

/// The inline style of a tag in the body (`None`: the tag carries no style).
fn body_style(tag: &str) -> Option<&'static str> {
    // A `concat!` needs literals, so the palette is spelled out here; `palette_is_spelled_out`
    // checks that it matches the constants above.
    Some(match tag {
        "p" => "margin:0 0 1em;font-size:16px;line-height:1.75;color:#1f1f1f;text-align:justify",
        "h2" => "margin:1.6em 0 0.8em;padding-left:10px;border-left:4px solid #a3121b;font-size:18px;font-weight:bold;line-height:1.4;color:#a3121b",
        "h3" => "margin:1.4em 0 0.6em;font-size:17px;font-weight:bold;line-height:1.4;color:#1f1f1f",
        "h4" | "h5" | "h6" => "margin:1.2em 0 0.5em;font-size:16px;font-weight:bold;line-height:1.4;color:#1f1f1f",
        "strong" | "b" => "font-weight:bold",
        "em" | "i" => "font-style:italic",
        "u" => "text-decoration:underline",
        "s" | "del" => "text-decoration:line-through",
        "sup" => "font-size:12px;line-height:0;vertical-align:super",
        "sub" => "font-size:12px;line-height:0;vertical-align:sub",
        "code" => "font-family:Menlo,Consolas,monospace;font-size:14px;background-color:#faf6f2;padding:0 3px",
        "pre" => "margin:0 0 1em;padding:10px;background-color:#faf6f2;font-size:14px;line-height:1.5;white-space:pre-wrap;word-wrap:break-word",
        "blockquote" => "margin:0 0 1em;padding:8px 12px;border-left:4px solid #d9d9d9;background-color:#faf6f2;color:#555",
        "ul" | "ol" => "margin:0 0 1em;padding-left:2em",
        "li" => "margin:0 0 0.4em;font-size:16px;line-height:1.75;color:#1f1f1f",
        "table" => "width:100%;margin:0 0 1em;border-collapse:collapse;table-layout:fixed;font-size:14px;line-height:1.5;color:#1f1f1f",
        "th" => "padding:6px 8px;border:1px solid #d9d9d9;background-color:#faf6f2;font-weight:bold;text-align:left;word-break:break-all",
        "td" => "padding:6px 8px;border:1px solid #d9d9d9;text-align:left;word-break:break-all",
        "img" => IMAGE,
        "hr" => "margin:1.5em 0;border:0;border-top:1px solid #d9d9d9",
        _ => return None,
    })
}

/// Photos and body images: never wider than the article.
const IMAGE: &str = "display:block;max-width:100%;height:auto;margin:0 auto";
/// A link's text.
const LINK_TEXT: &str = "color:#a3121b";
/// The address written after a link's text.
const LINK_ADDRESS: &str = "font-size:14px;color:#555;word-break:break-all";
/// A table's title (its `<caption>` on the site), above the table.
const TABLE_TITLE: &str =
    "margin:0 0 0.5em;font-size:15px;font-weight:bold;line-height:1.5;color:#1f1f1f";

/// The tags the body keeps for [`finish`] to rewrite: links and table captions.
const REWRITTEN_TAGS: &[&str] = &["a", "caption"];

/// The second allowlist: [`ALLOWED_TAGS`] of the body plus [`REWRITTEN_TAGS`], the
/// attributes an image, a cell and a list need, every tag's style set (whatever the body
/// wrote), only absolute links, and images only from `base_url`.
fn body_sanitiser(base_url: &str) -> ammonia::Builder<'static> {
    let base_url = base_url.to_string();
    let mut builder = ammonia::Builder::empty();
    let tags = ALLOWED_TAGS
        .iter()
        .chain(REWRITTEN_TAGS)
        .copied()
        .filter(|t| !matches!(*t, "section" | "h1"));
    builder
        .tags(tags.collect())
        .generic_attributes(Default::default())
        .tag_attributes(
            [
                ("a", ["href"].as_slice()),
                ("img", &["src", "alt"]),
                ("ol", &["start"]),
                ("th", &["colspan", "rowspan"]),
                ("td", &["colspan", "rowspan"]),
                ("caption", &["class"]),
            ]
            .into_iter()
            .map(|(tag, attributes)| (tag, attributes.iter().copied().collect()))
            .collect(),
        )
        .set_tag_attribute_values(
            ALLOWED_TAGS
                .iter()
                .filter_map(|tag| Some((*tag, [("style", body_style(tag)?)].into())))
                .collect(),
        )
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        // Every URL is absolute by now; an in-page one (a footnote's `#1`) means nothing
        // in the editor and loses its href (its text stays).
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(None)
        .strip_comments(true)
        .clean_content_tags(["script", "style"].into_iter().collect())
        .attribute_filter(move |element, attribute, value| {
            if element == "img" && attribute == "src" && !value.starts_with(base_url.as_str()) {
                None
            } else {
                Some(value.into())
            }
        });
    builder
}

/// A write-up's body as the fragment's part: the site's rendering (with [`ROOT_MARK`]
/// URLs) cleaned by the site's sanitiser, made absolute under `base_url`, cleaned to the
/// WeChat allowlist with inline styles, links and captions rewritten.
pub fn rewrite_body(html: &str, base_url: &str) -> String {
    let site_clean = sanitise(html);
    let absolute = site_clean.replace(ROOT_MARK, base_url);
    let clean = body_sanitiser(base_url).clean(&absolute).to_string();
    finish(&clean)
}

/// A piece of the sanitiser's output: its serialiser quotes every attribute value with
/// `"` and escapes `"` inside it, and escapes `<` in text, so a `<` always opens a tag
/// and a tag ends at the first `>` outside quotes.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Start { name: &'a str, raw: &'a str },
    End { name: &'a str, raw: &'a str },
}

fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Token::Text(&rest[..end]));
            rest = &rest[end..];
            continue;
        }
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i + 1);
        let raw = &rest[..end];
        let inner = raw.trim_start_matches('<').trim_end_matches('>');
        let token = match inner.strip_prefix('/') {
            Some(name) => Token::End {
                name: name.trim(),
                raw,
            },
            None => Token::Start {
                name: inner
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default(),
                raw,
            },
        };
        out.push(token);
        rest = &rest[end..];
    }
    out
}

/// The value of attribute `name` in a start tag as the sanitiser wrote it (still escaped).
fn attribute<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = raw.find(&key)? + key.len();
    let len = raw[start..].find('"')?;
    Some(&raw[start..start + len])
}

/// Undoes the sanitiser's escaping (`&amp;`, `&quot;`, `&lt;`, `&gt;`, `&nbsp;`).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Rewrites what ammonia cannot: a link becomes its text in a `span`, followed by its
/// address (unless the text is the address), since the editor keeps no link to another
/// site; a table's visible caption becomes a paragraph above the table and a hidden one
/// (a heading repeated for screen readers) goes; an image without `src` goes.
fn finish(html: &str) -> String {
    let tokens = tokens(html);
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    // Open links: the address to write after the text, and the text so far.
    let mut links: Vec<(Option<String>, String)> = Vec::new();
    // Where the last `<table>` start tag begins in `out`, for its caption.
    let mut table_at: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            Token::Text(text) => {
                for (_, shown) in links.iter_mut() {
                    shown.push_str(text);
                }
                out.push_str(text);
            }
            Token::Start { name: "a", raw } => {
                let address = attribute(raw, "href").map(|h| {
                    let h = unescape(h);
                    h.strip_prefix("mailto:")
                        .or_else(|| h.strip_prefix("tel:"))
                        .map_or_else(|| h.clone(), str::to_string)
                });
                if address.is_some() {
                    out.push_str(&format!("<span style=\"{LINK_TEXT}\">"));
                }
                links.push((address, String::new()));
            }
            Token::End { name: "a", .. } => {
                if let Some((Some(address), shown)) = links.pop() {
                    out.push_str("</span>");
                    if unescape(&shown).trim() != address {
                        out.push_str(&format!(
                            "<span style=\"{LINK_ADDRESS}\">（{}）</span>",
                            escape_html(&address)
                        ));
                    }
                }
            }
            Token::Start { name: "table", raw } => {
                table_at = Some(out.len());
                out.push_str(raw);
            }
            Token::Start {
                name: "caption",
                raw,
            } => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| {
                        matches!(
                            t,
                            Token::End {
                                name: "caption",
                                ..
                            }
                        )
                    })
                    .map_or(tokens.len(), |n| i + n);
                if !raw.contains("class=") {
                    let inner: String = tokens[i + 1..end].iter().map(Token::raw).collect();
                    // Links inside the caption are rewritten like any other.
                    let title = format!("<p style=\"{TABLE_TITLE}\">{}</p>", finish(inner.trim()));
                    match table_at {
                        Some(at) => out.insert_str(at, &title),
                        None => out.push_str(&title),
                    }
                }
                i = end;
            }
            Token::Start { name: "img", raw } if attribute(raw, "src").is_none() => {}
            Token::Start { raw, .. } | Token::End { raw, .. } => out.push_str(raw),
        }
        i += 1;
    }
    out
}

impl Token<'_> {
    fn raw(&self) -> &str {
        match self {
            Token::Text(raw) | Token::Start { raw, .. } | Token::End { raw, .. } => raw,
        }
    }
}

/// The WeChat fragment of activity `index`: its title, date, sector and kind, the
/// facts the page lists (participants, leaders, place, organiser), the body, the photos
/// with their captions, the outputs, and the original page's address at the end; every
/// address under `base_url` (the site's, `site.config.base_url`, except in the preview,
/// whose own address the editor could not reach).
pub fn fragment(
    site: &Site,
    derived: &Derived,
    bodies: &Bodies,
    index: usize,
    base_url: &str,
) -> String {
    let a = &site.activities[index];
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<section style=\"margin:0;padding:0;font-family:{FONTS};font-size:16px;\
line-height:1.75;color:{INK};letter-spacing:0.5px;word-wrap:break-word;overflow-wrap:break-word\">\n"
    ));
    out.push_str(&format!(
        "<h1 style=\"margin:0 0 0.6em;font-size:22px;font-weight:bold;line-height:1.4;color:{INK}\">{}</h1>\n",
        escape_html(&a.title)
    ));
    out.push_str(&format!(
        "<p style=\"margin:0 0 1.2em;font-size:14px;line-height:1.6;color:{MUTED}\">{}</p>\n",
        escape_html(&meta_line(site, a))
    ));
    facts(&mut out, site, a);
    out.push_str(&rewrite_body(&bodies.activities[index].html, base_url));
    out.push('\n');
    for photo in &a.photos {
        photo_block(
            &mut out,
            base_url,
            &photo.src,
            &photo.alt,
            photo.caption.as_deref(),
        );
    }
    outputs(&mut out, a);
    let original = format!("{base_url}{}", derived.activity_urls[index]);
    out.push_str(&format!(
        "<p style=\"margin:1.5em 0 0;padding-top:10px;border-top:1px solid {LINE};font-size:14px;\
line-height:1.6;color:{MUTED};word-break:break-all\">原文链接：{}</p>\n</section>\n",
        escape_html(&original)
    ));
    out
}

/// `2025年3月15日 · 民盟界别、教育界别 · 调研视察`.
fn meta_line(site: &Site, a: &Activity) -> String {
    let mut when = date_text(a.date);
    if let Some(end) = a.end_date {
        when.push('至');
        when.push_str(&date_text(end));
    }
    let sectors: Vec<&str> = std::iter::once(a.sector.as_str())
        .chain(a.also_sectors.iter().map(|s| s.value.as_str()))
        .map(|id| site.sector_name(id))
        .collect();
    format!("{when} · {} · {}", sectors.join("、"), a.kind.name())
}

/// The facts box: the page's list of place, organiser, leaders and participants.
fn facts(out: &mut String, site: &Site, a: &Activity) {
    let leader = |name: &str| match site.leaders.iter().find(|l| l.name == name) {
        Some(l) if !l.title.is_empty() => format!("{name}（{}）", l.title),
        _ => name.to_string(),
    };
    let participants = a.participants.len();
    let rows: Vec<(String, String)> = [
        ("地点".to_string(), a.location.clone()),
        ("组织单位".to_string(), a.organiser.clone()),
        (
            "出席领导".to_string(),
            (!a.leaders.is_empty()).then(|| {
                let names: Vec<String> = a.leaders.iter().map(|l| leader(&l.value)).collect();
                names.join("、")
            }),
        ),
        (
            format!("参加委员（{participants} 人）"),
            (participants > 0).then(|| {
                let names: Vec<&str> = a.participants.iter().map(|p| p.value.as_str()).collect();
                names.join("、")
            }),
        ),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value?)))
    .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<section style=\"margin:0 0 1.2em;padding:10px 12px;background-color:{TINT};\
font-size:15px;line-height:1.7;color:{INK}\">\n"
    ));
    for (label, value) in rows {
        out.push_str(&format!(
            "<p style=\"margin:0;font-size:15px;line-height:1.7;color:{INK}\"><strong style=\"font-weight:bold\">{}：</strong>{}</p>\n",
            escape_html(&label),
            escape_html(&value)
        ));
    }
    out.push_str("</section>\n");
}

/// A photo (its published original, [`Route::Media`]) and its caption.
fn photo_block(out: &mut String, base_url: &str, src: &Path, alt: &str, caption: Option<&str>) {
    out.push_str(&format!(
        "<p style=\"margin:1em 0 0.3em;text-align:center\"><img src=\"{}\" alt=\"{}\" style=\"{IMAGE}\"></p>\n",
        escape_html(&Route::Media(src).absolute(base_url)),
        escape_html(alt)
    ));
    if let Some(caption) = caption.filter(|c| !c.trim().is_empty()) {
        out.push_str(&format!(
            "<p style=\"margin:0 0 1em;font-size:14px;line-height:1.6;color:{MUTED};text-align:center\">{}</p>\n",
            escape_html(caption)
        ));
    }
}

/// The outputs (形成成果) and what became of them, as on the page.
fn outputs(out: &mut String, a: &Activity) {
    if a.outputs.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<h2 style=\"{}\">形成成果</h2>\n<ul style=\"{}\">\n",
        body_style("h2").unwrap_or_default(),
        body_style("ul").unwrap_or_default()
    ));
    for output in &a.outputs {
        out.push_str(&format!(
            "<li style=\"{}\"><strong style=\"font-weight:bold;color:{RED}\">{}</strong> {}",
            body_style("li").unwrap_or_default(),
            escape_html(output.kind.name()),
            escape_html(&output.title)
        ));
        for r in &output.results {
            let mut line = r.kind.name().to_string();
            if let Some(by) = &r.by {
                line.push('：');
                line.push_str(by);
            }
            if let Some(document) = &r.document {
                line.push(' ');
                line.push_str(document);
            }
            if let Some(date) = r.date {
                line.push_str(&format!("（{date}）"));
            }
            if let Some(note) = &r.note {
                line.push(' ');
                line.push_str(note);
            }
            out.push_str(&format!(
                "<br><span style=\"font-size:14px;color:{MUTED}\">{}</span>",
                escape_html(&line)
            ));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// Finds the write-up that `page` names, as a content file (`content/sectors/…/x.md`,
/// with or without the content folder, or an absolute path) or as its page's address
/// (the full URL, a path from the server root, or a URL path relative to the site).
pub fn locate(site: &Site, derived: &Derived, content_dir: &Path, page: &str) -> Option<usize> {
    let page = page.trim();
    let as_file = Path::new(page);
    let mut files: Vec<PathBuf> = vec![as_file.to_path_buf()];
    if let Ok(inside) = as_file.strip_prefix(content_dir) {
        files.push(inside.to_path_buf());
    }
    // An absolute path, or one through a symbolic link: compared after resolving both.
    if let (Ok(here), Ok(there)) = (content_dir.canonicalize(), as_file.canonicalize()) {
        if let Ok(inside) = there.strip_prefix(&here) {
            files.push(inside.to_path_buf());
        }
    }
    if let Some(i) = site
        .activities
        .iter()
        .position(|a| files.contains(&a.source.rel))
    {
        return Some(i);
    }
    let url = url_path(&site.config.base_url, page);
    derived.activity_urls.iter().position(|u| *u == url)
}

/// A page's address as a URL path relative to the site root, ending in `/`.
fn url_path(base_url: &str, page: &str) -> String {
    let base_path = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.find('/').map_or("/", |i| &rest[i..])
    });
    let mut path = page
        .strip_prefix(base_url)
        .map(str::to_string)
        .unwrap_or_else(|| {
            let without_host = page
                .split_once("://")
                .map_or(page, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
            without_host
                .strip_prefix(base_path)
                .unwrap_or(without_host)
                .to_string()
        });
    if let Some(cut) = path.find(['?', '#']) {
        path.truncate(cut);
    }
    let mut path = path
        .trim_start_matches('/')
        .trim_end_matches("index.html")
        .to_string();
    if !path.is_empty() && !path.ends_with('/') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://www.example.gov.cn/jbfc/";

    fn rewrite(html: &str) -> String {
        rewrite_body(html, BASE)
    }

    /// Every element's name and attributes, read by an HTML parser.
    fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let doc = scraper::Html::parse_fragment(html);
        doc.root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .skip(1)
            .map(|e| {
                let attrs = e
                    .value()
                    .attrs()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                (e.value().name().to_string(), attrs)
            })
            .collect()
    }

    fn assert_allowed(html: &str) {
        for (name, attrs) in elements(html) {
            assert!(ALLOWED_TAGS.contains(&name.as_str()), "<{name}> in {html}");
            for (key, value) in attrs {
                assert!(
                    ALLOWED_ATTRIBUTES.contains(&key.as_str()),
                    "{key} on <{name}> in {html}"
                );
                if key == "src" {
                    assert!(value.starts_with(BASE), "{value}");
                }
            }
        }
    }

    #[test]
    fn hostile_markup_is_removed() {
        let html = rewrite(
            "<p onclick=\"alert(1)\" class=\"x\" id=\"y\" data-x=\"1\">段<script>alert(2)</script></p>\
             <style>p{color:red}</style><iframe src=\"https://e.example/\"></iframe>\
             <form action=\"/x\"><input name=\"q\"></form><link rel=\"stylesheet\" href=\"x.css\">\
             <a href=\"javascript:alert(3)\">j</a> <a href=\" JaVaScRiPt:alert(4)\">k</a>\
             <img src=\"jiebie:root/media/a.jpg\" onerror=\"alert(5)\" alt=\"图\">\
             <img src=\"https://tracker.example/p.gif\" alt=\"t\">\
             <svg><script>alert(6)</script></svg><math><mi>x</mi></math>",
        );
        assert!(!html.contains("alert"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("tracker"), "{html}");
        assert!(!html.contains("stylesheet"), "{html}");
        assert_allowed(&html);
        assert!(
            html.contains(&format!("src=\"{BASE}media/a.jpg\"")),
            "{html}"
        );
        assert!(html.contains("段"), "{html}");
    }

    #[test]
    fn style_injection_in_text_stays_text() {
        let html = rewrite(
            "<p><img src=\"jiebie:root/media/a.jpg\" alt='x\" style=\"position:fixed' title='\"><script>alert(1)</script>'>\
             <span style=\"position:fixed;top:0\">覆盖</span></p>",
        );
        assert_allowed(&html);
        let doc = scraper::Html::parse_fragment(&html);
        let img = scraper::Selector::parse("img").unwrap();
        let img = doc.select(&img).next().expect("the image stays");
        assert_eq!(img.value().attr("alt"), Some("x\" style=\"position:fixed"));
        assert_eq!(img.value().attr("style"), Some(IMAGE));
        assert!(!html.contains("position:fixed;top"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn every_tag_gets_its_own_style_whatever_was_written() {
        let html = rewrite("<h2 style=\"color:red\">标题</h2><p style=\"font-size:90px\">正文</p>");
        let found = elements(&html);
        assert_eq!(
            found[0].1,
            [("style".into(), body_style("h2").unwrap().into())]
        );
        assert_eq!(
            found[1].1,
            [("style".into(), body_style("p").unwrap().into())]
        );
    }

    #[test]
    fn links_become_text_and_address() {
        let html = rewrite(
            "<p><a href=\"https://www.gov.cn/a?x=1&amp;y=2\">通知</a>、\
             <a href=\"jiebie:root/sectors/a/\">界别</a>、<a href=\"https://x.cn/\">https://x.cn/</a>、\
             <a href=\"mailto:a@b.cn\">a@b.cn</a>、注<sup><a href=\"#fn1\">1</a></sup></p>",
        );
        assert_allowed(&html);
        let text: String = scraper::Html::parse_fragment(&html)
            .root_element()
            .text()
            .collect();
        assert_eq!(
            text,
            format!(
                "通知（https://www.gov.cn/a?x=1&y=2）、界别（{BASE}sectors/a/）、https://x.cn/、a@b.cn、注1"
            )
        );
    }

    #[test]
    fn nested_and_unknown_tags_keep_their_text() {
        let html = rewrite(
            "<div class=\"box\"><p><strong><em>重<a href=\"https://x.cn/\"><b>点</b></a></em></strong>\
             <mark>标</mark><abbr title=\"t\">缩</abbr></p></div><ul><li><p>一</p><ol start=\"3\"><li>二</li></ol></li></ul>",
        );
        assert_allowed(&html);
        let text: String = scraper::Html::parse_fragment(&html)
            .root_element()
            .text()
            .collect();
        assert_eq!(text, "重点（https://x.cn/）标缩一二");
        assert!(html.contains("<ol start=\"3\""), "{html}");
    }

    #[test]
    fn table_captions_become_titles_or_go() {
        let html = rewrite(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表1\">\
             <table><caption>表1：<strong>统计</strong><a href=\"https://x.cn/\">来源</a></caption><thead><tr><th scope=\"col\" style=\"text-align:center\">a</th></tr></thead>\
             <tbody><tr><td>1</td></tr></tbody></table></div>\
             <table><caption class=\"visually-hidden\">经费</caption><tbody><tr><td colspan=\"2\">2</td></tr></tbody></table>",
        );
        assert_allowed(&html);
        assert!(!html.contains("caption"), "{html}");
        assert!(!html.contains("经费"), "{html}");
        let title = format!("<p style=\"{TABLE_TITLE}\">表1：<strong");
        let table = html.find("<table").unwrap();
        assert!(html.find(&title).is_some_and(|t| t < table), "{html}");
        assert!(html.contains("colspan=\"2\""), "{html}");
    }

    #[test]
    fn tokens_respect_quotes() {
        let t = tokens("<img alt=\"a>b\" src=\"x\">t</p>");
        assert_eq!(
            t,
            [
                Token::Start {
                    name: "img",
                    raw: "<img alt=\"a>b\" src=\"x\">"
                },
                Token::Text("t"),
                Token::End {
                    name: "p",
                    raw: "</p>"
                }
            ]
        );
    }

    #[test]
    fn palette_is_spelled_out() {
        let styles: String = ALLOWED_TAGS.iter().filter_map(|t| body_style(t)).collect();
        for colour in styles.split('#').skip(1) {
            let hex: String = colour.chars().take_while(char::is_ascii_hexdigit).collect();
            let hex = format!("#{hex}");
            assert!(
                [INK, MUTED, RED, LINE, TINT].contains(&hex.as_str()),
                "{hex}"
            );
        }
    }

    #[test]
    fn page_addresses_become_url_paths() {
        let want = "sectors/a/2025/x/";
        for page in [
            "https://www.example.gov.cn/jbfc/sectors/a/2025/x/",
            "https://www.example.gov.cn/jbfc/sectors/a/2025/x/index.html",
            "http://127.0.0.1:8000/jbfc/sectors/a/2025/x/#top",
            "/jbfc/sectors/a/2025/x",
            "sectors/a/2025/x/",
        ] {
            assert_eq!(url_path(BASE, page), want, "{page}");
        }
    }
}
