//! Photos uploaded on the desk: checked against the same limits as the build
//! ([`crate::source::image::inspect`]: JPEG or PNG, size, pixels, complete), stripped of
//! their metadata as the build strips published copies (EXIF can hold the GPS position
//! of a member's home), and stored beside the write-up under a safe, free name.

use crate::render::photos::{strip_jpeg_metadata, strip_png_metadata};
use crate::source::image::{self, Format, ImageProblem};
use std::path::{Path, PathBuf};

/// Why an uploaded photo was not stored.
#[derive(Debug)]
pub enum UploadError {
    /// It is not a photo jiebie publishes, or is over a limit, or is cut short.
    Refused {
        /// The name it was uploaded with.
        name: String,
        /// What is wrong with it.
        problem: ImageProblem,
    },
    /// It could not be written.
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UploadError::Refused { name, problem } => {
                write!(f, "{name}：{problem}（{}）", problem.help())
            }
            UploadError::Write { path, source } => write!(
                f,
                "{}",
                crate::tr!(
                    "无法保存照片 {}：{source}",
                    "cannot save the photo {}: {source}",
                    path.display()
                )
            ),
        }
    }
}

impl std::error::Error for UploadError {}

/// Stores `bytes`, uploaded as `name`, beside the document at `document` (relative to
/// `content_dir`); returns the file name to list in `photos:` (relative to the document).
pub fn store(
    content_dir: &Path,
    document: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<String, UploadError> {
    let refused = |problem| UploadError::Refused {
        name: name.to_string(),
        problem,
    };
    let header = image::inspect(bytes).map_err(refused)?;
    let (stripped, extension) = match header.format {
        Format::Jpeg => (strip_jpeg_metadata(bytes), "jpg"),
        Format::Png => (strip_png_metadata(bytes), "png"),
        other => return Err(refused(ImageProblem::NotAPhoto(Some(other)))),
    };
    let stripped = stripped.ok_or_else(|| refused(ImageProblem::Corrupt))?;
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = crate::author::scaffold::file_title(&stem);
    let stem = if stem == "huodong" {
        "photo".to_string()
    } else {
        stem
    };
    let folder = document.parent().unwrap_or(Path::new(""));
    let wanted = folder.join(format!("{stem}.{extension}"));
    let rel = super::free_name(content_dir, &wanted);
    let path = content_dir.join(&rel);
    let write = |source| UploadError::Write {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write)?;
    }
    super::write_whole(&path, &stripped).map_err(write)?;
    Ok(rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_exif() -> Vec<u8> {
        let mut jpeg = Vec::new();
        let picture = ::image::RgbImage::from_pixel(8, 6, ::image::Rgb([200, 30, 30]));
        ::image::DynamicImage::ImageRgb8(picture)
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                ::image::ImageFormat::Jpeg,
            )
            .unwrap();
        // An APP1 Exif segment right after SOI, as cameras write it.
        let exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS-SECRET";
        let length = (exif.len() + 2) as u16;
        let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with.extend_from_slice(&length.to_be_bytes());
        with.extend_from_slice(exif);
        with.extend_from_slice(&jpeg[2..]);
        with
    }

    #[test]
    fn a_photo_is_stored_beside_the_write_up_without_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let document = Path::new("sectors/minmeng/activities/2026/2026-05-01-a.md");
        let bytes = jpeg_with_exif();
        assert!(bytes.windows(10).any(|w| w == b"GPS-SECRET"));
        let first = store(dir.path(), document, "现场 照片.JPG", &bytes).unwrap();
        assert_eq!(first, "现场-照片.jpg");
        let stored = std::fs::read(
            dir.path()
                .join("sectors/minmeng/activities/2026")
                .join(&first),
        )
        .unwrap();
        assert!(!stored.windows(10).any(|w| w == b"GPS-SECRET"));
        assert!(image::inspect(&stored).is_ok());
        let second = store(dir.path(), document, "现场 照片.JPG", &bytes).unwrap();
        assert_eq!(second, "现场-照片-2.jpg");
        let hostile = store(dir.path(), document, "../../../../etc/passwd.jpg", &bytes).unwrap();
        assert_eq!(hostile, "passwd.jpg");
    }

    #[test]
    fn what_the_build_would_refuse_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let document = Path::new("sectors/minmeng/activities/2026/a.md");
        let bytes = jpeg_with_exif();
        for (bad, name) in [
            (&bytes[..bytes.len() / 2], "half.jpg"),
            (&b"GIF89a\x01\0\x01\0"[..], "a.gif"),
            (&b"<svg/>"[..], "a.svg"),
        ] {
            assert!(
                matches!(
                    store(dir.path(), document, name, bad),
                    Err(UploadError::Refused { .. })
                ),
                "{name}"
            );
        }
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }
}
