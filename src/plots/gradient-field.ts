/**
 * The gradient-field figure: a function of two variables as contour lines, with its
 * gradient drawn as arrows on a grid. The function is one of the named surfaces or an
 * expression the user typed (parsed safely by ./expression.ts); the arrows are autograd's
 * gradients (`nn.grads`), not finite differences.
 */
import type { TopLevelSpec } from 'vega-lite';
import { grads } from '../autograd/gradients.js';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor/tensor.js';
import { contourLayer, surfaceContours } from './contour-layer.js';
import { compileExpression } from './expression.js';
import { Figure, type Row } from './figure.js';
import { type Area, cellCenters, checkArea } from './grid.js';
import { SURFACE_NAMES, getSurface } from './surfaces.js';
import { CONFIG, SCHEMA } from './theme.js';

/**
 * Options of {@link gradientField} and {@link gradientFieldData}.
 */
export interface GradientFieldArgs {
  /**
   * A surface name (`bowl`, `saddle`, `twoMinima`, `rosenbrock`, `beale`) or an expression
   * in x and y with `+ - * / ^`, parentheses, `sin cos tan tanh exp log sqrt abs`, `pi`
   * and `e` (`'x^2 + 3*y^2'`, `'sin(x)*cos(y)'`). Default `'bowl'`.
   */
  fn?: string;
  /**
   * The square `[lo, hi]²` or a rectangle `{x: [lo, hi], y: [lo, hi]}` to draw. Default: the
   * surface's own area, `[-2, 2]²` for an expression.
   */
  range?: readonly [number, number] | Area;
  /** Arrows per side. Default 15. */
  arrows?: number;
  /** Contour lines. Default 12. */
  levels?: number;
  /** Draw contours of log(1 + f − min f). Default: the surface's choice, false for expressions. */
  logContours?: boolean;
}

/** One arrow: where it starts and the gradient there. */
export interface GradientArrow {
  x: number;
  y: number;
  /** ∂f/∂x and ∂f/∂y at (x, y). */
  gx: number;
  gy: number;
}

/**
 * The numbers behind {@link gradientField}: the function, the area and the arrows.
 */
export interface GradientFieldData {
  /** The surface name or the expression. */
  fn: string;
  area: Area;
  arrows: GradientArrow[];
  /** How many data units of arrow one unit of gradient gets. */
  arrowScale: number;
}

function resolveFn(fn: string): {
  f: (x: Tensor, y: Tensor) => Tensor;
  area: Area;
  log: boolean;
  title: string;
} {
  const key = fn.toLowerCase().replace(/[-_]/g, '');
  if (SURFACE_NAMES.some((n) => n.toLowerCase() === key)) {
    const s = getSurface(fn, 'plots.gradientField');
    return { f: s.fn, area: s.area, log: s.logContours, title: s.formula };
  }
  let f: (x: Tensor, y: Tensor) => Tensor;
  try {
    f = compileExpression(fn);
  } catch (e) {
    throw new ValueError(
      `plots.gradientField: fn is neither a surface (${SURFACE_NAMES.join(', ')}) nor a valid ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { f, area: { x: [-2, 2], y: [-2, 2] }, log: false, title: `z = ${fn}` };
}

function toArea(range: GradientFieldArgs['range'], fallback: Area): Area {
  if (range === undefined) return fallback;
  const area: Area = 'x' in range ? range : { x: range, y: range };
  return checkArea('plots.gradientField', area);
}

/**
 * The gradient of `fn` on an arrows×arrows grid (the numbers behind the figure).
 * @throws ValueError for a malformed expression or a bad range or arrow count.
 * @example
 * const data = plots.gradientFieldData({ fn: 'x^2 + y^2', arrows: 5 });
 * data.arrows.length; // 25
 */
export function gradientFieldData(args: GradientFieldArgs = {}): GradientFieldData {
  const { fn = 'bowl', arrows: side = 15 } = args;
  if (!Number.isInteger(side) || side < 2 || side > 60)
    throw new ValueError(
      `plots.gradientField: arrows must be an integer in [2, 60], received ${side}`,
    );
  const resolved = resolveFn(fn);
  const area = toArea(args.range, resolved.area);
  const centers = cellCenters(area, side);
  const n = side * side;
  const px = new Float32Array(n);
  const py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = centers[2 * i]!;
    py[i] = centers[2 * i + 1]!;
  }
  let gx = new Float32Array(0);
  let gy = new Float32Array(0);
  tidy(() => {
    const [dx, dy] = grads((x, y) => sum(resolved.f(x, y)))([tensor(px, [n]), tensor(py, [n])]);
    gx = Float32Array.from(dx!.dataSync());
    gy = Float32Array.from(dy!.dataSync());
  });
  const arrows: GradientArrow[] = [];
  let longest = 0;
  for (let i = 0; i < n; i++) {
    arrows.push({ x: px[i]!, y: py[i]!, gx: gx[i]!, gy: gy[i]! });
    const len = Math.hypot(gx[i]!, gy[i]!);
    if (Number.isFinite(len)) longest = Math.max(longest, len);
  }
  const cell = Math.min((area.x[1] - area.x[0]) / side, (area.y[1] - area.y[0]) / side);
  return { fn, area, arrows, arrowScale: longest > 0 ? (0.9 * cell) / longest : 0 };
}

/**
 * Contours of a function with its gradient as arrows (pointing uphill: gradient descent
 * steps the other way).
 *
 * @example
 * await plots.writeFigure(plots.gradientField({ fn: 'x^2 + 3*y^2' }), 'field.svg');
 */
export function gradientField(args: GradientFieldArgs = {}): Figure<GradientFieldData> {
  const data = gradientFieldData(args);
  const resolved = resolveFn(data.fn);
  const { area } = data;
  const contours = surfaceContours(resolved.f, area, {
    levels: args.levels ?? 12,
    log: args.logContours ?? resolved.log,
  });
  const xr = area.x[1] - area.x[0];
  const yr = area.y[1] - area.y[0];
  const width = 520;
  const height = Math.round(Math.min(560, Math.max(260, (width * yr) / xr)));
  const rows: Row[] = [];
  for (const a of data.arrows) {
    const dx = a.gx * data.arrowScale;
    const dy = a.gy * data.arrowScale;
    // Drop arrows too short to see, and any where the function is not differentiable.
    if (!(Number.isFinite(dx) && Number.isFinite(dy)) || Math.hypot(dx / xr, dy / yr) < 0.002)
      continue;
    // Symbol angle: degrees clockwise from up, on screen.
    const angle = (Math.atan2((dx * width) / xr, (dy * height) / yr) * 180) / Math.PI;
    rows.push({ x: a.x, y: a.y, x2: a.x + dx, y2: a.y + dy, angle, gx: a.gx, gy: a.gy });
  }
  const scale = (axis: 'x' | 'y') => ({ domain: [...area[axis]], nice: false, zero: false });
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: 'Gradient field: ∇f points uphill', subtitle: resolved.title },
    config: CONFIG,
    width,
    height,
    layer: [
      contourLayer(contours.lines, area),
      {
        name: 'arrows',
        data: { values: rows },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'x', scale: scale('x') },
          y: { field: 'y', type: 'quantitative', title: 'y', scale: scale('y') },
        },
        layer: [
          {
            mark: { type: 'rule', color: '#c0392b', strokeWidth: 1.5 },
            encoding: { x2: { field: 'x2' }, y2: { field: 'y2' } },
          },
          {
            mark: {
              type: 'point',
              shape: 'triangle-up',
              filled: true,
              size: 30,
              color: '#c0392b',
              opacity: 1,
            },
            encoding: {
              x: { field: 'x2', type: 'quantitative', scale: scale('x') },
              y: { field: 'y2', type: 'quantitative', scale: scale('y') },
              angle: { field: 'angle', type: 'quantitative', scale: null },
            },
          },
        ],
      },
    ],
  };
  return new Figure('gradient-field', spec, data);
}
