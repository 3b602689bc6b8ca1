// Shared by the search tests and the search bench: build a site with jiebie, serve a
// directory on 127.0.0.1, launch the system Chromium (never a downloaded one).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds `contentDir` into a fresh temporary directory; returns the output directory. */
export function buildSite(contentDir, { release = false } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'jiebie-search-')), 'public');
  const args = ['run', '--quiet', ...(release ? ['--release'] : []), '--', 'build',
    '--content', contentDir, '--output', out];
  execFileSync('cargo', args, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` (no compression, so bytes fetched are bytes on disk). */
export function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    ok({ server, url: `http://127.0.0.1:${server.address().port}/` });
  }));
}

/** Launches /usr/bin/chromium headless through playwright-core. */
export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Folding as the index does it (written independently of search.js). */
export function fold(text) {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}
