// Renders `jiebie export wechat` fragments in headless Chromium next to their pages, at
// a phone's width (375 px), the way the WeChat editor shows a pasted article: in a bare
// page with no stylesheet of its own. Fails when
// - a paragraph, heading, list item, table cell or photo caption of the page's article
//   is missing from the fragment's text (link addresses the fragment adds are ignored),
// - an image of the fragment does not load (naturalWidth 0),
// - the fragment is wider than the screen (horizontal scrolling),
// - anything is requested from a host other than the site's.
// The built site is served under its base_url from SITE_DIR by request interception, so
// absolute image URLs resolve to the files of the build; every other request is refused.
//
// Usage: node tests/browser/wechat.mjs SITE_DIR FRAGMENT...  (BASE_URL: the site's base_url,
// default https://www.example.gov.cn/jbfc/). Screenshots to target/screenshots/wechat/.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';

const [siteArg, ...fragmentArgs] = process.argv.slice(2);
if (!siteArg || fragmentArgs.length === 0) {
  console.error('usage: node tests/browser/wechat.mjs SITE_DIR FRAGMENT...');
  process.exit(2);
}
const siteDir = resolve(siteArg);
const baseUrl = process.env.BASE_URL ?? 'https://www.example.gov.cn/jbfc/';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = resolve('target/screenshots/wechat');
mkdirSync(shots, { recursive: true });

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.json': 'application/json', '.xml': 'application/xml',
};

// The bare pages holding the fragments, by URL (served like the site's own files).
const barePages = new Map();

function siteFile(url) {
  const path = decodeURIComponent(new URL(url).pathname.slice(new URL(baseUrl).pathname.length));
  let file = join(siteDir, path);
  if (!file.startsWith(siteDir)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) ? file : null;
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const problems = [];
try {
  const context = await browser.newContext({
    viewport: { width: 375, height: 800 }, deviceScaleFactor: 1, javaScriptEnabled: true,
  });
  const elsewhere = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (barePages.has(url)) {
      return route.fulfill({ status: 200, contentType: TYPES['.html'], body: barePages.get(url) });
    }
    const file = url.startsWith(baseUrl) ? siteFile(url) : null;
    if (url.startsWith(baseUrl)) {
      if (!file) return route.fulfill({ status: 404, body: 'not found' });
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
    }
    elsewhere.push(url);
    return route.abort();
  });

  for (const [n, fragmentFile] of fragmentArgs.entries()) {
    const fragment = readFileSync(fragmentFile, 'utf8');
    const name = basename(fragmentFile, '.html');
    const bareUrl = `${baseUrl}__wechat__/${n}.html`;
    barePages.set(bareUrl, '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
      + '<meta name="viewport" content="width=device-width, initial-scale=1">'
      + `<title>${name}</title></head><body style="margin:0;padding:0 16px">${fragment}</body></html>`);
    const bare = await context.newPage();
    await bare.goto(bareUrl, { waitUntil: 'load', timeout: 15000 });
    const result = await bare.evaluate(() => {
      const text = document.body.innerText;
      const images = [...document.images].map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 }));
      const sections = [...document.body.querySelectorAll('p')];
      return {
        text,
        images,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        original: sections.length ? sections[sections.length - 1].innerText : '',
      };
    });
    await bare.screenshot({ path: join(shots, `${name}-fragment.png`), fullPage: true });
    await bare.close();
    for (const image of result.images) {
      if (!image.ok) problems.push(`${name}: image does not load: ${image.src}`);
    }
    if (result.images.length === 0 && fragment.includes('<img')) problems.push(`${name}: images not found`);
    if (result.overflow > 0) problems.push(`${name}: ${result.overflow} px wider than a 375 px screen`);

    const pageUrl = result.original.replace(/^原文链接：/, '').trim();
    if (!pageUrl.startsWith(baseUrl)) {
      problems.push(`${name}: the last paragraph is not the original link: ${result.original}`);
      continue;
    }
    const page = await context.newPage();
    const response = await page.goto(pageUrl, { waitUntil: 'load', timeout: 15000 });
    if (!response || response.status() !== 200) {
      problems.push(`${name}: the original page ${pageUrl} does not open`);
      await page.close();
      continue;
    }
    const pieces = await page.evaluate(() => {
      const selectors = ['article h1', '.prose p', '.prose li', '.prose h2', '.prose h3', '.prose h4',
        '.prose td', '.prose th', '.prose caption:not(.visually-hidden)', '.photos figcaption'];
      return selectors.flatMap((s) => [...document.querySelectorAll(s)].map((e) => e.textContent));
    });
    await page.screenshot({ path: join(shots, `${name}-page.png`), fullPage: true });
    await page.close();
    const squash = (t) => t.replace(/\s+/g, '');
    // The addresses the fragment writes after a link's text are not on the page.
    const fragmentText = squash(result.text).replace(/（(https?:\/\/|[^（）]*@)[^（）]*）/g, '');
    const missing = pieces.map(squash).filter((p) => p && !fragmentText.includes(p));
    for (const piece of missing) problems.push(`${name}: missing from the fragment: ${piece}`);
    console.log(`${name}: ${pieces.length} pieces of text, ${result.images.length} images, `
      + `${missing.length} missing, overflow ${Math.max(0, result.overflow)} px`);
  }
  for (const url of elsewhere) problems.push(`request to another host: ${url}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
console.log(`wechat: ${fragmentArgs.length} fragments render like their pages at 375 px; screenshots in ${shots}`);
