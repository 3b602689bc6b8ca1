//! Image files read without decoding them: their format, their size in pixels (from the
//! header), whether they are whole (a JPEG reaches its end-of-image marker after its
//! first scan, a PNG its `IEND` chunk), and the limits every path that decodes a photo
//! enforces before it does (build, serve, check, import).
//!
//! The limits exist because a small file can hold a huge image: a 389 KB PNG of
//! 20,000 × 20,000 pixels takes more than a gigabyte to decode. They are checked here,
//! from the header, before any pixel is allocated; the decoder is then given the same
//! limits (`render::photos`) in case the header lied.

/// The most pixels on either side of a photo that is decoded.
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels in all (width × height) of a photo that is decoded: 64 megapixels, more
/// than a 50-megapixel phone photo.
pub const MAX_PIXELS: u64 = 64_000_000;
/// The largest photo file that is read.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;
/// The most memory one decoded photo may take (a 64-megapixel RGBA image at 16 bits per
/// channel; an 8-bit one takes a quarter of it).
pub const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 8;
/// Photos heavier than this are slow on phones (`check` warns).
pub const HEAVY_BYTES: u64 = 2 * 1024 * 1024;
/// Photos wider or taller than this are more than any screen shows (`check` warns), and
/// the size every fix asks for.
pub const SUGGESTED_SIDE: u32 = 4000;

/// An image format, recognised from the first bytes of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG: published (metadata removed, smaller copies made).
    Png,
    /// JPEG: published (metadata removed, smaller copies made).
    Jpeg,
    /// GIF.
    Gif,
    /// Windows bitmap.
    Bmp,
    /// TIFF (scanners).
    Tiff,
    /// WebP.
    Webp,
    /// Windows enhanced metafile (Word drawings).
    Emf,
    /// Windows metafile.
    Wmf,
    /// SVG drawing.
    Svg,
}

impl Format {
    /// Its common name.
    pub fn name(self) -> &'static str {
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

    /// Whether jiebie decodes it to publish it (a photo), rather than copying it as is.
    pub fn is_photo(self) -> bool {
        matches!(self, Format::Png | Format::Jpeg)
    }
}

/// The format of `bytes`, from their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
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

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height of a PNG, JPEG or GIF, read from its header (the first 256 KB are
/// enough: a JPEG's frame header follows its metadata).
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(PNG_SIGNATURE) && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        return Some((
            u32::from(u16::from_le_bytes([bytes[6], bytes[7]])),
            u32::from(u16::from_le_bytes([bytes[8], bytes[9]])),
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
            if marker == 0xFF {
                // Fill bytes before a marker.
                i += 1;
                continue;
            }
            let length = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
            let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_frame {
                let h = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
                let w = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
                return Some((w, h));
            }
            i += 2 + length;
        }
    }
    None
}

/// Why a photo is refused before it is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Neither JPEG nor PNG (`Some` names the format it is).
    NotAPhoto(Option<Format>),
    /// The file is larger than [`MAX_BYTES`].
    TooManyBytes(u64),
    /// More pixels than [`MAX_SIDE`] or [`MAX_PIXELS`] allow.
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The file stops before its end: cut short while copying, uploading or saving.
    Truncated,
    /// The header is missing or malformed.
    Corrupt,
}

impl ImageProblem {
    /// How to fix it, for a liaison.
    pub fn help(&self) -> String {
        match self {
            ImageProblem::NotAPhoto(_) => crate::tr!(
                "用图片软件把它另存为 JPEG 或 PNG",
                "save it as JPEG or PNG with an image program"
            ),
            ImageProblem::TooManyBytes(_) | ImageProblem::TooLarge { .. } => crate::tr!(
                "用图片工具把长边缩小到 {SUGGESTED_SIDE} 像素以内再保存（网页上 2000 像素已足够清晰）",
                "resize it to at most {SUGGESTED_SIDE} pixels on the long side with an image tool (2000 pixels look sharp on any web page)"
            ),
            ImageProblem::Truncated | ImageProblem::Corrupt => crate::tr!(
                "文件在复制或保存时中断了：从相机、手机或原始文件夹重新复制这张照片",
                "the file was cut short while copying or saving: copy the photo again from the camera, the phone or its original folder"
            ),
        }
    }
}

impl std::fmt::Display for ImageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ImageProblem::NotAPhoto(Some(format)) => crate::tr!(
                "这是 {} 图片，照片只能用 JPEG 或 PNG",
                "this is a {} image; photos must be JPEG or PNG",
                format.name()
            ),
            ImageProblem::NotAPhoto(None) => crate::tr!(
                "不是能识别的图片（扩展名是图片，内容不是）",
                "not an image jiebie recognises (the extension says image, the content does not)"
            ),
            ImageProblem::TooManyBytes(bytes) => crate::tr!(
                "图片文件有 {} MB，超过上限 {} MB",
                "the image file is {} MB, over the limit of {} MB",
                bytes.div_ceil(1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            ImageProblem::TooLarge { width, height } => {
                let (wan, mega) = (MAX_PIXELS / 10_000, MAX_PIXELS / 1_000_000);
                crate::tr!(
                    "图片有 {width}×{height} 像素，超过上限（长边 {MAX_SIDE} 像素、总共 {wan} 万像素）",
                    "the image is {width}×{height} pixels, over the limit ({MAX_SIDE} pixels on the long side, {mega} megapixels in all)"
                )
            }
            ImageProblem::Truncated => crate::tr!(
                "图片文件不完整：在结尾之前就断了",
                "the image file is incomplete: it stops before its end"
            ),
            ImageProblem::Corrupt => crate::tr!(
                "图片文件已损坏：文件头无法读取",
                "the image file is damaged: its header cannot be read"
            ),
        })
    }
}

impl std::error::Error for ImageProblem {}

/// A photo that passed [`inspect`]: safe to hand to the decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoHeader {
    /// JPEG or PNG.
    pub format: Format,
    /// Width in pixels, from the header.
    pub width: u32,
    /// Height in pixels, from the header.
    pub height: u32,
}

impl PhotoHeader {
    /// The memory its decoded pixels take at most (RGBA, 16 bits per channel).
    pub fn decoded_bytes(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height) * 8
    }
}

/// Checks a whole photo file before it is decoded: a JPEG or PNG, within the limits,
/// complete to its end marker.
pub fn inspect(bytes: &[u8]) -> Result<PhotoHeader, ImageProblem> {
    let size = bytes.len() as u64;
    if size > MAX_BYTES {
        return Err(ImageProblem::TooManyBytes(size));
    }
    let format = match sniff(bytes) {
        Some(format) if format.is_photo() => format,
        other => return Err(ImageProblem::NotAPhoto(other)),
    };
    let (width, height) = dimensions(bytes).ok_or(if bytes.len() < 64 {
        ImageProblem::Truncated
    } else {
        ImageProblem::Corrupt
    })?;
    if width == 0 || height == 0 {
        return Err(ImageProblem::Corrupt);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge { width, height });
    }
    let whole = match format {
        Format::Jpeg => jpeg_is_whole(bytes),
        _ => png_is_whole(bytes),
    };
    if !whole {
        return Err(ImageProblem::Truncated);
    }
    Ok(PhotoHeader {
        format,
        width,
        height,
    })
}

/// A JPEG is whole when its segments lead to a scan and an end-of-image marker follows.
/// The walk skips the metadata segments, whose embedded thumbnail has an end marker of its
/// own; inside scan data a 0xFF byte is always followed by 0x00 or a restart marker, so
/// the first 0xFF 0xD9 after the scan starts is the image's own end.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let mut i = 2;
    loop {
        let Some(&[0xFF, marker]) = bytes.get(i..i + 2) else {
            return false;
        };
        match marker {
            0xFF => i += 1,
            0xD0..=0xD7 | 0x01 => i += 2,
            0xD9 => return false,
            _ => {
                let Some(&[high, low]) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                let end = i + 2 + usize::from(u16::from_be_bytes([high, low]));
                if end > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    return bytes[end..].windows(2).any(|w| w == [0xFF, 0xD9]);
                }
                i = end;
            }
        }
    }
}

/// A PNG is whole when its chunks, each of the length it declares, lead to `IEND`.
fn png_is_whole(bytes: &[u8]) -> bool {
    let mut i = PNG_SIGNATURE.len();
    while let Some(header) = bytes.get(i..i + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let Some(end) = i.checked_add(12).and_then(|n| n.checked_add(length)) else {
            return false;
        };
        if end > bytes.len() {
            return false;
        }
        if &header[4..8] == b"IEND" {
            return true;
        }
        i = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG with a valid structure (chunk CRCs are not checked here).
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = PNG_SIGNATURE.to_vec();
        bytes.extend_from_slice(b"\0\0\0\rIHDR");
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
        bytes
    }

    /// A JPEG's structure: SOI, APP1 holding a thumbnail's end marker, SOF0, SOS, data, EOI.
    fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE1, 0, 6, 0xFF, 0xD9, 0, 0];
        bytes.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8]);
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&[1, 1, 0x11, 0]);
        bytes.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
        bytes.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        bytes.extend_from_slice(&[0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn sizes_come_from_headers() {
        assert_eq!(dimensions(&png(5000, 300)), Some((5000, 300)));
        assert_eq!(dimensions(&jpeg(800, 533)), Some((800, 533)));
        assert_eq!(dimensions(b"GIF89a\x01\0\x02\0"), Some((1, 2)));
        assert_eq!(dimensions(b"nothing"), None);
    }

    #[test]
    fn whole_photos_pass() {
        let header = inspect(&png(800, 600)).unwrap();
        assert_eq!(
            (header.format, header.width, header.height),
            (Format::Png, 800, 600)
        );
        assert_eq!(inspect(&jpeg(800, 533)).unwrap().format, Format::Jpeg);
    }

    #[test]
    fn cut_photos_are_truncated_at_every_length() {
        for whole in [png(800, 600), jpeg(800, 533)] {
            for cut in 0..whole.len() {
                let problem = inspect(&whole[..cut]).unwrap_err();
                assert!(
                    matches!(
                        problem,
                        ImageProblem::Truncated
                            | ImageProblem::Corrupt
                            | ImageProblem::NotAPhoto(None)
                    ),
                    "{cut}: {problem:?}"
                );
            }
        }
        // The thumbnail's end marker inside the metadata does not count as the end.
        let whole = jpeg(10, 10);
        let scan = whole.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        assert_eq!(inspect(&whole[..scan + 12]), Err(ImageProblem::Truncated));
    }

    #[test]
    fn limits_are_checked_before_decoding() {
        assert_eq!(
            inspect(&png(20_000, 20_000)),
            Err(ImageProblem::TooLarge {
                width: 20_000,
                height: 20_000
            })
        );
        assert_eq!(
            inspect(&png(10_000, 10_000)),
            Err(ImageProblem::TooLarge {
                width: 10_000,
                height: 10_000
            }),
            "each side is allowed, the area is not"
        );
        assert!(inspect(&png(8000, 8000)).is_ok());
        assert_eq!(
            inspect(&png(0, 10)),
            Err(ImageProblem::Corrupt),
            "no pixels"
        );
        assert_eq!(
            inspect(b"GIF89a\x01\0\x01\0"),
            Err(ImageProblem::NotAPhoto(Some(Format::Gif)))
        );
    }

    #[test]
    fn messages_name_the_size_and_the_limit() {
        let message = ImageProblem::TooLarge {
            width: 20_000,
            height: 20_000,
        }
        .to_string();
        assert!(message.contains("20000×20000"), "{message}");
        assert!(message.contains("12000"), "{message}");
        let help = ImageProblem::TooLarge {
            width: 1,
            height: 1,
        }
        .help();
        assert!(help.contains("4000"), "{help}");
    }
}
