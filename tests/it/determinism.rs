//! The same input gives byte-identical output: across runs, thread counts, output
//! locations, clocks and time zones.

use crate::helpers::{first_difference, manifest_dir, run, snapshot};
use std::time::Duration;

#[test]
fn sample_site_builds_byte_for_byte_the_same() {
    let content = manifest_dir().join("content");
    let content = content.to_str().expect("UTF-8 path");
    let work = tempfile::tempdir().expect("temp dir");
    let variants: [(&str, &[(&str, &str)]); 3] = [
        ("default", &[]),
        (
            "again",
            &[("SOURCE_DATE_EPOCH", "0"), ("TZ", "America/New_York")],
        ),
        (
            "one-thread",
            &[
                ("RAYON_NUM_THREADS", "1"),
                ("SOURCE_DATE_EPOCH", "2000000000"),
                ("TZ", "Asia/Shanghai"),
            ],
        ),
    ];
    let mut trees = Vec::new();
    for (name, envs) in variants {
        let outcome = run(
            work.path(),
            &["build", "--content", content, "--output", name],
            envs,
            Duration::from_secs(120),
        );
        assert_eq!(outcome.code, Some(0), "{name}: {outcome:?}");
        let tree = snapshot(&work.path().join(name));
        assert!(tree.len() > 100, "{name}: the sample site has many pages");
        trees.push((name, tree));
    }
    let (first_name, first) = &trees[0];
    for (name, tree) in &trees[1..] {
        assert!(
            first == tree,
            "{first_name} vs {name}: {}",
            first_difference(first, tree)
        );
    }
}
