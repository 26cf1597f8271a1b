/**
 * Regular grids over a rectangle of the plane: the points to evaluate a model or a surface
 * on (grid nodes, or the centres of grid cells).
 */
import { ValueError } from '../errors.js';

/** A rectangle `[x0, x1] × [y0, y1]`. */
export interface Area {
  x: readonly [number, number];
  y: readonly [number, number];
}

/** `n` evenly spaced values from `lo` to `hi`, both included. */
export function steps(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}

/** Checks an area is finite and non-empty. */
export function checkArea(where: string, area: Area): Area {
  for (const axis of ['x', 'y'] as const) {
    const [lo, hi] = area[axis];
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new ValueError(
        `${where}: the ${axis} range must be [lo, hi] with finite lo < hi, received [${lo}, ${hi}]`,
      );
    }
  }
  return area;
}

/**
 * Grid nodes: `xs` (nx values) and `ys` (ny values), and the points `[x, y]` row by row
 * (y outer, x inner) as a flat array of length `2·nx·ny`, ready for a `[n, 2]` tensor.
 */
export function nodes(
  area: Area,
  nx: number,
  ny = nx,
): { xs: number[]; ys: number[]; points: Float32Array } {
  const xs = steps(area.x[0], area.x[1], nx);
  const ys = steps(area.y[0], area.y[1], ny);
  const points = new Float32Array(2 * nx * ny);
  ys.forEach((y, j) =>
    xs.forEach((x, i) => {
      points[2 * (j * nx + i)] = x;
      points[2 * (j * nx + i) + 1] = y;
    }),
  );
  return { xs, ys, points };
}

/** The centres of an n×n grid of cells covering `area`, as {@link nodes} lays them out. */
export function cellCenters(area: Area, n: number): Float32Array {
  const dx = (area.x[1] - area.x[0]) / n;
  const dy = (area.y[1] - area.y[0]) / n;
  return nodes(
    { x: [area.x[0] + dx / 2, area.x[1] - dx / 2], y: [area.y[0] + dy / 2, area.y[1] - dy / 2] },
    n,
  ).points;
}
