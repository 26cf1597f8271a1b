/**
 * The contour background of the surface figures: a function of two tensors evaluated on a
 * grid with Neurite ops, its contour lines, and the Vega-Lite layer that draws them.
 */
import { tidy } from '../engine/tidy.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { contourLines, evenLevels, type ContourLine } from './contours.js';
import type { LayerChild, Row } from './figure.js';
import { type Area, nodes } from './grid.js';

export interface SurfaceContours {
  /** Grid node coordinates and f at each node (row-major, y outer). */
  xs: number[];
  ys: number[];
  values: Float32Array;
  lines: ContourLine[];
}

/**
 * Evaluates `fn` on an `resolution`² grid over `area` and traces `levels` contour lines
 * (of log(1 + f − min f) when `log`).
 */
export function surfaceContours(
  fn: (x: Tensor, y: Tensor) => Tensor,
  area: Area,
  {
    resolution = 81,
    levels = 14,
    log = false,
  }: { resolution?: number; levels?: number; log?: boolean } = {},
): SurfaceContours {
  const { xs, ys, points } = nodes(area, resolution);
  const n = resolution * resolution;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = points[2 * i]!;
    py[i] = points[2 * i + 1]!;
  }
  let values = new Float32Array(0);
  tidy(() => {
    values = Float32Array.from(fn(tensor(px, [n]), tensor(py, [n])).dataSync());
  });
  let field: ArrayLike<number> = values;
  if (log) {
    let lo = Infinity;
    for (const v of values) if (Number.isFinite(v)) lo = Math.min(lo, v);
    field = values.map((v) => Math.log1p(v - lo));
  }
  return { xs, ys, values, lines: contourLines(xs, ys, field, evenLevels(field, levels)) };
}

/** Rows of a line mark: one `contour` id per line, `k` orders its points. */
export function contourRows(lines: readonly ContourLine[]): Row[] {
  const rows: Row[] = [];
  lines.forEach((line, id) =>
    line.points.forEach(([x, y], k) => rows.push({ x, y, level: line.level, contour: id, k })),
  );
  return rows;
}

/** The contour lines as a layer, shaded from dark (low) to light (high). */
export function contourLayer(lines: readonly ContourLine[], area: Area): LayerChild {
  return {
    name: 'contours',
    data: { values: contourRows(lines) },
    mark: { type: 'line', strokeWidth: 1, opacity: 0.75, clip: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        scale: { domain: [...area.x], nice: false, zero: false },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        scale: { domain: [...area.y], nice: false, zero: false },
      },
      detail: { field: 'contour', type: 'nominal' },
      order: { field: 'k', type: 'quantitative' },
      color: {
        field: 'level',
        type: 'quantitative',
        scale: { range: ['#3b5b92', '#c7d7ea'] },
        legend: null,
      },
    },
  };
}
