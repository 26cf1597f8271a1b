/**
 * Neurite in a real browser: test/browser/page.ts is bundled with esbuild, served on
 * 127.0.0.1 with the headers that make a page cross-origin isolated (so WebAssembly memory
 * can be shared with Web Workers), and run in Debian's headless Chromium via
 * playwright-core. Without /usr/bin/chromium (or NEURITE_CHROMIUM), or with
 * NEURITE_SKIP_BROWSER=1, the suite is skipped with a note; NEURITE_REQUIRE_BROWSER=1 (CI,
 * where Chromium starts) makes a missing browser a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PageResult } from './page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const executable = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.NEURITE_REQUIRE_BROWSER === '1';
const haveBrowser = existsSync(executable);
const skip = process.env.NEURITE_SKIP_BROWSER === '1' || (!haveBrowser && !required);
if (skip) {
  console.warn(
    `browser tests skipped: ${haveBrowser ? 'NEURITE_SKIP_BROWSER=1' : `no Chromium at ${executable} (apt-get install chromium)`}`,
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

/** Serves `dir` with COOP/COEP, which make the page cross-origin isolated. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(skip)('in headless Chromium', () => {
  let dir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let result: PageResult;
  const errors: string[] = [];

  beforeAll(async () => {
    expect(haveBrowser, `Chromium at ${executable} (NEURITE_REQUIRE_BROWSER=1)`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'neurite-browser-'));
    // Code split: modules that only Node runs (files, datasets) stay in chunks the page
    // never loads, so their node: imports are left as they are.
    await build({
      entryPoints: [join(root, 'test/browser/page.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      outdir: dir,
      external: ['node:*'],
      alias: { neurite: join(root, 'src/index.ts') },
      logLevel: 'error',
    });
    const html =
      '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>';
    await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'index.html'), html));
    server = await serve(dir);
    browser = await chromium.launch({
      executablePath: executable,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(
      () => {
        const w = window as { neuriteResult?: unknown; neuriteError?: unknown };
        return w.neuriteResult !== undefined || w.neuriteError !== undefined;
      },
      undefined,
      { timeout: 90_000 },
    );
    const error = await page.evaluate(() => (window as { neuriteError?: string }).neuriteError);
    if (error) throw new Error(`the page failed: ${error}`);
    result = await page.evaluate(() => (window as { neuriteResult?: PageResult }).neuriteResult!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the page is cross-origin isolated and ready() picks the wasm backend', () => {
    expect(errors).toEqual([]);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.backend).toBe('wasm');
  });

  test('Web Worker threads start and a split matMul equals one thread bit for bit', () => {
    expect(result.threads).toBe(2);
    expect(result.threadsReady).toBe(true);
    expect(result.matMulSame).toBe(true);
    expect(result.matMulVsJs).toBeLessThan(1e-3);
  });

  test('compile / fit / evaluate learn, and a model saved to memory loads back the same', () => {
    expect(result.fitLoss).toHaveLength(30);
    expect(result.fitLoss.at(-1)!).toBeLessThan(result.fitLoss[0]!);
    expect(result.fitAccuracy).toBeGreaterThan(0.9);
    expect(result.reloadedMaxDiff).toBe(0);
    // 2x16 + 16 + 16x2 + 2 float32 weights, Adam's m and v for each, and its iteration.
    expect(result.weightsBytes).toBe(4 * (3 * (32 + 16 + 32 + 2) + 1));
  });
});
