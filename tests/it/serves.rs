//! Who serves whom (clauses 6 and 8): the pages of the chair-meeting members and of the
//! special committees, their index, the links to them, the sitemap and the committee
//! feeds, checked on built sites against the content as the library reads it.

use crate::helpers::*;
use jiebie::core::i18n::Lang;
use jiebie::derive::route::{root_for, Route};
use jiebie::render::words;
use jiebie::Checked;
use scraper::{ElementRef, Html};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The sample site built, and the same content as the library reads it.
fn sample() -> (Built, Checked) {
    let content = manifest_dir().join("content");
    let built = build(&content);
    let checked = jiebie::check(&options(&content, &built.out)).expect("the sample site checks");
    (built, checked)
}

/// The hrefs of `css` in `el` (on the page at `url`), as URLs relative to the site root.
fn links_in(el: ElementRef<'_>, url: &str, css: &str) -> Vec<String> {
    let root = root_for(url);
    el.select(&sel(css))
        .map(|a| {
            let href = a.value().attr("href").expect("a link");
            href.strip_prefix(&root)
                .unwrap_or_else(|| panic!("{href} on {url} does not start at the root {root}"))
                .to_string()
        })
        .collect()
}

/// The hrefs of `css` on the page at `url`, as URLs relative to the site root.
fn links(page: &Html, url: &str, css: &str) -> Vec<String> {
    links_in(page.root_element(), url, css)
}

/// The activities listed on a page, by year (from each year's heading), with the count
/// the heading gives, in the order shown.
fn activities_by_year(page: &Html, url: &str) -> Vec<(i32, usize, Vec<String>)> {
    let mut years = Vec::new();
    for section in page.select(&sel("main section[aria-labelledby^='y']")) {
        let heading = section.select(&sel("h3")).next().expect("a year heading");
        let title = text(heading);
        let (year, rest) = title.split_once(" 年（").expect("“2025 年（n 次）”");
        let count = rest.trim_end_matches(" 次）").parse().expect("a count");
        years.push((
            year.parse().expect("a year"),
            count,
            links_in(section, url, ".card-title a"),
        ));
    }
    years
}

/// Activity URLs grouped by year, newest year first, as the pages must list them.
fn expected_by_year(
    checked: &Checked,
    wanted: impl Fn(usize) -> bool,
) -> Vec<(i32, usize, Vec<String>)> {
    let mut years: BTreeMap<i32, Vec<(chrono::NaiveDate, String)>> = BTreeMap::new();
    for (i, a) in checked.site.activities.iter().enumerate() {
        if wanted(i) {
            years
                .entry(a.year())
                .or_default()
                .push((a.date, checked.derived.activity_urls[i].clone()));
        }
    }
    years
        .into_iter()
        .rev()
        .map(|(year, mut list)| {
            list.sort_by_key(|(date, _)| std::cmp::Reverse(*date));
            let urls: Vec<String> = list.into_iter().map(|(_, u)| u).collect();
            (year, urls.len(), urls)
        })
        .collect()
}

/// Compares by year and count, and the activities of each year as sets (activities of
/// the same day may be listed in either order).
fn assert_same_years(
    what: &str,
    shown: &[(i32, usize, Vec<String>)],
    expected: &[(i32, usize, Vec<String>)],
) {
    let heads =
        |l: &[(i32, usize, Vec<String>)]| l.iter().map(|(y, n, _)| (*y, *n)).collect::<Vec<_>>();
    assert_eq!(heads(shown), heads(expected), "{what}: years and counts");
    for ((year, count, urls), (_, _, want)) in shown.iter().zip(expected) {
        // A year shown by its count alone (a committee's earlier years) lists no card.
        if !want.is_empty() {
            assert_eq!(
                urls.len(),
                *count,
                "{what}: {year} heading counts its cards"
            );
        }
        let urls: BTreeSet<&String> = urls.iter().collect();
        let want: BTreeSet<&String> = want.iter().collect();
        assert_eq!(urls, want, "{what}: activities of {year}");
    }
}

#[test]
fn a_leader_page_lists_exactly_the_sectors_they_liaise_with_and_the_activities_they_attended() {
    let (built, checked) = sample();
    let site = &checked.site;
    assert!(site.leaders.len() >= 8);
    let (mut with_none, mut attended_none) = (0, 0);
    for leader in &site.leaders {
        let url = Route::Leader(&leader.slug).url();
        let page = built.page(&url);
        assert_eq!(
            text(one(&page, "h1")),
            format!("{} {}", leader.name, leader.title)
        );

        let expected: BTreeSet<String> = site
            .sectors
            .iter()
            .filter(|s| {
                s.vice_chair
                    .as_ref()
                    .is_some_and(|v| v.value == leader.name)
            })
            .map(|s| Route::Sector(&s.id).url())
            .collect();
        let shown = links(&page, &url, "#liaised h3 a");
        assert_eq!(
            shown.len(),
            expected.len(),
            "{}: no sector twice",
            leader.name
        );
        assert_eq!(
            shown.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{}",
            leader.name
        );
        if expected.is_empty() {
            with_none += 1;
            assert!(
                texts(&page, "main p")
                    .iter()
                    .any(|p| p.starts_with("暂无联系的界别")),
                "{}: the empty state is said in Chinese",
                leader.name
            );
        }

        let expected = expected_by_year(&checked, |i| {
            site.activities[i]
                .leaders
                .iter()
                .any(|l| l.value == leader.name)
        });
        assert_same_years(&leader.name, &activities_by_year(&page, &url), &expected);
        let total: usize = expected.iter().map(|(_, n, _)| n).sum();
        assert!(
            texts(&page, "h2").contains(&format!("出席的界别活动（共 {total} 次）")),
            "{}",
            leader.name
        );
        if total == 0 {
            attended_none += 1;
            assert!(texts(&page, "main p").contains(&"暂无出席界别活动的记录。".to_string()));
        }
    }
    assert!(
        with_none > 0,
        "the sample site has a member who liaises with no sector (主席, 秘书长)"
    );
    assert!(
        attended_none > 0,
        "the sample site has a member who attended nothing (秘书长)"
    );
    // The sample site's 黄某 attends the river survey and liaises with 民盟界.
    let huang = site
        .leaders
        .iter()
        .find(|l| l.name == "黄某")
        .expect("黄某");
    assert_eq!(huang.slug, "huang-mou");
}

#[test]
fn a_committee_page_lists_exactly_the_sectors_it_serves_with_their_quota_standing() {
    let (built, checked) = sample();
    let (site, derived) = (&checked.site, &checked.derived);
    let mut empty = 0;
    for committee in &site.committees {
        let url = Route::Committee(&committee.id).url();
        let page = built.page(&url);
        assert_eq!(text(one(&page, "h1")), committee.name);
        let served: Vec<&jiebie::model::Sector> = site
            .sectors
            .iter()
            .filter(|s| {
                s.served_by
                    .as_ref()
                    .is_some_and(|c| c.value == committee.id)
            })
            .collect();
        let shown = links(&page, &url, "#served h3 a");
        let expected: BTreeSet<String> =
            served.iter().map(|s| Route::Sector(&s.id).url()).collect();
        assert_eq!(shown.len(), served.len(), "{}", committee.name);
        assert_eq!(
            shown.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{}",
            committee.name
        );

        if served.is_empty() {
            empty += 1;
            assert!(page.select(&sel("#standing")).next().is_none());
            assert!(texts(&page, "main p")
                .iter()
                .any(|p| p.starts_with("暂无对口服务的界别")));
        } else {
            // Each served sector's verdict for each year, as derive::figures judges it.
            let rows = table_rows(one(&page, "#standing"));
            assert_eq!(rows.len(), served.len(), "{}", committee.name);
            for s in &served {
                let row = &rows[s.display_name()];
                assert_eq!(
                    row.len(),
                    derived.years.len() + 1,
                    "{}: a column per year",
                    s.id
                );
                for &year in &derived.years {
                    let f = derived
                        .sector_year(&s.id, year)
                        .expect("figures for every year");
                    let cell = &row[&format!("{year} 年")];
                    let verdict = words::verdict(f.verdict(), Lang::Zh);
                    assert!(
                        cell.starts_with(&verdict),
                        "{} {year}: {cell} ≠ {verdict}",
                        s.id
                    );
                    if f.has_data {
                        let counts = format!("活动 {} 次，成果 {} 篇", f.activities, f.outputs);
                        assert!(cell.ends_with(&counts), "{} {year}: {cell}", s.id);
                    }
                }
            }
        }

        let ids: BTreeSet<&str> = served.iter().map(|s| s.id.as_str()).collect();
        let mut expected = expected_by_year(&checked, |i| {
            site.activities[i].sector_ids().any(|id| ids.contains(id))
        });
        // Only the newest year is listed; earlier years show their counts.
        for year in expected.iter_mut().skip(1) {
            year.2.clear();
        }
        assert_same_years(&committee.name, &activities_by_year(&page, &url), &expected);
    }
    assert!(
        empty > 0,
        "the sample site has a committee serving no sector (提案委员会)"
    );
}

#[test]
fn sector_and_activity_pages_link_to_the_member_and_committee_pages() {
    let (built, checked) = sample();
    let site = &checked.site;
    let mut linked = (0, 0);
    for s in &site.sectors {
        let url = Route::Sector(&s.id).url();
        let page = built.page(&url);
        for (term, route) in [
            (
                "组织服务",
                s.served_by.as_ref().map(|c| Route::Committee(&c.value)),
            ),
            (
                "联系界别的主席会议成员",
                s.vice_chair.as_ref().map(|v| {
                    let l = site
                        .leaders
                        .iter()
                        .find(|l| l.name == v.value)
                        .expect("on the list");
                    Route::Leader(&l.slug)
                }),
            ),
        ] {
            let shown = fact(&page, "dl.facts", term).map(|dd| links_in(dd, &url, "a"));
            match route {
                Some(route) => {
                    assert_eq!(shown, Some(vec![route.url()]), "{}: {term}", s.id);
                    assert!(built.out.join(route.file()).is_file(), "{}", route.file());
                    if term == "组织服务" {
                        linked.0 += 1;
                    } else {
                        linked.1 += 1;
                    }
                }
                None => assert!(shown.is_none_or(|l| l.is_empty()), "{}: {term}", s.id),
            }
        }
    }
    assert!(linked.0 > 10 && linked.1 > 20, "{linked:?}");

    // An activity's leaders link to their pages.
    let (i, a) = site
        .activities
        .iter()
        .enumerate()
        .find(|(_, a)| !a.leaders.is_empty())
        .expect("an activity a leader attended");
    let url = &checked.derived.activity_urls[i];
    let page = built.page(url);
    let dd = fact(&page, "dl", "出席领导").expect("出席领导");
    let shown = links_in(dd, url, "a");
    let expected: Vec<String> = a
        .leaders
        .iter()
        .map(|l| {
            let leader = site
                .leaders
                .iter()
                .find(|x| x.name == l.value)
                .expect("known");
            Route::Leader(&leader.slug).url()
        })
        .collect();
    assert_eq!(shown, expected);

    // The sector index leads to the index, which leads to every page.
    let index = Route::SectorIndex.url();
    assert!(links(&built.page(&index), &index, "main a").contains(&Route::Organisation.url()));
    let url = Route::Organisation.url();
    let all = links(&built.page(&url), &url, "main h3 a");
    let mut expected: Vec<String> = site
        .leaders
        .iter()
        .map(|l| Route::Leader(&l.slug).url())
        .collect();
    expected.extend(
        site.committees
            .iter()
            .map(|c| Route::Committee(&c.id).url()),
    );
    assert_eq!(all, expected);
    // (Every link of the sample site resolving, these pages' included, is checked by
    // `site::sample_site_builds_and_every_internal_link_resolves`.)
}

#[test]
fn the_pages_are_in_the_sitemap_and_each_committee_has_a_feed_of_its_sectors() {
    let (built, checked) = sample();
    let site = &checked.site;
    let base = &site.config.base_url;
    let map = crate::publish::parse_xml(&built.out.join(Route::Sitemap.file()));
    let locs: BTreeSet<String> = map
        .all("url")
        .iter()
        .map(|u| u.first("loc").text.clone())
        .collect();
    let mut pages = vec![Route::Organisation];
    pages.extend(site.leaders.iter().map(|l| Route::Leader(&l.slug)));
    pages.extend(site.committees.iter().map(|c| Route::Committee(&c.id)));
    for route in &pages {
        assert!(
            locs.contains(&route.absolute(base)),
            "{} not in the sitemap",
            route.url()
        );
    }

    for c in &site.committees {
        let feed = crate::publish::parse_xml(&built.out.join(Route::CommitteeFeed(&c.id).file()));
        let ids: BTreeSet<&str> = site
            .sectors
            .iter()
            .filter(|s| s.served_by.as_ref().is_some_and(|x| x.value == c.id))
            .map(|s| s.id.as_str())
            .collect();
        let entries = feed.all("entry");
        let expected = site
            .activities
            .iter()
            .filter(|a| a.sector_ids().any(|id| ids.contains(id)))
            .count()
            .min(jiebie::generate::feeds::FEED_ENTRIES);
        assert_eq!(entries.len(), expected, "{}", c.id);
        for e in entries {
            let sectors: Vec<&str> = e
                .all("category")
                .iter()
                .filter_map(|x| x.attrs["term"].strip_prefix("sector:"))
                .collect();
            assert!(
                sectors.iter().any(|s| ids.contains(s)),
                "{}: {sectors:?}",
                c.id
            );
        }
        // The committee's page announces its feed.
        let url = Route::Committee(&c.id).url();
        let announced = links(
            &built.page(&url),
            &url,
            "link[rel=alternate][type='application/atom+xml']",
        );
        assert!(
            announced.contains(&Route::CommitteeFeed(&c.id).url()),
            "{announced:?}"
        );
    }
}

/// The small fixture with two chair-meeting members whose names sound the same (张伟,
/// 章伟: both `zhang-wei`), one liaising with 甲界 and attending one activity.
fn homophones() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    copy_dir(&good_fixture("basic"), &content);
    std::fs::write(
        content.join("organisation.yaml"),
        "committees:\n  - { id: members-affairs, name: 委员工作委员会 }\n  - { id: economy, name: 经济委员会 }\nleaders:\n  - { name: 章伟, title: 副主席 }\n  - { name: 张伟, title: 副主席 }\n  - { name: 领导甲, title: 副主席 }\n",
    )
    .expect("write");
    let edit = |rel: &str, from: &str, to: &str| {
        let path = content.join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "sectors/alpha/index.md",
        "vice_chair: 领导甲",
        "vice_chair: 章伟",
    );
    edit(
        "sectors/beta/index.md",
        "served_by: members-affairs",
        "served_by: members-affairs\nvice_chair: 张伟",
    );
    edit(
        "sectors/beta/activities/2024-08-08-service.md",
        "kind:",
        "leaders: [章伟, 张伟]\nkind:",
    );
    dir
}

#[test]
fn members_with_the_same_pinyin_get_distinct_stable_addresses() {
    let dir = homophones();
    let content = dir.path().join("content");
    let built = build(&content);
    // 张 sorts before 章, so 张伟 keeps the plain slug whatever the order of the list.
    for (slug, name, sector) in [
        ("zhang-wei", "张伟", "beta"),
        ("zhang-wei-2", "章伟", "alpha"),
    ] {
        let url = Route::Leader(slug).url();
        let page = built.page(&url);
        assert_eq!(text(one(&page, "h1")), format!("{name} 副主席"));
        assert_eq!(
            links(&page, &url, "#liaised h3 a"),
            [Route::Sector(sector).url()]
        );
        let years = activities_by_year(&page, &url);
        assert_eq!(years.len(), 1, "{name}: {years:?}");
        assert_eq!((years[0].0, years[0].1), (2024, 1));
    }
    // 领导甲 liaises with no sector now, but still attended the river survey.
    let url = Route::Leader("ling-dao-jia").url();
    let page = built.page(&url);
    assert!(page.select(&sel("#liaised")).next().is_none());
    let paragraphs = texts(&page, "main p");
    assert!(
        paragraphs.iter().any(|p| p.starts_with("暂无联系的界别")),
        "{paragraphs:?}"
    );
    let years = activities_by_year(&page, &url);
    assert_eq!(years.len(), 1);
    assert_eq!((years[0].0, years[0].1), (2025, 1));
    // The economy committee serves no sector of this site.
    let url = Route::Committee("economy").url();
    assert!(texts(&built.page(&url), "main p")
        .iter()
        .any(|p| p.starts_with("暂无对口服务的界别")));

    // Byte-identical when built again, with the list in another order.
    let again = build(&content);
    let pages = |out: &Path| {
        let mut all = snapshot(out);
        all.retain(|k, _| k.starts_with("organisation/"));
        all
    };
    let first = pages(&built.out);
    assert!(first.len() >= 6, "{:?}", first.keys());
    assert_eq!(first, pages(&again.out));
    let yaml = content.join("organisation.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    std::fs::write(
        &yaml,
        text.replacen("  - { name: 章伟, title: 副主席 }\n", "", 1)
            + "  - { name: 章伟, title: 副主席 }\n",
    )
    .expect("write");
    let reordered = build(&content);
    let moved = pages(&reordered.out);
    for slug in ["zhang-wei", "zhang-wei-2"] {
        let file = Route::Leader(slug).file();
        assert_eq!(first.get(&file), moved.get(&file), "{file}");
    }
}
