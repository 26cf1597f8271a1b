/**
 * `tf.metrics` (TF.js's): functions of `(yTrue, yPred)` returning per-sample values (or,
 * for precision, recall and r2Score, the batch's value), as TF.js's metric functions do.
 * They are the core's per-sample metric and loss formulas. Passed to `compile({metrics})`
 * they are averaged over each epoch and logged under their TF.js names
 * (`categoricalAccuracy`, `meanSquaredError`, …). Neurite's stateful metric objects
 * (exact precision, recall, AUC over an epoch) are in `nn.metrics`.
 */
import { tidy } from '../engine/tidy.js';
import { getLoss } from '../losses/index.js';
import { binaryAccuracyValues } from '../metrics/binary-accuracy.js';
import { categoricalAccuracyValues } from '../metrics/categorical-accuracy.js';
import { sparseCategoricalAccuracyValues } from '../metrics/sparse-categorical-accuracy.js';
import { div, equal, logicalAnd, sub } from '../ops/binary.js';
import { cast } from '../ops/cast.js';
import { where } from '../ops/where.js';
import { scalar } from '../ops/creation.js';
import { mean, sum } from '../ops/reduce.js';
import { square } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

/** Per-sample values of a core loss under a TF.js metric's name. */
function lossValues(id: string): (yTrue: Tensor, yPred: Tensor) => Tensor {
  return (yTrue, yPred) => getLoss(id).perSample(yTrue, yPred);
}

/**
 * 1 where the thresholded prediction (0.5) equals the label, per sample.
 * @example
 * tf.metrics.binaryAccuracy(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.8], [0.7]])); // [1, 0]
 */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return binaryAccuracyValues(yTrue, yPred);
}
/**
 * 1 where the arg-max of the prediction is the one-hot label's.
 * @example
 * tf.metrics.categoricalAccuracy(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.3, 0.7]])); // [1]
 */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return categoricalAccuracyValues(yTrue, yPred);
}
/**
 * 1 where the arg-max of the prediction is the integer label.
 * @example
 * tf.metrics.sparseCategoricalAccuracy(tf.tensor1d([0]), tf.tensor2d([[0.3, 0.7]])); // [0]
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return sparseCategoricalAccuracyValues(yTrue, yPred);
}
/**
 * Binary cross-entropy per sample.
 * @example
 * tf.metrics.binaryCrossentropy(tf.tensor2d([[1]]), tf.tensor2d([[0.9]])); // [0.1053605]
 */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('binaryCrossentropy')(yTrue, yPred);
}
/**
 * Categorical cross-entropy per sample.
 * @example
 * tf.metrics.categoricalCrossentropy(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.1, 0.9]])); // [0.1053605]
 */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('categoricalCrossentropy')(yTrue, yPred);
}
/**
 * Sparse categorical cross-entropy per sample.
 * @example
 * tf.metrics.sparseCategoricalCrossentropy(tf.tensor1d([1]), tf.tensor2d([[0.1, 0.9]])); // [0.1053605]
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('sparseCategoricalCrossentropy')(yTrue, yPred);
}
/**
 * Mean squared error per sample.
 * @example
 * tf.metrics.meanSquaredError(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])); // [0.5]
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('meanSquaredError')(yTrue, yPred);
}
/**
 * Mean absolute error per sample.
 * @example
 * tf.metrics.meanAbsoluteError(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])); // [0.5]
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('meanAbsoluteError')(yTrue, yPred);
}
/**
 * Mean absolute percentage error per sample.
 * @example
 * tf.metrics.meanAbsolutePercentageError(tf.tensor2d([[2]]), tf.tensor2d([[1]])); // [50]
 */
export function meanAbsolutePercentageError(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('meanAbsolutePercentageError')(yTrue, yPred);
}
/**
 * Negative cosine similarity per sample.
 * @example
 * tf.metrics.cosineProximity(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 0]])); // [-1]
 */
export function cosineProximity(yTrue: Tensor, yPred: Tensor): Tensor {
  return lossValues('cosineSimilarity')(yTrue, yPred);
}
export {
  meanSquaredError as mse,
  meanSquaredError as MSE,
  meanAbsolutePercentageError as mape,
  meanAbsolutePercentageError as MAPE,
};

function count(cond: Tensor): Tensor {
  return sum(cast(cond, 'float32'));
}

/**
 * `tp / (tp + fp)` over the batch, with TF.js's rule (a prediction counts when it equals 1).
 * @example
 * tf.metrics.precision(tf.tensor1d([0, 1, 1, 1]), tf.tensor1d([1, 0, 1, 1])); // 2/3
 */
export function precision(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const tp = count(logicalAnd(equal(yTrue, 1), equal(yPred, 1)));
    const fp = count(logicalAnd(equal(yTrue, 0), equal(yPred, 1)));
    const denom = tp.add(fp);
    return where(greaterThanZero(denom), div(tp, denom), scalar(0));
  });
}

/**
 * `tp / (tp + fn)` over the batch, with TF.js's rule (a prediction counts when it equals 1).
 * @example
 * tf.metrics.recall(tf.tensor1d([0, 1, 1, 1]), tf.tensor1d([1, 0, 1, 1])); // 2/3
 */
export function recall(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const tp = count(logicalAnd(equal(yTrue, 1), equal(yPred, 1)));
    const fn = count(logicalAnd(equal(yTrue, 1), equal(yPred, 0)));
    const denom = tp.add(fn);
    return where(greaterThanZero(denom), div(tp, denom), scalar(0));
  });
}

function greaterThanZero(x: Tensor): Tensor {
  return x.greater(0);
}

/**
 * The coefficient of determination `1 − SS_res / SS_tot` over the batch.
 * @example
 * tf.metrics.r2Score(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 2, 3])); // 1
 */
export function r2Score(yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const residuals = sum(square(sub(yTrue, yPred)));
    const total = sum(square(sub(yTrue, mean(yTrue))));
    return sub(1, div(residuals, total));
  });
}
