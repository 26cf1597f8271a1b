/**
 * Direct float64 loops for 2-D convolution and max pooling over NHWC images, forward and
 * backward, written from the definitions (TF's output size and padding rule, cross-
 * correlation, the gradient to each window's first maximum): the independent source the
 * conv tests compare both backends with.
 */

/** One convolution or pooling geometry (dil: dilations, conv only). */
export interface Geometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  stride: [number, number];
  same: boolean;
  dil?: [number, number];
}

/** The convolution geometries (and output channels) every conv test covers. */
export const CONV_CASES: [string, Geometry, number][] = [
  ['valid, stride 1', { n: 2, h: 6, w: 5, c: 3, kh: 3, kw: 2, stride: [1, 1], same: false }, 4],
  [
    'same, stride 1, odd kernel',
    { n: 1, h: 5, w: 5, c: 2, kh: 3, kw: 3, stride: [1, 1], same: true },
    3,
  ],
  [
    'same, stride 1, even kernel',
    { n: 1, h: 4, w: 6, c: 1, kh: 2, kw: 4, stride: [1, 1], same: true },
    2,
  ],
  [
    'same, stride 2, odd input',
    { n: 2, h: 7, w: 5, c: 2, kh: 3, kw: 3, stride: [2, 2], same: true },
    2,
  ],
  [
    'valid, strides 2 and 3',
    { n: 1, h: 8, w: 9, c: 2, kh: 2, kw: 3, stride: [2, 3], same: false },
    3,
  ],
  [
    'valid, dilation 2',
    { n: 1, h: 7, w: 7, c: 2, kh: 3, kw: 2, stride: [1, 1], same: false, dil: [2, 2] },
    2,
  ],
  [
    'same, dilation 2',
    { n: 1, h: 6, w: 5, c: 1, kh: 3, kw: 3, stride: [1, 1], same: true, dil: [2, 1] },
    2,
  ],
];

/** TF's output size and leading pad for one axis (written out again, independently). */
export function axis(size: number, span: number, stride: number, same: boolean): [number, number] {
  if (!same) return [Math.floor((size - span) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return [out, Math.floor(total / 2)];
}

/** Output sizes and leading pads of `g` ([ho, ph, wo, pw]). */
export function outGeometry(g: Geometry): [number, number, number, number] {
  const [dh, dw] = g.dil ?? [1, 1];
  const [ho, ph] = axis(g.h, (g.kh - 1) * dh + 1, g.stride[0], g.same);
  const [wo, pw] = axis(g.w, (g.kw - 1) * dw + 1, g.stride[1], g.same);
  return [ho, ph, wo, pw];
}

/**
 * Calls `visit(xIndex, fIndexBase, outPos)` for every in-image tap of every output position:
 * `xIndex` the flat index of channel 0 of the tapped pixel, `fIndexBase` the flat index of
 * the tap's filter row (times channels), `outPos` the flat output position.
 */
function eachTap(g: Geometry, visit: (xi: number, tap: number, pos: number) => void): void {
  const { n, h, w, c, kh, kw, stride } = g;
  const [dh, dw] = g.dil ?? [1, 1];
  const [ho, ph, wo, pw] = outGeometry(g);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let a = 0; a < kh; a++)
          for (let e = 0; e < kw; e++) {
            const y = i * stride[0] + a * dh - ph;
            const z = j * stride[1] + e * dw - pw;
            if (y < 0 || y >= h || z < 0 || z >= w) continue;
            visit(((b * h + y) * w + z) * c, (a * kw + e) * c, (b * ho + i) * wo + j);
          }
}

/** Direct float64 convolution (cross-correlation), zero padding: [n, ho, wo, oc]. */
export function conv2dRef(
  x: ArrayLike<number>,
  f: ArrayLike<number>,
  g: Geometry,
  oc: number,
): Float64Array {
  const [ho, , wo] = outGeometry(g);
  const out = new Float64Array(g.n * ho * wo * oc);
  eachTap(g, (xi, tap, pos) => {
    for (let ch = 0; ch < g.c; ch++)
      for (let o = 0; o < oc; o++) out[pos * oc + o]! += x[xi + ch]! * f[(tap + ch) * oc + o]!;
  });
  return out;
}

/** The gradients of Σ dy·conv2d(x, f) with respect to x and f, in float64. */
export function conv2dGradRef(
  x: ArrayLike<number>,
  f: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: Geometry,
  oc: number,
): { dx: Float64Array; df: Float64Array } {
  const dx = new Float64Array(g.n * g.h * g.w * g.c);
  const df = new Float64Array(f.length);
  eachTap(g, (xi, tap, pos) => {
    for (let ch = 0; ch < g.c; ch++)
      for (let o = 0; o < oc; o++) {
        const d = dy[pos * oc + o]!;
        dx[xi + ch]! += d * f[(tap + ch) * oc + o]!;
        df[(tap + ch) * oc + o]! += d * x[xi + ch]!;
      }
  });
  return { dx, df };
}

/**
 * Each window's first maximum per channel (flat index into x, or -1), padding never
 * winning, a NaN winning as argMax lets it.
 */
function windowArgMax(x: ArrayLike<number>, g: Geometry): Int32Array {
  const [ho, , wo] = outGeometry(g);
  const best = new Int32Array(g.n * ho * wo * g.c).fill(-1);
  eachTap(g, (xi, _tap, pos) => {
    for (let ch = 0; ch < g.c; ch++) {
      const k = best[pos * g.c + ch]!;
      const v = x[xi + ch]!;
      const bv = k < 0 ? 0 : x[k]!;
      if (k < 0 || (bv === bv && (v > bv || v !== v))) best[pos * g.c + ch] = xi + ch;
    }
  });
  return best;
}

/** Direct max pooling: [n, ho, wo, c]. */
export function maxPoolRef(x: ArrayLike<number>, g: Geometry): Float64Array {
  return Float64Array.from(windowArgMax(x, g), (k) => (k < 0 ? -Infinity : x[k]!));
}

/** The gradient of Σ dy·maxPool(x) with respect to x: each dy to its window's first maximum. */
export function maxPoolGradRef(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: Geometry,
): Float64Array {
  const dx = new Float64Array(g.n * g.h * g.w * g.c);
  windowArgMax(x, g).forEach((k, at) => {
    if (k >= 0) dx[k]! += dy[at]!;
  });
  return dx;
}
