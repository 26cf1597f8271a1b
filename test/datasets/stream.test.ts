/**
 * loadIdxDataset streams each images file from disk into its tensor (the file's bytes are
 * never held whole). These tests check the streamed pixels against the file decoded here
 * independently (zlib and plain division), and that a damaged file fails as the whole-file
 * path did, leaving no tensor behind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadIdxDataset } from '../../src/datasets/idx-dataset.js';
import type { IdxDatasetSpec } from '../../src/datasets/spec.js';
import { memory } from '../../src/engine/engine.js';
import { ValueError } from '../../src/errors.js';
import { gz, idxBytes, labelsIdx, sha256 } from './synthetic.js';

const tmps: string[] = [];
afterEach(() => {
  for (const d of tmps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Pseudo-random bytes (every value 0..255 occurs), reproducible. */
function pixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * 300 train and 120 test images of 28x28: 235,200 train pixels, more than one 64K-element
 * scratch buffer and several zlib output pieces, so pieces and chunks straddle each other.
 */
function dataset(name: string) {
  const trainPx = pixels(300 * 784, 1);
  const testPx = pixels(120 * 784, 2);
  const trainY = Array.from({ length: 300 }, (_, i) => (i * 7) % 10);
  const testY = Array.from({ length: 120 }, (_, i) => (i * 3) % 10);
  const files = new Map<string, Uint8Array>([
    ['train-images-idx3-ubyte', idxBytes(0x803, [300, 28, 28], trainPx)],
    ['train-labels-idx1-ubyte', labelsIdx(trainY)],
    ['t10k-images-idx3-ubyte', idxBytes(0x803, [120, 28, 28], testPx)],
    ['t10k-labels-idx1-ubyte', labelsIdx(testY)],
  ]);
  const file = (n: string) => ({ name: n, sha256: sha256(files.get(n)!) });
  const spec: IdxDatasetSpec = {
    name,
    trainImages: file('train-images-idx3-ubyte'),
    trainLabels: file('train-labels-idx1-ubyte'),
    testImages: file('t10k-images-idx3-ubyte'),
    testLabels: file('t10k-labels-idx1-ubyte'),
    imageShape: [28, 28],
    mirrors: [],
  };
  return { spec, files, trainPx, testPx, trainY, testY };
}

const offline = { download: false, cacheDir: '/nonexistent-neurite-cache' };

function folder(files: Map<string, Uint8Array>, compress: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-stream-'));
  tmps.push(dir);
  for (const [name, raw] of files) {
    if (compress) writeFileSync(join(dir, `${name}.gz`), gz(raw));
    else writeFileSync(join(dir, name), raw);
  }
  return dir;
}

/** Index of the first element where `got` differs from `want` (Object.is), or -1. */
function firstDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return -2;
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) return i;
  return -1;
}

describe('loadIdxDataset streams the images into their tensors', () => {
  const d = dataset('neurite-test-stream');
  for (const compress of [true, false]) {
    for (const normalize of [false, true]) {
      test(`${compress ? 'gzip' : 'plain'} files, normalize ${normalize}: the file's pixels`, async () => {
        const dataDir = folder(d.files, compress);
        const [[x, y], [xt, yt]] = await loadIdxDataset(d.spec, { ...offline, dataDir, normalize });
        const scale = (px: Uint8Array) =>
          Float32Array.from(px, (v) => (normalize ? Math.fround(v / 255) : v));
        expect(x.shape).toEqual([300, 28, 28]);
        expect(xt.shape).toEqual([120, 28, 28]);
        expect(firstDiff(x.dataSync(), scale(d.trainPx))).toBe(-1);
        expect(firstDiff(xt.dataSync(), scale(d.testPx))).toBe(-1);
        expect(Array.from(y.dataSync())).toEqual(d.trainY);
        expect(Array.from(yt.dataSync())).toEqual(d.testY);
        for (const t of [x, y, xt, yt]) t.dispose();
      });
    }
  }

  test('limit: the first images only, from a stream that goes on past them', async () => {
    const dataDir = folder(d.files, true);
    const [[x, y], [xt, yt]] = await loadIdxDataset(d.spec, {
      ...offline,
      dataDir,
      limit: 97,
      normalize: true,
    });
    expect(x.shape).toEqual([97, 28, 28]);
    const want = Float32Array.from(d.trainPx.subarray(0, 97 * 784), (v) => Math.fround(v / 255));
    expect(firstDiff(x.dataSync(), want)).toBe(-1);
    expect(y.shape).toEqual([97]);
    expect(xt.shape).toEqual([97, 28, 28]);
    // Disposed here, not by the GC later, which would move the next tests' tensor counts.
    for (const t of [x, y, xt, yt]) t.dispose();
  });
});

describe('a damaged images file fails as before and leaves no tensor', () => {
  const d = dataset('neurite-test-stream-bad');

  async function failure(files: Map<string, Uint8Array>, compress: boolean, verify = true) {
    const dataDir = folder(files, compress);
    const before = memory().numTensors;
    const err = await loadIdxDataset(d.spec, { ...offline, dataDir, verify }).catch(
      (e: unknown) => e,
    );
    expect(memory().numTensors).toBe(before);
    expect(err).toBeInstanceOf(ValueError);
    return { message: (err as Error).message, dataDir };
  }

  test('a truncated gzip file', async () => {
    const files = new Map(d.files);
    const dataDir = folder(files, true);
    const path = join(dataDir, 't10k-images-idx3-ubyte.gz');
    const z = gz(d.files.get('t10k-images-idx3-ubyte')!);
    writeFileSync(path, z.subarray(0, Math.floor(z.length / 2)));
    const before = memory().numTensors;
    const err = await loadIdxDataset(d.spec, { ...offline, dataDir }).catch((e: unknown) => e);
    // The train split streamed into a tensor before the test file failed: disposed again.
    expect(memory().numTensors).toBe(before);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toContain(`gunzip '${path}': damaged or truncated gzip data`);
  });

  test('images of the wrong size: the whole-file message, with verify on or off', async () => {
    const files = new Map(d.files);
    // 300 images of 28x28 stated as 400 of 21x28: the same bytes, a well-formed header.
    files.set('train-images-idx3-ubyte', idxBytes(0x803, [400, 21, 28], d.trainPx));
    const off = await failure(files, true, false);
    expect(off.message).toBe(
      `IDX '${join(off.dataDir, 'train-images-idx3-ubyte.gz')}': expected 28x28 images, found 21x28`,
    );
    // With verify, the checksum speaks first: the file is not the expected one.
    const on = await failure(files, true);
    expect(on.message).toMatch(/is not the expected train-images-idx3-ubyte: its uncompressed/);
  });

  test('a header that states more images than the file holds', async () => {
    const files = new Map(d.files);
    const bytes = idxBytes(0x803, [300, 28, 28], d.trainPx);
    new DataView(bytes.buffer).setUint32(4, 301, false);
    files.set('train-images-idx3-ubyte', bytes);
    const { message, dataDir } = await failure(files, false, false);
    expect(message).toBe(
      `IDX '${join(dataDir, 'train-images-idx3-ubyte')}': dimensions [301,28,28] need 235984 data bytes, found 235200 (the file is cut short)`,
    );
  });

  test('labels that do not match the streamed images', async () => {
    const files = new Map(d.files);
    files.set('train-labels-idx1-ubyte', labelsIdx([1, 2, 3]));
    const { message, dataDir } = await failure(files, true, false);
    expect(message).toBe(
      `IDX: '${join(dataDir, 'train-images-idx3-ubyte.gz')}' holds 300 images but '${join(dataDir, 'train-labels-idx1-ubyte.gz')}' holds 3 labels; expected the same count`,
    );
  });
});
