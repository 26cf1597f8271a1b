/**
 * Max pooling over NHWC images and its gradient, as pure loops over typed arrays (see
 * Backend.maxPool and WindowGeometry). Only taps inside the image count: padding never
 * wins. A NaN wins a window (as reduce's max); the gradient goes to the window's first
 * maximum in row-major tap order (as argMax picks it, the first NaN if any).
 */
import type { DataArray } from '../../../tensor/dtype.js';
import type { WindowGeometry } from '../../backend.js';

/**
 * For each window of output position (b, i, j) and channel, calls `visit` with the flat
 * index of the window's first maximum in `x` (or -1 when no tap is inside the image) and
 * the flat index of the output element.
 */
function eachWindowMax(
  x: DataArray,
  g: WindowGeometry,
  visit: (best: number, at: number) => void,
): void {
  const { n, h, w, c, kh, kw, sh, sw, dh, dw, ho, wo, padTop, padLeft } = g;
  let at = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        for (let ch = 0; ch < c; ch++) {
          let best = -1;
          let bv = 0;
          for (let a = 0; a < kh && bv === bv; a++) {
            const y = i * sh + a * dh - padTop;
            if (y < 0 || y >= h) continue;
            for (let e = 0; e < kw; e++) {
              const z = j * sw + e * dw - padLeft;
              if (z < 0 || z >= w) continue;
              const k = ((b * h + y) * w + z) * c + ch;
              const v = x[k]!;
              if (best < 0 || v > bv || v !== v) {
                best = k;
                bv = v;
                if (v !== v) break;
              }
            }
          }
          visit(best, at++);
        }
      }
    }
  }
}

/**
 * Writes each window's largest value per channel into `out` ([n, ho, wo, c]); `empty` for a
 * window with no tap inside the image.
 */
export function maxPoolLoop(x: DataArray, g: WindowGeometry, empty: number, out: DataArray): void {
  eachWindowMax(x, g, (best, at) => {
    out[at] = best < 0 ? empty : x[best]!;
  });
}

/** Adds each window's `dy` to its first maximum's element of `out` ([n, h, w, c], zeroed). */
export function maxPoolGradLoop(
  x: DataArray,
  dy: DataArray,
  g: WindowGeometry,
  out: DataArray,
): void {
  eachWindowMax(x, g, (best, at) => {
    if (best >= 0) out[best] = out[best]! + dy[at]!;
  });
}
