// Recall of the search index on the sample site, through the same search.js the page
// runs (its core works under Node): every distinct two-character substring of every
// write-up's text, plus a sample of longer substrings, must find exactly the write-ups
// whose text contains it. The ground truth is the write-ups' text in the api/ export
// (HTML body parsed to text), not the search index.
//
//   node tests/browser/search-recall.mjs [built-site-dir]
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSite, fold, repo } from './search-common.mjs';

const require = createRequire(import.meta.url);
const S = require(join(repo, 'themes/default/static/search.js'));
const site = process.argv[2] || buildSite(join(repo, 'content'));

// Text of an HTML body: tags removed, entities decoded, blocks on separate lines.
function htmlText(html) {
  return html.replace(/<\/(p|h\d|li|td|th|pre|blockquote|caption|div|tr|dt|dd|figcaption)>/gi, '\n').replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

const truth = new Map(); // url → folded searchable text
for (const file of readdirSync(join(site, 'api/activities'))) {
  const year = JSON.parse(readFileSync(join(site, 'api/activities', file), 'utf8'));
  for (const a of year.activities) truth.set(a.path, fold(`${a.title}\n${htmlText(a.body_html)}`));
}

// Posting lists in both published forms, past 2^32, as search::encode_list writes them
// (its unit test asserts the same strings).
assert.deepEqual(S.decode('31VW1'), [3, 4, 35, 67]);
assert.deepEqual(S.decode('~3b'), [3, 4, 6, 9]);
assert.deepEqual(S.decode('WWpWzwg11'), [46000000000, 46000000001]);
assert.throws(() => S.decode('3!'));

const engine = new S.Engine((p) => Promise.resolve(readFileSync(join(site, 'search', p), 'utf8')));

// Every distinct bigram (no whitespace inside), then a deterministic sample of 3–6
// character substrings.
const bigrams = new Set();
const longer = new Set();
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (const text of truth.values()) {
  const chars = Array.from(text);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    if (!/\s/.test(g)) bigrams.add(g);
  }
  for (let k = 0; k < 12; k++) {
    const len = 3 + Math.floor(rand() * 4);
    const at = Math.floor(rand() * Math.max(1, chars.length - len));
    const s = chars.slice(at, at + len).join('');
    if (s.length >= 3 && !/\s/.test(s)) longer.add(s);
  }
}

let queries = 0;
let misses = 0;
let extras = 0;
for (const q of [...[...bigrams].sort(), ...[...longer].sort()]) {
  const want = [...truth].filter(([, t]) => t.includes(q)).map(([u]) => u).sort();
  const result = await engine.query(q, {});
  const got = (await result.all()).map((x) => x.doc.u).sort();
  queries++;
  const gotSet = new Set(got);
  const missing = want.filter((u) => !gotSet.has(u));
  misses += missing.length;
  extras += got.length - (want.length - missing.length);
  if (missing.length || got.length !== want.length) {
    console.error(`FAIL ${q}: want ${want.length}, got ${got.length}, missing ${missing.slice(0, 3)}`);
  }
}
const expectedHits = [...bigrams, ...longer]
  .reduce((n, q) => n + [...truth.values()].filter((t) => t.includes(q)).length, 0);
console.log(`search-recall.mjs: ${truth.size} write-ups, ${bigrams.size} distinct bigrams + ${longer.size} longer substrings = ${queries} queries; recall ${((expectedHits - misses) / expectedHits * 100).toFixed(2)}% (${misses} missed of ${expectedHits}), ${extras} wrong results`);
assert.ok(bigrams.size > 1000, 'the sample site should give over a thousand bigrams');
assert.equal(misses, 0, 'recall must be 100%');
assert.equal(extras, 0, 'no result without the query');
