/**
 * Normalization (Keras 3 `keras.layers.Normalization`): `(x − mean) / max(√variance, 1e-7)`
 * per index of the kept `axis` (or the inverse, `mean + x·max(√variance, 1e-7)`, with
 * `invert`). The statistics are given (`mean`, `variance`: constants in the config) or
 * learned by `adapt(data)`: then they are the layer's non-trainable weights `mean`,
 * `variance` and `count`, as Keras saves them (Keras 3 leaves `count` at 0; so does this).
 *
 * `adapt` takes a tensor, nested number arrays, or an async iterable of batches (an
 * `nn.data` dataset; `[x, y]` or `{xs}` elements use x), and merges batches with the same
 * running mean/variance update as Keras.
 *
 * @example
 * const norm = nn.layers.normalization({axis: null});
 * norm.adapt(nn.tensor([1, 2, 3, 4, 5]));
 * norm.apply(nn.tensor([1, 2, 3])); // [-1.4142135, -0.7071068, 0]
 */
import { ShapeError, ValueError } from '../errors.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import { add, cast, div, mul, reshape, sub, tensor } from '../ops/index.js';
import { keep, tidy } from '../engine/tidy.js';
import {
  type CallOptions,
  type ConfigValue,
  Layer,
  type LayerArgs,
  type LayerConfig,
} from './layer.js';
import { fmtSpecJson, type ShapeSpec, type SymbolicTensor } from './symbolic.js';
import { describe, isAsyncIterable } from './string-lookup.js';
import { flatten, isNestedStrings } from './text/strings.js';

/** A number or a rectangular nested array of numbers. */
export type NormalizationValue = number | readonly NormalizationValue[];

/**
 * Options of {@link layers.normalization} (Keras `Normalization`'s arguments, in camelCase).
 */
export interface NormalizationArgs extends LayerArgs {
  /** Axis or axes kept (one mean/variance per index); null: one scalar. Default -1. */
  axis?: number | readonly number[] | null;
  /** Given mean (with `variance`), broadcast to the kept axes; else use `adapt`. */
  mean?: NormalizationValue | null;
  /** Given variance, the shape of `mean`. */
  variance?: NormalizationValue | null;
  /** Undo a normalization instead. Default false. */
  invert?: boolean;
}

/** Data for `adapt`: a tensor or nested arrays of numbers. */
export type NormalizationData = Tensor | readonly NormalizationValue[];

const EPSILON = 1e-7;
const isNum = (v: unknown): v is number => typeof v === 'number';

/**
 * The `Normalization` layer (Keras `keras.layers.Normalization`): see {@link layers.normalization}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Normalization({ mean: [0, 1], variance: [1, 4] });
 */
export class Normalization extends Layer {
  readonly className = 'Normalization';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  /** The kept axes as given (empty: axis null). */
  readonly axis: number[];
  readonly invert: boolean;
  readonly inputMean: NormalizationValue | null;
  readonly inputVariance: NormalizationValue | null;
  adaptMean: Variable | null = null;
  adaptVariance: Variable | null = null;
  count: Variable | null = null;
  #keep: number[] = [];
  #broadcast: number[] = [];
  #buildShape: ShapeSpec | null = null;
  #constMean: Tensor | null = null;
  #constVariance: Tensor | null = null;

  constructor(args: NormalizationArgs = {}) {
    super(args);
    const where = `Normalization '${this.name}'`;
    const a = args.axis === undefined ? -1 : args.axis;
    this.axis = a === null ? [] : typeof a === 'number' ? [a] : [...a];
    if (this.axis.some((d) => !Number.isInteger(d))) {
      throw new ValueError(
        `${where}: axis must be an integer, a list of integers or null, received ${JSON.stringify(args.axis)}`,
      );
    }
    this.invert = args.invert ?? false;
    this.inputMean = args.mean ?? null;
    this.inputVariance = args.variance ?? null;
    if ((this.inputMean === null) !== (this.inputVariance === null)) {
      throw new ValueError(`${where}: give both mean and variance, or neither (then call adapt)`);
    }
    if (this.inputMean !== null) {
      const m = flatten(this.inputMean, isNum, 'numbers', `${where} (mean)`);
      const v = flatten(this.inputVariance, isNum, 'numbers', `${where} (variance)`);
      if (m.shape.join() !== v.shape.join()) {
        throw new ValueError(
          `${where}: mean and variance must have the same shape, received [${m.shape.join(',')}] and [${v.shape.join(',')}]`,
        );
      }
      if (m.shape.length > this.axis.length) {
        throw new ValueError(
          `${where}: mean has rank ${m.shape.length}, more than the ${this.axis.length} kept axes (axis ${JSON.stringify(args.axis)})`,
        );
      }
      if (v.values.some((x) => x < 0)) throw new ValueError(`${where}: variance must be >= 0`);
    }
  }

  private get where(): string {
    return `Normalization '${this.name}'`;
  }

  override build(inputShape: ShapeSpec): void {
    const nd = inputShape.length;
    const where = this.where;
    if (this.axis.some((d) => d < -nd || d >= nd)) {
      throw new ShapeError(
        `${where}: axis ${JSON.stringify(this.axis)} is out of range for inputs of rank ${nd} (shape ${fmtSpecJson(inputShape)})`,
      );
    }
    this.#keep = [...new Set(this.axis.map((d) => (d < 0 ? d + nd : d)))].sort((p, q) => p - q);
    for (const d of this.#keep) {
      if (inputShape[d] === null) {
        throw new ShapeError(
          `${where}: kept axis ${d} of input ${fmtSpecJson(inputShape)} must have a known size`,
        );
      }
    }
    this.#buildShape = [...inputShape];
    this.#broadcast = inputShape.map((s, d) => (this.#keep.includes(d) ? (s as number) : 1));
    const statShape = this.#keep.map((d) => inputShape[d] as number);
    if (this.inputMean === null) {
      this.adaptMean = this.addWeight('mean', statShape, 'zeros', { trainable: false });
      this.adaptVariance = this.addWeight('variance', statShape, 'ones', { trainable: false });
      this.count = this.addWeight('count', [], 'zeros', { trainable: false, dtype: 'int32' });
    } else {
      this.#constMean = this.constant(this.inputMean, 'mean');
      this.#constVariance = this.constant(this.inputVariance!, 'variance');
    }
    this.built = true;
  }

  /** A given statistic, its dims aligned to the last kept axes, in the broadcast shape. */
  private constant(value: NormalizationValue, what: string): Tensor {
    const f = flatten(value, isNum, 'numbers', `${this.where} (${what})`);
    const nd = this.#broadcast.length;
    const shape = new Array<number>(nd).fill(1);
    f.shape.forEach((s, i) => {
      const ax = this.#keep[this.#keep.length - f.shape.length + i]!;
      if (s !== 1 && s !== this.#broadcast[ax]) {
        throw new ShapeError(
          `${this.where}: ${what} of shape [${f.shape.join(',')}] does not broadcast to the kept axes' sizes [${this.#keep.map((d) => this.#broadcast[d]).join(',')}]`,
        );
      }
      shape[ax] = s;
    });
    const size = this.#broadcast.reduce((p, q) => p * q, 1);
    // Broadcast now so call() is two ops; keep() holds it past any tidy.
    return keep(
      tidy(() =>
        add(tensor(f.values, shape, 'float32'), tensor(new Float32Array(size), this.#broadcast)),
      ),
    );
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const b = this.#buildShape!;
    if (
      shape.length !== b.length ||
      this.#keep.some((d) => shape[d] !== null && shape[d] !== b[d])
    ) {
      throw new ShapeError(
        `${this.where}: built for inputs ${fmtSpecJson(b)} (kept axes ${JSON.stringify(this.#keep)}), received ${fmtSpecJson(shape)}`,
      );
    }
  }

  /** Normalizes (or, with `invert`, restores) `inputs`. Strings are refused. */
  override apply(inputs: Tensor, opts?: CallOptions): Tensor;
  override apply(inputs: SymbolicTensor, opts?: CallOptions): SymbolicTensor;
  override apply(inputs: readonly Tensor[], opts?: CallOptions): Tensor | Tensor[];
  override apply(
    inputs: readonly SymbolicTensor[],
    opts?: CallOptions,
  ): SymbolicTensor | SymbolicTensor[];
  override apply(
    inputs: Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    opts: CallOptions = {},
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    if (typeof inputs === 'string' || isNestedStrings(inputs)) {
      throw new ValueError(
        `${this.where}: takes numeric tensors, received strings; turn text into numbers first (textVectorization or stringLookup)`,
      );
    }
    return super.apply(inputs as Tensor, opts);
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const xf = x.dtype === 'float32' ? x : cast(x, 'float32');
    const m = this.#constMean ?? reshape(this.adaptMean!, this.#broadcast);
    const v = this.#constVariance ?? reshape(this.adaptVariance!, this.#broadcast);
    const sd = tidy(() => {
      const s = v.dataSync();
      const out = new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = Math.max(Math.sqrt(s[i]!), EPSILON);
      return tensor(out, this.#broadcast);
    });
    return this.invert ? add(m, mul(xf, sd)) : div(sub(xf, m), sd);
  }

  /**
   * Computes the mean and variance of `data` over the non-kept axes and stores them in the
   * weights. `data`: a tensor, nested number arrays, or an async iterable of batches.
   */
  adapt(data: NormalizationData): void;
  adapt(data: AsyncIterable<unknown>): Promise<void>;
  adapt(data: NormalizationData | AsyncIterable<unknown>): void | Promise<void> {
    if (this.inputMean !== null) {
      throw new ValueError(
        `${this.where}: mean and variance were given, so there is nothing to adapt`,
      );
    }
    const state = {
      mean: null as Float64Array | null,
      variance: null as Float64Array | null,
      count: 0,
    };
    if (isAsyncIterable<unknown>(data)) {
      return (async () => {
        for await (const el of data) this.adaptBatch(batchOf(el, this.where), state);
        this.finish(state);
      })();
    }
    this.adaptBatch(data, state);
    this.finish(state);
  }

  private adaptBatch(
    batch: unknown,
    state: { mean: Float64Array | null; variance: Float64Array | null; count: number },
  ): void {
    const where = this.where;
    let values: ArrayLike<number>;
    let shape: number[];
    if (batch instanceof Tensor) {
      batch.assertAlive(where);
      values = batch.dataSync();
      shape = [...batch.shape];
    } else if (Array.isArray(batch) && !isNestedStrings(batch)) {
      const f = flatten(batch, isNum, 'numbers', `${where} (adapt)`);
      values = f.values;
      shape = f.shape;
    } else {
      throw new ValueError(
        `${where}: adapt takes numbers (a tensor, nested arrays or a dataset of them), received ${describe(batch)}`,
      );
    }
    if (values.length === 0)
      throw new ValueError(`${where}: adapt received empty data (shape [${shape.join(',')}])`);
    if (!this.built) this.build(shape);
    else this.checkInputShape(shape);
    // Per kept index: batch mean and variance in float64, then Keras's weighted merge.
    const keep = this.#keep;
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
    const nStat = keep.reduce((p, d) => p * shape[d]!, 1);
    const n = values.length / nStat;
    const sum = new Float64Array(nStat);
    const sq = new Float64Array(nStat);
    const statIndex = (flat: number): number => {
      let k = 0;
      for (const d of keep) k = k * shape[d]! + (Math.floor(flat / strides[d]!) % shape[d]!);
      return k;
    };
    const idx = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new ValueError(`${where}: adapt data holds ${v}`);
      idx[i] = statIndex(i);
      sum[idx[i]!]! += v;
    }
    for (let k = 0; k < nStat; k++) sum[k]! /= n;
    for (let i = 0; i < values.length; i++) sq[idx[i]!]! += (values[i]! - sum[idx[i]!]!) ** 2;
    for (let k = 0; k < nStat; k++) sq[k]! /= n;
    if (state.mean === null) {
      state.mean = sum;
      state.variance = sq;
      state.count = n;
      return;
    }
    const total = state.count + n;
    const wb = n / total;
    const we = 1 - wb;
    for (let k = 0; k < nStat; k++) {
      const m0 = state.mean[k]!;
      const m = m0 * we + sum[k]! * wb;
      state.variance![k] =
        (state.variance![k]! + (m0 - m) ** 2) * we + (sq[k]! + (sum[k]! - m) ** 2) * wb;
      state.mean[k] = m;
    }
    state.count = total;
  }

  private finish(state: { mean: Float64Array | null; variance: Float64Array | null }): void {
    if (state.mean === null) throw new ValueError(`${this.where}: adapt received no batches`);
    const shape = this.adaptMean!.shape;
    tidy(() => {
      this.adaptMean!.assign(tensor(Float32Array.from(state.mean!), shape));
      this.adaptVariance!.assign(tensor(Float32Array.from(state.variance!), shape));
    });
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: [...this.axis],
      invert: this.invert,
      mean: this.inputMean as ConfigValue,
      variance: this.inputVariance as ConfigValue,
    };
  }
}

/** The x of a dataset element: a tensor, `[x, y]`, or `{xs}`. */
function batchOf(el: unknown, where: string): unknown {
  if (el instanceof Tensor) return el;
  if (Array.isArray(el) && el[0] instanceof Tensor) return el[0];
  if (typeof el === 'object' && el !== null && 'xs' in el) return el.xs;
  if (Array.isArray(el)) return el;
  throw new ValueError(
    `${where}: adapt's dataset elements must be tensors, [x, y] pairs or {xs, ys} objects, received ${describe(el)}`,
  );
}
