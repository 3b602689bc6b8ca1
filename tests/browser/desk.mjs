// The writing desk (`jiebie serve`, /__jiebie/desk/) in headless Chromium, on a copy of
// the sample site in a fresh git repository, as a liaison uses it:
//   1. with JavaScript: 我是 → the sector's year → 新建活动报道 → fill it in, see a live
//      error beside the field and in the save line, fix it, add a photo with its
//      description, 保存并发布 → 已保存; the write-up appears in the preview with its
//      photo; on disk: the values, the photo beside it (metadata removed), the keys in
//      the documented order, the template's comments kept; then 提交 (git);
//   2. without JavaScript: a plain POST with an error answers the form with the error
//      beside its field and in the summary; fixed, it saves;
//   3. an existing write-up opened from its preview page (#jiebie-desk-link): changing
//      the title changes that line only, every other byte is kept;
//   4. a file changed on disk while its form is open: 保存 shows #conflict and keeps the
//      change; with 覆盖 ticked it saves;
//   5. a form with an error saved with 存为草稿: saved with draft: true, listed as 草稿;
//   6. a forged CSRF token gets 403 and writes nothing;
//   7. axe-core (WCAG 2.0/2.1 A and AA) on the home, sector page, empty form, form with
//      errors, edit form and WeChat page at 1280px and 360px; no sideways scrolling at 360px; the
//      first Tab reaches the skip link; no request leaves 127.0.0.1, no script error.
//
// Usage: node tests/browser/desk.mjs [--screenshots]
//   Build first (cargo build); uses target/debug/jiebie (JIEBIE_BIN=path for another).
//   Screenshots go to target/screenshots/desk/; with --screenshots, the guide's
//   (docs/images/desk-*.png) are rewritten instead.
//   Needs chromium (/usr/bin/chromium, or CHROMIUM=path) and git.

import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const started = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const binary = process.env.JIEBIE_BIN || path.join(repo, "target", "debug", "jiebie");
const forGuide = process.argv.includes("--screenshots");
const shotsDir = forGuide ? path.join(repo, "docs", "images") : path.join(repo, "target", "screenshots", "desk");
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TODAY = "2026-12-02";
const SECTOR = "minmeng";
const LIAISON = "白某某"; // content/sectors/minmeng/index.md, liaison from 2022
const DESK = "/__jiebie/desk";

// The documented key order, read from the decoder so the test follows it.
const ACTIVITY_KEYS = (() => {
  const source = fs.readFileSync(path.join(repo, "src/model/decode/activity.rs"), "utf8");
  const list = source.match(/ACTIVITY_KEYS: &\[&str\] = &\[([^\]]*)\]/);
  if (!list) throw new Error("ACTIVITY_KEYS not found in src/model/decode/activity.rs");
  return [...list[1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
})();

const failures = [];
function fail(message) {
  failures.push(message);
  console.log(`  ✗ ${message}`);
}
function check(condition, message) {
  if (!condition) fail(message);
  return condition;
}
// Prints a passed step, unless something failed since `mark` (a count of failures).
function ok(message, mark = failures.length) {
  if (failures.length === mark) console.log(`  ✓ ${message}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// ── A small PNG with a text chunk standing in for camera metadata ───────────────────
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function makePng(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = 140 + Math.round((80 * x) / width);
      row[2 + x * 3] = 28 + Math.round((120 * y) / height);
      row[3 + x * 3] = 19;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", header),
    chunk("tEXt", Buffer.from("Comment\0GPS-SECRET 30.5928N 114.3055E", "latin1")),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ── The site: a copy of the sample in a git repository ────────────────────────────────
function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function makeSite() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jiebie-desk-"));
  const site = path.join(tmp, "site");
  fs.mkdirSync(site);
  fs.cpSync(path.join(repo, "content"), path.join(site, "content"), { recursive: true });
  fs.cpSync(path.join(repo, "themes"), path.join(site, "themes"), { recursive: true });
  // A comment and a key the desk does not know, to be kept byte for byte by an edit.
  const edited = path.join(site, "content/sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md");
  const text = fs.readFileSync(edited, "utf8");
  fs.writeFileSync(
    edited,
    text
      .replace("\nkind: research\n", "\n# 内部备注：本稿由调研组提供，发布前已请黄某审阅\nkind: research\n")
      .replace("\nauthor: 白某某\n", "\ninternal_note: 仅供机关内部参考（写作台不认识这个字段）\nauthor: 白某某\n"),
  );
  git(site, "init", "-q");
  // CI machines may have no git identity: the repository gets its own.
  git(site, "config", "user.name", "写作台测试");
  git(site, "config", "user.email", "desk-test@example.invalid");
  git(site, "config", "commit.gpgsign", "false");
  git(site, "add", "-A");
  git(site, "commit", "-q", "-m", "样例网站");
  const runtime = path.join(tmp, "runtime");
  fs.mkdirSync(runtime, { mode: 0o700 });
  return { tmp, site, content: path.join(site, "content"), runtime };
}

function startServer(site, runtime) {
  const env = { ...process.env, JIEBIE_TODAY: TODAY, XDG_RUNTIME_DIR: runtime, LC_ALL: "C.UTF-8" };
  delete env.LC_MESSAGES;
  delete env.LANG;
  const proc = spawn(binary, ["serve", "--port", "0"], { cwd: site, env, stdio: ["ignore", "pipe", "pipe"] });
  running = proc;
  let out = "";
  let err = "";
  proc.stdout.setEncoding("utf8");
  proc.stderr.setEncoding("utf8");
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (err += d));
  const desk = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jiebie serve printed no desk address in 30 s:\n${out}\n${err}`)), 30000);
    const look = () => {
      const found = out.match(/写作台：(http:\/\/127\.0\.0\.1:\d+)(\/__jiebie\/desk\/)/);
      if (found) {
        clearTimeout(timer);
        resolve({ origin: found[1], home: found[1] + found[2] });
      }
    };
    proc.stdout.on("data", look);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`jiebie serve exited with ${code}:\n${out}\n${err}`));
    });
  });
  return { proc, desk, log: () => `${out}\n${err}` };
}

async function stopServer(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM"); // serve removes its private folder on SIGTERM
  await Promise.race([gone, sleep(5000)]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

let running = null;

// ── Browser helpers ───────────────────────────────────────────────────────────────────
async function newContext(browser, origin, options, log) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15000);
  await context.route(
    (url) => url.origin !== origin && !["data:", "about:", "blob:"].includes(url.protocol),
    (route) => {
      log.external.push(route.request().url());
      return route.abort();
    },
  );
  context.on("page", (page) => {
    page.on("pageerror", (e) => log.console.push(`${page.url()}: ${e.message}`));
    page.on("console", (m) => {
      // A form answered with 409/422 is logged by Chromium as a failed resource.
      const expected = log.forging ? /status of (403|409|422)/ : /status of (409|422)/;
      if (m.type() === "error" && !expected.test(m.text())) log.console.push(`${page.url()}: ${m.text()}`);
    });
  });
  return context;
}

// Clicks a submit button and waits for the page the form's POST leads to.
async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
  return response;
}

async function shot(page, name, options = {}) {
  await page.screenshot({ path: path.join(shotsDir, name), ...options });
}

async function runAxe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource);
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

// Polls `probe` until it returns something truthy (or the time is up).
async function until(probe, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) {
      fail(`timed out after ${ms / 1000} s waiting for ${what}`);
      return null;
    }
    await sleep(250);
  }
}

function frontMatter(text) {
  const m = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
  return m ? { front: m[1], body: m[2] } : { front: "", body: text };
}
function topKeys(front) {
  return [...front.matchAll(/^([A-Za-z_]+):/gm)].map((m) => m[1]);
}
function scalar(front, key) {
  const m = front.match(new RegExp(`^${key}:[ \\t]*(.*)$`, "m"));
  if (!m) return undefined;
  return m[1].trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
}
function relFromEditUrl(url) {
  const file = new URL(url).searchParams.get("file");
  return file || null;
}
function activityFiles(content, year) {
  const dir = path.join(content, "sectors", SECTOR, "activities", String(year));
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".md")).sort() : [];
}

// ── 1. The liaison's flow with JavaScript ─────────────────────────────────────────────
async function liaisonFlow(context, env) {
  console.log("== 1. liaison with JavaScript, 1280px: home → sector → new write-up → save → preview");
  let mark = failures.length;
  const page = await context.newPage();
  await page.goto(env.home);
  await page.selectOption("#me", LIAISON);
  await submit(page, "form.inline button[type=submit]");
  check(new URL(page.url()).searchParams.get("me") === LIAISON, `choosing 我是 leads to ${page.url()}`);
  check((await page.textContent("main")).includes(`您好，${LIAISON}`), "the home page does not greet the liaison chosen");
  const mine = page.locator("ul.sectors li.mine a");
  check((await mine.count()) === 1 && (await page.locator("ul.sectors li").first().getAttribute("class")) === "mine",
    "the liaison's own sector is not marked and listed first");
  await shot(page, "desk-home.png");

  await Promise.all([page.waitForNavigation(), mine.first().click()]);
  check(new URL(page.url()).pathname === `${DESK}/sector/${SECTOR}/`, `the sector link leads to ${page.url()}`);
  check((await page.textContent("h1")).includes("2026"), "the sector page is not for this year");
  check(await page.isVisible("section.standing"), "the sector page shows no quota standing");
  await shot(page, "desk-sector.png");

  await Promise.all([page.waitForNavigation(), page.click("text=新建活动报道")]);
  check(page.url().includes(`${DESK}/new/activity?sector=${SECTOR}`), `新建活动报道 leads to ${page.url()}`);
  check((await page.inputValue("#f-author")) === LIAISON, "撰稿联络员 is not filled with the liaison chosen (我是)");
  check((await page.inputValue("#f-date")) === TODAY, "活动日期 does not default to today");

  const title = "民盟界赴武昌区开展城市书房建设专题调研";
  const alt = "民盟界委员在武昌区城市书房察看图书借阅情况";
  const bodyText = "11月20日，民盟界组织委员赴武昌区，实地察看三家城市书房的运营情况。";
  const before = activityFiles(env.content, 2026);
  await page.fill("#f-title", title);
  await page.fill("#f-date", "2026-11-20");
  await page.selectOption("#f-kind", "research");
  await page.fill("#f-location", "武昌区城市书房");
  await page.fill("#f-participants", "蓝某、朱某");
  await page.fill("#f-body", bodyText);
  // The live check has run on everything typed when the preview shows the body.
  await until(() => page.evaluate((t) => document.getElementById("preview").textContent.includes(t), bodyText), 10000,
    "the live preview to show the body");
  const problemsNow = () => page.evaluate(() => [...document.querySelectorAll(".problems p")]
    .map((p) => `${p.closest("[data-field]").dataset.field}: ${p.textContent}`).join("; "));
  check((await page.textContent("#save-state")).includes("没有发现错误"),
    `a filled-in form is not free of errors: ${await page.textContent("#save-state")} ${await problemsNow()}`);
  await page.locator("#f-title").scrollIntoViewIfNeeded();
  await shot(page, "desk-form.png");

  // A required choice cleared: the error appears beside it, in Chinese, while typing.
  await page.selectOption("#f-kind", "");
  const kindError = await until(
    () => page.evaluate(() => {
      const p = document.querySelector("#f-kind-problems p.error");
      return p && { text: p.textContent, invalid: document.getElementById("f-kind").getAttribute("aria-invalid") };
    }),
    10000,
    "a live error beside 活动类型",
  );
  if (kindError) {
    check(/^错误：.*[\u4e00-\u9fff]/.test(kindError.text), `the live error is not in Chinese: ${kindError.text}`);
    check(kindError.invalid === "true", "the field with the error is not aria-invalid");
    const state = await page.textContent("#save-state");
    check(/还有 1 个错误/.test(state), `the save line does not say one error remains: ${state} ${await problemsNow()}`);
    check((await page.textContent("#summary")).includes("1 个错误"), `the summary does not count one error: ${await page.textContent("#summary")}`);
    ok(`live error beside 活动类型: ${kindError.text.slice(0, 40)}…`, mark);
    mark = failures.length;
  }
  await page.evaluate(() => document.querySelector('[data-field="date"]').scrollIntoView());
  await shot(page, "desk-error.png");
  await page.selectOption("#f-kind", "research");
  await until(
    () => page.evaluate(() => !document.querySelector("#f-kind-problems p") && /没有发现错误/.test(document.getElementById("save-state").textContent)),
    10000,
    "the error to go once 活动类型 is chosen again",
  );

  // 添加一行: the script adds a row to a table field.
  const outputsRows = () => page.locator('table[data-rows="outputs"] tbody tr').count();
  const rowsBefore = await outputsRows();
  await page.click('[data-field="outputs"] button:has-text("添加一行")');
  check((await outputsRows()) === rowsBefore + 1, "添加一行 does not add a row to 形成的成果");
  check((await page.locator('[name="outputs.1.kind"]').count()) === 1, "the added row's fields are not numbered outputs.1.*");

  // A photo and its description, as a liaison does it: the description in the empty
  // row of the photo table, the file chosen with the upload button.
  const png = makePng(160, 120);
  await page.setInputFiles("#photo-upload", { name: "城市书房 现场.png", mimeType: "image/png", buffer: png });
  await page.fill('[name="photos.0.alt"]', alt);
  await page.fill('[name="photos.0.caption"]', "调研现场");
  const response = await submit(page, "#save");
  const saved = page.url();
  const said = async () => page.evaluate(() => [
    document.getElementById("notice")?.textContent,
    ...[...document.querySelectorAll("#summary h2, #summary li")].map((e) => e.textContent),
  ].filter(Boolean).join("\n      "));
  if (!check(saved.includes(`${DESK}/edit?file=`) && saved.includes("saved=1"),
    `保存并发布 with a photo and its description did not save (HTTP ${response && response.status()}, ${saved}):\n      ${await said()}`)) {
    await page.close();
    return null;
  }
  check((await page.textContent("#notice")).includes("已保存"), "no 已保存 notice after saving");
  // What was saved had no error: the form it reopens in must not show one either (the
  // photo just stored included, before the preview has caught up).
  const errorsShown = await page.evaluate(() => [...document.querySelectorAll(".problems p.error, #summary li.error")].map((e) => e.textContent));
  check(errorsShown.length === 0 && /没有发现错误/.test(await page.textContent("#save-state")),
    `the form reopened after 保存并发布 shows errors: ${errorsShown.join("; ")}`);
  await shot(page, "desk-saved.png");
  const rel = relFromEditUrl(saved);
  const after = activityFiles(env.content, 2026).filter((n) => !before.includes(n));
  check(after.length === 1 && rel && rel.endsWith(after[0]), `saving made ${after.join(", ") || "no file"}, the form names ${rel}`);

  // On disk.
  const file = path.join(env.content, rel);
  const text = fs.readFileSync(file, "utf8");
  const { front, body } = frontMatter(text);
  check(scalar(front, "title") === title, `title on disk: ${scalar(front, "title")}`);
  check(scalar(front, "date") === "2026-11-20", `date on disk: ${scalar(front, "date")}`);
  check(scalar(front, "kind") === "research", `kind on disk: ${scalar(front, "kind")}`);
  check(scalar(front, "location") === "武昌区城市书房", `location on disk: ${scalar(front, "location")}`);
  check(/participants:[\s\S]*蓝某[\s\S]*朱某/.test(front.split(/^leaders:/m)[0]), "participants 蓝某、朱某 not on disk");
  check(scalar(front, "author") === LIAISON, `author on disk: ${scalar(front, "author")}`);
  check(front.includes(alt), "the photo's description is not on disk");
  check(body.includes(bodyText) && !body.includes("在这里写活动报道正文"), "the body on disk is not the one typed");
  const photoName = (front.match(/src:\s*"?([^\s,"}]+\.png)/) || [])[1];
  const photoPath = photoName && path.join(path.dirname(file), photoName);
  if (check(photoPath && fs.existsSync(photoPath), `the photo (${photoName}) is not saved beside the write-up`)) {
    const stored = fs.readFileSync(photoPath);
    check(!stored.includes("GPS-SECRET"), "the stored photo still has its text metadata");
    check(stored.subarray(0, 8).equals(png.subarray(0, 8)), "the stored photo is not a PNG");
  }
  const keys = topKeys(front);
  const order = keys.map((k) => ACTIVITY_KEYS.indexOf(k));
  check(order.every((i) => i >= 0), `keys on disk that are not documented: ${keys.filter((k) => !ACTIVITY_KEYS.includes(k)).join(", ")}`);
  check(order.every((v, i) => i === 0 || v > order[i - 1]), `keys on disk out of the documented order: ${keys.join(", ")}`);
  for (const comment of ["# 活动标题（必填）", "# 活动类型（必填）", "# 参加的界别委员", "# 照片：", "# 撰稿联络员", "# 草稿：true 表示暂不发布"]) {
    check(front.includes(comment), `the template comment “${comment}” is gone from the saved file`);
  }
  ok(`saved ${rel} with ${keys.length} keys in order and the photo ${photoName}`, mark);
  mark = failures.length;

  // The preview rebuilds; the form then links to the page.
  const link = await until(async () => {
    await page.reload();
    const a = page.locator("a:has-text('在预览网站中查看')");
    return (await a.count()) ? a.getAttribute("href") : null;
  }, 20000, "the preview to publish the new write-up (在预览网站中查看)");
  if (link) {
    const deadline = Date.now() + 10000;
    // The page may reload itself once more while later stages finish: read it again
    // until it is whole.
    const shown = await until(async () => {
      try {
        await page.goto(new URL(link, env.origin).href);
        await page.waitForLoadState("load");
        const seen = await page.evaluate((alt) => {
          const img = [...document.querySelectorAll("img")].find((i) => i.alt === alt);
          return { h1: document.querySelector("h1")?.textContent.trim(), img: !!img, loaded: img ? img.complete && img.naturalWidth > 0 : false };
        }, alt);
        return seen.h1 === title && seen.loaded ? seen : (Date.now() > deadline ? seen : null);
      } catch {
        return null;
      }
    }, 15000, "the preview page of the new write-up") || {};
    check(shown.h1 === title, `the preview page's heading is “${shown.h1}”`);
    check(shown.img && shown.loaded, "the preview page does not show the photo with its description");
    ok(`the preview shows it at ${link}`, mark);
    mark = failures.length;
  }

  // 提交: git add and commit of the write-up and its photo.
  await page.goto(saved.replace(/&saved=1/, ""));
  if (check(await page.isVisible("#commit-heading"), "the saved form offers no 提交 (git) in a git repository")) {
    await submit(page, 'form[action$="/commit"] button');
    const said = await page.textContent("main");
    check(said.includes("已提交"), `提交 answered: ${said.trim().slice(0, 200)}`);
    const last = git(env.site, "log", "-1", "--format=%s%n%b");
    const files = git(env.site, "show", "--name-only", "--format=", "HEAD").trim().split("\n").map((f) => f.replace(/^"|"$/g, ""));
    check(last.includes(title) && last.includes(LIAISON), `the commit message is “${last.trim()}”`);
    check(files.length === 2 && files.some((f) => f.endsWith(".md")) && files.some((f) => f.endsWith(".png")),
      `the commit holds ${files.join(", ")}, not the write-up and its photo`);
    check(git(env.site, "status", "--porcelain", "--", "content/sectors/minmeng/activities/2026").trim() === "",
      "the write-up or its photo is left uncommitted");
    ok("提交 committed the write-up and its photo", mark);
  }
  await page.close();
  return rel;
}

// ── 2. The same without JavaScript ────────────────────────────────────────────────────
async function noScriptFlow(context, env) {
  console.log("== 2. without JavaScript: error answered by the server, then saved");
  const mark = failures.length;
  const page = await context.newPage();
  await page.goto(`${env.origin}${DESK}/new/activity?sector=${SECTOR}&year=2026`);
  check(!(await page.locator("button:has-text('添加一行')").count()), "添加一行 shown without JavaScript");
  const title = "民盟界召开界别委员学习会";
  await page.fill("#f-title", title);
  await page.fill("#f-date", "2026-11-25");
  await page.fill("#f-body", "11月25日，民盟界召开界别委员学习会。");
  const before = activityFiles(env.content, 2026);
  const response = await submit(page, "#save");
  check(response && response.status() === 422, `saving with an error answers HTTP ${response && response.status()}, not 422`);
  check(page.url().endsWith(`${DESK}/save`), `the form with errors is at ${page.url()}`);
  const shown = await page.evaluate(() => ({
    field: document.querySelector("#f-kind-problems p.error")?.textContent || "",
    invalid: document.getElementById("f-kind")?.getAttribute("aria-invalid"),
    summary: document.getElementById("summary")?.textContent || "",
    jump: !!document.querySelector('#summary a[href="#f-kind"]'),
    notice: document.getElementById("notice")?.textContent || "",
    title: document.getElementById("f-title")?.value,
    state: document.getElementById("save-state")?.textContent || "",
  }));
  check(/^错误：.*[\u4e00-\u9fff]/.test(shown.field), `no Chinese error beside 活动类型: “${shown.field}”`);
  check(shown.invalid === "true", "活动类型 is not aria-invalid");
  check(/检查结果：1 个错误/.test(shown.summary) && shown.jump, `the error summary is “${shown.summary.trim()}” (link to the field: ${shown.jump})`);
  check(shown.notice.includes("没有保存"), `the notice is “${shown.notice}”`);
  check(shown.title === title, "the form does not keep what was typed");
  check(/还有 1 个错误/.test(shown.state), `the save line is “${shown.state}”`);
  check(activityFiles(env.content, 2026).length === before.length, "a write-up with an error was written by 保存并发布");
  env.errorFormHtml = await page.content();
  await page.selectOption("#f-kind", "study");
  await submit(page, "#save");
  check(page.url().includes(`${DESK}/edit?file=`) && page.url().includes("saved=1"), `the fixed form led to ${page.url()}`);
  check(((await page.textContent("#notice").catch(() => "")) || "").includes("已保存"), "no 已保存 notice without JavaScript");
  const rel = relFromEditUrl(page.url());
  if (rel) {
    const { front } = frontMatter(fs.readFileSync(path.join(env.content, rel), "utf8"));
    check(scalar(front, "title") === title && scalar(front, "kind") === "study" && scalar(front, "date") === "2026-11-25",
      `without JavaScript the file has title ${scalar(front, "title")}, kind ${scalar(front, "kind")}, date ${scalar(front, "date")}`);
    ok(`saved ${rel} without JavaScript`, mark);
  }
  await page.close();
}

// ── 3. Edit an existing write-up from its preview page ───────────────────────────────
async function editFlow(context, env) {
  console.log("== 3. an existing write-up, opened from the preview: only the title line changes");
  const mark = failures.length;
  const rel = "sectors/minmeng/activities/2025/2025-04-12-长江岸线调研.md";
  const file = path.join(env.content, rel);
  const original = fs.readFileSync(file, "utf8");
  const preview = await context.newPage();
  await preview.goto(`${env.origin}/sectors/minmeng/2025/2025-04-12-chang-jiang-an-xian-diao-yan/`);
  const href = await preview.getAttribute("#jiebie-desk-link", "href");
  check(href && href.startsWith(`${DESK}/open?url=`), `#jiebie-desk-link is ${href}`);
  await preview.close();
  // Followed in a page of its own: a preview page reloads itself after each rebuild
  // (the saves before this one cause some), which would cut a navigation short.
  const page = await context.newPage();
  await page.goto(new URL(href, env.origin).href);
  check(relFromEditUrl(page.url()) === rel, `#jiebie-desk-link opened ${page.url()}`);
  const oldTitle = scalar(frontMatter(original).front, "title");
  check((await page.inputValue("#f-title")) === oldTitle, "the form does not show the write-up's title");
  check(await page.isVisible('[data-field="outputs"] .locked'), "形成的成果 (with results) is not shown as kept-as-written");
  env.editUrl = page.url();
  const newTitle = `${oldTitle}（修订）`;
  await page.fill("#f-title", newTitle);
  await submit(page, "#save");
  check(page.url().includes("saved=1"), `saving the edit led to ${page.url()}: ${await page.textContent("#notice").catch(() => "")}`);
  const now = fs.readFileSync(file, "utf8");
  const a = original.split("\n");
  const b = now.split("\n");
  const changed = b.map((line, i) => (line === a[i] ? null : i)).filter((i) => i !== null);
  check(a.length === b.length, `the edit changed the number of lines (${a.length} → ${b.length})`);
  check(changed.length === 1 && /^title:/.test(a[changed[0]]) && /^title:/.test(b[changed[0]]),
    `the edit changed lines ${changed.map((i) => `${i + 1}: “${a[i]}” → “${b[i]}”`).join("; ")}`);
  check(scalar(frontMatter(now).front, "title") === newTitle, `the title on disk is ${scalar(frontMatter(now).front, "title")}`);
  ok(`only line ${changed[0] + 1} changed: ${b[changed[0]]}`, mark);
  await page.close();
}

// ── 4. A file changed on disk while its form is open ─────────────────────────────────
async function conflictFlow(context, env) {
  console.log("== 4. changed on disk while the form is open: #conflict, then 覆盖");
  const mark = failures.length;
  const rel = "sectors/minmeng/activities/2026/2026-03-20-界别委员座谈会.md";
  const file = path.join(env.content, rel);
  const page = await context.newPage();
  await page.goto(`${env.origin}${DESK}/edit?file=${encodeURIComponent(rel)}`);
  const theirs = fs.readFileSync(file, "utf8").replace("location: 民盟武汉市委员会机关\n", "location: 民盟武汉市委员会机关三楼会议室\n");
  check(theirs.includes("三楼会议室"), "the sample write-up has no location line to change");
  fs.writeFileSync(file, theirs);
  const title = "民盟界召开2026年度界别委员座谈会";
  await page.fill("#f-title", title);
  const response = await submit(page, "#save");
  check(response && response.status() === 409, `saving over a changed file answers HTTP ${response && response.status()}, not 409`);
  check(await page.isVisible("#conflict"), "no #conflict notice");
  check(((await page.textContent("#conflict").catch(() => "")) || "").includes("修改过"), "the conflict notice does not say the file was changed");
  check(fs.readFileSync(file, "utf8") === theirs, "the change made on disk was overwritten without 覆盖");
  check((await page.inputValue("#f-title")) === title, "the conflict form lost what the liaison typed");
  await page.check('input[name="overwrite"]');
  await submit(page, "#save");
  check(page.url().includes("saved=1"), `saving with 覆盖 led to ${page.url()}`);
  check(scalar(frontMatter(fs.readFileSync(file, "utf8")).front, "title") === title, "覆盖 did not write the liaison's title");
  ok("conflict shown, the change kept, then 覆盖 saved", mark);
  await page.close();
}

// ── 5. A draft with an error ──────────────────────────────────────────────────────────
async function draftFlow(context, env) {
  console.log("== 5. 存为草稿 with an error: saved as a draft, listed as 草稿");
  const mark = failures.length;
  const page = await context.newPage();
  await page.goto(`${env.origin}${DESK}/new/activity?sector=${SECTOR}&year=2026`);
  const title = "民盟界烛光行动送教活动（待补充）";
  await page.fill("#f-title", title);
  await page.fill("#f-date", "2026-11-28");
  await submit(page, 'button[value="draft"]');
  check(page.url().includes("saved=draft"), `存为草稿 led to ${page.url()}`);
  check(((await page.textContent("#notice").catch(() => "")) || "").includes("草稿"), "no draft notice");
  const rel = relFromEditUrl(page.url());
  if (rel) {
    const { front } = frontMatter(fs.readFileSync(path.join(env.content, rel), "utf8"));
    check(scalar(front, "draft") === "true", `draft on disk: ${scalar(front, "draft")}`);
    check(scalar(front, "title") === title, `title of the draft on disk: ${scalar(front, "title")}`);
    check(!scalar(front, "kind"), "the draft got a kind it was not given");
  }
  const state = await until(async () => {
    await page.goto(`${env.origin}${DESK}/sector/${SECTOR}/?year=2026`);
    const row = page.locator("tr", { hasText: title });
    return (await row.count()) ? (await row.locator(".state").textContent()).trim() : null;
  }, 15000, "the draft to be listed on the sector page");
  if (state) check(state === "草稿", `the sector page lists the draft as ${state}`);
  ok("saved with draft: true and listed as 草稿", mark);
  await page.close();
}

// ── 6. A forged CSRF token ───────────────────────────────────────────────────────────
async function forgeryCheck(context, env, log) {
  console.log("== 6. a forged CSRF token is refused");
  const page = await context.newPage();
  await page.goto(`${env.origin}${DESK}/new/activity?sector=${SECTOR}&year=2026`);
  const before = activityFiles(env.content, 2026);
  log.forging = true;
  const statuses = await page.evaluate(async () => {
    const form = new FormData(document.getElementById("desk-form"));
    form.set("csrf", "0123456789abcdef0123456789abcdef");
    form.set("title", "伪造的请求");
    form.set("kind", "study");
    form.set("action", "save");
    const save = await fetch("/__jiebie/desk/save", { method: "POST", body: form });
    const check = await fetch("/__jiebie/desk/check", { method: "POST", body: form, headers: { "X-Jiebie-Csrf": "forged" } });
    const none = new FormData(document.getElementById("desk-form"));
    none.delete("csrf");
    none.set("action", "draft");
    const missing = await fetch("/__jiebie/desk/save", { method: "POST", body: none });
    return [save.status, check.status, missing.status];
  });
  await sleep(300); // the console reports the refused requests after they return
  log.forging = false;
  check(statuses.every((s) => s === 403), `forged or missing CSRF tokens answer ${statuses.join(", ")}, not 403`);
  check(activityFiles(env.content, 2026).length === before.length, "a request with a forged token wrote a file");
  if (statuses.every((s) => s === 403)) ok("save, check and a token-less save all refused with 403");
  await page.close();
}

// ── 7. axe-core, sideways scrolling and the skip link ────────────────────────────────
async function axePass(browser, env, width, log, totals) {
  console.log(`== 7. axe-core, ${width}px`);
  const context = await newContext(browser, env.origin, { viewport: { width, height: 900 } }, log);
  const page = await context.newPage();
  const pages = [
    ["home", async () => page.goto(env.home)],
    ["sector", async () => page.goto(`${env.origin}${DESK}/sector/${SECTOR}/?year=2026`)],
    ["new form", async () => page.goto(`${env.origin}${DESK}/new/activity?sector=${SECTOR}&year=2026`)],
    ["form with errors", async () => {
      await page.goto(`${env.origin}${DESK}/new/activity?sector=${SECTOR}&year=2026`);
      await page.fill("#f-title", "检查无障碍的表单");
      await submit(page, 'button[value="check"]');
      check((await page.locator(".problems p.error").count()) > 0, `form with errors at ${width}px shows no error`);
    }],
    ["wechat fragment", async () => {
      const response = await page.goto(`${env.origin}${DESK}/wechat?url=${encodeURIComponent("sectors/minmeng/activities/2026/2026-07-22-compulsory-education.md")}`);
      check(response.status() === 200, `the WeChat page answers ${response.status()}`);
    }],
    ["edit form", async () => page.goto(env.editUrl || `${env.origin}${DESK}/edit?file=${encodeURIComponent("sectors/minmeng/activities/2026/2026-07-22-compulsory-education.md")}`)],
  ];
  for (const [name, open] of pages) {
    await open();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
    const violations = await runAxe(page);
    totals.runs += 1;
    totals.violations += violations.length;
    for (const v of violations) fail(`${name} at ${width}px: ${v.id} (${v.count}) ${v.help}\n      ${v.nodes.join("\n      ")}`);
    // Keyboard: from the top of the page, the first Tab reaches the skip link, and
    // following it moves focus into <main>.
    await page.evaluate(() => { window.scrollTo(0, 0); document.activeElement?.blur(); });
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { skip: e.classList.contains("skip"), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, left: e.getBoundingClientRect().left };
    });
    check(first.skip, `${name} at ${width}px: the first Tab does not reach the skip link`);
    check(first.outline && first.left >= 0, `${name} at ${width}px: the focused skip link is not visible`);
    await page.keyboard.press("Enter");
    const inMain = await page.evaluate(() => document.activeElement?.id === "main" || !!document.activeElement?.closest("main"));
    check(inMain, `${name} at ${width}px: the skip link does not move focus to main`);
    if (width === 360 && name === "new form") {
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, "desk-phone.png");
    }
    console.log(`  ${name} ${width}px: ${violations.length} violations, overflow ${Math.max(0, overflow)}px`);
  }
  await context.close();
}

async function axeSelfCheck(browser) {
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><head><title>t</title></head><body><main><img src="x.png"><p style="color:#bbb;background:#fff">这一段文字的颜色太淡。</p></main></body></html>');
  const ids = (await runAxe(page)).map((v) => v.id);
  check(ids.includes("image-alt") && ids.includes("color-contrast") && ids.includes("html-has-lang"), `axe self-check found only ${ids.join(", ")}`);
  await page.close();
}

async function main() {
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found: run cargo build first`);
  fs.mkdirSync(shotsDir, { recursive: true });
  const env = makeSite();
  console.log(`site copied to ${env.site} (git repository), today ${TODAY}`);
  const server = startServer(env.site, env.runtime);
  let browser = null;
  const log = { external: [], console: [] };
  const totals = { runs: 0, violations: 0 };
  try {
    Object.assign(env, await server.desk);
    // The first build runs after the address is printed: wait for the desk to list sectors.
    await until(async () => {
      try {
        const html = await (await fetch(env.home)).text();
        return html.includes(`${DESK}/sector/${SECTOR}/`) && !html.includes("还没有成功生成过");
      } catch {
        return false;
      }
    }, 30000, "the first build of the preview");
    console.log(`desk at ${env.home} (${elapsed()})`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    const withJs = await newContext(browser, env.origin, {}, log);
    await liaisonFlow(withJs, env);
    console.log(`  (${elapsed()})`);
    const noJs = await newContext(browser, env.origin, { javaScriptEnabled: false }, log);
    await noScriptFlow(noJs, env);
    await noJs.close();
    console.log(`  (${elapsed()})`);
    await editFlow(withJs, env);
    await conflictFlow(withJs, env);
    await draftFlow(withJs, env);
    await forgeryCheck(withJs, env, log);
    await withJs.close();
    console.log(`  (${elapsed()})`);
    await axeSelfCheck(browser);
    for (const width of [1280, 360]) await axePass(browser, env, width, log, totals);
  } finally {
    if (browser) await browser.close();
    await stopServer(server.proc);
    if (failures.length) console.log(`\nserver output:\n${server.log().split("\n").slice(-30).join("\n")}`);
    fs.rmSync(env.tmp, { recursive: true, force: true });
  }
  console.log("== network and scripts");
  for (const u of new Set(log.external)) fail(`request to another host: ${u}`);
  for (const m of new Set(log.console)) fail(`script or console error: ${m}`);
  console.log(`axe-core: ${totals.runs} page runs, ${totals.violations} violations; screenshots in ${path.relative(repo, shotsDir)}/`);
}

// Never leave the server running: on any exit (a failure, an exception, Ctrl+C).
process.on("exit", () => {
  if (running && running.exitCode === null && running.signalCode === null) running.kill("SIGTERM");
});
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));
main()
  .catch((e) => fail(e.stack || String(e)))
  .finally(() => {
    console.log(`\n${elapsed()}`);
    if (failures.length) {
      console.log(`${failures.length} failure(s)`);
      process.exit(1);
    }
    console.log("all writing desk checks passed");
    process.exit(0); // not waiting for idle keep-alive sockets to time out
  });
