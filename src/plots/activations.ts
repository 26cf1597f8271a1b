/**
 * The activations figure: each activation function and its derivative (dashed) in a grid.
 * The values come from the activation registry (`nn.activations.get`), the derivatives from
 * autograd (`nn.grad`), never from hand-written formulas.
 */
import type { TopLevelSpec } from 'vega-lite';
import { get as getActivation } from '../activations/index.js';
import { grad } from '../autograd/gradients.js';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { linspace } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { Figure, type Row } from './figure.js';
import { CONFIG, SCHEMA, SERIES_COLORS } from './theme.js';

/**
 * The chapter's nine activations, in the order the figure shows them.
 * @example
 * plots.CHAPTER_ACTIVATIONS.length; // 9
 */
export const CHAPTER_ACTIVATIONS = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'softplus',
  'gelu',
  'swish',
] as const;

const TITLES: Readonly<Record<string, string>> = {
  step: 'step (Heaviside)',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU (α = 0.2)',
  elu: 'ELU (α = 1)',
  softplus: 'softplus',
  gelu: 'GELU',
  swish: 'swish (SiLU)',
};

/**
 * Options of {@link activations} and {@link activationsData}.
 */
export interface ActivationsArgs {
  /** Activation ids to draw (any `nn.activations.get` id). Default: the chapter's nine. */
  ids?: readonly string[];
  /** The x interval. Default `[-4, 4]`. */
  range?: readonly [number, number];
  /** Samples per curve. Default 161 (a step of 0.05 on the default range). */
  points?: number;
  /** Panels per row. Default 3. */
  columns?: number;
}

/** One activation: its values and its autograd derivative at each x. */
export interface ActivationCurve {
  id: string;
  title: string;
  f: number[];
  df: number[];
}

/**
 * The numbers behind {@link activations}: the sample points and each activation's curve.
 */
export interface ActivationsData {
  x: number[];
  curves: ActivationCurve[];
}

/** The legend labels of the two series of every panel. */
export const ACTIVATION_SERIES = ['f(x)', 'f′(x) (autograd)'] as const;

/**
 * Samples each activation and its derivative; no drawing.
 * @throws ValueError for an empty `ids` list, an unknown id or fewer than 2 points.
 * @example
 * const data = plots.activationsData({ ids: ['relu', 'sigmoid'], range: [-2, 2], points: 5 });
 * data.x; // [-2, -1, 0, 1, 2]
 * data.curves[0]?.df; // relu′: [0, 0, 0, 1, 1]
 */
export function activationsData(args: ActivationsArgs = {}): ActivationsData {
  const { ids = CHAPTER_ACTIVATIONS, range = [-4, 4], points = 161 } = args;
  if (ids.length === 0) throw new ValueError('plots.activations: ids must not be empty');
  if (!Number.isInteger(points) || points < 2)
    throw new ValueError(`plots.activations: points must be an integer >= 2, received ${points}`);
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new ValueError(
      `plots.activations: range must be [lo, hi] with lo < hi, received [${lo}, ${hi}]`,
    );
  const fns = ids.map((id) => getActivation(id));
  let x: number[] = [];
  const curves: ActivationCurve[] = [];
  tidy(() => {
    const xs = linspace(lo, hi, points);
    x = Array.from(xs.dataSync());
    fns.forEach((fn, i) => {
      const id = ids[i]!;
      const f = Array.from(fn(xs).dataSync());
      const df = Array.from(grad((t) => sum(fn(t)))(xs).dataSync());
      curves.push({ id, title: TITLES[fn.id] ?? id, f, df });
    });
  });
  return { x, curves };
}

/**
 * Every activation with its derivative (dashed), one panel each.
 *
 * @example
 * const fig = plots.activations();
 * await plots.writeFigure(fig, 'activations.svg');
 */
export function activations(args: ActivationsArgs = {}): Figure<ActivationsData> {
  const { columns = 3 } = args;
  if (!Number.isInteger(columns) || columns < 1)
    throw new ValueError(
      `plots.activations: columns must be a positive integer, received ${columns}`,
    );
  const data = activationsData(args);
  const rows: Row[] = [];
  for (const c of data.curves) {
    data.x.forEach((x, i) => {
      rows.push({ activation: c.title, x, value: c.f[i]!, series: ACTIVATION_SERIES[0] });
      rows.push({ activation: c.title, x, value: c.df[i]!, series: ACTIVATION_SERIES[1] });
    });
  }
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title: 'Activation functions and their derivatives',
    config: CONFIG,
    data: { values: rows },
    facet: {
      field: 'activation',
      type: 'nominal',
      sort: data.curves.map((c) => c.title),
      header: { title: null },
    },
    columns,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 130,
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'x' },
        y: { field: 'value', type: 'quantitative', title: null },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: [...ACTIVATION_SERIES], range: [SERIES_COLORS[0], SERIES_COLORS[1]] },
          legend: { orient: 'top' },
        },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: {
            domain: [...ACTIVATION_SERIES],
            range: [
              [1, 0],
              [5, 3],
            ],
          },
        },
      },
    },
  };
  return new Figure('activations', spec, data);
}
