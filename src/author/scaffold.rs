//! `jiebie new`: write a correctly named, fully commented document for a liaison to fill
//! in, in the right folder. Missing details are asked for when a person is at the
//! terminal; the questions go through [`Prompter`] so tests can answer them.

use super::edit::yaml_scalar;
use crate::core::slug::slugify;
use crate::core::suggest;
use crate::model::validate::{validate, ValidateOptions};
use crate::model::{ActivityKind, OutputKind, Site};
use crate::source::fields::DateError;
use crate::source::load;
use crate::source::roles;
use chrono::{Datelike, NaiveDate};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// What kind of document to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// An activity write-up.
    Activity,
    /// An annual plan.
    Plan,
    /// A year-end summary.
    Summary,
    /// A standalone output.
    Output,
    /// A commendation notice.
    Commendation,
    /// A sector profile.
    Sector,
}

/// The details given on the command line; missing ones are asked for or defaulted.
#[derive(Debug, Clone, Default)]
pub struct NewRequest {
    /// Sector id (activity, plan, summary, output), or the new sector's id.
    pub sector: Option<String>,
    /// Title (activity, output) or the new sector's full name.
    pub title: Option<String>,
    /// Date (activity, output); default today.
    pub date: Option<NaiveDate>,
    /// Activity kind or output kind, id or Chinese name.
    pub kind: Option<String>,
    /// Year (plan, summary, commendation); default this year.
    pub year: Option<i32>,
    /// Sector group (new sector).
    pub group: Option<String>,
}

/// Why a document could not be created.
#[derive(Debug)]
pub enum NewError {
    /// The content directory does not exist.
    NoContent(PathBuf),
    /// `site.yaml` cannot be read, so the site's sectors are unknown.
    SiteConfig,
    /// A missing detail could not be asked for (no one at the terminal, or it closed).
    Prompt(std::io::Error),
    /// No sector has this id or name; the nearest id, when one is near.
    UnknownSector {
        /// What was given.
        given: String,
        /// “Did you mean …” advice.
        suggestion: Option<String>,
    },
    /// The site has no sector yet.
    NoSectors,
    /// No kind is spelled like this.
    UnknownKind {
        /// What was given.
        given: String,
        /// The nearest spelling, when one is near.
        nearest: Option<&'static str>,
        /// Every spelling accepted.
        spellings: Vec<&'static str>,
    },
    /// A date that cannot be read.
    Date {
        /// What was given.
        given: String,
        /// Why.
        error: DateError,
    },
    /// A new sector's id with characters an id may not have.
    InvalidId(String),
    /// The document already exists (it is never overwritten).
    Exists(PathBuf),
    /// The document or its folder could not be written.
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            NewError::NoContent(dir) => crate::tr!(
                "内容目录 {} 不存在：请在网站目录里运行，或用 --content 指定内容目录",
                "the content directory {} does not exist: run this in the site's folder, or name it with --content",
                dir.display()
            ),
            NewError::SiteConfig => crate::tr!(
                "site.yaml 有错误，请先运行 jiebie check 修正",
                "site.yaml has errors; run jiebie check and fix them first"
            ),
            NewError::Prompt(e) => e.to_string(),
            NewError::UnknownSector { given, suggestion } => {
                let hint = suggestion.clone().unwrap_or_else(|| {
                    crate::tr!(
                        "运行 jiebie new activity 不带 --sector 可以从列表中选择",
                        "run jiebie new activity without --sector to choose from a list"
                    )
                });
                crate::tr!(
                    "不认识的界别 “{given}”。{hint}",
                    "unknown sector “{given}”. {hint}"
                )
            }
            NewError::NoSectors => crate::tr!(
                "还没有任何界别：先用 jiebie new sector 建立界别",
                "there are no sectors yet: create one first with jiebie new sector"
            ),
            NewError::UnknownKind {
                given,
                nearest,
                spellings,
            } => match nearest {
                Some(s) => crate::tr!(
                    "不认识的类型 “{given}”，是否想写 “{s}”？",
                    "unknown kind “{given}”; did you mean “{s}”?"
                ),
                None => crate::tr!(
                    "不认识的类型 “{given}”，可用：{}",
                    "unknown kind “{given}”; available: {}",
                    spellings.join(crate::core::i18n::separator())
                ),
            },
            NewError::Date { given, error } => {
                let (message, help) = (error.message(), error.help());
                crate::tr!(
                    "日期 “{given}” {message}：{help}",
                    "date “{given}” {message}: {help}"
                )
            }
            NewError::InvalidId(id) => crate::tr!(
                "界别代号 “{id}” 只能使用小写英文字母、数字和 -，例如 {}",
                "sector id “{id}” may contain only lower-case ASCII letters, digits and -, e.g. {}",
                slugify(id)
            ),
            NewError::Exists(path) => crate::tr!(
                "文件已存在：{}（不会覆盖）",
                "the file already exists: {} (it will not be overwritten)",
                path.display()
            ),
            NewError::Write { path, source } => format!("{}：{source}", path.display()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for NewError {}

/// Asks a person for missing details.
pub trait Prompter {
    /// Asks for free text; an empty answer takes `default` when there is one.
    fn ask(&mut self, question: &str, default: Option<&str>) -> std::io::Result<String>;
    /// Asks to pick one of `options` by number; returns its index.
    fn choose(&mut self, question: &str, options: &[String]) -> std::io::Result<usize>;
}

/// Never asks: a missing detail is an error (used when no one is at the terminal).
pub struct NoPrompter;

impl Prompter for NoPrompter {
    fn ask(&mut self, question: &str, default: Option<&str>) -> std::io::Result<String> {
        default.map(str::to_string).ok_or_else(|| std::io::Error::other(crate::tr!("缺少“{question}”：请用命令行参数给出（--sector、--title、--kind 等，见 jiebie new --help）", "missing “{question}”: give it as a command-line option (--sector, --title, --kind etc., see jiebie new --help)")))
    }
    fn choose(&mut self, question: &str, _options: &[String]) -> std::io::Result<usize> {
        Err(std::io::Error::other(crate::tr!("缺少“{question}”：请用命令行参数给出（--sector、--title、--kind 等，见 jiebie new --help）", "missing “{question}”: give it as a command-line option (--sector, --title, --kind etc., see jiebie new --help)")))
    }
}

/// Asks on a text stream (the terminal, or a script in tests).
pub struct StreamPrompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> StreamPrompter<R, W> {
    /// Reads answers from `input`, writes questions to `output`.
    pub fn new(input: R, output: W) -> Self {
        StreamPrompter { input, output }
    }

    fn line(&mut self) -> std::io::Result<String> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                crate::tr!("输入已结束", "end of input"),
            ));
        }
        Ok(line.trim().to_string())
    }
}

impl<R: BufRead, W: Write> Prompter for StreamPrompter<R, W> {
    fn ask(&mut self, question: &str, default: Option<&str>) -> std::io::Result<String> {
        loop {
            match default {
                Some(d) => write!(
                    self.output,
                    "{}",
                    crate::tr!(
                        "{question}（直接回车表示 {d}）：",
                        "{question} (press Enter for {d}): "
                    )
                )?,
                None => write!(self.output, "{question}：")?,
            }
            self.output.flush()?;
            let answer = self.line()?;
            if !answer.is_empty() {
                return Ok(answer);
            }
            if let Some(d) = default {
                return Ok(d.to_string());
            }
        }
    }

    fn choose(&mut self, question: &str, options: &[String]) -> std::io::Result<usize> {
        writeln!(self.output, "{question}：")?;
        for (i, option) in options.iter().enumerate() {
            writeln!(self.output, "  {:>2}. {option}", i + 1)?;
        }
        loop {
            write!(
                self.output,
                "{}",
                crate::tr!(
                    "请输入编号（1–{}）：",
                    "enter a number (1–{}): ",
                    options.len()
                )
            )?;
            self.output.flush()?;
            let answer = self.line()?;
            match answer.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n - 1),
                _ => {
                    // Accept the option's text, its id or its name (“minmeng”, “民盟界”).
                    if let Some(i) = options
                        .iter()
                        .position(|o| o == &answer || o.split_whitespace().any(|w| w == answer))
                    {
                        return Ok(i);
                    }
                    writeln!(
                        self.output,
                        "{}",
                        crate::tr!(
                            "“{answer}” 不是有效的编号。",
                            "“{answer}” is not a valid number."
                        )
                    )?;
                }
            }
        }
    }
}

/// Creates the document and returns its path. Refuses to overwrite an existing file.
pub fn create(
    content_dir: &Path,
    kind: NewKind,
    request: NewRequest,
    today: NaiveDate,
    prompter: &mut dyn Prompter,
) -> Result<PathBuf, NewError> {
    let site = load_site(content_dir)?;
    let io = NewError::Prompt;
    let (path, text) = match kind {
        NewKind::Activity => {
            let sector = pick_sector(&site, request.sector, prompter)?;
            let title = match request.title {
                Some(t) => t,
                None => prompter
                    .ask(&crate::tr!("活动标题", "activity title"), None)
                    .map_err(io)?,
            };
            let date = match request.date {
                Some(d) => d,
                None => parse_date_answer(
                    &prompter
                        .ask(
                            &crate::tr!("活动日期（年-月-日）", "activity date (year-month-day)"),
                            Some(&today.to_string()),
                        )
                        .map_err(io)?,
                )?,
            };
            let kind = pick_activity_kind(request.kind, prompter)?;
            let path = content_dir.join(roles::activity_file(&sector, date, &file_title(&title)));
            (path, activity_text(&site, &sector, &title, date, kind))
        }
        NewKind::Output => {
            let sector = pick_sector(&site, request.sector, prompter)?;
            let title = match request.title {
                Some(t) => t,
                None => prompter
                    .ask(&crate::tr!("成果标题", "output title"), None)
                    .map_err(io)?,
            };
            let date = request.date.unwrap_or(today);
            let kind = match request.kind {
                Some(k) => OutputKind::parse(&k)
                    .ok_or_else(|| unknown_kind(&k, OutputKind::spellings()))?,
                None => {
                    let options: Vec<String> = OutputKind::ALL
                        .iter()
                        .map(|k| format!("{} {}", k.id(), k.name()))
                        .collect();
                    OutputKind::ALL[prompter
                        .choose(&crate::tr!("成果类型", "output kind"), &options)
                        .map_err(io)?]
                }
            };
            let path = content_dir.join(roles::output_file(&sector, date, &file_title(&title)));
            let text = format!(
                "---\n# 成果标题（必填）\ntitle: {}\n# 提交日期（必填），格式 年-月-日\ndate: {date}\n# 成果类型（必填）：report 调研报告、speech 大会发言、proposal 集体提案、opinion 社情民意信息\nkind: {}\n---\n在这里写成果的正文或摘要（可以不写）。\n",
                yaml_scalar(&title),
                kind.id()
            );
            (path, text)
        }
        NewKind::Plan | NewKind::Summary => {
            let sector = pick_sector(&site, request.sector, prompter)?;
            let year = request.year.unwrap_or(today.year());
            let (file, text) = if kind == NewKind::Plan {
                (roles::plan_file(&sector, year), format!("---\n# 年份（与文件名一致）\nyear: {year}\n# 计划项目：id 是编号（活动稿件的 plan 字段引用它），kind 是九类活动之一，quarter 是季度 1–4\nitems:\n  - {{ id: p1, title: 学习全国两会精神, kind: study, quarter: 1 }}\n  - {{ id: p2, title: 专题调研（请修改）, kind: research, quarter: 2 }}\n---\n在这里写年度工作计划的正文。\n"))
            } else {
                (roles::summary_file(&sector, year), format!("---\n# 年份（与文件名一致）\nyear: {year}\n---\n在这里写 {year} 年度工作总结：计划完成情况、活动成效和存在的不足。\n"))
            };
            (content_dir.join(file), text)
        }
        NewKind::Commendation => {
            let year = request.year.unwrap_or(today.year() - 1);
            let text = format!(
                "---\n# 表扬的年度（与文件名一致）\nyear: {year}\n# 通报日期\ndate: {today}\n# 文号（可不写）\ndocument:\n# 表扬的界别：sector 写界别代号\nsectors: []\n#  - {{ sector: minmeng, citation: 表扬理由 }}\n# 表扬的召集人、联络员：须在该年度担任该界别的相应职务\nconvenors: []\nliaisons: []\n---\n在这里写通报正文。\n"
            );
            (content_dir.join(roles::commendation_file(year)), text)
        }
        NewKind::Sector => {
            let id = match request.sector {
                Some(id) => id,
                None => prompter
                    .ask(
                        &crate::tr!(
                            "界别代号（小写英文，如 minmeng）",
                            "sector id (lower-case ASCII, e.g. minmeng)"
                        ),
                        None,
                    )
                    .map_err(io)?,
            };
            if !crate::core::slug::is_valid_id(&id) {
                return Err(NewError::InvalidId(id));
            }
            let name = match request.title {
                Some(t) => t,
                None => prompter
                    .ask(
                        &crate::tr!(
                            "界别全称（如 中国民主同盟界）",
                            "full sector name (e.g. 中国民主同盟界)"
                        ),
                        None,
                    )
                    .map_err(io)?,
            };
            let group = match request.group {
                Some(g) => g,
                None => prompter
                    .ask(&crate::tr!("界别类别", "sector group"), Some("界别"))
                    .map_err(io)?,
            };
            let year = today.year();
            let text = format!(
                "---\n# 界别全称（必填）\nname: {}\n# 简称（可不写）\nshort:\n# 类别（必填）：中国共产党、民主党派、无党派人士、人民团体、界别\ngroup: {}\n# 对口服务的专门委员会代号（见 organisation.yaml），民主党派、工商联界别改写 organised_by\nserved_by:\n# 组织单位（民主党派、工商联界别填写）\norganised_by:\n# 联系界别的主席会议成员\nvice_chair:\n# 召集人：first: true 表示第一召集人；from/to 是任职起止年份（含），没有 to 表示现任\nconvenors: []\n#  - {{ name: 张某某, first: true, from: {year} }}\n# 联络员\nliaisons: []\n#  - {{ name: 王某某, unit: 所在单位, from: {year} }}\n# 界别委员名单：每行一人；写上所在单位（unit）和职务（post）才能生成第12条致单位的函\nmembers: []\n#  - 李某某\n#  - {{ name: 赵某某, unit: 所在单位全称, post: 职务 }}\n# 特色品牌\nbrands: []\n---\n在这里写界别简介。\n",
                yaml_scalar(&name),
                yaml_scalar(&group)
            );
            (content_dir.join(roles::sector_profile(&id)), text)
        }
    };
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| NewError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, text).map_err(|source| NewError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Creates the document for a person at the terminal: missing details are asked for when
/// standard input is a terminal, and are an error otherwise. Today is the local date.
pub fn create_from_terminal(
    content_dir: &Path,
    kind: NewKind,
    request: NewRequest,
) -> Result<PathBuf, NewError> {
    let today = chrono::Local::now().date_naive();
    create(
        content_dir,
        kind,
        request,
        today,
        terminal_prompter().as_mut(),
    )
}

/// Asks on the terminal when standard input is one; else never asks.
pub fn terminal_prompter() -> Box<dyn Prompter> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        Box::new(StreamPrompter::new(
            std::io::stdin().lock(),
            std::io::stderr(),
        ))
    } else {
        Box::new(NoPrompter)
    }
}

/// The site in `content_dir`, as far as it can be read (other files' errors do not stop it).
pub fn load_site(content_dir: &Path) -> Result<Site, NewError> {
    if !content_dir.is_dir() {
        return Err(NewError::NoContent(content_dir.to_path_buf()));
    }
    let loaded = load::load(content_dir);
    let (site, _) = validate(loaded, content_dir, &ValidateOptions::default());
    site.ok_or(NewError::SiteConfig)
}

pub(crate) fn pick_sector(
    site: &Site,
    given: Option<String>,
    prompter: &mut dyn Prompter,
) -> Result<String, NewError> {
    if let Some(id) = given {
        if site.sector(&id).is_some() {
            return Ok(id);
        }
        // The full or short name, with or without 界 (民盟 for 民盟界).
        let bare = |name: &str| name.trim_end_matches('界').to_string();
        if let Some(s) = site.sectors.iter().find(|s| {
            s.name == id
                || s.short.as_deref() == Some(&id)
                || bare(&s.name) == bare(&id)
                || s.short.as_deref().map(bare) == Some(bare(&id))
        }) {
            return Ok(s.id.clone());
        }
        let suggestion = suggest::did_you_mean(&id, site.sectors.iter().map(|s| s.id.as_str()));
        return Err(NewError::UnknownSector {
            given: id,
            suggestion,
        });
    }
    if site.sectors.is_empty() {
        return Err(NewError::NoSectors);
    }
    let options: Vec<String> = site
        .sectors
        .iter()
        .map(|s| format!("{} {}", s.id, s.display_name()))
        .collect();
    let index = prompter
        .choose(&crate::tr!("选择界别", "choose a sector"), &options)
        .map_err(NewError::Prompt)?;
    Ok(site.sectors[index].id.clone())
}

fn pick_activity_kind(
    given: Option<String>,
    prompter: &mut dyn Prompter,
) -> Result<ActivityKind, NewError> {
    match given {
        Some(k) => {
            ActivityKind::parse(&k).ok_or_else(|| unknown_kind(&k, ActivityKind::spellings()))
        }
        None => {
            let options: Vec<String> = ActivityKind::ALL
                .iter()
                .map(|k| format!("{} {}", k.id(), k.name()))
                .collect();
            let index = prompter
                .choose(&crate::tr!("活动类型", "activity kind"), &options)
                .map_err(NewError::Prompt)?;
            Ok(ActivityKind::ALL[index])
        }
    }
}

pub(crate) fn unknown_kind(text: &str, spellings: Vec<&'static str>) -> NewError {
    NewError::UnknownKind {
        given: text.to_string(),
        nearest: suggest::nearest(text, spellings.iter().copied()),
        spellings,
    }
}

fn parse_date_answer(text: &str) -> Result<NaiveDate, NewError> {
    crate::source::fields::parse_date(text).map_err(|error| NewError::Date {
        given: text.to_string(),
        error,
    })
}

/// A title made safe as part of a file name: no path or shell-hostile characters, at
/// most 20 characters.
pub(crate) fn file_title(title: &str) -> String {
    let cleaned: String = title
        .chars()
        // Chinese punctuation says nothing in a file name and makes photo addresses long.
        .filter(|c| !"“”‘’《》「」『』【】〈〉（）()，。、：；！？·…—".contains(*c))
        .map(|c| {
            if c.is_whitespace() || "/\\:*?\"<>|#%&{}$!'`@+=".contains(c) {
                '-'
            } else {
                c
            }
        })
        .take(20)
        .collect();
    let cleaned = cleaned.trim_matches(['-', '.']).to_string();
    if cleaned.is_empty() {
        "huodong".into()
    } else {
        cleaned
    }
}

/// The values of a new write-up's front matter and body, and where each guessed value
/// came from (written as a comment above the field, so the liaison can check it).
#[derive(Debug, Clone, Default)]
pub struct ActivityDraft {
    /// `title`.
    pub title: Option<String>,
    /// `date`.
    pub date: Option<NaiveDate>,
    /// `end_date`.
    pub end_date: Option<NaiveDate>,
    /// `kind`.
    pub kind: Option<ActivityKind>,
    /// `also_sectors`.
    pub also_sectors: Vec<String>,
    /// `participants`.
    pub participants: Vec<String>,
    /// `leaders`.
    pub leaders: Vec<String>,
    /// `brand`.
    pub brand: Option<String>,
    /// `photos`.
    pub photos: Vec<DraftPhoto>,
    /// `author`.
    pub author: Option<String>,
    /// `draft`.
    pub draft: bool,
    /// Notes by field key (`title`, `date` …), one comment line each.
    pub notes: Vec<(&'static str, String)>,
    /// The body; a placeholder sentence when empty.
    pub body: String,
}

/// A photo entry of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftPhoto {
    /// File name beside the write-up.
    pub src: String,
    /// Description (required before publishing).
    pub alt: Option<String>,
    /// Caption.
    pub caption: Option<String>,
}

/// The current liaison of `sector` in `date`'s year: the author `new` and `import` write.
pub fn current_liaison(site: &Site, sector: &str, date: NaiveDate) -> Option<String> {
    site.sector(sector)
        .and_then(|s| s.liaisons.iter().find(|l| l.holds_in(date.year())))
        .map(|l| l.name.clone())
}

/// A write-up's text: the fully commented front matter `new` writes, with `draft`'s values.
pub fn activity_document(draft: &ActivityDraft) -> String {
    let kinds: Vec<String> = ActivityKind::ALL
        .iter()
        .map(|k| format!("{} {}", k.id(), k.name()))
        .collect();
    let list = |items: &[String]| {
        format!(
            "[{}]",
            items
                .iter()
                .map(|i| yaml_scalar(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut text = String::from("---\n");
    let mut field = |key: &str, comment: &str, value: String| {
        for line in comment.lines() {
            text.push_str(&format!("# {line}\n"));
        }
        for (_, note) in draft.notes.iter().filter(|(k, _)| *k == key) {
            text.push_str(&format!("# ↳ {note}\n"));
        }
        if value.is_empty() {
            text.push_str(&format!("{key}:\n"));
        } else if value.starts_with('\n') {
            text.push_str(&format!("{key}:{value}\n"));
        } else {
            text.push_str(&format!("{key}: {value}\n"));
        }
    };
    field(
        "title",
        "活动标题（必填）",
        draft.title.as_deref().map(yaml_scalar).unwrap_or_default(),
    );
    field(
        "date",
        "活动日期（必填），格式 年-月-日；多日活动再填 end_date",
        draft.date.map(|d| d.to_string()).unwrap_or_default(),
    );
    field(
        "end_date",
        "",
        draft.end_date.map(|d| d.to_string()).unwrap_or_default(),
    );
    field(
        "kind",
        &format!("活动类型（必填），九类之一：{}", kinds.join("、")),
        draft.kind.map(|k| k.id().to_string()).unwrap_or_default(),
    );
    field(
        "also_sectors",
        "与其他界别联合开展时，填其他界别的代号，如 [jiaoyu]",
        list(&draft.also_sectors),
    );
    field(
        "plenary_group",
        "是否为全会期间的界别小组讨论（不计入年度活动次数）",
        "false".into(),
    );
    field("location", "地点、组织单位", String::new());
    field("organiser", "", String::new());
    field(
        "participants",
        "参加的界别委员（名字要与界别名单一致），如 [张某某, 李某某]",
        list(&draft.participants),
    );
    field("leaders", "出席的主席会议成员", list(&draft.leaders));
    field(
        "brand",
        "所属特色品牌的代号（没有就空着）",
        draft.brand.clone().unwrap_or_default(),
    );
    field(
        "plan",
        "对应年度计划中的项目编号，如 p1；联合活动可同时写联合界别的项目，如 [p1, jiaoyu/p4]（没有就空着）",
        String::new(),
    );
    field(
        "outputs",
        "形成的成果：kind 为 report 调研报告、speech 大会发言、proposal 集体提案、opinion 社情民意信息",
        "[]\n#  - { kind: report, title: 关于……的调研报告 }".into(),
    );
    let photos = if draft.photos.is_empty() {
        "[]\n#  - { src: photo-1.jpg, alt: 委员在现场调研, caption: 调研现场 }".to_string()
    } else {
        let mut entries = String::new();
        for photo in &draft.photos {
            entries.push_str(&format!("\n  - src: {}", yaml_scalar(&photo.src)));
            match &photo.alt {
                Some(alt) => entries.push_str(&format!("\n    alt: {}", yaml_scalar(alt))),
                None => entries.push_str("\n    # 请用一句话描述照片内容（必填）\n    alt:"),
            }
            if let Some(caption) = &photo.caption {
                entries.push_str(&format!("\n    caption: {}", yaml_scalar(caption)));
            }
        }
        entries
    };
    field(
        "photos",
        "照片：放在本文件所在文件夹，alt 必须用一句话描述照片内容",
        photos,
    );
    field(
        "author",
        "撰稿联络员",
        draft.author.as_deref().map(yaml_scalar).unwrap_or_default(),
    );
    field("summary", "摘要（可不写，默认取正文第一段）", String::new());
    field("draft", "草稿：true 表示暂不发布", draft.draft.to_string());
    text.push_str("---\n");
    if draft.body.trim().is_empty() {
        text.push_str("在这里写活动报道正文：时间、地点、参加人员、活动内容和成效。\n");
    } else {
        text.push_str(draft.body.trim_end());
        text.push('\n');
    }
    text
}

fn activity_text(
    site: &Site,
    sector: &str,
    title: &str,
    date: NaiveDate,
    kind: ActivityKind,
) -> String {
    activity_document(&ActivityDraft {
        title: Some(title.to_string()),
        date: Some(date),
        kind: Some(kind),
        author: current_liaison(site, sector, date),
        ..ActivityDraft::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_prompter_retries_until_a_valid_number() {
        let input = std::io::Cursor::new("9\nabc\n2\n");
        let mut out = Vec::new();
        let mut prompter = StreamPrompter::new(input, &mut out);
        let index = prompter
            .choose("活动类型", &["study 学习".into(), "research 调研".into()])
            .unwrap();
        assert_eq!(index, 1);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("“9” 不是有效的编号"), "{text}");
    }

    #[test]
    fn choose_accepts_the_name() {
        let mut prompter = StreamPrompter::new(std::io::Cursor::new("民盟界\n"), Vec::new());
        assert_eq!(
            prompter
                .choose(
                    "选择界别",
                    &["jiaoyu 教育界".into(), "minmeng 民盟界".into()]
                )
                .unwrap(),
            1
        );
    }

    #[test]
    fn choose_accepts_the_id() {
        let mut prompter = StreamPrompter::new(std::io::Cursor::new("research\n"), Vec::new());
        assert_eq!(
            prompter
                .choose("活动类型", &["study 学习".into(), "research 调研".into()])
                .unwrap(),
            1
        );
    }

    #[test]
    fn file_titles_are_safe() {
        assert_eq!(
            file_title("民盟界: 长江/调研 2026"),
            "民盟界--长江-调研-2026"
        );
        assert_eq!(file_title("///"), "huodong");
        assert_eq!(
            file_title("教育界围绕“中小学课后服务提质增效”开展界别协商"),
            "教育界围绕中小学课后服务提质增效开展界别"
        );
    }

    #[test]
    fn scaffold_quotes_through_yaml_scalar() {
        assert_eq!(yaml_scalar("主题：副题"), "主题：副题");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("[x]"), "\"[x]\"");
    }
}
