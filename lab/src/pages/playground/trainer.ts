/**
 * The playground's network and its training, through Neurite's public API: a Sequential
 * model built from the state, trained one batch at a time with `trainOnBatch` (so the page
 * can interleave batches with drawing and stay responsive), evaluated on all points, and
 * read out over a grid (the decision map and every hidden neuron's map).
 *
 * Reproducible: `nn.setSeed(seed)` before the layers are made fixes the initial weights
 * and the dropout masks, and the batches' order comes from a generator seeded per epoch,
 * so a reloaded link that runs the same number of steps computes the same numbers.
 */
import * as nn from 'neurite';
import { featureMatrix, mulberry32, permutation, type Split } from './data.js';
import { classCount, type PlaygroundState } from './state.js';

/** Loss (cross-entropy, without the regularization penalty) and accuracy of a set. */
export interface Score {
  loss: number;
  accuracy: number;
}

/** One point of the loss curves: epochs trained (fractional) and both losses. */
export interface CurvePoint {
  epoch: number;
  train: number;
  test: number;
}

/** Keras's clipping of probabilities in cross-entropy. */
const EPSILON = 1e-7;

function optimizerFor(s: Readonly<PlaygroundState>): nn.optimizers.Optimizer {
  const learningRate = s.learningRate;
  switch (s.optimizer) {
    case 'sgd':
      return nn.optimizers.sgd({ learningRate });
    case 'momentum':
      return nn.optimizers.sgd({ learningRate, momentum: 0.9 });
    case 'adam':
      return nn.optimizers.adam({ learningRate });
    case 'rmsprop':
      return nn.optimizers.rmsprop({ learningRate });
    case 'adagrad':
      return nn.optimizers.adagrad({ learningRate });
    case 'nadam':
      return nn.optimizers.nadam({ learningRate });
  }
}

function regularizerFor(s: Readonly<PlaygroundState>): nn.regularizers.Regularizer | undefined {
  if (s.regularization === 'l1') return nn.regularizers.l1({ l1: s.regRate });
  if (s.regularization === 'l2') return nn.regularizers.l2({ l2: s.regRate });
  return undefined;
}

/** The model of a state (call `nn.setSeed` first for reproducible weights). */
export function buildModel(s: Readonly<PlaygroundState>): nn.Sequential {
  const classes = classCount(s);
  const kernelRegularizer = regularizerFor(s);
  const model = nn.sequential();
  const inputShape = [s.features.length];
  s.layers.forEach((l, i) => {
    model.add(
      nn.layers.dense({
        units: l.units,
        activation: l.activation,
        kernelRegularizer,
        ...(i === 0 ? { inputShape } : {}),
      }),
    );
    if (s.dropout > 0) model.add(nn.layers.dropout({ rate: s.dropout }));
  });
  model.add(
    nn.layers.dense({
      units: classes === 2 ? 1 : classes,
      activation: classes === 2 ? 'sigmoid' : 'softmax',
      kernelRegularizer,
      ...(s.layers.length === 0 ? { inputShape } : {}),
    }),
  );
  model.compile({
    optimizer: optimizerFor(s),
    loss: classes === 2 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy',
  });
  return model;
}

/** A network being trained on one split of the data. */
export class Trainer {
  readonly model: nn.Sequential;
  readonly classes: number;
  readonly nFeatures: number;
  /** Whole epochs done. */
  epoch = 0;
  /** Batches done in the current epoch. */
  batchInEpoch = 0;
  /** Optimisation steps done in all. */
  steps = 0;
  readonly curve: CurvePoint[] = [];
  readonly #xTrain: Float32Array;
  readonly #yTrain: Int32Array;
  readonly #xAll: Float32Array;
  readonly #yAll: Int32Array;
  readonly #nTrain: number;
  readonly #batchSize: number;
  readonly #seed: number;
  #order: Int32Array;

  constructor(state: Readonly<PlaygroundState>, split: Split) {
    this.classes = classCount(state);
    this.nFeatures = state.features.length;
    nn.setSeed(state.seed);
    this.model = buildModel(state);
    this.#seed = state.seed;
    this.#nTrain = split.train.length;
    this.#batchSize = Math.min(state.batchSize, this.#nTrain);
    const all = [...split.train, ...split.test];
    this.#xAll = featureMatrix(all, state.features);
    this.#yAll = Int32Array.from(all, (p) => p.label);
    this.#xTrain = this.#xAll.subarray(0, this.#nTrain * this.nFeatures);
    this.#yTrain = this.#yAll.subarray(0, this.#nTrain);
    this.#order = this.#epochOrder();
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.#nTrain / this.#batchSize);
  }

  /** Epochs trained, counting the current one's batches as a fraction. */
  get progress(): number {
    return this.epoch + this.batchInEpoch / this.batchesPerEpoch;
  }

  #epochOrder(): Int32Array {
    return permutation(this.#nTrain, mulberry32((this.#seed * 7919 + this.epoch) >>> 0));
  }

  /** One optimisation step on the next batch; true when it ends an epoch. */
  step(): boolean {
    const start = this.batchInEpoch * this.#batchSize;
    const rows = this.#order.subarray(start, Math.min(start + this.#batchSize, this.#nTrain));
    const f = this.nFeatures;
    const x = new Float32Array(rows.length * f);
    const labels = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      x.set(this.#xTrain.subarray(r * f, r * f + f), i * f);
      labels[i] = this.#yTrain[r]!;
    });
    const xs = nn.tensor2d(x, [rows.length, f]);
    const ys =
      this.classes === 2 ? nn.tensor2d(labels, [rows.length, 1]) : nn.tensor1d(labels, 'float32');
    try {
      this.model.trainOnBatch(xs, ys);
    } finally {
      nn.dispose([xs, ys]);
    }
    this.steps += 1;
    this.batchInEpoch += 1;
    if (this.batchInEpoch < this.batchesPerEpoch) return false;
    this.batchInEpoch = 0;
    this.epoch += 1;
    this.#order = this.#epochOrder();
    return true;
  }

  /** Finishes the current epoch (or runs a whole one). */
  stepEpoch(): void {
    while (!this.step()) {
      /* next batch */
    }
  }

  /** Runs batches until `ms` milliseconds have passed (at least one batch). */
  runFor(ms: number): void {
    const end = performance.now() + ms;
    do this.step();
    while (performance.now() < end);
  }

  /** The model's outputs for feature rows `x` ([n, f]): [n, 1] or [n, classes]. */
  predict(x: Float32Array): Float32Array {
    const n = x.length / this.nFeatures;
    const input = nn.tensor2d(x, [n, this.nFeatures]);
    const out = this.model.predict(input, { batchSize: 4096 });
    try {
      return Float32Array.from(out.dataSync());
    } finally {
      nn.dispose([input, out]);
    }
  }

  /** The features of every point, training points first ([n, features]). */
  get allFeatures(): Float32Array {
    return this.#xAll;
  }

  /** Multiply-adds per point of one forward pass (to size the page's chunks of work). */
  get macsPerPoint(): number {
    let prev = this.nFeatures;
    let macs = 0;
    for (const layer of this.model.layers) {
      const units = (layer.getConfig() as { units?: number }).units;
      if (typeof units !== 'number') continue;
      macs += prev * units;
      prev = units;
    }
    return Math.max(1, macs);
  }

  /** Scores the train and test points, and appends them to the loss curve. */
  evaluate(): { train: Score; test: Score } {
    return this.score(this.predict(this.#xAll));
  }

  /**
   * Scores the outputs `out` of every point ({@link allFeatures}, in order) and appends the
   * losses to the loss curve.
   */
  score(out: Float32Array): { train: Score; test: Score } {
    const k = this.classes === 2 ? 1 : this.classes;
    const score = (from: number, to: number): Score => {
      let loss = 0;
      let right = 0;
      for (let i = from; i < to; i++) {
        const y = this.#yAll[i]!;
        let p: number;
        let guess: number;
        if (k === 1) {
          const q = out[i]!;
          p = y === 1 ? q : 1 - q;
          guess = q >= 0.5 ? 1 : 0;
        } else {
          const row = out.subarray(i * k, i * k + k);
          p = row[y]!;
          guess = argMax(row);
        }
        loss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
        if (guess === y && Number.isFinite(p)) right += 1;
        if (!Number.isFinite(p)) loss = NaN;
      }
      const n = Math.max(1, to - from);
      return { loss: loss / n, accuracy: right / n };
    };
    const train = score(0, this.#nTrain);
    const test = score(this.#nTrain, this.#yAll.length);
    const last = this.curve[this.curve.length - 1];
    if (!last || last.epoch !== this.progress) {
      this.curve.push({ epoch: this.progress, train: train.loss, test: test.loss });
    }
    return { train, test };
  }

  /**
   * Every hidden layer's outputs (after its activation) for feature rows `x`: one
   * Float32Array [n, units] per hidden Dense layer, in order.
   */
  hiddenOutputs(x: Float32Array): Float32Array[] {
    const n = x.length / this.nFeatures;
    const outs: Float32Array[] = [];
    const dense = this.model.layers.filter((l) => l.className === 'Dense');
    const hidden = new Set(dense.slice(0, -1));
    nn.tidy(() => {
      let h = nn.tensor2d(x, [n, this.nFeatures]);
      for (const layer of this.model.layers) {
        if (!hidden.has(layer)) continue;
        h = layer.apply(h, { training: false });
        outs.push(Float32Array.from(h.dataSync()));
      }
    });
    return outs;
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.model.dispose();
  }
}

/** Index of the largest value. */
export function argMax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}
