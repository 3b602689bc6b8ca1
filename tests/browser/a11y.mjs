// Browser tests of the built sample site, served by a real nginx with the documented
// configuration (examples/nginx/jbfc.conf) under /jbfc/, as it will be published:
//   - axe-core (WCAG 2.0/2.1 A and AA) on every page kind, normal and high contrast,
//     at 1280px and 360px wide; no horizontal scrolling at 360px (also in the 大 size);
//   - keyboard: the first Tab reaches the skip link, then every link and button, each
//     with a visible focus outline;
//   - the 字号 and 高对比度 switches change computed styles and are remembered; without
//     JavaScript the switches are hidden and the system's contrast preference still works;
//   - no request leaves 127.0.0.1, no console error (e.g. a CSP violation), no broken
//     local resource; print hides the navigation;
//   - screenshots of each page kind at both widths in target/screenshots/.
//
// Usage: node tests/browser/a11y.mjs [public-dir]   (build the site first; see README)
// Needs nginx and chromium (/usr/bin/chromium, or CHROMIUM=path).

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const publicDir = path.resolve(process.argv[2] || path.join(repo, "public"));
const shotsDir = path.join(repo, "target", "screenshots");
const confTemplate = path.join(repo, "examples", "nginx", "jbfc.conf");
const SUB = "/jbfc/";
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const failures = [];
function fail(message) {
  failures.push(message);
  console.log(`  ✗ ${message}`);
}
function check(condition, message) {
  if (!condition) fail(message);
  return condition;
}

// One page of each kind the sample site has. A missing file fails the run: a test that
// silently skips a page kind would pass without testing it.
const PAGES = [
  ["home", ""],
  ["sectors", "sectors/"],
  ["sector", "sectors/minmeng/"],
  ["sector-year", "sectors/minmeng/2025/"],
  ["activity", "sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/"],
  ["activity-photo", "sectors/gongqingtuan/2025/2025-07-05-youth-station/"],
  ["output", "sectors/jiaoyu/outputs/2025-proposal-after-school/"],
  ["timeline", "timeline/"],
  ["timeline-year", "timeline/2025/"],
  ["kinds", "kinds/"],
  ["kind", "kinds/research/"],
  ["years", "years/"],
  ["year", "years/2025/"],
  ["commendations", "commendations/"],
  ["commendation", "commendations/2025/"],
  ["page", "pages/rules/"],
  ["organisation", "organisation/"],
  ["leader", "organisation/leaders/huang-mou/"],
  ["committee", "organisation/committees/education/"],
  ["accessibility", "accessibility/"],
  ["search", "search/?q=%E9%95%BF%E6%B1%9F"],
  ["404", "no-such-page/"],
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The documented server block with only `listen` and `root` replaced.
function nginxConfig(port, www) {
  const source = fs.readFileSync(confTemplate, "utf8");
  let listens = 0;
  let roots = 0;
  const conf = source
    .replace(/^(\s*)listen\s+[^;]+;/gm, (_, indent) => (listens++, `${indent}listen 127.0.0.1:${port};`))
    .replace(/^(\s*)root\s+[^;]+;/gm, (_, indent) => (roots++, `${indent}root ${www};`));
  if (listens !== 1 || roots !== 1) {
    throw new Error(`${confTemplate}: expected one listen and one root line, found ${listens} and ${roots}`);
  }
  return conf;
}

async function startNginx() {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jiebie-nginx-"));
  // nginx workers may run as nobody: everything they read must be world-readable.
  fs.chmodSync(tmp, 0o755);
  const www = path.join(tmp, "www");
  fs.mkdirSync(www, { mode: 0o755 });
  fs.symlinkSync(publicDir, path.join(www, SUB.replaceAll("/", "")));
  fs.writeFileSync(path.join(tmp, "site.conf"), nginxConfig(port, www));
  const temp = (name) => `${name}_temp_path ${path.join(tmp, name)};`;
  fs.writeFileSync(
    path.join(tmp, "nginx.conf"),
    `worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
daemon off;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${tmp}/access.log;
  ${temp("client_body")} ${temp("proxy")} ${temp("fastcgi")} ${temp("uwsgi")} ${temp("scgi")}
  include ${tmp}/site.conf;
}
`,
  );
  const nginxBin = fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  const proc = spawn(nginxBin, ["-p", tmp, "-e", `${tmp}/error.log`, "-c", `${tmp}/nginx.conf`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${origin}${SUB}`);
      if (res.ok) return { proc, origin, tmp };
    } catch {
      /* not up yet */
    }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  const log = fs.existsSync(`${tmp}/error.log`) ? fs.readFileSync(`${tmp}/error.log`, "utf8") : "";
  throw new Error(`nginx did not start on ${origin}\n${log}`);
}

// Server-level checks: headers, 404, no directory listing, gzip.
async function checkServer(origin) {
  console.log("== nginx configuration");
  const home = await fetch(`${origin}${SUB}`, { headers: { "accept-encoding": "gzip" } });
  check(home.status === 200, `${SUB} answers ${home.status}`);
  check(home.headers.get("content-encoding") === "gzip", "HTML is not served gzip-compressed");
  check(/no-cache/.test(home.headers.get("cache-control") || ""), "HTML lacks Cache-Control: no-cache");
  check(!!home.headers.get("content-security-policy"), "no Content-Security-Policy header");
  const css = await fetch(`${origin}${SUB}static/style.css`);
  check(/max-age=\d+/.test(css.headers.get("cache-control") || ""), "style.css lacks a max-age");
  const missing = await fetch(`${origin}${SUB}no-such-page/`);
  const body = await missing.text();
  check(missing.status === 404, `a missing page answers ${missing.status}, not 404`);
  check(body.includes("页面不存在"), "a missing page does not get the site's 404 page");
  const dir = await fetch(`${origin}${SUB}media/`);
  check(dir.status === 404 || dir.status === 403, `a folder without index.html answers ${dir.status} (listing?)`);
  const bare = await fetch(`${origin}${SUB.slice(0, -1)}`, { redirect: "manual" });
  check(bare.status === 301, `${SUB.slice(0, -1)} answers ${bare.status}, not a redirect`);
}

// A context that records every request leaving 127.0.0.1 (and aborts it), every failed
// local request and every console error.
async function newContext(browser, origin, options, log) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  await context.route(
    (url) => url.origin !== origin && !["data:", "about:", "blob:"].includes(url.protocol),
    (route) => {
      log.external.push(route.request().url());
      return route.abort();
    },
  );
  context.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes("no-such-page")) log.broken.push(`${res.status()} ${res.url()}`);
  });
  context.on("page", (page) => {
    page.on("console", (msg) => {
      if (msg.type() === "error" && !msg.text().includes("404")) log.console.push(`${page.url()}: ${msg.text()}`);
    });
    page.on("pageerror", (err) => log.console.push(`${page.url()}: ${err.message}`));
  });
  return context;
}

async function runAxe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.failureSummary.split("\n").slice(1, 2).join("")}`),
      count: v.nodes.length,
    }));
  });
}

// axe must find known faults, or "zero violations" would prove nothing.
async function axeSelfCheck(browser) {
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><head><title>t</title></head><body><main><img src="x.png"><p style="color:#bbb;background:#fff">这一段文字的颜色太淡，对比度不够。</p></main></body></html>');
  const ids = (await runAxe(page)).map((v) => v.id);
  check(ids.includes("image-alt") && ids.includes("color-contrast") && ids.includes("html-has-lang"), `axe self-check found only ${ids.join(", ")}`);
  await page.close();
}

async function axePass(browser, origin, width, contrast, log, totals) {
  const label = `${width}px ${contrast ? "高对比度" : "常规"}`;
  console.log(`== axe-core, ${label}`);
  const context = await newContext(browser, origin, { viewport: { width, height: 900 } }, log);
  const page = await context.newPage();
  if (contrast) {
    // Switch on high contrast the way a reader does; it must stay on for every page.
    await page.goto(`${origin}${SUB}`);
    await page.click("[data-contrast]");
  }
  for (const [name, url] of PAGES) {
    const response = await page.goto(`${origin}${SUB}${url}`, { waitUntil: "load" });
    check(response.status() === (name === "404" ? 404 : 200), `${name}: HTTP ${response.status()}`);
    const state = await page.evaluate(() => ({
      hc: document.documentElement.classList.contains("hc"),
      background: getComputedStyle(document.body).backgroundColor,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    if (contrast) check(state.hc && state.background === "rgb(0, 0, 0)", `${name}: high contrast not in effect (${state.background})`);
    check(state.overflow <= 0, `${name} at ${label}: scrolls sideways by ${state.overflow}px`);
    const violations = await runAxe(page);
    totals.runs += 1;
    totals.violations += violations.length;
    for (const v of violations) fail(`${name} at ${label}: ${v.id} (${v.count}) ${v.help}\n      ${v.nodes.join("\n      ")}`);
    if (!contrast) {
      await page.screenshot({ path: path.join(shotsDir, `${name}-${width}.png`), fullPage: true });
    } else if (["home", "activity", "year"].includes(name)) {
      await page.screenshot({ path: path.join(shotsDir, `${name}-${width}-contrast.png`), fullPage: true });
    }
  }
  await context.close();
}

// At the 大 size on a phone, nothing may force sideways scrolling either.
async function largeTextPass(browser, origin, log) {
  console.log("== 360px at the 大 font size: no sideways scrolling");
  const context = await newContext(browser, origin, { viewport: { width: 360, height: 800 } }, log);
  const page = await context.newPage();
  await page.goto(`${origin}${SUB}`);
  await page.click(".a11y-bar [data-font=l]");
  for (const [name, url] of PAGES) {
    await page.goto(`${origin}${SUB}${url}`);
    const { size, overflow } = await page.evaluate(() => ({
      size: getComputedStyle(document.body).fontSize,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    check(size === "24px", `${name}: 大 size not remembered (${size})`);
    check(overflow <= 0, `${name} at 360px, 大: scrolls sideways by ${overflow}px`);
  }
  await page.goto(`${origin}${SUB}`);
  await page.screenshot({ path: path.join(shotsDir, "home-360-large.png"), fullPage: false });
  await context.close();
}

async function keyboardPass(browser, origin, log) {
  console.log("== keyboard: skip link first, then every link and button");
  for (const width of [1280, 360]) {
    const context = await newContext(browser, origin, { viewport: { width, height: 900 } }, log);
    const page = await context.newPage();
    for (const [name, url] of PAGES.filter(([n]) => ["home", "activity", "year"].includes(n))) {
      await page.goto(`${origin}${SUB}${url}`);
      // Number every element a keyboard user must be able to reach.
      const expected = await page.evaluate(() => {
        const all = [...document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex="0"]')];
        const visible = all.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
        visible.forEach((e, i) => (e.dataset.kbd = String(i)));
        return visible.length;
      });
      const reached = new Set();
      let first = null;
      let unfocusable = 0;
      for (let i = 0; i < expected + 5; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const s = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          return {
            kbd: e.dataset.kbd ?? null,
            skip: e.classList.contains("skip-link"),
            outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
            onScreen: r.bottom > 0 && r.top < window.innerHeight && r.width > 0,
            text: (e.textContent || "").trim().slice(0, 20),
          };
        });
        if (!f) break;
        if (first === null) first = f;
        if (f.kbd === null) unfocusable += 1;
        else if (reached.has(f.kbd)) break;
        else reached.add(f.kbd);
        if (!f.outline) fail(`${name} ${width}px: focus on “${f.text}” has no visible outline`);
        if (!f.onScreen) fail(`${name} ${width}px: focused “${f.text}” is scrolled out of view`);
      }
      check(first && first.skip, `${name} ${width}px: the first Tab does not reach the skip link`);
      check(reached.size === expected, `${name} ${width}px: Tab reached ${reached.size} of ${expected} links and buttons`);
      check(unfocusable === 0, `${name} ${width}px: Tab stopped on ${unfocusable} unexpected elements`);
      // The skip link moves focus into <main>.
      await page.goto(`${origin}${SUB}${url}`);
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      const inMain = await page.evaluate(() => document.activeElement?.id === "main-content" || !!document.activeElement?.closest("#main-content"));
      check(inMain, `${name} ${width}px: the skip link does not move focus to main`);
      console.log(`  ${name} ${width}px: ${reached.size}/${expected} reached`);
    }
    await context.close();
  }
}

async function switchPass(browser, origin, log) {
  console.log("== 字号 and 高对比度 switches");
  const context = await newContext(browser, origin, { viewport: { width: 1280, height: 900 } }, log);
  const page = await context.newPage();
  const url = `${origin}${SUB}${PAGES.find(([n]) => n === "activity")[1]}`;
  await page.goto(url);
  const style = () =>
    page.evaluate(() => {
      const b = getComputedStyle(document.body);
      const p = document.querySelector(".prose p");
      const ps = p && getComputedStyle(p);
      return {
        size: b.fontSize,
        lineHeight: ps ? parseFloat(ps.lineHeight) / parseFloat(ps.fontSize) : 0,
        measure: p ? p.getBoundingClientRect().width / parseFloat(ps.fontSize) : 0,
        background: b.backgroundColor,
        color: b.color,
        pressed: [...document.querySelectorAll("[aria-pressed=true]")].map((e) => e.textContent.trim()),
      };
    });
  let s = await style();
  check(s.size === "18px", `default body text is ${s.size}, not 18px`);
  check(s.lineHeight >= 1.6, `prose line height ${s.lineHeight.toFixed(2)} < 1.6`);
  check(s.measure > 0 && s.measure <= 48, `prose measure ${s.measure.toFixed(1)} characters per line`);
  await page.click(".a11y-bar [data-font=l]");
  s = await style();
  check(s.size === "24px", `大: body text is ${s.size}`);
  check(s.pressed.filter((t) => t === "大").length === 2, "大: both 大 buttons should be pressed");
  await page.reload();
  check((await style()).size === "24px", "大 is not remembered after reloading");
  await page.click(".article .font-switch [data-font=m]");
  check((await style()).size === "21px", "【字体 中】 does not give 21px");
  await page.click(".article .font-switch [data-font=s]");
  check((await style()).size === "18px", "【字体 小】 does not give 18px");
  await page.click("[data-contrast]");
  s = await style();
  check(s.background === "rgb(0, 0, 0)" && s.color === "rgb(255, 255, 255)", `高对比度: ${s.color} on ${s.background}`);
  check(s.pressed.includes("高对比度"), "高对比度 button not marked pressed");
  await page.reload();
  check((await style()).background === "rgb(0, 0, 0)", "高对比度 is not remembered after reloading");
  await page.click("[data-contrast]");
  check((await style()).background === "rgb(255, 255, 255)", "高对比度 does not switch off");
  // Print: no navigation, no switches; link addresses after the text.
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => ({
    nav: getComputedStyle(document.querySelector(".site-nav")).display,
    bar: getComputedStyle(document.querySelector(".a11y-bar")).display,
    url: getComputedStyle(document.querySelector(".print-url")).display,
  }));
  check(print.nav === "none" && print.bar === "none", "print shows the navigation or the switches");
  check(print.url !== "none", "print does not show the page address");
  await page.pdf({ path: path.join(shotsDir, "activity-print.pdf"), format: "A4" });
  await context.close();

  // Without JavaScript: no dead switches, a usable default, and the system preference.
  const noJs = await newContext(browser, origin, { viewport: { width: 1280, height: 900 }, javaScriptEnabled: false }, log);
  const p2 = await noJs.newPage();
  await p2.goto(url);
  check(!(await p2.isVisible("[data-font]")) && !(await p2.isVisible("[data-contrast]")), "switches visible without JavaScript");
  check(await p2.isVisible(".a11y-bar a"), "no link to the accessibility page without JavaScript");
  check((await p2.evaluate(() => getComputedStyle(document.body).fontSize)) === "18px", "no-script text size is not 18px");
  await p2.emulateMedia({ contrast: "more" });
  check(
    (await p2.evaluate(() => getComputedStyle(document.body).backgroundColor)) === "rgb(0, 0, 0)",
    "prefers-contrast: more does not give high contrast without JavaScript",
  );
  const media = await p2.evaluate(() => [...document.querySelectorAll("video[autoplay], audio[autoplay], iframe, [target=_blank]")].length);
  check(media === 0, "autoplaying media, frames or new-window links present");
  await noJs.close();
}

async function main() {
  check(fs.existsSync(path.join(publicDir, "index.html")), `${publicDir} has no index.html: build the site first`);
  for (const [name, url] of PAGES) {
    if (name !== "404") check(fs.existsSync(path.join(publicDir, url.split("?")[0], "index.html")), `page kind ${name}: ${url} missing`);
  }
  if (failures.length) return;
  fs.mkdirSync(shotsDir, { recursive: true });
  const { proc, origin, tmp } = await startNginx();
  console.log(`nginx on ${origin}${SUB} (config from ${path.relative(repo, confTemplate)}, ${tmp})`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const log = { external: [], broken: [], console: [] };
  const totals = { runs: 0, violations: 0 };
  try {
    await checkServer(origin);
    await axeSelfCheck(browser);
    for (const width of [1280, 360]) {
      for (const contrast of [false, true]) await axePass(browser, origin, width, contrast, log, totals);
    }
    await largeTextPass(browser, origin, log);
    await keyboardPass(browser, origin, log);
    await switchPass(browser, origin, log);
  } finally {
    await browser.close();
    proc.kill();
  }
  console.log("== network, resources, console");
  for (const u of new Set(log.external)) fail(`request to another host: ${u}`);
  for (const u of new Set(log.broken)) fail(`failed local request: ${u}`);
  for (const m of new Set(log.console)) fail(`console error: ${m}`);
  console.log(`axe-core: ${totals.runs} page runs, ${totals.violations} violations; external requests: ${new Set(log.external).size}`);
  console.log(`screenshots: ${path.relative(repo, shotsDir)}/`);
}

main()
  .catch((e) => fail(e.stack || String(e)))
  .finally(() => {
    if (failures.length) {
      console.log(`\n${failures.length} failure(s)`);
      process.exit(1);
    }
    console.log("\nall browser checks passed");
  });
