/**
 * 2-D convolution over NHWC images, forward and both gradients, as pure loops over typed
 * arrays (see Backend.conv2d and WindowGeometry). Every output element is a sum
 * accumulated in float64 in a fixed order (output positions, then taps in row-major order,
 * then channels) and rounded once to float32.
 */
import type { WindowGeometry } from '../../backend.js';

/**
 * The in-image taps of output position `pos` (flat over n·ho·wo): fills `taps` with the
 * tap's index (a·kw + e) and `pixels` with the flat index of the pixel it reads (over
 * n·h·w); returns how many.
 */
function tapsOf(g: WindowGeometry, pos: number, taps: Int32Array, pixels: Int32Array): number {
  const { h, w, kh, kw, sh, sw, dh, dw, ho, wo, padTop, padLeft } = g;
  const b = Math.floor(pos / (ho * wo));
  const i = Math.floor(pos / wo) % ho;
  const j = pos % wo;
  let count = 0;
  for (let a = 0; a < kh; a++) {
    const y = i * sh + a * dh - padTop;
    if (y < 0 || y >= h) continue;
    for (let e = 0; e < kw; e++) {
      const z = j * sw + e * dw - padLeft;
      if (z < 0 || z >= w) continue;
      taps[count] = a * kw + e;
      pixels[count++] = (b * h + y) * w + z;
    }
  }
  return count;
}

/** Scratch for tapsOf. */
function tapBuffers(g: WindowGeometry): [Int32Array, Int32Array] {
  return [new Int32Array(g.kh * g.kw), new Int32Array(g.kh * g.kw)];
}

/** out [n·ho·wo, outC] = the convolution of `x` with `f` ([kh·kw·c, outC]). */
export function conv2dLoop(
  x: Float32Array,
  f: Float32Array,
  g: WindowGeometry,
  outC: number,
  out: Float32Array,
): void {
  const c = g.c;
  const [taps, pixels] = tapBuffers(g);
  const acc = new Float64Array(outC);
  for (let pos = 0; pos < g.n * g.ho * g.wo; pos++) {
    acc.fill(0);
    const count = tapsOf(g, pos, taps, pixels);
    for (let t = 0; t < count; t++) {
      for (let ch = 0; ch < c; ch++) {
        const v = x[pixels[t]! * c + ch]!;
        const row = (taps[t]! * c + ch) * outC;
        for (let o = 0; o < outC; o++) acc[o]! += v * f[row + o]!;
      }
    }
    out.set(acc, pos * outC);
  }
}

/** dx [n·h·w, c] = the gradient of the convolution with respect to `x`, for `dy`. */
export function conv2dBackpropInputLoop(
  dy: Float32Array,
  f: Float32Array,
  g: WindowGeometry,
  outC: number,
  dx: Float32Array,
): void {
  const c = g.c;
  const [taps, pixels] = tapBuffers(g);
  const acc = new Float64Array(dx.length);
  for (let pos = 0; pos < g.n * g.ho * g.wo; pos++) {
    const count = tapsOf(g, pos, taps, pixels);
    for (let t = 0; t < count; t++) {
      for (let ch = 0; ch < c; ch++) {
        const row = (taps[t]! * c + ch) * outC;
        let s = 0;
        for (let o = 0; o < outC; o++) s += dy[pos * outC + o]! * f[row + o]!;
        acc[pixels[t]! * c + ch]! += s;
      }
    }
  }
  dx.set(acc);
}

/** df [kh·kw·c, outC] = the gradient of the convolution with respect to the filter. */
export function conv2dBackpropFilterLoop(
  x: Float32Array,
  dy: Float32Array,
  g: WindowGeometry,
  outC: number,
  df: Float32Array,
): void {
  const c = g.c;
  const [taps, pixels] = tapBuffers(g);
  const acc = new Float64Array(df.length);
  for (let pos = 0; pos < g.n * g.ho * g.wo; pos++) {
    const count = tapsOf(g, pos, taps, pixels);
    for (let t = 0; t < count; t++) {
      for (let ch = 0; ch < c; ch++) {
        const v = x[pixels[t]! * c + ch]!;
        const row = (taps[t]! * c + ch) * outC;
        for (let o = 0; o < outC; o++) acc[row + o]! += v * dy[pos * outC + o]!;
      }
    }
  }
  df.set(acc);
}
