/**
 * MultiHeadAttention (Keras 3 `keras.layers.MultiHeadAttention`): projects query, key and
 * value into `numHeads` heads, computes softmax(Q·Kᵀ/√keyDim + mask)·V per head, and
 * projects the heads back. Weights as Keras 3 names and shapes them (its EinsumDense
 * sublayers): `query/kernel [dim, heads, keyDim]`, `query/bias [heads, keyDim]`, the same
 * for `key` and `value` (`valueDim`), `attention_output/kernel [heads, valueDim, out]` and
 * `attention_output/bias [out]`.
 *
 * Call: `mha.apply([query, value, key?], {attentionMask, useCausalMask,
 * returnAttentionScores, training})`. Inputs are `[batch, seq, features]` (Keras's default
 * `attention_axes`); `returnAttentionScores` returns `[output, scores]`, the scores
 * `[batch, heads, T, S]`.
 */
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/tensor.js';
import {
  add,
  logicalAnd,
  matMul,
  mul,
  notEqual,
  reshape,
  softmax,
  tensor,
  transpose,
  where,
} from '../ops/index.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import {
  type Regularizer,
  type RegularizerIdentifier,
  get as getRegularizer,
} from '../regularizers/index.js';
import { hostRandom } from '../ops/host-op.js';
import { Random, rngFor } from '../random/prng.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec, type SymbolicTensor } from './symbolic.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

/**
 * Options of {@link layers.multiHeadAttention} (Keras `MultiHeadAttention`'s arguments, in camelCase).
 */
export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads (positive integer). */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value; default `keyDim`. */
  valueDim?: number | null;
  /** Dropout rate on the attention probabilities (training only), in [0, 1). Default 0. */
  dropout?: number;
  /** Default true. */
  useBias?: boolean;
  /** Last dimension of the output; default the query's last dimension. */
  outputShape?: number | readonly number[] | null;
  /** Only null (attention over the sequence axis of rank-3 inputs) is supported. */
  attentionAxes?: number | readonly number[] | null;
  /** Each query position attends only to keys within `slidingWindow − 1` of it. */
  slidingWindow?: number | null;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Accepted only as null (Keras writes it). */
  activityRegularizer?: RegularizerIdentifier | null;
  /** Accepted only as null (Keras writes it). */
  kernelConstraint?: null;
  /** Accepted only as null (Keras writes it). */
  biasConstraint?: null;
  /** Only false is supported (Keras 3.12's gated attention). */
  useGate?: boolean;
  /** Seed of the dropout on the scores. */
  seed?: number | null;
}

/** Call-time options of MultiHeadAttention. */
export interface MultiHeadAttentionCallOptions extends CallOptions {
  /**
   * Which query positions may attend to which key positions, `[batch, T, S]` (or
   * broadcastable: `[T, S]`, `[batch, 1, S]`); true (or nonzero) attends.
   */
  attentionMask?: Tensor | null;
  /** Mask future positions (position t attends to keys 0..t). Default false. */
  useCausalMask?: boolean;
  /** Return `[output, scores]` with the scores `[batch, heads, T, S]`. Default false. */
  returnAttentionScores?: boolean;
}

const positiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const reg = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/** Large negative logit for masked positions, as Keras's Softmax (float32). */
const MASKED = -1e9;

/**
 * The `MultiHeadAttention` layer (Keras `keras.layers.MultiHeadAttention`): see {@link layers.multiHeadAttention}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.MultiHeadAttention({ numHeads: 2, keyDim: 8 });
 */
export class MultiHeadAttention extends Layer {
  readonly className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputDim: number | null;
  readonly slidingWindow: number | null;
  readonly kernelInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly seed: number | null;
  #rng: Random | null = null;
  #w: Record<string, Variable> = {};

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    const a = args ?? ({} as MultiHeadAttentionArgs);
    const me = `MultiHeadAttention '${this.name}'`;
    if (!positiveInt(a.numHeads))
      throw new ValueError(`${me}: numHeads must be a positive integer, received ${a.numHeads}`);
    if (!positiveInt(a.keyDim))
      throw new ValueError(`${me}: keyDim must be a positive integer, received ${a.keyDim}`);
    if (a.valueDim !== undefined && a.valueDim !== null && !positiveInt(a.valueDim))
      throw new ValueError(
        `${me}: valueDim must be a positive integer or null, received ${a.valueDim}`,
      );
    const rate = a.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      throw new ValueError(`${me}: dropout must be a number in [0, 1), received ${rate}`);
    this.numHeads = a.numHeads;
    this.keyDim = a.keyDim;
    this.valueDim = a.valueDim ?? a.keyDim;
    this.dropout = rate;
    this.useBias = a.useBias ?? true;
    this.outputDim = parseOutputShape(me, a.outputShape);
    if (a.attentionAxes !== undefined && a.attentionAxes !== null) {
      const ax = Array.isArray(a.attentionAxes) ? a.attentionAxes : [a.attentionAxes];
      // Axis 1 of a rank-3 input is the default; anything else needs higher-rank inputs.
      if (!(ax.length === 1 && (ax[0] === 1 || ax[0] === -2)))
        throw new ValueError(
          `${me}: attentionAxes ${JSON.stringify(a.attentionAxes)} is not supported (only null: attention over axis 1 of [batch, seq, features] inputs)`,
        );
    }
    if (a.slidingWindow !== undefined && a.slidingWindow !== null && !positiveInt(a.slidingWindow))
      throw new ValueError(
        `${me}: slidingWindow must be a positive integer or null, received ${a.slidingWindow}`,
      );
    this.slidingWindow = a.slidingWindow ?? null;
    if (a.useGate)
      throw new ValueError(`${me}: useGate (gated attention) is not supported; use false`);
    for (const k of ['activityRegularizer', 'kernelConstraint', 'biasConstraint'] as const) {
      if (a[k] !== undefined && a[k] !== null)
        throw new ValueError(`${me}: ${k} is not supported; use null`);
    }
    this.kernelInitializer = a.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = a.biasInitializer ?? 'zeros';
    this.kernelRegularizer = reg(a.kernelRegularizer);
    this.biasRegularizer = reg(a.biasRegularizer);
    this.seed = a.seed ?? null;
  }

  override get inputArity(): number | null {
    return null;
  }

  #checkShapes(shapes: readonly ShapeSpec[]): void {
    const me = `MultiHeadAttention '${this.name}'`;
    if (shapes.length < 2 || shapes.length > 3)
      throw new ValueError(
        `${me}: expected inputs [query, value] or [query, value, key], received ${shapes.length} input(s)`,
      );
    const names = ['query', 'value', 'key'];
    shapes.forEach((s, i) => {
      if (s.length !== 3 || s[2] === null)
        throw new ShapeError(
          `${me}: ${names[i]} must be [batch, seq, features] with known features, received ${fmtSpecJson(s)}`,
        );
    });
    const [, v, k = v] = shapes as [ShapeSpec, ShapeSpec, ShapeSpec?];
    if (v[1] !== null && k[1] !== null && v[1] !== k[1])
      throw new ShapeError(
        `${me}: value and key must have the same sequence length, received value ${fmtSpecJson(v)} and key ${fmtSpecJson(k)}`,
      );
  }

  override buildFrom(shapes: readonly ShapeSpec[]): void {
    this.#checkShapes(shapes);
    const [q, v, k = v] = shapes as [ShapeSpec, ShapeSpec, ShapeSpec?];
    const qDim = q[2]!;
    const out = this.outputDim ?? qDim;
    const H = this.numHeads;
    const kernel = { regularizer: this.kernelRegularizer };
    const bias = { regularizer: this.biasRegularizer };
    const proj = (name: string, inDim: number, headDim: number): void => {
      this.#w[`${name}/kernel`] = this.addWeight(
        `${name}/kernel`,
        [inDim, H, headDim],
        this.kernelInitializer,
        kernel,
      );
      if (this.useBias)
        this.#w[`${name}/bias`] = this.addWeight(
          `${name}/bias`,
          [H, headDim],
          this.biasInitializer,
          bias,
        );
    };
    // Keras's creation order: query, key, value, attention_output.
    proj('query', qDim, this.keyDim);
    proj('key', k[2]!, this.keyDim);
    proj('value', v[2]!, this.valueDim);
    this.#w['attention_output/kernel'] = this.addWeight(
      'attention_output/kernel',
      [H, this.valueDim, out],
      this.kernelInitializer,
      kernel,
    );
    if (this.useBias)
      this.#w['attention_output/bias'] = this.addWeight(
        'attention_output/bias',
        [out],
        this.biasInitializer,
        bias,
      );
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    this.#checkShapes([shape]);
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    this.#checkShapes(shapes);
    const q = shapes[0]!;
    return [[q[0] ?? null, q[1] ?? null, this.outputDim ?? q[2]!]];
  }

  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(
      `MultiHeadAttention '${this.name}': expected inputs [query, value] or [query, value, key], received one tensor`,
    );
  }

  /** Projects `[B, L, D]` to `[B, heads, L, headDim]` (EinsumDense `abc,cde->abde`). */
  #project(x: Tensor, name: string, headDim: number): Tensor {
    const [B, L, D] = x.shape as [number, number, number];
    const k = this.#w[`${name}/kernel`]!;
    if (k.shape[0] !== D)
      throw new ShapeError(
        `MultiHeadAttention '${this.name}': ${name} input has ${D} features, the layer was built for ${k.shape[0]}`,
      );
    let y = matMul(reshape(x, [B * L, D]), reshape(k, [D, this.numHeads * headDim]));
    y = reshape(y, [B, L, this.numHeads, headDim]);
    const b = this.#w[`${name}/bias`];
    if (b) y = add(y, b);
    return transpose(y, [0, 2, 1, 3]);
  }

  /** The mask to apply to scores `[B, H, T, S]`, as bool `[B|1, 1, T, S]`, or null. */
  #mask(
    T: number,
    S: number,
    o: MultiHeadAttentionCallOptions,
    inputs: readonly Tensor[],
  ): Tensor | null {
    const me = `MultiHeadAttention '${this.name}'`;
    let m: Tensor | null = null;
    const am = o.attentionMask;
    if (am !== undefined && am !== null) {
      if (!(am instanceof Tensor))
        throw new ValueError(`${me}: attentionMask must be a Tensor, received ${typeof am}`);
      const s = am.shape;
      const fits =
        s.length >= 2 &&
        s.length <= 3 &&
        (s[s.length - 1] === S || s[s.length - 1] === 1) &&
        (s[s.length - 2] === T || s[s.length - 2] === 1);
      if (!fits)
        throw new ShapeError(
          `${me}: attentionMask must be [batch, ${T}, ${S}] (or broadcastable to it), received [${s.join(',')}]`,
        );
      // Keras casts the mask to bool (every nonzero value attends).
      const b = am.dtype === 'bool' ? am : notEqual(am, 0);
      m = s.length === 3 ? reshape(b, [s[0]!, 1, s[1]!, s[2]!]) : b;
    }
    const band = (keep: (t: number, j: number) => boolean): Tensor => {
      const v = new Uint8Array(T * S);
      for (let t = 0; t < T; t++) for (let j = 0; j < S; j++) v[t * S + j] = keep(t, j) ? 1 : 0;
      return tensor(v, [T, S], 'bool');
    };
    const and = (x: Tensor): void => {
      m = m === null ? x : logicalAnd(m, x);
    };
    // The inputs' own masks (Keras 3's automatic mask): a query mask [B, T] keeps its rows,
    // value and key masks [B, S] their columns; the key's only when it is not the value.
    const given = o.mask;
    const masks: readonly (Tensor | null)[] = Array.isArray(given) ? given : [given ?? null];
    const asBool = (x: Tensor): Tensor => (x.dtype === 'bool' ? x : notEqual(x, 0));
    const [qm, vm, km] = masks;
    const B = inputs[0]!.shape[0]!;
    if (qm) and(reshape(asBool(qm), [B, 1, T, 1]));
    if (vm) and(reshape(asBool(vm), [B, 1, 1, S]));
    if (km && inputs.length === 3 && inputs[2] !== inputs[1])
      and(reshape(asBool(km), [B, 1, 1, S]));
    if (o.useCausalMask) and(band((t, j) => t >= j));
    const w = this.slidingWindow;
    if (w !== null) and(band((t, j) => Math.abs(t - j) < w));
    return m;
  }

  /** Keras 3: supports masking; the output carries the query's mask. */
  override get supportsMasking(): boolean {
    return true;
  }
  override computeMask(
    _inputs: readonly Tensor[],
    masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    return [masks[0] ?? null, null];
  }

  override invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    this.#checkShapes(inputs.map((t) => t.shape));
    const o = opts as MultiHeadAttentionCallOptions;
    const [query, value, key = value] = inputs as [Tensor, Tensor, Tensor?];
    const [B, T] = query.shape as [number, number];
    const S = value.shape[1]!;
    const q = mul(this.#project(query, 'query', this.keyDim), 1 / Math.sqrt(this.keyDim));
    const k = this.#project(key, 'key', this.keyDim);
    const v = this.#project(value, 'value', this.valueDim);
    let scores = matMul(q, k, false, true); // [B, H, T, S]
    const mask = this.#mask(T, S, o, inputs);
    if (mask) scores = where(mask, scores, MASKED);
    let probs = softmax(scores, -1);
    // Keras 3 zeroes masked probabilities only on its Softmax-layer path (dropout, or scores
    // asked); its fused path leaves a query row with nothing to attend to a uniform average.
    if (mask && (this.dropout > 0 || o.returnAttentionScores)) probs = where(mask, probs, 0);
    let dropped = probs;
    if (o.training && this.dropout > 0) {
      const n = probs.size;
      const scale = 1 / (1 - this.dropout);
      const draw = (): Float32Array => {
        const rng = (this.#rng ??= this.seed === null ? rngFor() : new Random(this.seed));
        const keep = new Float32Array(n);
        for (let i = 0; i < n; i++) keep[i] = rng.next() >= this.dropout ? scale : 0;
        return keep;
      };
      dropped = mul(probs, hostRandom('attentionDropout', draw, [...probs.shape], 'float32'));
    }
    const ctx = transpose(matMul(dropped, v), [0, 2, 1, 3]); // [B, T, H, V]
    const HV = this.numHeads * this.valueDim;
    const ok = this.#w['attention_output/kernel']!;
    const outDim = ok.shape[2]!;
    let y = matMul(reshape(ctx, [B * T, HV]), reshape(ok, [HV, outDim]));
    const ob = this.#w['attention_output/bias'];
    if (ob) y = add(y, ob);
    y = reshape(y, [B, T, outDim]);
    return o.returnAttentionScores ? [y, probs] : [y];
  }

  /**
   * `apply([query, value, key?], options)`. Call options (masks, scores) apply to concrete
   * tensors; on symbolic tensors (the Functional API) only `[query, value, key?]` is taken.
   */
  override apply(inputs: Tensor, opts?: MultiHeadAttentionCallOptions): Tensor;
  override apply(inputs: SymbolicTensor, opts?: MultiHeadAttentionCallOptions): SymbolicTensor;
  override apply(
    inputs: readonly Tensor[],
    opts?: MultiHeadAttentionCallOptions,
  ): Tensor | Tensor[];
  override apply(
    inputs: readonly SymbolicTensor[],
    opts?: MultiHeadAttentionCallOptions,
  ): SymbolicTensor | SymbolicTensor[];
  override apply(
    inputs: Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    opts: MultiHeadAttentionCallOptions = {},
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const symbolic = list.some((x) => !(x instanceof Tensor));
    if (
      symbolic &&
      (opts.attentionMask != null || opts.useCausalMask || opts.returnAttentionScores)
    ) {
      throw new ValueError(
        `MultiHeadAttention '${this.name}': attentionMask, useCausalMask and returnAttentionScores apply to concrete tensors; a Functional model's node does not record call options yet`,
      );
    }
    return super.apply(inputs as readonly Tensor[], opts);
  }

  /**
   * Where Keras 3 keeps each weight (in `weights` order) inside the layer's group of
   * `model.weights.h5`: its EinsumDense sublayers' `vars`, e.g. `query_dense/vars/0`.
   */
  get kerasWeightPaths(): string[] {
    const n = this.useBias ? 2 : 1;
    return ['query_dense', 'key_dense', 'value_dense', 'output_dense'].flatMap((d) =>
      Array.from({ length: n }, (_, i) => `${d}/vars/${i}`),
    );
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      useGate: false,
      outputShape: this.outputDim === null ? null : [this.outputDim],
      attentionAxes: null,
      slidingWindow: this.slidingWindow,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: null,
      kernelConstraint: null,
      biasConstraint: null,
      seed: this.seed,
    };
  }
}

function parseOutputShape(
  me: string,
  s: number | readonly number[] | null | undefined,
): number | null {
  if (s === undefined || s === null) return null;
  const list = typeof s === 'number' ? [s] : Array.isArray(s) ? s : null;
  if (!list || list.length !== 1 || !positiveInt(list[0]))
    throw new ValueError(
      `${me}: outputShape must be a positive integer (or a one-element list), received ${JSON.stringify(s)}`,
    );
  return list[0];
}
