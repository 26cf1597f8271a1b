#!/usr/bin/env node
/**
 * Screenshots of the documentation site for docs/screenshots/: a reference page, a
 * tutorial page, a guide page (English) and a guide page in Traditional Chinese.
 *
 *   node scripts/docs-screenshots.mjs            # builds the site (npm run docs), then shoots
 *   node scripts/docs-screenshots.mjs --no-build # shoots the site/ already built
 *
 * Serves site/ on 127.0.0.1 and drives Debian's Chromium (/usr/bin/chromium, or
 * NEURITE_CHROMIUM) through playwright-core, as the browser tests do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../', import.meta.url));
const site = join(root, 'site');
const out = join(root, 'docs/screenshots');

/** [file name, path on the site, what to do before the shot]. */
const SHOTS = [
  ['reference-dense.png', '/reference/neurite/namespaces/layers/variables/dense.html'],
  ['reference-groups.png', '/reference/groups/layers.html'],
  ['tutorial-activations.png', '/tutorial/activations.html'],
  ['guide-troubleshooting.png', '/guide/troubleshooting.html'],
  ['guide-speed-zh-TW.png', '/zh-TW/guide/speed.html'],
  ['search.png', '/guide/memory.html', 'search'],
];

if (!process.argv.includes('--no-build')) {
  const res = spawnSync(process.execPath, [join(root, 'scripts/build-docs.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
if (!existsSync(join(site, 'index.html'))) {
  console.error('no site/index.html: run npm run docs first (or drop --no-build)');
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  let file = join(site, path.endsWith('/') ? `${path}index.html` : path);
  if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
  if (!file.startsWith(site) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
mkdirSync(out, { recursive: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  for (const [file, path, action] of SHOTS) {
    await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    if (action === 'search') {
      await page.click('button.DocSearch-Button');
      await page.waitForSelector('.VPLocalSearchBox input');
      await page.keyboard.type('tidy');
      await page.waitForSelector('.VPLocalSearchBox .result', { timeout: 10_000 });
      await page.waitForTimeout(300);
    }
    await page.screenshot({ path: join(out, file) });
    console.log(`docs/screenshots/${file}  ${path}`);
  }
  if (errors.length > 0) {
    console.error(`console errors:\n  ${errors.join('\n  ')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.close();
}
