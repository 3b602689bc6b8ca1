//! The photos of an imported document: which can be published as they are (PNG, JPEG),
//! which are too large or broken, and which formats cannot be used on a web page.
//! Photos are saved byte for byte (the build strips their EXIF and makes the smaller
//! copies); they are checked from their headers and ends, not decoded, so a hundred
//! documents import in seconds.

use crate::model::lint::images::image_size;

/// The most pixels on either side of an imported photo (the build shrinks big photos, but
/// a larger image is either a scan nobody meant to publish or a decompression bomb).
pub const MAX_PIXELS: u32 = 12_000;

/// What can be done with an embedded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Saved with this extension.
    Keep(&'static str),
    /// A format a web page cannot show, or one not converted here (EMF, WMF, TIFF …).
    Unsupported(&'static str),
    /// Wider or taller than [`MAX_PIXELS`].
    TooLarge(u32, u32),
    /// Cut short or not the image it claims to be.
    Broken,
}

/// Judges an embedded image from its bytes.
pub fn judge(bytes: &[u8]) -> Verdict {
    let format = sniff(bytes);
    let extension = match format {
        Some(Format::Png) => "png",
        Some(Format::Jpeg) => "jpg",
        Some(other) => return Verdict::Unsupported(other.name()),
        None => return Verdict::Unsupported("?"),
    };
    let Some((width, height)) = image_size(bytes) else {
        return Verdict::Broken;
    };
    if width == 0 || height == 0 {
        return Verdict::Broken;
    }
    if width > MAX_PIXELS || height > MAX_PIXELS {
        return Verdict::TooLarge(width, height);
    }
    if !is_complete(bytes, format) {
        return Verdict::Broken;
    }
    Verdict::Keep(extension)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    Gif,
    Bmp,
    Tiff,
    Webp,
    Emf,
    Wmf,
    Svg,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Bmp => "BMP",
            Format::Tiff => "TIFF",
            Format::Webp => "WebP",
            Format::Emf => "EMF",
            Format::Wmf => "WMF",
            Format::Svg => "SVG",
        }
    }
}

fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if bytes.starts_with(b"GIF8") {
        return Some(Format::Gif);
    }
    if bytes.starts_with(b"BM") {
        return Some(Format::Bmp);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(Format::Tiff);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(Format::Webp);
    }
    if bytes.len() >= 44 && bytes[..4] == [1, 0, 0, 0] && &bytes[40..44] == b" EMF" {
        return Some(Format::Emf);
    }
    if bytes.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A]) || bytes.starts_with(&[1, 0, 9, 0]) {
        return Some(Format::Wmf);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_lowercase();
    if head.contains("<svg") {
        return Some(Format::Svg);
    }
    None
}

/// Whether the file reaches its end marker: a JPEG's EOI (some cameras pad after it), a
/// PNG's IEND chunk.
fn is_complete(bytes: &[u8], format: Option<Format>) -> bool {
    match format {
        Some(Format::Jpeg) => {
            let tail = &bytes[bytes.len().saturating_sub(4096)..];
            tail.windows(2).any(|w| w == [0xFF, 0xD9])
        }
        Some(Format::Png) => {
            let tail = &bytes[bytes.len().saturating_sub(64)..];
            tail.windows(4).any(|w| w == b"IEND")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
        bytes
    }

    #[test]
    fn photos_are_judged_from_their_bytes() {
        assert_eq!(judge(&png(800, 600)), Verdict::Keep("png"));
        assert_eq!(
            judge(&png(30_000, 30_000)),
            Verdict::TooLarge(30_000, 30_000)
        );
        let cut = png(800, 600);
        assert_eq!(judge(&cut[..cut.len() - 8]), Verdict::Broken);
        let mut emf = vec![1, 0, 0, 0];
        emf.extend_from_slice(&[0; 36]);
        emf.extend_from_slice(b" EMF");
        assert_eq!(judge(&emf), Verdict::Unsupported("EMF"));
        assert_eq!(judge(b"GIF89a\x01\0\x01\0"), Verdict::Unsupported("GIF"));
        assert_eq!(judge(b"not an image"), Verdict::Unsupported("?"));
    }
}
