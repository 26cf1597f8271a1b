import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { FASHION_MNIST_SPEC, fashionMnist } from '../../src/datasets/fashion-mnist.js';
import { MNIST_SPEC, mnist } from '../../src/datasets/mnist.js';
import type { IdxDatasetSpec } from '../../src/datasets/spec.js';
import { ValueError } from '../../src/errors.js';
import * as nn from 'neurite';
import { forEachBackend } from '../helpers/each-backend.js';

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));

/** SHA256SUMS as a name -> sum map. */
function sums(folder: string): Map<string, string> {
  const text = readFileSync(`${dataDir}${folder}/SHA256SUMS`, 'utf8');
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const [sum, name] = line.split(/\s+/);
        return [name!, sum!];
      }),
  );
}

describe.each([
  ['mnist', MNIST_SPEC],
  ['fashion-mnist', FASHION_MNIST_SPEC],
] as [string, IdxDatasetSpec][])('%s spec', (folder, spec) => {
  test('its uncompressed sums are those of the shipped SHA256SUMS', () => {
    const s = sums(folder);
    for (const f of [spec.trainImages, spec.trainLabels, spec.testImages, spec.testLabels]) {
      expect(f.sha256).toBe(s.get(f.name));
    }
    expect(spec.name).toBe(folder);
  });
});

describe('mnist.loadData', () => {
  test('the test split: labels, shapes, dtypes, pixel range', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await mnist.loadData({ limit: 100 });
    expect(xTrain.shape).toEqual([100, 28, 28]);
    expect(yTrain.shape).toEqual([100]);
    expect(xTest.shape).toEqual([100, 28, 28]);
    expect(yTest.shape).toEqual([100]);
    expect(xTest.dtype).toBe('float32');
    expect(yTest.dtype).toBe('int32');
    expect(Array.from(yTest.dataSync()).slice(0, 10)).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    // The training labels of MNIST begin 5 0 4 1 9 2 1 3 1 4.
    expect(Array.from(yTrain.dataSync()).slice(0, 10)).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);

    const px = xTest.dataSync();
    let min = Infinity;
    let max = -Infinity;
    for (const v of px) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      expect(Number.isInteger(v)).toBe(true);
    }
    expect(min).toBe(0);
    expect(max).toBe(255);

    // The same pixels as an independent decode of the shipped file with node:zlib.
    const raw = gunzipSync(readFileSync(`${dataDir}mnist/t10k-images-idx3-ubyte.gz`));
    expect(Array.from(px.subarray(0, 2 * 784))).toEqual(Array.from(raw.subarray(16, 16 + 2 * 784)));
  });

  test('limit larger than a split keeps the whole split', async () => {
    const [[xTrain], [xTest, yTest]] = await mnist.loadData({ limit: 12_000, verify: false });
    expect(xTrain.shape).toEqual([12000, 28, 28]);
    expect(xTest.shape).toEqual([10000, 28, 28]);
    expect(yTest.shape).toEqual([10000]);
    // Class counts of the MNIST test set are well known: 980 zeros, 1135 ones.
    const counts = new Array<number>(10).fill(0);
    for (const v of yTest.dataSync()) counts[v]! += 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  test('normalize gives nn.div(x, 255) bit for bit, in chunks, on every backend', async () => {
    await forEachBackend(async (backend) => {
      // 3000 test images: 2.35M pixels, so the 64K-pixel scratch wraps many times and the
      // last chunk is partial. (Compared with Object.is per element: toEqual is slow here.)
      const firstDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
        if (a.length !== b.length) return -2;
        for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
        return -1;
      };
      const [[rawTrain, rawYTrain], [raw, rawY]] = await mnist.loadData({ limit: 3000 });
      const before = nn.memory().numTensors;
      const [[xTrain, yTrain], [x, y]] = await mnist.loadData({ limit: 3000, normalize: true });
      expect(nn.memory().numTensors - before, backend).toBe(4);
      const want = nn.div(raw, 255);
      expect(x.dtype).toBe('float32');
      expect(x.shape).toEqual([3000, 28, 28]);
      const wantTrain = nn.div(rawTrain, 255);
      expect(firstDiff(x.dataSync(), want.dataSync()), backend).toBe(-1);
      expect(firstDiff(xTrain.dataSync(), wantTrain.dataSync()), backend).toBe(-1);
      expect(firstDiff(y.dataSync(), rawY.dataSync())).toBe(-1);
      expect(firstDiff(yTrain.dataSync(), rawYTrain.dataSync())).toBe(-1);
      const px = x.dataSync();
      expect(Math.max(...px.subarray(0, 784 * 10))).toBe(1);
      nn.dispose([rawTrain, rawYTrain, raw, rawY, xTrain, yTrain, x, y, want, wantTrain]);
    });
  });

  test('a bad limit is refused', async () => {
    await expect(mnist.loadData({ limit: 0 })).rejects.toThrow(ValueError);
    await expect(mnist.loadData({ limit: 2.5 })).rejects.toThrow(
      'mnist.loadData: limit must be a positive integer, received 2.5',
    );
  });

  test('class names', () => {
    expect(mnist.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});

describe('fashionMnist.loadData', () => {
  test('a slice of both splits', async () => {
    const [[xTrain, yTrain], [xTest, yTest]] = await fashionMnist.loadData({ limit: 10 });
    expect(xTrain.shape).toEqual([10, 28, 28]);
    expect(xTest.shape).toEqual([10, 28, 28]);
    // Fashion-MNIST's labels begin 9 0 0 3 0 2 7 2 5 5 (train) and 9 2 1 1 6 1 4 6 5 7 (test).
    expect(Array.from(yTrain.dataSync())).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(yTest.dataSync())).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
  });

  test('class names', () => {
    expect(fashionMnist.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
  });
});
