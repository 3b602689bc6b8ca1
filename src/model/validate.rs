//! Validate: turn loaded files into the typed [`Site`], checking every field and every
//! reference between files, and collecting every problem in one pass.

use super::cross_check::cross_check;
use super::decode::activity::decode_activity;
use super::decode::commendation::decode_commendation;
use super::decode::config::{decode_config, normalise_base_url};
use super::decode::organisation::decode_organisation;
use super::decode::output::decode_output;
use super::decode::page::decode_page;
use super::decode::plan::decode_plan;
use super::decode::sector::decode_sector;
use super::decode::summary::decode_summary;
use super::review::apply_review_gate;
use crate::core::diagnostics::{Diagnostic, Position};
use crate::model::*;
use crate::source::fields::Reporter;
use crate::source::load::{Loaded, SourceFile};
use crate::source::roles::{self, Role as FileRole};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    /// The date taken as today: a write-up dated after it is an error. `None`: dates are
    /// not compared with today (`jiebie new` only reads the site's sectors).
    pub today: Option<chrono::NaiveDate>,
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
        .map(|file| decode_and_release(file, assets))
        .collect();
    validate_decoded(&loaded, decoded, content_dir, options)
}

/// [`decode_file`], then frees the file's front matter tree and text: the model now
/// holds its own copy of what it needs. Only a rejected file's body is read again
/// (links into it still resolve), so the others' are freed now rather than at the end:
/// at 100,000 write-ups they are half of the peak memory. `check` runs it on each file
/// as it is read ([`load_mapped`](crate::source::load::load_mapped)), so that they are
/// never all held at once.
pub fn decode_and_release(file: &mut SourceFile, assets: &BTreeSet<PathBuf>) -> Decoded {
    let decoded = decode_file(file, assets);
    if !decoded.is_rejected() {
        file.front = crate::source::yaml::Node {
            value: crate::source::yaml::Value::Null,
            position: file.front.position,
        };
        file.body = String::new();
    }
    decoded
}

/// One document decoded on its own: the part of validation that reads no other file
/// (only the list of assets), so `serve` can keep it for files that did not change.
#[derive(Debug, Clone)]
pub struct Decoded {
    // Boxed: `check` holds one per file until the site is assembled, and the largest
    // kind (the site's settings) would otherwise set the size of all 100,000.
    document: Option<Box<Document>>,
    diagnostics: Vec<Diagnostic>,
}

impl Decoded {
    /// The write-up, when the file is one and could be decoded.
    pub fn activity(&self) -> Option<&Activity> {
        match self.document.as_deref() {
            Some(Document::Activity(a)) => Some(a),
            _ => None,
        }
    }

    /// The site's settings, when the file is site.yaml and could be decoded: as written,
    /// before `--base-url` (or the preview) replaces `base_url`.
    pub fn config(&self) -> Option<&SiteConfig> {
        match self.document.as_deref() {
            Some(Document::Config(c)) => Some(c),
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
    let (document, mut diagnostics) = decode(file, assets);
    // A draft is not published, so its problems cannot break the site: they are listed
    // as warnings (an imported write-up waiting for its date, say) and the draft is left
    // out until they are fixed.
    if is_draft(&file.front) && diagnostics.iter().any(Diagnostic::is_error) {
        for diagnostic in diagnostics.iter_mut().filter(|d| d.is_error()) {
            diagnostic.severity = crate::core::diagnostics::Severity::Warning;
            diagnostic.message.push_str(&crate::tr!(
                "（草稿：改正后才能发布）",
                " (a draft: fix this before publishing it)"
            ));
        }
        return Decoded {
            document: None,
            diagnostics,
        };
    }
    Decoded {
        document: document.map(Box::new),
        diagnostics,
    }
}

/// Whether the front matter says `draft: true` (in any spelling the field accepts).
fn is_draft(front: &crate::source::yaml::Node) -> bool {
    front.as_mapping().is_some_and(|entries| {
        entries.iter().any(|(key, value)| {
            key.text == "draft"
                && value
                    .as_str()
                    .and_then(crate::source::fields::parse_boolean)
                    == Some(true)
        })
    })
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
        .map(|d| (d.is_rejected(), d.document.map(|d| *d), d.diagnostics));

    let mut config = None;
    let mut organisation = None;
    let mut sectors = Vec::new();
    let mut activities = Vec::with_capacity(files.len());
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
    // site.yaml, organisation.yaml and lint.yaml each have several spellings; a second
    // file of the same role would silently lose to the first.
    let mut singletons: Vec<(&FileRole, &SourceFile)> = Vec::new();
    for file in files {
        if !matches!(
            file.role,
            FileRole::SiteConfig | FileRole::Organisation | FileRole::LintTerms
        ) {
            continue;
        }
        match singletons.iter().find(|(role, _)| **role == file.role) {
            Some((_, first)) => diagnostics.push(
                Diagnostic::error(
                    &file.display,
                    Position::start(),
                    crate::tr!(
                        "与 {} 是同一种文件，只能有一个",
                        "is the same kind of file as {}; there can be only one",
                        first.display.display()
                    ),
                )
                .with_help(crate::tr!(
                    "把两个文件的内容合并到 {}，删除这一个",
                    "merge the two into {} and delete this one",
                    first.display.display()
                )),
            ),
            None => singletons.push((&file.role, file)),
        }
    }
    for ((is_rejected, document, mut diags), file) in decoded.zip(files) {
        if is_rejected {
            let (source, body) = source_and_body(file);
            rejected.insert(file.rel.clone(), Rejected { source, body });
        }
        diagnostics.append(&mut diags);
        match document {
            Some(Document::Config(c)) if config.is_none() => config = Some(c),
            Some(Document::Organisation(o)) if organisation.is_none() => organisation = Some(o),
            Some(Document::Config(_) | Document::Organisation(_)) => {}
            Some(Document::Sector(s)) => sectors.push(s),
            Some(Document::Activity(a)) => activities.push(a),
            Some(Document::Output(o)) => outputs.push(o),
            Some(Document::Plan(p)) => plans.push(p),
            Some(Document::Summary(s)) => summaries.push(s),
            Some(Document::Commendation(c)) => commendations.push(c),
            Some(Document::Page(p)) => pages.push(p),
            None => {}
        }
    }

    let site_yaml = content_dir.join(roles::SITE_CONFIG[0]);
    let has_site_file = roles::find(content_dir, roles::SITE_CONFIG).is_some();
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
            Err(error) => diagnostics.push(
                Diagnostic::error(
                    Path::new("--base-url"),
                    Position::start(),
                    error.to_string(),
                )
                .with_help(crate::tr!(
                    "例如 --base-url https://www.example.gov.cn/jbfc/",
                    "for example --base-url https://www.example.gov.cn/jbfc/"
                )),
            ),
        }
    }
    let organisation = organisation.unwrap_or_default();

    sectors.sort_by(|a, b| a.id.cmp(&b.id));
    // Unstable sorts (no buffer of half the write-ups): the paths are unique, so the
    // order is the same.
    activities.sort_unstable_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.source.rel.cmp(&b.source.rel))
    });
    outputs.sort_unstable_by(|a, b| {
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
        committees: organisation.committees,
        leaders: organisation.leaders,
        terms: organisation.terms,
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
    if let Some(today) = options.today {
        diagnostics.extend(super::dates::check_dates(&site, today));
        diagnostics.extend(super::roles::check_roles(
            &site,
            chrono::Datelike::year(&today),
        ));
    }
    if !options.include_drafts {
        site.activities.retain(|a| !a.draft);
    }
    apply_review_gate(&mut site, options.include_unreviewed, &mut diagnostics);
    (Some(site), diagnostics)
}

#[derive(Debug, Clone)]
enum Document {
    Config(SiteConfig),
    Organisation(super::decode::organisation::Organisation),
    Sector(Sector),
    Activity(Activity),
    Output(StandaloneOutput),
    Plan(Plan),
    Summary(Summary),
    Commendation(Commendation),
    Page(Page),
}

/// Where a document came from and its Markdown body, as the model keeps them.
fn source_and_body(file: &SourceFile) -> (Source, Markdown) {
    let source = Source {
        rel: file.rel.clone(),
        display: file.display.clone(),
    };
    let body = Markdown {
        text: file.body.clone(),
        line: file.body_line,
    };
    (source, body)
}

fn decode(file: &SourceFile, assets: &BTreeSet<PathBuf>) -> (Option<Document>, Vec<Diagnostic>) {
    let mut r = Reporter::new(&file.display);
    let (source, body) = source_and_body(file);
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
            decode_activity(&mut r, file, sector, source, body, assets).map(Document::Activity)
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
