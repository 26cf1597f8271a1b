/** Sparse categorical accuracy (Keras `SparseCategoricalAccuracy`). */
import { argMax, cast, equal, squeeze } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { argMaxRows } from './arg-max-rows.js';
import type { HostArray } from './host-array.js';
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

  /** The values of sparseCategoricalAccuracyValues from one read of each input. */
  protected override hostValues(yTrue: Tensor, yPred: Tensor): HostArray | null {
    const t =
      yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1 ? yTrue.rank - 1 : yTrue.rank;
    const outShape = yPred.shape.slice(0, -1);
    const n = yPred.shape[yPred.rank - 1];
    // Other shapes broadcast in `equal`: leave them to the tensor path.
    if (yPred.rank === 0 || !n || t !== outShape.length) return null;
    if (!yTrue.shape.slice(0, t).every((d, i) => d === outShape[i])) return null;
    const labels = yTrue.dataSync();
    const best = argMaxRows(yPred.dataSync(), n);
    const data = new Float64Array(best.length);
    // Both sides as float32, as the casts make them.
    for (let i = 0; i < data.length; i++)
      data[i] = Math.fround(labels[i]!) === Math.fround(best[i]!) ? 1 : 0;
    return { data, shape: outShape };
  }
}

export const sparseCategoricalAccuracy = (args: MetricArgs = {}): SparseCategoricalAccuracy =>
  new SparseCategoricalAccuracy(args);
