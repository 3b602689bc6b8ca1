//! Bytes → the Word import: `docx::read` (zip package, XML parts, relationships, images),
//! then the whole conversion `import::convert` (title, date, sector and name guesses, photo
//! verdicts, Markdown) against the sample site, writing into a scratch folder. Must never
//! panic or hang; errors are fine.
//!
//! Bytes that are not a zip are also read as `word/document.xml` inside a well-formed
//! package, so the fuzzer reaches the XML reader and the converter without having to get
//! zip checksums right.
#![no_main]

use chrono::NaiveDate;
use jiebie::author::docx;
use jiebie::author::import::{convert, ImportRequest};
use jiebie::author::scaffold::{load_site, NoPrompter};
use jiebie::model::Site;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Setup {
    site: Site,
    content: PathBuf,
    request: ImportRequest,
    today: NaiveDate,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../content");
        let site = load_site(sample.as_ref()).expect("the sample site in content/");
        let content =
            std::env::temp_dir().join(format!("jiebie-fuzz-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&content);
        // Given, so that a document naming no sector still goes through the whole
        // conversion; the sector guess from the title runs anyway.
        let sector = site.sectors.first().map(|s| s.id.clone());
        let request = ImportRequest {
            sector,
            force: true,
            ..ImportRequest::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("a date");
        Setup {
            site,
            content,
            request,
            today,
        }
    })
}

/// `document_xml` as the main part of a minimal package, stored uncompressed.
fn package(document_xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    for (name, bytes) in [
        ("_rels/.rels", &rels[..]),
        ("word/document.xml", document_xml),
    ] {
        zip.start_file(name, options).expect("an in-memory zip");
        zip.write_all(bytes).expect("an in-memory zip");
    }
    zip.finish().expect("an in-memory zip").into_inner()
}

fn import(bytes: &[u8]) {
    let Ok(document) = docx::read(bytes) else {
        return;
    };
    let setup = setup();
    let _ = convert(
        &setup.content,
        &setup.site,
        &document,
        "fuzz",
        &setup.request,
        setup.today,
        &mut NoPrompter,
    );
    let _ = std::fs::remove_dir_all(&setup.content);
}

fuzz_target!(|data: &[u8]| {
    import(data);
    if !data.starts_with(b"PK") {
        import(&package(data));
    }
});
