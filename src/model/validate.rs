//! Validate: turn loaded files into the typed [`Site`], checking every field and every
//! reference between files, and collecting every problem in one pass.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::core::paths::{resolve_asset, AssetError};
use crate::core::slug::slugify;
use crate::core::suggest;
use crate::model::*;
use crate::source::fields::{Fields, Reporter};
use crate::source::load::{Loaded, SourceFile};
use crate::source::roles::Role as FileRole;
use crate::source::yaml::Node;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Options that change what validation accepts.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// Keep drafts in the site.
    pub include_drafts: bool,
    /// Replaces `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Keep write-ups whose review is incomplete (marked 待审核), as `serve` does.
    pub include_unreviewed: bool,
}

/// Validates everything loaded. Returns the site (if the configuration could be read at
/// all) and every problem found; callers decide whether warnings matter.
pub fn validate(
    mut loaded: Loaded,
    content_dir: &Path,
    options: &ValidateOptions,
) -> (Option<Site>, Vec<Diagnostic>) {
    let assets = &loaded.assets;
    let decoded: Vec<Decoded> = loaded
        .files
        .par_iter_mut()
        .map(|file| {
            let decoded = decode_file(file, assets);
            // The model now holds its own copy of what it needs. Only a rejected file's
            // body is read again (links into it still resolve), so the others' front
            // matter trees and text are freed now rather than at the end: at 100,000
            // write-ups they are half of the peak memory.
            if !decoded.is_rejected() {
                file.front = crate::source::yaml::Node {
                    value: crate::source::yaml::Value::Null,
                    position: file.front.position,
                };
                file.body = String::new();
            }
            decoded
        })
        .collect();
    validate_decoded(&loaded, decoded, content_dir, options)
}

/// One document decoded on its own: the part of validation that reads no other file
/// (only the list of assets), so `serve` can keep it for files that did not change.
#[derive(Debug, Clone)]
pub struct Decoded {
    document: Option<Document>,
    diagnostics: Vec<Diagnostic>,
}

impl Decoded {
    /// The write-up, when the file is one and could be decoded.
    pub fn activity(&self) -> Option<&Activity> {
        match &self.document {
            Some(Document::Activity(a)) => Some(a),
            _ => None,
        }
    }

    /// The problems found in the file on its own.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether the file is left out of the site: it could not be decoded, or has errors.
    fn is_rejected(&self) -> bool {
        self.document.is_none() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Decodes one loaded document (the first half of [`validate`]).
pub fn decode_file(file: &SourceFile, assets: &BTreeSet<PathBuf>) -> Decoded {
    let (document, diagnostics) = decode(file, assets);
    Decoded {
        document,
        diagnostics,
    }
}

/// The second half of [`validate`]: assembles the site from documents decoded by
/// [`decode_file`] (one per file of `loaded.files`, in the same order) and checks every
/// reference between files.
pub fn validate_decoded(
    loaded: &Loaded,
    decoded: Vec<Decoded>,
    content_dir: &Path,
    options: &ValidateOptions,
) -> (Option<Site>, Vec<Diagnostic>) {
    let files = &loaded.files;
    let assets = loaded.assets.clone();
    let unreadable = loaded.unreadable.clone();
    let mut diagnostics = loaded.diagnostics.clone();
    let decoded = decoded
        .into_iter()
        .map(|d| (d.is_rejected(), d.document, d.diagnostics));

    let mut config = None;
    let mut organisation = None;
    let mut sectors = Vec::new();
    let mut activities = Vec::new();
    let mut outputs = Vec::new();
    let mut plans = Vec::new();
    let mut summaries = Vec::new();
    let mut commendations = Vec::new();
    let mut pages = Vec::new();
    let mut rejected: BTreeMap<PathBuf, Rejected> = unreadable
        .into_iter()
        .map(|u| {
            let source = Source {
                rel: u.rel.clone(),
                display: u.display,
            };
            (
                u.rel,
                Rejected {
                    source,
                    body: Markdown {
                        text: u.body,
                        line: u.body_line,
                    },
                },
            )
        })
        .collect();
    for ((is_rejected, document, mut diags), file) in decoded.zip(files) {
        if is_rejected {
            let source = Source {
                rel: file.rel.clone(),
                display: file.display.clone(),
            };
            let body = Markdown {
                text: file.body.clone(),
                line: file.body_line,
            };
            rejected.insert(file.rel.clone(), Rejected { source, body });
        }
        diagnostics.append(&mut diags);
        match document {
            Some(Document::Config(c)) => config = Some(c),
            Some(Document::Organisation(o)) => organisation = Some(o),
            Some(Document::Sector(s)) => sectors.push(s),
            Some(Document::Activity(a)) => activities.push(*a),
            Some(Document::Output(o)) => outputs.push(o),
            Some(Document::Plan(p)) => plans.push(p),
            Some(Document::Summary(s)) => summaries.push(s),
            Some(Document::Commendation(c)) => commendations.push(c),
            Some(Document::Page(p)) => pages.push(p),
            None => {}
        }
    }

    let site_yaml = content_dir.join("site.yaml");
    let has_site_file = ["site.yaml", "site.yml"]
        .iter()
        .any(|name| content_dir.join(name).is_file());
    let Some(mut config) = config else {
        if !has_site_file {
            diagnostics.push(
                Diagnostic::error(&site_yaml, Position::start(), crate::tr!("找不到站点配置文件 site.yaml", "the site configuration file site.yaml is missing"))
                    .with_help(crate::tr!("在 {} 里新建 site.yaml，至少写 title、committee 和 base_url 三行（见 docs/content-model.md）", "create site.yaml in {} with at least the three lines title, committee and base_url (see docs/content-model.md)",
                        content_dir.display()
                    )),
            );
        }
        return (None, diagnostics);
    };
    if let Some(base_url) = &options.base_url {
        match normalise_base_url(base_url) {
            Ok(url) => config.base_url = url,
            Err(message) => diagnostics.push(
                Diagnostic::error(Path::new("--base-url"), Position::start(), message).with_help(
                    crate::tr!(
                        "例如 --base-url https://www.example.gov.cn/jbfc/",
                        "for example --base-url https://www.example.gov.cn/jbfc/"
                    ),
                ),
            ),
        }
    }
    let (committees, leaders) = organisation.unwrap_or_default();

    sectors.sort_by(|a, b| a.id.cmp(&b.id));
    activities.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.source.rel.cmp(&b.source.rel))
    });
    outputs.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.source.rel.cmp(&b.source.rel))
    });
    plans.sort_by(|a, b| (&a.sector, a.year).cmp(&(&b.sector, b.year)));
    summaries.sort_by(|a, b| (&a.sector, a.year).cmp(&(&b.sector, b.year)));
    commendations.sort_by_key(|c| c.year);
    pages.sort_by(|a, b| a.id.cmp(&b.id));

    let mut site = Site {
        config,
        committees,
        leaders,
        sectors,
        activities,
        outputs,
        plans,
        summaries,
        commendations,
        pages,
        assets,
        rejected,
    };
    diagnostics.extend(cross_check(&site));
    if !options.include_drafts {
        site.activities.retain(|a| !a.draft);
    }
    apply_review_gate(&mut site, options.include_unreviewed, &mut diagnostics);
    (Some(site), diagnostics)
}

#[derive(Debug, Clone)]
enum Document {
    Config(SiteConfig),
    Organisation((Vec<Committee>, Vec<Leader>)),
    Sector(Sector),
    Activity(Box<Activity>),
    Output(StandaloneOutput),
    Plan(Plan),
    Summary(Summary),
    Commendation(Commendation),
    Page(Page),
}

fn decode(file: &SourceFile, assets: &BTreeSet<PathBuf>) -> (Option<Document>, Vec<Diagnostic>) {
    let mut r = Reporter::new(&file.display);
    let source = Source {
        rel: file.rel.clone(),
        display: file.display.clone(),
    };
    let body = Markdown {
        text: file.body.clone(),
        line: file.body_line,
    };
    let document = match &file.role {
        FileRole::SiteConfig => decode_config(&mut r, &file.front).map(Document::Config),
        FileRole::Organisation => {
            decode_organisation(&mut r, &file.front).map(Document::Organisation)
        }
        FileRole::LintTerms => None,
        FileRole::Sector { sector } => {
            decode_sector(&mut r, &file.front, sector, source, body).map(Document::Sector)
        }
        FileRole::Activity { sector } => {
            decode_activity(&mut r, file, sector, source, body, assets)
                .map(|a| Document::Activity(Box::new(a)))
        }
        FileRole::Output { sector } => {
            decode_output(&mut r, file, sector, source, body).map(Document::Output)
        }
        FileRole::Plan { sector, year } => {
            decode_plan(&mut r, &file.front, sector, *year, source, body).map(Document::Plan)
        }
        FileRole::Summary { sector, year } => {
            decode_summary(&mut r, &file.front, sector, *year, source, body).map(Document::Summary)
        }
        FileRole::Commendation { year } => {
            decode_commendation(&mut r, &file.front, *year, source, body)
                .map(Document::Commendation)
        }
        FileRole::Page { id } => {
            decode_page(&mut r, &file.front, id, source, body).map(Document::Page)
        }
    };
    (document, r.diagnostics)
}

/// Checks and normalises a base URL: absolute http(s), ending in `/`.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            crate::tr!(
                "base_url “{url}” 必须以 https:// 或 http:// 开头",
                "base_url “{url}” must start with https:// or http://"
            )
        })?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.contains(char::is_whitespace)
        || url.contains(['?', '#', '"', '<', '>'])
    {
        return Err(crate::tr!(
            "base_url “{url}” 不是有效的网址",
            "base_url “{url}” is not a valid web address"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "committee",
    "base_url",
    "language",
    "term",
    "description",
    "quota",
    "footer",
    "groups",
    "member_pages",
    "review",
    "review_steps",
    "trusted_html",
];
const FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police",
    "sponsor",
    "contact",
    "address",
    "email",
    "gov_mark",
];

fn decode_config(r: &mut Reporter<'_>, node: &Node) -> Option<SiteConfig> {
    let mut f = r.fields(node, "site.yaml")?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("网站名称", "site name"),
        "武汉政协界别风采",
    );
    let committee = f.require_text(
        r,
        "committee",
        &crate::tr!("政协委员会名称", "name of the CPPCC committee"),
        "政协武汉市委员会",
    );
    let base_url = f
        .require(
            r,
            "base_url",
            &crate::tr!("网站地址", "site address"),
            "https://www.example.gov.cn/jbfc/",
        )
        .and_then(|n| {
            let text = r.text(n, "base_url")?;
            match normalise_base_url(&text) {
                Ok(url) => Some(url),
                Err(message) => {
                    r.error(
                        n.position,
                        message,
                        crate::tr!(
                            "例如 base_url: https://www.example.gov.cn/jbfc/",
                            "for example base_url: https://www.example.gov.cn/jbfc/"
                        ),
                    );
                    None
                }
            }
        });
    let language = f.text(r, "language").unwrap_or_else(|| "zh-CN".into());
    let term = f.text(r, "term");
    let description = f.text(r, "description");
    let mut quota = Quota::default();
    if let Some(q) = f.get("quota") {
        if let Some(mut qf) = r.fields(q, "quota") {
            if let Some(n) = qf
                .get("activities")
                .and_then(|n| r.integer(n, "activities", 0..=100))
            {
                quota.activities = n as u32;
            }
            if let Some(n) = qf
                .get("outputs")
                .and_then(|n| r.integer(n, "outputs", 0..=100))
            {
                quota.outputs = n as u32;
            }
            qf.finish(r, &["activities", "outputs"], "quota ");
        }
    }
    let mut footer = Footer::default();
    if let Some(node) = f.get("footer") {
        if let Some(mut ff) = r.fields(node, "footer") {
            footer.site_code = ff.text(r, "site_code");
            footer.icp = ff.text(r, "icp");
            footer.police = ff.text(r, "police");
            footer.sponsor = ff.text(r, "sponsor");
            footer.contact = ff.text(r, "contact");
            footer.address = ff.text(r, "address");
            footer.email = ff.text(r, "email");
            footer.gov_mark = ff.text(r, "gov_mark");
            ff.finish(r, FOOTER_KEYS, "footer ");
        }
    }
    let groups = f
        .get("groups")
        .map(|n| {
            r.text_list(n, "groups")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    let member_pages = f
        .get("member_pages")
        .and_then(|n| r.boolean(n, "member_pages"))
        .unwrap_or(false);
    let review_required = match f.text_at(r, "review") {
        None => false,
        Some((text, position)) => match text.as_str() {
            "required" | "true" | "是" | "必须" => true,
            "none" | "false" | "否" | "不需要" => false,
            _ => {
                r.error(
                    position,
                    crate::tr!(
                        "review 只能是 required 或 none，这里是 “{text}”",
                        "review must be required or none, not “{text}”"
                    ),
                    crate::tr!(
                        "需要审核后才发布时写 review: required",
                        "write review: required to publish write-ups only after review"
                    ),
                );
                false
            }
        },
    };
    let mut review_steps: Vec<String> = f
        .get("review_steps")
        .map(|n| {
            r.text_list(n, "review_steps")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    if !review_required {
        review_steps.clear();
    } else if review_steps.is_empty() {
        review_steps = DEFAULT_REVIEW_STEPS.iter().map(|s| s.to_string()).collect();
    }
    let mut trusted_html = false;
    if let Some(node) = f.get("trusted_html") {
        trusted_html = r.boolean(node, "trusted_html").unwrap_or(false);
        if trusted_html {
            r.warning(
                node.position,
                crate::tr!("trusted_html: true 已打开：稿件正文里的 HTML 将原样发布，不再清除脚本等危险内容", "trusted_html: true is on: HTML in write-ups is published as it is, scripts and other dangerous content are no longer removed"),
                crate::tr!("只有在每篇稿件都经过可信人员审核时才这样做；否则删除这一行，恢复默认的安全过滤", "do this only when every write-up is reviewed by someone trusted; otherwise delete this line to restore the default safety filter"),
            );
        }
    }
    f.finish(r, CONFIG_KEYS, "site.yaml ");
    Some(SiteConfig {
        title: title?,
        committee: committee?,
        base_url: base_url?,
        language,
        term,
        description,
        quota,
        footer,
        groups,
        member_pages,
        review_steps,
        trusted_html,
    })
}

fn decode_organisation(r: &mut Reporter<'_>, node: &Node) -> Option<(Vec<Committee>, Vec<Leader>)> {
    let mut f = r.fields(node, "organisation.yaml")?;
    let mut committees = Vec::new();
    if let Some(list) = f.get("committees") {
        for item in r.mapping_list(list, "committees") {
            let Some(mut cf) = r.fields(item, &crate::tr!("委员会", "a committee")) else {
                continue;
            };
            let id = cf.require_text(
                r,
                "id",
                &crate::tr!("委员会代号", "committee id"),
                "economy",
            );
            let name = cf.require_text(
                r,
                "name",
                &crate::tr!("委员会名称", "committee name"),
                "经济委员会",
            );
            cf.finish(r, &["id", "name"], &crate::tr!("委员会", "a committee"));
            if let (Some(id), Some(name)) = (id, name) {
                if committees.iter().any(|c: &Committee| c.id == id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "委员会代号 “{id}” 重复",
                            "committee id “{id}” is used twice"
                        ),
                        crate::tr!(
                            "每个委员会的 id 必须不同",
                            "every committee needs a different id"
                        ),
                    );
                }
                committees.push(Committee { id, name });
            }
        }
    }
    let mut leaders = Vec::new();
    if let Some(list) = f.get("leaders") {
        for item in r.mapping_list(list, "leaders") {
            let Some(mut lf) = r.fields(
                item,
                &crate::tr!(
                    "主席会议成员",
                    "a member of the chairpersons' council (主席会议成员)"
                ),
            ) else {
                continue;
            };
            let name = lf.require_text(r, "name", &crate::tr!("姓名", "name"), "某某某");
            let title = lf.text(r, "title").unwrap_or_default();
            lf.finish(
                r,
                &["name", "title"],
                &crate::tr!(
                    "主席会议成员",
                    "a member of the chairpersons' council (主席会议成员)"
                ),
            );
            if let Some(name) = name {
                leaders.push(Leader { name, title });
            }
        }
    }
    f.finish(r, &["committees", "leaders"], "organisation.yaml ");
    Some((committees, leaders))
}

const SECTOR_KEYS: &[&str] = &[
    "name",
    "short",
    "group",
    "served_by",
    "organised_by",
    "vice_chair",
    "convenors",
    "liaisons",
    "members",
    "brands",
];

fn decode_sector(
    r: &mut Reporter<'_>,
    node: &Node,
    id: &str,
    source: Source,
    body: Markdown,
) -> Option<Sector> {
    let mut f = r.fields(
        node,
        &crate::tr!("界别简介的前置信息", "the front matter of a sector profile"),
    )?;
    let name = f.require_text(
        r,
        "name",
        &crate::tr!("界别全称", "full sector name"),
        "中国民主同盟界",
    );
    let short = f.text(r, "short");
    let group = f.require_text(
        r,
        "group",
        &crate::tr!("界别分组", "sector group"),
        "民主党派",
    );
    let served_by = f.text_at(r, "served_by").map(|(t, p)| At::new(t, p));
    let organised_by = f.text(r, "organised_by");
    let vice_chair = f.text_at(r, "vice_chair").map(|(t, p)| At::new(t, p));
    let convenors = f
        .get("convenors")
        .map(|n| decode_roles(r, n, "convenors"))
        .unwrap_or_default();
    let liaisons = f
        .get("liaisons")
        .map(|n| decode_roles(r, n, "liaisons"))
        .unwrap_or_default();
    let members: Vec<String> = f
        .get("members")
        .map(|n| {
            r.text_list(n, "members")
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    let mut brands: Vec<Brand> = Vec::new();
    if let Some(list) = f.get("brands") {
        for item in r.mapping_list(list, "brands") {
            let Some(mut bf) = r.fields(
                item,
                &crate::tr!("特色品牌", "a signature programme (特色品牌)"),
            ) else {
                continue;
            };
            let brand_id = bf.require_text(
                r,
                "id",
                &crate::tr!("品牌代号（英文）", "programme id (ASCII)"),
                "river",
            );
            let brand_name = bf.require_text(
                r,
                "name",
                &crate::tr!("品牌名称", "programme name"),
                "长江大保护调研",
            );
            let summary = bf.text(r, "summary");
            bf.finish(
                r,
                &["id", "name", "summary"],
                &crate::tr!("特色品牌", "a signature programme (特色品牌)"),
            );
            if let (Some(brand_id), Some(brand_name)) = (brand_id, brand_name) {
                if brands.iter().any(|b| b.id == brand_id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "品牌代号 “{brand_id}” 重复",
                            "programme id “{brand_id}” is used twice"
                        ),
                        crate::tr!(
                            "每个品牌的 id 必须不同",
                            "every programme needs a different id"
                        ),
                    );
                }
                brands.push(Brand {
                    id: brand_id,
                    name: brand_name,
                    summary,
                });
            }
        }
    }
    if served_by.is_none() && organised_by.is_none() {
        r.warning(
            f.position(),
            crate::tr!("没有写明对口服务的专门委员会（served_by）或组织单位（organised_by）", "neither the special committee serving the sector (served_by) nor the organising body (organised_by) is given"),
            crate::tr!("按第 8 条：民主党派、工商联界别写 organised_by，其他界别写 served_by: 委员会代号", "by clause 8, democratic-party and ACFIC sectors write organised_by, other sectors write served_by: <committee id>"),
        );
    }
    f.finish(r, SECTOR_KEYS, &crate::tr!("界别简介", "a sector profile"));
    Some(Sector {
        id: id.to_string(),
        name: name?,
        short,
        group: group?,
        served_by,
        organised_by,
        vice_chair,
        convenors,
        liaisons,
        members,
        brands,
        body,
        source,
    })
}

fn decode_roles(r: &mut Reporter<'_>, node: &Node, key: &str) -> Vec<Role> {
    let mut roles = Vec::new();
    for item in r.mapping_list(node, key) {
        if let Some(name) = item.as_str() {
            // A bare name is a role held throughout.
            roles.push(Role {
                name: name.trim().to_string(),
                first: false,
                from: None,
                to: None,
                unit: None,
            });
            continue;
        }
        let Some(mut rf) = r.fields(item, key) else {
            continue;
        };
        let name = rf.require_text(r, "name", &crate::tr!("姓名", "name"), "张某某");
        let first = rf
            .get("first")
            .and_then(|n| r.boolean(n, "first"))
            .unwrap_or(false);
        let from = rf.get("from").and_then(|n| r.year(n, "from"));
        let to = rf.get("to").and_then(|n| r.year(n, "to"));
        let unit = rf.text(r, "unit");
        rf.finish(
            r,
            &["name", "first", "from", "to", "unit"],
            &crate::tr!("召集人/联络员", "a convenor/liaison"),
        );
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                r.error(
                    item.position,
                    crate::tr!(
                        "任期起始年 {f} 晚于结束年 {t}",
                        "the term starts in {f}, after it ends in {t}"
                    ),
                    crate::tr!(
                        "from 写开始年份，to 写结束年份（含）",
                        "write the first year in from and the last year (inclusive) in to"
                    ),
                );
            }
        }
        if let Some(name) = name {
            roles.push(Role {
                name,
                first,
                from,
                to,
                unit,
            });
        }
    }
    roles
}

const ACTIVITY_KEYS: &[&str] = &[
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

fn decode_activity(
    r: &mut Reporter<'_>,
    file: &SourceFile,
    sector: &str,
    source: Source,
    body: Markdown,
    assets: &BTreeSet<PathBuf>,
) -> Option<Activity> {
    let mut f = r.fields(
        &file.front,
        &crate::tr!(
            "活动稿件的前置信息",
            "the front matter of an activity write-up"
        ),
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("活动标题", "activity title"),
        "民盟界别赴江岸区开展专题调研",
    );
    let date = f
        .require(
            r,
            "date",
            &crate::tr!("活动日期", "activity date"),
            "2024-03-15",
        )
        .and_then(|n| r.date(n, "date"));
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
            "research",
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
    let plan = f.text_at(r, "plan").map(|(t, p)| At::new(t, p));
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
        end_date,
        time,
        kind: kind?,
        plenary_group,
        location,
        organiser,
        participants,
        leaders,
        brand,
        plan,
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
fn decode_reviewers(r: &mut Reporter<'_>, node: &Node) -> Vec<(String, String)> {
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

/// Marks write-ups whose review is incomplete, and (unless they are wanted, as in
/// `serve`) leaves them out with a notice.
fn apply_review_gate(site: &mut Site, include_unreviewed: bool, diagnostics: &mut Vec<Diagnostic>) {
    let steps = site.config.review_steps.clone();
    if steps.is_empty() {
        return;
    }
    for a in &mut site.activities {
        let done: Vec<&str> = a
            .reviewed_by
            .iter()
            .enumerate()
            .filter_map(|(i, (step, _))| {
                if step.starts_with('#') {
                    steps.get(i).map(String::as_str)
                } else {
                    Some(step.as_str())
                }
            })
            .collect();
        for (step, _) in &a.reviewed_by {
            if !step.starts_with('#') && !steps.contains(step) {
                diagnostics.push(
                    Diagnostic::warning(
                        &a.source.display,
                        Position::start(),
                        crate::tr!(
                            "reviewed_by 里的 “{step}” 不是本站的审核环节",
                            "“{step}” in reviewed_by is not one of this site's review steps"
                        ),
                    )
                    .with_help(crate::tr!(
                        "审核环节（site.yaml 的 review_steps）：{}",
                        "the review steps (review_steps in site.yaml): {}",
                        steps.join(crate::core::i18n::separator())
                    )),
                );
            }
        }
        a.pending_review = steps
            .iter()
            .filter(|s| !done.contains(&s.as_str()))
            .cloned()
            .collect();
    }
    if include_unreviewed {
        return;
    }
    for a in site
        .activities
        .iter()
        .filter(|a| !a.pending_review.is_empty() && !a.draft)
    {
        diagnostics.push(
            Diagnostic::warning(
                &a.source.display,
                Position::start(),
                crate::tr!(
                    "尚未完成审核（缺少：{}），本次不发布",
                    "review not complete (missing: {}), so it is not published this time",
                    a.pending_review.join(crate::core::i18n::separator())
                ),
            )
            .with_help(crate::tr!(
                "审核后在前置信息里写明审核人，例如 reviewed_by: {{ {} }}",
                "after review, name the reviewers in the front matter, e.g. reviewed_by: {{ {} }}",
                steps
                    .iter()
                    .map(|s| format!("{s}: 姓名"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    site.activities.retain(|a| a.pending_review.is_empty());
}

fn positioned_list(r: &mut Reporter<'_>, f: &mut Fields<'_>, key: &str) -> Vec<At<String>> {
    f.get(key)
        .map(|n| r.text_list(n, key))
        .unwrap_or_default()
        .into_iter()
        .map(|(t, p)| At::new(t, p))
        .collect()
}

/// Longest `slug:` accepted.
const MAX_SLUG_BYTES: usize = 120;

fn decode_slug(r: &mut Reporter<'_>, f: &mut Fields<'_>, rel: &Path) -> Option<String> {
    if let Some((slug, position)) = f.text_at(r, "slug") {
        // Past the file system's limit on a name (255 bytes) the page could not be written.
        if slug.len() > MAX_SLUG_BYTES {
            r.error(
                position,
                crate::tr!(
                    "slug 太长（{} 个字符，最多 {MAX_SLUG_BYTES} 个）",
                    "the slug is too long ({} characters, at most {MAX_SLUG_BYTES})",
                    slug.chars().count()
                ),
                crate::tr!(
                    "网址名用几个英文单词即可，例如 slug: changjiang-diaoyan",
                    "a few ASCII words are enough for a web address, e.g. slug: changjiang-diaoyan"
                ),
            );
            return None;
        }
        if crate::source::roles::is_valid_id(&slug) {
            return Some(slug);
        }
        r.error(
            position,
            crate::tr!(
                "slug “{slug}” 只能使用小写英文字母、数字和 -",
                "slug “{slug}” may contain only lower-case ASCII letters, digits and -"
            ),
            crate::tr!("改为 slug: {}", "change it to slug: {}", slugify(&slug)),
        );
        return None;
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    if slug.is_empty() {
        r.error(
            Position::start(),
            crate::tr!("无法从文件名 “{stem}” 生成网址", "cannot make a web address from the file name “{stem}”"),
            crate::tr!("把文件改名为日期加简短说明（如 2025-03-15-diaoyan.md），或在前置信息里加 slug: 英文网址名", "rename the file to the date and a short description (e.g. 2025-03-15-diaoyan.md), or add slug: <ascii-name> to the front matter"),
        );
        return None;
    }
    Some(slug)
}

fn activity_kind(r: &mut Reporter<'_>, node: &Node) -> Option<ActivityKind> {
    read_kind(
        r,
        node,
        (
            crate::tr!("九类活动", "the nine kinds"),
            crate::tr!("活动类型", "activity kind"),
        ),
    )
}

fn output_kind(r: &mut Reporter<'_>, node: &Node) -> Option<OutputKind> {
    read_kind(
        r,
        node,
        (
            crate::tr!("成果类型", "the output kinds"),
            crate::tr!("成果类型", "output kind"),
        ),
    )
}

/// Reads a kind (id or Chinese name); an unknown one is an error suggesting the nearest
/// spelling and listing them all. `labels` = (the list's label, the field's name).
fn read_kind<K: Kind>(r: &mut Reporter<'_>, node: &Node, labels: (String, String)) -> Option<K> {
    let text = r.text(node, "kind")?;
    let kind = K::parse(&text);
    if kind.is_none() {
        let (list_label, what) = labels;
        let show = |k: K| crate::tr!("{}（{}）", "{} ({})", k.id(), k.name());
        let list: Vec<String> = K::all().iter().map(|&k| show(k)).collect();
        let list = list.join(crate::core::i18n::separator());
        let help = match suggest::nearest(&text, K::spellings()) {
            Some(s) => {
                let k = K::parse(s).map_or(s.to_string(), show);
                crate::tr!(
                    "是否想写 {k}？{list_label}：{list}",
                    "did you mean {k}? {list_label}: {list}"
                )
            }
            None => crate::tr!("{list_label}：{list}", "{list_label}: {list}"),
        };
        r.error(
            node.position,
            crate::tr!("不认识的{what} “{text}”", "unknown {what} “{text}”"),
            help,
        );
    }
    kind
}

fn decode_output_items(r: &mut Reporter<'_>, node: &Node) -> Vec<OutputItem> {
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
        of.finish(r, &["kind", "title"], &crate::tr!("成果", "an output"));
        if let (Some(kind), Some(title)) = (kind, title) {
            items.push(OutputItem { kind, title });
        }
    }
    items
}

fn decode_photos(
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

fn decode_output(
    r: &mut Reporter<'_>,
    file: &SourceFile,
    sector: &str,
    source: Source,
    body: Markdown,
) -> Option<StandaloneOutput> {
    let mut f = r.fields(
        &file.front,
        &crate::tr!("成果的前置信息", "the front matter of an output"),
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("成果标题", "output title"),
        "关于……的集体提案",
    );
    let date = f
        .require(
            r,
            "date",
            &crate::tr!("提交日期", "submission date"),
            "2024-03-15",
        )
        .and_then(|n| r.date(n, "date"));
    let kind = f
        .require(
            r,
            "kind",
            &crate::tr!("成果类型", "output kind"),
            "proposal",
        )
        .and_then(|n| output_kind(r, n));
    let slug = decode_slug(r, &mut f, &file.rel);
    f.finish(
        r,
        &["title", "date", "kind", "slug"],
        &crate::tr!("成果", "an output"),
    );
    Some(StandaloneOutput {
        sector: sector.to_string(),
        title: title?,
        date: date?,
        kind: kind?,
        slug: slug?,
        body,
        source,
    })
}

fn check_year_field(r: &mut Reporter<'_>, f: &mut Fields<'_>, year: i32) {
    if let Some(node) = f.get("year") {
        if let Some(y) = r.year(node, "year") {
            if y != year {
                r.error(
                    node.position,
                    crate::tr!(
                        "year: {y} 与文件名中的年份 {year} 不一致",
                        "year: {y} does not match the year {year} in the file name"
                    ),
                    crate::tr!(
                        "改为 year: {year}，或把文件改名为 {y}.md",
                        "change it to year: {year}, or rename the file to {y}.md"
                    ),
                );
            }
        }
    }
}

fn decode_plan(
    r: &mut Reporter<'_>,
    node: &Node,
    sector: &str,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Plan> {
    let mut f = r.fields(
        node,
        &crate::tr!("年度计划的前置信息", "the front matter of a yearly plan"),
    )?;
    check_year_field(r, &mut f, year);
    let mut items: Vec<PlanItem> = Vec::new();
    if let Some(list) = f.get("items") {
        for item in r.mapping_list(list, "items") {
            let Some(mut pf) = r.fields(item, &crate::tr!("计划项目", "a plan item")) else {
                continue;
            };
            let id = pf.require_text(r, "id", &crate::tr!("项目编号", "item id"), "p1");
            let title = pf.require_text(
                r,
                "title",
                &crate::tr!("项目内容", "item description"),
                "学习全国两会精神",
            );
            let kind = pf.get("kind").and_then(|n| activity_kind(r, n));
            let quarter = pf
                .get("quarter")
                .and_then(|n| r.integer(n, "quarter", 1..=4))
                .map(|q| q as u8);
            pf.finish(
                r,
                &["id", "title", "kind", "quarter"],
                &crate::tr!("计划项目", "a plan item"),
            );
            if let (Some(id), Some(title)) = (id, title) {
                if items.iter().any(|i| i.id == id) {
                    r.error(
                        item.position,
                        crate::tr!(
                            "计划项目编号 “{id}” 重复",
                            "plan item id “{id}” is used twice"
                        ),
                        crate::tr!(
                            "每个项目的 id 必须不同，如 p1、p2、p3",
                            "every item needs a different id, such as p1, p2, p3"
                        ),
                    );
                }
                items.push(PlanItem {
                    id,
                    title,
                    kind,
                    quarter,
                });
            }
        }
    }
    f.finish(
        r,
        &["year", "items"],
        &crate::tr!("年度计划", "a yearly plan"),
    );
    Some(Plan {
        sector: sector.to_string(),
        year,
        items,
        body,
        source,
    })
}

fn decode_summary(
    r: &mut Reporter<'_>,
    node: &Node,
    sector: &str,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Summary> {
    if node.is_null() {
        return Some(Summary {
            sector: sector.to_string(),
            year,
            body,
            source,
        });
    }
    let mut f = r.fields(
        node,
        &crate::tr!("年度总结的前置信息", "the front matter of a yearly summary"),
    )?;
    check_year_field(r, &mut f, year);
    f.finish(r, &["year"], &crate::tr!("年度总结", "a yearly summary"));
    Some(Summary {
        sector: sector.to_string(),
        year,
        body,
        source,
    })
}

fn decode_commendation(
    r: &mut Reporter<'_>,
    node: &Node,
    year: i32,
    source: Source,
    body: Markdown,
) -> Option<Commendation> {
    let mut f = r.fields(
        node,
        &crate::tr!("通报表扬的前置信息", "the front matter of a commendation"),
    )?;
    check_year_field(r, &mut f, year);
    let date = f.get("date").and_then(|n| r.date(n, "date"));
    let document = f.text(r, "document");
    let mut sectors = Vec::new();
    if let Some(list) = f.get("sectors") {
        for item in r.mapping_list(list, "sectors") {
            let Some(mut sf) = r.fields(item, &crate::tr!("表扬的界别", "a commended sector"))
            else {
                continue;
            };
            let sector =
                sf.require_text(r, "sector", &crate::tr!("界别代号", "sector id"), "minmeng");
            let citation = sf.text(r, "citation");
            sf.finish(
                r,
                &["sector", "citation"],
                &crate::tr!("表扬的界别", "a commended sector"),
            );
            if let Some(sector) = sector {
                sectors.push(CommendedSector {
                    sector: At::new(sector, item.position),
                    citation,
                });
            }
        }
    }
    let people = |r: &mut Reporter<'_>, f: &mut Fields<'_>, key: &str| -> Vec<CommendedPerson> {
        let mut out = Vec::new();
        if let Some(list) = f.get(key) {
            for item in r.mapping_list(list, key) {
                let Some(mut pf) = r.fields(item, &crate::tr!("表扬的个人", "a commended person"))
                else {
                    continue;
                };
                let name = pf.text_at(r, "name");
                let sector = pf.text_at(r, "sector");
                if name.is_none() {
                    r.error(
                        item.position,
                        crate::tr!(
                            "缺少必填字段 name（姓名）",
                            "required field name (the person's name) is missing"
                        ),
                        crate::tr!("加上 name: 张某某", "add name: 张某某"),
                    );
                }
                if sector.is_none() {
                    r.error(
                        item.position,
                        crate::tr!(
                            "缺少必填字段 sector（所在界别代号）",
                            "required field sector (the person's sector id) is missing"
                        ),
                        crate::tr!("加上 sector: minmeng", "add sector: minmeng"),
                    );
                }
                let citation = pf.text(r, "citation");
                pf.finish(
                    r,
                    &["name", "sector", "citation"],
                    &crate::tr!("表扬的个人", "a commended person"),
                );
                if let (Some((n, np)), Some((s, sp))) = (name, sector) {
                    out.push(CommendedPerson {
                        name: At::new(n, np),
                        sector: At::new(s, sp),
                        citation,
                    });
                }
            }
        }
        out
    };
    let convenors = people(r, &mut f, "convenors");
    let liaisons = people(r, &mut f, "liaisons");
    f.finish(
        r,
        &[
            "year",
            "date",
            "document",
            "sectors",
            "convenors",
            "liaisons",
        ],
        &crate::tr!("通报表扬", "a commendation"),
    );
    Some(Commendation {
        year,
        date,
        document,
        sectors,
        convenors,
        liaisons,
        body,
        source,
    })
}

fn decode_page(
    r: &mut Reporter<'_>,
    node: &Node,
    id: &str,
    source: Source,
    body: Markdown,
) -> Option<Page> {
    let mut f = r.fields(
        node,
        &crate::tr!("页面的前置信息", "the front matter of a page"),
    )?;
    let title = f.require_text(
        r,
        "title",
        &crate::tr!("页面标题", "page title"),
        "关于本站",
    );
    let summary = f.text(r, "summary");
    let short = f.text(r, "short");
    let menu = f
        .get("menu")
        .and_then(|n| r.integer(n, "menu", -1000..=1000))
        .map(|m| m as i32);
    f.finish(
        r,
        &["title", "summary", "short", "menu"],
        &crate::tr!("页面", "a page"),
    );
    Some(Page {
        id: id.to_string(),
        title: title?,
        summary,
        short,
        menu,
        body,
        source,
    })
}

/// Checks every reference between files: sectors, committees, brands, plan items,
/// people and roles.
fn cross_check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sectors: HashMap<&str, &Sector> = site.sectors.iter().map(|s| (s.id.as_str(), s)).collect();
    let sector_ids: Vec<&str> = site.sectors.iter().map(|s| s.id.as_str()).collect();
    let committee_ids: Vec<&str> = site.committees.iter().map(|c| c.id.as_str()).collect();
    let leader_names: Vec<&str> = site.leaders.iter().map(|l| l.name.as_str()).collect();
    let members: HashSet<&str> = site
        .sectors
        .iter()
        .flat_map(|s| s.members.iter().map(String::as_str))
        .collect();
    let member_list: Vec<&str> = {
        let mut v: Vec<&str> = members.iter().copied().collect();
        v.sort_unstable();
        v
    };
    let plans: BTreeMap<(&str, i32), &Plan> = site
        .plans
        .iter()
        .map(|p| ((p.sector.as_str(), p.year), p))
        .collect();
    // References to a file that failed validation were reported with that file; do not
    // report them again everywhere they are used.
    let broken_sectors: HashSet<String> = site
        .rejected
        .keys()
        .filter_map(|p| {
            let parts: Vec<String> = p
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match parts.as_slice() {
                [a, id, c] if a == "sectors" && c == "index.md" => Some(id.clone()),
                _ => None,
            }
        })
        .collect();
    let organisation_broken = site
        .rejected
        .keys()
        .any(|p| p.to_string_lossy().starts_with("organi"));
    let known_sector = |id: &str| sectors.contains_key(id) || broken_sectors.contains(id);

    let sector_help = |wrong: &str| -> String {
        let by_name = site
            .sectors
            .iter()
            .find(|s| s.name == wrong || s.short.as_deref() == Some(wrong));
        match by_name {
            Some(s) => crate::tr!(
                "这里要写界别代号：{}（{}）",
                "write the sector id here: {} ({})",
                s.id,
                s.display_name()
            ),
            None => match suggest::did_you_mean(wrong, sector_ids.iter().copied()) {
                Some(s) => crate::tr!(
                    "{s}界别代号就是 sectors/ 下的文件夹名",
                    "{s} The sector id is the folder name under sectors/"
                ),
                None => crate::tr!(
                    "界别代号就是 sectors/ 下的文件夹名，例如 minmeng",
                    "the sector id is the folder name under sectors/, e.g. minmeng"
                ),
            },
        }
    };

    // Folders with write-ups but no profile.
    let mut reported_missing: BTreeSet<String> = BTreeSet::new();
    let mut missing_profile = |sector: &str, path: &Path, out: &mut Vec<Diagnostic>| {
        if !known_sector(sector) && reported_missing.insert(sector.to_string()) {
            out.push(
                Diagnostic::error(
                    path,
                    Position::start(),
                    crate::tr!("界别 “{sector}” 没有简介文件 sectors/{sector}/index.md", "sector “{sector}” has no profile sectors/{sector}/index.md"),
                )
                .with_help(
                    match suggest::did_you_mean(sector, sector_ids.iter().copied()) {
                        Some(s) => crate::tr!("{s}文件夹名要与已有界别一致；新界别请先建 index.md", "{s} The folder name must match an existing sector; for a new sector create index.md first"),
                        None => crate::tr!("新建 sectors/{sector}/index.md，写上 name 和 group", "create sectors/{sector}/index.md with name and group"),
                    },
                ),
            );
        }
    };

    for sector in &site.sectors {
        if let Some(served) = &sector.served_by {
            if !organisation_broken && !committee_ids.contains(&served.value.as_str()) {
                let by_name = site.committees.iter().find(|c| c.name == served.value);
                let help = match by_name {
                    Some(c) => crate::tr!(
                        "这里要写委员会代号：served_by: {}",
                        "write the committee id here: served_by: {}",
                        c.id
                    ),
                    None => {
                        match suggest::did_you_mean(&served.value, committee_ids.iter().copied()) {
                            Some(s) => s,
                            None => crate::tr!(
                                "organisation.yaml 里的委员会代号：{}",
                                "the committee ids in organisation.yaml: {}",
                                committee_ids.join(crate::core::i18n::separator())
                            ),
                        }
                    }
                };
                out.push(
                    Diagnostic::error(
                        &sector.source.display,
                        served.position,
                        crate::tr!(
                            "不认识的委员会 “{}”",
                            "unknown committee “{}”",
                            served.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(vc) = &sector.vice_chair {
            if !organisation_broken && !leader_names.contains(&vc.value.as_str()) {
                out.push(
                    Diagnostic::warning(
                        &sector.source.display,
                        vc.position,
                        crate::tr!("“{}” 不在 organisation.yaml 的主席会议成员名单中", "“{}” is not in the list of chairpersons' council members in organisation.yaml", vc.value),
                    )
                    .with_help(
                        suggest::did_you_mean(&vc.value, leader_names.iter().copied())
                            .unwrap_or_else(|| crate::tr!("在 organisation.yaml 的 leaders 里加上此人", "add this person to leaders in organisation.yaml")),
                    ),
                );
            }
        }
    }

    for activity in &site.activities {
        let path = &activity.source.display;
        missing_profile(&activity.sector, path, &mut out);
        let year = activity.year();
        for also in &activity.also_sectors {
            if !known_sector(also.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        path,
                        also.position,
                        crate::tr!("不认识的界别 “{}”", "unknown sector “{}”", also.value),
                    )
                    .with_help(sector_help(&also.value)),
                );
            } else if also.value == activity.sector {
                out.push(
                    Diagnostic::warning(
                        path,
                        also.position,
                        crate::tr!(
                            "also_sectors 里不用再写本界别",
                            "also_sectors need not list the write-up's own sector"
                        ),
                    )
                    .with_help(crate::tr!("删除这一项", "delete this item")),
                );
            }
        }
        let home = sectors.get(activity.sector.as_str());
        if let (Some(brand), Some(home)) = (&activity.brand, home) {
            if !home.brands.iter().any(|b| b.id == brand.value) {
                let ids: Vec<&str> = home.brands.iter().map(|b| b.id.as_str()).collect();
                let help = match suggest::did_you_mean(&brand.value, ids.iter().copied()) {
                    Some(s) => s,
                    None if ids.is_empty() => crate::tr!("{} 还没有特色品牌；在 sectors/{}/index.md 的 brands 里添加，或删掉这一行", "{} has no signature programmes yet; add one under brands in sectors/{}/index.md, or delete this line",
                        home.display_name(),
                        home.id
                    ),
                    None => crate::tr!("本界别的品牌代号：{}", "this sector's programme ids: {}", ids.join(crate::core::i18n::separator())),
                };
                out.push(
                    Diagnostic::error(
                        path,
                        brand.position,
                        crate::tr!(
                            "不认识的特色品牌 “{}”",
                            "unknown signature programme “{}”",
                            brand.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(plan_ref) = &activity.plan {
            match plans.get(&(activity.sector.as_str(), year)) {
                None => out.push(
                    Diagnostic::error(
                        path,
                        plan_ref.position,
                        crate::tr!("本界别没有 {year} 年的年度计划，无法对应计划项目 “{}”", "the sector has no plan for {year}, so plan item “{}” cannot be matched",
                            plan_ref.value
                        ),
                    )
                    .with_help(crate::tr!("先建 sectors/{}/plans/{year}.md，或删掉 plan 这一行", "create sectors/{}/plans/{year}.md first, or delete the plan line",
                        activity.sector
                    )),
                ),
                Some(plan) if !plan.items.iter().any(|i| i.id == plan_ref.value) => {
                    let ids: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
                    let listing: Vec<String> = plan
                        .items
                        .iter()
                        .map(|i| crate::tr!("{}（{}）", "{} ({})", i.id, i.title))
                        .collect();
                    let help = match suggest::did_you_mean(&plan_ref.value, ids.iter().copied()) {
                        Some(s) => crate::tr!("{s}{year} 年计划的项目：{}", "{s} The items of the {year} plan: {}", listing.join(crate::core::i18n::separator())),
                        None => crate::tr!("{year} 年计划的项目：{}", "the items of the {year} plan: {}", listing.join(crate::core::i18n::separator())),
                    };
                    out.push(
                        Diagnostic::error(
                            path,
                            plan_ref.position,
                            crate::tr!("{year} 年计划里没有项目 “{}”", "the {year} plan has no item “{}”", plan_ref.value),
                        )
                        .with_help(help),
                    );
                }
                Some(_) => {}
            }
        }
        for person in &activity.participants {
            if !members.contains(person.value.as_str()) {
                let help = match suggest::did_you_mean(&person.value, member_list.iter().copied()) {
                    Some(s) => s,
                    None => {
                        crate::tr!("把此人加入所在界别 index.md 的 members 名单；如果不是委员，可写在正文里", "add this person to members in their sector's index.md; if they are not a member, mention them in the body instead")
                    }
                };
                out.push(
                    Diagnostic::warning(
                        path,
                        person.position,
                        crate::tr!(
                            "参加人员 “{}” 不在任何界别的委员名单中",
                            "participant “{}” is not on any sector's member list",
                            person.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        for leader in &activity.leaders {
            if !organisation_broken && !leader_names.contains(&leader.value.as_str()) {
                let help = suggest::did_you_mean(&leader.value, leader_names.iter().copied())
                    .unwrap_or_else(|| {
                        crate::tr!("leaders 只写主席会议成员（organisation.yaml 的 leaders）", "leaders lists only members of the chairpersons' council (leaders in organisation.yaml)")
                    });
                out.push(
                    Diagnostic::warning(
                        path,
                        leader.position,
                        crate::tr!(
                            "“{}” 不在主席会议成员名单中",
                            "“{}” is not on the chairpersons' council list",
                            leader.value
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if let Some(author) = &activity.author {
            let holds_now = activity
                .sector_ids()
                .filter_map(|id| sectors.get(id))
                .any(|s| {
                    s.liaisons
                        .iter()
                        .any(|l| l.name == author.value && l.holds_in(year))
                });
            if !holds_now {
                let other_years =
                    home.and_then(|s| s.liaisons.iter().find(|l| l.name == author.value));
                match other_years {
                    Some(role) => out.push(
                        Diagnostic::error(path, author.position, crate::tr!("{} 在 {year} 年不是本界别的联络员（任期 {}）", "{} was not this sector's liaison in {year} (term: {})", author.value, role.span_text()))
                            .with_help(crate::tr!("作者写 {year} 年在任的联络员：{}", "the author should be a liaison serving in {year}: {}", home.map(|s| holders(&s.liaisons, year)).unwrap_or_default())),
                    ),
                    None => out.push(
                        Diagnostic::warning(path, author.position, crate::tr!("作者 “{}” 不是本界别的联络员", "author “{}” is not a liaison of this sector", author.value)).with_help(
                            match home.and_then(|s| suggest::did_you_mean(&author.value, s.liaisons.iter().map(|l| l.name.as_str()))) {
                                Some(s) => s,
                                None => crate::tr!("作者一般是本界别联络员；如有变动，请更新界别 index.md 的 liaisons", "the author is normally one of the sector's liaisons; if that changed, update liaisons in the sector's index.md"),
                            },
                        ),
                    ),
                }
            }
        }
    }

    for output in &site.outputs {
        missing_profile(&output.sector, &output.source.display, &mut out);
    }
    for plan in &site.plans {
        missing_profile(&plan.sector, &plan.source.display, &mut out);
    }
    for summary in &site.summaries {
        missing_profile(&summary.sector, &summary.source.display, &mut out);
    }

    for notice in &site.commendations {
        let path = &notice.source.display;
        for commended in &notice.sectors {
            if !known_sector(commended.sector.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        path,
                        commended.sector.position,
                        crate::tr!(
                            "不认识的界别 “{}”",
                            "unknown sector “{}”",
                            commended.sector.value
                        ),
                    )
                    .with_help(sector_help(&commended.sector.value)),
                );
            }
        }
        for (people, role_name) in [(&notice.convenors, "召集人"), (&notice.liaisons, "联络员")]
        {
            for person in people {
                let Some(sector) = sectors.get(person.sector.value.as_str()) else {
                    if known_sector(person.sector.value.as_str()) {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            path,
                            person.sector.position,
                            crate::tr!(
                                "不认识的界别 “{}”",
                                "unknown sector “{}”",
                                person.sector.value
                            ),
                        )
                        .with_help(sector_help(&person.sector.value)),
                    );
                    continue;
                };
                let roles = if role_name == "召集人" {
                    &sector.convenors
                } else {
                    &sector.liaisons
                };
                if roles
                    .iter()
                    .any(|r| r.name == person.name.value && r.holds_in(notice.year))
                {
                    continue;
                }
                let role_name = if role_name == "召集人" {
                    crate::tr!("召集人", "convenor")
                } else {
                    crate::tr!("联络员", "liaison")
                };
                let (name, sector_name, year) =
                    (&person.name.value, sector.display_name(), notice.year);
                let message = match roles.iter().find(|r| r.name == person.name.value) {
                    Some(role) => {
                        let span = role.span_text();
                        crate::tr!(
                            "{name} 在 {year} 年不是{sector_name}的{role_name}（任期 {span}）",
                            "{name} was not the {role_name} of {sector_name} in {year} (term: {span})"
                        )
                    }
                    None => crate::tr!(
                        "{name} 不是{sector_name}的{role_name}",
                        "{name} is not a {role_name} of {sector_name}"
                    ),
                };
                let names = roles.iter().map(|r| r.name.as_str());
                let help = match suggest::did_you_mean(&person.name.value, names) {
                    Some(s) => s,
                    None => crate::tr!(
                        "{} 年在任的{role_name}：{}",
                        "{role_name}s serving in {}: {}",
                        notice.year,
                        holders(roles, notice.year)
                    ),
                };
                out.push(Diagnostic::error(path, person.name.position, message).with_help(help));
            }
        }
    }
    out
}

fn holders(roles: &[Role], year: i32) -> String {
    let names: Vec<&str> = roles
        .iter()
        .filter(|r| r.holds_in(year))
        .map(|r| r.name.as_str())
        .collect();
    if names.is_empty() {
        crate::tr!("（无）", "(none)")
    } else {
        names.join(crate::core::i18n::separator())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        assert_eq!(
            normalise_base_url("https://a.cn/jbfc").unwrap(),
            "https://a.cn/jbfc/"
        );
        assert!(normalise_base_url("a.cn").is_err());
        assert!(normalise_base_url("https://").is_err());
    }
}
