/**
 * Drawing on canvases: the decision map (the predicted class's colour, paler where the
 * network is unsure), each hidden neuron's map (orange negative, blue positive), and the
 * points. Colours and the pixel maths are pure functions; the drawing is thin.
 */
import { DOMAIN } from './data.js';
import type { Point } from './state.js';
import { argMax } from './trainer.js';

/** Class colours: orange and blue as TensorFlow Playground, then six more. */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [230, 119, 0],
  [25, 113, 194],
  [47, 158, 68],
  [132, 94, 247],
  [194, 37, 92],
  [12, 133, 153],
  [160, 82, 45],
  [73, 80, 87],
];

/** `#rrggbb` of class `c`. */
export function classHex(c: number): string {
  const [r, g, b] = CLASS_COLORS[c % CLASS_COLORS.length]!;
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

const WHITE = [255, 255, 255] as const;

function mix(a: readonly number[], b: readonly number[], t: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  return [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * u)) as [number, number, number];
}

/**
 * RGBA pixels of the decision map from the model's outputs over a res×res grid: [n, 1]
 * sigmoid outputs for two classes, [n, k] softmax outputs for more.
 */
export function decisionPixels(
  out: Float32Array,
  k: number,
  res: number,
): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(res * res * 4);
  for (let i = 0; i < res * res; i++) {
    let cls: number;
    let certainty: number;
    if (k === 1) {
      const p = out[i]!;
      cls = p >= 0.5 ? 1 : 0;
      certainty = Math.abs(2 * p - 1);
    } else {
      const row = out.subarray(i * k, i * k + k);
      cls = argMax(row);
      certainty = (row[cls]! - 1 / k) / (1 - 1 / k);
    }
    const [r, g, b] = mix(WHITE, CLASS_COLORS[cls % CLASS_COLORS.length]!, 0.15 + 0.6 * certainty);
    px.set([r, g, b, 255], i * 4);
  }
  return px;
}

/** RGBA pixels of one neuron's map: `values[i * stride + unit]`, scaled by `scale`. */
export function neuronPixels(
  values: Float32Array,
  stride: number,
  unit: number,
  res: number,
  scale: number,
): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(res * res * 4);
  const s = scale > 1e-9 && Number.isFinite(scale) ? scale : 1;
  for (let i = 0; i < res * res; i++) {
    const v = values[i * stride + unit]! / s;
    const [r, g, b] = mix(WHITE, v < 0 ? CLASS_COLORS[0]! : CLASS_COLORS[1]!, Math.abs(v) * 0.85);
    px.set([r, g, b, 255], i * 4);
  }
  return px;
}

/** The largest |value| of one unit over the grid. */
export function unitScale(values: Float32Array, stride: number, unit: number): number {
  let m = 0;
  for (let i = unit; i < values.length; i += stride) {
    const v = Math.abs(values[i]!);
    if (v > m) m = v;
  }
  return m;
}

const scratch = new Map<number, HTMLCanvasElement>();

/** Paints res×res pixels stretched (smoothly) over the whole canvas. */
export function paintPixels(
  canvas: HTMLCanvasElement,
  px: Uint8ClampedArray<ArrayBuffer>,
  res: number,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (canvas.width === res && canvas.height === res) {
    // A canvas of the grid's size (the neurons' maps): CSS stretches it, smoothly.
    ctx.putImageData(new ImageData(px, res, res), 0, 0);
    return;
  }
  let small = scratch.get(res);
  if (!small) {
    small = document.createElement('canvas');
    small.width = res;
    small.height = res;
    scratch.set(res, small);
  }
  small.getContext('2d')?.putImageData(new ImageData(px, res, res), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

/** Canvas pixel of a data point. */
export function toCanvas(x: number, y: number, size: number): [number, number] {
  return [((x + DOMAIN) / (2 * DOMAIN)) * size, ((DOMAIN - y) / (2 * DOMAIN)) * size];
}

/** Data point of a canvas pixel. */
export function fromCanvas(px: number, py: number, size: number): [number, number] {
  return [(px / size) * 2 * DOMAIN - DOMAIN, DOMAIN - (py / size) * 2 * DOMAIN];
}

/** Draws the points: training ones with a white ring, test ones with a dark ring. */
export function drawPoints(
  canvas: HTMLCanvasElement,
  train: readonly Point[],
  test: readonly Point[] | null,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const size = canvas.width;
  const r = Math.max(2.5, size / 110);
  const dot = (p: Point, ring: string): void => {
    const [x, y] = toCanvas(p.x, p.y, size);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = classHex(p.label);
    ctx.fill();
    ctx.lineWidth = Math.max(1, r / 3);
    ctx.strokeStyle = ring;
    ctx.stroke();
  };
  train.forEach((p) => dot(p, '#ffffff'));
  test?.forEach((p) => dot(p, '#111111'));
}

/** Draws the keyboard cursor (a cross) at a data point. */
export function drawCursor(canvas: HTMLCanvasElement, x: number, y: number, color: string): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const [cx, cy] = toCanvas(x, y, canvas.width);
  const r = canvas.width / 30;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(cx - r, cy);
  ctx.lineTo(cx + r, cy);
  ctx.moveTo(cx, cy - r);
  ctx.lineTo(cx, cy + r);
  ctx.stroke();
}
