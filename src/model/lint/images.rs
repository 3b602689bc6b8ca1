//! Images too heavy for readers on phones: over 2 MB, or wider or taller than 4000
//! pixels (read from the file's header, without decoding it).

use crate::core::diagnostics::{Diagnostic, Position};
use std::path::Path;

/// Images larger than this many bytes are flagged.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;
/// Images wider or taller than this many pixels are flagged.
pub const MAX_IMAGE_PIXELS: u32 = 4000;
/// Checks every image among `assets` for size.
pub fn check_images(
    content_dir: &Path,
    assets: &std::collections::BTreeSet<std::path::PathBuf>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let images: Vec<&std::path::PathBuf> = assets
        .iter()
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("jpg" | "jpeg" | "png" | "gif" | "webp")
            )
        })
        .collect();
    images
        .par_iter()
        .filter_map(|rel| check_image(&content_dir.join(rel), &content_dir.join(rel)))
        .collect()
}

/// Width and height of a PNG, JPEG or GIF, read from its header.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        return Some((
            u16::from_le_bytes([bytes[6], bytes[7]]) as u32,
            u16::from_le_bytes([bytes[8], bytes[9]]) as u32,
        ));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            let length = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_frame {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + length;
        }
    }
    None
}

/// Flags an image that is too heavy for readers on phones.
pub fn check_image(path: &Path, display: &Path) -> Option<Diagnostic> {
    use std::io::Read;
    let size = std::fs::metadata(path).ok()?.len();
    // Headers sit near the start; a JPEG's frame header follows its metadata.
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(256 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let dimensions = image_size(&head);
    let too_wide = dimensions.is_some_and(|(w, h)| w > MAX_IMAGE_PIXELS || h > MAX_IMAGE_PIXELS);
    if size <= MAX_IMAGE_BYTES && !too_wide {
        return None;
    }
    let shape = dimensions
        .map(|(w, h)| crate::tr!("，{w}×{h} 像素", ", {w}×{h} pixels"))
        .unwrap_or_default();
    Some(
        Diagnostic::warning(display, Position::start(), crate::tr!("图片过大（{} KB{shape}），在手机上打开很慢", "the image is too large ({} KB{shape}) and opens slowly on phones", size / 1024))
            .with_help(crate::tr!("用图片工具把长边缩小到 2000 像素以内、以 JPEG 质量 80 另存（通常不到 500 KB）；上限为 {} KB、{MAX_IMAGE_PIXELS} 像素", "shrink the long side to 2000 pixels or less with an image tool and save as JPEG quality 80 (usually under 500 KB); the limits are {} KB and {MAX_IMAGE_PIXELS} pixels", MAX_IMAGE_BYTES / 1024)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_come_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(5000u32.to_be_bytes());
        png.extend(300u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((5000, 300)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x02, 0x15, 0x03, 0x20, 3,
        ];
        assert_eq!(image_size(&jpeg), Some((800, 533)));
    }
}
