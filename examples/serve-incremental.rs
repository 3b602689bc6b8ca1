//! Measures `serve`'s incremental rebuild without a browser: from a changed file reaching
//! the session to the moment the reload would be published to the browsers.
//!
//! `cargo run --release --example serve-incremental -- CONTENT_DIR [EDITS] [kind]` edits
//! one write-up of CONTENT_DIR (a copy: the files are changed) EDITS times, alternating a
//! body edit and a title edit (with `kind`: changing its activity kind back and forth,
//! which validates the whole site again), and prints the minimum, median and maximum
//! time.
//! `bench/serve-incremental.sh` prepares the 10k corpus and runs it.

use jiebie::publish::session::Session;
use jiebie::BuildOptions;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(content) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve-incremental CONTENT_DIR [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let kinds = args.next().as_deref() == Some("kind");
    let out = tempfile::tempdir().expect("temporary directory");
    let site = content.parent().map(PathBuf::from).unwrap_or_default();
    let mut options = BuildOptions::for_site(&site);
    options.content_dir = content.clone();
    options.output_dir = out.path().join("public");
    // As `serve` builds.
    options.base_url = Some("http://127.0.0.1:1/".into());
    options.unreviewed = true;
    let mut session = Session::new(options);

    let start = Instant::now();
    if let Err(e) = session.rebuild(&[]) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    println!("first build: {:.2} s", start.elapsed().as_secs_f64());

    // A write-up from the middle of the site: neither the newest nor the oldest.
    let mut writeups: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.components().any(|c| c.as_os_str() == "activities")
        })
        .collect();
    writeups.sort();
    let Some(target) = writeups.get(writeups.len() / 2).cloned() else {
        eprintln!("no write-up in {}", content.display());
        std::process::exit(1);
    };
    println!("editing {}", target.display());

    let mut times = Vec::new();
    for i in 0..edits {
        let text = std::fs::read_to_string(&target).expect("read the write-up");
        let edited = if kinds {
            text.lines()
                .map(|line| match line.strip_prefix("kind: ") {
                    Some(_) if i % 2 == 0 => "kind: study".to_string(),
                    Some(_) => "kind: consultation".to_string(),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        } else if i % 2 == 0 {
            format!("{text}\n补充说明第 {i} 次：委员们表示将持续跟踪。\n")
        } else {
            text.lines()
                .map(|line| match line.strip_prefix("title: ") {
                    Some(title) => format!(
                        "title: \"{}（修订 {i}）\"",
                        title.trim_matches('"').split('（').next().unwrap_or(title)
                    ),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        };
        std::fs::write(&target, edited).expect("write the write-up");
        let start = Instant::now();
        let mut published = Duration::ZERO;
        let result = session.rebuild_with(std::slice::from_ref(&target), |_| {
            published = start.elapsed();
        });
        match result {
            Ok(r) => println!(
                "edit {i:>3} ({}): published after {:>6.1} ms, {} pages rendered, {} files written, all done after {:.1} ms",
                match (kinds, i % 2) {
                    (true, _) => "kind ",
                    (false, 0) => "body ",
                    _ => "title",
                },
                published.as_secs_f64() * 1000.0,
                r.rendered,
                r.written,
                start.elapsed().as_secs_f64() * 1000.0
            ),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        times.push(published);
    }
    times.sort();
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        let median = times[times.len() / 2];
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{edits} edits, change to publish: min {:.1} ms, median {:.1} ms, max {:.1} ms",
            ms(min),
            ms(&median),
            ms(max)
        );
    }
}
