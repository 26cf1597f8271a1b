/** Area under the ROC or precision–recall curve (Keras `AUC`). */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { TensorLike } from '../ops/core.js';
import {
  AUC_EPSILON,
  type ConfusionCounts,
  divNoNan,
  isEvenlyDistributed,
  updateConfusion,
  zeroCounts,
} from './confusion.js';
import { Tensor } from '../tensor/tensor.js';
import { toHost } from './host-array.js';
import { Metric, type MetricArgs, type MetricConfig } from './metric.js';

/**
 * Options of {@link metrics.auc} (Keras `AUC`'s arguments in camelCase).
 */
export interface AUCArgs extends MetricArgs {
  /** Thresholds used to discretise the curve (more is finer). Must be > 1. Default 200. */
  numThresholds?: number;
  /** `'ROC'` (default) or `'PR'` (precision–recall). Lower case is accepted. */
  curve?: 'ROC' | 'PR' | 'roc' | 'pr';
  /**
   * How each interval is summed. `'interpolation'` (default): trapezoids for ROC, and for
   * PR the Davis–Goadrich interpolation of TP and FP; `'minoring'` / `'majoring'`: the
   * lower / upper rectangle.
   */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in [0, 1] instead of `numThresholds` evenly spaced ones. */
  thresholds?: number[] | null;
  /** Compute one AUC per label column of a rank-2 yPred and average them. Default false. */
  multiLabel?: boolean;
  /** Number of labels when `multiLabel` (else read from the first batch). */
  numLabels?: number | null;
  /**
   * Non-negative weight per label: weights the per-label AUCs when `multiLabel`, else
   * multiplies each label's predictions' weights. Default unset (equal).
   */
  labelWeights?: number[] | null;
  /** yPred holds logits: a sigmoid is applied first. Default false. */
  fromLogits?: boolean;
}

type Curve = 'ROC' | 'PR';
type Summation = 'interpolation' | 'minoring' | 'majoring';

/**
 * Approximates the AUC with a Riemann sum over `numThresholds` thresholds: evenly spaced on
 * [0, 1] with the ends moved to −1e-7 and 1 + 1e-7 so predictions of exactly 0 or 1 count.
 * Counts are weighted by `sampleWeight`; labels are positive when non-zero.
 *
 * @example
 * const m = nn.metrics.auc({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * m.result(); // 0.75
 */
export class AUC extends Metric {
  override readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: Curve;
  readonly summationMethod: Summation;
  readonly multiLabel: boolean;
  readonly fromLogits: boolean;
  readonly labelWeights: readonly number[] | undefined;
  /** Every threshold, end points included. */
  readonly thresholds: readonly number[];
  readonly #initThresholds: number[] | undefined;
  readonly #evenly: boolean;
  readonly #numLabelsArg: number | undefined;
  #numLabels: number | undefined;
  #counts: ConfusionCounts | undefined;

  constructor(args: AUCArgs = {}) {
    const {
      name = 'auc',
      numThresholds = 200,
      curve = 'ROC',
      summationMethod = 'interpolation',
      multiLabel = false,
      fromLogits = false,
    } = args;
    // null is "unset", as Keras writes None in a saved config (and getConfig writes null).
    const thresholds = args.thresholds ?? undefined;
    const numLabels = args.numLabels ?? undefined;
    const labelWeights = args.labelWeights ?? undefined;
    super(name, 'up');
    const c = typeof curve === 'string' ? curve.toUpperCase() : curve;
    if (c !== 'ROC' && c !== 'PR') {
      throw new ValueError(`auc: invalid curve ${JSON.stringify(curve)}; expected 'ROC' or 'PR'`);
    }
    if (!['interpolation', 'minoring', 'majoring'].includes(summationMethod)) {
      throw new ValueError(
        `auc: invalid summationMethod ${JSON.stringify(summationMethod)}; expected 'interpolation', 'minoring' or 'majoring'`,
      );
    }
    let inner: number[];
    if (thresholds !== undefined) {
      if (
        !Array.isArray(thresholds) ||
        thresholds.some((t) => typeof t !== 'number' || !(t >= 0 && t <= 1))
      ) {
        throw new ValueError(
          `auc: thresholds must be numbers in [0, 1], received ${JSON.stringify(thresholds)}`,
        );
      }
      inner = [...thresholds].sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.#evenly = isEvenlyDistributed([0, ...inner, 1]);
    } else {
      if (!Number.isInteger(numThresholds) || numThresholds <= 1) {
        throw new ValueError(
          `auc: numThresholds must be an integer > 1, received ${String(numThresholds)}`,
        );
      }
      this.numThresholds = numThresholds;
      inner = Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1));
      this.#evenly = true;
    }
    this.thresholds = [0 - AUC_EPSILON, ...inner, 1 + AUC_EPSILON];
    this.#initThresholds = thresholds === undefined ? undefined : [...thresholds];
    if (
      labelWeights !== undefined &&
      labelWeights.some((w) => typeof w !== 'number' || !(w >= 0))
    ) {
      throw new ValueError(
        `auc: labelWeights must be non-negative numbers, received ${JSON.stringify(labelWeights)}`,
      );
    }
    if (numLabels !== undefined) {
      if (!multiLabel) throw new ValueError('auc: numLabels is only used when multiLabel is true');
      if (!Number.isInteger(numLabels) || numLabels < 1) {
        throw new ValueError(
          `auc: numLabels must be a positive integer, received ${String(numLabels)}`,
        );
      }
    }
    this.curve = c;
    this.summationMethod = summationMethod;
    this.multiLabel = multiLabel;
    this.fromLogits = fromLogits;
    this.labelWeights = labelWeights ? [...labelWeights] : undefined;
    this.#numLabelsArg = numLabels;
    this.#numLabels = multiLabel ? numLabels : 1;
    if (this.#numLabels !== undefined)
      this.#counts = zeroCounts(this.numThresholds * this.#numLabels);
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): void {
    if (this.multiLabel) {
      const shape =
        yPred instanceof Tensor ? [...yPred.shape] : toHost(yPred, 'yPred', this.name).shape;
      if (shape.length !== 2) {
        throw new ShapeError(
          `${this.name}: yPred must have rank 2 [samples, labels] when multiLabel is true, received shape ${fmtShape(shape)}`,
        );
      }
      if (this.#numLabels === undefined) {
        this.#numLabels = shape[1]!;
        this.#counts = zeroCounts(this.numThresholds * this.#numLabels);
      } else if (shape[1] !== this.#numLabels) {
        throw new ShapeError(
          `${this.name}: expected ${this.#numLabels} labels, received yPred of shape ${fmtShape(shape)}`,
        );
      }
    }
    updateConfusion(
      this.#counts!,
      yTrue,
      yPred,
      sampleWeight,
      {
        thresholds: this.thresholds,
        evenly: this.#evenly,
        multiLabel: this.multiLabel,
        fromLogits: this.fromLogits,
        ...(this.labelWeights && !this.multiLabel ? { labelWeights: this.labelWeights } : {}),
      },
      this.name,
    );
  }

  /** The weighted counts at each threshold (for multi-label, laid out [t · labels + l]). */
  get counts(): { tp: number[]; fp: number[]; tn: number[]; fn: number[] } {
    const c = this.#counts ?? zeroCounts(this.numThresholds);
    return {
      tp: Array.from(c.tp),
      fp: Array.from(c.fp),
      tn: Array.from(c.tn),
      fn: Array.from(c.fn),
    };
  }

  override result(): number {
    const counts = this.#counts;
    if (!counts) return 0;
    const L = this.#numLabels ?? 1;
    const T = this.numThresholds;
    const per: number[] = [];
    for (let l = 0; l < L; l++) {
      const pick = (a: Float64Array): number[] =>
        Array.from({ length: T }, (_, t) => a[t * L + l]!);
      per.push(this.#aucOf(pick(counts.tp), pick(counts.fp), pick(counts.tn), pick(counts.fn)));
    }
    if (!this.multiLabel) return per[0]!;
    const lw = this.labelWeights;
    if (!lw) return per.reduce((a, b) => a + b, 0) / per.length;
    let num = 0;
    let den = 0;
    per.forEach((v, i) => {
      num += v * (lw[i] ?? 0);
      den += lw[i] ?? 0;
    });
    return divNoNan(num, den);
  }

  #aucOf(tp: number[], fp: number[], tn: number[], fn: number[]): number {
    const T = this.numThresholds;
    if (this.curve === 'PR' && this.summationMethod === 'interpolation') {
      return interpolatePrAuc(tp, fp, fn);
    }
    const recall = tp.map((t, i) => divNoNan(t, t + fn[i]!));
    let x: number[];
    let y: number[];
    if (this.curve === 'ROC') {
      x = fp.map((f, i) => divNoNan(f, f + tn[i]!));
      y = recall;
    } else {
      x = recall;
      y = tp.map((t, i) => divNoNan(t, t + fp[i]!));
    }
    let area = 0;
    for (let i = 0; i < T - 1; i++) {
      const a = y[i]!;
      const b = y[i + 1]!;
      const h =
        this.summationMethod === 'interpolation'
          ? (a + b) / 2
          : this.summationMethod === 'minoring'
            ? Math.min(a, b)
            : Math.max(a, b);
      area += (x[i]! - x[i + 1]!) * h;
    }
    return area;
  }

  override resetState(): void {
    if (this.#numLabels !== undefined)
      this.#counts = zeroCounts(this.numThresholds * this.#numLabels);
  }

  override getConfig(): MetricConfig {
    return {
      name: this.name,
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.#numLabelsArg ?? null,
      labelWeights: this.labelWeights ?? null,
      fromLogits: this.fromLogits,
      ...(this.#initThresholds ? { thresholds: this.#initThresholds } : {}),
    };
  }
}

/**
 * PR-AUC by Davis & Goadrich's interpolation, as Keras's `interpolate_pr_auc`: TP and
 * P = TP + FP vary linearly between thresholds, so precision is integrated in closed form.
 */
function interpolatePrAuc(tp: number[], fp: number[], fn: number[]): number {
  let area = 0;
  for (let i = 0; i < tp.length - 1; i++) {
    const dtp = tp[i]! - tp[i + 1]!;
    const pA = tp[i]! + fp[i]!;
    const pB = tp[i + 1]! + fp[i + 1]!;
    const slope = divNoNan(dtp, Math.max(pA - pB, 0));
    const intercept = tp[i + 1]! - slope * pB;
    const ratio = pA > 0 && pB > 0 ? divNoNan(pA, Math.max(pB, 0)) : 1;
    area += divNoNan(
      slope * (dtp + intercept * Math.log(ratio)),
      Math.max(tp[i + 1]! + fn[i + 1]!, 0),
    );
  }
  return area;
}

export const auc = (args: AUCArgs = {}): AUC => new AUC(args);
