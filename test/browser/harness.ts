/**
 * What the browser tests share: whether to run at all, bundling a page with esbuild,
 * serving it on 127.0.0.1 with the headers that make it cross-origin isolated (so
 * WebAssembly memory can be shared with Web Workers), launching Debian's headless Chromium
 * through playwright-core, and running a page until it reports a result on `window`.
 *
 * Without /usr/bin/chromium (or NEURITE_CHROMIUM), or with NEURITE_SKIP_BROWSER=1, the
 * suites are skipped with a note; NEURITE_REQUIRE_BROWSER=1 (CI, where Chromium starts)
 * makes a missing browser a failure (each suite's `beforeAll` calls {@link requireBrowser}).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** The repository root, with a trailing separator. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const executable = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';
export const required = process.env.NEURITE_REQUIRE_BROWSER === '1';
export const haveBrowser = existsSync(executable);
/** Whether the browser suites are skipped (a note says why, once per test file). */
export const skip = process.env.NEURITE_SKIP_BROWSER === '1' || (!haveBrowser && !required);
if (skip) {
  console.warn(
    `browser tests skipped: ${haveBrowser ? 'NEURITE_SKIP_BROWSER=1' : `no Chromium at ${executable} (apt-get install chromium)`}`,
  );
}

/** Fails the suite when Chromium is missing (reached only under NEURITE_REQUIRE_BROWSER=1). */
export function requireBrowser(): void {
  expect(haveBrowser, `Chromium at ${executable} (NEURITE_REQUIRE_BROWSER=1)`).toBe(true);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

/**
 * Serves `dir` with COOP/COEP, which make the page cross-origin isolated; a path ending in
 * `/` serves that folder's index.html.
 */
export function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
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

/** `http://127.0.0.1:<port>/` of a server from {@link serve}. */
export function origin(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/`;
}

/** Closes a server from {@link serve} (nothing when there is none). */
export function close(server: Server | undefined): Promise<void> {
  return new Promise((r) => (server ? server.close(() => r()) : r()));
}

/**
 * Bundles `entry` (a path under the repository) into `outdir` as `page.js`, with an
 * `index.html` that loads it as a module. `neurite` maps to src/index.ts; `alias` adds or
 * overrides mappings (import → absolute path or package). Code split: modules that only
 * Node runs (files, datasets) stay in chunks the page never loads, so their node: imports
 * are left as they are.
 */
export async function bundle(
  entry: string,
  outdir: string,
  alias: Record<string, string> = {},
): Promise<void> {
  await build({
    entryPoints: { page: join(root, entry) },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outdir,
    external: ['node:*'],
    alias: { neurite: join(root, 'src/index.ts'), ...alias },
    logLevel: 'error',
  });
  const html =
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./page.js"></script>';
  await writeFile(join(outdir, 'index.html'), html);
}

/** Headless Chromium with the flags every browser test uses. */
export function launch(): Promise<Browser> {
  return chromium.launch({
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
}

/** What {@link runPage} brings back. */
export interface PageRun<T> {
  /** The page's `window[resultKey]`. */
  result: T;
  /** Uncaught errors and console errors, in order. */
  errors: string[];
}

/**
 * Opens `url` in a new page of `context` (a browser: a fresh context of its own), waits
 * until the page sets `window[resultKey]` or `window[errorKey]`, and returns the result;
 * an error the page reports is thrown. `inspect`, when given, is called with the page
 * afterwards (before it closes) and what it returns comes back as `inspected`.
 */
export async function runPage<T, I = undefined>(
  context: Browser | BrowserContext,
  url: string,
  options: {
    resultKey?: string;
    errorKey?: string;
    timeout?: number;
    inspect?: (page: Page) => Promise<I>;
  } = {},
): Promise<PageRun<T> & { inspected: I | undefined }> {
  const { resultKey = 'neuriteResult', errorKey = 'neuriteError', timeout = 90_000 } = options;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto(url);
    await page.waitForFunction(
      ([r, e]) => {
        const w = window as unknown as Record<string, unknown>;
        return w[r] !== undefined || w[e] !== undefined;
      },
      [resultKey, errorKey] as const,
      { timeout },
    );
    const error = await page.evaluate(
      (e) => (window as unknown as Record<string, string | undefined>)[e],
      errorKey,
    );
    if (error) throw new Error(`the page failed: ${error}`);
    const result = await page.evaluate(
      (r) => (window as unknown as Record<string, unknown>)[r] as T,
      resultKey,
    );
    const inspected = options.inspect ? await options.inspect(page) : undefined;
    return { result, errors, inspected };
  } finally {
    await page.close();
  }
}
