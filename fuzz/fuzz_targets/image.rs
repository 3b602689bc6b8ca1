//! Bytes → the photo path: the build's `photos::process` (format sniffing, EXIF
//! orientation, metadata stripping, decoding, resizing, encoding), the import's
//! `photos::judge` and the header checks `source::image` (`dimensions`, `inspect`). Must never panic; errors are fine.
#![no_main]

use jiebie::author::import::photos::judge;
use jiebie::render::photos::{process, Cache};
use jiebie::source::image::{dimensions, inspect};
use libfuzzer_sys::fuzz_target;
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

/// Photos within the build's limits but with more pixels than this are only inspected
/// here, not processed: decoding, resizing and encoding take time in proportion in this
/// unoptimised, instrumented build (a 64-megapixel photo takes longer than the 10 s an
/// input may take). Photos over the limits are processed, and must be refused at once.
const MAX_PROCESSED_PIXELS: u64 = 2_000_000;

fuzz_target!(|data: &[u8]| {
    let _ = dimensions(data);
    let _ = judge(data);
    let checked = inspect(data);
    if let Ok(header) = checked {
        if u64::from(header.width) * u64::from(header.height) > MAX_PROCESSED_PIXELS {
            return;
        }
    }
    let site = site_dir();
    let cache = Cache::for_site(site);
    let processed = process(data, Path::new("a/p.jpg"), &cache);
    if checked.is_err() {
        assert!(
            processed.is_err(),
            "a photo the checks refuse is never published"
        );
    }
    if let Ok((info, files)) = processed {
        assert!(!files.is_empty(), "a published photo has its original");
        assert_eq!(files.len(), info.copies.len() + 1, "{info:?}");
    }
    let _ = std::fs::remove_dir_all(site.join(".jiebie-cache"));
});
