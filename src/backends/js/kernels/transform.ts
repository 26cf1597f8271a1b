/** Reference data-movement kernels: transpose, slice, pad, concat, tile, gather, scatter. */
import type { DataArray } from '../../../tensor/dtype.js';
import { type Shape, sizeOf, stridesOf } from '../../../tensor/shape.js';

export function transposeLoop(
  x: DataArray,
  shape: Shape,
  perm: readonly number[],
  out: DataArray,
): void {
  const rank = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const srcStrides = perm.map((p) => inStrides[p]!);
  if (rank === 2 && perm[0] === 1) {
    const [r, c] = [shape[0]!, shape[1]!];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j]!;
    return;
  }
  const idx = new Int32Array(rank);
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      src += srcStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      src -= srcStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

/** Copies the box `begin..begin+size` of x into out. */
export function sliceLoop(
  x: DataArray,
  shape: Shape,
  begin: readonly number[],
  size: readonly number[],
  out: DataArray,
): void {
  const rank = shape.length;
  const strides = stridesOf(shape);
  if (out.length === 0) return;
  // Copy runs along the last axis.
  const run = size[rank - 1] ?? 1;
  const outer = out.length / run;
  const idx = new Int32Array(Math.max(rank - 1, 0));
  let o = 0;
  for (let r = 0; r < outer; r++) {
    let src = rank > 0 ? begin[rank - 1]! : 0;
    for (let d = 0; d < rank - 1; d++) src += (begin[d]! + idx[d]!) * strides[d]!;
    for (let i = 0; i < run; i++) out[o++] = x[src + i]!;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
}

/** Writes x into out (shape outShape) at offset `begin` (the adjoint of slice; also pad). */
export function placeLoop(
  x: DataArray,
  shape: Shape,
  outShape: Shape,
  begin: readonly number[],
  out: DataArray,
): void {
  const rank = shape.length;
  const outStrides = stridesOf(outShape);
  if (x.length === 0) return;
  const run = shape[rank - 1] ?? 1;
  const outer = x.length / run;
  const idx = new Int32Array(Math.max(rank - 1, 0));
  let s = 0;
  for (let r = 0; r < outer; r++) {
    let dst = rank > 0 ? begin[rank - 1]! : 0;
    for (let d = 0; d < rank - 1; d++) dst += (begin[d]! + idx[d]!) * outStrides[d]!;
    for (let i = 0; i < run; i++) out[dst + i] = x[s++]!;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

export function concatLoop(
  xs: readonly { data: DataArray; shape: Shape }[],
  axis: number,
  out: DataArray,
): void {
  const first = xs[0]!.shape;
  const outer = sizeOf(first.slice(0, axis));
  const inners = xs.map((x) => sizeOf(x.shape.slice(axis)));
  const rowLen = inners.reduce((a, b) => a + b, 0);
  for (let o = 0; o < outer; o++) {
    let dst = o * rowLen;
    for (let k = 0; k < xs.length; k++) {
      const inner = inners[k]!;
      const src = xs[k]!.data;
      const base = o * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = src[base + i]!;
      dst += inner;
    }
  }
}

export function tileLoop(
  x: DataArray,
  shape: Shape,
  reps: readonly number[],
  out: DataArray,
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = x[0]!;
    return;
  }
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(shape.map((d, i) => d * reps[i]!));
  // Writes the output block of x's sub-block at `src` (dimension d on) at `dst`: each
  // input row once, then whole blocks repeated, from the innermost dimension out.
  const fill = (d: number, src: number, dst: number): void => {
    const n = shape[d]!;
    if (d === rank - 1) {
      for (let i = 0; i < n; i++) out[dst + i] = x[src + i]!;
    } else {
      for (let i = 0; i < n; i++) fill(d + 1, src + i * inStrides[d]!, dst + i * outStrides[d]!);
    }
    repeatBlock(out, dst, n * outStrides[d]!, reps[d]!);
  };
  fill(0, 0, 0);
}

/** out[dst .. dst + len·reps) = reps copies of out[dst .. dst + len). */
function repeatBlock(out: DataArray, dst: number, len: number, reps: number): void {
  const total = len * reps;
  if (reps <= 1 || len === 0) return;
  if (total < 256) {
    // Periodic forward copy: each element repeats the one a block before it.
    for (let i = len; i < total; i++) out[dst + i] = out[dst + i - len]!;
    return;
  }
  let done = len;
  while (done < total) {
    const n = Math.min(done, total - done);
    out.copyWithin(dst + done, dst, dst + n);
    done += n;
  }
}

export function gatherLoop(
  x: DataArray,
  shape: Shape,
  indices: Int32Array,
  axis: number,
  out: DataArray,
): void {
  const outer = sizeOf(shape.slice(0, axis));
  const dim = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < indices.length; j++) {
      const src = (a * dim + indices[j]!) * inner;
      for (let i = 0; i < inner; i++) out[o++] = x[src + i]!;
    }
  }
}

export function segmentSumLoop(
  x: DataArray,
  shape: Shape,
  ids: Int32Array,
  numSegments: number,
  axis: number,
  out: DataArray,
): void {
  const outer = sizeOf(shape.slice(0, axis));
  const dim = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < dim; j++) {
      const seg = ids[j]!;
      if (seg < 0 || seg >= numSegments) continue;
      const src = (a * dim + j) * inner;
      const dst = (a * numSegments + seg) * inner;
      for (let i = 0; i < inner; i++) out[dst + i]! += x[src + i]!;
    }
  }
}

export function oneHotLoop(
  indices: Int32Array,
  depth: number,
  on: number,
  off: number,
  out: DataArray,
): void {
  out.fill(off);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (k >= 0 && k < depth) out[i * depth + k] = on;
  }
}
