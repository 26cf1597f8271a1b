/**
 * `tf.losses` (tfjs-core's losses, not the Keras ones): functions of
 * `(labels, predictions, weights?, …, reduction?)` that return the reduced loss tensor,
 * by default the mean over the non-zero weights (`Reduction.SUM_BY_NONZERO_WEIGHTS`). Each
 * is its elementwise formula in core ops plus TF.js's `computeWeightedLoss`, so gradients
 * flow through them. For `model.compile` use the loss names (`'meanSquaredError'`, …).
 */
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { add, div, minimum, mul, notEqual, squaredDifference, sub } from '../ops/binary.js';
import { cast } from '../ops/cast.js';
import { convert, type TensorLike } from '../ops/core.js';
import { ones, scalar } from '../ops/creation.js';
import { relu } from '../ops/nonlinear.js';
import { mean, sum, logSumExp } from '../ops/reduce.js';
import { abs, exp, log, log1p, neg, square } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * How the elementwise losses become one value (TF.js's `tf.Reduction`): `NONE` (the
 * weighted losses), `MEAN` (weighted sum ÷ sum of the weights), `SUM`, and the default
 * `SUM_BY_NONZERO_WEIGHTS` (weighted sum ÷ number of non-zero weights; the mean without
 * weights).
 * @example
 * tf.losses.meanSquaredError([1, 2], [1, 4], null, tf.Reduction.SUM); // 4
 */
export const Reduction = Object.freeze({
  NONE: 0,
  MEAN: 1,
  SUM: 2,
  SUM_BY_NONZERO_WEIGHTS: 3,
} as const);
/** One of the {@link Reduction} values. */
export type Reduction = (typeof Reduction)[keyof typeof Reduction];

const t = (x: TensorLike, arg: string, op: string): Tensor => convert(x, arg, `tf.losses.${op}`);

/**
 * Reduces elementwise `losses` with optional `weights` (TF.js `tf.losses.computeWeightedLoss`).
 * @example
 * tf.losses.computeWeightedLoss(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 1])); // (1 + 3) / 2 = 2
 */
export function computeWeightedLoss(
  losses: TensorLike,
  weights?: TensorLike | null,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    const l = t(losses, 'losses', 'computeWeightedLoss');
    const w =
      weights === undefined || weights === null
        ? null
        : t(weights, 'weights', 'computeWeightedLoss');
    const weighted = w ? mul(l, w) : l;
    switch (reduction) {
      case Reduction.NONE:
        return weighted;
      case Reduction.SUM:
        return sum(weighted);
      case Reduction.MEAN: {
        if (!w) return mean(weighted);
        const result = div(sum(weighted), sum(w));
        const factor = l.size / w.size;
        return factor > 1 ? div(result, factor) : result;
      }
      case Reduction.SUM_BY_NONZERO_WEIGHTS: {
        if (!w) return div(sum(weighted), scalar(l.size));
        const nonZero = cast(sum(cast(notEqual(mul(w, ones(l.shape)), 0), 'float32')), 'float32');
        return div(sum(weighted), nonZero);
      }
      default:
        throw new ValueError(
          `tf.losses.computeWeightedLoss: unknown reduction ${String(reduction)}`,
        );
    }
  });
}

/**
 * Mean absolute difference `|labels − predictions|`.
 * @example
 * tf.losses.absoluteDifference(tf.tensor1d([1, 2]), tf.tensor1d([2, 4])); // 1.5
 */
export function absoluteDifference(
  labels: TensorLike,
  predictions: TensorLike,
  weights?: TensorLike | null,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() =>
    computeWeightedLoss(
      abs(sub(t(labels, 'labels', 'absoluteDifference'), predictions)),
      weights,
      reduction,
    ),
  );
}

/**
 * Mean squared difference `(labels − predictions)²`.
 * @example
 * tf.losses.meanSquaredError(tf.tensor1d([1, 2]), tf.tensor1d([2, 4])); // 2.5
 */
export function meanSquaredError(
  labels: TensorLike,
  predictions: TensorLike,
  weights?: TensorLike | null,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() =>
    computeWeightedLoss(
      squaredDifference(t(labels, 'labels', 'meanSquaredError'), predictions),
      weights,
      reduction,
    ),
  );
}

/**
 * Hinge loss `max(0, 1 − (2·labels − 1)·predictions)` for 0/1 labels.
 * @example
 * tf.losses.hingeLoss(tf.tensor1d([1, 0]), tf.tensor1d([0.5, -0.5])); // labels 0/1 → −1/1: 0.5
 */
export function hingeLoss(
  labels: TensorLike,
  predictions: TensorLike,
  weights?: TensorLike | null,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    const signed = sub(mul(2, t(labels, 'labels', 'hingeLoss')), 1);
    return computeWeightedLoss(relu(sub(1, mul(signed, predictions))), weights, reduction);
  });
}

/**
 * Huber loss: quadratic for errors up to `delta`, linear beyond.
 * @example
 * tf.losses.huberLoss(tf.tensor1d([0, 0]), tf.tensor1d([0.5, 2])); // (0.125 + 1.5) / 2 = 0.8125
 */
export function huberLoss(
  labels: TensorLike,
  predictions: TensorLike,
  weights?: TensorLike | null,
  delta = 1,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    const error = abs(sub(predictions, t(labels, 'labels', 'huberLoss')));
    const quadratic = minimum(error, delta);
    const linear = sub(error, quadratic);
    return computeWeightedLoss(
      add(mul(0.5, square(quadratic)), mul(delta, linear)),
      weights,
      reduction,
    );
  });
}

/**
 * Log loss (binary cross-entropy on probabilities) with `epsilon` inside the logs.
 * @example
 * tf.losses.logLoss(tf.tensor1d([1, 0]), tf.tensor1d([0.9, 0.1])); // −log 0.9 ≈ 0.1054
 */
export function logLoss(
  labels: TensorLike,
  predictions: TensorLike,
  weights?: TensorLike | null,
  epsilon = 1e-7,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    const y = t(labels, 'labels', 'logLoss');
    const p = t(predictions, 'predictions', 'logLoss');
    const l1 = neg(mul(y, log(add(p, epsilon))));
    const l2 = mul(sub(1, y), log(add(sub(1, p), epsilon)));
    return computeWeightedLoss(sub(l1, l2), weights, reduction);
  });
}

/**
 * Cosine distance `1 − Σ labels·predictions` along `axis` (inputs already unit-normalized).
 * @example
 * tf.losses.cosineDistance(tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 0]]), 1); // 0
 */
export function cosineDistance(
  labels: TensorLike,
  predictions: TensorLike,
  axis: number,
  weights?: TensorLike | null,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() =>
    computeWeightedLoss(
      sub(1, sum(mul(t(labels, 'labels', 'cosineDistance'), predictions), axis, true)),
      weights,
      reduction,
    ),
  );
}

/**
 * Sigmoid cross-entropy on logits, with optional label smoothing toward 0.5.
 * @example
 * tf.losses.sigmoidCrossEntropy(tf.tensor1d([1]), tf.tensor1d([0])); // log 2 ≈ 0.6931
 */
export function sigmoidCrossEntropy(
  multiClassLabels: TensorLike,
  logits: TensorLike,
  weights?: TensorLike | null,
  labelSmoothing = 0,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    let y = cast(t(multiClassLabels, 'multiClassLabels', 'sigmoidCrossEntropy'), 'float32');
    const z = t(logits, 'logits', 'sigmoidCrossEntropy');
    if (labelSmoothing > 0) y = add(mul(y, 1 - labelSmoothing), 0.5 * labelSmoothing);
    const losses = add(sub(relu(z), mul(z, y)), log1p(exp(neg(abs(z)))));
    return computeWeightedLoss(losses, weights, reduction);
  });
}

/**
 * Softmax cross-entropy of one-hot labels and logits (per row), with optional smoothing.
 * @example
 * tf.losses.softmaxCrossEntropy(tf.tensor2d([[0, 1]]), tf.tensor2d([[0, 0]])); // log 2 ≈ 0.6931
 */
export function softmaxCrossEntropy(
  onehotLabels: TensorLike,
  logits: TensorLike,
  weights?: TensorLike | null,
  labelSmoothing = 0,
  reduction: Reduction = Reduction.SUM_BY_NONZERO_WEIGHTS,
): Tensor {
  return tidy(() => {
    let y = cast(t(onehotLabels, 'onehotLabels', 'softmaxCrossEntropy'), 'float32');
    const z = t(logits, 'logits', 'softmaxCrossEntropy');
    if (labelSmoothing > 0) {
      const classes = y.shape[y.rank - 1]!;
      y = add(mul(y, 1 - labelSmoothing), labelSmoothing / classes);
    }
    const logProbs = sub(z, logSumExp(z, -1, true));
    const losses = sum(neg(mul(logProbs, y)), -1);
    return computeWeightedLoss(losses, weights, reduction);
  });
}
