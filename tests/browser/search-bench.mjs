// Search bench (not a test): index size, bytes fetched per query and query time in
// headless Chromium, on generated corpora of 1,000 and 10,000 write-ups.
//
//   node tests/browser/search-bench.mjs [N ...]        default: 1000 10000
//
// Each corpus comes from ../shared/bench/make-corpus.py (or $MAKE_CORPUS) and is built
// with `cargo run --release`. Bytes fetched = sum of the response bodies of every request
// a query makes (the server does not compress, so these are the raw bytes; gzip would only
// lower them). "First" is a query on a freshly loaded search page (meta.json and the
// script included); "warm" queries run after it on the same page, through the page's own
// search function, and are timed until their results are in the DOM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, launch, repo, serve } from './search-common.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const makeCorpus = process.env.MAKE_CORPUS || join(repo, '../shared/bench/make-corpus.py');
const QUERIES = ['长江保护', '养老', '养老服务', '5G基站', '2024年', '江', '委员', '老旧小区改造',
  '光谷创新', '基层医疗卫生服务', '营商环境', '量子计算机', '湖泊治理 江夏区', '提出了具有针对性'];

function dirSize(dir) {
  let total = 0, files = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { const s = dirSize(p); total += s.total; files += s.files; } else { total += st.size; files++; }
  }
  return { total, files };
}

// The size of a response's body, from the bytes received (a body that cannot be read,
// as after a navigation, stops the bench rather than counting as nothing).
async function bodySize(response) {
  const sizes = await response.request().sizes();
  return sizes.responseBodySize;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kB = (n) => (n / 1000).toFixed(1);

const rows = [];
for (const n of sizes.length ? sizes : [1000, 10000]) {
  const dir = join(mkdtempSync(join(tmpdir(), 'jiebie-bench-')), `c${n}`);
  execFileSync('python3', [makeCorpus, dir, '--activities', String(n)], { stdio: 'inherit' });
  const t0 = Date.now();
  const site = buildSite(join(dir, 'content'), { release: true });
  const buildMs = Date.now() - t0;
  const idx = dirSize(join(site, 'search/idx'));
  const docs = dirSize(join(site, 'search/docs'));
  const { server, url } = await serve(site);
  const browser = await launch();
  const page = await browser.newPage();
  let bytes = 0;
  let requests = 0;
  let pendingWarm = [];
  page.on('response', (r) => {
    if (!r.url().includes('/search/')) return;
    pendingWarm.push(bodySize(r).then((size) => { bytes += size; requests++; }));
  });
  const results = [];
  for (const q of QUERIES) {
    // First query on a fresh page (cache off, so every byte is counted).
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.route('**/*', (route) => route.continue());
    let first = 0;
    let files = 0;
    const pending = [];
    p.on('response', (r) => {
      if (!r.url().includes('/search/')) return;
      pending.push(bodySize(r).then((size) => { first += size; files++; }));
    });
    await p.goto(`${url}search/?q=${encodeURIComponent(q)}`);
    await p.waitForFunction(() => ['found', 'empty', 'error'].includes(document.querySelector('#search-status')?.dataset.state));
    const status = await p.locator('#search-status').textContent();
    // Every response's body is counted before the page goes (an earlier version closed
    // the page first and missed the bodies still being read).
    await Promise.all(pending);
    await ctx.close();
    results.push({ q, first, files, status });
  }
  // Warm: one page, every query after a first one, timed in the page.
  await page.goto(`${url}search/?q=${encodeURIComponent('界别')}`);
  await page.waitForFunction(() => ['found', 'empty'].includes(document.querySelector('#search-status')?.dataset.state));
  const warm = [];
  for (const q of QUERIES) {
    bytes = 0; requests = 0; pendingWarm = [];
    const ms = await page.evaluate((q) => {
      const t = performance.now();
      return window.jiebieSearchPage.run(q, {}).then(() => performance.now() - t);
    }, q);
    await Promise.all(pendingWarm);
    warm.push({ q, ms, bytes, requests });
  }
  await browser.close();
  server.close();
  console.log(`\n== ${n} write-ups: build ${(buildMs / 1000).toFixed(1)} s; index ${idx.files} shards, ${kB(idx.total)} kB; doc store ${docs.files} files, ${kB(docs.total)} kB`);
  console.log('query | fresh page: bytes fetched from search/ | warm: ms | warm: bytes | result');
  for (let i = 0; i < QUERIES.length; i++) {
    console.log(`${QUERIES[i]} | ${kB(results[i].first)} kB (${results[i].files} files) | ${warm[i].ms.toFixed(1)} ms | ${kB(warm[i].bytes)} kB | ${results[i].status}`);
  }
  rows.push({ n, idx, docs,
    maxFirst: Math.max(...results.map((r) => r.first)), medFirst: median(results.map((r) => r.first)),
    maxMs: Math.max(...warm.map((w) => w.ms)), medMs: median(warm.map((w) => w.ms)) });
}
console.log('\nwrite-ups | index (shards) | doc store | bytes/query fresh page (median / max) | warm ms/query (median / max)');
for (const r of rows) {
  console.log(`${r.n} | ${kB(r.idx.total)} kB (${r.idx.files}) | ${kB(r.docs.total)} kB | ${kB(r.medFirst)} / ${kB(r.maxFirst)} kB | ${r.medMs.toFixed(1)} / ${r.maxMs.toFixed(1)} ms`);
}
