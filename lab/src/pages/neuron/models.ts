/**
 * The neuron page's two learners on the public API: Rosenblatt's perceptron (nn.Perceptron,
 * one epoch of its rule per step) and the small MLP that solves XOR (dense tanh → dense
 * sigmoid, trained with Adam on binary cross-entropy).
 */
import * as nn from 'neurite';
import type { Point } from './data.js';

/** Points as the tensors x `[n, 2]` and y `[n]`. */
function tensors(points: readonly Point[]): { x: nn.Tensor; y: nn.Tensor } {
  return {
    x: nn.tensor(
      points.flatMap((p) => [p.x, p.y]),
      [points.length, 2],
    ),
    y: nn.tensor(points.map((p) => p.label)),
  };
}

/** The perceptron's weights after a step: the line w0·x + w1·y + b = 0. */
export interface LineState {
  w: [number, number];
  b: number;
  /** Points misclassified during the epoch just run (the rule updated on each). */
  errors: number;
  /** Epochs run so far. */
  epoch: number;
}

/** A perceptron trained one epoch at a time. */
export class PerceptronTrainer {
  readonly #p = new nn.Perceptron({ inputDim: 2, learningRate: 1 });
  readonly #x: nn.Tensor;
  readonly #y: nn.Tensor;
  #epoch = 0;
  readonly history: number[] = [];

  constructor(points: readonly Point[]) {
    const { x, y } = tensors(points);
    this.#x = x;
    this.#y = y;
  }

  /** One pass of the perceptron rule over every point. */
  step(): LineState {
    const { errors } = this.#p.fit(this.#x, this.#y, { epochs: 1 });
    this.#epoch += 1;
    this.history.push(errors[0] ?? 0);
    return this.state(errors[0] ?? 0);
  }

  /** The current weights and bias. */
  state(errors = NaN): LineState {
    const w = this.#p.weights.dataSync();
    return { w: [w[0]!, w[1]!], b: this.#p.bias.dataSync()[0]!, errors, epoch: this.#epoch };
  }

  /** Releases the tensors. */
  dispose(): void {
    this.#x.dispose();
    this.#y.dispose();
    this.#p.weights.dispose();
    this.#p.bias.dispose();
  }
}

/** Options of {@link MlpTrainer}. */
export interface MlpArgs {
  hidden: number;
  learningRate: number;
  seed: number;
}

/** The MLP's progress after a chunk of epochs. */
export interface MlpState {
  epoch: number;
  loss: number;
  /** Points on the right side (output ≥ 0.5 for class 1). */
  correct: number;
}

/** nn.sequential([dense(hidden, tanh), dense(1, sigmoid)]) trained full-batch with Adam. */
export class MlpTrainer {
  readonly model: nn.Sequential;
  readonly #x: nn.Tensor;
  readonly #y: nn.Tensor;
  readonly #n: number;
  #epoch = 0;

  constructor(points: readonly Point[], { hidden, learningRate, seed }: MlpArgs) {
    nn.setSeed(seed);
    this.model = nn.sequential({
      layers: [
        nn.layers.dense({ units: hidden, activation: 'tanh', inputShape: [2] }),
        nn.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    this.model.compile({
      optimizer: nn.optimizers.adam({ learningRate }),
      loss: 'binaryCrossentropy',
    });
    const { x, y } = tensors(points);
    this.#x = x;
    this.#y = y.reshape([points.length, 1]);
    y.dispose();
    this.#n = points.length;
  }

  /** Trains `epochs` more epochs (one full batch each). */
  async train(epochs: number): Promise<MlpState> {
    const history = await this.model.fit(this.#x, this.#y, {
      epochs: this.#epoch + epochs,
      initialEpoch: this.#epoch,
      batchSize: this.#n,
      shuffle: false,
      verbose: 0,
    });
    this.#epoch += epochs;
    const losses = history.history.loss ?? [];
    const loss = Number(losses[losses.length - 1] ?? NaN);
    return { epoch: this.#epoch, loss, correct: this.correct() };
  }

  /** How many points the network classifies right now. */
  correct(): number {
    const p = this.predict(this.#x.dataSync());
    const y = this.#y.dataSync();
    let right = 0;
    for (let i = 0; i < this.#n; i++) if ((p[i]! >= 0.5 ? 1 : 0) === y[i]) right++;
    return right;
  }

  /** Class-1 probabilities at the points `[x0, y0, x1, y1, …]`. */
  predict(xy: ArrayLike<number>): Float32Array {
    const out = new Float32Array(xy.length / 2);
    nn.tidy(() => {
      const input = nn.tensor(Float32Array.from(xy), [xy.length / 2, 2]);
      out.set(this.model.predict(input, { batchSize: 4096 }).dataSync());
    });
    return out;
  }

  /** Releases the model and tensors. */
  dispose(): void {
    this.#x.dispose();
    this.#y.dispose();
    this.model.dispose();
  }
}
