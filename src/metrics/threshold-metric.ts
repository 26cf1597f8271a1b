/** What precision and recall share: thresholds, topK, classId and the confusion counts. */
import { NeuriteError, ValueError } from '../errors.js';
import type { TensorLike } from '../ops/core.js';
import {
  type ConfusionCounts,
  isEvenlyDistributed,
  NEG_INF,
  parseThresholds,
  updateConfusion,
  zeroCounts,
} from './confusion.js';
import { Metric, type MetricArgs, type MetricConfig } from './metric.js';

/**
 * Options of the thresholded metrics ({@link metrics.precision}, {@link metrics.recall}).
 */
export interface ThresholdMetricArgs extends MetricArgs {
  /**
   * A prediction is positive when strictly greater than the threshold. A number or a list
   * in [0, 1] (one result per threshold, see `results()`). Default 0.5, or no threshold
   * when `topK` is set. Use 0 with logits.
   */
  thresholds?: number | number[] | null;
  /** Count only each row's k highest predictions as positive. Default unset. */
  topK?: number | null;
  /** Compute the binary metric of this class only (an index into the last axis). Default unset. */
  classId?: number | null;
}

/** Base of `Precision` and `Recall`: accumulates TP/FP/TN/FN per threshold. */
export abstract class ThresholdMetric extends Metric {
  readonly thresholds: readonly number[];
  readonly topK: number | undefined;
  readonly classId: number | undefined;
  readonly #initThresholds: number | number[] | undefined;
  readonly #evenly: boolean;
  protected counts: ConfusionCounts;

  constructor(id: string, defaultName: string, args: ThresholdMetricArgs) {
    // null is "unset", as Keras writes None in a saved config (and getConfig writes null).
    const { name = defaultName } = args;
    const thresholds = args.thresholds ?? undefined;
    const topK = args.topK ?? undefined;
    const classId = args.classId ?? undefined;
    super(name, 'up');
    if (topK !== undefined && (!Number.isInteger(topK) || topK < 1)) {
      throw new ValueError(`${id}: topK must be a positive integer, received ${String(topK)}`);
    }
    if (classId !== undefined && (!Number.isInteger(classId) || classId < 0)) {
      throw new ValueError(
        `${id}: classId must be a non-negative integer, received ${String(classId)}`,
      );
    }
    this.#initThresholds = thresholds;
    this.thresholds = parseThresholds(thresholds, topK === undefined ? 0.5 : NEG_INF, id);
    this.topK = topK;
    this.classId = classId;
    this.#evenly = isEvenlyDistributed(this.thresholds);
    this.counts = zeroCounts(this.thresholds.length);
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    const opts = {
      thresholds: this.thresholds,
      evenly: this.#evenly,
      ...(this.topK === undefined ? {} : { topK: this.topK }),
      ...(this.classId === undefined ? {} : { classId: this.classId }),
    };
    updateConfusion(this.counts, yTrue, yPred, sampleWeight, opts, this.name);
  }

  /** One value per threshold. */
  abstract results(): number[];

  /** The value at the single threshold; with several thresholds use `results()`. */
  override result(): number {
    const r = this.results();
    if (r.length !== 1) {
      throw new NeuriteError(
        `${this.className} '${this.name}' has ${r.length} thresholds and so ${r.length} values; read them with results()`,
      );
    }
    return r[0]!;
  }

  override resetState(): void {
    this.counts = zeroCounts(this.thresholds.length);
  }

  override getConfig(): MetricConfig {
    return {
      name: this.name,
      thresholds: this.#initThresholds ?? null,
      topK: this.topK ?? null,
      classId: this.classId ?? null,
    };
  }
}
