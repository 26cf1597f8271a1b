/** Precision (Keras `Precision`). */
import { divNoNan } from './confusion.js';
import { ThresholdMetric, type ThresholdMetricArgs } from './threshold-metric.js';

/**
 * Options of {@link metrics.precision} (Keras `Precision`'s `thresholds`, `topK`, `classId`).
 */
export type PrecisionArgs = ThresholdMetricArgs;

/**
 * `TP / (TP + FP)`: of the predictions called positive, the weighted fraction that are
 * (0 when nothing was called positive). Labels count as positive when non-zero.
 *
 * @example
 * const m = nn.metrics.precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result(); // 2/3
 */
export class Precision extends ThresholdMetric {
  override readonly className = 'Precision';

  constructor(args: PrecisionArgs = {}) {
    super('precision', 'precision', args);
  }

  /** Precision at each threshold. */
  override results(): number[] {
    const { tp, fp } = this.counts;
    return Array.from(tp, (t, i) => divNoNan(t, t + fp[i]!));
  }

  /** Weighted true positives at each threshold. */
  get truePositives(): number[] {
    return Array.from(this.counts.tp);
  }

  /** Weighted false positives at each threshold. */
  get falsePositives(): number[] {
    return Array.from(this.counts.fp);
  }
}

export const precision = (args: PrecisionArgs = {}): Precision => new Precision(args);
