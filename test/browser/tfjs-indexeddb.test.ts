/**
 * A browser-style TF.js program that saves to `indexeddb://` (programs/indexeddb.ts), run
 * in headless Chromium twice: bundled with `@tensorflow/tfjs` as written, and with that
 * import mapped to `neurite/tfjs` (src/tfjs/index.ts, the sources, never a stale build);
 * nothing else changes. Both pages share one origin and one browser context (so one
 * IndexedDB), each saving under its own name. Checked: no page errors, the loaded model
 * predicts exactly what the saved one did, training lowers the loss, the two libraries
 * compute the same numbers, both wrote TF.js's IndexedDB layout, and each library loads
 * the model the other saved (a third page: TF.js again, reading Neurite's). Skipped or
 * required as browser.test.ts is (harness.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bundle,
  close,
  launch,
  origin,
  requireBrowser,
  root,
  runPage,
  serve,
  skip,
} from './harness.js';
import type { ProgramResult } from './programs/indexeddb.js';

const LIBS = ['tfjs', 'neurite'] as const;
type Lib = (typeof LIBS)[number];

/** What the page's IndexedDB holds after the program ran (TF.js's layout). */
interface Stored {
  stores: string[];
  modelKeys: string[];
  infoKeys: string[];
  /** The record saved under this run's model path in `models_store`. */
  record: {
    artifactKeys: string[];
    weightDataIsArrayBuffer: boolean;
    weightDataBytes: number;
    infoWeightDataBytes: number | undefined;
    weightSpecNames: string[];
  } | null;
}

/** Reads TF.js's database `tensorflowjs` in the page. */
function readIndexedDB(page: Page, modelPath: string): Promise<Stored> {
  return page.evaluate(async (path) => {
    const done = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await done(indexedDB.open('tensorflowjs'));
    try {
      const stores = Array.from(db.objectStoreNames);
      const keys = async (store: string): Promise<string[]> =>
        stores.includes(store)
          ? (await done(db.transaction(store).objectStore(store).getAllKeys())).map(String)
          : [];
      const modelKeys = await keys('models_store');
      const infoKeys = await keys('model_info_store');
      let record: Stored['record'] = null;
      if (modelKeys.includes(path)) {
        const r = (await done(
          db.transaction('models_store').objectStore('models_store').get(path),
        )) as {
          modelArtifacts: { weightData: unknown; weightSpecs?: { name: string }[] } & object;
          modelArtifactsInfo?: { weightDataBytes?: number };
        };
        const data = r.modelArtifacts.weightData;
        record = {
          artifactKeys: Object.keys(r.modelArtifacts).sort(),
          weightDataIsArrayBuffer: data instanceof ArrayBuffer,
          weightDataBytes: data instanceof ArrayBuffer ? data.byteLength : -1,
          infoWeightDataBytes: r.modelArtifactsInfo?.weightDataBytes,
          weightSpecNames: (r.modelArtifacts.weightSpecs ?? []).map((s) => s.name),
        };
      }
      return { stores, modelKeys, infoKeys, record };
    } finally {
      db.close();
    }
  }, modelPath);
}

interface Run {
  result: ProgramResult;
  errors: string[];
  stored: Stored;
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

/** Pages, in order: each library saves its model, then loads the other's. */
const PAGES = [
  { lib: 'tfjs', query: '?lib=tfjs' },
  { lib: 'neurite', query: '?lib=neurite&peer=tfjs' },
  { lib: 'tfjs', query: '?lib=tfjs&peer=neurite' },
] as const;

/** 3x4 + 4 + 4x1 + 1 float32 weights (save() writes no optimizer state by default). */
const WEIGHT_BYTES = 4 * 21;

/**
 * How far the libraries' trained numbers may differ. Their forward passes agree to float32
 * rounding (the first epoch's loss, computed before any update, to ~3e-8), and each
 * library's backends agree with each other (TF.js webgl here vs its cpu backend in Node, and
 * Neurite wasm vs js, to ~1e-7). What separates them is Adam's epsilon: TF.js adds it to
 * sqrt(v̂) (bias-corrected), Neurite (Keras 3's rule) to sqrt(v) — an effective epsilon
 * 1/sqrt(1 - β2^t) times larger, ~3e-6 on the first step. After 12 steps at lr 0.05 that
 * moves weights and predictions by ~4e-5 (with epsilon 1e-10 the gap falls to ~9e-6; with
 * 1e-3 it is 0.14), so 1e-3 leaves a 25x margin and still catches any real difference
 * (a different update, order or initial weight is off by 1e-2 or more).
 */
const TRAINED_TOL = 1e-3;
/** Forward passes of the same saved weights: float32 rounding only. */
const FORWARD_TOL = 1e-5;

describe.skipIf(skip)('a TF.js program saving to indexeddb:// in headless Chromium', () => {
  let dir = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const runs: Run[] = [];

  beforeAll(async () => {
    requireBrowser();
    dir = mkdtempSync(join(tmpdir(), 'neurite-tfjs-indexeddb-'));
    const program = 'test/browser/programs/indexeddb.ts';
    // As written: the import resolves to node_modules/@tensorflow/tfjs (its browser build).
    await bundle(program, join(dir, 'tfjs'));
    // Only the import changed: @tensorflow/tfjs → neurite/tfjs, i.e. its sources.
    const neuriteTfjs = join(root, 'src/tfjs/index.ts');
    await bundle(program, join(dir, 'neurite'), {
      '@tensorflow/tfjs': neuriteTfjs,
      'neurite/tfjs': neuriteTfjs,
    });
    server = await serve(dir);
    browser = await launch();
    // One context: the pages share the origin's IndexedDB, each in a fresh page.
    context = await browser.newContext();
    for (const { lib, query } of PAGES) {
      const run = await runPage<ProgramResult, Stored>(
        context,
        `${origin(server)}${lib}/${query}`,
        {
          resultKey: 'programResult',
          errorKey: 'programError',
          inspect: (page) => readIndexedDB(page, `neurite-test-${lib}`),
        },
      );
      runs.push({ result: run.result, errors: run.errors, stored: run.inspected! });
    }
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await close(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const byLib = (lib: Lib): Run => runs[lib === 'tfjs' ? 0 : 1]!;

  test('no page errors', () => {
    for (const run of runs) expect(run.errors).toEqual([]);
  });

  test.each(LIBS)('%s: the model loaded from IndexedDB predicts what the saved one did', (lib) => {
    const { result } = byLib(lib);
    expect(result.url).toBe(`indexeddb://neurite-test-${lib}`);
    expect(result.layers).toEqual(['Dense', 'Dense']);
    expect(result.before).toHaveLength(4);
    expect(result.after).toEqual(result.before);
    expect(result.weightsBefore).toHaveLength(21);
    expect(result.weightsAfter).toEqual(result.weightsBefore);
    expect(result.weightDataBytes).toBe(WEIGHT_BYTES);
  });

  test.each(LIBS)('%s: training lowers the loss', (lib) => {
    const { losses } = byLib(lib).result;
    expect(losses).toHaveLength(12);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
  });

  test.each(LIBS)("%s: the model is in TF.js's IndexedDB database", (lib) => {
    const { stored } = byLib(lib);
    const key = `neurite-test-${lib}`;
    expect(stored.stores.sort()).toEqual(['model_info_store', 'models_store']);
    expect(stored.modelKeys).toContain(key);
    expect(stored.infoKeys).toContain(key);
    const record = stored.record!;
    expect(record).not.toBeNull();
    expect(record.artifactKeys).toEqual(
      expect.arrayContaining(['modelTopology', 'weightSpecs', 'weightData', 'format']),
    );
    expect(record.weightDataIsArrayBuffer).toBe(true);
    expect(record.weightDataBytes).toBe(WEIGHT_BYTES);
    expect(record.infoWeightDataBytes).toBe(WEIGHT_BYTES);
    expect(record.weightSpecNames).toHaveLength(4);
  });

  test('neurite/tfjs runs on its wasm backend', () => {
    // TF.js picks webgl (SwiftShader in headless Chromium) or falls back to cpu.
    expect(byLib('neurite').result.backend).toBe('wasm');
    expect(['webgl', 'cpu', 'wasm']).toContain(byLib('tfjs').result.backend);
  });

  test('@tensorflow/tfjs and neurite/tfjs compute the same numbers', () => {
    const [a, b] = [byLib('tfjs').result, byLib('neurite').result];
    // Same fixed weights, so the same function before any update.
    expect(Math.abs(a.losses[0]! - b.losses[0]!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(a.losses, b.losses)).toBeLessThan(TRAINED_TOL);
    expect(maxAbsDiff(a.weightsBefore, b.weightsBefore)).toBeLessThan(TRAINED_TOL);
    expect(maxAbsDiff(a.before, b.before)).toBeLessThan(TRAINED_TOL);
  });

  test('each library loads the model the other saved and predicts what the other did', () => {
    const [tfjs, neurite, tfjsAgain] = runs.map((r) => r.result);
    expect(neurite!.peer?.url).toBe('indexeddb://neurite-test-tfjs');
    expect(maxAbsDiff(neurite!.peer!.predictions, tfjs!.after)).toBeLessThan(FORWARD_TOL);
    expect(tfjsAgain!.peer?.url).toBe('indexeddb://neurite-test-neurite');
    expect(maxAbsDiff(tfjsAgain!.peer!.predictions, neurite!.after)).toBeLessThan(FORWARD_TOL);
  });
});
