import { expect, test } from 'vitest';
import { forEachBoxRun } from '../../../src/backends/wasm/copy-runs.js';

function runs(shape: number[], begin: number[], size: number[]): number[][] {
  const out: number[][] = [];
  forEachBoxRun(shape, begin, size, (bo, o, n) => out.push([bo, o, n]));
  return out;
}

test('one run per row of the box', () => {
  // Rows 1..2 of a [3,5] array, columns 1..3: offsets 6 and 11.
  expect(runs([3, 5], [1, 1], [2, 3])).toEqual([
    [0, 6, 3],
    [3, 11, 3],
  ]);
});

test('trailing axes spanned fully merge into one run', () => {
  expect(runs([4, 3, 5], [1, 0, 0], [2, 3, 5])).toEqual([[0, 15, 30]]);
  expect(runs([4, 3, 5], [0, 1, 0], [2, 2, 5])).toEqual([
    [0, 5, 10],
    [10, 20, 10],
  ]);
});

test('rank 0, rank 1 and empty boxes', () => {
  expect(runs([], [], [])).toEqual([[0, 0, 1]]);
  expect(runs([9], [2], [4])).toEqual([[0, 2, 4]]);
  expect(runs([3, 4], [0, 0], [0, 4])).toEqual([]);
});

test('the odometer visits every run in row-major order', () => {
  const shape = [3, 4, 6];
  const [begin, size] = [
    [1, 1, 2],
    [2, 3, 3],
  ];
  const seen: number[] = [];
  forEachBoxRun(shape, begin, size, (bo, o, n) => {
    for (let i = 0; i < n; i++) seen[bo + i] = o + i;
  });
  const want: number[] = [];
  for (let a = 0; a < 2; a++)
    for (let b = 0; b < 3; b++)
      for (let c = 0; c < 3; c++) want.push((1 + a) * 24 + (1 + b) * 6 + (2 + c));
  expect(seen).toEqual(want);
});
