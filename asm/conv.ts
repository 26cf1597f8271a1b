/**
 * 2-D convolution over NHWC float32 images, forward and both gradients, as products of a
 * window matrix (windows.ts) and the filter seen as a [K, outC] matrix (K = kh·kw·c), by
 * the blocked SIMD product of matmul.ts. The window matrix is never made whole: each
 * kernel goes through the output positions a block of `blockRows` rows at a time, making
 * that block's windows in `scratch` (blockRows·K floats, so that it stays in cache) and
 * multiplying at once. A convolution of few channels (a network's first layer: 1 or 3)
 * runs directly instead, its sums in f32x4 lanes of output channels (isDirect): its window
 * rows would be runs too short to copy fast and its products too thin to pack well.
 * Each kernel works on a range (rows, filter-gradient chunks, images) and brings its own
 * buffers, so that threads may share one call; every element is computed as in one call
 * over the whole range (the filter gradient's chunks are fixed by the shape).
 */
import { gemm } from './matmul';
import { Geometry } from './window-geometry';
import { col2imRows, im2colRows } from './windows';

/**
 * Output positions [r0, r1) of conv2d: out[r, :] (outC floats a row) = windows(x)[r, :] ·
 * f ([K, outC]). `pA`, `pB` and `tile` are matMulPart's buffers for blockRows x K x outC.
 * Small convolutions run directly, without a window matrix (see {@link isDirect}).
 */
export function conv2dForward(
  x: usize, f: usize, out: usize, geometry: usize, outC: i32, blockRows: i32,
  r0: i32, r1: i32, scratch: usize, pA: usize, pB: usize, tile: usize,
): void {
  const g = changetype<Geometry>(geometry);
  const k = g.kh * g.kw * g.c;
  const ldc = <usize>outC << 2;
  if (k == 0) {
    memory.fill(out + <usize>r0 * ldc, 0, <usize>(r1 - r0) * ldc);
    return;
  }
  if (isDirect(g.c, outC)) {
    forwardDirect(x, f, out, g, outC, r0, r1);
    return;
  }
  for (let r = r0; r < r1; r += blockRows) {
    const rows = min(blockRows, r1 - r);
    im2colRows(x, scratch, g, r, r + rows);
    gemm(scratch, k, 1, f, outC, 1, out + <usize>r * ldc, ldc, rows, k, outC, pA, pB, tile, false);
  }
}

/**
 * Chunks [q0, q1) of conv2d's filter gradient windows(x)ᵀ · dy: chunk q sums output
 * positions [q·chunkRows, (q + 1)·chunkRows) into `df` (q = 0) or into `partials` +
 * (q − 1)·K·outC floats, a block of rows at a time, in order; the caller adds the
 * partials to `df` in order. Buffers for K x blockRows x outC; small convolutions run
 * directly (see {@link isDirect}), with `scratch` for K·⌈outC/4⌉ vectors of sums.
 */
export function conv2dFilter(
  x: usize, dy: usize, df: usize, partials: usize, geometry: usize, outC: i32, blockRows: i32,
  chunkRows: i32, q0: i32, q1: i32, scratch: usize, pA: usize, pB: usize, tile: usize,
): void {
  const g = changetype<Geometry>(geometry);
  const k = g.kh * g.kw * g.c;
  const m = g.n * g.ho * g.wo;
  const ldc = <usize>outC << 2;
  for (let q = q0; q < q1; q++) {
    const dst = q == 0 ? df : partials + <usize>(q - 1) * <usize>k * ldc;
    const end = min(m, (q + 1) * chunkRows);
    if (isDirect(g.c, outC)) {
      filterDirect(x, dy, dst, g, outC, q * chunkRows, end, scratch);
      continue;
    }
    let first = true;
    for (let r = q * chunkRows; r < end; r += blockRows) {
      const rows = min(blockRows, end - r);
      im2colRows(x, scratch, g, r, r + rows);
      // [rows, K]ᵀ · dy[rows, outC]: op(A)[i, p] = scratch[p, i].
      gemm(scratch, 1, k, dy + <usize>r * ldc, outC, 1, dst, ldc, k, rows, outC, pA, pB, tile, !first);
      first = false;
    }
    if (first) memory.fill(dst, 0, <usize>k * ldc);
  }
}

/**
 * Images [b0, b1) of conv2d's input gradient: zeroed, then for each block of their output
 * positions, dy[rows, outC] · fᵀ ([outC, K]) in `scratch`, added back to the pixels each
 * window copies (col2im). Buffers for blockRows x outC x K.
 */
export function conv2dInput(
  dy: usize, f: usize, dx: usize, geometry: usize, outC: i32, blockRows: i32,
  b0: i32, b1: i32, scratch: usize, pA: usize, pB: usize, tile: usize,
): void {
  const g = changetype<Geometry>(geometry);
  const k = g.kh * g.kw * g.c;
  const imgBytes = <usize>g.h * <usize>g.w * <usize>g.c << 2;
  memory.fill(dx + <usize>b0 * imgBytes, 0, <usize>(b1 - b0) * imgBytes);
  if (k == 0) return;
  const plane = g.ho * g.wo;
  const end = b1 * plane;
  const ld = <usize>outC << 2;
  for (let r = b0 * plane; r < end; r += blockRows) {
    const rows = min(blockRows, end - r);
    // op(B)[o, t] = f[t, o]: fᵀ. (No output channels: no gradient.)
    if (outC == 0) memory.fill(scratch, 0, <usize>rows * <usize>k << 2);
    else gemm(dy + <usize>r * ld, outC, 1, f, 1, outC, scratch, <usize>k << 2, rows, outC, k, pA, pB, tile, false);
    col2imRows(scratch, dx, g, r, r + rows);
  }
}

/**
 * Whether a convolution runs directly, without a window matrix: few input channels (the
 * window matrix would be made of runs too short to copy fast, and its products have a
 * short k) and 4 to 16 output channels (one to four f32x4 lanes of sums per position).
 */
// @ts-ignore: decorator
@inline
function isDirect(c: i32, outC: i32): bool {
  return c <= 4 && outC >= 4 && outC <= 16;
}

/** The first window row (tap a) of output row i inside the image. */
// @ts-ignore: decorator
@inline
function rowsFrom(g: Geometry, i: i32): i32 {
  const y0 = i * g.sh - g.padTop;
  let a = 0;
  while (a < g.kh && y0 + a * g.dh < 0) a++;
  return a;
}

/** One past the last window row of output row i inside the image. */
// @ts-ignore: decorator
@inline
function rowsTo(g: Geometry, i: i32): i32 {
  const y0 = i * g.sh - g.padTop;
  let a = g.kh;
  while (a > 0 && y0 + (a - 1) * g.dh >= g.h) a--;
  return a;
}

/** The first window column (tap e) of output column j inside the image. */
// @ts-ignore: decorator
@inline
function colsFrom(g: Geometry, j: i32): i32 {
  const z0 = j * g.sw - g.padLeft;
  let e = 0;
  while (e < g.kw && z0 + e * g.dw < 0) e++;
  return e;
}

/** One past the last window column of output column j inside the image. */
// @ts-ignore: decorator
@inline
function colsTo(g: Geometry, j: i32): i32 {
  const z0 = j * g.sw - g.padLeft;
  let e = g.kw;
  while (e > 0 && z0 + (e - 1) * g.dw >= g.w) e--;
  return e;
}

/** Byte offset in an image of tap (a, e) of output position (i, j) (inside the image). */
// @ts-ignore: decorator
@inline
function tapAt(g: Geometry, i: i32, j: i32, a: i32, e: i32): usize {
  const y = i * g.sh - g.padTop + a * g.dh;
  const z = j * g.sw - g.padLeft + e * g.dw;
  return (<usize>y * <usize>g.w + <usize>z) * <usize>g.c << 2;
}

/**
 * Direct conv2d over output positions [r0, r1): per position, its sums in up to four
 * f32x4 lanes of output channels (the last lane overlapping the one before when outC is
 * not a multiple of 4; overlapping lanes compute the same sums), each in-image tap and
 * channel adding x·f in tap order.
 */
function forwardDirect(x: usize, f: usize, out: usize, g: Geometry, outC: i32, r0: i32, r1: i32): void {
  const c = g.c, kw = g.kw, wo = g.wo, plane = g.ho * wo;
  const imgBytes = <usize>g.h * <usize>g.w * <usize>c << 2;
  const rowStep = <usize>g.dh * <usize>g.w * <usize>c << 2;
  const tapStep = <usize>g.dw * <usize>c << 2;
  const ldf = <usize>outC << 2;
  // Lane offsets (bytes) of the (up to) four vectors of output channels.
  const o1 = <usize>min(4, outC - 4) << 2;
  const o2 = <usize>min(8, max(outC - 4, 0)) << 2;
  const o3 = <usize>max(outC - 4, 0) << 2;
  const lanes = (outC + 3) >> 2;
  // Output columns [jA, jB) have every window column inside the image.
  const jA = interiorFrom(g), jB = interiorTo(g);
  const posStep = <usize>g.sw * <usize>c << 2;
  for (let r = r0; r < r1; r++) {
    const b = r / plane;
    const i = (r - b * plane) / wo;
    const j = r - b * plane - i * wo;
    const img = x + <usize>b * imgBytes;
    const a0 = rowsFrom(g, i), a1 = rowsTo(g, i);
    if (lanes <= 2 && j >= jA && j + 4 <= jB && r + 4 <= r1 && a0 < a1) {
      // Four positions of one row at once: eight independent sums, the filter loaded once.
      forwardFour(img + tapAt(g, i, j, a0, 0), f, out + <usize>r * ldf, g, a0, a1, lanes, o1, posStep, ldf);
      r += 3;
      continue;
    }
    const e0 = colsFrom(g, j), e1 = colsTo(g, j);
    if (a0 >= a1 || e0 >= e1) {
      // No tap inside the image: zero sums.
      const z = f32x4.splat(0);
      const d = out + <usize>r * ldf;
      v128.store(d, z);
      if (lanes > 1) v128.store(d + o1, z);
      if (lanes > 2) v128.store(d + o2, z);
      if (lanes > 3) v128.store(d + o3, z);
      continue;
    }
    const first = img + tapAt(g, i, j, a0, e0);
    // With dilation 1 a window row's taps are one run of (e1 − e0)·c floats.
    const runs = g.dw == 1 ? 1 : e1 - e0;
    const runLen = g.dw == 1 ? (e1 - e0) * c : c;
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let row = first;
    for (let a = a0; a < a1; a++) {
      let px = row;
      let frow = f + <usize>((a * kw + e0) * c) * ldf;
      for (let u = 0; u < runs; u++) {
        for (let ch = 0; ch < runLen; ch++) {
          const v = v128.load32_splat(px + (<usize>ch << 2));
          s0 = f32x4.add(s0, f32x4.mul(v, v128.load(frow)));
          if (lanes > 1) s1 = f32x4.add(s1, f32x4.mul(v, v128.load(frow + o1)));
          if (lanes > 2) s2 = f32x4.add(s2, f32x4.mul(v, v128.load(frow + o2)));
          if (lanes > 3) s3 = f32x4.add(s3, f32x4.mul(v, v128.load(frow + o3)));
          frow += ldf;
        }
        px += tapStep;
      }
      row += rowStep;
    }
    const dst = out + <usize>r * ldf;
    v128.store(dst, s0);
    if (lanes > 1) v128.store(dst + o1, s1);
    if (lanes > 2) v128.store(dst + o2, s2);
    if (lanes > 3) v128.store(dst + o3, s3);
  }
}

/**
 * Four consecutive positions of forwardDirect (one or two lanes of output channels), their
 * windows wholly inside the image columns and rows [a0, a1): `px` is the first tap of the
 * first position, the next positions' `posStep` bytes apart. Each sum adds in the same
 * order as forwardDirect's.
 */
// @ts-ignore: decorator
@inline
function forwardFour(
  px: usize, f: usize, dst: usize, g: Geometry, a0: i32, a1: i32, lanes: i32, o1: usize,
  posStep: usize, ldf: usize,
): void {
  const c = g.c, kw = g.kw;
  const rowStep = <usize>g.dh * <usize>g.w * <usize>c << 2;
  const tapStep = <usize>g.dw * <usize>c << 2;
  // With dilation 1 a window row's taps are one run of kw·c floats.
  const runs = g.dw == 1 ? 1 : kw;
  const runLen = g.dw == 1 ? kw * c : c;
  let s0 = f32x4.splat(0), t0 = s0, s1 = s0, t1 = s0, s2 = s0, t2 = s0, s3 = s0, t3 = s0;
  let row = px;
  for (let a = a0; a < a1; a++) {
    let q = row;
    let frow = f + <usize>(a * kw * c) * ldf;
    for (let u = 0; u < runs; u++) {
      for (let ch = 0; ch < runLen; ch++) {
        const fa = v128.load(frow);
        const fb = v128.load(frow + o1);
        const p = q + (<usize>ch << 2);
        const v0 = v128.load32_splat(p);
        const v1 = v128.load32_splat(p + posStep);
        const v2 = v128.load32_splat(p + 2 * posStep);
        const v3 = v128.load32_splat(p + 3 * posStep);
        s0 = f32x4.add(s0, f32x4.mul(v0, fa));
        t0 = f32x4.add(t0, f32x4.mul(v0, fb));
        s1 = f32x4.add(s1, f32x4.mul(v1, fa));
        t1 = f32x4.add(t1, f32x4.mul(v1, fb));
        s2 = f32x4.add(s2, f32x4.mul(v2, fa));
        t2 = f32x4.add(t2, f32x4.mul(v2, fb));
        s3 = f32x4.add(s3, f32x4.mul(v3, fa));
        t3 = f32x4.add(t3, f32x4.mul(v3, fb));
        frow += ldf;
      }
      q += tapStep;
    }
    row += rowStep;
  }
  v128.store(dst, s0);
  v128.store(dst + ldf, s1);
  v128.store(dst + 2 * ldf, s2);
  v128.store(dst + 3 * ldf, s3);
  if (lanes > 1) {
    v128.store(dst + o1, t0);
    v128.store(dst + ldf + o1, t1);
    v128.store(dst + 2 * ldf + o1, t2);
    v128.store(dst + 3 * ldf + o1, t3);
  }
}

/**
 * Four consecutive positions of filterDirect (one or two lanes): adds
 * (x₀·dy₀ + x₁·dy₁) + (x₂·dy₂ + x₃·dy₃) to each (tap, channel) row's sums, with
 * `px` and `d` the first tap and dy row of the first position.
 */
// @ts-ignore: decorator
@inline
function filterFour(
  px: usize, d: usize, acc0: usize, g: Geometry, a0: i32, a1: i32, lanes: i32, o1: usize,
  posStep: usize, ldy: usize, accRow: usize,
): void {
  const c = g.c, kw = g.kw;
  const rowStep = <usize>g.dh * <usize>g.w * <usize>c << 2;
  const tapStep = <usize>g.dw * <usize>c << 2;
  const runs = g.dw == 1 ? 1 : kw;
  const runLen = g.dw == 1 ? kw * c : c;
  const d0 = v128.load(d), e0 = v128.load(d + o1);
  const d1 = v128.load(d + ldy), e1 = v128.load(d + ldy + o1);
  const d2 = v128.load(d + 2 * ldy), e2 = v128.load(d + 2 * ldy + o1);
  const d3 = v128.load(d + 3 * ldy), e3 = v128.load(d + 3 * ldy + o1);
  let row = px;
  for (let a = a0; a < a1; a++) {
    let q = row;
    let acc = acc0 + <usize>(a * kw * c) * accRow;
    for (let u = 0; u < runs; u++) {
      for (let ch = 0; ch < runLen; ch++) {
        const p = q + (<usize>ch << 2);
        const v0 = v128.load32_splat(p);
        const v1 = v128.load32_splat(p + posStep);
        const v2 = v128.load32_splat(p + 2 * posStep);
        const v3 = v128.load32_splat(p + 3 * posStep);
        const sa = f32x4.add(
          f32x4.add(f32x4.mul(v0, d0), f32x4.mul(v1, d1)),
          f32x4.add(f32x4.mul(v2, d2), f32x4.mul(v3, d3)),
        );
        v128.store(acc, f32x4.add(v128.load(acc), sa));
        if (lanes > 1) {
          const sb = f32x4.add(
            f32x4.add(f32x4.mul(v0, e0), f32x4.mul(v1, e1)),
            f32x4.add(f32x4.mul(v2, e2), f32x4.mul(v3, e3)),
          );
          v128.store(acc, f32x4.add(v128.load(acc, 16), sb), 16);
        }
        acc += accRow;
      }
      q += tapStep;
    }
    row += rowStep;
  }
}

/** The first output column whose window columns are all inside the image. */
// @ts-ignore: decorator
@inline
function interiorFrom(g: Geometry): i32 {
  return min(g.wo, (g.padLeft + g.sw - 1) / g.sw);
}

/** One past the last output column whose window columns are all inside the image. */
// @ts-ignore: decorator
@inline
function interiorTo(g: Geometry): i32 {
  const room = g.w - ((g.kw - 1) * g.dw + 1) + g.padLeft;
  return room < 0 ? 0 : min(g.wo, room / g.sw + 1);
}

/**
 * Direct filter gradient over output positions [r0, r1) into `dst` ([K, outC]): sums for
 * every (tap, channel) row in `scratch` (⌈outC/4⌉ vectors each, laid out as
 * forwardDirect's lanes), adding x·dy position by position (four at a time where they
 * share a row and their windows lie inside the image columns, as filterFour adds them).
 * The grouping depends on the range only, and each range is one chunk of filterChunks.
 */
function filterDirect(
  x: usize, dy: usize, dst: usize, g: Geometry, outC: i32, r0: i32, r1: i32, scratch: usize,
): void {
  const c = g.c, kw = g.kw, wo = g.wo, plane = g.ho * wo;
  const k = g.kh * kw * c;
  const imgBytes = <usize>g.h * <usize>g.w * <usize>c << 2;
  const rowStep = <usize>g.dh * <usize>g.w * <usize>c << 2;
  const tapStep = <usize>g.dw * <usize>c << 2;
  const ldy = <usize>outC << 2;
  const o1 = <usize>min(4, outC - 4) << 2;
  const o2 = <usize>min(8, max(outC - 4, 0)) << 2;
  const o3 = <usize>max(outC - 4, 0) << 2;
  const lanes = (outC + 3) >> 2;
  const accRow = <usize>lanes << 4;
  memory.fill(scratch, 0, <usize>k * accRow);
  const jA = interiorFrom(g), jB = interiorTo(g);
  const posStep = <usize>g.sw * <usize>c << 2;
  for (let r = r0; r < r1; r++) {
    const b = r / plane;
    const i = (r - b * plane) / wo;
    const j = r - b * plane - i * wo;
    const img = x + <usize>b * imgBytes;
    const a0 = rowsFrom(g, i), a1 = rowsTo(g, i);
    if (lanes <= 2 && j >= jA && j + 4 <= jB && r + 4 <= r1 && a0 < a1) {
      // Four positions of one row at once: each sum gets their four products together.
      const px = img + tapAt(g, i, j, a0, 0);
      filterFour(px, dy + <usize>r * ldy, scratch, g, a0, a1, lanes, o1, posStep, ldy, accRow);
      r += 3;
      continue;
    }
    const e0 = colsFrom(g, j), e1 = colsTo(g, j);
    if (a0 >= a1 || e0 >= e1) {
      // No tap inside the image: nothing to add.
      continue;
    }
    const first = img + tapAt(g, i, j, a0, e0);
    // With dilation 1 a window row's taps are one run of (e1 − e0)·c floats.
    const runs = g.dw == 1 ? 1 : e1 - e0;
    const runLen = g.dw == 1 ? (e1 - e0) * c : c;
    const d = dy + <usize>r * ldy;
    const d0 = v128.load(d);
    const d1 = lanes > 1 ? v128.load(d + o1) : d0;
    const d2 = lanes > 2 ? v128.load(d + o2) : d0;
    const d3 = lanes > 3 ? v128.load(d + o3) : d0;
    let row = first;
    for (let a = a0; a < a1; a++) {
      let px = row;
      let acc = scratch + <usize>((a * kw + e0) * c) * accRow;
      for (let u = 0; u < runs; u++) {
        for (let ch = 0; ch < runLen; ch++) {
          const v = v128.load32_splat(px + (<usize>ch << 2));
          v128.store(acc, f32x4.add(v128.load(acc), f32x4.mul(v, d0)));
          if (lanes > 1) v128.store(acc, f32x4.add(v128.load(acc, 16), f32x4.mul(v, d1)), 16);
          if (lanes > 2) v128.store(acc, f32x4.add(v128.load(acc, 32), f32x4.mul(v, d2)), 32);
          if (lanes > 3) v128.store(acc, f32x4.add(v128.load(acc, 48), f32x4.mul(v, d3)), 48);
          acc += accRow;
        }
        px += tapStep;
      }
      row += rowStep;
    }
  }
  for (let t = 0; t < k; t++) {
    const acc = scratch + <usize>t * accRow;
    const out = dst + <usize>t * ldy;
    v128.store(out, v128.load(acc));
    if (lanes > 1) v128.store(out + o1, v128.load(acc, 16));
    if (lanes > 2) v128.store(out + o2, v128.load(acc, 32));
    if (lanes > 3) v128.store(out + o3, v128.load(acc, 48));
  }
}
