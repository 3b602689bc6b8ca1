// Opens every page of a built site in headless Chromium and fails if any script runs:
// a dialog (alert, confirm, prompt), `window.__xss` set by a payload, an event handler
// fired by hovering or focusing, or a `javascript:` link left in the page.
//
// Usage: node tests/browser/xss.mjs [SITE_DIR]   (default: target/xss-site)
// Build the fixture first:
//   cargo run -- build --content tests/fixtures/xss/content --output target/xss-site
//
// The browser is the system's Chromium (CHROMIUM_PATH, default /usr/bin/chromium);
// playwright-core never downloads one.

import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const siteDir = resolve(process.argv[2] ?? 'target/xss-site');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function htmlFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...htmlFiles(path));
    else if (name.endsWith('.html')) found.push(path);
  }
  return found;
}

// Fires the events that payloads commonly hook, on every element, and lists script
// links; run inside the page.
function provoke() {
  for (const element of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart', 'toggle']) {
      element.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }
  const links = [];
  for (const element of document.querySelectorAll('[href], [src], [action], [formaction], [data]')) {
    for (const name of ['href', 'src', 'action', 'formaction', 'data']) {
      const value = element.getAttribute(name);
      if (value && /^\s*(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u001f]/g, ''))) {
        links.push(`${element.tagName.toLowerCase()} ${name}="${value}"`);
      }
    }
  }
  return { xss: window.__xss ?? null, links };
}

async function check(context, file) {
  const problems = [];
  const page = await context.newPage();
  page.on('dialog', async (dialog) => {
    problems.push(`${dialog.type()}(${JSON.stringify(dialog.message())})`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', () => {}); // broken payload fragments may throw; harmless
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 15000 });
  const result = await page.evaluate(provoke);
  await page.waitForTimeout(50); // let timers and handlers that were queued run
  const after = await page.evaluate(() => window.__xss ?? null);
  if (result.xss !== null || after !== null) problems.push(`window.__xss = ${result.xss ?? after}`);
  for (const link of result.links) problems.push(`script link: ${link}`);
  await page.close();
  return problems;
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  ],
});
let failed = false;
try {
  const context = await browser.newContext({ javaScriptEnabled: true });
  // Pages may only load local files; anything else is refused, never fetched.
  await context.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort());

  // Control: a page that does run script must be caught, or this check is blind.
  const controlDir = mkdtempSync(join(tmpdir(), 'jiebie-xss-control-'));
  const control = join(controlDir, 'control.html');
  writeFileSync(control, '<!DOCTYPE html><title>c</title><script>alert(1)</script>'
    + '<img src="missing.png" onerror="window.__xss = 1"><a href="javascript:void 0">x</a>'
    + '<p onmouseover="confirm(2)">p</p>');
  const caught = await check(context, control);
  if (caught.length < 4) {
    console.error(`control page: expected 4 detections, got ${JSON.stringify(caught)}`);
    failed = true;
  }

  const pages = htmlFiles(siteDir);
  if (pages.length === 0) {
    console.error(`no pages in ${siteDir}; build the XSS fixture first`);
    failed = true;
  }
  let clean = 0;
  for (const file of pages) {
    const problems = await check(context, file);
    if (problems.length) {
      failed = true;
      console.error(`${file}:\n  ${problems.join('\n  ')}`);
    } else {
      clean += 1;
    }
  }
  console.log(`xss: ${clean} passed, ${pages.length - clean} failed`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
