/**
 * The surface on a canvas: a heatmap of f (computed by one Neurite expression over a grid)
 * with contour lines where the colour band changes, the landmarks, the start, and each
 * optimizer's path in its colour. Pixel ↔ (x, y) conversions for clicks live here too.
 */
import type { RacerPath } from './race.js';
import { gridValues, type Landmark, type RaceSurface } from './surfaces.js';

/** Viridis at five stops, mixed halfway to white so that the paths stand out. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
].map(([r, g, b]) => [r! + (255 - r!) * 0.55, g! + (255 - g!) * 0.55, b! + (255 - b!) * 0.55]);

/** Contour bands. */
const BANDS = 16;

function colour(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The `q` quantile of finite values (sorted copy). */
function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/** The heatmap of `surface` as an image `cols`×`rows` pixels. */
export function heatmap(surface: RaceSurface, cols: number, rows: number): ImageData {
  const z = gridValues(surface, cols, rows);
  let min = Infinity;
  for (const v of z) if (v < min) min = v;
  const t = surface.log ? z.map((v) => Math.log1p(v - min)) : z;
  const sorted = Float32Array.from(t).sort();
  // Clip the top 2% so that a steep rim does not wash out the rest.
  const lo = quantile(sorted, 0);
  const hi = quantile(sorted, 0.98);
  const span = hi - lo || 1;
  const band = new Int16Array(t.length);
  for (let i = 0; i < t.length; i++)
    band[i] = Math.min(BANDS - 1, Math.floor(((t[i]! - lo) / span) * BANDS));
  const image = new ImageData(cols, rows);
  const d = image.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      let [R, G, B] = colour((t[i]! - lo) / span);
      const edge =
        (c + 1 < cols && band[i + 1] !== band[i]) || (r + 1 < rows && band[i + cols] !== band[i]);
      if (edge) [R, G, B] = [R * 0.78, G * 0.78, B * 0.78];
      d[i * 4] = R;
      d[i * 4 + 1] = G;
      d[i * 4 + 2] = B;
      d[i * 4 + 3] = 255;
    }
  }
  return image;
}

/** What one frame draws besides the surface. */
export interface PlotFrame {
  start: readonly [number, number];
  paths: readonly RacerPath[];
  colors: Readonly<Record<string, string>>;
  /** Dots at every step while they stay apart. */
  dots: boolean;
}

/** The canvas view of a surface. */
export class SurfacePlot {
  readonly canvas: HTMLCanvasElement;
  #surface: RaceSurface;
  #background: HTMLCanvasElement | null = null;
  #width = 0;
  #height = 0;

  constructor(canvas: HTMLCanvasElement, surface: RaceSurface) {
    this.canvas = canvas;
    this.#surface = surface;
  }

  /** Switches to another surface (the heatmap is recomputed on the next draw). */
  setSurface(surface: RaceSurface): void {
    this.#surface = surface;
    this.#background = null;
  }

  /** Fits the canvas to `width` CSS pixels (height from the area's aspect ratio). */
  resize(width: number): void {
    const s = this.#surface;
    const aspect = (s.y[1] - s.y[0]) / (s.x[1] - s.x[0]);
    const w = Math.max(200, Math.round(width));
    const h = Math.round(Math.min(w, Math.max(w * 0.5, w * aspect)));
    if (w === this.#width && h === this.#height && this.#background) return;
    this.#width = w;
    this.#height = h;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    this.canvas.width = Math.round(w * ratio);
    this.canvas.height = Math.round(h * ratio);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.#background = null;
  }

  /** (x, y) of a point given in CSS pixels from the canvas's top left. */
  toData(px: number, py: number): [number, number] {
    const s = this.#surface;
    return [
      s.x[0] + (px / this.#width) * (s.x[1] - s.x[0]),
      s.y[1] - (py / this.#height) * (s.y[1] - s.y[0]),
    ];
  }

  /** CSS pixels of (x, y). */
  toPixel(x: number, y: number): [number, number] {
    const s = this.#surface;
    return [
      ((x - s.x[0]) / (s.x[1] - s.x[0])) * this.#width,
      ((s.y[1] - y) / (s.y[1] - s.y[0])) * this.#height,
    ];
  }

  #paintBackground(): HTMLCanvasElement {
    // The grid at CSS-pixel resolution: one Neurite expression over ≤ 560×560 points.
    const cols = this.#width;
    const rows = this.#height;
    const img = heatmap(this.#surface, cols, rows);
    const bg = document.createElement('canvas');
    bg.width = cols;
    bg.height = rows;
    bg.getContext('2d')!.putImageData(img, 0, 0);
    return bg;
  }

  /** Draws the surface, its landmarks, the start and the paths. */
  draw(frame: PlotFrame): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.#width === 0) return;
    this.#background ??= this.#paintBackground();
    const ratio = this.canvas.width / this.#width;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.#background, 0, 0, this.#width, this.#height);
    this.#axes(ctx);
    for (const m of this.#surface.landmarks) this.#landmark(ctx, m);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, this.#width, this.#height);
    ctx.clip();
    // Lines first, then every optimizer's current point on top: paths that share a valley
    // cover each other's lines, never each other's position.
    for (const p of frame.paths) this.#path(ctx, p, frame.colors[p.id] ?? '#000', frame.dots);
    for (const p of frame.paths) this.#head(ctx, p, frame.colors[p.id] ?? '#000');
    ctx.restore();
    const [sx, sy] = this.toPixel(frame.start[0], frame.start[1]);
    ctx.beginPath();
    ctx.arc(sx, sy, 6, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#111';
    ctx.stroke();
  }

  #axes(ctx: CanvasRenderingContext2D): void {
    const s = this.#surface;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = 'rgba(20,20,20,0.85)';
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(`x ${s.x[0]}`, 4, this.#height - 2);
    ctx.textAlign = 'right';
    ctx.fillText(`x ${s.x[1]}`, this.#width - 4, this.#height - 2);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(`y ${s.y[1]}`, 4, 2);
  }

  #landmark(ctx: CanvasRenderingContext2D, m: Landmark): void {
    const [px, py] = this.toPixel(m.x, m.y);
    ctx.fillStyle = '#111';
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (m.kind === 'saddle') {
      ctx.moveTo(px - 5, py - 5);
      ctx.lineTo(px + 5, py + 5);
      ctx.moveTo(px + 5, py - 5);
      ctx.lineTo(px - 5, py + 5);
      ctx.stroke();
      return;
    }
    ctx.moveTo(px, py - 6);
    ctx.lineTo(px + 6, py);
    ctx.lineTo(px, py + 6);
    ctx.lineTo(px - 6, py);
    ctx.closePath();
    if (m.kind === 'min') ctx.fill();
    else ctx.stroke();
  }

  #path(ctx: CanvasRenderingContext2D, p: RacerPath, color: string, dots: boolean): void {
    if (p.points.length === 0) return;
    const pts = p.points.map(([x, y]) => this.toPixel(x, y));
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const [width, style] of [
      [4.5, 'rgba(255,255,255,0.85)'],
      [2, color],
    ] as const) {
      ctx.beginPath();
      ctx.moveTo(pts[0]![0], pts[0]![1]);
      for (const [x, y] of pts) ctx.lineTo(x, y);
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.stroke();
    }
    ctx.fillStyle = color;
    if (dots)
      for (const [x, y] of pts) {
        ctx.beginPath();
        ctx.arc(x, y, 2, 0, 2 * Math.PI);
        ctx.fill();
      }
  }

  #head(ctx: CanvasRenderingContext2D, p: RacerPath, color: string): void {
    const last = p.points[p.points.length - 1];
    if (!last) return;
    const [lx, ly] = this.toPixel(last[0], last[1]);
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(lx, ly, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
}
