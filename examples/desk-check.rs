//! Measures the writing desk's live check: one edited write-up checked against the whole
//! site as `serve` holds it (the same call the desk's `/check` makes), without HTTP.
//!
//! `cargo run --release --example desk-check -- CONTENT_DIR [CHECKS]` builds the site
//! once as `serve` does, then checks a write-up from the middle of the site CHECKS times
//! with a changed title (and every fifth time a wrong kind, so the error path is timed
//! too), and prints the minimum, median and maximum time.
//! `bench/desk-check.sh` prepares the 10k corpus and runs it.

use jiebie::author::desk::check::check_document;
use jiebie::publish::session::Session;
use jiebie::render::markdown::LinkContext;
use jiebie::BuildOptions;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(content) = args.next().map(PathBuf::from) else {
        eprintln!("usage: desk-check CONTENT_DIR [CHECKS]");
        std::process::exit(2);
    };
    let checks: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let out = tempfile::tempdir().expect("temporary directory");
    let site = content.parent().map(PathBuf::from).unwrap_or_default();
    let mut options = BuildOptions::for_site(&site);
    options.content_dir = content.clone();
    options.output_dir = out.path().join("public");
    options.base_url = Some("http://127.0.0.1:1/".into());
    options.unreviewed = true;
    let mut session = Session::new(options.clone());
    let start = Instant::now();
    if let Err(e) = session.rebuild(&[]) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    println!("first build: {:.2} s", start.elapsed().as_secs_f64());
    let (Some(sources), Some((site, derived))) = (session.sources(), session.built()) else {
        eprintln!("the session holds no site");
        std::process::exit(1);
    };
    let mut writeups: Vec<&std::path::Path> = sources
        .loaded
        .files
        .iter()
        .map(|f| f.rel.as_path())
        .filter(|rel| rel.components().any(|c| c.as_os_str() == "activities"))
        .collect();
    writeups.sort();
    let Some(rel) = writeups.get(writeups.len() / 2).map(|r| r.to_path_buf()) else {
        eprintln!("no write-up in {}", content.display());
        std::process::exit(1);
    };
    println!(
        "checking {} ({} documents)",
        rel.display(),
        sources.loaded.files.len()
    );
    let original = std::fs::read_to_string(content.join(&rel)).expect("read the write-up");
    let links = LinkContext {
        document_urls: &derived.document_urls,
        assets: &sources.loaded.assets,
        rejected: &site.rejected,
        trusted_html: site.config.trusted_html,
    };
    let today = options.today().expect("today");
    let validate = jiebie::publish::check::validate_options(&options, today);
    let mut times = Vec::new();
    let mut errors = 0;
    for i in 0..checks {
        let mut text = original.replacen("title:", &format!("title: 改 {i} "), 1);
        if i % 5 == 4 {
            text = text.replacen("kind:", "kind: reserch\nx_kind:", 1);
        }
        let start = Instant::now();
        let verdict = check_document(&content, sources, links, &rel, &text, &[], &validate, today);
        times.push(start.elapsed());
        errors += usize::from(verdict.has_errors());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{checks} checks ({errors} with errors): min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
