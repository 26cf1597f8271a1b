/**
 * Plain-JS arrays with a shape, for metric state: reading a batch once, Keras's one-rank
 * squeeze-or-expand on shapes, NumPy broadcasting and means over trailing axes. Pure
 * functions on float64 data; no tensors are kept.
 */
import { tidy } from '../engine/tidy.js';
import { ShapeError, fmtShape } from '../errors.js';
import { convert, type TensorLike } from '../ops/core.js';
import { sizeOf, stridesOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Values (row-major, float64) and their shape. */
export interface HostArray {
  data: Float64Array;
  shape: number[];
}

/** Copies a tensor's values (one `dataSync`). */
export function tensorToHost(t: Tensor): HostArray {
  return { data: Float64Array.from(t.dataSync()), shape: [...t.shape] };
}

/** Reads a tensor, number or nested array into a HostArray. */
export function toHost(x: TensorLike, arg: string, where: string): HostArray {
  if (x instanceof Tensor) {
    x.assertAlive(`${where} (argument '${arg}')`);
    return tensorToHost(x);
  }
  if (typeof x === 'number' || typeof x === 'boolean') {
    return { data: Float64Array.of(Number(x)), shape: [] };
  }
  let out: HostArray = { data: new Float64Array(0), shape: [0] };
  tidy(() => {
    out = tensorToHost(convert(x, arg, where));
  });
  return out;
}

/**
 * Keras's `squeeze_or_expand_to_same_rank` on shapes: when the ranks differ by one and the
 * longer ends in 1, drop that axis (or, if the shorter is rank 1 and `expandRank1`, add a
 * trailing 1 to it). Data order is unchanged either way.
 */
export function squeezeOrExpandShapes(
  a: readonly number[],
  b: readonly number[],
  expandRank1 = true,
): [number[], number[]] {
  let x = [...a];
  let y = [...b];
  if (x.length === y.length + 1 && x[x.length - 1] === 1) {
    if (y.length === 1 && expandRank1) y = [...y, 1];
    else x = x.slice(0, -1);
  } else if (y.length === x.length + 1 && y[y.length - 1] === 1) {
    if (x.length === 1 && expandRank1) x = [...x, 1];
    else y = y.slice(0, -1);
  }
  return [x, y];
}

/** NumPy-broadcasts `a` to exactly `target` (a may have fewer axes). */
export function broadcastHost(a: HostArray, target: readonly number[], where: string): HostArray {
  const n = target.length;
  const fail = (): never => {
    throw new ShapeError(
      `${where}: sampleWeight of shape ${fmtShape(a.shape)} cannot be broadcast to ${fmtShape(target)}`,
    );
  };
  if (a.shape.length > n) fail();
  const padded = [...new Array<number>(n - a.shape.length).fill(1), ...a.shape];
  for (let i = 0; i < n; i++) if (padded[i] !== target[i] && padded[i] !== 1) fail();
  if (padded.every((d, i) => d === target[i])) return { data: a.data, shape: [...target] };
  const inStrides = stridesOf(padded).map((s, i) => (padded[i] === 1 ? 0 : s));
  const outStrides = stridesOf(target);
  const size = sizeOf(target);
  const data = new Float64Array(size);
  for (let o = 0; o < size; o++) {
    let rem = o;
    let src = 0;
    for (let i = 0; i < n; i++) {
      const q = Math.floor(rem / outStrides[i]!);
      rem -= q * outStrides[i]!;
      src += q * inStrides[i]!;
    }
    data[o] = a.data[src]!;
  }
  return { data, shape: [...target] };
}

/** Mean over every axis from `keep` on (contiguous blocks in row-major order). */
export function meanTrailing(a: HostArray, keep: number): HostArray {
  const shape = a.shape.slice(0, keep);
  const outSize = sizeOf(shape);
  const block = outSize === 0 ? 0 : a.data.length / outSize;
  const data = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    let s = 0;
    for (let j = 0; j < block; j++) s += a.data[i * block + j]!;
    data[i] = block === 0 ? 0 : s / block;
  }
  return { data, shape };
}

export function sumHost(a: HostArray): number {
  let s = 0;
  for (const v of a.data) s += v;
  return s;
}
