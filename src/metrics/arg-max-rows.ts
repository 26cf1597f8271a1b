/** argMax along the last axis of host data, with the op's rules, for host-side metrics. */
import type { DataArray } from '../tensor/dtype.js';
import { argReduceLoop } from '../backends/js/kernels/reduce.js';

/**
 * Index of the largest value in each run of `n` (the first wins ties, a NaN wins), exactly
 * as `argMax(x, -1)` computes it.
 */
export function argMaxRows(values: DataArray, n: number): Int32Array {
  const out = new Int32Array(n === 0 ? 0 : values.length / n);
  argReduceLoop('argMax', values, [out.length, n], 1, out);
  return out;
}
