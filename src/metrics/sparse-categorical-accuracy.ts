/** Sparse categorical accuracy (Keras `SparseCategoricalAccuracy`). */
import { argMax, cast, equal, squeeze } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** 1 where argmax(ŷ) equals the integer label (a trailing label axis of size 1 is squeezed). */
export function sparseCategoricalAccuracyValues(yTrue: Tensor, yPred: Tensor): Tensor {
  let t = yTrue;
  if (t.rank === yPred.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
  return cast(equal(cast(t, 'float32'), cast(argMax(yPred, -1), 'float32')), 'float32');
}

/**
 * How often the top prediction is the integer label.
 *
 * @example
 * const m = nn.metrics.sparseCategoricalAccuracy();
 * m.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * m.result(); // 0.5
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'SparseCategoricalAccuracy';
  constructor({ name = 'sparse_categorical_accuracy' }: MetricArgs = {}) {
    super(sparseCategoricalAccuracyValues, { name, direction: 'up' });
  }
}

export const sparseCategoricalAccuracy = (args: MetricArgs = {}): SparseCategoricalAccuracy =>
  new SparseCategoricalAccuracy(args);
