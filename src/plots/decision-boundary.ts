/**
 * The decision-boundary figure (the chapter's before/after picture): a 2-D toy problem, the
 * boundary of an untrained network and the boundary of the same network after `fit`, side
 * by side. The network is a real Sequential of Dense layers with a sigmoid output, trained
 * by `model.fit` with binary cross-entropy and Adam.
 */
import type { TopLevelSpec } from 'vega-lite';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { glorotUniform } from '../initializers/index.js';
import { dense } from '../layers/index.js';
import { sequential } from '../models/sequential.js';
import { tensor } from '../ops/creation.js';
import { adam } from '../optimizers/index.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  accuracyOf,
  classifierLayers,
  disposeModel,
  predictProbabilities,
} from './classifier-2d.js';
import { Figure } from './figure.js';
import { type Area, cellCenters } from './grid.js';
import { CONFIG, SCHEMA } from './theme.js';
import { type ToyDataset, toyDataset } from './toy-data.js';

/**
 * Options of {@link decisionBoundary} and {@link decisionBoundaryData}.
 */
export interface DecisionBoundaryArgs {
  /** `blobs`, `moons`, `circles` or `spiral`. Default `'moons'`. */
  dataset?: string;
  /** Units of each hidden Dense layer. Default `[8]`. */
  hidden?: readonly number[];
  /** Activation of the hidden layers. Default `'tanh'`. */
  activation?: string;
  /** Training epochs. Default 100. */
  epochs?: number;
  /** Seed of the data and of the initial weights. Default 0. */
  seed?: number;
  /** Number of points. Default 200. */
  samples?: number;
  /** Noise of the toy data (its own default when omitted). */
  noise?: number;
  /** Adam's learning rate. Default 0.03. */
  learningRate?: number;
  /** Batch size. Default 32. */
  batchSize?: number;
  /** Cells per side of the shaded probability grid. Default 40. */
  gridSize?: number;
}

/** One panel: accuracy on the points, and P(class 1) on the grid (row-major, y outer). */
export interface BoundaryPanel {
  accuracy: number;
  probabilities: number[];
}

/**
 * The numbers behind {@link decisionBoundary}: the data, the network and both panels.
 */
export interface DecisionBoundaryData {
  data: ToyDataset;
  hidden: number[];
  activation: string;
  epochs: number;
  area: Area;
  gridSize: number;
  before: BoundaryPanel;
  after: BoundaryPanel;
  /** `fit`'s history: loss and accuracy per epoch. */
  history: Record<string, number[]>;
}

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new ValueError(
      `plots.decisionBoundary: ${name} must be an integer in [${min}, ${max}], received ${v}`,
    );
  return v;
}

/** The points' bounding box with a margin. */
function areaAround(points: readonly (readonly [number, number])[]): Area {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const pad = 0.3;
  return {
    x: [Math.min(...xs) - pad, Math.max(...xs) + pad],
    y: [Math.min(...ys) - pad, Math.max(...ys) + pad],
  };
}

/**
 * Trains the network and samples both boundaries (the numbers behind the figure).
 * @example
 * const data = await plots.decisionBoundaryData({ dataset: 'blobs', hidden: [4], epochs: 20 });
 * data.before.accuracy; // the untrained network's accuracy
 * data.after.accuracy; // after fit
 */
export async function decisionBoundaryData(
  args: DecisionBoundaryArgs = {},
): Promise<DecisionBoundaryData> {
  const {
    dataset = 'moons',
    hidden = [8],
    activation = 'tanh',
    epochs = 100,
    seed = 0,
    samples = 200,
    learningRate = 0.03,
    batchSize = 32,
    gridSize = 40,
  } = args;
  checkInt('epochs', epochs, 0, 100_000);
  checkInt('gridSize', gridSize, 4, 200);
  checkInt('batchSize', batchSize, 1, 100_000);
  if (hidden.length > 8)
    throw new ValueError(
      `plots.decisionBoundary: at most 8 hidden layers, received ${hidden.length}`,
    );
  hidden.forEach((u, i) => checkInt(`hidden[${i}]`, u, 1, 1024));
  if (!(learningRate > 0))
    throw new ValueError(
      `plots.decisionBoundary: learningRate must be > 0, received ${learningRate}`,
    );
  const data = toyDataset(dataset, {
    samples,
    seed,
    ...(args.noise !== undefined ? { noise: args.noise } : {}),
  });
  const area = areaAround(data.points);
  const grid = cellCenters(area, gridSize);
  const flat = new Float32Array(data.points.flat());

  const model = sequential({ name: 'boundary_net' });
  hidden.forEach((units, i) =>
    model.add(
      dense({
        units,
        activation,
        kernelInitializer: glorotUniform({ seed: seed * 1000 + i }),
        ...(i === 0 ? { inputShape: [2] } : {}),
      }),
    ),
  );
  model.add(
    dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: glorotUniform({ seed: seed * 1000 + 999 }),
    }),
  );
  model.compile({
    optimizer: adam({ learningRate }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const [x, y] = tidy((): [Tensor, Tensor] => [
    tensor(flat, [data.points.length, 2]),
    tensor(Float32Array.from(data.labels), [data.labels.length, 1]),
  ]);
  try {
    const panel = (): BoundaryPanel => ({
      accuracy: accuracyOf(predictProbabilities(model, flat), data.labels),
      probabilities: predictProbabilities(model, grid),
    });
    const before = panel();
    // The points are already shuffled; no reshuffling keeps the run reproducible from `seed`.
    const history = await model.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
    const after = panel();
    return {
      data,
      hidden: [...hidden],
      activation,
      epochs,
      area,
      gridSize,
      before,
      after,
      history: history.history,
    };
  } finally {
    x.dispose();
    y.dispose();
    disposeModel(model);
  }
}

const percent = (v: number): string => `${(100 * v).toFixed(0)}%`;

/**
 * The untrained and the trained network's decision boundary on a 2-D toy problem, side by
 * side: shading is P(class 1), the dark line is P = 0.5.
 *
 * @example
 * const fig = await plots.decisionBoundary({ dataset: 'moons', hidden: [8], epochs: 100 });
 * await plots.writeFigure(fig, 'boundary.svg');
 */
export async function decisionBoundary(
  args: DecisionBoundaryArgs = {},
): Promise<Figure<DecisionBoundaryData>> {
  const d = await decisionBoundaryData(args);
  const net = `2 → ${[...d.hidden.map((h) => `${h} ${d.activation}`), '1 sigmoid'].join(' → ')}`;
  const panel = (title: string, p: BoundaryPanel, prefix: string) => ({
    title,
    width: 300,
    height: 300,
    layer: classifierLayers({
      area: d.area,
      n: d.gridSize,
      probabilities: p.probabilities,
      points: d.data.points,
      labels: d.data.labels,
      prefix,
    }),
  });
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title: { text: `Decision boundary on ${d.data.name}`, subtitle: `network ${net}` },
    config: CONFIG,
    hconcat: [
      panel(`Untrained: accuracy ${percent(d.before.accuracy)}`, d.before, 'untrained_'),
      panel(
        `After ${d.epochs} epoch${d.epochs === 1 ? '' : 's'} of fit: accuracy ${percent(d.after.accuracy)}`,
        d.after,
        'trained_',
      ),
    ],
  };
  return new Figure('decision-boundary', spec, d);
}
