/**
 * The race's loss surfaces, each z = f(x, y) written as a Neurite tensor expression (so
 * autograd gives its gradient), with the area drawn, a default start and its known minima.
 * The first five are the chapter's (the same formulas and starts as `neurite/plots`'s
 * optimizer-paths figure); Himmelblau's four minima are an extra.
 */
import * as nn from 'neurite';

/** The surfaces, by the id used in the URL. */
export const SURFACE_IDS = [
  'bowl',
  'saddle',
  'twoMinima',
  'rosenbrock',
  'beale',
  'himmelblau',
] as const;
/** One of {@link SURFACE_IDS}. */
export type SurfaceId = (typeof SURFACE_IDS)[number];

/** A marked point of a surface. */
export interface Landmark {
  x: number;
  y: number;
  kind: 'min' | 'localMin' | 'saddle';
}

/** One surface of the race. */
export interface RaceSurface {
  id: SurfaceId;
  /** The formula as shown (plain text). */
  formula: string;
  /** The same expression as Neurite code, over tensors `x` and `y` (for the code panel). */
  code: string;
  /** z = f(x, y), elementwise on tensors of one shape. */
  fn: (x: nn.Tensor, y: nn.Tensor) => nn.Tensor;
  /** The area drawn: [xmin, xmax] and [ymin, ymax]. */
  x: readonly [number, number];
  y: readonly [number, number];
  /** Where the race starts unless the user clicks elsewhere. */
  start: readonly [number, number];
  /** The steps a race runs. */
  steps: number;
  /** Colour the heatmap by log(1 + f − min f): for surfaces spanning many orders of magnitude. */
  log: boolean;
  /**
   * The loss chart's y range on a linear axis (lines leaving it are clipped), or null for a
   * symlog axis fitted to the data.
   */
  lossDomain: [number, number] | null;
  landmarks: readonly Landmark[];
}

/** The roots of 4x³ − 4x + 0.5 = 0 (the two-minima surface's minima along y = 0), by Newton. */
function doubleWellRoot(x0: number): number {
  let x = x0;
  for (let i = 0; i < 60; i++) x -= (x ** 3 - x + 0.125) / (3 * x * x - 1);
  return x;
}

const { add, sub, mul, square } = nn;

/** Beale's three terms (c − x + x·yᵏ)². */
function beale(x: nn.Tensor, y: nn.Tensor): nn.Tensor {
  const y2 = square(y);
  const term = (c: number, yk: nn.Tensor): nn.Tensor => square(add(sub(c, x), mul(x, yk)));
  return add(add(term(1.5, y), term(2.25, y2)), term(2.625, mul(y2, y)));
}

/** Every surface of the race, by id. */
export const SURFACES: { readonly [K in SurfaceId]: RaceSurface } = {
  bowl: {
    id: 'bowl',
    formula: 'z = x²/2 + 5y²',
    code: 'nn.add(nn.mul(nn.square(x), 0.5), nn.mul(nn.square(y), 5))',
    fn: (x, y) => add(mul(square(x), 0.5), mul(square(y), 5)),
    x: [-5, 5],
    y: [-2.5, 2.5],
    start: [-4.5, 2],
    steps: 100,
    log: false,
    lossDomain: null,
    landmarks: [{ x: 0, y: 0, kind: 'min' }],
  },
  saddle: {
    id: 'saddle',
    formula: 'z = x² − y²',
    code: 'nn.sub(nn.square(x), nn.square(y))',
    fn: (x, y) => sub(square(x), square(y)),
    x: [-1.5, 1.5],
    y: [-1.5, 1.5],
    start: [-1, 0.001],
    steps: 40,
    log: false,
    // Its loss has no bottom: show the escape from the saddle (0) to below −3.
    lossDomain: [-4, 1.25],
    landmarks: [{ x: 0, y: 0, kind: 'saddle' }],
  },
  twoMinima: {
    id: 'twoMinima',
    formula: 'z = (x² − 1)² + x/2 + y²',
    code: 'nn.add(nn.add(nn.square(nn.sub(nn.square(x), 1)), nn.mul(x, 0.5)), nn.square(y))',
    fn: (x, y) => add(add(square(sub(square(x), 1)), mul(x, 0.5)), square(y)),
    x: [-2, 2.4],
    y: [-1.5, 1.5],
    start: [2, 1],
    steps: 150,
    log: false,
    lossDomain: null,
    landmarks: [
      { x: doubleWellRoot(-1.1), y: 0, kind: 'min' },
      { x: doubleWellRoot(0.9), y: 0, kind: 'localMin' },
    ],
  },
  rosenbrock: {
    id: 'rosenbrock',
    formula: 'z = (1 − x)² + 100(y − x²)²',
    code: 'nn.add(nn.square(nn.sub(1, x)), nn.mul(nn.square(nn.sub(y, nn.square(x))), 100))',
    fn: (x, y) => add(square(sub(1, x)), mul(square(sub(y, square(x))), 100)),
    x: [-2, 2],
    y: [-1, 3],
    start: [-1.5, 2],
    steps: 500,
    log: true,
    lossDomain: null,
    landmarks: [{ x: 1, y: 1, kind: 'min' }],
  },
  beale: {
    id: 'beale',
    formula: 'z = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    code: [
      '{',
      '  const term = (c: number, yk: nn.Tensor) => nn.square(nn.add(nn.sub(c, x), nn.mul(x, yk)));',
      '  const y2 = nn.square(y);',
      '  return nn.add(nn.add(term(1.5, y), term(2.25, y2)), term(2.625, nn.mul(y2, y)));',
      '}',
    ].join('\n'),
    fn: beale,
    x: [-4.5, 4.5],
    y: [-4.5, 4.5],
    start: [1, 1.5],
    steps: 300,
    log: true,
    lossDomain: null,
    landmarks: [{ x: 3, y: 0.5, kind: 'min' }],
  },
  himmelblau: {
    id: 'himmelblau',
    formula: 'z = (x² + y − 11)² + (x + y² − 7)²',
    code: 'nn.add(nn.square(nn.sub(nn.add(nn.square(x), y), 11)), nn.square(nn.sub(nn.add(x, nn.square(y)), 7)))',
    fn: (x, y) => add(square(sub(add(square(x), y), 11)), square(sub(add(x, square(y)), 7))),
    x: [-5, 5],
    y: [-5, 5],
    start: [-0.27, -0.92],
    steps: 200,
    log: true,
    lossDomain: null,
    landmarks: [
      { x: 3, y: 2, kind: 'min' },
      { x: -2.805118, y: 3.131312, kind: 'min' },
      { x: -3.77931, y: -3.283186, kind: 'min' },
      { x: 3.584428, y: -1.848126, kind: 'min' },
    ],
  },
};

/** Whether `s` names a surface. */
export function isSurfaceId(s: string | null): s is SurfaceId {
  return s !== null && (SURFACE_IDS as readonly string[]).includes(s);
}

/** f(x, y) at one point, as a number. */
export function valueAt(surface: RaceSurface, x: number, y: number): number {
  let z = NaN;
  nn.tidy(() => {
    z = surface.fn(nn.scalar(x), nn.scalar(y)).dataSync()[0]!;
  });
  return z;
}

/**
 * f on an n×m grid over the surface's area (row 0 at the top, y = ymax), in one tensor
 * expression: what the heatmap colours.
 */
export function gridValues(surface: RaceSurface, cols: number, rows: number): Float32Array {
  let out = new Float32Array(0);
  nn.tidy(() => {
    const xs: number[] = new Array<number>(cols * rows);
    const ys: number[] = new Array<number>(cols * rows);
    for (let r = 0; r < rows; r++) {
      const y = surface.y[1] - ((r + 0.5) / rows) * (surface.y[1] - surface.y[0]);
      for (let c = 0; c < cols; c++) {
        xs[r * cols + c] = surface.x[0] + ((c + 0.5) / cols) * (surface.x[1] - surface.x[0]);
        ys[r * cols + c] = y;
      }
    }
    const z = surface.fn(nn.tensor(xs, [rows, cols]), nn.tensor(ys, [rows, cols]));
    out = Float32Array.from(z.dataSync());
  });
  return out;
}
