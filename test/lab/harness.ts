/**
 * What the lab's end-to-end tests share: one build of the lab per content (kept under
 * node_modules/.cache/neurite-lab/<hash>/, made by the first test file that needs it while
 * the others wait on a lock), one static server per test file (COOP/COEP, as `neurite lab`
 * serves it: the same src/cli/static-server.ts), and headless Chromium through
 * playwright-core. Without Chromium the suites are skipped, as test/browser/harness.ts says.
 *
 * @example
 * const lab = await openLab('neuron', { lang: 'zh-TW' });
 * await lab.page.getByTestId('preset-and').click();
 * expect(lab.errors).toEqual([]);
 * await lab.close();
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/cli/static-server.js';
import { launch, required, root, skip } from '../browser/harness.js';

export { skip, required, requireBrowser } from '../browser/harness.js';

/** Where builds are kept, one folder per content hash. */
const CACHE = join(root, 'node_modules/.cache/neurite-lab');
/** What the build depends on (besides node_modules). */
const INPUTS = [
  'lab/index.html',
  'lab/vite.config.ts',
  'lab/src',
  'lab/public',
  'src',
  'package.json',
  'data/mnist',
  'data/fashion-mnist',
];

function listFiles(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  const info = statSync(path);
  if (info.isFile()) out.push(path);
  else if (info.isDirectory())
    for (const name of readdirSync(path).sort()) listFiles(join(path, name), out);
}

/** A hash of everything the build reads (data files by size and mtime, the rest by content). */
function contentHash(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const input of INPUTS) listFiles(join(root, input), files);
  for (const file of files) {
    hash.update(relative(root, file));
    if (file.includes(`${join(root, 'data')}`)) {
      const { size, mtimeMs } = statSync(file);
      hash.update(`${size}:${mtimeMs}`);
    } else hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function runVite(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        'lab',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
        // Our own output folder: a `npm run lab:build` running at the same time is no conflict.
        '--bypass-lock',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build of the lab failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * Removes builds other than `keep` that no test has used for 30 minutes (each use touches
 * the build's `.built` marker), and half-made ones older than that.
 */
function pruneOld(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name === keep || name.endsWith('.lock')) continue;
    const marker = statSync(join(path, '.built'), { throwIfNoEntry: false }) ?? statSync(path);
    if (Date.now() - marker.mtimeMs > 30 * 60_000) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The folder of a build of the current sources: built once (under a mkdir lock, so that
 * parallel test files share one build and builds never run two at a time; a lock older
 * than 5 minutes is taken as stale).
 */
export async function labBuild(): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const hash = contentHash();
  const dir = join(CACHE, hash);
  const done = join(dir, '.built');
  // One build at a time, whatever its content (they would only compete for the CPU).
  const lock = join(CACHE, 'build.lock');
  const deadline = Date.now() + 8 * 60_000;
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 5 * 60_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for the lab build (lock ${lock})`);
      await sleep(500);
      continue;
    }
    try {
      if (!existsSync(done)) {
        await runVite(dir);
        writeFileSync(done, new Date().toISOString());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const now = new Date();
  utimesSync(done, now, now);
  pruneOld(hash);
  return dir;
}

let serverPromise: Promise<StaticServer> | undefined;
let browserPromise: Promise<Browser> | undefined;

/**
 * Builds the lab once per test run (shared between test files) and serves it with COOP/COEP
 * on 127.0.0.1; returns `http://127.0.0.1:PORT/`.
 */
export async function labOrigin(): Promise<string> {
  serverPromise ??= labBuild().then((dir) => startStaticServer({ root: dir, port: 0 }));
  const server = await serverPromise;
  return `http://127.0.0.1:${server.port}/`;
}

if (!skip || required) {
  afterAll(async () => {
    const browser = await browserPromise?.catch(() => undefined);
    await browser?.close();
    const server = await serverPromise?.catch(() => undefined);
    await server?.close();
  });
}

/** An open lab page. */
export interface LabSession {
  /** The Playwright page. */
  page: Page;
  /** Console errors and uncaught page errors so far, in order. */
  errors: string[];
  /** Closes the page and its browser context. */
  close(): Promise<void>;
}

/** Options of {@link openLab}. */
export interface OpenLabOptions {
  /** The UI language. Default 'en'. */
  lang?: 'en' | 'zh-TW';
  /** The viewport. Default 1280×900. */
  viewport?: { width: number; height: number };
  /** How long to wait for the page to mount, in ms. Default 60 000. */
  timeout?: number;
  /** Another server of the build (e.g. one without COOP/COEP). Default: {@link labOrigin}. */
  origin?: string;
}

/**
 * Opens `${origin}?lang=<lang>#/<route>` (route like 'playground' or 'playground?layers=4,2')
 * in a fresh browser context (its own storage) and waits until the page has mounted (the
 * page root's `data-ready` is set: 'true', or 'error' when mount threw).
 */
export async function openLab(route: string, opts: OpenLabOptions = {}): Promise<LabSession> {
  const { lang = 'en', viewport = { width: 1280, height: 900 }, timeout = 60_000 } = opts;
  const origin = opts.origin ?? (await labOrigin());
  browserPromise ??= launch();
  const browser = await browserPromise;
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${origin}?lang=${lang}#/${route}`);
  await page.waitForSelector('[data-testid="page-root"][data-ready]', { timeout });
  return { page, errors, close: () => context.close() };
}

/** Options of {@link screenshot}. */
export interface ScreenshotOptions {
  /** The whole scrollable page instead of the viewport. Default false. */
  fullPage?: boolean;
}

/** Saves a PNG of the session's page as docs/lab/<file>.png (`file` without extension). */
export async function screenshot(
  session: LabSession,
  file: string,
  opts: ScreenshotOptions = {},
): Promise<void> {
  const dir = join(root, 'docs/lab');
  mkdirSync(dir, { recursive: true });
  // Let fonts and charts settle.
  await session.page.evaluate(() => document.fonts.ready.then(() => undefined));
  // From the top of the page (a click may have scrolled it), without a focus ring on a button.
  await session.page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await session.page.screenshot({
    path: join(dir, `${file.replace(/\.png$/, '')}.png`),
    fullPage: opts.fullPage ?? false,
  });
}
