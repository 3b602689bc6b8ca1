//! The clause-11 commendation notice (通报表扬) from `commendations/<year>.md`: the
//! notice's own text as the body, the commended sectors, convenors and liaisons with their
//! citations as the attached list (附件), its `document:` as 文号 and `date:` as 成文日期.

use super::{chinese_ordinal, Appendix, Block, Paper, PaperError};
use crate::model::{Commendation, CommendedPerson, Site};
use crate::render::markdown::joins_without_space;
use crate::tr;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The notice of `year` as a paper. Fails, before anything is written, when there is no
/// notice for the year or it lacks `document:` or `date:`.
pub fn commendation(site: &Site, year: i32) -> Result<Paper, PaperError> {
    let Some(notice) = site.commendations.iter().find(|c| c.year == year) else {
        return Err(PaperError::NoCommendation {
            year,
            file: crate::source::roles::commendation_file(year),
        });
    };
    let file = notice.source.display.clone();
    let document = match notice.document.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => return Err(PaperError::NoDocument { file }),
    };
    let Some(date) = notice.date else {
        return Err(PaperError::NoDate { file });
    };
    let committee = site.config.committee.trim();
    let mut blocks = body_blocks(&notice.body.text);
    // The notice's text often ends with its own signature and date, which the paper
    // prints in their place: take them off the body (the signature written there wins).
    let date_line = super::docx::date_text(date);
    let mut signature = (!committee.is_empty()).then(|| committee.to_string());
    if last_text(&blocks) == Some(date_line.as_str()) {
        blocks.pop();
        if let Some(line) = last_text(&blocks).filter(|l| is_signature(l)) {
            signature = Some(line.to_string());
            blocks.pop();
        }
    }
    let appendix = appendix(site, notice);
    if let Some(a) = &appendix {
        let title = &a.title;
        blocks.push(Block::Paragraph(tr!(
            "附件：{title}",
            "Attachment: {title}"
        )));
    }
    Ok(Paper {
        issuer: (!committee.is_empty()).then(|| committee.to_string()),
        document: Some(document),
        title: tr!(
            "关于表扬{year}年度界别工作先进界别、界别召集人和界别联络员的通报",
            "Notice commending the sectors, convenors and liaisons of {year}"
        ),
        blocks,
        signature,
        date,
        appendix,
    })
}

/// The text of the last block when it is a paragraph.
fn last_text(blocks: &[Block]) -> Option<&str> {
    match blocks.last()? {
        Block::Paragraph(t) | Block::Flush(t) => Some(t.trim()),
        _ => None,
    }
}

/// A signature line: short, and not a sentence.
fn is_signature(line: &str) -> bool {
    line.chars().count() <= 40 && !line.ends_with(['。', '！', '？', '；', '：', '.', ':'])
}

/// The commended, as the attached list: a heading per group, one line per name with its
/// sector and citation. None when nobody is listed.
fn appendix(site: &Site, notice: &Commendation) -> Option<Appendix> {
    let mut blocks = Vec::new();
    let mut group = 0;
    let mut heading = |blocks: &mut Vec<Block>, label: String, count: usize| {
        group += 1;
        let n = chinese_ordinal(group);
        blocks.push(Block::Heading(tr!(
            "{n}、{label}（{count}个）",
            "{group}. {label} ({count})"
        )));
    };
    if !notice.sectors.is_empty() {
        heading(
            &mut blocks,
            tr!("先进界别", "sectors"),
            notice.sectors.len(),
        );
        for s in &notice.sectors {
            let name = site.sector_name(&s.sector.value);
            blocks.push(Block::Paragraph(with_citation(
                name.to_string(),
                s.citation.as_deref(),
            )));
        }
    }
    let people = |blocks: &mut Vec<Block>, list: &[CommendedPerson]| {
        for p in list {
            let (name, sector) = (&p.name.value, site.sector_name(&p.sector.value));
            let who = tr!("{name}（{sector}）", "{name} ({sector})");
            blocks.push(Block::Paragraph(with_citation(who, p.citation.as_deref())));
        }
    };
    if !notice.convenors.is_empty() {
        heading(
            &mut blocks,
            tr!("优秀界别召集人", "convenors"),
            notice.convenors.len(),
        );
        people(&mut blocks, &notice.convenors);
    }
    if !notice.liaisons.is_empty() {
        heading(
            &mut blocks,
            tr!("优秀界别联络员", "liaisons"),
            notice.liaisons.len(),
        );
        people(&mut blocks, &notice.liaisons);
    }
    (!blocks.is_empty()).then(|| Appendix {
        title: tr!(
            "受表扬的界别、界别召集人和界别联络员名单",
            "Sectors, convenors and liaisons commended"
        ),
        blocks,
    })
}

/// Stands for a soft line break until the paragraph is complete.
const SOFT_BREAK: char = '\u{1}';

/// Soft line breaks joined as the site joins them: nothing between Chinese characters, a
/// space elsewhere.
fn join_lines(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != SOFT_BREAK {
            out.push(c);
            continue;
        }
        let before = out.chars().last();
        let after = chars[i + 1..].iter().copied().find(|&a| a != SOFT_BREAK);
        if !joins_without_space(before, after) {
            out.push(' ');
        }
    }
    out
}

fn with_citation(who: String, citation: Option<&str>) -> String {
    match citation.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => tr!("{who}：{c}", "{who}: {c}"),
        None => who,
    }
}

/// The notice's Markdown as paper blocks, kept simple: paragraphs (the first, when it ends
/// in “：”, is the salutation and is not indented), headings as heading lines, list items
/// as lines of their own (numbered ones keep their number), links and emphasis as their
/// text, a line break inside a paragraph joined as the site joins it (no space in Chinese).
pub fn body_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    // The number of the next item of each open list (None for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_heading = false;
    let flush = |text: &mut String, blocks: &mut Vec<Block>, heading: bool| {
        let line = join_lines(text.trim());
        text.clear();
        if line.is_empty() {
            return;
        }
        blocks.push(if heading {
            Block::Heading(line)
        } else if blocks.is_empty() && (line.ends_with('：') || line.ends_with(':')) {
            Block::Flush(line)
        } else {
            Block::Paragraph(line)
        });
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut text, &mut blocks, false);
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut text, &mut blocks, true);
                in_heading = false;
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut text, &mut blocks, false);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut text, &mut blocks, false);
                if let Some(Some(n)) = lists.last_mut() {
                    text.push_str(&format!("{n}. "));
                    *n += 1;
                }
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph | TagEnd::BlockQuote(_)) => {
                flush(&mut text, &mut blocks, in_heading);
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // Resolved when the paragraph is complete and the next character is known.
            Event::SoftBreak => text.push(SOFT_BREAK),
            Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    flush(&mut text, &mut blocks, false);
    blocks
}
