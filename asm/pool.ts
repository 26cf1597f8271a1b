/**
 * Max pooling over NHWC float32 images and its gradient (see Backend.maxPool): channels
 * four at a time in f32x4 lanes. Only taps inside the image count. max propagates NaN (as
 * reduce's max); the gradient goes to each window's first maximum in row-major tap order,
 * a NaN counting as a maximum (as argMax picks it). Each kernel works on a range
 * (positions, images) so that threads may share one call.
 */
import { Geometry } from './window-geometry';

/** Output positions [r0, r1) (each c floats of `out`) of the max pool of `x`. */
export function maxPool(x: usize, out: usize, geometry: usize, r0: i32, r1: i32): void {
  const g = changetype<Geometry>(geometry);
  const h = g.h, w = g.w, c = g.c, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw;
  const dh = g.dh, dw = g.dw, wo = g.wo, padTop = g.padTop, padLeft = g.padLeft;
  const plane = g.ho * wo;
  if (r1 <= r0 || plane == 0) return;
  const rowBytes = <usize>w * <usize>c << 2;
  const tapBytes = <usize>c << 2;
  let b = r0 / plane;
  let i = (r0 - b * plane) / wo;
  let j = r0 - b * plane - i * wo;
  let dst = out + (<usize>r0 * tapBytes);
  for (let r = r0; r < r1; r++) {
    const img = x + <usize>b * <usize>h * rowBytes;
    // The taps inside the image: rows [a0, a1), columns [e0, e1) of the window.
    const y0 = i * sh - padTop;
    const z0 = j * sw - padLeft;
    let a0 = 0, a1 = kh, e0 = 0, e1 = kw;
    while (a0 < kh && y0 + a0 * dh < 0) a0++;
    while (a1 > a0 && y0 + (a1 - 1) * dh >= h) a1--;
    while (e0 < kw && z0 + e0 * dw < 0) e0++;
    while (e1 > e0 && z0 + (e1 - 1) * dw >= w) e1--;
    const first = img + <usize>(y0 + a0 * dh) * rowBytes + <usize>(z0 + e0 * dw) * tapBytes;
    const aStep = <usize>dh * rowBytes;
    const eStep = <usize>dw * tapBytes;
    if (c >= 4) {
      // Vectors of 4 channels; the last one overlaps the one before it (max is idempotent).
      for (let k = 0; k < c; k += 4) {
        const kk = <usize>min(k, c - 4) << 2;
        let acc = f32x4.splat(-Infinity);
        let row = first + kk;
        for (let a = a0; a < a1; a++) {
          let p = row;
          for (let e = e0; e < e1; e++) {
            acc = f32x4.max(acc, v128.load(p));
            p += eStep;
          }
          row += aStep;
        }
        v128.store(dst + kk, acc);
      }
    } else {
      for (let k = 0; k < c; k++) {
        // Branch-free (a select): pooled values are data, a branch on them mispredicts.
        let acc: f32 = -Infinity;
        let row = first + (<usize>k << 2);
        for (let a = a0; a < a1; a++) {
          let p = row;
          for (let e = e0; e < e1; e++) {
            const v = load<f32>(p);
            acc = select<f32>(v, acc, (v > acc) | (v != v));
            p += eStep;
          }
          row += aStep;
        }
        store<f32>(dst + (<usize>k << 2), acc);
      }
    }
    dst += tapBytes;
    if (++j == wo) {
      j = 0;
      if (++i == g.ho) {
        i = 0;
        b++;
      }
    }
  }
}

/**
 * Images [b0, b1) of the max pool's input gradient `dx`: zeroed, then each window's `dy`
 * added to the element of its first maximum.
 */
export function maxPoolGrad(x: usize, dy: usize, dx: usize, geometry: usize, b0: i32, b1: i32): void {
  const g = changetype<Geometry>(geometry);
  const h = g.h, w = g.w, c = g.c, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw;
  const dh = g.dh, dw = g.dw, ho = g.ho, wo = g.wo, padTop = g.padTop, padLeft = g.padLeft;
  if (b1 <= b0) return;
  const rowBytes = <usize>w * <usize>c << 2;
  const imgBytes = <usize>h * rowBytes;
  const tapBytes = <usize>c << 2;
  memory.fill(dx + <usize>b0 * imgBytes, 0, <usize>(b1 - b0) * imgBytes);
  let gy = dy + (<usize>b0 * <usize>(ho * wo) * tapBytes);
  for (let b = b0; b < b1; b++) {
    const img = x + <usize>b * imgBytes;
    const grad = dx + <usize>b * imgBytes;
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        // The taps inside the image: rows [a0, a1), columns [e0, e1) of the window.
        const y0 = i * sh - padTop;
        const z0 = j * sw - padLeft;
        let a0 = 0, a1 = kh, e0 = 0, e1 = kw;
        while (a0 < kh && y0 + a0 * dh < 0) a0++;
        while (a1 > a0 && y0 + (a1 - 1) * dh >= h) a1--;
        while (e0 < kw && z0 + e0 * dw < 0) e0++;
        while (e1 > e0 && z0 + (e1 - 1) * dw >= w) e1--;
        if (a0 < a1 && e0 < e1) {
          const first = <i32>(<usize>(y0 + a0 * dh) * rowBytes + <usize>(z0 + e0 * dw) * tapBytes);
          const aStep = <i32>(<usize>dh * rowBytes);
          const eStep = <i32>(<usize>dw * tapBytes);
          if (c >= 4) {
            gradVectors(img, grad, gy, c, first, a1 - a0, aStep, e1 - e0, eStep);
          } else {
            for (let k = 0; k < c; k++) {
              // Branch-free (selects): the comparisons are of data, and mispredict.
              let best: f32 = load<f32>(img + <usize>(first + (k << 2)));
              let at = first + (k << 2);
              let row = at;
              for (let a = a0; a < a1; a++) {
                let off = row;
                for (let e = e0; e < e1; e++) {
                  const v = load<f32>(img + <usize>off);
                  const wins = (v > best) | ((v != v) & (best == best));
                  best = select<f32>(v, best, wins);
                  at = select<i32>(off, at, wins);
                  off += eStep;
                }
                row += aStep;
              }
              const p = grad + <usize>at;
              store<f32>(p, load<f32>(p) + load<f32>(gy + (<usize>k << 2)));
            }
          }
        }
        gy += tapBytes;
      }
    }
  }
}

/**
 * One window of maxPoolGrad over c ≥ 4 channels, four at a time (the last vector overlaps
 * the one before it; its lanes already done are skipped): per lane, the best value and
 * the byte offset (in the image) of its tap. The window's first tap is at `first`, its
 * taps `rows` x `cols`, `aStep` and `eStep` bytes apart.
 */
// @ts-ignore: decorator
@inline
function gradVectors(
  img: usize, grad: usize, gy: usize, c: i32, first: i32, rows: i32, aStep: i32, cols: i32, eStep: i32,
): void {
  for (let k = 0; k < c; k += 4) {
    const kk = min(k, c - 4);
    const ch = kk << 2;
    let best = v128.load(img + <usize>(first + ch));
    let at = i32x4.splat(first + ch);
    let row = first + ch;
    for (let a = 0; a < rows; a++) {
      let off = row;
      for (let e = 0; e < cols; e++) {
        const v = v128.load(img + <usize>off);
        // v wins where it is larger, or a NaN while the best is not.
        const wins = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
        best = v128.bitselect(v, best, wins);
        at = v128.bitselect(i32x4.splat(off), at, wins);
        off += eStep;
      }
      row += aStep;
    }
    // Lane l is channel kk + l; the overlapping vector skips the lanes before k.
    const d = gy + <usize>ch;
    if (kk == k) addAt(grad, i32x4.extract_lane(at, 0), d);
    if (kk + 1 >= k) addAt(grad, i32x4.extract_lane(at, 1) + 4, d + 4);
    if (kk + 2 >= k) addAt(grad, i32x4.extract_lane(at, 2) + 8, d + 8);
    addAt(grad, i32x4.extract_lane(at, 3) + 12, d + 12);
  }
}

/** grad[off] += *d. */
// @ts-ignore: decorator
@inline
function addAt(grad: usize, off: i32, d: usize): void {
  const p = grad + <usize>off;
  store<f32>(p, load<f32>(p) + load<f32>(d));
}
