/** Root mean squared error (Keras `RootMeanSquaredError`). */
import { squeezeOrExpandToSameRank, toFloat } from '../losses/loss.js';
import { square, sub } from '../ops/index.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/**
 * `sqrt` of the weighted mean of squared errors over everything seen since the last reset
 * (the root is taken at the end, not per batch).
 *
 * @example
 * const m = nn.metrics.rootMeanSquaredError();
 * m.updateState([2, 4, 6], [1, 3, 2]);
 * m.result(); // sqrt(6)
 */
export class RootMeanSquaredError extends MeanMetricWrapper {
  override readonly className = 'RootMeanSquaredError';
  constructor({ name = 'root_mean_squared_error' }: MetricArgs = {}) {
    super(
      (yTrue, yPred) => {
        const [t, p] = squeezeOrExpandToSameRank(
          toFloat(yTrue, 'yTrue', 'rootMeanSquaredError'),
          toFloat(yPred, 'yPred', 'rootMeanSquaredError'),
        );
        return square(sub(p, t));
      },
      { name, direction: 'down' },
    );
  }

  override result(): number {
    return Math.sqrt(super.result());
  }
}

export const rootMeanSquaredError = (args: MetricArgs = {}): RootMeanSquaredError =>
  new RootMeanSquaredError(args);
