//! The files a site publishes from `content/`: photos (through
//! [`crate::render::photos::process`]: smaller copies, metadata removed) and other linked
//! files as they are.

use super::check::Checked;
use super::error::BuildError;
use super::options::BuildOptions;
use crate::core::diagnostics::{self, Diagnostic, Position};
use crate::derive::route::Route;
use crate::render::photos::{self, ImageInfo};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Files from content/ that the site publishes: photos, body images, linked files and
/// the footer's government-site mark.
pub fn media_files(checked: &Checked) -> Vec<PathBuf> {
    let site = &checked.site;
    let mut media: BTreeSet<&Path> = checked
        .bodies
        .all()
        .flat_map(|b| b.assets.iter().map(PathBuf::as_path))
        .collect();
    media.extend(
        site.activities
            .iter()
            .flat_map(|a| a.photos.iter().map(|p| p.src.as_path())),
    );
    if let Some(mark) = &site.config.footer.gov_mark {
        if let Some(path) = site.assets.get(Path::new(mark)) {
            media.insert(path);
        }
    }
    media.into_iter().map(Path::to_path_buf).collect()
}

/// One published source file: the files it became and, for a photo, its details.
pub struct Published {
    /// The file in content/.
    pub source: PathBuf,
    /// Its files in the output directory.
    pub files: BTreeSet<String>,
    /// Size and smaller copies, for a photo.
    pub info: Option<ImageInfo>,
}

/// Publishes `media` (paths relative to content/) in parallel, handing every output
/// file to `sink`. A photo that cannot be read or decoded is a problem of the content
/// (all of them are reported); a file that cannot be written is an output error.
pub fn publish<F>(
    media: &[PathBuf],
    options: &BuildOptions,
    sink: F,
) -> Result<Vec<Published>, BuildError>
where
    F: Fn(&str, &[u8]) -> Result<(), BuildError> + Sync,
{
    let cache = photos::Cache::for_site(&options.site_dir());
    // A pool of its own bounds the photos in flight (each holds its file, its stripped
    // copy and, while decoding, its pixels) whatever the number of cores.
    let workers = PHOTO_WORKERS.min(rayon::current_num_threads());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("jiebie-photos-{i}"))
        .build();
    let publish_one = |rel: &PathBuf| publish_file(rel, options, &cache, &sink);
    let results: Vec<Result<Published, BuildError>> = match pool {
        Ok(pool) => pool.install(|| media.par_iter().map(publish_one).collect()),
        // Without a pool of its own, one photo at a time.
        Err(_) => media.iter().map(publish_one).collect(),
    };
    let mut done = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(published) => done.push(published),
            Err(BuildError::Content(mut diags)) => problems.append(&mut diags),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(done)
    } else {
        diagnostics::sort(&mut problems);
        Err(BuildError::Content(problems))
    }
}

/// Files from content/ published at once, at most: a constant, so that the memory a build
/// needs for photos does not grow with the machine's cores (decoding also waits for its
/// share of [`photos`]' memory budget).
pub const PHOTO_WORKERS: usize = 4;

/// Publishes one file from content/: a photo through [`photos::process`], anything else
/// as it is.
fn publish_file<F>(
    rel: &Path,
    options: &BuildOptions,
    cache: &photos::Cache,
    sink: &F,
) -> Result<Published, BuildError>
where
    F: Fn(&str, &[u8]) -> Result<(), BuildError> + Sync,
{
    let path = options.content_dir.join(rel);
    let problem = |message: String| {
        BuildError::Content(vec![Diagnostic::error(&path, Position::start(), message)])
    };
    let photo_problem = |e: photos::PhotoError| {
        BuildError::Content(vec![Diagnostic::error(
            &path,
            Position::start(),
            e.to_string(),
        )
        .with_help(e.help())])
    };
    let unreadable = |e: std::io::Error| problem(crate::tr!("无法读取：{e}", "cannot read: {e}"));
    if photos::is_photo(rel) {
        // A photo over the byte limit is refused before it is read into memory.
        let size = std::fs::metadata(&path).map_err(unreadable)?.len();
        if size > crate::source::image::MAX_BYTES {
            return Err(photo_problem(photos::PhotoError::Refused(
                crate::source::image::ImageProblem::TooManyBytes(size),
            )));
        }
    }
    let bytes = std::fs::read(&path).map_err(unreadable)?;
    let mut published = Published {
        source: rel.to_path_buf(),
        files: BTreeSet::new(),
        info: None,
    };
    if !photos::is_photo(rel) {
        let file = Route::Media(rel).file();
        sink(&file, &bytes)?;
        published.files.insert(file);
        return Ok(published);
    }
    let (info, files) = photos::process(&bytes, rel, cache).map_err(photo_problem)?;
    for (name, data) in &files {
        sink(name, data)?;
    }
    published.files = files.into_iter().map(|(name, _)| name).collect();
    published.info = Some(info);
    Ok(published)
}
