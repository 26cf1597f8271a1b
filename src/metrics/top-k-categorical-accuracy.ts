/** Top-k categorical accuracy (Keras `TopKCategoricalAccuracy`), and the shared in-top-k test. */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { argMax, tensor } from '../ops/index.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs, MetricConfig } from './metric.js';

/**
 * Options of {@link metrics.topKCategoricalAccuracy}: `k` (default 5) and a name.
 */
export interface TopKCategoricalAccuracyArgs extends MetricArgs {
  /** How many of the highest predictions count as a hit. Default 5. */
  k?: number;
}

/**
 * 1 where the label's prediction is among the k largest of its row (Keras's `in_top_k`: the
 * label's value is at least the k-th largest, so ties count as hits); non-finite scores
 * never hit. `labels` holds one class index per row of `yPred` (rows along the last axis);
 * the result has `labelShape`.
 */
export function inTopK(
  labels: ArrayLike<number>,
  yPred: Tensor,
  k: number,
  labelShape: Shape,
  where: string,
): Tensor {
  const numClasses = yPred.shape[yPred.rank - 1];
  if (yPred.rank < 1 || numClasses === undefined) {
    throw new ShapeError(
      `${where}: expected yPred with a class axis, received shape ${fmtShape(yPred.shape)}`,
    );
  }
  const rows = numClasses === 0 ? 0 : yPred.size / numClasses;
  if (labels.length !== rows) {
    throw new ShapeError(
      `${where}: ${labels.length} labels do not match ${rows} prediction rows of yPred ${fmtShape(yPred.shape)}`,
    );
  }
  const p = yPred.dataSync();
  const hits = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = labels[r]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new ValueError(
        `${where}: label ${label} (row ${r}) is out of range: expected an integer in [0, ${numClasses - 1}]`,
      );
    }
    const target = p[r * numClasses + label]!;
    if (!Number.isFinite(target)) continue;
    let greater = 0;
    for (let c = 0; c < numClasses; c++) if (p[r * numClasses + c]! > target) greater++;
    hits[r] = greater < k ? 1 : 0;
  }
  return tensor(hits, [...labelShape], 'float32');
}

/** Checks `k` for the top-k metrics. */
export function checkK(k: number, where: string): number {
  if (!Number.isInteger(k) || k < 1) {
    throw new ValueError(`${where}: k must be a positive integer, received ${String(k)}`);
  }
  return k;
}

/**
 * How often the one-hot label's class is among the k highest predictions.
 *
 * @example
 * const m = nn.metrics.topKCategoricalAccuracy({ k: 1 });
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * m.result(); // 0.5
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  override readonly className = 'TopKCategoricalAccuracy';
  readonly k: number;

  constructor({ name = 'top_k_categorical_accuracy', k = 5 }: TopKCategoricalAccuracyArgs = {}) {
    checkK(k, 'topKCategoricalAccuracy');
    super(
      (yTrue, yPred) => {
        const labels = argMax(yTrue, -1);
        return inTopK(labels.dataSync(), yPred, k, labels.shape, 'topKCategoricalAccuracy');
      },
      { name, direction: 'up' },
    );
    this.k = k;
  }

  override getConfig(): MetricConfig {
    return { name: this.name, k: this.k };
  }
}

export const topKCategoricalAccuracy = (
  args: TopKCategoricalAccuracyArgs = {},
): TopKCategoricalAccuracy => new TopKCategoricalAccuracy(args);
