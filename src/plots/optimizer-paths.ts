/**
 * The optimizer-paths figure: SGD, Momentum, Adagrad, RMSprop and Adam started from the same
 * point of the same surface, each path in its own colour over the surface's contours. Each
 * path is the real thing: an optimizer from `nn.optimizers` minimizing the surface over two
 * `nn.variable`s, with gradients from autograd (`optimizer.minimize`).
 */
import type { TopLevelSpec } from 'vega-lite';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { scalar, variable } from '../ops/creation.js';
import { adagrad, adam, rmsprop, sgd } from '../optimizers/index.js';
import { Optimizer } from '../optimizers/optimizer.js';
import { contourLayer, surfaceContours } from './contour-layer.js';
import { Figure, type Row } from './figure.js';
import { getSurface, type Surface, type SurfaceName } from './surfaces.js';
import { CONFIG, SCHEMA, SERIES_COLORS } from './theme.js';

/**
 * The optimizers the figure compares, by the names the CLI takes.
 * @example
 * plots.PATH_OPTIMIZERS; // ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']
 */
export const PATH_OPTIMIZERS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'] as const;
/**
 * One of the figure's optimizers by name (see {@link PATH_OPTIMIZERS}).
 */
export type PathOptimizerName = (typeof PATH_OPTIMIZERS)[number];

/** Settings of one surface's run: steps and each optimizer's learning rate. */
export interface OptimizerPathPreset {
  steps: number;
  learningRates: { readonly [K in PathOptimizerName]: number };
}

/**
 * Momentum's μ in every preset (Keras's SGD momentum).
 * @example
 * plots.PATH_MOMENTUM; // 0.9
 */
export const PATH_MOMENTUM = 0.9;

/**
 * Learning rates chosen per surface so that each optimizer's character shows within the
 * step count (and, on twoMinima, so that SGD stops in the local minimum while Momentum
 * rolls through to the global one).
 * @example
 * plots.PATH_PRESETS.saddle.steps; // 40
 */
export const PATH_PRESETS: { readonly [K in SurfaceName]: OptimizerPathPreset } = {
  bowl: {
    steps: 60,
    learningRates: { sgd: 0.18, momentum: 0.05, adagrad: 1, rmsprop: 0.1, adam: 0.3 },
  },
  saddle: {
    steps: 40,
    learningRates: { sgd: 0.05, momentum: 0.05, adagrad: 0.1, rmsprop: 0.01, adam: 0.05 },
  },
  twoMinima: {
    steps: 150,
    learningRates: { sgd: 0.015, momentum: 0.015, adagrad: 0.3, rmsprop: 0.02, adam: 0.05 },
  },
  rosenbrock: {
    steps: 500,
    learningRates: { sgd: 0.0008, momentum: 0.0004, adagrad: 0.3, rmsprop: 0.01, adam: 0.1 },
  },
  beale: {
    steps: 300,
    learningRates: { sgd: 0.005, momentum: 0.001, adagrad: 0.5, rmsprop: 0.01, adam: 0.05 },
  },
};

/**
 * Options of {@link optimizerPaths} and {@link optimizerPathsData}.
 */
export interface OptimizerPathsArgs {
  /** A surface name (`bowl`, `saddle`, `twoMinima`, `rosenbrock`, `beale`). Default `'saddle'`. */
  surface?: string;
  /** The start point `[x, y]`. Default: the surface's (saddle: `[-1, 0.001]`). */
  start?: readonly [number, number];
  /** Optimizer steps. Default: the surface's preset (saddle 40, twoMinima 150, …). */
  steps?: number;
  /**
   * Which optimizers, by name (`sgd`, `momentum`, `adagrad`, `rmsprop`, `adam`), or your own
   * `{label: optimizer}` (used as given, state included). Default: all five.
   */
  optimizers?: readonly string[] | Readonly<Record<string, Optimizer>>;
  /** Learning rates overriding the preset's, by optimizer name. */
  learningRates?: Partial<Record<PathOptimizerName, number>>;
}

/** One optimizer's trajectory: the point before each step, then the final point. */
export interface OptimizerPath {
  /** `sgd`, `momentum`, … or the label of a given optimizer. */
  name: string;
  /** The legend label, with the settings (`SGD (lr 0.05)`). */
  label: string;
  points: [number, number][];
  /** f at each point. */
  values: number[];
  /** Whether the run stopped early because a coordinate became non-finite. */
  diverged: boolean;
}

/**
 * The numbers behind {@link optimizerPaths}: the surface, the start and each optimizer's path.
 */
export interface OptimizerPathsData {
  surface: string;
  formula: string;
  start: [number, number];
  steps: number;
  paths: OptimizerPath[];
}

function makeOptimizer(name: PathOptimizerName, lr: number): [Optimizer, string] {
  switch (name) {
    case 'sgd':
      return [sgd({ learningRate: lr }), `SGD (lr ${lr})`];
    case 'momentum':
      return [
        sgd({ learningRate: lr, momentum: PATH_MOMENTUM }),
        `Momentum (lr ${lr}, μ ${PATH_MOMENTUM})`,
      ];
    case 'adagrad':
      return [adagrad({ learningRate: lr }), `Adagrad (lr ${lr})`];
    case 'rmsprop':
      return [rmsprop({ learningRate: lr }), `RMSprop (lr ${lr})`];
    case 'adam':
      return [adam({ learningRate: lr }), `Adam (lr ${lr})`];
  }
}

function valueAt(surface: Pick<Surface, 'fn'>, [x, y]: readonly [number, number]): number {
  let z = NaN;
  tidy(() => {
    z = surface.fn(scalar(x), scalar(y)).dataSync()[0]!;
  });
  return z;
}

/**
 * Runs `optimizer` for `steps` steps on `surface` from `start`, recording the point
 * before each step and the last one; stops early if a coordinate stops being finite.
 * @example
 * import * as nn from 'neurite';
 * const run = plots.runOptimizer(nn.optimizers.adam({ learningRate: 0.1 }), plots.SURFACES.bowl, [1, 1], 50);
 * run.points.length; // 51: the start and one point per step
 */
export function runOptimizer(
  optimizer: Optimizer,
  surface: Pick<Surface, 'fn'>,
  start: readonly [number, number],
  steps: number,
): { points: [number, number][]; values: number[]; diverged: boolean } {
  const [vx, vy] = tidy(() => [
    variable(scalar(start[0]), true, 'plots/x'),
    variable(scalar(start[1]), true, 'plots/y'),
  ]);
  const points: [number, number][] = [[vx.dataSync()[0]!, vy.dataSync()[0]!]];
  const values: number[] = [];
  let diverged = false;
  try {
    for (let s = 0; s < steps; s++) {
      values.push(optimizer.minimize(() => surface.fn(vx, vy), [vx, vy]));
      const p: [number, number] = [vx.dataSync()[0]!, vy.dataSync()[0]!];
      if (!(Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
        diverged = true;
        break;
      }
      points.push(p);
    }
    if (!diverged) values.push(valueAt(surface, points[points.length - 1]!));
  } finally {
    vx.dispose();
    vy.dispose();
  }
  return { points, values, diverged };
}

function checkStart(where: string, start: readonly number[]): [number, number] {
  if (start.length !== 2 || !start.every(Number.isFinite))
    throw new ValueError(
      `${where}: start must be two finite numbers [x, y], received [${start.join(', ')}]`,
    );
  return [start[0]!, start[1]!];
}

/**
 * The paths of each optimizer on a surface (the numbers behind the figure).
 *
 * @throws ValueError for an unknown surface or optimizer, a bad start, steps or learning rate.
 * @example
 * const data = plots.optimizerPathsData({ surface: 'bowl', optimizers: ['sgd', 'adam'], steps: 20 });
 * data.paths.map((p) => p.values.at(-1)); // each optimizer's final loss
 */
export function optimizerPathsData(args: OptimizerPathsArgs = {}): OptimizerPathsData {
  const where = 'plots.optimizerPaths';
  const surface = getSurface(args.surface ?? 'saddle', where);
  const preset = PATH_PRESETS[surface.name as SurfaceName];
  const start = checkStart(where, args.start ?? surface.start);
  const steps = args.steps ?? preset.steps;
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000)
    throw new ValueError(`${where}: steps must be an integer in [1, 100000], received ${steps}`);
  for (const [k, lr] of Object.entries(args.learningRates ?? {})) {
    if (!(PATH_OPTIMIZERS as readonly string[]).includes(k))
      throw new ValueError(
        `${where}: learningRates has unknown optimizer '${k}'; expected ${PATH_OPTIMIZERS.join(', ')}`,
      );
    if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr)))
      throw new ValueError(
        `${where}: learning rate of ${k} must be a positive number, received ${lr}`,
      );
  }
  const chosen = args.optimizers ?? PATH_OPTIMIZERS;
  const runs: { name: string; label: string; optimizer: Optimizer; owned: boolean }[] = [];
  if (Array.isArray(chosen)) {
    if (chosen.length === 0) throw new ValueError(`${where}: optimizers must not be empty`);
    for (const n of chosen as readonly string[]) {
      const name = n.toLowerCase() as PathOptimizerName;
      if (!PATH_OPTIMIZERS.includes(name))
        throw new ValueError(
          `${where}: unknown optimizer '${n}'; expected one of ${PATH_OPTIMIZERS.join(', ')}`,
        );
      const lr = args.learningRates?.[name] ?? preset.learningRates[name];
      const [optimizer, label] = makeOptimizer(name, lr);
      runs.push({ name, label, optimizer, owned: true });
    }
  } else {
    const entries = Object.entries(chosen as Readonly<Record<string, Optimizer>>);
    if (entries.length === 0) throw new ValueError(`${where}: optimizers must not be empty`);
    for (const [label, optimizer] of entries) {
      if (!(optimizer instanceof Optimizer))
        throw new ValueError(`${where}: optimizers['${label}'] must be an Optimizer`);
      runs.push({ name: label, label, optimizer, owned: false });
    }
  }
  const paths: OptimizerPath[] = [];
  try {
    for (const r of runs) {
      const run = runOptimizer(r.optimizer, surface, start, steps);
      paths.push({ name: r.name, label: r.label, ...run });
    }
  } finally {
    for (const r of runs) if (r.owned) r.optimizer.dispose();
  }
  return { surface: surface.name, formula: surface.formula, start, steps, paths };
}

/**
 * Optimizer paths over a surface's contours, one colour per optimizer, with the start and
 * the surface's minima (or saddle point) marked.
 *
 * @example
 * const fig = plots.optimizerPaths({ surface: 'twoMinima' });
 * await plots.writeFigure(fig, 'two-minima.svg');
 */
export function optimizerPaths(args: OptimizerPathsArgs = {}): Figure<OptimizerPathsData> {
  const data = optimizerPathsData(args);
  const surface = getSurface(data.surface, 'plots.optimizerPaths');
  const { area } = surface;
  const contours = surfaceContours(surface.fn, area, { log: surface.logContours });
  const labels = data.paths.map((p) => p.label);
  const rows: Row[] = data.paths.flatMap((p) =>
    p.points.map(([x, y], step) => ({ optimizer: p.label, step, x, y, z: p.values[step] ?? null })),
  );
  const marks: Row[] = [
    ...surface.points.map((p) => ({ x: p.x, y: p.y, label: p.kind })),
    { x: data.start[0], y: data.start[1], label: 'start' },
  ];
  const scale = (axis: 'x' | 'y') => ({ domain: [...area[axis]], nice: false, zero: false });
  const width = 560;
  const height = Math.round(
    Math.min(560, Math.max(280, (width * (area.y[1] - area.y[0])) / (area.x[1] - area.x[0]))),
  );
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: `Optimizer paths: ${data.steps} steps`, subtitle: data.formula },
    config: CONFIG,
    width,
    height,
    layer: [
      contourLayer(contours.lines, area),
      {
        name: 'paths',
        data: { values: rows },
        mark: {
          type: 'line',
          strokeWidth: 2,
          clip: true,
          // A dot per step while the dots stay apart.
          ...(data.steps <= 100 ? { point: { size: 14, filled: true } } : {}),
        },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'x', scale: scale('x') },
          y: { field: 'y', type: 'quantitative', title: 'y', scale: scale('y') },
          order: { field: 'step', type: 'quantitative' },
          color: {
            field: 'optimizer',
            type: 'nominal',
            title: 'optimizer',
            scale: { domain: labels, range: SERIES_COLORS.slice(0, Math.max(1, labels.length)) },
            legend: { orient: 'bottom', columns: 2, labelLimit: 320 },
          },
        },
      },
      {
        name: 'landmarks',
        data: { values: marks },
        layer: [
          { mark: { type: 'point', shape: 'diamond', size: 90, filled: true, color: 'black' } },
          {
            mark: { type: 'text', dy: -12, fontSize: 11, color: 'black' },
            encoding: { text: { field: 'label' } },
          },
        ],
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: scale('x') },
          y: { field: 'y', type: 'quantitative', scale: scale('y') },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
  return new Figure('optimizer-paths', spec, data);
}
