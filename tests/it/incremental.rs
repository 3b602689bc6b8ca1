//! `serve`'s incremental rebuilds write exactly what a full build writes: after every
//! kind of edit, the session's output directory is compared byte for byte with a fresh
//! `build` of the same site.

use crate::helpers::{copy_dir, snapshot};
use jiebie::publish::session::Session;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of the sample site, a session on it and a place for full builds.
struct Fixture {
    tmp: tempfile::TempDir,
    site: PathBuf,
    session: Session,
    builds: usize,
    /// Whether the last rebuild made the search index whole again (not patched).
    search_whole: bool,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture::with_content(|_| {})
    }

    /// A fixture whose copied content is first changed by `tweak` (given content/).
    fn with_content(tweak: impl FnOnce(&Path)) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &site.join("content"),
        );
        tweak(&site.join("content"));
        let mut options = crate::helpers::site_options(&site);
        options.output_dir = tmp.path().join("served");
        // As `serve` builds.
        options.base_url = Some("http://127.0.0.1:1/".into());
        options.unreviewed = true;
        let session = Session::new(options);
        Fixture {
            tmp,
            site,
            session,
            builds: 0,
            search_whole: true,
        }
    }

    fn content(&self, rel: &str) -> PathBuf {
        self.site.join("content").join(rel)
    }

    /// Edits a file with `edit` and returns its path.
    fn edit(&self, rel: &str, edit: impl FnOnce(String) -> String) -> PathBuf {
        let path = self.content(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = edit(text.clone());
        assert_ne!(text, changed, "the edit of {rel} changes nothing");
        std::fs::write(&path, changed).unwrap();
        path
    }

    /// A full build of the site as it is now, into a fresh directory.
    fn full_build(&mut self) -> Result<BTreeMap<String, Vec<u8>>, String> {
        self.builds += 1;
        let mut options = self.session.options().clone();
        options.output_dir = self.tmp.path().join(format!("full-{}", self.builds));
        jiebie::build(&options).map_err(|e| e.to_string())?;
        let mut files = snapshot(&options.output_dir);
        files.remove(".jiebie-output");
        Ok(files)
    }

    fn served(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.session.options().output_dir)
    }

    /// Rebuilds after `changed` and checks the output against a full build; returns
    /// whether every page was rendered.
    fn rebuild(&mut self, step: &str, changed: &[PathBuf]) -> bool {
        let rebuild = self
            .session
            .rebuild(changed)
            .unwrap_or_else(|e| panic!("{step}: rebuild failed:\n{e}"));
        let full = self
            .full_build()
            .unwrap_or_else(|e| panic!("{step}: full build failed:\n{e}"));
        assert_same(step, &self.served(), &full);
        self.search_whole = rebuild.search_whole;
        rebuild.full
    }
}

fn assert_same(step: &str, served: &BTreeMap<String, Vec<u8>>, full: &BTreeMap<String, Vec<u8>>) {
    let missing: Vec<&String> = full.keys().filter(|k| !served.contains_key(*k)).collect();
    let extra: Vec<&String> = served.keys().filter(|k| !full.contains_key(*k)).collect();
    let differ: Vec<&String> = full
        .iter()
        .filter(|(k, v)| served.get(*k).is_some_and(|s| s != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "{step}: the incremental output differs from a full build\n missing: {missing:?}\n extra: {extra:?}\n different: {differ:?}"
    );
}

const RIVER: &str = "sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md";
const YOUTH: &str = "sectors/gongqingtuan/activities/2025/2025-07-05-youth-station.md";

#[test]
fn every_incremental_rebuild_equals_a_full_build() {
    let mut f = Fixture::new();
    assert!(f.rebuild("first build", &[]));

    let p = f.edit(RIVER, |t| {
        t.replacen("title: 民盟界别", "title: 改过标题的民盟界别", 1)
    });
    assert!(
        !f.rebuild("title", &[p]),
        "a title edit renders only dependants"
    );

    let p = f.edit(RIVER, |t| {
        t.replacen(
            "## 实地察看",
            "补充一段新的文字：岸线巡查。\n\n## 实地察看",
            1,
        )
    });
    assert!(
        !f.rebuild("body", &[p]),
        "a body edit renders only dependants"
    );

    // Who attended (the chair-meeting members' pages, before and after) and a title
    // shown on a committee's page (the youth station is served by social-law).
    let p = f.edit(RIVER, |t| {
        t.replacen("leaders: [黄某]", "leaders: [陈某某]", 1)
    });
    assert!(
        !f.rebuild("leaders", &[p]),
        "a leaders edit renders only dependants"
    );
    let p = f.edit(YOUTH, |t| {
        t.replacen(
            "title: 共青团和青联界委员",
            "title: 改过标题的共青团和青联界委员",
            1,
        )
    });
    assert!(
        !f.rebuild("title on a committee's page", &[p]),
        "a title edit renders only dependants"
    );

    let p = f.edit(RIVER, |t| {
        t.replacen("date: 2025-04-12", "date: 2025-10-30", 1)
            .replacen("end_date: 2025-04-13", "end_date: 2025-10-31", 1)
    });
    f.rebuild("date that reorders", &[p]);
    assert!(!f.search_whole, "a new date patches the search index");

    let p = f.edit(RIVER, |t| {
        t.replacen("date: 2025-10-30", "date: 2026-02-02", 1)
            .replacen("end_date: 2025-10-31", "end_date: 2026-02-03", 1)
    });
    assert!(
        !f.rebuild("date in another year", &[p]),
        "a write-up moved to another year's URL renders only dependants"
    );
    assert!(!f.search_whole, "a new URL patches the search index");

    let p = f.edit(RIVER, |t| {
        t.replacen("kind: research", "kind: consultation", 1)
    });
    f.rebuild("kind", &[p]);

    let p = f.edit(RIVER, |t| {
        t.replacen("participants: [蓝某, ", "participants: [", 1)
    });
    assert!(
        !f.rebuild("participants", &[p]),
        "a participants edit renders only dependants"
    );

    let p = f.edit(RIVER, |t| {
        let start = t.find("  - { src: river-2.jpg").unwrap();
        let end = start + t[start..].find('\n').unwrap() + 1;
        format!("{}{}", &t[..start], &t[end..])
    });
    f.rebuild("a photo removed", &[p]);

    let new = f.content("sectors/minmeng/activities/2025/2025-05-01-新增调研.md");
    std::fs::write(
        &new,
        "---\ntitle: 新增的一次调研\ndate: 2025-05-01\nkind: research\nparticipants: [蓝某]\n---\n新增稿件的正文。\n",
    )
    .unwrap();
    assert!(
        !f.rebuild("added write-up", std::slice::from_ref(&new)),
        "a new write-up renders only dependants"
    );
    assert!(!f.search_whole, "a new write-up patches the search index");

    let p = f.edit(YOUTH, |t| t.replacen("---\n", "---\ntitle: [\n", 1));
    let before = f.served();
    assert!(f.session.rebuild(std::slice::from_ref(&p)).is_err());
    assert!(f.full_build().is_err());
    assert_same(
        "broken front matter keeps the last good site",
        &f.served(),
        &before,
    );
    // Another write-up edited while the site is broken is not forgotten.
    let other = f.edit(RIVER, |t| t.replacen("补充一段新的文字", "再改一段文字", 1));
    assert!(f.session.rebuild(std::slice::from_ref(&other)).is_err());
    let p = f.edit(YOUTH, |t| t.replacen("---\ntitle: [\n", "---\n", 1));
    f.rebuild("fixed front matter", &[p]);

    // A body edit that breaks the body (an image without alternative text) fails like a
    // full build; the fix brings back a photo the site no longer published.
    let p = f.edit(RIVER, |t| {
        t.replacen("再改一段文字", "![](river-2.jpg)再改一段文字", 1)
    });
    let before = f.served();
    assert!(f.session.rebuild(std::slice::from_ref(&p)).is_err());
    assert!(f.full_build().is_err());
    assert_same(
        "a broken body keeps the last good site",
        &f.served(),
        &before,
    );
    let p = f.edit(RIVER, |t| {
        t.replacen("![](river-2.jpg)", "![青山江滩](river-2.jpg)", 1)
    });
    assert!(!f.rebuild("body fixed, photo back", &[p]));

    // A text edit saved together with a new write-up.
    let p = f.edit(RIVER, |t| t.replacen("再改一段文字", "同时保存的文字", 1));
    let second = f.content("sectors/minmeng/activities/2025/2025-05-02-同批新增.md");
    std::fs::write(
        &second,
        "---\ntitle: 同一批保存的新稿件\ndate: 2025-05-02\nkind: study\n---\n正文。\n",
    )
    .unwrap();
    f.rebuild(
        "text edit and a new file in one batch",
        &[p, second.clone()],
    );
    std::fs::remove_file(&second).unwrap();
    f.rebuild("second new write-up removed", &[second]);

    std::fs::remove_file(&new).unwrap();
    assert!(
        !f.rebuild("removed write-up", &[new]),
        "a deleted write-up renders only dependants"
    );
    assert!(
        !f.search_whole,
        "a deleted write-up patches the search index"
    );
    // (`rebuild` checks that its page is gone: no file beyond a full build's.)

    // Templates: an override of one page template, a macro, the base; a static file.
    let templates = f.site.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let default = |name: &str| {
        let (_, bytes) = jiebie::render::theme::DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let kind = templates.join("kind.html");
    std::fs::write(
        &kind,
        default("kind.html").replacen("{% block", "<!-- override -->{% block", 1),
    )
    .unwrap();
    assert!(!f.rebuild("page template", std::slice::from_ref(&kind)));
    let macros = templates.join("macros.html");
    std::fs::write(&macros, default("macros.html") + "\n{# changed #}x").unwrap();
    assert!(!f.rebuild("macros", std::slice::from_ref(&macros)));
    let base = templates.join("base.html");
    std::fs::write(
        &base,
        default("base.html").replacen("</body>", "<!-- base --></body>", 1),
    )
    .unwrap();
    f.rebuild("base template", std::slice::from_ref(&base));
    std::fs::remove_file(&kind).unwrap();
    f.rebuild("template override removed", &[kind]);
    let statics = f.site.join("static");
    std::fs::create_dir_all(&statics).unwrap();
    let css = statics.join("extra.css");
    std::fs::write(&css, "body{}").unwrap();
    f.rebuild("static file added", std::slice::from_ref(&css));
    std::fs::remove_file(&css).unwrap();
    f.rebuild("static file removed", &[css]);
    // The site's own icon replaces the theme's, at the site root, and back.
    let icon = statics.join("favicon.ico");
    std::fs::write(&icon, b"\0\0\x01\0own icon").unwrap();
    assert!(!f.rebuild("site icon added", std::slice::from_ref(&icon)));
    assert_eq!(
        std::fs::read(f.session.options().output_dir.join("favicon.ico")).unwrap(),
        b"\0\0\x01\0own icon"
    );
    std::fs::remove_file(&icon).unwrap();
    f.rebuild("site icon removed", &[icon]);

    // Documents other than write-ups whose text changed render only their pages.
    let text_edits = [
        ("sectors/minmeng/index.md", "sector profile"),
        ("sectors/minmeng/plans/2025.md", "plan text"),
        ("sectors/minmeng/summaries/2025.md", "summary"),
        (
            "sectors/jiaoyu/outputs/2025-proposal-after-school.md",
            "standalone output",
        ),
        ("commendations/2025.md", "commendation"),
        ("pages/about.md", "free page"),
    ];
    for (rel, step) in text_edits {
        let p = f.edit(rel, |t| t + "\n补充一段文字。\n");
        assert!(!f.rebuild(step, &[p]), "{step}: renders only its pages");
    }
    let plan = "sectors/minmeng/plans/2025.md";
    let p = f.edit(plan, |t| {
        t.replacen(
            "title: 长江岸线生态修复界别协商",
            "title: 长江岸线界别协商",
            1,
        )
    });
    assert!(
        !f.rebuild("plan item title", &[p]),
        "a plan item's title renders only the pages showing the plan"
    );
    // Anything else about a plan item (here its quarter, so the figures) renders every page.
    let p = f.edit(plan, |t| {
        t.replacen(
            "kind: consultation, quarter: 3",
            "kind: consultation, quarter: 4",
            1,
        )
    });
    assert!(f.rebuild("plan item quarter", &[p]));
    let p = f.edit("sectors/minmeng/index.md", |t| {
        t.replacen("short: 民盟界\n", "short: 民盟\n", 1)
    });
    f.rebuild("sector profile front matter", &[p]);

    // Editors' temporary files change nothing.
    let swap = f.content("sectors/minmeng/.index.md.swp");
    std::fs::write(&swap, "x").unwrap();
    assert!(!f.rebuild("swap file", &[swap]));
}

/// With `member_pages: true`, a write-up also appears on its participants' member pages:
/// a title edit and a changed participant list reach them without a full render.
#[test]
fn member_pages_follow_incremental_rebuilds() {
    let mut f = Fixture::with_content(|content| {
        let yaml = content.join("site.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, format!("{text}\nmember_pages: true\n")).unwrap();
    });
    assert!(f.rebuild("first build", &[]));
    assert!(f.served().contains_key("people/lan-mou/index.html"));
    let p = f.edit(RIVER, |t| {
        t.replacen("title: 民盟界别", "title: 改过标题的民盟界别", 1)
    });
    assert!(!f.rebuild("title on member pages", &[p]));
    let p = f.edit(RIVER, |t| {
        t.replacen(
            "participants: [蓝某, 詹某,",
            "participants: [詹某, 朱某,",
            1,
        )
    });
    assert!(!f.rebuild("participants changed", &[p]));
}
