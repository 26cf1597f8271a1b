/**
 * The loss base: turns a per-sample formula into a callable `Loss` with Keras 3's
 * reductions, sample weights and masks (`keras/src/losses/loss.py`).
 *
 * A loss file supplies only its per-sample function; this module knows no particular loss.
 * Everything runs on tensor ops, so gradients flow through a loss inside a GradientTape.
 */
import { tidy } from '../engine/tidy.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { cast } from '../ops/cast.js';
import { hostOp } from '../ops/host-op.js';
import { convert, type TensorLike } from '../ops/core.js';
import { div, mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { expandDims, reshape, squeeze } from '../ops/shape-ops.js';
import { scalar } from '../ops/creation.js';
import { broadcastShapes, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Keras's fuzz factor `epsilon()`: probabilities are clipped to [EPSILON, 1 − EPSILON].
 * @example
 * nn.losses.EPSILON; // 1e-7
 */
export const EPSILON = 1e-7;

/**
 * How per-sample values become the loss (Keras names):
 * - `'sum_over_batch_size'` (default; `'mean'` is a synonym): weighted sum ÷ number of
 *   per-sample values, zero-weighted samples included;
 * - `'sum'`: weighted sum;
 * - `'none'`: the weighted per-sample values, unreduced;
 * - `'mean_with_sample_weight'`: weighted sum ÷ sum of the sample weights (0 when that is 0).
 */
export type Reduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'none' | 'mean_with_sample_weight';

/** Reduction spellings accepted in args: Keras's, their camelCase forms, and null for 'none'. */
export type ReductionArg = Reduction | 'sumOverBatchSize' | 'meanWithSampleWeight' | null;

/** A loss's serializable settings, keyed in camelCase. */
export type LossConfig = Record<string, string | number | boolean | null>;

/** Options every loss factory takes. */
export interface LossArgs {
  /** How per-sample values are reduced (see `Reduction`). Default `'sum_over_batch_size'`. */
  reduction?: ReductionArg;
  /** The loss's name, used in logs. Default: Keras's name, e.g. `'mean_squared_error'`. */
  name?: string;
}

/**
 * A loss: call it as `loss(yTrue, yPred, sampleWeight?)` to get the reduced value.
 *
 * @example
 * const loss = nn.losses.categoricalCrossentropy({ fromLogits: true });
 * const value = loss(yOneHot, logits); // scalar tensor
 */
export interface Loss {
  (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor;
  /** Name shown in logs (`'categorical_crossentropy'` unless set). */
  readonly name: string;
  /** Keras class name, used when saving (`'CategoricalCrossentropy'`). */
  readonly className: string;
  readonly reduction: Reduction;
  /** The unreduced, unweighted per-sample values, shape `[batch, d0..dN-1]`. */
  perSample(yTrue: TensorLike, yPred: TensorLike): Tensor;
  /** Settings that rebuild this loss through its factory. */
  getConfig(): LossConfig;
}

/** What a per-sample function returns when it also masks positions (`ignoreClass`). */
export interface MaskedValues {
  values: Tensor;
  /** float32, 1 where the value counts and 0 where it is masked; the values' shape. */
  mask: Tensor;
}

/** The formula of one loss: float32 `yTrue` (or raw labels) and `yPred` in, per-sample values out. */
export type PerSampleFn = (yTrue: Tensor, yPred: Tensor) => Tensor | MaskedValues;

/** What a loss file hands to `makeLoss`. */
export interface LossSpec {
  /** The camelCase id used in messages, e.g. `'binaryCrossentropy'`. */
  id: string;
  /** Keras class name. */
  className: string;
  /** Keras's default instance name, e.g. `'binary_crossentropy'`. */
  defaultName: string;
  /** The user's args (reduction and name are read here). */
  args: LossArgs;
  /** Loss-specific settings for `getConfig`. */
  config?: LossConfig;
  fn: PerSampleFn;
  /**
   * How inputs are prepared. `'same'` (default): yTrue is cast to float32 and, after
   * Keras's squeeze-or-expand by one rank, must have yPred's shape. `'free'`: the same
   * without the shape check (custom functions). `'labels'`: yTrue holds class labels and is
   * passed through uncast; the per-sample function checks shapes.
   */
  shapes?: 'same' | 'free' | 'labels';
}

const REDUCTIONS: Readonly<Record<string, Reduction>> = {
  sum_over_batch_size: 'sum_over_batch_size',
  sumOverBatchSize: 'sum_over_batch_size',
  mean: 'mean',
  sum: 'sum',
  none: 'none',
  mean_with_sample_weight: 'mean_with_sample_weight',
  meanWithSampleWeight: 'mean_with_sample_weight',
};

/** Checks a reduction argument and returns Keras's spelling. */
export function standardizeReduction(
  reduction: ReductionArg | undefined,
  where: string,
): Reduction {
  if (reduction === undefined) return 'sum_over_batch_size';
  if (reduction === null) return 'none';
  const r = typeof reduction === 'string' ? REDUCTIONS[reduction] : undefined;
  if (!r) {
    throw new ValueError(
      `${where}: invalid reduction ${JSON.stringify(reduction)}; expected one of ` +
        `'sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight'`,
    );
  }
  return r;
}

/** Converts to a float32 tensor (labels may arrive as int32 or bool). */
export function toFloat(x: TensorLike, arg: string, where: string): Tensor {
  const t = convert(x, arg, where);
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly one and the
 * longer one ends in a size-1 axis, squeeze it (or, if the other is rank 1 and
 * `expandRank1`, expand that one instead).
 */
export function squeezeOrExpandToSameRank(
  x1: Tensor,
  x2: Tensor,
  expandRank1 = true,
): [Tensor, Tensor] {
  let a = x1;
  let b = x2;
  if (a.rank === b.rank) return [a, b];
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    if (b.rank === 1 && expandRank1) b = expandDims(b, -1);
    else a = squeeze(a, -1);
  } else if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    if (a.rank === 1 && expandRank1) a = expandDims(a, -1);
    else b = squeeze(b, -1);
  }
  return [a, b];
}

/** Throws unless yTrue and yPred have the same shape. */
export function assertSameShape(yTrue: Tensor, yPred: Tensor, id: string): void {
  if (!shapesEqual(yTrue.shape, yPred.shape)) {
    throw new ShapeError(
      `${id}: yTrue and yPred must have the same shape, received yTrue ${fmtShape(yTrue.shape)} ` +
        `and yPred ${fmtShape(yPred.shape)}`,
    );
  }
}

/**
 * Fits a weight (or mask) tensor to `values`: NumPy broadcasting when it yields exactly
 * `values`' shape, else (a per-sample weight of lower rank) size-1 axes appended.
 */
function fitWeights(w: Tensor, values: Tensor, where: string): Tensor {
  const fits = (shape: readonly number[]): boolean => {
    try {
      return shapesEqual(broadcastShapes(shape, values.shape, where), values.shape);
    } catch {
      return false;
    }
  };
  if (fits(w.shape)) return w;
  if (w.rank < values.rank && shapesEqual(w.shape, values.shape.slice(0, w.rank))) {
    return reshape(w, [...w.shape, ...new Array<number>(values.rank - w.rank).fill(1)]);
  }
  throw new ShapeError(
    `${where}: sampleWeight of shape ${fmtShape(w.shape)} does not fit per-sample loss values of ` +
      `shape ${fmtShape(values.shape)}; give one weight per sample (shape [${values.shape[0] ?? ''}]) ` +
      `or a shape that broadcasts to ${fmtShape(values.shape)}`,
  );
}

/** Sum of values, in float64. */
function hostSum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/**
 * Float32 scalars computed on the host from the sum of `t`'s values (in float64): a
 * declared host op (ops/host-op.ts), so that a compiled step sums each batch's weights.
 */
function fromSum(name: string, t: Tensor, fn: (sum: number) => readonly number[]): Tensor[] {
  const n = fn(0).length;
  const outs = Array.from({ length: n }, () => ({ shape: [], dtype: 'float32' as const }));
  return hostOp(name, [t], outs, ([v]) => fn(hostSum(v!)).map((x) => Float32Array.of(x)));
}

/**
 * Keras's `reduce_weighted_values`: merges the mask into the weights, weights the values,
 * then reduces them. Division is "no-NaN": a zero divisor gives 0.
 */
export function reduceWeightedValues(
  values: Tensor,
  sampleWeight: Tensor | undefined,
  mask: Tensor | undefined,
  reduction: Reduction,
  where: string,
): Tensor {
  let w = sampleWeight;
  if (mask) {
    let m = mask;
    if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
      // Valid entries get weight total/valid, so the mean runs over valid entries only.
      const size = m.size;
      const [scale] = fromSum('mask weight', m, (valid) => [valid === 0 ? 0 : size / valid]);
      m = mul(m, scale!);
    }
    if (w) {
      const [m2, w2] = squeezeOrExpandToSameRank(m, w);
      // Per-sample weights times a per-position mask: fit the lower-rank one to the other.
      w =
        m2.rank >= w2.rank
          ? mul(fitWeights(w2, m2, where), m2)
          : mul(w2, fitWeights(m2, w2, where));
    } else {
      w = m;
    }
  }
  let v = values;
  if (w) {
    [v, w] = squeezeOrExpandToSameRank(v, w);
    w = fitWeights(w, v, where);
    v = mul(v, w);
  }
  if (reduction === 'none' || v.rank === 0) return v;
  if (v.size === 0) return scalar(0);
  const total = sum(v);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && w) {
    // total / Σw, or total·0 for Σw = 0: as (total·keep) / divisor, the same bits.
    const [keep, divisor] = fromSum('sample weight sum', w, (d) => (d === 0 ? [0, 1] : [1, d]));
    return div(mul(total, keep!), divisor!);
  }
  return div(total, v.size);
}

/**
 * Builds a callable `Loss` from a per-sample formula.
 * @example
 * // A custom loss with Keras's reductions and sample weights: the per-sample mean of |e|³.
 * const cubic = nn.losses.makeLoss({
 *   id: 'cubic',
 *   className: 'Cubic',
 *   defaultName: 'cubic',
 *   args: {},
 *   fn: (y, yHat) => nn.mean(nn.abs(nn.pow(nn.sub(yHat, y), 3)), -1),
 * });
 * cubic([[0, 0]], [[1, 2]]); // 4.5
 */
export function makeLoss(spec: LossSpec): Loss {
  const { id, className, defaultName, args, config = {}, fn, shapes = 'same' } = spec;
  const reduction = standardizeReduction(args.reduction, id);
  const name = args.name ?? defaultName;
  if (typeof name !== 'string' || name === '') {
    throw new ValueError(
      `${id}: name must be a non-empty string, received ${JSON.stringify(name)}`,
    );
  }

  const compute = (yTrue: TensorLike, yPred: TensorLike): MaskedValues | Tensor => {
    const p = toFloat(yPred, 'yPred', id);
    let t = shapes === 'labels' ? convert(yTrue, 'yTrue', id) : toFloat(yTrue, 'yTrue', id);
    let q = p;
    [t, q] = squeezeOrExpandToSameRank(t, q);
    if (shapes === 'same') assertSameShape(t, q, id);
    return fn(t, q);
  };

  const call = (yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): Tensor =>
    tidy(() => {
      const out = compute(yTrue, yPred);
      const values = out instanceof Tensor ? out : out.values;
      const mask = out instanceof Tensor ? undefined : out.mask;
      const sw = sampleWeight === undefined ? undefined : toFloat(sampleWeight, 'sampleWeight', id);
      return reduceWeightedValues(values, sw, mask, reduction, id);
    });

  const perSample = (yTrue: TensorLike, yPred: TensorLike): Tensor =>
    tidy(() => {
      const out = compute(yTrue, yPred);
      return out instanceof Tensor ? out : out.values;
    });

  const getConfig = (): LossConfig => ({ name, reduction, ...config });

  const loss = Object.assign(call, { className, reduction, perSample, getConfig });
  // A function's own `name` is read-only; redefine it to the loss's name.
  Object.defineProperty(loss, 'name', { value: name, enumerable: true });
  return loss;
}
