//! Images in `content/`: a photo (JPEG, PNG) that the build would refuse (over the pixel or
//! byte limits, cut short, not the format its name says) is an error here too, so `check`
//! reports it before a build; an image too heavy for readers on phones (over 2 MB, or wider
//! or taller than 4000 pixels) is a warning. Nothing is decoded: the header and the
//! structure are enough ([`crate::source::image`]).

use crate::core::diagnostics::{Diagnostic, Position};
use crate::source::image::{self, HEAVY_BYTES, MAX_BYTES, SUGGESTED_SIDE};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Checks every image among `assets` (paths relative to `content_dir`).
pub fn check_images(content_dir: &Path, assets: &BTreeSet<PathBuf>) -> Vec<Diagnostic> {
    let images: Vec<&PathBuf> = assets.iter().filter(|p| image_kind(p).is_some()).collect();
    images
        .par_iter()
        .filter_map(|rel| check_image(&content_dir.join(rel)))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Decoded and republished by the build.
    Photo,
    /// Published as it is.
    Other,
}

fn image_kind(path: &Path) -> Option<Kind> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg" | "png") => Some(Kind::Photo),
        Some("gif" | "webp") => Some(Kind::Other),
        _ => None,
    }
}

/// The problem with one image file, if any.
pub fn check_image(path: &Path) -> Option<Diagnostic> {
    let kind = image_kind(path)?;
    let size = std::fs::metadata(path).ok()?.len();
    // A photo is read whole (its end marker is checked); other images only for the header.
    let limit = match kind {
        Kind::Photo => MAX_BYTES + 1,
        Kind::Other => 256 * 1024,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_end(&mut bytes)
        .ok()?;
    let dimensions = match kind {
        Kind::Photo => match image::inspect(&bytes) {
            Ok(header) => Some((header.width, header.height)),
            Err(problem) => {
                let problem = match problem {
                    image::ImageProblem::TooManyBytes(_) => image::ImageProblem::TooManyBytes(size),
                    other => other,
                };
                return Some(
                    Diagnostic::error(path, Position::start(), problem.to_string())
                        .with_help(problem.help()),
                );
            }
        },
        Kind::Other => image::dimensions(&bytes),
    };
    let too_wide = dimensions.is_some_and(|(w, h)| w > SUGGESTED_SIDE || h > SUGGESTED_SIDE);
    if size <= HEAVY_BYTES && !too_wide {
        return None;
    }
    let shape = dimensions
        .map(|(w, h)| crate::tr!("，{w}×{h} 像素", ", {w}×{h} pixels"))
        .unwrap_or_default();
    Some(
        Diagnostic::warning(path, Position::start(), crate::tr!("图片过大（{} KB{shape}），在手机上打开很慢", "the image is too large ({} KB{shape}) and opens slowly on phones", size / 1024))
            .with_help(crate::tr!("用图片工具把长边缩小到 2000 像素以内、以 JPEG 质量 80 另存（通常不到 500 KB）；建议不超过 {} KB、{SUGGESTED_SIDE} 像素", "shrink the long side to 2000 pixels or less with an image tool and save as JPEG quality 80 (usually under 500 KB); keep images under {} KB and {SUGGESTED_SIDE} pixels", HEAVY_BYTES / 1024)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
        bytes
    }

    #[test]
    fn photos_the_build_refuses_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let huge = check_image(&write(dir.path(), "huge.png", &png(20_000, 20_000))).unwrap();
        assert!(huge.is_error(), "{huge:?}");
        let whole = png(800, 600);
        let cut = check_image(&write(dir.path(), "cut.png", &whole[..whole.len() - 6])).unwrap();
        assert!(cut.is_error(), "{cut:?}");
        let text = check_image(&write(dir.path(), "text.jpg", b"not a photo at all")).unwrap();
        assert!(text.is_error(), "{text:?}");
        assert!(check_image(&write(dir.path(), "fine.png", &whole)).is_none());
    }

    #[test]
    fn wide_photos_are_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let wide = check_image(&write(dir.path(), "wide.png", &png(5000, 300))).unwrap();
        assert!(!wide.is_error(), "{wide:?}");
        assert!(check_image(&write(dir.path(), "a.gif", b"GIF89a\x01\0\x01\0")).is_none());
    }
}
