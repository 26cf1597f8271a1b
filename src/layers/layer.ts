/**
 * The Layer base class (Keras life cycle): the constructor validates and stores config,
 * `build(inputShape)` creates weights on first use, `call` computes, `computeOutputShape`
 * infers shapes for the Functional API, `getConfig` serializes.
 *
 * `apply` takes concrete tensors (runs now) or symbolic tensors (records a graph node).
 * Single-input layers implement `call(x)`; layers with several inputs or outputs
 * override `invoke` and `computeOutputShapes`.
 */
import { classNameOf } from '../serialization/class-names.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { type DType, isDType } from '../tensor/dtype.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { clone, div, variable } from '../ops/index.js';
import { type InitializerIdentifier, get as getInitializer } from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import { fmtSpecJson, Node, type ShapeSpec, SymbolicTensor } from './symbolic.js';
import { classNameToSnakeCase } from '../serialization/keys.js';
import { uniqueLayerName } from './naming.js';
import { sizeOf } from '../tensor/shape.js';
import { checkNewWeight, recordNewWeight } from './weight-budget.js';

/**
 * Options of `layer.apply(x, opts)` and `model.predict`-time calls: training mode and masks.
 */
export interface CallOptions {
  /** Training mode: dropout drops, batch normalization uses batch statistics. Default false. */
  training?: boolean;
  /**
   * The inputs' masks (Keras `mask`): `[batch, time]` bool (or 0/1) tensors marking the time
   * steps to use, one per input (a list for several inputs; null: no mask). Default: the
   * masks the inputs carry from the layer that made them (an `embedding` with `maskZero`,
   * `masking`), as Keras's `_keras_mask`.
   */
  mask?: Tensor | null | readonly (Tensor | null)[];
}

/**
 * Masks attached to tensors (Keras's `_keras_mask`), set when a layer that makes or passes
 * masks is applied to concrete tensors. Weak: a mask lives as long as its tensor is
 * referenced and not disposed (a mask disposed by `tidy` while its tensor is kept reads as
 * none).
 */
const ATTACHED_MASKS = new WeakMap<Tensor, Tensor>();

/**
 * The mask a tensor carries (see `CallOptions.mask`), or null.
 * @example
 * const emb = nn.layers.embedding({ inputDim: 10, outputDim: 2, maskZero: true });
 * const y = emb.apply(nn.tensor([[3, 0]], undefined, 'int32'));
 * nn.layers.getMask(y); // bool [[true, false]]
 */
export function getMask(t: Tensor): Tensor | null {
  const m = ATTACHED_MASKS.get(t);
  return m && !m.isDisposed ? m : null;
}

/** @internal Attaches `mask` to `t` (null removes it). */
export function setMask(t: Tensor, mask: Tensor | null): void {
  if (mask) ATTACHED_MASKS.set(t, mask);
  else ATTACHED_MASKS.delete(t);
}

/** The call options without a mask (what a model passes to its inner layers). */
export function withoutMask(opts: CallOptions): CallOptions {
  if (!('mask' in opts)) return opts;
  const { mask: _mask, ...rest } = opts;
  return rest;
}

/** Config shared by every layer. */
export interface LayerArgs {
  /** Unique name; default the snake_case class name with a counter (`dense_1`). */
  name?: string;
  /** Whether the layer's weights are updated by training. Default true. */
  trainable?: boolean;
  /** Input shape without the batch dimension; lets a first Sequential layer build at once. */
  inputShape?: readonly (number | null)[];
  /** Input shape with the batch dimension (null: unknown size). */
  batchInputShape?: readonly (number | null)[];
  /** Batch size to pair with `inputShape`. */
  batchSize?: number;
  /** Shorthand for `inputShape: [inputDim]`. */
  inputDim?: number;
  /** Default 'float32'. */
  dtype?: DType;
}

/** A JSON-compatible layer config (Keras `get_config`, camelCase keys). */
export type ConfigValue =
  string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };
/**
 * A layer's `getConfig()`: JSON-ready values keyed by camelCase option names.
 */
export type LayerConfig = { [key: string]: ConfigValue };

interface WeightEntry {
  readonly variable: Variable;
  /** Trainable by its own nature (moving statistics are not). */
  readonly trainable: boolean;
  readonly regularizer: Regularizer | null;
}

export interface AddWeightOptions {
  trainable?: boolean;
  regularizer?: Regularizer | null;
  dtype?: DType;
}

/**
 * The base class of every layer (and of models): weights, `build(inputShape)` on first use,
 * `call(x)`, `apply(x, {training})` on tensors or symbolic tensors, `getWeights()`,
 * `setWeights()`, `countParams()`, `getConfig()`. Subclass it for a custom layer: create
 * weights in `build` with `addWeight` and compute in `call`.
 *
 * @example
 * class Scale extends nn.Layer {
 *   readonly className = 'Scale';
 *   w!: nn.Variable;
 *   override build(): void {
 *     this.w = this.addWeight('w', [1], 'ones');
 *   }
 *   call(x: nn.Tensor): nn.Tensor {
 *     return x.mul(this.w);
 *   }
 * }
 * new Scale().apply(nn.tensor([1, 2])); // [1, 2]
 */
export abstract class Layer {
  /** The Keras class name (`Dense`), used by summary() and saving. */
  abstract readonly className: string;
  readonly name: string;
  readonly dtype: DType;
  /** Input shape with batch dimension, if given in the config. */
  readonly batchInputShape: ShapeSpec | null;
  built = false;
  /** @internal Nodes where this layer was applied to symbolic tensors. */
  readonly inboundNodes: Node[] = [];
  /** Activity-regularization losses of the most recent call. */
  activityLosses: Tensor[] = [];
  /** @internal output shape(s) seen last, batch set to null. */
  protected lastOutputShapes: ShapeSpec[] | null = null;
  #trainable: boolean;
  readonly #weights: WeightEntry[] = [];

  constructor(args: LayerArgs = {}) {
    const cls = classNameOf(new.target);
    const snake = classNameToSnakeCase(cls || 'layer');
    this.name = args.name ?? uniqueLayerName(snake);
    if (typeof this.name !== 'string' || this.name.length === 0) {
      throw new ValueError(`${cls}: name must be a non-empty string`);
    }
    this.#trainable = args.trainable ?? true;
    if (args.dtype !== undefined && !isDType(args.dtype)) {
      throw new DTypeError(
        `${cls}: dtype must be 'float32', 'int32' or 'bool', received ${JSON.stringify(args.dtype)}`,
      );
    }
    this.dtype = args.dtype ?? 'float32';
    this.batchInputShape = resolveBatchInputShape(cls, args);
  }

  // ---- weights -----------------------------------------------------------------------

  get trainable(): boolean {
    return this.#trainable;
  }
  set trainable(value: boolean) {
    this.#trainable = value;
    for (const w of this.#weights) w.variable.trainable = value && w.trainable;
  }

  /** Creates a weight variable named `<layer>/<name>`. Call from `build`. */
  protected addWeight(
    name: string,
    shape: readonly number[],
    initializer: InitializerIdentifier,
    opts: AddWeightOptions = {},
  ): Variable {
    const init = getInitializer(initializer);
    checkNewWeight(this.name, name, shape);
    const value = init.call(shape, opts.dtype ?? this.dtype);
    const trainable = opts.trainable ?? true;
    const v = variable(value, trainable && this.#trainable, `${this.name}/${name}`);
    value.dispose();
    recordNewWeight(v);
    this.#weights.push({ variable: v, trainable, regularizer: opts.regularizer ?? null });
    return v;
  }

  /** Trainable weights, in creation order (empty when the layer is frozen). */
  get trainableWeights(): Variable[] {
    return this.#trainable ? this.#weights.filter((w) => w.trainable).map((w) => w.variable) : [];
  }
  /** Weights training does not update (moving statistics, frozen weights). */
  get nonTrainableWeights(): Variable[] {
    return this.#trainable
      ? this.#weights.filter((w) => !w.trainable).map((w) => w.variable)
      : this.#weights.map((w) => w.variable);
  }
  /** @internal The variables this layer created itself (not its sublayers'). */
  protected get ownWeights(): Variable[] {
    return this.#weights.map((w) => w.variable);
  }

  /** Trainable then non-trainable weights (the order of getWeights/setWeights). */
  get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  /** Snapshots of the weights' current values (trainable first). */
  getWeights(): Tensor[] {
    return this.weights.map((v) => clone(v));
  }

  /** Sets every weight, in `getWeights()` order; counts and shapes must match. */
  setWeights(weights: readonly Tensor[]): void {
    const vars = this.weights;
    if (weights.length !== vars.length) {
      throw new ValueError(
        `${this.className} '${this.name}': setWeights expected ${vars.length} weights (${vars.map((v) => `${v.name} [${v.shape.join(',')}]`).join(', ')}), received ${weights.length}`,
      );
    }
    vars.forEach((v, i) => {
      const w = weights[i]!;
      if (w.shape.join() !== v.shape.join()) {
        throw new ShapeError(
          `${this.className} '${this.name}': weight ${i} ('${v.name}') has shape [${v.shape.join(',')}], received [${w.shape.join(',')}]`,
        );
      }
    });
    vars.forEach((v, i) => v.assign(weights[i]!));
  }

  /** Number of scalars in the weights. */
  countParams(): number {
    return this.weights.reduce((s, v) => s + v.size, 0);
  }

  /** Regularization penalties (weights and last activity), to add to the loss. */
  get losses(): Tensor[] {
    const out: Tensor[] = [];
    for (const w of this.#weights) if (w.regularizer) out.push(w.regularizer.call(w.variable));
    for (const t of this.activityLosses) if (!t.isDisposed) out.push(t);
    return out;
  }

  // ---- life cycle ----------------------------------------------------------------------

  /** Creates weights for inputs of `inputShape` (batch dim may be null). */
  build(_inputShape: ShapeSpec): void {
    this.built = true;
  }

  /** The computation of a single-input layer. */
  abstract call(x: Tensor, opts: CallOptions): Tensor;

  /**
   * Whether the layer passes its input's mask on unchanged (Keras `supports_masking`).
   * Default false: the mask stops here, as in Keras for layers that do not support masking.
   */
  get supportsMasking(): boolean {
    return false;
  }

  /**
   * The masks of the outputs (Keras `compute_mask`), one per output (missing: none), from
   * the inputs and their masks. Default: the first input's mask when `supportsMasking`,
   * else none. Layers that make masks (`embedding`, `masking`) or change them override it.
   */
  computeMask(_inputs: readonly Tensor[], masks: readonly (Tensor | null)[]): (Tensor | null)[] {
    return this.supportsMasking ? [masks[0] ?? null] : [];
  }

  /** @internal Whether the outputs' masks are set by inner layers (models), not computeMask. */
  protected get masksFromInnerLayers(): boolean {
    return false;
  }

  /** Output shape for an input shape (null dims unknown). Default: unchanged. */
  computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }

  /** Throws if inputs of `shape` do not fit the built layer (named, with both shapes). */
  protected checkInputShape(_shape: ShapeSpec): void {
    // Layers with input requirements override this.
  }

  /** The layer's config (Keras `get_config`, camelCase). */
  getConfig(): LayerConfig {
    const c: LayerConfig = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) c.batchInputShape = [...this.batchInputShape];
    return c;
  }

  // ---- multi-input plumbing (overridden by merge layers and models) ---------------------

  /** @internal Number of inputs the layer takes, or null for a list of any length. */
  get inputArity(): number | null {
    return 1;
  }
  /** @internal Builds from one shape per input. */
  buildFrom(shapes: readonly ShapeSpec[]): void {
    this.build(shapes[0]!);
    this.built = true;
  }
  /** @internal Output shapes from input shapes. */
  computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    return [this.computeOutputShape(shapes[0]!)];
  }
  /** @internal Runs on concrete inputs, returning every output. */
  invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    return [this.call(inputs[0]!, opts)];
  }

  // ---- apply ---------------------------------------------------------------------------

  /**
   * Calls the layer. On tensors it computes now (building weights on first use); on
   * symbolic tensors (from `nn.input`) it records a node of the Functional graph.
   */
  apply(inputs: Tensor, opts?: CallOptions): Tensor;
  apply(inputs: SymbolicTensor, opts?: CallOptions): SymbolicTensor;
  apply(inputs: readonly Tensor[], opts?: CallOptions): Tensor | Tensor[];
  apply(inputs: readonly SymbolicTensor[], opts?: CallOptions): SymbolicTensor | SymbolicTensor[];
  apply(
    inputs: Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    opts: CallOptions = {},
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    const list: readonly (Tensor | SymbolicTensor)[] = Array.isArray(inputs)
      ? inputs
      : [inputs as Tensor | SymbolicTensor];
    const arity = this.inputArity;
    if (list.length === 0 || (arity !== null && list.length !== arity)) {
      throw new ValueError(
        `${this.className} '${this.name}': expected ${arity === null ? 'a list of inputs' : arity === 1 ? 'one input' : `${arity} inputs`}, received ${list.length}`,
      );
    }
    const symbolic = list.filter((x) => x instanceof SymbolicTensor).length;
    if (symbolic > 0 && symbolic < list.length) {
      throw new ValueError(
        `${this.className} '${this.name}': cannot mix symbolic tensors (nn.input) and concrete tensors in one call`,
      );
    }
    if (symbolic > 0) {
      const syms = list as readonly SymbolicTensor[];
      const shapes = syms.map((s) => s.shape);
      this.ensureBuilt(shapes);
      const outShapes = this.computeOutputShapes(shapes);
      this.lastOutputShapes = outShapes;
      const node = new Node(this, syms, outShapes, syms[0]!.dtype);
      return node.outputs.length === 1 ? node.outputs[0]! : [...node.outputs];
    }
    const outs = this.applyEager(list as readonly Tensor[], opts);
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** @internal `apply` on concrete tensors, always returning the list of outputs. */
  applyEager(ts: readonly Tensor[], opts: CallOptions): Tensor[] {
    for (const t of ts) {
      if (!(t instanceof Tensor)) {
        throw new ValueError(
          `${this.className} '${this.name}': inputs must be Tensors or symbolic tensors from nn.input()`,
        );
      }
      t.assertAlive(`${this.className} '${this.name}'`);
    }
    this.ensureBuilt(ts.map((t) => t.shape));
    const masks = this.#inputMasks(ts, opts.mask);
    const callOpts: CallOptions = { ...withoutMask(opts) };
    if (masks.some((m) => m !== null)) callOpts.mask = ts.length === 1 ? masks[0]! : masks;
    const outs = this.invoke(ts, callOpts);
    this.lastOutputShapes = outs.map((o) => withNullBatch(o.shape));
    if (!this.masksFromInnerLayers) {
      const outMasks = this.computeMask(ts, masks);
      outs.forEach((o, i) => {
        if (!ts.includes(o)) setMask(o, outMasks[i] ?? null);
      });
    }
    return outs;
  }

  /** One mask (or null) per input: the explicit `mask` option, else the attached ones. */
  #inputMasks(
    ts: readonly Tensor[],
    mask: Tensor | null | readonly (Tensor | null)[] | undefined,
  ): (Tensor | null)[] {
    if (mask === undefined) return ts.map(getMask);
    const list: readonly (Tensor | null)[] = Array.isArray(mask) ? mask : [mask as Tensor | null];
    if (list.length !== ts.length) {
      throw new ValueError(
        `${this.className} '${this.name}': mask must give one entry per input (${ts.length}), received ${list.length}`,
      );
    }
    list.forEach((m, i) => {
      if (m !== null && !(m instanceof Tensor)) {
        throw new ValueError(
          `${this.className} '${this.name}': mask ${i} must be a Tensor or null, received ${typeof m}`,
        );
      }
    });
    return [...list];
  }

  /** @internal Builds on first use and checks input shapes against the built layer. */
  ensureBuilt(shapes: readonly ShapeSpec[]): void {
    if (this.batchInputShape && shapes.length === 1)
      checkAgainstSpec(this, this.batchInputShape, shapes[0]!);
    if (!this.built) {
      this.buildFrom(shapes);
      this.built = true;
    }
    if (shapes.length === 1) this.checkInputShape(shapes[0]!);
  }

  /** Output shape(s) with a null batch, once known (after a call or a symbolic apply). */
  get outputShape(): ShapeSpec | ShapeSpec[] {
    const s = this.lastOutputShapes;
    if (!s) {
      throw new ValueError(
        `${this.className} '${this.name}': the output shape is unknown until the layer is called (or its model built)`,
      );
    }
    return s.length === 1 ? s[0]! : s;
  }

  /** Adds the activity-regularization loss of an output (Keras divides by batch size). */
  protected recordActivityLoss(reg: Regularizer | null, y: Tensor): void {
    if (!reg) return;
    const batch = y.shape[0] ?? 1;
    this.activityLosses = [div(reg.call(y), batch)];
  }
}

function resolveBatchInputShape(cls: string, args: LayerArgs): ShapeSpec | null {
  const check = (shape: readonly (number | null)[], key: string): void => {
    if (!Array.isArray(shape) || shape.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new ValueError(
        `${cls}: ${key} must be an array of non-negative integers (or null), received ${JSON.stringify(shape)}`,
      );
    }
  };
  if (args.batchInputShape) {
    check(args.batchInputShape, 'batchInputShape');
    return [...args.batchInputShape];
  }
  if (args.inputShape) {
    check(args.inputShape, 'inputShape');
    return [args.batchSize ?? null, ...args.inputShape];
  }
  if (args.inputDim !== undefined) {
    if (!Number.isInteger(args.inputDim) || args.inputDim <= 0) {
      throw new ValueError(
        `${cls}: inputDim must be a positive integer, received ${args.inputDim}`,
      );
    }
    return [args.batchSize ?? null, args.inputDim];
  }
  return null;
}

/** The shape with its first (batch) dimension unknown. */
export function withNullBatch(shape: readonly number[]): ShapeSpec {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

function checkAgainstSpec(layer: Layer, spec: ShapeSpec, shape: ShapeSpec): void {
  const ok =
    spec.length === shape.length &&
    spec.every((d, i) => d === null || shape[i] === null || d === shape[i]);
  if (!ok) {
    throw new ShapeError(
      `${layer.className} '${layer.name}': expected input shape ${fmtSpecJson(spec)}, received ${fmtSpecJson(shape)}`,
    );
  }
}

/** Product of known dims, or null if any is unknown. */
export function knownSize(shape: ShapeSpec): number | null {
  if (shape.some((d) => d === null)) return null;
  return sizeOf(shape as number[]);
}
