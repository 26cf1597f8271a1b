/** Small synthetic IDX files for the dataset tests, built by hand with node:zlib (not fflate). */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IdxDatasetSpec } from '../../src/datasets/spec.js';

/** Big-endian IDX bytes: magic, dims, then `values`. */
export function idxBytes(magic: number, dims: number[], values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(values), 4 + 4 * dims.length);
  return out;
}

/** `count` images of rows x cols: pixel j of image i is (7 * i + j) % 256. */
export function imagePixels(count: number, rows: number, cols: number): Uint8Array {
  const px = new Uint8Array(count * rows * cols);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < rows * cols; j++) px[i * rows * cols + j] = (7 * i + j) % 256;
  return px;
}

export const imagesIdx = (count: number, rows: number, cols: number): Uint8Array =>
  idxBytes(0x00000803, [count, rows, cols], imagePixels(count, rows, cols));

export const labelsIdx = (labels: number[]): Uint8Array =>
  idxBytes(0x00000801, [labels.length], labels);

export const gz = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes, { level: 9 }));

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** A tiny data set: 5 train and 3 test images of 4x3, with its files' bytes and sums. */
export function tinyDataset(name: string): {
  spec: IdxDatasetSpec;
  files: Map<string, Uint8Array>;
  trainLabels: number[];
  testLabels: number[];
} {
  const trainLabels = [3, 1, 4, 1, 5];
  const testLabels = [9, 2, 6];
  const raw = new Map<string, Uint8Array>([
    ['train-images-idx3-ubyte', imagesIdx(5, 4, 3)],
    ['train-labels-idx1-ubyte', labelsIdx(trainLabels)],
    ['t10k-images-idx3-ubyte', imagesIdx(3, 4, 3)],
    ['t10k-labels-idx1-ubyte', labelsIdx(testLabels)],
  ]);
  const file = (n: string) => ({ name: n, sha256: sha256(raw.get(n)!) });
  return {
    spec: {
      name,
      trainImages: file('train-images-idx3-ubyte'),
      trainLabels: file('train-labels-idx1-ubyte'),
      testImages: file('t10k-images-idx3-ubyte'),
      testLabels: file('t10k-labels-idx1-ubyte'),
      imageShape: [4, 3],
      mirrors: [],
    },
    files: raw,
    trainLabels,
    testLabels,
  };
}
