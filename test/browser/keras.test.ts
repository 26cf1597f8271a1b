/**
 * Keras files in a real browser: keras-page.ts is bundled with esbuild (code splitting, as
 * an application's bundler would), served next to a Keras-written `.keras` and `.h5`
 * (test/fixtures/keras-made/functional_two_io: two inputs, two outputs, Conv2D,
 * BatchNormalization, a shared layer, Adam state) and run in Debian's headless Chromium.
 * Checked: both files load from bytes in the page and predict what Node predicts and what
 * Keras predicted; the page writes `.keras` and `.h5` with `nn.io.modelToBytes` and loads them
 * back unchanged; Node loads the page's `.keras`; h5wasm's ES build with its WebAssembly
 * embedded loads as a lazily imported chunk, with no `.wasm` fetch. Skipped or required as
 * browser.test.ts is (harness.ts).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  flatOutputs,
  fixtureJson,
  maxAbsDiff,
  type Nested,
  predictNested,
} from '../io/keras/helpers.js';
import { bundle, close, launch, origin, requireBrowser, runPage, serve, skip } from './harness.js';
import type { KerasPageResult } from './keras-page.js';

const FIXTURE = 'test/fixtures/keras-made/functional_two_io';
const expected = fixtureJson<{ inputs: Nested[]; outputs: Nested[] }>(`${FIXTURE}.json`);

describe.skipIf(skip)('Keras files in headless Chromium', () => {
  let dir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let result: KerasPageResult;
  let node: Float32Array[];
  const errors: string[] = [];

  beforeAll(async () => {
    requireBrowser();
    dir = mkdtempSync(join(tmpdir(), 'neurite-browser-keras-'));
    await bundle('test/browser/keras-page.ts', dir);
    copyFileSync(`${FIXTURE}.keras`, join(dir, 'model.keras'));
    copyFileSync(`${FIXTURE}.h5`, join(dir, 'model.h5'));
    copyFileSync(`${FIXTURE}.json`, join(dir, 'model.json'));
    server = await serve(dir);
    browser = await launch();
    const run = await runPage<KerasPageResult>(browser, origin(server));
    errors.push(...run.errors);
    result = run.result;
    await nn.ready();
    const model = await nn.loadModel(`${FIXTURE}.keras`);
    node = predictNested(model, expected.inputs);
    model.dispose();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await close(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the page ran without errors on the wasm backend', () => {
    expect(errors).toEqual([]);
    expect(result.backend).toBe('wasm');
  });

  test('.keras and .h5 load from bytes (and a Blob) in the page and predict what Node and Keras predict', () => {
    const keras = flatOutputs(expected.outputs);
    for (const [name, run] of Object.entries(result.loaded)) {
      expect(run.outputs.length, name).toBe(2);
      run.outputs.forEach((out, i) => {
        expect(maxAbsDiff(out, node[i]!), `${name} output ${i} vs Node`).toBeLessThan(1e-6);
        expect(maxAbsDiff(out, keras[i]!), `${name} output ${i} vs Keras`).toBeLessThan(1e-4);
      });
      expect(run.optimizer, name).toBe('Adam');
      expect(run.iterations, name).toBe(2);
    }
  });

  test('the page writes .keras and .h5 with modelToBytes and loads them back unchanged', () => {
    for (const [name, run] of Object.entries(result.written)) {
      expect(run.bytes, name).toBeGreaterThan(1000);
      run.outputs.forEach((out, i) =>
        expect(maxAbsDiff(out, result.loaded.keras.outputs[i]!), `${name} output ${i}`).toBe(0),
      );
      expect(run.optimizer, name).toBe('Adam');
      expect(run.iterations, name).toBe(2);
    }
  });

  test('Node loads the .keras file the page wrote and predicts the same', async () => {
    const bytes = new Uint8Array(Buffer.from(result.writtenKerasBase64, 'base64'));
    const model = await nn.loadModel(bytes);
    const out = predictNested(model, expected.inputs);
    out.forEach((o, i) => expect(maxAbsDiff(o, node[i]!)).toBeLessThan(1e-6));
    expect(model.optimizer?.iterations).toBe(2);
    model.dispose();
  });

  test("h5wasm's ES build, WebAssembly embedded, comes in a lazily imported chunk; no .wasm is fetched", () => {
    const files = result.resources.map((u) => new URL(u).pathname.slice(1));
    expect(files.filter((f) => f.endsWith('.wasm'))).toEqual([]);
    expect(files.some((f) => /^hdf5_hl-[\w-]+\.js$/.test(f))).toBe(true);
  });
});
