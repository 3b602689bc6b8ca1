//! Photos: responsive sizes and safe published copies, generated at build time and cached.
//!
//! Every published photo gets smaller copies (480 and 960 pixels wide) for phones and
//! lists, and its published original loses its metadata: EXIF can carry the GPS position
//! of wherever the photo was taken (often a member's home or office). The EXIF
//! orientation is applied to the pixels first, so nothing comes out sideways. Results are
//! cached under `.jiebie-cache/images/`, keyed by the photo's bytes, so rebuilds only
//! redo new or changed photos.

use crate::derive::route::Route;
use crate::source::image::ImageProblem;
use image::{DynamicImage, ImageFormat};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Widths of the smaller copies.
pub const WIDTHS: [u32; 2] = [480, 960];
/// Bumped when the processing changes, so old cache entries are not reused.
const CACHE_VERSION: u32 = 1;

/// What the pages need to know about a published photo.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageInfo {
    /// Width of the published original, in pixels.
    pub width: u32,
    /// Height of the published original.
    pub height: u32,
    /// Widths of the smaller copies ([`Route::MediaCopy`]), narrowest first.
    pub copies: Vec<u32>,
}

/// What each published photo looks like (size, smaller copies), by path in content/.
pub type Images = BTreeMap<PathBuf, ImageInfo>;

/// A file written into the output: its path there and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// Where processed photos are kept between builds.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// A cache in `site_dir/.jiebie-cache/images`.
    pub fn for_site(site_dir: &Path) -> Cache {
        Cache {
            dir: site_dir.join(".jiebie-cache").join("images"),
        }
    }

    fn get(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(key)).ok()
    }

    fn put(&self, key: &str, bytes: &[u8]) {
        // A cache that cannot be written only costs time.
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let tmp = self.dir.join(format!("{key}.tmp{}", std::process::id()));
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, self.dir.join(key));
            }
        }
    }
}

/// FNV-1a: a stable hash (the standard library's may change between releases).
fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{}-v{CACHE_VERSION}", bytes.len())
}

/// Whether a file is a photo jiebie processes.
pub fn is_photo(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jpg" | "jpeg" | "png")
    )
}

/// EXIF orientation (1–8), 1 when absent.
fn orientation(bytes: &[u8]) -> u32 {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .unwrap_or(1)
}

fn apply_orientation(image: DynamicImage, orientation: u32) -> DynamicImage {
    match orientation {
        2 => image.fliph(),
        3 => image.rotate180(),
        4 => image.flipv(),
        5 => image.rotate90().fliph(),
        6 => image.rotate90(),
        7 => image.rotate270().fliph(),
        8 => image.rotate270(),
        _ => image,
    }
}

/// Removes every APPn segment that can carry personal metadata (EXIF, XMP, IPTC) and
/// comments from a JPEG, leaving the compressed image untouched.
pub fn strip_jpeg_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = vec![0xFF, 0xD8];
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xDA {
            // Start of scan: the rest is image data.
            out.extend_from_slice(&bytes[i..]);
            return Some(out);
        }
        let length = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let end = i + 2 + length;
        if length < 2 || end > bytes.len() {
            return None;
        }
        // APP0 (JFIF) and APP14 (Adobe colour transform) are needed to decode correctly.
        let personal = matches!(marker, 0xE1..=0xED | 0xEF | 0xFE);
        if !personal {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    None
}

/// Removes text and EXIF chunks from a PNG.
pub fn strip_png_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut i = SIGNATURE.len();
    while i + 12 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[i..i + 4].try_into().ok()?) as usize;
        let end = i.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        let kind = &bytes[i + 4..i + 8];
        if !matches!(kind, b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME") {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    Some(out)
}

/// Why a photo cannot be published.
#[derive(Debug)]
pub enum PhotoError {
    /// Refused before decoding: over the limits, cut short, not a JPEG or PNG.
    Refused(ImageProblem),
    /// The image data is broken, or takes more memory than the limits allow.
    Decode(image::ImageError),
    /// The size of the published copy cannot be read.
    Size(image::ImageError),
    /// A copy could not be encoded.
    Encode(image::ImageError),
}

impl PhotoError {
    /// How to fix it, for a liaison.
    pub fn help(&self) -> String {
        match self {
            PhotoError::Refused(problem) => problem.help(),
            PhotoError::Decode(image::ImageError::Limits(_)) => ImageProblem::TooLarge {
                width: 0,
                height: 0,
            }
            .help(),
            _ => crate::tr!(
                "用图片软件重新另存为 JPEG 或 PNG",
                "save it again as JPEG or PNG with an image program"
            ),
        }
    }
}

impl std::fmt::Display for PhotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            PhotoError::Refused(problem) => problem.to_string(),
            PhotoError::Decode(e) => {
                crate::tr!("图片无法解码：{e}", "the image cannot be decoded: {e}")
            }
            PhotoError::Size(e) => {
                crate::tr!("图片无法读取尺寸：{e}", "cannot read the image size: {e}")
            }
            PhotoError::Encode(e) => e.to_string(),
        })
    }
}

impl std::error::Error for PhotoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PhotoError::Refused(problem) => Some(problem),
            PhotoError::Decode(e) | PhotoError::Size(e) | PhotoError::Encode(e) => Some(e),
        }
    }
}

/// Decoded pixels in memory at once, across threads: a photo waits for its share, so peak
/// memory stays near [`DECODE_BUDGET`] whatever the number of cores (small photos still
/// decode side by side; the largest allowed take turns).
const DECODE_BUDGET: u64 = 2 * image_limits::MAX_DECODED_BYTES;

use crate::source::image as image_limits;

struct Budget {
    used: std::sync::Mutex<u64>,
    freed: std::sync::Condvar,
}

static BUDGET: Budget = Budget {
    used: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

/// A share of [`DECODE_BUDGET`], returned when dropped.
struct Share(u64);

impl Budget {
    fn take(&'static self, bytes: u64) -> Share {
        let bytes = bytes.min(DECODE_BUDGET);
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used + bytes > DECODE_BUDGET {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
        Share(bytes)
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut used = BUDGET.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.0;
        BUDGET.freed.notify_all();
    }
}

/// Decodes a photo that passed [`image_limits::inspect`], with the same limits given to
/// the decoder in case the header understated the size.
fn decode_limited(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, PhotoError> {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(image_limits::MAX_SIDE);
    limits.max_image_height = Some(image_limits::MAX_SIDE);
    limits.max_alloc = Some(image_limits::MAX_DECODED_BYTES);
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader.decode().map_err(PhotoError::Decode)
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, PhotoError> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
            image
                .to_rgb8()
                .write_with_encoder(encoder)
                .map_err(PhotoError::Encode)?;
        }
        _ => image
            .write_to(&mut out, ImageFormat::Png)
            .map_err(PhotoError::Encode)?,
    }
    Ok(out.into_inner())
}

/// Prepares the photo `source` (its path in content/) for publishing: the metadata-free
/// original and its smaller copies, from the cache when possible. The file is checked
/// against the photo limits and for completeness before anything is decoded, and decoding
/// waits for its share of the memory budget.
pub fn process(
    bytes: &[u8],
    source: &Path,
    cache: &Cache,
) -> Result<(ImageInfo, Vec<OutputFile>), PhotoError> {
    let header = image_limits::inspect(bytes).map_err(PhotoError::Refused)?;
    let format = match header.format {
        image_limits::Format::Png => ImageFormat::Png,
        _ => ImageFormat::Jpeg,
    };
    let key = fingerprint(bytes);
    let orientation = if format == ImageFormat::Jpeg {
        orientation(bytes)
    } else {
        1
    };
    let mut decoded: Option<(DynamicImage, Share)> = None;
    let decode = |slot: &mut Option<(DynamicImage, Share)>| -> Result<(), PhotoError> {
        if slot.is_none() {
            // The decoded pixels, and the rotated copy while the orientation is applied.
            let share = BUDGET.take(header.decoded_bytes() * 2);
            let image = apply_orientation(decode_limited(bytes, format)?, orientation);
            *slot = Some((image, share));
        }
        Ok(())
    };

    let original_key = format!("{key}-original");
    let original = match cache.get(&original_key) {
        Some(cached) => cached,
        None => {
            let stripped = match format {
                ImageFormat::Jpeg if orientation == 1 => strip_jpeg_metadata(bytes),
                ImageFormat::Png => strip_png_metadata(bytes),
                _ => None,
            };
            let published = match stripped {
                Some(stripped) => stripped,
                None => {
                    decode(&mut decoded)?;
                    match &decoded {
                        Some((image, _)) => encode(image, format)?,
                        None => return Err(PhotoError::Refused(ImageProblem::Corrupt)),
                    }
                }
            };
            cache.put(&original_key, &published);
            published
        }
    };
    let (width, height) = image::ImageReader::with_format(Cursor::new(&original), format)
        .into_dimensions()
        .map_err(PhotoError::Size)?;
    let mut files = vec![(Route::Media(source).file(), original)];
    let mut info = ImageInfo {
        width,
        height,
        copies: Vec::new(),
    };
    for w in WIDTHS.into_iter().filter(|w| *w < width) {
        let variant_key = format!("{key}-{w}w");
        let bytes = match cache.get(&variant_key) {
            Some(cached) => cached,
            None => {
                decode(&mut decoded)?;
                let Some((image, _)) = &decoded else {
                    return Err(PhotoError::Refused(ImageProblem::Corrupt));
                };
                let h = ((u64::from(image.height()) * u64::from(w))
                    / u64::from(image.width().max(1)))
                .max(1) as u32;
                let resized = image.resize_exact(w, h, image::imageops::FilterType::CatmullRom);
                let encoded = encode(&resized, format)?;
                cache.put(&variant_key, &encoded);
                encoded
            }
        };
        info.copies.push(w);
        files.push((Route::MediaCopy(source, w).file(), bytes));
    }
    Ok((info, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, _| {
            image::Rgb([(x % 256) as u8, 80, 120])
        }));
        encode(&image, ImageFormat::Jpeg).unwrap()
    }

    /// A minimal EXIF APP1 segment: orientation, and a GPS IFD with a latitude reference.
    fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend(2u16.to_be_bytes()); // IFD0 at 8: two entries, 30 bytes
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPSInfo IFD at 38
        tiff.extend([0, 0, 0, 0]);
        tiff.extend(1u16.to_be_bytes()); // GPS IFD: GPSLatitudeRef = "N"
        tiff.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend([0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn variants_are_made_and_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            dir: dir.path().to_path_buf(),
        };
        let (info, files) = process(&jpeg(1200, 600), Path::new("a/p.jpg"), &cache).unwrap();
        assert_eq!((info.width, info.height), (1200, 600));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["media/a/p.jpg", "media/a/p-480w.jpg", "media/a/p-960w.jpg"]
        );
        let small = image::load_from_memory(&files[1].1).unwrap();
        assert_eq!((small.width(), small.height()), (480, 240));
        assert!(
            std::fs::read_dir(dir.path()).unwrap().count() >= 3,
            "cached"
        );
        let again = process(&jpeg(1200, 600), Path::new("a/p.jpg"), &cache).unwrap();
        assert_eq!(again.1, files, "the cache gives the same bytes");
    }

    #[test]
    fn small_photos_get_no_larger_copies() {
        let dir = tempfile::tempdir().unwrap();
        let (info, files) = process(
            &jpeg(400, 300),
            Path::new("p.jpg"),
            &Cache {
                dir: dir.path().into(),
            },
        )
        .unwrap();
        assert!(info.copies.is_empty());
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn orientation_is_applied_and_exif_removed() {
        let dir = tempfile::tempdir().unwrap();
        let source = with_exif(&jpeg(600, 200), 6);
        assert_eq!(orientation(&source), 6);
        let (info, files) = process(
            &source,
            Path::new("p.jpg"),
            &Cache {
                dir: dir.path().into(),
            },
        )
        .unwrap();
        assert_eq!((info.width, info.height), (200, 600), "rotated upright");
        for (_, bytes) in &files {
            assert!(
                exif::Reader::new()
                    .read_from_container(&mut Cursor::new(bytes))
                    .is_err(),
                "no EXIF left"
            );
        }
    }

    #[test]
    fn the_decoder_is_given_the_same_limits() {
        let wide =
            DynamicImage::ImageLuma8(image::GrayImage::new(crate::source::image::MAX_SIDE + 1, 1));
        let png = encode(&wide, ImageFormat::Png).unwrap();
        assert!(matches!(
            decode_limited(&png, ImageFormat::Png),
            Err(PhotoError::Decode(image::ImageError::Limits(_)))
        ));
        let dir = tempfile::tempdir().unwrap();
        let refused = process(&png, Path::new("p.png"), &Cache::for_site(dir.path()));
        assert!(
            matches!(
                refused,
                Err(PhotoError::Refused(ImageProblem::TooLarge { .. }))
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn decoding_waits_for_its_share_of_memory() {
        let all = BUDGET.take(DECODE_BUDGET);
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiting = std::thread::spawn(move || {
            let _share = BUDGET.take(1);
            sender.send(()).unwrap();
        });
        assert!(
            receiver
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "no share while the budget is spent"
        );
        drop(all);
        receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a share once memory is freed");
        waiting.join().unwrap();
    }

    #[test]
    fn upright_jpegs_are_stripped_losslessly() {
        let plain = jpeg(300, 200);
        let source = with_exif(&plain, 1);
        assert_eq!(strip_jpeg_metadata(&source).unwrap(), plain);
    }
}
