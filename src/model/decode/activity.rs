//! An activity write-up: its fields, outputs, photos and review record.

use super::fields::{activity_kind, decode_results, decode_slug, output_kind, positioned_list};
use crate::core::paths::{resolve_asset, AssetError};
use crate::core::suggest;
use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::load::SourceFile;
use crate::source::yaml::Node;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) const ACTIVITY_KEYS: &[&str] = &[
    "title",
    "date",
    "end_date",
    "time",
    "kind",
    "also_sectors",
    "plenary_group",
    "location",
    "organiser",
    "participants",
    "leaders",
    "brand",
    "plan",
    "outputs",
    "photos",
    "author",
    "summary",
    "draft",
    "slug",
    "reviewed_by",
];

/// The fields every such document must have, with an example of each.
const REQUIRED: &[(&str, &str)] = &[
    ("title", "民盟界别赴江岸区开展专题调研"),
    ("date", "2024-03-15"),
    ("kind", "research"),
];

pub(crate) fn decode_activity(
    r: &mut Reporter<'_>,
    file: &SourceFile,
    sector: &str,
    source: Source,
    body: Markdown,
    assets: &BTreeSet<PathBuf>,
) -> Option<Activity> {
    let mut f = r.document_fields(
        &file.front,
        &crate::tr!(
            "活动稿件的前置信息",
            "the front matter of an activity write-up"
        ),
        REQUIRED,
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("活动标题", "activity title"),
        REQUIRED[0].1,
    );
    let date_node = f.require(
        r,
        "date",
        &crate::tr!("活动日期", "activity date"),
        REQUIRED[1].1,
    );
    let date_position = date_node.map_or(f.position(), |n| n.position);
    let date = date_node.and_then(|n| r.date(n, "date"));
    let end_date = f.get("end_date").and_then(|n| r.date(n, "end_date"));
    if let (Some(d), Some(e), Some(n)) = (
        date,
        end_date,
        file.front
            .as_mapping()
            .and_then(|m| m.iter().find(|(k, _)| k.text == "end_date")),
    ) {
        if e < d {
            r.error(
                n.1.position,
                crate::tr!(
                    "结束日期早于开始日期",
                    "the end date is before the start date"
                ),
                crate::tr!("end_date 应不早于 date", "end_date must not be before date"),
            );
        }
    }
    let time = f.get("time").and_then(|n| {
        let text = r.text(n, "time")?;
        match chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                r.error(
                    n.position,
                    crate::tr!(
                        "字段 time 的时间 “{text}” 无法识别",
                        "field time: cannot read the time “{text}”"
                    ),
                    crate::tr!(
                        "写成 24 小时制的 时:分，例如 time: \"09:30\"",
                        "write hours:minutes on the 24-hour clock, e.g. time: \"09:30\""
                    ),
                );
                None
            }
        }
    });
    let kind = f
        .require(
            r,
            "kind",
            &crate::tr!("活动类型", "activity kind"),
            REQUIRED[2].1,
        )
        .and_then(|n| activity_kind(r, n));
    let also_sectors = f
        .get("also_sectors")
        .map(|n| r.text_list(n, "also_sectors"))
        .unwrap_or_default()
        .into_iter()
        .map(|(t, p)| At::new(t, p))
        .collect();
    let plenary_group = f
        .get("plenary_group")
        .and_then(|n| r.boolean(n, "plenary_group"))
        .unwrap_or(false);
    let location = f.text(r, "location");
    let organiser = f.text(r, "organiser");
    let participants = positioned_list(r, &mut f, "participants");
    let leaders = positioned_list(r, &mut f, "leaders");
    let brand = f.text_at(r, "brand").map(|(t, p)| At::new(t, p));
    let plans = positioned_list(r, &mut f, "plan");
    let outputs = f
        .get("outputs")
        .map(|n| decode_output_items(r, n))
        .unwrap_or_default();
    let photos = f
        .get("photos")
        .map(|n| decode_photos(r, n, &file.rel, assets))
        .unwrap_or_default();
    let author = f.text_at(r, "author").map(|(t, p)| At::new(t, p));
    let summary = f.text(r, "summary");
    let draft = f
        .get("draft")
        .and_then(|n| r.boolean(n, "draft"))
        .unwrap_or(false);
    let slug = decode_slug(r, &mut f, &file.rel);
    let reviewed_by = f
        .get("reviewed_by")
        .map(|n| decode_reviewers(r, n))
        .unwrap_or_default();
    f.finish(
        r,
        ACTIVITY_KEYS,
        &crate::tr!("活动稿件", "an activity write-up"),
    );
    Some(Activity {
        sector: sector.to_string(),
        also_sectors,
        title: title?,
        date: date?,
        date_position,
        end_date,
        time,
        kind: kind?,
        plenary_group,
        location,
        organiser,
        participants,
        leaders,
        brand,
        plans,
        outputs,
        photos,
        author,
        summary,
        draft,
        reviewed_by,
        pending_review: Vec::new(),
        slug: slug?,
        body,
        source,
    })
}

/// `reviewed_by`: `{ 初审: 张某, 复审: 李某 }`, or a list of names in step order (a step
/// name is then given as `#1`, `#2` … and matched in order).
pub(crate) fn decode_reviewers(r: &mut Reporter<'_>, node: &Node) -> Vec<(String, String)> {
    match node.as_mapping() {
        Some(entries) => entries
            .iter()
            .filter_map(|(step, who)| {
                r.text(who, &step.text)
                    .map(|name| (step.text.clone(), name))
            })
            .collect(),
        None => r
            .text_list(node, "reviewed_by")
            .into_iter()
            .enumerate()
            .map(|(i, (name, _))| (format!("#{}", i + 1), name))
            .collect(),
    }
}

pub(crate) fn decode_output_items(r: &mut Reporter<'_>, node: &Node) -> Vec<OutputItem> {
    let mut items = Vec::new();
    for item in r.mapping_list(node, "outputs") {
        let Some(mut of) = r.fields(item, &crate::tr!("成果", "an output")) else {
            continue;
        };
        let kind = of
            .require(r, "kind", &crate::tr!("成果类型", "output kind"), "report")
            .and_then(|n| output_kind(r, n));
        let title = of.require_text(
            r,
            "title",
            &crate::tr!("成果标题", "output title"),
            "关于……的调研报告",
        );
        let results = of
            .get("results")
            .map(|n| decode_results(r, n))
            .unwrap_or_default();
        of.finish(
            r,
            &["kind", "title", "results"],
            &crate::tr!("成果", "an output"),
        );
        if let (Some(kind), Some(title)) = (kind, title) {
            items.push(OutputItem {
                kind,
                title,
                results,
            });
        }
    }
    items
}

pub(crate) fn decode_photos(
    r: &mut Reporter<'_>,
    node: &Node,
    rel: &Path,
    assets: &BTreeSet<PathBuf>,
) -> Vec<Photo> {
    let mut photos = Vec::new();
    for item in r.mapping_list(node, "photos") {
        let Some(mut pf) = r.fields(item, &crate::tr!("照片", "a photo")) else {
            continue;
        };
        let src = pf.require(
            r,
            "src",
            &crate::tr!("图片文件名", "image file name"),
            "river-1.jpg",
        );
        let alt = pf.text(r, "alt");
        let caption = pf.text(r, "caption");
        pf.finish(
            r,
            &["src", "alt", "caption"],
            &crate::tr!("照片", "a photo"),
        );
        if alt.is_none() {
            r.error(
                item.position,
                crate::tr!("照片缺少替代文字 alt（读屏软件靠它向视障读者描述图片）", "the photo has no alt text (screen readers use it to describe the picture to blind readers)"),
                crate::tr!("加上 alt: 一句话描述照片内容，例如 alt: 委员在江滩察看岸线修复情况", "add alt: with one sentence describing the photo, e.g. alt: 委员在江滩察看岸线修复情况"),
            );
        }
        let Some(src_node) = src else { continue };
        let Some(src_text) = r.text(src_node, "src") else {
            continue;
        };
        match resolve_asset(rel, &src_text, assets) {
            Ok(path) => {
                if let Some(alt) = alt {
                    photos.push(Photo {
                        src: path,
                        alt,
                        caption,
                    });
                }
            }
            Err(AssetError::Outside) => r.error(
                src_node.position,
                crate::tr!("图片路径 “{src_text}” 指向内容目录之外", "the image path “{src_text}” points outside the content directory"),
                crate::tr!("把图片放在稿件所在的文件夹里，写文件名即可，例如 src: river-1.jpg", "put the image in the write-up's folder and write just the file name, e.g. src: river-1.jpg"),
            ),
            Err(AssetError::Missing(candidates)) => {
                let wanted = Path::new(&src_text)
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let help =
                    match suggest::did_you_mean(&wanted, candidates.iter().map(String::as_str)) {
                        Some(s) => crate::tr!("{s}（图片要放在稿件所在文件夹，文件名区分大小写）", "{s} (images go in the write-up's folder; file names are case-sensitive)"),
                        None => {
                            crate::tr!("把图片放在稿件所在的文件夹，并检查文件名与扩展名（区分大小写）", "put the image in the write-up's folder and check the file name and extension (case-sensitive)")
                        }
                    };
                r.error(src_node.position, crate::tr!("找不到图片 “{src_text}”", "image “{src_text}” not found"), help);
            }
        }
    }
    photos
}
