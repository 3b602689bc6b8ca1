//! Bytes → the photo path: the build's `photos::process` (format sniffing, EXIF
//! orientation, metadata stripping, decoding, resizing, encoding), the import's
//! `photos::judge` and the header reader `image_size`. Must never panic; errors are fine.
#![no_main]

use jiebie::author::import::photos::judge;
use jiebie::model::lint::images::image_size;
use jiebie::render::photos::{process, Cache};
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A fresh folder for this process's cache, emptied after every input so that each input
/// runs the whole path (decoding included) and a run does not depend on the ones before.
fn site_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jiebie-fuzz-image-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder in the temporary directory");
        dir
    })
}

/// Photos with more pixels than this are only sniffed here, not processed: decoding,
/// resizing and encoding take time in proportion, and a 700-byte JPEG can say 500×30,000
/// (tens of seconds in this instrumented build). Refusing such files is for the build's
/// decoding limits, not for this target to time out on; 2 million pixels take a few
/// seconds here at most.
const MAX_PIXELS: u64 = 2_000_000;

fn pixels(data: &[u8]) -> Option<u64> {
    let (width, height) = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some(u64::from(width) * u64::from(height))
}

fuzz_target!(|data: &[u8]| {
    let _ = image_size(data);
    let _ = judge(data);
    if pixels(data).is_some_and(|p| p > MAX_PIXELS) {
        return;
    }
    let site = site_dir();
    let cache = Cache::for_site(site);
    if let Ok((info, files)) = process(data, Path::new("a/p.jpg"), &cache) {
        assert!(!files.is_empty(), "a published photo has its original");
        assert_eq!(files.len(), info.copies.len() + 1, "{info:?}");
    }
    let _ = std::fs::remove_dir_all(site.join(".jiebie-cache"));
});
