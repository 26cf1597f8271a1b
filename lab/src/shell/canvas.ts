/**
 * Canvas helpers for pages that draw fields and points (decision regions, heatmaps): a
 * canvas sized for the screen's pixel ratio, coordinate maps, and a two-class colour ramp.
 */

/** A square plotting area: data coordinates [min, max]² onto a canvas. */
export interface Plane {
  min: number;
  max: number;
}

/**
 * Sizes `canvas`'s backing store to its CSS size × devicePixelRatio and returns the 2-D
 * context scaled so that drawing is in CSS pixels, and that size.
 */
export function fitCanvas(canvas: HTMLCanvasElement): {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
} {
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width || canvas.width));
  const height = Math.max(1, Math.round(rect.height || canvas.height));
  const ratio = Math.min(globalThis.devicePixelRatio || 1, 3);
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas (no 2-D context)');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** Data x → canvas x, for a canvas `size` pixels wide. */
export const toPixelX = (plane: Plane, size: number, x: number): number =>
  ((x - plane.min) / (plane.max - plane.min)) * size;
/** Data y → canvas y (up is up), for a canvas `size` pixels high. */
export const toPixelY = (plane: Plane, size: number, y: number): number =>
  ((plane.max - y) / (plane.max - plane.min)) * size;
/** Canvas pixel → data coordinates. */
export function toData(
  plane: Plane,
  width: number,
  height: number,
  px: number,
  py: number,
): [number, number] {
  const span = plane.max - plane.min;
  return [plane.min + (px / width) * span, plane.max - (py / height) * span];
}

/** RGB of class 0 (orange) and class 1 (blue), as the lab's CSS colours. */
export const CLASS_RGB: readonly [
  readonly [number, number, number],
  readonly [number, number, number],
] = [
  [217, 72, 15],
  [25, 113, 194],
];

/**
 * A light colour for probability `p` of class 1: class 0's colour at 0, white at 0.5,
 * class 1's at 1 (the decision region's background), `strength` how saturated (0–1).
 */
export function classTint(p: number, strength = 0.55): [number, number, number] {
  const q = Math.min(1, Math.max(0, p));
  const [c, amount] = q >= 0.5 ? [CLASS_RGB[1], (q - 0.5) * 2] : [CLASS_RGB[0], (0.5 - q) * 2];
  const a = amount * strength;
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/**
 * Paints `field(x, y)` (a class-1 probability) over the plane on a `cells`×`cells` grid,
 * scaled to the canvas: the decision region. `values` may be given precomputed, row by row
 * from the top (y = max) — one model call for the whole grid.
 */
export function paintField(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  cells: number,
  values: ArrayLike<number>,
  strength = 0.55,
): void {
  const image = new ImageData(cells, cells);
  for (let i = 0; i < cells * cells; i++) {
    const [r, g, b] = classTint(values[i] ?? 0.5, strength);
    image.data[i * 4] = r;
    image.data[i * 4 + 1] = g;
    image.data[i * 4 + 2] = b;
    image.data[i * 4 + 3] = 255;
  }
  const tmp = new OffscreenCanvas(cells, cells);
  tmp.getContext('2d')!.putImageData(image, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, width, height);
  ctx.restore();
}

/** The cell centres of a `cells`×`cells` grid over the plane, row by row from the top: `[x0, y0, x1, y1, …]`. */
export function gridPoints(plane: Plane, cells: number): Float32Array {
  const out = new Float32Array(cells * cells * 2);
  const span = plane.max - plane.min;
  for (let r = 0; r < cells; r++)
    for (let c = 0; c < cells; c++) {
      const i = (r * cells + c) * 2;
      out[i] = plane.min + ((c + 0.5) / cells) * span;
      out[i + 1] = plane.max - ((r + 0.5) / cells) * span;
    }
  return out;
}
