/**
 * Turns a drawing into the 28×28 input the models were trained on, the way the data sets
 * were made: MNIST's digits were scaled to fit a 20×20 box (keeping their aspect ratio) and
 * placed in a 28×28 image so that their centre of mass lies at its centre; Fashion-MNIST's
 * garments were scaled so that the longer side is 28 and centred by their bounding box.
 * Pure functions over typed arrays (no DOM), so Node tests check them directly.
 */

/** How the drawing is fitted into 28×28: as MNIST's digits or Fashion-MNIST's garments. */
export type FitStyle = 'digit' | 'garment';

/** Side of the model's input images. */
export const SIDE = 28;

/** Pixels darker than this (0..1) count as background when finding the drawing's box. */
const INK = 0.05;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function inkBox(ink: Float32Array, width: number, height: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Area-averages the box of `ink` into a `w`×`h` image (a box filter: anti-aliased). */
function shrink(ink: Float32Array, width: number, box: Box, w: number, h: number): Float32Array {
  const sum = new Float32Array(w * h);
  const count = new Float32Array(w * h);
  const sx = w / (box.x1 - box.x0);
  const sy = h / (box.y1 - box.y0);
  for (let y = box.y0; y < box.y1; y++) {
    const ty = Math.min(h - 1, Math.floor((y - box.y0) * sy));
    for (let x = box.x0; x < box.x1; x++) {
      const tx = Math.min(w - 1, Math.floor((x - box.x0) * sx));
      sum[ty * w + tx]! += ink[y * width + x]!;
      count[ty * w + tx]! += 1;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i]! > 0 ? sum[i]! / count[i]! : 0;
  return sum;
}

/** Centre of mass (x, y) of a `w`×`h` image, pixel centres at i + 0.5. */
export function centreOfMass(img: Float32Array, w: number, h: number): [number, number] {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = img[y * w + x]!;
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [w / 2, h / 2];
}

/**
 * The 28×28 model input (row-major, 0..1, ink bright) for a drawing given as ink values
 * 0..1 of a `width`×`height` canvas; null when nothing is drawn.
 */
export function toModelInput(
  ink: Float32Array,
  width: number,
  height: number,
  style: FitStyle = 'digit',
): Float32Array | null {
  const box = inkBox(ink, width, height);
  if (!box) return null;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const fit = style === 'digit' ? 20 : SIDE;
  const scale = fit / Math.max(bw, bh);
  const w = Math.max(1, Math.min(fit, Math.round(bw * scale)));
  const h = Math.max(1, Math.min(fit, Math.round(bh * scale)));
  const small = shrink(ink, width, box, w, h);
  let ox: number;
  let oy: number;
  if (style === 'digit') {
    const [cx, cy] = centreOfMass(small, w, h);
    ox = Math.round(SIDE / 2 - cx);
    oy = Math.round(SIDE / 2 - cy);
  } else {
    ox = Math.floor((SIDE - w) / 2);
    oy = Math.floor((SIDE - h) / 2);
  }
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < h; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= SIDE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + ox;
      if (tx >= 0 && tx < SIDE) out[ty * SIDE + tx] = small[y * w + x]!;
    }
  }
  return out;
}

/** Ink 0..1 per pixel from canvas RGBA data drawn light on dark (the red channel). */
export function inkOf(rgba: Uint8ClampedArray): Float32Array {
  const out = new Float32Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4]! / 255;
  return out;
}
