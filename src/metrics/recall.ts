/** Recall (Keras `Recall`). */
import { divNoNan } from './confusion.js';
import { ThresholdMetric, type ThresholdMetricArgs } from './threshold-metric.js';

/**
 * Options of {@link metrics.recall} (Keras `Recall`'s `thresholds`, `topK`, `classId`).
 */
export type RecallArgs = ThresholdMetricArgs;

/**
 * `TP / (TP + FN)`: of the positive labels, the weighted fraction predicted positive (0 when
 * there are none). Labels count as positive when non-zero.
 *
 * @example
 * const m = nn.metrics.recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * m.result(); // 2/3
 */
export class Recall extends ThresholdMetric {
  override readonly className = 'Recall';

  constructor(args: RecallArgs = {}) {
    super('recall', 'recall', args);
  }

  /** Recall at each threshold. */
  override results(): number[] {
    const { tp, fn } = this.counts;
    return Array.from(tp, (t, i) => divNoNan(t, t + fn[i]!));
  }

  /** Weighted true positives at each threshold. */
  get truePositives(): number[] {
    return Array.from(this.counts.tp);
  }

  /** Weighted false negatives at each threshold. */
  get falseNegatives(): number[] {
    return Array.from(this.counts.fn);
  }
}

export const recall = (args: RecallArgs = {}): Recall => new Recall(args);
