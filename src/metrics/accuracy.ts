/** Exact-match accuracy (Keras `Accuracy`). For the `'accuracy'` id see resolve-accuracy.ts. */
import { toFloat, squeezeOrExpandToSameRank } from '../losses/loss.js';
import { cast, equal, mean } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** 1 where yPred equals yTrue exactly, averaged over the last axis. */
export function accuracyValues(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(
    toFloat(yTrue, 'yTrue', 'accuracy'),
    toFloat(yPred, 'yPred', 'accuracy'),
  );
  return mean(cast(equal(t, p), 'float32'), -1);
}

/**
 * How often predictions equal labels exactly (for integer-valued predictions). Note that the
 * string id `'accuracy'` in compile picks binary, categorical or sparse accuracy instead.
 *
 * @example
 * const m = nn.metrics.accuracy();
 * m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
 * m.result(); // 0.75
 */
export class Accuracy extends MeanMetricWrapper {
  override readonly className = 'Accuracy';
  constructor({ name = 'accuracy' }: MetricArgs = {}) {
    super(accuracyValues, { name, direction: 'up' });
  }
}

export const accuracy = (args: MetricArgs = {}): Accuracy => new Accuracy(args);
