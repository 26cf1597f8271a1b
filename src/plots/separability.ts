/**
 * The separability figure: AND, OR and XOR as four points each. Rosenblatt's perceptron
 * (`nn.Perceptron`, trained with its own rule) finds a separating line for AND and OR and
 * none for XOR; a small MLP trained with `fit` carves XOR's curved region.
 */
import type { TopLevelSpec } from 'vega-lite';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { glorotUniform } from '../initializers/index.js';
import { dense } from '../layers/index.js';
import { Perceptron } from '../models/perceptron.js';
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
import { Figure, type LayerChild } from './figure.js';
import { type Area, cellCenters } from './grid.js';
import { CONFIG, SCHEMA } from './theme.js';

/**
 * The four inputs of a two-input logic gate.
 * @example
 * plots.GATE_INPUTS; // [[0, 0], [0, 1], [1, 0], [1, 1]]
 */
export const GATE_INPUTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/**
 * Each gate's outputs for {@link GATE_INPUTS}.
 * @example
 * plots.GATES.XOR; // [0, 1, 1, 0]
 */
export const GATES = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], XOR: [0, 1, 1, 0] } as const;
export type GateName = keyof typeof GATES;

/**
 * Options of {@link separability} and {@link separabilityData}.
 */
export interface SeparabilityArgs {
  /** Perceptron epochs (passes over the four points). Default 20. */
  perceptronEpochs?: number;
  /** Hidden units of the XOR network. Default 4. */
  hidden?: number;
  /** Epochs of `fit` for the XOR network. Default 300. */
  epochs?: number;
  /** Seed of the XOR network's initial weights. Default 0 (some seeds stall in a local minimum). */
  seed?: number;
  /** Cells per side of the shading grid. Default 40. */
  gridSize?: number;
}

/** What the perceptron learned on one gate. */
export interface PerceptronResult {
  labels: number[];
  /** w₁, w₂ of the line w₁x₁ + w₂x₂ + b = 0. */
  weights: [number, number];
  bias: number;
  /** Whether an epoch ended with every point right (the line separates them). */
  converged: boolean;
  /** Misclassified points per epoch. */
  errors: number[];
  /** The perceptron's class (0/1) on the shading grid. */
  grid: number[];
}

/**
 * The numbers behind {@link separability}: the perceptron's result on each gate and the MLP's on XOR.
 */
export interface SeparabilityData {
  area: Area;
  gridSize: number;
  perceptron: Record<GateName, PerceptronResult>;
  /** The XOR network: accuracy on the four points, P(1) on the grid, and its loss per epoch. */
  mlp: { hidden: number; accuracy: number; probabilities: number[]; loss: number[] };
}

const BIG_POINTS = { pointSize: 160, pointStroke: '#222' } as const;

const AREA: Area = { x: [-0.5, 1.5], y: [-0.5, 1.5] };

function trainPerceptron(
  labels: readonly number[],
  epochs: number,
  grid: Float32Array,
): PerceptronResult {
  // tidy: the constructor's zero initial values would otherwise outlive it.
  let made: Perceptron | null = null;
  tidy(() => {
    made = new Perceptron({ inputDim: 2 });
  });
  const p: Perceptron = made!;
  try {
    const [x, y] = tidy((): [Tensor, Tensor] => [
      tensor(GATE_INPUTS.flat(), [4, 2]),
      tensor([...labels], [4]),
    ]);
    const history = p.fit(x, y, { epochs });
    x.dispose();
    y.dispose();
    let cls: number[] = [];
    tidy(() => {
      cls = Array.from(p.predict(tensor(grid, [grid.length / 2, 2])).dataSync());
    });
    const [w1, w2] = p.weights.dataSync();
    return {
      labels: [...labels],
      weights: [w1!, w2!],
      bias: p.bias.dataSync()[0]!,
      converged: history.converged,
      errors: history.errors,
      grid: cls,
    };
  } finally {
    p.weights.dispose();
    p.bias.dispose();
  }
}

/**
 * Trains the perceptron on each gate and an MLP on XOR (the numbers behind the figure).
 * @example
 * const data = await plots.separabilityData();
 * data.perceptron.AND.converged; // true
 * data.perceptron.XOR.converged; // false: XOR is not linearly separable
 */
export async function separabilityData(args: SeparabilityArgs = {}): Promise<SeparabilityData> {
  const { perceptronEpochs = 20, hidden = 4, epochs = 300, seed = 0, gridSize = 40 } = args;
  for (const [name, v, max] of [
    ['perceptronEpochs', perceptronEpochs, 10_000],
    ['hidden', hidden, 256],
    ['epochs', epochs, 100_000],
    ['gridSize', gridSize, 200],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw new ValueError(
        `plots.separability: ${name} must be an integer in [1, ${max}], received ${v}`,
      );
  }
  const grid = cellCenters(AREA, gridSize);
  const perceptron = {
    AND: trainPerceptron(GATES.AND, perceptronEpochs, grid),
    OR: trainPerceptron(GATES.OR, perceptronEpochs, grid),
    XOR: trainPerceptron(GATES.XOR, perceptronEpochs, grid),
  };
  const model = sequential({
    name: 'xor_mlp',
    layers: [
      dense({
        units: hidden,
        activation: 'tanh',
        inputShape: [2],
        kernelInitializer: glorotUniform({ seed }),
      }),
      dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: adam({ learningRate: 0.1 }), loss: 'binaryCrossentropy' });
  const inputs = new Float32Array(GATE_INPUTS.flat());
  const [x, y] = tidy((): [Tensor, Tensor] => [
    tensor(inputs, [4, 2]),
    tensor([...GATES.XOR], [4, 1]),
  ]);
  try {
    const history = await model.fit(x, y, { epochs, batchSize: 4, verbose: 0 });
    return {
      area: AREA,
      gridSize,
      perceptron,
      mlp: {
        hidden,
        accuracy: accuracyOf(predictProbabilities(model, inputs), GATES.XOR),
        probabilities: predictProbabilities(model, grid),
        loss: history.history.loss ?? [],
      },
    };
  } finally {
    x.dispose();
    y.dispose();
    disposeModel(model);
  }
}

/** The line w₁x₁ + w₂x₂ + b = 0 across the area, as two points. */
function lineAcross(r: PerceptronResult, area: Area): { x: number; y: number }[] {
  const [w1, w2] = r.weights;
  if (Math.abs(w2) > 1e-12) return area.x.map((x) => ({ x, y: -(w1 * x + r.bias) / w2 }));
  return area.y.map((y) => ({ x: -r.bias / w1, y }));
}

/**
 * AND, OR and XOR with the perceptron's learned line where one exists, and an MLP's curved
 * region for XOR.
 *
 * @example
 * await plots.writeFigure(await plots.separability(), 'separability.svg');
 */
export async function separability(args: SeparabilityArgs = {}): Promise<Figure<SeparabilityData>> {
  const d = await separabilityData(args);
  const classNames = ['0', '1'] as const;
  const panel = (title: string, prefix: string, layers: LayerChild[]) => ({
    title,
    width: 190,
    height: 190,
    layer: layers,
  });
  const perceptronPanel = (gate: GateName) => {
    const r = d.perceptron[gate];
    const prefix = gate.toLowerCase() + '_';
    const layers = classifierLayers({
      area: d.area,
      n: d.gridSize,
      probabilities: r.converged ? r.grid : null,
      points: GATE_INPUTS,
      labels: r.labels,
      classNames,
      classTitle: 'output',
      boundary: false,
      prefix,
      ...BIG_POINTS,
    });
    if (r.converged) {
      layers.splice(layers.length - 1, 0, {
        name: `${prefix}line`,
        data: { values: lineAcross(r, d.area) },
        mark: { type: 'line', color: '#333', strokeWidth: 2, clip: true },
        encoding: {
          x: {
            field: 'x',
            type: 'quantitative',
            scale: { domain: [...d.area.x], nice: false, zero: false },
          },
          y: {
            field: 'y',
            type: 'quantitative',
            scale: { domain: [...d.area.y], nice: false, zero: false },
          },
        },
      });
    }
    const title = r.converged
      ? `${gate}: perceptron line`
      : `${gate}: no line (${r.errors[r.errors.length - 1]} errors in epoch ${r.errors.length})`;
    return panel(title, prefix, layers);
  };
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title: {
      text: 'Linear separability',
      subtitle: 'A perceptron separates AND and OR with a line; XOR needs a hidden layer',
    },
    config: CONFIG,
    hconcat: [
      perceptronPanel('AND'),
      perceptronPanel('OR'),
      perceptronPanel('XOR'),
      panel(
        `XOR: MLP 2→${d.mlp.hidden}→1 (${Math.round(d.mlp.accuracy * 100)}% right)`,
        'mlp_',
        classifierLayers({
          area: d.area,
          n: d.gridSize,
          probabilities: d.mlp.probabilities,
          points: GATE_INPUTS,
          labels: GATES.XOR,
          classNames,
          classTitle: 'output',
          prefix: 'mlp_',
          ...BIG_POINTS,
        }),
      ),
    ],
  };
  return new Figure('separability', spec, d);
}
