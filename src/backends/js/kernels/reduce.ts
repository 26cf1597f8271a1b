/** Reference reductions: permute the reduced axes innermost, then fold contiguous runs. */
import type { ArgReduceOp, ReduceOp } from '../../backend.js';
import type { DataArray } from '../../../tensor/dtype.js';
import type { Shape } from '../../../tensor/shape.js';
import { transposeLoop } from './transform.js';

/** Returns x's data with `axes` moved last, and the size of the reduced block. */
function moveAxesLast(x: DataArray, shape: Shape, axes: readonly number[]): [DataArray, number] {
  const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  let inner = 1;
  for (const a of axes) inner *= shape[a]!;
  const trailing = axes.every((a, j) => a === shape.length - axes.length + j);
  if (trailing) return [x, inner];
  const perm = [...keep, ...axes];
  const out = new (x.constructor as new (n: number) => DataArray)(x.length);
  transposeLoop(x, shape, perm, out);
  return [out, inner];
}

export function reduceLoop(
  op: ReduceOp,
  x: DataArray,
  shape: Shape,
  axes: readonly number[],
  out: DataArray,
): void {
  const [data, inner] = moveAxesLast(x, shape, axes);
  const outer = out.length;
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    let acc: number;
    switch (op) {
      case 'sum': {
        acc = 0;
        for (let i = 0; i < inner; i++) acc += data[base + i]!;
        break;
      }
      case 'prod': {
        acc = 1;
        for (let i = 0; i < inner; i++) acc *= data[base + i]!;
        break;
      }
      case 'max': {
        acc = -Infinity;
        for (let i = 0; i < inner; i++) {
          const v = data[base + i]!;
          if (v > acc || v !== v) acc = v;
          if (acc !== acc) break;
        }
        break;
      }
      case 'min': {
        acc = Infinity;
        for (let i = 0; i < inner; i++) {
          const v = data[base + i]!;
          if (v < acc || v !== v) acc = v;
          if (acc !== acc) break;
        }
        break;
      }
      case 'any': {
        acc = 0;
        for (let i = 0; i < inner; i++) if (data[base + i]) acc = 1;
        break;
      }
      case 'all': {
        acc = 1;
        for (let i = 0; i < inner; i++) if (!data[base + i]) acc = 0;
        break;
      }
    }
    out[o] = acc;
  }
}

export function argReduceLoop(
  op: ArgReduceOp,
  x: DataArray,
  shape: Shape,
  axis: number,
  out: Int32Array,
): void {
  const [data, inner] = moveAxesLast(x, shape, [axis]);
  const max = op === 'argMax';
  for (let o = 0; o < out.length; o++) {
    const base = o * inner;
    let best = 0;
    let bv = data[base]!;
    for (let i = 1; i < inner; i++) {
      const v = data[base + i]!;
      if (bv !== bv) break; // NaN wins, as in NumPy
      if (v !== v || (max ? v > bv : v < bv)) {
        bv = v;
        best = i;
      }
    }
    out[o] = best;
  }
}
