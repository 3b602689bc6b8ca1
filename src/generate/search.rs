//! Search: a static full-text index of the write-ups, built at build time and queried in
//! the browser by `static/search.js`, with no server.
//!
//! Chinese has no spaces, and a word segmenter decides what a "word" is before the reader
//! does: a query that crosses the segmenter's boundaries (`江保` in `长江保护`) is then
//! never found. So the index knows no words at all: every single character and every
//! pair of adjacent characters (bigram) of a write-up's title and text is a key. A query
//! of one or two characters is answered exactly from one posting list; a longer query
//! intersects the lists of some of its bigrams and then checks the candidates' text for
//! the whole string, so recall is 100% for any substring, whatever its segmentation.
//!
//! **Document numbers** (format 2) depend only on the write-up's own date and URL, never
//! on the other write-ups: `(ANCHOR_DAY − day) << slot_bits | slot`, where the slot is
//! the write-up's place among that day's write-ups, found from a hash of its URL (the
//! next free one, the day's write-ups taken in URL order). Smaller numbers are newer, so
//! "the first N postings" are the N newest matches. A write-up that is added, removed or
//! dated differently changes its own number and (rarely, when slots collide) that of a
//! write-up of the same day, not the numbers of every later write-up: `serve` patches
//! the index instead of writing thousands of files. `slot_bits` is the fewest bits that
//! hold the busiest day; a day that outgrows it renumbers everything (a whole new index).
//!
//! Files (all under `search/`, deterministic, sorted keys):
//!
//! - `meta.json`: format version, shard count, documents per `docs/` file (as bits),
//!   filter vocabularies (sectors, kinds, years), document count.
//! - `idx/<hex>.json`: the postings, sharded by a stable hash (FNV-1a 32) of the key so a
//!   query fetches one small file per key and the size per query does not grow with the
//!   number of shards. Keys: a character or bigram (`长江`), the same prefixed `t:` when
//!   it occurs in the title (for ranking), and `s:<sector>`, `k:<kind>`, `y:<year>` for the
//!   filters. Each list is a string ([`encode_list`]): the first number and the gaps as
//!   base-64 digits of 5 bits (a gap under 32 is one character), or, when shorter, a
//!   bitmap of 6 numbers a character (a key in most write-ups costs a fraction of a
//!   byte per write-up).
//! - `docs/<g>.json`: the documents numbered `g << DOC_GROUP_BITS` up to the next group,
//!   by number — URL, title, sector, date, kind, plain text — for verification and
//!   snippets. A group holds a day's write-ups in neighbouring slots: few enough that a
//!   query showing ten write-ups of ten different days fetches little it does not show.

use super::Sink;
use crate::derive::route::Route;
use crate::derive::Derived;
use crate::model::{ActivityKind, Site};
use crate::render::bodies::Bodies;
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io;

/// Version of the file format, read by `search.js`.
pub const FORMAT_VERSION: u32 = 2;

/// The postings of a shard are aimed at about this many bytes.
const TARGET_SHARD_BYTES: usize = 6_000;

/// A `docs/` file holds the documents whose numbers agree but for these low bits.
pub const DOC_GROUP_BITS: u32 = 0;

/// The fewest slot bits: a few write-ups a day fit without renumbering the site, and a
/// document group never spans two days (`MIN_SLOT_BITS >= DOC_GROUP_BITS`).
const MIN_SLOT_BITS: u32 = 2;

/// The day numbers count down from: the day after 9999-12-31 (`num_days_from_ce`), so
/// every date of a site has a positive distance and newer dates have smaller numbers.
const ANCHOR_DAY: i64 = 3_652_060;

/// A patch larger than this many changed documents makes a whole new index instead
/// (every shard is touched long before that).
const MAX_PATCHED_DOCS: usize = 64;

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

/// Numbers documents given as `(day, url)` (day: `num_days_from_ce` of the date): the
/// slot bits of the site and each document's number, in the order given. A document's
/// number depends on its own day and URL and on the other write-ups of that day only
/// (see the module documentation).
pub fn number_documents(docs: &[(i32, &str)]) -> (u32, Vec<u64>) {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let ((day_a, url_a), (day_b, url_b)) = (docs[a], docs[b]);
        day_b.cmp(&day_a).then_with(|| url_a.cmp(url_b))
    });
    let mut busiest = 1usize;
    let mut run = 0usize;
    for (k, &i) in order.iter().enumerate() {
        run = if k > 0 && docs[order[k - 1]].0 == docs[i].0 {
            run + 1
        } else {
            1
        };
        busiest = busiest.max(run);
    }
    let bits = slot_bits(busiest);
    let mask = (1u64 << bits) - 1;
    let mut numbers = vec![0u64; docs.len()];
    let mut taken: HashSet<u64> = HashSet::new();
    for (k, &i) in order.iter().enumerate() {
        let (day, url) = docs[i];
        if k == 0 || docs[order[k - 1]].0 != day {
            taken.clear();
        }
        let mut slot = u64::from(fnv1a(url)) & mask;
        while !taken.insert(slot) {
            slot = (slot + 1) & mask;
        }
        let distance = u64::try_from(ANCHOR_DAY - i64::from(day)).unwrap_or(0);
        numbers[i] = (distance << bits) | slot;
    }
    (bits, numbers)
}

/// What [`number_documents`] reads of every write-up of `site`: its date's day number
/// and its URL.
fn numbering_keys<'s>(site: &Site, derived: &'s Derived) -> Vec<(i32, &'s str)> {
    site.activities
        .iter()
        .zip(&derived.activity_urls)
        .map(|(a, url)| (a.date.num_days_from_ce(), url.as_str()))
        .collect()
}

/// The slot bits for a busiest day of `count` write-ups.
fn slot_bits(count: usize) -> u32 {
    let needed = usize::BITS - count.saturating_sub(1).leading_zeros();
    needed.max(MIN_SLOT_BITS)
}

/// The characters of a published posting list: each carries 6 bits.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The first character of a list published as a bitmap.
const BITMAP_MARK: char = '~';

/// The value of each byte as a list character (`NOT_A_DIGIT` when it is not one).
const DIGIT_VALUES: [u8; 256] = {
    let mut values = [NOT_A_DIGIT; 256];
    let mut i = 0;
    while i < DIGITS.len() {
        values[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    values
};
const NOT_A_DIGIT: u8 = 0xff;

/// The value of a list character.
fn digit_value(c: u8) -> Option<u64> {
    let value = DIGIT_VALUES[usize::from(c)];
    (value != NOT_A_DIGIT).then_some(u64::from(value))
}

/// Appends `value` as 5-bit groups, lowest first; a character with the 32 bit set says
/// another follows.
fn push_number(out: &mut String, mut value: u64) {
    loop {
        let low = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(char::from(DIGITS[low]));
            return;
        }
        out.push(char::from(DIGITS[low | 32]));
    }
}

/// The characters [`push_number`] writes for `value`.
fn number_len(value: u64) -> usize {
    let bits = (u64::BITS - value.leading_zeros()) as usize;
    bits.div_ceil(5).max(1)
}

/// The bitmap form's length: the mark, the first number, 6 later numbers a character.
fn bitmap_len(first: u64, last: u64) -> u64 {
    1 + number_len(first) as u64 + (last - first).div_ceil(6)
}

/// A sorted list of distinct document numbers as published: the first number and the
/// gaps to the next ([`push_number`]), or, when that is shorter, [`BITMAP_MARK`], the
/// first number, then one character for each 6 numbers after it (bit `j` of character
/// `i` is number `first + 1 + 6i + j`). `search.js` reads both.
pub fn encode_list(numbers: &[u64]) -> String {
    let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else {
        return String::new();
    };
    let gaps = numbers.windows(2).map(|w| w[1] - w[0]);
    let gaps_len = number_len(first) + gaps.clone().map(number_len).sum::<usize>();
    encode_with(first, last, gaps_len, numbers.iter().copied(), gaps)
}

/// [`encode_list`] from what a [`List`] knows without decoding itself.
fn encode_with(
    first: u64,
    last: u64,
    gaps_len: usize,
    numbers: impl Iterator<Item = u64>,
    gaps: impl Iterator<Item = u64>,
) -> String {
    let bitmap = bitmap_len(first, last);
    if bitmap < gaps_len as u64 {
        let mut bits = vec![0u8; (last - first).div_ceil(6) as usize];
        for n in numbers.skip(1) {
            let at = n - first - 1;
            bits[(at / 6) as usize] |= 1 << (at % 6);
        }
        let mut out = String::with_capacity(bitmap as usize);
        out.push(BITMAP_MARK);
        push_number(&mut out, first);
        out.extend(bits.iter().map(|&b| char::from(DIGITS[usize::from(b)])));
        out
    } else {
        let mut out = String::with_capacity(gaps_len);
        push_number(&mut out, first);
        gaps.for_each(|gap| push_number(&mut out, gap));
        out
    }
}

/// The published length of a list (what [`encode_list`] would make).
fn encoded_len(first: u64, last: u64, gaps_len: usize) -> usize {
    (bitmap_len(first, last).min(gaps_len as u64)) as usize
}

/// Reads one [`push_number`] value of `bytes` at `*at`, moving `*at` past it.
fn read_number_at(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let d = digit_value(*bytes.get(*at)?)?;
        *at += 1;
        value |= (d & 31).checked_shl(shift)?;
        if d & 32 == 0 {
            return Some(value);
        }
        shift = shift.checked_add(5).filter(|s| *s < 64)?;
    }
}

/// Reads a list written by [`encode_list`]; `None` when it is not one.
pub fn decode_list(text: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    if let Some(rest) = text.strip_prefix(BITMAP_MARK) {
        let mut at = 0;
        let first = read_number_at(rest.as_bytes(), &mut at)?;
        out.push(first);
        for (i, &c) in rest.as_bytes()[at..].iter().enumerate() {
            let d = digit_value(c)?;
            for j in 0..6 {
                if d & (1 << j) != 0 {
                    out.push(first + 1 + 6 * i as u64 + j);
                }
            }
        }
    } else {
        let (bytes, mut at) = (text.as_bytes(), 0);
        let mut sum = 0u64;
        while at < bytes.len() {
            let gap = read_number_at(bytes, &mut at)?;
            sum = if out.is_empty() {
                gap
            } else {
                sum.checked_add(gap)?
            };
            out.push(sum);
        }
    }
    Some(out)
}

/// One change a patch makes to a posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListEdit {
    /// The number leaves the list (nothing happens if it is not there).
    Remove(u64),
    /// The number joins the list (nothing happens if it is there).
    Add(u64),
}

impl ListEdit {
    /// The number removed or added.
    fn number(self) -> u64 {
        match self {
            ListEdit::Remove(n) | ListEdit::Add(n) => n,
        }
    }
}

/// `text`, a published list (`""`: none), with `edit` made, published as [`encode_list`]
/// would publish the result; `None` when `text` is not a list. A re-dated write-up moves
/// in every list of its keys, most of them thousands of numbers long, so the list is
/// edited where it is written: a bitmap gets one character changed, a gaps list the gaps
/// around the number. Only a change of form or of a bitmap's ends decodes the list.
fn edit_list(text: &str, edit: ListEdit) -> Option<String> {
    if text.is_empty() {
        return Some(match edit {
            ListEdit::Remove(_) => String::new(),
            ListEdit::Add(n) => encode_list(&[n]),
        });
    }
    match text.strip_prefix(BITMAP_MARK) {
        Some(rest) => edit_bitmap(text, rest, edit),
        None => edit_gaps(text, edit),
    }
}

/// [`edit_list`] the slow way: the whole list decoded, edited and encoded.
fn edit_decoded(text: &str, edit: ListEdit) -> Option<String> {
    let mut numbers = decode_list(text)?;
    match edit {
        ListEdit::Remove(n) => numbers.retain(|&m| m != n),
        ListEdit::Add(n) => {
            if let Err(at) = numbers.binary_search(&n) {
                numbers.insert(at, n);
            }
        }
    }
    Some(encode_list(&numbers))
}

/// [`edit_list`] on a list in the gaps form.
fn edit_gaps(text: &str, edit: ListEdit) -> Option<String> {
    let n = edit.number();
    let bytes = text.as_bytes();
    // The number before `n` (with where its characters end), `n` itself (where its
    // characters start and end), the number after it (where its characters end), and
    // the list's ends.
    let mut before: Option<(u64, usize)> = None;
    let mut found: Option<(usize, usize)> = None;
    let mut after: Option<(u64, usize)> = None;
    let (mut at, mut sum, mut first, mut last) = (0, 0u64, None, 0);
    while at < bytes.len() {
        let start = at;
        let gap = read_number_at(bytes, &mut at)?;
        sum = match first {
            None => gap,
            Some(_) => sum.checked_add(gap)?,
        };
        first.get_or_insert(sum);
        match sum.cmp(&n) {
            std::cmp::Ordering::Less => before = Some((sum, at)),
            std::cmp::Ordering::Equal => found = Some((start, at)),
            std::cmp::Ordering::Greater if after.is_none() => after = Some((sum, at)),
            std::cmp::Ordering::Greater => {}
        }
        last = sum;
    }
    let first = first?;
    // Where the text is cut, and what goes in between.
    let mut middle = String::new();
    let (keep_to, resume_at, new_first, new_last) = match (edit, found) {
        (ListEdit::Remove(_), None) | (ListEdit::Add(_), Some(_)) => return Some(text.to_owned()),
        (ListEdit::Remove(_), Some((start, end))) => match (before, after) {
            (None, None) => return Some(String::new()),
            (None, Some((next, next_end))) => {
                push_number(&mut middle, next);
                (0, next_end, next, last)
            }
            (Some((previous, _)), Some((next, next_end))) => {
                push_number(&mut middle, next - previous);
                (start, next_end, first, last)
            }
            (Some((previous, _)), None) => (start, end, first, previous),
        },
        (ListEdit::Add(_), None) => match (before, after) {
            (None, Some((next, next_end))) => {
                push_number(&mut middle, n);
                push_number(&mut middle, next - n);
                (0, next_end, n, last)
            }
            (Some((previous, previous_end)), Some((next, next_end))) => {
                push_number(&mut middle, n - previous);
                push_number(&mut middle, next - n);
                (previous_end, next_end, first, last)
            }
            (Some((previous, _)), None) => {
                push_number(&mut middle, n - previous);
                (bytes.len(), bytes.len(), first, n)
            }
            (None, None) => return None,
        },
    };
    let mut edited = String::with_capacity(keep_to + middle.len() + bytes.len() - resume_at);
    edited.push_str(text.get(..keep_to)?);
    edited.push_str(&middle);
    edited.push_str(text.get(resume_at..)?);
    if bitmap_len(new_first, new_last) < edited.len() as u64 {
        return edit_decoded(text, edit);
    }
    Some(edited)
}

/// [`edit_list`] on a list in the bitmap form (`rest`: the text after the mark).
fn edit_bitmap(text: &str, rest: &str, edit: ListEdit) -> Option<String> {
    let mut at = 0;
    let first = read_number_at(rest.as_bytes(), &mut at)?;
    let bits = &rest.as_bytes()[at..];
    // A bitmap that is not as `encode_list` writes it (no bits, or a last character
    // without any) is edited the slow way.
    let Some(last_char) = bits.len().checked_sub(1) else {
        return edit_decoded(text, edit);
    };
    let top = digit_value(bits[last_char])?;
    if top == 0 {
        return edit_decoded(text, edit);
    }
    let last = first + 1 + 6 * last_char as u64 + u64::from(63 - top.leading_zeros());
    let (n, add) = (edit.number(), matches!(edit, ListEdit::Add(_)));
    // A number at or beyond either end moves the bitmap's start or length.
    if n <= first || n >= last {
        return edit_decoded(text, edit);
    }
    let offset = n - first - 1;
    let (char_at, bit) = ((offset / 6) as usize, 1u64 << (offset % 6));
    let value = digit_value(bits[char_at])?;
    if (value & bit != 0) == add {
        return Some(text.to_owned());
    }
    // The character is a digit, so the text can be cut on either side of it.
    let position = text.len() - bits.len() + char_at;
    let mut edited = String::with_capacity(text.len());
    edited.push_str(text.get(..position)?);
    edited.push(char::from(DIGITS[(value ^ bit) as usize]));
    edited.push_str(text.get(position + 1..)?);
    // Still the shorter form? In the gaps form every number after the first takes a
    // character at least, so a bitmap of more numbers than characters stays one (the
    // long lists a re-dated write-up moves in); one near the limit is decoded, and
    // `encode_list` chooses.
    let (mut numbers_after_first, mut all_digits) = (0u64, true);
    for &c in &edited.as_bytes()[text.len() - bits.len()..] {
        let value = DIGIT_VALUES[usize::from(c)];
        all_digits &= value != NOT_A_DIGIT;
        numbers_after_first += u64::from(value.count_ones());
    }
    if !all_digits {
        return None;
    }
    if bitmap_len(first, last) < number_len(first) as u64 + numbers_after_first {
        Some(edited)
    } else {
        edit_decoded(text, edit)
    }
}

/// A posting list while it is built: the first document number, then the gaps, each as a
/// variable-length integer (7 bits a byte). Most gaps fit in one or two bytes, a
/// quarter of a `Vec<u64>`, which is what keeps the index of a 100,000-write-up site in
/// memory. It also counts the characters of its published gaps form.
#[derive(Default)]
struct List {
    last: u64,
    /// Characters of the published gaps form (a list of a 100,000-write-up site is far
    /// below 4 GiB of them). The first number is not kept: it leads `bytes`. A site has
    /// millions of lists, so every field counts.
    gaps_len: u32,
    bytes: Vec<u8>,
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The variable-length integers of `bytes`, in order.
fn varints(bytes: &[u8]) -> impl Iterator<Item = u64> + Clone + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            value |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    })
}

impl List {
    /// Adds document `n`; a document already last in the list is not added twice.
    fn push(&mut self, n: u64) {
        if !self.bytes.is_empty() && n <= self.last {
            if n < self.last {
                let mut numbers = self.numbers();
                numbers.push(n);
                *self = List::from_numbers(numbers);
            }
            return;
        }
        let value = if self.bytes.is_empty() {
            n
        } else {
            n - self.last
        };
        put_varint(&mut self.bytes, value);
        self.gaps_len += number_len(value) as u32;
        self.last = n;
    }

    /// Appends a list of later documents (the next run of the parallel fold).
    fn append(&mut self, other: List) {
        if other.bytes.is_empty() {
            return;
        }
        if self.bytes.is_empty() {
            *self = other;
        } else if other.first() > self.last {
            let skip = other
                .bytes
                .iter()
                .position(|b| b & 0x80 == 0)
                .map_or(0, |i| i + 1);
            let gap = other.first() - self.last;
            put_varint(&mut self.bytes, gap);
            self.bytes.extend_from_slice(&other.bytes[skip..]);
            self.gaps_len +=
                other.gaps_len - number_len(other.first()) as u32 + number_len(gap) as u32;
            self.last = other.last;
        } else {
            let mut numbers = self.numbers();
            numbers.extend(other.numbers());
            *self = List::from_numbers(numbers);
        }
    }

    /// The first number (the list's first varint).
    fn first(&self) -> u64 {
        varints(&self.bytes).next().unwrap_or(0)
    }

    fn numbers(&self) -> Vec<u64> {
        let mut sum = 0u64;
        varints(&self.bytes)
            .map(|d| {
                sum = sum.saturating_add(d);
                sum
            })
            .collect()
    }

    fn from_numbers(mut numbers: Vec<u64>) -> List {
        numbers.sort_unstable();
        numbers.dedup();
        let mut list = List::default();
        for n in numbers {
            list.push(n);
        }
        list
    }

    /// The published form, as [`encode_list`] writes it.
    fn published(&self) -> String {
        if self.bytes.is_empty() {
            return String::new();
        }
        let mut sum = 0u64;
        let numbers = varints(&self.bytes).map(move |d| {
            sum = sum.saturating_add(d);
            sum
        });
        encode_with(
            self.first(),
            self.last,
            self.gaps_len as usize,
            numbers,
            varints(&self.bytes).skip(1),
        )
    }

    /// The length of [`List::published`], without making it.
    fn published_len(&self) -> usize {
        if self.bytes.is_empty() {
            return 0;
        }
        encoded_len(self.first(), self.last, self.gaps_len as usize)
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
    /// Adds document `n` (numbers added in increasing order).
    fn add(&mut self, n: u64, d: &SearchDoc) {
        // The body keys are those of `searchable()`: title, a separator, the text.
        each_gram_code(&d.title, |code| {
            self.body.entry(code).or_default().push(n);
            self.title.entry(code).or_default().push(n);
        });
        each_gram_code(&d.text, |code| self.body.entry(code).or_default().push(n));
        for key in filter_keys(d) {
            self.filters.entry(key).or_default().push(n);
        }
    }

    /// Every list, sorted by key, and the size that decides the number of shards.
    fn finish(self) -> (Vec<(String, List)>, usize) {
        let mut lists = self.into_keyed();
        lists.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let total = lists
            .par_iter()
            .map(|(k, l)| entry_size(k, l.published_len()))
            .sum();
        (lists, total)
    }

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

/// The published write-ups as search documents, numbered ([`number_documents`]), in
/// number order (newest first), and the site's slot bits.
pub fn documents(site: &Site, derived: &Derived, bodies: &Bodies) -> (u32, Vec<(u64, SearchDoc)>) {
    let (bits, numbers) = number_documents(&numbering_keys(site, derived));
    let mut numbered: Vec<(u64, SearchDoc)> = numbers
        .into_par_iter()
        .enumerate()
        .map(|(i, n)| (n, document(site, derived, bodies, i)))
        .collect();
    numbered.sort_unstable_by_key(|(n, _)| *n);
    (bits, numbered)
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
    group: u32,
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

/// The `docs/` file holding document `number`.
pub fn doc_group(number: u64) -> u64 {
    number >> DOC_GROUP_BITS
}

/// The document numbers [`doc_group`] puts in `group`.
fn group_numbers(group: u64) -> std::ops::RangeInclusive<u64> {
    let first = group << DOC_GROUP_BITS;
    first..=first | ((1 << DOC_GROUP_BITS) - 1)
}

/// The runs of numbered items (in number order) that share a `docs/` file.
fn doc_groups<T>(numbered: &[(u64, T)]) -> Vec<&[(u64, T)]> {
    numbered
        .chunk_by(|(a, _), (b, _)| doc_group(*a) == doc_group(*b))
        .collect()
}

/// Builds every search file and hands each to `sink` (path in the output directory,
/// bytes) as soon as it is made.
pub fn build(site: &Site, derived: &Derived, bodies: &Bodies, sink: &Sink) -> io::Result<()> {
    // One pass over the write-ups in number order: each `docs/` group is made, written
    // and indexed, then dropped. Holding every document's text at once would cost more
    // memory than the index itself (300 MiB at 100,000 write-ups).
    let keys = numbering_keys(site, derived);
    let (_, numbers) = number_documents(&keys);
    let mut order: Vec<(u64, usize)> = numbers.into_iter().zip(0..).collect();
    order.sort_unstable();
    let groups = doc_groups(&order);
    let postings = groups
        .par_iter()
        .with_min_len(fold_run(groups.len()))
        .try_fold(Postings::default, |mut p, members| {
            let docs: Vec<(u64, SearchDoc)> = members
                .iter()
                .map(|&(n, i)| (n, document(site, derived, bodies, i)))
                .collect();
            sink(
                &doc_path(doc_group(members[0].0)),
                &group_bytes(docs.iter().map(|(n, d)| (*n, d))),
            )?;
            docs.iter().for_each(|(n, d)| p.add(*n, d));
            Ok::<Postings, io::Error>(p)
        })
        .try_reduce(Postings::default, |a, b| Ok(a.merge(b)))?;
    let (lists, total) = postings.finish();
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
    let years = site.activities.iter().map(|a| a.year());
    sink(
        &Route::SearchMeta.file(),
        &meta_bytes(site, site.activities.len(), years, shards, digits),
    )
}

/// The smallest run of items a parallel fold over `items` gives one map: one run per
/// thread, since each map holds most keys of the site (at 100,000 write-ups, a few
/// hundred MiB) and more runs only raise the peak. Rayon's reduce appends the runs in
/// order, so every list stays sorted.
fn fold_run(items: usize) -> usize {
    items.div_ceil(rayon::current_num_threads().max(1)).max(64)
}

/// Every posting list, sorted by key, and the size that decides the number of shards.
fn encode(docs: &[(u64, SearchDoc)]) -> (Vec<(String, List)>, usize) {
    docs.par_iter()
        .with_min_len(fold_run(docs.len()))
        .fold(Postings::default, |mut p, (n, d)| {
            p.add(*n, d);
            p
        })
        .reduce(Postings::default, Postings::merge)
        .finish()
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
    let published: Vec<String> = entries.iter().map(|(_, l)| l.published()).collect();
    shard_text(
        entries
            .iter()
            .zip(&published)
            .map(|((k, _), p)| (k.as_str(), p.as_str())),
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

/// What one key adds to the size that decides the shard count.
fn entry_size(key: &str, published_len: usize) -> usize {
    key.len() + published_len + 4
}

/// The number of shards for an index of `total` bytes, and the hex digits of their names.
fn layout(total: usize) -> (u32, usize) {
    let shards = (total / TARGET_SHARD_BYTES)
        .max(1)
        .next_power_of_two()
        .clamp(8, 4096) as u32;
    (shards, format!("{:x}", shards - 1).len())
}

/// A shard file: its keys (in order) and their published lists (which need no escaping).
fn shard_text<'e>(entries: impl Iterator<Item = (&'e str, &'e str)>) -> String {
    let mut text = String::from("{");
    for (i, (key, list)) in entries.enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(key).unwrap_or_default());
        text.push_str(":\"");
        text.push_str(list);
        text.push('"');
    }
    text.push_str("}\n");
    text
}

fn shard_path(shard: usize, digits: usize) -> String {
    let name = shard_name(u32::try_from(shard).unwrap_or(u32::MAX), digits);
    Route::SearchShard(&name).file()
}

fn doc_path(group: u64) -> String {
    Route::SearchDocs(group).file()
}

/// A `docs/` file: its documents by number, `{"<number>":{…},…}`.
fn group_bytes<'d>(members: impl Iterator<Item = (u64, &'d SearchDoc)>) -> Vec<u8> {
    let mut bytes = vec![b'{'];
    for (i, (n, d)) in members.enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.extend_from_slice(format!("\"{n}\":").as_bytes());
        bytes.extend_from_slice(&serde_json::to_vec(d).unwrap_or_default());
    }
    bytes.extend_from_slice(b"}\n");
    bytes
}

fn meta_bytes(
    site: &Site,
    docs: usize,
    years: impl Iterator<Item = i32>,
    shards: u32,
    digits: usize,
) -> Vec<u8> {
    let mut years: Vec<i32> = years.collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let meta = Meta {
        version: FORMAT_VERSION,
        docs,
        shards,
        digits,
        group: DOC_GROUP_BITS,
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

/// What a patch of the index writes and removes (paths in the output directory).
pub struct Patch {
    /// Files to write.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files the index no longer has (a `docs/` group left empty).
    pub removed: Vec<String>,
}

/// A document's number before a change and its number after it with what it is made
/// from (`None`: not in the index then).
type Change<T> = (Option<u64>, Option<(u64, T)>);

/// The numbers a patch removes from and adds to one posting list.
#[derive(Default)]
struct KeyEdit {
    removed: Vec<u64>,
    added: Vec<u64>,
}

/// A shard's text with `edits` made to its lists (removals first: a number may pass from
/// one write-up to another), and the sizes ([`entry_size`]) of the edited keys before and
/// after. `None` when the text is not a shard.
fn patch_shard(text: &str, edits: BTreeMap<String, KeyEdit>) -> Option<(String, usize, usize)> {
    let mut entries: BTreeMap<String, String> = serde_json::from_str(text).ok()?;
    let (mut before, mut after) = (0, 0);
    for (key, KeyEdit { removed, added }) in edits {
        let mut list = entries.remove(&key).unwrap_or_default();
        if !list.is_empty() {
            before += entry_size(&key, list.len());
        }
        let removals = removed.into_iter().map(ListEdit::Remove);
        for edit in removals.chain(added.into_iter().map(ListEdit::Add)) {
            list = edit_list(&list, edit)?;
        }
        if !list.is_empty() {
            after += entry_size(&key, list.len());
            entries.insert(key, list);
        }
    }
    let text = shard_text(entries.iter().map(|(k, l)| (k.as_str(), l.as_str())));
    Some((text, before, after))
}

/// The search index held in memory by `serve`: the documents and the text of every shard,
/// so that an edit rewrites only the documents and shards it reaches. The files are
/// byte-identical to what [`build`] writes.
pub struct Index {
    docs: BTreeMap<u64, SearchDoc>,
    numbers: HashMap<String, u64>,
    slot_bits: u32,
    total: usize,
    shards: u32,
    digits: usize,
    texts: Vec<String>,
}

impl Index {
    /// Builds the whole index.
    pub fn new(site: &Site, derived: &Derived, bodies: &Bodies) -> Index {
        let (slot_bits, docs) = documents(site, derived, bodies);
        let (lists, total) = encode(&docs);
        let (shards, digits) = layout(total);
        let texts = by_shard(lists, shards)
            .par_iter()
            .map(|entries| shard_text_of(entries))
            .collect();
        let numbers = docs.iter().map(|(n, d)| (d.url.clone(), *n)).collect();
        Index {
            docs: docs.into_iter().collect(),
            numbers,
            slot_bits,
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
        let docs: Vec<(u64, &SearchDoc)> = self.docs.iter().map(|(n, d)| (*n, d)).collect();
        doc_groups(&docs).par_iter().try_for_each(|members| {
            sink(
                &doc_path(doc_group(members[0].0)),
                &group_bytes(members.iter().copied()),
            )
        })?;
        sink(&Route::SearchMeta.file(), &self.meta(site))
    }

    fn meta(&self, site: &Site) -> Vec<u8> {
        let years = self.docs.values().map(|d| d.year);
        meta_bytes(site, self.docs.len(), years, self.shards, self.digits)
    }

    /// Brings the index up to `site`, whose write-ups are those indexed except for the
    /// activities `edited` (indexes in `site`, whose documents may have changed) and
    /// write-ups added or removed (found by URL); every other write-up's document must be
    /// unchanged. Returns the files that changed, or `None` when a whole new index is
    /// needed (the busiest day outgrew the slots, the shard count changed, or too much
    /// changed); the index is then unusable and must be made again with [`Index::new`].
    pub fn update(
        &mut self,
        site: &Site,
        derived: &Derived,
        bodies: &Bodies,
        edited: &[usize],
    ) -> Option<Patch> {
        let mut timings = crate::core::timings::Timings::from_env();
        let keys = numbering_keys(site, derived);
        let (bits, numbers) = number_documents(&keys);
        if bits != self.slot_bits {
            return None;
        }
        let edited: HashSet<usize> = edited.iter().copied().collect();
        // (number before, (number now, activity)) of every document that changed.
        let mut changes: Vec<Change<usize>> = Vec::new();
        for (i, &(_, url)) in keys.iter().enumerate() {
            let old = self.numbers.get(url).copied();
            if old != Some(numbers[i]) || edited.contains(&i) {
                changes.push((old, Some((numbers[i], i))));
                if changes.len() > MAX_PATCHED_DOCS {
                    return None;
                }
            }
        }
        // Every indexed write-up is still there when the indexed ones and the new ones
        // add up to the site's; otherwise find the ones gone.
        if self.numbers.len() + changes.iter().filter(|c| c.0.is_none()).count() != keys.len() {
            let present: HashSet<&str> = keys.iter().map(|(_, url)| *url).collect();
            let mut gone: Vec<u64> = self
                .numbers
                .iter()
                .filter(|(url, _)| !present.contains(url.as_str()))
                .map(|(_, n)| *n)
                .collect();
            gone.sort_unstable();
            changes.extend(gone.into_iter().map(|n| (Some(n), None)));
        }
        if changes.len() > MAX_PATCHED_DOCS {
            return None;
        }
        timings.lap("    numbers");
        // The postings each change removes and adds, by shard and key.
        let mut ops: BTreeMap<usize, BTreeMap<String, KeyEdit>> = BTreeMap::new();
        let mut op = |key: &String, number: u64, add: bool| {
            let shard = shard_of(key, self.shards) as usize;
            let entry = ops
                .entry(shard)
                .or_default()
                .entry(key.clone())
                .or_default();
            if add {
                entry.added.push(number);
            } else {
                entry.removed.push(number);
            }
        };
        let mut made: Vec<Change<SearchDoc>> = Vec::new();
        for (old, new) in changes {
            let new = new.map(|(n, i)| (n, document(site, derived, bodies, i)));
            let old_keys = old.and_then(|n| self.docs.get(&n)).map(keys_of);
            let new_keys = new.as_ref().map(|(_, d)| keys_of(d));
            let empty = BTreeSet::new();
            let (before, after) = (
                old_keys.as_ref().unwrap_or(&empty),
                new_keys.as_ref().unwrap_or(&empty),
            );
            match (old, &new) {
                (Some(o), Some((n, _))) if o == *n => {
                    before.difference(after).for_each(|k| op(k, o, false));
                    after.difference(before).for_each(|k| op(k, o, true));
                }
                _ => {
                    if let Some(o) = old {
                        before.iter().for_each(|k| op(k, o, false));
                    }
                    if let Some((n, _)) = &new {
                        after.iter().for_each(|k| op(k, *n, true));
                    }
                }
            }
            made.push((old, new));
        }
        timings.lap("    keys of the changed documents");
        // The shards, patched (in parallel: a re-dated write-up reaches a third of them).
        let patched: Vec<(usize, String, usize, usize)> = ops
            .into_par_iter()
            .map(|(shard, keyed)| {
                let (text, before, after) = patch_shard(&self.texts[shard], keyed)?;
                Some((shard, text, before, after))
            })
            .collect::<Option<_>>()?;
        let mut files = Vec::new();
        for (shard, text, before, after) in patched {
            self.total = self.total.saturating_sub(before) + after;
            if text != self.texts[shard] {
                files.push((shard_path(shard, self.digits), text.clone().into_bytes()));
                self.texts[shard] = text;
            }
        }
        timings.lap("    shards");
        if layout(self.total) != (self.shards, self.digits) {
            return None;
        }
        // The documents, and the `docs/` files they were or are in.
        let mut groups = BTreeSet::new();
        for (old, _) in &made {
            if let Some(o) = old {
                groups.insert(doc_group(*o));
                if let Some(doc) = self.docs.remove(o) {
                    self.numbers.remove(&doc.url);
                }
            }
        }
        for (_, new) in made {
            if let Some((n, doc)) = new {
                groups.insert(doc_group(n));
                self.numbers.insert(doc.url.clone(), n);
                self.docs.insert(n, doc);
            }
        }
        let mut removed = Vec::new();
        for group in groups {
            let mut members = self
                .docs
                .range(group_numbers(group))
                .map(|(n, d)| (*n, d))
                .peekable();
            if members.peek().is_some() {
                files.push((doc_path(group), group_bytes(members)));
            } else {
                removed.push(doc_path(group));
            }
        }
        files.push((Route::SearchMeta.file(), self.meta(site)));
        timings.lap("    documents");
        Some(Patch { files, removed })
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
    fn lists_read_back_in_both_forms() {
        let sparse = [7u64, 40, 41, 1_000, 33_000_000, 46_000_000_000];
        let dense: Vec<u64> = (46_000_000..46_003_000).filter(|n| n % 3 != 1).collect();
        for numbers in [&sparse[..], &dense[..], &[0][..], &[5, 6][..]] {
            let text = encode_list(numbers);
            assert!(
                text.bytes().all(|b| b == b'~' || DIGITS.contains(&b)),
                "{text}"
            );
            assert_eq!(decode_list(&text).as_deref(), Some(numbers), "{text}");
        }
        // The shorter form is chosen: gaps for sparse numbers, a bitmap for dense ones.
        assert!(!encode_list(&sparse).starts_with(BITMAP_MARK));
        assert!(encode_list(&dense).starts_with(BITMAP_MARK));
        assert!(encode_list(&dense).len() < dense.len() / 3);
        // A gap under 32 is one character; 32 takes two (continued 0, then 1).
        assert_eq!(encode_list(&[3, 4, 35, 67]), "31VW1");
        assert_eq!(decode_list("31VW1"), Some(vec![3, 4, 35, 67]));
        // The same strings are read back by search.js in tests/browser/search-recall.mjs.
        assert_eq!(encode_list(&[3, 4, 6, 9]), "~3b");
        assert_eq!(encode_list(&[46_000_000_000, 46_000_000_001]), "WWpWzwg11");
        for broken in ["~", "W", "3!", "~0!"] {
            assert_eq!(decode_list(broken), None, "{broken}");
        }
    }

    /// Lists of every density (so both forms), from small numbers to a real site's.
    fn any_list() -> impl proptest::strategy::Strategy<Value = Vec<u64>> {
        use proptest::prelude::*;
        let picks = proptest::collection::vec(any::<bool>(), 0..400);
        (0u64..3, 1u64..200, picks, 0u64..3, 1u64..3_000).prop_map(
            |(scale, spread, picks, outlier, distance)| {
                let base = [0, 1_000, 46_000_000][scale as usize];
                let step = 1 + spread / 40;
                let mut numbers: BTreeSet<u64> = picks
                    .iter()
                    .enumerate()
                    .filter(|(_, kept)| **kept)
                    .map(|(i, _)| base + i as u64 * step + (i as u64 % spread))
                    .collect();
                // A lone number far from the rest: removing it may change the form.
                match (outlier, numbers.first(), numbers.last()) {
                    (1, _, Some(&last)) => numbers.insert(last + distance),
                    (2, Some(&first), _) => numbers.insert(first.saturating_sub(distance)),
                    _ => false,
                };
                numbers.into_iter().collect()
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Editing a published list where it is written publishes exactly what encoding
        /// the edited numbers does, for numbers inside, at and beyond either end.
        #[test]
        fn lists_edited_in_place_publish_what_encode_list_does(
            numbers in any_list(),
            edits in proptest::collection::vec((proptest::prelude::any::<bool>(), 0usize..1000, -3i64..4), 1..6),
        ) {
            let mut text = encode_list(&numbers);
            let mut expected: BTreeSet<u64> = numbers.iter().copied().collect();
            for (add, pick, shift) in edits {
                // Near a number of the list, often one of its ends.
                let near = match pick % 4 {
                    0 => numbers.first(),
                    1 => numbers.last(),
                    _ => numbers.get(pick % numbers.len().max(1)),
                };
                let near = near.copied().unwrap_or(pick as u64);
                let n = near.saturating_add_signed(shift);
                let edit = if add { ListEdit::Add(n) } else { ListEdit::Remove(n) };
                if add { expected.insert(n); } else { expected.remove(&n); }
                text = edit_list(&text, edit).expect("a list");
                let wanted: Vec<u64> = expected.iter().copied().collect();
                proptest::prop_assert_eq!(&text, &encode_list(&wanted), "after {:?}", edit);
            }
        }
    }

    #[test]
    fn a_text_that_is_not_a_list_is_not_edited() {
        for broken in ["~", "W", "3!", "~0!", "~3!b"] {
            assert_eq!(edit_list(broken, ListEdit::Add(4)), None, "{broken}");
        }
        assert_eq!(edit_list("", ListEdit::Remove(4)).as_deref(), Some(""));
        // Lists `encode_list` would not write are still read and edited.
        assert_eq!(
            edit_list("~5", ListEdit::Add(4)),
            Some(encode_list(&[4, 5]))
        );
        assert_eq!(edit_list("~50", ListEdit::Remove(5)).as_deref(), Some(""));
    }

    #[test]
    fn lists_built_in_runs_publish_what_encode_list_does() {
        let numbers = [
            0u64,
            1,
            5,
            127,
            128,
            300,
            16_384,
            2_000_000,
            4_000_000_000_000,
        ];
        let dense: Vec<u64> = (1_000..1_400).filter(|n| n % 5 != 0).collect();
        for numbers in [&numbers[..], &dense[..]] {
            let mut whole = List::default();
            for &n in numbers {
                whole.push(n);
                whole.push(n); // a document is listed once
            }
            assert_eq!(whole.published(), encode_list(numbers));
            assert_eq!(whole.published_len(), whole.published().len());
            assert_eq!(whole.numbers(), numbers);
            // Two runs of the parallel fold, appended in order and out of order.
            let run = |ns: &[u64]| {
                let mut l = List::default();
                ns.iter().for_each(|&n| l.push(n));
                l
            };
            let half = numbers.len() / 2;
            let mut joined = run(&numbers[..half]);
            joined.append(run(&numbers[half..]));
            assert_eq!(joined.published(), whole.published());
            assert_eq!(joined.published_len(), whole.published_len());
            let mut backwards = run(&numbers[half..]);
            backwards.append(run(&numbers[..half]));
            assert_eq!(backwards.published(), whole.published());
        }
        assert_eq!(List::default().published(), "");
    }

    #[test]
    fn numbers_depend_on_the_day_and_url_only() {
        let day = |y, m, d| {
            chrono::NaiveDate::from_ymd_opt(y, m, d)
                .map(|d| d.num_days_from_ce())
                .unwrap_or_default()
        };
        let site: Vec<(i32, String)> = (0..200)
            .map(|i| {
                (
                    day(2024, 1 + (i % 12) as u32, 1 + (i % 5) as u32),
                    format!("w/{i}/"),
                )
            })
            .collect();
        fn refs(docs: &[(i32, String)]) -> Vec<(i32, &str)> {
            docs.iter().map(|(d, u)| (*d, u.as_str())).collect()
        }
        let (bits, numbers) = number_documents(&refs(&site));
        assert_eq!(bits, MIN_SLOT_BITS.max(2)); // 200 over 60 days: at most 4 a day
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), site.len(), "numbers are distinct");
        // Newer is smaller.
        for (a, b) in site.iter().zip(&numbers) {
            for (c, d) in site.iter().zip(&numbers) {
                if a.0 > c.0 {
                    assert!(b < d);
                }
            }
        }
        // A write-up added on a day of its own renumbers no other; one removed or
        // added on a busy day renumbers at most others of that day (slots it freed or
        // took), never a write-up of another day.
        let mut more = site.clone();
        more.push((day(2023, 6, 30), "w/new/".into()));
        let (_, after) = number_documents(&refs(&more));
        assert_eq!(after[..site.len()], numbers[..]);
        for gone in 0..site.len() {
            let mut fewer = site.clone();
            let (removed_day, _) = fewer.remove(gone);
            let (_, renumbered) = number_documents(&refs(&fewer));
            let mut moved = 0;
            for (k, (doc, n)) in fewer.iter().zip(&renumbered).enumerate() {
                let before = numbers[if k < gone { k } else { k + 1 }];
                if *n != before {
                    assert_eq!(doc.0, removed_day, "{} moved", doc.1);
                    moved += 1;
                }
            }
            assert!(moved <= 2, "{moved} renumbered after removing {gone}");
        }
        // A busier day than the slots hold widens them.
        let busy: Vec<(i32, String)> = (0..9)
            .map(|i| (day(2024, 2, 2), format!("b/{i}/")))
            .collect();
        assert_eq!(number_documents(&refs(&busy)).0, 4);
        assert_eq!(
            chrono::NaiveDate::from_ymd_opt(9999, 12, 31)
                .map(|d| i64::from(d.num_days_from_ce()) + 1),
            Some(ANCHOR_DAY)
        );
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
