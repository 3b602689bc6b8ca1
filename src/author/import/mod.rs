//! `jiebie import`: a Word document becomes a write-up where `jiebie new activity` would
//! put it, with its photos beside it and its front matter guessed (never invented) from
//! the document, each guess commented with where it came from. What cannot be guessed
//! is left empty and the write-up is saved as a draft for `check` to point at.

pub mod guess;
pub mod markdown;
pub mod photos;

use crate::author::docx::{self, Document, DocxError};
use crate::author::scaffold::{self, ActivityDraft, DraftPhoto, NewError, Prompter};
use crate::model::{ActivityKind, Site};
use crate::source::roles;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// What the command line gives for every document.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// Sector id or name; else guessed from the title.
    pub sector: Option<String>,
    /// Activity kind (id or Chinese name); else guessed from the title.
    pub kind: Option<String>,
    /// The activity date; else guessed from the text.
    pub date: Option<NaiveDate>,
    /// Save as a draft whatever was guessed.
    pub draft: bool,
    /// Overwrite an existing write-up and photos of the same name.
    pub force: bool,
}

/// What one import wrote and what the liaison should know about it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The write-up written.
    pub written: PathBuf,
    /// The photos written beside it.
    pub photos: Vec<PathBuf>,
    /// Fields guessed, with where from: (field name in words, value, source).
    pub guessed: Vec<(String, String, String)>,
    /// Required fields left empty (in words).
    pub missing: Vec<String>,
    /// Fields guessed only from a hint, to be confirmed (in words).
    pub unconfirmed: Vec<String>,
    /// Saved as a draft.
    pub draft: bool,
    /// The usual name was taken, so a new one was chosen.
    pub renamed: bool,
    /// What the document had that the write-up does not (in words, with counts).
    pub dropped: Vec<String>,
    /// Other things worth knowing (merged cells split, text boxes kept, …).
    pub notes: Vec<String>,
}

/// Why a document was not imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file is not a Word document that can be read.
    Document(DocxError),
    /// A detail given on the command line is wrong (sector, kind).
    Request(NewError),
    /// No sector was given, none is named in the title, and no one could be asked.
    NoSector,
    /// The file is not a `.docx` by its name (a `.doc`, `.wps`, `.pdf` …).
    NotDocx(String),
    /// Word's temporary file (`~$…`), not a document.
    LockFile,
    /// A folder with no `.docx` in it.
    EmptyFolder,
    /// The same write-up (sector, title, date) is in the site already.
    AlreadyImported(PathBuf),
    /// A file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Document(e) => {
                write!(f, "{}", crate::tr!("{e}。{}", "{e}. {}", e.help()))
            }
            ImportError::Request(e) => write!(f, "{e}"),
            ImportError::NoSector => f.write_str(&crate::tr!(
                "标题和第一段都没有写明是哪个界别：请加上 --sector 界别代号（例如 --sector minmeng）再导入",
                "neither the title nor the first paragraph names the sector: add --sector ID (e.g. --sector minmeng) and import again"
            )),
            ImportError::NotDocx(extension) => match extension.as_str() {
                "doc" => write!(f, "{}", ImportError::Document(DocxError::LegacyWord)),
                "wps" => write!(f, "{}", ImportError::Document(DocxError::LegacyWps)),
                other => f.write_str(&crate::tr!(
                    "只能导入 Word 文档（.docx），这是 .{other} 文件。请在 Word/WPS 中另存为 .docx 后再导入",
                    "only Word documents (.docx) can be imported; this is a .{other} file. Save it as .docx in Word/WPS and import again"
                )),
            },
            ImportError::LockFile => f.write_str(&crate::tr!(
                "这是 Word/WPS 打开文档时生成的临时文件（~$ 开头），不是稿件：请导入同名的正式文件",
                "this is the temporary file Word/WPS makes while a document is open (~$…), not a document: import the document itself"
            )),
            ImportError::EmptyFolder => f.write_str(&crate::tr!(
                "文件夹里没有 .docx 文件（.doc 要先在 Word/WPS 中另存为 .docx）",
                "the folder holds no .docx files (save .doc files as .docx in Word/WPS first)"
            )),
            ImportError::AlreadyImported(path) => write!(
                f,
                "{}",
                crate::tr!(
                    "这篇稿件已经导入过：{}（界别、标题和日期都相同）。如需用这个文档重新导入并覆盖它，请加 --force",
                    "this write-up was imported before: {} (same sector, title and date). To import it again over that one, add --force",
                    path.display()
                )
            ),
            ImportError::Write { path, source } => write!(
                f,
                "{}",
                crate::tr!("无法写入 {}：{source}", "cannot write {}: {source}", path.display())
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// The `.docx` files named by `paths`: files as given (any name, so a misnamed file gets
/// its own error), folders searched through their subfolders for `.docx` files in name
/// order, skipping hidden ones and Word's `~$` lock files. A folder without any is an
/// error naming it.
pub fn documents(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, ImportError)>> {
    let mut found = Vec::new();
    for path in paths {
        if !path.is_dir() {
            found.push(Ok(path.clone()));
            continue;
        }
        let mut inside = Vec::new();
        let walk = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(entry) => {
                    let name = entry.file_name().to_string_lossy();
                    let is_docx = entry.file_type().is_file()
                        && !name.starts_with("~$")
                        && entry
                            .path()
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
                    if is_docx {
                        inside.push(Ok(entry.into_path()));
                    }
                }
                Err(error) => {
                    let at = error.path().unwrap_or(path).to_path_buf();
                    let source = error
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("walk"));
                    inside.push(Err((at, ImportError::Document(DocxError::Io(source)))));
                }
            }
        }
        if inside.is_empty() {
            found.push(Err((path.clone(), ImportError::EmptyFolder)));
        }
        found.extend(inside);
    }
    found
}

/// Refuses a file by its name before it is read: Word's lock file (`~$…`) and the formats
/// that are not `.docx` (each with its own advice). `import` and the writing desk's Word
/// box both ask here.
pub fn refuse_by_name(path: &Path) -> Result<(), ImportError> {
    let is_lock_file = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"));
    if is_lock_file {
        return Err(ImportError::LockFile);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(
        extension.as_str(),
        "doc" | "wps" | "pdf" | "odt" | "rtf" | "txt" | "wpt" | "dot"
    ) {
        return Err(ImportError::NotDocx(extension));
    }
    Ok(())
}

/// Imports the Word document at `path` into `content_dir`.
pub fn import(
    content_dir: &Path,
    site: &Site,
    path: &Path,
    request: &ImportRequest,
    today: NaiveDate,
    prompter: &mut dyn Prompter,
) -> Result<Imported, ImportError> {
    refuse_by_name(path)?;
    let document = docx::read_file(path).map_err(ImportError::Document)?;
    let file_stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("huodong")
        .to_string();
    convert(
        content_dir,
        site,
        &document,
        &file_stem,
        request,
        today,
        prompter,
    )
}

/// Imports an already read document; `file_stem` names the write-up when it has no title.
pub fn convert(
    content_dir: &Path,
    site: &Site,
    document: &Document,
    file_stem: &str,
    request: &ImportRequest,
    today: NaiveDate,
    prompter: &mut dyn Prompter,
) -> Result<Imported, ImportError> {
    let mut draft = ActivityDraft::default();
    let mut guessed = Vec::new();
    let title = guess::title(document);
    let skip: Vec<usize> = title
        .as_ref()
        .map(|(_, blocks)| blocks.clone())
        .unwrap_or_default();
    if let Some((title, _)) = &title {
        draft.title = Some(title.value.clone());
        note(
            &mut draft,
            &mut guessed,
            "title",
            crate::tr!("标题", "title"),
            &title.value,
            &title.source,
        );
    }
    let title_text = draft.title.clone().unwrap_or_default();
    let verdicts: Vec<photos::Verdict> = document
        .images
        .iter()
        .map(|m| photos::judge(&m.bytes))
        .collect();
    let body = markdown::body(document, &skip, &|i| {
        matches!(verdicts[i], photos::Verdict::Keep(_))
    });
    let text = full_text(document, &skip);
    let first_paragraph = document
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, b)| guess::clean_line(&b.plain_text()))
        .find(|t| !t.is_empty())
        .unwrap_or_default();

    // Sector: given, else named in the title or first paragraph, else asked.
    let named = guess::sectors(site, &title_text, &first_paragraph);
    let mut notes = Vec::new();
    let sector = match &request.sector {
        Some(given) => {
            let id = scaffold::pick_sector(site, Some(given.clone()), prompter)
                .map_err(ImportError::Request)?;
            if let Some((named, _)) = &named {
                if named.value != id {
                    let name = site
                        .sector(&named.value)
                        .map(|s| s.display_name())
                        .unwrap_or_default();
                    notes.push(crate::tr!(
                        "注意：文档写的是{name}，但 --sector 指定了 {id}，请核对",
                        "note: the document names {name}, but --sector says {id}: check it"
                    ));
                }
            }
            id
        }
        None => match &named {
            Some((sector, _)) => {
                note(
                    &mut draft,
                    &mut guessed,
                    "sector",
                    crate::tr!("界别", "sector"),
                    &format!(
                        "{}（{}）",
                        site.sector(&sector.value)
                            .map(|s| s.display_name())
                            .unwrap_or_default(),
                        sector.value
                    ),
                    &sector.source,
                );
                sector.value.clone()
            }
            None => scaffold::pick_sector(site, None, prompter).map_err(|e| match e {
                NewError::Prompt(_) => ImportError::NoSector,
                other => ImportError::Request(other),
            })?,
        },
    };
    if let Some((first, joint)) = &named {
        draft.also_sectors = std::iter::once(&first.value)
            .chain(joint.iter())
            .filter(|id| **id != sector)
            .cloned()
            .collect();
        if !draft.also_sectors.is_empty() {
            let value = draft.also_sectors.join(", ");
            note(
                &mut draft,
                &mut guessed,
                "also_sectors",
                crate::tr!("联合界别", "joint sectors"),
                &value,
                &crate::tr!(
                    "标题或第一段中还有其他界别",
                    "other sectors named in the title or first paragraph"
                ),
            );
        }
    }

    // Kind: given, else from the title's words.
    draft.kind = match &request.kind {
        Some(given) => Some(ActivityKind::parse(given).ok_or_else(|| {
            ImportError::Request(scaffold::unknown_kind(given, ActivityKind::spellings()))
        })?),
        None => guess::kind(&title_text).map(|kind| {
            note(
                &mut draft,
                &mut guessed,
                "kind",
                crate::tr!("类型", "kind"),
                &format!("{}（{}）", kind.value.name(), kind.value.id()),
                &kind.source,
            );
            kind.value
        }),
    };

    // Date: given, else from the text, else the document's creation date.
    let mut unconfirmed = Vec::new();
    draft.date = match request.date {
        Some(date) => Some(date),
        None => guess::date(&title_text, &text, document, today).map(|date| {
            let (start, end) = date.value;
            note(
                &mut draft,
                &mut guessed,
                "date",
                crate::tr!("日期", "date"),
                &start.to_string(),
                &date.source,
            );
            if let Some(end) = end {
                draft.end_date = Some(end);
                note(
                    &mut draft,
                    &mut guessed,
                    "end_date",
                    crate::tr!("结束日期", "end date"),
                    &end.to_string(),
                    &date.source,
                );
            }
            if date.weak {
                unconfirmed.push(crate::tr!("日期", "date"));
            }
            start
        }),
    };

    // People: the roster of the sectors concerned, and the committee's leaders.
    let roster: Vec<&str> = std::iter::once(sector.as_str())
        .chain(draft.also_sectors.iter().map(String::as_str))
        .filter_map(|id| site.sector(id))
        .flat_map(|s| {
            s.member_names()
                .chain(s.convenors.iter().map(|c| c.name.as_str()))
        })
        .collect();
    draft.participants = guess::names_in(&text, roster);
    if !draft.participants.is_empty() {
        let value = draft.participants.join("、");
        note(
            &mut draft,
            &mut guessed,
            "participants",
            crate::tr!("参加人员", "participants"),
            &value,
            &crate::tr!(
                "正文中出现的界别委员",
                "members of the sector named in the text"
            ),
        );
    }
    draft.leaders = guess::names_in(&text, site.leaders.iter().map(|l| l.name.as_str()));
    if !draft.leaders.is_empty() {
        let value = draft.leaders.join("、");
        note(
            &mut draft,
            &mut guessed,
            "leaders",
            crate::tr!("出席领导", "leaders"),
            &value,
            &crate::tr!(
                "正文中出现的主席会议成员",
                "chair-meeting members named in the text"
            ),
        );
    }
    let name_date = draft.date.unwrap_or(today);
    match guess::writer(&text) {
        Some(writer) => {
            note(
                &mut draft,
                &mut guessed,
                "author",
                crate::tr!("撰稿", "author"),
                &writer.value,
                &writer.source,
            );
            draft.author = Some(writer.value);
        }
        None => {
            draft.author = scaffold::current_liaison(site, &sector, name_date);
            if let Some(author) = draft.author.clone() {
                let source = crate::tr!(
                    "文中没有署名，取本界别 {} 年的联络员",
                    "no credit line: the sector's liaison in {}",
                    name_date.year()
                );
                note(
                    &mut draft,
                    &mut guessed,
                    "author",
                    crate::tr!("撰稿", "author"),
                    &author,
                    &source,
                );
            }
        }
    }
    // A brand of the sector named in the title or the text.
    if let Some(home) = site.sector(&sector) {
        let named = home
            .brands
            .iter()
            .filter_map(|b| {
                let at = title_text.find(&b.name).or_else(|| text.find(&b.name))?;
                Some((at, b))
            })
            .min_by_key(|(at, _)| *at);
        if let Some((_, brand)) = named {
            draft.brand = Some(brand.id.clone());
            note(
                &mut draft,
                &mut guessed,
                "brand",
                crate::tr!("特色品牌", "brand"),
                &brand.id,
                &crate::tr!("文中有“{}”", "“{}” in the text", brand.name),
            );
        }
    }
    draft.body = body.markdown.clone();

    // Photos: kept as they are where a web page can show them.
    let mut dropped = dropped_words(&document.dropped);
    let mut kept: Vec<(usize, &'static str, Option<String>)> = Vec::new();
    let mut unsupported: Vec<&'static str> = Vec::new();
    let mut too_large = Vec::new();
    let mut broken = 0;
    for photo in &body.photos {
        if let photos::Verdict::Keep(extension) = verdicts[photo.image] {
            kept.push((photo.image, extension, photo.caption.clone()));
        }
    }
    for verdict in &verdicts {
        match verdict {
            photos::Verdict::Keep(_) => {}
            photos::Verdict::Unsupported(format) => unsupported.push(*format),
            photos::Verdict::TooLarge(w, h) => too_large.push(format!("{w}×{h}")),
            photos::Verdict::Broken => broken += 1,
        }
    }
    if !unsupported.is_empty() {
        let mut formats = unsupported.clone();
        formats.sort();
        formats.dedup();
        dropped.push(crate::tr!(
            "{} 张 {} 格式的图片（网页不能显示：请在 Word 中右键图片“另存为图片”存成 PNG 或 JPEG，放到稿件文件夹并写进 photos）",
            "{} image(s) in {} format (web pages cannot show it: in Word, right-click the image, “Save as Picture” as PNG or JPEG, put it in the write-up's folder and list it in photos)",
            unsupported.len(),
            formats.join("/")
        ));
    }
    if !too_large.is_empty() {
        dropped.push(crate::tr!(
            "{} 张过大的图片（{}，上限为长边 {} 像素：请把长边缩小到 {} 像素以内后放进稿件文件夹）",
            "{} image(s) too large ({}; the limit is {} pixels on the long side: resize them to at most {} pixels and add them by hand)",
            too_large.len(),
            too_large.join("、"),
            crate::source::image::MAX_SIDE,
            crate::source::image::SUGGESTED_SIDE
        ));
    }
    if broken > 0 {
        dropped.push(crate::tr!(
            "{broken} 张已损坏的图片（文件不完整：请在 Word 中重新插入原图）",
            "{broken} broken image(s) (incomplete: insert the original again in Word)"
        ));
    }
    let mut note_count = |count: usize, zh: &str, en: &str| {
        if count > 0 {
            notes.push(crate::tr!("{count} {zh}", "{count} {en}"));
        }
    };
    note_count(
        body.merged_tables,
        "个表格的合并单元格已拆开，请核对",
        "table(s) had merged cells, now split: check them",
    );
    note_count(
        document.text_boxes,
        "个文本框的文字已放在所在段落之后",
        "text box(es) kept after the paragraph that holds them",
    );
    note_count(
        document.equations,
        "个公式已转为文字（如 a/b、x^2），请核对",
        "equation(s) kept as text (a/b, x^2): check them",
    );
    note_count(
        body.outline_headings,
        "个“一、（一）1.”编号的短行已作为小标题",
        "short line(s) numbered “一、（一）1.” made headings",
    );

    // The same write-up imported before is replaced only on request.
    let existing = site.activities.iter().find(|a| {
        a.sector == sector && Some(&a.title) == draft.title.as_ref() && Some(a.date) == draft.date
    });
    let existing_path = existing.map(|a| content_dir.join(&a.source.rel));
    if let (Some(path), false) = (&existing_path, request.force) {
        return Err(ImportError::AlreadyImported(path.clone()));
    }
    // Names: where `new` would write; when the name is taken by another document, a
    // number goes before the title, where it survives into the page's address.
    let file_title = scaffold::file_title(draft.title.as_deref().unwrap_or(file_stem));
    let mut attempt = 1;
    let (written, photo_paths) = loop {
        let written = match (&existing_path, attempt) {
            (Some(path), 1) => path.clone(),
            (_, 1) => content_dir.join(roles::activity_file(&sector, name_date, &file_title)),
            _ => content_dir.join(roles::activity_file(
                &sector,
                name_date,
                &format!("{attempt}-{file_title}"),
            )),
        };
        let stem = written
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let folder = written.parent().map(Path::to_path_buf).unwrap_or_default();
        let photo_paths: Vec<PathBuf> = kept
            .iter()
            .enumerate()
            .map(|(n, (_, extension, _))| folder.join(format!("{stem}-{}.{extension}", n + 1)))
            .collect();
        let taken = written.exists() || photo_paths.iter().any(|p| p.exists());
        if !taken || request.force || attempt >= 100 {
            break (written, photo_paths);
        }
        attempt += 1;
    };
    draft.photos = kept
        .iter()
        .zip(&photo_paths)
        .map(|((image, _, caption), path)| DraftPhoto {
            src: path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string(),
            alt: document.images[*image]
                .description
                .clone()
                .or_else(|| caption.clone()),
            caption: caption.clone(),
        })
        .collect();

    let mut missing = Vec::new();
    if draft.title.is_none() {
        missing.push(crate::tr!("标题", "title"));
    }
    if draft.date.is_none() {
        missing.push(crate::tr!("日期", "date"));
    }
    if draft.kind.is_none() {
        missing.push(crate::tr!("类型", "kind"));
    }
    let without_alt = draft.photos.iter().filter(|p| p.alt.is_none()).count();
    if without_alt > 0 {
        missing.push(crate::tr!(
            "{without_alt} 张照片的说明（alt）",
            "the description (alt) of {without_alt} photo(s)"
        ));
    }
    for (key, words) in [
        ("title", crate::tr!("导入时未能从文档中找到标题，请填写", "no title found in the document: fill it in")),
        ("date", crate::tr!("导入时未能从文档中找到日期，请填写（文件名里的日期是导入当天，可以改）", "no date found in the document: fill it in (the date in the file name is the import day; rename freely)")),
        ("kind", crate::tr!("导入时未能从标题判断类型，请填写", "the title does not say the kind: fill it in")),
    ] {
        let empty = match key {
            "title" => draft.title.is_none(),
            "date" => draft.date.is_none(),
            _ => draft.kind.is_none(),
        };
        if empty {
            draft.notes.push((key, words));
        }
    }
    draft.draft = request.draft || !missing.is_empty() || !unconfirmed.is_empty();
    if !missing.is_empty() {
        draft.notes.push((
            "draft",
            crate::tr!(
                "导入时缺少 {}，先存为草稿；补全后改为 false",
                "{} missing on import, so saved as a draft; set to false once complete",
                missing.join("、")
            ),
        ));
    }
    if !unconfirmed.is_empty() {
        draft.notes.push((
            "draft",
            crate::tr!(
                "{} 需要核对，先存为草稿；核对后改为 false",
                "{} to be confirmed, so saved as a draft; set to false once checked",
                unconfirmed.join("、")
            ),
        ));
    }
    let text = scaffold::activity_document(&draft);
    write_all(
        &written,
        &text,
        kept.iter().map(|(i, _, _)| &document.images[*i].bytes),
        &photo_paths,
    )?;
    Ok(Imported {
        written,
        photos: photo_paths,
        guessed,
        missing,
        unconfirmed,
        draft: draft.draft,
        renamed: attempt > 1,
        dropped,
        notes,
    })
}

fn note(
    draft: &mut ActivityDraft,
    guessed: &mut Vec<(String, String, String)>,
    key: &'static str,
    words: String,
    value: &str,
    source: &str,
) {
    draft.notes.push((
        key,
        crate::tr!("导入时推断：{source}", "guessed on import: {source}"),
    ));
    guessed.push((words, value.to_string(), source.to_string()));
}

/// The text of the body (without the title), footnotes included, for dates and names.
fn full_text(document: &Document, skip: &[usize]) -> String {
    let mut text = String::new();
    for (i, block) in document.blocks.iter().enumerate() {
        if !skip.contains(&i) {
            text.push_str(&block.plain_text());
            text.push('\n');
        }
    }
    for note in &document.footnotes {
        for block in note {
            text.push_str(&block.plain_text());
            text.push('\n');
        }
    }
    text
}

fn dropped_words(dropped: &docx::Dropped) -> Vec<String> {
    let mut words = Vec::new();
    let mut add = |count: usize, zh: &str, en: &str| {
        if count > 0 {
            words.push(crate::tr!("{count} {zh}", "{count} {en}"));
        }
    };
    add(dropped.comments, "条批注", "comment(s)");
    add(
        dropped.deletions,
        "处修订删除（按接受修订处理）",
        "tracked deletion(s) (taken as accepted)",
    );
    add(
        dropped.fields,
        "个目录或页码域",
        "table(s) of contents or page-number field(s)",
    );
    add(
        dropped.objects,
        "个嵌入对象或图表",
        "embedded object(s) or chart(s)",
    );
    add(
        dropped.linked_images,
        "张链接而未嵌入的图片",
        "linked (not embedded) image(s)",
    );
    add(
        dropped.missing_images,
        "张找不到的图片",
        "image(s) missing from the document",
    );
    add(
        dropped.oversized_images,
        "张超过 50 MB 的图片",
        "image(s) over 50 MB",
    );
    add(
        dropped.symbols,
        "个特殊符号（Wingdings 等字体）",
        "symbol(s) from symbol fonts",
    );
    words
}

/// Writes the photos, then the write-up (through a temporary file, so a half-written
/// write-up is never left); on failure removes what it wrote.
fn write_all<'b>(
    written: &Path,
    text: &str,
    images: impl Iterator<Item = &'b Vec<u8>>,
    photo_paths: &[PathBuf],
) -> Result<(), ImportError> {
    let folder = written.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|source| ImportError::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut done: Vec<PathBuf> = Vec::new();
    let fail = |done: &[PathBuf], path: &Path, source: std::io::Error| {
        for path in done {
            let _ = std::fs::remove_file(path);
        }
        ImportError::Write {
            path: path.to_path_buf(),
            source,
        }
    };
    for (bytes, path) in images.zip(photo_paths) {
        if let Err(source) = std::fs::write(path, bytes) {
            return Err(fail(&done, path, source));
        }
        done.push(path.clone());
    }
    let temporary = folder.join(format!(
        ".{}.jiebie-import",
        written
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("import")
    ));
    if let Err(source) = std::fs::write(&temporary, text) {
        let _ = std::fs::remove_file(&temporary);
        return Err(fail(&done, written, source));
    }
    if let Err(source) = std::fs::rename(&temporary, written) {
        let _ = std::fs::remove_file(&temporary);
        return Err(fail(&done, written, source));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of WordprocessingML, put together at random: most sequences are broken
    /// XML (an error), the rest odd documents (fields never ended, merges that span
    /// nothing, notes and images that are not there, lists 9 deep).
    const PIECES: &[&str] = &[
        "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "文字 *[x](y)* ", "2025年11月14日",
        "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>",
        "<w:tcPr><w:gridSpan w:val=\"99999\"/><w:vMerge/></w:tcPr>",
        "<w:fldChar w:fldCharType=\"begin\"/>", "<w:fldChar w:fldCharType=\"separate\"/>",
        "<w:fldChar w:fldCharType=\"end\"/>", "<w:instrText> HYPERLINK \"https://a.b/\" </w:instrText>",
        "<w:instrText> TOC </w:instrText>", "<w:br/>", "<w:tab/>",
        "<mc:AlternateContent><mc:Choice Requires=\"wps\">", "</mc:Choice></mc:AlternateContent>",
        "<w:ins>", "</w:ins>", "<w:del>", "</w:del>", "<w:delText>删</w:delText>",
        "<w:footnoteReference w:id=\"1\"/>", "<w:drawing><a:blip r:embed=\"rId5\"/></w:drawing>",
        "<w:pPr><w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"3\"/></w:numPr><w:outlineLvl w:val=\"0\"/><w:jc w:val=\"center\"/></w:pPr>",
        "<w:rPr><w:b/><w:i/><w:u w:val=\"single\"/><w:strike/></w:rPr>",
        "<w:txbxContent>", "</w:txbxContent>", "<m:oMath><m:f><m:num><m:r><m:t>1</m:t></m:r></m:num></m:f></m:oMath>",
        "<w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>", "<w:hyperlink r:id=\"rId9\">", "</w:hyperlink>",
        "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "一、基本情况", "图1 现场", "# - 1. | ~",
    ];

    /// Block containers (`{}` takes run content) and run content: always well-formed XML,
    /// so every case reaches the converter.
    const CONTAINERS: &[&str] = &[
        "<w:p>{}</w:p>",
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>{}</w:p>",
        "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>{}</w:p>",
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999\"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl>",
        "<w:sdt><w:sdtContent><w:p>{}</w:p></w:sdtContent></w:sdt>",
        "<w:p><w:hyperlink r:id=\"rId9\">{}</w:hyperlink></w:p>",
        "<w:p><w:ins>{}</w:ins><w:del>{}</w:del></w:p>",
        "<w:p><w:r><w:drawing><wps:txbx><w:txbxContent><w:p>{}</w:p></w:txbxContent></wps:txbx></w:drawing></w:r></w:p>",
    ];
    const RUNS: &[&str] = &[
        "<w:r><w:t>文字 *[x](y)* </w:t></w:r>", "<w:r><w:t>2025年11月14日</w:t></w:r>",
        "<w:r><w:t xml:space=\"preserve\"> # - 1. | ~ </w:t></w:r>", "<w:r><w:t>一、基本情况</w:t></w:r>",
        "<w:r><w:t>图1 现场</w:t></w:r>", "<w:r><w:rPr><w:b/><w:i/><w:strike/></w:rPr><w:t>粗“体”</w:t></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>", "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>", "<w:r><w:instrText> HYPERLINK \"https://a.b/\" </w:instrText></w:r>",
        "<w:r><w:instrText> TOC </w:instrText></w:r>", "<w:r><w:br/></w:r>", "<w:r><w:tab/></w:r>",
        "<w:r><w:footnoteReference w:id=\"1\"/></w:r>", "<w:r><w:drawing><a:blip r:embed=\"rId5\"/></w:drawing></w:r>",
        "<m:oMath><m:f><m:num><m:r><m:t>1</m:t></m:r></m:num></m:f></m:oMath>",
        "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>",
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Well-formed but odd documents: read, converted and guessed without a panic,
        /// and the Markdown written reads back without a stray backslash at a line's end.
        #[test]
        fn odd_but_well_formed_documents_convert(
            blocks in proptest::collection::vec(
                (0..CONTAINERS.len(), proptest::collection::vec(0..RUNS.len(), 0..6)),
                0..12,
            )
        ) {
            let body: String = blocks
                .iter()
                .map(|(c, runs)| {
                    let inner: String = runs.iter().map(|&r| RUNS[r]).collect();
                    CONTAINERS[*c].replace("{}", &inner)
                })
                .collect();
            let bytes = crate::author::docx::tests::package(&body, &[]);
            let document = docx::read(&bytes);
            proptest::prop_assert!(document.is_ok(), "{body}");
            let document = document.unwrap_or_default();
            let title = guess::title(&document);
            let skip: Vec<usize> = title.map(|(_, blocks)| blocks).unwrap_or_default();
            let converted = markdown::body(&document, &skip, &|_| true);
            let _ = guess::date("", &converted.markdown, &document, NaiveDate::MAX);
            let _ = guess::kind(&converted.markdown);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Whatever the body, reading and converting never panic.
        #[test]
        fn odd_documents_never_panic(pieces in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let body: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let bytes = crate::author::docx::tests::package(&body, &[]);
            if let Ok(document) = docx::read(&bytes) {
                let title = guess::title(&document);
                let skip: Vec<usize> = title.map(|(_, blocks)| blocks).unwrap_or_default();
                let converted = markdown::body(&document, &skip, &|_| true);
                let _ = guess::date("", &converted.markdown, &document, NaiveDate::MAX);
                let _ = guess::kind(&converted.markdown);
                let _ = guess::writer(&converted.markdown);
            }
        }
    }
}
