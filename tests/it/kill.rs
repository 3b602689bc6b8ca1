//! A build killed at any moment (`kill -9`) leaves `public/` as either the complete old
//! site or the complete new one, and the next build still works.
//!
//! Two versions of a site of a few thousand write-ups are built alternately over the
//! same `public/`; each build is killed after a different delay, and the tree is compared
//! with the manifests of both complete versions.

use crate::helpers::{small_site, snapshot, JIEBIE};
use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WRITE_UPS: usize = 1000;

/// Path → hash of the bytes of every file in `dir`.
type Manifest = BTreeMap<String, u64>;

fn manifest(dir: &Path) -> Manifest {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            (path, hasher.finish())
        })
        .collect()
}

/// Writes [`WRITE_UPS`] generated write-ups of `version` (replacing those of the other).
fn generate(content: &Path, version: &str) {
    generate_some(content, version, WRITE_UPS);
}

/// Writes `count` generated write-ups of `version` (replacing those of the other).
fn generate_some(content: &Path, version: &str, count: usize) {
    let kinds = ["study", "research", "consultation", "service", "fellowship"];
    for sector in ["minmeng", "jiaoyu"] {
        let dir = content
            .join("sectors")
            .join(sector)
            .join("activities/generated");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove old write-ups");
        }
        std::fs::create_dir_all(&dir).expect("mkdir");
    }
    for i in 0..count {
        let sector = if i % 3 == 0 { "jiaoyu" } else { "minmeng" };
        let year = 2023 + (i % 3);
        let month = 1 + (i / 3) % 12;
        let day = 1 + (i / 36) % 28;
        let text = format!(
            "---\ntitle: 第{i}次界别活动（{version}）\ndate: {year}-{month:02}-{day:02}\nkind: {}\n\
             location: 测试市第{}会议室\nparticipants: [张某某, 赵某某]\n---\n\
             {version}：委员们围绕第{i}个议题开展活动，形成了意见建议。\n\n## 活动情况\n\n\
             与会委员认为，要*持续*推进相关工作。[计划](/sectors/minmeng/plans/2025.md)\n",
            kinds[i % kinds.len()],
            i % 50
        );
        let path = content.join("sectors").join(sector).join(format!(
            "activities/generated/{year}-{month:02}-{day:02}-a{i:04}.md"
        ));
        std::fs::write(path, text).expect("write write-up");
    }
}

fn build_to_completion(site: &Path) {
    let status = Command::new(JIEBIE)
        .arg("build")
        .current_dir(site)
        .stdout(Stdio::null())
        .status()
        .expect("run jiebie");
    assert!(status.success(), "complete build");
}

#[cfg(unix)]
#[test]
fn killed_builds_leave_the_old_or_the_new_site() {
    let site = small_site();
    let content = site.path().join("content");
    let public = site.path().join("public");

    generate(&content, "第二版");
    build_to_completion(site.path());
    let second = manifest(&public);
    generate(&content, "第一版");
    // Timed on a build that replaces a site, like the ones killed below.
    let started = Instant::now();
    build_to_completion(site.path());
    let full_build = started.elapsed();
    let first = manifest(&public);
    assert!(first.len() > WRITE_UPS, "every write-up has a page");
    assert_ne!(first, second);
    let versions = [("第一版", &first), ("第二版", &second)];

    // Delays spread over the whole build, from "still loading" through the swap to
    // "probably done" (build times vary with the machine's load).
    let full_ms = full_build.as_millis().max(100) as u64;
    let mut delays: Vec<u64> = vec![20];
    delays.extend([5, 20, 40, 60, 80, 95, 110, 130].map(|percent| full_ms * percent / 100));
    delays.sort_unstable();
    delays.dedup();

    let mut current = 0; // index into `versions` of the site now in public/
    let mut interrupted = 0;
    let mut completed = 0;
    for delay in &delays {
        let next = 1 - current;
        generate(&content, versions[next].0);
        let mut child = Command::new(JIEBIE)
            .arg("build")
            .current_dir(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start build");
        std::thread::sleep(Duration::from_millis(*delay));
        let _ = child.kill(); // SIGKILL: no destructor, no cleanup runs
        child.wait().expect("reap build");

        let now = manifest(&public);
        if &now == versions[current].1 {
            interrupted += 1;
        } else if &now == versions[next].1 {
            completed += 1;
            current = next;
        } else {
            panic!(
                "killed after {delay} ms (full build {full_build:?}): public/ is neither the old nor the new site ({} files)",
                now.len()
            );
        }
    }
    assert!(
        interrupted > 0,
        "no kill landed during a build ({completed} completed); the test proved nothing"
    );

    // Whatever a killed build left beside public/ does not disturb the next one.
    let next = 1 - current;
    generate(&content, versions[next].0);
    build_to_completion(site.path());
    assert!(
        &manifest(&public) == versions[next].1,
        "a complete build after the kills"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .expect("list site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The photo cache and the previous build (the next build's starting point) are
        // meant to stay between builds.
        .filter(|name| {
            ![
                "content",
                "public",
                ".jiebie-cache",
                ".public.jiebie-previous",
            ]
            .contains(&name.as_str())
        })
        .collect();
    assert!(leftovers.is_empty(), "left beside public/: {leftovers:?}");
    eprintln!(
        "kill test: full build {full_build:?}; {} kills: {interrupted} kept the old site, {completed} found the new one",
        delays.len()
    );
}

/// Enough for the build's stages to take a while after it claims its tree.
const KILLED_WRITE_UPS: usize = 600;

/// After a build is killed mid-way, the next build starts from the tree it left (not from
/// nothing) and says nothing about it; with no tree at all to start from, it says in one
/// line that it writes every file.
#[cfg(unix)]
#[test]
fn the_build_after_a_kill_starts_from_the_tree_the_killed_one_left() {
    let site = small_site();
    let content = site.path().join("content");
    let public = site.path().join("public");
    let previous = site.path().join(".public.jiebie-previous");
    generate_some(&content, "第一版", KILLED_WRITE_UPS);
    build_to_completion(site.path());
    generate_some(&content, "第二版", KILLED_WRITE_UPS);
    build_to_completion(site.path());
    let second = manifest(&public);
    assert!(previous.is_dir(), "a replaced site is the next start");

    generate_some(&content, "第一版", KILLED_WRITE_UPS);
    let mut child = Command::new(JIEBIE)
        .arg("build")
        .current_dir(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start build");
    // Killed once it has claimed the previous tree as its staging tree, before the swap.
    let staging = site
        .path()
        .join(format!(".public.jiebie-staging-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.is_dir() || previous.exists() {
        assert!(
            Instant::now() < deadline,
            "the build never claimed its tree"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().expect("reap build");
    assert!(
        manifest(&public) == second,
        "the killed build changed nothing"
    );
    assert!(staging.is_dir() && !previous.exists(), "the tree it left");

    let next = crate::helpers::run(site.path(), &["build"], &[], Duration::from_secs(300));
    assert_eq!(next.code, Some(0), "{next:?}");
    assert!(
        !next.stderr.contains("从头写出"),
        "started from the killed build's tree: {}",
        next.stderr
    );
    assert!(!staging.exists(), "the tree was taken, not left");
    assert!(previous.is_dir());
    let first = manifest(&public);
    assert_ne!(first, second);

    // Nothing to start from, while a site is there: one line says so.
    std::fs::remove_dir_all(&previous).expect("lose the previous tree");
    generate_some(&content, "第二版", KILLED_WRITE_UPS);
    let scratch = crate::helpers::run(site.path(), &["build"], &[], Duration::from_secs(300));
    assert_eq!(scratch.code, Some(0), "{scratch:?}");
    let said: Vec<&str> = scratch
        .stderr
        .lines()
        .filter(|l| l.contains("从头写出全部文件"))
        .collect();
    assert_eq!(said.len(), 1, "{}", scratch.stderr);
    assert!(manifest(&public) == second, "the same site either way");
}
