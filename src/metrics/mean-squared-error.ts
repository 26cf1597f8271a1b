/** Mean squared error as a metric (Keras `metrics.MeanSquaredError`). */
import { meanSquaredError as mseLoss } from '../losses/mean-squared-error.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/**
 * The mean of `mean((y − ŷ)², −1)` over samples.
 *
 * @example
 * const m = nn.metrics.meanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result(); // 0.25
 */
export class MeanSquaredError extends MeanMetricWrapper {
  override readonly className = 'MeanSquaredError';
  constructor({ name = 'mean_squared_error' }: MetricArgs = {}) {
    const loss = mseLoss();
    super((t, p) => loss.perSample(t, p), { name, direction: 'down' });
  }
}

export const meanSquaredError = (args: MetricArgs = {}): MeanSquaredError =>
  new MeanSquaredError(args);
