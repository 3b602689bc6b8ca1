//! Search: a static full-text index of the write-ups, built at build time and queried in
//! the browser by `static/search.js`, with no server.
//!
//! Chinese has no spaces, and a word segmenter decides what a "word" is before the reader
//! does: a query that crosses the segmenter's boundaries (`江保` in `长江保护`) is then
//! never found. So the index knows no words at all: every single character and every
//! pair of adjacent characters (bigram) of a write-up's title and text is a key. A query
//! of one or two characters is answered exactly from one posting list; a longer query
//! intersects the lists of its bigrams and then checks the candidates' text for the whole
//! string, so recall is 100% for any substring, whatever its segmentation.
//!
//! Files (all under `search/`, deterministic, sorted keys):
//!
//! - `meta.json`: shard count, filter vocabularies (sectors, kinds, years), document count.
//! - `idx/<hex>.json`: the postings, sharded by a stable hash (FNV-1a 32) of the key so a
//!   query fetches one small file per key and the size per query does not grow with the
//!   number of shards. Keys: a character or bigram (`长江`), the same prefixed `t:` when
//!   it occurs in the title (for ranking), and `s:<sector>`, `k:<kind>`, `y:<year>` for the
//!   filters. Postings are document numbers, delta-encoded (first absolute).
//! - `docs/<n>.json`: one document each — URL, title, sector, date, kind, plain text — for
//!   verification and snippets. One file per document rather than chunks: with write-ups of
//!   1–3 kB of text a chunk of 50 would already cost 100+ kB, while the browser only ever
//!   needs the handful of documents it shows or verifies.
//!
//! Documents are numbered newest first, so "first N postings" are the N newest matches.

use super::Sink;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::{ActivityKind, Site};
use crate::render::bodies::Bodies;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;

/// Version of the file format, read by `search.js`.
pub const FORMAT_VERSION: u32 = 1;

/// The postings of a shard are aimed at about this many bytes.
const TARGET_SHARD_BYTES: usize = 12_000;

/// A write-up as the search index sees it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// URL path relative to the site root.
    #[serde(rename = "u")]
    pub url: String,
    /// Title.
    #[serde(rename = "t")]
    pub title: String,
    /// Filing sector's display name.
    #[serde(rename = "s")]
    pub sector_name: String,
    /// Date, `YYYY-MM-DD`.
    #[serde(rename = "d")]
    pub date: String,
    /// Activity kind's Chinese name.
    #[serde(rename = "k")]
    pub kind_name: String,
    /// Plain text of the body.
    #[serde(rename = "x")]
    pub text: String,
    /// Every sector it counts for (filters).
    #[serde(skip)]
    pub sectors: Vec<String>,
    /// Kind id (filters).
    #[serde(skip)]
    pub kind: &'static str,
    /// Year (filters).
    #[serde(skip)]
    pub year: i32,
}

impl SearchDoc {
    /// The text searched: title and body, separated so no bigram spans them.
    pub fn searchable(&self) -> String {
        format!("{}\n{}", self.title, self.text)
    }
}

/// Whether a character separates searchable runs. The same list is in `search.js`; it
/// is spelled out rather than taken from `char::is_whitespace` because JavaScript's `\s`
/// differs from it in a few code points.
pub fn is_separator(c: char) -> bool {
    c <= ' '
        || matches!(
            c,
            '\u{7f}'..='\u{a0}'
                | '\u{1680}'
                | '\u{2000}'..='\u{200b}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
        )
}

/// Folds a character for matching: full-width ASCII to ASCII, ASCII to lower case. Only
/// mappings that keep the length in UTF-16 units, so positions in the folded text are
/// positions in the original (the browser highlights by position).
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The index keys of a text: every character and every adjacent pair within a run of
/// non-separator characters, folded.
pub fn grams(text: &str) -> BTreeSet<String> {
    gram_codes(text).into_iter().map(gram_key).collect()
}

/// [`grams`] as numbers (no allocation per key, which dominates indexing a large site):
/// a character is `c << 32`, a pair `first << 32 | (second + 1)`. Sorted, no duplicates.
pub fn gram_codes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len());
    each_gram_code(text, |code| out.push(code));
    out.sort_unstable();
    out.dedup();
    out
}

/// Calls `f` with the code of every gram of `text` in text order, repeats included.
fn each_gram_code(text: &str, mut f: impl FnMut(u64)) {
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if is_separator(c) {
            previous = None;
            continue;
        }
        let c = fold_char(c);
        f(u64::from(u32::from(c)) << 32);
        if let Some(p) = previous {
            f((u64::from(u32::from(p)) << 32) | (u64::from(u32::from(c)) + 1));
        }
        previous = Some(c);
    }
}

/// The text key of a [`gram_codes`] number.
pub fn gram_key(code: u64) -> String {
    let first = char::from_u32((code >> 32) as u32).unwrap_or('\u{fffd}');
    let second = (code & 0xffff_ffff) as u32;
    let mut key = String::with_capacity(8);
    key.push(first);
    if second > 0 {
        key.push(char::from_u32(second - 1).unwrap_or('\u{fffd}'));
    }
    key
}

/// A hasher for gram codes. The standard library's SipHash resists crafted keys, which
/// costs a third of the indexing time; the keys here are the site's own text, and the
/// table is not kept after the build.
#[derive(Default, Clone, Copy)]
struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        // Characters live in the high half of a code: fold them into the low bits that
        // pick the bucket.
        let mixed = (self.0 ^ x ^ (x >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = mixed ^ (mixed >> 32);
    }
}

type CodeMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<CodeHasher>>;

/// A posting list while it is built, already in its published form: the first document
/// number, then the differences, each as a variable-length integer (7 bits a byte). Most
/// differences fit in one or two bytes, a quarter to a half of a `Vec<u32>`, which is
/// what keeps the index of a 100,000-write-up site in memory.
#[derive(Default)]
struct List {
    last: u32,
    count: u32,
    bytes: Vec<u8>,
}

fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The variable-length integers of `bytes`, in order.
fn varints(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut value = 0u32;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            value |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    })
}

impl List {
    /// Adds document `n`; a document already last in the list is not added twice.
    fn push(&mut self, n: u32) {
        if self.count > 0 && n <= self.last {
            if n < self.last {
                let mut numbers = self.numbers();
                numbers.push(n);
                *self = List::from_numbers(numbers);
            }
            return;
        }
        put_varint(
            &mut self.bytes,
            if self.count == 0 { n } else { n - self.last },
        );
        self.last = n;
        self.count += 1;
    }

    /// Appends a list of later documents (the next run of the parallel fold).
    fn append(&mut self, other: List) {
        let Some(first) = varints(&other.bytes).next() else {
            return;
        };
        if self.count == 0 {
            *self = other;
        } else if first > self.last {
            let skip = other
                .bytes
                .iter()
                .position(|b| b & 0x80 == 0)
                .map_or(0, |i| i + 1);
            put_varint(&mut self.bytes, first - self.last);
            self.bytes.extend_from_slice(&other.bytes[skip..]);
            self.last = other.last;
            self.count += other.count;
        } else {
            let mut numbers = self.numbers();
            numbers.extend(other.numbers());
            *self = List::from_numbers(numbers);
        }
    }

    fn numbers(&self) -> Vec<u32> {
        let mut sum = 0u32;
        varints(&self.bytes)
            .map(|d| {
                sum = sum.saturating_add(d);
                sum
            })
            .collect()
    }

    fn from_numbers(mut numbers: Vec<u32>) -> List {
        numbers.sort_unstable();
        numbers.dedup();
        let mut list = List::default();
        for n in numbers {
            list.push(n);
        }
        list
    }

    /// The published JSON: `[first,difference,…]`, as [`encode_list`] writes it.
    fn json(&self) -> String {
        let mut out = String::with_capacity(self.bytes.len() * 3 + 2);
        out.push('[');
        for (i, d) in varints(&self.bytes).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&d.to_string());
        }
        out.push(']');
        out
    }

    /// The length of [`List::json`], without making it.
    fn json_len(&self) -> usize {
        let digits: usize = varints(&self.bytes)
            .map(|d| d.checked_ilog10().unwrap_or(0) as usize + 1)
            .sum();
        2 + digits + (self.count as usize).saturating_sub(1)
    }
}

/// Posting lists while they are built: body and title grams by number, filters by text.
#[derive(Default)]
struct Postings {
    body: CodeMap<List>,
    title: CodeMap<List>,
    filters: HashMap<String, List>,
}

impl Postings {
    fn merge(mut self, other: Postings) -> Postings {
        for (k, v) in other.body {
            self.body.entry(k).or_default().append(v);
        }
        for (k, v) in other.title {
            self.title.entry(k).or_default().append(v);
        }
        for (k, v) in other.filters {
            self.filters.entry(k).or_default().append(v);
        }
        self
    }

    fn into_keyed(self) -> Vec<(String, List)> {
        let mut out: Vec<(String, List)> =
            Vec::with_capacity(self.body.len() + self.title.len() + self.filters.len());
        out.extend(self.body.into_iter().map(|(k, v)| (gram_key(k), v)));
        out.extend(
            self.title
                .into_iter()
                .map(|(k, v)| (format!("t:{}", gram_key(k)), v)),
        );
        out.extend(self.filters);
        out
    }
}

/// FNV-1a (32-bit) of the UTF-8 bytes: stable across runs, platforms and languages (the
/// browser computes the same), unlike the standard library's randomised hasher.
pub fn fnv1a(key: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in key.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Block elements whose end separates text (so no searched pair of characters spans
/// two paragraphs or two table cells). `tests/browser/search-recall.mjs` uses the same list.
const BLOCK_ENDS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "pre",
    "blockquote",
    "caption",
    "div",
    "tr",
    "dt",
    "dd",
    "figcaption",
];

/// The text a reader sees in a rendered body: tags removed, entities decoded, blocks on
/// separate lines. Indexing the rendered HTML rather than the Markdown means the index
/// holds exactly what the page shows (captions, cleaned raw HTML) and the body is not
/// parsed a second time.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_end = tag.starts_with('/');
        if (is_end && BLOCK_ENDS.contains(&name.as_str())) || name == "br" {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode_entities(rest));
    out.trim().to_string()
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The published write-ups as search documents, newest first (ties by URL).
pub fn documents(site: &Site, derived: &Derived, bodies: &Bodies) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = (0..site.activities.len())
        .into_par_iter()
        .map(|i| document(site, derived, bodies, i))
        .collect();
    docs.sort_by(order);
    docs
}

/// The order of the documents: newest first, ties by URL.
fn order(a: &SearchDoc, b: &SearchDoc) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url))
}

/// The search document of activity `i`.
pub fn document(site: &Site, derived: &Derived, bodies: &Bodies, i: usize) -> SearchDoc {
    let a = &site.activities[i];
    let sector_name = site.sector_name(&a.sector).to_string();
    SearchDoc {
        url: derived.activity_urls[i].clone(),
        title: a.title.clone(),
        sector_name,
        date: a.date.to_string(),
        kind_name: a.kind.name().to_string(),
        text: html_text(&bodies.activities[i].html),
        sectors: a.sector_ids().map(str::to_string).collect(),
        kind: a.kind.id(),
        year: a.year(),
    }
}

#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct Meta {
    version: u32,
    docs: usize,
    shards: u32,
    digits: usize,
    sectors: Vec<Named>,
    kinds: Vec<Named>,
    years: Vec<i32>,
}

/// The shard a key lives in. A title key `t:ab` lives with `ab`, so ranking by title
/// costs no extra file.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    fnv1a(key.strip_prefix("t:").unwrap_or(key)) % shards
}

/// The file name of a shard: fixed-width lower-case hex.
pub fn shard_name(shard: u32, digits: usize) -> String {
    format!("{shard:0digits$x}")
}

/// Builds every search file and hands each to `sink` (path in the output directory,
/// bytes) as soon as it is made.
pub fn build(site: &Site, derived: &Derived, bodies: &Bodies, sink: &Sink) -> io::Result<()> {
    let docs = documents(site, derived, bodies);
    let (lists, total) = encode(&docs);
    let (shards, digits) = layout(total);
    // Every shard exists, even empty, so the browser never sees a 404 for a key that
    // simply is not in the site. Each shard's lists are freed once it is written.
    by_shard(lists, shards)
        .into_par_iter()
        .enumerate()
        .try_for_each(|(shard, entries)| {
            sink(
                &shard_path(shard, digits),
                shard_text_of(&entries).as_bytes(),
            )
        })?;
    docs.par_iter()
        .enumerate()
        .try_for_each(|(n, d)| sink(&doc_path(n), &doc_bytes(d)))?;
    sink(
        &Route::SearchMeta.file(),
        &meta_bytes(site, &docs, shards, digits),
    )
}

/// Every posting list, sorted by key, and the size that decides the number of shards.
fn encode(docs: &[SearchDoc]) -> (Vec<(String, List)>, usize) {
    // Postings built in parallel: each rayon task fills a map for a run of consecutive
    // documents, and the runs are appended in document order (rayon's reduce keeps the
    // order), so every list stays sorted. Long runs keep the number of maps, each
    // holding most keys, small.
    let run = (docs.len() / (4 * rayon::current_num_threads().max(1))).max(64);
    let postings: Postings = docs
        .par_iter()
        .enumerate()
        .with_min_len(run)
        .fold(Postings::default, |mut p, (n, d)| {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            // The body keys are those of `searchable()`: title, a separator, the text.
            each_gram_code(&d.title, |code| {
                p.body.entry(code).or_default().push(n);
                p.title.entry(code).or_default().push(n);
            });
            each_gram_code(&d.text, |code| p.body.entry(code).or_default().push(n));
            for key in filter_keys(d) {
                p.filters.entry(key).or_default().push(n);
            }
            p
        })
        .reduce(Postings::default, Postings::merge);
    let mut lists = postings.into_keyed();
    lists.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let total = lists
        .par_iter()
        .map(|(k, l)| k.len() + l.json_len() + 4)
        .sum();
    (lists, total)
}

/// The lists of each shard, in key order.
fn by_shard(lists: Vec<(String, List)>, shards: u32) -> Vec<Vec<(String, List)>> {
    let mut groups: Vec<Vec<(String, List)>> = (0..shards).map(|_| Vec::new()).collect();
    for (key, list) in lists {
        groups[shard_of(&key, shards) as usize].push((key, list));
    }
    groups
}

/// A shard file made from built lists.
fn shard_text_of(entries: &[(String, List)]) -> String {
    let jsons: Vec<String> = entries.iter().map(|(_, l)| l.json()).collect();
    shard_text(
        entries
            .iter()
            .zip(&jsons)
            .map(|((k, _), j)| (k.as_str(), j.as_str())),
    )
}

/// The filter keys of a document: its sectors, kind and year.
fn filter_keys(d: &SearchDoc) -> impl Iterator<Item = String> + '_ {
    d.sectors
        .iter()
        .map(|s| format!("s:{s}"))
        .chain([format!("k:{}", d.kind), format!("y:{}", d.year)])
}

/// Every key of one document, as text.
fn keys_of(d: &SearchDoc) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = gram_codes(&d.searchable())
        .into_iter()
        .map(gram_key)
        .collect();
    keys.extend(
        gram_codes(&d.title)
            .into_iter()
            .map(|c| format!("t:{}", gram_key(c))),
    );
    keys.extend(filter_keys(d));
    keys
}

/// A sorted posting list as JSON: first number absolute, then differences.
fn encode_list(list: &[u32]) -> String {
    let mut deltas = Vec::with_capacity(list.len());
    let mut last = 0u32;
    for (i, &n) in list.iter().enumerate() {
        deltas.push(if i == 0 { n } else { n - last });
        last = n;
    }
    serde_json::to_string(&deltas).unwrap_or_else(|_| "[]".into())
}

/// What one key adds to the size that decides the shard count.
fn entry_size(key: &str, json: &str) -> usize {
    key.len() + json.len() + 4
}

/// The number of shards for an index of `total` bytes, and the hex digits of their names.
fn layout(total: usize) -> (u32, usize) {
    let shards = (total / TARGET_SHARD_BYTES)
        .max(1)
        .next_power_of_two()
        .clamp(8, 4096) as u32;
    (shards, format!("{:x}", shards - 1).len())
}

/// A shard file: its keys (in order) and their encoded lists.
fn shard_text<'e>(entries: impl Iterator<Item = (&'e str, &'e str)>) -> String {
    let mut text = String::from("{");
    for (i, (key, json)) in entries.enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(key).unwrap_or_default());
        text.push(':');
        text.push_str(json);
    }
    text.push_str("}\n");
    text
}

fn shard_path(shard: usize, digits: usize) -> String {
    let name = shard_name(u32::try_from(shard).unwrap_or(u32::MAX), digits);
    Route::SearchShard(&name).file()
}

fn doc_path(n: usize) -> String {
    Route::SearchDoc(n).file()
}

fn doc_bytes(d: &SearchDoc) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(d).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn meta_bytes(site: &Site, docs: &[SearchDoc], shards: u32, digits: usize) -> Vec<u8> {
    let mut years: Vec<i32> = docs.iter().map(|d| d.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let meta = Meta {
        version: FORMAT_VERSION,
        docs: docs.len(),
        shards,
        digits,
        sectors: site
            .sectors
            .iter()
            .map(|s| Named {
                id: s.id.clone(),
                name: s.display_name().to_string(),
            })
            .collect(),
        kinds: ActivityKind::ALL
            .iter()
            .map(|k| Named {
                id: k.id().to_string(),
                name: k.name().to_string(),
            })
            .collect(),
        years,
    };
    let mut bytes = serde_json::to_vec(&meta).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A shard file's lists, made absolute again.
fn decode_shard(text: &str) -> Option<BTreeMap<String, Option<Vec<u32>>>> {
    let parsed: BTreeMap<String, Vec<u32>> = serde_json::from_str(text).ok()?;
    Some(
        parsed
            .into_iter()
            .map(|(key, deltas)| {
                let mut sum = 0u32;
                let list = deltas
                    .iter()
                    .map(|d| {
                        sum = sum.saturating_add(*d);
                        sum
                    })
                    .collect();
                (key, Some(list))
            })
            .collect(),
    )
}

/// The search index held in memory by `serve`: the documents and the text of every shard,
/// so that an edited write-up rewrites only its document and the shards of the keys it
/// gained or lost. The files are byte-identical to what [`build`] writes.
pub struct Index {
    docs: Vec<SearchDoc>,
    numbers: HashMap<String, usize>,
    total: usize,
    shards: u32,
    digits: usize,
    texts: Vec<String>,
}

impl Index {
    /// Builds the whole index.
    pub fn new(site: &Site, derived: &Derived, bodies: &Bodies) -> Index {
        let docs = documents(site, derived, bodies);
        let (lists, total) = encode(&docs);
        let (shards, digits) = layout(total);
        let texts = by_shard(lists, shards)
            .par_iter()
            .map(|entries| shard_text_of(entries))
            .collect();
        let numbers = docs
            .iter()
            .enumerate()
            .map(|(n, d)| (d.url.clone(), n))
            .collect();
        Index {
            docs,
            numbers,
            total,
            shards,
            digits,
            texts,
        }
    }

    /// Hands every file of the index to `sink`.
    pub fn write(&self, site: &Site, sink: &Sink) -> io::Result<()> {
        self.texts
            .par_iter()
            .enumerate()
            .try_for_each(|(shard, text)| sink(&shard_path(shard, self.digits), text.as_bytes()))?;
        self.docs
            .par_iter()
            .enumerate()
            .try_for_each(|(n, d)| sink(&doc_path(n), &doc_bytes(d)))?;
        sink(
            &Route::SearchMeta.file(),
            &meta_bytes(site, &self.docs, self.shards, self.digits),
        )
    }

    /// Replaces documents already in the index (matched by URL) by their new versions and
    /// returns the files that changed, or `None` when the change needs a whole new index
    /// (an unknown URL, a new place in the order, a different number of shards); the
    /// index is then unusable and must be rebuilt with [`Index::new`].
    pub fn update(
        &mut self,
        site: &Site,
        changed: Vec<SearchDoc>,
    ) -> Option<Vec<(String, Vec<u8>)>> {
        let mut touched: BTreeMap<usize, BTreeMap<String, Option<Vec<u32>>>> = BTreeMap::new();
        let mut numbers = Vec::new();
        for doc in changed {
            let n = *self.numbers.get(&doc.url)?;
            let fits_before = n == 0 || order(&self.docs[n - 1], &doc).is_lt();
            let fits_after = self
                .docs
                .get(n + 1)
                .is_none_or(|next| order(&doc, next).is_lt());
            if !(fits_before && fits_after) {
                return None;
            }
            let (old_keys, new_keys) = (keys_of(&self.docs[n]), keys_of(&doc));
            let number = u32::try_from(n).ok()?;
            for (keys, add) in [
                (old_keys.difference(&new_keys), false),
                (new_keys.difference(&old_keys), true),
            ] {
                for key in keys {
                    let shard = shard_of(key, self.shards) as usize;
                    let entries = match touched.entry(shard) {
                        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(decode_shard(&self.texts[shard])?)
                        }
                    };
                    let slot = entries.entry(key.clone()).or_insert(None);
                    let before = slot
                        .as_ref()
                        .map_or(0, |l| entry_size(key, &encode_list(l)));
                    let list = slot.get_or_insert_with(Vec::new);
                    match (list.binary_search(&number), add) {
                        (Err(at), true) => list.insert(at, number),
                        (Ok(at), false) => {
                            list.remove(at);
                        }
                        _ => {}
                    }
                    if list.is_empty() {
                        *slot = None;
                    }
                    let after = slot
                        .as_ref()
                        .map_or(0, |l| entry_size(key, &encode_list(l)));
                    self.total = self.total.saturating_sub(before) + after;
                }
            }
            self.docs[n] = doc;
            numbers.push(n);
        }
        if layout(self.total) != (self.shards, self.digits) {
            return None;
        }
        let mut files = Vec::new();
        for (shard, entries) in touched {
            let encoded: Vec<(&str, String)> = entries
                .iter()
                .filter_map(|(k, l)| Some((k.as_str(), encode_list(l.as_ref()?))))
                .collect();
            let text = shard_text(encoded.iter().map(|(k, j)| (*k, j.as_str())));
            if text != self.texts[shard] {
                files.push((shard_path(shard, self.digits), text.clone().into_bytes()));
                self.texts[shard] = text;
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        for n in numbers {
            files.push((doc_path(n), doc_bytes(&self.docs[n])));
        }
        files.push((
            Route::SearchMeta.file(),
            meta_bytes(site, &self.docs, self.shards, self.digits),
        ));
        Some(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_characters_and_pairs_within_runs() {
        let g = grams("长江 5Ｇ");
        let expected: BTreeSet<String> = ["长", "江", "长江", "5", "g", "5g"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(g, expected);
    }

    #[test]
    fn compact_lists_publish_what_plain_lists_do() {
        let numbers = [0u32, 1, 5, 127, 128, 300, 16_384, 2_000_000, 4_000_000_000];
        let mut whole = List::default();
        for &n in &numbers {
            whole.push(n);
            whole.push(n); // a document is listed once
        }
        assert_eq!(whole.json(), encode_list(&numbers));
        assert_eq!(whole.json_len(), whole.json().len());
        assert_eq!(whole.numbers(), numbers);
        // Two runs of the parallel fold, appended in order and out of order.
        let run = |ns: &[u32]| {
            let mut l = List::default();
            ns.iter().for_each(|&n| l.push(n));
            l
        };
        let mut joined = run(&numbers[..4]);
        joined.append(run(&numbers[4..]));
        assert_eq!(joined.json(), whole.json());
        let mut backwards = run(&numbers[4..]);
        backwards.append(run(&numbers[..4]));
        assert_eq!(backwards.json(), whole.json());
        assert_eq!(List::default().json(), "[]");
        assert_eq!(List::default().json_len(), 2);
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn html_text_separates_blocks_and_decodes_entities() {
        let text = html_text("<p>长江保护 <strong>调研</strong></p>\n<h2>做法</h2><ul><li>一</li><li>二&amp;三&#20108;&#x4e09;</li></ul><table><caption>表1</caption><tr><th>a</th><td>b<br>c</td></tr></table>");
        assert_eq!(text, "长江保护 调研\n\n做法\n一\n二&三二三\n表1\na\nb\nc");
    }

    #[test]
    fn folding_keeps_utf16_length() {
        for c in ['Ａ', 'ｚ', '０', 'A', '长', '😀'] {
            assert_eq!(fold_char(c).len_utf16(), c.len_utf16());
        }
        assert_eq!(fold_char('Ａ'), 'a');
    }
}
