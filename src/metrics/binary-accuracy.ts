/** Binary accuracy (Keras `BinaryAccuracy`). */
import { ValueError } from '../errors.js';
import { squeezeOrExpandToSameRank, toFloat } from '../losses/loss.js';
import { cast, equal, greater, mean } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs, MetricConfig } from './metric.js';

/**
 * Options of {@link metrics.binaryAccuracy}: the `threshold` (default 0.5) and a name.
 */
export interface BinaryAccuracyArgs extends MetricArgs {
  /** A prediction counts as 1 when strictly greater than this. In (0, 1); default 0.5. */
  threshold?: number;
}

/** 1 where `(ŷ > threshold) == y`, averaged over the last axis. */
export function binaryAccuracyValues(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(
    toFloat(yTrue, 'yTrue', 'binaryAccuracy'),
    toFloat(yPred, 'yPred', 'binaryAccuracy'),
  );
  return mean(cast(equal(t, cast(greater(p, threshold), 'float32')), 'float32'), -1);
}

/**
 * How often thresholded predictions match 0/1 labels.
 *
 * @example
 * const m = nn.metrics.binaryAccuracy();
 * m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
 * m.result(); // 0.75
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  override readonly className = 'BinaryAccuracy';
  readonly threshold: number;

  constructor({ name = 'binary_accuracy', threshold = 0.5 }: BinaryAccuracyArgs = {}) {
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
      throw new ValueError(
        `binaryAccuracy: threshold must be in the open interval (0, 1), received ${String(threshold)}`,
      );
    }
    super((t, p) => binaryAccuracyValues(t, p, threshold), { name, direction: 'up' });
    this.threshold = threshold;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, threshold: this.threshold };
  }
}

export const binaryAccuracy = (args: BinaryAccuracyArgs = {}): BinaryAccuracy =>
  new BinaryAccuracy(args);
