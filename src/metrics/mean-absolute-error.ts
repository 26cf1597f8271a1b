/** Mean absolute error as a metric (Keras `metrics.MeanAbsoluteError`). */
import { meanAbsoluteError as maeLoss } from '../losses/mean-absolute-error.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/**
 * The mean of `mean(|y − ŷ|, −1)` over samples.
 *
 * @example
 * const m = nn.metrics.meanAbsoluteError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);
 * m.result(); // 0.25
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  override readonly className = 'MeanAbsoluteError';
  constructor({ name = 'mean_absolute_error' }: MetricArgs = {}) {
    const loss = maeLoss();
    super((t, p) => loss.perSample(t, p), { name, direction: 'down' });
  }
}

export const meanAbsoluteError = (args: MetricArgs = {}): MeanAbsoluteError =>
  new MeanAbsoluteError(args);
