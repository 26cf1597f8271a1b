/**
 * Rosenblatt's perceptron: one artificial neuron z = w·x + b with a step activation,
 * trained by the perceptron rule w ← w + η (y − ŷ) x, b ← b + η (y − ŷ). It learns any
 * linearly separable labelling (AND, OR) and never settles on one that is not (XOR).
 */
import { ShapeError, ValueError } from '../errors.js';
import { tidy } from '../engine/tidy.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { add, matMul, step, tensor, variable, zeros } from '../ops/index.js';

/**
 * Options of `new nn.Perceptron(args)`.
 */
export interface PerceptronArgs {
  /** Number of inputs. */
  inputDim: number;
  /** η. Default 1 (the rule is scale-free with zero initial weights). */
  learningRate?: number;
}

/**
 * What `Perceptron.fit` returns: the errors of each epoch and whether it converged.
 */
export interface PerceptronHistory {
  /** Misclassified samples in each epoch (0 means the data was separated). */
  errors: number[];
  /** Whether an epoch ended with no error. */
  converged: boolean;
}

/**
 * Rosenblatt's perceptron: one neuron `step(w·x + b)`, trained by the perceptron rule
 * `w ← w + η(y − ŷ)x`. It separates any linearly separable labelling (AND, OR), never XOR.
 *
 * @throws ValueError when `inputDim` is not a positive integer or `learningRate <= 0`.
 * @example
 * const p = new nn.Perceptron({ inputDim: 2 });
 * const x = nn.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * const history = p.fit(x, nn.tensor([0, 0, 0, 1]), { epochs: 20 }); // AND
 * history.converged; // true
 * p.predict(x); // [0, 0, 0, 1]
 */
export class Perceptron {
  readonly inputDim: number;
  readonly learningRate: number;
  readonly weights: Variable;
  readonly bias: Variable;

  constructor({ inputDim, learningRate = 1 }: PerceptronArgs) {
    if (!Number.isInteger(inputDim) || inputDim <= 0)
      throw new ValueError(`Perceptron: inputDim must be a positive integer, received ${inputDim}`);
    if (!(learningRate > 0))
      throw new ValueError(`Perceptron: learningRate must be > 0, received ${learningRate}`);
    this.inputDim = inputDim;
    this.learningRate = learningRate;
    this.weights = tidy(() => variable(zeros([inputDim, 1]), false, 'perceptron/weights'));
    this.bias = tidy(() => variable(zeros([1]), false, 'perceptron/bias'));
  }

  /** z = x·w + b for a batch `[n, inputDim]`. */
  netInput(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) {
      throw new ShapeError(
        `Perceptron: expected inputs of shape [n,${this.inputDim}], received [${x.shape.join(',')}]`,
      );
    }
    return add(matMul(x, this.weights), this.bias);
  }

  /** Class 0 or 1 for each row: step(w·x + b), shape `[n]`. */
  predict(x: Tensor): Tensor {
    return tidy(() => step(this.netInput(x)).reshape([x.shape[0]!]));
  }

  /** Applies the perceptron rule sample by sample for `epochs` passes (stops early when separated). */
  fit(x: Tensor, y: Tensor, { epochs = 20 }: { epochs?: number } = {}): PerceptronHistory {
    const n = x.shape[0]!;
    if (y.size !== n)
      throw new ShapeError(`Perceptron.fit: x has ${n} rows but y has ${y.size} labels`);
    const xs = x.dataSync();
    const ys = y.dataSync();
    for (const v of ys)
      if (v !== 0 && v !== 1)
        throw new ValueError(`Perceptron.fit: labels must be 0 or 1, received ${v}`);
    const w = Array.from(this.weights.dataSync());
    let b = this.bias.dataSync()[0]!;
    const errors: number[] = [];
    for (let e = 0; e < epochs; e++) {
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        let z = b;
        for (let j = 0; j < this.inputDim; j++) z += w[j]! * xs[i * this.inputDim + j]!;
        const delta = ys[i]! - (z >= 0 ? 1 : 0);
        if (delta !== 0) {
          wrong++;
          for (let j = 0; j < this.inputDim; j++)
            w[j]! += this.learningRate * delta * xs[i * this.inputDim + j]!;
          b += this.learningRate * delta;
        }
      }
      errors.push(wrong);
      if (wrong === 0) break;
    }
    tidy(() => {
      this.weights.assign(tensor(w, [this.inputDim, 1]));
      this.bias.assign(tensor([b]));
    });
    return { errors, converged: errors[errors.length - 1] === 0 };
  }
}
