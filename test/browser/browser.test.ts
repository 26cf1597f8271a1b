/**
 * Neurite in a real browser: test/browser/page.ts is bundled with esbuild, served on
 * 127.0.0.1 with the headers that make a page cross-origin isolated (so WebAssembly memory
 * can be shared with Web Workers), and run in Debian's headless Chromium via
 * playwright-core (helpers in harness.ts). Without /usr/bin/chromium (or NEURITE_CHROMIUM),
 * or with NEURITE_SKIP_BROWSER=1, the suite is skipped with a note; NEURITE_REQUIRE_BROWSER=1
 * (CI, where Chromium starts) makes a missing browser a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundle, close, launch, origin, requireBrowser, runPage, serve, skip } from './harness.js';
import type { PageResult } from './page.js';

describe.skipIf(skip)('in headless Chromium', () => {
  let dir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let result: PageResult;
  const errors: string[] = [];

  beforeAll(async () => {
    requireBrowser();
    dir = mkdtempSync(join(tmpdir(), 'neurite-browser-'));
    await bundle('test/browser/page.ts', dir);
    server = await serve(dir);
    browser = await launch();
    const run = await runPage<PageResult>(browser, origin(server));
    errors.push(...run.errors);
    result = run.result;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close(server);
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
