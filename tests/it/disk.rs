//! A disk that fills up during a build: one error naming the output, the cause and the fix;
//! the partial tree removed so the space is freed; the last good site untouched; and the
//! retry, once there is room, works.
//!
//! The build writes into a small tmpfs. Mounting needs root: without it the test says so
//! and stops, unless `JIEBIE_REQUIRE_TMPFS=1` (set by `.ci/run`), which makes that a
//! failure, so CI never passes it without running it.

use crate::helpers::{first_difference, run, small_site, snapshot};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

/// A tmpfs mounted for the test's lifetime.
struct SmallDisk {
    mount: PathBuf,
}

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then(|| SmallDisk {
            mount: at.to_path_buf(),
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mount).status();
    }
}

/// Fills the disk holding `path` with one file until a write fails.
fn fill(path: &Path) {
    let mut file = std::fs::File::create(path).expect("filler");
    let chunk = vec![0u8; 64 * 1024];
    while file.write_all(&chunk).is_ok() {}
    // A smaller write for the last bytes.
    while file.write_all(&chunk[..512]).is_ok() {}
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_is_one_error_and_frees_what_the_build_wrote() {
    let site = small_site();
    let Some(disk) = SmallDisk::mount(&site.path().join("disk"), "4m") else {
        assert!(
            std::env::var("JIEBIE_REQUIRE_TMPFS").as_deref() != Ok("1"),
            "JIEBIE_REQUIRE_TMPFS=1 but a tmpfs cannot be mounted (not root?)"
        );
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let output = disk.mount.join("public");
    let output_arg = output.to_string_lossy().into_owned();
    let build = || run(site.path(), &["build", "--output", &output_arg], &[], LIMIT);

    let first = build();
    assert_eq!(first.code, Some(0), "the site fits: {first:?}");
    let good = snapshot(&output);

    // Every page shows the site's title: a new one makes every page a new file.
    let config = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).expect("site.yaml");
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .expect("a title")
        .trim()
        .to_string();
    std::fs::write(&config, text.replace(&title, "改名后的测试网站")).expect("rename");
    fill(&disk.mount.join("filler"));

    let failed = build();
    assert_eq!(failed.code, Some(2), "{failed:?}");
    let lines: Vec<&str> = failed.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one error, its fix, the outcome: {lines:#?}"
    );
    assert!(
        lines[0].starts_with("磁盘空间已满，无法写入 "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(&output_arg),
        "names the output: {}",
        lines[0]
    );
    assert!(lines[1].contains("修改建议：腾出磁盘空间"), "{}", lines[1]);
    assert!(lines[2].contains("网站没有更新"), "{}", lines[2]);
    assert!(!failed.stderr.contains("主题"), "{}", failed.stderr);

    let after = snapshot(&output);
    assert!(
        good == after,
        "the last good site is untouched: {}",
        first_difference(&good, &after)
    );
    assert_eq!(
        names(&disk.mount),
        ["filler", "public"],
        "no partial tree kept beside the site"
    );

    // With room again, the retry works, and says it starts from nothing.
    std::fs::remove_file(disk.mount.join("filler")).expect("free the disk");
    let retry = build();
    assert_eq!(retry.code, Some(0), "{retry:?}");
    assert!(
        retry.stderr.contains("从头写出全部文件"),
        "{}",
        retry.stderr
    );
    let index = std::fs::read_to_string(output.join("index.html")).expect("home page");
    assert!(index.contains("改名后的测试网站"));
}
