/** Sparse top-k categorical accuracy (Keras `SparseTopKCategoricalAccuracy`). */
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricConfig } from './metric.js';
import { checkK, inTopK, type TopKCategoricalAccuracyArgs } from './top-k-categorical-accuracy.js';

/**
 * Options of {@link metrics.sparseTopKCategoricalAccuracy}: `k` (default 5) and a name.
 */
export type SparseTopKCategoricalAccuracyArgs = TopKCategoricalAccuracyArgs;

/**
 * How often the integer label is among the k highest predictions.
 *
 * @example
 * const m = nn.metrics.sparseTopKCategoricalAccuracy({ k: 1 });
 * m.updateState([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result(); // 0.5
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;

  constructor({
    name = 'sparse_top_k_categorical_accuracy',
    k = 5,
  }: SparseTopKCategoricalAccuracyArgs = {}) {
    checkK(k, 'sparseTopKCategoricalAccuracy');
    super(
      (yTrue, yPred) =>
        inTopK(yTrue.dataSync(), yPred, k, yTrue.shape, 'sparseTopKCategoricalAccuracy'),
      { name, direction: 'up' },
    );
    this.k = k;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, k: this.k };
  }
}

export const sparseTopKCategoricalAccuracy = (
  args: SparseTopKCategoricalAccuracyArgs = {},
): SparseTopKCategoricalAccuracy => new SparseTopKCategoricalAccuracy(args);
