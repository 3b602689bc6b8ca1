//! Search index, Atom feeds, sitemap, robots.txt, the api/ export and share (Open Graph)
//! tags, checked on built fixtures through parsers (XML, HTML, JSON).

use crate::helpers::*;
use jiebie::derive::route::Route;
use jiebie::publish::build::load_theme;
use jiebie::publish::stages::{self, Inputs, Stage, State, Work};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn search_fixture() -> std::path::PathBuf {
    good_fixture("search")
}

/// A parsed XML element tree, just enough for these tests.
#[derive(Debug, Default, Clone)]
pub(crate) struct El {
    pub(crate) name: String,
    pub(crate) attrs: BTreeMap<String, String>,
    pub(crate) text: String,
    children: Vec<El>,
}

impl El {
    pub(crate) fn all(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    pub(crate) fn first(&self, name: &str) -> &El {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }
}

pub(crate) fn parse_xml(path: &Path) -> El {
    let text = std::fs::read_to_string(path).expect("xml file");
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let mut el = El {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    el.attrs.insert(
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        a.decode_and_unescape_value(reader.decoder())
                            .expect("attr")
                            .into_owned(),
                    );
                }
                stack.push(el);
            }
            Event::Empty(e) => {
                let mut el = El {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    el.attrs.insert(
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        a.decode_and_unescape_value(reader.decoder())
                            .expect("attr")
                            .into_owned(),
                    );
                }
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Text(t) => {
                let t = t.decode().expect("utf-8").into_owned();
                let t = quick_xml::escape::unescape(&t)
                    .expect("entities")
                    .into_owned();
                stack.last_mut().expect("parent").text.push_str(&t);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().expect("utf-8").into_owned();
                let t = quick_xml::escape::unescape(&format!("&{name};"))
                    .expect("entity")
                    .into_owned();
                stack.last_mut().expect("parent").text.push_str(&t);
            }
            Event::End(_) => {
                let el = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().expect("root").children.remove(0)
}

#[test]
fn feeds_are_atom_with_absolute_urls_and_full_content() {
    let built = build(&good_fixture("basic"));
    let base = "https://example.org/site/";
    let feed = parse_xml(&built.out.join(Route::SiteFeed.file()));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.first("id").text, format!("{base}feed.xml"));
    let entries = feed.all("entry");
    assert_eq!(entries.len(), built.summary.activities);
    // Updated = newest entry, from content dates.
    let newest = entries
        .iter()
        .map(|e| e.first("updated").text.clone())
        .max()
        .expect("entries");
    assert_eq!(feed.first("updated").text, newest);
    for e in &entries {
        let link = &e.first("link").attrs["href"];
        assert!(link.starts_with(base), "{link}");
        let rel = link.strip_prefix(base).expect("under base");
        assert!(built.has_page(rel), "entry link {rel} is a page");
        let content = e.first("content");
        assert_eq!(content.attrs["type"], "html");
        assert!(!content.text.contains("jiebie:root"), "{}", content.text);
        let html = scraper::Html::parse_fragment(&content.text);
        for el in html.select(&sel("a[href], img[src]")) {
            let url = el
                .value()
                .attr("href")
                .or(el.value().attr("src"))
                .expect("url");
            assert!(
                url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:"),
                "relative URL {url} in feed content"
            );
        }
    }
    let river = entries
        .iter()
        .find(|e| e.first("title").text.contains("长江岸线"))
        .expect("river entry");
    let content = &river.first("content").text;
    assert!(
        content.contains("委员们察看了江滩公园"),
        "full body: {content}"
    );
    assert!(
        content.contains(&format!("src=\"{base}media/")),
        "photo: {content}"
    );

    let sector = parse_xml(&built.out.join(Route::SectorFeed("alpha").file()));
    assert!(!sector.all("entry").is_empty());
    for e in sector.all("entry") {
        let terms: Vec<&String> = e.all("category").iter().map(|c| &c.attrs["term"]).collect();
        assert!(terms.iter().any(|t| *t == "sector:alpha"), "{terms:?}");
    }
    let kind = parse_xml(&built.out.join("kinds/research/feed.xml"));
    for e in kind.all("entry") {
        assert_eq!(e.all("category")[0].attrs["term"], "research");
    }
    // Every page announces the site feed; sector pages their own.
    let page = built.page("sectors/alpha/");
    let feeds: Vec<String> = page
        .select(&sel("link[rel=alternate][type='application/atom+xml']"))
        .filter_map(|l| l.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(feeds, ["../../feed.xml", "../../sectors/alpha/feed.xml"]);
}

#[test]
fn sitemap_lists_every_page_absolutely_and_robots_points_to_it() {
    let built = build(&good_fixture("basic"));
    let base = "https://example.org/site/";
    let map = parse_xml(&built.out.join(Route::Sitemap.file()));
    assert_eq!(map.name, "urlset");
    let locs: Vec<String> = map
        .all("url")
        .iter()
        .map(|u| u.first("loc").text.clone())
        .collect();
    assert!(locs.len() > 20);
    let listed: BTreeSet<String> = locs
        .iter()
        .map(|l| {
            l.strip_prefix(base)
                .expect("absolute under base")
                .to_string()
        })
        .collect();
    for rel in &listed {
        assert!(built.has_page(rel), "{rel} listed but not built");
    }
    // Every built page is listed (the 404 page excepted).
    for entry in walkdir::WalkDir::new(&built.out) {
        let entry = entry.expect("walk");
        if entry.file_name() != "index.html" {
            continue;
        }
        let rel = entry
            .path()
            .parent()
            .and_then(|p| p.strip_prefix(&built.out).ok())
            .expect("inside output");
        let url = if rel.as_os_str().is_empty() {
            String::new()
        } else {
            format!("{}/", rel.to_string_lossy())
        };
        assert!(listed.contains(&url), "{url} missing from sitemap");
    }
    let robots = std::fs::read_to_string(built.out.join("robots.txt")).expect("robots");
    assert!(robots
        .lines()
        .any(|l| l == format!("Sitemap: {base}sitemap.xml")));
}

#[test]
fn api_export_holds_every_activity_with_absolute_urls() {
    let built = build(&good_fixture("basic"));
    let read = |rel: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(built.out.join(rel)).expect(rel)).expect("json")
    };
    let index = read("api/index.json");
    let mut total = 0;
    for year in index["activities"].as_array().expect("list") {
        let url = year["url"].as_str().expect("url");
        let rel = url.strip_prefix("https://example.org/site/").expect("abs");
        let file = read(rel);
        let list = file["activities"].as_array().expect("activities");
        assert_eq!(list.len() as u64, year["count"].as_u64().expect("count"));
        for a in list {
            assert!(!a["body_html"]
                .as_str()
                .expect("body")
                .contains("jiebie:root"));
            assert_eq!(a["year"], file["year"]);
        }
        total += list.len();
    }
    assert_eq!(total, built.summary.activities);
    let sectors = read("api/sectors.json");
    assert_eq!(sectors["sectors"].as_array().expect("sectors").len(), 3);
    let reports = index["reports"].as_array().expect("reports");
    assert!(!reports.is_empty());
}

#[test]
fn every_page_has_share_tags_and_a_search_box() {
    let built = build(&good_fixture("basic"));
    for url in ["", "sectors/alpha/", "timeline/", "search/", "404.html"] {
        let page = built.page(url);
        for prop in ["og:title", "og:type", "og:url", "og:site_name"] {
            let css = format!("meta[property='{prop}']");
            let content = one(&page, &css).value().attr("content").unwrap_or_default();
            assert!(!content.is_empty(), "{prop} on {url}");
        }
        let og_url = one(&page, "meta[property='og:url']")
            .value()
            .attr("content");
        assert!(og_url.is_some_and(|u| u.starts_with("https://example.org/site/")));
        let form = one(&page, "header form[role=search]");
        assert!(form
            .value()
            .attr("action")
            .is_some_and(|a| a.ends_with("search/")));
        let input = form
            .select(&sel("input[name=q]"))
            .next()
            .expect("query input");
        let id = input.value().attr("id").expect("input id");
        assert_eq!(
            form.select(&sel(&format!("label[for='{id}']"))).count(),
            1,
            "labelled search box on {url}"
        );
    }
    // An activity with a photo shares it, with its summary.
    let river = built.page("sectors/alpha/2025/2025-04-12-chang-jiang-diao-yan/");
    let image = one(&river, "meta[property='og:image']")
        .value()
        .attr("content");
    assert!(
        image.is_some_and(
            |i| i.starts_with("https://example.org/site/media/") && i.ends_with("jiang.png")
        ),
        "{image:?}"
    );
    assert_eq!(
        one(&river, "meta[property='og:type']")
            .value()
            .attr("content"),
        Some("article")
    );
    let description = one(&river, "meta[property='og:description']")
        .value()
        .attr("content");
    assert!(description.is_some_and(|d| d.contains("长江岸线")));
    // The search page works without JavaScript by saying so.
    let search = built.page("search/");
    assert!(text(one(&search, "noscript")).contains("JavaScript"));
}

/// One posting list from the built shards, read as search.js reads it.
fn postings(out: &Path, key: &str, meta: &serde_json::Value) -> Vec<u64> {
    let shards = meta["shards"].as_u64().expect("shards") as u32;
    let digits = meta["digits"].as_u64().expect("digits") as usize;
    let name = jiebie::generate::search::shard_name(
        jiebie::generate::search::shard_of(key, shards),
        digits,
    );
    let shard: BTreeMap<String, String> = serde_json::from_slice(
        &std::fs::read(out.join(format!("search/idx/{name}.json"))).expect("shard"),
    )
    .expect("shard json");
    shard
        .get(key)
        .map(|list| jiebie::generate::search::decode_list(list).expect("a list"))
        .unwrap_or_default()
}

/// Every search document, by number, from the `docs/` files, each checked to be in the
/// file its number names.
fn search_documents(out: &Path, meta: &serde_json::Value) -> BTreeMap<u64, serde_json::Value> {
    let group_bits = meta["group"].as_u64().expect("group");
    let mut docs = BTreeMap::new();
    for entry in std::fs::read_dir(out.join("search/docs")).expect("docs") {
        let path = entry.expect("entry").path();
        let group: u64 = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse().ok())
            .expect("a group number");
        let members: BTreeMap<String, serde_json::Value> =
            serde_json::from_slice(&std::fs::read(&path).expect("doc file")).expect("json");
        assert!(!members.is_empty(), "{path:?} is empty");
        for (n, doc) in members {
            let n: u64 = n.parse().expect("a number");
            assert_eq!(n >> group_bits, group, "{n} in {path:?}");
            assert_eq!(
                jiebie::generate::search::doc_group(n),
                group,
                "the library names the same file"
            );
            docs.insert(n, doc);
        }
    }
    docs
}

#[test]
fn search_index_finds_every_character_and_bigram_exactly() {
    let built = build(&search_fixture());
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(built.out.join(Route::SearchMeta.file())).expect("meta"),
    )
    .expect("json");
    assert_eq!(meta["version"], 2);
    let docs = search_documents(&built.out, &meta);
    assert_eq!(meta["docs"].as_u64(), Some(docs.len() as u64));
    assert_eq!(docs.len(), built.summary.activities);
    // Every write-up once, and newest first in number order.
    let urls: BTreeSet<&str> = docs.values().map(|d| d["u"].as_str().expect("u")).collect();
    assert_eq!(urls.len(), docs.len());
    let dates: Vec<&str> = docs.values().map(|d| d["d"].as_str().expect("d")).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let texts: BTreeMap<u64, String> = docs
        .iter()
        .map(|(n, d)| {
            let t = format!(
                "{}\n{}",
                d["t"].as_str().expect("t"),
                d["x"].as_str().expect("x")
            );
            (
                *n,
                t.chars()
                    .map(jiebie::generate::search::fold_char)
                    .collect::<String>(),
            )
        })
        .collect();
    let mut keys = BTreeSet::new();
    for t in texts.values() {
        keys.extend(jiebie::generate::search::grams(t));
    }
    assert!(keys.len() > 200);
    for key in &keys {
        let want: Vec<u64> = texts
            .iter()
            .filter(|(_, t)| t.contains(key.as_str()))
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(postings(&built.out, key, &meta), want, "postings of {key}");
    }
    // Filters and the source text, independent of the index's own store.
    assert_eq!(postings(&built.out, "s:alpha", &meta).len(), 4);
    assert!(
        postings(&built.out, "5g", &meta).len() == 2,
        "full-width ５Ｇ folds to 5g"
    );
    assert!(postings(&built.out, "量子", &meta).is_empty());
}

#[test]
fn generated_files_are_identical_across_thread_counts() {
    let options = options(&good_fixture("basic"), Path::new("/nonexistent"));
    let checked = jiebie::check(&options).expect("check");
    let (theme, templates) = load_theme(&options.site_dir()).expect("theme");
    let inputs = Inputs {
        checked: &checked,
        templates: &templates,
        theme: &theme,
        options: &options,
    };
    // Every stage that generates files besides pages, into memory.
    let generate = [Stage::Search, Stage::Feeds, Stage::Api, Stage::Sitemap];
    let run = |threads: usize| {
        let files = std::sync::Mutex::new(Vec::new());
        let sink = |_: Stage, rel: &str, bytes: &[u8]| -> std::io::Result<()> {
            files
                .lock()
                .expect("lock")
                .push((rel.to_string(), bytes.to_vec()));
            Ok(())
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| {
                stages::run(
                    &generate,
                    &inputs,
                    &Work::everything(),
                    &mut State::for_build(),
                    &sink,
                )
            })
            .expect("stages run");
        let mut files = files.into_inner().expect("lock");
        files.sort();
        files
    };
    let one = run(1);
    let four = run(4);
    assert_eq!(one.len(), four.len());
    for (a, b) in one.iter().zip(&four) {
        assert_eq!(a, b, "{} differs", a.0);
    }
    assert!(one.iter().any(|(p, _)| p == "search/meta.json"));
}
