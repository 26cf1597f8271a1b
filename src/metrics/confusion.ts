/**
 * Weighted confusion-matrix counts at a list of thresholds, as Keras's
 * `update_confusion_matrix_variables` (`keras/src/metrics/metrics_utils.py`): a prediction
 * is positive when strictly greater than the threshold, a label when non-zero.
 * Shared by precision, recall and AUC; plain JS on float64 arrays.
 */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { TensorLike } from '../ops/core.js';
import { broadcastHost, type HostArray, squeezeOrExpandShapes, toHost } from './host-array.js';

/** What Keras fills non-top-k predictions (and the default top-k threshold) with. */
export const NEG_INF = -1e10;

/** Keras's fuzz factor, used for AUC's end thresholds −ε and 1 + ε. */
export const AUC_EPSILON = 1e-7;

/** Accumulated counts, one entry per threshold (times labels for multi-label AUC). */
export interface ConfusionCounts {
  tp: Float64Array;
  fp: Float64Array;
  tn: Float64Array;
  fn: Float64Array;
}

export function zeroCounts(size: number): ConfusionCounts {
  return {
    tp: new Float64Array(size),
    fp: new Float64Array(size),
    tn: new Float64Array(size),
    fn: new Float64Array(size),
  };
}

export interface ConfusionOptions {
  /** Ascending thresholds (compared in float32, as Keras stores them). */
  thresholds: readonly number[];
  /** Evenly spaced on [0, 1]: use Keras's bucketed O(N + T) update. */
  evenly: boolean;
  /** Keep only each row's k largest predictions (along the last axis). */
  topK?: number;
  /** Keep only this class (an index into the last axis). */
  classId?: number;
  /** Count each column of a rank-2 yPred separately; counts are laid out [t · L + l]. */
  multiLabel?: boolean;
  /** Weights per label (last axis), multiplied into the sample weights (not multi-label). */
  labelWeights?: readonly number[];
  /** Apply a sigmoid to the predictions first. */
  fromLogits?: boolean;
}

/** Checks user thresholds: a number or list of numbers in [0, 1]. Returns a list. */
export function parseThresholds(
  thresholds: number | readonly number[] | undefined,
  defaultThreshold: number,
  where: string,
): number[] {
  if (thresholds === undefined) return [defaultThreshold];
  const list = typeof thresholds === 'number' ? [thresholds] : [...thresholds];
  const bad = list.filter((t) => typeof t !== 'number' || !(t >= 0 && t <= 1));
  if (list.length === 0 || bad.length) {
    throw new ValueError(
      `${where}: threshold values must be in [0, 1], received ${JSON.stringify(bad.length ? bad : list)}`,
    );
  }
  return list;
}

/** Keras's `is_evenly_distributed_thresholds`: at least 3, allclose to i/(n−1). */
export function isEvenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const even = Math.fround(i / (n - 1));
    if (!(Math.abs(thresholds[i]! - even) <= AUC_EPSILON + 1e-5 * Math.abs(even))) return false;
  }
  return true;
}

/** Marks all but each row's k largest values (lower index first among ties) as NEG_INF. */
function filterTopK(p: Float64Array, rowLength: number, k: number): void {
  const rows = rowLength === 0 ? 0 : p.length / rowLength;
  const order = new Array<number>(rowLength);
  for (let r = 0; r < rows; r++) {
    const base = r * rowLength;
    for (let c = 0; c < rowLength; c++) order[c] = c;
    order.sort((a, b) => p[base + b]! - p[base + a]! || a - b);
    for (let i = k; i < rowLength; i++) p[base + order[i]!] = NEG_INF;
  }
}

/** Column `c` of a row-major array whose last axis has `width` entries. */
function column(data: Float64Array, width: number, c: number): Float64Array {
  const rows = width === 0 ? 0 : data.length / width;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = data[r * width + c]!;
  return out;
}

/** Counts for flat labels (0/1), predictions and weights at each threshold. */
function countFlat(
  labels: Float64Array,
  preds: Float64Array,
  weights: Float64Array | null,
  thresholds: readonly number[],
  evenly: boolean,
): ConfusionCounts {
  const T = thresholds.length;
  const out = zeroCounts(T);
  const n = preds.length;
  if (evenly) {
    // Bucket i holds predictions in (t_i, t_{i+1}]; a prediction is above every threshold
    // below its bucket, so the counts are reversed cumulative sums of the buckets.
    const withEpsilon = thresholds[0]! < 0 || thresholds[T - 1]! > 1;
    const tpB = new Float64Array(T);
    const fpB = new Float64Array(T);
    let totalTrue = 0;
    let totalFalse = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i]! : 1;
      const l = labels[i]!;
      const p = Math.min(1, Math.max(0, preds[i]!));
      totalTrue += l * w;
      totalFalse += (1 - l) * w;
      let b = Math.ceil(Math.fround(p * (T - 1))) - 1;
      if (withEpsilon) b = Math.max(b, 0);
      if (b < 0) continue;
      tpB[b] = tpB[b]! + l * w;
      fpB[b] = fpB[b]! + (1 - l) * w;
    }
    let tp = 0;
    let fp = 0;
    for (let t = T - 1; t >= 0; t--) {
      tp += tpB[t]!;
      fp += fpB[t]!;
      out.tp[t] = tp;
      out.fp[t] = fp;
      out.fn[t] = totalTrue - tp;
      out.tn[t] = totalFalse - fp;
    }
    return out;
  }
  for (let t = 0; t < T; t++) {
    const th = thresholds[t]!;
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i]! : 1;
      const pos = preds[i]! > th;
      if (labels[i]) {
        if (pos) tp += w;
        else fn += w;
      } else if (pos) fp += w;
      else tn += w;
    }
    out.tp[t] = tp;
    out.fp[t] = fp;
    out.tn[t] = tn;
    out.fn[t] = fn;
  }
  return out;
}

/** The prepared batch: labels (0/1), predictions and weights, all of one shape. */
interface Batch {
  labels: Float64Array;
  preds: Float64Array;
  weights: Float64Array | null;
  shape: number[];
}

function prepare(
  yTrue: TensorLike,
  yPred: TensorLike,
  sampleWeight: TensorLike | undefined,
  opts: ConfusionOptions,
  where: string,
): Batch {
  const y = toHost(yTrue, 'yTrue', where);
  const p = toHost(yPred, 'yPred', where);
  const [pShape, yShape] = squeezeOrExpandShapes(p.shape, y.shape);
  if (pShape.length !== yShape.length || pShape.some((d, i) => d !== yShape[i])) {
    throw new ShapeError(
      `${where}: yTrue and yPred must have the same shape, received yTrue ${fmtShape(y.shape)} ` +
        `and yPred ${fmtShape(p.shape)}`,
    );
  }
  const shape = pShape;
  const preds = Float64Array.from(p.data);
  if (opts.fromLogits) {
    for (let i = 0; i < preds.length; i++) preds[i] = Math.fround(1 / (1 + Math.exp(-preds[i]!)));
  }
  const labels = y.data.map((v) => (v !== 0 ? 1 : 0));
  let weights: Float64Array | null = null;
  if (sampleWeight !== undefined) {
    const w = toHost(sampleWeight, 'sampleWeight', where);
    // Keras appends an axis to the weights, then squeezes it back against yTrue.
    const [, ws] = squeezeOrExpandShapes(shape, [...w.shape, 1], false);
    const wh: HostArray = { data: w.data, shape: ws };
    weights = Float64Array.from(broadcastHost(wh, shape, where).data);
  }
  const width = shape[shape.length - 1] ?? 1;
  if (opts.labelWeights && !opts.multiLabel) {
    const lw = opts.labelWeights;
    if (lw.length !== width) {
      throw new ShapeError(
        `${where}: labelWeights has ${lw.length} entries but yPred has ${width} labels (shape ${fmtShape(shape)})`,
      );
    }
    weights ??= new Float64Array(preds.length).fill(1);
    for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! * lw[i % width]!;
  }
  if (opts.topK !== undefined) filterTopK(preds, width, opts.topK);
  if (opts.classId !== undefined) {
    const c = opts.classId;
    if (shape.length < 2) {
      throw new ValueError(
        `${where}: when classId is provided, yPred must have shape [numSamples, numClasses], found shape ${fmtShape(shape)}`,
      );
    }
    if (c >= width) {
      throw new ValueError(
        `${where}: classId ${c} is out of range for yPred with ${width} classes`,
      );
    }
    return {
      labels: column(labels, width, c),
      preds: column(preds, width, c),
      weights: weights ? column(weights, width, c) : null,
      shape: [...shape.slice(0, -1), 1],
    };
  }
  return { labels, preds, weights, shape };
}

/** Adds one batch's counts into `counts` (which must have the right size). */
export function updateConfusion(
  counts: ConfusionCounts,
  yTrue: TensorLike,
  yPred: TensorLike,
  sampleWeight: TensorLike | undefined,
  opts: ConfusionOptions,
  where: string,
): void {
  const b = prepare(yTrue, yPred, sampleWeight, opts, where);
  const thresholds = opts.thresholds.map((t) => Math.fround(t));
  const T = thresholds.length;
  if (!opts.multiLabel) {
    const c = countFlat(b.labels, b.preds, b.weights, thresholds, opts.evenly);
    for (const key of ['tp', 'fp', 'tn', 'fn'] as const) {
      const dst = counts[key];
      for (let t = 0; t < T; t++) dst[t] = dst[t]! + c[key][t]!;
    }
    return;
  }
  const L = b.shape[1]!;
  for (let l = 0; l < L; l++) {
    const c = countFlat(
      column(b.labels, L, l),
      column(b.preds, L, l),
      b.weights ? column(b.weights, L, l) : null,
      thresholds,
      opts.evenly,
    );
    for (const key of ['tp', 'fp', 'tn', 'fn'] as const) {
      const dst = counts[key];
      for (let t = 0; t < T; t++) dst[t * L + l] = dst[t * L + l]! + c[key][t]!;
    }
  }
}

/** a / b, or 0 when b is 0 (Keras's `divide_no_nan`). */
export function divNoNan(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
