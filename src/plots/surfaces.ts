/**
 * The loss surfaces of the optimizer and gradient-field figures, each a function of two
 * tensors built from Neurite ops (so autograd gives its gradient), with the area to draw,
 * a start point and its known minima.
 */
import { ValueError } from '../errors.js';
import { add, mul, sub } from '../ops/binary.js';
import { square } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Area } from './grid.js';

/**
 * The loss surfaces of the optimizer-paths and gradient-field figures, by name.
 *
 * @example
 * plots.SURFACE_NAMES; // ['bowl', 'saddle', 'twoMinima', 'rosenbrock', 'beale']
 */
export const SURFACE_NAMES = ['bowl', 'saddle', 'twoMinima', 'rosenbrock', 'beale'] as const;
/**
 * One of {@link SURFACE_NAMES}.
 */
export type SurfaceName = (typeof SURFACE_NAMES)[number];

/** A special point of a surface, drawn as a marker. */
export interface SurfacePoint {
  x: number;
  y: number;
  kind: 'global minimum' | 'local minimum' | 'saddle point';
}

/**
 * A loss surface: its formula, `fn` built from tensor ops (so autograd differentiates it),
 * the area to draw, the default start and its special points.
 */
export interface Surface {
  name: string;
  /** The formula, as a title. */
  formula: string;
  /** z = f(x, y), elementwise on tensors of one shape. */
  fn: (x: Tensor, y: Tensor) => Tensor;
  area: Area;
  /** Where the optimizer paths start by default. */
  start: [number, number];
  points: SurfacePoint[];
  /** Draw contours of log(1 + f − min f): for surfaces spanning many orders of magnitude. */
  logContours: boolean;
}

/** The roots of 4x³ − 4x + 0.5 = 0 (f′ of the two-minima surface along y = 0), by Newton. */
function doubleWellRoot(x0: number): number {
  let x = x0;
  for (let i = 0; i < 60; i++) x -= (x ** 3 - x + 0.125) / (3 * x * x - 1);
  return x;
}

/**
 * Each surface by name.
 *
 * @example
 * import * as nn from 'neurite';
 * const bowl = plots.SURFACES.bowl;
 * bowl.formula; // the formula as a title
 * bowl.fn(nn.tensor([1]), nn.tensor([1])); // f(1, 1)
 */
export const SURFACES: { readonly [K in SurfaceName]: Surface } = {
  bowl: {
    name: 'bowl',
    formula: 'z = x²/2 + 5y² (an elongated bowl)',
    fn: (x, y) => add(mul(square(x), 0.5), mul(square(y), 5)),
    area: { x: [-5, 5], y: [-2.5, 2.5] },
    start: [-4.5, 2],
    points: [{ x: 0, y: 0, kind: 'global minimum' }],
    logContours: false,
  },
  saddle: {
    name: 'saddle',
    formula: 'z = x² − y² (a saddle)',
    fn: (x, y) => sub(square(x), square(y)),
    area: { x: [-1.5, 1.5], y: [-1.5, 1.5] },
    start: [-1, 0.001],
    points: [{ x: 0, y: 0, kind: 'saddle point' }],
    logContours: false,
  },
  twoMinima: {
    name: 'twoMinima',
    formula: 'z = (x² − 1)² + x/2 + y² (a global and a local minimum)',
    fn: (x, y) => add(add(square(sub(square(x), 1)), mul(x, 0.5)), square(y)),
    area: { x: [-2, 2.4], y: [-1.5, 1.5] },
    start: [2, 1],
    points: [
      { x: doubleWellRoot(-1.1), y: 0, kind: 'global minimum' },
      { x: doubleWellRoot(0.9), y: 0, kind: 'local minimum' },
    ],
    logContours: false,
  },
  rosenbrock: {
    name: 'rosenbrock',
    formula: 'z = (1 − x)² + 100(y − x²)² (Rosenbrock)',
    fn: (x, y) => add(square(sub(1, x)), mul(square(sub(y, square(x))), 100)),
    area: { x: [-2, 2], y: [-1, 3] },
    start: [-1.5, 2],
    points: [{ x: 1, y: 1, kind: 'global minimum' }],
    logContours: true,
  },
  beale: {
    name: 'beale',
    formula: 'z = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)² (Beale)',
    fn: (x, y) => {
      const y2 = square(y);
      const term = (c: number, yk: Tensor): Tensor => square(add(sub(c, x), mul(x, yk)));
      return add(add(term(1.5, y), term(2.25, y2)), term(2.625, mul(y2, y)));
    },
    area: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
    start: [1, 1.5],
    points: [{ x: 3, y: 0.5, kind: 'global minimum' }],
    logContours: true,
  },
};

/** A surface by name (any letter case, `two-minima` too). */
export function getSurface(name: string, where: string): Surface {
  const key = SURFACE_NAMES.find(
    (n) => n.toLowerCase() === name.toLowerCase().replace(/[-_]/g, ''),
  );
  if (!key)
    throw new ValueError(
      `${where}: unknown surface '${name}'; expected one of ${SURFACE_NAMES.join(', ')}`,
    );
  return SURFACES[key];
}
