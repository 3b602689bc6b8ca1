// Search in a real browser: builds tests/fixtures/good/search, serves it on 127.0.0.1,
// and runs queries in headless Chromium through the search page. Expected results are
// computed here from the fixture's Markdown files, not from the index.
//
//   node tests/browser/search.mjs            (needs cargo, /usr/bin/chromium)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, fold, launch, repo, serve } from './search-common.mjs';

const fixture = join(repo, 'tests/fixtures/good/search/content');

// The fixture's write-ups: title and body straight from the files (plain paragraphs only).
function writeups(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { out.push(...writeups(path)); continue; }
    if (!path.includes('/activities/') || !name.endsWith('.md')) continue;
    const [, front, body] = readFileSync(path, 'utf8').split(/^---$/m);
    const field = (key) => (front.match(new RegExp(`^${key}: (.*)$`, 'm')) || [])[1];
    const sectors = [path.split('/sectors/')[1].split('/')[0]];
    const also = field('also_sectors');
    if (also) sectors.push(...also.replace(/[[\]]/g, '').split(',').map((s) => s.trim()));
    out.push({ title: field('title'), date: field('date'), kind: field('kind'), sectors,
      text: fold(`${field('title')}\n${body}`) });
  }
  return out;
}

const docs = writeups(fixture);
function expected(q, filters = {}) {
  const terms = fold(q).split(/\s+/).filter(Boolean);
  return docs.filter((d) => terms.every((t) => d.text.includes(t))
    && (!filters.sector || d.sectors.includes(filters.sector))
    && (!filters.kind || d.kind === filters.kind)
    && (!filters.year || d.date.startsWith(filters.year)))
    .map((d) => d.title).sort();
}

const cases = [
  // single characters
  { q: '渔', min: 1 }, { q: '湖', min: 1 }, { q: '的', min: 2 },
  // two-character words
  { q: '养老', min: 2 }, { q: '岸线', min: 1 }, { q: '义诊', min: 1 },
  // across a word boundary: 长江|保护, 教育|减负
  { q: '江保', min: 2 }, { q: '育减', min: 1 }, { q: '长江保护', min: 2 },
  // mixed Chinese, Latin and digits; full-width and upper case fold
  { q: '5G基站', min: 2 }, { q: '5g基站', min: 2 }, { q: '2024年', min: 2 }, { q: 'ai', min: 1 },
  { q: 'Data 治理', min: 1 },
  // several terms
  { q: '长江 青年', min: 1 },
  // filters
  { q: '长江', filters: { sector: 'beta' }, min: 1 },
  { q: '湖泊', filters: { sector: 'alpha' }, min: 1 },
  { q: '委员', filters: { kind: 'research' }, min: 2 },
  { q: '委员', filters: { year: '2025' }, min: 2 },
  // absent
  { q: '量子计算机', min: 0 }, { q: '鲸', min: 0 },
];

const site = buildSite(fixture);
const { server, url } = await serve(site);
const browser = await launch();
let failures = 0;
let passed = 0;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // The search box is in every page's header, labelled, and leads to results.
  await page.goto(url);
  const box = page.getByRole('search').first();
  await box.getByLabel('搜索本站').fill('义诊');
  await box.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/\/search\/\?q=/);
  await page.waitForFunction(() => document.querySelector('#search-status')?.dataset.state === 'found');
  assert.equal(await page.locator('#search-results > li').count(), 1, 'header box → search page');
  assert.equal(await page.locator('#search-q').inputValue(), '义诊', 'the page reads ?q=');
  passed++;

  for (const c of cases) {
    const label = `${c.q} ${JSON.stringify(c.filters || {})}`;
    try {
      await page.evaluate(({ q, f }) => window.jiebieSearchPage.run(q, f), { q: c.q, f: c.filters || {} });
      const want = expected(c.q, c.filters);
      assert.ok(want.length >= c.min, `fixture should hold ${c.min}+ matches for ${label}`);
      const items = page.locator('#search-results > li');
      const got = (await items.locator('.result-title a').allTextContents()).sort();
      assert.deepEqual(got, want, `results for ${label}`);
      const status = await page.locator('#search-status').textContent();
      if (want.length === 0) {
        assert.match(status, /没有找到/, `no-result message for ${label}`);
      } else {
        assert.match(status, new RegExp(`找到 ${want.length} 篇`), `count for ${label}: ${status}`);
        const terms = fold(c.q).split(/\s+/).filter(Boolean);
        for (let i = 0; i < want.length; i++) {
          const li = items.nth(i);
          const marks = (await li.locator('mark').allTextContents()).map(fold);
          assert.ok(marks.length > 0 && marks.every((m) => terms.includes(m)), `highlight in ${label}: ${marks}`);
          const meta = await li.locator('.meta').textContent();
          assert.match(meta, /(甲界|乙界) · \d{4}-\d\d-\d\d · 界别/, `meta of ${label}: ${meta}`);
          const href = await li.locator('.result-title a').getAttribute('href');
          const res = await page.request.get(new URL(href, page.url()).href);
          assert.equal(res.status(), 200, `result link ${href}`);
        }
      }
      passed++;
    } catch (e) {
      failures++;
      console.error(`FAIL ${label}: ${e.message}`);
    }
  }

  // A title match ranks above a newer body-only match.
  await page.evaluate(() => window.jiebieSearchPage.run('青年', {}));
  const order = await page.locator('#search-results .result-title a').allTextContents();
  try {
    assert.deepEqual(order, ['乙界座谈青年就业', '乙界走进养老院开展义诊'], 'title match first');
    passed++;
  } catch (e) { failures++; console.error(`FAIL ranking: ${e.message}`); }

  // Filters come from the URL too.
  await page.goto(`${url}search/?q=${encodeURIComponent('委员')}&sector=beta&year=2024`);
  await page.waitForFunction(() => document.querySelector('#search-status')?.dataset.state === 'found');
  try {
    assert.deepEqual(await page.locator('#search-results .result-title a').allTextContents(),
      expected('委员', { sector: 'beta', year: '2024' }));
    assert.equal(await page.locator('#search-sector').inputValue(), 'beta');
    passed++;
  } catch (e) { failures++; console.error(`FAIL url filters: ${e.message}`); }

  try {
    assert.deepEqual(errors, [], 'no script errors');
    passed++;
  } catch (e) { failures++; console.error(`FAIL ${e.message}`); }

  // Without JavaScript the page says so and points to the timelines.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(`${url}search/?q=${encodeURIComponent('养老')}`);
  try {
    const note = p2.locator('#search-noscript');
    assert.ok(await note.isVisible(), 'noscript notice visible');
    assert.match(await note.textContent(), /JavaScript/);
    assert.ok(await note.locator('a[href$="timeline/"]').count() === 1, 'links to the timeline');
    passed++;
  } catch (e) { failures++; console.error(`FAIL no-JS: ${e.message}`); }
  await nojs.close();
} finally {
  await browser.close();
  server.close();
}
console.log(`search.mjs: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
