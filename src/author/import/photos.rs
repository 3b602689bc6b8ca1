//! The photos of an imported document: which can be published as they are (PNG, JPEG),
//! which are too large or broken, and which formats cannot be used on a web page.
//! Photos are saved byte for byte (the build strips their EXIF and makes the smaller
//! copies); they are checked from their headers and structure
//! ([`crate::source::image::inspect`], as the build does), not decoded, so a hundred
//! documents import in seconds.

use crate::source::image::{self, Format, ImageProblem};

/// What can be done with an embedded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Saved with this extension.
    Keep(&'static str),
    /// A format a web page cannot show, or one not converted here (EMF, WMF, TIFF …).
    Unsupported(&'static str),
    /// Over the photo limits ([`image::MAX_SIDE`], [`image::MAX_PIXELS`],
    /// [`image::MAX_BYTES`]): its width and height (0 × 0 when the header has none).
    TooLarge(u32, u32),
    /// Cut short or not the image it claims to be.
    Broken,
}

/// Judges an embedded image from its bytes, with the checks the build makes before it
/// decodes a photo ([`image::inspect`]).
pub fn judge(bytes: &[u8]) -> Verdict {
    match image::inspect(bytes) {
        Ok(header) if header.format == Format::Png => Verdict::Keep("png"),
        Ok(_) => Verdict::Keep("jpg"),
        Err(ImageProblem::NotAPhoto(format)) => {
            Verdict::Unsupported(format.map_or("?", Format::name))
        }
        Err(ImageProblem::TooLarge { width, height }) => Verdict::TooLarge(width, height),
        Err(ImageProblem::TooManyBytes(_)) => {
            let (width, height) = image::dimensions(bytes).unwrap_or((0, 0));
            Verdict::TooLarge(width, height)
        }
        Err(ImageProblem::Truncated | ImageProblem::Corrupt) => Verdict::Broken,
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
