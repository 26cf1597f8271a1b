/**
 * The windows of NHWC float32 images as rows of a matrix (im2col) and its adjoint (col2im),
 * for the convolution kernels (conv.ts): a row per output position (b, i, j), its kh·kw
 * taps in row-major order, each tap's c channels together. Runs of channels (and, with
 * dilation 1, of whole window rows) are contiguous in both the image and the matrix, so
 * both move f32x4 vectors. Both work on a range of rows, so that a kernel may go through
 * a large matrix a block of rows at a time.
 */
import { copyRun, fillRun, Geometry } from './window-geometry';

/** dst[0..n) += src[0..n). */
// @ts-ignore: decorator
@inline
function addRun(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const d = dst + (<usize>k << 2);
    v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>k << 2))));
  }
  for (; k < n; k++) {
    const d = dst + (<usize>k << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>k << 2)));
  }
}

/**
 * Rows [r0, r1) of the window matrix of the images at `x` into `dst` (row r0 first), zero
 * for taps outside the image.
 */
export function im2colRows(x: usize, dst: usize, g: Geometry, r0: i32, r1: i32): void {
  const h = g.h, w = g.w, c = g.c, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw;
  const dh = g.dh, dw = g.dw, wo = g.wo, padTop = g.padTop, padLeft = g.padLeft;
  const plane = g.ho * wo;
  if (r1 <= r0 || plane == 0) return;
  const rowBytes = <usize>w * <usize>c << 2;
  const tapBytes = <usize>c << 2;
  const span = kw * c;
  let b = r0 / plane;
  let i = (r0 - b * plane) / wo;
  let j = r0 - b * plane - i * wo;
  for (let r = r0; r < r1; r++) {
    const img = x + <usize>b * <usize>h * rowBytes;
    const z0 = j * sw - padLeft;
    const whole = dw == 1 && z0 >= 0 && z0 + kw <= w;
    for (let a = 0; a < kh; a++) {
      const y = i * sh + a * dh - padTop;
      if (y < 0 || y >= h) {
        fillRun(dst, span, 0);
        dst += <usize>span << 2;
        continue;
      }
      const src = img + <usize>y * rowBytes;
      if (whole) {
        copyRun(dst, src + <usize>z0 * tapBytes, span);
        dst += <usize>span << 2;
        continue;
      }
      for (let e = 0; e < kw; e++) {
        const z = z0 + e * dw;
        if (z < 0 || z >= w) fillRun(dst, c, 0);
        else copyRun(dst, src + <usize>z * tapBytes, c);
        dst += tapBytes;
      }
    }
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
 * Adds rows [r0, r1) of a window matrix (at `src`, row r0 first) to the image elements
 * they copy, in `dx`: each element gets its entries in row order (padding taps dropped).
 */
export function col2imRows(src: usize, dx: usize, g: Geometry, r0: i32, r1: i32): void {
  const h = g.h, w = g.w, c = g.c, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw;
  const dh = g.dh, dw = g.dw, wo = g.wo, padTop = g.padTop, padLeft = g.padLeft;
  const plane = g.ho * wo;
  if (r1 <= r0 || plane == 0) return;
  const rowBytes = <usize>w * <usize>c << 2;
  const tapBytes = <usize>c << 2;
  const span = kw * c;
  let b = r0 / plane;
  let i = (r0 - b * plane) / wo;
  let j = r0 - b * plane - i * wo;
  for (let r = r0; r < r1; r++) {
    const img = dx + <usize>b * <usize>h * rowBytes;
    const z0 = j * sw - padLeft;
    const whole = dw == 1 && z0 >= 0 && z0 + kw <= w;
    for (let a = 0; a < kh; a++) {
      const y = i * sh + a * dh - padTop;
      if (y < 0 || y >= h) {
        src += <usize>span << 2;
        continue;
      }
      const row = img + <usize>y * rowBytes;
      if (whole) {
        addRun(row + <usize>z0 * tapBytes, src, span);
        src += <usize>span << 2;
        continue;
      }
      for (let e = 0; e < kw; e++) {
        const z = z0 + e * dw;
        if (z >= 0 && z < w) addRun(row + <usize>z * tapBytes, src, c);
        src += tapBytes;
      }
    }
    if (++j == wo) {
      j = 0;
      if (++i == g.ho) {
        i = 0;
        b++;
      }
    }
  }
}
