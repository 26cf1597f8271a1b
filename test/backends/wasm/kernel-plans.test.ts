import { describe, expect, test } from 'vitest';
import { planBinary, planReduce, planTranspose } from '../../../src/backends/wasm/kernel-plans.js';

describe('planBinary', () => {
  test('same shapes collapse to one contiguous row', () => {
    expect(planBinary([4, 5, 6], [4, 5, 6], [4, 5, 6])).toEqual({
      outer: [],
      rows: 1,
      cols: 120,
      aRow: 0,
      aVec: true,
      bRow: 0,
      bVec: true,
    });
  });

  test('a scalar operand repeats along the row', () => {
    const p = planBinary([3, 7], [], [3, 7]);
    expect(p).toMatchObject({ outer: [], rows: 1, cols: 21, aVec: true, bVec: false });
    const q = planBinary([1], [3, 7], [3, 7]);
    expect(q).toMatchObject({ outer: [], rows: 1, cols: 21, aVec: false, bVec: true });
  });

  test('a bias row repeats along the leading axes', () => {
    expect(planBinary([32, 10], [10], [32, 10])).toEqual({
      outer: [],
      rows: 32,
      cols: 10,
      aRow: 10,
      aVec: true,
      bRow: 0,
      bVec: true,
    });
  });

  test('a column [r,1] gives one value per row', () => {
    expect(planBinary([6, 9], [6, 1], [6, 9])).toEqual({
      outer: [],
      rows: 6,
      cols: 9,
      aRow: 9,
      aVec: true,
      bRow: 1,
      bVec: false,
    });
  });

  test('an outer product of a column and a row', () => {
    expect(planBinary([4, 1], [1, 3], [4, 3])).toEqual({
      outer: [],
      rows: 4,
      cols: 3,
      aRow: 1,
      aVec: false,
      bRow: 0,
      bVec: true,
    });
  });

  test('three alternating groups need one outer loop', () => {
    // [2,1,3] vs [2,4,3]: dims 2 (both), 4 (a repeats), 3 (both).
    expect(planBinary([2, 1, 3], [2, 4, 3], [2, 4, 3])).toEqual({
      outer: [{ n: 2, a: 3, b: 12, out: 12 }],
      rows: 4,
      cols: 3,
      aRow: 0,
      aVec: true,
      bRow: 3,
      bVec: true,
    });
  });

  test('size-1 dimensions are dropped and like neighbours merged', () => {
    expect(planBinary([1, 5, 1, 2, 3], [2, 3], [1, 5, 1, 2, 3])).toMatchObject({
      outer: [],
      rows: 5,
      cols: 6,
      aRow: 6,
      bRow: 0,
    });
  });
});

describe('planReduce', () => {
  test('trailing axes reduce contiguous runs', () => {
    expect(planReduce([4, 5, 6], [1, 2])).toEqual({ kind: 'inner', outer: 4, n: 30 });
    expect(planReduce([4, 5, 6], [0, 1, 2])).toEqual({ kind: 'inner', outer: 1, n: 120 });
  });

  test('leading and middle axes reduce across rows', () => {
    expect(planReduce([4, 5, 6], [0])).toEqual({ kind: 'outer', outer: 1, rows: 4, n: 30 });
    expect(planReduce([4, 5, 6], [1])).toEqual({ kind: 'outer', outer: 4, rows: 5, n: 6 });
  });

  test('size-1 axes do not count', () => {
    expect(planReduce([1, 5, 1], [0, 2])).toEqual({ kind: 'inner', outer: 5, n: 1 });
    expect(planReduce([3, 1, 4], [1])).toEqual({ kind: 'inner', outer: 12, n: 1 });
    expect(planReduce([1, 1], [0, 1])).toEqual({ kind: 'inner', outer: 1, n: 1 });
  });

  test('reduced axes on both sides of a kept one do not fit', () => {
    expect(planReduce([2, 3, 4], [0, 2])).toBeNull();
  });
});

describe('planTranspose', () => {
  test('a 2-D swap', () => {
    expect(planTranspose([3, 5], [1, 0])).toEqual({ batch: 1, rows: 3, cols: 5 });
  });

  test('adjacent axes that stay together merge', () => {
    // [a,b,c] -> [c,a,b] is a 2-D swap of [a*b, c].
    expect(planTranspose([2, 3, 4], [2, 0, 1])).toEqual({ batch: 1, rows: 6, cols: 4 });
  });

  test('batched swap of the last two axes', () => {
    expect(planTranspose([2, 3, 4], [0, 2, 1])).toEqual({ batch: 2, rows: 3, cols: 4 });
  });

  test('identity after dropping size-1 axes is a copy', () => {
    expect(planTranspose([1, 5, 1], [2, 1, 0])).toEqual({ batch: 0, rows: 0, cols: 0 });
    expect(planTranspose([2, 3], [0, 1])).toEqual({ batch: 0, rows: 0, cols: 0 });
  });

  test('other permutations do not fit', () => {
    expect(planTranspose([2, 3, 4], [1, 0, 2])).toBeNull();
    expect(planTranspose([2, 3, 4], [2, 1, 0])).toBeNull();
  });
});
