/** Categorical accuracy (Keras `CategoricalAccuracy`). */
import { argMax, cast, equal } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** 1 where argmax(ŷ) equals argmax(y) along the last axis (the first index wins ties). */
export function categoricalAccuracyValues(yTrue: Tensor, yPred: Tensor): Tensor {
  return cast(equal(argMax(yTrue, -1), argMax(yPred, -1)), 'float32');
}

/**
 * How often the top prediction is the one-hot label's class. Logits work as well as
 * probabilities.
 *
 * @example
 * const m = nn.metrics.categoricalAccuracy();
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result(); // 0.5
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'CategoricalAccuracy';
  constructor({ name = 'categorical_accuracy' }: MetricArgs = {}) {
    super(categoricalAccuracyValues, { name, direction: 'up' });
  }
}

export const categoricalAccuracy = (args: MetricArgs = {}): CategoricalAccuracy =>
  new CategoricalAccuracy(args);
