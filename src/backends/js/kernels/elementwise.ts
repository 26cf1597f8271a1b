/** Reference elementwise kernels with NumPy broadcasting, as pure functions over arrays. */
import type { DataArray } from '../../../tensor/dtype.js';
import { type Shape, sizeOf, stridesOf } from '../../../tensor/shape.js';

export function unaryLoop(
  x: DataArray,
  out: DataArray,
  fn: (v: number, attr: number) => number,
  attr: number,
): void {
  for (let i = 0; i < x.length; i++) out[i] = fn(x[i]!, attr);
}

/**
 * Strides of `shape` seen through a broadcast to `outShape`: 0 along broadcast axes.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = stridesOf(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + offset] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/**
 * Calls `visit(outIndex, offsets)` for every element of `outShape`, with the flat offsets
 * of each input broadcast to it. Used by every broadcasting kernel.
 */
export function forEachBroadcast(
  outShape: Shape,
  inShapes: readonly Shape[],
  visit: (i: number, offsets: Int32Array) => void,
): void {
  const n = sizeOf(outShape);
  const rank = outShape.length;
  const strides = inShapes.map((s) => broadcastStrides(s, outShape));
  const offsets = new Int32Array(inShapes.length);
  const idx = new Int32Array(rank);
  for (let i = 0; i < n; i++) {
    visit(i, offsets);
    // Advance the multi-index like an odometer, updating each input's offset.
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      for (let k = 0; k < strides.length; k++) offsets[k]! += strides[k]![d]!;
      if (idx[d]! < outShape[d]!) break;
      for (let k = 0; k < strides.length; k++) offsets[k]! -= strides[k]![d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

export function binaryLoop(
  a: DataArray,
  aShape: Shape,
  b: DataArray,
  bShape: Shape,
  out: DataArray,
  outShape: Shape,
  fn: (x: number, y: number) => number,
): void {
  const n = out.length;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = fn(a[i]!, b[i]!);
  } else if (b.length === 1) {
    const y = b[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(a[i % a.length]!, y);
  } else if (a.length === 1) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = fn(x, b[i % b.length]!);
  } else if (a.length === n && isTrailing(bShape, outShape)) {
    // The common bias case: b repeats along the leading axes.
    const m = b.length;
    for (let i = 0; i < n; i++) out[i] = fn(a[i]!, b[i % m]!);
  } else {
    forEachBroadcast(outShape, [aShape, bShape], (i, o) => {
      out[i] = fn(a[o[0]!]!, b[o[1]!]!);
    });
  }
}

/** True when `shape` (without leading 1s) equals the trailing dims of `outShape`. */
function isTrailing(shape: Shape, outShape: Shape): boolean {
  let s = 0;
  while (s < shape.length && shape[s] === 1) s++;
  const tail = shape.length - s;
  for (let i = 1; i <= tail; i++)
    if (shape[shape.length - i] !== outShape[outShape.length - i]) return false;
  return true;
}

export function whereLoop(
  c: DataArray,
  cShape: Shape,
  a: DataArray,
  aShape: Shape,
  b: DataArray,
  bShape: Shape,
  out: DataArray,
  outShape: Shape,
): void {
  forEachBroadcast(outShape, [cShape, aShape, bShape], (i, o) => {
    out[i] = c[o[0]!] ? a[o[1]!]! : b[o[2]!]!;
  });
}

/** `dst[i] = clamp(src[i], min, max)`. */
export function clipLoop(src: DataArray, dst: DataArray, min: number, max: number): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    dst[i] = v < min ? min : v > max ? max : v;
  }
}
