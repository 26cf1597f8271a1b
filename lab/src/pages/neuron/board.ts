/**
 * The neuron page's plane: points of two classes drawn on a canvas over [-0.5, 1.5]², the
 * perceptron's line or the network's decision region behind them, and the ways to edit the
 * points: pointer (click/tap adds, drag moves, Shift-click removes) and keyboard (arrows
 * move a cursor, Enter or Space adds, Delete or Backspace removes the nearest point).
 */
import {
  CLASS_RGB,
  fitCanvas,
  gridPoints,
  paintField,
  toData,
  toPixelX,
  toPixelY,
} from '../../shell/canvas.js';
import { MAX_POINTS, PLANE, type Point } from './data.js';

/** What the board draws behind the points. */
export type Background =
  | { kind: 'none' }
  | { kind: 'line'; w: [number, number]; b: number; wrong: ReadonlySet<number> }
  | { kind: 'field'; cells: number; values: Float32Array };

/** Cells per side of the decision-region grid. */
export const FIELD_CELLS = 64;
/** The grid's points, row by row from the top, for the network's predictions. */
export const FIELD_POINTS = gridPoints(PLANE, FIELD_CELLS);

const rgb = (c: readonly number[]): string => `rgb(${c.join(',')})`;
const RADIUS = 9;

/** The board: call `draw` after a change; `onChange` fires when the user has edited the points. */
export class Board {
  readonly canvas: HTMLCanvasElement;
  points: Point[];
  background: Background = { kind: 'none' };
  /** The class a click places. */
  label: 0 | 1 = 1;
  #cursor: [number, number] = [0.5, 0.5];
  #focused = false;
  #drag: { index: number; moved: boolean } | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    points: Point[],
    onChange: () => void,
    signal: AbortSignal,
  ) {
    this.canvas = canvas;
    this.points = points;
    const opts = { signal };
    const at = (e: PointerEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      const [x, y] = toData(PLANE, r.width, r.height, e.clientX - r.left, e.clientY - r.top);
      return [clamp(x), clamp(y)];
    };
    canvas.addEventListener(
      'pointerdown',
      (e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        canvas.focus({ preventScroll: true });
        const [x, y] = at(e);
        const near = this.nearest(x, y, RADIUS * 1.6);
        if (e.shiftKey) {
          if (near >= 0) {
            this.points.splice(near, 1);
            onChange();
          }
          return;
        }
        if (near >= 0) this.#drag = { index: near, moved: false };
        else if (this.points.length < MAX_POINTS) {
          this.points.push({ x, y, label: this.label });
          this.#drag = { index: this.points.length - 1, moved: true };
          this.draw();
        } else return;
        canvas.setPointerCapture(e.pointerId);
      },
      opts,
    );
    canvas.addEventListener(
      'pointermove',
      (e) => {
        if (!this.#drag) return;
        const [x, y] = at(e);
        const p = this.points[this.#drag.index]!;
        p.x = x;
        p.y = y;
        this.#drag.moved = true;
        this.draw();
      },
      opts,
    );
    const end = (): void => {
      if (this.#drag?.moved) onChange();
      this.#drag = null;
    };
    canvas.addEventListener('pointerup', end, opts);
    canvas.addEventListener('pointercancel', end, opts);
    canvas.addEventListener(
      'keydown',
      (e) => {
        const stepSize = e.shiftKey ? 0.2 : 0.05;
        const moves: Record<string, [number, number]> = {
          ArrowLeft: [-stepSize, 0],
          ArrowRight: [stepSize, 0],
          ArrowUp: [0, stepSize],
          ArrowDown: [0, -stepSize],
        };
        const move = moves[e.key];
        if (move) {
          this.#cursor = [clamp(this.#cursor[0] + move[0]), clamp(this.#cursor[1] + move[1])];
        } else if ((e.key === 'Enter' || e.key === ' ') && this.points.length < MAX_POINTS) {
          this.points.push({ x: this.#cursor[0], y: this.#cursor[1], label: this.label });
          onChange();
        } else if (e.key === 'Delete' || e.key === 'Backspace') {
          const near = this.nearest(this.#cursor[0], this.#cursor[1], Infinity);
          if (near >= 0) {
            this.points.splice(near, 1);
            onChange();
          }
        } else return;
        e.preventDefault();
        this.draw();
      },
      opts,
    );
    canvas.addEventListener('focus', () => ((this.#focused = true), this.draw()), opts);
    canvas.addEventListener('blur', () => ((this.#focused = false), this.draw()), opts);
    const resize = new ResizeObserver(() => this.draw());
    resize.observe(canvas);
    signal.addEventListener('abort', () => resize.disconnect(), { once: true });
  }

  /** The index of the point nearest (x, y) within `px` screen pixels, or -1. */
  nearest(x: number, y: number, px: number): number {
    const size = this.canvas.getBoundingClientRect().width || 1;
    const scale = size / (PLANE.max - PLANE.min);
    let best = -1;
    let bestD = px;
    this.points.forEach((p, i) => {
      const d = Math.hypot(p.x - x, p.y - y) * scale;
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }

  /** Draws everything. */
  draw(): void {
    const { ctx, width, height } = fitCanvas(this.canvas);
    const style = getComputedStyle(this.canvas);
    const fg = style.getPropertyValue('--fg').trim() || '#1c1e21';
    const grid = style.getPropertyValue('--border').trim() || '#d6d9de';
    ctx.clearRect(0, 0, width, height);
    const bg = this.background;
    if (bg.kind === 'field') paintField(ctx, width, height, bg.cells, bg.values);
    if (bg.kind === 'line') {
      const values = new Float32Array(FIELD_CELLS * FIELD_CELLS);
      for (let i = 0; i < values.length; i++) {
        const z = bg.w[0] * FIELD_POINTS[i * 2]! + bg.w[1] * FIELD_POINTS[i * 2 + 1]! + bg.b;
        values[i] = bg.w[0] === 0 && bg.w[1] === 0 && bg.b === 0 ? 0.5 : z >= 0 ? 1 : 0;
      }
      paintField(ctx, width, height, FIELD_CELLS, values, 0.22);
    }
    const X = (x: number): number => toPixelX(PLANE, width, x);
    const Y = (y: number): number => toPixelY(PLANE, height, y);
    // Axes at 0 and 1.
    ctx.strokeStyle = grid;
    ctx.lineWidth = 1;
    for (const v of [0, 1]) {
      ctx.beginPath();
      ctx.moveTo(X(v), 0);
      ctx.lineTo(X(v), height);
      ctx.moveTo(0, Y(v));
      ctx.lineTo(width, Y(v));
      ctx.stroke();
    }
    ctx.fillStyle = fg;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('x₁', width - 18, Y(0) - 6);
    ctx.fillText('x₂', X(0) + 6, 14);
    ctx.fillText('0', X(0) + 4, Y(0) + 14);
    ctx.fillText('1', X(1) + 4, Y(0) + 14);
    ctx.fillText('1', X(0) + 4, Y(1) + 14);
    if (bg.kind === 'line') this.#drawLine(ctx, bg.w, bg.b, width, height, fg);
    this.points.forEach((p, i) => {
      ctx.beginPath();
      ctx.arc(X(p.x), Y(p.y), RADIUS, 0, Math.PI * 2);
      ctx.fillStyle = rgb(CLASS_RGB[p.label]);
      ctx.fill();
      const wrong = bg.kind === 'line' && bg.wrong.has(i);
      ctx.lineWidth = wrong ? 3 : 2;
      ctx.strokeStyle = wrong ? fg : '#ffffff';
      ctx.stroke();
      if (wrong) {
        ctx.beginPath();
        ctx.arc(X(p.x), Y(p.y), RADIUS + 4, 0, Math.PI * 2);
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    });
    if (this.#focused) {
      const [cx, cy] = [X(this.#cursor[0]), Y(this.#cursor[1])];
      ctx.strokeStyle = fg;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(cx - 12, cy);
      ctx.lineTo(cx + 12, cy);
      ctx.moveTo(cx, cy - 12);
      ctx.lineTo(cx, cy + 12);
      ctx.stroke();
    }
  }

  #drawLine(
    ctx: CanvasRenderingContext2D,
    w: [number, number],
    b: number,
    width: number,
    height: number,
    color: string,
  ): void {
    if (w[0] === 0 && w[1] === 0) return;
    // Where w0·x + w1·y + b = 0 crosses the plane's edges.
    const ends: [number, number][] = [];
    const { min, max } = PLANE;
    if (w[1] !== 0) for (const x of [min, max]) ends.push([x, -(w[0] * x + b) / w[1]]);
    if (w[0] !== 0) for (const y of [min, max]) ends.push([-(w[1] * y + b) / w[0], y]);
    const inside = ends.filter(
      ([x, y]) => x >= min - 1e-9 && x <= max + 1e-9 && y >= min - 1e-9 && y <= max + 1e-9,
    );
    if (inside.length < 2) return;
    const [a, c] = [inside[0]!, inside[inside.length - 1]!];
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(toPixelX(PLANE, width, a[0]), toPixelY(PLANE, height, a[1]));
    ctx.lineTo(toPixelX(PLANE, width, c[0]), toPixelY(PLANE, height, c[1]));
    ctx.stroke();
  }
}

const clamp = (v: number): number => Math.min(PLANE.max, Math.max(PLANE.min, v));
