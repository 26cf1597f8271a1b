/** Categorical accuracy (Keras `CategoricalAccuracy`). */
import { argMax, cast, equal } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import { argMaxRows } from './arg-max-rows.js';
import type { HostArray } from './host-array.js';
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

  /** The values of categoricalAccuracyValues from one read of each input. */
  protected override hostValues(yTrue: Tensor, yPred: Tensor): HostArray | null {
    const n = yPred.shape[yPred.rank - 1];
    // Shapes that broadcast (or are invalid) in `equal` take the tensor path.
    if (yPred.rank === 0 || !n || !shapesEqual(yTrue.shape, yPred.shape)) return null;
    const a = argMaxRows(yTrue.dataSync(), n);
    const b = argMaxRows(yPred.dataSync(), n);
    const data = new Float64Array(a.length);
    for (let i = 0; i < data.length; i++) data[i] = a[i] === b[i] ? 1 : 0;
    return { data, shape: yPred.shape.slice(0, -1) };
  }
}

export const categoricalAccuracy = (args: MetricArgs = {}): CategoricalAccuracy =>
  new CategoricalAccuracy(args);
